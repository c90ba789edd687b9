//! Files the core did not just write (issue 12): a named pipe, a link to `/dev/zero` or a folder
//! where a file should be is refused at once with a plain error, never waited on or read
//! without end; what Holdfast writes is private to its owner from the moment it exists; and the
//! atomic write's temporary file is never one planted in its way. Unix only: named pipes,
//! links and file modes are Unix's.
#![cfg(unix)]

use std::io::{self, Read};
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use holdfast_core::export::ExportOptions;
use holdfast_core::fsutil;
use holdfast_core::settings::{Settings, FILE_NAME as SETTINGS};
use holdfast_core::vault::{self, NewOriginal, Unlock, Vault};
use holdfast_core::ErrorCode;

use crate::support::{files_under, new_vault, PASS};

/// Runs `work` on its own thread and waits for it at most a minute, so a regression that hangs
/// (an open waiting for a named pipe's writer) fails the test instead of hanging the run. The
/// limit is a safety net; the assertions are on what `work` returns.
fn promptly<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(60)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} hung instead of being refused at once"),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => panic!("{what} ended without a result"),
        },
    }
}

/// Makes a named pipe at `path` with the system's `mkfifo`.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo made {}", path.display());
}

/// The three hostile things planted where a file should be, by name.
const HOSTILE: [&str; 3] = ["fifo", "link to /dev/zero", "folder"];

/// Replaces whatever is at `path` with the hostile thing named `kind`.
fn plant(path: &Path, kind: &str) {
    if path.is_dir() && !path.is_symlink() {
        std::fs::remove_dir_all(path).expect("clear the folder");
    } else {
        let _ = std::fs::remove_file(path);
    }
    match kind {
        "fifo" => mkfifo(path),
        "link to /dev/zero" => symlink("/dev/zero", path).expect("plant a link to /dev/zero"),
        "folder" => std::fs::create_dir(path).expect("plant a folder"),
        other => unreachable!("no such hostile kind {other}"),
    }
}

/// The words a refusal of `kind` must use, so the person learns what is wrong.
fn named(kind: &str, links_refused: bool) -> &'static str {
    match kind {
        "fifo" => "named pipe",
        "link to /dev/zero" if links_refused => "symbolic link",
        "link to /dev/zero" => "device",
        _ => "folder",
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// The blob file of the vault's only item.
fn only_blob(dir: &Path) -> PathBuf {
    let blobs = files_under(&dir.join("blobs"));
    assert_eq!(blobs.len(), 1, "one item, one blob: {blobs:?}");
    blobs[0].clone()
}

// Finding 1: a vault.json, blob, lock, import, backup or settings file that is a FIFO or a
// link to /dev/zero hangs or exhausts memory.

#[test]
fn a_vault_json_that_is_a_fifo_a_link_to_dev_zero_or_a_folder_is_refused_promptly() {
    for kind in HOSTILE {
        let dir = tempfile::tempdir().expect("temp");
        plant(&dir.path().join("vault.json"), kind);
        let at = dir.path().to_path_buf();
        let err = promptly(kind, move || Vault::open(&at, Unlock::Passphrase(PASS)).expect_err("refused"));
        assert_eq!(err.code(), ErrorCode::NotAVault, "{kind}: not a vault Holdfast can open: {err}");
        assert!(err.to_string().contains(named(kind, true)), "{kind}: the message says what is there: {err}");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "{kind}: refusing creates nothing (no lock file): {names:?}");
    }
}

#[test]
fn a_vault_json_that_links_to_a_real_header_is_refused_because_holdfast_never_makes_links() {
    let real = tempfile::tempdir().expect("temp");
    drop(new_vault(real.path()));
    let dir = tempfile::tempdir().expect("temp");
    symlink(real.path().join("vault.json"), dir.path().join("vault.json")).expect("link");
    let err = Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect_err("a link is not followed");
    assert_eq!(err.code(), ErrorCode::NotAVault, "the link itself is refused, not read through: {err}");
    assert!(err.to_string().contains("symbolic link"), "and the message says so: {err}");
}

#[test]
fn an_oversized_vault_json_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("temp");
    let mut big = b"{\"format\": \"holdfast-vault\", \"pad\": \"".to_vec();
    big.resize(2 * 1024 * 1024, b'x');
    std::fs::write(dir.path().join("vault.json"), &big).expect("write");
    let err = Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect_err("too large");
    assert_eq!(err.code(), ErrorCode::Integrity, "a header far too large is damage: {err}");
    assert!(err.to_string().contains("larger than"), "the message says it is too large: {err}");
}

