//! The life-safety content as each person sees it: for every country and every age, a crisis
//! route they may use (the child line first for under-18s), a police route, no adult-only
//! service for children, nothing promised "below" that is not there, honest source addresses,
//! and out-of-date flags that follow the older of the check and the source page's own date.

use holdfast_core::advice;
use holdfast_core::advice::Advice;
use holdfast_core::guide::{self, Age, NaiveDate, PageView};
use holdfast_core::help::{self, Audience, HelpData, Kind, Service};

const AGES: [Age; 3] = [Age::Unknown, Age::Under18, Age::Adult];

fn day(text: &str) -> NaiveDate {
    guide::parse_date(text).expect("a date")
}

fn shipped() -> (HelpData, Advice) {
    let data = help::builtin().expect("help data");
    let content = advice::builtin(&data).expect("advice");
    (data, content)
}

fn view(data: &HelpData, content: &Advice, page: &str, country: &str, age: Age) -> PageView {
    content.view(data, page, country, age, day("2026-12-01")).expect("view")
}

/// Whether a person of this age may use the service (the age they say, now).
fn may_use(service: &Service, age: Age) -> bool {
    match age {
        Age::Under18 => service.audience != Audience::Adults,
        Age::Adult => service.audience != Audience::Under18,
        Age::Unknown => true,
    }
}

fn named<'a>(data: &'a HelpData, view: &PageView) -> Vec<&'a Service> {
    view.services.iter().map(|id| data.service(id).expect("a named service exists")).collect()
}

#[test]
fn for_every_country_and_age_the_crisis_page_has_a_crisis_route_and_a_police_route() {
    let (data, content) = shipped();
    for country in &data.countries {
        for age in AGES {
            let at = format!("{}/{age:?}", country.code);
            let page = view(&data, &content, "hurting-yourself", &country.code, age);
            let services = named(&data, &page);
            assert_eq!(
                services.first().map(|s| s.id.as_str()),
                Some(country.emergency.as_str()),
                "{at}: the emergency number comes first"
            );
            assert!(
                services.iter().any(|s| s.kinds.contains(&Kind::Crisis) && may_use(s, age)),
                "{at}: a crisis line this person may use"
            );
            assert!(
                services.iter().any(|s| s.kinds.contains(&Kind::Police)),
                "{at}: a way to reach the police from the crisis page"
            );
            if age == Age::Under18 {
                assert!(services.iter().all(|s| s.audience != Audience::Adults), "{at}: no adult-only service");
                if let Some(child) = &country.crisis_under_18 {
                    let crisis_lines: Vec<&str> =
                        services.iter().filter(|s| s.kinds.contains(&Kind::Crisis)).map(|s| s.id.as_str()).collect();
                    assert_eq!(
                        crisis_lines.first().copied(),
                        Some(child.as_str()),
                        "{at}: the child line is the first crisis line"
                    );
                }
            }
            if country.code != help::INTERNATIONAL {
                assert!(
                    services.iter().any(|s| s.kinds.contains(&Kind::Crisis) && s.text.is_some()),
                    "{at}: a crisis line that takes text messages"
                );
            }
        }
    }
}

#[test]
fn the_crisis_bar_shows_under_18s_their_countrys_child_crisis_line() {
    let (data, _) = shipped();
    // The countries whose sources give a crisis line for children and young people. The US has
    // none apart from 988, and New Zealand's (Youthline) rests on old pages only.
    for code in ["GB", "CA", "AU", "IE"] {
        let country = data.country(code).expect("country");
        assert!(country.crisis_under_18.is_some(), "{code} names its child crisis line");
    }
    for country in &data.countries {
        let child = country.crisis_under_18.as_deref().or(country.crisis.as_deref());
        let under_18 = data.for_country(&country.code).expect("help").for_age(Age::Under18);
        assert_eq!(
            under_18.crisis.as_ref().map(|s| s.id.as_str()),
            child,
            "{}: the crisis bar for under-18s",
            country.code
        );
        let adult = data.for_country(&country.code).expect("help").for_age(Age::Adult);
        assert_eq!(
            adult.crisis.as_ref().map(|s| s.id.as_str()),
            country.crisis.as_deref(),
            "{}: adults keep the adult line",
            country.code
        );
        let unknown = data.for_country(&country.code).expect("help").for_age(Age::Unknown);
        assert_eq!(unknown.crisis.as_ref().map(|s| s.id.as_str()), country.crisis.as_deref());
    }
}

