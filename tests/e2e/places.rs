//! The page never names a path: commands take only a handle for a place the person chose in
//! the system's file dialog (or dropped on the window), each good for its purpose only. The
//! real dialog (not the stand-in) and a real drop are driven in `workspace.rs`.

use serde_json::json;

use crate::harness::{ok, Desktop};

#[tokio::test(flavor = "multi_thread")]
async fn the_page_cannot_name_a_path_only_a_place_the_person_chose() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.create_vault().await;
    let secret = data.path().join("somebody-else.txt");
    std::fs::write(&secret, b"not chosen by the person").expect("write");

    let typed = secret.to_str().expect("path");
    let read = app.invoke("vault_add_file", json!({"place": typed, "details": {}, "intimate": false})).await;
    assert_eq!(read["err"]["code"], "invalid_input", "a path from the page is not a place: {read}");
    let held = app.invoke("hold_file", json!({"place": typed})).await;
    assert_eq!(held["err"]["code"], "invalid_input", "nor for a preview: {held}");
    let old = app.invoke("vault_add_file", json!({"path": typed, "details": {}, "intimate": false})).await;
    assert!(old.get("err").is_some(), "the old path argument is gone: {old}");
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"].as_array().map(Vec::len), Some(0), "nothing was imported: {listing}");

    let written = data.path().join("made-up.zip");
    let typed_out = written.to_str().expect("path");
    let export = app.invoke("vault_export", json!({"request": {"place": typed_out}})).await;
    assert_eq!(export["err"]["code"], "invalid_input", "{export}");
    // A file chosen to be imported is not a place to write a bundle or a key.
    let to_import = app.place("open-file", &written).await;
    let export = app.invoke("vault_export", json!({"request": {"place": to_import}})).await;
    assert_eq!(export["err"]["code"], "invalid_input", "{export}");
    assert!(export["err"]["message"].as_str().is_some_and(|m| m.contains("chosen for something else")), "{export}");
    let key = app.invoke("save_recovery_key", json!({"place": to_import, "key": "x"})).await;
    assert!(key.get("err").is_some(), "{key}");
    assert!(!written.exists(), "nothing was written");
    let folder = app.invoke("vault_use_folder", json!({"place": data.path().to_str().expect("path")})).await;
    assert_eq!(folder["err"]["code"], "invalid_input", "{folder}");

    // A cancelled dialog gives nothing.
    app.answer_dialog(None);
    let cancelled = ok(&app.invoke("choose_path", json!({"purpose": "open-file"})).await, "cancel");
    assert!(cancelled.is_null(), "{cancelled}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_place_chosen_before_a_password_is_typed_is_chosen_again() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    ok(&app.invoke("vault_add_message", json!({"text": "pay or else", "details": {}})).await, "add");
    app.click("#tab-handover").await;
    app.choose_into("#export-choose", "#export-out", &data.path().join("evidence.zip")).await;
    app.set("#export-password", "correct horse battery staple orbit").await;
    let asked = app.eventually(|| async { app.text("#export-status").await.contains("choose where to save it again") });
    assert!(asked.await, "the person is asked to choose again");
    let value = app.wait_css("#export-out").await.prop("value").await.expect("read the field");
    assert_eq!(value.as_deref(), Some(""), "the .zip place is forgotten");
    let sealed = data.path().join("evidence.7z");
    app.choose_into("#export-choose", "#export-out", &sealed).await;
    app.click("#export-make").await;
    app.wait_css("#export-done").await;
    assert!(std::fs::read(&sealed).expect("the bundle").starts_with(b"7z\xbc\xaf\x27\x1c"), "a 7z was written");
    assert!(!data.path().join("evidence.zip").exists());
    app.close().await;
}
