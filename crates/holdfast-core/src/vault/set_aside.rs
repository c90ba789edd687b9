//! Evidence files that no item names, kept in `set-aside/` (never deleted): what a crash between
//! a blob and its row leaves, or what an older copy of `vault.db` put back leaves behind. The
//! person sees them and can put each back as an item.

use std::fs;
use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value};

use super::blob::{self, SET_ASIDE_DIR};
use super::model::{self, Captured, ItemKind};
use super::{records, ItemDetails, ItemRow, Vault};
use crate::error::{Error, Missing, Result};
use crate::fsutil;
use crate::i18n::Message;

/// One file in `set-aside/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAside {
    /// Its name (32 hex digits and `.age`).
    pub name: String,
    /// Its size on disk, encrypted, in bytes.
    pub bytes: u64,
}

/// Keeps the first bytes of what passes through (for the media type) and drops the rest.
struct Head(Vec<u8>);

impl Write for Head {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = 16usize.saturating_sub(self.0.len());
        self.0.extend_from_slice(&buf[..buf.len().min(room)]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Vault {
    /// The files in `set-aside/`, by name.
    pub fn set_aside(&self) -> Result<Vec<SetAside>> {
        let dir = self.dir.join(SET_ASIDE_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::Storage { action: "storage.list", path: dir, source: e }),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(Error::storage("storage.list", &dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = entry.metadata() else { continue };
            if blob::is_blob_name(&name) && meta.is_file() {
                out.push(SetAside { name, bytes: meta.len() });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Puts a set-aside file back as a new item (a file, dated now, its earlier details lost),
    /// after the person has answered the nudity question for it: `intimate` as for any intake.
    /// The encrypted file itself moves back unchanged; both steps are logged. Returns the item.
    pub fn put_back(&mut self, name: &str, intimate: bool) -> Result<i64> {
        if intimate && self.under_18 {
            return Err(Error::Refused(Message::new(records::UNDER_18_REFUSAL)));
        }
        if !self.set_aside()?.iter().any(|a| a.name == name) {
            return Err(Error::NotFound(Missing::SetAside(name.to_string())));
        }
        let aside = self.dir.join(SET_ASIDE_DIR).join(name);
        let into = blob::path(&self.dir, name);
        if into.exists() {
            return Err(Error::Refused(Message::new("refused.already-held").with("name", name)));
        }
        // Back into blobs/ first: a crash before the row commits only sets it aside again.
        crate::fsutil::rename(&aside, &into).map_err(Error::storage("storage.move-back", &aside))?;
        fsutil::sync_dir(&self.dir.join(blob::DIR))?;
        let mut head = Head(Vec::new());
        let (sha256, size) = match blob::read(&self.dir, name, &self.identity, &mut head) {
            Ok(read) => read,
            Err(e) => {
                // It does not open: back where it was, untouched.
                let _ = fs::rename(&into, &aside);
                return Err(e);
            }
        };
        let media_type = model::media_type("", &head.0);
        let details = ItemDetails {
            note: Some(format!(
                "Put back from the set-aside folder (file {name}). When it was first kept and its details are not known."
            )),
            ..ItemDetails::default()
        }
        .checked()?;
        let captured = Captured::now();
        let id = self.insert_item(ItemRow {
            kind: ItemKind::File,
            blob: Some(name),
            content: None,
            sha256: &sha256,
            size,
            media_type,
            original_name: None,
            captured: &captured,
            intimate,
            covered: false,
            details: &details,
        });
        let id = match id {
            Ok(id) => id,
            Err(e) => {
                let _ = fs::rename(&into, &aside);
                return Err(e);
            }
        };
        let mut log = Map::new();
        log.insert("file".into(), Value::from(name));
        log.insert("item".into(), Value::from(id));
        log.insert("sha256".into(), Value::from(sha256));
        self.logged("put back a set-aside file", log, |_| Ok(()))?;
        Ok(id)
    }
}
