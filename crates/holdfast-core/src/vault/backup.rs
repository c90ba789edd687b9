//! A whole vault as one backup file, and putting it back.
//!
//! Everything in a vault is already encrypted (`vault.json` holds only sealed keys, `vault.db`
//! is SQLCipher, blobs are age files), so a backup is a plain ZIP with no compression of:
//! `vault.json`, a consistent copy of `vault.db`, every blob under `blobs/`, and last a
//! manifest, `holdfast-backup.json`, giving the SHA-256 and size of every other entry. A restore
//! checks all of it before anything is put in place. The format is in `docs/FORMAT.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::db::{self, db_error};
use super::header::{self, Header};
use super::{blob, head, keys, Vault};
use crate::error::{Error, Result};
use crate::fsutil::{self, copy_hashing, Partial};
use crate::i18n::Message;

/// The manifest's format name.
pub const FORMAT: &str = "holdfast-backup";
/// The only backup version this build writes and reads.
pub const VERSION: u32 = 1;
/// The manifest's name inside the backup (its last entry).
pub const MANIFEST: &str = "holdfast-backup.json";
/// The most entries a backup may hold (a vault of half a million items is far beyond any case).
pub const MAX_ENTRIES: usize = 500_000;
/// The largest manifest a restore reads into memory.
pub const MAX_MANIFEST_BYTES: u64 = 128 * 1024 * 1024;

const CHUNK: usize = 64 * 1024;

/// What a backup wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How many items it holds.
    pub items: usize,
    /// SHA-256 of the whole file, lower-case hex (also in the vault's log).
    pub sha256: String,
}

/// What a restore put in place.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreSummary {
    /// The restored vault's folder.
    pub dir: PathBuf,
    /// How many files were restored (the manifest is not counted).
    pub files: usize,
}

/// The manifest, `holdfast-backup.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    version: u32,
    vault_id: String,
    created_at: String,
    items: usize,
    files: Vec<ManifestFile>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    path: String,
    size: u64,
    sha256: String,
}

/// Whether `name` is one this format writes: `vault.json`, `vault.db`, `vault.head`,
/// `blobs/<blob name>`. Everything else (absolute paths, `..`, back-slashes, other files) is
/// refused.
fn is_vault_entry(name: &str) -> bool {
    name == header::FILE_NAME
        || name == db::FILE_NAME
        || name == head::FILE_NAME
        || name.strip_prefix("blobs/").is_some_and(blob::is_blob_name)
}

/// The backup file's writer: hashes and counts what is written. After its first failed write
/// it takes everything else without writing it, so the ZIP library's attempt to finish the
/// archive when it is dropped neither writes more nor complains; the failure itself has already
/// been returned, and the partial file is removed.
struct Output {
    inner: Box<dyn Write>,
    hasher: Sha256,
    size: u64,
    failed: bool,
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        let n = self.inner.write(buf).inspect_err(|_| self.failed = true)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

/// A file name beside `path` that starts with a dot, for a temporary file or folder.
fn hidden_beside(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let random = hex::encode(keys::random_bytes::<8>());
    path.with_file_name(format!(".{name}.{what}-{random}.tmp"))
}

impl Vault {
    /// Writes the whole vault, still encrypted, to the new file `out` (never over an existing
    /// file). It opens again with the same passphrase or recovery key after [`restore`].
    ///
    /// The database is copied while the vault is open, with SQLite's online backup API, so the
    /// copy is consistent and holds every saved change. The copy is made beside `out` (still
    /// encrypted) and removed afterwards.
    ///
    /// On any failure the partial file is removed and the vault is unchanged. The vault's log
    /// records the backup (action `backup`, with its SHA-256, size and item count) only once
    /// the file is complete and on disk: an entry cannot hold the hash of a file that contains
    /// it, and logging after means the log never names a backup that does not exist. So the
    /// backup's own log ends just before its `backup` entry. If that entry cannot be written,
    /// the backup file is removed and the error returned.
    pub fn backup(&mut self, out: &Path) -> Result<BackupSummary> {
        if out.exists() {
            return Err(Error::Refused(Message::new("refused.backup-exists").with("path", out.display().to_string())));
        }
        let file =
            fsutil::create_new_private(out).map_err(Error::storage("storage.create-the-backup-file-it-must", out))?;
        let mut partial = Partial { path: out, keep: false };
        let db_copy = hidden_beside(out, "vault-db");
        let db_partial = Partial { path: &db_copy, keep: false };
        let summary = self.write_backup(file, out, &db_copy);
        drop(db_partial);
        let summary = summary?;
        let mut details = Map::new();
        details.insert("sha256".into(), Value::from(summary.sha256.as_str()));
        details.insert("bytes".into(), Value::from(summary.bytes));
        details.insert("items".into(), Value::from(summary.items));
        self.logged("backup", details, |_| Ok(()))?;
        partial.keep = true;
        Ok(summary)
    }

