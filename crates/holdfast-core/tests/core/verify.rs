//! The verifier against hostile ZIPs (issue 12), each built byte by byte (`rawzip`) from a real
//! bundle's files with one fault: each must fail with a problem that names the fault, and the
//! same files rebuilt without a fault must still verify. Also: names that drive a terminal,
//! entries nothing signs, ZIP64 and password bundles, and cancelling.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use holdfast_core::export::verify::{verify_bundle, verify_bundle_with, Verdict, VerifyOptions};
use holdfast_core::{Error, ErrorCode};

use crate::export::{case_vault, entries, names_problem, options, problems};
use crate::rawzip::{Entry, RawZip};

/// A real bundle (a screenshot and a message) and its files in ZIP order.
fn real_bundle(dir: &Path) -> (PathBuf, Vec<(String, Vec<u8>)>) {
    let (mut vault, [shot, message, ..]) = case_vault(&dir.join("v"));
    let out = dir.join("bundle.zip");
    vault.export(&out, &options(Some(vec![shot, message]))).expect("export");
    let files = entries(&out);
    (out, files)
}

fn exhibit_name(files: &[(String, Vec<u8>)]) -> String {
    files.iter().map(|(n, _)| n.clone()).find(|n| n.ends_with(".png")).expect("the screenshot exhibit")
}

fn verdict(dir: &Path, name: &str, zip: &RawZip) -> Verdict {
    let path = dir.join(name);
    std::fs::write(&path, zip.bytes()).expect("write the ZIP");
    verify_bundle(&path, None).expect("the verifier answers, never fails outright")
}

/// Verifies `zip` and asserts it fails with a problem whose text holds `says` (and that names
/// `file`, if given).
fn refused(dir: &Path, name: &str, zip: &RawZip, file: Option<&str>, says: &str) -> Verdict {
    let v = verdict(dir, name, zip);
    assert!(!v.verified, "{name} must not verify");
    let found = v.problems.iter().any(|p| p.what.contains(says) && (file.is_none() || p.file.as_deref() == file));
    assert!(found, "{name}: a problem {file:?} saying '{says}':\n{}", problems(&v));
    v
}

#[test]
fn the_untouched_bundle_rebuilt_byte_by_byte_still_verifies() {
    let dir = tempfile::tempdir().expect("temp");
    let (original, files) = real_bundle(dir.path());
    let v = verify_bundle(&original, None).expect("verify");
    assert!(v.verified, "the bundle as exported verifies:\n{}", problems(&v));
    let v = verdict(dir.path(), "rebuilt.zip", &RawZip::stored(&files));
    assert!(v.verified, "the same files, stored by the test builder, verify (the builder is sound):\n{}", problems(&v));
    let v = verdict(dir.path(), "zip64.zip", &RawZip { zip64_end: true, ..RawZip::stored(&files) });
    assert!(v.verified, "with ZIP64 end records, as a bundle over 4 GiB has, it verifies:\n{}", problems(&v));
}

#[test]
fn a_local_record_no_central_entry_names_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let exhibit = exhibit_name(&files);
    let mut zip = RawZip::stored(&files);
    // A forged copy of the exhibit right after the real one, named by no central entry: an
    // extractor that walks the records from the front writes it over the real one.
    let mut forged = Entry::stored(exhibit.as_bytes(), b"\x89PNG\r\n\x1a\n a forged screenshot");
    forged.listed = false;
    zip.entries.insert(zip.find(&exhibit) + 1, forged);
    let path = dir.path().join("forged.zip");
    std::fs::write(&path, zip.bytes()).expect("write");
    assert_eq!(entries(&path), files, "control: from its central directory the ZIP shows exactly the real files");
    let v = refused(dir.path(), "forged.zip", &zip, Some(&exhibit), "the central directory does not list");
    assert_eq!(v.files_checked, 0, "nothing is read from a ZIP whose layout is refused");
}

