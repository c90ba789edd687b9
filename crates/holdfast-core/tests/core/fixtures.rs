//! The frozen fixture kit: one damaged vault or blob per fault, each with its expected outcome
//! in `fixtures/vault/expected.json`. `base/` is an intact vault; a fault replaces one file.
//!
//! The kit is generated once by `regenerate_the_vault_fixture_kit` (ignored; run it by hand
//! only when the format changes on purpose) and then never changes: the tests read it as it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use holdfast_core::vault::header::Header;
use holdfast_core::vault::keys::{self, Key};
use holdfast_core::vault::{NewOriginal, Unlock, Vault};
use holdfast_core::ErrorCode;
use serde::{Deserialize, Serialize};

use crate::support::{copy_tree, files_under, new_vault, PASS};

fn kit_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/core/fixtures/vault")
}

#[derive(Serialize, Deserialize)]
struct Kit {
    passphrase: String,
    recovery_key: String,
    /// Blob name → SHA-256 of its original.
    blobs: BTreeMap<String, String>,
    faults: Vec<Fault>,
}

#[derive(Serialize, Deserialize)]
struct Fault {
    /// File in `faults/`.
    file: String,
    /// What it replaces in `base/`: `vault.json`, `vault.db` or `blobs/<name>`.
    replaces: String,
    /// The error code expected.
    code: String,
    /// `open` (opening fails) or `check` (opening works, check names the problem).
    at: String,
    /// Words the error or problem must contain.
    contains: String,
    /// Whether the recovery key still opens the vault.
    recovery_opens: Option<bool>,
}

const CHUNK: usize = 64 * 1024 + 16;

/// Where an age file's payload starts: after the header's MAC line and the 16-byte nonce.
fn payload_start(age: &[u8]) -> usize {
    let mac = age.windows(4).position(|w| w == b"\n---").expect("age header MAC line");
    let line_end = mac + 1 + age[mac + 1..].iter().position(|&b| b == b'\n').expect("end of MAC line");
    line_end + 1 + 16
}

fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
#[ignore = "regenerates the frozen kit; run by hand only when the format changes on purpose"]
fn regenerate_the_vault_fixture_kit() {
    let root = kit_dir();
    let _ = std::fs::remove_dir_all(&root);
    let base = root.join("base");
    let faults = root.join("faults");
    std::fs::create_dir_all(&faults).expect("create kit");
    let (mut vault, recovery_key) = new_vault(&base);
    let mut blobs = BTreeMap::new();
    let mut names = Vec::new();
    for (i, size) in [200 * 1024, 200 * 1024, 100].into_iter().enumerate() {
        let before: Vec<PathBuf> = files_under(&base.join("blobs"));
        let bytes = pseudo_random(size, i as u64 + 1);
        let id = vault.add_original(&mut bytes.as_slice(), NewOriginal::file()).expect("add");
        let name = files_under(&base.join("blobs")).into_iter().find(|p| !before.contains(p)).expect("new blob");
        let name = name.file_name().expect("name").to_string_lossy().into_owned();
        blobs.insert(name.clone(), vault.item(id).expect("item").sha256);
        names.push(name);
    }
    drop(vault);
    let header_text = std::fs::read_to_string(base.join("vault.json")).expect("header");
    let header = Header::parse(header_text.as_bytes()).expect("parse header");
    let mut list = Vec::new();
    let mut fault =
        |file: &str, bytes: &[u8], replaces: &str, code: &str, at: &str, contains: &str, recovery: Option<bool>| {
            std::fs::write(faults.join(file), bytes).expect("write fault");
            list.push(Fault {
                file: file.into(),
                replaces: replaces.into(),
                code: code.into(),
                at: at.into(),
                contains: contains.into(),
                recovery_opens: recovery,
            });
        };

    // vault.json faults.
    let salt_at = header_text.find("\"salt\": \"").expect("salt") + 9;
    let mut flipped = header_text.clone().into_bytes();
    flipped[salt_at] ^= 0x01;
    fault("header-bit-flipped.json", &flipped, "vault.json", "integrity", "open", "checksum", None);

    let version2 = header_text.replace("\"version\": 1", "\"version\": 2");
    fault(
        "unknown-version.json",
        version2.as_bytes(),
        "vault.json",
        "unsupported_version",
        "open",
        "format version 2",
        None,
    );

    let mut altered = header.clone();
    altered.passphrase_wrap.ciphertext[5] ^= 0x40;
    fault(
        "passphrase-wrap-altered-checksum-fixed.json",
        &altered.to_bytes().expect("bytes"),
        "vault.json",
        "wrong_passphrase",
        "open",
        "does not open this vault",
        Some(true),
    );

    let passphrase_key = keys::derive_passphrase_key(PASS, &header.salt, &header.kdf).expect("derive");
    let mut wrong_key = header.clone();
    wrong_key.passphrase_wrap = keys::wrap(&Key::random(), &passphrase_key, "passphrase", &header.vault_id);
    fault(
        "wrong-key-wrap.json",
        &wrong_key.to_bytes().expect("bytes"),
        "vault.json",
        "integrity",
        "open",
        "vault.db",
        Some(true),
    );

    // Rewritten with a correct checksum, so only the floor rule can catch it.
    let weak_disk = fix_checksum(&header_text.replace("\"memory_kib\": 65536", "\"memory_kib\": 1024"));
    fault(
        "kdf-below-floor.json",
        weak_disk.as_bytes(),
        "vault.json",
        "integrity",
        "open",
        "weaker than Holdfast allows",
        None,
    );
    let huge = fix_checksum(&header_text.replace("\"iterations\": 3", "\"iterations\": 4000000"));
    fault(
        "kdf-above-ceiling.json",
        huge.as_bytes(),
        "vault.json",
        "integrity",
        "open",
        "more work than Holdfast allows",
        None,
    );

    // Blob faults, on the first large blob (4 chunks); the others stay intact.
    let a = std::fs::read(base.join("blobs").join(&names[0])).expect("blob a");
    let b = std::fs::read(base.join("blobs").join(&names[1])).expect("blob b");
    let (pa, pb) = (payload_start(&a), payload_start(&b));
    let target = format!("blobs/{}", names[0]);
    fault("blob-truncated-at-chunk-boundary.age", &a[..pa + 2 * CHUNK], &target, "integrity", "check", &names[0], None);
    let mut reordered = a.clone();
    let (one, two) = (a[pa..pa + CHUNK].to_vec(), a[pa + CHUNK..pa + 2 * CHUNK].to_vec());
    reordered[pa..pa + CHUNK].copy_from_slice(&two);
    reordered[pa + CHUNK..pa + 2 * CHUNK].copy_from_slice(&one);
    fault("blob-chunks-reordered.age", &reordered, &target, "integrity", "check", &names[0], None);
    let mut spliced = a.clone();
    spliced[pa + CHUNK..pa + 2 * CHUNK].copy_from_slice(&b[pb + CHUNK..pb + 2 * CHUNK]);
    fault("blob-chunk-spliced-from-another-blob.age", &spliced, &target, "integrity", "check", &names[0], None);
    let mut trailing = a.clone();
    trailing.extend_from_slice(b"trailing garbage after the last chunk");
    fault("blob-trailing-garbage.age", &trailing, &target, "integrity", "check", &names[0], None);
    let mut header_flip = a.clone();
    header_flip[20] ^= 0x04;
    fault("blob-header-bit-flipped.age", &header_flip, &target, "integrity", "check", &names[0], None);

    let kit = Kit { passphrase: String::from_utf8_lossy(PASS).into(), recovery_key, blobs, faults: list };
    let json = serde_json::to_string_pretty(&kit).expect("json") + "\n";
    std::fs::write(root.join("expected.json"), json).expect("write expected.json");
}