    fn write_backup(&self, file: File, out: &Path, db_copy: &Path) -> Result<BackupSummary> {
        let zip_err = |e: zip::result::ZipError| Error::Storage {
            action: "storage.write-the-backup-to",
            path: out.to_path_buf(),
            source: match e {
                zip::result::ZipError::Io(e) => e,
                other => io::Error::other(other.to_string()),
            },
        };
        let io_err =
            |e: io::Error| Error::Storage { action: "storage.write-the-backup-to", path: out.to_path_buf(), source: e };
        let handle = file.try_clone().map_err(Error::storage("storage.prepare", out))?;
        let mut sink: Box<dyn Write> = Box::new(BufWriter::with_capacity(CHUNK, file));
        if let Some(hook) = self.write_hook {
            sink = hook(sink);
        }
        // A stream writer never seeks back, so the file's hash is taken as it is written.
        let mut zip = ZipWriter::new_stream(Output { inner: sink, hasher: Sha256::new(), size: 0, failed: false });
        let now = Utc::now();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(crate::export::zip_time(now))
            .unix_permissions(0o600);
        let mut files = Vec::new();
        let mut add = |zip: &mut ZipWriter<_>, name: &str, size: u64, from: &mut dyn Read| -> Result<()> {
            zip.start_file(name, options.large_file(size >= 0xFFFF_0000)).map_err(zip_err)?;
            let (sha256, written) = copy_hashing(from, zip).map_err(io_err)?;
            files.push(ManifestFile { path: name.to_string(), size: written, sha256 });
            Ok(())
        };

        let header = self.header.to_bytes()?;
        add(&mut zip, header::FILE_NAME, header.len() as u64, &mut header.as_slice())?;

        db::copy_to(&self.conn, &self.key, db_copy)?;
        let db_file = fsutil::open_regular(db_copy, fsutil::Links::Refuse)
            .map_err(Error::storage("storage.read-the-copy-of-the-database", db_copy))?;
        let db_size =
            db_file.metadata().map_err(Error::storage("storage.read-the-copy-of-the-database", db_copy))?.len();
        // The copy is closed at the end of this statement, before it is removed.
        add(&mut zip, db::FILE_NAME, db_size, &mut db_file.take(db_size))?;
        // The record of the latest state, for this copy of the database (nothing is written
        // between the two: the vault is borrowed for the whole backup).
        let head = head::record_bytes(&self.key, &self.header.vault_id, &self.conn, self.older.as_ref())?;
        add(&mut zip, head::FILE_NAME, head.len() as u64, &mut head.as_slice())?;

        let mut names: Vec<String> = self.known_blobs()?.into_iter().collect();
        names.sort();
        for name in names {
            let path = blob::path(&self.dir, &name);
            // A missing blob is left out, and so is anything there that is not an ordinary file
            // (a named pipe, a link, a device: never read, never waited on): the restored
            // vault's check reports it, as this one's does. Each is read only up to its size.
            let (source, size) = match blob::open(&path) {
                Ok(opened) => opened,
                Err(e) if e.kind() == io::ErrorKind::NotFound || fsutil::not_ordinary(&e).is_some() => continue,
                Err(e) => return Err(Error::Storage { action: "storage.read", path, source: e }),
            };
            add(&mut zip, &format!("{}/{name}", blob::DIR), size, &mut source.take(size))?;
        }

        let items: i64 = self.conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0)).map_err(db_error)?;
        let items = usize::try_from(items).unwrap_or(0);
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: hex::encode(self.header.vault_id),
            created_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            items,
            files,
        };
        let mut manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Storage {
            action: "storage.write-the-backup-to",
            path: out.to_path_buf(),
            source: e.into(),
        })?;
        manifest.push(b'\n');
        zip.start_file(MANIFEST, options).map_err(zip_err)?;
        zip.write_all(&manifest).map_err(io_err)?;

        let mut output = zip.finish().map_err(zip_err)?.into_inner();
        output.flush().map_err(io_err)?;
        if output.failed {
            return Err(io_err(io::Error::other("a write failed")));
        }
        let (sha256, bytes) = (hex::encode(output.hasher.finalize()), output.size);
        drop(output.inner);
        handle.sync_all().map_err(Error::storage("storage.flush-the-backup-to-disk", out))?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fsutil::sync_dir(parent)?;
        }
        Ok(BackupSummary { path: out.to_path_buf(), bytes, items, sha256 })
    }
}

