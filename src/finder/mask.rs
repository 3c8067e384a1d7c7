//! Character masks: 64 bits that say which characters a string may hold, so
//! one AND rules out most names that cannot match a query before any
//! character is compared. A mask may say yes wrongly (bits are shared),
//! never no wrongly. Pure functions.

/// The bit standing for `c`: one per ASCII letter and digit, the rest
/// hashed over the remaining 28 bits. `c` should already be folded.
#[inline]
pub fn bit(c: char) -> u64 {
    let slot = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        'A'..='Z' => c as u32 - 'A' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        // Others (Han characters above all) share the remaining 28 bits,
        // so a letter's bit says exactly whether a name holds the letter.
        _ => 36 + ((c as u32).wrapping_mul(2_654_435_761) >> 16) % 28,
    };
    1 << slot
}

/// The mask of every character of `text`, spaces left out (a query's spaces
/// separate words and need not be matched in a spelling).
pub fn of(text: &str) -> u64 {
    text.chars()
        .filter(|c| *c != ' ')
        .fold(0, |mask, c| mask | bit(c))
}

/// True when `have` may hold every character `need` stands for.
#[inline]
pub fn covers(have: u64, need: u64) -> bool {
    have & need == need
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_never_rules_out_a_holder() {
        assert!(covers(of("zuozongtang"), of("zzt")));
        assert!(covers(of("伊犁危机"), of("危机")));
        assert!(covers(of("abc"), of("")));
        assert!(!covers(of("abc"), of("abd")));
        assert!(covers(of("a b"), of("ab")));
    }
}
