//! The vault's behaviour: create, unlock, records, versions, deletion, the under-18 rule,
//! the timeline and search.

use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, Filter, ItemDetails, NewOriginal, Payment, Unlock, Vault};
use holdfast_core::ErrorCode;

use crate::support::{new_vault, new_vault_with, open, snapshot, PASS};

fn message(text: &str, at: &str, platform: &str) -> (String, ItemDetails) {
    let details = ItemDetails {
        happened: Some(Happened::parse(at, None).expect("valid time")),
        platform: Some(platform.into()),
        sender: Some("blackmailer_01".into()),
        ..Default::default()
    };
    (text.to_string(), details)
}

fn payment(amount: &str, paid: bool) -> Payment {
    Payment {
        id: 0,
        kind: if paid { "payment" } else { "demand" }.into(),
        money: Money::parse(amount, "gbp").expect("money"),
        method: PaymentMethod::GiftCard,
        destination: "XXXX-GIFT-CODE".into(),
        deadline: Some("2026-11-29T18:00:00+00:00".into()),
        paid,
        reference: None,
        happened: Some(Happened::parse("2026-11-28T22:00:00+00:00", None).expect("time")),
        account: None,
    }
}

#[test]
fn a_new_vault_opens_with_its_passphrase_and_with_its_recovery_key() {
    let dir = tempfile::tempdir().expect("temp");
    let (vault, recovery) = new_vault(dir.path());
    drop(vault);
    assert!(Vault::open(dir.path(), Unlock::Passphrase(PASS)).is_ok(), "the passphrase opens it");
    assert!(Vault::open(dir.path(), Unlock::RecoveryKey(&recovery)).is_ok(), "the recovery key opens it");
    let wrong = Vault::open(dir.path(), Unlock::Passphrase(b"not the passphrase")).expect_err("wrong passphrase");
    assert_eq!(wrong.code(), ErrorCode::WrongPassphrase, "a wrong passphrase has its own code");
    let bad_key = Vault::open(dir.path(), Unlock::RecoveryKey("0000-0000-0000-0000-0000-0000-0000-0000-RM3P"))
        .expect_err("another recovery key");
    assert_eq!(bad_key.code(), ErrorCode::WrongPassphrase, "a wrong recovery key gives the same error");
}

#[test]
fn the_database_uses_wal_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().expect("temp");
    let (vault, _) = new_vault(dir.path());
    let (journal, synchronous, foreign_keys) = vault.storage_settings().expect("read settings");
    assert_eq!(journal, "wal", "journal_mode=WAL");
    assert_eq!(synchronous, 2, "synchronous=FULL");
    assert_eq!(foreign_keys, 1, "foreign_keys=ON");
}

#[test]
fn the_database_file_is_encrypted() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let (text, details) = message("readable-marker-7731", "2026-11-28T21:00:00+00:00", "Instagram");
    vault.add_text(ItemKind::Message, &text, details).expect("add");
    drop(vault);
    let db = std::fs::read(dir.path().join("vault.db")).expect("read db");
    assert!(!db.starts_with(b"SQLite format 3"), "no plaintext SQLite header");
    assert!(!db.windows(20).any(|w| w == b"readable-marker-7731"), "no plaintext row text");
}

#[test]
fn changing_the_passphrase_keeps_the_evidence_and_the_recovery_key() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, recovery) = new_vault(dir.path());
    let id = vault.add_original(&mut &b"original bytes"[..], NewOriginal::file()).expect("add");
    let blobs_before = snapshot(&dir.path().join("blobs"));
    vault.change_passphrase(b"a brand new passphrase").expect("change");
    drop(vault);
    assert_eq!(snapshot(&dir.path().join("blobs")), blobs_before, "evidence is not re-encrypted");
    assert_eq!(
        Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect_err("old passphrase").code(),
        ErrorCode::WrongPassphrase,
        "the old passphrase no longer opens it"
    );
    let vault =
        Vault::open(dir.path(), Unlock::Passphrase(b"a brand new passphrase")).expect("new passphrase opens it");
    let mut out = Vec::new();
    vault.read_original(id, &mut out).expect("read");
    assert_eq!(out, b"original bytes", "the evidence is intact");
    assert!(vault.log().expect("log").iter().any(|e| e.body.contains("change passphrase")), "the change is logged");
    drop(vault);
    assert!(Vault::open(dir.path(), Unlock::RecoveryKey(&recovery)).is_ok(), "the recovery key still works");
}

