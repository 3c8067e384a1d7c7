//! Link hints: a short label for every link and citation on screen, typed
//! to follow it (as in vimium). Labels are a pure function of how many
//! targets are visible, so drawing and `App::update` agree without storing them.

/// The keys labels are made of: the home row first.
const ALPHABET: &[char] = &[
    'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'q', 'w', 'e', 'r', 'u', 'i', 'o', 'p',
];

/// `count` labels, all of the same length, none a prefix of another.
pub fn labels(count: usize) -> Vec<String> {
    if count == 0 {
        return Vec::new();
    }
    let base = ALPHABET.len();
    let mut length = 1;
    let mut capacity = base;
    while capacity < count {
        length += 1;
        capacity = capacity.saturating_mul(base);
    }
    (0..count)
        .map(|mut n| {
            let mut label = vec!['a'; length];
            for slot in label.iter_mut().rev() {
                *slot = ALPHABET[n % base];
                n /= base;
            }
            label.into_iter().collect()
        })
        .collect()
}

/// What typing `typed` means: the index of a complete label, more letters
/// needed, or no label starting so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintMatch {
    Chosen(usize),
    Partial,
    NoLabel,
}

/// Matches `typed` against `labels`.
pub fn match_typed(labels: &[String], typed: &str) -> HintMatch {
    if let Some(index) = labels.iter().position(|label| label == typed) {
        return HintMatch::Chosen(index);
    }
    if labels.iter().any(|label| label.starts_with(typed)) {
        HintMatch::Partial
    } else {
        HintMatch::NoLabel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_distinct_and_prefix_free() {
        assert!(labels(0).is_empty());
        assert_eq!(labels(3), ["a", "s", "d"]);
        let many = labels(100);
        assert!(many.iter().all(|l| l.chars().count() == 2));
        let mut sorted = many.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        assert_eq!(labels(10_000).len(), 10_000);
    }

    #[test]
    fn typing_narrows_then_chooses() {
        let all = labels(20);
        assert_eq!(match_typed(&all, "a"), HintMatch::Partial);
        assert_eq!(match_typed(&all, &all[7]), HintMatch::Chosen(7));
        assert_eq!(match_typed(&all, "zz"), HintMatch::NoLabel);
    }
}
