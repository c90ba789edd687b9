// The one door to the Rust side: one function per command in the IPC contract
// (src-tauri/src/contract.rs lists them, with what each takes and returns). Every call resolves
// to a value or rejects with an IpcError carrying the documented `code` and a message written
// for the person. When the vault turns out to be locked, the handler set with `onLocked` runs
// first (the evidence screen goes back to its unlock form).

import { has, t } from './i18n.js';

/** A failed command: `code` to branch on, and `message` in the catalogue's words (`key` with
 *  its `params`), or the shell's English where the catalogue lacks the key. */
export class IpcError extends Error {
  constructor(code, message, key = null, params = {}) {
    super(key && has(key) ? t(key, params) : message);
    this.code = code;
    this.key = key;
    this.params = params;
  }
}

let lockedHandler = null;

/** Runs `handler` whenever a command fails because the vault is locked. */
export function onLocked(handler) {
  lockedHandler = handler;
}

async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    throw new IpcError('no_ipc', 'Holdfast could not reach its own engine. Please close it and open it again.', 'error.no-ipc');
  }
  let failure;
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    failure = error && typeof error === 'object' && typeof error.code === 'string'
      ? new IpcError(error.code, String(error.message ?? ''), error.key ?? null, error.params ?? {})
      : new IpcError('unexpected', `Something went wrong inside Holdfast: ${String(error)}`, 'error.unexpected',
        { detail: String(error) });
  }
  if (failure.code === 'locked' && lockedHandler) {
    try {
      await lockedHandler();
    } catch {
      // The error below still reaches the screen that called.
    }
  }
  throw failure;
}

/** Listens for an event the shell sends (files dropped, locked after sleep); quietly nothing
 *  where there is no shell. */
export function listen(event, handler) {
  const tauri = window.__TAURI__;
  if (!tauri?.event?.listen) return;
  tauri.event.listen(event, handler).catch(() => {});
}

// guide
/** Everything the first screen needs: words, countries, remembered choices, help, pages. */
export const guideStart = () => call('guide_start');
/** One advice page routed for the remembered country and age, with its services. */
export const guidePage = (args) => call('guide_page', args);
/** Remembers the country; returns its help. */
export const chooseCountry = (args) => call('choose_country', args);
/** Remembers the age given (unknown, under-18, adult); returns the help routed for it. */
export const chooseAge = (args) => call('choose_age', args);
/** The guide's ticks, in the vault when unlocked, else for this run. */
export const checklist = () => call('checklist');
/** Ticks or unticks one of the guide's steps. */
export const tick = (args) => call('tick', args);
/** "My report summary" for the police page, from the unlocked vault. */
export const reportSummary = () => call('report_summary');

// window
/** Discreet mode on or off; the title follows at once. */
export const setDiscreet = (args) => call('set_discreet', args);
/** Remembers the auto-lock delay (one of the choices offered); returns the delay in force. */
export const setAutoLock = (args) => call('set_auto_lock', args);
/** Opens an address from the help data, and only such an address, in the person's browser. */
export const openLink = (args) => call('open_link', args);
/** Locks the vault at once, names the window "Notes" and minimises it. */
export const quickExit = () => call('quick_exit');
/** Restores the window's title after the neutral screen. */
export const leaveQuickExit = () => call('leave_quick_exit');

