//! `holdfast export` and `holdfast verify`: the police handover bundle.

use std::path::{Path, PathBuf};

use holdfast_core::export::sealed;
use holdfast_core::export::verify::{verify_bundle_with, Earlier, Verdict, VerifyOptions};
use holdfast_core::export::ExportOptions;
use holdfast_core::untrusted::escape;
use holdfast_core::{Error, Message};
use zeroize::Zeroizing;

use crate::vault_cmd::{self, VaultArg};

/// What `export` takes besides the vault.
#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub vault: VaultArg,
    /// The bundle to write (must not exist yet): FILE.zip, or FILE.7z with a password.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Your initials for exhibit references (JS gives JS/1, JS/2); default EX.
    #[arg(long)]
    pub initials: Option<String>,
    /// Export only these items (repeat); default every item not marked intimate.
    #[arg(long = "item", value_name = "ID")]
    pub items: Vec<i64>,
    /// Seal the bundle in a 7z archive (AES-256, names hidden) with the password in this
    /// environment variable. It must be hard to guess: four or five unrelated words.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Your name, if you want it in the report.
    #[arg(long)]
    pub name: Option<String>,
    /// How police can contact you, if you want it in the report.
    #[arg(long)]
    pub contact: Option<String>,
    /// A file with "what happened, in my own words".
    #[arg(long, value_name = "FILE")]
    pub own_words: Option<PathBuf>,
    /// Fix the bundle's creation time (RFC 3339), for reproducible bundles.
    #[arg(long, value_name = "RFC3339", hide = true, env = "HOLDFAST_EXPORT_TIME")]
    pub time: Option<String>,
}

/// What `verify` takes.
#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The bundle.
    pub file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// The bundle's password is in this environment variable.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// The signing key's fingerprint as the person who made the bundle gave it to you (read out,
    /// or on paper; not the one printed inside the bundle). The check fails if the key is
    /// another; without this, the verdict says the key is not confirmed.
    #[arg(long, value_name = "FINGERPRINT")]
    pub expect_fingerprint: Option<String>,
    /// An earlier bundle from the same vault: the check fails unless its log is, entry for
    /// entry, the start of this bundle's log (so the vault's history was not rewritten between).
    #[arg(long, value_name = "EARLIER.zip")]
    pub against: Option<PathBuf>,
    /// The earlier bundle's password is in this environment variable (default: the same
    /// password as the bundle's, if any).
    #[arg(long, value_name = "VAR", requires = "against")]
    pub against_password_env: Option<String>,
}

/// The bundle password from the environment variable `--password-env` names, if one was given.
fn password_from(var: Option<&str>) -> Result<Option<Zeroizing<String>>, Error> {
    var.map(|var| match std::env::var(var) {
        Ok(value) => Ok(Zeroizing::new(value)),
        Err(std::env::VarError::NotPresent) => {
            Err(Error::invalid("field.password-env", Message::new("invalid.env-not-set").with("var", var)))
        }
        // Never guess at bytes that are not text: the officer could not type them into 7-Zip.
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::invalid("field.password-env", Message::new("invalid.env-not-text").with("var", var)))
        }
    })
    .transpose()
}

pub fn export(args: ExportArgs) -> Result<(), Error> {
    let password = password_from(args.password_env.as_deref())?;
    // Refuse a weak password or a misleading name before the vault is unlocked.
    if let Some(password) = &password {
        sealed::check_password(password)?;
        sealed::check_file_name(&args.out)?;
    }
    let own_words = match &args.own_words {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|source| Error::Storage {
            action: "storage.read-your-account-from",
            path: path.clone(),
            source,
        })?),
        None => None,
    };
    let now = match &args.time {
        Some(t) => Some(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| {
                    Error::invalid("field.time", Message::new("invalid.time").with("example", "2026-11-28T21:14:00Z"))
                })?
                .with_timezone(&chrono::Utc),
        ),
        None => None,
    };
    let options = ExportOptions {
        initials: args.initials,
        items: (!args.items.is_empty()).then_some(args.items),
        name: args.name,
        contact: args.contact,
        own_words,
        now,
        password,
    };
    let mut vault = vault_cmd::open(&args.vault)?;
    let done = vault.export(&args.out, &options)?;
    let plural = if done.exhibits == 1 { "" } else { "s" };
    outln!("Wrote {} ({} exhibit{plural}, {} bytes).", done.path.display(), done.exhibits, done.size);
    outln!("Signing key {} with fingerprint {}", done.key_id, done.fingerprint);
    if options.password.is_some() {
        outln!("It is a 7z archive: the officer opens it with 7-Zip and the password. Tell them the password");
        outln!("separately, never with the file.");
        outln!("Check it any time with: holdfast verify {} --password-env VAR", done.path.display());
    } else {
        outln!("Check it any time with: holdfast verify {}", done.path.display());
    }
    Ok(())
}

