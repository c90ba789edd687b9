//! The police handover bundle: one ZIP an officer can open, read and check with standard tools.
//!
//! Layout and rules: `docs/BUNDLE.md`. The bundle is built straight from the vault: each
//! exhibit's original is decrypted and streamed into the ZIP, so memory stays bounded whatever
//! the size, and nothing readable is written anywhere but the bundle itself. Items marked as
//! showing nudity or sexual content can never be selected ([`Vault::exportable_items`]).
//! With the same vault, selection and clock the ZIP is byte for byte the same. With a password
//! the ZIP is sealed in a 7z archive instead ([`sealed`]), which draws a random salt.

mod case;
mod names;
mod pdf;
mod pdf_text;
mod record;
mod report;
pub mod sealed;
pub mod sign;
mod sniff;
mod thumbs;
pub mod verify;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::{Error, Result};
use crate::fsutil::{Hashing, Partial};
use crate::i18n::Message;
use crate::vault::log::canonical;
use crate::vault::{Account, Item, Payment, ReportSummary, Vault};
pub use names::Exhibit;

/// The bundle format tag in `manifest.json`.
pub const FORMAT: &str = "holdfast-bundle/1";
/// The producer initials used when the person gives none.
pub const DEFAULT_INITIALS: &str = "EX";
/// The software that made the bundle.
pub const SOFTWARE: &str = concat!("Holdfast ", env!("CARGO_PKG_VERSION"));

/// Files every bundle holds besides its exhibits.
pub const FIXED_FILES: &[&str] = &[
    "START-HERE.html",
    "report.pdf",
    "report.html",
    "manifest.json",
    "SHA256SUMS",
    "SHA256SUMS.minisig",
    "holdfast.pub",
    "case.jsonld",
    "log.jsonl",
    "VERIFY.txt",
];

/// What to put in a bundle.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Producer initials for exhibit references (`JS` gives `JS/1`); [`DEFAULT_INITIALS`] if none.
    pub initials: Option<String>,
    /// The items to export; every exportable item if `None`.
    pub items: Option<Vec<i64>>,
    /// The person's name, if they choose to give it.
    pub name: Option<String>,
    /// Their contact details, if they choose to give them.
    pub contact: Option<String>,
    /// "What happened, in my own words".
    pub own_words: Option<String>,
    /// The moment the bundle is made (tests fix it; otherwise now).
    pub now: Option<DateTime<Utc>>,
    /// Seal the bundle in a 7z archive, AES-256 with encrypted names, under this password
    /// (7-Zip opens it). It must pass [`sealed::check_password`]; the file should end in `.7z`.
    pub password: Option<zeroize::Zeroizing<String>>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// The bundle.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// How many exhibits it holds.
    pub exhibits: usize,
    /// The signing key's fingerprint, as printed in the report.
    pub fingerprint: String,
    /// The minisign key id.
    pub key_id: String,
    /// The SHA-256 of the bundle's `SHA256SUMS`, as the vault's log records it (`export`).
    pub sums_sha256: String,
}

/// One file written into the bundle.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// Path inside the ZIP.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// Everything the report shows, gathered once.
pub(crate) struct Case<'a> {
    pub options: &'a ExportOptions,
    pub created: String,
    pub exhibits: Vec<Exhibit>,
    pub accounts: Vec<Account>,
    pub payments: Vec<Payment>,
    /// Totals and dates (the same summary the guide shows).
    pub summary: ReportSummary,
    pub fingerprint: String,
    pub key_id: String,
}

/// The file name for a bundle made at `now`: `holdfast-evidence-2026-11-28T2114Z.zip`.
pub fn default_file_name(now: DateTime<Utc>) -> String {
    format!("holdfast-evidence-{}.zip", now.format("%Y-%m-%dT%H%MZ"))
}

/// Checks producer initials: one to four letters A–Z (case ignored).
pub fn initials(given: Option<&str>) -> Result<String> {
    let text = given.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(DEFAULT_INITIALS).to_ascii_uppercase();
    if !(1..=4).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid("field.initials", Message::new("invalid.initials")));
    }
    Ok(text)
}

struct Bundle<W: sealed::Sink> {
    zip: ZipWriter<W>,
    files: Vec<FileEntry>,
    modified: zip::DateTime,
    out: PathBuf,
}

impl<W: sealed::Sink> Bundle<W> {
    fn zip_error(&self, e: impl std::fmt::Display) -> Error {
        Error::Storage {
            action: "storage.write-the-bundle",
            path: self.out.clone(),
            source: std::io::Error::other(e.to_string()),
        }
    }

