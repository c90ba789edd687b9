//! Records beside the originals: descriptive details (versioned), offender accounts, payment
//! demands and payments. The timeline and search are in `timeline.rs`.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::{Map, Value};

use super::db::db_error;
use super::model::{self, Captured, Happened, ItemKind, Money, PaymentMethod};
use super::Vault;
use crate::error::{Error, Missing, Result};
use crate::i18n::Message;

/// The refusal to keep an intimate item in an under-18 vault (catalogue key).
pub(crate) const UNDER_18_REFUSAL: &str = "refused.under-18";

/// Descriptive details of an item. Editing them makes a new version; the original never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemDetails {
    /// When it happened, as the person states it.
    pub happened: Option<Happened>,
    /// Where it happened (Instagram, Snapchat…).
    pub platform: Option<String>,
    /// Who sent it (for messages).
    pub sender: Option<String>,
    /// The person's note.
    pub note: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Offender accounts this item shows (used when adding).
    pub accounts: Vec<i64>,
}

impl ItemDetails {
    pub(crate) fn checked(&self) -> Result<ItemDetails> {
        let mut tags = Vec::new();
        for tag in &self.tags {
            // Tags are the person's own labels for filtering: spaces around one mean nothing.
            if let Some(tag) = model::optional("field.tag", Some(tag.trim()))? {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        let note = match self.note.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(n) => {
                model::check_long("field.note", n)?;
                Some(n.to_string())
            }
            None => None,
        };
        Ok(ItemDetails {
            happened: self.happened.clone(),
            platform: model::optional("field.platform", self.platform.as_deref())?,
            sender: model::optional("field.from", self.sender.as_deref())?,
            note,
            tags,
            accounts: self.accounts.clone(),
        })
    }
}

/// A new original (screenshot or file).
#[derive(Debug, Clone)]
pub struct NewOriginal {
    /// Screenshot or file.
    pub kind: ItemKind,
    /// The file's name as the person knows it.
    pub original_name: Option<String>,
    /// Marked as showing nudity or sexual content (never exported; refused for under-18s).
    pub intimate: bool,
    /// Parts were covered before saving.
    pub covered: bool,
    /// Descriptive details.
    pub details: ItemDetails,
    /// When it was captured, if before it is stored (a screen capture held for a preview);
    /// otherwise the moment it is stored.
    pub captured_at: Option<Captured>,
}

impl NewOriginal {
    /// An imported file with no details yet.
    pub fn file() -> NewOriginal {
        NewOriginal {
            kind: ItemKind::File,
            original_name: None,
            intimate: false,
            covered: false,
            details: ItemDetails::default(),
            captured_at: None,
        }
    }
}

pub(crate) struct ItemRow<'a> {
    pub kind: ItemKind,
    pub blob: Option<&'a str>,
    pub content: Option<&'a str>,
    pub sha256: &'a str,
    pub size: u64,
    pub media_type: &'a str,
    pub original_name: Option<&'a str>,
    pub captured: &'a Captured,
    pub intimate: bool,
    pub covered: bool,
    pub details: &'a ItemDetails,
}

