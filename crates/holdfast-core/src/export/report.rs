//! The words of the bundle: the report (self-contained HTML), the officer's one-page guide and
//! the checking instructions. Every value from the vault is escaped; nothing is fetched.

use std::fmt::Write as _;

use super::{Case, SOFTWARE};
use crate::vault::Item;

/// Escapes text for HTML (element content and quoted attributes).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Bidirectional overrides could disguise a handle; show them as visible codes.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn opt(text: &Option<String>) -> String {
    text.as_deref().map(esc).unwrap_or_default()
}

const STYLE: &str = "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}th,td{border:1px solid #999;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}\
th{background:#eee}code,.hash{font-family:monospace;overflow-wrap:anywhere}.note{background:#f6f6f6;border-left:4px solid #999;padding:0.5rem 1rem}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

fn amounts(totals: &std::collections::BTreeMap<String, String>) -> String {
    if totals.is_empty() {
        return "none recorded".into();
    }
    totals.iter().map(|(currency, amount)| format!("{} {}", esc(amount), esc(currency))).collect::<Vec<_>>().join(", ")
}

/// The report: summary, the person's own words, accounts, payments, timeline, exhibits, integrity.
pub fn report_html(case: &Case<'_>, items: &[Item]) -> String {
    let s = &case.summary;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>Evidence report</h1>");
    let _ = writeln!(
        b,
        "<p>Made with {} on {} by the person these events happened to.</p>",
        esc(SOFTWARE),
        esc(&case.created)
    );
    let _ = writeln!(b, "<h2>Summary</h2>\n<table>");
    let row = |b: &mut String, k: &str, v: String| {
        let _ = writeln!(b, "<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>");
    };
    let span = match (&s.first, &s.last) {
        (Some(first), Some(last)) => format!("{} to {}", esc(first), esc(last)),
        _ => "not recorded".into(),
    };
    row(&mut b, "Dates", span);
    let mut platforms: Vec<&str> = case.accounts.iter().map(|a| a.platform.as_str()).collect();
    platforms.extend(items.iter().filter_map(|i| i.platform.as_deref()));
    platforms.sort_unstable();
    platforms.dedup();
    row(&mut b, "Platforms", esc(&platforms.join(", ")));
    row(&mut b, "Exhibits", case.exhibits.len().to_string());
    row(&mut b, "Total demanded", amounts(&s.total_demanded));
    row(&mut b, "Total paid", amounts(&s.total_paid));
    row(&mut b, "Name", opt(&case.options.name));
    row(&mut b, "Contact", opt(&case.options.contact));
    let _ = writeln!(b, "</table>");

    let _ = writeln!(b, "<h2>What happened, in my own words</h2>");
    let _ = writeln!(b, "<p class=\"note\">This is the person's own account, written in Holdfast. It is not a formal witness statement.</p>");
    match case.options.own_words.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(words) => {
            for para in words.split("\n\n") {
                let _ = writeln!(b, "<p>{}</p>", esc(para).replace('\n', "<br>"));
            }
        }
        None => {
            let _ = writeln!(b, "<p>(Not given.)</p>");
        }
    }

    let _ = writeln!(b, "<h2>Their accounts</h2>");
    if case.accounts.is_empty() {
        let _ = writeln!(b, "<p>None recorded.</p>");
    } else {
        let _ = writeln!(b, "<table>\n<tr><th>Platform</th><th>Handle</th><th>User ID</th><th>Profile address</th><th>Display name</th><th>Emails</th><th>Phones</th></tr>");
        for a in &case.accounts {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.platform),
                esc(&a.handle),
                opt(&a.user_id),
                opt(&a.url),
                opt(&a.display_name),
                esc(&a.emails.join(", ")),
                esc(&a.phones.join(", "))
            );
        }
        let _ = writeln!(b, "</table>");
    }

    let _ = writeln!(b, "<h2>Demands and payments</h2>");
    if case.payments.is_empty() {
        let _ = writeln!(b, "<p>None recorded.</p>");
    } else {
        let _ = writeln!(b, "<table>\n<tr><th>Kind</th><th>Amount</th><th>Method</th><th>To</th><th>Deadline</th><th>Paid</th><th>When</th></tr>");
        for p in &case.payments {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{} {}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.kind),
                esc(&p.money.amount),
                esc(&p.money.currency),
                esc(p.method.as_str()),
                esc(&p.destination),
                opt(&p.deadline),
                if p.paid { "yes" } else { "no" },
                p.happened.as_ref().map(|h| esc(&h.stated)).unwrap_or_default()
            );
        }
        let _ = writeln!(b, "</table>");
    }

    let _ = writeln!(b, "<h2>Timeline</h2>\n<table>\n<tr><th>When (UTC)</th><th>What</th></tr>");
    let mut events: Vec<(String, String)> = Vec::new();
    for (exhibit, item) in case.exhibits.iter().zip(items) {
        let when = item.happened_utc.clone().unwrap_or_else(|| item.captured_at.clone());
        events.push((when, format!("{} {} ({})", esc(&exhibit.reference), esc(item.kind.as_str()), opt(&item.note))));
    }
    for p in &case.payments {
        if let Some(h) = &p.happened {
            events.push((
                h.utc.clone(),
                format!(
                    "{} of {} {} by {}",
                    esc(&p.kind),
                    esc(&p.money.amount),
                    esc(&p.money.currency),
                    esc(p.method.as_str())
                ),
            ));
        }
    }
    events.sort();
    for (when, what) in events {
        let _ = writeln!(b, "<tr><td>{}</td><td>{what}</td></tr>", esc(&when));
    }
    let _ = writeln!(b, "</table>");

    let _ = writeln!(b, "<h2>Exhibits</h2>\n<table>\n<tr><th>Reference</th><th>Description</th><th>Type</th><th>Captured</th><th>Happened</th><th>SHA-256</th><th>Size (bytes)</th></tr>");
    for (exhibit, item) in case.exhibits.iter().zip(items) {
        let description = [item.note.as_deref(), item.original_name.as_deref(), item.platform.as_deref()]
            .into_iter()
            .flatten()
            .map(esc)
            .collect::<Vec<_>>()
            .join("; ");
        let happened = match (&item.happened_at, &item.happened_tz) {
            (Some(at), Some(tz)) => format!("{} ({})", esc(at), esc(tz)),
            (Some(at), None) => esc(at),
            _ => String::new(),
        };
        let _ = writeln!(
            b,
            "<tr><td>{}<br><code>{}</code></td><td>{description}</td><td>{}</td><td>{} (local offset {})</td><td>{happened}</td><td class=\"hash\">{}</td><td>{}</td></tr>",
            esc(&exhibit.reference),
            esc(&exhibit.file),
            esc(&item.media_type),
            esc(&item.captured_at),
            esc(&item.captured_offset),
            esc(&item.sha256),
            item.size
        );
    }
    let _ = writeln!(b, "</table>");

    let _ = writeln!(b, "<h2>Integrity</h2>");
    let _ = writeln!(b, "<p>The files were taken from the person's encrypted Holdfast vault, where each original is stored unchanged with its SHA-256 and every action is recorded in a hash-chained log (<code>log.jsonl</code>). <code>SHA256SUMS</code> lists the SHA-256 of every file in this bundle and is signed with the vault's Ed25519 key (<code>SHA256SUMS.minisig</code>, public key <code>holdfast.pub</code>).</p>");
    let _ = writeln!(
        b,
        "<p>Signing key ID <code>{}</code>, fingerprint <code>{}</code>.</p>",
        esc(&case.key_id),
        esc(&case.fingerprint)
    );
    let _ = writeln!(b, "<p>To check the bundle, see <code>VERIFY.txt</code>.</p>");
    page("Evidence report", &b)
}

