//! Checking a bundle without the vault. The ZIP's layout is read from its bytes first and must
//! be strictly tiled (`layout`), so that every tool sees the same files; then every file is
//! hashed as it is read from the ZIP, in memory and in bounded pieces: nothing is ever
//! extracted to disk, so a hostile bundle (paths with `..`, symlinks, duplicate names, hidden or
//! overlapping records, a ZIP bomb, a truncated file, thousands of entries, names that drive a
//! terminal) gets a verdict naming what is wrong, never a panic and never a file written.
//!
//! Then the contents: `SHA256SUMS` and its signature, `manifest.json`, the log chain and the CASE
//! graph (`contents`); each exhibit against its metadata, its logged hash and the manifest's count
//! (`exhibits`); and, if asked, the key's fingerprint and an earlier bundle's log (`history`).
//!
//! Every text in a verdict that comes from the bundle (names, and problems quoting it) is escaped
//! with [`crate::untrusted::escape`], for the terminal, the JSON output and the app alike.

mod contents;
mod exhibits;
mod history;
mod layout;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::untrusted;
pub use history::normalise_fingerprint;

/// More entries than this and the bundle is refused unread.
pub const MAX_ENTRIES: usize = 100_000;
/// Files read whole into memory (SHA256SUMS, the signature, the key, manifest, log, exhibit
/// metadata) must be smaller than this.
const MAX_SMALL_FILE: u64 = 64 << 20;
/// The files the checks read whole, besides each exhibit's metadata; the others are only hashed.
const READ_WHOLE: &[&str] =
    &["SHA256SUMS", "SHA256SUMS.minisig", "holdfast.pub", "manifest.json", "log.jsonl", "case.jsonld"];
/// A file that expands more than this many times is treated as a ZIP bomb.
const MAX_RATIO: u64 = 1_000;
/// What all the files together may unpack to: this many times the bundle's size, plus
/// [`UNPACKED_ALLOWANCE`]. A real bundle stays far below: exhibit originals are stored as they
/// are (1:1), the PDF is compressed already, and hashes and JSON shrink two to ten times, so
/// even a bundle of nothing but text messages stays under 10:1. The allowance covers a small
/// bundle whose one message is a pasted wall of repeats (a text item is at most 200,000
/// characters, 800 KB). The bound makes overlapping or lying entries harmless: a 2 MB file can
/// make the verifier hash at most about 460 MB, and more is refused before anything is read.
const MAX_UNPACKED_RATIO: u64 = 200;
/// See [`MAX_UNPACKED_RATIO`].
const UNPACKED_ALLOWANCE: u64 = 64 << 20;
/// Read in pieces of this size, checking for cancellation between pieces.
const CHUNK: usize = 64 * 1024;

/// How to check a bundle, beyond its path.
#[derive(Clone, Copy, Default)]
pub struct VerifyOptions<'a> {
    /// The bundle's password, if it was made with one.
    pub password: Option<&'a str>,
    /// The fingerprint the person who made the bundle gave you themselves (any spacing or case).
    /// The verdict fails if the signing key's differs, and says the key is confirmed if it matches.
    pub expect_fingerprint: Option<&'a str>,
    /// An earlier bundle from the same vault: its log must be, entry for entry, the start of this
    /// one's.
    pub earlier: Option<Earlier<'a>>,
    /// Set it (from any thread) to stop the check; it then returns [`Error::Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
}

/// An earlier bundle to compare with.
#[derive(Clone, Copy)]
pub struct Earlier<'a> {
    /// Where it is.
    pub path: &'a Path,
    /// Its password, if it was made with one.
    pub password: Option<&'a str>,
}

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file concerned, if one, escaped for display ([`crate::untrusted::escape`]).
    pub file: Option<String>,
    /// What is wrong, in plain words (escaped too).
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
    /// When the bundle says it was made (escaped).
    pub created: Option<String>,
    /// The signing key's id.
    pub key_id: Option<String>,
    /// The signing key's fingerprint (compare with the one the person gave you).
    pub fingerprint: Option<String>,
    /// True only if the fingerprint is the one given in [`VerifyOptions::expect_fingerprint`].
    /// Without that, the signature shows the files are unchanged since this key signed them,
    /// not who made them: anyone can make a key and sign a bundle.
    pub key_confirmed: bool,
    /// Log entries whose chain was checked.
    pub log_entries: Option<usize>,
    /// The hash of the log's last entry, when the chain holds.
    pub log_head: Option<String>,
    /// The comparison with an earlier bundle, if one was given.
    pub earlier: Option<EarlierCheck>,
}

