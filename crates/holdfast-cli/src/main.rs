//! `holdfast`: the command-line face of Holdfast. It calls the same core functions as the app.
//!
//! Exit codes: 0 success, 1 other error, 2 usage error.
#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use holdfast_core::help::{self, Service};
use holdfast_core::settings::Settings;

#[derive(Parser)]
#[command(
    name = "holdfast",
    version,
    about = "Holdfast: private records and where to get help"
)]
struct Cli {
    /// Keep Holdfast's data in this folder (also HOLDFAST_DATA_DIR). Default: your per-user
    /// application data folder, shared with the app.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<OsString>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the remembered country, or remember a new one.
    Country {
        /// A country code (GB, US, CA, AU, IE, NZ, or INT for somewhere else).
        code: Option<String>,
    },
    /// List the help services for a country (default: the remembered one).
    Services {
        /// A country code; without it, the remembered country.
        #[arg(long)]
        country: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let Some(data_dir) = holdfast_core::paths::data_dir_from_env(cli.data_dir) else {
        eprintln!(
            "holdfast: this computer has no per-user data folder; give one with --data-dir DIR."
        );
        return ExitCode::from(2);
    };
    match run(cli.command, &data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("holdfast: {error}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command, data_dir: &Path) -> Result<(), holdfast_core::Error> {
    let data = help::builtin()?;
    match command {
        Command::Country { code: None } => {
            let country = Settings::load(data_dir)?.country;
            let name = data
                .country(&country)
                .map(|c| c.name.as_str())
                .unwrap_or("unknown");
            println!("{country}\t{name}");
        }
        Command::Country { code: Some(code) } => {
            let code = code.to_ascii_uppercase();
            let name = data.for_country(&code)?.country.name;
            let mut settings = Settings::load(data_dir)?;
            settings.country = code.clone();
            settings.save(data_dir)?;
            println!("{code}\t{name}");
        }
        Command::Services { country, json } => {
            let code = match country {
                Some(code) => code.to_ascii_uppercase(),
                None => Settings::load(data_dir)?.country,
            };
            let help = data.for_country(&code)?;
            if json {
                let text = serde_json::to_string_pretty(&help)
                    .map_err(|e| holdfast_core::Error::HelpData(e.to_string()))?;
                println!("{text}");
            } else {
                println!("Help for {} ({})", help.country.name, help.country.code);
                println!("In danger now: {}", describe(&help.emergency));
                if let Some(crisis) = &help.crisis {
                    println!("To talk now:   {}", describe(crisis));
                }
                for s in help.services.iter().chain(&help.international) {
                    println!("\n{}\n  {}\n  {}", s.name, s.purpose, describe(s));
                    println!("  source: {} (checked {})", s.source_url, s.checked);
                }
            }
        }
    }
    Ok(())
}

/// One line with the ways to reach a service.
fn describe(s: &Service) -> String {
    let mut ways = Vec::new();
    if let Some(phone) = &s.phone {
        ways.push(format!("call {phone}"));
    }
    if let Some(text) = &s.text {
        match &text.message {
            Some(word) => ways.push(format!("text {word} to {}", text.number)),
            None => ways.push(format!("text {}", text.number)),
        }
    }
    if let Some(url) = &s.url {
        ways.push(url.clone());
    }
    format!("{}: {}", s.name, ways.join(", "))
}
