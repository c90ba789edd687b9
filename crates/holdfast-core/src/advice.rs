//! Advice content: the calm, step-by-step pages shown to a person in trouble.
//!
//! The words live in `assets/advice/en-GB.json` (format and rules in `assets/advice/README.md`).
//! They hold no phone number, text code or link of their own: a page names a service with
//! `{service:ID}` and the app shows that service's checked details from the help data. [`parse`]
//! refuses content that breaks a rule, so a number can never reach the screen unsourced.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::help::{HelpData, INTERNATIONAL};

/// The format tag the content must carry.
pub const FORMAT: &str = "holdfast-advice/1";

const BUILTIN_EN_GB: &str = include_str!("../../../assets/advice/en-GB.json");

/// All advice in one language.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// Always [`FORMAT`].
    pub format: String,
    /// BCP 47 language tag, e.g. `en-GB`.
    pub language: String,
    /// Pages in the order they are offered; the first is the first screen.
    pub pages: Vec<Page>,
}

/// One page of advice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Stable id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// One sentence under the heading.
    pub summary: String,
    /// Who the page is mainly for (a hint, never a filter).
    #[serde(default)]
    pub for_age: Option<String>,
    /// Sections shown to everyone.
    pub sections: Vec<Section>,
    /// Extra sections per country code.
    #[serde(default)]
    pub variants: std::collections::BTreeMap<String, Variant>,
    /// Source pages that support the facts.
    pub sources: Vec<String>,
    /// Sources named without an address (for reviewers; never shown).
    #[serde(default)]
    pub unlinked_sources: Vec<String>,
    /// Date checked against the research (YYYY-MM-DD).
    pub checked: String,
}

/// A country's extra sections.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The sections.
    pub sections: Vec<Section>,
}

/// A block of a page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Optional heading.
    #[serde(default)]
    pub heading: Option<String>,
    /// Paragraphs.
    pub paragraphs: Vec<String>,
    /// A numbered list.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Items to tick.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// `adult` for a section never shown to someone who says they are under 18 (StopNCII);
    /// `under-18` for one mainly for them (shown to everyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_age: Option<String>,
}

/// One item of a checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable id (ticks are stored under it).
    pub id: String,
    /// The step.
    pub text: String,
    /// A page with more help on it.
    #[serde(default)]
    pub page: Option<String>,
}

/// The English (UK) advice shipped with this build, checked against the shipped help data.
pub fn builtin(help: &HelpData) -> Result<Advice> {
    parse(BUILTIN_EN_GB, help)
}

/// Parses and checks advice content against the help data.
pub fn parse(json: &str, help: &HelpData) -> Result<Advice> {
    let bad = |why: String| Error::HelpData(format!("advice content: {why}"));
    let advice: Advice = serde_json::from_str(json).map_err(|e| bad(format!("not valid ({e})")))?;
    if advice.format != FORMAT {
        return Err(bad(format!("format is '{}', expected '{FORMAT}'", advice.format)));
    }
    let page_ids: HashSet<&str> = advice.pages.iter().map(|p| p.id.as_str()).collect();
    if page_ids.len() != advice.pages.len() {
        return Err(bad("a page id is repeated".into()));
    }
    let mut checklist_ids = HashSet::new();
    for page in &advice.pages {
        let at = |why: String| bad(format!("page '{}': {why}", page.id));
        if page.sections.is_empty() {
            return Err(at("has no sections".into()));
        }
        for text in [&page.title, &page.summary] {
            check_text(text, None, help, &page_ids).map_err(at)?;
        }
        for section in &page.sections {
            check_section(section, None, help, &page_ids, &mut checklist_ids).map_err(at)?;
        }
        for (country, variant) in &page.variants {
            if help.country(country).is_none() {
                return Err(at(format!("variant for unknown country '{country}'")));
            }
            for section in &variant.sections {
                check_section(section, Some(country), help, &page_ids, &mut checklist_ids).map_err(at)?;
            }
        }
        for url in &page.sources {
            crate::help::check_address(url).map_err(|why| at(format!("source '{url}' {why}")))?;
        }
        if page.checked.len() != 10 || page.checked.as_bytes()[4] != b'-' {
            return Err(at(format!("checked date '{}' is not YYYY-MM-DD", page.checked)));
        }
    }
    Ok(advice)
}