/// What the comparison with an earlier bundle found (its faults are in the verdict's problems).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EarlierCheck {
    /// The earlier bundle, as given (escaped).
    pub file: String,
    /// When it says it was made.
    pub created: Option<String>,
    /// Whether it verifies on its own.
    pub verified: bool,
    /// Its log's length.
    pub log_entries: Option<usize>,
    /// True if its log is, entry for entry, the start of this bundle's log.
    pub log_is_prefix: bool,
    /// How many log entries this bundle has beyond the earlier one's.
    pub entries_since: usize,
}

/// A verdict lists at most this many problems; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

impl Verdict {
    fn problem(&mut self, file: Option<&str>, what: impl AsRef<str>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                file: file.map(|f| untrusted::escape(f).into_owned()),
                what: untrusted::escape(what.as_ref()).into_owned(),
            });
        } else {
            self.more_problems += 1;
        }
    }

    fn names(&self, file: &str) -> bool {
        self.problems.iter().any(|p| p.file.as_deref() == Some(file))
    }
}

/// Checks the bundle at `path`. `Err` only if the file cannot be opened at all; everything
/// about its contents is in the verdict.
pub fn verify_bundle(path: &Path, password: Option<&str>) -> Result<Verdict> {
    verify_bundle_with(path, &VerifyOptions { password, ..VerifyOptions::default() })
}

/// Checks the bundle at `path` with `options`: a password, the fingerprint to expect, an earlier
/// bundle to compare with, a cancel flag. `Err` if a file cannot be opened, the expected
/// fingerprint is not one (`invalid_input`), or the check was cancelled ([`Error::Cancelled`]).
pub fn verify_bundle_with(path: &Path, options: &VerifyOptions<'_>) -> Result<Verdict> {
    let expected = match options.expect_fingerprint {
        Some(given) => Some(
            normalise_fingerprint(given)
                .ok_or_else(|| Error::invalid("field.fingerprint", Message::new("invalid.fingerprint")))?,
        ),
        None => None,
    };
    let mut checked = check(path, options.password, options.cancel)?;
    history::fingerprint(&mut checked.verdict, expected.as_deref());
    if let Some(earlier) = options.earlier {
        let before = check(earlier.path, earlier.password, options.cancel)?;
        history::against(&mut checked, &before, &earlier.path.display().to_string());
    }
    let mut verdict = checked.verdict;
    verdict.verified = verdict.problems.is_empty() && verdict.more_problems == 0;
    Ok(verdict)
}

/// A verdict with the log it read, for the comparison with an earlier bundle.
struct Checked {
    verdict: Verdict,
    log: Vec<contents::LogLine>,
}

fn stop_if_cancelled(cancel: Option<&AtomicBool>) -> Result<()> {
    match cancel {
        Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::Cancelled),
        _ => Ok(()),
    }
}

/// The most all files together may unpack to, for a bundle of `len` bytes.
fn max_unpacked(len: u64) -> u64 {
    len.saturating_mul(MAX_UNPACKED_RATIO).saturating_add(UNPACKED_ALLOWANCE)
}

