//! Moving a file into place durably. On Unix a rename is made durable by flushing the folder
//! afterwards; Windows cannot flush a folder, and instead `MoveFileExW` with
//! `MOVEFILE_WRITE_THROUGH` returns only once the move is on the disk.

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;

use windows::core::PCWSTR;
use windows::Win32::Storage::FileSystem::{MoveFileExW, MOVEFILE_REPLACE_EXISTING, MOVEFILE_WRITE_THROUGH};

/// Moves `from` to `to`, replacing a file there (also one another handle holds open, if that
/// handle allows deletion, as every handle Rust's standard library opens does), and returns
/// once the move is on the disk. A handle that does not allow it makes this fail with
/// "permission denied", and both files stay as they were.
pub fn move_durably(from: &Path, to: &Path) -> io::Result<()> {
    let (from, to) = (wide(from), wide(to));
    // SAFETY: both are NUL-terminated wide strings alive for the call.
    unsafe {
        MoveFileExW(PCWSTR(from.as_ptr()), PCWSTR(to.as_ptr()), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
    }
    .map_err(win32)
}

/// A Windows error as the `io::Error` the standard library would give for the same code.
pub(crate) fn win32(error: windows::core::Error) -> io::Error {
    let code = error.code().0 as u32;
    if code & 0xFFFF_0000 == 0x8007_0000 {
        io::Error::from_raw_os_error((code & 0xFFFF) as i32)
    } else {
        io::Error::other(error)
    }
}

pub(crate) fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(std::iter::once(0)).collect()
}