/// Prints the verdict; returns whether the bundle verified.
pub fn verify(args: &VerifyArgs) -> Result<bool, Error> {
    let password = password_from(args.password_env.as_deref())?;
    let earlier_password = match &args.against_password_env {
        Some(var) => password_from(Some(var))?,
        None => password.clone(),
    };
    let options = VerifyOptions {
        password: password.as_deref().map(String::as_str),
        expect_fingerprint: args.expect_fingerprint.as_deref(),
        earlier: args
            .against
            .as_deref()
            .map(|path| Earlier { path, password: earlier_password.as_deref().map(String::as_str) }),
        cancel: None,
    };
    let verdict = verify_bundle_with(&args.file, &options)?;
    if args.json {
        let text = serde_json::to_string_pretty(&verdict).map_err(|e| Error::Database(e.to_string()))?;
        outln!("{text}");
    } else {
        print_verdict(&args.file, &verdict);
    }
    Ok(verdict.verified)
}

/// Prints the verdict. Everything that can come from the bundle (names, problems, dates) and the
/// bundle's own file name is printed escaped: a hostile name must not drive the terminal (clear
/// the screen, move the cursor, reverse the text) to hide FAILED or paint a fake VERIFIED.
fn print_verdict(path: &Path, v: &Verdict) {
    let shown = path.display().to_string();
    let path = escape(&shown);
    if v.verified {
        outln!("VERIFIED: every file in {path} matches its signed list; nothing was changed after signing.");
        outln!("{} files checked against SHA256SUMS and manifest.json; {} exhibits.", v.files_checked, v.exhibits);
    } else {
        outln!("FAILED: {path} did not verify. Do not rely on it until you know why.");
        for p in &v.problems {
            match &p.file {
                Some(file) => outln!("  {}: {}", escape(file), escape(&p.what)),
                None => outln!("  {}", escape(&p.what)),
            }
        }
        if v.more_problems > 0 {
            outln!("  …and {} more problems.", v.more_problems);
        }
    }
    if let Some(created) = &v.created {
        outln!("Created: {}", escape(created));
    }
    if let Some(n) = v.log_entries {
        outln!("Log chain: {n} entries, unbroken: the order of actions as the vault recorded them.");
    }
    if let Some(e) = v.earlier.as_ref().filter(|e| e.log_is_prefix) {
        let made = e.created.as_deref().map(|c| format!(" (made {})", escape(c))).unwrap_or_default();
        outln!("Compared with {}{made}: its log is, entry for entry, the start of this one's,", escape(&e.file));
        outln!("so nothing it recorded was rewritten or removed; {} entries were added since.", e.entries_since);
    }
    if let (Some(id), Some(fp)) = (&v.key_id, &v.fingerprint) {
        outln!("Signing key {}, fingerprint {}", escape(id), escape(fp));
        if v.key_confirmed {
            outln!("KEY CONFIRMED: this is the fingerprint you expected.");
        } else {
            outln!("KEY NOT CONFIRMED. The signature shows the files are unchanged since this key signed them;");
            outln!("anyone can make a key, so it shows who made the bundle only if this fingerprint is the one");
            outln!("the person gave you themselves (read out, or on paper; not the one printed inside the bundle).");
            outln!("To confirm it, check again with --expect-fingerprint \"THE FINGERPRINT THEY GAVE YOU\".");
        }
    }
}
