// The IPC contract: every command the window may call, the file under `src-tauri/src/commands/`
// that holds it, what it takes (the names the window sends) and what it returns (types in
// `ipc.rs` or the core's plain records). Every failure is an `ipc::IpcError`,
// `{code, key, params, message}`.
// Names are snake_case both ways: in what the window sends and in every reply.
//
// This is the one list. `build.rs` includes this file, so only these commands exist for the
// window; the shell's tests check the handler list in `main.rs`, the capability file and every
// command `ui/js/api.js` calls against it, and that each command lives in the file named here.
// (Plain comments, not doc comments: `build.rs` includes this file inside its own.)

/// One command the window may call.
#[allow(dead_code)] // `build.rs` reads only the names; the tests read the rest.
pub struct Command {
    pub name: &'static str,
    /// The file under `src-tauri/src/commands/` that holds it.
    pub file: &'static str,
    pub takes: &'static str,
    pub returns: &'static str,
    pub does: &'static str,
}

const fn command(
    name: &'static str,
    file: &'static str,
    takes: &'static str,
    returns: &'static str,
    does: &'static str,
) -> Command {
    Command { name, file, takes, returns, does }
}

/// Commands the window itself never calls, each with the reason it exists.
pub const NOT_FROM_THE_WINDOW: &[(&str, &str)] =
    &[("vault_list", "the end-to-end tests read the whole vault through it, intimate items included")];

