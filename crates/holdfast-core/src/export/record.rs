//! Every export is recorded in the vault's log: an `export` entry with the SHA-256 of the
//! bundle's `SHA256SUMS` (which the signature covers, and which names every file's hash) and the
//! log entry the bundle's `log.jsonl` ends with. The vault then remembers each bundle it made,
//! and a later bundle's chain runs through the record of the earlier one.

use serde_json::{Map, Value};

use super::ExportSummary;
use crate::error::Result;
use crate::vault::Vault;

impl Vault {
    /// Appends the `export` entry for a bundle just written. The bundle's log was taken last
    /// (after the signing key was created and logged), so the vault's newest entry now is the
    /// one the bundle ends with.
    pub(super) fn log_export(&self, summary: &ExportSummary) -> Result<()> {
        let head = self.log()?.pop();
        let mut details = Map::new();
        details.insert("sums_sha256".into(), Value::from(summary.sums_sha256.as_str()));
        details.insert("log_seq".into(), Value::from(head.as_ref().map_or(0, |e| e.seq)));
        details.insert("log_head".into(), Value::from(head.map(|e| e.hash).unwrap_or_default()));
        details.insert("exhibits".into(), Value::from(summary.exhibits));
        details.insert("key_id".into(), Value::from(summary.key_id.as_str()));
        self.logged("export", details, |_| Ok(()))
    }
}
