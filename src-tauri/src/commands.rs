//! Tauri commands: each turns one IPC call into core calls. No logic of its own lives here.

use std::path::PathBuf;
use std::sync::Mutex;

use holdfast_core::help::HelpData;
use holdfast_core::settings::{Settings, DEFAULT_COUNTRY};
use tauri::{Manager, State, WebviewWindow};

use crate::ipc::{self, IpcError};
use crate::vault_commands::VaultState;

/// The window title while the neutral screen covers the app.
const NEUTRAL_TITLE: &str = "Notes";
/// The normal window title.
const TITLE: &str = "Holdfast";

/// What every command can reach.
pub struct AppState {
    data_dir: PathBuf,
    help: HelpData,
    /// Serialises settings writes.
    settings: Mutex<()>,
    /// The evidence vault.
    pub vault: VaultState,
}

impl AppState {
    pub fn new(data_dir: PathBuf, help: HelpData) -> Self {
        let vault = VaultState::new(data_dir.join("vault"));
        AppState { data_dir, help, settings: Mutex::new(()), vault }
    }

    /// The remembered country, or the default when none (or an unknown one) was saved.
    fn country(&self) -> Result<String, IpcError> {
        let saved = Settings::load(&self.data_dir)?.country;
        Ok(if self.help.country(&saved).is_some() { saved } else { DEFAULT_COUNTRY.to_string() })
    }
}

/// The home screen's data: the country list and the help for the remembered country.
#[tauri::command]
pub fn help_overview(state: State<'_, AppState>) -> Result<ipc::Overview, IpcError> {
    let help = state.help.for_country(&state.country()?)?;
    let countries = state
        .help
        .countries
        .iter()
        .map(|c| ipc::CountryChoice { code: c.code.clone(), name: c.name.clone() })
        .collect();
    Ok(ipc::Overview { countries, help: help.into() })
}

/// Remembers a new country and returns its help.
#[tauri::command]
pub fn choose_country(state: State<'_, AppState>, code: String) -> Result<ipc::CountryHelp, IpcError> {
    let help = state.help.for_country(&code)?;
    let _guard = state.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut settings = Settings::load(&state.data_dir)?;
    settings.country = code;
    settings.save(&state.data_dir)?;
    Ok(help.into())
}

/// Quick exit: the page has already covered itself; lock the vault, give the window a neutral
/// title and minimise it.
#[tauri::command]
pub fn quick_exit(window: WebviewWindow) -> Result<(), IpcError> {
    // Hide first; the lock may have to wait for a running import, so it waits on its own thread,
    // never on the window's.
    let app = window.app_handle().clone();
    std::thread::spawn(move || app.state::<AppState>().vault.lock_now());
    window.set_title(NEUTRAL_TITLE).map_err(IpcError::window)?;
    window.minimize().map_err(IpcError::window)
}

/// Back from the neutral screen: restore the title.
#[tauri::command]
pub fn leave_quick_exit(window: WebviewWindow) -> Result<(), IpcError> {
    window.set_title(TITLE).map_err(IpcError::window)
}
