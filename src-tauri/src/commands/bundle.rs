//! Commands for handover bundles: writing one for the police (then checking it as an officer
//! would), and "Check a bundle", the same verdict as `holdfast verify`, run off the IPC thread so
//! it can be stopped (a hostile bundle can be made slow to read).

use holdfast_core::export::verify::{verify_bundle, verify_bundle_with, Verdict, VerifyOptions};
use tauri::State;
use zeroize::Zeroizing;

use crate::ipc::{self, IpcError, Purpose};
use crate::state::AppState;

/// Writes a handover bundle for the police, then checks what was written with the verifier, as
/// an officer would.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_export(state: State<'_, AppState>, request: ipc::ExportRequest) -> Result<ipc::Exported, IpcError> {
    let options = request.options()?;
    let out = state.places.path(&request.place, &[Purpose::SaveBundle, Purpose::SaveSealedBundle])?;
    let summary = state.with_vault(|v| v.export(&out, &options))?;
    let password = request.password.clone().filter(|p| !p.is_empty()).map(Zeroizing::new);
    let verdict = verify_bundle(&summary.path, password.as_deref().map(String::as_str))?;
    Ok(ipc::Exported { summary, verdict })
}

/// Checks a bundle without the vault (`password` for a `.7z` bundle). Stopped by
/// [`bundle_verify_stop`], it fails with the code `cancelled`.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_verify(
    state: State<'_, AppState>,
    place: String,
    password: Option<String>,
) -> Result<Verdict, IpcError> {
    let path = state.places.path(&place, &[Purpose::OpenBundle])?;
    let cancel = state.checking.start();
    let password = password.filter(|p| !p.is_empty()).map(Zeroizing::new);
    let run = tauri::async_runtime::spawn_blocking(move || {
        let options = VerifyOptions {
            password: password.as_deref().map(String::as_str),
            cancel: Some(&cancel),
            ..VerifyOptions::default()
        };
        verify_bundle_with(&path, &options)
    });
    let verdict = run.await.map_err(|e| {
        holdfast_core::Error::Integrity(
            holdfast_core::Message::new("integrity.check-stopped").with("detail", e.to_string()),
        )
    })?;
    Ok(verdict?)
}

/// Stops the check under way, if any.
#[tauri::command(rename_all = "snake_case")]
pub fn bundle_verify_stop(state: State<'_, AppState>) {
    state.checking.stop();
}