/// The officer's one-page guide.
pub fn start_here(case: &Case<'_>) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>Evidence bundle: start here</h1>");
    let _ = writeln!(b, "<p>This bundle was made with {} on {} by a person reporting online blackmail (sextortion). It holds {} exhibits taken from their encrypted evidence vault, the report below, and what you need to check that nothing was changed.</p>", esc(SOFTWARE), esc(&case.created), case.exhibits.len());
    let _ = writeln!(b, "<ul>\n<li>The report: <a href=\"report.html\">report.html</a> (also as <code>report.pdf</code> where present).</li>\n<li>The exhibits, named by reference: the <code>exhibits/</code> folder, each with a <code>.json</code> file of its hashes and times.</li>\n<li>How to check the bundle: <a href=\"VERIFY.txt\">VERIFY.txt</a>.</li>\n</ul>");
    let _ = writeln!(b, "<p>Signing key fingerprint: <code>{}</code>. It is also printed in the report; the same key signs every bundle from this person's vault.</p>", esc(&case.fingerprint));
    let _ = writeln!(b, "<p>No exhibit in this bundle was marked by the person as showing nudity or sexual content; Holdfast never exports such items.</p>");
    page("Evidence bundle: start here", &b)
}

/// How to check the bundle, by tool and by hand.
pub fn verify_txt(case: &Case<'_>) -> String {
    format!(
        "How to check this evidence bundle\n\
         =================================\n\n\
         Made with {software} on {created}.\n\
         Signing key ID: {id}\n\
         Key fingerprint: {fp}\n\n\
         With Holdfast (no vault needed):\n\n    holdfast verify holdfast-evidence-….zip\n\n\
         It checks every file against manifest.json and SHA256SUMS, that no file is missing or\n\
         extra, the signature, the log chain and case.jsonld, and prints the key fingerprint.\n\n\
         By hand, after unzipping into an empty folder:\n\n\
         1. sha256sum -c SHA256SUMS\n\
            Every line must say OK. (SHA256SUMS covers every file except SHA256SUMS.minisig.)\n\
         2. minisign -Vm SHA256SUMS -p holdfast.pub\n\
            Must say \"Signature and comment signature verified\".\n\
         3. Compare the key fingerprint above with the one in report.html. The fingerprint is the\n\
            SHA-256 of the 32-byte Ed25519 public key inside holdfast.pub.\n",
        software = SOFTWARE,
        created = case.created,
        id = case.key_id,
        fp = case.fingerprint,
    )
}
