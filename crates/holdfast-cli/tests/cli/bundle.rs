//! `export` and `verify`, checked with the standard tools an officer would use: `unzip -t`,
//! `sha256sum -c`, `minisign -V` and `7z t`. `scripts/setup --test` installs them; a missing
//! tool fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{stderr, stdout};

const PASS: &str = "a long enough passphrase";
/// The bundle password in `BUNDLE_PASSWORD`: strong enough for the meter.
const BUNDLE_PASSWORD: &str = "quiet orbit lantern meadow thistle";

fn holdfast(args: &[&str]) -> Output {
    holdfast_with(args, &[])
}

/// Runs `holdfast` with further environment variables.
fn holdfast_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_holdfast"))
        .args(args)
        .env("HOLDFAST_PASSPHRASE", PASS)
        .env("BUNDLE_PASSWORD", BUNDLE_PASSWORD)
        .env_remove("HOLDFAST_RECOVERY_KEY")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run holdfast")
}

/// Runs a standard tool; a missing tool is a failure that says how to install it. Standard
/// input is empty, so a tool that asks for a password gets none.
fn tool(name: &str, args: &[&str], dir: &Path) -> Output {
    let package = if name == "7z" { " (Debian package p7zip-full)" } else { "" };
    Command::new(name)
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{name} could not run ({e}); scripts/setup --test installs it{package}"))
}

/// `case_validate` from `HOLDFAST_CASE_VALIDATE`, or the copy `scripts/setup --test` installs.
fn case_validate() -> String {
    std::env::var("HOLDFAST_CASE_VALIDATE").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/case/bin/case_validate").display().to_string()
    })
}

fn ok(out: &Output, what: &str) -> String {
    assert!(out.status.success(), "{what} failed ({:?}):\n{}\n{}", out.status.code(), stdout(out), stderr(out));
    stdout(out)
}

