//! The tamper-evident log: every action appends an entry whose hash covers the previous entry.
//!
//! `hash = SHA-256("holdfast-log/1" ‖ prev ‖ body_hash)`, where `body_hash` is the SHA-256 of the
//! entry's body as canonical JSON (sorted keys, no spaces) and `prev` is the previous entry's
//! hash (32 zero bytes for the first). Because a link needs only the body's hash, an export can
//! carry the whole chain while revealing the bodies of exported items only.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::db::db_error;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Canonical JSON body: `seq`, `at`, `action`, a random `salt`, and the action's details.
    pub body: String,
    /// SHA-256 of `body`.
    pub body_hash: String,
    /// The previous entry's hash.
    pub prev: String,
    /// This entry's hash.
    pub hash: String,
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no white space. The keys are sorted
/// here, not left to serde_json's map order (which a dependency's `preserve_order` could change).
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The link hash from the previous hash and this body's hash (both hex).
pub fn link(prev: &str, body_hash: &str) -> Result<String> {
    let decode =
        |h: &str| hex::decode(h).map_err(|_| Error::Integrity(Message::new("chain.hash-unreadable").with("hash", h)));
    let mut hash = Sha256::new();
    hash.update(b"holdfast-log/1");
    hash.update(decode(prev)?);
    hash.update(decode(body_hash)?);
    Ok(hex::encode(hash.finalize()))
}

/// Appends an entry inside the caller's transaction.
pub fn append(conn: &Connection, at: &str, action: &str, details: Map<String, Value>) -> Result<Entry> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db_error)?;
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let mut body = details;
    // A random salt in every body, so an entry withheld from an export cannot be guessed from
    // its hash.
    body.insert("salt".into(), Value::from(hex::encode(super::keys::random_bytes::<16>())));
    body.insert("seq".into(), Value::from(seq));
    body.insert("at".into(), Value::from(at));
    body.insert("action".into(), Value::from(action));
    let body = canonical(&Value::Object(body));
    let body_hash = sha256_hex(body.as_bytes());
    let hash = link(&prev, &body_hash)?;
    conn.execute(
        "INSERT INTO log (seq, body, body_hash, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, body, body_hash, prev, hash],
    )
    .map_err(db_error)?;
    Ok(Entry { seq, body, body_hash, prev, hash })
}

/// Every entry in order.
pub fn entries(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare("SELECT seq, body, body_hash, prev, hash FROM log ORDER BY seq").map_err(db_error)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Entry { seq: r.get(0)?, body: r.get(1)?, body_hash: r.get(2)?, prev: r.get(3)?, hash: r.get(4)? })
        })
        .map_err(db_error)?;
    rows.collect::<std::result::Result<Vec<_>, _>>().map_err(db_error)
}

/// Checks a chain: numbering, each body's hash (where the body is present), each link.
/// Returns a description of the first fault.
pub fn verify_chain<'a>(
    chain: impl IntoIterator<Item = (i64, Option<&'a str>, &'a str, &'a str, &'a str)>,
) -> std::result::Result<usize, Message> {
    let entry = |key, seq: i64| Message::new(key).with("seq", seq.to_string());
    let mut prev = GENESIS.to_string();
    let mut count = 0usize;
    for (i, (seq, body, body_hash, entry_prev, hash)) in chain.into_iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if seq != expected_seq {
            return Err(entry("chain.out-of-order", expected_seq).with("found", seq.to_string()));
        }
        if let Some(body) = body {
            if sha256_hex(body.as_bytes()) != body_hash {
                return Err(entry("chain.changed", seq));
            }
            let parsed: Value = serde_json::from_str(body).map_err(|_| entry("chain.unreadable", seq))?;
            if parsed.get("seq").and_then(Value::as_i64) != Some(seq) {
                return Err(entry("chain.wrong-number", seq));
            }
        }
        if entry_prev != prev {
            return Err(entry("chain.broken", seq).with("before", (seq - 1).to_string()));
        }
        let recomputed = link(&prev, body_hash).map_err(|e| match e {
            Error::Integrity(what) => what,
            other => other.message(),
        })?;
        if recomputed != hash {
            return Err(entry("chain.wrong-hash", seq));
        }
        prev = recomputed;
        count += 1;
    }
    Ok(count)
}

/// Checks the stored chain.
pub fn verify(conn: &Connection) -> Result<usize> {
    let all = entries(conn)?;
    verify_chain(
        all.iter().map(|e| (e.seq, Some(e.body.as_str()), e.body_hash.as_str(), e.prev.as_str(), e.hash.as_str())),
    )
    .map_err(Error::Integrity)
}
