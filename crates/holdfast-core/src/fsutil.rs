//! Small file-system helpers shared by everything that writes to disk.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one, never a
/// mix: write a temporary file beside it, flush it to disk, rename it over the target, then
/// flush the folder so the rename itself is durable.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(Error::storage("create the folder", dir))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(Error::Storage { action: "save", path: path.to_path_buf(), source: e });
    }
    sync_dir(dir)
}

/// Flushes a folder's entries to disk (a no-op where the platform cannot open folders).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(Error::storage("flush the folder", dir))?;
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
    let mut hashing = Hashing::new(to);
    io::copy(from, &mut hashing)?;
    Ok(hashing.finish())
}