fn vault_with_evidence(root: &Path) -> String {
    let v = root.join("vault").display().to_string();
    ok(&holdfast(&["init", "--vault", &v]), "init");
    let shot = root.join("chat.png");
    std::fs::write(&shot, b"\x89PNG\r\n\x1a\nthe chat").expect("write");
    ok(&holdfast(&["add", "file", "--vault", &v, &shot.display().to_string(), "--note", "the chat"]), "add file");
    ok(
        &holdfast(&[
            "add",
            "account",
            "--vault",
            &v,
            "--platform",
            "Snapchat",
            "--handle",
            "@xx_threat",
            "--user-id",
            "u-42",
        ]),
        "account",
    );
    ok(
        &holdfast(&[
            "add",
            "payment",
            "--vault",
            &v,
            "--amount",
            "250",
            "--currency",
            "USD",
            "--method",
            "gift-card",
            "--to",
            "CARD-CODE-1",
        ]),
        "payment",
    );
    v
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs Linux's unzip, sha256sum, minisign, pdftotext and zip, which a Windows program under Wine cannot start"
)]
fn an_exported_bundle_passes_the_standard_tools_and_holdfast_verify() {
    let root = tempfile::tempdir().expect("temp");
    let v = vault_with_evidence(root.path());
    let bundle = root.path().join("bundle.zip");
    let b = bundle.display().to_string();
    // With its own empty temporary folder, to see that the export leaves nothing there.
    let temp = root.path().join("tmp");
    std::fs::create_dir(&temp).expect("temp folder");
    let export = Command::new(env!("CARGO_BIN_EXE_holdfast"))
        .args(["export", "--vault", &v, "--out", &b, "--initials", "js"])
        .env("HOLDFAST_PASSPHRASE", PASS)
        .env("TMPDIR", &temp)
        .output()
        .expect("run holdfast export");
    let said = ok(&export, "export");
    assert_eq!(std::fs::read_dir(&temp).expect("temp").count(), 0, "the export wrote nothing to the temporary folder");
    assert!(said.contains("(1 exhibit,"), "export says what it wrote: {said}");

    ok(&tool("unzip", &["-tq", &b], root.path()), "unzip -t");
    let unpacked = root.path().join("unpacked");
    ok(&tool("unzip", &["-q", &b, "-d", &unpacked.display().to_string()], root.path()), "unzip");
    let sums = ok(&tool("sha256sum", &["-c", "SHA256SUMS"], &unpacked), "sha256sum -c");
    assert!(sums.lines().all(|l| l.ends_with(": OK")) && sums.lines().count() > 8, "every file checks: {sums}");
    let signed = ok(&tool("minisign", &["-Vm", "SHA256SUMS", "-p", "holdfast.pub"], &unpacked), "minisign -V");
    assert!(signed.contains("Signature and comment signature verified"), "{signed}");
    let exhibit: Vec<PathBuf> =
        std::fs::read_dir(unpacked.join("exhibits")).expect("exhibits").map(|e| e.expect("e").path()).collect();
    assert!(
        exhibit
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("JS-1_screenshot_")
                || n.to_string_lossy().starts_with("JS-1_file_"))),
        "{exhibit:?}"
    );

    let case = std::fs::read_to_string(unpacked.join("case.jsonld")).expect("case.jsonld");
    for fact in ["@xx_threat", "u-42", "\"SHA256\"", "JS/1", "CARD-CODE-1", "250"] {
        assert!(case.contains(fact), "the CASE graph holds {fact}");
    }
    let validated = ok(&tool(&case_validate(), &["case.jsonld"], &unpacked), "case_validate");
    assert!(!validated.contains("Violation") && !validated.contains("Warning"), "{validated}");

    let text = ok(&tool("pdftotext", &["-layout", "report.pdf", "-"], &unpacked), "pdftotext");
    for fact in ["@xx_threat", "u-42", "250 USD", "CARD-CODE-1", "JS/1", "Snapchat"] {
        assert!(text.contains(fact), "the PDF report shows {fact}:\n{text}");
    }

    let verified = ok(&holdfast(&["verify", &b]), "verify");
    assert!(verified.starts_with("VERIFIED"), "{verified}");
    let json = ok(&holdfast(&["verify", &b, "--json"]), "verify --json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON verdict");
    assert_eq!(v["verified"], true);
    assert!(verified.contains(v["fingerprint"].as_str().expect("fingerprint")), "the fingerprint is printed");

    // One changed byte: exit code 4 and the file named.
    let sums_path = unpacked.join("SHA256SUMS");
    let mut text = std::fs::read_to_string(&sums_path).expect("sums");
    text = text.replacen('0', "1", 1);
    std::fs::write(&sums_path, text).expect("write");
    let tampered = root.path().join("tampered.zip");
    ok(&tool("zip", &["-qr", &tampered.display().to_string(), "."], &unpacked), "zip");
    let out = holdfast(&["verify", &tampered.display().to_string()]);
    assert_eq!(out.status.code(), Some(4), "a tampered bundle exits 4: {}", stdout(&out));
    assert!(stdout(&out).contains("SHA256SUMS"), "and names the file: {}", stdout(&out));
    let usage = holdfast(&["verify"]);
    assert_eq!(usage.status.code(), Some(2), "no file is a usage error");
    let missing = holdfast(&["verify", &root.path().join("nope.zip").display().to_string()]);
    assert_eq!(missing.status.code(), Some(1), "a file that is not there is another error");
}

