//! Exhibit names in a bundle (issue 12, findings 2 and 3): the extension comes from what the
//! content is, never from the name the sender gave the file, so nothing opens as a web page, a
//! shortcut or a program on the officer's PC; the name it came with is kept in the metadata and
//! the report; and exhibits are numbered in the order the items were added.

use std::path::Path;

use holdfast_core::export::ExportOptions;
use holdfast_core::vault::model::{content_type, ItemKind};
use holdfast_core::vault::{ItemDetails, NewOriginal, Vault};
use serde_json::Value;

use crate::export::entries;
use crate::support::new_vault;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a picture's bytes";
const HTML: &[u8] = b"<!doctype html><html><body><script>fetch('https://sender.invalid/seen')</script></body></html>\n";
const SHORTCUT: &[u8] = b"[InternetShortcut]\r\nURL=https://sender.invalid/track?victim=1\r\n";
const ZIP: &[u8] = b"PK\x03\x04\x14\0\0\0\0\0 an archive with files of the sender's naming";
const PROGRAM: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0 a Windows program";

fn add(vault: &mut Vault, name: &str, bytes: &[u8]) -> i64 {
    let new = NewOriginal { original_name: Some(name.into()), ..NewOriginal::file() };
    vault.add_original(&mut &bytes[..], new).expect("import")
}

fn export(vault: &mut Vault, dir: &Path, items: Option<Vec<i64>>) -> Vec<(String, Vec<u8>)> {
    let out = dir.join(format!("bundle-{}.zip", std::fs::read_dir(dir).expect("dir").count()));
    let options = ExportOptions { initials: Some("JS".into()), items, ..ExportOptions::default() };
    vault.export(&out, &options).expect("export");
    assert!(holdfast_core::export::verify::verify_bundle(&out, None).expect("verify").verified, "the bundle verifies");
    entries(&out)
}

/// Each exhibit's metadata, by its reference number.
fn metadata(files: &[(String, Vec<u8>)]) -> Vec<Value> {
    let mut out: Vec<(usize, Value)> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let n = name.strip_prefix("exhibits/JS-")?.strip_suffix(".json")?.parse().ok()?;
            Some((n, serde_json::from_slice(bytes).expect("metadata JSON")))
        })
        .collect();
    out.sort_by_key(|(n, _)| *n);
    out.into_iter().map(|(_, v)| v).collect()
}

fn text(files: &[(String, Vec<u8>)], name: &str) -> String {
    String::from_utf8(files.iter().find(|(n, _)| n == name).expect("in the bundle").1.clone()).expect("utf-8")
}

#[test]
fn exhibit_extensions_come_from_the_content_never_from_the_senders_file_name() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    // (name the file came with, its bytes, the extension it must get, its content type)
    let cases: [(&str, &[u8], &str, &str); 7] = [
        ("proof.html", HTML, "txt", "text/plain"),
        ("see-this.url", SHORTCUT, "txt", "text/plain"),
        ("photo.png.hta", PNG, "png", "image/png"),
        ("x.png", HTML, "txt", "text/plain"),
        ("video.mp4", HTML, "txt", "text/plain"),
        ("invoice.zip", ZIP, "bin", "application/zip"),
        ("holiday.jpg", PROGRAM, "bin", "application/octet-stream"),
    ];
    for (name, bytes, _, _) in cases {
        add(&mut vault, name, bytes);
    }
    let items = vault.items().expect("items");
    assert_eq!(items[4].media_type, "video/mp4", "control: the type recorded at import can come from the name");
    assert_eq!(items[0].media_type, "text/html", "control: so can this one");

    let files = export(&mut vault, dir.path(), None);
    let meta = metadata(&files);
    assert_eq!(meta.len(), cases.len(), "one metadata file per exhibit");
    for ((name, bytes, ext, kind), m) in cases.iter().zip(&meta) {
        let file = m["file"].as_str().expect("file");
        assert!(file.ends_with(&format!(".{ext}")), "{name}: named from its content as .{ext}, got {file}");
        assert_eq!(m["content_type"], *kind, "{name}: the metadata says what the content is");
        assert_eq!(m["original_name"], *name, "{name}: the name it came with is kept");
        let exported = &files.iter().find(|(n, _)| n == file).expect("the exhibit is in the bundle").1;
        assert_eq!(exported, bytes, "{name}: the exhibit is the original, byte for byte");
    }
    // Nothing in the bundle opens as a page, a shortcut or a program, except Holdfast's own pages.
    for (entry, _) in &files {
        let ext = entry.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        let own_page = entry == "START-HERE.html" || entry == "report.html";
        assert!(
            own_page || !matches!(ext.as_str(), "html" | "htm" | "url" | "hta" | "exe" | "lnk" | "js" | "zip" | "svg"),
            "{entry} would open something on a double-click"
        );
    }
}

