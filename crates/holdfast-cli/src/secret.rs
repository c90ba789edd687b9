//! Reading the passphrase or recovery key: from the environment, else the terminal (no echo),
//! else one line of standard input. Never from a command-line argument, where other users of
//! the computer could see it.

use std::io::{BufRead, IsTerminal};

use zeroize::Zeroizing;

/// The environment variable that may hold the passphrase.
pub const PASSPHRASE_ENV: &str = "HOLDFAST_PASSPHRASE";
/// The environment variable that may hold the recovery key.
pub const RECOVERY_ENV: &str = "HOLDFAST_RECOVERY_KEY";

/// Reads a secret. `confirm` asks twice on a terminal (for a new passphrase).
pub fn read(env: &str, prompt: &str, confirm: bool) -> Result<Zeroizing<String>, String> {
    if let Some(value) = std::env::var_os(env) {
        // Never guess at bytes that are not text: two different passphrases must not become one.
        return value.into_string().map(Zeroizing::new).map_err(|_| format!("{env} is not valid text (UTF-8)"));
    }
    if std::io::stdin().is_terminal() {
        let first = Zeroizing::new(
            rpassword::prompt_password(prompt).map_err(|e| format!("could not read from the terminal: {e}"))?,
        );
        if confirm {
            let again = Zeroizing::new(
                rpassword::prompt_password("Type it again: ")
                    .map_err(|e| format!("could not read from the terminal: {e}"))?,
            );
            if *again != *first {
                return Err("the two passphrases are different; nothing was created".into());
            }
        }
        return Ok(first);
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("could not read standard input: {e}"))?;
    while line.ends_with('\n') || line.ends_with('\r') {
        line.pop();
    }
    if line.is_empty() {
        return Err(format!("no passphrase given: set {env} or type it when asked"));
    }
    Ok(line)
}
