//! Tauri commands for the help and the window: each turns one IPC call into core calls. No
//! logic of its own lives here.

use std::path::PathBuf;
use std::sync::Mutex;

use holdfast_core::advice::Advice;
use holdfast_core::guide::{self, Age, NaiveDate};
use holdfast_core::help::HelpData;
use holdfast_core::i18n::Catalogue;
use holdfast_core::settings::{Settings, DEFAULT_COUNTRY};
use tauri::{Manager, State, WebviewWindow};

use crate::ipc::{self, IpcError};
use crate::places::Places;
use crate::vault_commands::VaultState;

/// The window title while the neutral screen covers the app, and always in discreet mode.
pub const NEUTRAL_TITLE: &str = "Notes";
/// The normal window title.
const TITLE: &str = "Holdfast";

/// The words and data the app shows, loaded and checked once at start.
pub struct Content {
    pub help: HelpData,
    pub advice: Advice,
    pub catalogue: Catalogue,
    /// A fixed "today" for tests of the out-of-date flags (`HOLDFAST_TODAY`), else the clock.
    pub today: Option<NaiveDate>,
}

/// What every command can reach.
pub struct AppState {
    data_dir: PathBuf,
    pub content: Content,
    /// Serialises settings writes.
    settings: Mutex<()>,
    /// The evidence vault.
    pub vault: VaultState,
    /// The files and folders the person chose, by handle.
    pub places: Places,
}

impl AppState {
    /// The vault in use is the one last chosen, else `vault` in the data folder.
    pub fn new(data_dir: PathBuf, content: Content) -> Self {
        let chosen = Settings::load(&data_dir).ok().and_then(|s| s.vault_dir);
        let vault = VaultState::new(chosen.unwrap_or_else(|| data_dir.join("vault")));
        AppState { data_dir, content, settings: Mutex::new(()), vault, places: Places::default() }
    }

    /// Where a vault lives unless the person chooses another folder.
    pub fn default_vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }

    pub fn today(&self) -> NaiveDate {
        self.content.today.unwrap_or_else(guide::today)
    }

    /// The remembered choices; an unknown saved country reads as the default. While a vault
    /// set up for someone under 18 is unlocked, help is routed for under-18s whatever age was
    /// chosen.
    pub fn settings(&self) -> Result<Settings, IpcError> {
        let mut settings = Settings::load(&self.data_dir)?;
        if self.content.help.country(&settings.country).is_none() {
            settings.country = DEFAULT_COUNTRY.to_string();
        }
        if self.vault.is_open_for_under_18() {
            settings.age = Age::Under18;
        }
        Ok(settings)
    }

    /// Changes the remembered choices atomically.
    pub(crate) fn change_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, IpcError> {
        let _guard = self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut saved = Settings::load(&self.data_dir)?;
        change(&mut saved);
        saved.save(&self.data_dir)?;
        self.settings()
    }

    /// The help for the remembered country and age.
    fn help(&self, settings: &Settings) -> Result<ipc::CountryHelp, IpcError> {
        let help = self.content.help.for_country(&settings.country)?.for_age(settings.age);
        Ok(ipc::CountryHelp::new(help, self.today()))
    }

    /// The window title for the remembered choices.
    pub fn title(&self) -> &'static str {
        match self.settings() {
            Ok(s) if !s.discreet => TITLE,
            _ => NEUTRAL_TITLE,
        }
    }
}

/// Everything the window needs to start.
#[tauri::command]
pub fn guide_start(state: State<'_, AppState>) -> Result<ipc::Start, IpcError> {
    let settings = state.settings()?;
    let content = &state.content;
    let countries = content
        .help
        .countries
        .iter()
        .map(|c| ipc::CountryChoice { code: c.code.clone(), name: c.name.clone() })
        .collect();
    Ok(ipc::Start {
        locale: content.catalogue.language.clone(),
        messages: content.catalogue.messages.clone(),
        countries,
        age: settings.age,
        discreet: settings.discreet,
        auto_lock_minutes: settings.auto_lock_minutes,
        auto_lock_seconds: auto_lock_seconds(settings.auto_lock_minutes),
        help: state.help(&settings)?,
        pages: content.advice.menu(),
    })
}