#[test]
fn a_blob_that_is_a_fifo_a_link_to_dev_zero_or_a_folder_is_refused_promptly_by_read_check_and_backup() {
    for kind in HOSTILE {
        let dir = tempfile::tempdir().expect("temp");
        let (mut vault, _) = new_vault(dir.path());
        let id = vault.add_original(&mut &b"the evidence"[..], NewOriginal::file()).expect("add");
        let blob = only_blob(dir.path());
        let blob_name = blob.file_name().expect("name").to_string_lossy().into_owned();
        plant(&blob, kind);

        let (vault, read) = promptly(kind, move || {
            let read = vault.read_original(id, &mut io::sink());
            (vault, read)
        });
        let err = read.expect_err("a hostile blob is not read");
        assert_eq!(err.code(), ErrorCode::Integrity, "{kind}: an evidence file that is not a file is damage: {err}");
        assert!(err.to_string().contains(named(kind, true)), "{kind}: the message says what is there: {err}");

        let (mut vault, report) = promptly(kind, move || {
            let report = vault.check();
            (vault, report)
        });
        let report = report.expect("check runs to the end");
        assert!(
            report.problems.iter().any(|p| p.contains(&blob_name) && p.contains(named(kind, true))),
            "{kind}: the check names the evidence file and what it is: {:?}",
            report.problems
        );

        let out = dir.path().join("backup.hfbackup");
        let target = out.clone();
        let (_vault, backup) = promptly(kind, move || {
            let backup = vault.backup(&target);
            (vault, backup)
        });
        let summary = backup.expect("the backup still completes, leaving the hostile file out");
        assert!(
            summary.bytes < 1024 * 1024,
            "{kind}: nothing endless was copied into the backup ({} bytes)",
            summary.bytes
        );
    }
}

#[test]
fn a_lock_file_that_is_a_fifo_or_a_link_is_refused_promptly() {
    for kind in ["fifo", "link to /dev/zero"] {
        let dir = tempfile::tempdir().expect("temp");
        drop(new_vault(dir.path()));
        plant(&dir.path().join(vault::LOCK_FILE), kind);
        let at = dir.path().to_path_buf();
        let err = promptly(kind, move || Vault::open(&at, Unlock::Passphrase(PASS)).expect_err("refused"));
        assert_eq!(err.code(), ErrorCode::Storage, "{kind}: the lock cannot be taken: {err}");
        assert!(err.to_string().contains(named(kind, true)), "{kind}: the message says what is there: {err}");
    }
}

