//! Hostile text (issue 12): whatever the blackmailer typed or named is stored exactly as it was,
//! and shown escaped and isolated wherever it is shown, the same in report.html and report.pdf.

use std::path::Path;

use holdfast_core::export::verify::verify_bundle;
use holdfast_core::vault::model::{ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, ItemDetails, NewOriginal, Payment, Vault};

use crate::export::{entries, options, pdf_text, problems};
use crate::support::new_vault;

/// A handle that would paint the terminal red.
const RED_HANDLE: &str = "\u{1b}[31mred_handle";
/// A message that rings the bell and breaks the line with NEL (U+0085).
const BELL_MESSAGE: &str = "pay now\u{7}\u{7} or else\u{85}last chance";
/// A file name with a line break in it: a second, made-up line in any listing.
const NEWLINE_NAME: &str = "proof\nVERIFIED.png";
/// A sender padded with spaces and a line break, and a bidirectional override.
const PADDED_SENDER: &str = " \u{202e}evil\n";
/// A Hebrew handle (right to left, with digits).
const HEBREW_HANDLE: &str = "שלום_123";

/// The hostile vault: one account with the red handle, one with the Hebrew handle, a message
/// with the bell, a file with the line break in its name, and a demand to a destination that
/// holds a zero-width space. Returns the vault and the ids (message, file).
fn hostile_vault(dir: &Path) -> (Vault, i64, i64) {
    let (mut vault, _) = new_vault(dir);
    vault
        .add_account(&Account {
            platform: "Instagram".into(),
            handle: RED_HANDLE.into(),
            display_name: Some("\u{7}Bell\u{85}Name".into()),
            ..Account::default()
        })
        .expect("an account with a terminal escape in its handle is kept");
    vault
        .add_account(&Account { platform: "Telegram".into(), handle: HEBREW_HANDLE.into(), ..Account::default() })
        .expect("a Hebrew handle");
    let details = ItemDetails {
        platform: Some("Snapchat".into()),
        sender: Some(PADDED_SENDER.into()),
        note: Some("first line\nsecond\u{1b}[2J line".into()),
        ..ItemDetails::default()
    };
    let message = vault.add_text(ItemKind::Message, BELL_MESSAGE, details).expect("a message with BEL and NEL is kept");
    let png = b"\x89PNG\r\n\x1a\n not really a picture";
    let file = vault
        .add_original(
            &mut &png[..],
            NewOriginal { kind: ItemKind::File, original_name: Some(NEWLINE_NAME.into()), ..NewOriginal::file() },
        )
        .expect("a file whose name holds a line break is kept");
    vault
        .add_payment(&Payment {
            id: 0,
            kind: "demand".into(),
            money: Money::parse("300", "GBP").expect("money"),
            method: PaymentMethod::GiftCard,
            destination: "CODE\u{200b}1234\u{7f}5678".into(),
            deadline: None,
            paid: false,
            reference: None,
            happened: None,
            account: None,
        })
        .expect("a destination with a zero-width space and DEL is kept");
    (vault, message, file)
}

#[test]
fn hostile_text_and_file_names_are_stored_verbatim() {
    let dir = tempfile::tempdir().expect("temp");
    let (vault, message, file) = hostile_vault(&dir.path().join("v"));
    let accounts = vault.accounts().expect("accounts");
    assert_eq!(accounts[0].handle, RED_HANDLE, "the handle is read back byte for byte");
    assert_eq!(accounts[0].display_name.as_deref(), Some("\u{7}Bell\u{85}Name"), "and the display name");
    assert_eq!(accounts[1].handle, HEBREW_HANDLE, "and the Hebrew handle");
    let item = vault.item(message).expect("message");
    assert_eq!(item.text.as_deref(), Some(BELL_MESSAGE), "the message keeps its BEL and NEL");
    assert_eq!(item.sender.as_deref(), Some(PADDED_SENDER), "the sender keeps its spaces, override and line break");
    assert_eq!(item.note.as_deref(), Some("first line\nsecond\u{1b}[2J line"), "the note keeps its escape");
    let mut original = Vec::new();
    vault.read_original(message, &mut original).expect("read the message");
    assert_eq!(original, BELL_MESSAGE.as_bytes(), "the message's original is its bytes");
    assert_eq!(vault.item(file).expect("file").original_name.as_deref(), Some(NEWLINE_NAME), "the name as it came");
    assert_eq!(vault.payments().expect("payments")[0].destination, "CODE\u{200b}1234\u{7f}5678", "the destination");
    assert!(vault.check().expect("check").is_intact(), "a vault holding such text is intact");
}

