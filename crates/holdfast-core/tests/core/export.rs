//! The handover bundle: what it holds, that it is reproducible, that intimate and unselected
//! items never get in, and that the verifier catches every kind of tampering and survives
//! hostile ZIPs without writing a file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use holdfast_core::export::verify::{verify_bundle, Verdict};
use holdfast_core::export::{ExportOptions, FIXED_FILES};
use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, ItemDetails, NewOriginal, Payment, Vault};

use crate::support::new_vault;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake screenshot bytes for the chat";
const INTIMATE_CANARY: &[u8] = b"INTIMATE-CANARY-7f3a";
const UNSELECTED_CANARY: &str = "UNSELECTED-CANARY-91bc";

fn clock() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T21:14:00Z").expect("time").with_timezone(&Utc)
}

/// A vault with a screenshot, a message, an intimate item, an unselected note, an account and
/// a demand. Returns the vault and the ids (screenshot, message, intimate, note).
pub fn case_vault(dir: &Path) -> (Vault, [i64; 4]) {
    let (mut vault, _) = new_vault(dir);
    let account = vault
        .add_account(&Account {
            platform: "Instagram".into(),
            handle: "@blackmail_99".into(),
            user_id: Some("1234567".into()),
            display_name: Some("Аня 安娜 अन्ना".into()),
            ..Account::default()
        })
        .expect("account");
    let details = ItemDetails { note: Some("their profile".into()), accounts: vec![account], ..ItemDetails::default() };
    let shot = vault
        .add_original(
            &mut &PNG[..],
            NewOriginal {
                kind: ItemKind::Screenshot,
                original_name: Some("chat.png".into()),
                details,
                ..NewOriginal::file()
            },
        )
        .expect("screenshot");
    let message = vault
        .add_text(ItemKind::Message, "Pay £500 or I send it to everyone", ItemDetails::default())
        .expect("message");
    let intimate = vault
        .add_original(
            &mut &INTIMATE_CANARY[..],
            NewOriginal { intimate: true, original_name: Some("intimate-canary.jpg".into()), ..NewOriginal::file() },
        )
        .expect("intimate item (an adult's vault may hold one; it never leaves)");
    let note = vault.add_text(ItemKind::Note, UNSELECTED_CANARY, ItemDetails::default()).expect("note");
    vault
        .add_payment(&Payment {
            id: 0,
            kind: "demand".into(),
            money: Money::parse("500", "GBP").expect("money"),
            method: PaymentMethod::BankTransfer,
            destination: "12-34-56 12345678".into(),
            deadline: None,
            paid: false,
            reference: None,
            happened: Some(Happened::parse("2026-11-28T21:00:00+00:00", None).expect("time")),
            account: Some(account),
        })
        .expect("payment");
    (vault, [shot, message, intimate, note])
}

pub fn options(items: Option<Vec<i64>>) -> ExportOptions {
    ExportOptions { initials: Some("JS".into()), items, now: Some(clock()), ..ExportOptions::default() }
}

/// Every entry of a ZIP: name and bytes.
pub fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().expect("a UTF-8 name").to_string(), bytes)
        })
        .collect()
}

/// Writes a new ZIP with the given entries (names as raw bytes are patched afterwards).
pub fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, bytes) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