/// The ZIP's entries by name: their index in the ZIP and their size.
type Entries = BTreeMap<String, (usize, u64)>;

/// A damaged or unusable backup, naming what is wrong.
fn damaged(what: Message) -> Error {
    Error::Integrity(Message::new("integrity.backup").with_words("what", what))
}

/// What is wrong with a backup: `key` with one value, `name` (an entry's name, an error).
fn about(key: &'static str, name: &'static str, value: impl std::fmt::Display) -> Message {
    Message::new(key).with(name, value.to_string())
}

/// Puts a backup made by [`Vault::backup`] back in the folder `dest`, which must be empty or
/// not yet exist. The restored vault opens with the passphrase or recovery key it had.
///
/// Every entry is checked against the manifest (nothing missing, nothing extra, only names
/// this format writes, each entry's size and SHA-256) and written into a hidden folder inside
/// `dest`; only when all of it is right are the files moved into place, `vault.json` last. On
/// any failure `dest` is left as it was (a folder this call made is removed again). A damaged
/// backup is an [`Error::Integrity`] naming what is wrong. A backup cannot fill the disk: it
/// holds no compressed entries, so nothing restored is larger than the backup file itself.
pub fn restore(backup: &Path, dest: &Path) -> Result<RestoreSummary> {
    let created = prepare_dest(dest)?;
    let result = restore_into(backup, dest);
    if result.is_err() && created {
        let _ = fs::remove_dir(dest);
    }
    result
}

/// Checks `dest` is empty or missing (making it); returns whether it was made here.
fn prepare_dest(dest: &Path) -> Result<bool> {
    match fs::read_dir(dest) {
        Ok(mut entries) => {
            if dest.join(header::FILE_NAME).exists() || dest.join(db::FILE_NAME).exists() {
                return Err(Error::NotAVault(
                    Message::new("not-a-vault.restore-over-vault").with("folder", dest.display().to_string()),
                ));
            }
            if entries.next().is_some() {
                return Err(Error::Refused(
                    Message::new("refused.restore-not-empty").with("folder", dest.display().to_string()),
                ));
            }
            Ok(false)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dest).map_err(Error::storage("storage.create-the-folder", dest))?;
            Ok(true)
        }
        Err(_) if dest.is_file() => Err(Error::invalid(
            "field.restore-to",
            Message::new("invalid.restore-to-file").with("path", dest.display().to_string()),
        )),
        Err(e) => Err(Error::Storage { action: "storage.look-inside", path: dest.to_path_buf(), source: e }),
    }
}

