//! Capturing the screen or one window into memory, as a PNG (never through a file, the Pictures
//! folder or the clipboard). On Wayland desktops a capture goes through a portal that saves a
//! file first, so Holdfast refuses there.

use std::io::Cursor;

use serde::Serialize;

use holdfast_core::i18n::Message;

use crate::ipc::{Code, IpcError};

/// Whether this is a Wayland session (the test xcap itself uses to pick its Wayland path).
pub fn wayland() -> bool {
    let var = |name| std::env::var(name).unwrap_or_default().to_lowercase();
    var("XDG_SESSION_TYPE") == "wayland" || var("WAYLAND_DISPLAY").contains("wayland")
}

pub fn capture_failed(why: impl std::fmt::Display) -> IpcError {
    IpcError::new(Code::Capture, Message::new("error.capture").with("why", why.to_string()))
}

pub fn png_of(image: image::RgbaImage) -> Result<Vec<u8>, IpcError> {
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).map_err(capture_failed)?;
    Ok(png)
}

/// The primary screen as a PNG, in memory.
pub fn grab_screen() -> Result<Vec<u8>, IpcError> {
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
pub fn windows() -> Result<Vec<(xcap::Window, WindowInfo)>, IpcError> {
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
pub fn grab_window(id: u32) -> Result<(Vec<u8>, Vec<String>), IpcError> {
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
