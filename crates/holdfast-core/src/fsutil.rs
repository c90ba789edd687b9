//! Small file-system helpers shared by everything that touches the disk.
//!
//! Reading: [`open_regular`] opens a file once and refuses anything that is not an ordinary
//! file (a named pipe would hang the read, a link to a device would never end), without
//! waiting; [`read_bounded`] reads one whole with a size limit. [`open_chosen`] and
//! [`read_chosen`] do the same for a file the person chose, with plain errors.
//!
//! Writing: [`create_new_private`] makes a new file readable by its owner only, never over
//! anything at its name; [`write_atomic`] replaces a file whole; [`write_new`] writes a new one.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::i18n::Message;

/// Whether the last part of a path may be a symbolic link when a file is opened for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it: the person chose the path (a file to import, a backup to restore).
    Follow,
    /// Refuse it: Holdfast wrote the file itself and never makes a link there (`vault.json`,
    /// blobs, settings).
    Refuse,
}

/// What a path turned out to be when it is not an ordinary file. It is the error inside the
/// `io::Error` that [`open_regular`] returns for it; [`not_ordinary`] finds it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOrdinary {
    /// A symbolic link where [`Links::Refuse`] was asked.
    Link,
    /// A folder.
    Folder,
    /// A named pipe (FIFO): reading it would wait for a writer that may never come.
    Pipe,
    /// A device (such as `/dev/zero`, which never ends).
    Device,
    /// A socket.
    Socket,
    /// Anything else that is not an ordinary file.
    Other,
}

impl NotOrdinary {
    /// What it is, as the catalogue key of its plain words ("a named pipe (FIFO)").
    pub fn what(self) -> &'static str {
        match self {
            NotOrdinary::Link => "thing.link",
            NotOrdinary::Folder => "thing.folder",
            NotOrdinary::Pipe => "thing.pipe",
            NotOrdinary::Device => "thing.device",
            NotOrdinary::Socket => "thing.socket",
            NotOrdinary::Other => "thing.other",
        }
    }

    fn of(kind: fs::FileType) -> NotOrdinary {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return NotOrdinary::Pipe;
            }
            if kind.is_char_device() || kind.is_block_device() {
                return NotOrdinary::Device;
            }
            if kind.is_socket() {
                return NotOrdinary::Socket;
            }
        }
        if kind.is_symlink() {
            NotOrdinary::Link
        } else if kind.is_dir() {
            NotOrdinary::Folder
        } else {
            NotOrdinary::Other
        }
    }
}

impl fmt::Display for NotOrdinary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = Message::new("thing.not-a-file").with_words("what", Message::new(self.what()));
        f.write_str(&words.english())
    }
}

impl std::error::Error for NotOrdinary {}

/// The [`NotOrdinary`] an error from [`open_regular`] or [`read_bounded`] carries, if any.
pub fn not_ordinary(error: &io::Error) -> Option<NotOrdinary> {
    error.get_ref().and_then(|inner| inner.downcast_ref::<NotOrdinary>()).copied()
}

/// Opens `path` for reading, once, and returns it only if the opened handle is an ordinary
/// file; anything else is an `io::Error` carrying a [`NotOrdinary`]. It never waits: on Unix
/// the open does not block (a named pipe with no writer would otherwise hang it), does not make
/// a terminal the controlling one, and with [`Links::Refuse`] does not follow a link at the
/// last part of the path (`O_NONBLOCK | O_NOCTTY | O_NOFOLLOW`). Reading an ordinary file is
/// unaffected by `O_NONBLOCK`. A missing file keeps its `NotFound` kind.
pub fn open_regular(path: &Path, links: Links) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if links == Links::Refuse { libc::O_NOFOLLOW } else { 0 };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    #[cfg(not(unix))]
    {
        // No O_NOFOLLOW: look first (the handle is still checked after the open).
        if links == Links::Refuse && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, NotOrdinary::Link));
        }
    }
    checked(options.open(path), path, links)
}

