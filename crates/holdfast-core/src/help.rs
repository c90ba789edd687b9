//! Help services: emergency, crisis, reporting and removal, per country.
//!
//! The data is `assets/help/services.json`, compiled into the program so that help works with
//! no network and no vault. Every phone number, text code and link shown to a person comes from
//! it, each with the page that states it and the date it was checked. [`parse`] refuses data
//! that breaks a rule instead of leaving a silent gap: an unknown country, a service without a
//! source or date, a malformed number or link.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The format tag the data file must carry.
pub const FORMAT: &str = "holdfast-help/2";

/// The country code for "somewhere else": services that work anywhere.
pub const INTERNATIONAL: &str = "INT";

const BUILTIN: &str = include_str!("../../../assets/help/services.json");

/// The whole help data set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpData {
    /// Always [`FORMAT`].
    pub format: String,
    /// The countries a person can choose, in display order.
    pub countries: Vec<Country>,
    /// Every service.
    pub services: Vec<Service>,
}

/// A country a person can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// `GB`, `US`, … or [`INTERNATIONAL`].
    pub code: String,
    /// The name shown in the country picker.
    pub name: String,
    /// The id of the emergency service shown in the crisis bar.
    pub emergency: String,
    /// The id of the crisis line shown in the crisis bar, where one exists.
    pub crisis: Option<String>,
    /// The id of the crisis line for children and young people, shown instead to someone who
    /// says they are under 18, where the country has one.
    #[serde(default)]
    pub crisis_under_18: Option<String>,
}

/// What a service is for. A service may be several of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Police, ambulance: danger now.
    Emergency,
    /// Reporting a crime to police.
    Police,
    /// Reporting online abuse to a national body.
    Report,
    /// Getting images taken down.
    Removal,
    /// Someone to talk to.
    Support,
    /// Someone to talk to when you feel unsafe with yourself.
    Crisis,
    /// Reporting fraud or a scam.
    Fraud,
    /// A way in for people who are deaf, hard of hearing or find speaking hard (text relay,
    /// sign-language video, emergency text).
    Relay,
}

/// Who a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Anyone.
    All,
    /// Children and young people under 18.
    #[serde(rename = "under-18")]
    Under18,
    /// Adults.
    Adults,
}

/// Whose page the details come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The organisation's own page, or a government or police page about its own service.
    Official,
    /// Someone else's page (news, a school, a directory): shown as such to the person.
    Secondary,
}

/// A number to send a text message to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextLine {
    /// The number to text.
    pub number: String,
    /// The word to send, where the service asks for one.
    pub message: Option<String>,
}

/// One help service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id, starting with the lower-case country code and a hyphen.
    pub id: String,
    /// The country code it serves.
    pub country: String,
    /// The part of the country it serves, where it does not serve all of it.
    pub region: Option<String>,
    /// Its name.
    pub name: String,
    /// What it helps with, in a sentence or two.
    pub purpose: String,
    /// What kind of help it is.
    pub kinds: Vec<Kind>,
    /// Who it is for.
    pub audience: Audience,
    /// The age range it states, for display.
    pub ages: Option<String>,
    /// The number to call.
    pub phone: Option<String>,
    /// The number in letters, as the service advertises it. It may stand alone where the
    /// sources give only the letter form.
    pub phone_words: Option<String>,
    /// The number to text.
    pub text: Option<TextLine>,
    /// Its official website.
    pub url: Option<String>,
    /// When it is open.
    pub hours: Option<String>,
    /// Anything else a person should know (coverage, confidentiality).
    pub note: Option<String>,
    /// The page that states these details.
    pub source_url: String,
    /// Whether that page is the organisation's own.
    pub source_kind: SourceKind,
    /// The date the page itself shows (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), where it shows one.
    #[serde(default)]
    pub source_dated: Option<String>,
    /// Pages for the details the main source does not state (a number only a news story
    /// prints, say), each saying what it supports.
    #[serde(default)]
    pub more_sources: Vec<MoreSource>,
    /// The date the details were checked against that page (YYYY-MM-DD).
    pub checked: String,
}