pub fn problems(v: &Verdict) -> String {
    v.problems
        .iter()
        .map(|p| format!("{}: {}", p.file.as_deref().unwrap_or("-"), p.what))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn names_problem(v: &Verdict, file: &str) -> bool {
    v.problems.iter().any(|p| p.file.as_deref() == Some(file))
}

#[test]
fn a_bundle_holds_the_listed_files_and_verifies() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, [shot, message, ..]) = case_vault(&dir.path().join("v"));
    let out = dir.path().join("bundle.zip");
    let done = vault.export(&out, &options(Some(vec![shot, message]))).expect("export");
    assert_eq!(done.exhibits, 2);
    let names: Vec<String> = entries(&out).into_iter().map(|(n, _)| n).collect();
    for fixed in FIXED_FILES {
        assert!(names.iter().any(|n| n == fixed), "{fixed} is in the bundle: {names:?}");
    }
    assert!(
        names.contains(&"exhibits/JS-1_screenshot_".to_string())
            || names.iter().any(|n| n.starts_with("exhibits/JS-1_screenshot_") && n.ends_with(".png"))
    );
    assert!(names.iter().any(|n| n.starts_with("exhibits/JS-2_message_") && n.ends_with(".txt")));
    assert!(names.contains(&"exhibits/JS-1.json".to_string()) && names.contains(&"exhibits/JS-2.json".to_string()));
    let bytes = entries(&out).into_iter().find(|(n, _)| n.ends_with(".png")).expect("the screenshot").1;
    assert_eq!(bytes, PNG, "the exhibit is the original, byte for byte");

    let verdict = verify_bundle(&out, None).expect("verify");
    assert!(verdict.verified, "a fresh bundle verifies:\n{}", problems(&verdict));
    assert_eq!(verdict.fingerprint.as_deref(), Some(done.fingerprint.as_str()));
    assert_eq!(verdict.exhibits, 2);
    assert!(verdict.log_entries.unwrap_or(0) > 5, "the log chain is checked");
    let report = String::from_utf8(entries(&out).into_iter().find(|(n, _)| n == "report.html").expect("report").1)
        .expect("utf-8");
    for fact in ["@blackmail_99", "1234567", "Аня 安娜 अन्ना", "500 GBP", "JS/1", "JS/2", &done.fingerprint]
    {
        assert!(report.contains(fact), "the report shows {fact}");
    }
}

#[test]
fn the_same_vault_selection_and_clock_give_the_same_files_but_the_log_of_the_export_between() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = case_vault(&dir.path().join("v"));
    let first = dir.path().join("1.zip");
    vault.export(&first, &options(None)).expect("first export (creates the signing key)");
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    vault.export(&a, &options(None)).expect("export a");
    vault.export(&b, &options(None)).expect("export b");
    // Each export is logged, so b's log holds one entry more (a's export) and the lists that
    // name the log's hash differ; every other file is byte for byte the same.
    let (a_files, b_files) = (entries(&a), entries(&b));
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a_files), names(&b_files), "the same files in the same order");
    let follows_the_log = ["log.jsonl", "manifest.json", "SHA256SUMS", "SHA256SUMS.minisig"];
    for ((name, x), (_, y)) in a_files.iter().zip(&b_files) {
        if !follows_the_log.contains(&name.as_str()) {
            assert!(x == y, "{name} is byte for byte the same");
        }
    }
    let log = |files: &[(String, Vec<u8>)]| {
        String::from_utf8(files.iter().find(|(n, _)| n == "log.jsonl").expect("log").1.clone()).expect("utf-8")
    };
    let (a_log, b_log) = (log(&a_files), log(&b_files));
    assert!(b_log.starts_with(&a_log), "b's log runs on from a's");
    assert_eq!(b_log.lines().count(), a_log.lines().count() + 1, "by the one entry that logged export a");
    let refused = vault.export(&a, &options(None));
    assert!(refused.is_err(), "an existing file is never overwritten");
    assert!(std::fs::metadata(&a).is_ok(), "and it is left alone");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs Linux's pdftotext (poppler-utils), which a Windows program under Wine cannot start"
)]
fn intimate_and_unselected_items_never_reach_a_bundle() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, [shot, _message, intimate, note]) = case_vault(&dir.path().join("v"));
    let all = dir.path().join("all.zip");
    vault.export(&all, &options(None)).expect("export everything");
    let chosen = dir.path().join("chosen.zip");
    vault.export(&chosen, &options(Some(vec![shot]))).expect("export one");
    for (bundle, unselected_may_show) in [(&all, true), (&chosen, false)] {
        for (name, bytes) in entries(bundle) {
            // The PDF's text is compressed: read it as pdftotext does.
            let text = if name == "report.pdf" {
                pdf_text(dir.path(), &bytes)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            if name == "report.pdf" {
                assert!(text.contains("@blackmail_99"), "control: the PDF's text is read");
            }
            assert!(
                !bytes.windows(INTIMATE_CANARY.len()).any(|w| w == INTIMATE_CANARY),
                "{name} holds the intimate item's bytes"
            );
            assert!(!text.contains("intimate-canary") && !name.contains("intimate"), "{name} names the intimate item");
            if !unselected_may_show {
                assert!(!text.contains(UNSELECTED_CANARY), "{name} holds an item that was not chosen");
            }
        }
    }
    let refused = vault.export(&dir.path().join("x.zip"), &options(Some(vec![shot, intimate])));
    assert!(refused.is_err(), "asking for an intimate item by id is refused");
    assert!(!dir.path().join("x.zip").exists(), "and no partial bundle is left");
    let _ = note;
}

