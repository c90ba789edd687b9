//! Commands for pictures waiting to be sealed: a capture of the screen or of one window, a
//! pasted picture, or a picture file the person wants to cover parts of before keeping. The
//! picture is held in memory by the core's session (for a preview, and for covering) and sealed
//! into the vault only when the person saves it. Holdfast hides its own window while it
//! captures.

use std::time::Duration;

use holdfast_core::session::{Held, Ticket};
use holdfast_core::vault::cover::CoverBox;
use holdfast_core::vault::model::{Captured, ItemKind};
use holdfast_core::{Error, Message};
use tauri::{State, WebviewWindow};
use zeroize::Zeroizing;

use crate::ipc::{IpcError, Purpose};
use crate::platform::screen::{self, capture_failed, WindowInfo};
use crate::state::AppState;

/// How long the window stays hidden before the capture, so that it is gone from the screen.
const HIDE_SETTLE: Duration = Duration::from_millis(400);

/// The largest picture Holdfast holds in memory for a preview or for covering.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// Shows the window again when dropped, whatever happened while it was hidden.
struct ShowAgain<'w>(&'w WebviewWindow);

impl Drop for ShowAgain<'_> {
    fn drop(&mut self) {
        let _ = self.0.show();
        let _ = self.0.set_focus();
    }
}

/// A ticket for a picture about to be held; the vault must be unlocked first, so it can always
/// be saved.
fn ticket(state: &AppState) -> Result<Ticket, IpcError> {
    let ticket = state.session.ticket();
    state.with_vault(|_| Ok(()))?;
    Ok(ticket)
}

/// Keeps `held` waiting and hands its bytes back for the preview.
fn hold(state: &AppState, ticket: Ticket, held: Held) -> Result<tauri::ipc::Response, IpcError> {
    let bytes = held.bytes.to_vec();
    if !state.session.hold(ticket, held) {
        return Err(Error::Locked.into());
    }
    Ok(tauri::ipc::Response::new(bytes))
}

/// A picture held for saving, read or pasted rather than captured.
fn file_picture(bytes: Zeroizing<Vec<u8>>, name: String, source: Option<std::path::PathBuf>) -> Held {
    Held { bytes, captured: Captured::now(), kind: ItemKind::File, name, tags: Vec::new(), source }
}

fn not_a_picture() -> IpcError {
    Error::invalid("field.picture", Message::new("invalid.not-png-jpeg")).into()
}

fn too_large_to_paste() -> IpcError {
    Error::invalid("field.picture", Message::new("invalid.paste-too-large")).into()
}

/// The windows that can be captured one at a time.
#[tauri::command(rename_all = "snake_case")]
pub async fn capture_windows() -> Result<Vec<WindowInfo>, IpcError> {
    if screen::wayland() {
        return Err(capture_failed(
            "on a Wayland desktop the capture would first be saved as a file outside the vault",
        ));
    }
    Ok(screen::windows()?.into_iter().map(|(_, info)| info).collect())
}

/// Captures the whole screen, or the window `window_id`, with Holdfast's window hidden, and
/// returns the PNG for a preview. Nothing is stored until [`capture_save`].
#[tauri::command(rename_all = "snake_case")]
pub async fn capture_screen(
    state: State<'_, AppState>,
    window: WebviewWindow,
    window_id: Option<u32>,
) -> Result<tauri::ipc::Response, IpcError> {
    if screen::wayland() {
        return Err(capture_failed(
            "on a Wayland desktop the capture would first be saved as a file outside the vault",
        ));
    }
    let ticket = ticket(&state)?;
    let captured = Captured::now();
    let (png, tags) = {
        window.hide().map_err(IpcError::window)?;
        let _show = ShowAgain(&window);
        std::thread::sleep(HIDE_SETTLE);
        match window_id {
            Some(id) => screen::grab_window(id)?,
            None => (screen::grab_screen()?, Vec::new()),
        }
    };
    let name = format!("screenshot {}.png", captured.utc.replace(':', "-"));
    let held = Held { bytes: Zeroizing::new(png), captured, kind: ItemKind::Screenshot, name, tags, source: None };
    hold(&state, ticket, held)
}

