//! What the shell hears from the window and the system rather than from a command: files
//! dropped on the window, and the computer waking from sleep, which locks the vault.
//!
//! Tauri gives no sleep or wake event, so a thread notices the wake itself: it sleeps a second
//! at a time, and a suspended computer runs no threads, so on waking the wall clock has moved
//! on far more than a second. Someone opening a laptop that was closed with the vault
//! unlocked finds it locked, as after auto-lock. (A clock set forward by hand locks it too,
//! which is harmless.)

use std::time::{Duration, SystemTime};

use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Window, WindowEvent};

use crate::ipc::{self, Purpose};
use crate::state::AppState;

/// The event the page hears when files are dropped on the window: a list of places.
pub const DROPPED: &str = "files-dropped";

/// How often the thread looks at the clock.
const TICK: Duration = Duration::from_secs(1);
/// A pause this much longer than `TICK` is taken for sleep. Nothing else stalls a thread
/// for so long.
const GAP: Duration = Duration::from_secs(20);
/// The event the window hears after a lock on waking.
pub const EVENT: &str = "locked-after-sleep";

/// Starts the watching thread (it ends with the app).
pub fn start(app: AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new().name("sleep-watch".into()).spawn(move || watch(&app))?;
    Ok(())
}

fn watch(app: &AppHandle) {
    let mut before = SystemTime::now();
    loop {
        std::thread::sleep(TICK);
        let now = SystemTime::now();
        if woke(before, now) {
            let vault = &app.state::<AppState>().session;
            let was_unlocked = vault.is_unlocked();
            vault.lock_now();
            if was_unlocked {
                // The window may be closing; nothing more can be done about a failed notice.
                let _ = app.emit(EVENT, ());
            }
        }
        before = now;
    }
}

/// Whether the wall clock moved on so much more than one tick that the computer slept.
fn woke(before: SystemTime, now: SystemTime) -> bool {
    now.duration_since(before).is_ok_and(|passed| passed > TICK + GAP)
}

/// Files dropped on the window become places to import, sent to the page as [`DROPPED`].
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let state = window.state::<AppState>();
        let places: Vec<ipc::Place> =
            paths.iter().map(|path| state.places.grant(Purpose::OpenFile, path.clone())).collect();
        if !places.is_empty() {
            let _ = window.emit(DROPPED, places);
        }
    }
}
