//! Tauri commands for the evidence workspace: the timeline, one item in full, edits and links,
//! imports, and keeping the vault safe (passphrase, backup, restore). Each calls the same core
//! functions as the CLI.

use holdfast_core::strength::{passphrase_strength, Strength};
use holdfast_core::vault::backup::BackupSummary;
use holdfast_core::vault::keys::RecoveryKey;
use holdfast_core::vault::model::{self, Money, PaymentMethod};
use holdfast_core::vault::{self, TimelinePage};
use holdfast_core::Error;
use tauri::State;
use zeroize::Zeroizing;

use crate::commands::AppState;
use crate::ipc::{self, IpcError};
use crate::places::Purpose;
use crate::vault_commands::with_open;

/// The most timeline lines one call returns.
const PAGE_LIMIT: usize = 200;

#[tauri::command]
pub async fn vault_timeline(
    state: State<'_, AppState>,
    query: ipc::TimelineQuery,
    offset: usize,
    limit: usize,
) -> Result<TimelinePage, IpcError> {
    let filter = query.into_core();
    with_open(&state, |v| v.timeline_page(&filter, offset, limit.min(PAGE_LIMIT)))
}

#[tauri::command]
pub async fn vault_filters(state: State<'_, AppState>) -> Result<ipc::Filters, IpcError> {
    with_open(&state, |v| Ok(ipc::Filters { platforms: v.platforms()?, accounts: v.accounts()? }))
}

#[tauri::command]
pub async fn vault_item(state: State<'_, AppState>, id: i64) -> Result<ipc::ItemView, IpcError> {
    with_open(&state, |v| {
        let item = v.item(id)?;
        let accounts = v.accounts()?.into_iter().filter(|a| item.accounts.contains(&a.id)).collect();
        Ok(ipc::ItemView { history: v.history(id)?, item, accounts })
    })
}

/// A picture's original bytes for its preview, decrypted in memory only. Items marked as
/// showing nudity or sexual content are never shown.
#[tauri::command]
pub async fn vault_item_original(state: State<'_, AppState>, id: i64) -> Result<tauri::ipc::Response, IpcError> {
    with_open(&state, |v| {
        let item = v.item(id)?;
        if item.intimate {
            return Err(Error::Refused(
                "Holdfast does not show items marked as showing nudity or sexual content.".into(),
            ));
        }
        if !matches!(item.media_type.as_str(), "image/png" | "image/jpeg") {
            return Err(Error::invalid("Preview", "only PNG and JPEG pictures can be shown here"));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(item.size).unwrap_or(0));
        v.read_original(id, &mut bytes)?;
        // The web view decodes it with no limits of its own: only a picture that fits ours.
        holdfast_core::picture::check(&bytes)?;
        Ok(tauri::ipc::Response::new(bytes))
    })
}

#[tauri::command]
pub async fn vault_edit_item(state: State<'_, AppState>, id: i64, details: ipc::NewDetails) -> Result<i64, IpcError> {
    let details = details.into_core()?;
    with_open(&state, |v| v.edit_item(id, details))
}

#[tauri::command]
pub async fn vault_link(state: State<'_, AppState>, item: i64, account: i64) -> Result<(), IpcError> {
    with_open(&state, |v| v.link(item, account))
}

/// Warnings about a payment before it is saved (a wallet address or amount that looks wrong).
/// An invalid amount or method is an error, as it is when saving.
#[tauri::command]
pub async fn payment_warnings(payment: ipc::NewPayment) -> Result<Vec<String>, IpcError> {
    let money = Money::parse(&payment.amount, &payment.currency)?;
    let method = PaymentMethod::parse(&payment.method)?;
    Ok(model::payment_warnings(method, &payment.destination, &money))
}

/// After an import the person may remove the file they imported from (only if it still holds
/// exactly what the vault stored).
#[tauri::command]
pub async fn remove_imported_source(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    // Only the path this item was imported from in this session: the page names no path.
    let path = state.vault.imported_from(id).ok_or_else(|| {
        Error::Refused("Holdfast can only remove the original of a file it imported since it was started.".into())
    })?;
    with_open(&state, |v| v.remove_imported_file(&path, id))
}

#[tauri::command]
pub fn passphrase_meter(passphrase: String) -> Strength {
    let passphrase = Zeroizing::new(passphrase);
    passphrase_strength(&passphrase)
}

/// Changes the passphrase after checking the current one.
#[tauri::command]
pub async fn vault_change_passphrase(state: State<'_, AppState>, current: String, new: String) -> Result<(), IpcError> {
    let (current, new) = (Zeroizing::new(current), Zeroizing::new(new));
    with_open(&state, |v| {
        v.check_passphrase(current.as_bytes())?;
        v.change_passphrase(new.as_bytes())
    })
}

/// Writes the whole vault, still encrypted, to one backup file.
#[tauri::command]
pub async fn vault_backup(state: State<'_, AppState>, place: String) -> Result<BackupSummary, IpcError> {
    let out = state.places.path(&place, &[Purpose::SaveBackup])?;
    with_open(&state, |v| v.backup(&out))
}

/// Restores a backup into `dest` (an empty or new folder) and makes it the vault in use, still
/// locked: it opens with the same passphrase or recovery key as before.
#[tauri::command]
pub async fn vault_restore(
    state: State<'_, AppState>,
    backup: String,
    dest: String,
) -> Result<ipc::VaultStatus, IpcError> {
    let backup = state.places.path(&backup, &[Purpose::OpenBackup])?;
    let dest = state.places.path(&dest, &[Purpose::Folder])?;
    vault::restore(&backup, &dest)?;
    crate::vault_commands::use_dir(&state, dest)?;
    Ok(crate::vault_commands::status(&state))
}

/// Uses the vault in another folder (for example on a USB stick), still locked.
#[tauri::command]
pub async fn vault_use_folder(state: State<'_, AppState>, place: String) -> Result<ipc::VaultStatus, IpcError> {
    let dir = state.places.path(&place, &[Purpose::Folder])?;
    if !dir.join(vault::header::FILE_NAME).is_file() {
        return Err(Error::NotAVault(format!(
            "There is no vault in {}. Check the folder and try again.",
            dir.display()
        ))
        .into());
    }
    crate::vault_commands::use_dir(&state, dir)?;
    Ok(crate::vault_commands::status(&state))
}

/// Saves the recovery key to a text file the person chose (never over an existing file).
#[tauri::command]
pub async fn save_recovery_key(state: State<'_, AppState>, place: String, key: String) -> Result<(), IpcError> {
    let key = Zeroizing::new(key);
    RecoveryKey::parse(&key)?;
    let path = state.places.path(&place, &[Purpose::SaveKey])?;
    let text = Zeroizing::new(format!(
        "Recovery key\r\n\r\n{}\r\n\r\nKeep this somewhere safe and private. With it, anyone can open the vault.\r\n",
        key.trim()
    ));
    // A new file, readable by the person's account only, never over a file or through a link.
    holdfast_core::fsutil::write_new(&path, text.as_bytes(), "save the recovery key to")?;
    Ok(())
}

/// Checks that a typed recovery key opens the vault that was just created, without a second
/// unlock: it is compared with the key shown.
#[tauri::command]
pub fn recovery_key_matches(shown: String, typed: String) -> bool {
    let (shown, typed) = (Zeroizing::new(shown), Zeroizing::new(typed));
    match (RecoveryKey::parse(&shown), RecoveryKey::parse(&typed)) {
        (Ok(a), Ok(b)) => a.display().as_str() == b.display().as_str(),
        _ => false,
    }
}