#[test]
fn a_passphrase_typed_in_another_unicode_form_still_opens_the_vault() {
    let dir = tempfile::tempdir().expect("temp");
    // "café" with a precomposed é, then opened with e + combining acute accent.
    let composed = "mon café secret".as_bytes();
    let decomposed = "mon cafe\u{301} secret".as_bytes();
    Vault::create(
        dir.path(),
        composed,
        holdfast_core::vault::CreateOptions { kdf: Some(holdfast_core::vault::KDF_FLOOR), under_18: false },
    )
    .expect("create");
    assert!(Vault::open(dir.path(), Unlock::Passphrase(decomposed)).is_ok(), "normal form C makes both the same");
}

#[test]
fn a_mistyped_recovery_key_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    let (_vault, recovery) = new_vault(dir.path());
    let mut typo: Vec<char> = recovery.chars().collect();
    typo[1] = if typo[1] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let err = Vault::open(dir.path(), Unlock::RecoveryKey(&typo)).expect_err("typo");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "a typo is caught before any key work");
    assert!(err.to_string().contains("mistyped"), "and the person is told: {err}");
}

#[test]
fn a_vault_open_elsewhere_is_not_opened_twice() {
    let dir = tempfile::tempdir().expect("temp");
    let (vault, _) = new_vault(dir.path());
    let second = Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect_err("already open");
    assert_eq!(second.code(), ErrorCode::InUse, "a second opener is told the vault is in use");
    drop(vault);
    assert!(Vault::open(dir.path(), Unlock::Passphrase(PASS)).is_ok(), "once closed, it opens");
    let wrong = tempfile::tempdir().expect("temp");
    let (_v, _) = new_vault(wrong.path());
    let before = crate::support::snapshot(wrong.path());
    let _ = Vault::open(wrong.path(), Unlock::Passphrase(b"wrong passphrase here"));
    assert_eq!(crate::support::snapshot(wrong.path()), before, "a wrong passphrase still changes nothing");
}

#[test]
fn a_short_passphrase_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let err = Vault::create(dir.path(), b"short", Default::default()).expect_err("too short");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "a short passphrase is invalid input");
    assert!(!dir.path().join("vault.json").exists(), "nothing was created");
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_vault, _) = new_vault(dir.path());
    let before = snapshot(dir.path());
    let err = Vault::create(dir.path(), PASS, Default::default()).expect_err("already a vault");
    assert_eq!(err.code(), ErrorCode::NotAVault, "a second create is refused");
    assert_eq!(snapshot(dir.path()), before, "and changes nothing");
}

#[test]
fn opening_a_folder_that_is_not_a_vault_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    let err = Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect_err("empty folder");
    assert_eq!(err.code(), ErrorCode::NotAVault, "an empty folder is not a vault");
}

#[test]
fn originals_never_change_and_edits_are_versions() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let (text, details) = message("Pay or I send it to your family", "2026-11-28T21:14:03+01:00", "Instagram");
    let id = vault.add_text(ItemKind::Message, &text, details).expect("add");
    let before = vault.item(id).expect("item");
    let edit = ItemDetails {
        note: Some("This was the first threat".into()),
        platform: Some("Instagram DM".into()),
        ..Default::default()
    };
    let version = vault.edit_item(id, edit).expect("edit");
    assert_eq!(version, 2, "an edit makes version 2");
    let after = vault.item(id).expect("item");
    assert_eq!(after.text, before.text, "the message text never changes");
    assert_eq!(after.sha256, before.sha256, "nor its hash");
    assert_eq!(after.note.as_deref(), Some("This was the first threat"), "the new details are current");
    let history = vault.history(id).expect("history");
    assert_eq!(history.len(), 2, "both versions are kept");
    assert_eq!(history[0].platform.as_deref(), Some("Instagram"), "version 1 is unchanged");
    assert_eq!(history[0].happened_at.as_deref(), Some("2026-11-28T21:14:03+01:00"), "as stated, with its offset");
    assert_eq!(history[0].happened_utc.as_deref(), Some("2026-11-28T20:14:03.000Z"), "and in UTC");
}

