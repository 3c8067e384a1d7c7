//! One line of text being typed, with its cursor: the finder's query and
//! the article search's both. Typing inserts at the cursor; the keymap's
//! editing actions (`char_left`, `delete_word_back`, …) move and delete by
//! character and word, wide characters whole. It never decides what the
//! text means.

use super::Action;

/// The most characters a line takes (a paste of a whole page is not a query).
pub const MAX_QUERY_CHARS: usize = 256;

/// A line being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryLine {
    pub text: String,
    /// The cursor, as a byte offset into `text` (always on a character
    /// boundary).
    pub cursor: usize,
}

impl QueryLine {
    /// Inserts `c` at the cursor (nothing past [`MAX_QUERY_CHARS`]).
    pub fn insert(&mut self, c: char) {
        if self.text.chars().count() >= MAX_QUERY_CHARS {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Applies `action` if it is an edit (`CharLeft`, `DeleteWordBack`, …):
    /// `None` when it is not one, else whether the text changed.
    pub fn edit(&mut self, action: Action) -> Option<bool> {
        let before = self.text.clone();
        let at = self.cursor;
        match action {
            Action::CharLeft => self.cursor = previous_boundary(&self.text, at),
            Action::CharRight => self.cursor = next_boundary(&self.text, at),
            Action::WordLeft => self.cursor = word_start_before(&self.text, at),
            Action::WordRight => self.cursor = word_end_after(&self.text, at),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.text.len(),
            Action::DeleteBack => {
                let from = previous_boundary(&self.text, at);
                self.text.replace_range(from..at, "");
                self.cursor = from;
            }
            Action::DeleteForward => {
                let to = next_boundary(&self.text, at);
                self.text.replace_range(at..to, "");
            }
            Action::DeleteWordBack => {
                let from = word_start_before(&self.text, at);
                self.text.replace_range(from..at, "");
                self.cursor = from;
            }
            Action::DeleteToStart => {
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            _ => return None,
        }
        Some(self.text != before)
    }
}

fn previous_boundary(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn next_boundary(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// A word is a run of letters or digits (Han characters included); the
/// prefixes `@#>` and spaces separate words.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

fn word_start_before(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let trimmed = before.trim_end_matches(|c: char| !is_word(c));
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word(*c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn word_end_after(text: &str, at: usize) -> usize {
    let after = &text[at..];
    let skipped = after.len() - after.trim_start_matches(|c: char| !is_word(c)).len();
    let rest = &after[skipped..];
    let word = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
    at + skipped + word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, cursor: usize) -> QueryLine {
        QueryLine {
            text: text.to_string(),
            cursor,
        }
    }

    #[test]
    fn editing_keys_move_and_delete_by_character_and_word() {
        let mut f = line("zuo zong tang", 13);
        assert_eq!(f.edit(Action::DeleteWordBack), Some(true));
        assert_eq!((f.text.as_str(), f.cursor), ("zuo zong ", 9));
        f.edit(Action::WordLeft);
        assert_eq!(f.cursor, 4);
        f.edit(Action::WordLeft);
        assert_eq!(f.cursor, 0);
        f.edit(Action::WordRight);
        assert_eq!(f.cursor, 3);
        f.edit(Action::LineEnd);
        f.edit(Action::CharLeft);
        assert_eq!(f.cursor, 8);
        assert_eq!(f.edit(Action::DeleteToStart), Some(true));
        assert_eq!((f.text.as_str(), f.cursor), (" ", 0));
        assert_eq!(f.edit(Action::DeleteBack), Some(false));
        assert_eq!(f.edit(Action::DeleteForward), Some(true));
        assert_eq!(f.text, "");
        assert_eq!(f.edit(Action::Down), None);
    }

    #[test]
    fn a_query_stops_growing_at_its_limit() {
        let mut f = line("", 0);
        for _ in 0..MAX_QUERY_CHARS + 10 {
            f.insert('新');
        }
        assert_eq!(f.text.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(f.cursor, f.text.len());
    }

    #[test]
    fn editing_respects_wide_characters() {
        let mut f = line("伊犁危機", "伊犁危機".len());
        f.edit(Action::DeleteBack);
        assert_eq!(f.text, "伊犁危");
        f.edit(Action::CharLeft);
        f.insert('x');
        assert_eq!(f.text, "伊犁x危");
        f.edit(Action::LineStart);
        f.edit(Action::DeleteForward);
        assert_eq!(f.text, "犁x危");
        f.edit(Action::LineEnd);
        f.edit(Action::DeleteWordBack);
        assert_eq!(f.text, "");
    }
}
