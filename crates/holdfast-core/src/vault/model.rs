//! The records a vault holds, and the checks on what a person types.

use chrono::{DateTime, FixedOffset, Local, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Message;

/// The most characters a short field (handle, platform, name) may hold.
pub const SHORT_MAX: usize = 1_000;
/// The most characters a long field (message text, note) may hold.
pub const LONG_MAX: usize = 200_000;

/// What kind of evidence an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A screen capture taken into the vault.
    Screenshot,
    /// A file imported from disk.
    File,
    /// The text of a message or threat.
    Message,
    /// The person's own note.
    Note,
}

impl ItemKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Screenshot => "screenshot",
            ItemKind::File => "file",
            ItemKind::Message => "message",
            ItemKind::Note => "note",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<ItemKind> {
        Some(match text {
            "screenshot" => ItemKind::Screenshot,
            "file" => ItemKind::File,
            "message" => ItemKind::Message,
            "note" => ItemKind::Note,
            _ => return None,
        })
    }
}

/// The time something happened, as the person stated it (with its offset), and the same
/// instant in UTC for ordering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Happened {
    /// The stated time in RFC 3339, keeping the offset the person gave (normalised: `Z` is
    /// written `+00:00`), e.g. `2026-11-28T21:14:03+01:00`.
    pub stated: String,
    /// The same instant in UTC to the millisecond, e.g. `2026-11-28T20:14:03.000Z`.
    pub utc: String,
    /// An IANA time-zone name, where the person gave one (`Europe/London`).
    pub zone: Option<String>,
}

impl Happened {
    /// Parses an RFC 3339 time with an offset.
    pub fn parse(stated: &str, zone: Option<String>) -> Result<Happened> {
        let parsed: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(stated.trim()).map_err(|_| {
            Error::invalid(
                "field.when-it-happened",
                Message::new("invalid.time-with-offset").with("example", "2026-11-28T21:14:03+00:00"),
            )
        })?;
        let zone = zone.map(|z| z.trim().to_string()).filter(|z| !z.is_empty());
        if let Some(z) = &zone {
            check_short("field.time-zone", z)?;
        }
        Ok(Happened {
            stated: parsed.to_rfc3339_opts(SecondsFormat::AutoSi, false),
            utc: parsed.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true),
            zone,
        })
    }
}

/// The moment of capture: UTC from the system clock, and the local UTC offset at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// `2026-11-28T21:14:03.123Z`.
    pub utc: String,
    /// `+01:00`.
    pub offset: String,
}

impl Captured {
    /// Now.
    pub fn now() -> Captured {
        let local = Local::now();
        Captured {
            utc: local.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true),
            offset: local.offset().to_string(),
        }
    }
}

/// Checks a short field (a handle, a name, a file name, a destination): only its length.
///
/// Any character is kept as it was given, line breaks, terminal escapes and bidirectional
/// controls included: these fields often hold what the blackmailer chose, and refusing their
/// characters would make the person change the evidence to save it. Text is escaped where it
/// is shown ([`crate::untrusted::escape`]), never when it is stored.
pub fn check_short(field: &'static str, value: &str) -> Result<()> {
    if value.chars().count() > SHORT_MAX {
        let why = Message::new("invalid.too-long-short").with("max", SHORT_MAX.to_string());
        return Err(Error::invalid(field, why));
    }
    Ok(())
}

/// Checks a long field (a message, a note): only its length. Like [`check_short`], it keeps
/// every character as given.
pub fn check_long(field: &'static str, value: &str) -> Result<()> {
    if value.chars().count() > LONG_MAX {
        let why = Message::new("invalid.too-long").with("max", LONG_MAX.to_string());
        return Err(Error::invalid(field, why));
    }
    Ok(())
}

/// Whether a field was left blank: empty, or spaces and line breaks only.
fn blank(value: &str) -> bool {
    value.trim().is_empty()
}

/// A required short field, kept exactly as given (spaces and line breaks at its ends too: a
/// name the sender padded is evidence as it stands). Blank is refused.
pub fn required(field: &'static str, value: &str) -> Result<String> {
    if blank(value) {
        return Err(Error::invalid(field, Message::new("invalid.needed")));
    }
    check_short(field, value)?;
    Ok(value.to_string())
}

/// An optional short field, kept exactly as given; blank counts as absent.
pub fn optional(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value.filter(|v| !blank(v)) {
        Some(v) => {
            check_short(field, v)?;
            Ok(Some(v.to_string()))
        }
        None => Ok(None),
    }
}

/// How money was asked for or sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentMethod {
    /// Bank transfer (account number, IBAN, sort code).
    BankTransfer,
    /// Card payment.
    Card,
    /// Gift card (the code).
    GiftCard,
    /// Cryptocurrency (the wallet address).
    Crypto,
    /// Money transfer service (Western Union, MoneyGram: the MTCN).
    MoneyTransfer,
    /// Anything else.
    Other,
}