#[test]
fn prefix_bytes_before_the_first_record_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let zip = RawZip { prefix: b"MZ\x90\x00 a program or anything else in front".to_vec(), ..RawZip::stored(&files) };
    refused(dir.path(), "prefix.zip", &zip, None, "come before the first file record");
}

#[test]
fn a_gap_between_records_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let mut zip = RawZip::stored(&files);
    zip.entries[0].gap_after = vec![0u8; 16];
    refused(dir.path(), "gap.zip", &zip, None, "gap between two file records");
    let mut zip = RawZip::stored(&files);
    let last = zip.entries.len() - 1;
    zip.entries[last].gap_after = b"hidden words".to_vec();
    refused(dir.path(), "gap-before-central.zip", &zip, None, "between the last file and the central directory");
}

#[test]
fn bytes_after_the_end_record_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let zip = RawZip { trailer: b"appended".to_vec(), ..RawZip::stored(&files) };
    refused(dir.path(), "trailer.zip", &zip, None, "follow the end of the ZIP");
}

#[test]
fn overlapping_entries_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    // The shape that made a 2 MB file inflate to about 20 TiB, built small: many central
    // entries, each within the ratio limit, all unpacking the same local record.
    let mut zip = RawZip::stored(&files);
    let first = zip.entries[0].clone();
    for i in 1..=3 {
        let mut copy = first.clone();
        copy.name = format!("exhibits/copy-{i}.bin").into_bytes();
        copy.local = false;
        copy.offset = Some(0);
        zip.entries.push(copy);
    }
    let v = refused(dir.path(), "shared.zip", &zip, Some("exhibits/copy-1.bin"), "entries overlap");
    assert_eq!(v.files_checked, 0, "refused before any entry is read");

    // Nested: the first entry's data claims to run over the whole next record.
    let inner = Entry::stored(b"inner.txt", b"inner record");
    let mut outer = Entry::stored(b"outer.bin", &[0u8; 64]);
    outer.method = 8;
    outer.compressed = 64 + 30 + inner.name.len() as u32 + inner.data.len() as u32;
    outer.size = outer.compressed * 1_000;
    let zip = RawZip { entries: vec![outer, inner], ..RawZip::default() };
    refused(dir.path(), "nested.zip", &zip, Some("inner.txt"), "entries overlap");
}

#[test]
fn a_total_far_beyond_the_bundles_size_is_refused_unread() {
    let dir = tempfile::tempdir().expect("temp");
    // One entry, within the per-entry ratio (1,000), declaring 100 MB from a 100 KB file. Its
    // data is not even valid deflate: reading it would fail, so the problem shows it was not read.
    let mut big = Entry::stored(b"exhibits/big.txt", &vec![0u8; 100 * 1024]);
    big.method = 8;
    big.size = big.compressed * 1_000;
    let zip = RawZip { entries: vec![big], ..RawZip::default() };
    let v = refused(dir.path(), "total.zip", &zip, None, "would unpack to");
    assert_eq!(v.problems.len(), 1, "refused before reading:\n{}", problems(&v));
}

#[test]
fn a_local_name_that_differs_from_the_central_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let exhibit = exhibit_name(&files);
    let mut zip = RawZip::stored(&files);
    let i = zip.find(&exhibit);
    zip.entries[i].local_name = exhibit.replace(".png", ".exe").into_bytes();
    refused(dir.path(), "local-name.zip", &zip, Some(&exhibit), "the name in its local header");
}

#[test]
fn local_sizes_flags_or_method_that_differ_from_the_central_ones_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let exhibit = files[0].0.clone();
    let clean = RawZip::stored(&files).bytes();
    // The first entry's local header is at byte 0: flags at 6, method at 8, CRC at 14, the
    // sizes at 18 and 22.
    for (at, value, says) in [
        (6, 0x0800u32, "flags or compression method"),
        (8, 8, "flags or compression method"),
        (14, 0xDEAD_BEEF, "sizes or CRC"),
        (18, 1, "sizes or CRC"),
        (22, 1, "sizes or CRC"),
    ] {
        let mut bytes = clean.clone();
        let width = if at < 14 { 2 } else { 4 };
        bytes[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
        let path = dir.path().join(format!("local-{at}.zip"));
        std::fs::write(&path, bytes).expect("write");
        let v = verify_bundle(&path, None).expect("verify");
        let found = v.problems.iter().any(|p| p.file.as_deref() == Some(exhibit.as_str()) && p.what.contains(says));
        assert!(!v.verified && found, "a local header changed at byte {at} is refused:\n{}", problems(&v));
    }
}

