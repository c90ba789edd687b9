//! The words of the bundle: the report (self-contained HTML), the officer's one-page guide and
//! the checking instructions. Every value from the vault is escaped; nothing is fetched.
//!
//! A block's text is plain text in which each value from the vault ([`theirs`]) is escaped
//! ([`untrusted::escape`]) and set apart as a Unicode first-strong isolate (`U+2068` … `U+2069`),
//! which is what those two characters mean in plain text. Escaping writes any isolate character
//! inside a value as a code, so the only ones left are these marks. The HTML report turns each
//! into a `<bdi>` element and the PDF lays it out as an isolate (`pdf.rs`): right-to-left text
//! reads the same in both, and cannot reorder the words around it.

use std::fmt::Write as _;

use base64::Engine as _;

use super::thumbs::Thumb;
use super::{Case, SOFTWARE};
use crate::untrusted;
use crate::vault::Item;

/// Opens a value from the vault in a block's text (FIRST STRONG ISOLATE).
pub(crate) const OPEN: char = '\u{2068}';
/// Closes it (POP DIRECTIONAL ISOLATE).
pub(crate) const CLOSE: char = '\u{2069}';

/// A value from the vault, to set into a block's text: escaped and isolated. Line breaks in it
/// are escaped too, so a name cannot start a new line of the report.
pub(crate) fn theirs(text: &str) -> String {
    format!("{OPEN}{}{CLOSE}", untrusted::escape(text))
}

/// A value from the vault that may run over several lines (a note, the person's own words):
/// each line escaped and isolated on its own, the line breaks kept (`\r\n` counts as one).
pub(crate) fn theirs_lines(text: &str) -> String {
    text.lines().map(theirs).collect::<Vec<_>>().join("\n")
}