#[test]
fn interior_nul_is_stored_verbatim_too() {
    // SQLite keeps a string's length, not a terminator, and JSON writes NUL as \u0000.
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    let id = vault.add_text(ItemKind::Message, "before\0after", ItemDetails::default()).expect("a NUL is kept");
    assert_eq!(vault.item(id).expect("item").text.as_deref(), Some("before\0after"), "nothing is cut at the NUL");
    let account = vault
        .add_account(&Account { platform: "X".into(), handle: "nul\0handle".into(), ..Account::default() })
        .expect("account");
    let accounts = vault.accounts().expect("accounts");
    assert!(accounts.iter().any(|a| a.id == account && a.handle == "nul\0handle"), "a handle keeps its NUL too");
    let out = dir.path().join("b.zip");
    vault.export(&out, &options(None)).expect("export");
    let verdict = verify_bundle(&out, None).expect("verify");
    assert!(verdict.verified, "a bundle with a NUL in its text verifies:\n{}", problems(&verdict));
    let report = report_html(&out);
    assert!(report.contains("nul[U+0000]handle") && !report.contains('\0'), "shown as a code");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs Linux's pdftotext (poppler-utils), which a Windows program under Wine cannot start"
)]
fn one_sanitiser_for_every_display_of_untrusted_text() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _, _) = hostile_vault(&dir.path().join("v"));
    let out = dir.path().join("bundle.zip");
    vault.export(&out, &options(None)).expect("export the hostile vault");
    let verdict = verify_bundle(&out, None).expect("verify");
    assert!(verdict.verified, "hostile text in the vault does not stop a bundle verifying:\n{}", problems(&verdict));

    let files = entries(&out);
    let exhibit = files.iter().find(|(n, _)| n.starts_with("exhibits/JS-1_message_")).expect("the message exhibit");
    assert_eq!(exhibit.1, BELL_MESSAGE.as_bytes(), "the exhibit is the message byte for byte");
    let metadata = files.iter().find(|(n, _)| n == "exhibits/JS-2.json").expect("the file's metadata");
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.1).expect("JSON");
    assert_eq!(metadata["original_name"], NEWLINE_NAME, "the metadata keeps the name as it came");

    let shown = [("report.html", report_html(&out)), ("report.pdf", pdf_text(dir.path(), &get(&files, "report.pdf")))];
    for (name, text) in &shown {
        for raw in ['\u{1b}', '\u{7}', '\u{85}', '\u{202e}', '\u{200b}', '\u{7f}'] {
            assert!(!text.contains(raw), "{name} holds a raw U+{:04X}", raw as u32);
        }
        let flat = text.split_whitespace().collect::<String>();
        for code in [
            "[U+001B][31mred_handle",
            "[U+0007]Bell[U+0085]Name",
            "proof[U+000A]VERIFIED.png",
            "[U+202E]evil[U+000A]",
            "second[U+001B][2J",
            "CODE[U+200B]1234[U+007F]5678",
        ] {
            // pdftotext breaks lines where the PDF does: compare without white space.
            let code: String = code.split_whitespace().collect();
            assert!(flat.contains(&code), "{name} shows {code} as codes:\n{text}");
        }
    }
    let html = &shown[0].1;
    assert!(html.contains("first line</bdi><br><bdi>second"), "a note's own line break stays a line break");
    assert!(!html.contains("\nVERIFIED"), "a file name cannot start a line of its own");
}

#[test]
fn right_to_left_runs_are_isolated_in_the_html_report() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _, _) = hostile_vault(&dir.path().join("v"));
    let out = dir.path().join("bundle.zip");
    vault.export(&out, &options(None)).expect("export");
    let html = report_html(&out);
    assert!(html.contains(&format!("<td><bdi>{HEBREW_HANDLE}</bdi></td>")), "the handle is isolated in its cell");
    assert!(html.contains("<bdi>Instagram</bdi>"), "every value from the vault is, not only right-to-left ones");
    assert!(html.contains("from <bdi>"), "the sender is shown, isolated");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs Linux's pdftotext (poppler-utils), which a Windows program under Wine cannot start"
)]
fn a_hebrew_handle_reads_the_same_in_the_pdf_as_in_the_html() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _, _) = hostile_vault(&dir.path().join("v"));
    let out = dir.path().join("bundle.zip");
    vault.export(&out, &options(None)).expect("export");
    let files = entries(&out);
    let pdf = get(&files, "report.pdf");
    let text = pdf_text(dir.path(), &pdf);
    // The PDF draws glyphs in visual order, as a browser draws `Handle: <bdi>שלום_123</bdi>`:
    // the digits on the left, then the Hebrew, read right to left. pdftotext gives the runs in
    // that order, each right-to-left run in logical order (between embedding marks, dropped
    // here). Drawn as one left-to-right run, as before, the Hebrew came out reversed.
    let text: String = text.chars().filter(|c| !matches!(c, '\u{202a}'..='\u{202e}')).collect();
    assert!(text.contains("Handle: 123_שלום"), "the handle is drawn in visual order:\n{text}");
    let reversed: String = "שלום".chars().rev().collect();
    assert!(!text.contains(&reversed), "and the Hebrew is never reversed:\n{text}");
}

fn get(files: &[(String, Vec<u8>)], name: &str) -> Vec<u8> {
    files.iter().find(|(n, _)| n == name).map(|(_, b)| b.clone()).expect("file in bundle")
}

fn report_html(bundle: &Path) -> String {
    String::from_utf8(get(&entries(bundle), "report.html")).expect("utf-8")
}
