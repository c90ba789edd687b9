//! Where the data lives: flag, then environment, then the per-user default.

use std::ffi::OsString;
use std::path::PathBuf;

use holdfast_core::paths::{data_dir, APP_IDENTIFIER};

#[test]
fn the_flag_wins_over_the_environment() {
    let chosen = data_dir(Some(OsString::from("/a")), Some(OsString::from("/b")));
    assert_eq!(chosen, Some(PathBuf::from("/a")), "--data-dir beats HOLDFAST_DATA_DIR");
}

#[test]
fn the_environment_is_used_without_a_flag() {
    let chosen = data_dir(None, Some(OsString::from("/b")));
    assert_eq!(chosen, Some(PathBuf::from("/b")), "HOLDFAST_DATA_DIR is used without --data-dir");
}

#[test]
fn empty_values_count_as_absent_and_the_default_is_per_user() {
    let chosen =
        data_dir(Some(OsString::new()), Some(OsString::new())).expect("this machine has a per-user data folder");
    assert!(chosen.ends_with(APP_IDENTIFIER), "the default is named after the app identifier: {chosen:?}");
}

#[test]
#[cfg(windows)]
fn on_windows_the_default_is_in_the_roaming_application_data_folder() {
    let appdata = std::env::var_os("APPDATA").expect("Windows sets APPDATA");
    assert_eq!(data_dir(None, None), Some(PathBuf::from(appdata).join(APP_IDENTIFIER)), "%APPDATA%\\{APP_IDENTIFIER}");
}

#[test]
#[cfg(windows)]
fn windows_paths_from_the_flag_and_the_environment_are_kept_as_given() {
    for path in [r"D:\Evidence\Holdfast", r"\\?\C:\Users\me\notes", r"\\server\share\notes"] {
        assert_eq!(data_dir(Some(path.into()), None), Some(PathBuf::from(path)), "--data-dir {path}");
        assert_eq!(data_dir(None, Some(path.into())), Some(PathBuf::from(path)), "HOLDFAST_DATA_DIR={path}");
    }
}
