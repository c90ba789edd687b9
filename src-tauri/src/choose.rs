//! How the person gives Holdfast a file or folder: the system's file dialog, or a file dropped
//! on the window. Each becomes a place with a handle (`places.rs`); the page never sends a path.

use std::path::PathBuf;

use holdfast_core::Error;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, State, Window, WindowEvent};
use tauri_plugin_dialog::DialogExt;

use crate::commands::AppState;
use crate::ipc::{self, IpcError};
use crate::places::Purpose;

/// The event the page hears when files are dropped on the window: a list of places.
pub const DROPPED: &str = "files-dropped";

/// Asks the system for a file or folder: `open-file`, `open-bundle`, `open-backup`,
/// `save-bundle`, `save-sealed-bundle` (with a password: a `.7z`), `save-backup`, `save-key` or
/// `folder`. `None` when the person cancelled.
#[tauri::command]
pub async fn choose_path(
    app: AppHandle,
    state: State<'_, AppState>,
    purpose: String,
) -> Result<Option<ipc::Place>, IpcError> {
    let purpose =
        Purpose::parse(&purpose).ok_or_else(|| Error::invalid("Choice", "is not something Holdfast can ask for"))?;
    let picked = match stand_in_answer() {
        Some(answer) => answer,
        None => ask_the_system(&app, purpose)?,
    };
    Ok(picked.map(|path| state.places.grant(purpose, path)))
}

fn ask_the_system(app: &AppHandle, purpose: Purpose) -> Result<Option<PathBuf>, IpcError> {
    let dialog = app.dialog().file();
    let picked = match purpose {
        Purpose::OpenFile => dialog.blocking_pick_file(),
        Purpose::OpenBundle => dialog.add_filter("Bundle", &["zip", "7z"]).blocking_pick_file(),
        Purpose::OpenBackup => dialog.add_filter("Backup", &["hfbackup"]).blocking_pick_file(),
        Purpose::SaveBundle => dialog.set_file_name("evidence.zip").blocking_save_file(),
        Purpose::SaveSealedBundle => dialog.set_file_name("evidence.7z").blocking_save_file(),
        Purpose::SaveBackup => dialog.set_file_name("notes.hfbackup").blocking_save_file(),
        Purpose::SaveKey => dialog.set_file_name("recovery-key.txt").blocking_save_file(),
        Purpose::Folder => dialog.blocking_pick_folder(),
    };
    picked
        .map(|path| path.into_path())
        .transpose()
        .map_err(|e| Error::invalid("Choice", format!("that place cannot be used ({e})")).into())
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

/// Files dropped on the window become places to import, sent to the page as [`DROPPED`].
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let state = window.state::<AppState>();
        let places: Vec<ipc::Place> =
            paths.iter().map(|path| state.places.grant(Purpose::OpenFile, path.clone())).collect();
        if !places.is_empty() {
            let _ = window.emit(DROPPED, places);
        }
    }
}
