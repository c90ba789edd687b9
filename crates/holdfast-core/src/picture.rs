//! Reading pictures that may come from the blackmailer, with bounded memory.
//!
//! A PNG or JPEG says in its header how big it is, and a decoder believes it: a file of a few
//! hundred kilobytes can declare 60,000 × 60,000 pixels and make a decoder ask for gigabytes.
//! Every picture Holdfast decodes (covering, thumbnails) goes through [`decode_bounded`], and
//! every picture the app hands to its web view for a preview is first checked with [`check`]:
//! both read only the header, work out what decoding would hold in memory at its peak, and
//! refuse a picture over the limits before a single pixel is decoded.
//!
//! The limits, and why:
//! - [`MAX_PIXELS`], 100 million: a 48-megapixel phone photo (8000 × 6000) passes with room to
//!   spare, as do phone and desktop screenshots (a 5K screen is 14.7 million, a long scrolling
//!   capture of 1080 × 40,000 is 43 million). The 108 and 200 megapixel modes some phones offer
//!   are refused; they are opt-in and such a photo can still be kept as a file.
//! - [`MAX_SIDE`], 65,535 pixels on a side (the most a JPEG can have): a decoder keeps a row or
//!   two of pixels, and a picture a million pixels wide and one high must not make those rows
//!   huge.
//! - [`MAX_WORKING_BYTES`], 1 GiB: the most decoding may hold at once, counted for the whole
//!   pipeline: the decoder's buffer, a JPEG's coefficients and its copy of the file, the RGBA
//!   copy made from an RGB or 16-bit picture, and the turned copy of a sideways phone photo.
//!   A 100-megapixel RGB picture needs 700 MB; a 48-megapixel JPEG photo about 720 MB.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbaImage};

use crate::error::{Error, Result};
use crate::i18n::Message;

/// The most pixels (width × height) Holdfast decodes.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The most pixels on either side.
pub const MAX_SIDE: u32 = 65_535;
/// The most bytes decoding one picture may hold at once, RGBA conversion and turning included.
pub const MAX_WORKING_BYTES: u64 = 1 << 30;

/// A JPEG decoder may keep every block's coefficients (a progressive JPEG does): two bytes per
/// pixel for each of up to four components.
const JPEG_COEFFICIENT_BYTES: u64 = 8;

/// A picture's width and height as it is shown (a phone photo's orientation tag applied), read
/// from its header only; nothing is decoded and nothing is checked against the limits.
///
/// Bytes that are not a readable PNG or JPEG are refused as invalid input.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32)> {
    Ok(Header::read(bytes)?.shown())
}

/// A picture's width and height as it is shown, if Holdfast can decode it within its limits;
/// a picture over them is refused ([`Error::PictureTooLarge`]) before anything is decoded.
/// Reads the header only. The app calls this before it hands a picture to the web view.
pub fn check(bytes: &[u8]) -> Result<(u32, u32)> {
    let header = Header::read(bytes)?;
    header.within_limits()?;
    Ok(header.shown())
}

/// Decodes a PNG or JPEG into RGBA pixels, upright as it is shown (a JPEG's orientation tag is
/// applied, as viewers and the app's preview do), after [`check`]ing it against the limits.
pub fn decode_bounded(bytes: &[u8]) -> Result<RgbaImage> {
    let header = Header::read(bytes)?;
    header.within_limits()?;
    let Header { decoder, orientation, .. } = header;
    let decoded = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    // Converting frees the decoder's buffer (an RGBA picture is moved, not copied).
    let mut shown = DynamicImage::ImageRgba8(decoded.into_rgba8());
    shown.apply_orientation(orientation);
    Ok(shown.into_rgba8())
}

/// The message for bytes that are not a PNG or JPEG Holdfast can read.
fn unreadable() -> Error {
    Error::invalid("field.picture", Message::new("invalid.picture-unreadable"))
}

/// What the header says, with the decoder ready to decode.
struct Header<'a> {
    decoder: Box<dyn ImageDecoder + 'a>,
    format: ImageFormat,
    file_size: u64,
    width: u32,
    height: u32,
    color: ColorType,
    orientation: Orientation,
}

impl<'a> Header<'a> {
    fn read(bytes: &'a [u8]) -> Result<Header<'a>> {
        let format = match image::guess_format(bytes) {
            Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
            _ => return Err(unreadable()),
        };
        // No limit on the sides here, so that an oversized picture is refused by
        // `within_limits` with its size in the message; the PNG decoder's own allocations
        // (text chunks, colour profiles) are held to the working budget.
        let limits = {
            let mut l = Limits::no_limits();
            l.max_alloc = Some(MAX_WORKING_BYTES);
            l
        };
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(limits);
        let mut decoder: Box<dyn ImageDecoder + 'a> = Box::new(reader.into_decoder().map_err(|_| unreadable())?);
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let (width, height) = decoder.dimensions();
        let color = decoder.color_type();
        Ok(Header { decoder, format, file_size: bytes.len() as u64, width, height, color, orientation })
    }

    /// Width and height once the orientation is applied.
    fn shown(&self) -> (u32, u32) {
        if turns(self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// The most bytes [`decode_bounded`] holds at once for this picture.
    fn working_bytes(&self) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let decoded = self.decoder.total_bytes();
        let rgba = pixels.saturating_mul(4);
        // While decoding: the decoder's buffer, and for a JPEG its copy of the file and the
        // coefficients of every block.
        let decoding = match self.format {
            ImageFormat::Jpeg => {
                decoded.saturating_add(self.file_size).saturating_add(pixels.saturating_mul(JPEG_COEFFICIENT_BYTES))
            }
            _ => decoded,
        };
        // Converting to RGBA: the decoded picture and its RGBA copy, unless it was RGBA already.
        let converting = if self.color == ColorType::Rgba8 { decoded } else { decoded.saturating_add(rgba) };
        // Turning a sideways photo makes a turned copy.
        let turning = if turns(self.orientation) { rgba.saturating_mul(2) } else { rgba };
        decoding.max(converting).max(turning)
    }

    fn within_limits(&self) -> Result<()> {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let fits = pixels <= MAX_PIXELS
            && self.width <= MAX_SIDE
            && self.height <= MAX_SIDE
            && self.working_bytes() <= MAX_WORKING_BYTES;
        if fits {
            Ok(())
        } else {
            let (width, height) = self.shown();
            Err(Error::PictureTooLarge { width, height })
        }
    }
}

/// Whether an orientation swaps width and height.
fn turns(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}
