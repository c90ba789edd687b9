//! The evidence workspace through the real app: create a vault with its recovery key, write
//! things down, the timeline and item view, import, covering a capture, export and check,
//! backup and restore, passphrase change, auto-lock, hostile text, the keyboard alone and axe.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use holdfast_core::vault::{Unlock, Vault};
use serde_json::{json, Value};

use crate::harness::{ok, App, Desktop, PASS};

/// Hostile text: markup, script, a right-to-left override and emoji. It must stay inert text.
const XSS: &str = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>\u{202E}evil 😀";

async fn no_script_ran(app: &App) {
    let flag = app.client.execute("return window.__xss === undefined", vec![]).await.expect("read the flag");
    assert_eq!(flag, json!(true), "hostile text must never run as script");
    let injected = app
        .client
        .execute("return document.querySelectorAll('#main img[src=\"x\"], #main script').length", vec![])
        .await;
    assert_eq!(injected.expect("count"), json!(0), "hostile markup must never become elements");
}

async fn tab(app: &App, name: &str) {
    app.click(&format!("#tab-{name}")).await;
    app.wait_css(&format!("#tab-{name}[aria-pressed='true']")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_shows_strength_and_a_recovery_key_that_must_be_typed_back() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#create-form").await;
    app.set("#create-passphrase", "password1").await;
    assert!(
        app.eventually(|| async { app.text("#create-strength-verdict").await.contains("easy to guess") }).await,
        "a common passphrase is called weak"
    );
    let advice = app.text("#create-strength-advice").await;
    let words = holdfast_core::i18n::catalogue("en-GB").expect("catalogue").messages;
    let why = holdfast_core::strength::passphrase_strength("password1").warning.expect("a warning");
    assert!(advice.contains(&words[why]), "and told why, in Holdfast's words: {advice}");
    app.set("#create-passphrase", PASS).await;
    app.set("#create-again", PASS).await;
    assert!(
        app.eventually(|| async { app.text("#create-strength-verdict").await.contains("Strong enough") }).await,
        "a long passphrase of words is called strong"
    );
    app.click("#create-form button[type='submit']").await;
    let key = app.text("#recovery-key").await;
    assert_eq!(key.split('-').count(), 9, "the recovery key is shown in nine groups: {key}");

    let file = data.path().join("key.txt");
    let place = app.place("save-key", &file).await;
    ok(&app.invoke("save_recovery_key", json!({"place": place, "key": key})).await, "save the key");
    let saved = std::fs::read_to_string(&file).expect("the key file");
    assert!(saved.contains(&key), "the saved file holds the key");
    let again = app.invoke("save_recovery_key", json!({"place": place, "key": key})).await;
    assert_eq!(again["err"]["code"], "storage", "an existing file is never overwritten: {again}");

    app.click("#recovery-kept").await;
    assert!(!app.displayed("#recovery-key").await, "the key is hidden while the person types it back");
    app.set("#recovery-confirm", "AAAA-BBBB").await;
    app.click("#recovery-done").await;
    assert!(app.eventually(|| async { app.text("#recovery-status").await.contains("does not match") }).await);
    app.set("#recovery-confirm", &key.to_lowercase()).await;
    app.click("#recovery-done").await;
    app.wait_css("#tab-add[aria-pressed='true']").await;
    assert!(app.text("#vault-state").await.contains('0'), "the workspace opens on the new, empty vault");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_timeline_search_and_item_view_keep_hostile_text_inert() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    tab(&app, "write").await;

    app.click("#write-account").await;
    app.set("#account-platform", "Instagram").await;
    app.set("#account-handle", XSS).await;
    app.set("#account-user-id", "5550001").await;
    app.set("#account-display", XSS).await;
    app.click("#account-form-save").await;
    assert!(app.eventually(|| async { app.text("#account-form-status").await.contains("Saved") }).await);

    app.click("#write-message").await;
    let long = format!("{XSS} {}", "x".repeat(100_000));
    app.set("#message-text", &long).await;
    app.set("#message-platform", "Instagram").await;
    app.set("#message-sender", XSS).await;
    app.set_date("#message-when-date", "2026-11-28").await;
    app.set("#message-when-time", "21:14:03").await;
    app.wait_css("#message-when-zone").await.select_by_value("60").await.expect("choose UTC+01:00");
    app.wait_css("#message-account").await.select_by_index(1).await.expect("link the account");
    app.click("#message-form-save").await;
    assert!(app.eventually(|| async { app.text("#message-form-status").await.contains("Saved") }).await);

    app.click("#write-message").await;
    app.set("#message-text", "an earlier threat").await;
    app.set_date("#message-when-date", "2026-11-27").await;
    app.set("#message-when-time", "09:00").await;
    app.wait_css("#message-when-zone").await.select_by_value("0").await.expect("choose UTC");
    app.click("#message-form-save").await;
    assert!(app.eventually(|| async { app.text("#message-form-status").await.contains("Saved") }).await);

    app.click("#write-payment").await;
    app.set("#payment-amount", "0.05").await;
    app.set("#payment-currency", "BTC").await;
    app.wait_css("#payment-method").await.select_by_value("crypto").await.expect("crypto");
    app.set("#payment-destination", "not a wallet").await;
    app.set_date("#payment-when-date", "2026-11-28").await;
    app.set("#payment-when-time", "22:00").await;
    app.click("#payment-form-save").await;
    assert!(
        app.eventually(|| async { !app.text("#payment-warnings").await.is_empty() }).await,
        "a wallet address that looks wrong is flagged before saving"
    );
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["payments"].as_array().map(Vec::len), Some(0), "nothing is saved until the person confirms");
    app.click("#payment-form-save").await;
    assert!(app.eventually(|| async { app.text("#payment-form-status").await.contains("Saved") }).await);
    app.set("#payment-amount", "49,99").await;
    app.set("#payment-destination", "x").await;
    app.click("#payment-form-save").await;
    assert!(
        app.eventually(|| async { app.text("#payment-form-status").await.contains("Amount") }).await,
        "a comma amount is refused with a plain message"
    );

    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["text"], json!(long), "the long hostile message is stored exactly");
    assert_eq!(listing["items"][0]["happened_at"], "2026-11-28T21:14:03+01:00", "the stated time keeps its offset");
    assert_eq!(listing["items"][0]["accounts"], json!([1]), "the message is linked to the account");
    assert_eq!(listing["accounts"][0]["handle"], XSS, "the hostile username is stored exactly");

    tab(&app, "timeline").await;
    let order: Vec<String> = {
        app.wait_css("#timeline-list li").await;
        let entries = app.client.find_all(fantoccini::Locator::Css("#timeline-list .kind")).await.expect("entries");
        let mut out = Vec::new();
        for e in entries {
            out.push(e.text().await.expect("text"));
        }
        out
    };
    assert_eq!(order, ["Message", "Message", "Demand"], "the timeline is in the order things happened");
    assert!(app.text("#timeline-list").await.contains("an earlier threat"), "the earlier message comes first");
    no_script_ran(&app).await;

    app.set("#search-text", "earlier").await;
    app.click("#search-go").await;
    assert!(app.eventually(|| async { app.text("#timeline-summary").await.contains("of 1") }).await, "search narrows");
    app.set("#search-text", "").await;
    app.wait_css("#filter-kind").await.select_by_value("demand").await.expect("filter by type");
    app.click("#search-go").await;
    assert!(app.eventually(|| async { app.text("#timeline-summary").await.contains("of 1") }).await, "type filter");
    app.wait_css("#filter-kind").await.select_by_value("").await.expect("any type");
    app.click("#search-go").await;
    assert!(app.eventually(|| async { app.text("#timeline-summary").await.contains("of 3") }).await);

    app.click("#timeline-list button[data-item='1']").await;
    app.wait_css("#item-heading").await;
    let shown = app.client.execute("return document.getElementById('item-text').textContent", vec![]).await;
    assert_eq!(shown.expect("read"), json!(long), "the item view shows the text exactly, as text");
    assert!(app.text("#item-accounts").await.contains("Instagram"), "the linked account is shown");
    no_script_ran(&app).await;
    app.set("#edit-note", XSS).await;
    app.click("#edit-save").await;
    assert!(app.eventually(|| async { app.text("#item-status").await.contains("new version") }).await);
    let versions = app.client.find_all(fantoccini::Locator::Css("#item-history > li")).await.expect("history");
    assert_eq!(versions.len(), 2, "the edit is a second version; the first is kept");
    no_script_ran(&app).await;

    // Every other field takes the same hostile text and shows it as text.
    tab(&app, "write").await;
    app.click("#write-account").await;
    for field in ["platform", "handle", "user-id", "url", "display", "emails", "phones"] {
        app.set(&format!("#account-{field}"), XSS).await;
    }
    app.click("#account-form-save").await;
    assert!(app.eventually(|| async { app.text("#account-form-status").await.contains("Saved") }).await);
    app.click("#write-message").await;
    app.set("#message-text", "hostile platform").await;
    app.set("#message-platform", XSS).await;
    app.click("#message-form-save").await;
    assert!(app.eventually(|| async { app.text("#message-form-status").await.contains("Saved") }).await);
    app.click("#write-payment").await;
    app.set("#payment-amount", "20").await;
    app.wait_css("#payment-method").await.select_by_value("other").await.expect("other");
    app.set("#payment-destination", XSS).await;
    app.set("#payment-reference", XSS).await;
    app.click("#payment-form-save").await;
    assert!(app.eventually(|| async { app.text("#payment-form-status").await.contains("Saved") }).await);
    app.click("#write-note").await;
    app.set("#note-text", XSS).await;
    app.click("#note-form-save").await;
    assert!(app.eventually(|| async { app.text("#note-form-status").await.contains("Saved") }).await);
    tab(&app, "timeline").await;
    // The tab is marked chosen before its panel is drawn, so wait for the filters to appear.
    let choices = "return [...document.querySelectorAll('#filter-platform option, #filter-account option')].map((o) => o.textContent).join('|')";
    let hostile_shown = || async {
        let options = app.client.execute(choices, vec![]).await.expect("read");
        options.as_str().is_some_and(|t| t.contains("<script>"))
    };
    assert!(app.eventually(hostile_shown).await, "filter choices show hostile names as text");
    app.set("#search-text", XSS).await;
    app.click("#search-go").await;
    assert!(app.eventually(|| async { app.text("#timeline-summary").await.contains("of ") }).await);
    let listed = app.client.execute("return document.getElementById('timeline-list').textContent", vec![]).await;
    assert!(listed.expect("read").as_str().is_some_and(|t| t.contains("<script>")), "found and shown as text");
    no_script_ran(&app).await;
    app.close().await;
}