impl PaymentMethod {
    /// All methods with their stored names.
    pub const ALL: [(PaymentMethod, &'static str); 6] = [
        (PaymentMethod::BankTransfer, "bank-transfer"),
        (PaymentMethod::Card, "card"),
        (PaymentMethod::GiftCard, "gift-card"),
        (PaymentMethod::Crypto, "crypto"),
        (PaymentMethod::MoneyTransfer, "money-transfer"),
        (PaymentMethod::Other, "other"),
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(m, _)| *m == self).map(|(_, s)| *s).unwrap_or("other")
    }

    /// Parses a stored or typed name.
    pub fn parse(text: &str) -> Result<PaymentMethod> {
        let wanted = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Self::ALL.iter().find(|(_, s)| *s == wanted).map(|(m, _)| *m).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|(_, s)| *s).collect();
            Error::invalid("field.method", Message::new("invalid.choose-one").with("choices", names.join(", ")))
        })
    }
}

/// An exact decimal amount with its currency. Never a float.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Digits with at most one decimal point, e.g. `500` or `0.00420000`.
    pub amount: String,
    /// ISO 4217 code (`GBP`, `USD`), or a well-known crypto code (`BTC`, `USDT`).
    pub currency: String,
}

impl Money {
    /// Checks and normalises an amount and currency.
    pub fn parse(amount: &str, currency: &str) -> Result<Money> {
        let amount = amount.trim().replace(' ', "");
        if amount.contains(',') {
            // "49,99" and "1,000" mean different things in different countries: never guess.
            let why = Message::new("invalid.amount-comma").with("whole", "1000").with("cents", "49.99");
            return Err(Error::invalid("field.amount", why));
        }
        let (whole, frac) = amount.split_once('.').unwrap_or((&amount, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(frac)
            || whole.trim_start_matches('0').len() > 15
            || frac.len() > 18
            || amount.ends_with('.')
        {
            let why = Message::new("invalid.amount").with("whole", "500").with("cents", "49.99");
            return Err(Error::invalid("field.amount", why));
        }
        let whole = whole.trim_start_matches('0');
        let amount = match (whole.is_empty(), frac.is_empty()) {
            (true, true) => "0".to_string(),
            (true, false) => format!("0.{frac}"),
            (false, true) => whole.to_string(),
            (false, false) => format!("{whole}.{frac}"),
        };
        let currency = currency.trim().to_ascii_uppercase();
        if !(3..=5).contains(&currency.len()) || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid("field.currency", Message::new("invalid.currency")));
        }
        Ok(Money { amount, currency })
    }

    /// The amount in units of 10⁻¹⁸, for exact totals.
    pub fn scaled(&self) -> u128 {
        let (whole, frac) = self.amount.split_once('.').unwrap_or((&self.amount, ""));
        let whole: u128 = whole.parse().unwrap_or(0);
        let mut frac = frac.to_string();
        frac.extend(std::iter::repeat_n('0', 18usize.saturating_sub(frac.len())));
        whole * 10u128.pow(18) + frac.parse::<u128>().unwrap_or(0)
    }
}

/// The largest amount that passes without a warning (more is more often a typing mistake).
pub const LARGE_AMOUNT: u128 = 1_000_000;

/// Warnings about a payment or demand that looks wrong: not errors (it can still be saved
/// exactly as the person typed it), but worth a second look while the message is still at hand.
///
/// - Crypto: an address with spaces or line breaks inside, or an address not shaped like a
///   Bitcoin (`1…`/`3…` base58, or `bc1…` bech32), Ethereum (`0x` and 40 hex digits, also used
///   for USDT and other tokens), Tron (`T…`, where USDT is often asked for) or Litecoin
///   (`L…`/`M…`, `ltc1…`) address; an amount in BTC or ETH with the other chain's address.
/// - Gift card: a "code" with fewer than 8 letters and digits (often the card's name, not its code).
/// - Bank transfer, card, money transfer, other: nothing about the destination, whose shapes
///   vary too much by country and service to judge.
/// - Any method: an amount of zero, or over 1,000,000.
///
/// Each warning is a catalogue key with its values (`payment.warn-…`), shown in the window's
/// language; [`Message::english`] gives the English.
pub fn payment_warnings(method: PaymentMethod, destination: &str, amount: &Money) -> Vec<Message> {
    let mut warnings = Vec::new();
    let destination = destination.trim();
    match method {
        PaymentMethod::Crypto if !destination.is_empty() => {
            if destination.chars().any(char::is_whitespace) {
                warnings.push(Message::new("payment.warn-wallet-space"));
            }
            let compact: String = destination.chars().filter(|c| !c.is_whitespace()).collect();
            match (wallet_shape(&compact), amount.currency.as_str()) {
                (None, _) => warnings.push(Message::new("payment.warn-wallet-shape")),
                (Some(shape), "BTC") if shape != Wallet::Bitcoin => {
                    warnings.push(Message::new("payment.warn-not-bitcoin"));
                }
                (Some(shape), "ETH") if shape != Wallet::Ethereum => {
                    warnings.push(Message::new("payment.warn-not-ethereum"));
                }
                _ => {}
            }
        }
        PaymentMethod::GiftCard if destination.chars().filter(char::is_ascii_alphanumeric).count() < 8 => {
            warnings.push(Message::new("payment.warn-gift-card").with("count", "10"));
        }
        _ => {}
    }
    let scaled = amount.scaled();
    if scaled == 0 {
        warnings.push(Message::new("payment.warn-zero"));
    } else if scaled > LARGE_AMOUNT * 10u128.pow(18) {
        warnings.push(
            Message::new("payment.warn-large")
                .with("amount", amount.amount.clone())
                .with("currency", amount.currency.clone())
                .with("limit", "1,000,000"),
        );
    }
    warnings
}

