//! The IPC contract: every type the window sends or receives, in one place.
//!
//! Core types are converted to these transport types at the edge, so the UI never depends on
//! a core type's private shape. Errors reach the UI as `{ code, key, params, message }`: the UI
//! branches on `code` ([`Code`]) and shows `t(key, params)` from its catalogue (`message` is the
//! same words in English). The commands
//! themselves are listed, with what each takes and returns, in `contract.rs`.

use holdfast_core::guide::{self, Age, NaiveDate};
use holdfast_core::help::{self, Audience, Kind, SourceKind};
use holdfast_core::i18n::{Message, Param};
use holdfast_core::session::{self, Kept};
use holdfast_core::ErrorCode;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every error code the UI can receive: the core's, and three of the shell's own. The UI
/// branches on these only; a test checks that every code the UI names is one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// One of the core's codes (`wrong_passphrase`, `locked`, …; see `holdfast_core::ErrorCode`).
    Core(ErrorCode),
    /// `window`: the window could not be changed.
    Window,
    /// `browser`: the web browser could not be started.
    Browser,
    /// `capture`: the screen could not be captured.
    Capture,
}

impl Code {
    /// The code as the UI sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Core(code) => code.as_str(),
            Code::Window => "window",
            Code::Browser => "browser",
            Code::Capture => "capture",
        }
    }

    /// Every code, for the tests that check the UI names only these.
    #[cfg(test)]
    pub fn all() -> Vec<Code> {
        let mut all: Vec<Code> = ErrorCode::ALL.into_iter().map(Code::Core).collect();
        all.extend([Code::Window, Code::Browser, Code::Capture]);
        all
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An error as the UI receives it: `{ code, key, params, message }`. The UI branches on `code`
/// and shows `t(key, params)` from its catalogue; `message` is the same in English, for a page
/// whose catalogue did not load.
#[derive(Debug, Serialize)]
pub struct IpcError {
    /// Stable code the UI may branch on.
    pub code: Code,
    /// The catalogue key of what the person reads.
    pub key: &'static str,
    /// The values for the key's placeholders: text, or words of their own as `{key, params}`
    /// (an error's field and what is wrong with it), or a list of such words.
    pub params: BTreeMap<&'static str, Param>,
    /// The same words in English.
    pub message: String,
}

impl IpcError {
    /// An error with `code` whose words are `message`.
    pub fn new(code: Code, message: Message) -> Self {
        IpcError { code, message: message.english(), key: message.key, params: message.params }
    }

    /// The window could not be changed (hidden, renamed).
    pub fn window(error: tauri::Error) -> Self {
        IpcError::new(Code::Window, Message::new("error.window").with("detail", error.to_string()))
    }
}

impl From<holdfast_core::Error> for IpcError {
    fn from(error: holdfast_core::Error) -> Self {
        IpcError::new(Code::Core(error.code()), error.message())
    }
}

/// What a place was chosen for: the `purpose` a `choose_path` call names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A file to bring into the vault (also every file dropped on the window).
    OpenFile,
    OpenBundle,
    OpenBackup,
    SaveBundle,
    /// A bundle with a password: a `.7z`.
    SaveSealedBundle,
    SaveBackup,
    SaveKey,
    /// A folder for a vault (to create one, open one, or restore a backup into).
    Folder,
}

impl Purpose {
    pub fn parse(purpose: &str) -> Option<Purpose> {
        Some(match purpose {
            "open-file" => Purpose::OpenFile,
            "open-bundle" => Purpose::OpenBundle,
            "open-backup" => Purpose::OpenBackup,
            "save-bundle" => Purpose::SaveBundle,
            "save-sealed-bundle" => Purpose::SaveSealedBundle,
            "save-backup" => Purpose::SaveBackup,
            "save-key" => Purpose::SaveKey,
            "folder" => Purpose::Folder,
            _ => return None,
        })
    }
}

/// A country in the picker.
#[derive(Debug, Serialize)]
pub struct CountryChoice {
    /// Country code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// One help service, as shown.
#[derive(Debug, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub region: Option<String>,
    pub kinds: Vec<&'static str>,
    /// `all`, `under-18` or `adults`.
    pub audience: &'static str,
    pub ages: Option<String>,
    pub phone: Option<String>,
    pub phone_words: Option<String>,
    pub text_number: Option<String>,
    pub text_message: Option<String>,
    pub url: Option<String>,
    pub hours: Option<String>,
    pub note: Option<String>,
    pub source_url: String,
    /// `official` (the organisation's own page) or `secondary` (someone else's page).
    pub source_kind: &'static str,
    /// The date the source page shows (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), where it shows one.
    pub source_dated: Option<String>,
    /// Pages for details the main source does not state.
    pub more_sources: Vec<MoreSource>,
    /// `YYYY-MM-DD`.
    pub checked: String,
    /// Checked, or resting on a page dated, more than 12 months ago: the UI flags it and points
    /// to the emergency number.
    pub stale: bool,
    /// The source page itself is dated more than 12 months ago (the flag says so).
    pub old_source: bool,
}

