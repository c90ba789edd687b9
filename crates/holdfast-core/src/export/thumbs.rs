//! Small pictures of screenshot exhibits for the report. Made in memory from the decrypted
//! original, decoded within the limits of [`crate::picture`]; an image too big (in bytes or in
//! pixels), damaged or in another format simply gets no thumbnail, and the export goes on.

use crate::vault::model::ItemKind;
use crate::vault::{Item, Vault};

/// Originals larger than this get no thumbnail (they are never read whole into memory).
const MAX_SOURCE: u64 = 64 << 20;
/// The longest side of a thumbnail, in pixels.
const SIDE: u32 = 320;

/// A thumbnail: RGBA pixels and their PNG encoding.
pub struct Thumb {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    pub png: Vec<u8>,
}

/// A thumbnail for a screenshot exhibit, if it is a PNG or JPEG of a sensible size.
pub fn thumbnail(vault: &Vault, item: &Item) -> Option<Thumb> {
    let is_picture = matches!(item.media_type.as_str(), "image/png" | "image/jpeg");
    if item.kind != ItemKind::Screenshot || !is_picture || item.size > MAX_SOURCE {
        return None;
    }
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(item.size as usize));
    vault.read_original(item.id, &mut *bytes).ok()?;
    // Upright as shown, then shrunk keeping its shape.
    let shown = image::DynamicImage::ImageRgba8(crate::picture::decode_bounded(&bytes).ok()?);
    let small = shown.thumbnail(SIDE, SIDE).into_rgba8();
    let mut png = Vec::new();
    small.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    Some(Thumb { width: small.width(), height: small.height(), rgba: small.into_raw(), png })
}
