//! When Holdfast cannot show its window. On Windows the web view is WebView2, a runtime of its
//! own that a computer can lack or have broken; without it Tauri would stop with a panic and no
//! words. Instead the person reads, in the system's own message box (there is no web view to
//! say it in), what happened and what to install, and the app exits with [`EXIT_CODE`]. Nothing
//! is downloaded from here: the words name the runtime and its maker, and the person installs it.

use holdfast_core::i18n::Catalogue;

/// The app's exit code after saying that it cannot show its window.
pub const EXIT_CODE: i32 = 3;

/// The catalogue's words when there is no working WebView2 (the core's catalogue test reads
/// the keys the shell names as `: &str = "…"` constants).
pub const NO_WEBVIEW: &str = "window.no-webview";
/// The catalogue's words when the window cannot be made for another reason.
pub const NO_WINDOW: &str = "window.no-window";

/// Why no web view can be had, asked before Tauri starts. Only Windows can lack one: elsewhere
/// the web view is a library the app is linked with.
pub fn missing_webview() -> Option<String> {
    #[cfg(windows)]
    return tauri::webview_version().err().map(|e| e.to_string());
    #[cfg(not(windows))]
    None
}

/// Says, in a message box and on standard error, the catalogue's words for `key` with the
/// system's own `detail`, then exits. Called before any vault is open, so nothing is left
/// unsaved.
pub fn give_up(catalogue: &Catalogue, title: &str, key: &str, detail: &str) -> ! {
    let text = t(catalogue, key).replace("{detail}", detail);
    eprintln!("holdfast-app: {text}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(&text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(EXIT_CODE)
}

fn t<'a>(catalogue: &'a Catalogue, key: &'a str) -> &'a str {
    catalogue.messages.get(key).map_or(key, String::as_str)
}