fn restore_into(backup: &Path, dest: &Path) -> Result<RestoreSummary> {
    let file = fsutil::open_chosen(backup, "field.backup-file", "storage.open-the-backup-file")?;
    let length = file.metadata().map_err(Error::storage("storage.read-the-backup-file", backup))?.len();
    let mut zip =
        ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(about("backup-damage.not-zip", "detail", e)))?;
    let (entries, manifest_index) = list_entries(&mut zip, length)?;
    let manifest = read_manifest(&mut zip, manifest_index)?;
    let expected = check_against_manifest(&entries, &manifest)?;

    let staging = dest.join(format!(".holdfast-restore-{}", hex::encode(keys::random_bytes::<8>())));
    fs::create_dir_all(staging.join(blob::DIR)).map_err(Error::storage("storage.create-a-folder-in", dest))?;
    let result = unpack(&mut zip, &entries, &expected, &staging)
        .and_then(|()| {
            let header = Header::read(&staging)?;
            if hex::encode(header.vault_id) != manifest.vault_id {
                return Err(damaged(Message::new("backup-damage.other-vault")));
            }
            Ok(())
        })
        .and_then(|()| move_into_place(&staging, dest));
    let _ = fs::remove_dir_all(&staging);
    result?;
    // Only the person's own account may look inside, as when the vault was made.
    let _ = fsutil::restrict_to_owner(dest);
    Ok(RestoreSummary { dir: dest.to_path_buf(), files: expected.len() })
}

/// Every entry's name, index and size, checked before anything is read: count, names, kinds,
/// storage method and sizes. Returns the entries (without the manifest) and the manifest's index.
fn list_entries<R: Read + io::Seek>(zip: &mut ZipArchive<R>, length: u64) -> Result<(Entries, usize)> {
    if zip.len() > MAX_ENTRIES {
        return Err(damaged(about("backup-damage.too-many", "count", zip.len()).with("max", MAX_ENTRIES.to_string())));
    }
    if zip.has_duplicate_names() {
        return Err(damaged(Message::new("backup-damage.name-twice")));
    }
    let mut entries = BTreeMap::new();
    let mut manifest = None;
    let mut total = 0u64;
    for index in 0..zip.len() {
        let f = zip.by_index_raw(index).map_err(|e| {
            damaged(about("backup-damage.entry-unreadable", "index", index).with("detail", e.to_string()))
        })?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        if name != MANIFEST && !is_vault_entry(&name) {
            let key = if name.split(['/', '\\']).any(|p| p == "..") || name.starts_with('/') || name.contains(':') {
                "backup-damage.outside"
            } else {
                "backup-damage.foreign-file"
            };
            return Err(damaged(about(key, "name", format!("{name:?}"))));
        }
        if f.is_dir() || f.is_symlink() || f.encrypted() || f.compression() != CompressionMethod::Stored {
            return Err(damaged(about("backup-damage.stored-oddly", "name", &name)));
        }
        if f.size() != f.compressed_size() {
            return Err(damaged(about("backup-damage.false-size", "name", &name)));
        }
        total = total.saturating_add(f.size());
        if name == MANIFEST {
            manifest = Some(index);
        } else {
            entries.insert(name, (index, f.size()));
        }
    }
    if total > length {
        return Err(damaged(Message::new("backup-damage.larger-than-file")));
    }
    let manifest = manifest.ok_or_else(|| damaged(about("backup-damage.no-list", "name", MANIFEST)))?;
    Ok((entries, manifest))
}

fn read_manifest<R: Read + io::Seek>(zip: &mut ZipArchive<R>, index: usize) -> Result<Manifest> {
    let mut bytes = Vec::new();
    zip.by_index(index)
        .map_err(|e| damaged(about("backup-damage.list-unreadable", "detail", e)))?
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(about("backup-damage.list-cut", "detail", e)))?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(damaged(Message::new("backup-damage.list-too-large")));
    }
    let loose: Value =
        serde_json::from_slice(&bytes).map_err(|_| damaged(Message::new("backup-damage.list-not-json")))?;
    if loose.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(Error::NotAVault(Message::new("not-a-vault.not-a-backup")));
    }
    match loose.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(Error::UnsupportedVersion(Message::new("version.backup").with("version", v.to_string())))
        }
        None => return Err(damaged(Message::new("backup-damage.list-no-version"))),
    }
    serde_json::from_value(loose).map_err(|e| damaged(about("backup-damage.list-shape", "detail", e)))
}

