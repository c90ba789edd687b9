//! Commands for the window itself: discreet mode, auto-lock, quick exit, and opening a help
//! link in the person's own browser.

use holdfast_core::settings::AUTO_LOCK_CHOICES;
use tauri::{Manager, State, WebviewWindow};

use crate::ipc::IpcError;
use crate::platform::browser;
use crate::state::{self, AppState, NEUTRAL_TITLE};

/// Remembers how long Holdfast waits before locking the vault; returns the delay in seconds.
#[tauri::command(rename_all = "snake_case")]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> Result<u64, IpcError> {
    if !AUTO_LOCK_CHOICES.contains(&minutes) {
        return Err(holdfast_core::Error::invalid(
            "field.lock-after",
            holdfast_core::Message::new("invalid.lock-after"),
        )
        .into());
    }
    state.change_settings(|s| s.auto_lock_minutes = minutes)?;
    Ok(state::auto_lock_seconds(minutes))
}

/// Turns discreet mode on or off; the window's title follows at once.
#[tauri::command(rename_all = "snake_case")]
pub fn set_discreet(state: State<'_, AppState>, window: WebviewWindow, on: bool) -> Result<(), IpcError> {
    state.change_settings(|s| s.discreet = on)?;
    window.set_title(state.title()).map_err(IpcError::window)
}

/// Opens a help link in the person's own browser. Only an address from the help data file is
/// ever opened; anything else is refused here, whatever the window asks.
#[tauri::command(rename_all = "snake_case")]
pub fn open_link(state: State<'_, AppState>, url: String) -> Result<(), IpcError> {
    if !state.content.help.allows_link(&url) {
        return Err(holdfast_core::Error::Refused(holdfast_core::Message::new("refused.not-a-help-link")).into());
    }
    browser::open(&url)
}

/// Quick exit: the page has already covered itself; lock the vault, give the window a neutral
/// title and minimise it.
#[tauri::command(rename_all = "snake_case")]
pub fn quick_exit(window: WebviewWindow) -> Result<(), IpcError> {
    // The vault reads as locked before this returns; dropping it may have to wait for a running
    // import, so that waits on its own thread, never on the window's.
    let app = window.app_handle().clone();
    app.state::<AppState>().session.request_lock();
    std::thread::spawn(move || app.state::<AppState>().session.finish_lock());
    window.set_title(NEUTRAL_TITLE).map_err(IpcError::window)?;
    window.minimize().map_err(IpcError::window)
}

/// Back from the neutral screen: restore the title (still neutral in discreet mode).
#[tauri::command(rename_all = "snake_case")]
pub fn leave_quick_exit(state: State<'_, AppState>, window: WebviewWindow) -> Result<(), IpcError> {
    window.set_title(state.title()).map_err(IpcError::window)
}
