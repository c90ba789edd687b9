//! Starts Xvfb, tauri-driver and the app for one test, and stops them all when dropped.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The app binary that `cargo test` built for this test run.
pub const APP: &str = env!("CARGO_BIN_EXE_holdfast-app");

pub const WAIT: Duration = Duration::from_secs(20);
/// How long the app may take to start and open its window, on a busy machine.
const APP_START: Duration = Duration::from_secs(90);

/// Finds a program: an explicit environment variable, the repository's `.tools/bin`, or PATH.
fn find_tool(name: &str, env: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/bin").join(name);
    if local.is_file() {
        return local;
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    on_path.unwrap_or_else(|| {
        panic!("{name} is not installed, so the end-to-end tests cannot run. Run scripts/setup (or set {env}).")
    })
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    listener.local_addr().expect("read the bound port").port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < WAIT, "{what} did not start listening on port {port} within {WAIT:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A child process that is killed (with its whole process group) when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_in_own_group(command: &mut Command) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt;
    command.process_group(0).spawn()
}

/// One Xvfb display and one tauri-driver for a test.
pub struct Desktop {
    // Field order is drop order: the driver (and the app under it) before the display.
    driver: Reaped,
    _xvfb: Reaped,
    port: u16,
    display: String,
    /// Holds the answer file of the app's stand-in for the system's file dialog.
    chooser: tempfile::TempDir,
}

impl Desktop {
    pub fn start() -> Desktop {
        Desktop::start_with_env(&[])
    }

    /// Like [`Desktop::start`], with extra environment variables for the app (it inherits the
    /// driver's environment): `HOLDFAST_LOCALE`, `HOLDFAST_TODAY`, `HOLDFAST_BROWSER`.
    pub fn start_with_env(env: &[(&str, &str)]) -> Desktop {
        let xvfb_bin = find_tool("Xvfb", "HOLDFAST_XVFB");
        let driver_bin = find_tool("tauri-driver", "HOLDFAST_TAURI_DRIVER");
        find_tool("WebKitWebDriver", "HOLDFAST_WEBKIT_WEBDRIVER");

        let mut xvfb = spawn_in_own_group(
            Command::new(xvfb_bin)
                .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .expect("start Xvfb");
        let mut line = String::new();
        let stdout = xvfb.stdout.take().expect("Xvfb stdout is piped");
        BufReader::new(stdout).read_line(&mut line).expect("read Xvfb's display number");
        let display = format!(":{}", line.trim());
        assert!(line.trim().parse::<u32>().is_ok(), "Xvfb gave no display number (got {line:?})");
        let xvfb = Reaped(xvfb);

        let chooser = tempfile::tempdir().expect("a folder for the file dialog's answers");
        let port = free_port();
        let native_port = free_port();
        let driver = spawn_in_own_group(
            Command::new(driver_bin)
                .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                .env("DISPLAY", &display)
                // The app runs on this Xvfb display, an X11 session, whatever the caller's session is.
                .env_remove("WAYLAND_DISPLAY")
                .env("XDG_SESSION_TYPE", "x11")
                // WebDriver cannot reach the system's file dialog: under WebDriver the app takes
                // its answer from this file instead (see src-tauri/src/choose.rs).
                .env("HOLDFAST_STAND_IN_CHOOSER", chooser.path().join(ANSWER))
                .envs(env.iter().copied())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit()),
        )
        .expect("start tauri-driver");
        let driver = Reaped(driver);
        wait_for_port(port, "tauri-driver");
        wait_for_port(native_port, "WebKitWebDriver");
        Desktop { driver, _xvfb: xvfb, port, display, chooser }
    }

    /// Starts the app with `data_dir` and waits until its first screen is ready.
    pub async fn open(&self, data_dir: &Path) -> App {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": APP,
                "args": ["--data-dir", data_dir.to_string_lossy()],
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let address = format!("http://127.0.0.1:{}", self.port);
        let connect = builder.connect(&address);
        // WebKitWebDriver waits for ever when the app dies at start (GTK once failed to open the
        // display so): fail loudly instead of hanging the whole run.
        let client = tokio::time::timeout(APP_START, connect)
            .await
            .unwrap_or_else(|_| panic!("the app did not start within {APP_START:?} (see its output above)"))
            .expect("tauri-driver opens a session with the app");
        let mut app = App { client, chooser: self.chooser.path().join(ANSWER), processes: Vec::new() };
        app.wait_css("body[data-ready='true']").await;
        app.processes = app_processes(data_dir);
        assert!(!app.processes.is_empty(), "the app runs with {}", data_dir.display());
        app
    }

    /// What the clipboard of this display holds (read with `xclip`).
    pub fn clipboard(&self) -> String {
        let out = Command::new(find_tool("xclip", "HOLDFAST_XCLIP"))
            .args(["-selection", "clipboard", "-o"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .expect("run xclip");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `program` on this display; it is stopped when the returned guard is dropped. For
    /// a window manager (openbox, so windows can be listed) or another window to capture.
    pub fn run_on_display(&self, program: &str, args: &[&str]) -> impl Drop {
        let child = spawn_in_own_group(self.command(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()))
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        Reaped(child)
    }

    /// A command for an X program on this display.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(find_tool(program, &format!("HOLDFAST_{}", program.to_uppercase())));
        command.env("DISPLAY", &self.display).stdin(Stdio::null());
        command
    }

    /// The driver's process id (for diagnostics).
    #[allow(dead_code)]
    pub fn driver_pid(&self) -> u32 {
        self.driver.0.id()
    }
}

/// The passphrase of every vault the tests make.
pub const PASS: &str = "a long enough passphrase";

/// The value of a successful `App::invoke` reply; a failed one fails the test, naming `what`.
pub fn ok(reply: &serde_json::Value, what: &str) -> serde_json::Value {
    reply.get("ok").cloned().unwrap_or_else(|| panic!("{what} must succeed, got {reply}"))
}

/// The stand-in file dialog's answer file, in [`Desktop`]'s chooser folder.
const ANSWER: &str = "answer";

/// A running app, driven through WebDriver.
pub struct App {
    pub client: Client,
    chooser: PathBuf,
    /// The app's process ids, to wait for its exit.
    processes: Vec<String>,
}

/// The process ids of the apps running with `data_dir` (started by tauri-driver).
pub fn app_processes(data_dir: &Path) -> Vec<String> {
    let pattern = format!("holdfast-app --data-dir {}", data_dir.display());
    let out = Command::new("pgrep").args(["-f", &pattern]).output().expect("run pgrep");
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
}

/// How long an app may take to exit after its session closes.
const EXIT: Duration = Duration::from_secs(60);

/// How long one command may run in the app.
const COMMAND: Duration = Duration::from_secs(300);

/// Whether process `pid` has finished exiting: gone, or every one of its threads a zombie
/// (then it holds no files, so no vault lock, and no windows). Its command line vanishes
/// earlier, and its main thread can be a zombie while other threads still hold the files.
fn exited(pid: &str) -> bool {
    let Ok(threads) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return true };
    threads.flatten().all(|thread| match std::fs::read_to_string(thread.path().join("stat")) {
        Err(_) => true,
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    })
}

impl App {
    /// Waits for an element to exist, then returns it.
    pub async fn wait_css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("'{css}' did not appear within {WAIT:?}: {e}"))
    }

    /// The rendered (visible) text of the first element matching `css`. The page may redraw
    /// the element between finding it and reading it; then it is found again.
    pub async fn text(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            match self.wait_css(css).await.text().await {
                Ok(text) => return text,
                Err(_) if start.elapsed() < WAIT => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => panic!("read the text of '{css}': {e}"),
            }
        }
    }

    /// Fills the date field whose id is `id` (day, month and year) with `iso` (`YYYY-MM-DD`).
    pub async fn set_date(&self, id: &str, iso: &str) {
        let mut parts = iso.split('-');
        let (year, month, day) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        self.set(&format!("{id}-day"), day.trim_start_matches('0')).await;
        let month = month.trim_start_matches('0');
        self.wait_css(&format!("{id}-month")).await.select_by_value(month).await.expect("choose the month");
        self.set(&format!("{id}-year"), year).await;
    }

    /// Whether the first element matching `css` is displayed.
    pub async fn displayed(&self, css: &str) -> bool {
        self.wait_css(css)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|e| panic!("ask whether '{css}' is displayed: {e}"))
    }

    /// Clicks the first element matching `css`. The page may redraw the element between
    /// finding it and clicking it (a screen drawn again); then it is found again.
    pub async fn click(&self, css: &str) {
        let start = Instant::now();
        loop {
            match self.wait_css(css).await.click().await {
                Ok(_) => return,
                Err(_) if start.elapsed() < WAIT => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => panic!("click '{css}': {e}"),
            }
        }
    }

    /// Polls `check` until it holds or the wait runs out; returns whether it held.
    pub async fn eventually<F, Fut>(&self, mut check: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        loop {
            if check().await {
                return true;
            }
            if start.elapsed() > WAIT {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Makes a vault (not for under-18s) with [`PASS`]; gives the reply, with its recovery key.
    pub async fn create_vault(&self) -> serde_json::Value {
        let reply = self.invoke("vault_create", serde_json::json!({"passphrase": PASS, "under_18": false})).await;
        ok(&reply, "create a vault")
    }

    /// A new unlocked vault, and its workspace on screen.
    pub async fn open_workspace(&self) {
        self.create_vault().await;
        self.click("[data-nav='evidence']").await;
        self.wait_css("#tab-add[aria-pressed='true']").await;
    }

    /// The verifier's verdict shown inside `css`: `"true"` or `"false"`.
    pub async fn verified(&self, css: &str) -> Option<String> {
        let verdict = self.wait_css(&format!("{css} [data-verified]")).await;
        verdict.attr("data-verified").await.unwrap_or_else(|e| panic!("read the verdict in {css}: {e}"))
    }

    /// Sets a field's value as if typed or pasted (fast for long text), firing its input and
    /// change events.
    pub async fn set(&self, css: &str, text: &str) {
        self.wait_css(css).await;
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                      e.dispatchEvent(new Event('input', { bubbles: true })); \
                      e.dispatchEvent(new Event('change', { bubbles: true }));";
        let args = vec![serde_json::json!(css), serde_json::json!(text)];
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("set {css}: {e}"));
    }

    /// The next file dialog the app opens is answered with `path` (a cancel when `None`).
    pub fn answer_dialog(&self, path: Option<&Path>) {
        let line = path.map(|p| p.to_str().expect("a UTF-8 path").to_string()).unwrap_or_default();
        std::fs::write(&self.chooser, line).expect("write the file dialog's answer");
    }

    /// Clicks the "Choose…" button `button` and answers its dialog with `path`; returns once the
    /// app has taken the answer.
    pub async fn choose(&self, button: &str, path: &Path) {
        self.answer_dialog(Some(path));
        self.click(button).await;
        let taken = self.eventually(|| async { !self.chooser.exists() }).await;
        assert!(taken, "'{button}' opens the file dialog");
    }

    /// Like [`App::choose`], then waits for `field` to show the chosen place.
    pub async fn choose_into(&self, button: &str, field: &str, path: &Path) {
        self.choose(button, path).await;
        let shown = path.to_str().expect("a UTF-8 path");
        let field_shows = self.eventually(|| async {
            let value = self.wait_css(field).await.prop("value").await.ok().flatten();
            value.as_deref() == Some(shown)
        });
        assert!(field_shows.await, "'{field}' shows the place chosen");
    }

    /// The handle the app gives for `path` chosen in its file dialog for `purpose`, as the page
    /// would get it (for tests that call commands directly).
    pub async fn place(&self, purpose: &str, path: &Path) -> String {
        self.answer_dialog(Some(path));
        let reply = ok(&self.invoke("choose_path", json!({ "purpose": purpose })).await, "choose a place");
        reply["handle"].as_str().unwrap_or_else(|| panic!("a handle for {}: {reply}", path.display())).to_string()
    }

    /// Calls `invoke(command, args)` in the page; returns `{"ok": value}` or `{"err": {code, message}}`.
    /// One short script starts the call and others read its reply until it is there: a script
    /// left running for the whole call once failed on a busy machine ("Could not parse script
    /// result"), and reading a reply again is harmless, so a failed read is tried again.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        let start = r#"
            const calls = (window.__e2eCalls ??= { next: 0, done: {} });
            const id = ++calls.next;
            window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(
                (v) => { calls.done[id] = { ok: v === undefined ? null : v }; },
                (e) => { calls.done[id] = { err: e }; });
            return id;
        "#;
        let id = self
            .client
            .execute(start, vec![json!(command), args])
            .await
            .unwrap_or_else(|e| panic!("start invoke('{command}') in the page: {e}"));
        let read = "return window.__e2eCalls?.done[arguments[0]] ?? null;";
        let started = Instant::now();
        let mut failed_reads = 0;
        loop {
            match self.client.execute(read, vec![id.clone()]).await {
                Ok(serde_json::Value::Null) => {}
                Ok(reply) => return reply,
                Err(e) if failed_reads < 5 => {
                    failed_reads += 1;
                    eprintln!("reading the reply of invoke('{command}') failed ({e}); reading it again");
                }
                Err(e) => panic!("read the reply of invoke('{command}') in the page: {e}"),
            }
            assert!(started.elapsed() < COMMAND, "invoke('{command}') gave no reply within {COMMAND:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Ends the session, which closes the app, and waits until the app has exited: on a busy
    /// machine it can still hold the vault and show its window for a while, and a test that
    /// starts it again must not meet the old one.
    pub async fn close(self) {
        self.client.close().await.expect("close the WebDriver session");
        let start = Instant::now();
        while !self.processes.iter().all(|pid| exited(pid)) {
            assert!(start.elapsed() < EXIT, "the app was still running {EXIT:?} after its session closed");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
