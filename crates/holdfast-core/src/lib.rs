//! Holdfast's GUI-free core.
//!
//! Everything that matters lives here, with no dependency on a window toolkit, so that the
//! desktop app and the `holdfast` command-line tool call the same functions and every rule
//! is tested without a window.
//!
//! - [`help`]: the help services (emergency, crisis, reporting, removal) shipped in
//!   `assets/help/services.json`, validated when loaded, and chosen per country.
//! - [`settings`]: the few choices remembered between runs (the country), saved atomically.
//! - [`advice`] and [`guide`]: the advice pages, validated against the help data, and routed for
//!   one person's country and age.
//! - [`i18n`]: the interface's message catalogues and the pseudo-locale.
//! - [`vault`]: the encrypted evidence vault.
//! - [`session`]: the rules of one run of the app over a vault (locks, the held capture).
//! - [`intake`]: what to ask before a file is kept (the nudity question, covering).
//! - [`picture`]: reading a picture (PNG, JPEG) from a hostile source within memory limits.
//! - [`strength`]: how hard a passphrase would be to guess, for the meter.
//! - [`untrusted`]: showing text from outside (names, handles, messages) with every control,
//!   bidirectional and invisible character written as a visible code.
//! - [`paths`]: where Holdfast keeps its data (`--data-dir`, `HOLDFAST_DATA_DIR`, or the
//!   per-user default).
//!
//! Listing the help for the chosen country:
//!
//! ```
//! use holdfast_core::{help, settings::Settings};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut chosen = Settings::load(dir.path()).unwrap();
//! assert_eq!(chosen.country, "GB", "the UK is the default before any choice");
//!
//! chosen.country = "NZ".into();
//! chosen.save(dir.path()).unwrap();
//!
//! let data = help::builtin().unwrap();
//! let nz = data.for_country(&Settings::load(dir.path()).unwrap().country).unwrap();
//! assert_eq!(nz.emergency.phone.as_deref(), Some("111"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod advice;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod guide;
pub mod harden;
pub mod help;
pub mod i18n;
pub mod intake;
pub mod paths;
pub mod picture;
pub mod session;
pub mod settings;
pub mod strength;
pub mod traces;
pub mod untrusted;
pub mod vault;

pub use error::{Error, ErrorCode, Missing};
