//! A line of `report.pdf` as it is drawn. krilla's simple text shapes a whole string in one
//! direction and leaves bidirectional text to the caller, so a Hebrew handle came out reversed.
//! Here each line is laid out as a browser lays out the HTML report:
//!
//! 1. Every value from the vault is escaped ([`untrusted::escape`]) and kept as the isolate the
//!    report marked it as (`report::theirs`). Its direction comes from its first strong
//!    character, as `<bdi>` decides it, and is written out (`U+2066`/`U+2067`) so that it holds
//!    on every line the value wraps onto.
//! 2. A character the font cannot draw is written as its code point (`[U+5B89]`).
//! 3. The Unicode bidirectional algorithm (UAX #9, `unicode-bidi`) puts each line's runs in
//!    visual order, on a left-to-right page.
//! 4. Each run is shaped in its own direction with rustybuzz (the shaper krilla itself uses),
//!    which also joins Arabic letters and mirrors brackets in right-to-left runs.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, UnicodeBuffer};
use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};

use super::report::{CLOSE, OPEN};
use crate::untrusted;

/// LEFT-TO-RIGHT ISOLATE: a value whose first strong character is left-to-right (or has none).
const LTR_ISOLATE: char = '\u{2066}';
/// RIGHT-TO-LEFT ISOLATE.
const RTL_ISOLATE: char = '\u{2067}';

fn is_isolate_mark(c: char) -> bool {
    matches!(c, LTR_ISOLATE | RTL_ISOLATE | OPEN | CLOSE)
}

/// A block's text ready to be broken into lines: values escaped, each isolate's direction
/// settled, and characters the font lacks (`covers` says which it has) written as codes.
/// Line breaks stay.
pub(super) fn prepare(text: &str, covers: impl Fn(char) -> bool) -> String {
    // Escape everything between the marks and line breaks, as the HTML report does.
    let mut escaped = String::with_capacity(text.len());
    let mut plain = String::new();
    for c in text.chars() {
        if matches!(c, OPEN | CLOSE | '\n') {
            escaped.push_str(&untrusted::escape(&plain));
            plain.clear();
            escaped.push(c);
        } else {
            plain.push(c);
        }
    }
    escaped.push_str(&untrusted::escape(&plain));
    let resolved = settle_directions(&escaped);
    let mut out = String::with_capacity(resolved.len());
    for c in resolved.chars() {
        let invisible = c.is_whitespace() || is_isolate_mark(c) || matches!(c, '\u{200c}' | '\u{200d}');
        if invisible || covers(c) {
            out.push(c);
        } else {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        }
    }
    out
}

/// Replaces each first-strong isolate with a left-to-right or right-to-left one, by the first
/// strong character of the value it opens (UAX #9, rule P2; values hold no isolates of their own).
fn settle_directions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at + OPEN.len_utf8()..];
        let value = rest.split(CLOSE).next().unwrap_or_default();
        let first = value.chars().map(bidi_class).find(|c| matches!(c, BidiClass::L | BidiClass::R | BidiClass::AL));
        out.push(if matches!(first, Some(BidiClass::R | BidiClass::AL)) { RTL_ISOLATE } else { LTR_ISOLATE });
    }
    out.push_str(rest);
    out
}

/// Lines as wrapped, with an isolate that runs over a line break closed at the end of one
/// line and opened again, in the same direction, at the start of the next.
pub(super) fn balanced(lines: Vec<String>) -> Vec<String> {
    let mut open: Option<char> = None;
    lines
        .into_iter()
        .map(|line| {
            let mut out = String::with_capacity(line.len() + 6);
            out.extend(open);
            for c in line.chars() {
                match c {
                    LTR_ISOLATE | RTL_ISOLATE => open = Some(c),
                    CLOSE => open = None,
                    _ => {}
                }
                out.push(c);
            }
            if open.is_some() {
                out.push(CLOSE);
            }
            out
        })
        .collect()
}

