//! Pictures from a hostile source are decoded within memory limits (issue 12, finding 1): a
//! small file declaring a huge size is refused from its header before anything is decoded, by
//! the cover editor and the thumbnails alike, while real photos and screenshots still pass.

use std::io::{Cursor, Read};

use holdfast_core::export::ExportOptions;
use holdfast_core::picture::{self, MAX_PIXELS};
use holdfast_core::vault::cover::{cover_image, CoverBox};
use holdfast_core::vault::model::ItemKind;
use holdfast_core::vault::NewOriginal;
use holdfast_core::{Error, ErrorCode};
use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};

use crate::support::{files_under, new_vault};

/// CRC-32 as PNG chunks carry it (reflected, polynomial 0xEDB88320), a bit at a time.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A real, small PNG (`image` encodes 16 × 16 transparent black pixels: its IDAT is a few
/// compressed bytes of zeros) whose IHDR is then rewritten to declare `width` × `height`, with
/// the chunk's CRC made right again. A decoder that believed the header would ask for
/// width × height × (bytes per pixel) of memory.
fn declared_png(width: u32, height: u32, sixteen_bit: bool) -> Vec<u8> {
    let small = if sixteen_bit {
        DynamicImage::ImageRgba16(image::ImageBuffer::<Rgba<u16>, Vec<u16>>::new(16, 16))
    } else {
        DynamicImage::ImageRgba8(RgbaImage::new(16, 16))
    };
    let mut png = Vec::new();
    small.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("encode a small PNG");
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height, big-endian.
    assert_eq!(&png[12..16], b"IHDR", "the first chunk is IHDR");
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A real, small baseline JPEG whose frame header (SOF0) is rewritten to declare
/// `width` × `height`; with `sideways`, an Exif block saying "turn 90° to show" (orientation
/// 6, as phones write) is put in front.
fn declared_jpeg(width: u16, height: u16, sideways: bool) -> Vec<u8> {
    let small = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(16, 16, image::Rgb([90, 120, 150])));
    let mut jpeg = Vec::new();
    small.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).expect("encode a small JPEG");
    // SOF0: FF C0, length (2), precision (1), height (2), width (2).
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    if !sideways {
        return jpeg;
    }
    let mut exif = vec![0xFF, 0xE1, 0x00, 0x22];
    exif.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0");
    [&jpeg[..2], &exif[..], &jpeg[2..]].concat()
}

fn a_box() -> [CoverBox; 1] {
    [CoverBox { x: 0, y: 0, width: 10, height: 10 }]
}

fn is_too_large(result: Result<impl std::fmt::Debug, Error>, width: u32, height: u32, what: &str) {
    match result {
        Err(e @ Error::PictureTooLarge { .. }) => {
            assert_eq!(e.code(), ErrorCode::Refused, "{what}: a deliberate refusal, not damage: {e}");
            let message = e.to_string();
            assert!(
                message.contains(&format!("{width} × {height} pixels")),
                "{what}: the message gives the size: {message}"
            );
            assert!(message.contains("add it as a file"), "{what}: the message says what to do instead: {message}");
        }
        other => panic!("{what}: expected the too-large refusal, got {other:?}"),
    }
}

#[test]
fn a_tiny_png_declaring_a_huge_size_is_refused_by_the_cover_editor_before_decoding() {
    let huge = declared_png(60_000, 60_000, false);
    assert!(huge.len() < 1_000, "the hostile file is tiny ({} bytes)", huge.len());
    // 60,000 × 60,000 RGBA is 14.4 GB: had any of these decoded it, the test would not finish.
    is_too_large(cover_image(&huge, &a_box()), 60_000, 60_000, "covering");
    is_too_large(picture::decode_bounded(&huge), 60_000, 60_000, "decoding");
    is_too_large(picture::check(&huge), 60_000, 60_000, "the preview's check");
    assert_eq!(
        picture::dimensions(&huge).expect("the header reads"),
        (60_000, 60_000),
        "the size is read from the header"
    );

    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let new = NewOriginal { kind: ItemKind::Screenshot, original_name: Some("huge.png".into()), ..NewOriginal::file() };
    is_too_large(vault.add_covered(&huge, &a_box(), new), 60_000, 60_000, "saving a covered copy");
    assert!(vault.items().expect("items").is_empty(), "nothing was stored");
    assert!(files_under(&dir.path().join("blobs")).is_empty(), "no evidence file was written");
}

#[test]
fn one_side_too_long_is_refused_even_under_the_pixel_limit() {
    // 1 × 70,000 is few pixels, but a decoder's row buffers follow the width.
    is_too_large(picture::check(&declared_png(70_000, 1, false)), 70_000, 1, "a very wide picture");
}

