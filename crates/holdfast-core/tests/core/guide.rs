//! The guide's routing, out-of-date flags, link allow-list, message catalogues and the pseudo-
//! locale, and what the guide keeps in the vault (checklist ticks, the report summary).

use std::collections::BTreeSet;

use holdfast_core::guide::{self, Age, NaiveDate};
use holdfast_core::vault::model::{Happened, Money, PaymentMethod};
use holdfast_core::vault::{Account, Payment};
use holdfast_core::{advice, help, i18n};

use crate::support::{new_vault, open};

fn day(text: &str) -> NaiveDate {
    guide::parse_date(text).expect("a date")
}

fn view_text(view: &guide::PageView) -> String {
    let mut out = vec![view.title.clone(), view.summary.clone()];
    for s in &view.sections {
        out.extend(s.heading.clone());
        out.extend(s.paragraphs.clone());
        out.extend(s.steps.clone());
        out.extend(s.checklist.iter().map(|c| c.text.clone()));
    }
    out.extend(view.sources.clone());
    out.join("\n")
}

#[test]
fn every_page_for_every_country_names_only_that_countrys_or_worldwide_services() {
    let data = help::builtin().expect("help");
    let content = advice::builtin(&data).expect("advice");
    for country in &data.countries {
        for page in &content.pages {
            let view = content.view(&data, &page.id, &country.code, Age::Unknown, day("2026-11-29")).expect("view");
            for id in &view.services {
                let service = data.service(id).expect("a named service exists");
                assert!(
                    service.country == country.code || service.country == help::INTERNATIONAL,
                    "{}/{}: {id} is another country's",
                    country.code,
                    page.id
                );
            }
            let from_variant = view.sections.iter().filter(|s| s.country.is_some()).count();
            let expected = page.variants.get(&country.code).map_or(0, |v| v.sections.len());
            assert_eq!(from_variant, expected, "{}/{}: the country's own sections are added", country.code, page.id);
        }
    }
}

#[test]
fn under_18s_never_see_stopncii_and_adults_do() {
    let data = help::builtin().expect("help");
    let content = advice::builtin(&data).expect("advice");
    for country in &data.countries {
        for page in &content.pages {
            let view = content.view(&data, &page.id, &country.code, Age::Under18, day("2026-11-29")).expect("view");
            let text = view_text(&view).to_lowercase();
            assert!(!text.contains("stopncii"), "{}/{}: StopNCII shown to an under-18", country.code, page.id);
            for id in &view.services {
                let audience = data.service(id).expect("service").audience;
                assert!(audience != help::Audience::Adults, "{}/{}: {id} is for adults only", country.code, page.id);
            }
        }
        let list = data.for_country(&country.code).expect("help").for_age(Age::Under18);
        assert!(list.international.iter().chain(&list.services).all(|s| s.id != "int-stopncii"));
    }
    let adult = content.view(&data, "removal", "GB", Age::Adult, day("2026-11-29")).expect("view");
    assert!(adult.services.iter().any(|s| s == "int-stopncii"), "adults are pointed to StopNCII");
    let unknown = content.view(&data, "removal", "GB", Age::Unknown, day("2026-11-29")).expect("view");
    assert!(
        unknown.services.iter().any(|s| s == "int-take-it-down")
            && unknown.services.iter().any(|s| s == "int-stopncii")
    );
}

#[test]
fn a_page_knows_the_titles_of_the_pages_it_links_to() {
    let data = help::builtin().expect("help");
    let content = advice::builtin(&data).expect("advice");
    let view = content.view(&data, "happening-now", "GB", Age::Unknown, day("2026-11-29")).expect("view");
    let paid = view.links.iter().find(|l| l.id == "already-paid").expect("a checklist item's page is linked");
    assert_eq!(paid.title, "If you have already paid");
    assert!(content.view(&data, "no-such-page", "GB", Age::Unknown, day("2026-11-29")).is_err());
}

