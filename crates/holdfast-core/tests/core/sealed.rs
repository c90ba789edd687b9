//! Password bundles (issue 12, finding 8): a strong password is required, and the bundle is a
//! 7z archive with AES-256 and encrypted names that `7z` opens and Holdfast checks in place.
//! Tests that need `7z` fail when it is missing: install Debian's `p7zip-full`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{DateTime, Utc};
use holdfast_core::export::sealed::{check_password, FILE_EXTENSION};
use holdfast_core::export::verify::{verify_bundle, Verdict};
use holdfast_core::export::ExportOptions;
use holdfast_core::strength::passphrase_strength;
use holdfast_core::vault::{ItemDetails, NewOriginal, Vault};
use holdfast_core::ErrorCode;
use zeroize::Zeroizing;

use crate::support::new_vault;

const STRONG: &str = "quiet orbit lantern meadow thistle";
/// Bytes of the one exhibit: they must never be readable in a sealed bundle.
const SECRET_BYTES: &[u8] = b"\x89PNG\r\n\x1a\nSEALED-CANARY-5e1d the chat with the threat";

fn clock() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T21:14:00Z").expect("time").with_timezone(&Utc)
}

fn vault_with_a_screenshot(dir: &Path) -> Vault {
    let (mut vault, _) = new_vault(dir);
    let shot = NewOriginal { original_name: Some("chat-with-threat.png".into()), ..NewOriginal::file() };
    vault.add_original(&mut &SECRET_BYTES[..], shot).expect("screenshot");
    vault
        .add_text(holdfast_core::vault::model::ItemKind::Message, "Pay or else", ItemDetails::default())
        .expect("text");
    vault
}

fn with_password(password: &str) -> ExportOptions {
    ExportOptions {
        initials: Some("JS".into()),
        now: Some(clock()),
        password: Some(Zeroizing::new(password.to_string())),
        ..ExportOptions::default()
    }
}

/// A vault and a sealed bundle of it, `evidence.7z`, under `STRONG`.
fn sealed_bundle(root: &Path) -> PathBuf {
    let mut vault = vault_with_a_screenshot(&root.join("vault"));
    let out = root.join(format!("evidence.{FILE_EXTENSION}"));
    vault.export(&out, &with_password(STRONG)).expect("export with a strong password");
    out
}