/// Escapes text for HTML (element content and quoted attributes): first every character that
/// could act, hide or disguise as a visible code ([`untrusted::escape`]), then HTML's own.
pub fn esc(text: &str) -> String {
    let text = untrusted::escape(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A block's text as HTML element content: each value from the vault in a `<bdi>`, each line
/// break a `<br>`, everything else through [`esc`].
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain = String::new();
    for c in text.chars() {
        let tag = match c {
            OPEN => "<bdi>",
            CLOSE => "</bdi>",
            '\n' => "<br>",
            c => {
                plain.push(c);
                continue;
            }
        };
        out.push_str(&esc(&plain));
        plain.clear();
        out.push_str(tag);
    }
    out.push_str(&esc(&plain));
    out
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
    totals.iter().map(|(currency, amount)| format!("{amount} {currency}")).collect::<Vec<_>>().join(", ")
}

/// One piece of the report, in plain text; the HTML and PDF renderers escape and lay it out.
pub enum Block<'a> {
    /// A heading (level 1 or 2).
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A paragraph set apart (a caution).
    Note(String),
    /// A table: column headings, then rows of cells.
    Table(Vec<&'static str>, Vec<Vec<String>>),
    /// A thumbnail with its caption (the exhibit reference).
    Picture(String, &'a Thumb),
}

/// An optional value from the vault ([`theirs`]), or nothing.
fn or_empty(text: &Option<String>) -> String {
    text.as_deref().map(theirs).unwrap_or_default()
}

/// Values from the vault, each set apart, in a list.
fn list(values: &[String]) -> String {
    values.iter().map(|v| theirs(v)).collect::<Vec<_>>().join(", ")
}

/// The report: summary, the person's own words, accounts, payments, timeline, exhibits, integrity.
pub fn blocks<'a>(case: &Case<'_>, items: &[Item], thumbs: &'a [Option<Thumb>]) -> Vec<Block<'a>> {
    use Block::*;
    let s = &case.summary;
    let mut b = vec![
        Heading(1, "Evidence report".into()),
        Para(format!("Made with {SOFTWARE} on {} by the person these events happened to.", case.created)),
        Heading(2, "Summary".into()),
    ];
    // The dates of what is in this bundle: its exhibits and the payments.
    let mut times: Vec<&str> = items.iter().map(|i| i.happened_utc.as_deref().unwrap_or(&i.captured_at)).collect();
    times.extend(case.payments.iter().filter_map(|p| p.happened.as_ref().map(|h| h.utc.as_str())));
    times.sort_unstable();
    let span = match (times.first(), times.last()) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => "not recorded".into(),
    };
    let mut platforms: Vec<&str> = case.accounts.iter().map(|a| a.platform.as_str()).collect();
    platforms.extend(items.iter().filter_map(|i| i.platform.as_deref()));
    platforms.sort_unstable();
    platforms.dedup();
    let summary = [
        ("Dates", span),
        ("Platforms", platforms.iter().map(|p| theirs(p)).collect::<Vec<_>>().join(", ")),
        ("Exhibits", case.exhibits.len().to_string()),
        ("Total demanded", amounts(&s.total_demanded)),
        ("Total paid", amounts(&s.total_paid)),
        ("Name", or_empty(&case.options.name)),
        ("Contact", or_empty(&case.options.contact)),
    ];
    b.push(Table(vec!["", ""], summary.into_iter().map(|(k, v)| vec![k.to_string(), v]).collect()));

    b.push(Heading(2, "What happened, in my own words".into()));
    b.push(Note("This is the person's own account, written in Holdfast. It is not a formal witness statement.".into()));
    match case.options.own_words.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(words) => b.extend(words.split("\n\n").map(|p| Para(theirs_lines(p)))),
        None => b.push(Para("(Not given.)".into())),
    }

    b.push(Heading(2, "Their accounts".into()));
    if case.accounts.is_empty() {
        b.push(Para("None recorded.".into()));
    } else {
        let rows = case
            .accounts
            .iter()
            .map(|a| {
                vec![
                    theirs(&a.platform),
                    theirs(&a.handle),
                    or_empty(&a.user_id),
                    or_empty(&a.url),
                    or_empty(&a.display_name),
                    list(&a.emails),
                    list(&a.phones),
                ]
            })
            .collect();
        b.push(Table(
            vec!["Platform", "Handle", "User ID", "Profile address", "Display name", "Emails", "Phones"],
            rows,
        ));
    }

    b.push(Heading(2, "Demands and payments".into()));
    if case.payments.is_empty() {
        b.push(Para("None recorded.".into()));
    } else {
        let rows = case
            .payments
            .iter()
            .map(|p| {
                vec![
                    p.kind.clone(),
                    format!("{} {}", p.money.amount, p.money.currency),
                    p.method.as_str().to_string(),
                    theirs(&p.destination),
                    or_empty(&p.deadline),
                    if p.paid { "yes" } else { "no" }.to_string(),
                    p.happened.as_ref().map(|h| h.stated.clone()).unwrap_or_default(),
                ]
            })
            .collect();
        b.push(Table(vec!["Kind", "Amount", "Method", "To", "Deadline", "Paid", "When"], rows));
    }

    b.push(Heading(2, "Timeline".into()));
    let mut events: Vec<Vec<String>> = Vec::new();
    for (exhibit, item) in case.exhibits.iter().zip(items) {
        let when = item.happened_utc.clone().unwrap_or_else(|| item.captured_at.clone());
        let note = item.note.as_deref().map(|n| format!(" ({})", theirs_lines(n))).unwrap_or_default();
        events.push(vec![when, format!("{} {}{note}", exhibit.reference, item.kind.as_str())]);
    }
    for p in &case.payments {
        if let Some(h) = &p.happened {
            let what = format!("{} of {} {} by {}", p.kind, p.money.amount, p.money.currency, p.method.as_str());
            events.push(vec![h.utc.clone(), what]);
        }
    }
    events.sort();
    b.push(Table(vec!["When (UTC)", "What"], events));

    b.push(Heading(2, "Exhibits".into()));
    let rows = case
        .exhibits
        .iter()
        .zip(items)
        .map(|(exhibit, item)| {
            // The name the file came with is shown as a name (it decides nothing in the bundle).
            let note = item.note.as_deref().map(theirs_lines);
            let sender = item.sender.as_deref().map(|s| format!("from {}", theirs(s)));
            let name = item.original_name.as_deref().map(|n| format!("original file name: {}", theirs(n)));
            let platform = item.platform.as_deref().map(theirs);
            let description = [note, sender, name, platform].into_iter().flatten().collect::<Vec<_>>().join("; ");
            let happened = match (&item.happened_at, &item.happened_tz) {
                (Some(at), Some(tz)) => format!("{at} ({})", theirs(tz)),
                (Some(at), None) => at.clone(),
                _ => String::new(),
            };
            vec![
                format!("{} {}", exhibit.reference, exhibit.file),
                description,
                exhibit.content_type.to_string(),
                format!("{} (local offset {})", item.captured_at, item.captured_offset),
                happened,
                item.sha256.clone(),
                item.size.to_string(),
            ]
        })
        .collect();
    b.push(Table(vec!["Reference", "Description", "Type", "Captured", "Happened", "SHA-256", "Size (bytes)"], rows));
    let pictures: Vec<Block> = case
        .exhibits
        .iter()
        .zip(thumbs)
        .filter_map(|(exhibit, thumb)| thumb.as_ref().map(|t| Picture(format!("Exhibit {}", exhibit.reference), t)))
        .collect();
    if !pictures.is_empty() {
        b.push(Heading(2, "Screenshots (small copies; the originals are in exhibits/)".into()));
        b.extend(pictures);
    }

    b.push(Heading(2, "Integrity".into()));
    b.push(Para("The files were taken from the person's encrypted Holdfast vault, which keeps each original unchanged with its SHA-256. SHA256SUMS lists the SHA-256 of every file in this bundle and is signed with the vault's Ed25519 key (SHA256SUMS.minisig, public key holdfast.pub).".into()));
    b.push(Para("The signature shows that no file has changed since this key signed them. It shows who made the bundle only if the key's fingerprint is confirmed through another channel: the person reads it out or hands it over on paper, and it matches the one below. Anyone can make a key and sign a bundle with it.".into()));
    b.push(Para(format!("Signing key ID {}, fingerprint {}.", case.key_id, case.fingerprint)));
    b.push(Para("The log (log.jsonl) chains every action the vault recorded to the one before it, so it shows their order as the vault recorded them; entries about items not in this bundle show only their hashes. Someone who knows the vault's passphrase could rewrite the log and sign again with the same key, so the chain does not prove on its own that nothing was removed. Comparing with an earlier bundle from the same vault shows whether the log was rewritten since that bundle was made. Each bundle the vault makes is itself recorded in its log.".into()));
    b.push(Para("To check the bundle, see VERIFY.txt.".into()));
    b
}