/// The text of a PDF, by `pdftotext` (poppler-utils, installed by `scripts/setup --test`).
pub fn pdf_text(dir: &Path, pdf: &[u8]) -> String {
    let path = dir.join("report-under-test.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out =
        std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("run pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext reads the report");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Rewrites `bundle` into `out` with `change` applied to the entries.
fn rewrite(bundle: &Path, out: &Path, change: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut files = entries(bundle);
    change(&mut files);
    write_zip(out, &files);
}

#[test]
fn every_kind_of_tampering_fails_and_names_the_cause() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, [shot, message, ..]) = case_vault(&dir.path().join("v"));
    let bundle = dir.path().join("bundle.zip");
    vault.export(&bundle, &options(Some(vec![shot, message]))).expect("export");
    let names: Vec<String> = entries(&bundle).into_iter().map(|(n, _)| n).collect();
    let out = dir.path().join("t.zip");

    for name in &names {
        rewrite(&bundle, &out, |files| {
            let bytes = &mut files.iter_mut().find(|(n, _)| n == name).expect("file").1;
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
        });
        let v = verify_bundle(&out, None).expect("verify");
        assert!(!v.verified, "one changed byte in {name} must fail");
        let named = names_problem(&v, name) || (name == "SHA256SUMS" && names_problem(&v, "SHA256SUMS.minisig"));
        assert!(named, "the verdict names {name}:\n{}", problems(&v));
    }

    rewrite(&bundle, &out, |files| files.retain(|(n, _)| !n.ends_with(".png")));
    let v = verify_bundle(&out, None).expect("verify");
    assert!(!v.verified && v.problems.iter().any(|p| p.file.as_deref().is_some_and(|f| f.ends_with(".png")) && p.what.contains("not in the bundle")), "a dropped file is named:\n{}", problems(&v));

    rewrite(&bundle, &out, |files| files.push(("exhibits/extra.png".into(), b"planted".to_vec())));
    let v = verify_bundle(&out, None).expect("verify");
    assert!(!v.verified && names_problem(&v, "exhibits/extra.png"), "an added file is named:\n{}", problems(&v));

    rewrite(&bundle, &out, |files| {
        let a = files.iter().position(|(n, _)| n.ends_with(".png")).expect("png");
        let b = files.iter().position(|(n, _)| n.ends_with(".txt")).expect("txt");
        let tmp = files[a].1.clone();
        files[a].1 = files[b].1.clone();
        files[b].1 = tmp;
    });
    let v = verify_bundle(&out, None).expect("verify");
    assert!(!v.verified, "swapped exhibits fail");
    assert!(
        v.problems.iter().filter(|p| p.file.as_deref().is_some_and(|f| f.starts_with("exhibits/"))).count() >= 2,
        "both swapped exhibits are named:\n{}",
        problems(&v)
    );

    // Re-signed with another key: an attacker who rewrites SHA256SUMS and signs it anew.
    let other = holdfast_core::export::sign::SigningPair::generate();
    rewrite(&bundle, &out, |files| {
        let sums = files.iter().find(|(n, _)| n == "SHA256SUMS").expect("sums").1.clone();
        let signature = other.sign(&sums, "forged");
        files.iter_mut().find(|(n, _)| n == "SHA256SUMS.minisig").expect("sig").1 = signature.into_bytes();
        files.iter_mut().find(|(n, _)| n == "holdfast.pub").expect("pub").1 = other.public().to_file().into_bytes();
    });
    let v = verify_bundle(&out, None).expect("verify");
    assert!(!v.verified && names_problem(&v, "holdfast.pub"), "a swapped key is caught:\n{}", problems(&v));
    rewrite(&bundle, &out, |files| {
        let sums = files.iter().find(|(n, _)| n == "SHA256SUMS").expect("sums").1.clone();
        files.iter_mut().find(|(n, _)| n == "SHA256SUMS.minisig").expect("sig").1 =
            other.sign(&sums, "forged").into_bytes();
    });
    let v = verify_bundle(&out, None).expect("verify");
    assert!(
        !v.verified && names_problem(&v, "SHA256SUMS.minisig"),
        "a signature by another key fails:\n{}",
        problems(&v)
    );
}