/// Every command, grouped by file.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    // The guide.
    command("guide_start", "guide", "", "Start", "Everything the first screen needs: words, countries, remembered choices, help, pages."),
    command("guide_page", "guide", "id", "GuidePage", "One advice page routed for the remembered country and age, with its services."),
    command("choose_country", "guide", "code", "CountryHelp", "Remembers the country; returns its help."),
    command("choose_age", "guide", "age", "CountryHelp", "Remembers the age given (unknown, under-18, adult); returns the help routed for it."),
    command("checklist", "guide", "", "Checklist", "The guide's ticks, in the vault when unlocked, else for this run."),
    command("tick", "guide", "id, ticked", "Checklist", "Ticks or unticks one of the guide's steps."),
    command("report_summary", "guide", "", "ReportSummary", "\"My report summary\" for the police page, from the unlocked vault."),
    // The window.
    command("set_discreet", "window", "on", "nothing", "Discreet mode on or off; the title follows at once."),
    command("set_auto_lock", "window", "minutes", "seconds", "Remembers the auto-lock delay (one of the choices offered); returns the delay in force."),
    command("open_link", "window", "url", "nothing", "Opens an address from the help data, and only such an address, in the person's browser."),
    command("quick_exit", "window", "", "nothing", "Locks the vault at once, names the window \"Notes\" and minimises it."),
    command("leave_quick_exit", "window", "", "nothing", "Restores the window's title after the neutral screen."),
    // The vault.
    command("vault_status", "vault", "", "VaultStatus", "Whether a vault exists in the folder in use and is unlocked, and whether it is for an under-18."),
    command("vault_create", "vault", "passphrase, under_18, place?", "Created", "Creates a vault (in a chosen folder, or the default) and unlocks it; returns the recovery key, once."),
    command("vault_unlock", "vault", "passphrase? | recovery_key?, place?", "VaultStatus", "Unlocks the vault; `locked` if a lock was asked for meanwhile."),
    command("vault_lock", "vault", "", "VaultStatus", "Locks the vault, waiting for a running import."),
    command("vault_check", "vault", "", "CheckReport", "Checks every original, record and log entry."),
    command("passphrase_meter", "vault", "passphrase", "Strength", "How hard a passphrase would be to guess."),
    command("vault_change_passphrase", "vault", "current, new", "nothing", "Changes the passphrase after checking the current one."),
    command("vault_backup", "vault", "place", "BackupSummary", "Writes the whole vault, still encrypted, to one backup file."),
    command("vault_restore", "vault", "backup, dest", "VaultStatus", "Restores a backup into an empty folder and uses it, locked."),
    command("vault_use_folder", "vault", "place", "VaultStatus", "Uses the vault in another folder, locked."),
    command("save_recovery_key", "vault", "place, key", "nothing", "Saves the recovery key to a new text file."),
    command("recovery_key_matches", "vault", "shown, typed", "bool", "Whether the typed recovery key is the one shown."),
    command("vault_older", "vault", "", "OlderDatabase | null", "Whether the database is older than the vault has been."),
    command("vault_dismiss_older", "vault", "", "nothing", "Carries on with the older database (logged)."),
    command("vault_set_aside", "vault", "", "SetAside[]", "The evidence files kept in set-aside/."),
    command("vault_put_back", "vault", "name, intimate", "item id", "Puts a set-aside file back as an item, after the nudity question."),
    // The evidence.
    command("intake_classify", "evidence", "place", "Intake", "What to ask before a chosen file is kept: the nudity question, and whether it can be covered."),
    command("vault_add_file", "evidence", "place, details, intimate", "item id", "Imports a chosen or dropped file."),
    command("vault_add_message", "evidence", "text, details, kind?", "item id", "Adds a message or threat as text (kind \"note\": the person's own note)."),
    command("vault_add_account", "evidence", "account", "account id", "Adds one of the blackmailer's accounts."),
    command("vault_add_payment", "evidence", "payment", "payment id", "Adds a payment demand or a payment."),
    command("vault_list", "evidence", "", "Listing", "Every item (intimate ones too), account and payment; the end-to-end tests' view of the vault."),
    command("vault_exportable", "evidence", "", "Exportable", "The items an export may carry (never one marked intimate), and how many are held back."),
    command("vault_exportable_count", "evidence", "", "count", "How many items an export may carry."),
    command("vault_timeline", "evidence", "query, offset, limit", "TimelinePage", "One page of the timeline, searched and filtered."),
    command("vault_filters", "evidence", "", "Filters", "The platforms and accounts the timeline can be filtered by."),
    command("vault_item", "evidence", "id", "ItemView", "One item with every version of its details and its accounts."),
    command("vault_item_original", "evidence", "id", "bytes", "A picture's original for its preview (never one marked intimate)."),
    command("vault_edit_item", "evidence", "id, details", "version", "New details for an item, kept as a new version."),
    command("vault_link", "evidence", "item, account", "nothing", "Links an item to an account."),
    command("payment_warnings", "evidence", "payment", "Message[]", "Warnings about a payment before it is saved, as catalogue keys with their values."),
    command("remove_imported_source", "evidence", "id", "nothing", "Removes the file an item was imported from in this run, if unchanged."),
    // Pictures waiting to be saved.
    command("capture_windows", "capture", "", "WindowInfo[]", "The windows that can be captured one at a time."),
    command("capture_screen", "capture", "window_id?", "bytes", "Captures the screen or one window, Holdfast hidden, and holds it."),
    command("hold_file", "capture", "place", "bytes", "Holds a picture file so parts of it can be covered."),
    command("hold_pasted", "capture", "(the picture's bytes)", "bytes", "Holds a pasted picture."),
    command("hold_clipboard", "capture", "", "bytes", "Holds the picture on the system clipboard."),
    command("capture_save", "capture", "note?, covers?", "item id", "Seals the held picture, covered where asked; a failed save keeps it."),
    command("capture_discard", "capture", "", "nothing", "Throws the held picture away."),
    command("clear_clipboard", "capture", "", "nothing", "Empties the system clipboard."),
    // Handover bundles.
    command("vault_export", "bundle", "request", "Exported", "Writes a bundle for the police, then checks it as an officer would."),
    command("bundle_verify", "bundle", "place, password?", "Verdict", "Checks a bundle without the vault; `cancelled` when stopped."),
    command("bundle_verify_stop", "bundle", "", "nothing", "Stops the check under way."),
    // Files and folders.
    command("choose_path", "files", "purpose", "Place | null", "Asks the system's dialog for a file or folder for one purpose."),
];
