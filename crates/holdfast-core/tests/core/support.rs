//! Shared helpers for the vault tests.

use std::path::{Path, PathBuf};

use holdfast_core::vault::KDF_FLOOR;
use holdfast_core::vault::{CreateOptions, Unlock, Vault};

/// The passphrase every test vault uses.
pub const PASS: &[u8] = b"correct horse battery staple";

/// A new vault at the KDF floor (fast enough for tests, still the real algorithm).
pub fn new_vault(dir: &Path) -> (Vault, String) {
    new_vault_with(dir, false)
}

pub fn new_vault_with(dir: &Path, under_18: bool) -> (Vault, String) {
    let created = Vault::create(dir, PASS, CreateOptions { kdf: Some(KDF_FLOOR), under_18 }).expect("create a vault");
    (created.vault, created.recovery_key.to_string())
}

pub fn open(dir: &Path) -> Vault {
    Vault::open(dir, Unlock::Passphrase(PASS)).expect("open the vault with its passphrase")
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => out.push(path),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// SHA-256 of every file under `dir`, keyed by relative path: a snapshot to compare.
pub fn snapshot(dir: &Path) -> Vec<(String, String)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read a vault file");
            let rel = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
            (rel, holdfast_core::vault::sha256_hex(&bytes))
        })
        .collect()
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for file in files_under(from) {
        let rel = file.strip_prefix(from).expect("inside");
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("has a parent")).expect("create folder");
        std::fs::copy(&file, &target).expect("copy file");
    }
    std::fs::create_dir_all(to.join("blobs")).expect("blobs folder");
}
