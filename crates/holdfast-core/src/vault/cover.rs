//! Covering parts of a picture before it is kept: a chat screenshot can be saved with an
//! intimate image, a face or a name blacked out.
//!
//! Covering decodes the picture, paints every chosen box opaque black and writes a fresh PNG.
//! Only pixels survive the re-encoding: no metadata (camera, place, time) of the source is kept.
//! The picture is decoded within the memory limits of [`crate::picture`].

use std::io::Cursor;

use image::{ImageFormat, Rgba, RgbaImage};
use serde::{Deserialize, Serialize};

use super::model::ItemKind;
use super::{NewOriginal, Vault};
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The colour a covered pixel gets: opaque black.
pub const COVER: [u8; 4] = [0, 0, 0, 255];

/// A rectangle to cover, in image pixels, with the origin at the top left.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub struct CoverBox {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl CoverBox {
    /// The part of the box inside a `width` × `height` image, as `(x0, y0, x1, y1)` with the
    /// far edges exclusive; `None` if nothing of it is inside or it has no area.
    fn clamped(&self, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
        let x1 = self.x.saturating_add(self.width).min(width);
        let y1 = self.y.saturating_add(self.height).min(height);
        (self.x < x1 && self.y < y1).then_some((self.x, self.y, x1, y1))
    }
}

/// Covers every box in a PNG or JPEG picture with opaque black and returns a new PNG.
///
/// The boxes are in the picture as it is shown: a JPEG's orientation tag (a phone photo taken
/// sideways) is applied before covering, and the PNG is written upright.
///
/// Boxes reaching past the edge are cut to the picture. A box wholly outside the picture, a box
/// with no area, an empty list of boxes and bytes that are not a readable PNG or JPEG are
/// refused as invalid input, so a person never believes something is covered when it is not.
/// A picture too large to decode within the limits is refused ([`Error::PictureTooLarge`])
/// before any pixel is decoded.
pub fn cover_image(bytes: &[u8], boxes: &[CoverBox]) -> Result<Vec<u8>> {
    if boxes.is_empty() {
        return Err(Error::invalid("field.covered-areas", Message::new("invalid.no-areas")));
    }
    // Upright, as the preview shows it, so the boxes land where the person drew them.
    let mut picture: RgbaImage = crate::picture::decode_bounded(bytes)?;
    let (width, height) = picture.dimensions();
    let mut areas = Vec::with_capacity(boxes.len());
    for (n, b) in boxes.iter().enumerate() {
        let area = b.clamped(width, height).ok_or_else(|| {
            Error::invalid(
                "field.covered-areas",
                Message::new("invalid.area-outside")
                    .with("n", (n + 1).to_string())
                    .with("width", width.to_string())
                    .with("height", height.to_string()),
            )
        })?;
        areas.push(area);
    }
    for (x0, y0, x1, y1) in areas {
        for y in y0..y1 {
            for x in x0..x1 {
                picture.put_pixel(x, y, Rgba(COVER));
            }
        }
    }
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, ImageFormat::Png).map_err(|e| {
        Error::invalid("field.picture", Message::new("invalid.cover-failed").with("detail", e.to_string()))
    })?;
    Ok(out.into_inner())
}

/// The name a covered copy is stored under: the same name with a `.png` ending.
fn png_name(name: Option<&str>) -> String {
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("covered");
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.png")
}

impl Vault {
    /// Covers parts of a picture (see [`cover_image`]) and stores only the covered copy, as a
    /// PNG marked `covered`. The uncovered picture is never written anywhere.
    ///
    /// Covering is how someone keeps a chat without the intimate image in it, so `new.intimate`
    /// must be false: an item still marked intimate is refused (mark what remains intimate with
    /// [`Vault::set_intimate`] if it still shows too much). `new.covered` is set here.
    pub fn add_covered(&mut self, bytes: &[u8], boxes: &[CoverBox], mut new: NewOriginal) -> Result<i64> {
        if new.intimate {
            return Err(Error::Refused(Message::new("refused.covered-intimate")));
        }
        if !matches!(new.kind, ItemKind::Screenshot | ItemKind::File) {
            return Err(Error::invalid("field.kind", Message::new("invalid.not-a-picture-kind")));
        }
        let covered = cover_image(bytes, boxes)?;
        new.covered = true;
        new.original_name = Some(png_name(new.original_name.as_deref()));
        self.add_original(&mut covered.as_slice(), new)
    }
}