/// A small PNG in a plain colour.
fn png(path: &std::path::Path, colour: [u8; 3]) {
    let image = image::RgbImage::from_pixel(200, 100, image::Rgb(colour));
    image.save(path).expect("write the test picture");
}

/// Reads an item's stored original with the vault locked in the app (the app holds its lock).
async fn stored(app: &App, dir: &std::path::Path, id: i64) -> Vec<u8> {
    ok(&app.invoke("vault_lock", json!({})).await, "lock");
    let vault = Vault::open(dir, Unlock::Passphrase(PASS.as_bytes())).expect("open the vault beside the app");
    let mut out = Vec::new();
    vault.read_original(id, &mut out).expect("read the original");
    drop(vault);
    ok(&app.invoke("vault_unlock", json!({"passphrase": PASS})).await, "unlock again");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn import_asks_first_can_cover_and_can_remove_the_original() {
    // The desktop's thumbnail cache, in a folder of the test's own.
    let cache = tempfile::tempdir().expect("a cache folder");
    let desktop = Desktop::start_with_env(&[("XDG_CACHE_HOME", cache.path().to_str().expect("path"))]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let file = data.path().join("chat.png");
    png(&file, [200, 30, 30]);

    app.choose("#import-choose", &file).await;
    app.wait_css("#import-heading").await;
    app.click("#import-yes").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("not saved") }).await);
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"], json!([]), "a picture said to show nudity is not imported");

    app.click("#cover-instead").await;
    app.wait_css("#cover-canvas").await;
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#evidence-status").await.contains("black box") }).await);
    app.click("#cover-add").await;
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("covered") }).await);
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["covered"], true, "the item records that it was covered");
    let picture = image::load_from_memory(&stored(&app, &data.path().join("vault"), 1).await).expect("a picture");
    let picture = picture.to_rgba8();
    assert_eq!(picture.get_pixel(100, 50).0, [0, 0, 0, 255], "the covered middle is black in the stored picture");
    assert_eq!(picture.get_pixel(5, 5).0, [200, 30, 30, 255], "the rest is kept as it was");
    assert!(file.exists(), "covering never touches the file itself");

    app.click("#tab-timeline").await;
    app.click("#tab-add").await;
    app.choose("#import-choose", &file).await;
    app.click("#import-no").await;
    app.wait_css("#import-result").await;
    let id: i64 = app
        .wait_css("#import-result")
        .await
        .attr("data-item")
        .await
        .expect("id")
        .expect("an id")
        .parse()
        .expect("a number");
    assert_eq!(
        stored(&app, &data.path().join("vault"), id).await,
        std::fs::read(&file).expect("the file"),
        "an exact copy"
    );
    // A file manager showed the picture once, so the desktop keeps a thumbnail of it.
    let thumbnails = holdfast_core::traces::thumbnails_of(&cache.path().join("thumbnails"), &file);
    for thumbnail in &thumbnails {
        std::fs::create_dir_all(thumbnail.parent().expect("folder")).expect("thumbnail folder");
        std::fs::write(thumbnail, b"a small picture of the evidence").expect("a thumbnail");
    }
    app.click("#import-remove").await;
    assert!(app.eventually(|| async { app.text("#import-remove-result").await.contains("Removed") }).await);
    assert!(!file.exists(), "the original is removed only after a checked import");
    assert!(thumbnails.iter().all(|t| !t.exists()), "and the desktop's thumbnails of it with it");
    // The page cannot name a path to remove: only an item's own original goes.
    let other = data.path().join("not-evidence.txt");
    std::fs::write(&other, b"a file the person keeps").expect("write");
    let refused = app.invoke("remove_imported_source", json!({"id": 999, "path": other})).await;
    assert_eq!(refused["err"]["code"], "refused", "no item was imported from that path: {refused}");
    assert!(other.exists(), "and nothing is removed");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_capture_with_a_covered_region_is_stored_black_there() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    app.click("#capture").await;
    app.wait_css("#cover-canvas").await;
    app.click("#cover-add").await;
    assert!(app.text("#cover-count").await.contains('1'), "one box");
    app.client.execute("document.getElementById('cover-canvas').focus()", vec![]).await.expect("focus");
    app.wait_css("#cover-canvas").await.send_keys("\u{E014}").await.expect("arrow right moves the box");
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("covered") }).await);
    let picture = image::load_from_memory(&stored(&app, &data.path().join("vault"), 1).await).expect("a picture");
    let picture = picture.to_rgba8();
    assert_eq!((picture.width(), picture.height()), (1280, 800), "the whole screen");
    // The box is a quarter of each side, centred, then moved right by one step (1280/50 = 26 px).
    for (x, y) in [(660, 400), (500, 310), (820, 490)] {
        assert_eq!(picture.get_pixel(x, y).0, [0, 0, 0, 255], "({x}, {y}) is inside the covered box");
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_wizard_writes_and_checks_and_a_tampered_bundle_fails() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let file = data.path().join("threat.png");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\npay or else").expect("write");
    let place = app.place("open-file", &file).await;
    ok(&app.invoke("vault_add_file", json!({"place": place, "details": {}, "intimate": false})).await, "file");
    tab(&app, "handover").await;
    let out = data.path().join("bundle.zip");
    app.set("#export-initials", "JS").await;
    app.set("#export-words", XSS).await;
    app.choose_into("#export-choose", "#export-out", &out).await;
    app.click("#export-make").await;
    app.wait_css("#export-done").await;
    assert_eq!(app.verified("#export-result").await.as_deref(), Some("true"));
    no_script_ran(&app).await;

    let mut bytes = std::fs::read(&out).expect("the bundle");
    let at = bytes.windows(11).position(|w| w == b"pay or else").expect("the exhibit is stored as it is");
    bytes[at] = b'P';
    let bad = data.path().join("tampered.zip");
    std::fs::write(&bad, bytes).expect("write the tampered copy");
    app.choose("#check-choose", &bad).await;
    assert!(
        app.eventually(|| async { app.text("#check-result").await.contains("exhibits/") }).await,
        "the changed exhibit is named"
    );
    assert_eq!(app.verified("#check-result").await.as_deref(), Some("false"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_restore_and_a_new_passphrase() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    ok(&app.invoke("vault_add_message", json!({"text": "kept through a backup", "details": {}})).await, "message");
    tab(&app, "safe").await;
    let backup = data.path().join("all.hfbackup");
    app.choose_into("#backup-choose", "#backup-out", &backup).await;
    app.click("#backup-make").await;
    assert!(app.eventually(|| async { app.text("#backup-status").await.contains("Backup saved") }).await);

    app.set("#change-current", "not my passphrase").await;
    app.set("#change-new", "a brand new passphrase here").await;
    app.set("#change-again", "a brand new passphrase here").await;
    app.click("#change-save").await;
    assert!(
        app.eventually(|| async { app.text("#change-status").await.to_lowercase().contains("passphrase") }).await,
        "a wrong current passphrase is refused"
    );
    app.set("#change-current", PASS).await;
    app.click("#change-save").await;
    assert!(app.eventually(|| async { app.text("#change-status").await.contains("new passphrase from now") }).await);
    app.click("#vault-lock").await;
    app.wait_css("#unlock-form").await;
    app.set("#unlock-passphrase", "a brand new passphrase here").await;
    app.click("#unlock-form button[type='submit']").await;
    app.wait_css("#tab-add").await;
    app.close().await;

    // Another computer: a fresh data folder, the backup restored, opened with the old passphrase.
    let other = tempfile::tempdir().expect("another computer");
    let app = desktop.open(other.path()).await;
    app.click("[data-nav='evidence']").await;
    let dest = other.path().join("restored");
    app.choose_into("#restore-choose", "#restore-file", &backup).await;
    app.choose_into("#restore-dest-choose", "#restore-dest", &dest).await;
    app.click("#restore-go").await;
    app.wait_css("#unlock-form").await;
    app.set("#unlock-passphrase", PASS).await;
    app.click("#unlock-form button[type='submit']").await;
    app.wait_css("#tab-add").await;
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["text"], "kept through a backup", "the restored vault holds the evidence");
    let check = ok(&app.invoke("vault_check", json!({})).await, "check");
    assert_eq!(check["problems"], json!([]), "and checks clean");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_lock_after_idle_then_unlock_with_the_recovery_key() {
    // The idle time counts again from the moment the unlock finishes (an unlock on a busy
    // machine can take longer than this), so the workspace has the whole 5 s to be drawn.
    let desktop = Desktop::start_with_env(&[("HOLDFAST_AUTO_LOCK_SECONDS", "5")]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let created = app.create_vault().await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#tab-add").await;
    let locked = || async { app.invoke("vault_status", json!({})).await["ok"]["unlocked"] == json!(false) };
    assert!(app.eventually(locked).await, "the vault locks itself after the idle time");
    app.wait_css("#auto-locked:not([hidden])").await;
    app.wait_css("#unlock-form").await;
    app.click("#use-recovery").await;
    app.set("#unlock-recovery", created["recovery_key"].as_str().expect("key")).await;
    app.click("#unlock-form button[type='submit']").await;
    app.wait_css("#tab-add").await;
    assert!(!app.displayed("#auto-locked").await, "the notice goes once unlocked");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_the_workspace() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#create-form").await;
    let source = crate::access::axe_source();
    app.client.execute(&format!("{source}\nreturn typeof axe;"), vec![]).await.expect("inject axe-core");
    let mut found = Vec::new();
    let mut check = |name: &str, violations: Vec<Value>| {
        for v in violations {
            found.push(format!("{name}: {v}"));
        }
    };
    check("create", crate::access::axe(&app).await);
    app.set("#create-passphrase", PASS).await;
    app.set("#create-again", PASS).await;
    app.click("#create-form button[type='submit']").await;
    let key = app.text("#recovery-key").await;
    check("recovery key", crate::access::axe(&app).await);
    app.click("#recovery-kept").await;
    check("recovery key typed back", crate::access::axe(&app).await);
    app.set("#recovery-confirm", &key).await;
    app.click("#recovery-done").await;
    app.wait_css("#tab-add[aria-pressed='true']").await;
    ok(&app.invoke("vault_add_message", json!({"text": "a threat", "details": {"platform": "Snapchat"}})).await, "msg");
    for name in ["add", "write", "timeline", "handover", "safe"] {
        tab(&app, name).await;
        check(name, crate::access::axe(&app).await);
    }
    tab(&app, "write").await;
    for form in ["message", "account", "payment", "note"] {
        app.click(&format!("#write-{form}")).await;
        app.wait_css(&format!("#{form}-form")).await;
        check(form, crate::access::axe(&app).await);
    }
    tab(&app, "timeline").await;
    app.click("#timeline-list button[data-item]").await;
    app.wait_css("#item-heading").await;
    check("item", crate::access::axe(&app).await);
    tab(&app, "handover").await;
    app.choose_into("#export-choose", "#export-out", &data.path().join("axe.zip")).await;
    app.click("#export-make").await;
    app.wait_css("#export-done").await;
    check("export done", crate::access::axe(&app).await);
    app.click("#vault-lock").await;
    app.wait_css("#unlock-form").await;
    check("unlock", crate::access::axe(&app).await);
    assert!(found.is_empty(), "axe-core found violations:\n{}", found.join("\n"));
    app.close().await;
}

/// Presses Tab until the focused element matches `css` (at most 60 times).
async fn tab_to(app: &App, css: &str) {
    for _ in 0..60 {
        let here = app.client.execute("return document.activeElement.matches(arguments[0])", vec![json!(css)]).await;
        if here.expect("ask what has focus") == json!(true) {
            return;
        }
        crate::guide::press(app, Key::Tab, 1).await;
    }
    panic!("Tab never reached {css}");
}

/// Types into whatever has focus, then (optionally) presses Enter.
async fn type_here(app: &App, text: &str, enter: bool) {
    let focused = app.client.active_element().await.expect("the focused element");
    focused.send_keys(text).await.expect("type");
    if enter {
        focused.send_keys("\u{E007}").await.expect("press Enter");
    }
}

async fn enter_on(app: &App, css: &str) {
    tab_to(app, css).await;
    crate::guide::press(app, Key::Enter, 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_main_flow_works_with_the_keyboard_alone() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    enter_on(&app, "[data-nav='evidence']").await;
    tab_to(&app, "#create-passphrase").await;
    type_here(&app, PASS, false).await;
    tab_to(&app, "#create-again").await;
    type_here(&app, PASS, true).await;
    let key = app.text("#recovery-key").await;
    enter_on(&app, "#recovery-kept").await;
    type_here(&app, &key, true).await;
    app.wait_css("#tab-add[aria-pressed='true']").await;

    enter_on(&app, "#tab-write").await;
    enter_on(&app, "#write-message").await;
    tab_to(&app, "#message-text").await;
    type_here(&app, "typed with the keyboard alone", false).await;
    enter_on(&app, "#message-form-save").await;
    assert!(app.eventually(|| async { app.text("#message-form-status").await.contains("Saved") }).await);

    enter_on(&app, "#tab-timeline").await;
    enter_on(&app, "#timeline-list button[data-item]").await;
    assert!(app.text("#item-text").await.contains("keyboard alone"), "the item opens from the timeline");

    enter_on(&app, "#tab-handover").await;
    // Enter on "Choose a place…" opens the file dialog (answered by the stand-in).
    app.answer_dialog(Some(&data.path().join("by-keyboard.zip")));
    enter_on(&app, "#export-choose").await;
    let chosen = || async {
        app.wait_css("#export-out")
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .is_some_and(|v| v.ends_with("by-keyboard.zip"))
    };
    assert!(app.eventually(chosen).await, "the chosen place is shown");
    enter_on(&app, "#export-make").await;
    app.wait_css("#export-done").await;
    assert_eq!(app.verified("#export-result").await.as_deref(), Some("true"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_window_is_captured_with_its_title_and_application() {
    let desktop = Desktop::start();
    // Listing windows needs a window manager, as on a real desktop.
    let _wm = desktop.run_on_display("openbox", &["--sm-disable"]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let _chat = desktop
        .run_on_display("xmessage", &["-title", "Chat with villain_01", "-geometry", "400x200+20+20", "pay now"]);
    // xmessage names its window the old way (WM_NAME); desktop apps also set the newer
    // _NET_WM_NAME, which is what the system reports, so the test sets it as they would.
    let named = || async {
        desktop
            .command("xprop")
            .args([
                "-name",
                "Chat with villain_01",
                "-f",
                "_NET_WM_NAME",
                "8u",
                "-set",
                "_NET_WM_NAME",
                "Chat with villain_01",
            ])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    assert!(app.eventually(named).await, "the other window appears");
    app.open_workspace().await;
    let listed = || async {
        let windows = app.invoke("capture_windows", json!({})).await;
        windows["ok"].as_array().is_some_and(|w| w.iter().any(|w| w["title"] == "Chat with villain_01"))
    };
    let found = app.eventually(listed).await;
    assert!(found, "the other window is listed by its title: {}", app.invoke("capture_windows", json!({})).await);
    let windows = ok(&app.invoke("capture_windows", json!({})).await, "windows");
    assert!(
        !windows.as_array().expect("a list").iter().any(|w| w["title"] == "Holdfast" || w["title"] == "Notes"),
        "Holdfast's own window is not offered: {windows}"
    );

    app.click("#capture-window").await;
    app.click("#window-list button").await;
    app.wait_css("#cover-canvas").await;
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("Saved") }).await);
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    let item = &listing["items"][0];
    assert_eq!(item["kind"], "screenshot", "a window capture is a screenshot");
    let tags: Vec<String> = serde_json::from_value(item["tags"].clone()).expect("tags");
    assert!(tags.contains(&"window: Chat with villain_01".to_string()), "the window's title is recorded: {tags:?}");
    assert!(tags.iter().any(|t| t.starts_with("application: ")), "and its application: {tags:?}");
    let picture = image::load_from_memory(&stored(&app, &data.path().join("vault"), 1).await).expect("a picture");
    assert!(picture.width() < 1280 && picture.height() < 800, "only the window, not the whole screen");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_picture_is_previewed_and_kept_only_when_saved() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let file = data.path().join("copied.png");
    png(&file, [10, 120, 200]);
    let _clip = desktop.run_on_display(
        "xclip",
        &["-quiet", "-selection", "clipboard", "-t", "image/png", "-i", file.to_str().expect("path")],
    );
    // Wait until xclip really holds the clipboard (on a busy machine it takes a while to start).
    let offered = || async {
        let targets = desktop.command("xclip").args(["-o", "-selection", "clipboard", "-t", "TARGETS"]).output();
        targets.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("image/png"))
    };
    assert!(app.eventually(offered).await, "xclip offers the picture on the clipboard");
    app.client.execute("document.getElementById('import-choose').focus()", vec![]).await.expect("focus a button");
    let ctrl_v = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: Key::Control.into() })
        .then(KeyAction::Down { value: 'v' })
        .then(KeyAction::Up { value: 'v' })
        .then(KeyAction::Up { value: Key::Control.into() });
    app.client.perform_actions(ctrl_v).await.expect("press Ctrl+V");
    app.wait_css("#cover-canvas").await;
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"], json!([]), "nothing is kept before the person saves it");
    app.click("#capture-save").await;
    assert!(app.eventually(|| async { app.text("#capture-result").await.contains("Saved") }).await);
    let picture = image::load_from_memory(&stored(&app, &data.path().join("vault"), 1).await).expect("a picture");
    assert_eq!(picture.to_rgba8().get_pixel(3, 3).0, [10, 120, 200, 255], "the pasted picture is kept as it was");
    // The picture is still on the clipboard: the person is offered to empty it.
    app.click("#tab-add").await;
    app.client.execute("document.getElementById('import-choose').focus()", vec![]).await.expect("focus a button");
    app.client
        .perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: Key::Control.into() })
                .then(KeyAction::Down { value: 'v' })
                .then(KeyAction::Up { value: 'v' })
                .then(KeyAction::Up { value: Key::Control.into() }),
        )
        .await
        .expect("press Ctrl+V again");
    app.click("#capture-discard").await;
    app.click("#clear-clipboard").await;
    assert!(app.eventually(|| async { app.text("#clear-clipboard-status").await.contains("empty") }).await);
    assert!(app.eventually(|| async { !offered().await }).await, "the clipboard no longer offers the picture");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vault_in_a_chosen_folder_is_found_again_next_time() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let stick = tempfile::tempdir().expect("a folder standing in for a USB stick");
    let folder = stick.path().join("notes");
    let app = desktop.open(data.path()).await;
    app.click("[data-nav='evidence']").await;
    app.set("#create-passphrase", PASS).await;
    app.set("#create-again", PASS).await;
    app.click("#place-there").await;
    app.choose_into("#create-folder-choose", "#create-folder", &folder).await;
    app.click("#create-form button[type='submit']").await;
    app.wait_css("#recovery-key").await;
    assert!(folder.join("vault.json").is_file(), "the vault is made in the chosen folder");
    assert!(!data.path().join("vault").exists(), "and not in the app's own folder");
    app.close().await;

    let app = desktop.open(data.path()).await;
    let status = ok(&app.invoke("vault_status", json!({})).await, "status");
    assert_eq!(status["dir"], folder.to_str().expect("path"), "the chosen folder is remembered");
    assert_eq!(status["exists"], true, "and its vault is found");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_chosen_in_the_dialog_is_imported_and_left_out_of_recent_files() {
    let home = tempfile::tempdir().expect("a home folder for the app");
    let home_path = home.path().to_str().expect("path").to_string();
    let desktop =
        Desktop::start_with_env(&[("HOME", &home_path), ("XDG_DATA_HOME", &format!("{home_path}/.local/share"))]);
    let _wm = desktop.run_on_display("openbox", &["--sm-disable"]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let file = data.path().join("receipt-for-police.txt");
    std::fs::write(&file, b"gift card codes sent").expect("write");

    app.click("#import-choose").await;
    // The system's dialog: type the file's path into its location box and press Enter.
    let typed = || async {
        let dialog = desktop.command("xdotool").args(["search", "--sync", "--onlyvisible", "--name", "Open"]).output();
        dialog.is_ok_and(|o| !o.stdout.is_empty())
    };
    assert!(app.eventually(typed).await, "the file dialog opens");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    for keys in
        [vec!["key", "ctrl+l"], vec!["type", "--delay", "20", file.to_str().expect("path")], vec!["key", "Return"]]
    {
        let status = desktop.command("xdotool").args(&keys).status().expect("run xdotool");
        assert!(status.success(), "xdotool {keys:?}");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    app.wait_css("#import-result").await;
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["original_name"], "receipt-for-police.txt", "the chosen file was imported");
    let recent = home.path().join(".local/share/recently-used.xbel");
    let named = std::fs::read_to_string(&recent).unwrap_or_default();
    assert!(!named.contains("receipt-for-police"), "the file's name is not in the desktop's recent files: {named}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_dropped_on_the_window_is_imported() {
    let desktop = Desktop::start();
    let _wm = desktop.run_on_display("openbox", &["--sm-disable"]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let file = data.path().join("dropped-chat.txt");
    std::fs::write(&file, b"a chat saved as text").expect("write");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/support/drag_source.py");
    let _source =
        desktop.run_on_display("/usr/bin/python3", &[script.to_str().expect("path"), file.to_str().expect("path")]);
    let shown = || async {
        let found = desktop.command("xdotool").args(["search", "--onlyvisible", "--name", "Drag source"]).output();
        found.is_ok_and(|o| !o.stdout.is_empty())
    };
    assert!(app.eventually(shown).await, "the drag source window appears");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Press on the source's label, move across the screen in steps (as a hand would) and let go
    // over Holdfast's window.
    let xdotool = |args: Vec<String>| {
        let status = desktop.command("xdotool").args(&args).status().expect("run xdotool");
        assert!(status.success(), "xdotool {args:?}");
    };
    xdotool(["mousemove", "60", "40"].map(String::from).to_vec());
    xdotool(["mousedown", "1"].map(String::from).to_vec());
    for step in 1..=20 {
        xdotool(vec!["mousemove".into(), (60 + step * 30).to_string(), (40 + step * 18).to_string()]);
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
    }
    xdotool(["mouseup", "1"].map(String::from).to_vec());
    app.wait_css("#import-result").await;
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["original_name"], "dropped-chat.txt", "the dropped file was imported");
    app.close().await;
}
