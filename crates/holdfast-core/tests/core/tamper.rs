//! The tamper matrix: every single-bit flip of the header and its key wraps, and a sample of
//! bits in the evidence blobs and the database, is detected. A wrong passphrase, a thousand
//! times over, opens nothing and changes no byte.

use holdfast_core::vault::{NewOriginal, Unlock, Vault};

use crate::support::{copy_tree, new_vault, snapshot, PASS};

fn small_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let bytes: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    vault.add_original(&mut bytes.as_slice(), NewOriginal::file()).expect("add");
    vault.add_original(&mut &b"second item"[..], NewOriginal::file()).expect("add");
    dir
}

/// Opening fails, or it opens and `check` reports a problem.
fn detected(dir: &std::path::Path) -> bool {
    match Vault::open(dir, Unlock::Passphrase(PASS)) {
        Err(_) => true,
        Ok(vault) => match vault.check() {
            Ok(report) => !report.is_intact(),
            Err(_) => true,
        },
    }
}

#[test]
fn every_single_bit_flip_of_the_header_and_key_wraps_is_detected() {
    let dir = small_vault();
    let path = dir.path().join("vault.json");
    let original = std::fs::read(&path).expect("header");
    let mut undetected = Vec::new();
    for byte in 0..original.len() {
        for bit in 0..8 {
            let mut flipped = original.clone();
            flipped[byte] ^= 1 << bit;
            std::fs::write(&path, &flipped).expect("write flipped header");
            // Opening is refused at the header for nearly every flip, before any key work.
            if Vault::open(dir.path(), Unlock::Passphrase(PASS)).is_ok() {
                undetected.push((byte, bit));
            }
        }
    }
    std::fs::write(&path, &original).expect("restore");
    assert!(
        undetected.is_empty(),
        "{} of {} header bit flips went unnoticed: {:?}",
        undetected.len(),
        original.len() * 8,
        &undetected[..undetected.len().min(10)]
    );
    assert!(Vault::open(dir.path(), Unlock::Passphrase(PASS)).is_ok(), "the restored header opens (control)");
}

#[test]
fn a_sample_of_bit_flips_in_the_blobs_is_detected() {
    let dir = small_vault();
    // Blobs are read afresh on every check, so one open vault serves every flip.
    let vault = crate::support::open(dir.path());
    let blobs = crate::support::files_under(&dir.path().join("blobs"));
    let mut missed = Vec::new();
    let mut tried = 0;
    for blob in &blobs {
        let original = std::fs::read(blob).expect("blob");
        // Every 997th bit, across header, nonce, every chunk and every tag.
        for position in (0..original.len() * 8).step_by(997) {
            let mut flipped = original.clone();
            flipped[position / 8] ^= 1 << (position % 8);
            std::fs::write(blob, &flipped).expect("flip");
            tried += 1;
            if vault.check().expect("check runs").is_intact() {
                missed.push((blob.display().to_string(), position));
            }
            std::fs::write(blob, &original).expect("restore");
        }
    }
    assert!(vault.check().expect("check").is_intact(), "the restored blobs check clean (control)");
    assert!(tried > 1000, "a real sample: {tried} flips");
    assert!(missed.is_empty(), "blob flips not detected: {missed:?}");
}

#[test]
fn a_sample_of_bit_flips_in_the_database_is_detected() {
    let dir = small_vault();
    let db = dir.path().join("vault.db");
    let original = std::fs::read(&db).expect("db");
    let mut missed = Vec::new();
    let step = original.len() * 8 / 64 + 1;
    for position in (0..original.len() * 8).step_by(step) {
        let work = tempfile::tempdir().expect("temp");
        copy_tree(dir.path(), work.path());
        let mut flipped = original.clone();
        flipped[position / 8] ^= 1 << (position % 8);
        std::fs::write(work.path().join("vault.db"), &flipped).expect("flip");
        if !detected(work.path()) {
            missed.push(position);
        }
    }
    assert!(missed.is_empty(), "database flips not detected at bits {missed:?}");
}

#[test]
fn a_thousand_wrong_passphrases_open_nothing_and_change_nothing() {
    let dir = small_vault();
    let before = snapshot(dir.path());
    let tries: usize =
        std::env::var("HOLDFAST_WRONG_PASSPHRASE_TRIES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let opened = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (dir, opened) = (dir.path(), &opened);
            scope.spawn(move || {
                for i in (worker..tries).step_by(2) {
                    let guess = format!("wrong passphrase number {i}");
                    if Vault::open(dir, Unlock::Passphrase(guess.as_bytes())).is_ok() {
                        opened.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            });
        }
    });
    assert_eq!(opened.into_inner(), 0, "none of {tries} wrong passphrases opened the vault");
    assert_eq!(snapshot(dir.path()), before, "every file of the vault is byte-for-byte unchanged");
}