#[test]
fn details_are_out_of_date_a_year_after_their_check() {
    assert!(!guide::is_stale("2026-11-29", day("2026-11-29")));
    assert!(!guide::is_stale("2026-11-29", day("2027-11-29")), "exactly twelve months is still current");
    assert!(guide::is_stale("2026-11-29", day("2027-11-30")));
    assert!(guide::is_stale("not a date", day("2026-11-29")), "a date that can't be read counts as old");
    let data = help::builtin().expect("help");
    let content = advice::builtin(&data).expect("advice");
    let later = content.view(&data, "happening-now", "GB", Age::Unknown, day("2028-06-01")).expect("view");
    assert!(later.stale, "the page is flagged in 2028");
    let now = content.view(&data, "happening-now", "GB", Age::Unknown, day("2026-12-01")).expect("view");
    assert!(!now.stale);
}

#[test]
fn only_addresses_in_the_help_data_may_be_opened() {
    let data = help::builtin().expect("help");
    for s in &data.services {
        assert!(data.allows_link(&s.source_url), "{}'s source", s.id);
        if let Some(url) = &s.url {
            assert!(data.allows_link(url), "{}'s link", s.id);
        }
    }
    let real = data.services.iter().find_map(|s| s.url.clone()).expect("a service with a link");
    for bad in [
        "https://example.com/".to_string(),
        real.replacen("https://", "http://", 1),
        format!("{real}/../../evil"),
        format!("{real}?x=1"),
        "javascript:alert(1)".into(),
        String::new(),
    ] {
        assert!(!data.allows_link(&bad), "{bad:?} must be refused");
    }
}

fn ui_sources() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let mut all = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    for entry in std::fs::read_dir(dir.join("js")).expect("ui/js") {
        all.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("read"));
    }
    all
}

/// The shell's Rust sources: it says a few things itself when there is no window to say them in.
fn shell_sources() -> String {
    rust_sources("../../src-tauri/src")
}

/// Every Rust source under `dir` (relative to the core's folder), as one text.
fn rust_sources(dir: &str) -> String {
    let mut all = String::new();
    let mut folders = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(dir).expect("a folder of src-tauri/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                all.push_str(&std::fs::read_to_string(path).expect("read"));
            }
        }
    }
    all
}

/// Keys the interface names literally: `data-i18n="k"`, `data-i18n-label="k"`, any
/// single-quoted `'area.name'` in the scripts (`t('k')`, tables of keys), and the shell's
/// `: &str = "area.name"` constants.
fn keys_used(ui: &str) -> BTreeSet<String> {
    keys_after(ui, &["data-i18n=\"", "data-i18n-label=\"", "'", ": &str = \""])
}

/// Keys written right after one of `markers` in `text`.
fn keys_after(text: &str, markers: &[&str]) -> BTreeSet<String> {
    let ui = text;
    let mut keys = BTreeSet::new();
    for marker in markers {
        for (at, _) in ui.match_indices(marker) {
            let rest = &ui[at + marker.len()..];
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-')
                .collect();
            if key.contains('.') && !key.ends_with('.') && key.starts_with(|c: char| c.is_ascii_lowercase()) {
                keys.insert(key);
            }
        }
    }
    keys
}

/// The catalogue's families for the words of errors: the core, the shell and the CLI name
/// these keys in string literals of their own (no other literal starts so).
const ERROR_WORDS: &[&str] = &[
    "field.",
    "invalid.",
    "refused.",
    "integrity.",
    "not-a-vault.",
    "incomplete.",
    "storage.",
    "io.",
    "thing.",
    "backup-damage.",
    "vault-header.",
    "chain.",
    "version.",
    "kdf.",
    "evidence-file.",
];

