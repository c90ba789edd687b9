//! Checking a bundle without the vault. Every file is hashed as it is read from the ZIP, in
//! memory and in bounded pieces: nothing is ever extracted to disk, so a hostile bundle (paths
//! with `..`, symlinks, duplicate names, a ZIP bomb, a truncated file, thousands of entries)
//! gets a verdict naming what is wrong, never a panic and never a file written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::sign::PublicKey;
use super::FIXED_FILES;
use crate::error::{Error, Result};
use crate::vault::log::verify_chain;

/// More entries than this and the bundle is refused unread.
pub const MAX_ENTRIES: usize = 20_000;
/// Files read whole into memory (SHA256SUMS, the signature, the key, manifest, log) must be
/// smaller than this.
const MAX_SMALL_FILE: u64 = 64 << 20;
/// The files the checks read whole; the others are only hashed.
const READ_WHOLE: &[&str] =
    &["SHA256SUMS", "SHA256SUMS.minisig", "holdfast.pub", "manifest.json", "log.jsonl", "case.jsonld"];
/// A file that expands more than this many times is treated as a ZIP bomb.
const MAX_RATIO: u64 = 1_000;

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file concerned, if one.
    pub file: Option<String>,
    /// What is wrong, in plain words.
    pub what: String,
}

/// The verifier's answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Verdict {
    /// True only if every check passed.
    pub verified: bool,
    /// What was found wrong (at most [`MAX_PROBLEMS`]).
    pub problems: Vec<Problem>,
    /// How many more problems there were beyond those listed.
    pub more_problems: usize,
    /// Files whose hash was checked.
    pub files_checked: usize,
    /// Exhibits the manifest lists.
    pub exhibits: usize,
    /// When the bundle says it was made.
    pub created: Option<String>,
    /// The signing key's id.
    pub key_id: Option<String>,
    /// The signing key's fingerprint (compare with the report).
    pub fingerprint: Option<String>,
    /// Log entries whose chain was checked.
    pub log_entries: Option<usize>,
}

/// A verdict lists at most this many problems; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

impl Verdict {
    fn problem(&mut self, file: Option<&str>, what: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { file: file.map(str::to_string), what: what.into() });
        } else {
            self.more_problems += 1;
        }
    }
}

/// A name is safe if it is UTF-8, relative, without `..`, backslashes or drive letters.
fn unsafe_name(raw: &[u8]) -> Option<&'static str> {
    let Ok(name) = std::str::from_utf8(raw) else { return Some("its name is not valid UTF-8") };
    if name.starts_with('/') || name.contains('\\') || name.contains(':') || name.contains('\0') {
        return Some("its name is an absolute or unsafe path");
    }
    if name.split('/').any(|part| part == "..") {
        return Some("its name climbs out of the bundle with '..'");
    }
    None
}

struct Entry {
    name: String,
    index: usize,
    size: u64,
}

/// Checks the bundle at `path`. `Err` only if the file cannot be opened at all; everything
/// about its contents is in the verdict.
pub fn verify_bundle(path: &Path, password: Option<&str>) -> Result<Verdict> {
    let file = std::fs::File::open(path).map_err(Error::storage("open the bundle", path))?;
    let mut v = Verdict::default();
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(zip) => zip,
        Err(e) => {
            v.problem(None, format!("the file is not a readable ZIP ({e}); it may be truncated or damaged"));
            return Ok(v);
        }
    };
    // The ZIP library keeps one entry per name; it counts the central directory's real entries.
    if zip.has_duplicate_names() {
        v.problem(None, "a name appears twice in the ZIP: which copy a tool shows cannot be trusted");
    }
    if zip.len() > MAX_ENTRIES {
        v.problem(None, format!("the ZIP holds {} entries, more than any Holdfast bundle ({MAX_ENTRIES})", zip.len()));
        return Ok(v);
    }

    // The index: names, duplicates, links, declared sizes.
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen = BTreeSet::new();
    for index in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(index) else {
            v.problem(None, format!("entry {index} of the ZIP cannot be read"));
            continue;
        };
        let raw = f.name_raw().to_vec();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        if let Some(why) = unsafe_name(&raw) {
            v.problem(Some(&shown), format!("refused: {why}"));
            continue;
        }
        if f.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000) {
            v.problem(Some(&shown), "refused: it is a symbolic link");
            continue;
        }
        if f.is_dir() {
            if f.size() > 0 {
                v.problem(Some(&shown), "refused: a folder entry that holds data");
            }
            continue;
        }
        if !seen.insert(shown.clone()) {
            v.problem(Some(&shown), "the name appears twice in the ZIP");
            continue;
        }
        if f.size() > 64 && f.size() / f.compressed_size().max(1) > MAX_RATIO {
            v.problem(Some(&shown), "refused: it expands more than a thousand times (a ZIP bomb?)");
            continue;
        }
        entries.push(Entry { name: shown, index, size: f.size() });
    }

    // Hash every entry, streaming, never reading past its declared size.
    let mut hashes: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut small: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for entry in &entries {
        let opened = match password {
            Some(p) => zip.by_index_decrypt(entry.index, p.as_bytes()),
            None => zip.by_index(entry.index),
        };
        let mut reader = match opened {
            Ok(r) => r,
            Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("Password") => {
                v.problem(Some(&entry.name), "it is encrypted: give the bundle's password");
                continue;
            }
            Err(e) => {
                v.problem(Some(&entry.name), format!("it cannot be read ({e})"));
                continue;
            }
        };
        let keep = READ_WHOLE.contains(&entry.name.as_str()) && entry.size <= MAX_SMALL_FILE;
        let mut hasher = Sha256::new();
        let mut kept = Vec::new();
        let mut total = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        let mut failed = None;
        let mut limited = (&mut reader).take(entry.size.saturating_add(1));
        loop {
            match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    total += n as u64;
                    hasher.update(&buf[..n]);
                    if keep {
                        kept.extend_from_slice(&buf[..n]);
                    }
                }
                Err(e) => {
                    failed = Some(e.to_string());
                    break;
                }
            }
        }
        if let Some(e) = failed {
            v.problem(Some(&entry.name), format!("it cannot be read to the end ({e}); the ZIP may be damaged"));
            continue;
        }
        if total != entry.size {
            v.problem(Some(&entry.name), "its size differs from what the ZIP says");
            continue;
        }
        hashes.insert(entry.name.clone(), (total, hex::encode(hasher.finalize())));
        if keep {
            small.insert(entry.name.clone(), kept);
        }
    }

    check_contents(&mut v, &hashes, &small);
    v.verified = v.problems.is_empty();
    Ok(v)
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

