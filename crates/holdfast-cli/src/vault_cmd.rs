//! The vault commands: init, add, list, check, backup, restore.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use holdfast_core::untrusted::{escape, is_risky};
use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{Account, CreateOptions, ItemDetails, NewOriginal, Payment, Unlock, Vault};
use holdfast_core::{Error, Message};

use crate::secret;

/// Where the vault is, and how to unlock it.
#[derive(Args)]
pub struct VaultArg {
    /// The vault's folder.
    #[arg(long, value_name = "DIR")]
    pub vault: PathBuf,
    /// Unlock with the recovery key (from HOLDFAST_RECOVERY_KEY, or asked for) instead of the passphrase.
    #[arg(long)]
    pub recovery_key: bool,
}

#[derive(Subcommand)]
pub enum AddCommand {
    /// Import files (any type, any size) as evidence.
    File {
        #[command(flatten)]
        vault: VaultArg,
        /// The files to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// A note about the files.
        #[arg(long)]
        note: Option<String>,
        /// When it happened (RFC 3339 with offset, e.g. 2026-11-28T21:14:03+00:00).
        #[arg(long, value_name = "RFC3339")]
        happened_at: Option<String>,
        /// The platform it happened on.
        #[arg(long)]
        platform: Option<String>,
    },
    /// Record the text of a message or threat.
    Message {
        #[command(flatten)]
        vault: VaultArg,
        #[arg(long)]
        platform: String,
        /// The sender's handle.
        #[arg(long = "from", value_name = "HANDLE")]
        sender: String,
        /// The message text, or "-" to read it from standard input (keeps it out of shell history).
        #[arg(long)]
        text: String,
        #[arg(long, value_name = "RFC3339")]
        happened_at: Option<String>,
    },
    /// Record an account the blackmailer used.
    Account {
        #[command(flatten)]
        vault: VaultArg,
        #[arg(long)]
        platform: String,
        #[arg(long)]
        handle: String,
        #[arg(long)]
        user_id: Option<String>,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Record a payment demand (or, with --paid, a payment that was made).
    Payment {
        #[command(flatten)]
        vault: VaultArg,
        /// The amount, e.g. 500 or 49.99.
        #[arg(long, value_name = "DECIMAL")]
        amount: String,
        /// Currency code, e.g. GBP.
        #[arg(long, value_name = "ISO4217")]
        currency: String,
        /// bank-transfer, card, gift-card, crypto, money-transfer or other.
        #[arg(long)]
        method: String,
        /// Where the money was to go: account, IBAN, wallet address, gift-card code, MTCN.
        #[arg(long = "to", value_name = "DESTINATION")]
        destination: String,
        /// The deadline they gave (RFC 3339).
        #[arg(long, value_name = "RFC3339")]
        deadline: Option<String>,
        /// Money was actually sent.
        #[arg(long)]
        paid: bool,
    },
}

/// Writes to standard output, reporting failure (used where the output must not be lost).
fn say(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn read_stdin() -> Result<String, Error> {
    use std::io::Read;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| Error::invalid("field.text", secret::stdin(&e)))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// Opens the vault, and says on standard error when its database is older than the vault has
/// been (every command shows it, until it is dealt with in the app).
pub fn open(arg: &VaultArg) -> Result<Vault, Error> {
    let vault = if arg.recovery_key {
        let key = secret::read(secret::RECOVERY_ENV, "Recovery key: ", false)
            .map_err(|why| Error::invalid("field.recovery-key", why))?;
        Vault::open(&arg.vault, Unlock::RecoveryKey(&key))
    } else {
        let passphrase = secret::read(secret::PASSPHRASE_ENV, "Passphrase: ", false)
            .map_err(|why| Error::invalid("field.passphrase", why))?;
        Vault::open(&arg.vault, Unlock::Passphrase(passphrase.as_bytes()))
    }?;
    if let Some(older) = vault.older_database() {
        eprintln!("WARNING: {}", older.describe());
    }
    Ok(vault)
}

fn happened(value: Option<&str>) -> Result<Option<Happened>, Error> {
    value.map(|v| Happened::parse(v, None)).transpose()
}

pub fn init(dir: &Path, under_18: bool) -> Result<(), Error> {
    let passphrase = secret::read(secret::PASSPHRASE_ENV, "Choose a passphrase: ", true)
        .map_err(|why| Error::invalid("field.passphrase", why))?;
    let created = Vault::create(dir, passphrase.as_bytes(), CreateOptions { kdf: None, under_18 })?;
    let text = format!(
        "Created a vault in {}.\n\nYour recovery key (write it down and keep it somewhere safe; it is shown only once):\n\n    {}\n\nEither your passphrase or this key opens the vault. Without both, nobody can open it, including you.\n",
        dir.display(),
        created.recovery_key.as_str()
    );
    // The recovery key is shown once: if it cannot be shown, say so and fail.
    say(&text).map_err(|e| {
        Error::Incomplete(
            Message::new("incomplete.key-not-shown")
                .with("folder", dir.display().to_string())
                .with("detail", e.to_string()),
        )
    })
}

/// Something was added as `id`, but the terminal did not take the line that says so.
fn not_printed(key: &'static str, id: i64, e: &std::io::Error) -> Message {
    Message::new(key).with("id", id.to_string()).with("detail", e.to_string())
}

pub fn add(command: AddCommand) -> Result<(), Error> {
    match command {
        AddCommand::File { vault, paths, note, happened_at, platform } => {
            let happened = happened(happened_at.as_deref())?;
            let mut v = open(&vault)?;
            for path in paths {
                let mut new = NewOriginal::file();
                new.details = ItemDetails {
                    happened: happened.clone(),
                    platform: platform.clone(),
                    note: note.clone(),
                    ..Default::default()
                };
                let id = v.add_file(&path, new)?;
                let item = v.item(id)?;
                // The file's name may be the sender's: escaped, it cannot drive the terminal.
                let shown = escape(&path.display().to_string()).into_owned();
                say(&format!("{id}\t{}\t{}\t{shown}\n", item.sha256, item.size))
                    .map_err(|e| Error::Incomplete(not_printed("incomplete.item-not-printed", id, &e)))?;
            }
        }
        AddCommand::Message { vault, platform, sender, text, happened_at } => {
            let details = ItemDetails {
                happened: happened(happened_at.as_deref())?,
                platform: Some(platform),
                sender: Some(sender),
                ..Default::default()
            };
            let mut v = open(&vault)?;
            // "-" reads the text from standard input (after the passphrase line, if that comes
            // from there too), so the evidence never lands in shell history.
            let text = if text == "-" { read_stdin()? } else { text };
            let id = v.add_text(ItemKind::Message, &text, details)?;
            say(&format!("{id}\n"))
                .map_err(|e| Error::Incomplete(not_printed("incomplete.item-not-printed", id, &e)))?;
        }
        AddCommand::Account { vault, platform, handle, user_id, url, display_name } => {
            let account = Account { platform, handle, user_id, url, display_name, ..Default::default() };
            let mut v = open(&vault)?;
            let id = v.add_account(&account)?;
            say(&format!("{id}\n"))
                .map_err(|e| Error::Incomplete(not_printed("incomplete.account-not-printed", id, &e)))?;
        }
        AddCommand::Payment { vault, amount, currency, method, destination, deadline, paid } => {
            let payment = Payment {
                id: 0,
                kind: if paid { "payment" } else { "demand" }.into(),
                money: Money::parse(&amount, &currency)?,
                method: PaymentMethod::parse(&method)?,
                destination,
                deadline,
                paid,
                reference: None,
                happened: None,
                account: None,
            };
            let mut v = open(&vault)?;
            let id = v.add_payment(&payment)?;
            say(&format!("{id}\n"))
                .map_err(|e| Error::Incomplete(not_printed("incomplete.payment-not-printed", id, &e)))?;
        }
    }
    Ok(())
}

/// JSON for the terminal: every character that could act or hide ([`is_risky`]) written as a
/// JSON `\uXXXX` escape, so the text still decodes to exactly what is stored. (serde_json
/// already escapes C0 controls in strings; the layout's own line breaks stay.)
fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_risky(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Lists what the vault holds. Stored text is printed escaped ([`escape`]): a handle, a name or
/// a message may hold terminal escapes, line breaks or bidirectional controls, kept exactly in
/// the vault, that must not clear the screen, add a line or reorder one.
pub fn list(vault: &VaultArg, json: bool) -> Result<(), Error> {
    let v = open(vault)?;
    let (items, accounts, payments) = (v.items()?, v.accounts()?, v.payments()?);
    if json {
        let out = serde_json::json!({ "items": items, "accounts": accounts, "payments": payments });
        outln!("{}", json_for_terminal(&serde_json::to_string_pretty(&out).unwrap_or_default()));
        return Ok(());
    }
    outln!("{} items, {} accounts, {} payments or demands", items.len(), accounts.len(), payments.len());
    for i in &items {
        let what = i
            .original_name
            .clone()
            .or_else(|| i.text.as_ref().map(|t| t.chars().take(60).collect()))
            .unwrap_or_default();
        outln!(
            "item {}\t{}\t{}\t{} bytes\t{}\t{}",
            i.id,
            i.kind.as_str(),
            i.captured_at,
            i.size,
            i.sha256,
            escape(&what)
        );
    }
    for a in &accounts {
        let user_id = a.user_id.as_deref().unwrap_or("");
        outln!("account {}\t{}\t{}\t{}", a.id, escape(&a.platform), escape(&a.handle), escape(user_id));
    }
    for p in &payments {
        outln!(
            "{} {}\t{} {}\t{}\t{}\t{}",
            p.kind,
            p.id,
            p.money.amount,
            p.money.currency,
            p.method.as_str(),
            escape(&p.destination),
            if p.paid { "paid" } else { "not paid" }
        );
    }
    Ok(())
}

/// Returns whether the vault is intact.
pub fn check(vault: &VaultArg) -> Result<bool, Error> {
    let v = open(vault)?;
    let report = v.check()?;
    if report.is_intact() {
        outln!("The vault is intact: {} items and {} log entries checked.", report.items, report.log_entries);
    } else {
        outln!("The vault has {} problem(s):", report.problems.len());
        for p in &report.problems {
            outln!("  - {}", escape(p));
        }
    }
    Ok(report.is_intact())
}

/// Writes the whole vault, still encrypted, to one new backup file.
pub fn backup(vault: &VaultArg, out: &Path) -> Result<(), Error> {
    let mut v = open(vault)?;
    let summary = v.backup(out)?;
    outln!("Backed up {} items to {}.", summary.items, summary.path.display());
    outln!("  size:    {} bytes", summary.bytes);
    outln!("  SHA-256: {}", summary.sha256);
    outln!("Keep it somewhere safe. It opens with your passphrase or recovery key after `holdfast restore`.");
    Ok(())
}

/// Restores a backup into a new or empty folder.
pub fn restore(file: &Path, to: &Path) -> Result<(), Error> {
    let summary = holdfast_core::vault::restore(file, to)?;
    outln!("Restored {} files into {}.", summary.files, summary.dir.display());
    outln!("Open it with the passphrase or recovery key it had when it was backed up.");
    Ok(())
}
