//! Small file-system helpers shared by everything that writes to disk.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

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
