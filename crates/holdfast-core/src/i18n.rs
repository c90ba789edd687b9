//! Message catalogues: every word of the interface, per language.
//!
//! The interface's own strings live in `assets/i18n/<language>.json` (format in
//! `assets/i18n/README.md`); the advice and the help data carry their own words. The
//! pseudo-locale `en-XA` is English with every letter accented and each string bracketed. Run the
//! app with `HOLDFAST_LOCALE=en-XA` and any English letter left on screen is a string that skipped
//! the catalogues.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::advice::{self, Advice};
use crate::error::{Error, Result};
use crate::help::HelpData;

/// The format tag a catalogue must carry.
pub const FORMAT: &str = "holdfast-messages/1";

/// The language used when none is asked for.
pub const DEFAULT_LOCALE: &str = "en-GB";

/// The pseudo-locale.
pub const PSEUDO_LOCALE: &str = "en-XA";

const BUILTIN_EN_GB: &str = include_str!("../../../assets/i18n/en-GB.json");

/// One language's interface strings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Always [`FORMAT`].
    pub format: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Message key → text. `{name}` marks a value the interface fills in.
    pub messages: BTreeMap<String, String>,
}

/// Words for a person, as a catalogue key with its values: the window shows them in its own
/// language (`t(key, params)`); [`Message::english`] gives the English for the CLI and logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// A key in every catalogue (`payment.warn-zero`).
    pub key: &'static str,
    /// The values for its `{name}` placeholders.
    pub params: BTreeMap<&'static str, Param>,
}

/// A value for a placeholder: text as it is (a name, a number, a path, what the system said),
/// or words of their own from the catalogue (an error's field and what is wrong with it), which
/// the window shows in its language too. Serialised as a string or as `{key, params}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
    /// Shown as it is.
    Text(String),
    /// Shown in the catalogue's words.
    Words(Message),
    /// Sentences in the catalogue's words, each followed by a space (advice, say).
    Sentences(Vec<Message>),
}

impl Message {
    /// A message with no values.
    pub fn new(key: &'static str) -> Message {
        Message { key, params: BTreeMap::new() }
    }

