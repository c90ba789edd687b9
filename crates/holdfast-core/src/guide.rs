//! The guide: advice pages routed for one person's country and age, ready to show.
//!
//! Routing rules (see `assets/advice/README.md`): a page's own sections come first, then the
//! sections of the variant for the chosen country. A section marked `for_age: "adult"` (for
//! example StopNCII, which is only for pictures taken at 18 or over) is left out for someone who
//! says they are under 18. Nothing else is ever hidden because of age.

use std::collections::BTreeSet;

use chrono::Months;
pub use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::advice::{Advice, ChecklistItem, Page, Section};
use crate::error::{Error, Missing, Result};
use crate::help::{self, Audience, CountryHelp, HelpData, Service};

/// How old the person says they are. Unknown until they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Age {
    /// Not said.
    #[default]
    Unknown,
    /// Under 18.
    #[serde(rename = "under-18")]
    Under18,
    /// 18 or over.
    Adult,
}

impl Age {
    /// Whether a section marked for `for_age` is shown to this person.
    pub fn sees(self, for_age: Option<&str>) -> bool {
        !(self == Age::Under18 && for_age == Some("adult"))
    }
}

/// One page as the person sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Page id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// One sentence under the heading.
    pub summary: String,
    /// The sections, in order: the page's own, then the chosen country's.
    pub sections: Vec<SectionView>,
    /// Every service the page names, in order of first mention.
    pub services: Vec<String>,
    /// Every page the page links to, with its title, in order of first mention.
    pub links: Vec<PageLink>,
    /// Source addresses for the page's facts.
    pub sources: Vec<String>,
    /// Those of `sources` that are not the organisation's own page (news, a school, a
    /// directory): the page says so beside each.
    pub secondary_sources: Vec<String>,
    /// Date checked against the research (YYYY-MM-DD).
    pub checked: String,
    /// Checked more than 12 months before today: may be out of date.
    pub stale: bool,
}

/// A section as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Optional heading.
    pub heading: Option<String>,
    /// Paragraphs (a paragraph that is only `{service:ID}` is shown as a full card).
    pub paragraphs: Vec<String>,
    /// A numbered list.
    pub steps: Vec<String>,
    /// Items to tick.
    pub checklist: Vec<ChecklistItem>,
    /// `Some(code)` when the section belongs to the chosen country's variant.
    pub country: Option<String>,
}

/// A link to another page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// Page id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// A page in the guide's menu.
#[derive(Debug, Clone, Serialize)]
pub struct PageEntry {
    /// Page id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// One sentence.
    pub summary: String,
}

impl Advice {
    /// Every page's id, title and summary, in the order offered.
    pub fn menu(&self) -> Vec<PageEntry> {
        self.pages
            .iter()
            .map(|p| PageEntry { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() })
            .collect()
    }

    /// A page by id.
    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// One page routed for a country and an age, with its staleness as of `today`. For someone
    /// under 18 the sources leave out the pages of services only for adults, so that not even a
    /// source address points them there.
    pub fn view(&self, help: &HelpData, id: &str, country: &str, age: Age, today: NaiveDate) -> Result<PageView> {
        let page = self.page(id).ok_or_else(|| Error::NotFound(Missing::GuidePage(id.to_string())))?;
        // For someone under 18, a sentence that names a service only for adults is left out too.
        let fits = |text: &String| {
            age != Age::Under18
                || placeholders(text).iter().all(|(kind, id)| {
                    *kind != "service" || help.service(id).is_none_or(|s| s.audience != Audience::Adults)
                })
        };
        let view = |s: &Section, country: Option<&str>| {
            let mut v = section_view(s, country);
            v.paragraphs.retain(&fits);
            v.steps.retain(&fits);
            v.checklist.retain(|c| fits(&c.text));
            v
        };
        let own = page.sections.iter().filter(|s| age.sees(s.for_age.as_deref())).map(|s| view(s, None));
        let variant = page.variants.get(country).into_iter().flat_map(|v| &v.sections);
        let theirs = variant.filter(|s| age.sees(s.for_age.as_deref())).map(|s| view(s, Some(country)));
        let sections: Vec<SectionView> = own.chain(theirs).collect();

        let mut services = Vec::new();
        let mut links = Vec::new();
        let texts = [&page.title, &page.summary].into_iter().chain(sections.iter().flat_map(section_texts));
        let mentions = texts.flat_map(|text| placeholders(text));
        let more_help = sections.iter().flat_map(|s| &s.checklist).filter_map(|c| c.page.as_deref());
        for (kind, target) in mentions.chain(more_help.map(|page| ("page", page))) {
            match kind {
                "service" if !services.iter().any(|s| s == target) => services.push(target.to_string()),
                "page" if !links.iter().any(|l: &PageLink| l.id == target) => {
                    let title = self.page(target).map(|p| p.title.clone()).unwrap_or_default();
                    links.push(PageLink { id: target.to_string(), title });
                }
                _ => {}
            }
        }
        let sources: Vec<String> =
            page.sources.iter().filter(|url| age.sees(help.link_audience(url))).cloned().collect();
        let secondary_sources = sources.iter().filter(|url| !help.is_official_source(url)).cloned().collect();
        Ok(PageView {
            id: page.id.clone(),
            title: page.title.clone(),
            summary: page.summary.clone(),
            sections,
            services,
            links,
            sources,
            secondary_sources,
            checked: page.checked.clone(),
            stale: is_stale(&page.checked, today),
        })
    }

