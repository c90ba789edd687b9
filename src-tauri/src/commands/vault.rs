//! Commands for the vault itself: its state, creating, unlocking and locking it, another
//! folder, the passphrase, the recovery key, backup and restore, and what `check` and an older
//! database or set-aside files tell the person.

use holdfast_core::strength::{passphrase_strength, Strength};
use holdfast_core::vault::backup::BackupSummary;
use holdfast_core::vault::{self, CheckReport, CreateOptions, OlderDatabase, RecoveryKey, SetAside, Unlock};
use holdfast_core::{Error, Message};
use tauri::State;
use zeroize::Zeroizing;

use crate::ipc::{self, IpcError, Purpose};
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_status(state: State<'_, AppState>) -> Result<ipc::VaultStatus, IpcError> {
    Ok(state.status())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_create(
    state: State<'_, AppState>,
    passphrase: String,
    under_18: bool,
    place: Option<String>,
) -> Result<ipc::Created, IpcError> {
    let passphrase = Zeroizing::new(passphrase);
    let chosen = state.chosen_dir(place)?;
    // The recovery key is returned even if a lock came in meanwhile: it is shown only once.
    let recovery_key = state.session.create(passphrase.as_bytes(), CreateOptions { kdf: None, under_18 })?;
    if chosen {
        // Not fatal: the recovery key must reach the person whatever happens here, and the
        // folder can be chosen again from the locked screen next time.
        let _ = state.remember_dir();
    }
    Ok(ipc::Created { recovery_key: recovery_key.to_string() })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_unlock(
    state: State<'_, AppState>,
    passphrase: Option<String>,
    recovery_key: Option<String>,
    place: Option<String>,
) -> Result<ipc::VaultStatus, IpcError> {
    let passphrase = passphrase.map(Zeroizing::new);
    let recovery_key = recovery_key.map(Zeroizing::new);
    let chosen = state.chosen_dir(place)?;
    let unlock = match (&passphrase, &recovery_key) {
        (Some(p), _) => Unlock::Passphrase(p.as_bytes()),
        (None, Some(k)) => Unlock::RecoveryKey(k.as_str()),
        (None, None) => return Err(Error::invalid("field.passphrase", Message::new("invalid.no-unlock")).into()),
    };
    state.session.unlock(unlock)?;
    if chosen {
        state.remember_dir()?;
    }
    Ok(state.status())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_lock(state: State<'_, AppState>) -> Result<ipc::VaultStatus, IpcError> {
    state.session.lock_now();
    Ok(state.status())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_check(state: State<'_, AppState>) -> Result<CheckReport, IpcError> {
    state.with_vault(|v| v.check())
}

#[tauri::command(rename_all = "snake_case")]
pub fn passphrase_meter(passphrase: String) -> Strength {
    let passphrase = Zeroizing::new(passphrase);
    passphrase_strength(&passphrase)
}

/// Changes the passphrase after checking the current one.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_change_passphrase(state: State<'_, AppState>, current: String, new: String) -> Result<(), IpcError> {
    let (current, new) = (Zeroizing::new(current), Zeroizing::new(new));
    state.with_vault(|v| {
        v.check_passphrase(current.as_bytes())?;
        v.change_passphrase(new.as_bytes())
    })
}

/// Writes the whole vault, still encrypted, to one backup file.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_backup(state: State<'_, AppState>, place: String) -> Result<BackupSummary, IpcError> {
    let out = state.places.path(&place, &[Purpose::SaveBackup])?;
    state.with_vault(|v| v.backup(&out))
}

/// Restores a backup into `dest` (an empty or new folder) and makes it the vault in use, still
/// locked: it opens with the same passphrase or recovery key as before.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_restore(
    state: State<'_, AppState>,
    backup: String,
    dest: String,
) -> Result<ipc::VaultStatus, IpcError> {
    let backup = state.places.path(&backup, &[Purpose::OpenBackup])?;
    let dest = state.places.path(&dest, &[Purpose::Folder])?;
    vault::restore(&backup, &dest)?;
    state.use_dir(dest)?;
    Ok(state.status())
}

/// Uses the vault in another folder (for example on a USB stick), still locked.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_use_folder(state: State<'_, AppState>, place: String) -> Result<ipc::VaultStatus, IpcError> {
    let dir = state.places.path(&place, &[Purpose::Folder])?;
    if !dir.join(vault::HEADER_FILE).is_file() {
        return Err(
            Error::NotAVault(Message::new("not-a-vault.none-here").with("folder", dir.display().to_string())).into()
        );
    }
    state.use_dir(dir)?;
    Ok(state.status())
}

/// Saves the recovery key to a text file the person chose (never over an existing file).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_recovery_key(state: State<'_, AppState>, place: String, key: String) -> Result<(), IpcError> {
    let key = Zeroizing::new(key);
    let path = state.places.path(&place, &[Purpose::SaveKey])?;
    Ok(RecoveryKey::save_to_file(&key, &path)?)
}

/// Checks that a typed recovery key opens the vault that was just created, without a second
/// unlock: it is compared with the key shown.
#[tauri::command(rename_all = "snake_case")]
pub fn recovery_key_matches(shown: String, typed: String) -> bool {
    let (shown, typed) = (Zeroizing::new(shown), Zeroizing::new(typed));
    RecoveryKey::same(&shown, &typed)
}

/// Whether the database is older than the vault has been (`null` when all is well).
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_older(state: State<'_, AppState>) -> Result<Option<OlderDatabase>, IpcError> {
    state.with_vault(|v| Ok(v.older_database().cloned()))
}

/// The person carries on with this database (logged); the notice goes away.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_dismiss_older(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_vault(|v| v.dismiss_older_database())
}

/// The files in `set-aside/`.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_set_aside(state: State<'_, AppState>) -> Result<Vec<SetAside>, IpcError> {
    state.with_vault(|v| v.set_aside())
}

/// Puts a set-aside file back as an item, after the nudity question (`intimate`).
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_put_back(state: State<'_, AppState>, name: String, intimate: bool) -> Result<i64, IpcError> {
    state.with_vault(|v| v.put_back(&name, intimate))
}
