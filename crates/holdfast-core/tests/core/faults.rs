//! Fault injection and bad input: a write that fails after N bytes (for N across a whole add),
//! a full disk, a source that fails mid-read, odd files. The vault's previous state survives.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use holdfast_core::vault::{NewOriginal, Vault};
use holdfast_core::ErrorCode;

use crate::support::{files_under, new_vault, open};

/// Bytes the injected writer lets through before it fails. Shared by the hook (a plain `fn`).
pub(crate) static BUDGET: AtomicU64 = AtomicU64::new(u64::MAX);

struct FailAfter {
    inner: Box<dyn Write>,
}

impl Write for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = BUDGET.load(Ordering::SeqCst);
        if left == 0 {
            // ENOSPC: what a full disk says.
            return Err(io::Error::from_raw_os_error(28));
        }
        let n = (buf.len() as u64).min(left) as usize;
        let written = self.inner.write(&buf[..n])?;
        BUDGET.fetch_sub(written as u64, Ordering::SeqCst);
        Ok(written)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn fail_after(inner: Box<dyn Write>) -> Box<dyn Write> {
    Box::new(FailAfter { inner })
}

/// One test at a time may use the shared budget.
pub(crate) static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_write_that_fails_after_n_bytes_leaves_the_previous_state_intact() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let keep = vault.add_original(&mut &b"evidence that must survive"[..], NewOriginal::file()).expect("first item");
    vault.set_write_hook(Some(fail_after));
    let payload: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 256) as u8).collect();
    // The encrypted size is a little above 300 000 bytes; try budgets across all of it.
    let mut budgets: Vec<u64> =
        vec![0, 1, 50, 200, 1000, 4096, 65_535, 65_536, 65_600, 131_200, 196_700, 262_000, 299_999, 300_100];
    budgets.extend((0..20).map(|i| i * 15_013));
    let mut failures = 0;
    for budget in budgets {
        BUDGET.store(budget, Ordering::SeqCst);
        let result = vault.add_original(&mut payload.as_slice(), NewOriginal::file());
        if let Err(e) = result {
            failures += 1;
            assert_eq!(e.code(), ErrorCode::Storage, "a failed write is a storage error: {e}");
            let blobs = files_under(&dir.path().join("blobs"));
            assert_eq!(blobs.len(), 1, "after a failure at {budget} bytes only the first blob remains: {blobs:?}");
            assert_eq!(vault.items().expect("items").len(), 1, "no half-added item at {budget} bytes");
        }
    }
    assert!(failures >= 20, "the injected failure really happened ({failures} times)");
    BUDGET.store(u64::MAX, Ordering::SeqCst);
    vault.set_write_hook(None);
    drop(vault);
    let vault = open(dir.path());
    let report = vault.check().expect("check");
    assert!(report.is_intact(), "the vault is intact after every failed add: {:?}", report.problems);
    let mut out = Vec::new();
    vault.read_original(keep, &mut out).expect("read");
    assert_eq!(out, b"evidence that must survive", "the earlier item is untouched");
}

/// A source that yields some bytes, then fails, as a file on a pulled USB stick would.
struct VanishingSource {
    left: usize,
}

impl Read for VanishingSource {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the device was removed"));
        }
        let n = buf.len().min(self.left);
        buf[..n].fill(0xAB);
        self.left -= n;
        Ok(n)
    }
}

#[test]
fn a_source_that_fails_mid_import_is_reported_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let new = NewOriginal { original_name: Some("chat.png".into()), ..NewOriginal::file() };
    let err = vault.add_original(&mut VanishingSource { left: 100_000 }, new).expect_err("source fails");
    assert_eq!(err.code(), ErrorCode::Storage, "reported as a storage problem");
    assert!(err.to_string().contains("chat.png"), "the message names the file: {err}");
    assert!(files_under(&dir.path().join("blobs")).is_empty(), "no partial blob is left");
    assert!(vault.items().expect("items").is_empty(), "no item");
}

#[test]
fn missing_files_folders_empty_files_and_odd_names_get_clear_answers() {
    let dir = tempfile::tempdir().expect("temp");
    let sources = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());

    let missing = vault.add_file(&sources.path().join("not-there.png"), NewOriginal::file()).expect_err("missing");
    assert_eq!(missing.code(), ErrorCode::Storage, "a missing file is a storage error");
    assert!(missing.to_string().contains("not-there.png"), "naming the file: {missing}");

    let folder = vault.add_file(sources.path(), NewOriginal::file()).expect_err("a folder");
    assert_eq!(folder.code(), ErrorCode::InvalidInput, "a folder is not a file");

    let empty = sources.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let id = vault.add_file(&empty, NewOriginal::file()).expect("a 0-byte file is evidence too");
    let item = vault.item(id).expect("item");
    assert_eq!(item.size, 0, "size 0");
    assert_eq!(item.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "SHA-256 of nothing");

    let odd = sources.path().join("Скриншот ٢٠٢٦ 📸 \u{202E}gnp.exe");
    std::fs::write(&odd, b"odd name").expect("write");
    let id = vault.add_file(&odd, NewOriginal::file()).expect("odd Unicode names work");
    assert_eq!(
        vault.item(id).expect("item").original_name.as_deref(),
        Some("Скриншот ٢٠٢٦ 📸 \u{202E}gnp.exe"),
        "the name is kept exactly (the UI shows it as inert text)"
    );
    assert!(vault.check().expect("check").is_intact(), "the vault is intact");
}

#[test]
fn a_four_gibibyte_file_streams_in_and_out() {
    let dir = tempfile::tempdir().expect("temp");
    let sources = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let big = sources.path().join("recording.mp4");
    let size: u64 = 4 * 1024 * 1024 * 1024 + 17;
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(size).expect("a sparse 4 GiB file");
    drop(file);
    let id = vault.add_file(&big, NewOriginal::file()).expect("a 4 GiB file imports");
    std::fs::remove_file(&big).expect("remove source");
    let item = vault.item(id).expect("item");
    assert_eq!(item.size, size, "the full size is recorded, beyond 32 bits");
    let mut count = CountingSink(0);
    vault.read_original(id, &mut count).expect("reads back and matches its SHA-256");
    assert_eq!(count.0, size, "every byte comes back");
}

struct CountingSink(u64);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_item_reported_added_survives_reopening() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let id = vault.add_original(&mut &b"acknowledged"[..], NewOriginal::file()).expect("add");
    drop(vault);
    let vault = Vault::open(dir.path(), holdfast_core::vault::Unlock::Passphrase(crate::support::PASS)).expect("open");
    let mut out = Vec::new();
    vault.read_original(id, &mut out).expect("read");
    assert_eq!(out, b"acknowledged", "the item is there after reopening");
}
