//! Tauri commands for the evidence vault. Each calls the same core functions as the CLI.
//!
//! Commands that derive keys or stream files are `async`, so they run off the window's thread
//! and the window stays responsive while Argon2 works.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use holdfast_core::export::verify::verify_bundle;
use holdfast_core::vault::model::{Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{self, CheckReport, CreateOptions, NewOriginal, Unlock, Vault};
use tauri::State;
use zeroize::Zeroizing;

use crate::capture::Captures;
use crate::commands::AppState;
use crate::ipc::{self, IpcError};
use crate::places::Purpose;

/// The open vault (if any) and where it lives.
pub struct VaultState {
    dir: Mutex<PathBuf>,
    open: Mutex<Option<Vault>>,
    /// Counts lock requests. An unlock that started before the latest lock request must not
    /// store its vault: the person asked for it to be locked while Argon2 was running.
    locks: AtomicU64,
    /// Lock requests not yet carried out (one may wait for a running import). While any is
    /// pending the vault reads as locked and no new command can use it.
    pending_locks: AtomicUsize,
    /// The guide's checklist ticks while no vault is unlocked; moved into the vault on the next
    /// checklist call once one is.
    session_ticks: Mutex<BTreeSet<String>>,
    /// A screen capture waiting for the person to save or discard it.
    pub captures: Captures,
    /// Where each file imported while Holdfast runs came from: "remove the original" removes
    /// only that path, never one the page names.
    imported: Mutex<HashMap<i64, PathBuf>>,
}

impl VaultState {
    pub fn new(dir: PathBuf) -> Self {
        VaultState {
            dir: Mutex::new(dir),
            open: Mutex::new(None),
            locks: AtomicU64::new(0),
            pending_locks: AtomicUsize::new(0),
            session_ticks: Mutex::default(),
            captures: Captures::default(),
            imported: Mutex::default(),
        }
    }

    /// Notes that item `id` was just imported from `path`.
    pub(crate) fn remember_import(&self, id: i64, path: PathBuf) {
        lock(&self.imported).insert(id, path);
    }

    /// The path item `id` was imported from in this session, if it was.
    pub(crate) fn imported_from(&self, id: i64) -> Option<PathBuf> {
        lock(&self.imported).get(&id).cloned()
    }

    fn dir(&self) -> PathBuf {
        lock(&self.dir).clone()
    }

    /// Locks the vault: the key and the database connection are dropped (and zeroed). Waits
    /// for a running operation (an import) to finish; call it off the window's thread.
    pub fn lock_now(&self) {
        self.request_lock();
        self.finish_lock();
    }

    /// The first half of [`VaultState::lock_now`], which never waits: from here on the vault
    /// reads as locked, a waiting capture is gone and no new command can use the vault. Call
    /// [`VaultState::finish_lock`] once afterwards (it may wait, so off the window's thread).
    pub(crate) fn request_lock(&self) {
        self.locks.fetch_add(1, Ordering::SeqCst);
        self.pending_locks.fetch_add(1, Ordering::SeqCst);
        self.captures.clear();
    }

    /// The second half of [`VaultState::lock_now`]: drops the key and the database connection.
    pub(crate) fn finish_lock(&self) {
        *lock(&self.open) = None;
        self.pending_locks.fetch_sub(1, Ordering::SeqCst);
    }

    fn lock_pending(&self) -> bool {
        self.pending_locks.load(Ordering::SeqCst) > 0
    }

    /// Whether a vault is unlocked (busy counts as unlocked, a lock asked for as locked).
    pub fn is_unlocked(&self) -> bool {
        self.peek().0
    }

    /// (unlocked, set up for under-18s), never waiting on a running operation such as an
    /// import: busy reads as unlocked, unless a lock has been asked for.
    fn peek(&self) -> (bool, bool) {
        let read =
            |open: &Option<Vault>| (open.is_some() && !self.lock_pending(), open.as_ref().is_some_and(Vault::under_18));
        match self.open.try_lock() {
            Ok(open) => read(&open),
            Err(std::sync::TryLockError::Poisoned(p)) => read(&p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => (!self.lock_pending(), false),
        }
    }

    /// Stores a freshly opened vault, unless a lock was requested since `ticket` was taken.
    fn store(&self, ticket: u64, vault: Vault) -> bool {
        let mut open = lock(&self.open);
        if self.locks.load(Ordering::SeqCst) == ticket {
            *open = Some(vault);
            true
        } else {
            false
        }
    }

    /// Whether the unlocked vault is one set up for someone under 18 (false while busy).
    pub fn is_open_for_under_18(&self) -> bool {
        self.open.try_lock().is_ok_and(|open| open.as_ref().is_some_and(Vault::under_18))
    }

    /// Runs `f` on the unlocked vault, waiting for a running operation; `locked` once a lock
    /// has been asked for, even if it has not been carried out yet.
    fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T, holdfast_core::Error>) -> Result<T, IpcError> {
        let mut open = lock(&self.open);
        let vault = self.usable(&mut open).ok_or_else(IpcError::locked)?;
        Ok(f(vault)?)
    }

    /// The vault held in `open`, unless a lock has been asked for.
    fn usable<'a>(&self, open: &'a mut Option<Vault>) -> Option<&'a mut Vault> {
        if self.lock_pending() {
            None
        } else {
            open.as_mut()
        }
    }

    /// The current lock ticket (see [`VaultState::store`]).
    pub(crate) fn ticket(&self) -> u64 {
        self.locks.load(Ordering::SeqCst)
    }
}

