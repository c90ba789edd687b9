//! `init`, `add`, `list`, `check`: exit codes 0 success, 1 other error, 2 usage, 3 wrong
//! passphrase or recovery key, 4 integrity failure.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::{stderr, stdout};

const PASS: &str = "a long enough passphrase";

fn run(args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_holdfast"));
    cmd.args(args).env_remove("HOLDFAST_PASSPHRASE").env_remove("HOLDFAST_RECOVERY_KEY");
    if let Some(p) = passphrase {
        cmd.env("HOLDFAST_PASSPHRASE", p);
    }
    cmd.output().expect("run holdfast")
}

/// Runs holdfast with no passphrase in the environment, feeding `input` on standard input.
fn run_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_holdfast"))
        .args(args)
        .env_remove("HOLDFAST_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn holdfast");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write standard input");
    child.wait_with_output().expect("wait for holdfast")
}

fn init(dir: &Path) -> String {
    let out = run(&["init", "--vault", &dir.display().to_string()], Some(PASS));
    assert!(out.status.success(), "init succeeds: {}", stderr(&out));
    let text = stdout(&out);
    let key = text.lines().map(str::trim).find(|l| l.len() == 44 && l.matches('-').count() == 8);
    key.expect("init prints the recovery key in nine groups").to_string()
}

#[test]
fn a_whole_session_through_the_command_line() {
    let root = tempfile::tempdir().expect("temp");
    let vault = root.path().join("vault");
    let v = vault.display().to_string();
    let recovery = init(&vault);

    let file = root.path().join("chat.png");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\nnot really a png").expect("write");
    let added = run(
        &[
            "add",
            "file",
            "--vault",
            &v,
            &file.display().to_string(),
            "--note",
            "first threat",
            "--platform",
            "Instagram",
            "--happened-at",
            "2026-11-28T21:14:03+01:00",
        ],
        Some(PASS),
    );
    assert!(added.status.success(), "add file: {}", stderr(&added));
    assert!(stdout(&added).contains("chat.png"), "add file prints what it stored");

    let msg = run(
        &[
            "add",
            "message",
            "--vault",
            &v,
            "--platform",
            "Instagram",
            "--from",
            "villain_01",
            "--text",
            "Pay £500 or everyone sees it",
        ],
        Some(PASS),
    );
    assert!(msg.status.success(), "add message: {}", stderr(&msg));
    let acc = run(
        &[
            "add",
            "account",
            "--vault",
            &v,
            "--platform",
            "Instagram",
            "--handle",
            "villain_01",
            "--user-id",
            "5550001",
            "--url",
            "https://www.instagram.com/villain_01",
            "--display-name",
            "Sophie",
        ],
        Some(PASS),
    );
    assert!(acc.status.success(), "add account: {}", stderr(&acc));
    let pay = run(
        &[
            "add",
            "payment",
            "--vault",
            &v,
            "--amount",
            "500",
            "--currency",
            "GBP",
            "--method",
            "gift-card",
            "--to",
            "CODE-1234",
            "--deadline",
            "2026-11-29T18:00:00+00:00",
        ],
        Some(PASS),
    );
    assert!(pay.status.success(), "add payment: {}", stderr(&pay));

    let list = run(&["list", "--vault", &v, "--json"], Some(PASS));
    assert!(list.status.success(), "list: {}", stderr(&list));
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("list --json prints JSON");
    assert_eq!(json["items"].as_array().map(Vec::len), Some(2), "two items");
    assert_eq!(json["items"][0]["media_type"], "image/png", "media type from the bytes");
    assert_eq!(json["items"][0]["happened_at"], "2026-11-28T21:14:03+01:00", "happened-at as stated");
    assert_eq!(json["items"][1]["text"], "Pay £500 or everyone sees it", "the message text");
    assert_eq!(json["accounts"][0]["user_id"], "5550001", "the account");
    assert_eq!(json["payments"][0]["money"]["amount"], "500", "the demand");
    assert_eq!(json["payments"][0]["paid"], false, "not paid");

    let text = run(&["list", "--vault", &v], Some(PASS));
    assert!(stdout(&text).contains("2 items, 1 accounts, 1 payments"), "a plain summary: {}", stdout(&text));

    let check = run(&["check", "--vault", &v], Some(PASS));
    assert_eq!(check.status.code(), Some(0), "an intact vault checks with 0: {}", stdout(&check));

    let by_key = Command::new(env!("CARGO_BIN_EXE_holdfast"))
        .args(["list", "--vault", &v, "--recovery-key"])
        .env_remove("HOLDFAST_PASSPHRASE")
        .env("HOLDFAST_RECOVERY_KEY", &recovery)
        .output()
        .expect("run");
    assert!(by_key.status.success(), "the recovery key opens it: {}", stderr(&by_key));
}

