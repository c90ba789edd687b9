//! How hard a passphrase would be to guess, for the meter shown while one is chosen.
//!
//! The judgement is zxcvbn's (dictionaries, keyboard patterns, dates, repeats), scored 0 to 4.
//! It runs on this computer only; the passphrase goes nowhere.

use serde::Serialize;
use zxcvbn::feedback::{Suggestion, Warning};

use crate::vault::MIN_PASSPHRASE_CHARS;

/// How many characters are judged. zxcvbn's work grows quickly with length, so only the first
/// 256 characters are looked at: a passphrase that long is already far beyond guessing, and the
/// meter stays instant whatever is pasted into it.
pub const JUDGED_CHARS: usize = 256;

/// The score from which a passphrase is strong enough (zxcvbn's "safely unguessable").
pub const ENOUGH_SCORE: u8 = 3;

/// A passphrase's strength. The advice is given as keys of the interface's words
/// (`assets/i18n/`), written for Holdfast, so it reads like the rest of the app in any locale.
#[derive(Debug, Clone, Serialize)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// Strong enough: a score of at least [`ENOUGH_SCORE`] and at least
    /// [`MIN_PASSPHRASE_CHARS`] characters.
    pub enough: bool,
    /// What makes it weak, if anything does: a key such as `strength.warn-common`.
    pub warning: Option<&'static str>,
    /// How to make it stronger: keys such as `strength.tip-more-words`, each at most once.
    pub suggestions: Vec<&'static str>,
}

/// Judges a passphrase. Never fails and never panics; an empty passphrase scores 0. Only the
/// first [`JUDGED_CHARS`] characters are judged.
pub fn passphrase_strength(passphrase: &str) -> Strength {
    if passphrase.is_empty() {
        return Strength { score: 0, enough: false, warning: None, suggestions: vec!["strength.tip-words"] };
    }
    let judged: String = passphrase.chars().take(JUDGED_CHARS).collect();
    let entropy = zxcvbn::zxcvbn(&judged, &[]);
    let score = u8::from(entropy.score());
    let (warning, mut suggestions) = match entropy.feedback() {
        Some(f) => (f.warning().map(warning_key), f.suggestions().iter().map(|s| suggestion_key(*s)).collect()),
        None => (None, Vec::new()),
    };
    let mut seen = std::collections::BTreeSet::new();
    suggestions.retain(|key| seen.insert(*key));
    let long_enough = passphrase.chars().count() >= MIN_PASSPHRASE_CHARS;
    Strength { score, enough: score >= ENOUGH_SCORE && long_enough, warning, suggestions }
}

/// Every key the meter can give, for the check that the interface's words have them all.
pub const KEYS: &[&str] = &[
    "strength.warn-keyboard",
    "strength.warn-repeats",
    "strength.warn-common",
    "strength.warn-similar",
    "strength.warn-sequence",
    "strength.warn-dates",
    "strength.warn-one-word",
    "strength.warn-names",
    "strength.tip-words",
    "strength.tip-no-symbols",
    "strength.tip-more-words",
    "strength.tip-capitals",
    "strength.tip-reversed",
    "strength.tip-swaps",
    "strength.tip-keyboard",
    "strength.tip-repeats",
    "strength.tip-sequences",
    "strength.tip-dates",
];

fn warning_key(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess | Warning::ShortKeyboardPatternsAreEasyToGuess => {
            "strength.warn-keyboard"
        }
        Warning::RepeatsLikeAaaAreEasyToGuess | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "strength.warn-repeats"
        }
        Warning::ThisIsATop10Password | Warning::ThisIsATop100Password | Warning::ThisIsACommonPassword => {
            "strength.warn-common"
        }
        Warning::ThisIsSimilarToACommonlyUsedPassword => "strength.warn-similar",
        Warning::SequencesLikeAbcAreEasyToGuess => "strength.warn-sequence",
        Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess => "strength.warn-dates",
        Warning::AWordByItselfIsEasyToGuess => "strength.warn-one-word",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess | Warning::CommonNamesAndSurnamesAreEasyToGuess => {
            "strength.warn-names"
        }
    }
}

fn suggestion_key(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => "strength.tip-words",
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => "strength.tip-no-symbols",
        Suggestion::AddAnotherWordOrTwo => "strength.tip-more-words",
        Suggestion::CapitalizationDoesntHelpVeryMuch | Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            "strength.tip-capitals"
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => "strength.tip-reversed",
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => "strength.tip-swaps",
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => "strength.tip-keyboard",
        Suggestion::AvoidRepeatedWordsAndCharacters => "strength.tip-repeats",
        Suggestion::AvoidSequences => "strength.tip-sequences",
        Suggestion::AvoidRecentYears
        | Suggestion::AvoidYearsThatAreAssociatedWithYou
        | Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => "strength.tip-dates",
    }
}
