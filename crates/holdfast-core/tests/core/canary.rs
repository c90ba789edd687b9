//! Nothing readable touches the disk outside the vault: a scripted session stores unique
//! canary strings in every kind of record; afterwards no file under the vault or the temporary
//! folder contains any of them.

use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, ItemDetails, NewOriginal, Payment};

use crate::support::{files_under, new_vault, open};

#[test]
fn no_canary_appears_in_any_file_of_the_vault_or_the_temp_folder() {
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let tag = format!("{:x}", std::process::id() as u64 * 2_654_435_761);
    let canary = |what: &str| format!("CANARY{tag}{what}");
    let vault_dir = tempfile::tempdir().expect("temp");
    // The sources must live outside both scanned places: they hold canaries by design.
    let sources =
        tempfile::Builder::new().prefix("canary-src").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("sources");
    let (mut vault, _) = new_vault(vault_dir.path());

    let file = sources.path().join(format!("{}.png", canary("FILENAME")));
    std::fs::write(&file, canary("FILEBYTES").repeat(5000)).expect("source file");
    let details = |what: &str| ItemDetails {
        happened: Some(
            Happened::parse("2026-11-28T21:14:03+01:00", Some(canary(&format!("{what}ZONE")))).expect("time"),
        ),
        platform: Some(canary(&format!("{what}PLATFORM"))),
        sender: Some(canary(&format!("{what}SENDER"))),
        note: Some(canary(&format!("{what}NOTE"))),
        tags: vec![canary(&format!("{what}TAG"))],
        accounts: vec![],
    };
    let account = vault
        .add_account(&Account {
            platform: canary("ACCPLATFORM"),
            handle: canary("HANDLE"),
            user_id: Some(canary("USERID")),
            url: Some(format!("https://example.org/{}", canary("URL"))),
            display_name: Some(canary("DISPLAYNAME")),
            emails: vec![format!("{}@example.org", canary("EMAIL"))],
            phones: vec![canary("PHONE")],
            ..Default::default()
        })
        .expect("account");
    let id = vault.add_file(&file, NewOriginal { details: details("FILE"), ..NewOriginal::file() }).expect("file");
    vault.add_text(ItemKind::Message, &canary("MESSAGETEXT"), details("MSG")).expect("message");
    vault.add_text(ItemKind::Note, &canary("NOTETEXT"), details("NOTEITEM")).expect("note");
    vault.edit_item(id, details("EDIT")).expect("edit");
    vault.link(id, account).expect("link");
    vault
        .add_payment(&Payment {
            id: 0,
            kind: "demand".into(),
            money: Money::parse("500", "GBP").expect("money"),
            method: PaymentMethod::Crypto,
            destination: canary("WALLET"),
            deadline: None,
            paid: false,
            reference: Some(canary("REFERENCE")),
            happened: None,
            account: Some(account),
        })
        .expect("payment");
    let mut sink = Vec::new();
    vault.read_original(id, &mut sink).expect("read back");
    drop(vault);
    let reopened = open(vault_dir.path());
    assert!(reopened.check().expect("check").is_intact(), "the session left an intact vault");
    drop(reopened);

    let needle = format!("CANARY{tag}");
    let mut scanned = 0;
    let mut found = Vec::new();
    for root in [vault_dir.path().to_path_buf(), std::env::temp_dir()] {
        for path in files_under(&root) {
            if path.starts_with(sources.path()) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            // Only what was written during this session can hold its canaries; skip other
            // tests' multi-gigabyte sources.
            let fresh = meta.modified().map(|m| m >= started).unwrap_or(true);
            if !fresh || meta.len() > 256 * 1024 * 1024 {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else { continue };
            scanned += 1;
            let utf16: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
                || bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
            {
                found.push(path.display().to_string());
            }
        }
    }
    assert!(scanned >= 4, "the vault's own files were scanned ({scanned} files)");
    assert!(found.is_empty(), "canaries found on disk outside the sources: {found:?}");
}
