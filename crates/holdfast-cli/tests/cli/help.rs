//! `country` and `services`: the help list from the command line.

use std::process::{Command, Output};

use crate::stdout;

fn holdfast(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_holdfast"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("HOLDFAST_DATA_DIR")
        .output()
        .expect("run holdfast")
}

#[test]
fn country_defaults_to_the_uk_and_remembers_a_choice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let before = holdfast(dir.path(), &["country"]);
    assert!(before.status.success(), "country succeeds");
    assert!(stdout(&before).starts_with("GB\t"), "the UK before any choice: {}", stdout(&before));

    let set = holdfast(dir.path(), &["country", "us"]);
    assert!(set.status.success(), "choosing the US succeeds");
    let after = holdfast(dir.path(), &["country"]);
    assert!(stdout(&after).starts_with("US\t"), "the US is remembered: {}", stdout(&after));
}

#[test]
fn services_json_lists_the_countrys_emergency_number_with_its_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = holdfast(dir.path(), &["services", "--country", "NZ", "--json"]);
    assert!(out.status.success(), "services --json succeeds");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("services --json prints JSON");
    assert_eq!(json["emergency"]["phone"], "111", "New Zealand's emergency number");
    assert!(json["emergency"]["source_url"].as_str().is_some_and(|s| s.starts_with("https://")), "with its source");
    assert!(json["services"].as_array().is_some_and(|a| !a.is_empty()), "and its services");
}

#[test]
fn services_text_names_each_service_with_its_checked_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = holdfast(dir.path(), &["services"]);
    let text = stdout(&out);
    assert!(out.status.success(), "services succeeds");
    assert!(text.contains("In danger now: ") && text.contains("999"), "the UK emergency number comes first: {text}");
    assert!(text.contains("(checked 20"), "each service shows its checked date");
    assert!(text.contains("; the organisation's own page)"), "and says when the source is the organisation's own page");
    assert!(text.contains("; not the organisation's own page"), "or when it is not: {text}");
    assert!(text.contains("The hours: https://"), "a detail from a further page names that page");
}

#[test]
fn services_text_gives_the_date_an_old_source_page_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = holdfast(dir.path(), &["services", "--country", "NZ"]);
    let text = stdout(&out);
    let youthline = text.split("\n\n").find(|block| block.starts_with("Youthline")).expect("Youthline is listed");
    assert!(youthline.contains("dated 2008"), "its numbers rest on a page from 2008: {youthline}");
}

#[test]
fn an_unknown_country_fails_with_exit_code_1_and_a_plain_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = holdfast(dir.path(), &["country", "XX"]);
    assert_eq!(out.status.code(), Some(1), "an unknown country is an error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no help list for the country code 'XX'"), "the message says what is wrong: {err}");
    let after = holdfast(dir.path(), &["country"]);
    assert!(stdout(&after).starts_with("GB\t"), "a refused choice changes nothing");
}

#[test]
fn a_usage_error_exits_with_code_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = holdfast(dir.path(), &["no-such-command"]);
    assert_eq!(out.status.code(), Some(2), "an unknown subcommand is a usage error");
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_holdfast"))
            .args(args)
            .env("HOLDFAST_DATA_DIR", dir.path())
            .output()
            .expect("run holdfast")
    };
    assert!(run(&["country", "AU"]).status.success(), "choosing Australia succeeds");
    assert!(dir.path().join("settings.json").is_file(), "the settings file is written to HOLDFAST_DATA_DIR");
    assert!(stdout(&run(&["country"])).starts_with("AU\t"), "and read back from it");
}
