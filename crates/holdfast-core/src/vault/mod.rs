//! The encrypted evidence vault.
//!
//! A vault is a folder: `vault.json` (header, no secrets), `vault.db` (SQLCipher: every record
//! and all metadata), and `blobs/` (each original as an age file). The format is specified in
//! `docs/FORMAT.md`. Originals never change; every action is logged in a hash chain.

// The vault's internals (the database, key material, the log, the header, blob files) are
// private: what other crates need is re-exported below. The core's own tests and benchmark see
// them through the `test-support` feature, which nothing else turns on.
pub mod backup;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod blob;
#[cfg(not(feature = "test-support"))]
pub(crate) mod blob;
pub mod cover;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod db;
#[cfg(not(feature = "test-support"))]
pub(crate) mod db;
mod guide;
pub mod head;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod header;
#[cfg(not(feature = "test-support"))]
pub(crate) mod header;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod keys;
#[cfg(not(feature = "test-support"))]
pub(crate) mod keys;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod log;
#[cfg(not(feature = "test-support"))]
pub(crate) mod log;
pub mod model;
mod preview;
mod records;
mod set_aside;
mod timeline;

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use age::secrecy::ExposeSecret;
use age::x25519::{Identity, Recipient};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use crate::error::{Error, Missing, Result};
use crate::i18n::Message;
use db::db_error;
use header::Header;
use keys::Key;
use model::{Captured, ItemKind};

pub use backup::{restore, BackupSummary, RestoreSummary};
pub use blob::WriteHook;
pub use guide::ReportSummary;
pub use head::OlderDatabase;
pub use header::FILE_NAME as HEADER_FILE;
pub use keys::{KdfParams, RecoveryKey, KDF_FLOOR};
pub use log::{sha256_hex, Entry as LogEntry};
pub use records::*;
pub use set_aside::SetAside;
pub use timeline::*;

/// The shortest passphrase the core accepts (the app also shows a strength meter).
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// How to unlock a vault.
pub enum Unlock<'a> {
    /// The passphrase chosen at creation (or since changed).
    Passphrase(&'a [u8]),
    /// The recovery key shown once at creation, as typed.
    RecoveryKey(&'a str),
}

/// Choices made when creating a vault.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// Argon2id settings; `None` calibrates to about 0.75 s on this machine.
    pub kdf: Option<KdfParams>,
    /// The person is under 18: the vault refuses items marked intimate.
    pub under_18: bool,
}

/// A new vault and its recovery key (show it once, then let it go).
pub struct Created {
    /// The open vault.
    pub vault: Vault,
    /// The recovery key, in groups for copying by hand.
    pub recovery_key: Zeroizing<String>,
}

/// The file whose operating-system lock says "this vault is open". It holds nothing.
pub const LOCK_FILE: &str = "vault.lock";

/// Takes the vault's exclusive lock for as long as the returned file lives, so two openers
/// never clean up or write under each other. Called only after the key is known to be right,
/// so a wrong passphrase still creates no file.
fn take_lock(dir: &Path) -> Result<fs::File> {
    let path = dir.join(LOCK_FILE);
    let file = crate::fsutil::open_lock_file(&path).map_err(Error::storage("storage.open", &path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::InUse),
        Err(fs::TryLockError::Error(e)) => Err(Error::Storage { action: "storage.lock", path, source: e }),
    }
}

/// An open vault.
pub struct Vault {
    /// Held for the vault's lifetime; dropping it releases the lock.
    _lock: fs::File,
    dir: PathBuf,
    conn: Connection,
    key: Key,
    header: Header,
    identity: Identity,
    recipient: Recipient,
    under_18: bool,
    write_hook: Option<blob::WriteHook>,
    /// The database is older than the vault has been (see `head.rs`), until dismissed.
    older: Option<OlderDatabase>,
}

impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Created").field("vault", &self.vault).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("dir", &self.dir).finish_non_exhaustive()
    }
}

