//! The Holdfast desktop app: a thin Tauri shell over `holdfast-core`.
//!
//! This crate only turns IPC calls into core calls and core results into IPC replies. Its layers,
//! each importing only those below it (a test checks):
//!
//! - `contract.rs`: the list of commands, what each takes and returns (also read by `build.rs`);
//! - `ipc.rs`: the types the window sends and receives, and the error codes;
//! - `platform/`: the browser, the screen, the file dialog, the no-window message;
//! - `state.rs`: what every command can reach, over the core's `Session`;
//! - `commands/` (one file per area) and `events.rs` (dropped files, waking from sleep);
//! - `main.rs`: starts the app and hands Tauri the commands.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

/// Tests of the contract and the layers, over the sources.
#[cfg(test)]
mod checks;
mod commands;
/// The IPC contract: every command the window may call (`contract.rs`), read by `build.rs` and
/// checked by the tests.
#[cfg(test)]
mod contract;
mod events;
mod ipc;
mod platform;
mod state;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use tauri::Manager;

use crate::platform::no_window;
use crate::state::{AppState, Content};

const USAGE: &str = "usage: holdfast-app [--data-dir DIR]\n\
    \n  --data-dir DIR   keep Holdfast's data in DIR (also HOLDFAST_DATA_DIR);\n                   the default is your per-user application data folder";