/// A page that supports one detail of a service that its main source does not state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoreSource {
    /// What it supports, in a few words shown to the person ("The text number").
    #[serde(rename = "for")]
    pub supports: String,
    /// The page.
    pub url: String,
    /// Whether it is the organisation's own page.
    pub kind: SourceKind,
    /// The date the page itself shows, where it shows one.
    #[serde(default)]
    pub dated: Option<String>,
}

impl Service {
    /// Whether the details rest on this page.
    pub fn rests_on(&self, url: &str) -> bool {
        self.sources().any(|(u, _, _)| u == url)
    }

    /// Every page the details rest on: the main source first, with its kind and date.
    pub fn sources(&self) -> impl Iterator<Item = (&str, SourceKind, Option<&str>)> {
        let main = (self.source_url.as_str(), self.source_kind, self.source_dated.as_deref());
        std::iter::once(main).chain(self.more_sources.iter().map(|m| (m.url.as_str(), m.kind, m.dated.as_deref())))
    }
}

/// The help for one chosen country.
#[derive(Debug, Clone, Serialize)]
pub struct CountryHelp {
    /// The chosen country.
    pub country: Country,
    /// The emergency service for the crisis bar.
    pub emergency: Service,
    /// The crisis line for the crisis bar, where one exists (the child line for under-18s, once
    /// routed by age).
    pub crisis: Option<Service>,
    /// The crisis line for children and young people, where the country has one.
    pub crisis_under_18: Option<Service>,
    /// The country's own services, in data order.
    pub services: Vec<Service>,
    /// Services that work from anywhere (empty when the country is [`INTERNATIONAL`], whose
    /// services are already in `services`). International emergency numbers are left out.
    pub international: Vec<Service>,
}

/// The data shipped with this build of Holdfast.
pub fn builtin() -> Result<HelpData> {
    parse(BUILTIN)
}

/// Parses and validates help data.
pub fn parse(json: &str) -> Result<HelpData> {
    let data: HelpData =
        serde_json::from_str(json).map_err(|e| Error::HelpData(format!("not valid help data: {e}")))?;
    data.validate()?;
    Ok(data)
}

impl HelpData {
    /// A service by id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// A country by code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// Everything to show for one country.
    pub fn for_country(&self, code: &str) -> Result<CountryHelp> {
        let country = self.country(code).ok_or_else(|| Error::UnknownCountry(code.to_string()))?;
        // validate() guarantees these ids resolve; a miss here would be a defect, reported as damaged data.
        let resolve =
            |id: &str| self.service(id).cloned().ok_or_else(|| Error::HelpData(format!("missing service '{id}'")));
        let of = |c: &str| -> Vec<Service> { self.services.iter().filter(|s| s.country == c).cloned().collect() };
        let international = if code == INTERNATIONAL {
            Vec::new()
        } else {
            of(INTERNATIONAL).into_iter().filter(|s| !s.kinds.contains(&Kind::Emergency)).collect()
        };
        Ok(CountryHelp {
            country: country.clone(),
            emergency: resolve(&country.emergency)?,
            crisis: country.crisis.as_deref().map(resolve).transpose()?,
            crisis_under_18: country.crisis_under_18.as_deref().map(resolve).transpose()?,
            services: of(code),
            international,
        })
    }

    fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(Error::HelpData(what));
        if self.format != FORMAT {
            return bad(format!("format is '{}', expected '{FORMAT}'", self.format));
        }
        if self.countries.is_empty() {
            return bad("no countries".into());
        }
        let mut codes = HashSet::new();
        for c in &self.countries {
            let well_formed =
                c.code == INTERNATIONAL || (c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase()));
            if !well_formed || !codes.insert(c.code.as_str()) {
                return bad(format!("country code '{}' is malformed or repeated", c.code));
            }
            if c.name.trim().is_empty() {
                return bad(format!("country '{}' has no name", c.code));
            }
        }
        let mut ids = HashSet::new();
        for s in &self.services {
            if !ids.insert(s.id.as_str()) {
                return bad(format!("service id '{}' is repeated", s.id));
            }
            validate_service(s, &codes).map_err(|why| Error::HelpData(format!("service '{}': {why}", s.id)))?;
        }
        for c in &self.countries {
            let emergency = self.service(&c.emergency).filter(|s| s.country == c.code);
            match emergency {
                Some(s) if s.kinds.contains(&Kind::Emergency) && s.phone.is_some() => {}
                _ => {
                    return bad(format!(
                        "country '{}': emergency '{}' must be an emergency service of that country with a phone number",
                        c.code, c.emergency
                    ))
                }
            }
            if let Some(id) = &c.crisis {
                match self.service(id).filter(|s| s.country == c.code) {
                    Some(s) if s.phone.is_some() || s.phone_words.is_some() || s.text.is_some() => {}
                    _ => return bad(format!("country '{}': crisis line '{id}' must be a service of that country with a phone or text number", c.code)),
                }
            }
            if let Some(id) = &c.crisis_under_18 {
                let reachable = |s: &&Service| s.phone.is_some() || s.phone_words.is_some() || s.text.is_some();
                let fits = |s: &&Service| s.kinds.contains(&Kind::Crisis) && s.audience != Audience::Adults;
                if self.service(id).filter(|s| s.country == c.code).filter(reachable).filter(fits).is_none() {
                    return bad(format!(
                        "country '{}': under-18 crisis line '{id}' must be a crisis line of that country that under-18s may use, with a phone or text number",
                        c.code
                    ));
                }
            }
        }
        Ok(())
    }
}

fn validate_service(s: &Service, countries: &HashSet<&str>) -> std::result::Result<(), String> {
    if !countries.contains(s.country.as_str()) {
        return Err(format!("unknown country '{}'", s.country));
    }
    let prefix = format!("{}-", s.country.to_ascii_lowercase());
    let id_chars = s.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !s.id.starts_with(&prefix) || s.id.len() <= prefix.len() || !id_chars {
        return Err(format!("id must be lower-case letters, digits and hyphens, starting with '{prefix}'"));
    }
    for (field, value) in [("name", &s.name), ("purpose", &s.purpose)] {
        if value.trim().is_empty() {
            return Err(format!("{field} is empty"));
        }
    }
    for (field, value) in [("region", &s.region), ("ages", &s.ages), ("hours", &s.hours), ("note", &s.note)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(format!("{field} is empty; leave it out or null instead"));
        }
    }
    if s.kinds.is_empty() {
        return Err("no kinds".into());
    }
    if s.phone.is_none() && s.phone_words.is_none() && s.text.is_none() && s.url.is_none() {
        return Err("no phone, text or link".into());
    }
    if let Some(phone) = &s.phone {
        check_number(phone).map_err(|why| format!("phone '{phone}' {why}"))?;
    }
    if let Some(words) = &s.phone_words {
        let chars_ok = words.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'-');
        let has_digit = words.bytes().any(|b| b.is_ascii_digit());
        if !chars_ok || !has_digit || words.trim() != words {
            return Err(format!("phone_words '{words}' must be capitals, digits, spaces or hyphens"));
        }
    }
    if let Some(text) = &s.text {
        check_number(&text.number).map_err(|why| format!("text number '{}' {why}", text.number))?;
        if text.message.as_deref().is_some_and(|m| m.is_empty() || m.contains(char::is_whitespace)) {
            return Err("text message must be one word".into());
        }
    }
    if let Some(url) = &s.url {
        check_address(url).map_err(|why| format!("url '{url}' {why}"))?;
    }
    check_address(&s.source_url).map_err(|why| format!("source_url '{}' {why}", s.source_url))?;
    check_date(&s.checked).map_err(|why| format!("checked '{}' {why}", s.checked))?;
    for more in &s.more_sources {
        check_address(&more.url).map_err(|why| format!("source '{}' {why}", more.url))?;
    }
    let checked = crate::guide::parse_date(&s.checked);
    for dated in s.sources().filter_map(|(_, _, dated)| dated) {
        let (first, _) = source_period(dated)
            .ok_or_else(|| format!("source_dated '{dated}' must be a real date written YYYY-MM-DD, YYYY-MM or YYYY"))?;
        if checked.is_some_and(|checked| first > checked) {
            return Err(format!("source_dated '{dated}' is after the checked date '{}'", s.checked));
        }
    }
    if s.more_sources.iter().any(|m| m.supports.trim().is_empty()) {
        return Err("a further source does not say what it supports".into());
    }
    Ok(())
}