fn check_new_passphrase(passphrase: &[u8]) -> Result<()> {
    let chars = String::from_utf8_lossy(passphrase).chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        let why = Message::new("invalid.passphrase-short").with("min", MIN_PASSPHRASE_CHARS.to_string());
        return Err(Error::invalid("field.passphrase", why));
    }
    Ok(())
}

impl Vault {
    /// Creates a vault in `dir` (made if missing).
    pub fn create(dir: &Path, passphrase: &[u8], options: CreateOptions) -> Result<Created> {
        check_new_passphrase(passphrase)?;
        if dir.join(header::FILE_NAME).exists() {
            return Err(Error::NotAVault(
                Message::new("not-a-vault.already").with("folder", dir.display().to_string()),
            ));
        }
        if dir.join(db::FILE_NAME).exists() {
            return Err(Error::NotAVault(
                Message::new("not-a-vault.unfinished").with("folder", dir.display().to_string()),
            ));
        }
        let kdf = options.kdf.unwrap_or_else(|| KdfParams::calibrate(Duration::from_millis(750)));
        kdf.check().map_err(|why| Error::invalid("field.key-derivation", why))?;
        fs::create_dir_all(dir.join(blob::DIR)).map_err(Error::storage("storage.create-the-vault-folder", dir))?;
        let lock = take_lock(dir)?;
        if dir.join(db::FILE_NAME).exists() || dir.join(header::FILE_NAME).exists() {
            return Err(Error::NotAVault(Message::new("not-a-vault.raced").with("folder", dir.display().to_string())));
        }
        // Only the person's own account may look inside.
        crate::fsutil::restrict_to_owner(dir).map_err(Error::storage("storage.protect-the-vault-folder", dir))?;
        let vault_id = keys::random_bytes::<16>();
        let salt = keys::random_bytes::<16>();
        let data_key = Key::random();
        let recovery = RecoveryKey::random();
        let passphrase_key = keys::derive_passphrase_key(passphrase, &salt, &kdf)?;
        let header = Header {
            vault_id,
            kdf,
            salt,
            passphrase_wrap: keys::wrap(&data_key, &passphrase_key, "passphrase", &vault_id),
            recovery_wrap: keys::wrap(&data_key, &recovery.wrapping_key(&vault_id), "recovery", &vault_id),
        };

        let conn = db::open(dir, &data_key, true)?;
        let identity = Identity::generate();
        let identity_text = Zeroizing::new(identity.to_string().expose_secret().to_string());
        let now = Captured::now();
        let tx = conn.unchecked_transaction().map_err(db_error)?;
        let id_hex = hex::encode(vault_id);
        for (k, v) in [
            ("age_identity", identity_text.as_str()),
            ("under_18", if options.under_18 { "1" } else { "0" }),
            ("created_at", now.utc.as_str()),
            ("vault_id", id_hex.as_str()),
            (head::META_KEY, "1"),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![k, v]).map_err(db_error)?;
        }
        let mut details = Map::new();
        details.insert("under_18".into(), Value::from(options.under_18));
        log::append(&tx, &now.utc, "create vault", details)?;
        tx.commit().map_err(db_error)?;
        // The header goes last: until it exists, the folder is not a vault.
        header.write(dir)?;