/// Patches every occurrence of `from` in a file's bytes with `to` (same length).
fn patch(path: &Path, from: &[u8], to: &[u8]) {
    let mut bytes = std::fs::read(path).expect("read");
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + at..i + at + to.len()].copy_from_slice(to);
        i += at + to.len();
    }
    std::fs::write(path, bytes).expect("write");
}

fn hostile(dir: &Path, name: &str, build: impl FnOnce(&Path)) -> Verdict {
    let path: PathBuf = dir.join(name);
    build(&path);
    let v = verify_bundle(&path, None).expect("the verifier answers, never fails outright");
    assert!(!v.verified, "{name} must not verify");
    assert!(!v.problems.is_empty(), "{name}: the verdict says why");
    v
}

#[test]
fn hostile_bundles_get_a_verdict_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("dir");

    let v = hostile(&work, "dotdot.zip", |p| write_zip(p, &[("../../evil.txt".into(), b"x".to_vec())]));
    assert!(problems(&v).contains(".."), "{}", problems(&v));
    let v = hostile(&work, "absolute.zip", |p| write_zip(p, &[("/etc/passwd".into(), b"x".to_vec())]));
    assert!(problems(&v).contains("absolute"), "{}", problems(&v));
    let v = hostile(&work, "symlink.zip", |p| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(p).expect("create"));
        zip.add_symlink("link", "/etc/passwd", zip::write::SimpleFileOptions::default()).expect("link");
        zip.finish().expect("finish");
    });
    assert!(problems(&v).contains("symbolic link"), "{}", problems(&v));
    let v = hostile(&work, "duplicate.zip", |p| {
        write_zip(p, &[("same-name-A".into(), b"one".to_vec()), ("same-name-B".into(), b"two".to_vec())]);
        patch(p, b"same-name-B", b"same-name-A");
    });
    assert!(problems(&v).contains("twice"), "{}", problems(&v));
    let v = hostile(&work, "not-utf8.zip", |p| {
        write_zip(p, &[("nameXX.txt".into(), b"x".to_vec())]);
        patch(p, b"nameXX", b"name\xff\xfe");
    });
    assert!(problems(&v).contains("UTF-8"), "{}", problems(&v));
    let v = hostile(&work, "bomb.zip", |p| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(p).expect("create"));
        zip.start_file("bomb", zip::write::SimpleFileOptions::default()).expect("start");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..200 {
            zip.write_all(&zeros).expect("write");
        }
        zip.finish().expect("finish");
    });
    assert!(problems(&v).contains("bomb"), "{}", problems(&v));
    let v = hostile(&work, "truncated.zip", |p| {
        write_zip(p, &[("a".into(), vec![7u8; 10_000])]);
        let bytes = std::fs::read(p).expect("read");
        std::fs::write(p, &bytes[..bytes.len() / 2]).expect("truncate");
    });
    assert!(problems(&v).contains("not a readable ZIP"), "{}", problems(&v));
    let v = hostile(&work, "many.zip", |p| {
        let files: Vec<(String, Vec<u8>)> = (0..10_000).map(|i| (format!("f{i}"), vec![])).collect();
        write_zip(p, &files);
    });
    assert!(v.problems.len() > 1, "ten thousand stray files get a verdict");
    let v = hostile(&work, "many-problems.zip", |p| {
        let sums: String = (0..100_000).map(|i| format!("{:064x}  ghost-{i}\n", i)).collect();
        write_zip(p, &[("SHA256SUMS".into(), sums.into_bytes())]);
    });
    assert_eq!(v.problems.len(), holdfast_core::export::verify::MAX_PROBLEMS, "the list of problems is capped");
    assert!(v.more_problems > 99_000, "the rest are counted ({})", v.more_problems);
    let v = hostile(&work, "empty.zip", |p| write_zip(p, &[]));
    assert!(problems(&v).contains("missing"), "{}", problems(&v));

    let mut left: Vec<String> = std::fs::read_dir(&work)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "absolute.zip",
            "bomb.zip",
            "dotdot.zip",
            "duplicate.zip",
            "empty.zip",
            "many-problems.zip",
            "many.zip",
            "not-utf8.zip",
            "symlink.zip",
            "truncated.zip"
        ],
        "the verifier wrote nothing beside the bundles"
    );
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/core/fixtures/export")
}