/// Matches the ZIP's entries to the manifest's: the same names, the same sizes, vault.json and
/// vault.db present. Returns each entry's expected `(size, sha256)`.
fn check_against_manifest(entries: &Entries, manifest: &Manifest) -> Result<BTreeMap<String, (u64, String)>> {
    let mut expected = BTreeMap::new();
    for f in &manifest.files {
        if !is_vault_entry(&f.path) {
            return Err(damaged(about("backup-damage.list-foreign", "name", format!("{:?}", f.path))));
        }
        if expected.insert(f.path.clone(), (f.size, f.sha256.to_ascii_lowercase())).is_some() {
            return Err(damaged(about("backup-damage.list-twice", "name", &f.path)));
        }
    }
    for name in [header::FILE_NAME, db::FILE_NAME] {
        if !expected.contains_key(name) {
            return Err(damaged(about("backup-damage.list-lacks", "name", name)));
        }
    }
    let named: BTreeSet<&String> = expected.keys().collect();
    let present: BTreeSet<&String> = entries.keys().collect();
    if let Some(missing) = named.difference(&present).next() {
        return Err(damaged(about("backup-damage.missing", "name", missing)));
    }
    if let Some(extra) = present.difference(&named).next() {
        return Err(damaged(about("backup-damage.unlisted", "name", extra)));
    }
    for (name, (_, size)) in entries {
        if expected.get(name).is_some_and(|(want, _)| want != size) {
            return Err(damaged(about("backup-damage.wrong-size", "name", name)));
        }
    }
    Ok(expected)
}

/// Writes every entry into `staging`, checking each against its size and SHA-256 as it streams.
fn unpack<R: Read + io::Seek>(
    zip: &mut ZipArchive<R>,
    entries: &Entries,
    expected: &BTreeMap<String, (u64, String)>,
    staging: &Path,
) -> Result<()> {
    for (name, (index, size)) in entries {
        let target = staging.join(name);
        let mut reader = zip
            .by_index(*index)
            .map_err(|e| damaged(about("backup-damage.unreadable", "name", name).with("detail", e.to_string())))?;
        let mut out = fsutil::create_new_private(&target).map_err(Error::storage("storage.create", &target))?;
        let mut limited = (&mut reader).take(size.saturating_add(1));
        let mut writer = BufWriter::with_capacity(CHUNK, &mut out);
        let copied = copy_hashing(&mut limited, &mut writer).and_then(|got| writer.flush().map(|()| got));
        drop(writer);
        let (sha256, got_size) = match copied {
            Ok(got) => got,
            // The reader checks each entry's CRC; a write error here would be the disk's.
            Err(e) if e.kind() == io::ErrorKind::InvalidData || e.kind() == io::ErrorKind::UnexpectedEof => {
                return Err(damaged(about("backup-damage.cut", "name", name).with("detail", e.to_string())))
            }
            Err(e) => return Err(Error::Storage { action: "storage.restore", path: target, source: e }),
        };
        if Some(&(got_size, sha256)) != expected.get(name) {
            return Err(damaged(about("backup-damage.mismatch", "name", name).with("hash", "SHA-256")));
        }
        out.sync_all().map_err(Error::storage("storage.flush", &target))?;
    }
    fsutil::sync_dir(&staging.join(blob::DIR))?;
    fsutil::sync_dir(staging)
}

/// Moves the checked files from `staging` into `dest`: blobs, then the database and its
/// `vault.head`, then `vault.json` (until it is there the folder is not a vault). Anything moved is moved back if
/// a later step fails.
fn move_into_place(staging: &Path, dest: &Path) -> Result<()> {
    // A backup made before vault.head existed has none; every other step is always there.
    let with_head = [blob::DIR, db::FILE_NAME, head::FILE_NAME, header::FILE_NAME];
    let steps: Vec<&str> =
        with_head.into_iter().filter(|name| *name != head::FILE_NAME || staging.join(name).exists()).collect();
    for (done, name) in steps.iter().enumerate() {
        if let Err(e) = fsutil::rename(&staging.join(name), &dest.join(name)) {
            for undo in steps[..done].iter().rev() {
                let _ = fs::rename(dest.join(undo), staging.join(undo));
            }
            return Err(Error::Storage {
                action: "storage.move-the-restored-files-into",
                path: dest.to_path_buf(),
                source: e,
            });
        }
    }
    fsutil::sync_dir(dest)
}