/// The first and last day of the period a page's own date names: a day (`2024-02-06`), a month
/// (`2024-02`) or a year (`2012`), from 2000 on.
pub fn source_period(dated: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = dated.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let year = i32::try_from(num(parts.first()?, 4)?).ok()?;
    if year < 2000 {
        return None;
    }
    match parts.len() {
        1 => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?)),
        2 => {
            let first = NaiveDate::from_ymd_opt(year, num(parts[1], 2)?, 1)?;
            let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
            Some((first, last))
        }
        3 => {
            check_date(dated).ok()?;
            let day = NaiveDate::parse_from_str(dated, "%Y-%m-%d").ok()?;
            Some((day, day))
        }
        _ => None,
    }
}

/// Query parameters that track a visit or pick a language rather than name a page. An address
/// shown to a person, or opened in their browser, carries none of them.
const TRACKING: &[&str] =
    &["gclid", "fbclid", "msclkid", "dclid", "gbraid", "wbraid", "_ga", "mc_cid", "mc_eid", "lang", "hl", "locale"];

/// A web address Holdfast may show or open: `https:`, well formed, with no tracking or
/// language parameters.
pub fn check_address(url: &str) -> std::result::Result<(), String> {
    check_url(url, &["https://"]).map_err(str::to_string)?;
    let query = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or("")).unwrap_or("");
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let key = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
        if key.starts_with("utm_") || TRACKING.contains(&key.as_str()) {
            return Err(format!("carries the tracking or language parameter '{key}'; use the plain address"));
        }
    }
    Ok(())
}

/// A dialable number: digits, with single spaces or hyphens between groups, and an optional
/// leading `+`; at least three digits.
fn check_number(number: &str) -> std::result::Result<(), &'static str> {
    let body = number.strip_prefix('+').unwrap_or(number);
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    let chars_ok = body.bytes().all(|b| b.is_ascii_digit() || b == b' ' || b == b'-');
    let ends_ok = body.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && body.bytes().last().is_some_and(|b| b.is_ascii_digit());
    let no_double = !body.contains("  ") && !body.contains("--") && !body.contains(" -") && !body.contains("- ");
    if digits >= 3 && chars_ok && ends_ok && no_double {
        Ok(())
    } else {
        Err("is not a well-formed number")
    }
}

fn check_url(url: &str, schemes: &[&str]) -> std::result::Result<(), &'static str> {
    let Some(rest) = schemes.iter().find_map(|s| url.strip_prefix(s)) else {
        return Err("must start with https://");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = host.contains('.') && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("is not a well-formed web address");
    }
    Ok(())
}

/// `YYYY-MM-DD`, a real calendar date from 2000 on.
fn check_date(date: &str) -> std::result::Result<(), &'static str> {
    let parts: Vec<&str> = date.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (Some(y), Some(m), Some(d)) = (
        parts.first().and_then(|s| num(s, 4)),
        parts.get(1).and_then(|s| num(s, 2)),
        parts.get(2).and_then(|s| num(s, 2)),
    ) else {
        return Err("must be a date written YYYY-MM-DD");
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if parts.len() != 3 || y < 2000 || !(1..=12).contains(&m) || d == 0 || d > days[(m - 1) as usize] {
        return Err("must be a real date written YYYY-MM-DD");
    }
    Ok(())
}