#[test]
fn content_types_are_read_from_the_bytes_alone() {
    let cases: [(&[u8], &str); 10] = [
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\0\x01\0", "image/gif"),
        (b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\0\0\0\x14ftypqt  \0\0\0\0", "video/quicktime"),
        (b"\0\0\0\x18ftypmp42\0\0\0\0", "video/mp4"),
        (HTML, "text/plain"),
        ("Zahlen Sie 500 € – ".as_bytes(), "text/plain"),
        (PROGRAM, "application/octet-stream"),
    ];
    for (bytes, expected) in cases {
        assert_eq!(content_type(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
    }
    // A character cut off by the end of the first bytes is still text.
    let cut = "é".repeat(300).into_bytes();
    assert_eq!(content_type(&cut[..511]), "text/plain", "text cut mid-character at the end of the head");
    assert_eq!(content_type(b""), "application/octet-stream", "nothing to go on: opens nothing");
    assert_eq!(content_type(b"text\0with a NUL"), "application/octet-stream", "control bytes are not text");
}

#[test]
fn the_name_a_file_came_with_is_shown_escaped_in_the_report() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    add(&mut vault, "<img src=x onerror=alert(1)>.html", HTML);
    let files = export(&mut vault, dir.path(), None);
    let report = text(&files, "report.html");
    assert!(
        report.contains("original file name: <bdi>&lt;img src=x onerror=alert(1)&gt;.html</bdi>"),
        "the report names the file it came as, escaped and isolated"
    );
    assert!(!report.contains("<img src=x"), "the sender's name is never markup in the report");
    assert_eq!(
        metadata(&files)[0]["original_name"],
        "<img src=x onerror=alert(1)>.html",
        "kept as it was in the metadata"
    );
}

#[test]
fn start_here_says_the_exhibits_came_from_a_criminal_and_to_open_them_with_care() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    add(&mut vault, "proof.html", HTML);
    let files = export(&mut vault, dir.path(), None);
    let page = text(&files, "START-HERE.html");
    for words in [
        "Open the exhibits with care",
        "came from the person committing the crime",
        "a computer set aside for evidence",
        "do not double-click a file you do not know",
        "never by the name it came with",
        "<code>original_name</code>",
    ] {
        assert!(page.contains(words), "START-HERE says {words:?}");
    }
}

#[test]
fn exhibits_are_numbered_in_the_order_added_whatever_order_they_were_chosen_in() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    let first = add(&mut vault, "first.png", PNG);
    let second = vault.add_text(ItemKind::Message, "second, a message", ItemDetails::default()).expect("message");
    let third = add(&mut vault, "third.png", PNG);
    let files = export(&mut vault, dir.path(), Some(vec![third, second, first]));
    let meta = metadata(&files);
    let order: Vec<&str> = meta.iter().map(|m| m["original_name"].as_str().unwrap_or("(message)")).collect();
    assert_eq!(order, ["first.png", "(message)", "third.png"], "JS/1, JS/2, JS/3 follow the order added");
    assert_eq!(meta[0]["reference"], "JS/1", "the first added is JS/1");
    assert!(meta[1]["file"].as_str().is_some_and(|f| f.starts_with("exhibits/JS-2_message_")), "the message is JS/2");
    let report = text(&files, "report.html");
    let at = |name: &str| report.find(name).expect("the report lists it");
    assert!(at("first.png") < at("third.png"), "the report lists them in the same order");
}