/// Re-serialises edited header JSON with a correct checksum (as a deliberate forger would).
fn fix_checksum(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut value: serde_json::Value = serde_json::from_str(text).expect("json");
    let object = value.as_object_mut().expect("object");
    object.remove("checksum");
    let sum = hex::encode(Sha256::digest(serde_json::to_vec(&value).expect("canonical")));
    value.as_object_mut().expect("object").insert("checksum".into(), sum.into());
    serde_json::to_string_pretty(&value).expect("json") + "\n"
}

fn load_kit() -> Kit {
    serde_json::from_slice(&std::fs::read(kit_dir().join("expected.json")).expect("read expected.json"))
        .expect("parse kit")
}

/// A temporary copy of the intact base vault (tests never open the frozen files themselves).
fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_tree(&kit_dir().join("base"), dir.path());
    dir
}

#[test]
fn the_intact_base_vault_opens_and_checks_clean() {
    let kit = load_kit();
    let dir = base_copy();
    let vault = Vault::open(dir.path(), Unlock::Passphrase(kit.passphrase.as_bytes())).expect("base opens");
    let report = vault.check().expect("check");
    assert!(report.is_intact(), "the base vault is intact: {:?}", report.problems);
    let hashes: Vec<String> = vault.items().expect("items").into_iter().map(|i| i.sha256).collect();
    let mut expected: Vec<String> = kit.blobs.values().cloned().collect();
    let mut got = hashes.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "every original is there with its hash");
    drop(vault);
    assert!(Vault::open(dir.path(), Unlock::RecoveryKey(&kit.recovery_key)).is_ok(), "its recovery key opens it");
}

#[test]
fn every_fault_in_the_kit_gives_its_expected_error_and_spares_the_rest() {
    let kit = load_kit();
    let on_disk = files_under(&kit_dir().join("faults")).len();
    assert_eq!(on_disk, kit.faults.len(), "every fault file has an expected outcome");
    assert!(kit.faults.len() >= 11, "the kit covers each fault the issue names");
    for fault in &kit.faults {
        let dir = base_copy();
        std::fs::copy(kit_dir().join("faults").join(&fault.file), dir.path().join(&fault.replaces))
            .expect("apply fault");
        let opened = Vault::open(dir.path(), Unlock::Passphrase(kit.passphrase.as_bytes()));
        match fault.at.as_str() {
            "open" => {
                let error = opened.expect_err(&format!("{} must not open", fault.file));
                assert_eq!(error.code().as_str(), fault.code, "{}: error code ({error})", fault.file);
                assert!(
                    error.to_string().contains(&fault.contains),
                    "{}: {error} names {:?}",
                    fault.file,
                    fault.contains
                );
                if let Some(recovery) = fault.recovery_opens {
                    let by_key = Vault::open(dir.path(), Unlock::RecoveryKey(&kit.recovery_key));
                    assert_eq!(by_key.is_ok(), recovery, "{}: whether the recovery key still opens it", fault.file);
                }
            }
            "check" => {
                let vault = opened.unwrap_or_else(|e| panic!("{} opens (the damage is in one blob): {e}", fault.file));
                let report = vault.check().expect("check runs");
                assert!(!report.is_intact(), "{}: check reports the damage", fault.file);
                assert!(
                    report.problems.iter().any(|p| p.contains(&fault.contains)),
                    "{}: {:?} names {}",
                    fault.file,
                    report.problems,
                    fault.contains
                );
                assert_eq!(
                    report.problems.len(),
                    1,
                    "{}: only the damaged item is reported: {:?}",
                    fault.file,
                    report.problems
                );
                let mut readable = 0;
                for item in vault.items().expect("items") {
                    let mut out = Vec::new();
                    match vault.read_original(item.id, &mut out) {
                        Ok(()) => readable += 1,
                        Err(e) => assert_eq!(
                            e.code(),
                            ErrorCode::Integrity,
                            "{}: the damaged item fails as integrity",
                            fault.file
                        ),
                    }
                }
                assert_eq!(readable, kit.blobs.len() - 1, "{}: every undamaged item is still readable", fault.file);
            }
            other => panic!("unknown stage {other}"),
        }
    }
}
