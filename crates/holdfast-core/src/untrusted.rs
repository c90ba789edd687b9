//! Showing text that came from outside: a bundle's file names, a blackmailer's handle, a message.
//!
//! Such text may hold characters that act instead of showing: terminal escapes (`ESC [2J` clears
//! the screen and can paint a fake verdict), carriage returns and other controls, bidirectional
//! overrides (`U+202E` turns `gpj.exe` into what looks like `exe.jpg`), zero-width and other
//! format characters that make two different names look the same, line separators, and private
//! or unassigned code points that no font draws the same way. [`escape`] writes each of them as
//! a visible code, `[U+001B]`, and leaves ordinary text in any script, and emoji, as it is.
//!
//! This is the one sanitiser for untrusted text: the command line uses it for everything a
//! bundle can make it print, and the reports use it for what the person typed or imported.
//! It is not an HTML or PDF escape: escape for the medium afterwards.
//!
//! ```
//! use holdfast_core::untrusted::escape;
//! assert_eq!(escape("report\u{1b}[2J.pdf"), "report[U+001B][2J.pdf");
//! assert_eq!(escape("Аня 🔥"), "Аня 🔥");
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeEmoji, UnicodeGeneralCategory};

/// Letters that draw nothing (Hangul fillers) and marks that are invisible by design: listed by
/// Unicode as default-ignorable, though their category is an ordinary letter or mark.
const INVISIBLE: &[char] = &[
    '\u{034F}', // combining grapheme joiner
    '\u{115F}', // Hangul choseong filler
    '\u{1160}', // Hangul jungseong filler
    '\u{17B4}', // Khmer vowel inherent aq
    '\u{17B5}', // Khmer vowel inherent aa
    '\u{2800}', // Braille pattern blank: a symbol that draws nothing, used for names that look blank
    '\u{3164}', // Hangul filler
    '\u{FFA0}', // halfwidth Hangul filler
];

const ZWJ: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// A combining mark: it draws on the character before it.
fn is_mark(c: char) -> bool {
    use GeneralCategory::*;
    matches!(c.general_category(), NonspacingMark | SpacingMark | EnclosingMark)
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// An emoji that a zero-width joiner may join to another (not the digits, `#` and `*`, which
/// are emoji only with a selector after them).
fn is_pictograph(c: char) -> bool {
    !c.is_ascii() && c.is_emoji_char()
}

/// Whether `c` acts or hides rather than shows, wherever it stands: controls (C0, DEL, C1),
/// format characters (category Cf: bidirectional controls, zero-width characters, the soft
/// hyphen, tags), line and paragraph separators, private-use and unassigned code points, and the
/// invisible fillers. [`escape`] keeps a few of them where an emoji sequence needs them.
pub fn is_risky(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        c.general_category(),
        Control | Format | LineSeparator | ParagraphSeparator | PrivateUse | Unassigned | Surrogate
    ) || INVISIBLE.contains(&c)
}

/// Whether [`escape`] would change `text`.
pub fn needs_escape(text: &str) -> bool {
    matches!(escape(text), Cow::Owned(_))
}

/// `text` with every character that could act, hide or disguise written as `[U+XXXX]` (upper-case
/// hex, at least four digits). Kept as they are: letters, marks, digits, punctuation, symbols and
/// spaces of every script; emoji, with the joiners, selectors and tags of their sequences
/// (`👩🏽‍💻`, `🏳️‍🌈`, the flag of Scotland). Not kept: a zero-width joiner between anything but two
/// emoji, a run of variation selectors (one after a character is kept, a second is not: a run
/// can smuggle hidden bytes), tag characters outside a flag sequence, and a combining mark with
/// nothing shown before it in `text` (at the start, or after an escaped character), which would
/// draw over whatever is printed before the value, or over the code's bracket.
///
/// The codes are plain ASCII, so escaping twice changes nothing. Text that already held the
/// characters `[U+001B]` looks the same as an escaped ESC: where that matters, compare the
/// original bytes.
pub fn escape(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let ok = if c == ZWJ {
            joins_emoji(&chars, i)
        } else if is_variation_selector(c) {
            // Only straight after a character that is itself shown.
            i > 0 && keep[i - 1] && !is_variation_selector(chars[i - 1]) && !is_risky(chars[i - 1])
        } else if is_mark(c) && !is_risky(c) {
            i > 0 && keep[i - 1]
        } else if c == BLACK_FLAG {
            // A flag sequence: the black flag, tags, and the cancel tag. Keep it whole or not at all.
            if let Some(end) = flag_sequence_end(&chars, i) {
                i = end;
                continue;
            }
            true
        } else {
            !is_risky(c)
        };
        if !ok {
            keep[i] = false;
            changed = true;
        }
        i += 1;
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (c, keep) in chars.into_iter().zip(keep) {
        if keep {
            out.push(c);
        } else {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        }
    }
    Cow::Owned(out)
}

/// A joiner between two emoji, where the first may carry its selector or skin tone.
fn joins_emoji(chars: &[char], at: usize) -> bool {
    let before = chars[..at].iter().rev().find(|c| !is_variation_selector(**c) && !is_skin_tone(**c));
    let after = chars.get(at + 1);
    before.is_some_and(|c| is_pictograph(*c)) && after.is_some_and(|c| is_pictograph(*c))
}

