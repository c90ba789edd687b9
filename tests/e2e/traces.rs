//! Traces outside the vault (issue 12): the web view keeps no data of its own on disk (no cache,
//! no storage folders, so nothing a preview showed can land there): the window's web view is
//! ephemeral (`incognito`).
//!
//! WebDriver can drive only a persistent web context, so the app uses one when tauri-driver
//! starts it (`TAURI_WEBVIEW_AUTOMATION`, see `open_window` in `src-tauri/src/main.rs`). This
//! test therefore starts the real app itself, without WebDriver, on the harness's display, as a
//! person would; a control start with automation on shows the same check finding WebKit's
//! folders, so the check can fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Desktop, APP};

const PATIENCE: Duration = Duration::from_secs(60);

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
    out
}

/// WebKit's storage under `dirs` that can hold what a page showed or kept: cache records,
/// cache storage, local storage, IndexedDB, databases. (Tauri also creates a persistent web
/// context the window does not use, beside the window's ephemeral one; WebKit gives it empty
/// folders with random salts and an HSTS list, which hold nothing of any page.)
fn web_data(dirs: &[&Path]) -> Vec<PathBuf> {
    let storage = ["cachestorage", "localstorage", "indexeddb", "databases", "serviceworkers"];
    dirs.iter()
        .flat_map(|d| files_under(d))
        .filter(|p| {
            let name = p.to_string_lossy().to_lowercase();
            let cached = name.contains("webkitcache") && p.is_file() && p.file_name().is_some_and(|n| n != "salt");
            cached || storage.iter().any(|m| name.contains(m))
        })
        .collect()
}

/// Whether the app's web view has started: WebKit's network process, which owns any disk
/// cache, runs as the app's child.
fn web_view_started(app: &Child) -> bool {
    let out = Command::new("pgrep").args(["-P", &app.id().to_string(), "-f", "WebKitNetworkProcess"]).output();
    out.is_ok_and(|o| !o.stdout.is_empty())
}

struct Run {
    home: tempfile::TempDir,
    data: tempfile::TempDir,
    app: Child,
}

fn start(desktop: &Desktop, automated: bool) -> Run {
    let home = tempfile::tempdir().expect("a home folder");
    let data = tempfile::tempdir().expect("a data folder");
    let h = home.path().display().to_string();
    let mut command = desktop.command(APP);
    command
        .args(["--data-dir", &data.path().display().to_string()])
        .env("HOME", &h)
        .env("XDG_DATA_HOME", format!("{h}/.local/share"))
        .env("XDG_CACHE_HOME", format!("{h}/.cache"))
        .env("XDG_CONFIG_HOME", format!("{h}/.config"))
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if automated {
        command.env("TAURI_WEBVIEW_AUTOMATION", "true");
    } else {
        command.env_remove("TAURI_WEBVIEW_AUTOMATION");
    }
    let app = command.spawn().expect("start holdfast-app");
    Run { home, data, app }
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < PATIENCE, "{what} within {PATIENCE:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_web_view_keeps_nothing_on_disk() {
    let desktop = Desktop::start();

    // Control: a persistent web context (as under WebDriver) keeps a page's storage on disk.
    let mut control = start(&desktop, true);
    wait_for("the control's web view starts", || web_view_started(&control.app));
    wait_for("a persistent web context keeps storage on disk (the check can see it)", || {
        !web_data(&[control.home.path(), control.data.path()]).is_empty()
    });
    let _ = control.app.kill();
    let _ = control.app.wait();

    // The real start: the same moment, and a while after, nothing of WebKit's exists.
    let mut real = start(&desktop, false);
    wait_for("the web view starts", || web_view_started(&real.app));
    for _ in 0..30 {
        let found = web_data(&[real.home.path(), real.data.path()]);
        assert!(found.is_empty(), "the web view keeps no cache or storage of its own: {found:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = real.app.kill();
    let _ = real.app.wait();
    let found = web_data(&[real.home.path(), real.data.path()]);
    assert!(found.is_empty(), "nor after it stops: {found:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_can_leave_no_core_dump() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let pattern = format!("holdfast-app --data-dir {}", data.path().display());
    let out = Command::new("pgrep").args(["-f", &pattern]).output().expect("run pgrep");
    let pid = String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("the app's pid").to_string();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read the app's limits");
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).expect("a core-file line");
    let values: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(values, ["0", "0"], "the app's core-file limit is zero, soft and hard: {core}");
    app.close().await;
}
