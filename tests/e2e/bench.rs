//! Benchmark (not a test): how long the real app takes to show the timeline and to search it,
//! and to show the export wizard's item list and narrow it, with 10,000 items. Ignored in the normal run; `scripts/bench-workspace` runs it and prints the
//! figures.

use std::time::{Duration, Instant};

use holdfast_core::vault::model::{Happened, ItemKind};
use holdfast_core::vault::{CreateOptions, ItemDetails, Vault};
use serde_json::json;

use crate::harness::{App, Desktop, PASS};

const ITEMS: usize = 10_000;
const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Time from `act` until the text of `css` reads `expect`.
async fn timed(app: &App, act: impl std::future::Future<Output = ()>, css: &str, expect: &str) -> Duration {
    let start = Instant::now();
    act.await;
    assert!(app.eventually(|| async { app.text(css).await.contains(expect) }).await, "'{css}' shows '{expect}'");
    start.elapsed()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark; run by scripts/bench-workspace"]
async fn timeline_and_search_with_ten_thousand_items() {
    let data = tempfile::tempdir().expect("temp data dir");
    let filled = Instant::now();
    {
        let created =
            Vault::create(&data.path().join("vault"), PASS.as_bytes(), CreateOptions::default()).expect("create");
        let mut vault = created.vault;
        for i in 0..ITEMS {
            let day = 1 + i % 28;
            let at = format!("2026-10-{day:02}T{:02}:{:02}:00+00:00", i % 24, i % 60);
            let details = ItemDetails {
                happened: Some(Happened::parse(&at, None).expect("time")),
                platform: Some(["Instagram", "Snapchat", "Facebook"][i % 3].into()),
                ..ItemDetails::default()
            };
            let text = format!("message {i}: pay or I send it to everyone {}", if i == 7777 { "needle" } else { "" });
            vault.add_text(ItemKind::Message, &text, details).expect("add");
        }
    }
    println!("filled the vault with {ITEMS} items in {:.1} s", filled.elapsed().as_secs_f64());

    let desktop = Desktop::start();
    let app = desktop.open(data.path()).await;
    let unlocked = app.invoke("vault_unlock", json!({"passphrase": PASS})).await;
    assert!(unlocked.get("ok").is_some(), "{unlocked}");
    app.click("[data-nav='evidence']").await;
    app.wait_css("#tab-timeline").await;

    let (mut show, mut search, mut page) = (Vec::new(), Vec::new(), Vec::new());
    let (mut handover, mut narrow) = (Vec::new(), Vec::new());
    let summary = "#timeline-summary";
    for _ in 0..RUNS {
        app.click("#tab-add").await;
        app.wait_css("#capture").await;
        show.push(timed(&app, app.click("#tab-timeline"), summary, &format!("of {ITEMS}")).await);
        page.push(timed(&app, app.click("#timeline-next"), summary, "51 to 100").await);
        app.wait_css("#search-text").await.send_keys("needle").await.expect("type");
        search.push(timed(&app, app.click("#search-go"), summary, "of 1").await);
        handover.push(timed(&app, app.click("#tab-handover"), "label[for='export-all']", &format!("{ITEMS}")).await);
        app.click("#export-some").await;
        narrow.push(timed(&app, app.set("#export-find", "needle"), "#export-count", "Showing 1 of 1.").await);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "timeline with {ITEMS} items, median of {RUNS}: show {:.0} ms, next page {:.0} ms, text search {:.0} ms",
        ms(median(show)),
        ms(median(page)),
        ms(median(search))
    );
    println!(
        "export wizard with {ITEMS} items, median of {RUNS}: show {:.0} ms, narrow the list by typing {:.0} ms",
        ms(median(handover)),
        ms(median(narrow))
    );
    app.close().await;
}
