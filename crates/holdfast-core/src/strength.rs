//! How hard a passphrase would be to guess, for the meter shown while one is chosen.
//!
//! The judgement is zxcvbn's (dictionaries, keyboard patterns, dates, repeats), scored 0 to 4.
//! It runs on this computer only; the passphrase goes nowhere.

use serde::Serialize;

use crate::vault::MIN_PASSPHRASE_CHARS;

/// How many characters are judged. zxcvbn's work grows quickly with length, so only the first
/// 256 characters are looked at: a passphrase that long is already far beyond guessing, and the
/// meter stays instant whatever is pasted into it.
pub const JUDGED_CHARS: usize = 256;

/// The score from which a passphrase is strong enough (zxcvbn's "safely unguessable").
pub const ENOUGH_SCORE: u8 = 3;

/// A passphrase's strength.
#[derive(Debug, Clone, Serialize)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// Strong enough: a score of at least [`ENOUGH_SCORE`] and at least
    /// [`MIN_PASSPHRASE_CHARS`] characters.
    pub enough: bool,
    /// What makes it weak, if anything does (in English, from zxcvbn).
    pub warning: Option<String>,
    /// How to make it stronger (in English, from zxcvbn).
    pub suggestions: Vec<String>,
}

/// Judges a passphrase. Never fails and never panics; an empty passphrase scores 0. Only the
/// first [`JUDGED_CHARS`] characters are judged.
pub fn passphrase_strength(passphrase: &str) -> Strength {
    if passphrase.is_empty() {
        return Strength {
            score: 0,
            enough: false,
            warning: None,
            suggestions: vec!["Use a few words that are not a saying or a song line.".into()],
        };
    }
    let judged: String = passphrase.chars().take(JUDGED_CHARS).collect();
    let entropy = zxcvbn::zxcvbn(&judged, &[]);
    let score = u8::from(entropy.score());
    let (warning, suggestions) = match entropy.feedback() {
        Some(f) => (f.warning().map(|w| w.to_string()), f.suggestions().iter().map(|s| s.to_string()).collect()),
        None => (None, Vec::new()),
    };
    let long_enough = passphrase.chars().count() >= MIN_PASSPHRASE_CHARS;
    Strength { score, enough: score >= ENOUGH_SCORE && long_enough, warning, suggestions }
}