        let recipient = identity.to_public();
        let vault = Vault {
            _lock: lock,
            dir: dir.to_path_buf(),
            conn,
            key: data_key,
            header,
            identity,
            recipient,
            under_18: options.under_18,
            write_hook: None,
            older: None,
        };
        vault.note_head();
        Ok(Created { vault, recovery_key: recovery.display() })
    }

    /// Opens a vault. A wrong passphrase or recovery key changes no byte of the vault.
    pub fn open(dir: &Path, unlock: Unlock<'_>) -> Result<Vault> {
        let header = Header::read(dir)?;
        let (key, method) = match unlock {
            Unlock::Passphrase(p) => {
                let wrapping = keys::derive_passphrase_key(p, &header.salt, &header.kdf)?;
                (keys::unwrap(&header.passphrase_wrap, &wrapping, "passphrase", &header.vault_id)?, "passphrase")
            }
            Unlock::RecoveryKey(text) => {
                // A malformed key says so (it reveals nothing about the vault).
                let recovery = RecoveryKey::parse(text)?;
                let wrapping = recovery.wrapping_key(&header.vault_id);
                (keys::unwrap(&header.recovery_wrap, &wrapping, "recovery", &header.vault_id)?, "recovery key")
            }
        };
        let lock = take_lock(dir)?;
        let conn = db::open(dir, &key, false)?;
        let meta = |k: &str| -> Result<String> {
            db::meta(&conn, k)?.ok_or_else(|| Error::Integrity(Message::new("integrity.no-setting").with("name", k)))
        };
        let identity_text = Zeroizing::new(meta("age_identity")?);
        let identity =
            Identity::from_str(&identity_text).map_err(|_| Error::Integrity(Message::new("integrity.evidence-key")))?;
        let under_18 = meta("under_18")? == "1";
        if meta("vault_id")? != hex::encode(header.vault_id) {
            return Err(Error::Integrity(Message::new("integrity.different-vaults")));
        }
        let recipient = identity.to_public();
        let mut vault = Vault {
            _lock: lock,
            dir: dir.to_path_buf(),
            conn,
            key,
            header,
            identity,
            recipient,
            under_18,
            write_hook: None,
            older: None,
        };
        vault.after_open(method)?;
        Ok(vault)
    }

    /// Logs the unlock, removes unfinished writes, puts in place finished ones whose rename was
    /// lost, sets aside blobs no row names (all logged), and compares the database with the
    /// vault's record of its latest state.
    fn after_open(&mut self, method: &str) -> Result<()> {
        let now = Captured::now();
        let inspection = head::inspect(&self.dir, &self.key, &self.header.vault_id, &self.conn, &now.utc)?;
        let known = self.known_blobs()?;
        fs::create_dir_all(self.dir.join(blob::DIR)).map_err(Error::storage("storage.create", &self.dir))?;
        let cleanup = blob::clean_up(&self.dir, &known);
        let tx = self.conn.unchecked_transaction().map_err(db_error)?;
        let mut details = Map::new();
        details.insert("method".into(), Value::from(method));
        log::append(&tx, &now.utc, "unlock", details)?;
        if !cleanup.removed.is_empty() || !cleanup.set_aside.is_empty() || !cleanup.finished.is_empty() {
            let mut details = Map::new();
            details.insert("removed_unfinished".into(), json!(cleanup.removed));
            details.insert("set_aside".into(), json!(cleanup.set_aside));
            details.insert("put_in_place".into(), json!(cleanup.finished));
            log::append(&tx, &now.utc, "clean up after a crash", details)?;
        }
        if let (Some(older), true) = (&inspection.older, inspection.new) {
            let mut details = Map::new();
            details.insert("why".into(), json!(older.why));
            details.insert("recorded".into(), json!(older.was));
            details.insert("found".into(), json!(older.found));
            log::append(&tx, &now.utc, "found an older database", details)?;
        }
        tx.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, '1')", [head::META_KEY]).map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        self.older = inspection.older;
        self.note_head();
        Ok(())
    }

    /// Records the log's new last entry in `vault.head`, after a commit. Best effort: if the
    /// write fails, the record stays behind the database, which is never mistaken for harm.
    fn note_head(&self) {
        let _ = head::write(&self.dir, &self.key, &self.header.vault_id, &self.conn, self.older.as_ref());
    }

    /// Whether the database is older than the vault has been: someone may have put back an
    /// older copy of `vault.db`. Shown until [`Vault::dismiss_older_database`].
    pub fn older_database(&self) -> Option<&OlderDatabase> {
        self.older.as_ref()
    }

    /// The person has read the warning and carries on with this database (logged).
    pub fn dismiss_older_database(&mut self) -> Result<()> {
        let Some(older) = self.older.clone() else { return Ok(()) };
        let mut details = Map::new();
        details.insert("why".into(), json!(older.why));
        details.insert("recorded".into(), json!(older.was));
        self.logged("carry on with an older database", details, |_| Ok(()))?;
        self.older = None;
        self.note_head();
        Ok(())
    }

    fn known_blobs(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT blob FROM items WHERE blob IS NOT NULL").map_err(db_error)?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(db_error)?;
        names.collect::<std::result::Result<HashSet<_>, _>>().map_err(db_error)
    }

    /// The vault's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the vault was set up for someone under 18.
    pub fn under_18(&self) -> bool {
        self.under_18
    }

    /// The Argon2id settings in force.
    pub fn kdf(&self) -> KdfParams {
        self.header.kdf
    }

    /// The age identity that decrypts this vault's blobs (for the standard `age` tool).
    pub fn age_identity(&self) -> Zeroizing<String> {
        Zeroizing::new(self.identity.to_string().expose_secret().to_string())
    }

    /// Checks that `passphrase` is the vault's current passphrase, without changing anything
    /// and without a log entry (for example before a backup or a passphrase change). It does
    /// the same key derivation as unlocking, so it takes as long; a wrong passphrase is
    /// [`Error::WrongPassphrase`], exactly as when unlocking.
    pub fn check_passphrase(&self, passphrase: &[u8]) -> Result<()> {
        let wrapping = keys::derive_passphrase_key(passphrase, &self.header.salt, &self.header.kdf)?;
        keys::unwrap(&self.header.passphrase_wrap, &wrapping, "passphrase", &self.header.vault_id).map(drop)
    }

    /// Changes the passphrase. Only the header's passphrase wrap changes; evidence is not
    /// re-encrypted, and the recovery key keeps working.
    pub fn change_passphrase(&mut self, new_passphrase: &[u8]) -> Result<()> {
        check_new_passphrase(new_passphrase)?;
        let mut header = self.header.clone();
        header.salt = keys::random_bytes::<16>();
        let wrapping = keys::derive_passphrase_key(new_passphrase, &header.salt, &header.kdf)?;
        header.passphrase_wrap = keys::wrap(&self.key, &wrapping, "passphrase", &header.vault_id);
        // The log entry commits only once the new header is on disk: a failed write logs nothing.
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(db_error)?;
        log::append(&tx, &Captured::now().utc, "change passphrase", Map::new())?;
        header.write(&self.dir)?;
        // From here the new passphrase is in force, whatever the commit does.
        self.header = header;
        tx.commit().map_err(|e| {
            Error::Incomplete(Message::new("incomplete.passphrase-changed").with("detail", e.to_string()))
        })?;
        self.note_head();
        Ok(())
    }

    /// Sets or clears "under 18". Setting it is refused while an item is marked intimate.
    pub fn set_under_18(&mut self, under_18: bool) -> Result<()> {
        if under_18 {
            let intimate: i64 = self
                .conn
                .query_row("SELECT count(*) FROM items WHERE intimate = 1", [], |r| r.get(0))
                .map_err(db_error)?;
            if intimate > 0 {
                return Err(Error::Refused(Message::new("refused.under-18-has-intimate")));
            }
        }
        let mut details = Map::new();
        details.insert("under_18".into(), Value::from(under_18));
        self.logged("set under 18", details, |tx| {
            tx.execute("UPDATE meta SET value = ?1 WHERE key = 'under_18'", [if under_18 { "1" } else { "0" }])
                .map_err(db_error)?;
            Ok(())
        })?;
        self.under_18 = under_18;
        Ok(())
    }

    /// Runs `work` and appends a log entry in one transaction; both land or neither does.
    pub(crate) fn logged<T>(
        &self,
        action: &str,
        details: Map<String, Value>,
        work: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        self.logged_with(action, details, work, |_, _| {})
    }

    /// Like [`Vault::logged`], for work that creates a row: the new row's id, which `work`
    /// returns, goes into the log entry under `key`.
    fn logged_new(
        &self,
        action: &str,
        key: &str,
        details: Map<String, Value>,
        work: impl FnOnce(&Connection) -> Result<i64>,
    ) -> Result<i64> {
        self.logged_with(action, details, work, |id, details| {
            details.insert(key.into(), Value::from(*id));
        })
    }

    /// The one logged transaction: `work`, then `note` adds what it learned to the details,
    /// then the log entry, then the commit (and the head record after it).
    fn logged_with<T>(
        &self,
        action: &str,
        mut details: Map<String, Value>,
        work: impl FnOnce(&Connection) -> Result<T>,
        note: impl FnOnce(&T, &mut Map<String, Value>),
    ) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(db_error)?;
        let out = work(&tx)?;
        note(&out, &mut details);
        log::append(&tx, &Captured::now().utc, action, details)?;
        tx.commit().map_err(db_error)?;
        self.note_head();
        Ok(out)
    }

    /// Stores an original from a reader as a new item: screenshot or file.
    pub fn add_original(&mut self, source: &mut dyn Read, new: NewOriginal) -> Result<i64> {
        if !matches!(new.kind, ItemKind::Screenshot | ItemKind::File) {
            return Err(Error::invalid("field.kind", Message::new("invalid.no-original")));
        }
        if new.intimate && self.under_18 {
            return Err(Error::Refused(Message::new(records::UNDER_18_REFUSAL)));
        }
        let details = new.details.checked()?;
        let name = model::optional("field.file-name", new.original_name.as_deref())?;
        let mut reader = BufReader::new(source);
        let head = reader.fill_buf().map(|b| b[..b.len().min(16)].to_vec()).unwrap_or_default();
        let media_type = model::media_type(name.as_deref().unwrap_or(""), &head).to_string();
        let label = PathBuf::from(name.as_deref().unwrap_or("the source"));
        let stored = blob::store(&self.dir, &self.recipient, &mut reader, &label, self.write_hook)?;
        let captured = new.captured_at.unwrap_or_else(Captured::now);
        let result = self.insert_item(ItemRow {
            kind: new.kind,
            blob: Some(&stored.name),
            content: None,
            sha256: &stored.sha256,
            size: stored.size,
            media_type: &media_type,
            original_name: name.as_deref(),
            captured: &captured,
            intimate: new.intimate,
            covered: new.covered,
            details: &details,
        });
        // If the row failed, the blob stays: a commit that reported an error can still have
        // landed, so deleting here could lose evidence. The next open sets an unnamed blob aside.
        result
    }

    /// Imports a file from disk, streaming it (any size) into an encrypted blob.
    pub fn add_file(&mut self, path: &Path, mut new: NewOriginal) -> Result<i64> {
        let mut file = crate::fsutil::open_chosen(path, "field.file", "storage.open-the-file")?;
        if new.original_name.is_none() {
            new.original_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        }
        self.add_original(&mut file, new)
    }

    /// Removes the file an item was imported from, once the person asks to, and only if the
    /// file still holds exactly what the vault stored (same SHA-256), with the desktop's
    /// thumbnails of it ([`crate::traces`]). The vault is not changed.
    pub fn remove_imported_file(&self, path: &Path, id: i64) -> Result<()> {
        let stored = self.item(id)?.sha256;
        let mut file = crate::fsutil::open_chosen(path, "field.file", "storage.read")?;
        let (on_disk, _) = crate::fsutil::copy_hashing(&mut file, &mut std::io::sink())
            .map_err(Error::storage("storage.read", path))?;
        if on_disk != stored {
            return Err(Error::Refused(Message::new("refused.changed-since-import")));
        }
        drop(file);
        fs::remove_file(path).map_err(Error::storage("storage.remove", path))?;
        // The desktop's small pictures of it go too (best effort).
        if let (Some(cache), Ok(absolute)) = (crate::traces::thumbnail_cache(), std::path::absolute(path)) {
            crate::traces::forget_thumbnails(&cache, &absolute);
        }
        Ok(())
    }

    /// Stores the text of a message or a note.
    pub fn add_text(&mut self, kind: ItemKind, text: &str, details: ItemDetails) -> Result<i64> {
        if !matches!(kind, ItemKind::Message | ItemKind::Note) {
            return Err(Error::invalid("field.kind", Message::new("invalid.not-text")));
        }
        if text.trim().is_empty() {
            return Err(Error::invalid("field.text", Message::new("invalid.empty-text")));
        }
        model::check_long("field.text", text)?;
        let details = details.checked()?;
        let captured = Captured::now();
        self.insert_item(ItemRow {
            kind,
            blob: None,
            content: Some(text),
            sha256: &log::sha256_hex(text.as_bytes()),
            size: text.len() as u64,
            media_type: "text/plain; charset=utf-8",
            original_name: None,
            captured: &captured,
            intimate: false,
            covered: false,
            details: &details,
        })
    }

    fn insert_item(&self, row: ItemRow<'_>) -> Result<i64> {
        let mut log_details = Map::new();
        log_details.insert("kind".into(), Value::from(row.kind.as_str()));
        log_details.insert("sha256".into(), Value::from(row.sha256));
        log_details.insert("size".into(), Value::from(row.size));
        if row.covered {
            log_details.insert("covered".into(), Value::from(true));
        }
        self.logged_new("add item", "item", log_details, |tx| {
            tx.execute(
                "INSERT INTO items (kind, blob, content, sha256, size, media_type, original_name, captured_at, captured_offset, intimate, covered)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    row.kind.as_str(), row.blob, row.content, row.sha256, row.size as i64, row.media_type, row.original_name,
                    row.captured.utc, row.captured.offset, row.intimate, row.covered
                ],
            )
            .map_err(db_error)?;
            let id = tx.last_insert_rowid();
            records::insert_version(tx, id, 1, &row.captured.utc, row.details)?;
            for account in &row.details.accounts {
                records::link_account(tx, id, *account)?;
            }
            Ok(id)
        })
    }

    /// Writes an item's original bytes to `out`, checking them against the stored SHA-256.
    pub fn read_original(&self, id: i64, out: &mut dyn Write) -> Result<()> {
        let (blob, content, sha256): (Option<String>, Option<String>, String) = self
            .conn
            .query_row("SELECT blob, content, sha256 FROM items WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(db_error)?
            .ok_or(Error::NotFound(Missing::Item(id)))?;
        let got = match (blob, content) {
            (Some(name), _) => blob::read(&self.dir, &name, &self.identity, out)?.0,
            (None, Some(text)) => {
                out.write_all(text.as_bytes()).map_err(|e| Error::Storage {
                    action: "storage.write-out",
                    path: PathBuf::new(),
                    source: e,
                })?;
                log::sha256_hex(text.as_bytes())
            }
            (None, None) => {
                return Err(Error::Integrity(Message::new("integrity.no-content").with("id", id.to_string())))
            }
        };
        if got != sha256 {
            return Err(Error::Integrity(
                Message::new("integrity.content-mismatch").with("id", id.to_string()).with("hash", "SHA-256"),
            ));
        }
        Ok(())
    }

    /// Deletes an item (for example an intimate image added by mistake): its row and blob go,
    /// and the deletion is logged with the item's hash.
    pub fn delete_item(&mut self, id: i64) -> Result<()> {
        let (blob, sha256, kind): (Option<String>, String, String) = self
            .conn
            .query_row("SELECT blob, sha256, kind FROM items WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(db_error)?
            .ok_or(Error::NotFound(Missing::Item(id)))?;
        let mut details = Map::new();
        details.insert("item".into(), Value::from(id));
        details.insert("kind".into(), Value::from(kind));
        details.insert("sha256".into(), Value::from(sha256));
        self.logged("delete item", details, |tx| {
            tx.execute("DELETE FROM items WHERE id = ?1", [id]).map_err(db_error)?;
            Ok(())
        })?;
        // After the commit: a crash here leaves an unnamed blob that the next open sets aside and logs.
        // The item is gone once the commit lands. If its encrypted file cannot be removed now, the
        // next open sets it aside (it stays encrypted and is never shown again).
        if let Some(name) = blob {
            let _ = blob::remove(&self.dir, &name);
        }
        Ok(())
    }

    /// Test hook: wrap every new blob's file writer (fault injection).
    #[doc(hidden)]
    pub fn set_write_hook(&mut self, hook: Option<blob::WriteHook>) {
        self.write_hook = hook;
    }

    /// The database connection, for the record queries in `records.rs`.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database's durability settings as SQLite reports them:
    /// `(journal_mode, synchronous, foreign_keys)`; expected `("wal", 2, 1)`.
    pub fn storage_settings(&self) -> Result<(String, i64, i64)> {
        let get = |p: &str| self.conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, rusqlite::types::Value>(0));
        let text = |v: rusqlite::types::Value| match v {
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        };
        let int = |v: rusqlite::types::Value| match v {
            rusqlite::types::Value::Integer(i) => i,
            _ => -1,
        };
        Ok((
            text(get("journal_mode").map_err(db_error)?),
            int(get("synchronous").map_err(db_error)?),
            int(get("foreign_keys").map_err(db_error)?),
        ))
    }

    /// The log, in order.
    pub fn log(&self) -> Result<Vec<log::Entry>> {
        log::entries(&self.conn)
    }

    /// Checks everything: the database, the log chain, every blob against its SHA-256, and
    /// blobs no row names. Problems are listed; undamaged items stay readable.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let integrity: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(db_error)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(db_error)?;
            rows.collect::<std::result::Result<_, _>>().map_err(db_error)?
        };
        if integrity != ["ok"] {
            report.problems.push(format!("the database reports damage: {}", integrity.join("; ")));
        }
        match log::verify(&self.conn) {
            Ok(n) => report.log_entries = n,
            Err(e) => report.problems.push(e.detail()),
        }
        let mut stmt = self.conn.prepare("SELECT id FROM items ORDER BY id").map_err(db_error)?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .map_err(db_error)?
            .collect::<std::result::Result<_, _>>()
            .map_err(db_error)?;
        for id in ids {
            report.items += 1;
            if let Err(e) = self.read_original(id, &mut std::io::sink()) {
                report.problems.push(format!("item {id}: {}", e.detail()));
            }
        }
        let known = self.known_blobs()?;
        for name in blob::list(&self.dir)? {
            if !known.contains(&name) {
                report.problems.push(format!("evidence file {name} belongs to no item"));
            }
        }
        if let Some(older) = &self.older {
            report.problems.push(older.describe());
        }
        let aside = self.set_aside()?;
        if !aside.is_empty() {
            report.set_aside = aside.into_iter().map(|a| a.name).collect();
            report.problems.push(format!(
                "{} evidence file(s) belong to no item and are kept in the set-aside folder ({}): they may be evidence added after an older copy of the database was put back, or left by a crash. Put them back as items in the app (Keep it safe), or restore your newest backup.",
                report.set_aside.len(),
                report.set_aside.join(", ")
            ));
        }
        Ok(report)
    }
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    /// Items checked.
    pub items: usize,
    /// Log entries whose chain verified.
    pub log_entries: usize,
    /// Every problem found, in plain words. Empty means the vault is intact.
    pub problems: Vec<String>,
    /// Evidence files in `set-aside/` (also one of the problems): a crash between a blob and
    /// its row leaves one, and so does an older database put back.
    pub set_aside: Vec<String>,
}

impl CheckReport {
    /// Whether nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}
