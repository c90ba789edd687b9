//! What Windows changes for files (run under Wine here, by scripts/test-windows): an atomic
//! write over a file another program holds open, with and without sharing. Windows only.
#![cfg(windows)]

use holdfast_core::fsutil;

#[test]
#[ignore = "Wine 8 refuses a rename over an open file; Windows 10 and later allow it, since Rust's rename asks for POSIX semantics (rust-lang/rust#131072): run on Windows"]
fn an_atomic_write_replaces_a_file_a_standard_handle_holds_open() {
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("vault.head");
    std::fs::write(&target, b"old").expect("old");
    // Rust, like most programs, opens files letting others rename or delete them meanwhile.
    let held = std::fs::File::open(&target).expect("a reader holds it");
    let written = fsutil::write_atomic(&target, b"new");
    drop(held);
    written.expect("replaced while held");
    assert_eq!(std::fs::read(&target).expect("read"), b"new");
}

#[test]
fn a_handle_that_forbids_it_makes_the_write_fail_plainly_and_leaves_the_old_file_whole() {
    use std::os::windows::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().expect("temp");
    let target = dir.path().join("vault.head");
    std::fs::write(&target, b"old").expect("old");
    // Sharing reads only, as some backup and antivirus programs open files.
    let held = std::fs::OpenOptions::new().read(true).share_mode(1).open(&target).expect("held without sharing");
    let error = fsutil::write_atomic(&target, b"new").expect_err("refused while held");
    drop(held);
    assert!(error.to_string().contains("vault.head"), "the error names the file: {error}");
    assert_eq!(std::fs::read(&target).expect("read"), b"old", "the old file is whole");
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
}
