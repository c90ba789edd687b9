//! Discretion beyond the window: the vault locks when the computer sleeps, and in discreet
//! mode the desktop knows the app only as "Notes".

use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::harness::{app_processes, ok, App, Desktop, PASS};

/// The app's own process (started by tauri-driver with this data folder).
fn app_pid(data: &std::path::Path) -> String {
    let pids = app_processes(data);
    assert_eq!(pids.len(), 1, "exactly one app process runs with {}: {pids:?}", data.display());
    pids[0].clone()
}

/// Stops the whole app process for `pause`, then lets it go on: to its threads, that is what
/// a suspended computer looks like (the wall clock moved on while nothing ran).
async fn freeze(pid: &str, pause: Duration) {
    let signal = |name: &str| {
        let status = Command::new("kill").args([name, pid]).status().expect("run kill");
        assert!(status.success(), "kill {name} {pid}");
    };
    signal("-STOP");
    tokio::time::sleep(pause).await;
    signal("-CONT");
}

async fn unlocked(app: &App) -> bool {
    ok(&app.invoke("vault_status", json!({})).await, "status")["unlocked"] == json!(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_vault_locks_when_the_computer_wakes_from_sleep() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    let pid = app_pid(data.path());

    // Control: a short stall (a busy machine) is not sleep.
    freeze(&pid, Duration::from_secs(4)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(unlocked(&app).await, "a pause of a few seconds leaves the vault unlocked");
    assert!(app.displayed("#tab-add").await, "and the workspace on screen");

    freeze(&pid, Duration::from_secs(25)).await;
    let locked = || async { !unlocked(&app).await };
    assert!(app.eventually(locked).await, "after sleeping the vault is locked");
    app.wait_css("#sleep-locked:not([hidden])").await;
    app.wait_css("#unlock-form").await;
    assert!(!app.displayed("#auto-locked").await, "the notice says it was sleep, not idleness");
    assert_eq!(
        app.client.execute("return document.querySelectorAll('#tab-add').length", vec![]).await.expect("count"),
        json!(0),
        "the workspace is gone from the page"
    );

    app.wait_css("#unlock-passphrase").await;
    let unlock = ok(&app.invoke("vault_unlock", json!({"passphrase": PASS})).await, "unlock");
    assert_eq!(unlock["unlocked"], json!(true), "the passphrase opens it again: {unlock}");
    app.close().await;
}

/// Windows on the display whose class (WM_CLASS) is `class`, as xdotool finds them.
fn windows_of_class(desktop: &Desktop, class: &str) -> usize {
    let out = desktop.command("xdotool").args(["search", "--class", class]).output().expect("run xdotool");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

#[tokio::test(flavor = "multi_thread")]
async fn in_discreet_mode_the_desktop_knows_the_app_only_as_notes() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    assert!(windows_of_class(&desktop, "holdfast") > 0, "control: normally the window's class names the program");
    ok(&app.invoke("set_discreet", json!({"on": true})).await, "discreet on");
    app.close().await;

    let app = desktop.open(data.path()).await;
    assert_eq!(app.client.title().await.expect("title"), "Notes");
    assert!(windows_of_class(&desktop, "notes") > 0, "the window's class is Notes");
    assert_eq!(windows_of_class(&desktop, "holdfast"), 0, "no window on the desktop is named after Holdfast");
    app.close().await;
}
