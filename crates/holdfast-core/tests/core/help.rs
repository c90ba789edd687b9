//! The help data: the shipped file obeys every rule, and each frozen fault fixture is refused
//! with the error it names.

use std::collections::BTreeMap;
use std::path::Path;

use holdfast_core::help::{self, Kind, INTERNATIONAL};
use holdfast_core::ErrorCode;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/core/fixtures/help"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture_dir().join(name)).unwrap_or_else(|e| panic!("read fixture {name}: {e}"))
}

#[test]
fn shipped_help_data_loads_and_every_country_has_an_emergency_number() {
    let data = help::builtin().expect("the help data shipped in assets/ must be valid");
    let codes: Vec<&str> = data.countries.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["GB", "US", "CA", "AU", "IE", "NZ", "INT"], "the issue names these countries, in this order");
    for country in &data.countries {
        let help = data.for_country(&country.code).expect("every listed country resolves");
        assert!(help.emergency.phone.is_some(), "{} has an emergency phone number", country.code);
        assert!(
            help.emergency.kinds.contains(&Kind::Emergency),
            "{}'s crisis-bar number is an emergency service",
            country.code
        );
        if country.code != INTERNATIONAL {
            assert!(help.crisis.is_some(), "{} has a crisis line for the crisis bar", country.code);
        }
    }
}

#[test]
fn shipped_help_data_has_the_expected_emergency_numbers() {
    let data = help::builtin().expect("help data");
    for (country, number) in [("GB", "999"), ("US", "911"), ("CA", "911"), ("AU", "000"), ("IE", "112"), ("NZ", "111")]
    {
        let help = data.for_country(country).expect("country resolves");
        assert_eq!(help.emergency.phone.as_deref(), Some(number), "{country}'s emergency number");
    }
}

#[test]
fn every_shipped_service_has_a_source_and_a_checked_date() {
    let data = help::builtin().expect("help data");
    assert!(data.services.len() >= 40, "the research's verified services are all shipped");
    for s in &data.services {
        assert!(s.source_url.starts_with("http"), "{} has a source address", s.id);
        assert_eq!(s.checked.len(), 10, "{} has a checked date", s.id);
    }
}

#[test]
fn a_country_list_adds_international_services_but_not_their_emergency_number() {
    let data = help::builtin().expect("help data");
    let gb = data.for_country("GB").expect("GB");
    assert!(gb.services.iter().all(|s| s.country == "GB"), "the country's own list holds only its services");
    assert!(!gb.international.is_empty(), "international removal services are offered in the UK too");
    assert!(
        gb.international.iter().all(|s| s.country == INTERNATIONAL && !s.kinds.contains(&Kind::Emergency)),
        "the EU's 112 is not offered as a UK number"
    );
    let int = data.for_country(INTERNATIONAL).expect("INT");
    assert!(int.international.is_empty(), "somewhere else lists its services once");
    assert!(int.services.iter().any(|s| s.kinds.contains(&Kind::Emergency)), "somewhere else keeps 112");
}

#[test]
fn an_unknown_country_is_an_error_not_an_empty_list() {
    let data = help::builtin().expect("help data");
    let error = data.for_country("FR").expect_err("FR is not in the data");
    assert_eq!(error.code(), ErrorCode::UnknownCountry, "unknown country gives its own code");
}

#[test]
fn the_valid_fixture_loads() {
    let data = help::parse(&read("valid.json")).expect("valid.json is valid");
    assert_eq!(data.services.len(), 4, "all four services load");
}

#[test]
fn every_fault_fixture_is_refused_with_its_own_error() {
    let expected: BTreeMap<String, String> =
        serde_json::from_str(&read("expected.json")).expect("expected.json maps fixture to error");
    let on_disk: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("list fixtures")
        .map(|e| e.expect("fixture entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "valid.json" && n != "expected.json")
        .collect();
    assert_eq!(on_disk.len(), expected.len(), "every fixture on disk has an expected outcome, and the reverse");
    for (name, fragment) in &expected {
        let error = help::parse(&read(name)).expect_err(&format!("{name} must be refused"));
        assert_eq!(error.code(), ErrorCode::HelpData, "{name} is a help-data error");
        let message = error.to_string();
        assert!(
            message.contains(fragment.as_str()),
            "{name}: expected an error containing {fragment:?}, got {message:?}"
        );
    }
}