#[test]
#[cfg_attr(windows, ignore = "needs Linux's 7-Zip (p7zip-full), which a Windows program under Wine cannot start")]
fn a_password_bundle_is_a_7z_with_hidden_names_that_7zip_and_holdfast_open() {
    let root = tempfile::tempdir().expect("temp");
    let v = vault_with_evidence(root.path());
    let b = root.path().join("locked.7z").display().to_string();
    let said = ok(
        &holdfast(&["export", "--vault", &v, "--out", &b, "--password-env", "BUNDLE_PASSWORD"]),
        "export with a password",
    );
    assert!(said.contains("7-Zip") && said.contains("separately"), "export says how the officer opens it: {said}");
    let password = format!("-p{BUNDLE_PASSWORD}");
    ok(&tool("7z", &["t", &password, &b], root.path()), "7z t with the password");
    let wrong = tool("7z", &["t", "-pquiet orbit lantern meadow thistles", &b], root.path());
    assert!(!wrong.status.success(), "7z refuses the wrong password");
    // Without the password 7z cannot even list it: the names are encrypted too.
    let listed = tool("7z", &["l", &b], root.path());
    assert!(!listed.status.success(), "7z l without the password fails: {}", stdout(&listed));
    assert!(!stdout(&listed).contains("locked.zip"), "and shows no entry name: {}", stdout(&listed));

    let verified = ok(&holdfast(&["verify", &b, "--password-env", "BUNDLE_PASSWORD"]), "verify with the password");
    assert!(verified.starts_with("VERIFIED"), "Holdfast checks the sealed bundle in place: {verified}");
    let without = holdfast(&["verify", &b]);
    assert_eq!(without.status.code(), Some(4), "without the password it cannot be checked: {}", stdout(&without));
    assert!(stdout(&without).contains("locked with a password"), "and says why: {}", stdout(&without));
    let wrong = holdfast_with(&["verify", &b, "--password-env", "WRONG"], &[("WRONG", "quiet orbit lantern")]);
    assert_eq!(wrong.status.code(), Some(4), "a wrong password fails verification: {}", stdout(&wrong));
    assert!(stdout(&wrong).contains("password does not open"), "and says so: {}", stdout(&wrong));

    // What the officer does: extract with 7-Zip, then check the ZIP inside with the usual tools.
    let opened = root.path().join("opened");
    ok(&tool("7z", &["x", &password, &format!("-o{}", opened.display()), &b], root.path()), "7z x");
    let inner = opened.join("locked.zip");
    let unpacked = root.path().join("unpacked");
    ok(
        &tool("unzip", &["-q", &inner.display().to_string(), "-d", &unpacked.display().to_string()], root.path()),
        "unzip",
    );
    let sums = ok(&tool("sha256sum", &["-c", "SHA256SUMS"], &unpacked), "sha256sum -c");
    assert!(sums.lines().all(|l| l.ends_with(": OK")) && sums.lines().count() > 8, "every file checks: {sums}");
    let signed = ok(&tool("minisign", &["-Vm", "SHA256SUMS", "-p", "holdfast.pub"], &unpacked), "minisign -V");
    assert!(signed.contains("Signature and comment signature verified"), "{signed}");
    let inner_verified = ok(&holdfast(&["verify", &inner.display().to_string()]), "verify the inner ZIP");
    assert!(inner_verified.starts_with("VERIFIED"), "the ZIP inside verifies without a password: {inner_verified}");
}

#[test]
fn weak_bundle_passwords_are_refused_with_a_plain_message() {
    let root = tempfile::tempdir().expect("temp");
    let v = vault_with_evidence(root.path());
    let out = root.path().join("weak.7z");
    let b = out.display().to_string();
    for weak in ["x", "password"] {
        let refused =
            holdfast_with(&["export", "--vault", &v, "--out", &b, "--password-env", "WEAK"], &[("WEAK", weak)]);
        assert_eq!(refused.status.code(), Some(2), "{weak:?} is refused as a usage error: {}", stderr(&refused));
        assert!(stderr(&refused).contains("too easy to guess"), "{weak:?}: the message says why: {}", stderr(&refused));
        assert!(!out.exists(), "{weak:?}: no bundle is written");
    }
}

#[test]
fn a_password_bundle_must_be_named_7z() {
    let root = tempfile::tempdir().expect("temp");
    let v = vault_with_evidence(root.path());
    let out = root.path().join("locked.zip");
    let b = out.display().to_string();
    let refused = holdfast(&["export", "--vault", &v, "--out", &b, "--password-env", "BUNDLE_PASSWORD"]);
    assert_eq!(refused.status.code(), Some(2), "a .zip name for a 7z archive is refused: {}", stderr(&refused));
    assert!(stderr(&refused).contains(".7z"), "and the message names the ending to use: {}", stderr(&refused));
    assert!(!out.exists(), "no bundle is written");
}

