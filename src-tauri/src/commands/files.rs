//! The command that asks the person for a file or folder.

use holdfast_core::{Error, Message};
use tauri::{AppHandle, State};

use crate::ipc::{self, IpcError, Purpose};
use crate::platform::dialog;
use crate::state::AppState;

/// Asks the system for a file or folder: `open-file`, `open-bundle`, `open-backup`,
/// `save-bundle`, `save-sealed-bundle` (with a password: a `.7z`), `save-backup`, `save-key` or
/// `folder`. `None` when the person cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_path(
    app: AppHandle,
    state: State<'_, AppState>,
    purpose: String,
) -> Result<Option<ipc::Place>, IpcError> {
    let purpose = Purpose::parse(&purpose)
        .ok_or_else(|| Error::invalid("field.choice", Message::new("invalid.no-such-choice")))?;
    let picked = dialog::ask(&app, purpose)?;
    Ok(picked.map(|path| state.places.grant(purpose, path)))
}