#[test]
fn the_passphrase_can_come_from_standard_input() {
    let root = tempfile::tempdir().expect("temp");
    let v = root.path().join("vault").display().to_string();
    init(Path::new(&v));
    let out = run_with_stdin(&["list", "--vault", &v], &format!("{PASS}\n"));
    assert!(out.status.success(), "a passphrase on standard input opens the vault: {}", stderr(&out));
}

#[test]
fn message_text_can_come_from_standard_input_after_the_passphrase() {
    let root = tempfile::tempdir().expect("temp");
    let v = root.path().join("vault").display().to_string();
    init(Path::new(&v));
    let body = "Line one of the threat\nLine two: pay or else";
    let args = ["add", "message", "--vault", &v, "--platform", "Snapchat", "--from", "x", "--text", "-"];
    let out = run_with_stdin(&args, &format!("{PASS}\n{body}\n"));
    assert!(out.status.success(), "add message --text - works: {}", stderr(&out));
    let list = run(&["list", "--vault", &v, "--json"], Some(PASS));
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(json["items"][0]["text"], body, "the text read from standard input, without the passphrase line");
}

#[test]
fn a_wrong_passphrase_exits_3_and_changes_nothing() {
    let root = tempfile::tempdir().expect("temp");
    let vault = root.path().join("vault");
    init(&vault);
    let v = vault.display().to_string();
    let before: Vec<(String, Vec<u8>)> = snapshot(&vault);
    let out = run(&["list", "--vault", &v], Some("the wrong passphrase"));
    assert_eq!(out.status.code(), Some(3), "wrong passphrase exits 3");
    assert!(stderr(&out).contains("does not open this vault"), "in plain words: {}", stderr(&out));
    assert_eq!(snapshot(&vault), before, "the vault's bytes are unchanged");
}

#[test]
fn a_damaged_vault_exits_4_and_names_the_damage() {
    let root = tempfile::tempdir().expect("temp");
    let vault = root.path().join("vault");
    init(&vault);
    let v = vault.display().to_string();
    let file = root.path().join("e.txt");
    std::fs::write(&file, b"evidence").expect("write");
    assert!(run(&["add", "file", "--vault", &v, &file.display().to_string()], Some(PASS)).status.success(), "add");
    let blob = std::fs::read_dir(vault.join("blobs")).expect("blobs").flatten().next().expect("a blob").path();
    let mut bytes = std::fs::read(&blob).expect("read blob");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&blob, bytes).expect("damage");
    let out = run(&["check", "--vault", &v], Some(PASS));
    assert_eq!(out.status.code(), Some(4), "damage exits 4");
    assert!(
        stdout(&out).contains(&blob.file_name().expect("name").to_string_lossy().to_string()),
        "names the damaged file: {}",
        stdout(&out)
    );

    let header = vault.join("vault.json");
    let mut text = std::fs::read_to_string(&header).expect("header");
    text = text.replacen("\"iterations\": ", "\"iterations\": 1", 1);
    std::fs::write(&header, text).expect("damage header");
    let out = run(&["list", "--vault", &v], Some(PASS));
    assert_eq!(out.status.code(), Some(4), "a damaged header exits 4: {}", stderr(&out));
}

#[test]
fn an_old_vault_db_put_back_is_said_on_every_command_and_check_exits_4() {
    let root = tempfile::tempdir().expect("temp");
    let vault = root.path().join("vault");
    init(&vault);
    let v = vault.display().to_string();
    let old = std::fs::read(vault.join("vault.db")).expect("copy vault.db");
    let add = run(
        &["add", "message", "--vault", &v, "--platform", "Snapchat", "--from", "x", "--text", "a later threat"],
        Some(PASS),
    );
    assert!(add.status.success(), "add: {}", stderr(&add));
    std::fs::write(vault.join("vault.db"), old).expect("put the old vault.db back");
    for side in ["vault.db-wal", "vault.db-shm"] {
        let _ = std::fs::remove_file(vault.join(side));
    }
    let list = run(&["list", "--vault", &v], Some(PASS));
    assert!(list.status.success(), "the vault still opens: {}", stderr(&list));
    assert!(stderr(&list).contains("WARNING") && stderr(&list).contains("older"), "list warns: {}", stderr(&list));
    let out = run(&["check", "--vault", &v], Some(PASS));
    assert_eq!(out.status.code(), Some(4), "check no longer says intact: {}", stdout(&out));
    assert!(stdout(&out).contains("older than the vault has been"), "and says why: {}", stdout(&out));
}