/// The bundle's own checks (no fingerprint, no earlier bundle).
fn check(path: &Path, password: Option<&str>, cancel: Option<&AtomicBool>) -> Result<Checked> {
    stop_if_cancelled(cancel)?;
    let file = crate::fsutil::open_chosen(path, "field.bundle", "storage.open-the-bundle")?;
    let mut v = Verdict::default();
    let done = |verdict| Ok(Checked { verdict, log: Vec::new() });
    // A password bundle is a 7z archive around the ZIP: read the ZIP inside, decrypting in place.
    let opened = super::sealed::open(file, password);
    opened.problems.into_iter().for_each(|why| v.problem(None, why));
    let Some(mut reader) = opened.source else { return done(v) };
    let password = if matches!(reader, super::sealed::Source::Zip(_)) { password } else { None };
    let len = reader
        .seek(std::io::SeekFrom::End(0))
        .and_then(|len| reader.seek(std::io::SeekFrom::Start(0)).map(|_| len))
        .map_err(Error::storage("storage.read-the-size-of-the-bundle", path))?;

    let records = match layout::read(&mut reader, len) {
        Ok(records) => records,
        Err(fault) => {
            let name = fault.file.map(|n| String::from_utf8_lossy(&n).into_owned());
            v.problem(name.as_deref(), fault.what);
            return done(v);
        }
    };
    // Two entries of one name: tools differ in which they show, and the ZIP library keeps one.
    let mut names = BTreeSet::new();
    let twice: Vec<&[u8]> = records.iter().map(|r| r.name.as_slice()).filter(|n| !names.insert(*n)).collect();
    if !twice.is_empty() {
        for name in twice {
            v.problem(
                Some(&String::from_utf8_lossy(name)),
                "the name appears twice in the ZIP: which copy a tool shows cannot be trusted",
            );
        }
        return done(v);
    }
    let unpacked = records.iter().fold(0u64, |sum, r| sum.saturating_add(r.size));
    if unpacked > max_unpacked(len) {
        v.problem(
            None,
            format!(
                "its files would unpack to {unpacked} bytes, more than {MAX_UNPACKED_RATIO} times the bundle's {len}: no real bundle does that; refused unread (a ZIP bomb?)"
            ),
        );
        return done(v);
    }
    stop_if_cancelled(cancel)?;
    let mut zip = match zip::ZipArchive::new(reader) {
        Ok(zip) => zip,
        Err(e) => {
            v.problem(None, format!("the file is not a readable ZIP ({e}); it may be truncated or damaged"));
            return done(v);
        }
    };
    let entries = match index(&mut v, &mut zip, &records) {
        Some(entries) => entries,
        None => return done(v),
    };

    // Hash every entry, streaming, never reading past its declared size.
    let mut hashes: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut small: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for entry in &entries {
        stop_if_cancelled(cancel)?;
        let keep = (READ_WHOLE.contains(&entry.name.as_str()) || exhibits::is_metadata(&entry.name))
            && entry.size <= MAX_SMALL_FILE;
        match hash_entry(&mut zip, entry, password, keep, cancel)? {
            Ok((hash, kept)) => {
                hashes.insert(entry.name.clone(), (entry.size, hash));
                if keep {
                    small.insert(entry.name.clone(), kept);
                }
            }
            Err(why) => v.problem(Some(&entry.name), why),
        }
    }

    stop_if_cancelled(cancel)?;
    let log = contents::check(&mut v, &hashes, &small);
    exhibits::check(&mut v, &hashes, &small, &log);
    Ok(Checked { verdict: v, log })
}

/// An entry to hash.
struct Entry {
    name: String,
    index: usize,
    size: u64,
}

/// The ZIP library's index, checked against the layout read from the bytes, and each entry's
/// name and kind. Returns the entries to hash, or `None` if the index cannot be trusted.
fn index<R: Read + std::io::Seek>(
    v: &mut Verdict,
    zip: &mut zip::ZipArchive<R>,
    records: &[layout::Record],
) -> Option<Vec<Entry>> {
    if zip.len() != records.len() || zip.offset() != 0 {
        v.problem(None, "the ZIP reads differently in different tools (its index does not match its bytes)");
        return None;
    }
    let mut entries = Vec::new();
    let mut folded = BTreeMap::new();
    for (index, record) in records.iter().enumerate() {
        let shown = String::from_utf8_lossy(&record.name).into_owned();
        let Ok(f) = zip.by_index_raw(index) else {
            v.problem(Some(&shown), "it cannot be read from the ZIP's index");
            continue;
        };
        let same = f.name_raw() == record.name.as_slice()
            && f.header_start() == record.offset
            && f.data_start() == Some(record.data_start)
            && f.compressed_size() == record.compressed
            && f.size() == record.size
            && f.crc32() == record.crc;
        if !same {
            v.problem(
                Some(&shown),
                "the ZIP reads differently in different tools (its index does not match its bytes)",
            );
            return None;
        }
        if let Some(why) = unsafe_name(&record.name) {
            v.problem(Some(&shown), format!("refused: {why}"));
            continue;
        }
        if f.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000) {
            v.problem(Some(&shown), "refused: it is a symbolic link");
            continue;
        }
        if f.is_dir() {
            v.problem(
                Some(&shown),
                "refused: a folder entry; Holdfast bundles hold none, and SHA256SUMS does not list it",
            );
            continue;
        }
        if let Some(other) = folded.insert(fold(&shown), shown.clone()) {
            v.problem(
                Some(&shown),
                format!("its name differs from {other} only in letter case or accents: on Windows and macOS one would overwrite the other"),
            );
            continue;
        }
        if f.size() > 64 && f.size() / f.compressed_size().max(1) > MAX_RATIO {
            v.problem(Some(&shown), "refused: it expands more than a thousand times (a ZIP bomb?)");
            continue;
        }
        entries.push(Entry { name: shown, index, size: f.size() });
    }
    Some(entries)
}