/// Seconds without a key press or click before the window locks the vault (0: never).
/// `HOLDFAST_AUTO_LOCK_SECONDS` overrides the setting, for tests.
fn auto_lock_seconds(minutes: u32) -> u64 {
    std::env::var("HOLDFAST_AUTO_LOCK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(u64::from(minutes) * 60)
}

/// The auto-lock choices the settings screen offers, in minutes (0: never).
const AUTO_LOCK_CHOICES: &[u32] = &[1, 5, 15, 30, 60, 0];

/// Remembers how long Holdfast waits before locking the vault; returns the delay in seconds.
#[tauri::command]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> Result<u64, IpcError> {
    if !AUTO_LOCK_CHOICES.contains(&minutes) {
        return Err(holdfast_core::Error::invalid("Lock after", "choose one of the times offered").into());
    }
    state.change_settings(|s| s.auto_lock_minutes = minutes)?;
    Ok(auto_lock_seconds(minutes))
}

/// One guide page, routed for the remembered country and age.
#[tauri::command]
pub fn guide_page(state: State<'_, AppState>, id: String) -> Result<ipc::GuidePage, IpcError> {
    let settings = state.settings()?;
    let today = state.today();
    let content = &state.content;
    let page = content.advice.view(&content.help, &id, &settings.country, settings.age, today)?;
    let service = |id: &String| content.help.service(id).cloned().map(|s| ipc::Service::new(s, today));
    let services = page.services.iter().filter_map(service).collect();
    let help = content.help.for_country(&settings.country)?;
    Ok(ipc::GuidePage { page, services, emergency: ipc::Service::new(help.emergency, today) })
}

/// Remembers a new country and returns its help.
#[tauri::command]
pub fn choose_country(state: State<'_, AppState>, code: String) -> Result<ipc::CountryHelp, IpcError> {
    state.content.help.for_country(&code)?;
    let settings = state.change_settings(|s| s.country = code)?;
    state.help(&settings)
}

/// Remembers the age the person gave and returns the help routed for it.
#[tauri::command]
pub fn choose_age(state: State<'_, AppState>, age: Age) -> Result<ipc::CountryHelp, IpcError> {
    let settings = state.change_settings(|s| s.age = age)?;
    state.help(&settings)
}

/// Turns discreet mode on or off; the window's title follows at once.
#[tauri::command]
pub fn set_discreet(state: State<'_, AppState>, window: WebviewWindow, on: bool) -> Result<(), IpcError> {
    state.change_settings(|s| s.discreet = on)?;
    window.set_title(state.title()).map_err(IpcError::window)
}

/// Opens a help link in the person's own browser. Only an address from the help data file is
/// ever opened; anything else is refused here, whatever the window asks.
#[tauri::command]
pub fn open_link(state: State<'_, AppState>, url: String) -> Result<(), IpcError> {
    if !state.content.help.allows_link(&url) {
        return Err(holdfast_core::Error::Refused(
            "Holdfast only opens the checked addresses in its help list.".into(),
        )
        .into());
    }
    crate::browser::open(&url)
}

/// Quick exit: the page has already covered itself; lock the vault, give the window a neutral
/// title and minimise it.
#[tauri::command]
pub fn quick_exit(window: WebviewWindow) -> Result<(), IpcError> {
    // The vault reads as locked before this returns; dropping it may have to wait for a running
    // import, so that waits on its own thread, never on the window's.
    let app = window.app_handle().clone();
    app.state::<AppState>().vault.request_lock();
    std::thread::spawn(move || app.state::<AppState>().vault.finish_lock());
    window.set_title(NEUTRAL_TITLE).map_err(IpcError::window)?;
    window.minimize().map_err(IpcError::window)
}

/// Back from the neutral screen: restore the title (still neutral in discreet mode).
#[tauri::command]
pub fn leave_quick_exit(state: State<'_, AppState>, window: WebviewWindow) -> Result<(), IpcError> {
    window.set_title(state.title()).map_err(IpcError::window)
}
