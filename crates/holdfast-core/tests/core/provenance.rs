//! What the signature proves, and what else a verdict needs (issue 12, finding 5): a bundle
//! rewritten and signed again with another key still verifies on its own, so each exhibit is
//! checked against its metadata and its logged hash, the fingerprint can be confirmed, an earlier
//! bundle shows whether the log was rewritten, and every export is logged.

use std::path::Path;

use holdfast_core::export::sign::SigningPair;
use holdfast_core::export::verify::{verify_bundle, verify_bundle_with, Earlier, Verdict, VerifyOptions};
use holdfast_core::vault::log::{canonical, sha256_hex};
use holdfast_core::vault::{ItemDetails, Vault};
use holdfast_core::ErrorCode;
use serde_json::Value;

use crate::export::{case_vault, entries, options, problems, write_zip};
use crate::support::{copy_tree, open};

type Files = Vec<(String, Vec<u8>)>;

/// What a forger with a key of their own does after changing files: list every file anew in
/// manifest.json (with their key) and SHA256SUMS, and sign.
fn resign(files: &mut Files, key: &SigningPair) {
    let own = ["manifest.json", "SHA256SUMS", "SHA256SUMS.minisig"];
    files.retain(|(n, _)| !["SHA256SUMS", "SHA256SUMS.minisig"].contains(&n.as_str()));
    let public = key.public();
    set(files, "holdfast.pub", public.to_file().into_bytes());
    let i = files.iter().position(|(n, _)| n == "manifest.json").expect("manifest");
    let mut manifest: Value = serde_json::from_slice(&files[i].1).expect("manifest JSON");
    manifest["key"] = serde_json::json!({"id": public.id_hex(), "fingerprint": public.fingerprint()});
    manifest["files"] = files
        .iter()
        .filter(|(n, _)| !own.contains(&n.as_str()))
        .map(|(n, b)| serde_json::json!({"path": n, "size": b.len(), "sha256": sha256_hex(b)}))
        .collect();
    files[i].1 = format!("{}\n", canonical(&manifest)).into_bytes();
    let mut listed: Vec<&(String, Vec<u8>)> = files.iter().collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    let sums: String = listed.iter().map(|(n, b)| format!("{}  {n}\n", sha256_hex(b))).collect();
    let signature = key.sign(sums.as_bytes(), "forged");
    files.push(("SHA256SUMS".into(), sums.into_bytes()));
    files.push(("SHA256SUMS.minisig".into(), signature.into_bytes()));
}

fn set(files: &mut Files, name: &str, bytes: Vec<u8>) {
    files.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} in the bundle")).1 = bytes;
}

fn verify_files(dir: &Path, name: &str, files: &Files) -> Verdict {
    let path = dir.join(name);
    write_zip(&path, files);
    verify_bundle(&path, None).expect("verify")
}

fn exported(dir: &Path) -> (Files, String) {
    let (mut vault, [shot, message, ..]) = case_vault(&dir.join("v"));
    let out = dir.join("bundle.zip");
    let done = vault.export(&out, &options(Some(vec![shot, message]))).expect("export");
    (entries(&out), done.fingerprint)
}

fn said(v: &Verdict, file: &str, words: &str) -> bool {
    v.problems.iter().any(|p| p.file.as_deref() == Some(file) && p.what.contains(words))
}

