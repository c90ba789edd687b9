//! Evidence blobs: each original is an age file (X25519, ChaCha20-Poly1305 in 64 KiB chunks with
//! a counter and a last-chunk flag), encrypted to the vault's own identity, which is kept inside
//! the encrypted database. Anyone holding that identity can decrypt a blob with the standard
//! `age` tool.
//!
//! A blob is written to a temporary name, flushed, renamed and its folder flushed before the
//! database row that names it commits. Names are random, never derived from the content.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::x25519::{Identity, Recipient};

use super::keys::random_bytes;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::i18n::Message;

/// The folder of blobs inside a vault.
pub const DIR: &str = "blobs";
const SUFFIX: &str = ".age";
const TMP_PREFIX: &str = ".tmp-";
const CHUNK: usize = 64 * 1024;

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The blob's file name inside `blobs/`.
    pub name: String,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// Size of the original in bytes.
    pub size: u64,
}

/// A write hook for fault injection in tests: wraps the file writer of each new blob.
pub type WriteHook = fn(Box<dyn Write>) -> Box<dyn Write>;

/// Whether a file name is a well-formed blob name (32 hex digits and `.age`).
pub fn is_blob_name(name: &str) -> bool {
    name.strip_suffix(SUFFIX)
        .is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
}

/// Refuses a blob name that is not of the form this format writes (so a crafted database can
/// never point outside `blobs/`).
fn checked_name(name: &str) -> Result<()> {
    if is_blob_name(name) {
        Ok(())
    } else {
        Err(Error::Integrity(Message::new("integrity.impossible-blob").with("name", format!("{name:?}"))))
    }
}

/// The path of a blob.
pub fn path(vault: &Path, name: &str) -> PathBuf {
    vault.join(DIR).join(name)
}

/// Encrypts everything `source` yields into a new blob, hashing the original as it streams.
/// Memory stays bounded (one chunk) whatever the size.
/// `label` names the source in error messages (its path or file name).
pub fn store(
    vault: &Path,
    recipient: &Recipient,
    source: &mut dyn Read,
    label: &Path,
    hook: Option<WriteHook>,
) -> Result<Stored> {
    let dir = vault.join(DIR);
    let name = format!("{}{SUFFIX}", hex::encode(random_bytes::<16>()));
    let tmp = dir.join(format!("{TMP_PREFIX}{name}"));
    let result = write_tmp(&tmp, recipient, source, label, hook);
    let finish = result.and_then(|stored| {
        fsutil::rename(&tmp, &dir.join(&name)).map_err(Error::storage("storage.save-the-evidence-file-in", &dir))?;
        fsutil::sync_dir(&dir)?;
        Ok(stored)
    });
    match finish {
        Ok((sha256, size)) => Ok(Stored { name, sha256, size }),
        Err(error) => {
            let _ = fs::remove_file(&tmp);
            Err(error)
        }
    }
}

fn write_tmp(
    tmp: &Path,
    recipient: &Recipient,
    source: &mut dyn Read,
    label: &Path,
    hook: Option<WriteHook>,
) -> Result<(String, u64)> {
    let file = fsutil::create_new_private(tmp).map_err(Error::storage("storage.create-a-file-in", tmp))?;
    let handle = file.try_clone().map_err(Error::storage("storage.prepare", tmp))?;
    let mut sink: Box<dyn Write> = Box::new(BufWriter::with_capacity(CHUNK, file));
    if let Some(hook) = hook {
        sink = hook(sink);
    }
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .map_err(|e| Error::Integrity(Message::new("integrity.encryption-key").with("detail", e.to_string())))?;
    let mut writer =
        encryptor.wrap_output(sink).map_err(Error::storage("storage.write-the-encrypted-evidence-to", tmp))?;
    // Reading the source failed (not the vault): say so, so the person knows their file is the problem.
    let source_err =
        |e| Error::Storage { action: "storage.read-the-file-you-chose", path: label.to_path_buf(), source: e };
    let write_err =
        |e| Error::Storage { action: "storage.write-the-encrypted-evidence-to", path: tmp.to_path_buf(), source: e };
    let (sha256, size) = fsutil::copy_hashing_with(source, &mut writer, |e, _| source_err(e), write_err)?;
    let mut sink = writer.finish().map_err(Error::storage("storage.finish-the-encrypted-evidence-in", tmp))?;
    sink.flush().map_err(Error::storage("storage.flush-the-encrypted-evidence-to", tmp))?;
    drop(sink);
    handle.sync_all().map_err(Error::storage("storage.flush-the-encrypted-evidence-to", tmp))?;
    Ok((sha256, size))
}