    /// Adds a file, streaming its bytes from `fill`.
    fn add(
        &mut self,
        path: &str,
        method: CompressionMethod,
        large: bool,
        fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<FileEntry> {
        let method = if W::STREAMED { CompressionMethod::Stored } else { method };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.modified)
            .unix_permissions(0o644)
            .large_file(large);
        self.zip.start_file(path, options).map_err(|e| self.zip_error(e))?;
        let mut hashing = Hashing::new(&mut self.zip);
        fill(&mut hashing)?;
        let (sha256, size) = hashing.finish();
        let entry = FileEntry { path: path.to_string(), size, sha256 };
        self.files.push(entry.clone());
        Ok(entry)
    }

    fn add_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<FileEntry> {
        let out = self.out.clone();
        self.add(path, CompressionMethod::Deflated, false, |w| {
            w.write_all(bytes).map_err(|e| Error::Storage { action: "storage.write-the-bundle", path: out, source: e })
        })
    }
}

/// A ZIP entry time (ZIP times start in 1980 and have no zone).
pub(crate) fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let y = t.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        y,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

impl Vault {
    /// Writes a handover bundle to `out` (which must not exist yet), then logs it (`export`). On
    /// any failure, including the log entry's, the partial file is removed and the vault is
    /// unchanged (apart from the signing key, created and logged on the first export).
    pub fn export(&mut self, out: &Path, options: &ExportOptions) -> Result<ExportSummary> {
        let initials = initials(options.initials.as_deref())?;
        if options.items.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::invalid("field.items", Message::new("invalid.no-items")));
        }
        if let Some(password) = &options.password {
            sealed::check_password(password)?;
        }
        let mut items = self.exportable_items(options.items.as_deref())?;
        // Exhibits are numbered in the order the items were added to the vault (docs/BUNDLE.md),
        // whatever order they were chosen in: a new item's id is above every id in the vault.
        items.sort_by_key(|item| item.id);
        let now = options.now.unwrap_or_else(Utc::now);
        let file = crate::fsutil::create_new_private(out)
            .map_err(Error::storage("storage.create-the-bundle-file-it-must", out))?;
        // Only the file this export created is removed, on an error or a panic alike.
        let mut partial = Partial { path: out, keep: false };
        let result = match &options.password {
            None => self.write_bundle(ZipWriter::new(BufWriter::new(file)), out, now, &initials, &items, options),
            Some(password) => sealed::SealWriter::new(file, sealed::inner_name(out), now, password)
                .map_err(Error::storage("storage.write-the-bundle", out))
                .and_then(|seal| self.write_bundle(ZipWriter::new_stream(seal), out, now, &initials, &items, options)),
        };
        let result = result.and_then(|summary| self.log_export(&summary).map(|()| summary));
        partial.keep = result.is_ok();
        result
    }

    fn write_bundle<W: sealed::Sink>(
        &mut self,
        zip: ZipWriter<W>,
        out: &Path,
        now: DateTime<Utc>,
        initials: &str,
        items: &[Item],
        options: &ExportOptions,
    ) -> Result<ExportSummary> {
        let pair = self.signing_key()?;
        let public = pair.public();
        let created = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut bundle = Bundle { zip, files: Vec::new(), modified: zip_time(now), out: out.to_path_buf() };

        let content_types = items.iter().map(|item| self.content_type(item)).collect::<Result<Vec<_>>>()?;
        let exhibits = names::exhibits(initials, items, &content_types);
        for (exhibit, item) in exhibits.iter().zip(items) {
            let method = if item.text.is_some() { CompressionMethod::Deflated } else { CompressionMethod::Stored };
            let written =
                bundle.add(&exhibit.file, method, item.size >= 0xFFFF_0000, |w| self.read_original(item.id, w))?;
            if written.sha256 != item.sha256 {
                return Err(Error::Integrity(
                    Message::new("integrity.changed-in-export").with("id", item.id.to_string()),
                ));
            }
            bundle.add_bytes(&exhibit.metadata, format!("{}\n", canonical(&exhibit_json(exhibit, item))).as_bytes())?;
        }

        let case = Case {
            options,
            created: created.clone(),
            exhibits,
            accounts: self.accounts()?,
            payments: self.payments()?,
            summary: self.report_summary()?,
            fingerprint: public.fingerprint(),
            key_id: public.id_hex(),
        };
        let thumbs: Vec<Option<thumbs::Thumb>> = items.iter().map(|item| thumbs::thumbnail(self, item)).collect();
        let blocks = report::blocks(&case, items, &thumbs);
        bundle.add_bytes("report.pdf", &pdf::render(&blocks)?)?;
        bundle.add_bytes("report.html", report::report_html(&blocks).as_bytes())?;
        bundle.add_bytes("START-HERE.html", report::start_here(&case).as_bytes())?;
        bundle.add_bytes("VERIFY.txt", report::verify_txt(&case).as_bytes())?;
        bundle.add_bytes("holdfast.pub", public.to_file().as_bytes())?;
        bundle.add_bytes("log.jsonl", self.log_lines(items)?.as_bytes())?;
        bundle.add_bytes(
            "case.jsonld",
            format!("{}\n", serde_json::to_string_pretty(&case::graph(&case, items)).unwrap_or_default()).as_bytes(),
        )?;

        let manifest = json!({
            "format": FORMAT,
            "created": created,
            "software": SOFTWARE,
            "key": { "id": case.key_id, "fingerprint": case.fingerprint },
            "exhibit_count": case.exhibits.len(),
            "files": bundle.files.iter().map(|f| json!({"path": f.path, "size": f.size, "sha256": f.sha256})).collect::<Vec<_>>(),
        });
        bundle.add_bytes("manifest.json", format!("{}\n", canonical(&manifest)).as_bytes())?;

        let mut sums: Vec<&FileEntry> = bundle.files.iter().collect();
        sums.sort_by(|a, b| a.path.cmp(&b.path));
        let sums: String = sums.iter().map(|f| format!("{}  {}\n", f.sha256, f.path)).collect();
        let sums_sha256 = bundle.add_bytes("SHA256SUMS", sums.as_bytes())?.sha256;
        let signature =
            pair.sign(sums.as_bytes(), &format!("Holdfast evidence bundle, created {created}, key {}", case.key_id));
        bundle.add_bytes("SHA256SUMS.minisig", signature.as_bytes())?;

        let writer = bundle.zip.finish().map_err(|e| Error::Storage {
            action: "storage.finish-the-bundle",
            path: out.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let file = writer.close().map_err(Error::storage("storage.write-the-bundle", out))?;
        file.sync_all().map_err(Error::storage("storage.flush-the-bundle-to-disk", out))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(ExportSummary {
            path: out.to_path_buf(),
            size,
            exhibits: case.exhibits.len(),
            fingerprint: case.fingerprint,
            key_id: case.key_id,
            sums_sha256,
        })
    }

    /// The log as JSON lines, with the bodies of entries about exported items only. An item id
    /// can be used again after the newest item is deleted, so an item's entries count only from
    /// its latest `add item` on: entries about a deleted item never travel with its successor.
    fn log_lines(&self, items: &[Item]) -> Result<String> {
        let entries = self.log()?;
        let bodies: Vec<Value> = entries.iter().map(|e| serde_json::from_str(&e.body).unwrap_or(Value::Null)).collect();
        let mut since: BTreeMap<i64, i64> = BTreeMap::new();
        for (entry, body) in entries.iter().zip(&bodies) {
            let item = body.get("item").and_then(Value::as_i64);
            if let Some(id) = item.filter(|id| items.iter().any(|i| i.id == *id)) {
                if body.get("action").and_then(Value::as_str) == Some("add item") {
                    since.insert(id, entry.seq);
                }
            }
        }
        let mut out = String::new();
        for (entry, body) in entries.iter().zip(&bodies) {
            let item = body.get("item").and_then(Value::as_i64);
            let about_chosen = item.and_then(|id| since.get(&id)).is_some_and(|from| entry.seq >= *from);
            let line = json!({
                "seq": entry.seq,
                "body": if about_chosen { Value::from(entry.body.clone()) } else { Value::Null },
                "body_hash": entry.body_hash,
                "prev": entry.prev,
                "hash": entry.hash,
            });
            out.push_str(&canonical(&line));
            out.push('\n');
        }
        Ok(out)
    }
}

fn exhibit_json(exhibit: &Exhibit, item: &Item) -> Value {
    json!({
        "reference": exhibit.reference,
        "file": exhibit.file,
        "kind": item.kind.as_str(),
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
        "content_type": exhibit.content_type,
        "original_name": item.original_name,
        "captured_at": item.captured_at,
        "captured_offset": item.captured_offset,
        "happened_at": item.happened_at,
        "happened_utc": item.happened_utc,
        "happened_tz": item.happened_tz,
        "platform": item.platform,
        "sender": item.sender,
        "note": item.note,
        "tags": item.tags,
        "accounts": item.accounts,
        "covered": item.covered,
        "version": item.version,
    })
}