#[test]
fn data_descriptors_and_unknown_extra_fields_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let exhibit = exhibit_name(&files);
    let mut zip = RawZip::stored(&files);
    let i = zip.find(&exhibit);
    zip.entries[i].flags |= 0x0008;
    // One entry with a descriptor among entries without (the error may name either side).
    refused(dir.path(), "descriptor.zip", &zip, None, "data descriptor");
    // An Info-ZIP Unicode path field: some tools show its name instead of the header's.
    let mut zip = RawZip::stored(&files);
    let mut field = vec![0x75, 0x70, 14, 0, 1, 0, 0, 0, 0];
    field.extend_from_slice(b"other.png");
    zip.entries[i].local_extra = field.clone();
    zip.entries[i].central_extra = field;
    refused(dir.path(), "unicode-path.zip", &zip, Some(&exhibit), "extra field (0x7075)");
}

/// A ZIP written as a stream, as the ZIP inside a password bundle is: every entry followed by a
/// data descriptor. `method` for every entry.
fn streamed_zip(path: &Path, files: &[(String, Vec<u8>)], method: zip::CompressionMethod) {
    use std::io::Write;
    let out = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new_stream(out);
    for (name, bytes) in files {
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

#[test]
fn a_streamed_zip_verifies_only_when_every_entry_is_stored_with_a_matching_descriptor() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let stored = dir.path().join("streamed.zip");
    streamed_zip(&stored, &files, zip::CompressionMethod::Stored);
    let v = verify_bundle(&stored, None).expect("verify");
    assert!(v.verified, "a streamed ZIP of stored entries reads the same in every tool:\n{}", problems(&v));
    // Deflated: a tool reading from the front could find an entry's end early.
    let deflated = dir.path().join("streamed-deflated.zip");
    streamed_zip(&deflated, &files, zip::CompressionMethod::Deflated);
    let v = verify_bundle(&deflated, None).expect("verify");
    assert!(!v.verified && problems(&v).contains("compressed and followed by a data descriptor"), "{}", problems(&v));
    // A descriptor that disagrees with the central directory.
    let mut bytes = std::fs::read(&stored).expect("read");
    let at = bytes.windows(4).position(|w| w == [0x50, 0x4b, 0x07, 0x08]).expect("a descriptor");
    bytes[at + 4] ^= 0xff;
    let changed = dir.path().join("streamed-changed.zip");
    std::fs::write(&changed, bytes).expect("write");
    let v = verify_bundle(&changed, None).expect("verify");
    assert!(!v.verified && problems(&v).contains("data descriptor"), "a changed descriptor is named: {}", problems(&v));
}

#[test]
fn an_entry_name_with_a_terminal_escape_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let mut zip = RawZip::stored(&files);
    zip.entries.push(Entry::stored(b"exhibits/\x1b[2J\x1b[HVERIFIED every file matches.png", b"x"));
    let v = refused(
        dir.path(),
        "escape.zip",
        &zip,
        Some("exhibits/[U+001B][2J[U+001B][HVERIFIED every file matches.png"),
        "control, bidirectional or invisible characters",
    );
    for p in &v.problems {
        let text = format!("{:?} {}", p.file, p.what);
        assert!(!text.contains('\u{1b}'), "no problem carries a raw escape: {text}");
    }
}

