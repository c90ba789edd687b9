//! `holdfast`: the command-line face of Holdfast. It calls the same core functions as the app.
//!
//! Exit codes: 0 success, 1 other error, 2 usage error, 3 wrong passphrase or recovery key,
//! 4 integrity failure (damaged or tampered).
#![forbid(unsafe_code)]

/// Like `println!`, but a reader that stops early (`holdfast list | head`) is not an error.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod bundle_cmd;
mod secret;
mod vault_cmd;

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use holdfast_core::help::{self, Service, SourceKind};
use holdfast_core::settings::Settings;
use holdfast_core::ErrorCode;

#[derive(Parser)]
#[command(name = "holdfast", version, about = "Holdfast: private records and where to get help")]
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
    /// Create a new evidence vault (asks for a passphrase; prints the recovery key once).
    Init {
        /// The folder for the new vault.
        #[arg(long, value_name = "DIR")]
        vault: std::path::PathBuf,
        /// The person is under 18: the vault will refuse items marked intimate.
        #[arg(long)]
        under_18: bool,
    },
    /// Add evidence to a vault.
    #[command(subcommand)]
    Add(vault_cmd::AddCommand),
    /// List what a vault holds.
    List {
        #[command(flatten)]
        vault: vault_cmd::VaultArg,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a vault: its database, its log chain, and every evidence file. Exit code 4 if anything is wrong.
    Check {
        #[command(flatten)]
        vault: vault_cmd::VaultArg,
    },
    /// Write a handover bundle for the police: one ZIP with the report, the exhibits and
    /// their signed hashes. Items marked intimate are never included.
    Export(bundle_cmd::ExportArgs),
    /// Write the whole vault, still encrypted, to one backup file (which must not exist yet).
    Backup {
        #[command(flatten)]
        vault: vault_cmd::VaultArg,
        /// The backup file to write.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Put a backup back, into a new or empty folder. It opens with the same passphrase or
    /// recovery key as before. Exit code 4 if the backup is damaged (nothing is restored then).
    Restore {
        /// The backup file.
        file: std::path::PathBuf,
        /// The folder to restore into: new, or empty.
        #[arg(long, value_name = "DIR")]
        to: std::path::PathBuf,
    },
    /// Check a handover bundle without the vault. Exit code 4 if anything is wrong.
    ///
    /// It checks the ZIP's layout (nothing hidden, nothing overlapping), every file against the
    /// signed list, the signature, each exhibit against its metadata and the log, and the log
    /// chain; with --expect-fingerprint, that the signing key is the one the person gave you;
    /// with --against, that the vault's log was not rewritten since an earlier bundle.
    Verify(bundle_cmd::VerifyArgs),
}

/// The exit code for an error.
fn exit_code(error: &holdfast_core::Error) -> u8 {
    match error.code() {
        ErrorCode::WrongPassphrase => 3,
        ErrorCode::Integrity => 4,
        ErrorCode::InvalidInput => 2,
        _ => 1,
    }
}

fn main() -> ExitCode {
    if let Err(e) = holdfast_core::harden::no_core_dumps() {
        eprintln!("holdfast: warning: core dumps could not be turned off ({e}); a crash could leave memory on disk");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // Errors can quote a file name, which may come from a hostile bundle's sender.
            eprintln!("holdfast: {}", holdfast_core::untrusted::escape(&error.to_string()));
            ExitCode::from(exit_code(&error))
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, holdfast_core::Error> {
    match cli.command {
        Command::Init { vault, under_18 } => vault_cmd::init(&vault, under_18)?,
        Command::Add(add) => vault_cmd::add(add)?,
        Command::List { vault, json } => vault_cmd::list(&vault, json)?,
        Command::Check { vault } => {
            let intact = vault_cmd::check(&vault)?;
            return Ok(if intact { ExitCode::SUCCESS } else { ExitCode::from(4) });
        }
        Command::Export(args) => bundle_cmd::export(args)?,
        Command::Backup { vault, out } => vault_cmd::backup(&vault, &out)?,
        Command::Restore { file, to } => vault_cmd::restore(&file, &to)?,
        Command::Verify(args) => {
            let verified = bundle_cmd::verify(&args)?;
            return Ok(if verified { ExitCode::SUCCESS } else { ExitCode::from(4) });
        }
        other => {
            let data_dir = holdfast_core::paths::data_dir_from_env(cli.data_dir).ok_or_else(|| {
                holdfast_core::Error::invalid("field.data-dir", holdfast_core::Message::new("invalid.no-data-folder"))
            })?;
            settings_and_help(other, &data_dir)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The commands about the country and the help list.
fn settings_and_help(command: Command, data_dir: &Path) -> Result<(), holdfast_core::Error> {
    let data = help::builtin()?;
    match command {
        Command::Init { .. }
        | Command::Add(_)
        | Command::List { .. }
        | Command::Check { .. }
        | Command::Export(_)
        | Command::Backup { .. }
        | Command::Restore { .. }
        | Command::Verify(_) => {}
        Command::Country { code: None } => {
            let country = Settings::load(data_dir)?.country;
            let name = data.country(&country).map(|c| c.name.as_str()).unwrap_or("unknown");
            outln!("{country}\t{name}");
        }
        Command::Country { code: Some(code) } => {
            let code = code.to_ascii_uppercase();
            let name = data.for_country(&code)?.country.name;
            let mut settings = Settings::load(data_dir)?;
            settings.country = code.clone();
            settings.save(data_dir)?;
            outln!("{code}\t{name}");
        }
        Command::Services { country, json } => {
            let code = match country {
                Some(code) => code.to_ascii_uppercase(),
                None => Settings::load(data_dir)?.country,
            };
            let help = data.for_country(&code)?;
            if json {
                let text =
                    serde_json::to_string_pretty(&help).map_err(|e| holdfast_core::Error::HelpData(e.to_string()))?;
                outln!("{text}");
            } else {
                outln!("Help for {} ({})", help.country.name, help.country.code);
                outln!("In danger now: {}", describe(&help.emergency));
                if let Some(crisis) = &help.crisis {
                    outln!("To talk now:   {}", describe(crisis));
                }
                for s in help.services.iter().chain(&help.international) {
                    outln!("\n{}\n  {}\n  {}", s.name, s.purpose, describe(s));
                    outln!(
                        "  source: {} (checked {}; {})",
                        s.source_url,
                        s.checked,
                        whose(s.source_kind, s.source_dated.as_deref())
                    );
                    for more in &s.more_sources {
                        outln!("  {}: {} ({})", more.supports, more.url, whose(more.kind, more.dated.as_deref()));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whose page a source is, and the date it shows.
fn whose(kind: SourceKind, dated: Option<&str>) -> String {
    let whose = match kind {
        SourceKind::Official => "the organisation's own page",
        SourceKind::Secondary => "not the organisation's own page",
    };
    match dated {
        Some(date) => format!("{whose}, dated {date}"),
        None => whose.to_string(),
    }
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