#[test]
#[cfg_attr(windows, ignore = "needs Linux's unzip and pdftotext, which a Windows program under Wine cannot start")]
fn handles_in_any_script_reach_the_pdf_or_show_visibly() {
    let root = tempfile::tempdir().expect("temp");
    let v = root.path().join("vault").display().to_string();
    ok(&holdfast(&["init", "--vault", &v]), "init");
    let handles =
        ["Аноним_1984", "مجهول_٢٠٢٤", "अज्ञात_सात", "匿名用户", "🔥anon🔥", "e\u{301}lodie", "\u{202e}txt.exe"];
    for handle in handles {
        ok(&holdfast(&["add", "account", "--vault", &v, "--platform", "Telegram", "--handle", handle]), "account");
    }
    let b = root.path().join("b.zip").display().to_string();
    ok(&holdfast(&["export", "--vault", &v, "--out", &b]), "export");
    let unpacked = root.path().join("u");
    ok(&tool("unzip", &["-q", &b, "-d", &unpacked.display().to_string()], root.path()), "unzip");
    let text = ok(&tool("pdftotext", &["report.pdf", "-"], &unpacked), "pdftotext");
    let html = std::fs::read_to_string(unpacked.join("report.html")).expect("report.html");
    let extracted: Vec<char> = text.chars().collect();
    for handle in &handles[..5] {
        assert!(html.contains(handle), "report.html shows {handle}");
        // The PDF draws each character the font has, and writes the others as [U+XXXX]. Right-to-left
        // text comes out of pdftotext in visual order, so count characters rather than match a run.
        for c in handle.chars().filter(|c| c.is_alphanumeric()) {
            let code = format!("[U+{:04X}]", c as u32);
            assert!(
                extracted.contains(&c) || text.contains(&code),
                "report.pdf shows {c:?} of {handle} or its code:\n{text}"
            );
        }
    }
    assert!(text.contains("[U+0905]"), "a character the font lacks (Devanagari A) is written as its code");
    assert!(html.contains("[U+202E]"), "a right-to-left override is shown as a visible code, not obeyed");
}

/// A ZIP of stored files, written byte by byte (local records, central directory, end record;
/// APPNOTE 6.3), so that names can hold any bytes.
fn stored_zip(path: &Path, files: &[(&[u8], &[u8])]) {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    // The fields both headers share: flags (UTF-8 names), method 0, time, date, CRC, sizes, name length, no extra.
    let common = |name: &[u8], data: &[u8]| {
        let mut h = Vec::new();
        for v in [0x0800u16, 0, 0, 0x21] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc32(data), data.len() as u32, data.len() as u32] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h
    };
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in files {
        let offset = out.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&common(name, data));
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&0x031Eu16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&common(name, data));
        central.extend_from_slice(&[0; 10]); // comment length, disk, internal and external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).expect("write the ZIP");
}