#[test]
fn a_deleted_item_is_gone_and_its_deletion_is_logged_with_its_hash() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let id = vault.add_original(&mut &b"added by mistake"[..], NewOriginal::file()).expect("add");
    let sha = vault.item(id).expect("item").sha256;
    assert_eq!(crate::support::files_under(&dir.path().join("blobs")).len(), 1, "one blob stored");
    vault.delete_item(id).expect("delete");
    assert_eq!(vault.item(id).expect_err("gone").code(), ErrorCode::NotFound, "the item is gone");
    assert!(crate::support::files_under(&dir.path().join("blobs")).is_empty(), "its blob is removed");
    let log = vault.log().expect("log");
    let last = log.last().expect("an entry");
    assert!(last.body.contains("\"delete item\"") && last.body.contains(&sha), "the deletion is logged with the hash");
    assert!(vault.check().expect("check").is_intact(), "the vault is intact after a deletion");
}

#[test]
fn an_under_18_vault_refuses_intimate_items() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault_with(dir.path(), true);
    let new = NewOriginal { intimate: true, ..NewOriginal::file() };
    let err = vault.add_original(&mut &b"image bytes"[..], new).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::Refused, "refused on purpose");
    assert!(err.to_string().contains("under 18"), "the message explains why: {err}");
    assert!(crate::support::files_under(&dir.path().join("blobs")).is_empty(), "nothing was written");
    let id = vault.add_original(&mut &b"chat screenshot"[..], NewOriginal::file()).expect("non-intimate is fine");
    assert_eq!(
        vault.set_intimate(id, true).expect_err("refused").code(),
        ErrorCode::Refused,
        "marking later is refused too"
    );
}

#[test]
fn intimate_items_can_never_be_chosen_for_an_export() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let chat = vault.add_original(&mut &b"chat"[..], NewOriginal::file()).expect("chat");
    let image = vault
        .add_original(&mut &b"image"[..], NewOriginal { intimate: true, ..NewOriginal::file() })
        .expect("adult may keep it");
    let later = vault.add_original(&mut &b"marked later"[..], NewOriginal::file()).expect("add");
    vault.set_intimate(later, true).expect("mark later");
    let all: Vec<i64> = vault.exportable_items(None).expect("all").iter().map(|i| i.id).collect();
    assert_eq!(all, vec![chat], "'everything' leaves out intimate items");
    for id in [image, later] {
        let err = vault.exportable_items(Some(&[chat, id])).expect_err("chosen intimate item");
        assert_eq!(err.code(), ErrorCode::Refused, "choosing an intimate item is refused");
    }
    assert_eq!(vault.exportable_items(Some(&[chat])).expect("chat").len(), 1, "others can be chosen");
}

#[test]
fn switching_to_under_18_is_refused_while_intimate_items_exist() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let id =
        vault.add_original(&mut &b"x"[..], NewOriginal { intimate: true, ..NewOriginal::file() }).expect("adult may");
    assert_eq!(vault.set_under_18(true).expect_err("refused").code(), ErrorCode::Refused, "refused while one exists");
    vault.delete_item(id).expect("delete");
    vault.set_under_18(true).expect("allowed once deleted");
    drop(vault);
    assert!(open(dir.path()).under_18(), "the setting persists");
}