pub(crate) fn insert_version(conn: &Connection, item: i64, version: i64, at: &str, d: &ItemDetails) -> Result<()> {
    let tags = serde_json::to_string(&d.tags).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO item_versions (item_id, version, edited_at, happened_at, happened_utc, happened_tz, platform, sender, note, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            item, version, at,
            d.happened.as_ref().map(|h| &h.stated), d.happened.as_ref().map(|h| &h.utc), d.happened.as_ref().and_then(|h| h.zone.as_ref()),
            d.platform, d.sender, d.note, tags
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

fn account_exists(conn: &Connection, account: i64) -> Result<()> {
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM accounts WHERE id = ?1", [account], |r| r.get(0))
        .optional()
        .map_err(db_error)?;
    exists.map(|_| ()).ok_or(Error::NotFound(Missing::Account(account)))
}

pub(crate) fn link_account(conn: &Connection, item: i64, account: i64) -> Result<()> {
    account_exists(conn, account)?;
    conn.execute("INSERT OR IGNORE INTO item_accounts (item_id, account_id) VALUES (?1, ?2)", [item, account])
        .map_err(db_error)?;
    Ok(())
}

/// An item as listed: the original's fixed facts and its latest details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: ItemKind,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    /// Size of the original in bytes.
    pub size: u64,
    /// Media type.
    pub media_type: String,
    /// Original file name.
    pub original_name: Option<String>,
    /// When it was captured or added (UTC).
    pub captured_at: String,
    /// The local UTC offset at capture.
    pub captured_offset: String,
    /// Marked intimate.
    pub intimate: bool,
    /// Parts covered before saving.
    pub covered: bool,
    /// The text, for messages and notes.
    pub text: Option<String>,
    /// The latest version number of the details.
    pub version: i64,
    /// When it happened, as stated.
    pub happened_at: Option<String>,
    /// The same in UTC.
    pub happened_utc: Option<String>,
    /// Its time zone name, if given.
    pub happened_tz: Option<String>,
    /// Platform.
    pub platform: Option<String>,
    /// Sender.
    pub sender: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Linked account ids.
    pub accounts: Vec<i64>,
}

const ITEM_SELECT: &str = "SELECT i.id, i.kind, i.sha256, i.size, i.media_type, i.original_name, i.captured_at, i.captured_offset,
    i.intimate, i.covered, i.content, v.version, v.happened_at, v.happened_utc, v.happened_tz, v.platform, v.sender, v.note, v.tags,
    (SELECT group_concat(account_id) FROM item_accounts WHERE item_id = i.id)
    FROM items i JOIN item_versions v ON v.item_id = i.id
    AND v.version = (SELECT max(version) FROM item_versions WHERE item_id = i.id)";

fn item_from(r: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = r.get(1)?;
    let tags: String = r.get(18)?;
    let accounts: Option<String> = r.get(19)?;
    Ok(Item {
        id: r.get(0)?,
        kind: ItemKind::parse(&kind).unwrap_or(ItemKind::File),
        sha256: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64,
        media_type: r.get(4)?,
        original_name: r.get(5)?,
        captured_at: r.get(6)?,
        captured_offset: r.get(7)?,
        intimate: r.get(8)?,
        covered: r.get(9)?,
        text: r.get(10)?,
        version: r.get(11)?,
        happened_at: r.get(12)?,
        happened_utc: r.get(13)?,
        happened_tz: r.get(14)?,
        platform: r.get(15)?,
        sender: r.get(16)?,
        note: r.get(17)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        accounts: accounts.map(|a| a.split(',').filter_map(|n| n.parse().ok()).collect()).unwrap_or_default(),
    })
}

/// An offender account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Id (0 before it is stored).
    pub id: i64,
    /// Platform.
    pub platform: String,
    /// Handle or username.
    pub handle: String,
    /// Stable user id.
    pub user_id: Option<String>,
    /// Profile address.
    pub url: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
}

/// A payment demand or a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// Id (0 before it is stored).
    pub id: i64,
    /// `demand` (they asked) or `payment` (money was sent).
    pub kind: String,
    /// Amount and currency.
    pub money: Money,
    /// How.
    pub method: PaymentMethod,
    /// Where to: account/IBAN/sort code, wallet address, gift-card code, MTCN.
    pub destination: String,
    /// Deadline they gave, as stated.
    pub deadline: Option<String>,
    /// Whether anything was paid.
    pub paid: bool,
    /// Reference.
    pub reference: Option<String>,
    /// When it happened, as stated.
    pub happened: Option<Happened>,
    /// The account that asked.
    pub account: Option<i64>,
}

impl Vault {
    /// Every item, oldest first.
    pub fn items(&self) -> Result<Vec<Item>> {
        let mut stmt = self.conn().prepare(&format!("{ITEM_SELECT} ORDER BY i.id")).map_err(db_error)?;
        let rows = stmt.query_map([], item_from).map_err(db_error)?;
        rows.collect::<std::result::Result<_, _>>().map_err(db_error)
    }

    /// How many items an export may carry (every item not marked as showing nudity or sexual
    /// content), without reading them.
    pub fn exportable_count(&self) -> Result<u64> {
        self.count_items(false)
    }

