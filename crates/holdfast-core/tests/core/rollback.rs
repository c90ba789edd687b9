//! An older `vault.db` put back in place (issue 12, finding 1): the vault notices from
//! `vault.head`, says so plainly until the person deals with it, logs it, reports it in
//! `check`, and the evidence files the old database no longer names can be put back as items.

use std::path::Path;

use holdfast_core::vault::head::Why;
use holdfast_core::vault::model::ItemKind;
use holdfast_core::vault::{restore, ItemDetails, NewOriginal, Vault};

use crate::support::{new_vault, open};

/// Copies `vault.db` (the vault is closed, so SQLite has folded its write-ahead log into it).
fn copy_db(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("vault.db")).expect("copy vault.db")
}

/// Puts an old copy of `vault.db` back and deletes SQLite's side files, as the attack did.
fn put_back_db(dir: &Path, old: &[u8]) {
    std::fs::write(dir.join("vault.db"), old).expect("put the old vault.db back");
    for side in ["vault.db-wal", "vault.db-shm"] {
        let _ = std::fs::remove_file(dir.join(side));
    }
}

fn text(vault: &mut Vault, words: &str) -> i64 {
    vault.add_text(ItemKind::Message, words, ItemDetails::default()).expect("add a message")
}

#[test]
fn putting_back_an_old_vault_db_is_said_plainly_and_nothing_is_lost_silently() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    text(&mut vault, "the first threat");
    drop(vault);
    let old = copy_db(dir.path());

    let mut vault = open(dir.path());
    assert!(vault.older_database().is_none(), "an untouched vault is not older than itself");
    text(&mut vault, "a later threat, typed in");
    let file = vault.add_original(&mut &b"a later screenshot"[..], NewOriginal::file()).expect("add a file");
    let later_sha = vault.item(file).expect("item").sha256;
    drop(vault);

    put_back_db(dir.path(), &old);
    let vault = open(dir.path());
    let older = vault.older_database().expect("the older database is noticed").clone();
    assert_eq!(older.why, Why::Behind, "its log stops before the recorded head");
    let was = older.was.clone().expect("what the vault had reached is known");
    assert_eq!((was.items, older.found.items), (3, 1), "it says how many items there were and are");
    assert!(older.missing_entries().is_some_and(|n| n >= 3), "and how many log entries are missing");
    let said = older.describe();
    assert!(said.contains("older") && said.contains("backup"), "the words say what happened and what to do: {said}");
    let report = vault.check().expect("check runs");
    assert!(!report.is_intact(), "check no longer says 'intact' with fewer items");
    assert!(
        report.problems.iter().any(|p| p.contains("older")),
        "check names the older database: {:?}",
        report.problems
    );
    assert!(report.problems.iter().any(|p| p.contains("set-aside")), "and the set-aside file: {:?}", report.problems);
    assert!(
        vault.log().expect("log").iter().any(|e| e.body.contains("found an older database")),
        "the finding is in the log of the database in use"
    );
    let aside = vault.set_aside().expect("list set-aside");
    assert_eq!(aside.len(), 1, "the later screenshot's evidence file is set aside, not deleted: {aside:?}");
    drop(vault);

    // The warning stays until the person deals with it.
    let mut vault = open(dir.path());
    assert!(vault.older_database().is_some(), "the warning is shown again on the next unlock");
    let id = vault.put_back(&aside[0].name, false).expect("put the set-aside file back");
    assert_eq!(vault.item(id).expect("item").sha256, later_sha, "the item put back is the later screenshot, unchanged");
    let mut bytes = Vec::new();
    vault.read_original(id, &mut bytes).expect("it reads back");
    assert_eq!(bytes, b"a later screenshot", "with its bytes");
    assert!(vault.set_aside().expect("list").is_empty(), "nothing is left set aside");
    assert!(
        vault.log().expect("log").iter().any(|e| e.body.contains("put back a set-aside file")),
        "putting it back is logged"
    );
    vault.dismiss_older_database().expect("carry on");
    assert!(vault.older_database().is_none(), "dismissed");
    assert!(vault.check().expect("check").is_intact(), "and the vault checks clean once dealt with");
    drop(vault);
    assert!(open(dir.path()).older_database().is_none(), "a dismissed warning stays dismissed");
}