#[test]
fn an_entry_name_with_a_bidi_override_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let mut zip = RawZip::stored(&files);
    zip.entries.push(Entry::stored("exhibits/JS-9_\u{202e}gnp.exe".as_bytes(), b"MZ"));
    let v = refused(
        dir.path(),
        "bidi.zip",
        &zip,
        Some("exhibits/JS-9_[U+202E]gnp.exe"),
        "control, bidirectional or invisible characters",
    );
    let json = serde_json::to_string(&v).expect("JSON");
    assert!(!json.contains('\u{202e}'), "the JSON verdict carries no raw override either: {json}");
}

#[test]
fn names_windows_cannot_unpack_faithfully_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    for (name, says) in [
        ("exhibits/CON.png", "Windows device name"),
        ("exhibits/nul.txt", "Windows device name"),
        ("exhibits/com1", "Windows device name"),
        ("exhibits/Lpt9.json", "Windows device name"),
        ("exhibits/JS-9_threat.txt.", "ends in a dot or space"),
        ("exhibits/JS-9_threat.txt ", "ends in a dot or space"),
    ] {
        let mut zip = RawZip::stored(&files);
        zip.entries.push(Entry::stored(name.as_bytes(), b"x"));
        refused(dir.path(), "windows-name.zip", &zip, Some(name), says);
    }
    // Two names that differ only by letter case would be one file on Windows and macOS: the
    // second (here a stand-in for an exhibit's metadata) would overwrite the first on unpacking.
    let existing = files.iter().map(|(n, _)| n.clone()).find(|n| n.ends_with(".json") && n.starts_with("exhibits/"));
    let existing = existing.expect("an exhibit's metadata");
    let twin = existing.to_uppercase().replacen("EXHIBITS/", "exhibits/", 1);
    let mut zip = RawZip::stored(&files);
    zip.entries.push(Entry::stored(twin.as_bytes(), b"{}"));
    refused(dir.path(), "case.zip", &zip, Some(&twin), "only in letter case");
}

#[test]
fn an_entry_sha256sums_does_not_list_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    let mut zip = RawZip::stored(&files);
    let mut folder = Entry::stored(b"exhibits/", b"");
    folder.mode = 0o040755;
    zip.entries.insert(0, folder);
    refused(dir.path(), "folder.zip", &zip, Some("exhibits/"), "SHA256SUMS does not list it");
    let mut zip = RawZip::stored(&files);
    zip.entries.push(Entry::stored(b"exhibits/extra.txt", b"unsigned words"));
    refused(dir.path(), "unlisted.zip", &zip, Some("exhibits/extra.txt"), "not in SHA256SUMS");
    let v = verdict(dir.path(), "control.zip", &RawZip::stored(&files));
    assert!(
        v.verified && !names_problem(&v, "SHA256SUMS.minisig"),
        "the signature, which SHA256SUMS cannot list, is not refused"
    );
}

#[test]
fn a_zip64_bundle_as_holdfast_writes_one_still_verifies() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("temp");
    let (_, files) = real_bundle(dir.path());
    // Holdfast writes an exhibit of 4 GiB or more with ZIP64 sizes; the same on small files.
    let path = dir.path().join("large-file.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    for (name, bytes) in &files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        zip.start_file(name, options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
    let v = verify_bundle(&path, None).expect("verify");
    assert!(v.verified, "ZIP64 sizes in both headers are read alike:\n{}", problems(&v));
}

#[test]
fn a_password_bundle_still_verifies_with_its_password() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = case_vault(&dir.path().join("v"));
    let out = dir.path().join("locked.7z");
    let words = "correct horse battery staple";
    let password = Some(zeroize::Zeroizing::new(words.to_string()));
    vault.export(&out, &holdfast_core::export::ExportOptions { password, ..options(None) }).expect("export");
    let v = verify_bundle(&out, Some(words)).expect("verify");
    assert!(v.verified, "the streamed ZIP inside a password bundle is strictly tiled too:\n{}", problems(&v));
    let v = verify_bundle(&out, None).expect("verify");
    assert!(!v.verified && problems(&v).contains("password"), "without it, it cannot be checked: {}", problems(&v));
}