/// Holds a picture file in memory so parts of it can be covered before it is kept; the file
/// itself is only read. Returns its bytes for the preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn hold_file(state: State<'_, AppState>, place: String) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = ticket(&state)?;
    let path = state.places.path(&place, &[Purpose::OpenFile])?;
    // An ordinary file only (never a pipe or a device), read with a bound; then a picture whose
    // header says it fits the decoder's limits, before the web view gets it.
    let bytes = holdfast_core::fsutil::read_chosen(&path, "field.picture", MAX_HELD_BYTES as u64)?;
    image::guess_format(&bytes).map_err(|_| not_a_picture())?;
    holdfast_core::picture::check(&bytes)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "picture".into());
    hold(&state, ticket, file_picture(bytes, name, Some(path)))
}

/// Holds the picture on the system clipboard, read when the person pastes (on Linux the web view
/// does not hand pasted pictures to the page). Returns it for the preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn hold_clipboard(state: State<'_, AppState>) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = ticket(&state)?;
    let no_picture =
        || -> IpcError { Error::invalid("field.paste", Message::new("invalid.no-clipboard-picture")).into() };
    let mut clipboard = arboard::Clipboard::new().map_err(|_| no_picture())?;
    let picture = clipboard.get_image().map_err(|_| no_picture())?;
    let (width, height) = (u32::try_from(picture.width).unwrap_or(0), u32::try_from(picture.height).unwrap_or(0));
    if picture.bytes.len() > MAX_HELD_BYTES {
        return Err(too_large_to_paste());
    }
    let rgba = image::RgbaImage::from_raw(width, height, picture.bytes.into_owned()).ok_or_else(no_picture)?;
    let png = Zeroizing::new(screen::png_of(rgba)?);
    let name = format!("pasted picture {}.png", Captured::now().utc.replace(':', "-"));
    hold(&state, ticket, file_picture(png, name, None))
}

/// Holds a pasted picture (the request body is the picture's bytes). Returns it for the preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn hold_pasted(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Result<tauri::ipc::Response, IpcError> {
    let ticket = ticket(&state)?;
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else { return Err(not_a_picture()) };
    if bytes.len() > MAX_HELD_BYTES {
        return Err(too_large_to_paste());
    }
    image::guess_format(bytes).map_err(|_| not_a_picture())?;
    holdfast_core::picture::check(bytes)?;
    let name = format!("pasted picture {}", Captured::now().utc.replace(':', "-"));
    hold(&state, ticket, file_picture(Zeroizing::new(bytes.clone()), name, None))
}

/// Seals the waiting picture into the vault, with the parts in `covers` blacked out first (only
/// the covered version is kept); returns the new item's id. A failed save keeps the picture.
#[tauri::command(rename_all = "snake_case")]
pub async fn capture_save(
    state: State<'_, AppState>,
    note: Option<String>,
    covers: Option<Vec<CoverBox>>,
) -> Result<i64, IpcError> {
    Ok(state.session.save_held(note, &covers.unwrap_or_default())?)
}

/// Empties the system clipboard, when the person asks after pasting a picture or copying their
/// report: what is left there, another program could paste.
#[tauri::command(rename_all = "snake_case")]
pub async fn clear_clipboard() -> Result<(), IpcError> {
    let failed = |_| IpcError::from(Error::Refused(Message::new("refused.clipboard-stuck")));
    arboard::Clipboard::new().and_then(|mut clipboard| clipboard.clear()).map_err(failed)
}

/// Throws the waiting capture away (its memory is zeroed).
#[tauri::command(rename_all = "snake_case")]
pub async fn capture_discard(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.session.clear_held();
    Ok(())
}
