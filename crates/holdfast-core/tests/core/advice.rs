//! The advice content: the shipped pages obey every rule, and each kind of unsourced number,
//! link or broken reference is refused.

use holdfast_core::{advice, help};

fn shipped() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/advice/en-GB.json"))
        .expect("read advice")
}

fn all_text(page: &advice::Page) -> String {
    let mut out = vec![page.title.clone(), page.summary.clone()];
    let sections = page.sections.iter().chain(page.variants.values().flat_map(|v| &v.sections));
    for s in sections {
        out.extend(s.heading.clone());
        out.extend(s.paragraphs.clone());
        out.extend(s.steps.clone());
        out.extend(s.checklist.iter().map(|c| c.text.clone()));
    }
    out.join("\n")
}

#[test]
fn the_shipped_advice_loads_against_the_shipped_help_data() {
    let data = help::builtin().expect("help data");
    let advice = advice::builtin(&data).expect("the shipped advice obeys every rule");
    assert_eq!(advice.pages.first().map(|p| p.id.as_str()), Some("happening-now"), "the first screen comes first");
    for id in [
        "already-paid",
        "they-posted-it",
        "under-18",
        "email-scam",
        "hurting-yourself",
        "removal",
        "report-to-police",
        "platforms",
    ] {
        assert!(advice.pages.iter().any(|p| p.id == id), "page '{id}' exists");
    }
}

#[test]
fn the_under_18_page_never_suggests_stopncii_and_the_scam_page_never_says_pay() {
    let data = help::builtin().expect("help data");
    let advice = advice::builtin(&data).expect("advice");
    let page = |id: &str| advice.pages.iter().find(|p| p.id == id).expect("page");
    let under_18 = all_text(page("under-18")).to_lowercase();
    assert!(!under_18.contains("stopncii"), "StopNCII is for adults' images only");
    let scam = all_text(page("email-scam")).to_lowercase();
    for bad in ["pay them", "reply to them", "send them"] {
        assert!(!scam.contains(bad), "the bluff-scam page must not say {bad:?}");
    }
}

#[test]
fn literal_numbers_links_and_broken_references_are_refused() {
    let data = help::builtin().expect("help data");
    let good = shipped();
    let needle = "Take a slow breath. You are not alone.";
    assert!(good.contains(needle), "the fixture sentence is in the shipped content");
    let cases = [
        ("Call 999 now.", "literal number"),
        ("See https://example.org now.", "literal link"),
        ("Write to help@example.org.", "e-mail address"),
        ("Call {service:gb-no-such-service}.", "unknown service"),
        ("Read {page:no-such-page}.", "unknown page"),
        ("Odd {thing:x}.", "unknown placeholder"),
        ("Unclosed {service:gb-childline", "unclosed placeholder"),
    ];
    for (replacement, what) in cases {
        let broken = good.replacen(needle, replacement, 1);
        let err = advice::parse(&broken, &data).expect_err(what);
        assert_eq!(err.code(), holdfast_core::ErrorCode::HelpData, "{what} is a content error");
        assert!(err.to_string().contains(what.split(' ').next().unwrap_or(what)), "{what}: {err}");
    }
}

#[test]
fn a_country_variant_cannot_name_another_countrys_service() {
    let data = help::builtin().expect("help data");
    let mut advice: serde_json::Value = serde_json::from_str(&shipped()).expect("json");
    let page = advice["pages"]
        .as_array_mut()
        .expect("pages")
        .iter_mut()
        .find(|p| p["variants"]["US"].is_object())
        .expect("a page with a US variant");
    page["variants"]["US"]["sections"][0]["paragraphs"] = serde_json::json!(["Call {service:gb-childline}."]);
    let err = advice::parse(&advice.to_string(), &data).expect_err("a UK service in the US variant");
    assert!(err.to_string().contains("another country"), "{err}");
}

#[test]
fn every_page_reads_at_grade_8_or_below() {
    let data = help::builtin().expect("help data");
    let advice = advice::builtin(&data).expect("advice");
    let mut report = Vec::new();
    for page in &advice.pages {
        let r = page.readability();
        report.push(format!("{}: grade {:.1} ({} words, {} sentences)", page.id, r.grade, r.words, r.sentences));
        assert!(r.words > 20, "{} has real text to measure", page.id);
        assert!(r.grade <= 8.0, "{} reads at Flesch-Kincaid grade {:.1}, above 8", page.id, r.grade);
    }
    eprintln!("readability: {}", report.join("; "));
}

#[test]
fn the_readability_measure_tells_easy_from_hard_text() {
    let page = |text: &str| advice::Page {
        id: "t".into(),
        title: "T".into(),
        summary: "T.".into(),
        for_age: None,
        sections: vec![advice::Section {
            heading: None,
            paragraphs: vec![text.into()],
            steps: vec![],
            checklist: vec![],
            for_age: None,
        }],
        variants: Default::default(),
        sources: vec![],
        unlinked_sources: vec![],
        checked: "2026-11-29".into(),
    };
    let easy = page("You are safe. Take a breath. We can help you now. Call a friend.").readability();
    let hard = page("Notwithstanding jurisdictional considerations, comprehensive documentation substantially facilitates investigative prosecutorial determinations regarding extortionate communications.").readability();
    assert!(easy.grade < 4.0, "short plain sentences score low: {easy:?}");
    assert!(hard.grade > 12.0, "long Latinate sentences score high: {hard:?}");
}
