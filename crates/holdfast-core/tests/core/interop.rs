//! Interoperability: an evidence blob decrypts with the standard `age` tool, given the vault's
//! identity, byte for byte. (`age` is installed by scripts/setup; a missing tool fails.)

use std::process::Command;

use holdfast_core::vault::NewOriginal;

use crate::support::{files_under, new_vault};

#[test]
#[cfg_attr(windows, ignore = "needs Linux's age, which a Windows program under Wine cannot start")]
fn a_blob_decrypts_with_the_standard_age_tool() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let original: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 256) as u8).collect();
    vault.add_original(&mut original.as_slice(), NewOriginal::file()).expect("add");
    let blob = files_under(&dir.path().join("blobs")).pop().expect("one blob");
    let work = tempfile::tempdir().expect("temp");
    let identity = work.path().join("identity.txt");
    std::fs::write(&identity, vault.age_identity().as_bytes()).expect("write identity");
    let out = work.path().join("out.bin");
    let status = Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity)
        .arg("--output")
        .arg(&out)
        .arg(&blob)
        .status()
        .expect("the `age` tool is installed (scripts/setup --test installs it)");
    assert!(status.success(), "age decrypts the blob");
    assert_eq!(std::fs::read(&out).expect("read output"), original, "byte for byte");
}
