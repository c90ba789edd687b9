//! The timeline and search: items and payments in one time order, narrowed by a filter and
//! read a page at a time, and the platforms a filter can choose from.

use rusqlite::{params, Row};
use serde::Serialize;

use super::db::db_error;
use super::model::Happened;
use super::Vault;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// The instant used for ordering (UTC): when it happened, or else when it was captured.
    pub utc: String,
    /// When it happened as stated, if known.
    pub stated: Option<String>,
    /// `item` or `payment`.
    pub source: &'static str,
    /// The item's or payment's id.
    pub id: i64,
    /// Item kind, or `demand`/`payment`.
    pub kind: String,
    /// A one-line summary.
    pub summary: String,
    /// Platform, where known.
    pub platform: Option<String>,
}

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Words that must appear (in text, notes, names, handles, platforms).
    pub text: Option<String>,
    /// Platform, exactly (case-insensitive).
    pub platform: Option<String>,
    /// Items linked to this account, and payments from it.
    pub account: Option<i64>,
    /// From this instant (RFC 3339), inclusive.
    pub from: Option<String>,
    /// Up to this instant (RFC 3339), inclusive.
    pub to: Option<String>,
    /// Only this kind: an item kind as [`ItemKind::as_str`](super::model::ItemKind::as_str) names it (`screenshot`, `file`,
    /// `message`, `note`), or `demand` or `payment`, in any case. Anything else is invalid input.
    pub kind: Option<String>,
}

/// One page of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelinePage {
    /// How many entries match the filter, on every page together.
    pub total: usize,
    /// The position of this page's first entry among them (from 0).
    pub offset: usize,
    /// This page's entries, in timeline order.
    pub entries: Vec<TimelineEntry>,
}

/// The most entries one page may hold.
pub const PAGE_MAX: usize = 500;

fn utc_bound(field: &'static str, value: &Option<String>) -> Result<Option<String>> {
    value.as_deref().map(|v| Happened::parse(v, None).map(|h| h.utc)).transpose().map_err(|_| {
        Error::invalid(field, Message::new("invalid.time-with-offset").with("example", "2026-11-28T00:00:00+00:00"))
    })
}

/// The kinds the timeline can be narrowed to, in the order offered: every item kind, then
/// payment demands and payments.
pub const FILTER_KINDS: &[&str] = &["screenshot", "file", "message", "note", "demand", "payment"];

fn kind_filter(value: &Option<String>) -> Result<Option<String>> {
    let Some(kind) = value.as_deref().map(|k| k.trim().to_ascii_lowercase()).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    if FILTER_KINDS.contains(&kind.as_str()) {
        Ok(Some(kind))
    } else {
        Err(Error::invalid("field.type", Message::new("invalid.choose-one").with("choices", FILTER_KINDS.join(", "))))
    }
}

/// The timeline's rows and filter, shared by the count and the page. Parameters: `?1` words
/// (a LIKE pattern), `?2` platform (lower case), `?3` account, `?4` from, `?5` to (UTC), `?6` kind.
const TIMELINE: &str = "SELECT utc, stated, source, id, kind, summary, platform FROM (
       SELECT coalesce(v.happened_utc, i.captured_at) AS utc, v.happened_at AS stated, 'item' AS source, i.id AS id, i.kind AS kind,
         coalesce(substr(i.content, 1, 200), i.original_name, i.kind) AS summary, v.platform AS platform,
         lower(coalesce(i.content, '') || ' ' || coalesce(i.original_name, '') || ' ' || coalesce(v.note, '') || ' ' || coalesce(v.sender, '') || ' ' || coalesce(v.platform, '') || ' ' || coalesce(v.tags, '') || ' ' ||
           coalesce((SELECT group_concat(a.handle || ' ' || coalesce(a.display_name, '') || ' ' || coalesce(a.user_id, ''), ' ') FROM item_accounts ia JOIN accounts a ON a.id = ia.account_id WHERE ia.item_id = i.id), '')) AS haystack,
         (SELECT count(*) FROM item_accounts ia WHERE ia.item_id = i.id AND ia.account_id = ?3) AS with_account
       FROM items i JOIN item_versions v ON v.item_id = i.id AND v.version = (SELECT max(version) FROM item_versions WHERE item_id = i.id)
       UNION ALL
       SELECT coalesce(p.happened_utc, p.created_at), p.happened_at, 'payment', p.id, p.kind,
         p.amount || ' ' || p.currency || ' by ' || p.method || ' to ' || p.destination, NULL,
         lower(p.amount || ' ' || p.currency || ' ' || p.method || ' ' || p.destination || ' ' || coalesce(p.reference, '')),
         (p.account_id IS ?3)
       FROM payments p
     )
     WHERE (?1 IS NULL OR haystack LIKE ?1 ESCAPE '\\')
       AND (?2 IS NULL OR lower(platform) = ?2)
       AND (?3 IS NULL OR with_account > 0)
       AND (?4 IS NULL OR utc >= ?4)
       AND (?5 IS NULL OR utc <= ?5)
       AND (?6 IS NULL OR kind = ?6)";

