//! Accessibility and translation through the real app: axe-core finds no violation on any
//! screen, text at 200% loses nothing, motion and contrast preferences have rules, and in the
//! pseudo-locale no English letter is left on any screen (so nothing is hard-coded).

use std::path::Path;

use serde_json::Value;

use crate::guide::{open_page, page_ids};
use crate::harness::{App, Desktop};

/// Every screen: the guide's pages, then the other screens by their menu key.
fn screens() -> Vec<String> {
    let mut all = page_ids();
    all.extend(["help", "evidence", "settings"].map(String::from));
    all
}

/// Unlocks a new vault and opens a capture's preview: the evidence screen's busiest state.
async fn show_capture(app: &App) {
    let created = app
        .invoke("vault_create", serde_json::json!({"passphrase": "a long enough passphrase", "under_18": false}))
        .await;
    assert!(created.get("ok").is_some(), "{created}");
    show(app, "evidence").await;
    app.click("#capture").await;
    app.wait_css("#capture-preview").await;
}

async fn show(app: &App, screen: &str) {
    if ["help", "evidence", "settings"].contains(&screen) {
        app.click(&format!("[data-nav='{screen}']")).await;
        app.wait_css(&format!("#screen-{screen}:not([hidden]) h1")).await;
        if screen == "evidence" {
            app.wait_css("#vault-state").await;
        }
    } else {
        open_page(app, screen).await;
    }
}

pub(crate) fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read {} ({e}); run scripts/setup --test to install axe-core", path.display()))
}

/// Runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) on the page as it is.
pub(crate) async fn axe(app: &App) -> Vec<Value> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
            (r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))),
            (e) => done([{ id: 'axe-failed', help: String(e) }]));
    "#;
    let reply = app.client.execute_async(script, vec![]).await.expect("run axe");
    serde_json::from_value(reply).expect("axe's violations")
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_on_any_screen() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    let source = axe_source();
    app.client.execute(&format!("{source}\nreturn typeof axe;"), vec![]).await.expect("inject axe-core");

    let mut found = Vec::new();
    for screen in screens() {
        show(&app, &screen).await;
        for v in axe(&app).await {
            found.push(format!("{screen}: {v}"));
        }
    }
    show_capture(&app).await;
    for v in axe(&app).await {
        found.push(format!("capture preview: {v}"));
    }
    // The neutral screen after quick exit.
    app.click("#quick-exit").await;
    app.wait_css("#cover:not([hidden])").await;
    for v in axe(&app).await {
        found.push(format!("quick exit: {v}"));
    }
    assert!(found.is_empty(), "axe-core found {} violations:\n{}", found.len(), found.join("\n"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn text_at_200_percent_and_a_narrow_window_lose_nothing() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    let overflow = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]";
    for (zoom, width) in [("200%", 1280), ("100%", 400)] {
        app.client.set_window_size(width, 800).await.expect("size the window");
        app.client.execute(&format!("document.documentElement.style.fontSize = '{zoom}'"), vec![]).await.expect("zoom");
        for screen in screens() {
            show(&app, &screen).await;
            let sizes = app.client.execute(overflow, vec![]).await.expect("measure");
            let (scroll, client) = (sizes[0].as_i64().unwrap_or(0), sizes[1].as_i64().unwrap_or(0));
            assert!(
                scroll <= client,
                "{screen} at {zoom} text, {width}px wide: no sideways scrolling ({scroll} > {client})"
            );
            assert!(app.displayed("#quick-exit").await, "{screen}: quick exit stays on screen");
            assert!(app.displayed("#crisis-lines").await, "{screen}: the crisis bar stays on screen");
        }
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn motion_and_contrast_preferences_have_their_own_rules() {
    let desktop = Desktop::start();
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    let script = r#"
        const media = [];
        for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) {
            if (rule instanceof CSSMediaRule) media.push([rule.conditionText, rule.cssRules.length]);
        }
        return media;
    "#;
    let media = app.client.execute(script, vec![]).await.expect("read the style sheet");
    let media: Vec<(String, usize)> = serde_json::from_value(media).expect("media rules");
    for wanted in ["prefers-reduced-motion: reduce", "prefers-contrast: more", "forced-colors: active"] {
        assert!(
            media.iter().any(|(condition, rules)| condition.contains(wanted) && *rules > 0),
            "the style sheet has rules for ({wanted}): {media:?}"
        );
    }
    app.close().await;
}

/// Visible text and labels that still hold an English letter outside `translate="no"` data.
const UNTRANSLATED: &str = r#"
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.trim();
        const parent = node.parentElement;
        if (!/[A-Za-z]/.test(text) || !parent || parent.closest('[translate="no"]')) continue;
        if (parent.getClientRects().length === 0) continue;
        found.push(text);
    }
    for (const node of document.querySelectorAll('[aria-label]')) {
        if (/[A-Za-z]/.test(node.getAttribute('aria-label'))) found.push(`aria-label: ${node.getAttribute('aria-label')}`);
    }
    if (/[A-Za-z]/.test(document.title)) found.push(`title: ${document.title}`);
    return found;