#[test]
fn usage_errors_and_bad_values_exit_2() {
    let root = tempfile::tempdir().expect("temp");
    let v = root.path().join("vault").display().to_string();
    assert_eq!(run(&["add", "payment", "--vault", &v], Some(PASS)).status.code(), Some(2), "missing arguments");
    init(Path::new(&v));
    let bad = run(
        &["add", "payment", "--vault", &v, "--amount", "49,99", "--currency", "EUR", "--method", "card", "--to", "x"],
        Some(PASS),
    );
    assert_eq!(bad.status.code(), Some(2), "an amount with a comma is refused as a usage error");
    assert!(stderr(&bad).contains("without commas"), "with a plain reason: {}", stderr(&bad));
    let short = run(&["init", "--vault", &root.path().join("other").display().to_string()], Some("short"));
    assert_eq!(short.status.code(), Some(2), "a too-short passphrase is refused");
}

#[test]
fn the_passphrase_is_never_an_argument() {
    let out = run(&["list", "--vault", "x", "--passphrase", "secret"], None);
    assert_eq!(out.status.code(), Some(2), "there is no --passphrase option");
}

#[test]
fn opening_something_that_is_not_a_vault_exits_1() {
    let root = tempfile::tempdir().expect("temp");
    let out = run(&["list", "--vault", &root.path().display().to_string()], Some(PASS));
    assert_eq!(out.status.code(), Some(1), "not a vault: {}", stderr(&out));
    assert!(stderr(&out).contains("no Holdfast vault"), "said plainly: {}", stderr(&out));
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.display().to_string(), std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// A vault with one message, backed up to `backup.holdfast` beside it; returns the vault's
/// and the backup's paths.
fn backed_up(root: &Path) -> (String, std::path::PathBuf) {
    let vault = root.join("vault");
    let v = vault.display().to_string();
    init(&vault);
    let msg = run(
        &["add", "message", "--vault", &v, "--platform", "Instagram", "--from", "villain_01", "--text", "kept safe"],
        Some(PASS),
    );
    assert!(msg.status.success(), "add message: {}", stderr(&msg));
    let out = root.join("backup.holdfast");
    let backup = run(&["backup", "--vault", &v, "--out", &out.display().to_string()], Some(PASS));
    assert!(backup.status.success(), "backup succeeds: {}", stderr(&backup));
    assert!(stdout(&backup).contains("SHA-256:"), "backup prints the file's hash: {}", stdout(&backup));
    (v, out)
}

#[test]
fn backup_writes_one_file_and_never_over_an_existing_one() {
    let root = tempfile::tempdir().expect("temp");
    let (v, out) = backed_up(root.path());
    let bytes = std::fs::read(&out).expect("the backup file exists");
    assert!(bytes.starts_with(b"PK"), "the backup is a ZIP file");
    let again = run(&["backup", "--vault", &v, "--out", &out.display().to_string()], Some(PASS));
    assert_eq!(again.status.code(), Some(1), "a second backup over the same file is refused: {}", stderr(&again));
    assert!(stderr(&again).contains("never writes over a file"), "saying why: {}", stderr(&again));
    assert_eq!(std::fs::read(&out).expect("read"), bytes, "the existing backup is untouched");
}

#[test]
fn restore_puts_a_backup_back_and_refuses_a_damaged_one_with_exit_4() {
    let root = tempfile::tempdir().expect("temp");
    let (_, out) = backed_up(root.path());
    let dest = root.path().join("restored");
    let d = dest.display().to_string();
    let restored = run(&["restore", &out.display().to_string(), "--to", &d], None);
    assert!(restored.status.success(), "restore needs no passphrase and succeeds: {}", stderr(&restored));
    let list = run(&["list", "--vault", &d, "--json"], Some(PASS));
    assert!(list.status.success(), "the restored vault opens with the passphrase: {}", stderr(&list));
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("list --json prints JSON");
    assert_eq!(json["items"][0]["text"], "kept safe", "the message is back");

    let mut bytes = std::fs::read(&out).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let damaged = root.path().join("damaged.holdfast");
    std::fs::write(&damaged, &bytes).expect("write");
    let target = root.path().join("second");
    let refused = run(&["restore", &damaged.display().to_string(), "--to", &target.display().to_string()], None);
    assert_eq!(refused.status.code(), Some(4), "a damaged backup exits 4: {}", stderr(&refused));
    assert!(!target.exists(), "and nothing is restored");
}

#[test]
fn hostile_text_and_file_names_are_stored_verbatim_and_listed_escaped() {
    let root = tempfile::tempdir().expect("temp");
    let vault = root.path().join("vault");
    let v = vault.display().to_string();
    init(&vault);
    let handle = "\u{1b}[31mred_handle";
    let text = "pay now\u{7} or else\u{85}last chance";
    // A line break in a file name: U+000A on Unix; Windows refuses control characters in names,
    // so there it is U+0085 (NEXT LINE), which it allows.
    let (name, escaped) = if cfg!(windows) {
        ("proof\u{85}VERIFIED.png", "proof[U+0085]VERIFIED.png")
    } else {
        ("proof\nVERIFIED.png", "proof[U+000A]VERIFIED.png")
    };
    let file = root.path().join(name);
    std::fs::write(&file, b"\x89PNG\r\n\x1a\nnot really a png").expect("a file whose name holds a line break");

    let added = run(&["add", "file", "--vault", &v, &file.display().to_string()], Some(PASS));
    assert!(added.status.success(), "a file named with a line break is added: {}", stderr(&added));
    assert!(stdout(&added).contains(escaped), "and printed escaped: {}", stdout(&added));
    let msg = run(
        &["add", "message", "--vault", &v, "--platform", "Snapchat", "--from", "\u{202e}evil", "--text", text],
        Some(PASS),
    );
    assert!(msg.status.success(), "a message with BEL and NEL is added: {}", stderr(&msg));
    let acc = run(&["add", "account", "--vault", &v, "--platform", "Instagram", "--handle", handle], Some(PASS));
    assert!(acc.status.success(), "a handle with a terminal escape is added: {}", stderr(&acc));

    let list = run(&["list", "--vault", &v, "--json"], Some(PASS));
    assert!(list.status.success(), "list --json: {}", stderr(&list));
    let raw = stdout(&list);
    for c in ['\u{1b}', '\u{7}', '\u{85}', '\u{202e}'] {
        assert!(!raw.contains(c), "list --json prints no raw U+{:04X}: {raw}", c as u32);
    }
    let json: serde_json::Value = serde_json::from_str(&raw).expect("list --json prints JSON");
    assert_eq!(json["items"][0]["original_name"], name, "the file name is stored as it came");
    assert_eq!(json["items"][1]["text"], text, "the message keeps its BEL and NEL");
    assert_eq!(json["items"][1]["sender"], "\u{202e}evil", "the sender keeps its override");
    assert_eq!(json["accounts"][0]["handle"], handle, "the handle keeps its escape");

    let plain = run(&["list", "--vault", &v], Some(PASS));
    let shown = stdout(&plain);
    for c in ['\u{1b}', '\u{7}', '\u{85}'] {
        assert!(!shown.contains(c), "list prints no raw U+{:04X}: {shown:?}", c as u32);
    }
    assert_eq!(shown.lines().count(), 4, "one line for the count, then one per record: {shown:?}");
    for code in [escaped, "pay now[U+0007] or else[U+0085]last chance", "[U+001B][31mred_handle"] {
        assert!(shown.contains(code), "list shows {code}: {shown:?}");
    }
}

/// Windows paths in the forms a person or a program may give them: a drive letter with
/// backslashes (every temporary folder here), forward slashes, the `\\?\` verbatim form, and a
/// path longer than the old 260-character limit.
#[test]
#[cfg(windows)]
fn a_vault_works_at_windows_paths_in_every_form() {
    let root = tempfile::tempdir().expect("temp");
    let base = root.path().display().to_string();
    assert!(base.as_bytes().get(1) == Some(&b':') && base.contains('\\'), "a drive-letter path: {base}");
    let deep = root.path().join("a".repeat(90)).join("b".repeat(90)).join("c".repeat(90)).join("vault");
    assert!(deep.display().to_string().len() > 260, "longer than MAX_PATH");
    let forms = [
        format!("{base}\\backslashes"),
        format!("{}/forward", base.replace('\\', "/")),
        format!(r"\\?\{base}\verbatim"),
        deep.display().to_string(),
    ];
    for vault in forms {
        init(Path::new(&vault));
        let args =
            ["add", "message", "--vault", &vault, "--platform", "Snapchat", "--from", "x", "--text", "pay or else"];
        let added = run(&args, Some(PASS));
        assert!(added.status.success(), "{vault}: add: {}", stderr(&added));
        let listed = run(&["list", "--vault", &vault], Some(PASS));
        assert!(stdout(&listed).contains("pay or else"), "{vault}: list: {}{}", stdout(&listed), stderr(&listed));
        let checked = run(&["check", "--vault", &vault], Some(PASS));
        assert!(checked.status.success(), "{vault}: check: {}", stderr(&checked));
    }
}
