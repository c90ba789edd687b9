//! The guide through the real app: every branch routed by country and age, the checklist and
//! where its ticks are kept, links that only open checked addresses, out-of-date flags, the
//! report summary and discreet mode.

use std::collections::BTreeSet;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use holdfast_core::{advice, guide::Age, help};
use serde_json::{json, Value};

use crate::harness::{App, Desktop};

/// Every page id, in menu order.
pub fn page_ids() -> Vec<String> {
    let data = help::builtin().expect("help data");
    advice::builtin(&data).expect("advice").pages.into_iter().map(|p| p.id).collect()
}

/// Presses Tab `times` times.
pub async fn press_tab(app: &App, times: usize) {
    press(app, Key::Tab, times).await;
}

pub async fn press(app: &App, key: Key, times: usize) {
    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..times {
        keys = keys.then(KeyAction::Down { value: key.into() }).then(KeyAction::Up { value: key.into() });
    }
    app.client.perform_actions(keys).await.expect("press keys");
}

/// Opens a guide page from the menu and waits for it.
pub async fn open_page(app: &App, id: &str) {
    app.click(&format!("[data-nav='{id}']")).await;
    app.wait_css(&format!("#screen-guide:not([hidden]) [data-page-id='{id}']")).await;
}

/// Chooses a country (`#country`) or an age (`#age`) and waits until it is saved.
pub async fn choose(app: &App, select: &str, value: &str) {
    app.wait_css(select).await.select_by_value(value).await.unwrap_or_else(|e| panic!("choose {value}: {e}"));
    let saved = |reply: Value| {
        let v = if select == "#age" { &reply["ok"]["age"] } else { &reply["ok"]["help"]["country"]["code"] };
        v == value
    };
    assert!(app.eventually(|| async { saved(app.invoke("guide_start", json!({})).await) }).await, "{value} is saved");
}

/// The `data-service-id`s of the elements matching `css`, in page order.
async fn service_ids(app: &App, css: &str) -> Vec<String> {
    let script = format!("return [...document.querySelectorAll({css:?})].map((n) => n.dataset.serviceId)");
    let ids = app.client.execute(&script, vec![]).await.expect("list services on the page");
    serde_json::from_value(ids).expect("a list of ids")
}

/// The service ids shown on the current guide page.
async fn shown_services(app: &App) -> BTreeSet<String> {
    service_ids(app, "#screen-guide [data-service-id]").await.into_iter().collect()
}