fn check_contents(v: &mut Verdict, hashes: &BTreeMap<String, (u64, String)>, small: &BTreeMap<String, Vec<u8>>) {
    // SHA256SUMS: every file but itself and the signature, each hash right, none missing or extra.
    if let Some(sums) = text(v, small, "SHA256SUMS") {
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
            if name != "SHA256SUMS" && name != "SHA256SUMS.minisig" && !listed.contains(name) {
                v.problem(Some(name), "it is in the bundle but not in SHA256SUMS: it was added");
            }
        }
        v.files_checked = listed.len();
        // The signature over SHA256SUMS, with the bundle's own key.
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

    // manifest.json agrees with the files.
    if let Some(manifest) = text(v, small, "manifest.json") {
        match serde_json::from_str::<Value>(manifest) {
            Ok(m) => {
                v.created = m.get("created").and_then(Value::as_str).map(str::to_string);
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
                    let own = ["manifest.json", "SHA256SUMS", "SHA256SUMS.minisig"].contains(&name.as_str());
                    if !own && !listed.contains(name) {
                        v.problem(Some(name), "it is in the bundle but not in manifest.json");
                    }
                }
            }
            Err(e) => v.problem(Some("manifest.json"), format!("it is not valid JSON ({e})")),
        }
    }

    // The log chain, with withheld bodies.
    if let Some(log) = text(v, small, "log.jsonl") {
        let mut lines = Vec::new();
        for (i, line) in log.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            match serde_json::from_str::<Value>(line) {
                Ok(value) => lines.push(value),
                Err(_) => {
                    v.problem(Some("log.jsonl"), format!("line {} is not valid JSON", i + 1));
                    break;
                }
            }
        }
        let field = |l: &Value, k: &str| l.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let chain: Vec<(i64, Option<String>, String, String, String)> = lines
            .iter()
            .map(|l| {
                let seq = l.get("seq").and_then(Value::as_i64).unwrap_or(0);
                (
                    seq,
                    l.get("body").and_then(Value::as_str).map(str::to_string),
                    field(l, "body_hash"),
                    field(l, "prev"),
                    field(l, "hash"),
                )
            })
            .collect();
        match verify_chain(chain.iter().map(|(s, b, bh, p, h)| (*s, b.as_deref(), bh.as_str(), p.as_str(), h.as_str())))
        {
            Ok(n) => v.log_entries = Some(n),
            Err(why) => v.problem(Some("log.jsonl"), format!("the log chain does not hold: {why}")),
        }
    }

    if let Some(case) = text(v, small, "case.jsonld") {
        if serde_json::from_str::<Value>(case).is_err() {
            v.problem(Some("case.jsonld"), "it is not valid JSON-LD (not even JSON)");
        }
    }
    for name in FIXED_FILES {
        if !hashes.contains_key(*name) && !v.problems.iter().any(|p| p.file.as_deref() == Some(name)) {
            v.problem(Some(name), "it is missing");
        }
    }
}