/// A poisoned mutex still holds good data here (a panic mid-call changes nothing on disk).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn with_open<T>(
    state: &AppState,
    f: impl FnOnce(&mut Vault) -> Result<T, holdfast_core::Error>,
) -> Result<T, IpcError> {
    state.vault.with_vault(f)
}

pub(crate) fn status(state: &AppState) -> ipc::VaultStatus {
    let dir = state.vault.dir();
    let (unlocked, under_18) = state.vault.peek();
    ipc::VaultStatus {
        exists: dir.join(vault::header::FILE_NAME).is_file(),
        unlocked,
        under_18,
        dir: dir.display().to_string(),
    }
}

/// Makes `dir` the vault in use (for example on a USB stick), remembered for next time; locks
/// the current one.
pub(crate) fn use_dir(state: &AppState, dir: PathBuf) -> Result<(), IpcError> {
    switch_dir(state, dir);
    remember_dir(state)
}

/// Locks the current vault and points at `dir` for this run only.
fn switch_dir(state: &AppState, dir: PathBuf) {
    state.vault.lock_now();
    *lock(&state.vault.dir) = dir;
}

/// Remembers the folder in use for next time; the default folder is remembered as no choice.
fn remember_dir(state: &AppState) -> Result<(), IpcError> {
    let dir = state.vault.dir();
    let remembered = (dir != state.default_vault_dir()).then_some(dir);
    state.change_settings(|s| s.vault_dir = remembered)?;
    Ok(())
}

/// The folder the person chose with a create or unlock, if any: switched to at once, and
/// remembered only once the vault there is created or opened.
fn chosen_dir(state: &AppState, place: Option<String>) -> Result<bool, IpcError> {
    match state.places.optional(place.as_deref(), &[Purpose::Folder])? {
        Some(dir) => {
            switch_dir(state, dir);
            Ok(true)
        }
        None => Ok(false),
    }
}

#[tauri::command]
pub async fn vault_status(state: State<'_, AppState>) -> Result<ipc::VaultStatus, IpcError> {
    Ok(status(&state))
}

#[tauri::command]
pub async fn vault_create(
    state: State<'_, AppState>,
    passphrase: String,
    under_18: bool,
    place: Option<String>,
) -> Result<ipc::Created, IpcError> {
    let passphrase = Zeroizing::new(passphrase);
    let chosen = chosen_dir(&state, place)?;
    let ticket = state.vault.ticket();
    let created = Vault::create(&state.vault.dir(), passphrase.as_bytes(), CreateOptions { kdf: None, under_18 })?;
    if chosen {
        // Not fatal: the recovery key below must reach the person whatever happens here, and
        // the folder can be chosen again from the locked screen next time.
        let _ = remember_dir(&state);
    }
    // The recovery key is returned even if a lock came in meanwhile: it is shown only once.
    state.vault.store(ticket, created.vault);
    Ok(ipc::Created { recovery_key: created.recovery_key.to_string() })
}

