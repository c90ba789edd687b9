//! What a crash leaves. On Unix Holdfast turns core dumps off; on Windows a crash goes to
//! Windows Error Reporting, which may keep a report on disk (and offer to send it). Holdfast
//! tells it, for this process, to leave the heap out of any report: the heap is where
//! decrypted evidence, passphrases and keys live. A report may still hold the stack of the
//! thread that crashed; turning reporting off altogether would need a per-user registry entry
//! naming the app, which a family member could find, so Holdfast does not.

use std::io;

use windows::Win32::System::ErrorReporting::{WerSetFlags, WER_FAULT_REPORTING_FLAG_NOHEAP};

use crate::wide::win32;

/// Asks Windows Error Reporting to leave this process's heap out of crash reports.
pub fn no_heap_in_crash_reports() -> io::Result<()> {
    // SAFETY: a flag for this process only; no pointers.
    unsafe { WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP) }.map_err(win32)
}
