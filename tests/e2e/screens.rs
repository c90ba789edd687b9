//! Screenshots of each screen, for people to look at (`scripts/screenshot`).
//!
//! Ignored in the normal run: it writes files rather than checking behaviour, though it still
//! fails if a screen does not render.

use std::path::{Path, PathBuf};

use crate::harness::{App, Desktop};

pub(crate) async fn save(app: &App, dir: &Path, name: &str) {
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
    app.click("[data-nav='report-to-police']").await;
    scrolled_to(&app, &dir, "[data-page-id='report-to-police'] .sources", "09b-sources-marked").await;
    app.wait_css("#age").await.select_by_value("under-18").await.expect("choose under 18");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    page(&app, &dir, "under-18", "10-under-18").await;
    page(&app, &dir, "hurting-yourself", "10b-hurting-yourself-under-18").await;
    scrolled_to(&app, &dir, "#screen-guide [data-service-id='gb-999-bsl']", "10c-crisis-lines-and-relay").await;
    page(&app, &dir, "removal", "11-removal-under-18").await;
    app.click("[data-nav='help']").await;
    save(&app, &dir, "12-help").await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#create-form").await;
    save(&app, &dir, "13-evidence").await;
    app.click("[data-nav='settings']").await;
    save(&app, &dir, "14-settings").await;
    let created = app
        .invoke("vault_create", serde_json::json!({"passphrase": "a long enough passphrase", "under_18": true}))
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

    workspace_screens(&dir).await;

    let pseudo = Desktop::start_with_env(&[("HOLDFAST_LOCALE", "en-XA"), ("HOLDFAST_TODAY", "2028-06-01")]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = pseudo.open(data.path()).await;
    save(&app, &dir, "18-pseudo-locale-and-out-of-date").await;
    app.close().await;

    // Where the details come from, and a number resting on an old page (New Zealand's Youthline).
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.wait_css("#country").await.select_by_value("NZ").await.expect("choose New Zealand");
    app.wait_css("#crisis-lines [data-service-id='nz-1737']").await;
    app.click("[data-nav='help']").await;
    scrolled_to(&app, &dir, "#screen-help [data-service-id='nz-youthline']", "12b-help-old-source").await;
    app.close().await;
}

/// Scrolls an element to the top of the window, then saves the screen.
async fn scrolled_to(app: &App, dir: &Path, css: &str, name: &str) {
    let node = app.wait_css(css).await;
    app.client
        .execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&node).expect("element")])
        .await
        .expect("scroll");
    save(app, dir, name).await;
}

/// The evidence workspace: the recovery key, each tab, each form, an item and a finished export.
async fn workspace_screens(dir: &Path) {
    use serde_json::json;
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.click("[data-nav='evidence']").await;
    app.set("#create-passphrase", "password1").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save(&app, dir, "19-create-weak-meter").await;
    app.set("#create-passphrase", "correct horse battery staple orbit").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save(&app, dir, "20-create-with-meter").await;
    app.set("#create-again", "correct horse battery staple orbit").await;
    app.click("#create-form button[type='submit']").await;
    let key = app.text("#recovery-key").await;
    save(&app, dir, "21-recovery-key").await;
    app.click("#recovery-kept").await;
    app.set("#recovery-confirm", &key).await;
    app.click("#recovery-done").await;
    app.wait_css("#tab-add[aria-pressed='true']").await;
    save(&app, dir, "22-add-evidence").await;
    let account = json!({"platform": "Instagram", "handle": "lena.x.2007", "user_id": "48151623"});
    app.invoke("vault_add_account", json!({"account": account})).await;
    for (text, at) in [
        ("If you don't pay 500 I send the video to all your followers", "2026-11-28T21:14:03+00:00"),
        ("You have 1 hour. Tick tock.", "2026-11-28T21:20:00+00:00"),
    ] {
        let details = json!({"platform": "Instagram", "happened_at": at, "accounts": [1]});
        app.invoke("vault_add_message", json!({"text": text, "details": details})).await;
    }
    let demand = json!({"kind": "demand", "amount": "500", "currency": "GBP", "method": "gift-card", "destination": "Steam card codes", "happened_at": "2026-11-28T21:15:00+00:00", "account": 1});
    app.invoke("vault_add_payment", json!({"payment": demand})).await;
    // Added behind the page's back, so show the workspace again for its count to include them.
    app.click("[data-nav='evidence']").await;
    app.wait_css("#tab-add[aria-pressed='true']").await;
    app.click("#tab-write").await;
    app.click("#write-message").await;
    app.set("#message-text", "pay or I send it").await;
    app.set_date("#message-when-date", "2026-11-28").await;
    app.set("#message-when-time", "25:10").await;
    app.click("#message-form-save").await;
    app.wait_css("#message-form-status:not(:empty)").await;
    app.client
        .execute("document.getElementById('message-when-time').scrollIntoView({block: 'center'})", vec![])
        .await
        .ok();
    save(&app, dir, "23a-time-refused").await;
    app.click("#write-payment").await;
    app.wait_css("#payment-form").await;
    save(&app, dir, "23-write-payment").await;
    app.click("#tab-timeline").await;
    app.wait_css("#timeline-list li").await;
    save(&app, dir, "24-timeline").await;
    app.click("#timeline-list button[data-item]").await;
    app.wait_css("#item-heading").await;
    save(&app, dir, "25-item").await;
    app.click("#tab-handover").await;
    app.click("#export-some").await;
    app.set("#export-find", "tick").await;
    app.click("#export-items input").await;
    let ticked = || async { app.text("#export-count").await.contains("chosen 1") };
    assert!(app.eventually(ticked).await, "the tick is counted: {}", app.text("#export-count").await);
    save(&app, dir, "25b-export-pick").await;
    app.set("#export-find", "").await;
    app.click("#export-all").await;
    app.choose_into("#export-choose", "#export-out", &data.path().join("bundle.zip")).await;
    app.set("#export-initials", "JS").await;
    app.click("#export-make").await;
    app.wait_css("#export-done").await;
    save(&app, dir, "26-export-done").await;
    app.click("#tab-safe").await;
    app.wait_css("#backup-form").await;
    save(&app, dir, "27-keep-safe").await;
    app.click("#vault-lock").await;
    app.wait_css("#unlock-form").await;
    save(&app, dir, "28-unlock").await;
    app.close().await;
}
