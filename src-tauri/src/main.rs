//! The Holdfast desktop app: a thin Tauri shell over `holdfast-core`.
//!
//! This crate only turns IPC calls into core calls and core results into IPC replies
//! (`commands.rs`), with the IPC contract declared in one place (`ipc.rs`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

mod commands;
mod ipc;
mod vault_commands;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: holdfast-app [--data-dir DIR]\n\
    \n  --data-dir DIR   keep Holdfast's data in DIR (also HOLDFAST_DATA_DIR);\n                   the default is your per-user application data folder";

fn main() -> ExitCode {
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
    let help = match holdfast_core::help::builtin() {
        Ok(help) => help,
        Err(error) => {
            eprintln!("holdfast-app: {error}");
            return ExitCode::FAILURE;
        }
    };

    let state = commands::AppState::new(data_dir, help);
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::help_overview,
            commands::choose_country,
            commands::quick_exit,
            commands::leave_quick_exit,
            vault_commands::vault_status,
            vault_commands::vault_create,
            vault_commands::vault_unlock,
            vault_commands::vault_lock,
            vault_commands::vault_add_file,
            vault_commands::vault_add_message,
            vault_commands::vault_add_account,
            vault_commands::vault_add_payment,
            vault_commands::vault_list,
            vault_commands::vault_check,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("holdfast-app: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
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