#[test]
fn an_exhibit_that_no_longer_matches_its_metadata_and_log_is_refused_even_when_signed_again() {
    let dir = tempfile::tempdir().expect("temp");
    let (files, _) = exported(dir.path());
    let other = SigningPair::generate();
    let mut control = files.clone();
    resign(&mut control, &other);
    let v = verify_files(dir.path(), "resigned.zip", &control);
    assert!(v.verified, "control: a bundle signed again, unchanged, verifies on its own:\n{}", problems(&v));

    let exhibit = files.iter().map(|(n, _)| n.clone()).find(|n| n.ends_with(".png")).expect("exhibit");
    let mut forged = files.clone();
    set(&mut forged, &exhibit, b"\x89PNG\r\n\x1a\n another picture".to_vec());
    resign(&mut forged, &other);
    let v = verify_files(dir.path(), "swapped.zip", &forged);
    assert!(!v.verified, "a replaced exhibit fails although every list and the signature agree");
    assert!(said(&v, &exhibit, "differs from its metadata"), "its metadata names it:\n{}", problems(&v));
    assert!(said(&v, &exhibit, "'add item'"), "so does the log:\n{}", problems(&v));

    // The forger fixes the metadata too: the log still holds the original's hash.
    let meta = "exhibits/JS-1.json";
    let mut m: Value = serde_json::from_slice(&forged.iter().find(|(n, _)| n == meta).expect("meta").1).expect("JSON");
    let bytes = forged.iter().find(|(n, _)| *n == exhibit).expect("exhibit").1.clone();
    m["sha256"] = sha256_hex(&bytes).into();
    m["size"] = bytes.len().into();
    set(&mut forged, meta, format!("{}\n", canonical(&m)).into_bytes());
    resign(&mut forged, &other);
    let v = verify_files(dir.path(), "swapped-meta.zip", &forged);
    assert!(!v.verified && said(&v, &exhibit, "'add item'"), "the log catches it:\n{}", problems(&v));
    assert!(!said(&v, &exhibit, "metadata"), "and the metadata now agrees:\n{}", problems(&v));
}

#[test]
fn a_removed_exhibit_is_refused_even_when_signed_again() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut files, _) = exported(dir.path());
    files.retain(|(n, _)| !n.starts_with("exhibits/JS-2"));
    resign(&mut files, &SigningPair::generate());
    let v = verify_files(dir.path(), "removed.zip", &files);
    assert!(!v.verified, "a bundle with an exhibit taken out fails");
    assert!(said(&v, "log.jsonl", "an exhibit was removed"), "the log's entry for it names it:\n{}", problems(&v));
    assert!(said(&v, "manifest.json", "counts 2 exhibits"), "so does the manifest's count:\n{}", problems(&v));
}

#[test]
fn a_bundle_signed_with_another_key_fails_when_the_fingerprint_is_expected() {
    let dir = tempfile::tempdir().expect("temp");
    let (files, fingerprint) = exported(dir.path());
    let original = dir.path().join("bundle.zip");
    let expect = |path: &Path, fp: &str| {
        verify_bundle_with(path, &VerifyOptions { expect_fingerprint: Some(fp), ..VerifyOptions::default() })
    };

    let v = verify_bundle(&original, None).expect("verify");
    assert!(v.verified && !v.key_confirmed, "without an expected fingerprint the key is not confirmed");
    let typed = fingerprint.replace(' ', "").to_lowercase();
    let v = expect(&original, &typed).expect("verify");
    assert!(v.verified && v.key_confirmed, "the right fingerprint, typed any way, confirms the key");

    let mut forged = files;
    resign(&mut forged, &SigningPair::generate());
    let path = dir.path().join("resigned.zip");
    write_zip(&path, &forged);
    let v = expect(&path, &fingerprint).expect("verify");
    assert!(!v.verified && !v.key_confirmed, "signed with another key, it fails the expected fingerprint");
    assert!(said(&v, "holdfast.pub", "not the one you expected"), "and says so:\n{}", problems(&v));

    let wrong = expect(&original, "not a fingerprint").expect_err("a malformed fingerprint");
    assert_eq!(wrong.code(), ErrorCode::InvalidInput, "is a usage error: {wrong}");
}

/// A vault with its signing key made, closed, and a copy of its folder: the two share their key
/// and their log up to here, as a vault does with an old backup or copy of itself.
fn forked(root: &Path) -> (Vault, Vault) {
    let (mut vault, [shot, ..]) = case_vault(&root.join("vault"));
    vault.export(&root.join("first.zip"), &options(Some(vec![shot]))).expect("the first export makes the key");
    drop(vault);
    copy_tree(&root.join("vault"), &root.join("fork"));
    (open(&root.join("vault")), open(&root.join("fork")))
}