#[test]
fn for_every_country_and_age_the_police_page_names_a_police_route_they_may_use() {
    let (data, content) = shipped();
    for country in &data.countries {
        for age in AGES {
            let page = view(&data, &content, "report-to-police", &country.code, age);
            let services = named(&data, &page);
            assert!(
                services.iter().any(|s| s.kinds.contains(&Kind::Police) && may_use(s, age)),
                "{}/{age:?}: a police route this person may use",
                country.code
            );
        }
    }
}

#[test]
fn police_numbers_are_for_everyone() {
    let (data, _) = shipped();
    for s in data.services.iter().filter(|s| s.kinds.contains(&Kind::Police) || s.kinds.contains(&Kind::Emergency)) {
        assert_ne!(s.audience, Audience::Adults, "{}: a child may call the police too", s.id);
    }
    let under_18 = data.for_country("GB").expect("GB").for_age(Age::Under18);
    assert!(under_18.services.iter().any(|s| s.id == "gb-police-101"), "101 stays in the under-18 help list");
}

#[test]
fn every_page_that_says_below_has_help_below_it_in_every_country_and_age() {
    let (data, content) = shipped();
    for country in &data.countries {
        for age in AGES {
            for page in &content.pages {
                let view = view(&data, &content, &page.id, &country.code, age);
                let texts: Vec<&String> = view
                    .sections
                    .iter()
                    .flat_map(|s| {
                        s.heading.iter().chain(&s.paragraphs).chain(&s.steps).chain(s.checklist.iter().map(|c| &c.text))
                    })
                    .collect();
                for (i, text) in texts.iter().enumerate() {
                    if text.to_lowercase().contains("below") {
                        assert!(
                            texts[i + 1..].iter().any(|later| later.contains("{service:")),
                            "{}/{age:?}/{}: {text:?} promises help below, and none follows",
                            country.code,
                            page.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn no_address_shown_has_tracking_or_language_parameters_or_plain_http() {
    let (data, content) = shipped();
    let addresses = data
        .services
        .iter()
        .flat_map(|s| std::iter::once(&s.source_url).chain(&s.url))
        .chain(content.pages.iter().flat_map(|p| &p.sources));
    for url in addresses {
        assert!(url.starts_with("https://"), "{url} is https");
        let lower = url.to_lowercase();
        for bad in ["gclid", "utm_", "fbclid", "lang=", "?hl="] {
            assert!(!lower.contains(bad), "{url} carries {bad}");
        }
    }
}

#[test]
fn secondary_sources_are_marked_and_shown_as_such() {
    let (data, content) = shipped();
    let secondary: Vec<&Service> =
        data.services.iter().filter(|s| s.source_kind == help::SourceKind::Secondary).collect();
    assert!(!secondary.is_empty(), "some details rest on someone else's page, and the data says so");
    for country in &data.countries {
        for page in &content.pages {
            let view = view(&data, &content, &page.id, &country.code, Age::Unknown);
            for url in &view.secondary_sources {
                assert!(view.sources.contains(url), "{url} is one of the page's sources");
                assert!(!data.is_official_source(url), "{url} is not an official source");
            }
            for url in view.sources.iter().filter(|u| data.is_official_source(u)) {
                assert!(!view.secondary_sources.contains(url), "{url} is official");
            }
        }
    }
}

#[test]
fn the_out_of_date_flag_follows_the_older_of_the_check_and_the_source_date() {
    let (data, _) = shipped();
    let mut service = data.service("gb-samaritans").expect("a service").clone();
    service.checked = "2026-12-01".into();
    service.source_dated = None;
    assert!(!guide::service_stale(&service, day("2026-12-01")), "checked today, undated page: current");
    service.source_dated = Some("2012".into());
    assert!(guide::old_source(&service, day("2026-12-01")), "a 2012 page is old now, whatever the check");
    assert!(guide::service_stale(&service, day("2026-12-01")));
    service.source_dated = Some("2026-06".into());
    assert!(!guide::service_stale(&service, day("2027-06-30")), "a month-dated page counts from its last day");
    assert!(guide::service_stale(&service, day("2027-07-01")));
    service.source_dated = Some("2026-11-30".into());
    assert!(!guide::service_stale(&service, day("2027-11-30")));
    assert!(guide::service_stale(&service, day("2027-12-02")), "the check's own date still counts");
    for s in data.services.iter().filter(|s| s.source_dated.is_some()) {
        let (first, _) = help::source_period(s.source_dated.as_deref().expect("dated")).expect("a real date");
        assert!(first <= day(&s.checked), "{}: the page is dated before it was checked", s.id);
    }
}
