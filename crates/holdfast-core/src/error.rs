//! The core's one error type.
//!
//! Every error carries a stable [`ErrorCode`] that callers may branch on, and a plain-language
//! message a frightened person can act on. Callers never match on message text.

use std::path::PathBuf;

/// A stable, documented error code. The UI and the CLI branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The help data shipped with the app is invalid. A build defect, caught by tests.
    HelpData,
    /// A country code that Holdfast has no help for.
    UnknownCountry,
    /// A file or folder could not be read or written.
    Storage,
}

/// An error from the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The help data is malformed or breaks one of its rules.
    #[error("The help list shipped with Holdfast is damaged ({0}). Please reinstall Holdfast. If you are in danger, call your local emergency number now.")]
    HelpData(String),

    /// No help data exists for this country code.
    #[error("Holdfast has no help list for the country code '{0}'. Choose another country, or 'Somewhere else'.")]
    UnknownCountry(String),

    /// Reading or writing a file failed.
    #[error("Holdfast could not {action} {path}: {source}. Check that the folder exists and that you are allowed to write to it.")]
    Storage {
        /// What was being done, in plain words ("save your settings to").
        action: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::HelpData(_) => ErrorCode::HelpData,
            Error::UnknownCountry(_) => ErrorCode::UnknownCountry,
            Error::Storage { .. } => ErrorCode::Storage,
        }
    }

    pub(crate) fn storage(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.to_path_buf();
        move |source| Error::Storage {
            action,
            path,
            source,
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;