"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_pseudo_locale_reaches_every_string_on_every_screen() {
    let desktop = Desktop::start_with_env(&[("HOLDFAST_LOCALE", "en-XA"), ("HOLDFAST_TODAY", "2028-06-01")]);
    let dir = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(dir.path()).await;
    let mut found = Vec::new();
    for screen in screens() {
        show(&app, &screen).await;
        let left: Vec<String> =
            serde_json::from_value(app.client.execute(UNTRANSLATED, vec![]).await.expect("walk")).expect("strings");
        found.extend(left.into_iter().map(|s| format!("{screen}: {s}")));
    }
    show_capture(&app).await;
    let left: Vec<String> =
        serde_json::from_value(app.client.execute(UNTRANSLATED, vec![]).await.expect("walk")).expect("strings");
    found.extend(left.into_iter().map(|s| format!("capture preview: {s}")));
    // Every tab of the workspace and every form (the vault made above is empty).
    let mut views: Vec<(String, String)> = Vec::new();
    for tab in ["add", "write", "timeline", "handover", "safe"] {
        views.push((format!("#tab-{tab}"), format!("#tab-{tab}[aria-pressed='true']")));
        if tab == "write" {
            for form in ["message", "account", "payment", "note"] {
                views.push((format!("#write-{form}"), format!("#{form}-form")));
            }
        }
    }
    for (click, ready) in views {
        app.click(&click).await;
        app.wait_css(&ready).await;
        let left: Vec<String> =
            serde_json::from_value(app.client.execute(UNTRANSLATED, vec![]).await.expect("walk")).expect("strings");
        found.extend(left.into_iter().map(|s| format!("workspace {click}: {s}")));
    }
    // The core's payment warnings come as catalogue keys, so they are in the catalogue's words.
    app.click("#tab-write").await;
    app.click("#write-payment").await;
    app.wait_css("#payment-form").await;
    app.set("#payment-amount", "0").await;
    app.set("#payment-currency", "GBP").await;
    app.set("#payment-destination", "x").await;
    app.click("#payment-form-save").await;
    let warned = || async { app.text("#payment-warnings li").await.chars().count() > 10 };
    assert!(app.eventually(warned).await, "a gift card 'code' of one letter, and nothing to pay, are warned about");
    let left: Vec<String> =
        serde_json::from_value(app.client.execute(UNTRANSLATED, vec![]).await.expect("walk")).expect("strings");
    found.extend(left.into_iter().map(|s| format!("payment warnings: {s}")));
    app.click("#quick-exit").await;
    app.wait_css("#cover:not([hidden])").await;
    let left: Vec<String> =
        serde_json::from_value(app.client.execute(UNTRANSLATED, vec![]).await.expect("walk")).expect("strings");
    found.extend(left.into_iter().map(|s| format!("quick exit: {s}")));
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "{} strings skipped the catalogues:\n{}", found.len(), found.join("\n"));
    app.close().await;
}