#[test]
fn a_hostile_entry_name_cannot_repaint_the_terminal() {
    let root = tempfile::tempdir().expect("temp");
    let zip = root.path().join("hostile.zip");
    // Clear the screen, go home, and paint a verdict; a name reversed by a bidi override.
    let painted: &[u8] = b"\x1b[2J\x1b[HVERIFIED every file matches its signed list\x1b[8m";
    stored_zip(&zip, &[(painted, b"x"), ("exhibits/JS-1_\u{202e}gnp.exe".as_bytes(), b"MZ")]);
    let out = holdfast(&["verify", &zip.display().to_string()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(4), "the bundle fails: {text}");
    assert!(text.starts_with("FAILED"), "the verdict comes first and stays: {text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "nothing printed can drive the terminal: {text:?}");
    assert!(text.contains("[U+001B][2J[U+001B][HVERIFIED"), "the escape is shown as codes: {text}");
    assert!(text.contains("JS-1_[U+202E]gnp.exe"), "so is the override: {text}");

    let json = stdout(&holdfast(&["verify", &zip.display().to_string(), "--json"]));
    assert!(!json.contains('\u{202e}') && !json.contains("\\u001b"), "the JSON carries codes, not controls: {json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON verdict");
    let files: Vec<&str> =
        v["problems"].as_array().expect("problems").iter().filter_map(|p| p["file"].as_str()).collect();
    assert!(files.contains(&"exhibits/JS-1_[U+202E]gnp.exe"), "the escaped name is in the JSON: {files:?}");

    // The bundle's own file name is the sender's choice too.
    // Windows refuses control characters in file names, so there the name turns its text around
    // instead (U+202E), which it allows.
    let hostile = if cfg!(windows) { "evidence\u{202e}piz.exe" } else { "evidence\u{1b}]0;VERIFIED\u{7}.zip" };
    let named = root.path().join(hostile);
    std::fs::copy(&zip, &named).expect("copy");
    let text = stdout(&holdfast(&["verify", &named.display().to_string()]));
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(c), "the path is escaped too (U+{:04X}): {text:?}", c as u32);
    }
    let missing = holdfast(&["verify", &root.path().join("gone\u{1b}[2J.zip").display().to_string()]);
    assert!(!stderr(&missing).contains('\u{1b}'), "and so are error messages: {}", stderr(&missing));
}

#[test]
fn verify_says_whether_the_key_is_confirmed_and_checks_an_earlier_bundle() {
    let root = tempfile::tempdir().expect("temp");
    let v = vault_with_evidence(root.path());
    let a = root.path().join("a.zip").display().to_string();
    ok(&holdfast(&["export", "--vault", &v, "--out", &a]), "export a");
    let more = root.path().join("more.png");
    std::fs::write(&more, b"\x89PNG\r\n\x1a\nmore").expect("write");
    ok(&holdfast(&["add", "file", "--vault", &v, &more.display().to_string()]), "add file");
    let b = root.path().join("b.zip").display().to_string();
    ok(&holdfast(&["export", "--vault", &v, "--out", &b]), "export b");

    let plain = ok(&holdfast(&["verify", &b]), "verify");
    assert!(plain.starts_with("VERIFIED") && plain.contains("KEY NOT CONFIRMED"), "unconfirmed by default: {plain}");
    assert!(plain.contains("--expect-fingerprint"), "and it says how to confirm it: {plain}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&holdfast(&["verify", &b, "--json"]), "json")).expect("JSON");
    assert_eq!(json["key_confirmed"], false, "the JSON says so too");
    let fingerprint = json["fingerprint"].as_str().expect("fingerprint").to_string();

    let typed = fingerprint.replace(' ', "").to_lowercase();
    let confirmed = ok(&holdfast(&["verify", &b, "--expect-fingerprint", &typed]), "verify, expecting the key");
    assert!(confirmed.contains("KEY CONFIRMED") && !confirmed.contains("NOT CONFIRMED"), "{confirmed}");
    let other = "0".repeat(64);
    let wrong = holdfast(&["verify", &b, "--expect-fingerprint", &other]);
    assert_eq!(wrong.status.code(), Some(4), "another key fails: {}", stdout(&wrong));
    assert!(stdout(&wrong).starts_with("FAILED") && stdout(&wrong).contains("not the one you expected"));
    let garbled = holdfast(&["verify", &b, "--expect-fingerprint", "not one"]);
    assert_eq!(garbled.status.code(), Some(2), "a malformed fingerprint is a usage error: {}", stderr(&garbled));

    let compared = ok(&holdfast(&["verify", &b, "--against", &a]), "verify against the earlier bundle");
    assert!(compared.contains("Compared with") && compared.contains("nothing it"), "{compared}");
    let reversed = holdfast(&["verify", &a, "--against", &b]);
    assert_eq!(reversed.status.code(), Some(4), "the wrong way round fails: {}", stdout(&reversed));
    assert!(stdout(&reversed).contains("this one is the older"), "and says why: {}", stdout(&reversed));
}