fn against(later: &Path, earlier: &Path) -> Verdict {
    let earlier = Earlier { path: earlier, password: None };
    verify_bundle_with(later, &VerifyOptions { earlier: Some(earlier), ..VerifyOptions::default() }).expect("verify")
}

#[test]
fn a_log_rewritten_between_two_bundles_is_detected_with_the_earlier_bundle() {
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, mut fork) = forked(root.path());
    let threat = vault
        .add_text(holdfast_core::vault::model::ItemKind::Message, "the threat", ItemDetails::default())
        .expect("message");
    let a = root.path().join("a.zip");
    vault.export(&a, &options(Some(vec![threat]))).expect("export A");
    vault.add_text(holdfast_core::vault::model::ItemKind::Note, "later", ItemDetails::default()).expect("note");
    let c = root.path().join("c.zip");
    vault.export(&c, &options(None)).expect("export C");

    let v = against(&c, &a);
    assert!(v.verified, "a later bundle of the same vault verifies against the earlier one:\n{}", problems(&v));
    let check = v.earlier.expect("the comparison");
    assert!(check.log_is_prefix && check.entries_since >= 2, "its log runs on from the earlier one");

    // The fork lost the threat and its log entry, and has its own history since: same key.
    let other = fork
        .add_text(holdfast_core::vault::model::ItemKind::Note, "something else", ItemDetails::default())
        .expect("note");
    let b = root.path().join("b.zip");
    fork.export(&b, &options(Some(vec![other]))).expect("export B");
    let alone = verify_bundle(&b, None).expect("verify");
    assert!(alone.verified, "on its own the rewritten history verifies, with the same key:\n{}", problems(&alone));
    assert_eq!(alone.fingerprint, verify_bundle(&a, None).expect("verify").fingerprint, "the same fingerprint");
    let v = against(&b, &a);
    assert!(!v.verified, "against the earlier bundle it fails");
    assert!(
        said(&v, "log.jsonl", "was rewritten between the two bundles"),
        "and says the log was rewritten:\n{}",
        problems(&v)
    );

    let v = against(&a, &c);
    assert!(!v.verified && said(&v, "log.jsonl", "this one is the older"), "the wrong way round:\n{}", problems(&v));
    let (mut stranger, _) = case_vault(&root.path().join("stranger"));
    let s = root.path().join("s.zip");
    stranger.export(&s, &options(None)).expect("export");
    let v = against(&s, &a);
    assert!(!v.verified && said(&v, "holdfast.pub", "another key"), "another vault's bundle:\n{}", problems(&v));
}

#[test]
fn every_export_is_logged_with_the_hash_of_its_sha256sums_and_its_log_head() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = case_vault(&dir.path().join("v"));
    let out = dir.path().join("b.zip");
    let done = vault.export(&out, &options(None)).expect("export");
    let files = entries(&out);
    let sums = &files.iter().find(|(n, _)| n == "SHA256SUMS").expect("sums").1;
    let v = verify_bundle(&out, None).expect("verify");
    let entry = vault.log().expect("log").pop().expect("an entry");
    let body: Value = serde_json::from_str(&entry.body).expect("body");
    assert_eq!(body["action"], "export", "the newest entry records the export");
    assert_eq!(body["sums_sha256"], sha256_hex(sums).as_str(), "with the hash of the bundle's SHA256SUMS");
    assert_eq!(done.sums_sha256, sha256_hex(sums), "which the summary gives too");
    assert_eq!(body["log_head"].as_str(), v.log_head.as_deref(), "and the entry the bundle's log ends with");
    assert_eq!(body["log_seq"].as_u64(), v.log_entries.map(|n| n as u64), "and its number");
    assert_eq!(entry.seq as usize, v.log_entries.expect("entries") + 1, "right after it");

    let before = vault.log().expect("log").len();
    assert!(vault.export(&out, &options(None)).is_err(), "a second export to the same file is refused");
    assert_eq!(vault.log().expect("log").len(), before, "and a failed export is not logged");
}