/// A name as Windows and macOS compare them: case-folded, composed.
fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect::<String>().to_lowercase()
}

/// A name is safe if it is UTF-8, relative, without `..`, `.` or empty parts, backslashes, drive
/// letters, controls, bidirectional or invisible characters, Windows device names, or parts
/// ending in a dot or space (which Windows drops, so `report.pdf.` would land on `report.pdf`).
fn unsafe_name(raw: &[u8]) -> Option<&'static str> {
    let Ok(name) = std::str::from_utf8(raw) else { return Some("its name is not valid UTF-8") };
    if name.starts_with('/') || name.contains('\\') || name.contains(':') || name.contains('\0') {
        return Some("its name is an absolute or unsafe path");
    }
    if untrusted::needs_escape(name) {
        return Some("its name holds control, bidirectional or invisible characters (shown as [U+…]), which can hide or fake text on screen");
    }
    let parts: Vec<&str> = name.trim_end_matches('/').split('/').collect();
    if parts.contains(&"..") {
        return Some("its name climbs out of the bundle with '..'");
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return Some("its name has an empty or '.' part, so two names could mean the same file");
    }
    if parts.iter().any(|p| p.ends_with('.') || p.ends_with(' ')) {
        return Some(
            "a part of its name ends in a dot or space, which Windows drops (it could overwrite another file)",
        );
    }
    if parts.iter().any(|p| is_device(p)) {
        return Some("its name is a Windows device name, which cannot be unpacked there");
    }
    None
}

/// `CON`, `NUL.txt`, `com1`: names Windows keeps for devices, whatever the extension.
fn is_device(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or_default().to_ascii_lowercase();
    let numbered =
        stem.len() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) && stem.as_bytes()[3].is_ascii_digit();
    numbered || matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
}

/// Reads one entry to its end: its SHA-256, and its bytes if `keep`. The outer `Err` is a
/// cancellation; the inner one says why the entry cannot be read.
fn hash_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    entry: &Entry,
    password: Option<&str>,
    keep: bool,
    cancel: Option<&AtomicBool>,
) -> Result<std::result::Result<(String, Vec<u8>), String>> {
    use sha2::{Digest, Sha256};
    let opened = match password {
        Some(p) => zip.by_index_decrypt(entry.index, p.as_bytes()),
        None => zip.by_index(entry.index),
    };
    let mut reader = match opened {
        Ok(r) => r,
        Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("Password") => {
            return Ok(Err("it is encrypted: give the bundle's password".into()));
        }
        Err(e) => return Ok(Err(format!("it cannot be read ({e})"))),
    };
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; CHUNK];
    let mut limited = (&mut reader).take(entry.size.saturating_add(1));
    loop {
        stop_if_cancelled(cancel)?;
        match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                total += n as u64;
                hasher.update(&buf[..n]);
                if keep {
                    kept.extend_from_slice(&buf[..n]);
                }
            }
            Err(e) => return Ok(Err(format!("it cannot be read to the end ({e}); the ZIP may be damaged"))),
        }
    }
    if total != entry.size {
        return Ok(Err("its size differs from what the ZIP says".into()));
    }
    Ok(Ok((hex::encode(hasher.finalize()), kept)))
}
