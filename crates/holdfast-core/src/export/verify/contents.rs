//! The bundle's own lists: `SHA256SUMS` and its signature, `manifest.json`, the log chain in
//! `log.jsonl` and the CASE graph.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Verdict;
use crate::export::sign::PublicKey;
use crate::export::FIXED_FILES;
use crate::vault::log::verify_chain;

/// The files that by design are not in `SHA256SUMS`: the list itself and its signature
/// (`Vault::export` writes them last, over every file before them). Every other entry must be
/// listed.
pub(super) const OUTSIDE_SUMS: &[&str] = &["SHA256SUMS", "SHA256SUMS.minisig"];

/// One line of `log.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LogLine {
    pub seq: i64,
    /// The entry's canonical JSON, where the bundle discloses it.
    pub body: Option<String>,
    pub body_hash: String,
    pub prev: String,
    pub hash: String,
}

fn text<'a>(v: &mut Verdict, small: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Option<&'a str> {
    match small.get(name).map(|b| std::str::from_utf8(b)) {
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => {
            v.problem(Some(name), "it is not UTF-8 text");
            None
        }
        None => {
            v.problem(Some(name), "it is missing (or too large for a Holdfast bundle)");
            None
        }
    }
}

/// Checks the lists against the files' hashes; returns the log's lines when its chain holds.
pub(super) fn check(
    v: &mut Verdict,
    hashes: &BTreeMap<String, (u64, String)>,
    small: &BTreeMap<String, Vec<u8>>,
) -> Vec<LogLine> {
    sums(v, hashes, small);
    manifest(v, hashes, small);
    let log = log(v, small);
    if let Some(case) = text(v, small, "case.jsonld") {
        if serde_json::from_str::<Value>(case).is_err() {
            v.problem(Some("case.jsonld"), "it is not valid JSON-LD (not even JSON)");
        }
    }
    for name in FIXED_FILES {
        if !hashes.contains_key(*name) && !v.names(name) {
            v.problem(Some(name), "it is missing");
        }
    }
    log
}

/// SHA256SUMS: every file but itself and the signature, each hash right, none missing or extra;
/// and its signature by the bundle's own key.
fn sums(v: &mut Verdict, hashes: &BTreeMap<String, (u64, String)>, small: &BTreeMap<String, Vec<u8>>) {
    let Some(sums) = text(v, small, "SHA256SUMS") else { return };
    let mut listed = BTreeSet::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let Some((hash, name)) = line.split_once("  ") else {
            v.problem(Some("SHA256SUMS"), "a line is not 'hash  name': the file is damaged");
            break;
        };
        listed.insert(name.to_string());
        match hashes.get(name) {
            Some((_, actual)) if actual == hash => {}
            Some(_) => v.problem(Some(name), "its SHA-256 does not match SHA256SUMS: it was changed"),
            None => v.problem(Some(name), "SHA256SUMS lists it, but it is not in the bundle"),
        }
    }
    for name in hashes.keys() {
        if !OUTSIDE_SUMS.contains(&name.as_str()) && !listed.contains(name) {
            v.problem(Some(name), "it is in the bundle but not in SHA256SUMS: it was added, and nothing signs it");
        }
    }
    v.files_checked = listed.len();
    let key = text(v, small, "holdfast.pub").map(PublicKey::from_file);
    let signature = text(v, small, "SHA256SUMS.minisig").map(str::to_string);
    match (key, signature) {
        (Some(Ok(key)), Some(signature)) => {
            v.key_id = Some(key.id_hex());
            v.fingerprint = Some(key.fingerprint());
            if let Err(why) = key.verify(sums.as_bytes(), &signature) {
                v.problem(Some("SHA256SUMS.minisig"), format!("the signature does not verify: {why}"));
            }
        }
        (Some(Err(why)), _) => v.problem(Some("holdfast.pub"), why),
        _ => {}
    }
}

/// manifest.json agrees with the files, and names the signing key.
fn manifest(v: &mut Verdict, hashes: &BTreeMap<String, (u64, String)>, small: &BTreeMap<String, Vec<u8>>) {
    let Some(manifest) = text(v, small, "manifest.json") else { return };
    let m = match serde_json::from_str::<Value>(manifest) {
        Ok(m) => m,
        Err(e) => return v.problem(Some("manifest.json"), format!("it is not valid JSON ({e})")),
    };
    v.created = m.get("created").and_then(Value::as_str).map(|c| crate::untrusted::escape(c).into_owned());
    v.exhibits = m.get("exhibit_count").and_then(Value::as_u64).unwrap_or(0) as usize;
    if m.pointer("/key/fingerprint").and_then(Value::as_str) != v.fingerprint.as_deref() {
        v.problem(Some("manifest.json"), "its key fingerprint is not the signing key's");
    }
    let files = m.get("files").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut listed = BTreeSet::new();
    for f in &files {
        let name = f.get("path").and_then(Value::as_str).unwrap_or_default();
        listed.insert(name.to_string());
        let size = f.get("size").and_then(Value::as_u64);
        let sha = f.get("sha256").and_then(Value::as_str);
        match hashes.get(name) {
            Some((s, h)) if Some(*s) == size && Some(h.as_str()) == sha => {}
            Some(_) => v.problem(Some(name), "its size or SHA-256 differs from manifest.json"),
            None => v.problem(Some(name), "manifest.json lists it, but it is not in the bundle"),
        }
    }
    for name in hashes.keys() {
        let own = name == "manifest.json" || OUTSIDE_SUMS.contains(&name.as_str());
        if !own && !listed.contains(name) {
            v.problem(Some(name), "it is in the bundle but not in manifest.json");
        }
    }
}

/// The log chain, with withheld bodies. Returns its lines when the chain holds, else none.
fn log(v: &mut Verdict, small: &BTreeMap<String, Vec<u8>>) -> Vec<LogLine> {
    let Some(log) = text(v, small, "log.jsonl") else { return Vec::new() };
    let mut lines = Vec::new();
    for (i, line) in log.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            v.problem(Some("log.jsonl"), format!("line {} is not valid JSON", i + 1));
            return Vec::new();
        };
        let field = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        lines.push(LogLine {
            seq: value.get("seq").and_then(Value::as_i64).unwrap_or(0),
            body: value.get("body").and_then(Value::as_str).map(str::to_string),
            body_hash: field("body_hash"),
            prev: field("prev"),
            hash: field("hash"),
        });
    }
    let chain =
        lines.iter().map(|l| (l.seq, l.body.as_deref(), l.body_hash.as_str(), l.prev.as_str(), l.hash.as_str()));
    match verify_chain(chain) {
        Ok(n) => {
            v.log_entries = Some(n);
            v.log_head = lines.last().map(|l| l.hash.clone());
            lines
        }
        Err(why) => {
            v.problem(Some("log.jsonl"), format!("the log chain does not hold: {why}"));
            Vec::new()
        }
    }
}
