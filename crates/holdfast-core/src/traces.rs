//! Traces of evidence that the desktop keeps outside the vault, and removing them.
//!
//! File managers and image viewers on Linux keep a small picture of every image they have
//! shown, in the freedesktop thumbnail cache (`$XDG_CACHE_HOME/thumbnails`, by default
//! `~/.cache/thumbnails`), named after the MD5 of the file's `file://` address. When the person
//! removes the original of an imported picture, its thumbnails go too.

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};

/// The thumbnail sizes the freedesktop specification names, and the folder of failed attempts.
const SIZES: &[&str] = &["normal", "large", "x-large", "xx-large"];

/// The `file://` address the thumbnail cache names a file by: its absolute path, with every
/// byte but letters, digits and `-._~!$&'()*+,;=:@/` written as `%XX`.
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.as_os_str().as_encoded_bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(byte);
        if keep {
            uri.push(char::from(*byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Where the thumbnail cache is, if this user has one.
pub fn thumbnail_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("thumbnails"))
}

/// The thumbnail files that may exist for `path` under `cache`.
pub fn thumbnails_of(cache: &Path, path: &Path) -> Vec<PathBuf> {
    let name = format!("{}.png", hex::encode(Md5::digest(file_uri(path).as_bytes())));
    let mut out: Vec<PathBuf> = SIZES.iter().map(|size| cache.join(size).join(&name)).collect();
    // Failed attempts are kept per program: `fail/<program>/<md5>.png`.
    if let Ok(programs) = std::fs::read_dir(cache.join("fail")) {
        out.extend(programs.flatten().map(|p| p.path().join(&name)));
    }
    out
}

/// Removes every thumbnail of `path` (absolute) from `cache`; best effort. Returns how many.
pub fn forget_thumbnails(cache: &Path, path: &Path) -> usize {
    thumbnails_of(cache, path).iter().filter(|t| std::fs::remove_file(t).is_ok()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thumbnail_name_is_the_md5_of_the_escaped_file_address() {
        let path = Path::new("/home/jens/photos/me.png");
        assert_eq!(file_uri(path), "file:///home/jens/photos/me.png", "plain paths are unchanged");
        // The freedesktop thumbnail specification's own example.
        let name = thumbnails_of(Path::new("/c"), path)[0].file_name().map(|n| n.to_string_lossy().into_owned());
        assert_eq!(name.as_deref(), Some("c6ee772d9e49320e97ec29a7eb5b1697.png"), "the specification's example");
        assert_eq!(
            file_uri(Path::new("/tmp/a b/é#.png")),
            "file:///tmp/a%20b/%C3%A9%23.png",
            "spaces, non-ASCII bytes and '#' are escaped"
        );
    }
}