/// Runs `7z`; a missing `7z` fails the test and says how to install it.
fn seven_zip(args: &[&str], dir: &Path) -> Output {
    Command::new("7z")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("7z could not run ({e}): install it with `apt-get install p7zip-full`"))
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn problems(v: &Verdict) -> String {
    v.problems
        .iter()
        .map(|p| format!("{}: {}", p.file.as_deref().unwrap_or("-"), p.what))
        .collect::<Vec<_>>()
        .join("\n")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn weak_bundle_passwords_are_refused_with_a_plain_message_and_nothing_is_written() {
    let root = tempfile::tempdir().expect("temp");
    let mut vault = vault_with_a_screenshot(&root.path().join("vault"));
    for weak in ["x", "password", "Password1", "qwertyuiop"] {
        let out = root.path().join("weak.7z");
        let err = vault.export(&out, &with_password(weak)).expect_err("a weak password is refused");
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{weak:?}: refused as something the person can fix");
        let message = err.to_string();
        assert!(message.contains("too easy to guess"), "{weak:?}: the message says why in plain words: {message}");
        assert!(message.contains("unrelated words"), "{weak:?}: and what to do instead: {message}");
        assert!(!out.exists(), "{weak:?}: nothing is written for a refused password");
    }
    let short = vault.export(&root.path().join("short.7z"), &with_password("x")).expect_err("refused");
    assert!(short.to_string().contains("at least 8 characters"), "a short password is told the length: {short}");
}

#[test]
fn the_bundle_password_rule_is_the_vault_meters_rule() {
    for candidate in ["x", "password", "Zq8#kW2", "correct horse", "Tr0ub4dor&3", STRONG, "café lantern ñandú orbit"]
    {
        assert_eq!(
            check_password(candidate).is_ok(),
            passphrase_strength(candidate).enough,
            "{candidate:?}: a bundle password is accepted exactly when the meter calls it strong enough"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs Linux's 7-Zip (p7zip-full), which a Windows program under Wine cannot start")]
fn a_sealed_bundle_hides_names_and_contents_without_the_password() {
    let root = tempfile::tempdir().expect("temp");
    let bundle = sealed_bundle(root.path());
    let bytes = std::fs::read(&bundle).expect("read the bundle");
    assert!(bytes.starts_with(b"7z\xBC\xAF\x27\x1C"), "a password bundle is a 7z archive");
    for hidden in ["SHA256SUMS", "exhibits/", "manifest.json", "evidence.zip", "chat-with-threat", "START-HERE"] {
        assert!(!contains(&bytes, hidden.as_bytes()), "{hidden} cannot be read in the bundle's bytes");
        assert!(!contains(&bytes, &utf16(hidden)), "{hidden} cannot be read as UTF-16 (7z's names) either");
    }
    assert!(!contains(&bytes, b"SEALED-CANARY"), "an exhibit's bytes cannot be read in the bundle");
    assert!(!contains(&bytes, b"PK\x03\x04"), "not even the inner ZIP's record signatures show");

    let listed = seven_zip(&["l", bundle.to_str().expect("path")], root.path());
    assert!(!listed.status.success(), "7z cannot list a sealed bundle without its password: {}", said(&listed));
    let wrong = seven_zip(&["l", "-pnot the password", bundle.to_str().expect("path")], root.path());
    assert!(!wrong.status.success(), "nor with a wrong one: {}", said(&wrong));
    for out in [&listed, &wrong] {
        assert!(!said(out).contains("evidence.zip"), "and shows no entry name: {}", said(out));
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs Linux's 7-Zip (p7zip-full), which a Windows program under Wine cannot start")]
fn seven_zip_opens_a_sealed_bundle_with_its_password_only() {
    let root = tempfile::tempdir().expect("temp");
    let bundle = sealed_bundle(root.path());
    let path = bundle.to_str().expect("path");
    let tested = seven_zip(&["t", &format!("-p{STRONG}"), path], root.path());
    assert!(tested.status.success(), "7z t passes with the password: {}", said(&tested));
    assert!(said(&tested).contains("Everything is Ok"), "and finds nothing wrong: {}", said(&tested));
    let wrong = seven_zip(&["t", "-pquiet orbit lantern meadow thistles", path], root.path());
    assert!(!wrong.status.success(), "7z t refuses a wrong password: {}", said(&wrong));
    let listed = seven_zip(&["l", "-slt", &format!("-p{STRONG}"), path], root.path());
    let listing = said(&listed);
    assert!(listing.contains("Path = evidence.zip"), "it holds one file, the bundle ZIP: {listing}");
    assert!(listing.contains("Method = 7zAES"), "encrypted with 7-Zip's AES-256 and nothing else: {listing}");
    assert!(listing.contains("Encrypted = +"), "7z reports it encrypted: {listing}");
}

#[test]
#[cfg_attr(windows, ignore = "needs Linux's 7-Zip (p7zip-full), which a Windows program under Wine cannot start")]
fn extracting_a_sealed_bundle_gives_a_zip_that_holdfast_verifies() {
    let root = tempfile::tempdir().expect("temp");
    let bundle = sealed_bundle(root.path());
    let into = root.path().join("opened");
    let pw = format!("-p{STRONG}");
    let extracted =
        seven_zip(&["x", &pw, &format!("-o{}", into.display()), bundle.to_str().expect("path")], root.path());
    assert!(extracted.status.success(), "7z x extracts it: {}", said(&extracted));
    let files: Vec<_> = std::fs::read_dir(&into).expect("extracted").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(files, ["evidence.zip"], "the archive holds exactly the bundle ZIP, named after the bundle");
    let verdict = verify_bundle(&into.join("evidence.zip"), None).expect("verify the inner ZIP");
    assert!(verdict.verified, "the ZIP inside is an ordinary bundle that verifies: {}", problems(&verdict));
    assert_eq!(verdict.exhibits, 2, "with both exhibits");
}

#[test]
fn holdfast_verifies_a_sealed_bundle_in_place_and_refuses_a_wrong_password() {
    let root = tempfile::tempdir().expect("temp");
    let bundle = sealed_bundle(root.path());
    let right = verify_bundle(&bundle, Some(STRONG)).expect("verify");
    assert!(right.verified, "the sealed bundle verifies with its password: {}", problems(&right));
    assert!(right.files_checked >= 10, "every file inside was checked ({})", right.files_checked);
    assert_eq!(std::fs::read_dir(root.path()).expect("dir").count(), 2, "verifying wrote nothing beside the bundle");

    let wrong = verify_bundle(&bundle, Some("quiet orbit lantern meadow thistles")).expect("verify");
    assert!(!wrong.verified, "a wrong password never verifies");
    assert!(problems(&wrong).contains("password does not open"), "and says so: {}", problems(&wrong));
    let none = verify_bundle(&bundle, None).expect("verify");
    assert!(!none.verified, "without the password it cannot be checked");
    assert!(problems(&none).contains("locked with a password"), "and says to give it: {}", problems(&none));
}

#[test]
fn a_changed_or_cut_sealed_bundle_never_verifies_and_never_panics() {
    let root = tempfile::tempdir().expect("temp");
    let bundle = sealed_bundle(root.path());
    let bytes = std::fs::read(&bundle).expect("read");
    let changed = root.path().join("changed.7z");
    // A byte in the middle of the encrypted ZIP, one in the encrypted header near the end, and
    // one in the signature header.
    for at in [bytes.len() / 2, bytes.len() - 120, 20] {
        let mut copy = bytes.clone();
        copy[at] ^= 0x01;
        std::fs::write(&changed, &copy).expect("write");
        let v = verify_bundle(&changed, Some(STRONG)).expect("verify");
        assert!(!v.verified, "a bundle changed at byte {at} of {} does not verify", bytes.len());
    }
    for keep in [0, 10, 31, 32, 100, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&changed, &bytes[..keep]).expect("write");
        let v = verify_bundle(&changed, Some(STRONG)).expect("a cut bundle gets a verdict");
        assert!(!v.verified && !v.problems.is_empty(), "a bundle cut to {keep} bytes does not verify");
    }
}

#[test]
fn a_sealed_export_streams_no_plaintext_to_the_disk() {
    let root = tempfile::tempdir().expect("temp");
    let mut vault = vault_with_a_screenshot(&root.path().join("vault"));
    let out_dir = root.path().join("usb");
    std::fs::create_dir(&out_dir).expect("dir");
    let out = out_dir.join("evidence.7z");
    vault.export(&out, &with_password(STRONG)).expect("export");
    let names: Vec<_> = std::fs::read_dir(&out_dir).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, ["evidence.7z"], "the export wrote the sealed bundle and nothing else beside it");
    let again = vault.export(&out, &with_password(STRONG)).expect_err("an existing bundle is never overwritten");
    assert_eq!(again.code(), ErrorCode::Storage, "it is refused as a file that exists: {again}");
    let first = std::fs::read(&out).expect("read");
    let second_path = out_dir.join("again.7z");
    vault.export(&second_path, &with_password(STRONG)).expect("export again");
    let second = std::fs::read(&second_path).expect("read");
    assert_ne!(first[32..64], second[32..64], "each sealed bundle draws a fresh salt and IV");
}

#[test]
fn an_old_aes_zip_bundle_still_verifies_with_its_password() {
    // Bundles written before 7z sealing were ZIPs with WinZip AES entries; an officer may hold one.
    let root = tempfile::tempdir().expect("temp");
    let mut vault = vault_with_a_screenshot(&root.path().join("vault"));
    let plain = root.path().join("plain.zip");
    vault.export(&plain, &ExportOptions { now: Some(clock()), ..ExportOptions::default() }).expect("export");
    let old = root.path().join("old.zip");
    let mut reader = zip::ZipArchive::new(std::fs::File::open(&plain).expect("open")).expect("zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&old).expect("create"));
    for i in 0..reader.len() {
        let mut entry = reader.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
        let options = zip::write::SimpleFileOptions::default().with_aes_encryption(zip::AesMode::Aes256, "old words");
        writer.start_file(name, options).expect("start");
        writer.write_all(&bytes).expect("write");
    }
    writer.finish().expect("finish");
    let v = verify_bundle(&old, Some("old words")).expect("verify");
    assert!(v.verified, "an old AES-ZIP bundle verifies with its password: {}", problems(&v));
    let without = verify_bundle(&old, None).expect("verify");
    assert!(!without.verified, "and not without it");
}

/// A sealed bundle written by the first version of the sealing code, frozen: every later
/// Holdfast must still verify it, and 7-Zip must still open it. Its password has an accent and an
/// emoji, so the password's encoding (Unicode NFC, UTF-16LE, as 7-Zip takes it) is pinned too.
const FROZEN: &str = "tests/core/fixtures/sealed/first-version.7z";
const FROZEN_PASSWORD: &str = "café lantern 🔥 orbit thistle";

#[test]
#[cfg_attr(windows, ignore = "needs Linux's 7-Zip (p7zip-full), which a Windows program under Wine cannot start")]
fn a_frozen_sealed_bundle_still_opens_in_7zip_and_holdfast() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FROZEN);
    let dir = path.parent().expect("folder");
    let tested = seven_zip(&["t", &format!("-p{FROZEN_PASSWORD}"), path.to_str().expect("path")], dir);
    assert!(tested.status.success(), "7z opens the frozen bundle with its password: {}", said(&tested));
    let v = verify_bundle(&path, Some(FROZEN_PASSWORD)).expect("verify");
    assert!(v.verified, "Holdfast still verifies the frozen bundle: {}", problems(&v));
    let decomposed = FROZEN_PASSWORD.replace('é', "e\u{301}");
    let v = verify_bundle(&path, Some(&decomposed)).expect("verify");
    assert!(v.verified, "the same password typed with a combining accent opens it too (NFC): {}", problems(&v));
    let v = verify_bundle(&path, Some("cafe lantern 🔥 orbit thistle")).expect("verify");
    assert!(!v.verified, "without the accent it is another password");
}