fn main() -> ExitCode {
    if let Err(error) = holdfast_core::harden::no_core_dumps() {
        eprintln!(
            "holdfast-app: warning: core dumps could not be turned off ({error}); a crash could leave memory on disk"
        );
    }
    let data_dir = match parse_args(std::env::args_os().skip(1)) {
        Ok(flag) => holdfast_core::paths::data_dir_from_env(flag),
        Err(message) => {
            eprintln!("holdfast-app: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(data_dir) = data_dir else {
        eprintln!("holdfast-app: this computer has no per-user data folder; start Holdfast with --data-dir DIR.");
        return ExitCode::from(2);
    };
    let content = match load_content() {
        Ok(content) => content,
        Err(error) => {
            eprintln!("holdfast-app: {error}");
            return ExitCode::FAILURE;
        }
    };

    let state = AppState::new(data_dir, content);
    if let Some(why) = no_window::missing_webview() {
        no_window::give_up(&state.content.catalogue, state.title(), no_window::NO_WEBVIEW, &why);
    }
    name_program(state.title());
    // For the message if the window cannot start at all (the state goes to Tauri).
    let (catalogue, title) = (state.content.catalogue.clone(), state.title().to_string());
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .on_window_event(events::on_window_event)
        .setup(|app| {
            forget_recent_files();
            if let Err(error) = open_window(app) {
                let state = app.state::<AppState>();
                no_window::give_up(&state.content.catalogue, state.title(), no_window::NO_WINDOW, &error.to_string());
            }
            events::start(app.handle().clone())?;
            // Discreet mode names the window "Notes" from its first frame.
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(app.state::<AppState>().title())?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::guide::guide_start,
            commands::guide::guide_page,
            commands::guide::choose_country,
            commands::guide::choose_age,
            commands::guide::checklist,
            commands::guide::tick,
            commands::guide::report_summary,
            commands::window::set_discreet,
            commands::window::set_auto_lock,
            commands::window::open_link,
            commands::window::quick_exit,
            commands::window::leave_quick_exit,
            commands::vault::vault_status,
            commands::vault::vault_create,
            commands::vault::vault_unlock,
            commands::vault::vault_lock,
            commands::vault::vault_check,
            commands::vault::passphrase_meter,
            commands::vault::vault_change_passphrase,
            commands::vault::vault_backup,
            commands::vault::vault_restore,
            commands::vault::vault_use_folder,
            commands::vault::save_recovery_key,
            commands::vault::recovery_key_matches,
            commands::vault::vault_older,
            commands::vault::vault_dismiss_older,
            commands::vault::vault_set_aside,
            commands::vault::vault_put_back,
            commands::evidence::intake_classify,
            commands::evidence::vault_add_file,
            commands::evidence::vault_add_message,
            commands::evidence::vault_add_account,
            commands::evidence::vault_add_payment,
            commands::evidence::vault_list,
            commands::evidence::vault_exportable,
            commands::evidence::vault_exportable_count,
            commands::evidence::vault_timeline,
            commands::evidence::vault_filters,
            commands::evidence::vault_item,
            commands::evidence::vault_item_original,
            commands::evidence::vault_edit_item,
            commands::evidence::vault_link,
            commands::evidence::payment_warnings,
            commands::evidence::remove_imported_source,
            commands::capture::capture_windows,
            commands::capture::capture_screen,
            commands::capture::hold_file,
            commands::capture::hold_pasted,
            commands::capture::hold_clipboard,
            commands::capture::capture_save,
            commands::capture::capture_discard,
            commands::capture::clear_clipboard,
            commands::bundle::vault_export,
            commands::bundle::bundle_verify,
            commands::bundle::bundle_verify_stop,
            commands::files::choose_path,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => no_window::give_up(&catalogue, &title, no_window::NO_WINDOW, &error.to_string()),
    }
}

/// Opens the one window from its configuration. Its web view keeps nothing on disk (no cache,
/// no storage: `incognito`), except under WebDriver: tauri-driver sets `TAURI_WEBVIEW_AUTOMATION`,
/// and WebKit lets only a persistent web context be driven, so the end-to-end tests run with a
/// persistent one. The `traces` end-to-end test checks the real start, without WebDriver.
fn open_window(app: &tauri::App) -> tauri::Result<()> {
    let automated = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    let config = app.config().app.windows.iter().find(|w| w.label == "main").cloned().unwrap_or_default();
    tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .incognito(config.incognito && !automated)
        .build()?;
    Ok(())
}

/// GTK adds every file chosen in a file dialog to the desktop's "recent files" list, where a
/// family member could see the name of an evidence file or bundle. Holdfast turns that off for
/// itself (this process only), before any dialog opens.
#[cfg(target_os = "linux")]
fn forget_recent_files() {
    use gtk::prelude::GtkSettingsExt;
    if let Some(settings) = gtk::Settings::default() {
        settings.set_gtk_recent_files_enabled(false);
        settings.set_gtk_recent_files_max_age(0);
    }
}

#[cfg(not(target_os = "linux"))]
fn forget_recent_files() {}

/// In discreet mode, the name the desktop shows for the app (in the taskbar, the window
/// switcher and the window's class) is "Notes" too, set before the first window, so a glance
/// at the taskbar shows nothing about Holdfast. Otherwise GTK's default (the program's file
/// name) stays. A change of mode takes effect at the next start.
#[cfg(target_os = "linux")]
fn name_program(title: &str) {
    if title == state::NEUTRAL_TITLE {
        gtk::glib::set_prgname(Some(title.to_lowercase().as_str()));
        gtk::glib::set_application_name(title);
    }
}

#[cfg(not(target_os = "linux"))]
fn name_program(_title: &str) {}

/// Loads and checks the help data, the advice and the interface's words, in the locale from
/// `HOLDFAST_LOCALE` (default `en-GB`; `en-XA` is the pseudo-locale). `HOLDFAST_TODAY`
/// (YYYY-MM-DD) fixes the date the out-of-date flags are judged against, for tests.
fn load_content() -> Result<Content, String> {
    use holdfast_core::{advice, guide, help, i18n};
    let locale = std::env::var("HOLDFAST_LOCALE").unwrap_or_else(|_| i18n::DEFAULT_LOCALE.to_string());
    let mut help = help::builtin().map_err(|e| e.to_string())?;
    let mut advice = advice::builtin(&help).map_err(|e| e.to_string())?;
    let catalogue = i18n::catalogue(&locale).map_err(|e| e.to_string())?;
    i18n::localise(&locale, &mut help, &mut advice);
    let today = match std::env::var("HOLDFAST_TODAY") {
        Ok(day) => Some(guide::parse_date(&day).ok_or(format!("HOLDFAST_TODAY '{day}' is not YYYY-MM-DD"))?),
        Err(_) => None,
    };
    Ok(Content { help, advice, catalogue, today })
}

/// Reads `--data-dir DIR` or `--data-dir=DIR`; anything else is a usage error.
fn parse_args(args: impl Iterator<Item = OsString>) -> Result<Option<OsString>, String> {
    let mut args = args.peekable();
    let mut data_dir = None;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--data-dir" {
            data_dir = Some(args.next().ok_or("--data-dir needs a folder")?);
        } else if let Some(value) = text.strip_prefix("--data-dir=") {
            data_dir = Some(PathBuf::from(value).into_os_string());
        } else if text == "--help" || text == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        } else {
            return Err(format!("unknown argument '{text}'"));
        }
    }
    Ok(data_dir)
}

#[cfg(test)]
mod tests {
    use super::parse_args;
    use std::ffi::OsString;

    fn args(list: &[&str]) -> impl Iterator<Item = OsString> {
        list.iter().map(OsString::from).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn data_dir_is_read_in_both_spellings() {
        assert_eq!(parse_args(args(&["--data-dir", "/x"])), Ok(Some("/x".into())), "separate value");
        assert_eq!(parse_args(args(&["--data-dir=/y"])), Ok(Some("/y".into())), "joined value");
        assert_eq!(parse_args(args(&[])), Ok(None), "no flag");
    }

    #[test]
    fn a_missing_value_or_unknown_argument_is_a_usage_error() {
        assert!(parse_args(args(&["--data-dir"])).is_err(), "--data-dir without a folder");
        assert!(parse_args(args(&["--bogus"])).is_err(), "unknown argument");
    }
}