#[test]
fn importing_a_fifo_a_link_to_dev_zero_or_a_folder_is_refused_plainly() {
    let dir = tempfile::tempdir().expect("temp");
    let sources = tempfile::tempdir().expect("temp");
    let (vault, _) = new_vault(dir.path());
    let mut vault = Some(vault);
    for kind in HOSTILE {
        let source = sources.path().join(format!("chat {kind}.png").replace('/', "-"));
        plant(&source, kind);
        let mut moved = vault.take().expect("the vault");
        let (back, added) = promptly(kind, move || {
            let added = moved.add_file(&source, NewOriginal::file());
            (moved, added)
        });
        let err = added.expect_err("refused");
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{kind}: the person chose something that is not a file: {err}");
        assert!(err.to_string().contains(named(kind, false)), "{kind}: the message says what it is: {err}");
        vault = Some(back);
    }
    let mut vault = vault.expect("the vault");
    assert!(vault.items().expect("items").is_empty(), "nothing was added");
    assert!(files_under(&dir.path().join("blobs")).is_empty(), "no blob is left behind");

    // A link the person chose to an ordinary file is followed: it is their file.
    let real = sources.path().join("real.png");
    std::fs::write(&real, b"a real picture").expect("write");
    let link = sources.path().join("shortcut.png");
    symlink(&real, &link).expect("link");
    let id = vault.add_file(&link, NewOriginal::file()).expect("a link to a file imports the file");
    assert_eq!(vault.item(id).expect("item").size, 14, "the file's bytes were stored");

    // Removing "the imported file" when a pipe now stands at its path is refused at once too.
    let fifo = sources.path().join("now a pipe.png");
    mkfifo(&fifo);
    let (_vault, removed) = promptly("remove_imported_file", move || {
        let removed = vault.remove_imported_file(&fifo, id);
        (vault, removed)
    });
    let err = removed.expect_err("refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "a pipe is not the imported file: {err}");
}

#[test]
fn restoring_from_a_fifo_or_a_link_to_dev_zero_is_refused_plainly() {
    for kind in HOSTILE {
        let dir = tempfile::tempdir().expect("temp");
        let backup = dir.path().join("notes.hfbackup");
        plant(&backup, kind);
        let dest = dir.path().join("restored");
        let at = dest.clone();
        let err = promptly(kind, move || vault::restore(&backup, &at).expect_err("refused"));
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{kind}: the person chose something that is not a file: {err}");
        assert!(err.to_string().contains(named(kind, false)), "{kind}: the message says what it is: {err}");
        assert!(!dest.exists(), "{kind}: the folder made for the restore is removed again");
    }
}

#[test]
fn a_settings_file_that_is_a_fifo_a_link_or_a_folder_gives_the_defaults() {
    for kind in HOSTILE {
        let dir = tempfile::tempdir().expect("temp");
        plant(&dir.path().join(SETTINGS), kind);
        let at = dir.path().to_path_buf();
        let loaded = promptly(kind, move || Settings::load(&at));
        assert_eq!(loaded.expect("load"), Settings::default(), "{kind}: a broken settings file gives the defaults");
    }
    // A link to real settings is not followed either: Holdfast never makes one.
    let dir = tempfile::tempdir().expect("temp");
    let elsewhere = tempfile::tempdir().expect("temp");
    Settings { country: "IE".into(), ..Settings::default() }.save(elsewhere.path()).expect("save");
    symlink(elsewhere.path().join(SETTINGS), dir.path().join(SETTINGS)).expect("link");
    assert_eq!(Settings::load(dir.path()).expect("load"), Settings::default(), "the link is refused, not read through");

    let mut big = b"{\"country\": \"IE\", \"pad\": \"".to_vec();
    big.resize(1024 * 1024, b' ');
    big.extend_from_slice(b"\"}");
    std::fs::write(elsewhere.path().join(SETTINGS), &big).expect("write");
    assert_eq!(Settings::load(elsewhere.path()).expect("load"), Settings::default(), "an oversized file is not read");
}

#[test]
fn read_chosen_refuses_a_fifo_a_device_and_a_file_over_its_limit() {
    let dir = tempfile::tempdir().expect("temp");
    for kind in HOSTILE {
        let path = dir.path().join(format!("picture {kind}").replace('/', "-"));
        plant(&path, kind);
        let err = promptly(kind, move || fsutil::read_chosen(&path, "field.picture", 1024).expect_err("refused"));
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{kind}: not a file: {err}");
        assert!(err.to_string().contains(named(kind, false)), "{kind}: the message says what it is: {err}");
    }
    let big = dir.path().join("big.png");
    std::fs::write(&big, vec![0u8; 1025]).expect("write");
    let err = fsutil::read_chosen(&big, "field.picture", 1024).expect_err("over the limit");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "a file over the limit is refused: {err}");
    let fits = dir.path().join("fits.png");
    std::fs::write(&fits, vec![7u8; 1024]).expect("write");
    assert_eq!(
        fsutil::read_chosen(&fits, "field.picture", 1024).expect("read").len(),
        1024,
        "a file at the limit is read whole"
    );

    // The same check at the lower level: a pipe is named, and nothing blocks.
    let pipe = dir.path().join("pipe");
    mkfifo(&pipe);
    let err = promptly("open_regular", move || fsutil::open_regular(&pipe, fsutil::Links::Follow).expect_err("a pipe"));
    assert_eq!(fsutil::not_ordinary(&err), Some(fsutil::NotOrdinary::Pipe), "the error carries what it is: {err}");
}

// Finding 2: bundles, backups and the saved recovery key are created 0644.

