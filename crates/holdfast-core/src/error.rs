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
    /// The passphrase or recovery key does not open this vault.
    WrongPassphrase,
    /// Part of the vault is damaged or has been changed.
    Integrity,
    /// The folder is not a Holdfast vault (or already is one, when creating).
    NotAVault,
    /// The vault was made by a newer Holdfast, or its format is unknown.
    UnsupportedVersion,
    /// Something the person typed or chose is not valid.
    InvalidInput,
    /// Holdfast will not do this, on purpose (for example, storing an intimate image for an under-18).
    Refused,
    /// No item, account or payment has that id.
    NotFound,
    /// The vault is open in another Holdfast window or command.
    InUse,
    /// The person stopped a long check (of a bundle) before it finished; there is no verdict.
    Cancelled,
    /// The vault is locked (or a lock has been asked for): unlock it first.
    Locked,
}

impl ErrorCode {
    /// Every code, for callers that list or check them (keep in step with the enum).
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::HelpData,
        ErrorCode::UnknownCountry,
        ErrorCode::Storage,
        ErrorCode::WrongPassphrase,
        ErrorCode::Integrity,
        ErrorCode::NotAVault,
        ErrorCode::UnsupportedVersion,
        ErrorCode::InvalidInput,
        ErrorCode::Refused,
        ErrorCode::NotFound,
        ErrorCode::InUse,
        ErrorCode::Cancelled,
        ErrorCode::Locked,
    ];

    /// The code as the UI and scripts see it (`wrong_passphrase`, `integrity`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::HelpData => "help_data",
            ErrorCode::UnknownCountry => "unknown_country",
            ErrorCode::Storage => "storage",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::Integrity => "integrity",
            ErrorCode::NotAVault => "not_a_vault",
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Refused => "refused",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InUse => "in_use",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Locked => "locked",
        }
    }
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
    #[error("Holdfast could not {action} {path}: {source}. Check that the file or folder is there, that the disk is not full, and that you are allowed to use it.")]
    Storage {
        /// What was being done, in plain words ("save your settings to").
        action: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// The passphrase or recovery key is wrong. One error for every way it can be wrong.
    #[error("That passphrase or recovery key does not open this vault. Check for typing mistakes and Caps Lock, then try again. Nothing in the vault was changed.")]
    WrongPassphrase,

    /// Damage or tampering, naming what is affected.
    #[error("Part of the vault is damaged or has been changed: {0}. Do not delete anything. Everything that is undamaged can still be read; keep a copy of the whole vault folder.")]
    Integrity(String),

    /// Not a vault, or a vault where none was expected.
    #[error("{0}")]
    NotAVault(String),

    /// Unknown format version.
    #[error("This vault was made by a newer or unknown version of Holdfast ({0}). Update Holdfast to open it; the vault has not been changed.")]
    UnsupportedVersion(String),

    /// Invalid user input, naming the field.
    #[error("{field}: {why}")]
    InvalidInput {
        /// The field, as the person knows it ("Amount").
        field: &'static str,
        /// What is wrong and how to fix it.
        why: String,
    },

    /// Refused on purpose, with the reason.
    #[error("{0}")]
    Refused(String),

    /// No such record, page or capture; [`Missing`] says which, and its message is whole.
    #[error("{0}")]
    NotFound(Missing),

    /// The vault is locked, or a lock has been asked for and is on its way.
    #[error("The vault is locked. Unlock it with your passphrase or recovery key first.")]
    Locked,

    /// The vault is already open elsewhere.
    #[error("This vault is already open in another Holdfast window or command. Close it there first, then try again. Nothing was changed.")]
    InUse,

    /// A check was stopped on request before it finished.
    #[error("Checking the bundle was stopped before it finished, so there is no verdict yet. Nothing was changed; check it again when you are ready.")]
    Cancelled,

    /// A step that changed something but could not finish; the message says exactly what holds.
    #[error("{0}")]
    Incomplete(String),

    /// A picture too large to decode within Holdfast's memory limits (`picture`), with its
    /// width and height as shown.
    #[error("This picture is too large for Holdfast to open safely ({width} × {height} pixels). Nothing was saved or changed. You can still keep it as evidence just as it is: add it as a file. To cover part of it, take a screenshot of it on the screen, or save a smaller copy, and cover that.")]
    PictureTooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },

    /// The database reported an error that is not damage.
    #[error("The vault's database reported a problem ({0}). This step may not have been saved: look at the list before you try again. Nothing else in the vault was changed; if it keeps happening, keep a copy of the vault folder.")]
    Database(String),
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::HelpData(_) => ErrorCode::HelpData,
            Error::UnknownCountry(_) => ErrorCode::UnknownCountry,
            Error::Storage { .. } | Error::Database(_) | Error::Incomplete(_) => ErrorCode::Storage,
            Error::InUse => ErrorCode::InUse,
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::Integrity(_) => ErrorCode::Integrity,
            Error::NotAVault(_) => ErrorCode::NotAVault,
            Error::UnsupportedVersion(_) => ErrorCode::UnsupportedVersion,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::Refused(_) | Error::PictureTooLarge { .. } => ErrorCode::Refused,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Locked => ErrorCode::Locked,
        }
    }

    /// An invalid-input error for a field, with what is wrong and how to fix it.
    pub fn invalid(field: &'static str, why: impl Into<String>) -> Error {
        Error::InvalidInput { field, why: why.into() }
    }

    /// What is wrong, without the advice around it (for lists of problems).
    pub fn detail(&self) -> String {
        match self {
            Error::Integrity(what) => what.clone(),
            other => other.to_string(),
        }
    }

    pub(crate) fn storage(action: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.to_path_buf();
        move |source| Error::Storage { action, path, source }
    }
}

/// What could not be found, as a typed field: each kind has its own whole sentence, so no
/// caller writes one (a caller once passed a sentence into another sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No item has this id.
    Item(i64),
    /// No account has this id.
    Account(i64),
    /// No file of this name is in the vault's `set-aside/` folder.
    SetAside(String),
    /// No guide page has this id.
    GuidePage(String),
    /// No picture is waiting to be saved (it was saved, discarded, or dropped by a lock).
    Capture,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Item(id) => write!(f, "There is no item {id} in this vault. It may have been deleted."),
            Missing::Account(id) => write!(f, "There is no account {id} in this vault. It may have been deleted."),
            Missing::SetAside(name) => write!(f, "There is no set-aside file called {name:?} in this vault."),
            Missing::GuidePage(id) => write!(f, "There is no help page called '{id}'."),
            Missing::Capture => f.write_str("There is no capture waiting to be saved. Capture the screen again."),
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_is_listed_once_under_its_own_word() {
        let words: std::collections::BTreeSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(words.len(), ErrorCode::ALL.len(), "no two codes share a word");
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).expect("a code serialises");
            assert_eq!(json.as_str(), Some(code.as_str()), "serde and as_str agree");
        }
    }
}
