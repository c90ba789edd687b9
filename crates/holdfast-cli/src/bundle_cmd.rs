//! `holdfast export` and `holdfast verify`: the police handover bundle.

use std::path::{Path, PathBuf};

use holdfast_core::export::verify::{verify_bundle, Verdict};
use holdfast_core::export::ExportOptions;
use holdfast_core::untrusted::escape;
use holdfast_core::Error;
use zeroize::Zeroizing;

use crate::vault_cmd::{self, VaultArg};

/// What `export` takes besides the vault.
#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub vault: VaultArg,
    /// The bundle to write (must not exist yet).
    #[arg(long, value_name = "FILE.zip")]
    pub out: PathBuf,
    /// Your initials for exhibit references (JS gives JS/1, JS/2); default EX.
    #[arg(long)]
    pub initials: Option<String>,
    /// Export only these items (repeat); default every item not marked intimate.
    #[arg(long = "item", value_name = "ID")]
    pub items: Vec<i64>,
    /// Encrypt the bundle (AES-256) with the password in this environment variable.
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

/// The bundle password from the environment variable `--password-env` names, if one was given.
fn password_from(var: Option<&str>) -> Result<Option<Zeroizing<String>>, Error> {
    var.map(|var| {
        std::env::var(var)
            .map(Zeroizing::new)
            .map_err(|_| Error::invalid("--password-env", format!("the environment variable {var} is not set")))
    })
    .transpose()
}

pub fn export(args: ExportArgs) -> Result<(), Error> {
    let password = password_from(args.password_env.as_deref())?;
    let own_words = match &args.own_words {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|source| Error::Storage {
            action: "read your account from",
            path: path.clone(),
            source,
        })?),
        None => None,
    };
    let now = match &args.time {
        Some(t) => Some(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| Error::invalid("--time", "write it like 2026-11-28T21:14:00Z"))?
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
    outln!("Check it any time with: holdfast verify {}", done.path.display());
    Ok(())
}

/// Prints the verdict; returns whether the bundle verified.
pub fn verify(path: &Path, json: bool, password_env: Option<&str>) -> Result<bool, Error> {
    let password = password_from(password_env)?;
    let verdict = verify_bundle(path, password.as_deref().map(String::as_str))?;
    if json {
        let text = serde_json::to_string_pretty(&verdict).map_err(|e| Error::Database(e.to_string()))?;
        outln!("{text}");
    } else {
        print_verdict(path, &verdict);
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
        outln!("Log chain: {n} entries, unbroken.");
    }
    if let (Some(id), Some(fp)) = (&v.key_id, &v.fingerprint) {
        outln!("Signing key {}, fingerprint {}", escape(id), escape(fp));
        outln!("The signature proves the files are unchanged since they were signed with this key, not who");
        outln!("holds the key: confirm the fingerprint with the person who made the bundle (every bundle from");
        outln!("the same vault carries the same one).");
    }
}