#[tauri::command]
pub async fn vault_unlock(
    state: State<'_, AppState>,
    passphrase: Option<String>,
    recovery_key: Option<String>,
    place: Option<String>,
) -> Result<ipc::VaultStatus, IpcError> {
    let passphrase = passphrase.map(Zeroizing::new);
    let recovery_key = recovery_key.map(Zeroizing::new);
    let chosen = chosen_dir(&state, place)?;
    let unlock = match (&passphrase, &recovery_key) {
        (Some(p), _) => Unlock::Passphrase(p.as_bytes()),
        (None, Some(k)) => Unlock::RecoveryKey(k.as_str()),
        (None, None) => {
            return Err(holdfast_core::Error::invalid("Passphrase", "type your passphrase or recovery key").into())
        }
    };
    let ticket = state.vault.ticket();
    let vault = Vault::open(&state.vault.dir(), unlock)?;
    if !state.vault.store(ticket, vault) {
        return Err(IpcError::locked());
    }
    if chosen {
        remember_dir(&state)?;
    }
    Ok(status(&state))
}

#[tauri::command]
pub async fn vault_lock(state: State<'_, AppState>) -> Result<ipc::VaultStatus, IpcError> {
    state.vault.lock_now();
    Ok(status(&state))
}

#[tauri::command]
pub async fn vault_add_file(
    state: State<'_, AppState>,
    place: String,
    details: ipc::NewDetails,
    intimate: bool,
) -> Result<i64, IpcError> {
    let details = details.into_core()?;
    let path = state.places.path(&place, &[Purpose::OpenFile])?;
    let id = with_open(&state, |v| {
        let new = NewOriginal { details, intimate, ..NewOriginal::file() };
        v.add_file(&path, new)
    })?;
    state.vault.remember_import(id, path);
    Ok(id)
}

/// Adds a message or threat (or, with `kind` "note", the person's own note) as text.
#[tauri::command]
pub async fn vault_add_message(
    state: State<'_, AppState>,
    text: String,
    details: ipc::NewDetails,
    kind: Option<String>,
) -> Result<i64, IpcError> {
    let details = details.into_core()?;
    let kind = match kind.as_deref() {
        None | Some("message") => ItemKind::Message,
        Some("note") => ItemKind::Note,
        Some(_) => return Err(holdfast_core::Error::invalid("Type", "choose a message or a note").into()),
    };
    with_open(&state, |v| v.add_text(kind, &text, details))
}

#[tauri::command]
pub async fn vault_add_account(state: State<'_, AppState>, account: ipc::NewAccount) -> Result<i64, IpcError> {
    let account = vault::Account {
        id: 0,
        platform: account.platform,
        handle: account.handle,
        user_id: account.user_id,
        url: account.url,
        display_name: account.display_name,
        emails: account.emails,
        phones: account.phones,
    };
    with_open(&state, |v| v.add_account(&account))
}

#[tauri::command]
pub async fn vault_add_payment(state: State<'_, AppState>, payment: ipc::NewPayment) -> Result<i64, IpcError> {
    let happened = payment.happened_at.as_deref().map(|h| Happened::parse(h, None)).transpose()?;
    let payment = vault::Payment {
        id: 0,
        kind: payment.kind,
        money: Money::parse(&payment.amount, &payment.currency)?,
        method: PaymentMethod::parse(&payment.method)?,
        destination: payment.destination,
        deadline: payment.deadline,
        paid: payment.paid,
        reference: payment.reference,
        happened,
        account: payment.account,
    };
    with_open(&state, |v| v.add_payment(&payment))
}

#[tauri::command]
pub async fn vault_list(state: State<'_, AppState>) -> Result<ipc::Listing, IpcError> {
    with_open(&state, |v| Ok(ipc::Listing { items: v.items()?, accounts: v.accounts()?, payments: v.payments()? }))
}