/// The report as a self-contained HTML page.
pub fn report_html(blocks: &[Block]) -> String {
    let mut b = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(b, "<h{level}>{}</h{level}>", html(text));
            }
            Block::Para(text) => {
                let _ = writeln!(b, "<p>{}</p>", html(text));
            }
            Block::Note(text) => {
                let _ = writeln!(b, "<p class=\"note\">{}</p>", html(text));
            }
            Block::Picture(caption, thumb) => {
                let data = base64::engine::general_purpose::STANDARD.encode(&thumb.png);
                let _ = writeln!(
                    b,
                    "<figure><img src=\"data:image/png;base64,{data}\" width=\"{}\" height=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                    thumb.width,
                    thumb.height,
                    esc(caption),
                    esc(caption)
                );
            }
            Block::Table(headings, rows) => {
                let _ = writeln!(b, "<table>");
                if headings.iter().any(|h| !h.is_empty()) {
                    let cells: String = headings.iter().map(|h| format!("<th>{}</th>", esc(h))).collect();
                    let _ = writeln!(b, "<tr>{cells}</tr>");
                }
                for row in rows {
                    let cells: String = row.iter().map(|c| format!("<td>{}</td>", html(c))).collect();
                    let _ = writeln!(b, "<tr>{cells}</tr>");
                }
                let _ = writeln!(b, "</table>");
            }
        }
    }
    page("Evidence report", &b)
}

