//! The vault's record of the latest state it has reached: `vault.head`, beside `vault.db`.
//!
//! `vault.db` alone cannot tell that it was swapped for an older copy of itself: an old copy
//! is a perfectly good database with a perfectly good log, only shorter. So after every change
//! the vault writes the log's last entry (its number and hash, when it was made, how many items
//! there were) to `vault.head`, with a tag only the data key can make. On open, a database whose
//! log stops before that entry, or has a different entry in its place, is older than the vault
//! has been: Holdfast says so plainly, logs it, and keeps saying it until the person has dealt
//! with it. What the file cannot catch: someone who puts back an old `vault.head` together with
//! the old `vault.db` (the evidence files added since are then set aside, and that is reported).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::db::db_error;
use super::keys::{self, Key};
use super::log::canonical;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::i18n::Message;

/// The file's name in the vault folder.
pub const FILE_NAME: &str = "vault.head";
/// Its format name.
pub const FORMAT: &str = "holdfast-head/1";
/// The `meta` setting that says this vault keeps `vault.head` (so a missing file is noticed).
pub const META_KEY: &str = "keeps_head";
/// The largest `vault.head` read (it is a few hundred bytes).
const MAX_BYTES: u64 = 16 * 1024;

/// A point the vault's log reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The last log entry's number.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// When it was made (UTC).
    pub at: String,
    /// How many items the vault held then.
    pub items: i64,
}

/// Why the database is taken to be older than the vault has been.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Its log stops before the last entry the vault recorded.
    Behind,
    /// Its log has a different entry where the recorded one was: it is another history.
    Rewritten,
    /// The vault keeps `vault.head`, and the file is gone.
    RecordMissing,
    /// `vault.head` is damaged or was not made with this vault's key.
    RecordDamaged,
}

/// What the person is told when the database is older than the vault has been.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OlderDatabase {
    /// Why.
    pub why: Why,
    /// The furthest the vault is known to have reached (when known).
    pub was: Option<Mark>,
    /// Where the database stood when this was found.
    pub found: Mark,
    /// When it was found (UTC).
    pub found_at: String,
}

impl OlderDatabase {
    /// Log entries the vault had recorded that this database lacks (when known).
    pub fn missing_entries(&self) -> Option<i64> {
        match (self.why, &self.was) {
            (Why::Behind, Some(was)) => Some(was.seq - self.found.seq),
            _ => None,
        }
    }

    /// The problem in plain words, for `check` and the command line.
    pub fn describe(&self) -> String {
        let what = match (self.why, &self.was) {
            (Why::Behind, Some(was)) => format!(
                "The vault's database is older than the vault has been: on {} it held {} items and {} log entries; the database put back holds {} items and {} log entries. Items added after that copy was made are missing from it.",
                was.at, was.items, was.seq, self.found.items, self.found.seq
            ),
            (Why::Rewritten, Some(was)) => format!(
                "The vault's database is not the one this vault had: its log differs from the one recorded on {} (entry {}). It may be an older copy, or one changed by someone else.",
                was.at, was.seq
            ),
            (Why::RecordMissing, _) => "The vault's record of its latest state (vault.head) is missing, so Holdfast cannot tell whether an older copy of the database was put back.".to_string(),
            _ => "The vault's record of its latest state (vault.head) is damaged or belongs to another vault, so Holdfast cannot tell whether an older copy of the database was put back.".to_string(),
        };
        format!(
            "{what} Found on {}. If you have a newer backup, restore it into a new folder and use that vault. Evidence files that no item names are kept in the vault's set-aside folder, never deleted.",
            self.found_at
        )
    }
}

#[derive(Serialize, Deserialize)]
struct Record {
    format: String,
    vault_id: String,
    head: Mark,
    older: Option<OlderDatabase>,
}

#[derive(Deserialize)]
struct Stored {
    #[serde(flatten)]
    record: Value,
    tag: String,
}

/// Where the database's log stands now.
pub fn current(conn: &Connection) -> Result<Mark> {
    let last: Option<(i64, String, String)> = conn
        .query_row("SELECT seq, hash, body FROM log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()
        .map_err(db_error)?;
    let items: i64 = conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0)).map_err(db_error)?;
    let (seq, hash, body) = last.unwrap_or((0, super::log::GENESIS.to_string(), String::new()));
    let at = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b.get("at").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    Ok(Mark { seq, hash, at, items })
}

