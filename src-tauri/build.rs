//! Build script for the desktop shell: only the commands listed here can be called from the
//! window, and only through the one capability in `src-tauri/capabilities/`.

/// Every app command the window may call. Keep in step with `commands.rs` and the capability.
const COMMANDS: &[&str] = &[
    "guide_start",
    "guide_page",
    "choose_country",
    "choose_age",
    "set_discreet",
    "open_link",
    "quick_exit",
    "leave_quick_exit",
    "capture_screen",
    "capture_save",
    "capture_discard",
    "checklist",
    "tick",
    "report_summary",
    "vault_status",
    "vault_create",
    "vault_unlock",
    "vault_lock",
    "vault_add_file",
    "vault_add_message",
    "vault_add_account",
    "vault_add_payment",
    "vault_list",
    "vault_check",
    "vault_export",
    "bundle_verify",
    "set_auto_lock",
    "capture_windows",
    "hold_file",
    "hold_pasted",
    "hold_clipboard",
    "vault_timeline",
    "vault_filters",
    "vault_item",
    "vault_item_original",
    "vault_edit_item",
    "vault_link",
    "payment_warnings",
    "remove_imported_source",
    "passphrase_meter",
    "vault_change_passphrase",
    "vault_backup",
    "vault_restore",
    "save_recovery_key",
    "recovery_key_matches",
    "choose_path",
    "vault_use_folder",
    "vault_older",
    "vault_dismiss_older",
    "vault_set_aside",
    "vault_put_back",
    "bundle_verify_stop",
    "clear_clipboard",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