/// A page for one detail of a service that its main source does not state.
#[derive(Debug, Serialize)]
pub struct MoreSource {
    /// What it supports, in a few words.
    #[serde(rename = "for")]
    pub supports: String,
    pub url: String,
    /// `official` or `secondary`.
    pub kind: &'static str,
    pub dated: Option<String>,
}

fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Official => "official",
        SourceKind::Secondary => "secondary",
    }
}

impl Service {
    /// A service as shown on `today`.
    pub fn new(s: help::Service, today: NaiveDate) -> Self {
        let stale = guide::service_stale(&s, today);
        let old_source = guide::old_source(&s, today);
        let more_sources = s
            .more_sources
            .into_iter()
            .map(|m| MoreSource { supports: m.supports, url: m.url, kind: kind_name(m.kind), dated: m.dated })
            .collect();
        let kinds = s
            .kinds
            .iter()
            .map(|k| match k {
                Kind::Emergency => "emergency",
                Kind::Police => "police",
                Kind::Report => "report",
                Kind::Removal => "removal",
                Kind::Support => "support",
                Kind::Crisis => "crisis",
                Kind::Fraud => "fraud",
                Kind::Relay => "relay",
            })
            .collect();
        let audience = match s.audience {
            Audience::All => "all",
            Audience::Under18 => "under-18",
            Audience::Adults => "adults",
        };
        let (text_number, text_message) = match s.text {
            Some(t) => (Some(t.number), t.message),
            None => (None, None),
        };
        Service {
            id: s.id,
            name: s.name,
            purpose: s.purpose,
            region: s.region,
            kinds,
            audience,
            ages: s.ages,
            phone: s.phone,
            phone_words: s.phone_words,
            text_number,
            text_message,
            url: s.url,
            hours: s.hours,
            note: s.note,
            source_url: s.source_url,
            source_kind: kind_name(s.source_kind),
            source_dated: s.source_dated,
            more_sources,
            checked: s.checked,
            stale,
            old_source,
        }
    }
}

/// Everything shown for the chosen country.
#[derive(Debug, Serialize)]
pub struct CountryHelp {
    pub country: CountryChoice,
    pub emergency: Service,
    pub crisis: Option<Service>,
    pub services: Vec<Service>,
    pub international: Vec<Service>,
}

impl CountryHelp {
    /// The help for a country as shown on `today`.
    pub fn new(h: help::CountryHelp, today: NaiveDate) -> Self {
        let one = |s| Service::new(s, today);
        let list = |v: Vec<help::Service>| v.into_iter().map(one).collect();
        CountryHelp {
            country: CountryChoice { code: h.country.code, name: h.country.name },
            emergency: one(h.emergency),
            crisis: h.crisis.map(one),
            services: list(h.services),
            international: list(h.international),
        }
    }
}

/// Everything the window needs to start: its words, the choices remembered, the help for the
/// chosen country and the guide's pages.
#[derive(Debug, Serialize)]
pub struct Start {
    /// The locale in use (`en-GB`, or `en-XA` for the pseudo-locale).
    pub locale: String,
    /// Interface strings by key.
    pub messages: std::collections::BTreeMap<String, String>,
    pub countries: Vec<CountryChoice>,
    /// `unknown`, `under-18` or `adult`.
    pub age: Age,
    /// Discreet mode: the window is always called "Notes".
    pub discreet: bool,
    /// The auto-lock choice, and the delay in force (a test may shorten it).
    pub auto_lock_minutes: u32,
    pub auto_lock_seconds: u64,
    /// The auto-lock delays offered, in minutes (0: never), in order.
    pub auto_lock_choices: &'static [u32],
    /// The kinds the timeline can be narrowed to, in order.
    pub kinds: &'static [&'static str],
    /// The payment methods, as stored, in order.
    pub methods: Vec<&'static str>,
    pub help: CountryHelp,
    /// The guide's pages, in order; the first is the first screen.
    pub pages: Vec<guide::PageEntry>,
}

/// One guide page, routed for the person, with every service it names. The page is the core's
/// view model ([`guide::PageView`]), whose serde shape is part of this contract.
#[derive(Debug, Serialize)]
pub struct GuidePage {
    pub page: guide::PageView,
    pub services: Vec<Service>,
    /// The emergency service of the chosen country (the fallback named by a staleness flag).
    pub emergency: Service,
}

/// The guide's checklist ticks, and where they are kept.
#[derive(Debug, Serialize)]
pub struct Checklist {
    pub ticked: Vec<String>,
    /// `vault` (in the unlocked vault) or `session` (in memory until Holdfast closes).
    pub kept: &'static str,
}

impl Checklist {
    pub fn new(ticked: std::collections::BTreeSet<String>, kept: Kept) -> Checklist {
        let kept = match kept {
            Kept::Vault => "vault",
            Kept::Session => "session",
        };
        Checklist { ticked: ticked.into_iter().collect(), kept }
    }
}

/// The vault's state, for the UI.
#[derive(Debug, Serialize)]
pub struct VaultStatus {
    /// A vault exists in the chosen folder.
    pub exists: bool,
    /// It is unlocked.
    pub unlocked: bool,
    /// The folder.
    pub dir: String,
    /// Set up for someone under 18.
    pub under_18: bool,
}

