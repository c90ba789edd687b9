//! The vault's Tauri commands, called from the real app's page: the same core functions the
//! CLI uses, with `{code, message}` errors.

use serde_json::{json, Value};

use crate::harness::{ok, Desktop};

fn err_code(reply: &Value) -> String {
    reply["err"]["code"].as_str().unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_add_lock_and_unlock_through_the_app() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    let status = ok(&app.invoke("vault_status", json!({})).await, "status");
    assert_eq!(status["exists"], false, "no vault before one is created");

    let short = app.invoke("vault_create", json!({"passphrase": "short", "under_18": false})).await;
    assert_eq!(err_code(&short), "invalid_input", "a short passphrase is refused with a code: {short}");
    assert!(short["err"]["message"].as_str().is_some_and(|m| m.contains("at least")), "and a plain message");
    assert_eq!(short["err"]["key"], "error.invalid-input", "and the catalogue key the window shows it by");
    let params = &short["err"]["params"];
    assert_eq!(
        params["field"],
        json!({"key": "field.passphrase", "params": {}}),
        "the field, in the catalogue's words"
    );
    assert_eq!(params["why"]["key"], "invalid.passphrase-short", "and what is wrong, in them too: {params}");
    assert!(params["why"]["params"]["min"].as_str().is_some_and(|n| n.parse::<u32>().is_ok()), "with its number");

    let created = ok(
        &app.invoke("vault_create", json!({"passphrase": "a long enough passphrase", "under_18": false})).await,
        "create",
    );
    let recovery = created["recovery_key"].as_str().expect("a recovery key").to_string();
    assert_eq!(recovery.split('-').count(), 9, "shown in nine groups");
    assert!(data.path().join("vault/vault.json").is_file(), "the vault lives in the data folder by default");

    let xss = "<img src=x onerror=alert(1)> \u{202E}evil <script>alert(2)</script>";
    let details = json!({"platform": "Instagram", "sender": xss, "happened_at": "2026-11-28T21:14:03+01:00"});
    ok(&app.invoke("vault_add_message", json!({"text": xss, "details": details})).await, "add message");
    let account = json!({"platform": "Instagram", "handle": "villain_01", "user_id": "5550001"});
    let account_id = ok(&app.invoke("vault_add_account", json!({"account": account})).await, "add account");
    let payment = json!({"kind": "demand", "amount": "500", "currency": "GBP", "method": "gift-card", "destination": "CODE-1", "account": account_id});
    ok(&app.invoke("vault_add_payment", json!({"payment": payment})).await, "add payment");
    let bad = app.invoke("vault_add_payment", json!({"payment": {"kind": "demand", "amount": "49,99", "currency": "EUR", "method": "card", "destination": "x"}})).await;
    assert_eq!(err_code(&bad), "invalid_input", "a bad amount is refused: {bad}");

    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["text"], xss, "hostile text is stored and returned exactly, as data");
    assert_eq!(listing["accounts"][0]["handle"], "villain_01", "the account");
    assert_eq!(listing["payments"][0]["money"]["amount"], "500", "the demand");
    let report = ok(&app.invoke("vault_check", json!({})).await, "check");
    assert_eq!(report["problems"], json!([]), "the vault checks clean");

    ok(&app.invoke("vault_lock", json!({})).await, "lock");
    let locked = app.invoke("vault_list", json!({})).await;
    assert_eq!(err_code(&locked), "locked", "a locked vault lists nothing: {locked}");

    let wrong = app.invoke("vault_unlock", json!({"passphrase": "not the passphrase"})).await;
    assert_eq!(err_code(&wrong), "wrong_passphrase", "wrong passphrase has its code: {wrong}");
    assert_eq!(wrong["err"]["key"], "error.wrong-passphrase", "and its words in the catalogue: {wrong}");
    let status =
        ok(&app.invoke("vault_unlock", json!({"recovery_key": recovery})).await, "unlock with the recovery key");
    assert_eq!(status["unlocked"], true, "the recovery key unlocks it");
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list again");
    assert_eq!(listing["items"].as_array().map(Vec::len), Some(1), "everything is still there");

    app.click("#quick-exit").await;
    let after_exit = ok(&app.invoke("vault_status", json!({})).await, "status");
    assert!(
        app.eventually(|| async { app.invoke("vault_status", json!({})).await["ok"]["unlocked"] == false }).await,
        "quick exit locks the vault: {after_exit}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_and_check_a_bundle_through_the_app() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let created =
        app.invoke("vault_create", json!({"passphrase": "a long enough passphrase", "under_18": false})).await;
    assert!(created.get("ok").is_some(), "{created}");
    let file = data.path().join("threat.png");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\nthreat").expect("write");
    let intimate = data.path().join("private.jpg");
    std::fs::write(&intimate, b"INTIMATE-E2E-CANARY").expect("write");
    let details = json!({"note": "the threat"});
    for (path, flag) in [(&file, false), (&intimate, true)] {
        let place = app.place("open-file", path).await;
        let added = app.invoke("vault_add_file", json!({"place": place, "details": details, "intimate": flag})).await;
        assert!(added.get("ok").is_some(), "{added}");
    }

    let out = data.path().join("bundle.zip");
    let place = app.place("save-bundle", &out).await;
    let summary = app.invoke("vault_export", json!({"request": {"place": place, "initials": "AB"}})).await;
    assert_eq!(summary["ok"]["summary"]["exhibits"], 1, "only the item not marked intimate is exported: {summary}");
    assert_eq!(summary["ok"]["verdict"]["verified"], true, "the app checks what it wrote: {summary}");
    let bytes = std::fs::read(&out).expect("the bundle was written");
    assert!(!bytes.windows(19).any(|w| w == b"INTIMATE-E2E-CANARY"), "the intimate item is not in the bundle");

    let verdict = app.invoke("bundle_verify", json!({"place": app.place("open-bundle", &out).await})).await;
    assert_eq!(verdict["ok"]["verified"], true, "{verdict}");
    assert_eq!(verdict["ok"]["fingerprint"], summary["ok"]["summary"]["fingerprint"]);

    let mut damaged = bytes.clone();
    let at = damaged.windows(6).position(|w| w == b"threat").expect("the exhibit's bytes are stored as they are");
    damaged[at] = b'T';
    let bad = data.path().join("damaged.zip");
    std::fs::write(&bad, damaged).expect("write");
    let verdict = app.invoke("bundle_verify", json!({"place": app.place("open-bundle", &bad).await})).await;
    assert_eq!(verdict["ok"]["verified"], false, "a changed byte fails: {verdict}");
    // The same verdicts through the "Check a bundle" form.
    app.click("[data-nav='evidence']").await;
    for (path, verified) in [(&out, "true"), (&bad, "false")] {
        // The screen shows once the workspace above the form has been drawn; choosing the
        // bundle checks it.
        app.wait_css("#screen-evidence:not([hidden]) #check-choose").await;
        app.choose_into("#check-choose", "#check-path", path).await;
        let css = format!("#check-result [data-verified='{verified}']");
        app.wait_css(&css).await;
    }
    assert!(app.text("#check-result").await.contains("exhibits/AB-1_file_"), "the failing file is named");

    let exists = app.invoke("vault_export", json!({"request": {"place": place}})).await;
    assert_eq!(exists["err"]["code"], "storage", "an existing bundle is never overwritten: {exists}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_count_above_the_tabs_follows_items_added_since_the_workspace_opened() {
    // The regression: the timeline showed three entries under "It holds 0 items you could hand
    // to the police", because the count was taken once, when the workspace opened.
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    assert!(app.text("#vault-state").await.contains(" 0 "), "{}", app.text("#vault-state").await);
    for text in ["pay or else", "you have one hour"] {
        ok(&app.invoke("vault_add_message", json!({"text": text, "details": {}})).await, text);
    }
    let demand = json!({"kind": "demand", "amount": "500", "currency": "GBP", "method": "gift-card", "destination": "Steam card codes"});
    ok(&app.invoke("vault_add_payment", json!({"payment": demand})).await, "add a demand");
    app.click("#tab-timeline").await;
    app.wait_css("#timeline-list li").await;
    let counted = || async { app.text("#vault-state").await.contains(" 2 items ") };
    assert!(app.eventually(counted).await, "two messages, counted: {}", app.text("#vault-state").await);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_command_that_finds_the_vault_locked_brings_back_the_unlock_form() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    // Locked behind the page's back (as another lock would): the next step the page takes
    // hears `locked`, and the evidence goes away for the unlock form.
    ok(&app.invoke("vault_lock", json!({})).await, "lock");
    app.click("#tab-timeline").await;
    app.wait_css("#unlock-form").await;
    let gone = app.client.execute("return document.getElementById('workspace-panel') === null", vec![]).await;
    assert_eq!(gone.expect("ask the page"), json!(true), "the workspace is gone from the screen");
    app.close().await;
}
