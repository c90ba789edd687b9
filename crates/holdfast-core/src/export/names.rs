//! Exhibit references and file names: the producer's initials and a number, as UK police do
//! (`JS/1`; `JS-1` in file names), then the kind and the capture time.

use crate::vault::model::ItemKind;
use crate::vault::Item;

/// One exported item's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhibit {
    /// The item's id in the vault.
    pub item: i64,
    /// `JS/1`.
    pub reference: String,
    /// `exhibits/JS-1_screenshot_2026-11-28T21-14-03Z.png`.
    pub file: String,
    /// `exhibits/JS-1.json`.
    pub metadata: String,
    /// What the exhibit's bytes show it holds ([`content_type`](crate::vault::model::content_type)), which alone decides the
    /// file's extension.
    pub content_type: &'static str,
}

/// Names for the items, numbered from 1 in the order given, each with the content type its
/// bytes showed at export (`content_types[i]` for `items[i]`).
pub fn exhibits(initials: &str, items: &[Item], content_types: &[&'static str]) -> Vec<Exhibit> {
    items
        .iter()
        .zip(content_types)
        .enumerate()
        .map(|(i, (item, content_type))| {
            let n = i + 1;
            // `2026-11-28T21:14:03.123Z` → `2026-11-28T21-14-03Z`.
            let when: String = item.captured_at.chars().take(19).map(|c| if c == ':' { '-' } else { c }).collect();
            Exhibit {
                item: item.id,
                reference: format!("{initials}/{n}"),
                file: format!(
                    "exhibits/{initials}-{n}_{}_{when}Z.{}",
                    item.kind.as_str(),
                    extension(item.kind, content_type)
                ),
                metadata: format!("exhibits/{initials}-{n}.json"),
                content_type,
            }
        })
        .collect()
}

/// The exhibit's extension, from what its content is, never from the name it came with: the
/// sender chooses that name, and on the officer's Windows PC an extension decides what a
/// double-click does (`.html` opens a browser, `.url` contacts a server, `.hta` runs a program).
///
/// Only kinds that open in a picture viewer, a media player, a PDF reader or a text editor keep
/// an extension of their own. Text of any kind, web pages and shortcuts included, is `.txt`,
/// which opens as plain text. A ZIP is `.bin`: Windows opens a `.zip` as a folder, where a
/// double-click on a file inside runs it by the name the sender gave it. Anything else is
/// `.bin`, which opens nothing.
pub fn extension(kind: ItemKind, content_type: &str) -> &'static str {
    if matches!(kind, ItemKind::Message | ItemKind::Note) {
        return "txt";
    }
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        "application/pdf" => "pdf",
        "video/mp4" => "mp4",
        "video/quicktime" => "mov",
        "video/webm" => "webm",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/ogg" => "ogg",
        "text/plain" => "txt",
        _ => "bin",
    }
}
