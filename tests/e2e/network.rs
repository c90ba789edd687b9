//! The app makes no network connection: it works the same inside a network namespace that has
//! no interface but a loopback device (which WebDriver itself needs).

use std::process::Command;

use crate::harness::Desktop;

/// Runs `inside_a_network_namespace` in a fresh network namespace (`unshare --net`, inside a
/// user namespace so that it needs no root).
#[test]
fn the_app_works_without_any_network() {
    let exe = std::env::current_exe().expect("path of this test binary");
    let output = Command::new("unshare")
        .args(["--map-root-user", "--net", "--"])
        .arg(exe)
        .args(["network::inside_a_network_namespace", "--exact", "--ignored", "--nocapture"])
        .output()
        .expect("run unshare (util-linux)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the app must work with no network.\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("1 passed"), "the inner test must actually run and pass:\n{stdout}");
}

/// The body of the test above; only meaningful inside the namespace it creates.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by the_app_works_without_any_network inside a network namespace"]
async fn inside_a_network_namespace() {
    // /proc/self/net/dev belongs to this process's namespace (/sys/class/net may not).
    let dev = std::fs::read_to_string("/proc/self/net/dev").expect("list network interfaces");
    let interfaces: Vec<String> =
        dev.lines().skip(2).filter_map(|l| l.split(':').next()).map(|n| n.trim().to_string()).collect();
    assert_eq!(interfaces, vec!["lo".to_string()], "the namespace must have no interface but loopback");
    let up = Command::new("ip").args(["link", "set", "lo", "up"]).status().expect("run ip (iproute2)");
    assert!(up.success(), "bring up loopback for WebDriver");

    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    assert!(app.text("#crisis-lines").await.contains("999"), "help renders with no network");
    app.click("#open-help").await;
    assert!(app.displayed("article.service").await, "the help list renders with no network");
    app.wait_css("#country").await.select_by_value("AU").await.expect("choose Australia");
    assert!(
        app.eventually(|| async { app.text("#crisis-lines").await.contains("000") }).await,
        "choosing a country works offline"
    );
    app.close().await;
}
