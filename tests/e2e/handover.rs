//! Choosing what goes in a bundle: the list is narrowed by typing, ticks survive the narrowing,
//! and only the ticked items are exported.

use serde_json::json;

use crate::harness::{ok, App, Desktop};

/// The names of the files the picker lists now.
async fn listed(app: &App) -> Vec<String> {
    let script = "return [...document.querySelectorAll('#export-items label')].map((l) => l.textContent)";
    let labels = app.client.execute(script, vec![]).await.expect("read the list");
    labels.as_array().expect("a list").iter().map(|l| l.as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_chosen_items_go_in_the_bundle() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.create_vault().await;
    for name in ["alpha.png", "beta.png", "gamma.png"] {
        let file = data.path().join(name);
        std::fs::write(&file, format!("evidence in {name}")).expect("write");
        let place = app.place("open-file", &file).await;
        ok(&app.invoke("vault_add_file", json!({"place": place, "details": {}, "intimate": false})).await, name);
    }
    app.click("[data-nav='evidence']").await;
    app.click("#tab-handover").await;
    app.click("#export-some").await;
    assert!(app.displayed("#export-find").await, "choosing some shows the list");
    assert_eq!(listed(&app).await.len(), 3);

    app.set("#export-find", "BETA").await;
    let found = listed(&app).await;
    assert!(found.len() == 1 && found[0].contains("beta.png"), "typing narrows the list: {found:?}");
    app.click("#export-items input").await;
    app.set("#export-find", "gamma").await;
    app.click("#export-items input").await;
    app.set("#export-find", "").await;
    assert_eq!(listed(&app).await.len(), 3, "clearing the words shows everything again");
    let ticked = app.client.execute(
        "return [...document.querySelectorAll('#export-items input:checked')].map((b) => b.nextSibling.textContent)",
        vec![],
    );
    let ticked = ticked.await.expect("read the ticks").to_string();
    assert!(ticked.contains("beta.png") && ticked.contains("gamma.png") && !ticked.contains("alpha"), "{ticked}");
    assert!(app.text("#export-count").await.contains('2'), "the count says two are chosen");
    let source = crate::access::axe_source();
    app.client.execute(&format!("{source}\nreturn typeof axe;"), vec![]).await.expect("inject axe-core");
    let violations = crate::access::axe(&app).await;
    assert!(violations.is_empty(), "axe finds nothing wrong with the picker: {violations:?}");

    let out = data.path().join("bundle.zip");
    app.set("#export-initials", "JS").await;
    app.choose_into("#export-choose", "#export-out", &out).await;
    app.click("#export-make").await;
    app.wait_css("#export-done").await;
    let verdict = holdfast_core::export::verify::verify_bundle(&out, None).expect("read the bundle");
    assert!(verdict.verified, "{:?}", verdict.problems);
    assert_eq!(verdict.exhibits, 2, "only the two chosen files are exhibits");
    app.close().await;
}
