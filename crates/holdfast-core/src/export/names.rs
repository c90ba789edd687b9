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
}

/// Names for the items, numbered from 1 in the order given.
pub fn exhibits(initials: &str, items: &[Item]) -> Vec<Exhibit> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            // `2026-11-28T21:14:03.123Z` → `2026-11-28T21-14-03Z`.
            let when: String = item.captured_at.chars().take(19).map(|c| if c == ':' { '-' } else { c }).collect();
            Exhibit {
                item: item.id,
                reference: format!("{initials}/{n}"),
                file: format!("exhibits/{initials}-{n}_{}_{when}Z.{}", item.kind.as_str(), extension(item)),
                metadata: format!("exhibits/{initials}-{n}.json"),
            }
        })
        .collect()
}

/// A safe extension: from the original name if it is short and plain, else from the media type.
fn extension(item: &Item) -> String {
    if matches!(item.kind, ItemKind::Message | ItemKind::Note) {
        return "txt".into();
    }
    let from_name = item
        .original_name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|e| (1..=8).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    from_name.unwrap_or_else(|| {
        match item.media_type.as_str() {
            "image/png" => "png",
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "application/pdf" => "pdf",
            "application/zip" => "zip",
            "video/mp4" => "mp4",
            _ => "bin",
        }
        .into()
    })
}
