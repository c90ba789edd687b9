//! Screenshots of each main screen, for people to look at (`scripts/screenshot`).
//!
//! Ignored in the normal run: it writes files rather than checking behaviour, though it still
//! fails if a screen does not render.

use std::path::PathBuf;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::harness::{App, Desktop};

async fn save(app: &App, dir: &std::path::Path, name: &str) {
    let png = app.client.screenshot().await.expect("take a screenshot");
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    println!("saved {}", path.display());
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes screenshots; run by scripts/screenshot"]
async fn save_screenshots() {
    let dir = PathBuf::from(std::env::var_os("HOLDFAST_SHOTS_DIR").unwrap_or_else(|| "shots".into()));
    std::fs::create_dir_all(&dir).expect("create the screenshot folder");
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    save(&app, &dir, "01-home").await;
    // Keyboard only: Tab past the skip link to the first control, to see the focus ring.
    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..2 {
        keys = keys.then(KeyAction::Down { value: Key::Tab.into() }).then(KeyAction::Up { value: Key::Tab.into() });
    }
    app.client.perform_actions(keys).await.expect("press Tab twice");
    save(&app, &dir, "08-keyboard-focus").await;
    app.click("#open-help").await;
    app.wait_css("#screen-help:not([hidden])").await;
    save(&app, &dir, "02-help").await;
    app.client.execute("window.scrollTo(0, document.body.scrollHeight)", vec![]).await.expect("scroll");
    save(&app, &dir, "03-help-end").await;
    app.click("#back-home").await;
    app.wait_css("#country").await.select_by_value("US").await.expect("choose the US");
    app.eventually(|| async { app.text("#crisis-lines").await.contains("911") }).await;
    save(&app, &dir, "04-home-us").await;
    app.wait_css("#country").await.select_by_value("INT").await.expect("choose somewhere else");
    app.eventually(|| async { app.text("#crisis-lines").await.contains("112") }).await;
    save(&app, &dir, "05-home-elsewhere").await;
    app.client.set_window_size(420, 760).await.expect("narrow the window");
    save(&app, &dir, "06-home-narrow").await;
    app.click("#quick-exit").await;
    app.wait_css("#cover:not([hidden])").await;
    save(&app, &dir, "07-quick-exit").await;
    app.close().await;
}