#[test]
fn bundles_backups_the_recovery_key_and_vault_files_are_created_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().expect("temp");
    let control = dir.path().join("control");
    std::fs::File::create(&control).expect("create");
    if mode(&control) & 0o077 == 0 {
        eprintln!("note: this process's umask already hides new files from others; the modes below prove less");
    }

    let vault_dir = dir.path().join("vault");
    let (mut vault, recovery) = new_vault(&vault_dir);
    vault.add_original(&mut &b"the evidence"[..], NewOriginal::file()).expect("add");
    assert_eq!(mode(&vault_dir), 0o700, "the vault's folder is its owner's alone");
    for file in ["vault.json", vault::LOCK_FILE] {
        assert_eq!(mode(&vault_dir.join(file)), 0o600, "{file} is private from the start");
    }
    assert_eq!(mode(&only_blob(&vault_dir)), 0o600, "an evidence file is private from the start");
    vault.change_passphrase(b"another long passphrase").expect("change");
    assert_eq!(mode(&vault_dir.join("vault.json")), 0o600, "a rewritten vault.json stays private");

    let backup = dir.path().join("notes.hfbackup");
    vault.backup(&backup).expect("backup");
    assert_eq!(mode(&backup), 0o600, "a backup file is private");

    let bundle = dir.path().join("evidence.zip");
    let options = ExportOptions { initials: Some("JS".into()), ..ExportOptions::default() };
    vault.export(&bundle, &options).expect("export");
    assert_eq!(mode(&bundle), 0o600, "a bundle file is private (the person hands it over themselves)");
    drop(vault);

    let restored = dir.path().join("restored");
    vault::restore(&backup, &restored).expect("restore");
    for file in files_under(&restored) {
        assert_eq!(mode(&file), 0o600, "restored {} is private", file.display());
    }

    Settings::default().save(dir.path()).expect("save settings");
    assert_eq!(mode(&dir.path().join(SETTINGS)), 0o600, "the settings file is private");

    let key_file = dir.path().join("recovery-key.txt");
    fsutil::write_new(&key_file, recovery.as_bytes(), "storage.save-the-recovery-key-to").expect("save the key");
    assert_eq!(mode(&key_file), 0o600, "the saved recovery key is private");
    let again =
        fsutil::write_new(&key_file, b"other", "storage.save-the-recovery-key-to").expect_err("never over a file");
    assert_eq!(again.code(), ErrorCode::Storage, "a second save is refused: {again}");
    let mut kept = String::new();
    std::fs::File::open(&key_file).expect("open").read_to_string(&mut kept).expect("read");
    assert_eq!(kept, recovery, "the first key file is left as it was");
}

#[test]
fn saving_the_recovery_key_never_writes_through_a_planted_link() {
    let dir = tempfile::tempdir().expect("temp");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"someone's file").expect("write");
    let key_file = dir.path().join("recovery-key.txt");
    symlink(&victim, &key_file).expect("plant a link");
    let err = fsutil::write_new(&key_file, b"KEY", "storage.save-the-recovery-key-to").expect_err("refused");
    assert_eq!(err.code(), ErrorCode::Storage, "the name is taken: {err}");
    assert_eq!(std::fs::read(&victim).expect("read"), b"someone's file", "the link's target is untouched");
}

// Finding 3: the atomic-write temp name is predictable and followed through symlinks.

#[test]
fn the_atomic_write_temp_name_is_unpredictable_and_a_planted_link_or_file_is_never_followed_or_overwritten() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("data folder");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"someone's file").expect("write");
    // The name the old code always used: `.<name>.tmp-<process id>`.
    let old_name = data.join(format!(".{SETTINGS}.tmp-{}", std::process::id()));

    symlink(&victim, &old_name).expect("plant a link at the old name");
    Settings { country: "IE".into(), ..Settings::default() }.save(&data).expect("the save still succeeds");
    assert_eq!(std::fs::read(&victim).expect("read"), b"someone's file", "the planted link was not followed");
    assert!(old_name.is_symlink(), "the planted link is left alone");
    assert_eq!(Settings::load(&data).expect("load").country, "IE", "the new settings are in place");

    std::fs::remove_file(&old_name).expect("remove the link");
    std::fs::write(&old_name, b"planted").expect("plant a file at the old name");
    Settings { country: "NZ".into(), ..Settings::default() }.save(&data).expect("the save still succeeds");
    assert_eq!(std::fs::read(&old_name).expect("read"), b"planted", "the planted file was not overwritten");
    assert_eq!(Settings::load(&data).expect("load").country, "NZ", "the new settings are in place");

    let planted = old_name.file_name().expect("name").to_string_lossy().into_owned();
    let leftovers: Vec<_> = std::fs::read_dir(&data)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") && *n != planted)
        .collect();
    assert!(leftovers.is_empty(), "no temporary file of its own is left: {leftovers:?}");

    // The same for vault.json, rewritten when the passphrase changes.
    let vault_dir = dir.path().join("vault");
    let (mut vault, _) = new_vault(&vault_dir);
    symlink(&victim, vault_dir.join(format!(".vault.json.tmp-{}", std::process::id()))).expect("plant");
    vault.change_passphrase(b"another long passphrase").expect("the header is still written");
    drop(vault);
    assert_eq!(std::fs::read(&victim).expect("read"), b"someone's file", "the planted link was not followed");
    Vault::open(&vault_dir, Unlock::Passphrase(b"another long passphrase")).expect("the new header opens");
}
