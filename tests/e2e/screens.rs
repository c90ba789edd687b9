//! Screenshots of each screen, for people to look at (`scripts/screenshot`).
//!
//! Ignored in the normal run: it writes files rather than checking behaviour, though it still
//! fails if a screen does not render.

use std::path::{Path, PathBuf};

use crate::harness::{App, Desktop};

async fn save(app: &App, dir: &Path, name: &str) {
    let png = app.client.screenshot().await.expect("take a screenshot");
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    println!("saved {}", path.display());
}

async fn page(app: &App, dir: &Path, id: &str, name: &str) {
    app.click(&format!("[data-nav='{id}']")).await;
    app.wait_css(&format!("[data-page-id='{id}']")).await;
    save(app, dir, name).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes screenshots; run by scripts/screenshot"]
async fn save_screenshots() {
    let dir = PathBuf::from(std::env::var_os("HOLDFAST_SHOTS_DIR").unwrap_or_else(|| "shots".into()));
    std::fs::create_dir_all(&dir).expect("create the screenshot folder");
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    save(&app, &dir, "01-happening-now").await;
    crate::guide::press_tab(&app, 1).await;
    save(&app, &dir, "02-keyboard-first-tab").await;
    for (i, id) in
        ["already-paid", "they-posted-it", "email-scam", "hurting-yourself", "removal", "report-to-police", "platforms"]
            .iter()
            .enumerate()
    {
        page(&app, &dir, id, &format!("{:02}-{id}", i + 3)).await;
    }
    app.wait_css("#age").await.select_by_value("under-18").await.expect("choose under 18");
    app.eventually(|| async { !app.text("[data-page-id='platforms']").await.is_empty() }).await;
    page(&app, &dir, "under-18", "10-under-18").await;
    page(&app, &dir, "removal", "11-removal-under-18").await;
    app.click("[data-nav='help']").await;
    save(&app, &dir, "12-help").await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#create-form").await;
    save(&app, &dir, "13-evidence").await;
    app.click("[data-nav='settings']").await;
    save(&app, &dir, "14-settings").await;
    let created = app
        .invoke("vault_create", serde_json::json!({"passphrase": "a long enough passphrase", "under18": true}))
        .await;
    assert!(created.get("ok").is_some(), "{created}");
    page(&app, &dir, "happening-now", "14b-ticks-kept-in-vault").await;
    app.click("#go-evidence").await;
    app.wait_css("#capture-preview").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save(&app, &dir, "14c-capture-preview").await;
    app.click("#capture-intimate").await;
    app.wait_css("#capture-result").await;
    save(&app, &dir, "14d-capture-not-kept").await;
    app.client.execute("document.documentElement.style.fontSize = '200%'", vec![]).await.expect("zoom text");
    page(&app, &dir, "happening-now", "15-text-200").await;
    app.client.execute("document.documentElement.style.fontSize = ''", vec![]).await.expect("unzoom text");
    app.client.set_window_size(420, 760).await.expect("narrow the window");
    save(&app, &dir, "16-narrow").await;
    app.click("#quick-exit").await;
    app.wait_css("#cover:not([hidden])").await;
    save(&app, &dir, "17-quick-exit").await;
    app.close().await;

    let pseudo = Desktop::start_with_env(&[("HOLDFAST_LOCALE", "en-XA"), ("HOLDFAST_TODAY", "2028-06-01")]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = pseudo.open(data.path()).await;
    save(&app, &dir, "18-pseudo-locale-and-out-of-date").await;
    app.close().await;
}
