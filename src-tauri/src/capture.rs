//! Capturing the screen straight into the vault. The picture is held in memory for a preview
//! and sealed into the vault only when the person saves it; it never passes through a file, the
//! Pictures folder or the clipboard. Holdfast hides its own window while it captures. On Wayland
//! desktops a capture goes through a portal that saves a file first, so Holdfast refuses there.

use std::io::Cursor;
use std::sync::Mutex;
use std::time::Duration;

use holdfast_core::vault::model::{Captured, ItemKind};
use holdfast_core::vault::{ItemDetails, NewOriginal};
use tauri::{State, WebviewWindow};
use zeroize::Zeroizing;

use crate::commands::AppState;
use crate::ipc::IpcError;
use crate::vault_commands::with_open;

/// How long the window stays hidden before the capture, so that it is gone from the screen.
const HIDE_SETTLE: Duration = Duration::from_millis(400);

/// A capture waiting for the person to save or discard it.
pub struct Pending {
    png: Zeroizing<Vec<u8>>,
    captured: Captured,
}

/// At most one capture waits at a time.
#[derive(Default)]
pub struct Captures(Mutex<Option<Pending>>);

impl Captures {
    /// Drops the waiting capture, if any (on lock and quick exit).
    pub fn clear(&self) {
        self.take();
    }

    fn take(&self) -> Option<Pending> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Keeps `pending` unless the vault was locked since `ticket` was taken. The check and the
    /// store hold the mutex a lock's `clear` waits for, so a capture never outlives a lock.
    fn keep(&self, state: &AppState, ticket: u64, pending: Pending) -> bool {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if state.vault.ticket() != ticket {
            return false;
        }
        *slot = Some(pending);
        true
    }
}

/// Shows the window again when dropped, whatever happened while it was hidden.
struct ShowAgain<'w>(&'w WebviewWindow);

impl Drop for ShowAgain<'_> {
    fn drop(&mut self) {
        let _ = self.0.show();
        let _ = self.0.set_focus();
    }
}

/// Whether this is a Wayland session (the test xcap itself uses to pick its Wayland path).
fn wayland() -> bool {
    let var = |name| std::env::var(name).unwrap_or_default().to_lowercase();
    var("XDG_SESSION_TYPE") == "wayland" || var("WAYLAND_DISPLAY").contains("wayland")
}

fn capture_failed(why: impl std::fmt::Display) -> IpcError {
    IpcError {
        code: "capture",
        message: format!(
            "Holdfast could not capture the screen ({why}). Use your computer's own screenshot key instead, then add the file to your evidence. Nothing was saved."
        ),
    }
}

/// The primary screen as a PNG, in memory.
fn grab() -> Result<Vec<u8>, IpcError> {
    let monitors = xcap::Monitor::all().map_err(capture_failed)?;
    let primary = monitors.iter().position(|m| m.is_primary().unwrap_or(false)).unwrap_or(0);
    let monitor = monitors.get(primary).ok_or_else(|| capture_failed("no screen was found"))?;
    let image = monitor.capture_image().map_err(capture_failed)?;
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).map_err(capture_failed)?;
    Ok(png)
}

/// Captures the whole screen with Holdfast's window hidden, and returns the PNG for a preview.
/// Nothing is stored until [`capture_save`]. The vault must be unlocked first, so a capture
/// can always be saved.
#[tauri::command]
pub async fn capture_screen(
    state: State<'_, AppState>,
    window: WebviewWindow,
) -> Result<tauri::ipc::Response, IpcError> {
    if wayland() {
        return Err(capture_failed(
            "on a Wayland desktop the capture would first be saved as a file outside the vault",
        ));
    }
    let ticket = state.vault.ticket();
    with_open(&state, |_| Ok(()))?;
    let captured = Captured::now();
    let png = {
        window.hide().map_err(IpcError::window)?;
        let _show = ShowAgain(&window);
        std::thread::sleep(HIDE_SETTLE);
        grab()?
    };
    let pending = Pending { png: Zeroizing::new(png.clone()), captured };
    if !state.vault.captures.keep(&state, ticket, pending) {
        return Err(IpcError::locked());
    }
    Ok(tauri::ipc::Response::new(png))
}

/// Seals the waiting capture into the vault as a screenshot; returns the new item's id.
#[tauri::command]
pub async fn capture_save(state: State<'_, AppState>, note: Option<String>) -> Result<i64, IpcError> {
    let ticket = state.vault.ticket();
    let pending = state.vault.captures.take().ok_or_else(|| {
        IpcError::from(holdfast_core::Error::NotFound(
            "There is no capture waiting to be saved. Capture the screen again.".into(),
        ))
    })?;
    let details = ItemDetails { note: note.filter(|n| !n.trim().is_empty()), ..ItemDetails::default() };
    let new = NewOriginal {
        kind: ItemKind::Screenshot,
        original_name: Some(format!("screenshot {}.png", pending.captured.utc.replace(':', "-"))),
        details,
        captured_at: Some(pending.captured.clone()),
        ..NewOriginal::file()
    };
    let result = with_open(&state, |v| v.add_original(&mut &pending.png[..], new));
    if result.as_ref().is_err_and(|e| e.code != "locked") {
        // Keep it for another try rather than lose it, unless the vault was locked meanwhile.
        state.vault.captures.keep(&state, ticket, pending);
    }
    result
}

/// Throws the waiting capture away (its memory is zeroed).
#[tauri::command]
pub async fn capture_discard(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.vault.captures.clear();
    Ok(())
}
