//! What every command can reach: the words and help loaded at start, the remembered settings,
//! the core's [`Session`] (the vault and its rules), the places the person chose, and the
//! bundle check under way. This layer imports nothing from the shell but the IPC types.

mod places;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use holdfast_core::advice::Advice;
use holdfast_core::guide::{self, Age, NaiveDate};
use holdfast_core::help::HelpData;
use holdfast_core::i18n::Catalogue;
use holdfast_core::session::Session;
use holdfast_core::settings::{Settings, DEFAULT_COUNTRY};

use crate::ipc::{self, IpcError, Purpose};
pub use places::Places;

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
    /// The evidence vault and the rules around it (locks, the held capture, the guide's ticks).
    pub session: Session,
    /// The files and folders the person chose, by handle.
    pub places: Places,
    /// The bundle check under way, which can be stopped.
    pub checking: Checking,
}

impl AppState {
    /// The vault in use is the one last chosen, else `vault` in the data folder.
    pub fn new(data_dir: PathBuf, content: Content) -> Self {
        let chosen = Settings::load(&data_dir).ok().and_then(|s| s.vault_dir);
        let session = Session::new(chosen.unwrap_or_else(|| data_dir.join("vault")));
        AppState {
            data_dir,
            content,
            settings: Mutex::new(()),
            session,
            places: Places::default(),
            checking: Checking::default(),
        }
    }

    /// Where a vault lives unless the person chooses another folder.
    fn default_vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }

    pub fn today(&self) -> NaiveDate {
        self.content.today.unwrap_or_else(guide::today)
    }

    /// The remembered choices; an unknown saved country reads as the default. While a vault
    /// set up for someone under 18 is unlocked (busy or not), help is routed for under-18s
    /// whatever age was chosen.
    pub fn settings(&self) -> Result<Settings, IpcError> {
        let mut settings = Settings::load(&self.data_dir)?;
        if self.content.help.country(&settings.country).is_none() {
            settings.country = DEFAULT_COUNTRY.to_string();
        }
        if self.session.under_18() {
            settings.age = Age::Under18;
        }
        Ok(settings)
    }

    /// Changes the remembered choices atomically.
    pub fn change_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, IpcError> {
        let _guard = self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut saved = Settings::load(&self.data_dir)?;
        change(&mut saved);
        saved.save(&self.data_dir)?;
        self.settings()
    }

    /// The help for the remembered country and age.
    pub fn help(&self, settings: &Settings) -> Result<ipc::CountryHelp, IpcError> {
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

    /// Runs `f` on the unlocked vault (waiting for a running import); `locked` otherwise.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut holdfast_core::vault::Vault) -> holdfast_core::error::Result<T>,
    ) -> Result<T, IpcError> {
        Ok(self.session.with_vault(f)?)
    }

    /// The vault's state, for the UI; never waits on a running import.
    pub fn status(&self) -> ipc::VaultStatus {
        ipc::VaultStatus::new(self.session.status())
    }

    /// Makes `dir` the vault in use (for example on a USB stick), remembered for next time;
    /// locks the current one.
    pub fn use_dir(&self, dir: PathBuf) -> Result<(), IpcError> {
        self.session.switch_dir(dir);
        self.remember_dir()
    }

    /// Remembers the folder in use for next time; the default folder is remembered as no choice.
    pub fn remember_dir(&self) -> Result<(), IpcError> {
        let dir = self.session.dir();
        let remembered = (dir != self.default_vault_dir()).then_some(dir);
        self.change_settings(|s| s.vault_dir = remembered)?;
        Ok(())
    }

    /// The folder the person chose with a create or unlock, if any: switched to at once (this
    /// run only), and remembered only once the vault there is created or opened.
    pub fn chosen_dir(&self, place: Option<String>) -> Result<bool, IpcError> {
        match self.places.optional(place.as_deref(), &[Purpose::Folder])? {
            Some(dir) => {
                self.session.switch_dir(dir);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Seconds without a key press or click before the window locks the vault (0: never).
/// `HOLDFAST_AUTO_LOCK_SECONDS` overrides the setting, for tests.
pub fn auto_lock_seconds(minutes: u32) -> u64 {
    std::env::var("HOLDFAST_AUTO_LOCK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(u64::from(minutes) * 60)
}

/// The cancel flag of the bundle check under way, if one is.
#[derive(Default)]
pub struct Checking(Mutex<Option<Arc<AtomicBool>>>);

impl Checking {
    /// A new check's cancel flag. One check at a time: a new one stops the one before.
    pub fn start(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        let mut current = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(previous) = current.replace(flag.clone()) {
            previous.store(true, Ordering::Relaxed);
        }
        flag
    }

    /// Stops the check under way, if any.
    pub fn stop(&self) {
        if let Some(flag) = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}