#[test]
fn the_rgba_copy_counts_against_the_memory_cap() {
    // 10,000 × 10,000 is exactly the pixel limit. As 8-bit RGBA it decodes straight into the
    // RGBA picture (400 MB) and passes.
    assert_eq!(10_000u64 * 10_000, MAX_PIXELS, "the test sits on the pixel limit");
    assert_eq!(picture::check(&declared_png(10_000, 10_000, false)).expect("within the limits"), (10_000, 10_000));
    // As 16-bit RGBA the decoder's buffer alone is 800 MB, under the cap, but the RGBA copy made
    // from it adds 400 MB: 1.2 GB at once, so it is refused before decoding.
    is_too_large(picture::check(&declared_png(10_000, 10_000, true)), 10_000, 10_000, "16-bit, counting the copy");
    // One row more than the pixel limit.
    is_too_large(picture::check(&declared_png(10_000, 10_001, false)), 10_000, 10_001, "over the pixel limit");
}

#[test]
fn a_48_megapixel_photo_and_phone_screenshots_are_within_the_limits() {
    // Header-only checks: the declared sizes are never decoded here.
    let photo = declared_jpeg(8000, 6000, false);
    assert_eq!(picture::check(&photo).expect("a 48 MP photo passes"), (8000, 6000));
    let sideways = declared_jpeg(8000, 6000, true);
    assert_eq!(picture::check(&sideways).expect("turned, it still passes"), (6000, 8000), "the size as shown");
    for (w, h) in [(1080, 2400), (1290, 2796), (5120, 2880), (1080, 40_000)] {
        assert_eq!(picture::check(&declared_png(w, h, false)).expect("a screenshot passes"), (w, h));
    }
    is_too_large(picture::check(&declared_jpeg(12_000, 9_000, false)), 12_000, 9_000, "a 108 MP photo");
}

#[test]
fn a_normal_picture_still_covers() {
    let before = RgbaImage::from_fn(1280, 800, |x, y| Rgba([(x % 200) as u8 + 20, (y % 200) as u8 + 20, 99, 255]));
    let mut png = Vec::new();
    before.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("encode");
    assert_eq!(picture::check(&png).expect("within the limits"), (1280, 800));
    let covered = cover_image(&png, &[CoverBox { x: 100, y: 50, width: 30, height: 20 }]).expect("covered");
    let after = image::load_from_memory(&covered).expect("a PNG").into_rgba8();
    assert_eq!(after.dimensions(), (1280, 800), "the same size");
    assert_eq!(after.get_pixel(110, 60).0, [0, 0, 0, 255], "black inside the box");
    assert_eq!(after.get_pixel(0, 0), before.get_pixel(0, 0), "unchanged outside it");
}

#[test]
fn an_oversized_screenshot_gets_no_thumbnail_and_the_export_still_works() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&dir.path().join("v"));
    let huge = declared_png(60_000, 60_000, false);
    let shot = |name: &str| NewOriginal {
        kind: ItemKind::Screenshot,
        original_name: Some(name.into()),
        ..NewOriginal::file()
    };
    vault.add_original(&mut &huge[..], shot("huge.png")).expect("kept as it is: storing never decodes");
    let normal = RgbaImage::from_pixel(64, 40, Rgba([10, 200, 30, 255]));
    let mut png = Vec::new();
    normal.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("encode");
    vault.add_original(&mut &png[..], shot("chat.png")).expect("a normal screenshot");

    let out = dir.path().join("b.zip");
    let options = ExportOptions { initials: Some("JS".into()), ..ExportOptions::default() };
    let done = vault.export(&out, &options).expect("the export goes on without the thumbnail");
    assert_eq!(done.exhibits, 2, "both screenshots are exhibits");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("open")).expect("a ZIP");
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut bytes = Vec::new();
        zip.by_name(name).expect("entry").read_to_end(&mut bytes).expect("read");
        bytes
    };
    let html = String::from_utf8(read(&mut zip, "report.html")).expect("utf-8");
    assert_eq!(html.matches("data:image/png;base64,").count(), 1, "only the normal screenshot has a small copy");
    let names: Vec<String> = zip.file_names().map(|n| n.expect("a UTF-8 name").into_owned()).collect();
    let huge_name = names.iter().find(|n| n.starts_with("exhibits/JS-1_")).expect("exhibit 1").clone();
    assert_eq!(read(&mut zip, &huge_name), huge, "the oversized picture is in the bundle, byte for byte");
    let verdict = holdfast_core::export::verify::verify_bundle(&out, None).expect("verify");
    assert!(verdict.verified, "the bundle verifies");
}
