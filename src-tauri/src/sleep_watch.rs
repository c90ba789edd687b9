//! Locks the vault when the computer wakes from sleep.
//!
//! Tauri gives no sleep or wake event, so a thread notices the wake itself: it sleeps a second
//! at a time, and a suspended computer runs no threads, so on waking the wall clock has moved
//! on far more than a second. Someone opening a laptop that was closed with the vault
//! unlocked finds it locked, as after auto-lock. (A clock set forward by hand locks it too,
//! which is harmless.)

use std::time::{Duration, SystemTime};

use tauri::{AppHandle, Emitter, Manager};

use crate::commands::AppState;

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
            let vault = &app.state::<AppState>().vault;
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
