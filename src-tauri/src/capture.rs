//! Pictures waiting to be sealed: a capture of the screen or of one window, a pasted picture,
//! or a picture file the person wants to cover parts of before keeping. The picture is held in
//! memory for a preview (and for covering) and sealed into the vault only when the person saves
//! it; a capture never passes through a file, the Pictures folder or the clipboard. Holdfast
//! hides its own window while it captures. On Wayland desktops a capture goes through a portal
//! that saves a file first, so Holdfast refuses there.

use std::io::Cursor;
use std::sync::Mutex;
use std::time::Duration;

use holdfast_core::vault::cover::CoverBox;
use holdfast_core::vault::model::{Captured, ItemKind};
use holdfast_core::vault::{ItemDetails, NewOriginal};
use serde::Serialize;
use tauri::{State, WebviewWindow};
use zeroize::Zeroizing;

use crate::commands::AppState;
use crate::ipc::IpcError;
use crate::vault_commands::with_open;

/// How long the window stays hidden before the capture, so that it is gone from the screen.
const HIDE_SETTLE: Duration = Duration::from_millis(400);

/// The largest picture Holdfast holds in memory for a preview or for covering.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// A picture waiting for the person to save or discard it.
pub struct Pending {
    png: Zeroizing<Vec<u8>>,
    captured: Captured,
    kind: ItemKind,
    /// The name it is stored under.
    name: String,
    /// Tags recorded with it: the captured window's title and application, where known.
    tags: Vec<String>,
    /// The file it was read from, for "remove the original" (a picture file held for covering).
    source: Option<std::path::PathBuf>,
}

/// At most one capture waits at a time.
#[derive(Default)]
pub struct Captures(Mutex<Option<Pending>>);

impl Captures {
    /// Drops the waiting capture, if any (on lock and quick exit).
    pub fn clear(&self) {
        self.take();
    }

    fn take(&self) -> Option<Pending> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Keeps `pending` unless the vault was locked since `ticket` was taken. The check and the
    /// store hold the mutex a lock's `clear` waits for, so a capture never outlives a lock.
    fn keep(&self, state: &AppState, ticket: u64, pending: Pending) -> bool {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if state.vault.ticket() != ticket {
            return false;
        }
        *slot = Some(pending);
        true
    }
}

/// Shows the window again when dropped, whatever happened while it was hidden.
struct ShowAgain<'w>(&'w WebviewWindow);

impl Drop for ShowAgain<'_> {
    fn drop(&mut self) {
        let _ = self.0.show();
        let _ = self.0.set_focus();
    }
}

/// Whether this is a Wayland session (the test xcap itself uses to pick its Wayland path).
fn wayland() -> bool {
    let var = |name| std::env::var(name).unwrap_or_default().to_lowercase();
    var("XDG_SESSION_TYPE") == "wayland" || var("WAYLAND_DISPLAY").contains("wayland")
}

fn capture_failed(why: impl std::fmt::Display) -> IpcError {
    IpcError {
        code: "capture",
        message: format!(
            "Holdfast could not capture the screen ({why}). Use your computer's own screenshot key instead, then add the file to your evidence. Nothing was saved."
        ),
    }
}

fn png_of(image: image::RgbaImage) -> Result<Vec<u8>, IpcError> {
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).map_err(capture_failed)?;
    Ok(png)
}

/// The primary screen as a PNG, in memory.
fn grab_screen() -> Result<Vec<u8>, IpcError> {
    let monitors = xcap::Monitor::all().map_err(capture_failed)?;
    let primary = monitors.iter().position(|m| m.is_primary().unwrap_or(false)).unwrap_or(0);
    let monitor = monitors.get(primary).ok_or_else(|| capture_failed("no screen was found"))?;
    png_of(monitor.capture_image().map_err(capture_failed)?)
}

/// A window the person may capture.
#[derive(Debug, Serialize)]
pub struct WindowInfo {
    pub id: u32,
    pub title: String,
    pub app: String,
}

/// Every window except Holdfast's own and minimised ones (a window manager must be running
/// for the system to list windows).
fn windows() -> Result<Vec<(xcap::Window, WindowInfo)>, IpcError> {
    let own = std::process::id();
    let mut out = Vec::new();
    for window in xcap::Window::all().map_err(capture_failed)? {
        if window.pid().is_ok_and(|pid| pid == own) || window.is_minimized().unwrap_or(false) {
            continue;
        }
        let (Ok(id), Ok(width), Ok(height)) = (window.id(), window.width(), window.height()) else { continue };
        if width < 2 || height < 2 {
            continue;
        }
        let info =
            WindowInfo { id, title: window.title().unwrap_or_default(), app: window.app_name().unwrap_or_default() };
        out.push((window, info));
    }
    Ok(out)
}