    /// How many items no export will carry, because they are marked as showing nudity or sexual
    /// content.
    pub fn held_back_count(&self) -> Result<u64> {
        self.count_items(true)
    }

    fn count_items(&self, intimate: bool) -> Result<u64> {
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM items WHERE intimate = ?1", [intimate], |r| r.get(0))
            .map_err(db_error)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The items an export may carry: the chosen ones (or every item), never an item marked as
    /// showing nudity or sexual content. Asking for such an item by id is refused, so no route
    /// into an export can include one.
    pub fn exportable_items(&self, chosen: Option<&[i64]>) -> Result<Vec<Item>> {
        let all = self.items()?;
        let Some(chosen) = chosen else {
            return Ok(all.into_iter().filter(|i| !i.intimate).collect());
        };
        let mut out = Vec::with_capacity(chosen.len());
        for id in chosen {
            let item = all.iter().find(|i| i.id == *id).ok_or(Error::NotFound(Missing::Item(*id)))?;
            if item.intimate {
                return Err(Error::Refused(Message::new("refused.intimate-export").with("id", id.to_string())));
            }
            if !out.iter().any(|i: &Item| i.id == *id) {
                out.push(item.clone());
            }
        }
        Ok(out)
    }

    /// One item.
    pub fn item(&self, id: i64) -> Result<Item> {
        self.conn()
            .query_row(&format!("{ITEM_SELECT} WHERE i.id = ?1"), [id], item_from)
            .optional()
            .map_err(db_error)?
            .ok_or(Error::NotFound(Missing::Item(id)))
    }

    /// Every version of an item's details, oldest first (the edit history).
    pub fn history(&self, id: i64) -> Result<Vec<Item>> {
        let current = self.item(id)?;
        let mut stmt = self
            .conn()
            .prepare("SELECT version, happened_at, happened_utc, happened_tz, platform, sender, note, tags FROM item_versions WHERE item_id = ?1 ORDER BY version")
            .map_err(db_error)?;
        let rows = stmt
            .query_map([id], |r| {
                let tags: String = r.get(7)?;
                Ok(Item {
                    version: r.get(0)?,
                    happened_at: r.get(1)?,
                    happened_utc: r.get(2)?,
                    happened_tz: r.get(3)?,
                    platform: r.get(4)?,
                    sender: r.get(5)?,
                    note: r.get(6)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    ..current.clone()
                })
            })
            .map_err(db_error)?;
        rows.collect::<std::result::Result<_, _>>().map_err(db_error)
    }

    /// Records new details for an item as a new version. The original is untouched.
    pub fn edit_item(&mut self, id: i64, details: ItemDetails) -> Result<i64> {
        let details = details.checked()?;
        let current = self.item(id)?;
        let version = current.version + 1;
        let mut log_details = Map::new();
        log_details.insert("item".into(), Value::from(id));
        log_details.insert("version".into(), Value::from(version));
        self.logged("edit item", log_details, |tx| {
            insert_version(tx, id, version, &Captured::now().utc, &details)?;
            Ok(())
        })?;
        Ok(version)
    }

    /// Marks or unmarks an item as showing nudity or sexual content.
    pub fn set_intimate(&mut self, id: i64, intimate: bool) -> Result<()> {
        self.item(id)?;
        if intimate && self.under_18() {
            return Err(Error::Refused(Message::new("refused.under-18-mark")));
        }
        let mut details = Map::new();
        details.insert("item".into(), Value::from(id));
        details.insert("intimate".into(), Value::from(intimate));
        self.logged("mark intimate", details, |tx| {
            tx.execute("UPDATE items SET intimate = ?1 WHERE id = ?2", params![intimate, id]).map_err(db_error)?;
            Ok(())
        })
    }

    /// Adds an offender account.
    pub fn add_account(&mut self, account: &Account) -> Result<i64> {
        let platform = model::required("field.platform", &account.platform)?;
        let handle = model::required("field.username", &account.handle)?;
        let user_id = model::optional("field.user-id", account.user_id.as_deref())?;
        let url = model::optional("field.profile-link", account.url.as_deref())?;
        let display_name = model::optional("field.display-name", account.display_name.as_deref())?;
        let list = |field: &'static str, values: &[String]| -> Result<String> {
            let mut out = Vec::new();
            for v in values {
                if let Some(v) = model::optional(field, Some(v))? {
                    out.push(v);
                }
            }
            Ok(serde_json::to_string(&out).unwrap_or_else(|_| "[]".into()))
        };
        let emails = list("field.e-mail", &account.emails)?;
        let phones = list("field.phone", &account.phones)?;
        let at = Captured::now().utc;
        self.logged_new("add account", "account", Map::new(), |tx| {
            tx.execute(
                "INSERT INTO accounts (platform, handle, user_id, url, display_name, emails, phones, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![platform, handle, user_id, url, display_name, emails, phones, at],
            )
            .map_err(db_error)?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Every account.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT id, platform, handle, user_id, url, display_name, emails, phones FROM accounts ORDER BY id",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| {
                let emails: String = r.get(6)?;
                let phones: String = r.get(7)?;
                Ok(Account {
                    id: r.get(0)?,
                    platform: r.get(1)?,
                    handle: r.get(2)?,
                    user_id: r.get(3)?,
                    url: r.get(4)?,
                    display_name: r.get(5)?,
                    emails: serde_json::from_str(&emails).unwrap_or_default(),
                    phones: serde_json::from_str(&phones).unwrap_or_default(),
                })
            })
            .map_err(db_error)?;
        rows.collect::<std::result::Result<_, _>>().map_err(db_error)
    }