fn is_skin_tone(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// Where a flag tag sequence starting at `at` (the black flag) ends, one past its cancel tag:
/// at least one tag letter or digit, then the cancel tag.
fn flag_sequence_end(chars: &[char], at: usize) -> Option<usize> {
    let mut j = at + 1;
    while j < chars.len() && matches!(chars[j], '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}') {
        j += 1;
    }
    (j > at + 1 && chars.get(j) == Some(&CANCEL_TAG)).then_some(j + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_controls_become_visible_codes() {
        assert_eq!(escape("a\u{1b}[2J\u{1b}[HVERIFIED"), "a[U+001B][2J[U+001B][HVERIFIED", "ESC sequences");
        assert_eq!(escape("FAILED\rVERIFIED"), "FAILED[U+000D]VERIFIED", "a carriage return cannot overwrite a line");
        assert_eq!(escape("bell\u{7}"), "bell[U+0007]", "BEL");
        assert_eq!(escape("line\nbreak\ttab"), "line[U+000A]break[U+0009]tab", "line breaks and tabs are controls too");
        assert_eq!(escape("x\u{7f}"), "x[U+007F]", "DEL");
        assert_eq!(escape("next\u{85}line"), "next[U+0085]line", "U+0085 (NEL) is a C1 control");
        assert_eq!(escape("csi\u{9b}2J"), "csi[U+009B]2J", "the one-byte CSI of C1");
        assert_eq!(escape("a\u{2028}b\u{2029}c"), "a[U+2028]b[U+2029]c", "line and paragraph separators");
    }

    #[test]
    fn bidi_and_invisible_characters_become_visible_codes() {
        assert_eq!(escape("\u{202e}gpj.exe"), "[U+202E]gpj.exe", "right-to-left override");
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}',
        ] {
            assert!(is_risky(c), "bidi control {:04X} is risky", c as u32);
            assert_eq!(escape(&format!("a{c}b")), format!("a[U+{:04X}]b", c as u32), "bidi control");
        }
        assert_eq!(escape("pay\u{200b}pal"), "pay[U+200B]pal", "zero-width space");
        assert_eq!(escape("\u{feff}x"), "[U+FEFF]x", "byte-order mark");
        assert_eq!(escape("soft\u{ad}hyphen"), "soft[U+00AD]hyphen", "soft hyphen (Cf)");
        assert_eq!(escape("a\u{200d}b"), "a[U+200D]b", "a joiner between letters hides nothing useful");
        assert_eq!(escape("\u{3164}"), "[U+3164]", "a Hangul filler draws nothing");
        assert_eq!(escape("\u{e000}"), "[U+E000]", "private use");
        assert_eq!(escape("\u{10ffff}"), "[U+10FFFF]", "a noncharacter (unassigned)");
        assert_eq!(escape("a\u{E0041}\u{E0042}"), "a[U+E0041][U+E0042]", "tags outside a flag smuggle text");
        assert_eq!(escape("a\u{FE0F}\u{FE01}\u{FE02}"), "a\u{FE0F}[U+FE01][U+FE02]", "a run of selectors");
        assert_eq!(escape("\u{2800}"), "[U+2800]", "a Braille blank makes a name look empty");
    }

    #[test]
    fn a_combining_mark_with_nothing_before_it_becomes_a_visible_code() {
        assert_eq!(escape("\u{338}admin"), "[U+0338]admin", "at the start it would strike out what is printed before");
        assert_eq!(escape("\u{20DD}"), "[U+20DD]", "an enclosing circle on its own");
        assert_eq!(
            escape("\u{1b}\u{301}x"),
            "[U+001B][U+0301]x",
            "after an escaped character it would sit on the bracket"
        );
        assert_eq!(escape("e\u{301}\u{323}"), "e\u{301}\u{323}", "marks on a letter stay, however many");
    }

    #[test]
    fn ordinary_text_in_any_script_and_emoji_is_left_alone() {
        for text in [
            "plain ASCII: report.pdf",
            "שלום עולם",
            "مجهول_٢٠٢٤",
            "Аноним_1984",
            "अज्ञात_सात",
            "匿名用户",
            "e\u{301}lodie",
            "🔥anon🔥",
            "👩🏽\u{200d}💻",
            "🏳\u{fe0f}\u{200d}🌈",
            "👨\u{200d}👩\u{200d}👧",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "🇬🇧 1\u{fe0f}\u{20e3}",
            "no\u{a0}break",
            "नमस्ते",
            "مرحبًا",
        ] {
            assert_eq!(escape(text), text, "{text:?} is ordinary text");
            assert!(matches!(escape(text), Cow::Borrowed(_)), "and is not copied");
            assert!(!needs_escape(text), "{text:?} needs no escape");
        }
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let once = escape("\u{1b}[31mred\u{202e}\u{200b}").into_owned();
        assert_eq!(escape(&once), once.as_str(), "the codes are plain ASCII");
    }
}