// vault
/** Whether a vault exists in the folder in use and is unlocked, and whether it is for an under-18. */
export const vaultStatus = () => call('vault_status');
/** Creates a vault (in a chosen folder, or the default) and unlocks it; returns the recovery key, once. */
export const vaultCreate = (args) => call('vault_create', args);
/** Unlocks the vault; `locked` if a lock was asked for meanwhile. */
export const vaultUnlock = (args) => call('vault_unlock', args);
/** Locks the vault, waiting for a running import. */
export const vaultLock = () => call('vault_lock');
/** Checks every original, record and log entry. */
export const vaultCheck = () => call('vault_check');
/** How hard a passphrase would be to guess. */
export const passphraseMeter = (args) => call('passphrase_meter', args);
/** Changes the passphrase after checking the current one. */
export const vaultChangePassphrase = (args) => call('vault_change_passphrase', args);
/** Writes the whole vault, still encrypted, to one backup file. */
export const vaultBackup = (args) => call('vault_backup', args);
/** Restores a backup into an empty folder and uses it, locked. */
export const vaultRestore = (args) => call('vault_restore', args);
/** Uses the vault in another folder, locked. */
export const vaultUseFolder = (args) => call('vault_use_folder', args);
/** Saves the recovery key to a new text file. */
export const saveRecoveryKey = (args) => call('save_recovery_key', args);
/** Whether the typed recovery key is the one shown. */
export const recoveryKeyMatches = (args) => call('recovery_key_matches', args);
/** Whether the database is older than the vault has been. */
export const vaultOlder = () => call('vault_older');
/** Carries on with the older database (logged). */
export const vaultDismissOlder = () => call('vault_dismiss_older');
/** The evidence files kept in set-aside/. */
export const vaultSetAside = () => call('vault_set_aside');
/** Puts a set-aside file back as an item, after the nudity question. */
export const vaultPutBack = (args) => call('vault_put_back', args);

// evidence
/** What to ask before a chosen file is kept: the nudity question, and whether it can be covered. */
export const intakeClassify = (args) => call('intake_classify', args);
/** Imports a chosen or dropped file. */
export const vaultAddFile = (args) => call('vault_add_file', args);
/** Adds a message or threat as text (kind "note": the person's own note). */
export const vaultAddMessage = (args) => call('vault_add_message', args);
/** Adds one of the blackmailer's accounts. */
export const vaultAddAccount = (args) => call('vault_add_account', args);
/** Adds a payment demand or a payment. */
export const vaultAddPayment = (args) => call('vault_add_payment', args);
/** The items an export may carry (never one marked intimate), and how many are held back. */
export const vaultExportable = () => call('vault_exportable');
/** How many items an export may carry. */
export const vaultExportableCount = () => call('vault_exportable_count');
/** One page of the timeline, searched and filtered. */
export const vaultTimeline = (args) => call('vault_timeline', args);
/** The platforms and accounts the timeline can be filtered by. */
export const vaultFilters = () => call('vault_filters');
/** One item with every version of its details and its accounts. */
export const vaultItem = (args) => call('vault_item', args);
/** A picture's original for its preview (never one marked intimate). */
export const vaultItemOriginal = (args) => call('vault_item_original', args);
/** New details for an item, kept as a new version. */
export const vaultEditItem = (args) => call('vault_edit_item', args);
/** Links an item to an account. */
export const vaultLink = (args) => call('vault_link', args);
/** Warnings about a payment before it is saved. */
export const paymentWarnings = (args) => call('payment_warnings', args);
/** Removes the file an item was imported from in this run, if unchanged. */
export const removeImportedSource = (args) => call('remove_imported_source', args);

// capture
/** The windows that can be captured one at a time. */
export const captureWindows = () => call('capture_windows');
/** Captures the screen or one window, Holdfast hidden, and holds it. */
export const captureScreen = (args) => call('capture_screen', args);
/** Holds a picture file so parts of it can be covered. */
export const holdFile = (args) => call('hold_file', args);
/** Holds a pasted picture. */
export const holdPasted = (args) => call('hold_pasted', args);
/** Holds the picture on the system clipboard. */
export const holdClipboard = () => call('hold_clipboard');
/** Seals the held picture, covered where asked; a failed save keeps it. */
export const captureSave = (args) => call('capture_save', args);
/** Throws the held picture away. */
export const captureDiscard = () => call('capture_discard');
/** Empties the system clipboard. */
export const clearClipboard = () => call('clear_clipboard');

// bundle
/** Writes a bundle for the police, then checks it as an officer would. */
export const vaultExport = (args) => call('vault_export', args);
/** Checks a bundle without the vault; `cancelled` when stopped. */
export const bundleVerify = (args) => call('bundle_verify', args);
/** Stops the check under way. */
export const bundleVerifyStop = () => call('bundle_verify_stop');

// files
/** Asks the system's dialog for a file or folder for one purpose. */
export const choosePath = (args) => call('choose_path', args);
