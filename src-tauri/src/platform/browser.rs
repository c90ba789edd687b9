//! Opening an address in the person's own web browser. Holdfast itself never connects to
//! anything: the system's browser does, and only after the person asks (see `open_link`).

use std::process::{Command, Stdio};

use holdfast_core::i18n::Message;

use crate::ipc::{Code, IpcError};

/// Hands `url` to the system's default browser. `HOLDFAST_BROWSER` names another program to
/// hand it to (the tests use one that records the address).
pub fn open(url: &str) -> Result<(), IpcError> {
    let mut command = match std::env::var_os("HOLDFAST_BROWSER") {
        Some(program) => Command::new(program),
        None => system_opener(),
    };
    command.arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            // Reap the opener when it ends; the browser it starts lives on by itself.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(error) => {
            let detail = holdfast_core::error::system_said(&error);
            Err(IpcError::new(Code::Browser, Message::new("error.browser").with_words("detail", detail)))
        }
    }
}

#[cfg(target_os = "windows")]
fn system_opener() -> Command {
    let mut command = Command::new("rundll32");
    command.arg("url.dll,FileProtocolHandler");
    command
}

#[cfg(target_os = "macos")]
fn system_opener() -> Command {
    Command::new("open")
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn system_opener() -> Command {
    Command::new("xdg-open")
}