fn check_section(
    section: &Section,
    country: Option<&str>,
    help: &HelpData,
    pages: &HashSet<&str>,
    checklist_ids: &mut HashSet<String>,
) -> std::result::Result<(), String> {
    let texts = section.heading.iter().chain(&section.paragraphs).chain(&section.steps);
    for text in texts.chain(section.checklist.iter().map(|c| &c.text)) {
        check_text(text, country, help, pages)?;
    }
    if let Some(age) = section.for_age.as_deref().filter(|a| !["adult", "under-18"].contains(a)) {
        return Err(format!("a section's for_age is '{age}'; use 'adult' or 'under-18'"));
    }
    for item in &section.checklist {
        if !checklist_ids.insert(item.id.clone()) {
            return Err(format!("checklist id '{}' is repeated", item.id));
        }
        if let Some(page) = &item.page {
            if !pages.contains(page.as_str()) {
                return Err(format!("checklist item '{}' links to unknown page '{page}'", item.id));
            }
        }
    }
    Ok(())
}

/// Checks one string: placeholders resolve; no literal number or link (those come only from the
/// help data, with their source and date); a country variant names only its own or worldwide
/// services.
fn check_text(
    text: &str,
    country: Option<&str>,
    help: &HelpData,
    pages: &HashSet<&str>,
) -> std::result::Result<(), String> {
    let mut rest = text;
    let mut plain = String::new();
    while let Some(start) = rest.find('{') {
        plain.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or_else(|| format!("unclosed placeholder in {text:?}"))? + start;
        let inner = &rest[start + 1..end];
        match inner.split_once(':') {
            Some(("service", id)) => {
                let service = help.service(id).ok_or_else(|| format!("unknown service '{id}' in {text:?}"))?;
                if let Some(country) = country {
                    if service.country != country && service.country != INTERNATIONAL {
                        return Err(format!("the {country} variant names {id}, a service of another country"));
                    }
                }
            }
            Some(("page", id)) if pages.contains(id) => {}
            Some(("page", id)) => return Err(format!("unknown page '{id}' in {text:?}")),
            _ => return Err(format!("unknown placeholder '{{{inner}}}' in {text:?}")),
        }
        rest = &rest[end + 1..];
    }
    plain.push_str(rest);
    literal_fact(&plain)
}

/// Refuses a literal link, e-mail address or number (a run of 3 or more digits) in text a person
/// reads: those come only from the help data, with their source and checked date.
pub fn literal_fact(plain: &str) -> std::result::Result<(), String> {
    let lower = plain.to_lowercase();
    if lower.contains("http") || lower.contains("www.") || plain.contains('@') {
        return Err(format!("a literal link or e-mail address in {plain:?}; name the service with {{service:ID}}"));
    }
    let mut run = 0;
    for c in plain.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 3 {
            return Err(format!("a literal number in {plain:?}; numbers come only from the help data"));
        }
    }
    Ok(())
}

/// Reading-ease figures for one page (English).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Readability {
    /// Words counted.
    pub words: usize,
    /// Sentences counted.
    pub sentences: usize,
    /// Syllables counted (estimated from vowel groups).
    pub syllables: usize,
    /// Flesch–Kincaid grade level: 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
    pub grade: f64,
}

impl Page {
    /// Every string a person reads on this page, placeholders replaced by a one-word stand-in
    /// (a service or page name reads as a noun).
    pub fn reading_text(&self) -> Vec<String> {
        let mut out = vec![self.title.clone(), self.summary.clone()];
        for section in self.sections.iter().chain(self.variants.values().flat_map(|v| &v.sections)) {
            out.extend(section.heading.iter().cloned());
            out.extend(section.paragraphs.iter().cloned());
            out.extend(section.steps.iter().cloned());
            out.extend(section.checklist.iter().map(|c| c.text.clone()));
        }
        out.into_iter().map(|t| replace_placeholders(&t)).collect()
    }

    /// The page's Flesch–Kincaid grade level.
    pub fn readability(&self) -> Readability {
        let mut r = Readability { words: 0, sentences: 0, syllables: 0, grade: 0.0 };
        for text in self.reading_text() {
            let words: Vec<&str> = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
            if words.is_empty() {
                continue;
            }
            r.words += words.len();
            r.syllables += words.iter().map(|w| syllables(w)).sum::<usize>();
            // Each string is at least one sentence (headings and list items count as one).
            let ends = text.matches(['.', '!', '?']).count();
            r.sentences += ends.max(1);
        }
        if r.words > 0 && r.sentences > 0 {
            r.grade = 0.39 * r.words as f64 / r.sentences as f64 + 11.8 * r.syllables as f64 / r.words as f64 - 15.59;
        }
        r
    }
}

fn replace_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str("Helpline");
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Syllables in an English word, estimated: vowel groups, less a silent final "e", at least one.
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut groups = 0;
    let mut previous = false;
    for &c in &w {
        let v = vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
    }
    let silent_e = w.len() > 2 && w[w.len() - 1] == 'e' && w[w.len() - 2] != 'l' && !vowel(w[w.len() - 2]);
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}