#[test]
fn every_message_the_interface_uses_is_in_the_catalogue_and_none_is_unused() {
    let catalogue = i18n::catalogue(i18n::DEFAULT_LOCALE).expect("the English catalogue loads");
    let ui = ui_sources();
    let shell = keys_used(&shell_sources());
    // The words the core sends as keys (payment warnings, for one): `Message::new("area.name")`,
    // and the families of an error's words, written as keys wherever they are chosen (a
    // field's name in `Error::invalid("field.amount", …)`, an action in `Error::storage(…)`).
    let rust = rust_sources("src") + &shell_sources() + &rust_sources("../holdfast-cli/src");
    let mut core = keys_after(&rust, &["Message::new(\""]);
    core.extend(keys_after(&rust, &["\""]).into_iter().filter(|k| ERROR_WORDS.iter().any(|f| k.starts_with(f))));
    assert!(core.contains("payment.warn-zero"), "the scan finds the core's keys ({core:?})");
    for key in ["field.amount", "storage.read", "thing.pipe", "refused.under-18", "chain.broken"] {
        assert!(core.contains(key), "the scan finds the error words' keys ({key})");
    }
    assert!(shell.contains("window.no-webview"), "the scan finds the shell's keys ({shell:?})");
    let used: BTreeSet<String> = keys_used(&ui).into_iter().chain(shell).chain(core).collect();
    assert!(used.len() > 40, "the scan finds the interface's keys ({})", used.len());
    for key in &used {
        assert!(catalogue.messages.contains_key(key), "the interface uses '{key}', which the catalogue lacks");
    }
    let data = help::builtin().expect("help");
    let content = advice::builtin(&data).expect("advice");
    for page in &content.pages {
        assert!(catalogue.messages.contains_key(&format!("nav.{}", page.id)), "menu label for {}", page.id);
    }
    // Keys built at run time from a name: the menu's, the months' and days', the error fallbacks, and the
    // workspace's families (`kind.${kind}`, `workspace.tab-${tab}` and the like).
    const BUILT: &[&str] = &[
        "nav.",
        "month.",
        "month-short.",
        "weekday.",
        "error.",
        "age.",
        "kind.",
        "workspace.tab-",
        "workspace.write-",
        "strength.",
        "forms.method-",
        "settings.lock-",
        "export.prompt-",
        "export.how-",
    ];
    let dynamic = |k: &str| BUILT.iter().any(|prefix| k.starts_with(prefix));
    for prefix in BUILT.iter().filter(|p| !["nav.", "month.", "error.", "age."].contains(p)) {
        assert!(ui.contains(&format!("t(`{prefix}${{")), "the interface builds keys from '{prefix}'");
    }
    for key in catalogue.messages.keys() {
        assert!(used.contains(key) || dynamic(key), "'{key}' is in the catalogue but nothing uses it");
    }
}

