//! Tauri commands for a database older than the vault has been, and for the evidence files kept
//! in `set-aside/`: what the person is told after unlocking, and putting a file back as an item.

use holdfast_core::vault::{OlderDatabase, SetAside};
use tauri::State;

use crate::commands::AppState;
use crate::ipc::IpcError;
use crate::vault_commands::with_open;

/// Whether the database is older than the vault has been (`null` when all is well).
#[tauri::command]
pub async fn vault_older(state: State<'_, AppState>) -> Result<Option<OlderDatabase>, IpcError> {
    with_open(&state, |v| Ok(v.older_database().cloned()))
}

/// The person carries on with this database (logged); the notice goes away.
#[tauri::command]
pub async fn vault_dismiss_older(state: State<'_, AppState>) -> Result<(), IpcError> {
    with_open(&state, |v| v.dismiss_older_database())
}

/// The files in `set-aside/`.
#[tauri::command]
pub async fn vault_set_aside(state: State<'_, AppState>) -> Result<Vec<SetAside>, IpcError> {
    with_open(&state, |v| v.set_aside())
}

/// Puts a set-aside file back as an item, after the nudity question (`intimate`).
#[tauri::command]
pub async fn vault_put_back(state: State<'_, AppState>, name: String, intimate: bool) -> Result<i64, IpcError> {
    with_open(&state, |v| v.put_back(&name, intimate))
}