/// The golden export: the frozen vault (with its signing key), all items, initials JS, a fixed
/// clock and fixed words.
fn golden_export(vault_dir: &Path, out: &Path) {
    let mut vault = Vault::open(vault_dir, holdfast_core::vault::Unlock::Passphrase(crate::support::PASS))
        .expect("open the frozen vault");
    let options = ExportOptions {
        name: Some("Sam Example".into()),
        contact: Some("sam@example.invalid".into()),
        own_words: Some("It started on Friday night.\n\nThey asked for money.".into()),
        ..options(None)
    };
    vault.export(out, &options).expect("export the frozen vault");
}

/// manifest.json with the one entry that changes at every unlock masked: `log.jsonl` (each
/// unlock appends a salted, timed entry to the vault's log).
fn masked_manifest(bytes: &[u8]) -> String {
    let mut manifest: serde_json::Value = serde_json::from_slice(bytes).expect("manifest JSON");
    for file in manifest["files"].as_array_mut().expect("files") {
        if file["path"] == "log.jsonl" {
            file["sha256"] = "(changes at every unlock)".into();
            file["size"] = 0.into();
        }
    }
    serde_json::to_string_pretty(&manifest).expect("JSON") + "\n"
}

#[test]
fn report_and_manifest_match_their_golden_snapshots() {
    let dir = tempfile::tempdir().expect("temp");
    let vault = dir.path().join("vault");
    crate::support::copy_tree(&golden_dir().join("vault"), &vault);
    let out = dir.path().join("bundle.zip");
    golden_export(&vault, &out);
    let files = entries(&out);
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b.clone()).expect("file in bundle");
    let report = String::from_utf8(get("report.html")).expect("utf-8");
    let expected = std::fs::read_to_string(golden_dir().join("report.html")).expect("golden report");
    assert!(
        report == expected,
        "report.html differs from tests/core/fixtures/export/report.html (regenerate on purpose only)"
    );
    let manifest = masked_manifest(&get("manifest.json"));
    let expected = std::fs::read_to_string(golden_dir().join("manifest.json")).expect("golden manifest");
    assert!(manifest == expected, "manifest.json differs from tests/core/fixtures/export/manifest.json:\n{manifest}");
    assert!(verify_bundle(&out, None).expect("verify").verified);
}