#[tauri::command]
pub async fn vault_check(state: State<'_, AppState>) -> Result<CheckReport, IpcError> {
    with_open(&state, |v| v.check())
}

/// The guide's checklist, ticking `change` first when given: in the unlocked vault (where ticks
/// made before unlocking are moved), else in memory until Holdfast closes.
fn checklist_with(state: &AppState, change: Option<(&str, bool)>) -> Result<ipc::Checklist, IpcError> {
    if let Some((id, _)) = change {
        if !state.content.advice.checklist_ids().contains(id) {
            return Err(holdfast_core::Error::invalid("Checklist item", "is not one of the guide's steps").into());
        }
    }
    let mut session = lock(&state.vault.session_ticks);
    let mut open = lock(&state.vault.open);
    let Some(vault) = state.vault.usable(&mut open) else {
        if let Some((id, ticked)) = change {
            if ticked {
                session.insert(id.to_string());
            } else {
                session.remove(id);
            }
        }
        return Ok(ipc::Checklist { ticked: session.iter().cloned().collect(), kept: "session" });
    };
    for id in std::mem::take(&mut *session) {
        vault.set_checklist_item(&id, true)?;
    }
    if let Some((id, ticked)) = change {
        vault.set_checklist_item(id, ticked)?;
    }
    Ok(ipc::Checklist { ticked: vault.checklist()?.into_iter().collect(), kept: "vault" })
}

#[tauri::command]
pub async fn checklist(state: State<'_, AppState>) -> Result<ipc::Checklist, IpcError> {
    checklist_with(&state, None)
}

#[tauri::command]
pub async fn tick(state: State<'_, AppState>, id: String, ticked: bool) -> Result<ipc::Checklist, IpcError> {
    checklist_with(&state, Some((&id, ticked)))
}

/// "My report summary", from the unlocked vault.
#[tauri::command]
pub async fn report_summary(state: State<'_, AppState>) -> Result<vault::ReportSummary, IpcError> {
    with_open(&state, |v| v.report_summary())
}

/// Writes a handover bundle for the police, then checks what was written with the verifier, as
/// an officer would.
#[tauri::command]
pub async fn vault_export(state: State<'_, AppState>, request: ipc::ExportRequest) -> Result<ipc::Exported, IpcError> {
    let options = request.options()?;
    let out = state.places.path(&request.place, &[Purpose::SaveBundle, Purpose::SaveSealedBundle])?;
    let summary = with_open(&state, |v| v.export(&out, &options))?;
    let password = request.password.clone().filter(|p| !p.is_empty()).map(Zeroizing::new);
    let verdict = verify_bundle(&summary.path, password.as_deref().map(String::as_str))?;
    Ok(ipc::Exported { summary, verdict })
}

#[cfg(test)]
mod tests {
    use holdfast_core::vault::keys::KDF_FLOOR;

    use super::*;

    #[test]
    fn a_lock_asked_for_reads_as_locked_before_a_running_operation_lets_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = CreateOptions { kdf: Some(KDF_FLOOR), under_18: false };
        let created = Vault::create(dir.path(), b"correct horse battery", options).expect("create");
        let state = VaultState::new(dir.path().to_path_buf());
        assert!(state.store(state.ticket(), created.vault));
        assert!(state.is_unlocked());
        assert!(state.with_vault(|v| v.items()).is_ok());

        let running = lock(&state.open); // as an import holds it
        state.request_lock();
        assert!(!state.is_unlocked(), "quick exit's lock shows at once, not when the import ends");
        drop(running);
        let refused = state.with_vault(|v| v.items()).unwrap_err();
        assert_eq!(refused.code, "locked", "nothing new uses a vault whose lock is on its way");
        state.finish_lock();
        assert!(!state.is_unlocked());
        assert!(lock(&state.open).is_none(), "the key and the connection are dropped");
        assert_eq!(state.with_vault(|v| v.items()).unwrap_err().code, "locked");
    }
}
