//! The encrypted database (`vault.db`): SQLCipher keyed with the raw data key (no SQLCipher
//! passphrase KDF), in WAL mode with full syncs and foreign keys on, and temporary tables and
//! sorts kept in memory (never in a temporary file). Every record and all
//! metadata live here: names, messages, notes, times, the log, and the age identity for blobs.

use std::path::Path;

use rusqlite::Connection;

use super::keys::Key;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The database file's name.
pub const FILE_NAME: &str = "vault.db";
/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

/// The value stored under `key` in the `meta` table, if any.
pub fn meta(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional().map_err(db_error)
}

/// Maps a database error: damage is an integrity error, anything else a database error.
pub fn db_error(e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => {
            Error::Integrity(Message::new("integrity.database").with("detail", e.to_string()))
        }
        _ => Error::Database(e.to_string()),
    }
}

/// Opens (or creates) the database with the data key and checks it can be read.
pub fn open(vault: &Path, key: &Key, create: bool) -> Result<Connection> {
    let path = vault.join(FILE_NAME);
    if !create && !path.is_file() {
        return Err(Error::Integrity(Message::new("integrity.no-database")));
    }
    let conn = if create {
        // Made empty first, readable by the person's account only: SQLite keeps an existing
        // file's mode, and gives its -wal and -shm files the same.
        crate::fsutil::create_new_private(&path).map_err(Error::storage("storage.create-the-vault-database", &path))?;
        Connection::open(&path)
    } else {
        // Never create a database while opening: a vanished vault.db stays an error.
        Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(db_error)?;
    let pragma = zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.hex().as_str()));
    conn.execute_batch(&pragma).map_err(db_error)?;
    // The first read proves the key: a wrong key or a damaged file fails here (integrity);
    // a busy or unreadable file fails as a database error.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(db_error)?;
    // Look at the version before anything is written, so a newer vault is left untouched.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db_error)?;
    match version {
        0 if create => {}
        SCHEMA_VERSION => {}
        0 => return Err(Error::Integrity(Message::new("integrity.empty-database"))),
        v => return Err(Error::UnsupportedVersion(Message::new("version.database").with("version", v.to_string()))),
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;",
    )
    .map_err(db_error)?;
    if version == 0 {
        conn.execute_batch(SCHEMA).map_err(db_error)?;
    }
    Ok(conn)
}

/// Writes a consistent copy of the open database to `to` (which must not exist), encrypted
/// with the same key: SQLite's online backup API reads every committed page through `conn`,
/// so writes still in the write-ahead log are in the copy, and the copy is one self-contained
/// file. The copy is never plaintext: SQLCipher re-encrypts each page for the keyed destination.
pub(crate) fn copy_to(conn: &Connection, key: &Key, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(Error::Storage {
            action: "storage.copy-the-database-to",
            path: to.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        });
    }
    let mut copy = Connection::open(to).map_err(db_error)?;
    let pragma = zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.hex().as_str()));
    copy.execute_batch(&pragma).map_err(db_error)?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy).map_err(db_error)?;
        // All pages in one step: nothing else writes to this vault while it is open here.
        match backup.step(-1).map_err(db_error)? {
            rusqlite::backup::StepResult::Done => {}
            other => {
                return Err(Error::Database(format!("the copy of the database could not be finished ({other:?})")))
            }
        }
    }
    // Prove the copy reads back with the key before it is trusted.
    copy.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(db_error)?;
    copy.close().map_err(|(_, e)| db_error(e))
}

const SCHEMA: &str = r#"
BEGIN;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('screenshot', 'file', 'message', 'note')),
    blob            TEXT UNIQUE,
    content         TEXT,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    media_type      TEXT NOT NULL,
    original_name   TEXT,
    captured_at     TEXT NOT NULL,
    captured_offset TEXT NOT NULL,
    intimate        INTEGER NOT NULL DEFAULT 0 CHECK (intimate IN (0, 1)),
    covered         INTEGER NOT NULL DEFAULT 0 CHECK (covered IN (0, 1)),
    CHECK ((blob IS NULL) <> (content IS NULL))
);
CREATE TABLE item_versions (
    item_id        INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    edited_at      TEXT NOT NULL,
    happened_at    TEXT,
    happened_utc   TEXT,
    happened_tz    TEXT,
    platform       TEXT,
    sender         TEXT,
    note           TEXT,
    tags           TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (item_id, version)
);
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    platform      TEXT NOT NULL,
    handle        TEXT NOT NULL,
    user_id       TEXT,
    url           TEXT,
    display_name  TEXT,
    emails        TEXT NOT NULL DEFAULT '[]',
    phones        TEXT NOT NULL DEFAULT '[]',
    created_at    TEXT NOT NULL
);
CREATE TABLE item_accounts (
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, account_id)
);
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('demand', 'payment')),
    amount       TEXT NOT NULL,
    currency     TEXT NOT NULL,
    method       TEXT NOT NULL,
    destination  TEXT NOT NULL,
    deadline     TEXT,
    paid         INTEGER NOT NULL CHECK (paid IN (0, 1)),
    reference    TEXT,
    happened_at  TEXT,
    happened_utc TEXT,
    account_id   INTEGER REFERENCES accounts(id),
    created_at   TEXT NOT NULL
);
CREATE TABLE log (
    seq       INTEGER PRIMARY KEY,
    body      TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    prev      TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER item_versions_immutable BEFORE UPDATE ON item_versions BEGIN SELECT RAISE(ABORT, 'earlier versions never change'); END;
CREATE TRIGGER items_immutable BEFORE UPDATE OF id, kind, blob, content, sha256, size, media_type, original_name, captured_at, captured_offset, covered ON items
BEGIN SELECT RAISE(ABORT, 'stored originals never change'); END;
CREATE INDEX item_versions_happened ON item_versions(happened_utc);
CREATE INDEX payments_happened ON payments(happened_utc);
PRAGMA user_version = 1;
COMMIT;
"#;