#[test]
fn accounts_payments_and_links_round_trip() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let account = Account {
        platform: "Instagram".into(),
        handle: "اليكس_٢٠٢٦".into(),
        user_id: Some("1234567890".into()),
        url: Some("https://www.instagram.com/example".into()),
        display_name: Some("Алекс 🙂".into()),
        emails: vec!["x@example.org".into()],
        phones: vec!["+44 7700 900123".into()],
        ..Default::default()
    };
    let account_id = vault.add_account(&account).expect("add account");
    let (text, mut details) = message("threat", "2026-11-28T21:00:00Z", "Instagram");
    details.accounts = vec![account_id];
    let item = vault.add_text(ItemKind::Message, &text, details).expect("add");
    let stored = &vault.accounts().expect("accounts")[0];
    assert_eq!(stored.handle, account.handle, "Arabic handle round-trips");
    assert_eq!(stored.display_name, account.display_name, "Cyrillic and emoji round-trip");
    assert_eq!(stored.emails, account.emails, "e-mails");
    assert_eq!(vault.item(item).expect("item").accounts, vec![account_id], "the item is linked");

    let demand = vault.add_payment(&payment("1500.50", false)).expect("demand");
    let paid = vault.add_payment(&payment("0.1", true)).expect("payment");
    let payments = vault.payments().expect("payments");
    assert_eq!(payments.len(), 2, "both stored");
    assert_eq!(payments[0].id, demand, "ids");
    assert_eq!(payments[0].money.amount, "1500.50", "the amount is exact text, not a float");
    assert_eq!(payments[1].money.amount, "0.1", "small amounts are exact");
    assert!(payments[1].paid && paid > demand, "paid flag");
    let total = holdfast_core::vault::model::total(&[payments[0].money.clone(), payments[1].money.clone()]);
    assert_eq!(total, "1500.6", "totals are exact decimals");
}

#[test]
fn bad_amounts_currencies_and_methods_are_refused_plainly() {
    for amount in ["", "abc", "12.3.4", "-5", "1e5", "12."] {
        assert!(Money::parse(amount, "GBP").is_err(), "amount {amount:?} is refused");
    }
    assert_eq!(Money::parse(" 1000.00 ", "usd").expect("ok").amount, "1000.00", "spaces are tidied");
    let comma = Money::parse("49,99", "EUR").expect_err("a comma is ambiguous");
    assert!(comma.to_string().contains("without commas"), "the message says how to write it: {comma}");
    assert!(Money::parse("1,000", "GBP").is_err(), "thousands commas are refused too, never guessed");
    assert!(Money::parse("5", "POUNDS!").is_err(), "a currency must be a code");
    assert!(PaymentMethod::parse("pigeon").is_err(), "unknown method");
    assert_eq!(PaymentMethod::parse("Gift card").expect("ok"), PaymentMethod::GiftCard, "spelling is forgiving");
}

#[test]
fn the_timeline_orders_by_when_it_happened_and_search_narrows_it() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let acc = vault
        .add_account(&Account { platform: "Snapchat".into(), handle: "snap_villain".into(), ..Default::default() })
        .expect("account");
    // Added out of order; the timeline must sort them by when they happened (in UTC).
    let (t, d) = message("third: send 500 now", "2026-11-28T23:00:00+00:00", "Snapchat");
    let third = vault.add_text(ItemKind::Message, &t, ItemDetails { accounts: vec![acc], ..d }).expect("add");
    let (t, d) = message("first: hi there", "2026-11-28T20:00:00+01:00", "Instagram");
    let first = vault.add_text(ItemKind::Message, &t, d).expect("add");
    let (t, d) = message("second: I recorded you", "2026-11-28T22:30:00+02:00", "Instagram");
    let second = vault.add_text(ItemKind::Message, &t, d).expect("add");
    let pay = vault.add_payment(&payment("500", false)).expect("demand at 22:00Z");

    let all = vault.timeline(&Filter::default()).expect("timeline");
    let order: Vec<(&str, i64)> = all.iter().map(|e| (e.source, e.id)).collect();
    assert_eq!(
        order,
        vec![("item", first), ("item", second), ("payment", pay), ("item", third)],
        "ordered by happened-at in UTC (19:00Z, 20:30Z, 22:00Z, 23:00Z)"
    );
    let by_text = vault.timeline(&Filter { text: Some("RECORDED".into()), ..Default::default() }).expect("search");
    assert_eq!(by_text.iter().map(|e| e.id).collect::<Vec<_>>(), vec![second], "text search is case-insensitive");
    let by_platform =
        vault.timeline(&Filter { platform: Some("instagram".into()), ..Default::default() }).expect("platform");
    assert_eq!(by_platform.len(), 2, "two Instagram items");
    let by_account = vault.timeline(&Filter { account: Some(acc), ..Default::default() }).expect("account");
    assert_eq!(by_account.iter().map(|e| e.id).collect::<Vec<_>>(), vec![third], "items linked to the account");
    let by_handle =
        vault.timeline(&Filter { text: Some("snap_villain".into()), ..Default::default() }).expect("handle");
    assert_eq!(by_handle.iter().map(|e| e.id).collect::<Vec<_>>(), vec![third], "search finds linked handles");
    let range = Filter {
        from: Some("2026-11-28T20:00:00Z".into()),
        to: Some("2026-11-28T22:00:00Z".into()),
        ..Default::default()
    };
    let in_range: Vec<i64> = vault.timeline(&range).expect("range").iter().map(|e| e.id).collect();
    assert_eq!(in_range, vec![second, pay], "date range is inclusive, in UTC");
    let percent = vault.timeline(&Filter { text: Some("%".into()), ..Default::default() }).expect("literal %");
    assert!(percent.is_empty(), "search characters are literal, not wildcards");
}

