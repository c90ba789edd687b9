//! What a bundle cannot show about itself: who holds its key, and whether the vault's history
//! was rewritten since an earlier bundle.
//!
//! Anyone can make a key and sign a bundle, and anyone with the vault's passphrase can take its
//! key out, remove an item and its log entries, and rebuild the chain: the next bundle then
//! verifies with the same fingerprint. So the verdict says the key is confirmed only when the
//! fingerprint matches one the person gave through another channel; and an earlier bundle from
//! the same vault, compared entry by entry, shows whether the log it carried was kept or
//! rewritten.

use super::contents::LogLine;
use super::{Checked, EarlierCheck};
use crate::untrusted::escape;

/// A fingerprint as [`crate::export::sign::PublicKey::fingerprint`] writes it (64 upper-case hex
/// digits in groups of four), from any spacing, case or separators; `None` if it is not one.
pub fn normalise_fingerprint(given: &str) -> Option<String> {
    let digits: String = given
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" "))
}

/// Confirms the key against the expected fingerprint (already normalised), if one was given.
pub(super) fn fingerprint(v: &mut super::Verdict, expected: Option<&str>) {
    let Some(expected) = expected else { return };
    match v.fingerprint.clone() {
        Some(actual) if actual == expected => v.key_confirmed = true,
        Some(actual) => v.problem(
            Some("holdfast.pub"),
            format!(
                "the bundle is signed with a key whose fingerprint ({actual}) is not the one you expected ({expected}): it was not signed by the vault you were told about"
            ),
        ),
        None => v.problem(Some("holdfast.pub"), "the signing key cannot be read, so its fingerprint cannot be confirmed"),
    }
}

/// Compares `later` (this bundle) with `earlier`, a bundle from the same vault made before it:
/// same key, and the earlier log entry for entry the start of this one's.
pub(super) fn against(later: &mut Checked, earlier: &Checked, path: &str) {
    let v = &mut later.verdict;
    let e = &earlier.verdict;
    let mut check = EarlierCheck {
        file: escape(path).into_owned(),
        created: e.created.clone(),
        verified: e.problems.is_empty() && e.more_problems == 0,
        log_entries: e.log_entries,
        log_is_prefix: false,
        entries_since: 0,
    };
    let name = check.file.clone();
    if !check.verified {
        let first = e.problems.first().map(|p| match &p.file {
            Some(file) => format!("{file}: {}", p.what),
            None => p.what.clone(),
        });
        v.problem(
            None,
            format!(
                "the earlier bundle {name} does not verify on its own ({}), so it cannot show whether this bundle's log was rewritten",
                first.unwrap_or_default()
            ),
        );
        v.earlier = Some(check);
        return;
    }
    if e.fingerprint != v.fingerprint {
        v.problem(
            Some("holdfast.pub"),
            format!(
                "the earlier bundle {name} is signed with another key ({}): the two do not come from the same vault, or its key was replaced",
                e.fingerprint.as_deref().unwrap_or("none")
            ),
        );
    }
    match prefix_fault(&earlier.log, &later.log) {
        None => {
            check.log_is_prefix = true;
            check.entries_since = later.log.len() - earlier.log.len();
        }
        Some(fault) => v.problem(Some("log.jsonl"), format!("compared with the earlier bundle {name}: {fault}")),
    }
    v.earlier = Some(check);
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// Why `earlier` is not, entry for entry, the start of `later`; `None` if it is.
fn prefix_fault(earlier: &[LogLine], later: &[LogLine]) -> Option<String> {
    if earlier.is_empty() || later.is_empty() {
        return Some("one of the two logs cannot be read, so they cannot be compared".into());
    }
    for (i, before) in earlier.iter().enumerate() {
        let Some(now) = later.get(i) else {
            let reversed = later.iter().zip(earlier).all(|(a, b)| a.hash == b.hash);
            return Some(if reversed {
                format!(
                    "this bundle's log has {} entries, the earlier one's {}: this one is the older (give the earlier bundle with --against)",
                    later.len(),
                    earlier.len()
                )
            } else {
                format!(
                    "this bundle's log has {} entries, fewer than the earlier bundle's {}: entries were removed",
                    later.len(),
                    earlier.len()
                )
            });
        };
        if before.hash != now.hash || before.body_hash != now.body_hash || before.prev != now.prev {
            let end = earlier.last().map_or(0, |l| l.seq);
            return Some(format!(
                "log entry {} differs (the earlier bundle's has hash {}…, this one's {}…): the vault's log was rewritten between the two bundles, so something it had recorded up to entry {end} was changed or removed",
                before.seq,
                short(&before.hash),
                short(&now.hash),
            ));
        }
    }
    None
}