/// Which chain a wallet address is shaped for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wallet {
    Bitcoin,
    Ethereum,
    Tron,
    Litecoin,
}

const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// The chain an address is shaped for, by its prefix, length and alphabet (no checksum is
/// verified: this only catches addresses cut short, pasted into the wrong box or mistyped badly).
fn wallet_shape(address: &str) -> Option<Wallet> {
    let base58 =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.chars().all(|c| BASE58.contains(c));
    // Bech32 is written all lower case or all upper case (in QR codes), never mixed.
    let bech32 = |s: &str, hrp: &str, len: std::ops::RangeInclusive<usize>| {
        let lower = if s.chars().all(|c| !c.is_ascii_lowercase()) { s.to_ascii_lowercase() } else { s.to_string() };
        lower.strip_prefix(hrp).is_some_and(|data| {
            len.contains(&lower.len()) && !data.is_empty() && data.chars().all(|c| BECH32.contains(c))
        })
    };
    if (address.starts_with('1') || address.starts_with('3')) && base58(address, 26..=35)
        || bech32(address, "bc1", 14..=74)
    {
        return Some(Wallet::Bitcoin);
    }
    if address.len() == 42
        && (address.starts_with("0x") || address.starts_with("0X"))
        && address[2..].bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Some(Wallet::Ethereum);
    }
    if address.starts_with('T') && base58(address, 34..=34) {
        return Some(Wallet::Tron);
    }
    if (address.starts_with('L') || address.starts_with('M')) && base58(address, 26..=34)
        || bech32(address, "ltc1", 14..=74)
    {
        return Some(Wallet::Litecoin);
    }
    None
}

/// Adds exact amounts; returns the total as a decimal string without trailing zeros.
pub fn total(amounts: &[Money]) -> String {
    let sum: u128 = amounts.iter().map(Money::scaled).sum();
    let whole = sum / 10u128.pow(18);
    let frac = format!("{:018}", sum % 10u128.pow(18));
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

/// How many first bytes [`sniff`] and [`content_type`] look at.
pub const SNIFF_LEN: usize = 512;

/// The media type a file's first bytes show (its "magic" bytes), or `None` if they match no
/// format Holdfast knows. Never looks at a name: a name comes from whoever sent the file.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    let magic: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"PK\x05\x06", "application/zip"),
        (b"\x1a\x45\xdf\xa3", "video/webm"),
        (b"ID3", "audio/mpeg"),
        (b"OggS", "audio/ogg"),
    ];
    if let Some((_, t)) = magic.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(t);
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    // An ISO media file (MP4, QuickTime, HEIC): a `ftyp` box whose first brand says which.
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Some(match &head[8..12] {
            b"qt  " => "video/quicktime",
            b"M4A " => "audio/mp4",
            b"heic" | b"heix" => "image/heic",
            _ => "video/mp4",
        });
    }
    None
}

/// What a file's first bytes show it holds: a known format ([`sniff`]), else `text/plain` for
/// UTF-8 text (web pages and shortcuts included), else `application/octet-stream`.
pub fn content_type(head: &[u8]) -> &'static str {
    if let Some(t) = sniff(head) {
        return t;
    }
    if looks_like_text(head) {
        return "text/plain";
    }
    "application/octet-stream"
}

/// Whether bytes read as UTF-8 text: valid UTF-8 (a character cut off at the end of the head
/// counts), with no control characters but tabs, line breaks and form feeds.
fn looks_like_text(head: &[u8]) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut off in the middle of a character by the end of the head.
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(text) => text,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !valid.is_empty() && valid.chars().all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

/// Media type from the first bytes ([`sniff`]), or else from the file name's extension.
///
/// The result is what the vault records for an import. A type from the name is a guess made
/// by whoever named the file: an export names exhibits by [`content_type`] alone.
pub fn media_type(name: &str, head: &[u8]) -> &'static str {
    if let Some(t) = sniff(head) {
        return t;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}
