//! What an exhibit holds, from its first bytes, read at export. The type the vault recorded at
//! import may have come from the file's name (`model::media_type` falls back to it), and the
//! name comes from the sender; the exhibit's extension must come from its content alone.
//! Stored items are never rewritten: the content type is worked out afresh for each export.

use std::io::{self, Write};

use crate::error::{Error, Result};
use crate::vault::model::{self, ItemKind, SNIFF_LEN};
use crate::vault::{Item, Vault};

/// Keeps the first [`SNIFF_LEN`] bytes written to it, then stops the writer feeding it (so only
/// the first chunk of a large original is decrypted) by failing with [`Enough`].
struct Head {
    bytes: Vec<u8>,
}

/// The error [`Head`] stops with once it holds enough.
#[derive(Debug)]
struct Enough;

impl std::fmt::Display for Enough {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the first bytes were read")
    }
}

impl std::error::Error for Enough {}

impl Write for Head {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = SNIFF_LEN - self.bytes.len();
        if room == 0 {
            return Err(io::Error::other(Enough));
        }
        let n = room.min(buf.len());
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Vault {
    /// The content type of an item's original, from its first bytes ([`model::content_type`]).
    /// A damaged first chunk is an error, as it would be when the exhibit is written. Messages
    /// and notes are the UTF-8 text the person wrote or pasted into Holdfast.
    pub(crate) fn content_type(&self, item: &Item) -> Result<&'static str> {
        if matches!(item.kind, ItemKind::Message | ItemKind::Note) {
            return Ok("text/plain; charset=utf-8");
        }
        let mut head = Head { bytes: Vec::with_capacity(SNIFF_LEN) };
        match self.read_original(item.id, &mut head) {
            Ok(()) => {}
            // Only `Head` stops early this way: the reading side reports damage as `Integrity`.
            Err(Error::Storage { source, .. }) if source.get_ref().is_some_and(|e| e.is::<Enough>()) => {}
            Err(other) => return Err(other),
        }
        Ok(model::content_type(&head.bytes))
    }
}