#[test]
#[ignore = "regenerates the golden export; run by hand only when the bundle changes on purpose"]
fn regenerate_the_golden_export() {
    let root = golden_dir();
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("create");
    let (mut vault, _) = case_vault(&root.join("vault"));
    // The first export creates the signing key, which the frozen vault then keeps.
    let scratch = tempfile::tempdir().expect("temp");
    vault.export(&scratch.path().join("first.zip"), &options(None)).expect("first export");
    drop(vault);
    let out = scratch.path().join("golden.zip");
    golden_export(&root.join("vault"), &out);
    let files = entries(&out);
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b.clone()).expect("file");
    std::fs::write(root.join("report.html"), get("report.html")).expect("write report");
    std::fs::write(root.join("manifest.json"), masked_manifest(&get("manifest.json"))).expect("write manifest");
    // The lock file is made on every open; a copy of the frozen vault makes its own.
    std::fs::remove_file(root.join("vault/vault.lock")).expect("remove the lock file");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs Linux's pdfimages (poppler-utils), which a Windows program under Wine cannot start"
)]
fn screenshots_get_thumbnails_in_both_reports() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    let picture = image::RgbaImage::from_fn(1280, 800, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255]));
    let mut png = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("encode");
    let new = NewOriginal { kind: ItemKind::Screenshot, original_name: Some("chat.png".into()), ..NewOriginal::file() };
    vault.add_original(&mut &png[..], new).expect("screenshot");
    let out = dir.path().join("b.zip");
    vault.export(&out, &options(None)).expect("export");
    let files = entries(&out);
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b.clone()).expect("file");
    let html = String::from_utf8(get("report.html")).expect("utf-8");
    let start = html.find("data:image/png;base64,").expect("an embedded thumbnail") + 22;
    let end = start + html[start..].find('"').expect("end of the data");
    use base64::Engine as _;
    let thumb = base64::engine::general_purpose::STANDARD.decode(&html[start..end]).expect("base64");
    let thumb = image::load_from_memory(&thumb).expect("a PNG");
    assert_eq!((thumb.width(), thumb.height()), (320, 200), "a small copy, same shape");
    let pdf = get("report.pdf");
    std::fs::write(dir.path().join("r.pdf"), &pdf).expect("write");
    let listed = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(dir.path().join("r.pdf"))
        .output()
        .expect("run pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(listed.contains(" 320 ") && listed.contains(" 200 "), "the PDF holds the 320 x 200 thumbnail:\n{listed}");
    assert!(pdf.len() < png.len() + 200_000, "the PDF holds the small copy, not the original");
}

#[test]
fn a_deleted_items_log_never_travels_with_the_item_that_reuses_its_id() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    let mistake = vault
        .add_original(&mut &INTIMATE_CANARY[..], NewOriginal { intimate: true, ..NewOriginal::file() })
        .expect("an intimate image added by mistake");
    let mistake_hash = vault.item(mistake).expect("item").sha256;
    vault.delete_item(mistake).expect("deleted");
    let shot = vault
        .add_original(&mut &PNG[..], NewOriginal { kind: ItemKind::Screenshot, ..NewOriginal::file() })
        .expect("the next screenshot");
    let out = dir.path().join("b.zip");
    vault.export(&out, &options(Some(vec![shot]))).expect("export");
    let log =
        String::from_utf8(entries(&out).into_iter().find(|(n, _)| n == "log.jsonl").expect("log").1).expect("utf-8");
    assert!(!log.contains(&mistake_hash), "the deleted item's hash is not in the bundle's log");
    assert!(!log.contains("delete item") && !log.contains("intimate"), "nor its deletion or marking");
    assert!(log.contains("add item"), "the exported item's own entry is there");
    assert!(verify_bundle(&out, None).expect("verify").verified);
}

#[test]
fn an_empty_selection_is_refused_rather_than_exporting_everything() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = case_vault(&dir.path().join("v"));
    let out = dir.path().join("b.zip");
    let refused = vault.export(&out, &options(Some(vec![])));
    assert!(refused.is_err(), "no items chosen is an error");
    assert!(!out.exists(), "and nothing is written");
}