    /// Every checklist id in the content (ticks for other ids are ignored).
    pub fn checklist_ids(&self) -> BTreeSet<String> {
        let sections =
            self.pages.iter().flat_map(|p| p.sections.iter().chain(p.variants.values().flat_map(|v| &v.sections)));
        sections.flat_map(|s| s.checklist.iter().map(|c| c.id.clone())).collect()
    }
}

fn section_view(section: &Section, country: Option<&str>) -> SectionView {
    SectionView {
        heading: section.heading.clone(),
        paragraphs: section.paragraphs.clone(),
        steps: section.steps.clone(),
        checklist: section.checklist.clone(),
        country: country.map(str::to_string),
    }
}

fn section_texts(section: &SectionView) -> impl Iterator<Item = &String> {
    let checklist = section.checklist.iter().map(|c| &c.text);
    section.heading.iter().chain(&section.paragraphs).chain(&section.steps).chain(checklist)
}

/// The `{kind:target}` placeholders in a text, in order.
pub fn placeholders(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if let Some(pair) = rest[start + 1..start + len].split_once(':') {
            out.push(pair);
        }
        rest = &rest[start + len + 1..];
    }
    out
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Today's date on this computer's clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Whether a `YYYY-MM-DD` check date is more than 12 months before `today`. A date that does
/// not parse counts as out of date: the person is told to fall back on the emergency number.
pub fn is_stale(checked: &str, today: NaiveDate) -> bool {
    match parse_date(checked).and_then(|d| d.checked_add_months(Months::new(12))) {
        Some(limit) => today > limit,
        None => true,
    }
}

/// Whether a page a service's details rest on is itself dated more than 12 months before
/// `today` (its period's last day counts, so a page is never called older than it is).
pub fn old_source(service: &Service, today: NaiveDate) -> bool {
    service.sources().filter_map(|(_, _, dated)| dated).any(|dated| match help::source_period(dated) {
        Some((_, last)) => last.checked_add_months(Months::new(12)).is_none_or(|limit| today > limit),
        None => true,
    })
}

/// Whether a service's details may be out of date: checked, or resting on a page dated, more
/// than 12 months before `today` (the older of the two counts).
pub fn service_stale(service: &Service, today: NaiveDate) -> bool {
    is_stale(&service.checked, today) || old_source(service, today)
}

impl CountryHelp {
    /// Routes the help by age. For someone under 18: services only for adults are left out
    /// (StopNCII is for pictures taken at 18 or over), and the crisis bar shows the child crisis
    /// line where the country has one.
    pub fn for_age(mut self, age: Age) -> CountryHelp {
        if age == Age::Under18 {
            self.services.retain(|s| s.audience != Audience::Adults);
            self.international.retain(|s| s.audience != Audience::Adults);
            if let Some(child) = self.crisis_under_18.clone() {
                self.crisis = Some(child);
            }
        }
        self
    }
}

impl HelpData {
    /// `Some("adult")` when an address belongs only to services for adults.
    fn link_audience(&self, url: &str) -> Option<&'static str> {
        let mut owners = self.services.iter().filter(|s| s.url.as_deref() == Some(url) || s.rests_on(url)).peekable();
        let adults_only = owners.peek().is_some() && owners.all(|s| s.audience == Audience::Adults);
        adults_only.then_some("adult")
    }

    /// Whether an address is the organisation's own page for some service's details. An address
    /// no service rests on, or only a secondary one, is not.
    pub fn is_official_source(&self, url: &str) -> bool {
        let official = |s: &Service| s.sources().any(|(u, kind, _)| u == url && kind == help::SourceKind::Official);
        self.services.iter().any(official)
    }

    /// Whether an address may be opened in the person's browser: only a service's own link or
    /// the page its details were checked against. Anything else is refused.
    pub fn allows_link(&self, url: &str) -> bool {
        url.starts_with("https://") && self.services.iter().any(|s| s.url.as_deref() == Some(url) || s.rests_on(url))
    }
}