/// Decrypts a blob into `out`, returning the SHA-256 and size of what came out. Any change to
/// the blob (a flipped bit, a cut, chunks swapped or spliced from another blob) is an
/// `Integrity` error naming the blob.
pub fn read(vault: &Path, name: &str, identity: &Identity, out: &mut dyn Write) -> Result<(String, u64)> {
    checked_name(name)?;
    let path = path(vault, name);
    let damaged =
        |why: Message| Error::Integrity(Message::new("integrity.blob").with("name", name).with_words("why", why));
    let detail = |key, e: &dyn std::fmt::Display| Message::new(key).with("detail", e.to_string());
    let (file, size) = match open(&path) {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(damaged(Message::new("evidence-file.missing"))),
        Err(e) => {
            return Err(match fsutil::not_ordinary(&e) {
                Some(kind) => {
                    damaged(Message::new("evidence-file.not-a-file").with_words("what", Message::new(kind.what())))
                }
                None => Error::Storage { action: "storage.read", path, source: e },
            })
        }
    };
    // A real age header is a few hundred bytes: refuse to parse one that does not end within
    // the first chunk, so a crafted file cannot make the parser eat memory.
    let mut buffered = BufReader::with_capacity(CHUNK, file.take(size));
    let head =
        buffered.fill_buf().map_err(|e| Error::Storage { action: "storage.read", path: path.clone(), source: e })?;
    if !head.windows(4).any(|w| w == b"\n---") {
        return Err(damaged(Message::new("evidence-file.header")));
    }
    let decryptor =
        age::Decryptor::new_buffered(buffered).map_err(|e| damaged(detail("evidence-file.header-detail", &e)))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| damaged(detail("evidence-file.wrong-key", &e)))?;
    let write_err = |e| Error::Storage { action: "storage.write-out", path: path.clone(), source: e };
    fsutil::copy_hashing_with(
        &mut reader,
        out,
        |e, size| damaged(detail("evidence-file.damaged-after", &e).with("size", size.to_string())),
        write_err,
    )
}

/// Opens a blob for reading, once: only an ordinary file, never through a link, never waiting
/// (see [`fsutil::open_regular`]). Returns it with its size, which bounds every read of it.
pub(crate) fn open(path: &Path) -> io::Result<(File, u64)> {
    let file = fsutil::open_regular(path, fsutil::Links::Refuse)?;
    let size = file.metadata()?.len();
    Ok((file, size))
}

/// Removes the blob file (used when a person deletes an item).
pub fn remove(vault: &Path, name: &str) -> Result<()> {
    checked_name(name)?;
    let path = path(vault, name);
    match fs::remove_file(&path) {
        Ok(()) => fsutil::sync_dir(&vault.join(DIR)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Storage { action: "storage.remove", path, source: e }),
    }
}

/// The folder where finished blobs that no row names are set aside (never deleted).
pub const SET_ASIDE_DIR: &str = "set-aside";

/// What cleaning up after a crash did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cleanup {
    /// Temporary files of writes that never finished (partial ciphertext): removed.
    pub removed: Vec<String>,
    /// Temporary files whose row was committed but whose rename into place was lost (possible
    /// where a rename cannot be flushed before the commit, as on Windows): a row is committed
    /// only after its blob was flushed whole, so the file is put in place under its name, never
    /// removed. Reading it checks its SHA-256 as for every blob.
    pub finished: Vec<String>,
    /// Finished blobs that no row names (a crash between the blob and its row, or a database
    /// restored from an older copy): moved to `set-aside/`, never deleted.
    pub set_aside: Vec<String>,
}

/// Clears up after a crash. Best effort: anything that cannot be moved stays where it is (and
/// `check` then reports it), so a stubborn file never stops the vault from opening.
pub fn clean_up(vault: &Path, known: &HashSet<String>) -> Cleanup {
    let dir = vault.join(DIR);
    let mut done = Cleanup::default();
    let Ok(entries) = fs::read_dir(&dir) else { return done };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(blob) = name.strip_prefix(TMP_PREFIX) {
            let final_path = dir.join(blob);
            if is_blob_name(blob) && known.contains(blob) && !final_path.exists() {
                if fsutil::rename(&entry.path(), &final_path).is_ok() {
                    done.finished.push(blob.to_string());
                }
            } else if fs::remove_file(entry.path()).is_ok() {
                done.removed.push(name);
            }
        } else if is_blob_name(&name) && !known.contains(&name) {
            let aside = vault.join(SET_ASIDE_DIR);
            let moved = fs::create_dir_all(&aside).and_then(|()| fs::rename(entry.path(), aside.join(&name)));
            if moved.is_ok() {
                done.set_aside.push(name);
            }
        }
    }
    if !done.removed.is_empty() || !done.set_aside.is_empty() || !done.finished.is_empty() {
        let _ = fsutil::sync_dir(&dir);
    }
    done.removed.sort();
    done.finished.sort();
    done.set_aside.sort();
    done
}

/// Every blob name present on disk.
pub fn list(vault: &Path) -> Result<Vec<String>> {
    let dir = vault.join(DIR);
    let mut names = Vec::new();
    for entry in fs::read_dir(&dir).map_err(Error::storage("storage.list", &dir))? {
        let name = entry.map_err(Error::storage("storage.list", &dir))?.file_name().to_string_lossy().into_owned();
        if is_blob_name(&name) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}
