//! Each exhibit against what the rest of the bundle says about it: its metadata file
//! (`exhibits/JS-1.json`: the file it describes, its SHA-256 and size), the `add item` entry of
//! `log.jsonl` that recorded it (the bundle discloses the bodies of exported items' entries),
//! and the manifest's exhibit count.
//!
//! The signature alone does not catch a bundle rewritten and signed again with another key; a
//! forger must then also make every exhibit agree with its metadata and with the log, whose
//! entries are chained from the vault's first action.

use std::collections::BTreeMap;

use serde_json::Value;

use super::contents::LogLine;
use super::Verdict;

/// Whether `name` is an exhibit's metadata file: `exhibits/` then initials (one to four letters
/// A–Z), `-`, a number, `.json` (exhibit files carry their kind and time after an `_`).
pub(super) fn is_metadata(name: &str) -> bool {
    reference_of(name).is_some()
}

/// `exhibits/JS-12.json` → (`JS`, `12`).
fn reference_of(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_prefix("exhibits/")?.strip_suffix(".json")?;
    let (initials, number) = stem.split_once('-')?;
    let letters = (1..=4).contains(&initials.len()) && initials.bytes().all(|b| b.is_ascii_uppercase());
    let digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    (letters && digits).then_some((initials, number))
}

/// One disclosed `add item` entry: its number, and the hash and size it logged.
struct Added {
    seq: i64,
    sha256: String,
    size: Option<u64>,
}

fn added_items(log: &[LogLine]) -> Vec<Added> {
    log.iter()
        .filter_map(|line| {
            let body: Value = serde_json::from_str(line.body.as_deref()?).ok()?;
            (body.get("action").and_then(Value::as_str) == Some("add item")).then(|| Added {
                seq: line.seq,
                sha256: body.get("sha256").and_then(Value::as_str).unwrap_or_default().to_string(),
                size: body.get("size").and_then(Value::as_u64),
            })
        })
        .collect()
}

/// The cross-checks. `log` is empty when the chain did not hold (that is a problem already).
pub(super) fn check(
    v: &mut Verdict,
    hashes: &BTreeMap<String, (u64, String)>,
    small: &BTreeMap<String, Vec<u8>>,
    log: &[LogLine],
) {
    let metadata: Vec<&String> = hashes.keys().filter(|n| is_metadata(n)).collect();
    let files: Vec<&String> = hashes.keys().filter(|n| n.starts_with("exhibits/") && !is_metadata(n)).collect();

    // Each metadata file describes one exhibit file, with its hash and size.
    let mut described: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for meta in &metadata {
        let Some(m) = small.get(*meta).and_then(|b| serde_json::from_slice::<Value>(b).ok()) else {
            v.problem(Some(meta), "it is not valid JSON, so its exhibit cannot be checked against it");
            continue;
        };
        let field = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
        let (file, reference) = (field("file"), field("reference"));
        let Some((initials, number)) = reference_of(meta) else { continue };
        if reference != format!("{initials}/{number}") || !file.starts_with(&format!("exhibits/{initials}-{number}_")) {
            v.problem(Some(meta), "its reference or the file it describes does not match its own name");
        }
        match hashes.get_key_value(file) {
            None => v.problem(Some(meta), format!("it describes {file}, which is not in the bundle")),
            Some((file, (size, sha256))) => {
                if m.get("sha256").and_then(Value::as_str) != Some(sha256.as_str())
                    || m.get("size").and_then(Value::as_u64) != Some(*size)
                {
                    v.problem(Some(file), format!("its SHA-256 or size differs from its metadata ({meta})"));
                }
                described.entry(file.as_str()).or_default().push(meta);
            }
        }
    }

    // Each exhibit file is described once, and its hash was logged when it was added.
    let added = added_items(log);
    for file in &files {
        match described.get(file.as_str()).map(Vec::len) {
            None => v.problem(Some(file), "no exhibits/….json describes it: it is not one of the bundle's exhibits"),
            Some(1) => {}
            Some(_) => v.problem(Some(file), "more than one exhibits/….json describes it"),
        }
        let Some((size, sha256)) = hashes.get(file.as_str()) else { continue };
        let logged = added.iter().any(|a| a.sha256 == *sha256 && a.size.is_none_or(|s| s == *size));
        if !log.is_empty() && !logged {
            v.problem(
                Some(file),
                "no 'add item' entry in log.jsonl records its SHA-256: it is not the file the vault recorded",
            );
        }
    }
    for a in &added {
        if !files.iter().any(|f| hashes.get(f.as_str()).is_some_and(|(_, h)| *h == a.sha256)) {
            v.problem(
                Some("log.jsonl"),
                format!("entry {} records an added item that is not among the exhibits: an exhibit was removed", a.seq),
            );
        }
    }

    // The manifest's count.
    let counted = small
        .get("manifest.json")
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        .and_then(|m| m.get("exhibit_count").and_then(Value::as_u64));
    if let Some(count) = counted {
        if count != files.len() as u64 || count != metadata.len() as u64 {
            v.problem(
                Some("manifest.json"),
                format!(
                    "it counts {count} exhibits, but the bundle holds {} exhibit files and {} metadata files",
                    files.len(),
                    metadata.len()
                ),
            );
        }
    }
}