    /// Links an item to an account it shows.
    pub fn link(&mut self, item: i64, account: i64) -> Result<()> {
        self.item(item)?;
        let mut details = Map::new();
        details.insert("item".into(), Value::from(item));
        details.insert("account".into(), Value::from(account));
        self.logged("link", details, |tx| link_account(tx, item, account))
    }

    /// Adds a payment demand or a payment.
    pub fn add_payment(&mut self, payment: &Payment) -> Result<i64> {
        let kind = match payment.kind.as_str() {
            "demand" | "payment" => payment.kind.clone(),
            _ => return Err(Error::invalid("field.type", Message::new("invalid.demand-or-payment"))),
        };
        let money = Money::parse(&payment.money.amount, &payment.money.currency)?;
        let destination = model::required("field.sent-to", &payment.destination)?;
        let deadline = match payment.deadline.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(
                Happened::parse(d, None)
                    .map_err(|_| {
                        Error::invalid(
                            "field.deadline",
                            Message::new("invalid.time-with-offset").with("example", "2026-11-29T18:00:00+00:00"),
                        )
                    })?
                    .stated,
            ),
            None => None,
        };
        let reference = model::optional("field.reference", payment.reference.as_deref())?;
        if let Some(account) = payment.account {
            account_exists(self.conn(), account)?;
        }
        let at = Captured::now().utc;
        self.logged_new("add payment", "payment", Map::new(), |tx| {
            tx.execute(
                "INSERT INTO payments (kind, amount, currency, method, destination, deadline, paid, reference, happened_at, happened_utc, account_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    kind, money.amount, money.currency, payment.method.as_str(), destination, deadline, payment.paid, reference,
                    payment.happened.as_ref().map(|h| &h.stated), payment.happened.as_ref().map(|h| &h.utc), payment.account, at
                ],
            )
            .map_err(db_error)?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Every payment demand and payment.
    pub fn payments(&self) -> Result<Vec<Payment>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, kind, amount, currency, method, destination, deadline, paid, reference, happened_at, happened_utc, account_id FROM payments ORDER BY id")
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| {
                let method: String = r.get(4)?;
                let stated: Option<String> = r.get(9)?;
                let utc: Option<String> = r.get(10)?;
                Ok(Payment {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    money: Money { amount: r.get(2)?, currency: r.get(3)? },
                    method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Other),
                    destination: r.get(5)?,
                    deadline: r.get(6)?,
                    paid: r.get(7)?,
                    reference: r.get(8)?,
                    happened: stated.zip(utc).map(|(stated, utc)| Happened { stated, utc, zone: None }),
                    account: r.get(11)?,
                })
            })
            .map_err(db_error)?;
        rows.collect::<std::result::Result<_, _>>().map_err(db_error)
    }
}