/// Checks what `opened` is: an ordinary file passes; a refused link, a folder, a pipe or a
/// device is named. The handle decides; when the open itself failed (`O_NOFOLLOW` on a link
/// fails with `ELOOP`, a socket with `ENXIO`), the path is looked at only to name the reason.
fn checked(opened: io::Result<File>, path: &Path, links: Links) -> io::Result<File> {
    let refused = |kind| io::Error::new(io::ErrorKind::InvalidInput, kind);
    match opened {
        Ok(file) => {
            let kind = file.metadata()?.file_type();
            if kind.is_file() {
                Ok(file)
            } else {
                Err(refused(NotOrdinary::of(kind)))
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(e),
        Err(e) => {
            let seen = match links {
                Links::Refuse => fs::symlink_metadata(path),
                Links::Follow => fs::metadata(path),
            };
            match seen {
                Ok(m) if !m.file_type().is_file() => Err(refused(NotOrdinary::of(m.file_type()))),
                _ => Err(e),
            }
        }
    }
}

/// Reads the whole of the ordinary file at `path` (see [`open_regular`]), refusing one larger
/// than `limit` bytes with `ErrorKind::FileTooLarge`, before reading it when its size says so
/// and in any case after `limit + 1` bytes, so memory stays bounded whatever is there.
pub fn read_bounded(path: &Path, links: Links, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path, links)?;
    let too_large = || {
        io::Error::new(io::ErrorKind::FileTooLarge, format!("it is larger than {limit} bytes, more than it can hold"))
    };
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The error for a file the person chose that cannot be used as one.
fn chosen_error(path: &Path, field: &'static str, action: &'static str, e: io::Error) -> Error {
    match not_ordinary(&e) {
        Some(NotOrdinary::Folder) => {
            Error::invalid(field, Message::new("invalid.chose-folder").with("path", path.display().to_string()))
        }
        Some(kind) => Error::invalid(
            field,
            Message::new("invalid.chose-not-file")
                .with("path", path.display().to_string())
                .with_words("what", Message::new(kind.what())),
        ),
        None => Error::Storage { action, path: path.to_path_buf(), source: e },
    }
}

/// Opens a file the person chose (to import, restore or remove), following links: anything but
/// an ordinary file is [`Error::InvalidInput`] for `field`, naming what it is; other failures
/// are [`Error::Storage`] with `action`.
pub fn open_chosen(path: &Path, field: &'static str, action: &'static str) -> Result<File> {
    open_regular(path, Links::Follow).map_err(|e| chosen_error(path, field, action, e))
}

/// Reads the whole of a file the person chose into memory that is zeroed when dropped (for
/// example a picture to cover), refusing anything but an ordinary file, or one over `limit`
/// bytes, as [`Error::InvalidInput`] for `field`.
pub fn read_chosen(path: &Path, field: &'static str, limit: u64) -> Result<Zeroizing<Vec<u8>>> {
    match read_bounded(path, Links::Follow, limit) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => Err(Error::invalid(
            field,
            Message::new("invalid.file-too-large")
                .with("path", path.display().to_string())
                .with("mib", limit.div_ceil(1024 * 1024).to_string()),
        )),
        Err(e) => Err(chosen_error(path, field, "read", e)),
    }
}

/// Creates a new file for writing at `path`, never over anything already there (a file, or a
/// link planted at the name, which is not followed), readable and writable by its owner only
/// from the moment it exists (mode 0600 on Unix, given to the creating call, so there is never
/// a moment anyone else could open it). On Windows the file gets an owner-only access list
/// just after it is made, while it is still empty; on a drive without access lists (a FAT
/// memory stick) it keeps the drive's rules, as a Unix mode does there.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    #[cfg(windows)]
    let _ = holdfast_windows::owner_only(path);
    Ok(file)
}

/// Makes a folder (or a file Holdfast made) open to the person's own account only: mode 0700
/// on Unix; on Windows an access list with the current user alone, inherited by what is made
/// inside it and not by the parent's (Unix modes mean nothing there).
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if fs::metadata(path)?.is_dir() { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(windows)]
    return holdfast_windows::owner_only(path);
    #[cfg(not(any(unix, windows)))]
    Ok(())
}

/// Opens (creating if missing) the file whose operating-system lock marks a vault as open:
/// private, never through a link, never waiting (a named pipe planted there is refused, not
/// waited on), and only if it is an ordinary file. It is never truncated.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, NotOrdinary::Link));
        }
    }
    checked(options.open(path), path, Links::Refuse)
}

/// How many random temporary names [`write_atomic`] tries before it gives up.
const TEMP_ATTEMPTS: usize = 8;

/// Creates a temporary file in `dir` under the first name from `names` that is free,
/// exclusively (see [`create_new_private`]); a name already taken is skipped, at most
/// [`TEMP_ATTEMPTS`] times.
fn create_temp(dir: &Path, mut names: impl FnMut() -> PathBuf) -> Result<(PathBuf, File)> {
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = names();
        match create_new_private(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => {
                return Err(Error::Storage {
                    action: "storage.create-a-temporary-file-in",
                    path: dir.to_path_buf(),
                    source: e,
                })
            }
        }
    }
    Err(Error::Storage { action: "storage.find-a-free-temporary-name-in", path: dir.to_path_buf(), source: last })
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one, never a
/// mix: write a temporary file beside it, flush it to disk, rename it over the target, then
/// flush the folder so the rename itself is durable. The temporary file has a random name
/// (`.<name>.tmp-<16 hex digits>`), is created exclusively and never through a link, and is
/// private (see [`create_new_private`]), so the file put in place is private too.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(Error::storage("storage.create-the-folder", dir))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let random_name = || dir.join(format!(".{name}.tmp-{}", hex::encode(crate::vault::keys::random_bytes::<8>())));
    let (tmp, mut file) = create_temp(dir, random_name)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        rename(&tmp, path)
    })();
    if let Err(e) = written {
        // Only the file made just now under a fresh name is removed.
        let _ = fs::remove_file(&tmp);
        return Err(Error::Storage { action: "storage.save", path: path.to_path_buf(), source: e });
    }
    sync_dir(dir)
}

