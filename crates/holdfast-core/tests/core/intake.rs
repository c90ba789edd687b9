//! What is asked before a file is kept, decided in the core from its first bytes and its name.

use holdfast_core::intake::{classify, classify_file};
use holdfast_core::ErrorCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF";

#[test]
fn anything_that_may_be_a_picture_or_a_video_gets_the_question_first() {
    // (name, first bytes, asks, can cover)
    let cases: &[(&str, &[u8], bool, bool)] = &[
        ("chat.png", PNG, true, true),
        ("chat.jpg", JPEG, true, true),
        ("renamed.txt", PNG, true, true), // the bytes show a picture whatever the name says
        ("photo.heic", b"not really", true, false),
        ("scan.BMP", b"BM....", true, false),
        ("scan.tiff", b"II*\0", true, false),
        ("clip.mkv", b"\x1a\x45\xdf\xa3", true, false),
        ("clip.avi", b"RIFF....AVI ", true, false),
        ("clip.3gp", b"....ftyp3gp4", true, false),
        ("anim.gif", b"GIF89a", true, false),
        ("threat.txt", b"pay or else", false, false),
        ("export.json", b"{\"messages\": []}", false, false),
        ("no name", b"pay or else", false, false),
    ];
    for (name, head, asks, cover) in cases {
        let intake = classify(name, head);
        assert_eq!((intake.asks_nudity, intake.can_cover), (*asks, *cover), "{name}: {intake:?}");
    }
    assert_eq!(classify("renamed.txt", PNG).media_type, "image/png", "the bytes decide the recorded type");
}

#[test]
fn a_chosen_file_is_classified_from_its_first_bytes_only_and_must_be_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("screenshot.dat");
    let mut bytes = PNG.to_vec();
    bytes.resize(1024 * 1024, 0);
    std::fs::write(&path, &bytes).expect("write");
    let intake = classify_file(&path).expect("classify");
    assert!(intake.asks_nudity && intake.can_cover, "{intake:?}");
    let folder = classify_file(dir.path()).expect_err("a folder is not a file");
    assert_eq!(folder.code(), ErrorCode::InvalidInput, "{folder}");
}
