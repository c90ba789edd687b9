//! Where Holdfast keeps its data.
//!
//! One rule for the app and the CLI: `--data-dir DIR` wins, then `HOLDFAST_DATA_DIR`, then the
//! per-user application data folder (the same one Tauri uses for the app's identifier).

use std::ffi::OsString;
use std::path::PathBuf;

/// The app's identifier; the per-user data folder is named after it.
pub const APP_IDENTIFIER: &str = "org.holdfast.desktop";

/// The environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "HOLDFAST_DATA_DIR";

/// Chooses the data folder from a command-line value, then the environment, then the default.
///
/// Empty values count as absent. Returns `None` only when the platform has no per-user data
/// folder and neither override is given.
pub fn data_dir(flag: Option<OsString>, env: Option<OsString>) -> Option<PathBuf> {
    let non_empty = |v: Option<OsString>| v.filter(|s| !s.is_empty()).map(PathBuf::from);
    non_empty(flag).or_else(|| non_empty(env)).or_else(|| dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)))
}

/// [`data_dir`] with the environment variable read from this process.
pub fn data_dir_from_env(flag: Option<OsString>) -> Option<PathBuf> {
    data_dir(flag, std::env::var_os(DATA_DIR_ENV))
}
