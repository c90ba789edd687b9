//! "Check a bundle" in the app: the same verdict as `holdfast verify`, run off the IPC thread
//! so it can be stopped (a hostile bundle can be made slow to read).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use holdfast_core::export::verify::{verify_bundle_with, Verdict, VerifyOptions};
use tauri::State;
use zeroize::Zeroizing;

use crate::commands::AppState;
use crate::ipc::IpcError;
use crate::places::Purpose;

/// The cancel flag of the check under way, if one is.
#[derive(Default)]
pub struct Checking(Mutex<Option<Arc<AtomicBool>>>);

impl Checking {
    fn start(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        let mut current = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(previous) = current.replace(flag.clone()) {
            // One check at a time: a new one stops the one before.
            previous.store(true, Ordering::Relaxed);
        }
        flag
    }

    fn stop(&self) {
        if let Some(flag) = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

/// Checks a bundle without the vault (`password` for a `.7z` bundle). Stopped by
/// [`bundle_verify_stop`], it fails with the code `cancelled`.
#[tauri::command]
pub async fn bundle_verify(
    state: State<'_, AppState>,
    checking: State<'_, Checking>,
    place: String,
    password: Option<String>,
) -> Result<Verdict, IpcError> {
    let path = state.places.path(&place, &[Purpose::OpenBundle])?;
    let cancel = checking.start();
    let password = password.filter(|p| !p.is_empty()).map(Zeroizing::new);
    let run = tauri::async_runtime::spawn_blocking(move || {
        let options = VerifyOptions {
            password: password.as_deref().map(String::as_str),
            cancel: Some(&cancel),
            ..VerifyOptions::default()
        };
        verify_bundle_with(&path, &options)
    });
    let verdict =
        run.await.map_err(|e| holdfast_core::Error::Integrity(format!("the check stopped unexpectedly ({e})")))?;
    Ok(verdict?)
}

/// Stops the check under way, if any.
#[tauri::command]
pub fn bundle_verify_stop(checking: State<'_, Checking>) {
    checking.stop();
}
