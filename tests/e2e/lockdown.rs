//! The window is locked down: only Holdfast's own commands answer, the page cannot reach the
//! network, and the JavaScript prototypes are frozen.

use std::net::TcpListener;
use std::time::Duration;

use serde_json::json;

use crate::harness::Desktop;

#[tokio::test(flavor = "multi_thread")]
async fn only_holdfasts_own_commands_can_be_called() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    let own = app.invoke("guide_start", json!({})).await;
    assert!(own.get("ok").is_some(), "a listed command answers (control): {own}");
    for command in
        ["plugin:app|version", "plugin:window|close", "plugin:webview|print", "plugin:path|resolve_directory"]
    {
        let reply = app.invoke(command, json!({})).await;
        assert!(reply.get("err").is_some(), "{command} must be refused, got {reply}");
    }
    let unknown = app.invoke("no_such_command", json!({})).await;
    assert!(unknown.get("err").is_some(), "an unlisted command is refused: {unknown}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_cannot_open_a_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback listener");
    listener.set_nonblocking(true).expect("non-blocking listener");
    let url = format!("http://127.0.0.1:{}/", listener.local_addr().expect("address").port());

    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let script = r#"
        const done = arguments[arguments.length - 1];
        const img = document.createElement('img');
        img.src = arguments[0] + 'pixel.png';
        document.body.append(img);
        fetch(arguments[0]).then(() => done('fetched'), (e) => done('refused: ' + e));
    "#;
    let outcome = app.client.execute_async(script, vec![json!(url)]).await.expect("run fetch in the page");
    assert!(outcome.as_str().is_some_and(|s| s.starts_with("refused")), "fetch must be refused by the CSP: {outcome}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(listener.accept().is_err(), "nothing in the page may connect to {url}, not even to load an image");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn javascript_prototypes_are_frozen() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let frozen = app.client.execute("return Object.isFrozen(Object.prototype)", vec![]).await.expect("run script");
    assert_eq!(frozen, json!(true), "freezePrototype is on");
    app.close().await;
}
