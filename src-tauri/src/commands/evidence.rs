//! Commands for the evidence: adding files, messages, accounts and payments, the timeline and
//! its filters, one item in full, edits and links, and removing an imported original.

use holdfast_core::i18n::Message;
use holdfast_core::intake::{self, Intake};
use holdfast_core::vault::model::{self, Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{self, NewOriginal, TimelinePage};
use holdfast_core::Error;
use tauri::State;

use crate::ipc::{self, IpcError, Purpose};
use crate::state::AppState;

/// What to ask before a chosen or dropped file is kept: the nudity question first, and whether
/// parts of it can be covered. Reads only the file's first bytes.
#[tauri::command(rename_all = "snake_case")]
pub async fn intake_classify(state: State<'_, AppState>, place: String) -> Result<Intake, IpcError> {
    let path = state.places.path(&place, &[Purpose::OpenFile])?;
    Ok(intake::classify_file(&path)?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_add_file(
    state: State<'_, AppState>,
    place: String,
    details: ipc::NewDetails,
    intimate: bool,
) -> Result<i64, IpcError> {
    let details = details.into_core()?;
    let path = state.places.path(&place, &[Purpose::OpenFile])?;
    Ok(state.session.add_file(&path, NewOriginal { details, intimate, ..NewOriginal::file() })?)
}

/// Adds a message or threat (or, with `kind` "note", the person's own note) as text.
#[tauri::command(rename_all = "snake_case")]
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
        Some(_) => return Err(Error::invalid("field.type", Message::new("invalid.message-or-note")).into()),
    };
    state.with_vault(|v| v.add_text(kind, &text, details))
}

#[tauri::command(rename_all = "snake_case")]
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
    state.with_vault(|v| v.add_account(&account))
}

#[tauri::command(rename_all = "snake_case")]
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
    state.with_vault(|v| v.add_payment(&payment))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_list(state: State<'_, AppState>) -> Result<ipc::Listing, IpcError> {
    state.with_vault(|v| Ok(ipc::Listing { items: v.items()?, accounts: v.accounts()?, payments: v.payments()? }))
}

/// The items an export may carry (never one marked intimate), and how many are held back, for
/// the export's picker.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_exportable(state: State<'_, AppState>) -> Result<ipc::Exportable, IpcError> {
    state.with_vault(|v| Ok(ipc::Exportable { items: v.exportable_items(None)?, held_back: v.held_back_count()? }))
}

/// How many items an export may carry, for the workspace's line above the tabs.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_exportable_count(state: State<'_, AppState>) -> Result<u64, IpcError> {
    state.with_vault(|v| v.exportable_count())
}

/// The most timeline lines one call returns.
const PAGE_LIMIT: usize = 200;

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_timeline(
    state: State<'_, AppState>,
    query: ipc::TimelineQuery,
    offset: usize,
    limit: usize,
) -> Result<TimelinePage, IpcError> {
    let filter = query.into_core();
    state.with_vault(|v| v.timeline_page(&filter, offset, limit.min(PAGE_LIMIT)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_filters(state: State<'_, AppState>) -> Result<ipc::Filters, IpcError> {
    state.with_vault(|v| Ok(ipc::Filters { platforms: v.platforms()?, accounts: v.accounts()? }))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_item(state: State<'_, AppState>, id: i64) -> Result<ipc::ItemView, IpcError> {
    state.with_vault(|v| {
        let item = v.item(id)?;
        let accounts = v.accounts()?.into_iter().filter(|a| item.accounts.contains(&a.id)).collect();
        Ok(ipc::ItemView { history: v.history(id)?, item, accounts })
    })
}

/// A picture's original bytes for its preview, decrypted in memory only. Items marked as
/// showing nudity or sexual content are never shown.
#[tauri::command(rename_all = "snake_case")]
pub async fn vault_item_original(state: State<'_, AppState>, id: i64) -> Result<tauri::ipc::Response, IpcError> {
    let bytes = state.with_vault(|v| v.preview(id))?;
    Ok(tauri::ipc::Response::new(bytes.to_vec()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_edit_item(state: State<'_, AppState>, id: i64, details: ipc::NewDetails) -> Result<i64, IpcError> {
    let details = details.into_core()?;
    state.with_vault(|v| v.edit_item(id, details))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn vault_link(state: State<'_, AppState>, item: i64, account: i64) -> Result<(), IpcError> {
    state.with_vault(|v| v.link(item, account))
}

/// Warnings about a payment before it is saved (a wallet address or amount that looks wrong).
/// An invalid amount or method is an error, as it is when saving.
#[tauri::command(rename_all = "snake_case")]
pub async fn payment_warnings(payment: ipc::NewPayment) -> Result<Vec<Message>, IpcError> {
    let money = Money::parse(&payment.amount, &payment.currency)?;
    let method = PaymentMethod::parse(&payment.method)?;
    Ok(model::payment_warnings(method, &payment.destination, &money))
}

/// After an import the person may remove the file they imported from (only the path this item
/// was imported from in this run, and only if it still holds exactly what the vault stored).
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_imported_source(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    Ok(state.session.remove_imported_source(id)?)
}