#[test]
fn catalogues_refuse_literal_numbers_and_links_and_bad_keys() {
    let good = r#"{"format": "holdfast-messages/1", "language": "en-GB", "messages": {"a.b": "Call {number}"}}"#;
    assert!(i18n::parse(good).is_ok(), "a placeholder for a number is fine");
    for (messages, why) in [
        (r#"{"a.b": "Call 999"}"#, "a literal number"),
        (r#"{"a.b": "See https://example.com"}"#, "a literal link"),
        (r#"{"a.b": "Write to help@example.com"}"#, "an e-mail address"),
        (r#"{"A B": "Hello"}"#, "a key with capitals and spaces"),
        (r#"{"a.b": "  "}"#, "an empty text"),
    ] {
        let json = format!(r#"{{"format": "holdfast-messages/1", "language": "en-GB", "messages": {messages}}}"#);
        assert!(i18n::parse(&json).is_err(), "{why} must be refused");
    }
    assert!(i18n::catalogue("fr-FR").is_err(), "an unknown locale is an error, not English in disguise");
}

#[test]
fn the_pseudo_locale_changes_every_letter_but_keeps_placeholders() {
    assert_eq!(i18n::pseudo("Call {number} now"), "⟦Çàļļ {number} ñöŵ⟧");
    assert_eq!(i18n::pseudo("Use {service:int-take-it-down}."), "⟦Ûšé {service:int-take-it-down}.⟧");
    let catalogue = i18n::catalogue(i18n::PSEUDO_LOCALE).expect("pseudo catalogue");
    for (key, text) in &catalogue.messages {
        let outside: String = text.split('{').map(|part| part.split_once('}').map_or(part, |(_, rest)| rest)).collect();
        assert!(!outside.chars().any(|c| c.is_ascii_alphabetic()), "'{key}' keeps an English letter: {text}");
    }
    let mut data = help::builtin().expect("help");
    let mut content = advice::builtin(&data).expect("advice");
    i18n::localise(i18n::PSEUDO_LOCALE, &mut data, &mut content);
    let view = content.view(&data, "hurting-yourself", "GB", Age::Unknown, day("2026-11-29")).expect("view");
    assert!(view.title.starts_with('⟦'));
    assert!(
        view.sections.iter().flat_map(|s| &s.paragraphs).any(|p| p == "{service:gb-samaritans}"),
        "a paragraph that is only a service stays a card"
    );
    assert!(data.services.iter().all(|s| s.purpose.starts_with('⟦')), "the help data's words are localised too");
}

#[test]
fn checklist_ticks_are_kept_in_the_vault_and_logged_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut vault, _) = new_vault(dir.path());
    assert!(vault.checklist().expect("ticks").is_empty());
    let before = vault.log().expect("log").len();
    vault.set_checklist_item("dont-pay", true).expect("tick");
    vault.set_checklist_item("dont-pay", true).expect("tick again");
    vault.set_checklist_item("stop-replying", true).expect("tick");
    vault.set_checklist_item("stop-replying", false).expect("untick");
    let log = vault.log().expect("log");
    assert_eq!(log.len(), before + 3, "ticking what is ticked changes nothing and logs nothing");
    drop(vault);
    let vault = open(dir.path());
    assert_eq!(vault.checklist().expect("ticks").into_iter().collect::<Vec<_>>(), vec!["dont-pay"]);
    assert!(vault.check().expect("check").is_intact(), "the chain holds the tick entries");
}

#[test]
fn the_report_summary_adds_up_the_vault() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut vault, _) = new_vault(dir.path());
    let account = Account { platform: "Instagram".into(), handle: "@x_99".into(), ..Account::default() };
    vault.add_account(&account).expect("account");
    let payment = |kind: &str, amount: &str, currency: &str, at: &str| Payment {
        id: 0,
        kind: kind.into(),
        money: Money::parse(amount, currency).expect("money"),
        method: PaymentMethod::Crypto,
        destination: "bc1q".into(),
        deadline: None,
        paid: kind == "payment",
        reference: None,
        happened: Some(Happened::parse(at, None).expect("time")),
        account: None,
    };
    vault.add_payment(&payment("demand", "500", "GBP", "2026-11-20T21:00:00+00:00")).expect("demand");
    vault.add_payment(&payment("demand", "0.1", "GBP", "2026-11-21T21:00:00+00:00")).expect("demand");
    vault.add_payment(&payment("payment", "0.00420000", "BTC", "2026-11-22T21:00:00+00:00")).expect("payment");
    let summary = vault.report_summary().expect("summary");
    assert_eq!(summary.accounts.len(), 1);
    assert_eq!(summary.total_demanded.get("GBP").map(String::as_str), Some("500.1"), "exact decimal total");
    assert_eq!(summary.total_paid.get("BTC").map(String::as_str), Some("0.0042"));
    assert_eq!(summary.first.as_deref().map(|s| &s[..10]), Some("2026-11-20"));
    assert_eq!(summary.last.as_deref().map(|s| &s[..10]), Some("2026-11-22"));
    assert_eq!(summary.exhibits, 0, "payments and accounts are not exhibits");
}

#[test]
fn words_inside_words_are_filled_in_english_and_values_are_never_read_again() {
    let why = i18n::Message::new("invalid.too-long-short").with("max", "{field}");
    let error = holdfast_core::Error::invalid("field.platform", why);
    let message = error.message();
    assert_eq!(message.keys(), ["error.invalid-input", "field.platform", "invalid.too-long-short"]);
    assert_eq!(error.to_string(), "Platform: this is longer than {field} characters; shorten it");
    let json = serde_json::to_value(&message).expect("a message serialises");
    assert_eq!(json["params"]["field"], serde_json::json!({"key": "field.platform", "params": {}}), "{json}");
    assert_eq!(json["params"]["why"]["params"]["max"], "{field}", "a value stays text: {json}");
}
