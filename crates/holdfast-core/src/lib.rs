//! Holdfast's GUI-free core.
//!
//! Everything that matters lives here, with no dependency on a window toolkit, so that the
//! desktop app and the `holdfast` command-line tool call the same functions and every rule
//! is tested without a window.
//!
//! - [`help`]: the help services (emergency, crisis, reporting, removal) shipped in
//!   `assets/help/services.json`, validated when loaded, and chosen per country.
//! - [`settings`]: the few choices remembered between runs (country, age, discreet mode, the
//!   auto-lock delay, the vault's folder), saved atomically.
//! - [`advice`] and [`guide`]: the advice pages, validated against the help data, and routed for
//!   one person's country and age.
//! - [`i18n`]: the interface's message catalogues and the pseudo-locale.
//! - [`vault`]: the encrypted evidence vault.
//! - [`session`]: the rules of one run of the app over a vault (locks, the held capture).
//! - [`intake`]: what to ask before a file is kept (the nudity question, covering).
//! - [`picture`]: reading a picture (PNG, JPEG) from a hostile source within memory limits.
//! - [`export`]: handover bundles for the police (report, exhibits, hashes, signature), and
//!   the verifier an officer runs on one.
//! - [`strength`]: how hard a passphrase would be to guess, for the meter.
//! - [`untrusted`]: showing text from outside (names, handles, messages) with every control,
//!   bidirectional and invisible character written as a visible code.
//! - [`paths`]: where Holdfast keeps its data (`--data-dir`, `HOLDFAST_DATA_DIR`, or the
//!   per-user default).
//! - [`fsutil`], [`harden`] and [`traces`]: durable writes and bounded reads, no core dumps,
//!   and the desktop's thumbnails of a removed original.
//! - [`error`]: the one error type, with stable codes.
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
//!
//! Keeping evidence in a vault, and handing it to the police as a bundle an officer can check:
//!
//! ```
//! use holdfast_core::export::{verify::verify_bundle, ExportOptions};
//! use holdfast_core::vault::model::ItemKind;
//! use holdfast_core::vault::{CreateOptions, ItemDetails, Unlock, Vault, KDF_FLOOR};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let folder = dir.path().join("vault");
//! let passphrase = b"correct horse battery staple";
//!
//! // Create: the recovery key is shown to the person once.
//! let options = CreateOptions { kdf: Some(KDF_FLOOR), under_18: false };
//! let created = Vault::create(&folder, passphrase, options).unwrap();
//! assert_eq!(created.recovery_key.split('-').count(), 9);
//! drop(created.vault); // locked: the key is gone from memory
//!
//! // Add: a threat, typed as it was received, kept exactly.
//! let mut vault = Vault::open(&folder, Unlock::Passphrase(passphrase)).unwrap();
//! let threat = "Pay 500 or I send the video to your family";
//! let id = vault.add_text(ItemKind::Message, threat, ItemDetails::default()).unwrap();
//! assert_eq!(vault.item(id).unwrap().text.as_deref(), Some(threat));
//!
//! // Export, then verify the bundle as an officer would, without the vault.
//! let bundle = dir.path().join("evidence.zip");
//! let summary = vault.export(&bundle, &ExportOptions::default()).unwrap();
//! assert_eq!(summary.exhibits, 1);
//! let verdict = verify_bundle(&summary.path, None).unwrap();
//! assert!(verdict.verified, "{:?}", verdict.problems);
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
pub use i18n::Message;
