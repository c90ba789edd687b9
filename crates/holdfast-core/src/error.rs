//! The core's one error type.
//!
//! Every error carries a stable [`ErrorCode`] that callers may branch on, and a plain-language
//! message a frightened person can act on. Callers never match on message text.

use std::path::PathBuf;

use crate::i18n::Message;

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
#[derive(Debug)]
pub enum Error {
    /// The help data is malformed or breaks one of its rules.
    HelpData(String),

    /// No help data exists for this country code.
    UnknownCountry(String),

    /// Reading or writing a file failed.
    Storage {
        /// What was being done, as a catalogue key (`storage.read-your-settings-from`: "read
        /// your settings from").
        action: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// The passphrase or recovery key is wrong. One error for every way it can be wrong.
    WrongPassphrase,

    /// Damage or tampering, naming what is affected (`integrity.*`).
    Integrity(Message),

    /// Not a vault, or a vault where none was expected; the message is whole (`not-a-vault.*`).
    NotAVault(Message),

    /// Unknown format version.
    UnsupportedVersion(Message),

    /// Invalid user input, naming the field.
    InvalidInput {
        /// The field, as a catalogue key for its name as the person knows it (`field.amount`).
        field: &'static str,
        /// What is wrong and how to fix it (`invalid.*`).
        why: Message,
    },

    /// Refused on purpose; the message is whole and gives the reason (`refused.*`).
    Refused(Message),

    /// No such record, page or capture; [`Missing`] says which, and its message is whole.
    NotFound(Missing),

    /// The vault is locked, or a lock has been asked for and is on its way.
    Locked,

    /// The vault is already open elsewhere.
    InUse,

    /// A check was stopped on request before it finished.
    Cancelled,

    /// A step that changed something but could not finish; the message is whole and says
    /// exactly what holds (`incomplete.*`).
    Incomplete(Message),

    /// A picture too large to decode within Holdfast's memory limits (`picture`), with its
    /// width and height as shown.
    PictureTooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },

    /// The database reported an error that is not damage.
    Database(String),
}

impl Error {
    /// What a person reads, as a catalogue key with its values (`assets/i18n/`): the window
    /// shows it in its own language, and [`Message::english`] (this error's `Display`) gives
    /// the English for the CLI.
    pub fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Error::HelpData(detail) => m("error.help-data").with("detail", detail.clone()),
            Error::UnknownCountry(code) => m("error.unknown-country").with("code", code.clone()),
            Error::Storage { action, path, source } => m("error.storage")
                .with_words("action", m(action))
                .with("path", path.display().to_string())
                .with_words("detail", system_said(source)),
            Error::WrongPassphrase => m("error.wrong-passphrase"),
            Error::Integrity(detail) => m("error.integrity").with_words("detail", detail.clone()),
            Error::NotAVault(whole) | Error::Refused(whole) | Error::Incomplete(whole) => whole.clone(),
            Error::UnsupportedVersion(version) => m("error.unsupported-version").with_words("version", version.clone()),
            Error::InvalidInput { field, why } => {
                m("error.invalid-input").with_words("field", m(field)).with_words("why", why.clone())
            }
            Error::NotFound(missing) => missing.message(),
            Error::Locked => m("error.locked"),
            Error::InUse => m("error.in-use"),
            Error::Cancelled => m("error.cancelled"),
            Error::PictureTooLarge { width, height } => {
                m("error.picture-too-large").with("width", width.to_string()).with("height", height.to_string())
            }
            Error::Database(detail) => m("error.database").with("detail", detail.clone()),
        }
    }

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

    /// An invalid-input error for a field (a `field.*` key), with what is wrong and how to fix
    /// it.
    pub fn invalid(field: &'static str, why: Message) -> Error {
        debug_assert!(field.starts_with("field."), "a field is named by its catalogue key: {field}");
        Error::InvalidInput { field, why }
    }

    /// What is wrong, without the advice around it (for lists of problems), in English.
    pub fn detail(&self) -> String {
        match self {
            Error::Integrity(what) => what.english(),
            other => other.to_string(),
        }
    }

    pub(crate) fn storage(action: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error {
        debug_assert!(action.starts_with("storage."), "an action is named by its catalogue key: {action}");
        let path = path.to_path_buf();
        move |source| Error::Storage { action, path, source }
    }
}

/// What the operating system said, in the catalogue's words for the failures a person can act
/// on; anything else keeps the system's own words (which Windows gives in the system's language).
pub fn system_said(error: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    let key = match error.kind() {
        K::NotFound => "io.not-found",
        K::PermissionDenied => "io.permission-denied",
        K::AlreadyExists => "io.already-exists",
        K::StorageFull | K::QuotaExceeded => "io.storage-full",
        K::ReadOnlyFilesystem => "io.read-only",
        K::IsADirectory => "io.is-a-folder",
        K::NotADirectory => "io.not-a-folder",
        K::DirectoryNotEmpty => "io.not-empty",
        K::FileTooLarge => "io.too-large",
        _ => return Message::new("io.other").with("detail", error.to_string()),
    };
    Message::new(key)
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

impl Missing {
    /// The sentence that says what is missing, as a catalogue key with its values.
    pub fn message(&self) -> Message {
        match self {
            Missing::Item(id) => Message::new("error.no-item").with("id", id.to_string()),
            Missing::Account(id) => Message::new("error.no-account").with("id", id.to_string()),
            Missing::SetAside(name) => Message::new("error.no-set-aside").with("name", name.clone()),
            Missing::GuidePage(id) => Message::new("error.no-page").with("id", id.clone()),
            Missing::Capture => Message::new("error.no-capture"),
        }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Storage { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::{Error, ErrorCode, Missing};
    use crate::i18n::Message;

    #[test]
    fn every_error_has_its_words_in_the_catalogue() {
        let io = || std::io::Error::other("disk gone");
        let every = [
            Error::HelpData("x".into()),
            Error::UnknownCountry("XX".into()),
            Error::Storage { action: "storage.read", path: "/x".into(), source: io() },
            Error::WrongPassphrase,
            Error::Integrity(Message::new("integrity.no-database")),
            Error::NotAVault(Message::new("not-a-vault.no-vault").with("folder", "/x")),
            Error::UnsupportedVersion(Message::new("version.header").with("version", "9")),
            Error::invalid("field.amount", Message::new("invalid.needed")),
            Error::Refused(Message::new("refused.not-a-help-link")),
            Error::NotFound(Missing::Item(1)),
            Error::NotFound(Missing::Account(1)),
            Error::NotFound(Missing::SetAside("x".into())),
            Error::NotFound(Missing::GuidePage("x".into())),
            Error::NotFound(Missing::Capture),
            Error::Locked,
            Error::InUse,
            Error::Cancelled,
            Error::Incomplete(Message::new("incomplete.item-not-printed").with("id", "1").with("detail", "x")),
            Error::PictureTooLarge { width: 1, height: 2 },
            Error::Database("x".into()),
        ];
        let english = crate::i18n::catalogue(crate::i18n::DEFAULT_LOCALE).expect("the catalogue");
        for error in every {
            for key in error.message().keys() {
                assert!(english.messages.contains_key(key), "{key} is in the catalogue");
            }
            let text = error.to_string();
            assert!(!text.contains('{'), "every placeholder is filled: {text}");
        }
    }

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
