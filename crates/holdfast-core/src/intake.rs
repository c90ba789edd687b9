//! What Holdfast asks before it keeps a file the person chose or dropped, decided once, here:
//! whether the nudity question comes first, and whether parts of it can be covered.
//!
//! The question is asked for anything that may be a picture or a video: what its first bytes
//! show, or what its name says (a name can lie either way, so either is enough to ask). Covering
//! needs a picture Holdfast can decode, which only the bytes can show.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::fsutil;
use crate::vault::model::{self, SNIFF_LEN};

/// Names that may hold a picture or a video, though the bytes may not show it (HEIC, BMP and
/// TIFF pictures, MKV, AVI and 3GP videos among them).
const MEDIA_NAMES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "mp4", "mov", "m4v", "webm", "mkv",
    "avi", "3gp",
];

/// What to ask before a file is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intake {
    /// The media type the vault will record for it ([`model::media_type`]).
    pub media_type: &'static str,
    /// It may be a picture or a video: ask whether it shows nudity or sexual content first.
    pub asks_nudity: bool,
    /// It is a PNG or JPEG picture by its bytes, so parts of it can be covered before keeping.
    pub can_cover: bool,
}

/// What to ask for a file called `name` whose first bytes are `head`.
pub fn classify(name: &str, head: &[u8]) -> Intake {
    let media_type = model::media_type(name, head);
    let sniffed = model::sniff(head);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let visual = |t: &str| t.starts_with("image/") || t.starts_with("video/");
    Intake {
        media_type,
        asks_nudity: visual(media_type) || sniffed.is_some_and(visual) || MEDIA_NAMES.contains(&ext.as_str()),
        can_cover: matches!(sniffed, Some("image/png" | "image/jpeg")),
    }
}

/// [`classify`] for the file at `path`, reading only its first bytes (an ordinary file only).
pub fn classify_file(path: &Path) -> Result<Intake> {
    let file = fsutil::open_chosen(path, "field.file", "storage.read-the-file")?;
    let mut head = Vec::with_capacity(SNIFF_LEN);
    file.take(SNIFF_LEN as u64).read_to_end(&mut head).map_err(Error::storage("storage.read", path))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(classify(&name, &head))
}
