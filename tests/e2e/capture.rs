//! Capturing the screen straight into the vault, from the guide's "capture" step: the window
//! hides itself, the picture is previewed from memory, and it is kept only when the person says
//! it shows no nudity.

use holdfast_core::vault::{Unlock, Vault};
use serde_json::json;

use crate::guide::open_page;
use crate::harness::{App, Desktop, PASS};

async fn items(app: &App) -> Vec<serde_json::Value> {
    let listing = app.invoke("vault_list", json!({})).await;
    listing["ok"]["items"].as_array().cloned().unwrap_or_else(|| panic!("list the vault: {listing}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plans_capture_button_saves_a_screenshot_into_the_vault() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;

    let locked = app.invoke("capture_screen", json!({})).await;
    assert_eq!(locked["err"]["code"], "locked", "no capture without an unlocked vault to keep it: {locked}");

    let created = app.invoke("vault_create", json!({"passphrase": PASS, "under_18": false})).await;
    assert!(created.get("ok").is_some(), "{created}");
    open_page(&app, "happening-now").await;
    app.click("#go-evidence").await;
    app.wait_css("#capture-preview").await;
    let width = || async {
        let w = app.client.execute("return document.getElementById('capture-preview').naturalWidth", vec![]).await;
        w.expect("read the preview") == json!(1280)
    };
    assert!(app.eventually(width).await, "the preview shows the whole 1280×800 screen");
    assert!(items(&app).await.is_empty(), "nothing is kept before the person saves it");

    app.click("#capture-note").await;
    app.wait_css("#capture-note").await.send_keys("their profile page").await.expect("type a note");
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("Saved") }).await);
    let saved = items(&app).await;
    assert_eq!(saved.len(), 1, "one screenshot in the vault: {saved:?}");
    assert_eq!(saved[0]["kind"], "screenshot");
    assert_eq!(saved[0]["media_type"], "image/png");
    assert_eq!(saved[0]["note"], "their profile page");
    assert!(app.text("#vault-state").await.contains('1'), "the count of items is updated");

    // "Yes, it shows nudity": nothing is kept, and the person is told why.
    app.click("#capture").await;
    app.wait_css("#capture-preview").await;
    app.click("#capture-intimate").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("not saved") }).await);
    assert_eq!(items(&app).await.len(), 1, "the picture said to show nudity was not stored");
    let nothing = app.invoke("capture_save", json!({})).await;
    assert_eq!(nothing["err"]["code"], "not_found", "a discarded capture cannot be saved later: {nothing}");

    // Quick exit drops a waiting capture along with the vault's key.
    app.click("#capture").await;
    app.wait_css("#capture-preview").await;
    app.click("#quick-exit").await;
    app.wait_css("#cover:not([hidden])").await;
    let previews = app.client.find_all(fantoccini::Locator::Css("#capture-preview")).await.expect("find");
    assert!(previews.is_empty(), "quick exit takes the preview off the page at once");
    app.click("#cover-back").await;
    assert!(app.eventually(|| async { app.invoke("vault_status", json!({})).await["ok"]["unlocked"] == false }).await);
    app.wait_css("#unlock-form").await;
    let unlocked = app.invoke("vault_unlock", json!({"passphrase": PASS})).await;
    assert!(unlocked.get("ok").is_some(), "{unlocked}");
    let gone = app.invoke("capture_save", json!({})).await;
    assert_eq!(gone["err"]["code"], "not_found", "quick exit threw the waiting capture away: {gone}");
    app.close().await;
    drop(desktop);

    // The stored original is the screen without Holdfast's window on it. `close` waited for
    // every thread of the app to exit, so the vault's lock is free now.
    let vault = Vault::open(&dir.path().join("vault"), Unlock::Passphrase(PASS.as_bytes()))
        .expect("open the vault once the app has exited");
    let id = vault.items().expect("items")[0].id;
    let mut png = Vec::new();
    vault.read_original(id, &mut png).expect("read the original");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
    assert_eq!((image.width(), image.height()), (1280, 800));
    // Holdfast's page background is #fbfaf7; with the window hidden, (almost) none of it shows.
    let paper = image.pixels().filter(|p| p.0[..3] == [0xfb, 0xfa, 0xf7]).count();
    assert!(paper * 100 < (1280 * 800) as usize, "the window was hidden during the capture ({paper} page pixels)");
}
