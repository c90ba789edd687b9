//! Days are the person's own: the timeline's date filter means days on this computer's clock,
//! not days in UTC, and the timeline's times are written in the person's words on that clock.

use serde_json::json;

use crate::harness::{ok, Desktop};

#[tokio::test(flavor = "multi_thread")]
async fn the_date_filter_uses_local_days() {
    // New York is five hours behind UTC in November.
    let desktop = Desktop::start_with_env(&[("TZ", "America/New_York")]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.create_vault().await;
    for (text, at) in [
        ("early on the 28th", "2026-11-28T02:00:00-05:00"),
        ("late on the 28th", "2026-11-28T23:30:00-05:00"), // already the 29th in UTC
        ("morning of the 29th", "2026-11-29T10:00:00-05:00"),
    ] {
        let details = json!({"happened_at": at, "time_zone": "America/New_York"});
        ok(&app.invoke("vault_add_message", json!({"text": text, "details": details})).await, text);
    }
    app.click("[data-nav='evidence']").await;
    app.click("#tab-timeline").await;
    app.wait_css("#timeline-form").await;
    for id in ["#filter-from", "#filter-to"] {
        app.set_date(id, "2026-11-28").await;
    }
    // The parts come in the order Holdfast's language writes dates, not the computer's.
    let order = "return [...document.querySelectorAll('#timeline-form .date-parts')[0].children].map((c) => c.id)";
    let ids = app.client.execute(order, vec![]).await.expect("read the order");
    assert_eq!(ids, json!(["filter-from-day", "filter-from-month", "filter-from-year"]), "day, month, year in en-GB");
    app.click("#search-go").await;
    let total = "return document.getElementById('timeline-summary')?.dataset.total ?? null";
    let shown = || async { app.client.execute(total, vec![]).await.expect("read the total") == json!("2") };
    assert!(app.eventually(shown).await, "both things that happened on the 28th, New York time, are found");
    let list = app.text("#timeline-list").await;
    assert!(list.contains("early on the 28th") && list.contains("late on the 28th"), "{list}");
    assert!(!list.contains("morning of the 29th"), "the 29th is left out: {list}");
    // Times read as a person says them, on this computer's clock (the exact time is in the item).
    assert!(list.contains("Sat 28 Nov 2026, 2:00 am") && list.contains("Sat 28 Nov 2026, 11:30 pm"), "{list}");
    app.close().await;
}

/// A date or time that does not exist is refused in the catalogue's words before anything is
/// saved, and a time is read as a person writes it (24-hour, or with am and pm): Holdfast reads
/// it, not the web view's time field, which follows the computer's locale.
#[tokio::test(flavor = "multi_thread")]
async fn impossible_dates_and_times_are_refused_and_times_read_as_typed() {
    let desktop = Desktop::start_with_env(&[("TZ", "UTC")]);
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.open_workspace().await;
    app.click("#tab-write").await;
    app.click("#write-message").await;
    app.set("#message-text", "pay by tonight").await;
    app.set_date("#message-when-date", "2026-02-31").await;
    app.click("#message-form-save").await;
    let said = |words: &'static str| {
        let app = &app;
        async move { app.eventually(|| async { app.text("#message-form-status").await.contains(words) }).await }
    };
    assert!(said("not a date that exists").await, "31 February is refused");
    app.set_date("#message-when-date", "2026-02-28").await;
    for wrong in ["25:00", "9:75", "13:00 pm", "nine"] {
        app.set("#message-when-time", wrong).await;
        app.click("#message-form-save").await;
        assert!(said("not a time of day").await, "'{wrong}' is refused");
    }
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"].as_array().map(Vec::len), Some(0), "nothing was saved while a part was wrong");
    app.set("#message-when-time", "9:14 pm").await;
    app.wait_css("#message-when-zone").await.select_by_value("0").await.expect("choose UTC");
    app.click("#message-form-save").await;
    assert!(said("Saved").await, "a time with pm is taken");
    let listing = ok(&app.invoke("vault_list", json!({})).await, "list");
    assert_eq!(listing["items"][0]["happened_at"], "2026-02-28T21:14:00+00:00", "9:14 pm is 21:14: {listing}");
    app.close().await;
}