/// The service cards on the current guide page, in the order shown.
async fn shown_cards(app: &App) -> Vec<String> {
    service_ids(app, "#screen-guide article.service[data-service-id]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_routes_each_countrys_services_and_no_other_countrys() {
    let data = help::builtin().expect("help data");
    let content = advice::builtin(&data).expect("advice");
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    for country in data.countries.iter().map(|c| c.code.clone()) {
        choose(&app, "#country", &country).await;
        for page in &content.pages {
            open_page(&app, &page.id).await;
            let view =
                content.view(&data, &page.id, &country, Age::Unknown, holdfast_core::guide::today()).expect("view");
            let shown = shown_services(&app).await;
            let expected: BTreeSet<String> = view.services.iter().cloned().collect();
            assert!(
                expected.is_subset(&shown),
                "{country}/{}: every service the page names is shown: {expected:?} vs {shown:?}",
                page.id
            );
            for id in &shown {
                let service = data.service(id).expect("a shown service is in the data file");
                assert!(
                    service.country == country || service.country == help::INTERNATIONAL,
                    "{country}/{}: {id} belongs to another country",
                    page.id
                );
            }
        }
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_under_18_path_never_suggests_stopncii_and_adults_see_it_for_removal() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;

    open_page(&app, "removal").await;
    assert!(app.text("#screen-guide").await.contains("StopNCII"), "before an age is given, both routes show");
    choose(&app, "#age", "adult").await;
    assert!(app.text("#screen-guide").await.contains("StopNCII"), "adults are offered StopNCII");

    choose(&app, "#age", "under-18").await;
    for country in ["GB", "US", "CA", "AU", "IE", "NZ", "INT"] {
        choose(&app, "#country", country).await;
        for id in page_ids() {
            open_page(&app, &id).await;
            let text = app.text("#screen-guide").await.to_lowercase();
            assert!(!text.contains("stopncii"), "{country}/{id}: an under-18 is never pointed to StopNCII");
        }
        app.click("[data-nav='help']").await;
        let text = app.text("#screen-help").await.to_lowercase();
        assert!(!text.contains("stopncii"), "{country}: the help list leaves StopNCII out for under-18s");
    }
    open_page(&app, "removal").await;
    let text = app.text("#screen-guide").await;
    assert!(text.contains("Take It Down"), "under-18s are pointed to Take It Down");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bluff_email_branch_never_says_pay_or_reply() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    for country in ["GB", "US", "AU"] {
        choose(&app, "#country", country).await;
        open_page(&app, "email-scam").await;
        let text = app.text("#screen-guide").await.to_lowercase();
        for bad in ["pay them", "reply to them", "send them", "contact them", "get in touch with them"] {
            assert!(!text.contains(bad), "{country}: the bluff-email page must not say {bad:?}");
        }
        assert!(text.contains("password"), "{country}: it says to change the password the email quotes");
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_crisis_page_shows_only_emergency_crisis_and_relay_lines_and_under_18s_their_child_line_first() {
    let data = help::builtin().expect("help data");
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    for age in ["unknown", "under-18"] {
        choose(&app, "#age", age).await;
        for country in data.countries.iter() {
            let code = country.code.as_str();
            choose(&app, "#country", code).await;
            // One step from anywhere: the crisis bar's button.
            app.click("#crisis-now").await;
            app.wait_css("[data-page-id='hurting-yourself']").await;
            let shown = shown_services(&app).await;
            assert!(shown.contains(&country.emergency), "{code}/{age}: the emergency number is on the crisis page");
            for id in &shown {
                let kinds = &data.service(id).expect("service").kinds;
                assert!(
                    [help::Kind::Emergency, help::Kind::Crisis, help::Kind::Relay].iter().any(|k| kinds.contains(k)),
                    "{code}/{age}: {id} on the crisis page is not an emergency, crisis or relay line"
                );
            }
            let checklists = app.client.find_all(Locator::Css("#screen-guide .checklist")).await.expect("find");
            assert!(checklists.is_empty(), "{code}/{age}: nothing but help on the crisis page");
            let child = country.crisis_under_18.as_ref().filter(|_| age == "under-18");
            if let Some(child) = child {
                let cards = shown_cards(&app).await;
                assert_eq!(cards.first(), Some(child), "{code}: an under-18's first card is the child line: {cards:?}");
                let bar =
                    app.client.find_all(Locator::Css(&format!("#crisis-lines [data-service-id='{child}']"))).await;
                assert_eq!(
                    bar.map(|v| v.len()).unwrap_or(0),
                    1,
                    "{code}: the crisis bar shows an under-18 the child line"
                );
            }
        }
    }
    app.close().await;
}

async fn ticked(app: &App) -> Vec<String> {
    let v = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-tick]')].filter((b) => b.checked).map((b) => b.dataset.tick)",
            vec![],
        )
        .await
        .expect("read ticks");
    serde_json::from_value(v).expect("list")
}

#[tokio::test(flavor = "multi_thread")]
async fn checklist_ticks_last_the_session_then_live_in_the_vault() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;

    let items = app.client.find_all(Locator::Css("[data-page-id='happening-now'] [data-tick]")).await.expect("find");
    let ids: Vec<String> = {
        let mut out = Vec::new();
        for item in &items {
            out.push(item.attr("data-tick").await.expect("attr").unwrap_or_default());
        }
        out
    };
    for wanted in [
        "dont-pay",
        "stop-replying",
        "capture-evidence",
        "block-and-report",
        "dont-delete",
        "report-to-police",
        "get-images-removed",
        "talk-to-someone",
    ] {
        assert!(ids.iter().any(|i| i == wanted), "the plan has the step {wanted}: {ids:?}");
    }
    app.click("#tick-dont-pay").await;
    assert!(app.eventually(|| async { app.text("#checklist-kept").await.contains("until you close") }).await);
    open_page(&app, "platforms").await;
    open_page(&app, "happening-now").await;
    assert_eq!(ticked(&app).await, vec!["dont-pay"], "a tick survives moving between pages");
    app.close().await;

    let app = desktop.open(dir.path()).await;
    assert!(ticked(&app).await.is_empty(), "without a vault, ticks are not written to the disk");

    // With a vault: earlier ticks move in, and new ones are kept there across restarts.
    app.click("#tick-stop-replying").await;
    let created =
        app.invoke("vault_create", json!({"passphrase": "a long enough passphrase", "under_18": false})).await;
    assert!(created.get("ok").is_some(), "create a vault: {created}");
    open_page(&app, "happening-now").await;
    app.click("#tick-dont-delete").await;
    assert!(
        app.eventually(|| async { app.text("#checklist-kept").await.contains("vault") }).await,
        "ticks are kept in the vault"
    );
    app.close().await;

    let app = desktop.open(dir.path()).await;
    assert!(ticked(&app).await.is_empty(), "while the vault is locked its ticks stay inside it");
    let unlocked = app.invoke("vault_unlock", json!({"passphrase": "a long enough passphrase"})).await;
    assert!(unlocked.get("ok").is_some(), "unlock: {unlocked}");
    open_page(&app, "already-paid").await;
    open_page(&app, "happening-now").await;
    assert_eq!(ticked(&app).await, vec!["stop-replying", "dont-delete"], "both ticks came back from the vault");
    let log = app.invoke("vault_check", json!({})).await;
    assert!(log.get("ok").is_some(), "the vault is intact after ticking: {log}");
    app.close().await;
}

fn recorder(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let record = dir.join("opened.txt");
    let script = dir.join("browser.sh");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", record.display())).expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (script, record)
}

#[tokio::test(flavor = "multi_thread")]
async fn links_open_only_checked_addresses_and_can_be_copied() {
    let tools = tempfile::tempdir().expect("temp dir");
    let (browser, record) = recorder(tools.path());
    let desktop = Desktop::start_with_env(&[("HOLDFAST_BROWSER", browser.to_str().expect("utf-8 path"))]);
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;

    for url in
        ["https://example.com/", "http://www.ceop.police.uk/", "file:///etc/passwd", "https://www.samaritans.org.evil/"]
    {
        let reply = app.invoke("open_link", json!({"url": url})).await;
        assert_eq!(reply["err"]["code"], "refused", "{url} is not in the help data and must be refused: {reply}");
    }
    assert!(!record.exists(), "no refused address reached the browser");

    app.click("[data-nav='help']").await;
    let button = app.wait_css("#screen-help [data-service-id='gb-ceop'] button[data-url]").await;
    let url = button.attr("data-url").await.expect("attr").expect("a url");
    assert!(data_holds(&url), "the button's address {url} is in the help data");
    button.click().await.expect("click open");
    assert!(
        app.eventually(|| async { std::fs::read_to_string(&record).is_ok_and(|s| s.trim() == url) }).await,
        "the browser was asked to open {url}"
    );
    assert!(app.text("#help-leaves").await.contains("leave Holdfast"), "the screen says a link leaves Holdfast");

    let copy = app.wait_css("#screen-help [data-service-id='gb-ceop'] .link-row button:not([data-url])").await;
    copy.click().await.expect("click copy");
    assert!(
        app.eventually(|| async {
            app.text("#screen-help [data-service-id='gb-ceop'] .link-row .status").await.contains("Address copied")
        })
        .await,
        "copying says it worked"
    );
    assert_eq!(desktop.clipboard(), url, "the clipboard holds the address");
    app.close().await;
}

fn data_holds(url: &str) -> bool {
    help::builtin().expect("help").allows_link(url)
}

#[tokio::test(flavor = "multi_thread")]
async fn details_checked_over_a_year_ago_are_flagged_with_the_emergency_number() {
    let fresh = Desktop::start_with_env(&[("HOLDFAST_TODAY", "2026-12-01")]);
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = fresh.open(dir.path()).await;
    let stale = app.client.find_all(Locator::Css("[data-page-id='happening-now'] .stale")).await.expect("find");
    assert!(stale.is_empty(), "the first page is not flagged when it was checked this year");
    // A number resting on an old page is flagged now, whenever it was checked: exactly the
    // cards the core calls out of date, in each country's help list.
    let today = holdfast_core::guide::parse_date("2026-12-01").expect("day");
    let data = help::builtin().expect("help");
    for country in ["GB", "NZ"] {
        choose(&app, "#country", country).await;
        app.click("[data-nav='help']").await;
        let flagged: BTreeSet<String> = data
            .services
            .iter()
            .filter(|s| {
                s.country == country || (s.country == help::INTERNATIONAL && !s.kinds.contains(&help::Kind::Emergency))
            })
            .filter(|s| holdfast_core::guide::service_stale(s, today))
            .map(|s| s.id.clone())
            .collect();
        let shown: BTreeSet<String> = service_ids(&app, "#screen-help [data-stale='true']").await.into_iter().collect();
        assert!(!flagged.is_empty(), "{country}: some details rest on pages over a year old");
        assert_eq!(shown, flagged, "{country}: exactly the cards the core calls out of date are flagged");
    }
    let old = app.text("#screen-help [data-service-id='nz-youthline'] .stale").await;
    assert!(old.contains("more than a year old") && old.contains("111"), "Youthline's old source is flagged: {old}");
    let source = app.text("#screen-help [data-service-id='nz-youthline'] .source").await;
    assert!(
        source.contains("not the organisation's own page") && source.contains("2008"),
        "and named as such: {source}"
    );
    let netsafe = app.text("#screen-help [data-service-id='nz-netsafe'] .source").await;
    assert!(netsafe.contains("This is the organisation's own page."), "an official source is named as such: {netsafe}");
    choose(&app, "#country", "GB").await;
    app.close().await;
    drop(fresh);

    let later = Desktop::start_with_env(&[("HOLDFAST_TODAY", "2028-06-01")]);
    let app = later.open(dir.path()).await;
    let flag = app.text("[data-page-id='happening-now'] > .stale").await;
    assert!(flag.contains("out of date") && flag.contains("999"), "the page is flagged, naming 999: {flag}");
    app.click("[data-nav='help']").await;
    let card = app.text("#screen-help [data-service-id='gb-samaritans'] .stale").await;
    assert!(card.contains("out of date") && card.contains("999"), "a service card is flagged: {card}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_report_summary_comes_from_the_vault() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    open_page(&app, "report-to-police").await;
    assert!(app.text("#report-summary").await.contains("unlocked"), "without a vault it says how a summary appears");
    for step in ["What you could say"] {
        assert!(app.text("#screen-guide").await.contains(step), "the page has the call script");
    }

    let created =
        app.invoke("vault_create", json!({"passphrase": "a long enough passphrase", "under_18": false})).await;
    assert!(created.get("ok").is_some(), "{created}");
    let account = json!({"platform": "Instagram", "handle": "@blackmailer_99", "user_id": "1234567"});
    let account = app.invoke("vault_add_account", json!({"account": account})).await;
    let account_id = account["ok"].as_i64().expect("account id");
    let demand = json!({"kind": "demand", "amount": "500", "currency": "GBP", "method": "bank-transfer", "destination": "12-34-56 12345678", "happened_at": "2026-11-20T21:14:00+00:00", "account": account_id});
    assert!(app.invoke("vault_add_payment", json!({"payment": demand})).await.get("ok").is_some());
    let paid = json!({"kind": "payment", "amount": "100", "currency": "GBP", "method": "gift-card", "destination": "code", "paid": true, "happened_at": "2026-11-21T08:00:00+00:00"});
    assert!(app.invoke("vault_add_payment", json!({"payment": paid})).await.get("ok").is_some());

    open_page(&app, "platforms").await;
    open_page(&app, "report-to-police").await;
    let summary = app.text("#report-summary").await;
    for fact in
        ["@blackmailer_99", "Instagram", "1234567", "500 GBP", "100 GBP", "20 November 2026", "21 November 2026"]
    {
        assert!(summary.contains(fact), "the summary has {fact}: {summary}");
    }
    app.click("#report-summary button").await;
    assert!(app.eventually(|| async { app.text("#report-summary .status").await.contains("copied") }).await);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn discreet_mode_keeps_the_title_neutral_from_the_start() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    assert_eq!(app.client.title().await.expect("title"), "Holdfast");
    app.click("[data-nav='settings']").await;
    app.click("#discreet").await;
    assert!(
        app.eventually(|| async { app.client.title().await.is_ok_and(|t| t == "Notes") }).await,
        "the title turns neutral"
    );
    app.close().await;

    let app = desktop.open(dir.path()).await;
    assert_eq!(app.client.title().await.expect("title"), "Notes", "discreet mode is remembered");
    let settings = std::fs::read_to_string(dir.path().join("settings.json")).expect("settings");
    for word in ["sextortion", "blackmail", "police", "evidence", "vault"] {
        assert!(!settings.to_lowercase().contains(word), "the settings file says nothing about what the app is for");
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keyboard_reaches_crisis_help_in_one_step_and_completes_the_plan() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    press_tab(&app, 1).await;
    let focused = app.client.active_element().await.expect("focus").attr("id").await.expect("id");
    assert_eq!(focused.as_deref(), Some("crisis-now"), "one Tab reaches the crisis bar");
    let outline = app
        .client
        .execute(
            "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.boxShadow",
            vec![],
        )
        .await
        .expect("style");
    assert!(!outline.as_str().unwrap_or("none").starts_with("none none"), "focus is visible: {outline}");
    press(&app, Key::Enter, 1).await;
    app.wait_css("[data-page-id='hurting-yourself']").await;

    // Back to the plan with the keyboard: Shift+Tab back from the page's heading to its menu
    // entry, Enter, then Tab to every step and tick it with Space.
    let mut found = false;
    for _ in 0..40 {
        let back = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: Key::Shift.into() })
            .then(KeyAction::Down { value: Key::Tab.into() })
            .then(KeyAction::Up { value: Key::Tab.into() })
            .then(KeyAction::Up { value: Key::Shift.into() });
        app.client.perform_actions(back).await.expect("press Shift+Tab");
        assert!(app.displayed("#app").await, "Shift+Tab never sets off quick exit");
        let nav = app.client.active_element().await.expect("focus").attr("data-nav").await.expect("attr");
        if nav.as_deref() == Some("happening-now") {
            found = true;
            break;
        }
    }
    assert!(found, "the plan's menu entry is reachable with Tab");
    press(&app, Key::Enter, 1).await;
    app.wait_css("[data-page-id='happening-now']").await;
    let mut ticks = 0;
    for _ in 0..80 {
        press_tab(&app, 1).await;
        let tick = app.client.active_element().await.expect("focus").attr("data-tick").await.expect("attr");
        if tick.is_some() {
            press(&app, Key::Space, 1).await;
            ticks += 1;
            if ticks == 8 {
                break;
            }
        }
    }
    assert_eq!(ticks, 8, "every step of the plan can be ticked from the keyboard");
    assert!(app.eventually(|| async { ticked(&app).await.len() == 8 }).await, "all eight are ticked");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_exit_works_from_every_screen() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    let mut screens: Vec<String> = page_ids();
    screens.extend(["help", "evidence", "settings"].map(String::from));
    for screen in &screens {
        app.click(&format!("[data-nav='{screen}']")).await;
        press(&app, Key::Shift, 3).await;
        assert!(
            app.eventually(|| async { app.displayed("#cover").await }).await,
            "{screen}: Shift ×3 covers the screen"
        );
        assert!(!app.displayed("#app").await, "{screen}: nothing of the app shows");
        app.click("#cover-back").await;
        assert!(app.eventually(|| app.displayed("#app")).await);
    }
    app.close().await;
}
