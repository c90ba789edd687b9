//! Remembered settings: defaults, round trip, damage and atomic saves.

use holdfast_core::settings::{Settings, DEFAULT_COUNTRY, FILE_NAME};
use holdfast_core::ErrorCode;

#[test]
fn without_a_settings_file_the_uk_is_chosen() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(Settings::load(dir.path()).expect("load").country, DEFAULT_COUNTRY, "the default is the UK");
    assert_eq!(DEFAULT_COUNTRY, "GB", "the issue asks for the UK as the default");
}

#[test]
fn a_saved_country_is_loaded_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    Settings { country: "IE".into(), ..Settings::default() }.save(dir.path()).expect("save");
    assert_eq!(Settings::load(dir.path()).expect("load").country, "IE", "the saved country comes back");
}

#[test]
fn saving_creates_the_data_folder_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("nested").join("data");
    Settings { country: "NZ".into(), ..Settings::default() }
        .save(&data)
        .expect("save into a folder that does not exist yet");
    let names: Vec<String> = std::fs::read_dir(&data)
        .expect("list data folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![FILE_NAME.to_string()], "only the settings file remains after an atomic save");
}

#[test]
fn a_damaged_settings_file_gives_the_defaults_instead_of_blocking_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(FILE_NAME), b"{ this is not json").expect("write damaged file");
    assert_eq!(Settings::load(dir.path()).expect("load").country, DEFAULT_COUNTRY, "damage falls back to the default");
}

#[test]
fn a_save_that_cannot_write_reports_a_storage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the data folder should be: nothing can be created inside it.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, b"not a folder").expect("write blocker");
    let error = Settings::default().save(&blocked).expect_err("cannot save inside a file");
    assert_eq!(error.code(), ErrorCode::Storage, "a write failure is a storage error");
    assert!(error.to_string().contains("blocked"), "the message names the place: {error}");
}