/// A stretch of a line in one direction, its characters in logical order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Run {
    pub text: String,
    pub rtl: bool,
}

/// The line's runs in visual order, left to right, on a left-to-right page (isolate marks
/// dropped: they only steered the order).
pub(super) fn visual_runs(line: &str) -> Vec<Run> {
    if line.is_empty() {
        return Vec::new();
    }
    let info = ParagraphBidiInfo::new(line, Some(Level::ltr()));
    let (levels, runs) = info.visual_runs(0..line.len());
    runs.into_iter()
        .filter_map(|range| {
            let rtl = levels[range.start].is_rtl();
            let text: String = line[range].chars().filter(|c| !is_isolate_mark(*c)).collect();
            (!text.is_empty()).then_some(Run { text, rtl })
        })
        .collect()
}

/// A run's glyphs in visual order, and its width in ems.
pub(super) fn shape(face: &Face<'_>, run: &Run) -> (Vec<KrillaGlyph>, f32) {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&run.text);
    buffer.guess_segment_properties();
    buffer.set_direction(if run.rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    let output = rustybuzz::shape(face, &[], buffer);
    let em = face.units_per_em() as f32;
    // Each glyph stands for the characters from its cluster's start to the next cluster's.
    let mut starts: Vec<usize> = output.glyph_infos().iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| starts.iter().copied().find(|s| *s > start).unwrap_or(run.text.len());
    let mut width = 0.0;
    let glyphs = output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            width += pos.x_advance as f32 / em;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / em,
                pos.x_offset as f32 / em,
                pos.y_offset as f32 / em,
                pos.y_advance as f32 / em,
                start..end_of(start),
                None,
            )
        })
        .collect();
    (glyphs, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::report::theirs;

    fn runs(text: &str) -> Vec<(String, bool)> {
        let prepared = prepare(text, |_| true);
        balanced(vec![prepared]).iter().flat_map(|l| visual_runs(l)).map(|r| (r.text, r.rtl)).collect()
    }

    #[test]
    fn a_hebrew_value_is_one_right_to_left_run_after_the_label() {
        let got = runs(&format!("Handle: {}", theirs("שלום_123")));
        assert_eq!(
            got,
            [("Handle: ".to_string(), false), ("123".to_string(), false), ("שלום_".to_string(), true)],
            "the digits sit left of the letters, which read right to left, as a browser shows <bdi>"
        );
    }

    #[test]
    fn a_value_cannot_reorder_the_words_around_it() {
        // Control: without isolates, two Hebrew values in a list become one right-to-left run,
        // the comma joins it, and the second value is drawn first.
        let bare: Vec<String> = runs("שלום, עולם").into_iter().map(|(t, _)| t).collect();
        assert_eq!(bare, ["שלום, עולם"], "one run swaps the two values");
        let got = runs(&format!("{}, {}", theirs("שלום"), theirs("עולם")));
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["שלום", ", ", "עולם"], "each value keeps its place in the list");
    }

    #[test]
    fn values_are_escaped_and_their_direction_holds_across_a_line_break() {
        let prepared = prepare(&theirs("\u{202e}שלום\u{1b}"), |_| true);
        assert!(prepared.contains("[U+202E]") && prepared.contains("[U+001B]"), "escaped: {prepared:?}");
        assert!(!prepared.contains('\u{202e}') && !prepared.contains('\u{1b}'), "nothing raw is left");
        let prepared = prepare(&theirs("שלום עולם"), |_| true);
        let lines = balanced(vec![prepared[..prepared.find(' ').expect("space")].into(), "עולם\u{2069}".into()]);
        assert!(lines.iter().all(|l| l.starts_with(RTL_ISOLATE) && l.ends_with(CLOSE)), "{lines:?}");
    }

    #[test]
    fn characters_the_font_lacks_become_codes() {
        assert_eq!(prepare("a安", |c| c.is_ascii()), "a[U+5B89]", "a code instead of a box");
    }
}