/// One window as a PNG, with its title and application name as tags.
fn grab_window(id: u32) -> Result<(Vec<u8>, Vec<String>), IpcError> {
    let (window, info) = windows()?
        .into_iter()
        .find(|(_, info)| info.id == id)
        .ok_or_else(|| capture_failed("that window has closed"))?;
    let png = png_of(window.capture_image().map_err(capture_failed)?)?;
    let mut tags = Vec::new();
    if !info.title.trim().is_empty() {
        tags.push(format!("window: {}", info.title.trim()));
    }
    if !info.app.trim().is_empty() {
        tags.push(format!("application: {}", info.app.trim()));
    }
    Ok((png, tags))
}

/// The windows that can be captured one at a time.
#[tauri::command]
pub async fn capture_windows() -> Result<Vec<WindowInfo>, IpcError> {
    if wayland() {
        return Err(capture_failed(
            "on a Wayland desktop the capture would first be saved as a file outside the vault",
        ));
    }
    Ok(windows()?.into_iter().map(|(_, info)| info).collect())
}

/// Captures the whole screen, or the window `window_id`, with Holdfast's window hidden, and
/// returns the PNG for a preview. Nothing is stored until [`capture_save`]. The vault must be
/// unlocked first, so a capture can always be saved.
#[tauri::command]
pub async fn capture_screen(
    state: State<'_, AppState>,
    window: WebviewWindow,
    window_id: Option<u32>,
) -> Result<tauri::ipc::Response, IpcError> {
    if wayland() {
        return Err(capture_failed(
            "on a Wayland desktop the capture would first be saved as a file outside the vault",
        ));
    }
    let ticket = state.vault.ticket();
    with_open(&state, |_| Ok(()))?;
    let captured = Captured::now();
    let (png, tags) = {
        window.hide().map_err(IpcError::window)?;
        let _show = ShowAgain(&window);
        std::thread::sleep(HIDE_SETTLE);
        match window_id {
            Some(id) => grab_window(id)?,
            None => (grab_screen()?, Vec::new()),
        }
    };
    let name = format!("screenshot {}.png", captured.utc.replace(':', "-"));
    hold(
        &state,
        ticket,
        Pending { png: Zeroizing::new(png), captured, kind: ItemKind::Screenshot, name, tags, source: None },
    )
}

/// Keeps `pending` waiting and hands its bytes back for the preview.
fn hold(state: &AppState, ticket: u64, pending: Pending) -> Result<tauri::ipc::Response, IpcError> {
    let bytes = pending.png.to_vec();
    if !state.vault.captures.keep(state, ticket, pending) {
        return Err(IpcError::locked());
    }
    Ok(tauri::ipc::Response::new(bytes))
}

fn not_a_picture() -> IpcError {
    holdfast_core::Error::invalid("Picture", "this is not a PNG or JPEG picture Holdfast can show").into()
}

/// Holds a picture file in memory so parts of it can be covered before it is kept; the file
/// itself is only read. Returns its bytes for the preview.
#[tauri::command]
pub async fn hold_file(state: State<'_, AppState>, place: String) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = state.vault.ticket();
    with_open(&state, |_| Ok(()))?;
    let path = state.places.path(&place, &[crate::places::Purpose::OpenFile])?;
    // An ordinary file only (never a pipe or a device), read with a bound; then a picture whose
    // header says it fits the decoder's limits, before the web view gets it.
    let bytes = holdfast_core::fsutil::read_chosen(&path, "Picture", MAX_HELD_BYTES as u64)?;
    image::guess_format(&bytes).map_err(|_| not_a_picture())?;
    holdfast_core::picture::check(&bytes)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "picture".into());
    hold(
        &state,
        ticket,
        Pending {
            png: bytes,
            captured: Captured::now(),
            kind: ItemKind::File,
            name,
            tags: Vec::new(),
            source: Some(path.clone()),
        },
    )
}

