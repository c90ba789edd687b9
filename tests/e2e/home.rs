//! The first screen, the crisis bar, the country choice and quick exit.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use holdfast_core::help;

use crate::harness::{App, Desktop};

/// The emergency and crisis numbers the crisis bar must show for a country, from the core.
fn crisis_numbers(country: &str) -> Vec<String> {
    let data = help::builtin().expect("shipped help data loads");
    let help = data.for_country(country).expect("country is in the help data");
    let number = |s: &help::Service| {
        s.phone.clone().or_else(|| s.phone_words.clone()).or_else(|| s.text.as_ref().map(|t| t.number.clone()))
    };
    let mut numbers = vec![number(&help.emergency).expect("emergency service has a number")];
    numbers.extend(help.crisis.as_ref().and_then(number));
    numbers
}

async fn crisis_bar_shows(app: &App, country: &str) -> bool {
    let wanted = crisis_numbers(country);
    let text = app.text("#crisis-lines").await;
    wanted.iter().all(|n| text.contains(n.as_str()))
}

#[tokio::test(flavor = "multi_thread")]
async fn first_screen_renders_with_crisis_bar_for_the_uk_by_default() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    assert!(app.displayed("#crisis-bar").await, "the crisis bar is visible on the home screen");
    assert!(app.displayed("[data-page-id='happening-now'] h1").await, "the first screen is \"It's happening now\"");
    assert!(crisis_bar_shows(&app, "GB").await, "before any choice, the crisis bar shows the UK's numbers");
    let selected = app.wait_css("#country").await.prop("value").await.expect("read the country picker");
    assert_eq!(selected.as_deref(), Some("GB"), "the UK is chosen before any choice is made");
    assert!(app.displayed("#quick-exit").await, "quick exit is visible");
    assert!(app.text("#quick-exit-hint").await.contains("Shift"), "the shortcut is written next to the button");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_country_changes_the_numbers_and_survives_a_restart() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    let picker = app.wait_css("#country").await;
    picker.select_by_value("US").await.expect("choose the US");
    assert!(app.eventually(|| crisis_bar_shows(&app, "US")).await, "after choosing the US, its numbers are shown");
    assert!(!crisis_bar_shows(&app, "GB").await, "the UK's numbers are gone after choosing the US");
    app.close().await;

    let app = desktop.open(data.path()).await;
    assert!(crisis_bar_shows(&app, "US").await, "the US is still chosen after a restart");
    let selected = app.wait_css("#country").await.prop("value").await.expect("read the country picker");
    assert_eq!(selected.as_deref(), Some("US"), "the picker shows the remembered country");

    let picker = app.wait_css("#country").await;
    picker.select_by_value("INT").await.expect("choose somewhere else");
    assert!(app.eventually(|| crisis_bar_shows(&app, "INT")).await, "somewhere else shows the international numbers");
    assert!(
        app.text("#crisis-lines").await.contains("local emergency number"),
        "somewhere else tells the person to call their local emergency number"
    );
    app.close().await;
}

/// After quick exit nothing on screen may say what the app is for.
async fn assert_covered(app: &App) {
    assert!(app.eventually(|| async { !app.displayed("#app").await }).await, "the app's content is hidden");
    assert!(app.displayed("#cover").await, "the neutral screen is shown");
    let body = app.text("body").await;
    for giveaway in ["danger", "hurting", "Samaritans", "help", "fault", "Quick exit"] {
        assert!(!body.contains(giveaway), "visible text after quick exit must not contain '{giveaway}': {body:?}");
    }
    let title = app.client.title().await.expect("read the page title");
    assert_eq!(title, "Notes", "the page title is neutral after quick exit");
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_exit_button_hides_the_content() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.click("#quick-exit").await;
    assert_covered(&app).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pressing_shift_three_times_hides_the_content() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;

    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..3 {
        keys = keys.then(KeyAction::Down { value: Key::Shift.into() }).then(KeyAction::Up { value: Key::Shift.into() });
    }
    app.client.perform_actions(keys).await.expect("press Shift three times");
    assert_covered(&app).await;

    app.click("#cover-back").await;
    assert!(app.eventually(|| app.displayed("#app")).await, "Back returns to the app");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_help_entry_shown_has_a_source_and_a_checked_date() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    let expected = help::builtin().expect("help data").for_country("GB").expect("GB help");
    let expected_count = expected.services.len() + expected.international.len();

    app.click("#open-help").await;
    assert!(app.displayed("#screen-help").await, "the help list opens from the crisis bar");
    let cards = app.client.find_all(Locator::Css("article.service")).await.expect("find help entries");
    assert_eq!(cards.len(), expected_count, "every UK and international service is listed");
    for card in &cards {
        let id = card.attr("data-service-id").await.expect("read id").unwrap_or_default();
        let checked = card.attr("data-checked").await.expect("read date").unwrap_or_default();
        let service = help::builtin().expect("help data").service(&id).cloned();
        let service = service.unwrap_or_else(|| panic!("entry '{id}' on screen is in the data file"));
        assert_eq!(checked, service.checked, "entry '{id}' carries its checked date");
        let time = card.find(Locator::Css(".source time")).await.expect("a <time> in the source line");
        assert_eq!(time.attr("datetime").await.expect("read datetime").as_deref(), Some(service.checked.as_str()));
        let source = card.find(Locator::Css(".source-url")).await.expect("a source address");
        assert_eq!(source.text().await.expect("read source"), service.source_url, "entry '{id}' shows its source");
    }
    let lines = app.client.find_all(Locator::Css("#crisis-lines [data-checked]")).await.expect("find crisis lines");
    assert!(lines.len() >= 2, "the crisis bar's numbers carry their checked dates too");
    app.close().await;
}