#[test]
fn a_deleted_head_record_is_noticed() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    text(&mut vault, "a threat");
    drop(vault);
    std::fs::remove_file(dir.path().join("vault.head")).expect("delete vault.head");
    let vault = open(dir.path());
    let older = vault.older_database().expect("a missing record is noticed, not taken as a fresh start");
    assert_eq!(older.why, Why::RecordMissing, "it says the record is missing");
}

#[test]
fn a_head_record_changed_without_the_key_is_noticed() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    text(&mut vault, "a threat");
    drop(vault);
    let path = dir.path().join("vault.head");
    let record = std::fs::read_to_string(&path).expect("read vault.head");
    // Lower the recorded head to match an older database: the tag no longer fits.
    let lowered = record.replacen("\"seq\": ", "\"seq\": 1", 1);
    assert_ne!(lowered, record, "the test changed the record");
    std::fs::write(&path, lowered).expect("write vault.head");
    let vault = open(dir.path());
    assert_eq!(
        vault.older_database().map(|o| o.why),
        Some(Why::RecordDamaged),
        "a record whose tag does not match is not trusted"
    );
}

#[test]
fn a_database_with_another_history_is_noticed() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    text(&mut vault, "the first threat");
    drop(vault);
    let old_db = copy_db(dir.path());
    let old_head = std::fs::read(dir.path().join("vault.head")).expect("copy vault.head");
    let mut vault = open(dir.path());
    text(&mut vault, "the second threat");
    drop(vault);
    let head_then = std::fs::read(dir.path().join("vault.head")).expect("copy vault.head");
    // Both files put back together (which no record in the folder can catch), then more work.
    put_back_db(dir.path(), &old_db);
    std::fs::write(dir.path().join("vault.head"), &old_head).expect("put back vault.head");
    let mut vault = open(dir.path());
    assert!(vault.older_database().is_none(), "a whole earlier state put back is consistent with itself");
    for n in 0..3 {
        text(&mut vault, &format!("other work {n}"));
    }
    drop(vault);
    // Now the record from the first history meets the database of the second.
    std::fs::write(dir.path().join("vault.head"), head_then).expect("put back the later vault.head");
    let vault = open(dir.path());
    assert_eq!(
        vault.older_database().map(|o| o.why),
        Some(Why::Rewritten),
        "a log that differs where the record's entry was is another history"
    );
}

#[test]
fn a_restored_backup_is_not_taken_for_an_older_database() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    text(&mut vault, "a threat");
    let backup = dir.path().with_extension("backup.zip");
    vault.backup(&backup).expect("back up");
    text(&mut vault, "added after the backup");
    drop(vault);
    let restored = tempfile::tempdir().expect("temp");
    let into = restored.path().join("vault");
    restore(&backup, &into).expect("restore");
    let vault = open(&into);
    assert!(vault.older_database().is_none(), "a backup carries its own record, so it opens without a false alarm");
    assert!(vault.check().expect("check").is_intact(), "and checks clean");
    let _ = std::fs::remove_file(backup);
}

#[test]
fn an_under_18_vault_never_takes_back_a_set_aside_file_marked_intimate() {
    let dir = tempfile::tempdir().expect("temp");
    let (vault, _) = crate::support::new_vault_with(dir.path(), true);
    drop(vault);
    let blobs = dir.path().join("blobs");
    std::fs::write(blobs.join("00112233445566778899aabbccddeeff.age"), b"not even a real blob").expect("orphan");
    let mut vault = open(dir.path());
    let aside = vault.set_aside().expect("list");
    assert_eq!(aside.len(), 1, "the orphan is set aside on open");
    let refused = vault.put_back(&aside[0].name, true);
    assert!(matches!(refused, Err(holdfast_core::error::Error::Refused(_))), "refused for under-18s: {refused:?}");
    let damaged = vault.put_back(&aside[0].name, false);
    assert!(damaged.is_err(), "a file that does not open with the vault's key is not made an item");
    assert_eq!(vault.set_aside().expect("list").len(), 1, "and it stays set aside, untouched");
}