    /// The same message with `{name}` filled by `value`, shown as it is.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.params.insert(name, Param::Text(value.into()));
        self
    }

    /// The same message with `{name}` filled by the words of `value`.
    pub fn with_words(mut self, name: &'static str, value: Message) -> Message {
        self.params.insert(name, Param::Words(value));
        self
    }

    /// The same message with `{name}` filled by `sentences`, one after another.
    pub fn with_sentences(mut self, name: &'static str, sentences: Vec<Message>) -> Message {
        self.params.insert(name, Param::Sentences(sentences));
        self
    }

    /// The message in the shipped English catalogue, its placeholders filled.
    pub fn english(&self) -> String {
        static ENGLISH: std::sync::OnceLock<Option<Catalogue>> = std::sync::OnceLock::new();
        let english = ENGLISH.get_or_init(|| parse(BUILTIN_EN_GB).ok());
        let template = english.as_ref().and_then(|c| c.messages.get(self.key)).map_or(self.key, String::as_str);
        fill(template, &self.params)
    }

    /// Every key this message uses: its own and those of the words it holds.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        for param in self.params.values() {
            match param {
                Param::Text(_) => {}
                Param::Words(words) => keys.extend(words.keys()),
                Param::Sentences(all) => keys.extend(all.iter().flat_map(Message::keys)),
            }
        }
        keys
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// `template` with each `{name}` that `params` names replaced by its value, in one pass: a
/// value is never read again, so text from outside that looks like `{name}` stays as it is.
fn fill(template: &str, params: &BTreeMap<&'static str, Param>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        match params.get(&rest[open + 1..close]) {
            Some(Param::Text(value)) => out.push_str(value),
            Some(Param::Words(words)) => out.push_str(&words.english()),
            Some(Param::Sentences(all)) => all.iter().for_each(|s| {
                out.push_str(&s.english());
                out.push(' ');
            }),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The catalogue for a locale: `en-GB`, or the pseudo-locale `en-XA`.
pub fn catalogue(locale: &str) -> Result<Catalogue> {
    let english = parse(BUILTIN_EN_GB)?;
    match locale {
        DEFAULT_LOCALE => Ok(english),
        PSEUDO_LOCALE => Ok(Catalogue {
            format: english.format,
            language: PSEUDO_LOCALE.into(),
            messages: english.messages.into_iter().map(|(k, v)| (k, pseudo(&v))).collect(),
        }),
        other => Err(Error::invalid(
            "field.language",
            Message::new("invalid.no-language")
                .with("language", other)
                .with("default", DEFAULT_LOCALE)
                .with("pseudo", PSEUDO_LOCALE),
        )),
    }
}

/// Parses and checks a catalogue: keys are `[a-z0-9.-]`, texts are not empty, and no text holds
/// a literal number or link (those come from the help data only).
pub fn parse(json: &str) -> Result<Catalogue> {
    let bad = |why: String| Error::HelpData(format!("interface messages: {why}"));
    let catalogue: Catalogue = serde_json::from_str(json).map_err(|e| bad(format!("not valid ({e})")))?;
    if catalogue.format != FORMAT {
        return Err(bad(format!("format is '{}', expected '{FORMAT}'", catalogue.format)));
    }
    for (key, text) in &catalogue.messages {
        let key_ok = !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !key_ok {
            return Err(bad(format!("key '{key}' may only use a-z, 0-9, '.' and '-'")));
        }
        if text.trim().is_empty() {
            return Err(bad(format!("'{key}' is empty")));
        }
        advice::literal_fact(text).map_err(|why| bad(format!("'{key}': {why}")))?;
    }
    Ok(catalogue)
}

/// Pseudo-localises a text: letters accented, the whole bracketed with `⟦ ⟧`. Placeholders in
/// braces (`{service:ID}`, `{name}`) and gaps in square brackets are kept as they are.
pub fn pseudo(text: &str) -> String {
    let mut out = String::from("⟦");
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(if depth > 0 { c } else { accent(c) });
    }
    out.push('⟧');
    out
}

fn accent(c: char) -> char {
    const FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const TO: &str = "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    FROM.chars().position(|f| f == c).and_then(|i| TO.chars().nth(i)).unwrap_or(c)
}

/// Applies a locale to the advice and the help data's words. Names of services and countries'
/// phone numbers, text codes and links are left alone; they are data, not prose. (Only the
/// pseudo-locale changes anything today: English is the one language shipped.)
pub fn localise(locale: &str, help: &mut HelpData, advice: &mut Advice) {
    if locale != PSEUDO_LOCALE {
        return;
    }
    for country in &mut help.countries {
        country.name = pseudo(&country.name);
    }
    for s in &mut help.services {
        s.purpose = pseudo(&s.purpose);
        for text in [&mut s.region, &mut s.ages, &mut s.hours, &mut s.note].into_iter().flatten() {
            *text = pseudo(text);
        }
        for more in &mut s.more_sources {
            more.supports = pseudo(&more.supports);
        }
    }
    for page in &mut advice.pages {
        page.title = pseudo(&page.title);
        page.summary = pseudo(&page.summary);
        let sections = page.sections.iter_mut().chain(page.variants.values_mut().flat_map(|v| &mut v.sections));
        for section in sections {
            if let Some(h) = &mut section.heading {
                *h = pseudo(h);
            }
            for text in section.paragraphs.iter_mut().chain(&mut section.steps) {
                // A paragraph that is only a placeholder stays one: it is shown as a card.
                if !(text.starts_with('{') && text.ends_with('}')) {
                    *text = pseudo(text);
                }
            }
            for item in &mut section.checklist {
                item.text = pseudo(&item.text);
            }
        }
    }
}