impl VaultStatus {
    pub fn new(status: session::Status) -> VaultStatus {
        VaultStatus {
            exists: status.exists,
            unlocked: status.unlocked,
            under_18: status.under_18,
            dir: status.dir.display().to_string(),
        }
    }
}

/// A file or folder the person chose (see `places.rs`): the page shows `shown` and `name`, and
/// sends back only `handle`.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub handle: String,
    /// The whole path, to show where it is.
    pub shown: String,
    /// The file's own name (empty for a folder root).
    pub name: String,
}

/// A new vault's recovery key, shown once.
#[derive(Serialize)]
pub struct Created {
    pub recovery_key: String,
}

impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Created { recovery_key: … }")
    }
}

/// Everything in the vault. The records are the core's plain data types, whose serde shape is
/// part of this contract.
#[derive(Debug, Serialize)]
pub struct Listing {
    pub items: Vec<holdfast_core::vault::Item>,
    pub accounts: Vec<holdfast_core::vault::Account>,
    pub payments: Vec<holdfast_core::vault::Payment>,
}

/// What an export may carry, for its picker: every item not marked intimate, and how many are
/// held back because they are.
#[derive(Debug, Serialize)]
pub struct Exportable {
    pub items: Vec<holdfast_core::vault::Item>,
    pub held_back: u64,
}

/// A text field as the person meant it: trimmed, and `None` when left blank.
fn filled(field: &Option<String>) -> Option<String> {
    field.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Details the UI sends with a new item.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewDetails {
    pub happened_at: Option<String>,
    pub time_zone: Option<String>,
    pub platform: Option<String>,
    pub sender: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub accounts: Vec<i64>,
}

impl NewDetails {
    pub fn into_core(self) -> Result<holdfast_core::vault::ItemDetails, holdfast_core::Error> {
        let happened = match filled(&self.happened_at) {
            Some(at) => Some(holdfast_core::vault::model::Happened::parse(&at, self.time_zone)?),
            None => None,
        };
        Ok(holdfast_core::vault::ItemDetails {
            happened,
            platform: self.platform,
            sender: self.sender,
            note: self.note,
            tags: self.tags,
            accounts: self.accounts,
        })
    }
}

/// An account as the UI sends it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewAccount {
    pub platform: String,
    pub handle: String,
    pub user_id: Option<String>,
    pub url: Option<String>,
    pub display_name: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

/// A payment demand or payment as the UI sends it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewPayment {
    /// `demand` or `payment`.
    pub kind: String,
    pub amount: String,
    pub currency: String,
    pub method: String,
    pub destination: String,
    pub deadline: Option<String>,
    pub paid: bool,
    pub reference: Option<String>,
    pub happened_at: Option<String>,
    pub account: Option<i64>,
}

/// What the export screen sends.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub struct ExportRequest {
    /// Where to write the bundle: the handle of a place chosen to save a bundle.
    pub place: String,
    pub initials: Option<String>,
    /// Item ids; every exportable item when absent (an empty list is refused).
    pub items: Option<Vec<i64>>,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub own_words: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for ExportRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportRequest { … }")
    }
}

impl ExportRequest {
    pub fn options(&self) -> Result<holdfast_core::export::ExportOptions, holdfast_core::Error> {
        Ok(holdfast_core::export::ExportOptions {
            initials: filled(&self.initials),
            items: self.items.clone(),
            name: filled(&self.name),
            contact: filled(&self.contact),
            own_words: filled(&self.own_words),
            now: None,
            password: self.password.clone().filter(|p| !p.is_empty()).map(zeroize::Zeroizing::new),
        })
    }
}

/// What the timeline's search and filters send.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct TimelineQuery {
    pub text: Option<String>,
    pub platform: Option<String>,
    pub account: Option<i64>,
    /// An item kind, `demand` or `payment`.
    pub kind: Option<String>,
    /// RFC 3339 bounds, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl TimelineQuery {
    pub fn into_core(self) -> holdfast_core::vault::Filter {
        holdfast_core::vault::Filter {
            text: filled(&self.text),
            platform: filled(&self.platform),
            account: self.account,
            kind: filled(&self.kind),
            from: filled(&self.from),
            to: filled(&self.to),
        }
    }
}

/// The choices for the timeline's filters.
#[derive(Debug, Serialize)]
pub struct Filters {
    pub platforms: Vec<String>,
    pub accounts: Vec<holdfast_core::vault::Account>,
}

/// One item in full: the item, every version of its details, and the accounts it is linked to.
#[derive(Debug, Serialize)]
pub struct ItemView {
    pub item: holdfast_core::vault::Item,
    pub history: Vec<holdfast_core::vault::Item>,
    pub accounts: Vec<holdfast_core::vault::Account>,
}

/// A bundle written and then checked by the verifier.
#[derive(Debug, Serialize)]
pub struct Exported {
    pub summary: holdfast_core::export::ExportSummary,
    pub verdict: holdfast_core::export::verify::Verdict,
}
