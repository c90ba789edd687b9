//! The few choices Holdfast remembers between runs.
//!
//! Kept in `settings.json` in the data folder. Nothing here is evidence, and nothing here
//! names what the app is for: a settings file on a shared computer must reveal nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::guide::Age;

/// The file name of the settings inside the data folder.
pub const FILE_NAME: &str = "settings.json";

/// The largest settings file read (a real one is a few hundred bytes).
pub const MAX_BYTES: u64 = 64 * 1024;

/// The country used before the person chooses one.
pub const DEFAULT_COUNTRY: &str = "GB";

/// The auto-lock delays the person can choose, in minutes (0: never), in the order offered.
pub const AUTO_LOCK_CHOICES: &[u32] = &[1, 5, 15, 30, 60, 0];

/// Remembered choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The chosen country's code, as in the help data (`GB`, `US`, …, `INT`).
    pub country: String,
    /// The age the person gave, for routing help (unknown until they say).
    pub age: Age,
    /// Discreet mode: the window is always titled "Notes".
    pub discreet: bool,
    /// Lock the vault after this many minutes without a key press or click; 0 never locks.
    pub auto_lock_minutes: u32,
    /// The vault's folder, when the person chose one (for example on a USB stick); otherwise
    /// the `vault` folder inside the data folder. Saved as `folder`, a name that says nothing.
    #[serde(rename = "folder")]
    pub vault_dir: Option<PathBuf>,
}

/// The auto-lock delay before the person chooses one.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            country: DEFAULT_COUNTRY.to_string(),
            age: Age::Unknown,
            discreet: false,
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            vault_dir: None,
        }
    }
}

impl Settings {
    /// The settings file inside a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    /// Loads the settings. A missing file gives the defaults; so does a damaged one, because a
    /// person in crisis must never be stopped by a broken preferences file (the next save
    /// replaces it). Anything that is not an ordinary file (a named pipe, a device, a folder, a
    /// link: Holdfast never makes one) or is over [`MAX_BYTES`] counts as damaged, and is
    /// never waited on or read without a limit.
    pub fn load(data_dir: &Path) -> Result<Settings> {
        let path = Self::path(data_dir);
        match fsutil::read_bounded(&path, fsutil::Links::Refuse, MAX_BYTES) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge || fsutil::not_ordinary(&e).is_some() => {
                Ok(Settings::default())
            }
            Err(e) => Err(Error::Storage { action: "storage.read-your-settings-from", path, source: e }),
        }
    }

    /// Saves the settings atomically: a crash leaves the old file or the new one. The file is
    /// readable by its owner only.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::Storage {
            action: "storage.prepare-your-settings-for",
            path: Self::path(data_dir),
            source: std::io::Error::other(e),
        })?;
        bytes.push(b'\n');
        fsutil::write_atomic(&Self::path(data_dir), &bytes)
    }
}
