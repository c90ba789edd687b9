//! The system's file dialog, asked for one file or folder for a purpose (on Windows through
//! `holdfast-windows`, which keeps the choice out of Recent Items). What it answers becomes a
//! place with a handle (`state/places.rs`); the page never sends a path.

use std::path::PathBuf;

use holdfast_core::{Error, Message};
use tauri::AppHandle;
#[cfg(windows)]
use tauri::Manager;
#[cfg(not(windows))]
use tauri_plugin_dialog::DialogExt;

use crate::ipc::{IpcError, Purpose};

/// The person's answer: a path, `None` when they cancelled.
pub fn ask(app: &AppHandle, purpose: Purpose) -> Result<Option<PathBuf>, IpcError> {
    match stand_in_answer() {
        Some(answer) => Ok(answer),
        None => ask_the_system(app, purpose),
    }
}

/// What the system's dialog is asked.
struct Question {
    ask: Ask,
    /// A filter: its label and extensions without dots.
    filter: Option<(&'static str, &'static [&'static str])>,
    /// The name a save dialog suggests.
    file_name: Option<&'static str>,
}

#[derive(Clone, Copy)]
enum Ask {
    Open,
    Save,
    Folder,
}

fn question(purpose: Purpose) -> Question {
    let (ask, filter, file_name): (_, Option<(&'static str, &'static [&'static str])>, _) = match purpose {
        Purpose::OpenFile => (Ask::Open, None, None),
        Purpose::OpenBundle => (Ask::Open, Some(("Bundle", &["zip", "7z"])), None),
        Purpose::OpenBackup => (Ask::Open, Some(("Backup", &["hfbackup"])), None),
        Purpose::SaveBundle => (Ask::Save, None, Some("evidence.zip")),
        Purpose::SaveSealedBundle => (Ask::Save, None, Some("evidence.7z")),
        Purpose::SaveBackup => (Ask::Save, None, Some("notes.hfbackup")),
        Purpose::SaveKey => (Ask::Save, None, Some("recovery-key.txt")),
        Purpose::Folder => (Ask::Folder, None, None),
    };
    Question { ask, filter, file_name }
}

/// On Windows, Holdfast's own call to the system's dialog, which keeps the choice out of
/// Recent Items, Quick Access and the Jump List (`holdfast-windows`); the dialog plugin's would
/// add it there.
#[cfg(windows)]
fn ask_the_system(app: &AppHandle, purpose: Purpose) -> Result<Option<PathBuf>, IpcError> {
    use holdfast_windows::dialog::{self, Kind, Request};
    let Question { ask, filter, file_name } = question(purpose);
    let kind = match ask {
        Ask::Open => Kind::Open,
        Ask::Save => Kind::Save,
        Ask::Folder => Kind::Folder,
    };
    let owner = app.get_webview_window("main").and_then(|w| w.hwnd().ok()).map(|h| h.0 as isize);
    let request = Request {
        filter: filter.map(|(label, ext)| (label.to_string(), ext.iter().map(|e| e.to_string()).collect())),
        file_name: file_name.map(str::to_string),
        owner,
    };
    dialog::ask(kind, request).map_err(unusable)
}

/// Elsewhere, the dialog plugin's (GTK's "recent files" list is turned off at start, `main.rs`).
#[cfg(not(windows))]
fn ask_the_system(app: &AppHandle, purpose: Purpose) -> Result<Option<PathBuf>, IpcError> {
    let Question { ask, filter, file_name } = question(purpose);
    let mut dialog = app.dialog().file();
    if let Some((label, extensions)) = filter {
        dialog = dialog.add_filter(label, extensions);
    }
    if let Some(name) = file_name {
        dialog = dialog.set_file_name(name);
    }
    let picked = match ask {
        Ask::Open => dialog.blocking_pick_file(),
        Ask::Save => dialog.blocking_save_file(),
        Ask::Folder => dialog.blocking_pick_folder(),
    };
    picked.map(|path| path.into_path()).transpose().map_err(unusable)
}

/// Under WebDriver only (tauri-driver sets `TAURI_WEBVIEW_AUTOMATION`), the end-to-end tests
/// can stand in for the system's dialog, which WebDriver cannot reach: when the file
/// `HOLDFAST_STAND_IN_CHOOSER` names exists, its first line is the answer (an empty line is a
/// cancel) and the file is removed, so each answer is used once; with no file the real dialog
/// opens. Anywhere else the variable is ignored, and the page has no way to name a path.
fn stand_in_answer() -> Option<Option<PathBuf>> {
    if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() != Ok("true") {
        return None;
    }
    let file = std::env::var_os("HOLDFAST_STAND_IN_CHOOSER")?;
    let answer = std::fs::read_to_string(&file).ok()?;
    let _ = std::fs::remove_file(&file);
    let line = answer.lines().next().unwrap_or("");
    Some((!line.is_empty()).then(|| PathBuf::from(line)))
}

/// The place the system's dialog gave cannot be used; what the system said is in the message.
fn unusable(e: impl std::fmt::Display) -> IpcError {
    Error::invalid("field.choice", Message::new("invalid.place-unusable").with("detail", e.to_string())).into()
}