/// Writes `bytes` to the new file `path` (never over an existing file or through a link),
/// private to its owner from the start (see [`create_new_private`]), flushed to disk with its
/// folder. On a failure after the file was created it is removed again. `action` names the
/// step in errors ("save the recovery key to"). The shell saves the recovery key with it.
pub fn write_new(path: &Path, bytes: &[u8], action: &'static str) -> Result<()> {
    let mut file = create_new_private(path).map_err(Error::storage(action, path))?;
    let mut partial = Partial { path, keep: false };
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(Error::storage(action, path))?;
    drop(file);
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(dir)?;
    }
    partial.keep = true;
    Ok(())
}

/// Renames `from` to `to`, replacing a file there, for a file or folder being put in place. On
/// Unix the caller then flushes the folder ([`sync_dir`]). Windows cannot flush a folder; there
/// a file is flushed again under its new name (`FlushFileBuffers`), and the rename itself rests
/// on the file system's journal (FORMAT.md section 5 says what that means). Rust's rename on
/// Windows replaces a file that another handle holds open if that handle allows deletion, as
/// every handle Rust opens does.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)?;
    // Best effort: the file's bytes were flushed before the rename, and the rename has happened,
    // so a file another program holds open without sharing writes is no reason to report failure.
    #[cfg(windows)]
    if let Ok(file) = OpenOptions::new().write(true).open(to) {
        let _ = file.sync_all();
    }
    Ok(())
}

/// Flushes a folder's entries to disk. Windows cannot open a folder to flush it (see
/// [`rename`]).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(Error::storage("storage.flush-the-folder", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes a half-written file when dropped (on an error or a panic alike), unless `keep` was
/// set once it was finished. Only a file the step itself created may be given to it.
pub(crate) struct Partial<'p> {
    /// The file.
    pub path: &'p Path,
    /// Set once the file is complete.
    pub keep: bool,
}

impl Drop for Partial<'_> {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(self.path);
        }
    }
}

/// A writer that passes everything on to `inner` and keeps the SHA-256 and size of what passed.
pub(crate) struct Hashing<W: Write> {
    /// Where the bytes go.
    pub inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Hashing<W> {
    pub(crate) fn new(inner: W) -> Self {
        Hashing { inner, hasher: Sha256::new(), size: 0 }
    }

    /// The SHA-256 (lower-case hex) and size of everything written.
    pub(crate) fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.size)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Copies `from` into `to`, returning the SHA-256 (hex) and size of what passed.
pub(crate) fn copy_hashing(from: &mut dyn Read, to: &mut dyn Write) -> io::Result<(String, u64)> {
    copy_hashing_with(from, to, |e, _| e, |e| e)
}

/// How much [`copy_hashing_with`] holds at a time.
const COPY_CHUNK: usize = 64 * 1024;

/// The one hashing copy: `from` into `to` one chunk at a time (the chunk is zeroed when done,
/// since it may hold decrypted evidence), hashing what passes; returns the SHA-256 (hex) and
/// the number of bytes. A failed read becomes `read_err(error, bytes so far)`, a failed write
/// `write_err(error)`, so the caller can say which side failed.
pub(crate) fn copy_hashing_with<E>(
    from: &mut dyn Read,
    to: &mut dyn Write,
    read_err: impl Fn(io::Error, u64) -> E,
    write_err: impl Fn(io::Error) -> E,
) -> std::result::Result<(String, u64), E> {
    let mut hashing = Hashing::new(to);
    let mut buffer = Zeroizing::new(vec![0u8; COPY_CHUNK]);
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_err(e, hashing.size)),
        };
        hashing.write_all(&buffer[..n]).map_err(&write_err)?;
    }
    Ok(hashing.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_temporary_name_is_skipped_and_only_a_few_are_tried() {
        let dir = tempfile::tempdir().expect("temp");
        let taken = dir.path().join("taken");
        fs::write(&taken, b"someone else's").expect("plant a file");
        let mut calls = 0;
        let (tmp, _file) = create_temp(dir.path(), || {
            calls += 1;
            if calls < 3 {
                taken.clone()
            } else {
                dir.path().join("free")
            }
        })
        .expect("a free name is found after two taken ones");
        assert_eq!(tmp, dir.path().join("free"), "the first free name is used");
        assert_eq!(fs::read(&taken).expect("read"), b"someone else's", "a taken name is never written over");

        let mut tries = 0;
        let err = create_temp(dir.path(), || {
            tries += 1;
            taken.clone()
        })
        .expect_err("every name taken");
        assert_eq!(tries, TEMP_ATTEMPTS, "it gives up after a few tries instead of looping for ever");
        assert_eq!(err.code(), crate::ErrorCode::Storage, "a plain storage error: {err}");
    }
}