#[test]
fn every_action_is_in_a_verifiable_log() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let (t, d) = message("m", "2026-11-28T21:00:00Z", "X");
    let id = vault.add_text(ItemKind::Message, &t, d).expect("add");
    vault.edit_item(id, ItemDetails { note: Some("n".into()), ..Default::default() }).expect("edit");
    let acc =
        vault.add_account(&Account { platform: "X".into(), handle: "h".into(), ..Default::default() }).expect("acc");
    vault.link(id, acc).expect("link");
    vault.add_payment(&payment("1", false)).expect("pay");
    vault.delete_item(id).expect("delete");
    vault.change_passphrase(b"another passphrase").expect("change");
    drop(vault);
    let vault = Vault::open(dir.path(), Unlock::Passphrase(b"another passphrase")).expect("open");
    let actions: Vec<String> = vault
        .log()
        .expect("log")
        .iter()
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.body).expect("json")["action"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    for wanted in [
        "create vault",
        "add item",
        "edit item",
        "add account",
        "link",
        "add payment",
        "delete item",
        "change passphrase",
        "unlock",
    ] {
        assert!(actions.iter().any(|a| a == wanted), "'{wanted}' is logged: {actions:?}");
    }
    let report = vault.check().expect("check");
    assert!(report.is_intact(), "the chain verifies: {:?}", report.problems);
    assert_eq!(report.log_entries, actions.len(), "every entry was checked");
}

#[test]
fn a_changed_log_entry_breaks_the_chain() {
    use holdfast_core::vault::log::verify_chain;
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    vault.add_original(&mut &b"x"[..], NewOriginal::file()).expect("add");
    let entries = vault.log().expect("log");
    assert!(entries.len() >= 2, "a chain of at least two entries");
    let as_tuple = |e: &holdfast_core::vault::log::Entry| {
        (e.seq, Some(e.body.clone()), e.body_hash.clone(), e.prev.clone(), e.hash.clone())
    };
    let good: Vec<_> = entries.iter().map(as_tuple).collect();
    let check = |chain: &Vec<(i64, Option<String>, String, String, String)>| {
        verify_chain(chain.iter().map(|(s, b, bh, p, h)| (*s, b.as_deref(), bh.as_str(), p.as_str(), h.as_str())))
    };
    assert!(check(&good).is_ok(), "the stored chain verifies");
    let mut edited = good.clone();
    edited[0].1 = Some(edited[0].1.clone().unwrap_or_default().replace("create vault", "create vaulx"));
    assert!(check(&edited).is_err(), "an edited body is detected");
    let mut hidden = good.clone();
    hidden[0].1 = None;
    assert!(check(&hidden).is_ok(), "a withheld body (export of other items) still verifies by its hash");
    let mut dropped = good.clone();
    dropped.remove(0);
    assert!(check(&dropped).is_err(), "a dropped entry is detected");
}