/// The officer's one-page guide.
pub fn start_here(case: &Case<'_>) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>Evidence bundle: start here</h1>");
    let _ = writeln!(b, "<p>This bundle was made with {} on {} by a person reporting online blackmail (sextortion). It holds {} exhibits taken from their encrypted evidence vault, the report below, and what you need to check that nothing was changed.</p>", esc(SOFTWARE), esc(&case.created), case.exhibits.len());
    let _ = writeln!(b, "<ul>\n<li>The report: <a href=\"report.html\">report.html</a>, and the same as <code>report.pdf</code>.</li>\n<li>The exhibits, named by reference: the <code>exhibits/</code> folder, each with a <code>.json</code> file of its hashes and times.</li>\n<li>How to check the bundle: <a href=\"VERIFY.txt\">VERIFY.txt</a>.</li>\n</ul>");
    let _ = writeln!(b, "<p>Signing key fingerprint: <code>{}</code>. It is also printed in the report; the same key signs every bundle from this person's vault. The signature proves who made this bundle only once the person has confirmed this fingerprint to you themselves (read out, or on paper).</p>", esc(&case.fingerprint));
    let _ = writeln!(b, "<p>No exhibit in this bundle was marked by the person as showing nudity or sexual content; Holdfast never exports such items.</p>");
    let _ = writeln!(b, "<h2>Open the exhibits with care</h2>");
    let _ = writeln!(b, "<p class=\"note\">Many exhibits came from the person committing the crime: pictures, files and messages they sent. Any of them could be made to harm the computer that opens it, or to tell the sender it was opened. Open exhibits on a computer set aside for evidence, not your everyday one, and do not double-click a file you do not know.</p>");
    let _ = writeln!(b, "<p>Holdfast names each exhibit by what its content turned out to be (a picture ends in <code>.png</code> or <code>.jpg</code>, a PDF in <code>.pdf</code>), never by the name it came with, so no exhibit opens as a web page, a shortcut or a program. Text of any kind, web pages included, ends in <code>.txt</code> and opens as plain text. A ZIP archive, and anything Holdfast did not recognise, ends in <code>.bin</code> and opens nothing. Each exhibit's <code>.json</code> file gives the name it came with (<code>original_name</code>) and what Holdfast found in it (<code>content_type</code>); the report shows both.</p>");
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
         With Holdfast (no vault needed):\n\n    holdfast verify holdfast-evidence-….zip --expect-fingerprint \"FINGERPRINT\"\n\n\
         It checks that the ZIP hides nothing, every file against manifest.json and SHA256SUMS,\n\
         that no file is missing or extra, the signature, each exhibit against its metadata and the\n\
         log, the log chain and case.jsonld. For FINGERPRINT, give the one the person gave you\n\
         themselves (not the one printed here): the check fails if the key is another. With an\n\
         earlier bundle from the same person, add --against EARLIER.zip: the check fails if the\n\
         vault's log was rewritten in between.\n\n\
         By hand, after unzipping into an empty folder:\n\n\
         1. sha256sum -c SHA256SUMS\n\
            Every line must say OK. (SHA256SUMS covers every file except SHA256SUMS.minisig.)\n\
         2. minisign -Vm SHA256SUMS -p holdfast.pub\n\
            Must say \"Signature and comment signature verified\".\n\
         3. Compare the key fingerprint above with the one the person gave you. The fingerprint is\n\
            the SHA-256 of the 32-byte Ed25519 public key inside holdfast.pub.\n\n\
         The signature shows that no file changed after the bundle was signed with this key. It does\n\
         not show who holds the key: to be sure, confirm the fingerprint with the person who made the\n\
         bundle (read out over the phone, say). Every bundle from the same vault has the same key.\n\
         The log chain shows the order of actions as the vault recorded them; comparing with an\n\
         earlier bundle (--against) shows whether the log was rewritten since.\n",
        software = SOFTWARE,
        created = case.created,
        id = case.key_id,
        fp = case.fingerprint,
    )
}
