//! What the guide keeps in the vault: the ticks of its checklist, and the "my report summary"
//! it builds from the evidence for a call to the police or an online form.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::db::db_error;
use super::model::{total, Money};
use super::{Account, Filter, Payment, Vault};
use crate::error::Result;

/// The `meta` key that holds the ticked checklist ids (a JSON array of strings).
const CHECKLIST_KEY: &str = "guide_checklist";

/// A summary of the evidence, for reading aloud or copying into a report form.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSummary {
    /// The offender accounts.
    pub accounts: Vec<Account>,
    /// Demands they made.
    pub demands: Vec<Payment>,
    /// Payments made.
    pub payments: Vec<Payment>,
    /// Total demanded, per currency (`{"GBP": "500"}`), exact.
    pub total_demanded: BTreeMap<String, String>,
    /// Total paid, per currency, exact.
    pub total_paid: BTreeMap<String, String>,
    /// The earliest event (UTC), if any.
    pub first: Option<String>,
    /// The latest event (UTC), if any.
    pub last: Option<String>,
    /// Items that could be handed over (items marked intimate are never counted).
    pub exhibits: usize,
}

impl Vault {
    /// The ticked checklist ids.
    pub fn checklist(&self) -> Result<BTreeSet<String>> {
        let stored = super::db::meta(&self.conn, CHECKLIST_KEY)?;
        // A damaged value must not stop the guide: it reads as nothing ticked.
        Ok(stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }

    /// Ticks or unticks one checklist item, logged as `tick` with `item` and `ticked`. Doing
    /// what is already done changes and logs nothing.
    pub fn set_checklist_item(&mut self, id: &str, ticked: bool) -> Result<()> {
        super::model::check_short("field.checklist-item", id)?;
        let mut ticks = self.checklist()?;
        let changed = if ticked { ticks.insert(id.to_string()) } else { ticks.remove(id) };
        if !changed {
            return Ok(());
        }
        let value = serde_json::to_string(&ticks).map_err(|e| crate::Error::Database(e.to_string()))?;
        let mut details = Map::new();
        details.insert("item".into(), Value::from(id));
        details.insert("ticked".into(), Value::from(ticked));
        self.logged("tick", details, |tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [CHECKLIST_KEY, value.as_str()],
            )
            .map_err(db_error)?;
            Ok(())
        })
    }

    /// The report summary of everything in the vault.
    pub fn report_summary(&self) -> Result<ReportSummary> {
        let (demands, payments): (Vec<Payment>, Vec<Payment>) =
            self.payments()?.into_iter().partition(|p| p.kind == "demand");
        let timeline = self.timeline(&Filter::default())?;
        Ok(ReportSummary {
            accounts: self.accounts()?,
            total_demanded: totals(&demands),
            total_paid: totals(&payments),
            demands,
            payments,
            first: timeline.first().map(|e| e.utc.clone()),
            last: timeline.last().map(|e| e.utc.clone()),
            exhibits: self.exportable_items(None)?.len(),
        })
    }
}

fn totals(list: &[Payment]) -> BTreeMap<String, String> {
    let mut by_currency: BTreeMap<String, Vec<Money>> = BTreeMap::new();
    for p in list {
        by_currency.entry(p.money.currency.clone()).or_default().push(p.money.clone());
    }
    by_currency.into_iter().map(|(currency, amounts)| (currency, total(&amounts))).collect()
}