#[test]
fn verifying_stops_at_once_when_the_cancel_flag_is_already_set() {
    let dir = tempfile::tempdir().expect("temp");
    let (bundle, _) = real_bundle(dir.path());
    let cancel = AtomicBool::new(true);
    let result = verify_bundle_with(&bundle, &VerifyOptions { cancel: Some(&cancel), ..VerifyOptions::default() });
    match result {
        Err(e @ Error::Cancelled) => assert_eq!(e.code().as_str(), "cancelled", "its own code"),
        other => panic!("a pre-set flag gives Cancelled, not a verdict: {other:?}"),
    }
    assert_eq!(ErrorCode::Cancelled.as_str(), "cancelled");
    cancel.store(false, Ordering::Relaxed);
    let v = verify_bundle_with(&bundle, &VerifyOptions { cancel: Some(&cancel), ..VerifyOptions::default() });
    assert!(v.expect("verify").verified, "control: with the flag clear the same bundle verifies");
}

/// A ZIP of one stored entry of `size` zero bytes, written sparse (the zeros take no disk).
fn sparse_bundle(path: &Path, size: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut entry = Entry::stored(b"exhibits/big.bin", b"");
    entry.size = size as u32;
    entry.compressed = size as u32;
    let bytes = RawZip { entries: vec![entry], ..RawZip::default() }.bytes();
    let local = 30 + "exhibits/big.bin".len();
    let (head, mut tail) = (bytes[..local].to_vec(), bytes[local..].to_vec());
    // The end record's central-directory offset (4 bytes, 6 from the end) moves past the data.
    let n = tail.len();
    let start = u32::from_le_bytes(tail[n - 6..n - 2].try_into().expect("4 bytes")) + size as u32;
    tail[n - 6..n - 2].copy_from_slice(&start.to_le_bytes());
    let mut file = std::fs::File::create(path).expect("create");
    file.write_all(&head).expect("write");
    file.seek(SeekFrom::Start(local as u64 + size)).expect("seek");
    file.write_all(&tail).expect("write");
}

/// Where another thread of this process is reading `path` (Linux: its file offset).
fn read_position(path: &Path) -> Option<u64> {
    for fd in std::fs::read_dir("/proc/self/fd").ok()?.flatten() {
        if std::fs::read_link(fd.path()).ok().as_deref() == Some(path) {
            let info =
                std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.file_name().to_string_lossy())).ok()?;
            return info.lines().find_map(|l| l.strip_prefix("pos:")).and_then(|p| p.trim().parse().ok());
        }
    }
    None
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "watches the other thread's read position in Linux's /proc, which Windows (and Wine) lack"
)]
fn verifying_stops_inside_a_large_entry_when_cancelled_from_another_thread() {
    const SIZE: u64 = 1 << 30;
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().canonicalize().expect("path").join("large.zip");
    sparse_bundle(&path, SIZE);
    let cancel = AtomicBool::new(false);
    let (result, furthest) = std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            // Wait until the verifier is well inside the entry's data, then cancel, then see how
            // far it still reads until it lets the file go.
            let started = std::time::Instant::now();
            loop {
                match read_position(&path) {
                    Some(pos) if (8 << 20..SIZE / 4).contains(&pos) => break,
                    _ if started.elapsed().as_secs() > 120 => return None,
                    _ => std::thread::yield_now(),
                }
            }
            cancel.store(true, Ordering::Relaxed);
            let mut furthest = 0;
            while let Some(pos) = read_position(&path) {
                furthest = furthest.max(pos);
            }
            Some(furthest)
        });
        let result = verify_bundle_with(&path, &VerifyOptions { cancel: Some(&cancel), ..VerifyOptions::default() });
        (result, watcher.join().expect("the watcher"))
    });
    let furthest = furthest.expect("the watcher saw the verifier read inside the entry");
    assert!(matches!(result, Err(Error::Cancelled)), "cancelled, not a verdict: {result:?}");
    assert!(furthest < SIZE / 2, "it stopped inside the entry (read to byte {furthest} of {SIZE}), not at its end");
}
