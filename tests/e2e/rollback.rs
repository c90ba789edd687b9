//! An older copy of `vault.db` put back while Holdfast was closed (issue 12, finding 1): after
//! the unlock the workspace says so above the tabs, "Keep it safe" lists the evidence file the
//! old copy no longer names, and the person puts it back by keyboard after the nudity question.
//! With `HOLDFAST_SHOTS_DIR` set it also saves screenshots of both.

use serde_json::json;

use crate::harness::{ok, Desktop};

const PASS: &str = "a long enough passphrase";

#[tokio::test(flavor = "multi_thread")]
async fn an_old_vault_db_put_back_is_shown_and_its_set_aside_file_can_be_put_back() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let vault = data.path().join("vault");
    let app = desktop.open(data.path()).await;
    app.create_vault().await;
    ok(&app.invoke("vault_add_message", json!({"text": "the first threat", "details": {}})).await, "add");
    ok(&app.invoke("vault_lock", json!({})).await, "lock");
    // Locked, the database is closed and whole: this is the copy someone keeps.
    let old = std::fs::read(vault.join("vault.db")).expect("copy vault.db");
    ok(&app.invoke("vault_unlock", json!({"passphrase": PASS})).await, "unlock");
    let file = data.path().join("later.txt");
    std::fs::write(&file, b"a later piece of evidence").expect("write");
    let place = app.place("open-file", &file).await;
    ok(&app.invoke("vault_add_file", json!({"place": place, "details": {}, "intimate": false})).await, "add file");
    ok(&app.invoke("vault_lock", json!({})).await, "lock");
    std::fs::write(vault.join("vault.db"), old).expect("put the old copy back");
    for side in ["vault.db-wal", "vault.db-shm"] {
        let _ = std::fs::remove_file(vault.join(side));
    }

    app.click("[data-nav='evidence']").await;
    app.set("#unlock-passphrase", PASS).await;
    app.click("#unlock-form button[type='submit']").await;
    let notice = app.text("#older-database").await;
    assert!(notice.contains("older"), "the workspace says the records are older: {notice}");
    assert!(
        notice.contains("held 2 items") && notice.contains("now holds 1"),
        "and how many items there were and are: {notice}"
    );

    let shots = std::env::var_os("HOLDFAST_SHOTS_DIR").map(std::path::PathBuf::from);
    if let Some(dir) = &shots {
        crate::screens::save(&app, dir, "30-older-database").await;
    }
    app.click("#tab-safe").await;
    app.wait_css("#set-aside-list li").await;
    let put = app.wait_css("#set-aside-list button").await;
    put.send_keys("\u{E007}").await.expect("press Enter on 'Put it back'");
    app.wait_css("#set-aside-question").await;
    if let Some(dir) = &shots {
        crate::screens::save(&app, dir, "31-set-aside-question").await;
    }
    let no = app.wait_css("#set-aside-no").await;
    no.send_keys("\u{E007}").await.expect("press Enter on 'No: put it back'");
    app.wait_css("#set-aside-result").await;
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    let items = listing["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "the later file is an item again: {listing}");
    assert!(ok(&app.invoke("vault_set_aside", json!({})).await, "set aside") == json!([]), "nothing is left aside");

    app.click("#older-dismiss").await;
    let gone = || async {
        let script = "return document.querySelector('#older-database') === null";
        app.client.execute(script, vec![]).await.is_ok_and(|v| v == json!(true))
    };
    assert!(app.eventually(gone).await, "dismissed, the notice goes");
    assert_eq!(ok(&app.invoke("vault_older", json!({})).await, "older"), json!(null), "and stays gone");
    app.close().await;
}