/// What [`inspect`] found.
pub struct Inspection {
    /// The database is older than the vault has been (found now or on an earlier open and not
    /// yet dismissed); `None` if nothing is wrong or the vault never kept `vault.head`.
    pub older: Option<OlderDatabase>,
    /// Whether `older` was found just now (so it is logged once).
    pub new: bool,
}

/// Compares the database with `vault.head`.
pub fn inspect(dir: &Path, key: &Key, vault_id: &[u8; 16], conn: &Connection, now: &str) -> Result<Inspection> {
    let found = current(conn)?;
    let older = |why: Why, was: Option<Mark>| Inspection {
        older: Some(OlderDatabase { why, was, found: found.clone(), found_at: now.into() }),
        new: true,
    };
    let keeps = super::db::meta(conn, META_KEY)?;
    let record = match read(dir, key, vault_id) {
        Found::Absent if keeps.is_some() => return Ok(older(Why::RecordMissing, None)),
        Found::Absent => return Ok(Inspection { older: None, new: false }),
        Found::Damaged => return Ok(older(Why::RecordDamaged, None)),
        Found::Record(record) => record,
    };
    let Record { head: was, older: carried, .. } = *record;
    if was.seq > found.seq {
        return Ok(older(Why::Behind, Some(was)));
    }
    let hash_there: Option<String> =
        conn.query_row("SELECT hash FROM log WHERE seq = ?1", [was.seq], |r| r.get(0)).optional().map_err(db_error)?;
    let same = hash_there.as_deref() == Some(was.hash.as_str()) || (was.seq == 0 && found.seq == 0);
    if !same {
        return Ok(older(Why::Rewritten, Some(was)));
    }
    Ok(Inspection { older: carried, new: false })
}

enum Found {
    Absent,
    Damaged,
    Record(Box<Record>),
}

fn read(dir: &Path, key: &Key, vault_id: &[u8; 16]) -> Found {
    // An ordinary file only (never a link, a pipe or a device), read with a bound.
    let bytes = match fsutil::read_bounded(&dir.join(FILE_NAME), fsutil::Links::Refuse, MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::Absent,
        Err(_) => return Found::Damaged,
    };
    let Ok(stored) = serde_json::from_slice::<Stored>(&bytes) else { return Found::Damaged };
    let message = canonical(&stored.record);
    if !keys::head_tag_matches(key, vault_id, message.as_bytes(), &stored.tag) {
        return Found::Damaged;
    }
    match serde_json::from_value::<Record>(stored.record) {
        Ok(record) if record.format == FORMAT && record.vault_id == hex::encode(vault_id) => {
            Found::Record(Box::new(record))
        }
        _ => Found::Damaged,
    }
}

/// Writes `vault.head` for the database's state now (atomically), keeping `older` if set.
pub fn write(
    dir: &Path,
    key: &Key,
    vault_id: &[u8; 16],
    conn: &Connection,
    older: Option<&OlderDatabase>,
) -> Result<()> {
    fsutil::write_atomic(&dir.join(FILE_NAME), &record_bytes(key, vault_id, conn, older)?)
}

/// The bytes of `vault.head` for the database's state now (also written into backups, beside
/// the copy of the database they match).
pub fn record_bytes(
    key: &Key,
    vault_id: &[u8; 16],
    conn: &Connection,
    older: Option<&OlderDatabase>,
) -> Result<Vec<u8>> {
    let failed =
        |e: serde_json::Error| Error::Integrity(Message::new("integrity.head-record").with("detail", e.to_string()));
    let record =
        Record { format: FORMAT.into(), vault_id: hex::encode(vault_id), head: current(conn)?, older: older.cloned() };
    let mut value = serde_json::to_value(&record).map_err(failed)?;
    let tag = keys::head_tag(key, vault_id, canonical(&value).as_bytes());
    if let Value::Object(map) = &mut value {
        map.insert("tag".into(), Value::from(tag));
    }
    let mut text = serde_json::to_string_pretty(&value).map_err(failed)?;
    text.push('\n');
    Ok(text.into_bytes())
}
