//! A picture's original bytes for the window's preview, decrypted in memory only.

use zeroize::Zeroizing;

use super::Vault;
use crate::error::{Error, Result};
use crate::i18n::Message;

impl Vault {
    /// The original bytes of picture item `id`, for a preview. Items marked as showing nudity
    /// or sexual content are never shown; only PNG and JPEG pictures within the decoder's
    /// limits are (the web view decodes with no limits of its own).
    pub fn preview(&self, id: i64) -> Result<Zeroizing<Vec<u8>>> {
        let item = self.item(id)?;
        if item.intimate {
            return Err(Error::Refused(Message::new("refused.no-preview-intimate")));
        }
        if !matches!(item.media_type.as_str(), "image/png" | "image/jpeg") {
            return Err(Error::invalid("field.preview", Message::new("invalid.preview-kind")));
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(usize::try_from(item.size).unwrap_or(0)));
        self.read_original(id, &mut *bytes)?;
        crate::picture::check(&bytes)?;
        Ok(bytes)
    }
}
