//! Round-trip properties: random files and records go in, identical bytes and fields come out.

use std::sync::{Mutex, OnceLock};

use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, ItemDetails, NewOriginal, Payment, Vault};
use proptest::prelude::*;

use crate::support::new_vault;

/// One vault for all cases (creating one per case would spend the time on Argon2).
/// A static is never dropped, so it lives in one fixed folder under the target directory,
/// emptied at the start of each run, rather than in a temporary folder left behind each time.
fn shared() -> &'static Mutex<Vault> {
    static VAULT: OnceLock<Mutex<Vault>> = OnceLock::new();
    VAULT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("roundtrip-vault");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("empty the last run's vault");
        }
        std::fs::create_dir_all(&dir).expect("vault folder");
        let (vault, _) = new_vault(&dir);
        Mutex::new(vault)
    })
}

/// Text as it may come from the blackmailer: any characters at all (controls, line breaks,
/// escapes, spaces at the ends), not blank. It is kept exactly.
fn typed() -> impl Strategy<Value = String> {
    "(?s).{1,120}".prop_filter("not blank", |s| !s.trim().is_empty())
}

/// A tag: the person's own label, kept without the spaces at its ends.
fn tag() -> impl Strategy<Value = String> {
    typed().prop_map(|s| s.trim().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_files_come_back_byte_for_byte(bytes in prop::collection::vec(any::<u8>(), 0..200_000), name in typed()) {
        let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
        let vault = &mut *guard;
        let new = NewOriginal { original_name: Some(name.clone()), ..NewOriginal::file() };
        let id = vault.add_original(&mut bytes.as_slice(), new).expect("add");
        let mut out = Vec::new();
        vault.read_original(id, &mut out).expect("read");
        prop_assert_eq!(&out, &bytes, "identical bytes out");
        let item = vault.item(id).expect("item");
        prop_assert_eq!(item.size, bytes.len() as u64, "size recorded");
        prop_assert_eq!(item.original_name.as_deref(), Some(name.as_str()), "name recorded");
        prop_assert_eq!(item.sha256, holdfast_core::vault::sha256_hex(&bytes), "hash of the original");
    }

    #[test]
    fn random_messages_and_details_come_back_identical(
        text in "(?s).{1,2000}".prop_filter("not blank", |s| !s.trim().is_empty()),
        platform in typed(), sender in typed(), note in typed(), tag in tag(),
        minutes in 0i64..5_000_000, offset_quarters in -48i32..=56,
    ) {
        let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
        let vault = &mut *guard;
        let utc = chrono::DateTime::from_timestamp(1_600_000_000 + minutes * 60, 0).expect("time");
        let offset = chrono::FixedOffset::east_opt(offset_quarters * 900).expect("offset");
        let stated = utc.with_timezone(&offset).to_rfc3339();
        let details = ItemDetails {
            happened: Some(Happened::parse(&stated, None).expect("parse")),
            platform: Some(platform.clone()), sender: Some(sender.clone()), note: Some(note.clone()),
            tags: vec![tag.clone()], accounts: vec![],
        };
        let id = vault.add_text(ItemKind::Message, &text, details).expect("add");
        let item = vault.item(id).expect("item");
        prop_assert_eq!(item.text.as_deref(), Some(text.as_str()));
        prop_assert_eq!(item.platform.as_deref(), Some(platform.as_str()));
        prop_assert_eq!(item.sender.as_deref(), Some(sender.as_str()));
        prop_assert_eq!(item.note.as_deref(), Some(note.as_str()));
        prop_assert_eq!(item.tags, vec![tag]);
        let expected_utc = utc.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        prop_assert_eq!(item.happened_utc.as_deref(), Some(expected_utc.as_str()), "the instant survives any offset");
    }

    #[test]
    fn random_accounts_and_payments_come_back_identical(
        handle in typed(), display in typed(), user_id in typed(), whole in 0u64..10_000_000_000, cents in 0u32..100,
        destination in typed(), method in 0usize..6,
    ) {
        let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
        let vault = &mut *guard;
        let account = Account { platform: "Test".into(), handle: handle.clone(), display_name: Some(display.clone()), user_id: Some(user_id.clone()), ..Default::default() };
        let id = vault.add_account(&account).expect("account");
        let stored = vault.accounts().expect("accounts").into_iter().find(|a| a.id == id).expect("found");
        prop_assert_eq!(stored.handle, handle);
        prop_assert_eq!(stored.display_name, Some(display));
        prop_assert_eq!(stored.user_id, Some(user_id));

        let amount = format!("{whole}.{cents:02}");
        let payment = Payment {
            id: 0, kind: "payment".into(), money: Money::parse(&amount, "EUR").expect("money"),
            method: PaymentMethod::ALL[method].0, destination: destination.clone(), deadline: None, paid: true,
            reference: None, happened: None, account: Some(id),
        };
        let pid = vault.add_payment(&payment).expect("payment");
        let back = vault.payments().expect("payments").into_iter().find(|p| p.id == pid).expect("found");
        prop_assert_eq!(back.money, payment.money, "exact amount and currency");
        prop_assert_eq!(back.method, payment.method);
        prop_assert_eq!(back.destination, destination);
        prop_assert_eq!(back.account, Some(id));
    }
}