/// Holds the picture on the system clipboard, read when the person pastes (on Linux the web view
/// does not hand pasted pictures to the page). Returns it for the preview.
#[tauri::command]
pub async fn hold_clipboard(state: State<'_, AppState>) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = state.vault.ticket();
    with_open(&state, |_| Ok(()))?;
    let no_picture = || -> IpcError {
        holdfast_core::Error::invalid(
            "Paste",
            "there is no picture on the clipboard. Copy the picture first, or save it and add the file",
        )
        .into()
    };
    let mut clipboard = arboard::Clipboard::new().map_err(|_| no_picture())?;
    let picture = clipboard.get_image().map_err(|_| no_picture())?;
    let (width, height) = (u32::try_from(picture.width).unwrap_or(0), u32::try_from(picture.height).unwrap_or(0));
    if picture.bytes.len() > MAX_HELD_BYTES {
        return Err(holdfast_core::Error::invalid(
            "Picture",
            "this picture is too large to paste; save it as a file and add the file",
        )
        .into());
    }
    let rgba = image::RgbaImage::from_raw(width, height, picture.bytes.into_owned()).ok_or_else(no_picture)?;
    let png = Zeroizing::new(png_of(rgba)?);
    let captured = Captured::now();
    let name = format!("pasted picture {}.png", captured.utc.replace(':', "-"));
    hold(&state, ticket, Pending { png, captured, kind: ItemKind::File, name, tags: Vec::new(), source: None })
}

/// Holds a pasted picture (the request body is the picture's bytes). Returns it for the preview.
#[tauri::command]
pub async fn hold_pasted(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = state.vault.ticket();
    with_open(&state, |_| Ok(()))?;
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else { return Err(not_a_picture()) };
    if bytes.len() > MAX_HELD_BYTES {
        return Err(holdfast_core::Error::invalid(
            "Picture",
            "this picture is too large to paste; save it as a file and add the file",
        )
        .into());
    }
    image::guess_format(bytes).map_err(|_| not_a_picture())?;
    holdfast_core::picture::check(bytes)?;
    let captured = Captured::now();
    let name = format!("pasted picture {}", captured.utc.replace(':', "-"));
    hold(
        &state,
        ticket,
        Pending {
            png: Zeroizing::new(bytes.clone()),
            captured,
            kind: ItemKind::File,
            name,
            tags: Vec::new(),
            source: None,
        },
    )
}

/// Seals the waiting picture into the vault, with the parts in `covers` blacked out first (only
/// the covered version is kept); returns the new item's id.
#[tauri::command]
pub async fn capture_save(
    state: State<'_, AppState>,
    note: Option<String>,
    covers: Option<Vec<CoverBox>>,
) -> Result<i64, IpcError> {
    let ticket = state.vault.ticket();
    let pending = state.vault.captures.take().ok_or_else(|| {
        IpcError::from(holdfast_core::Error::NotFound(
            "There is no capture waiting to be saved. Capture the screen again.".into(),
        ))
    })?;
    let details = ItemDetails {
        note: note.filter(|n| !n.trim().is_empty()),
        tags: pending.tags.clone(),
        ..ItemDetails::default()
    };
    let new = NewOriginal {
        kind: pending.kind,
        original_name: Some(pending.name.clone()),
        details,
        // A file's capture time is when it is kept; a screen capture's is when it was taken.
        captured_at: (pending.kind == ItemKind::Screenshot).then(|| pending.captured.clone()),
        ..NewOriginal::file()
    };
    let covers = covers.unwrap_or_default();
    let result = with_open(&state, |v| {
        if covers.is_empty() {
            v.add_original(&mut &pending.png[..], new)
        } else {
            v.add_covered(&pending.png, &covers, new)
        }
    });
    if let (Ok(id), Some(source), true) = (&result, &pending.source, covers.is_empty()) {
        state.vault.remember_import(*id, source.clone());
    }
    if result.as_ref().is_err_and(|e| e.code != "locked") {
        // Keep it for another try rather than lose it, unless the vault was locked meanwhile.
        state.vault.captures.keep(&state, ticket, pending);
    }
    result
}

/// Empties the system clipboard, when the person asks after pasting a picture or copying their
/// report: what is left there, another program could paste.
#[tauri::command]
pub async fn clear_clipboard() -> Result<(), IpcError> {
    let failed = |_| {
        IpcError::from(holdfast_core::Error::Refused(
            "The clipboard could not be emptied. Copy a few ordinary words to replace what is on it.".into(),
        ))
    };
    arboard::Clipboard::new().and_then(|mut clipboard| clipboard.clear()).map_err(failed)
}

/// Throws the waiting capture away (its memory is zeroed).
#[tauri::command]
pub async fn capture_discard(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.vault.captures.clear();
    Ok(())
}
