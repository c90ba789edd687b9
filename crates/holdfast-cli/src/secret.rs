//! Reading the passphrase or recovery key: from the environment, else the terminal (no echo),
//! else one line of standard input. Never from a command-line argument, where other users of
//! the computer could see it.

use std::io::{BufRead, IsTerminal};

use holdfast_core::Message;
use zeroize::Zeroizing;

/// The environment variable that may hold the passphrase.
pub const PASSPHRASE_ENV: &str = "HOLDFAST_PASSPHRASE";
/// The environment variable that may hold the recovery key.
pub const RECOVERY_ENV: &str = "HOLDFAST_RECOVERY_KEY";

/// Reads a secret. `confirm` asks twice on a terminal (for a new passphrase).
pub fn read(env: &'static str, prompt: &str, confirm: bool) -> Result<Zeroizing<String>, Message> {
    if let Some(value) = std::env::var_os(env) {
        // Never guess at bytes that are not text: two different passphrases must not become one.
        return value
            .into_string()
            .map(Zeroizing::new)
            .map_err(|_| Message::new("invalid.env-not-text").with("var", env));
    }
    if std::io::stdin().is_terminal() {
        let first = Zeroizing::new(rpassword::prompt_password(prompt).map_err(|e| terminal(&e))?);
        if confirm {
            let again = Zeroizing::new(rpassword::prompt_password("Type it again: ").map_err(|e| terminal(&e))?);
            if *again != *first {
                return Err(Message::new("invalid.passphrases-differ"));
            }
        }
        return Ok(first);
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).map_err(|e| stdin(&e))?;
    while line.ends_with('\n') || line.ends_with('\r') {
        line.pop();
    }
    if line.is_empty() {
        return Err(Message::new("invalid.no-passphrase").with("var", env));
    }
    Ok(line)
}

fn terminal(e: &std::io::Error) -> Message {
    Message::new("invalid.no-terminal").with("detail", e.to_string())
}

/// Standard input could not be read (what the system said is in the message).
pub fn stdin(e: &std::io::Error) -> Message {
    Message::new("invalid.no-stdin").with("detail", e.to_string())
}