/// The order: time, then items before payments, then id. `(source, id)` is unique, so the
/// order is total and pages never overlap or skip.
const ORDER: &str = "ORDER BY utc, source, id";

/// A filter checked and turned into the query's parameters.
struct Bound {
    like: Option<String>,
    platform: Option<String>,
    account: Option<i64>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
}

impl Bound {
    fn new(filter: &Filter) -> Result<Bound> {
        let like =
            filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| {
                format!("%{}%", t.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
            });
        Ok(Bound {
            like,
            platform: filter.platform.as_deref().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()),
            account: filter.account,
            from: utc_bound("field.from", &filter.from)?,
            to: utc_bound("field.to", &filter.to)?,
            kind: kind_filter(&filter.kind)?,
        })
    }
}

fn entry_from(r: &Row<'_>) -> rusqlite::Result<TimelineEntry> {
    let source: String = r.get(2)?;
    Ok(TimelineEntry {
        utc: r.get(0)?,
        stated: r.get(1)?,
        source: if source == "item" { "item" } else { "payment" },
        id: r.get(3)?,
        kind: r.get(4)?,
        summary: r.get(5)?,
        platform: r.get(6)?,
    })
}

/// A count or position as SQLite takes it (a negative LIMIT means "no limit").
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Vault {
    /// Everything in time order (when it happened; items without a stated time by capture time),
    /// narrowed by `filter`.
    pub fn timeline(&self, filter: &Filter) -> Result<Vec<TimelineEntry>> {
        self.timeline_rows(&Bound::new(filter)?, 0, -1)
    }

    /// One page of [`Vault::timeline`]: up to `limit` entries (at least 1, at most
    /// [`PAGE_MAX`]) from position `offset`, and how many match in all. The order is total, so
    /// reading page after page gives every entry once. An offset past the end gives an empty page.
    pub fn timeline_page(&self, filter: &Filter, offset: usize, limit: usize) -> Result<TimelinePage> {
        let bound = Bound::new(filter)?;
        let total: i64 = self
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM ({TIMELINE})"),
                params![bound.like, bound.platform, bound.account, bound.from, bound.to, bound.kind],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let entries = self.timeline_rows(&bound, offset, sql_int(limit.clamp(1, PAGE_MAX)))?;
        Ok(TimelinePage { total: usize::try_from(total).unwrap_or(0), offset, entries })
    }

    fn timeline_rows(&self, bound: &Bound, offset: usize, limit: i64) -> Result<Vec<TimelineEntry>> {
        let mut stmt = self.conn().prepare(&format!("{TIMELINE} {ORDER} LIMIT ?7 OFFSET ?8")).map_err(db_error)?;
        let rows = stmt
            .query_map(
                params![
                    bound.like,
                    bound.platform,
                    bound.account,
                    bound.from,
                    bound.to,
                    bound.kind,
                    limit,
                    sql_int(offset)
                ],
                entry_from,
            )
            .map_err(db_error)?;
        rows.collect::<std::result::Result<_, _>>().map_err(db_error)
    }

    /// Every platform named by an account or by an item's current details, once each (ignoring
    /// case, spelled as first found), sorted ignoring case: the choices for a platform filter.
    pub fn platforms(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT platform FROM accounts
                 UNION
                 SELECT v.platform FROM item_versions v
                   WHERE v.platform IS NOT NULL AND v.version = (SELECT max(version) FROM item_versions WHERE item_id = v.item_id)",
            )
            .map_err(db_error)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(db_error)?;
        let mut names: Vec<String> = rows.collect::<std::result::Result<_, _>>().map_err(db_error)?;
        names.retain(|n| !n.trim().is_empty());
        names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)));
        names.dedup_by(|a, b| a.to_lowercase() == b.to_lowercase());
        Ok(names)
    }
}
