//! Moving a selection through a list, the same way in every list the reader
//! has (the sidebar, the footnote pane, the finder's results, the help, the
//! headings): a line, ten at a time, to the top or the bottom, never past
//! either end. It knows positions only, never what a list holds.

use super::Action;

/// How far a page moves a list's selection.
pub const LIST_PAGE: usize = 10;

/// Where the selection at `at` in a list of `len` items goes on `action`;
/// `None` when the action is not a move.
pub fn moved(at: usize, len: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    let at = at.min(last);
    Some(match action {
        Action::Down | Action::NextLink => (at + 1).min(last),
        Action::Up | Action::PrevLink => at.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => (at + LIST_PAGE).min(last),
        Action::PageUp | Action::HalfPageUp => at.saturating_sub(LIST_PAGE),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_moves_within_its_list() {
        assert_eq!(moved(0, 5, Action::Down), Some(1));
        assert_eq!(moved(4, 5, Action::Down), Some(4), "never past the end");
        assert_eq!(moved(0, 5, Action::Up), Some(0));
        assert_eq!(moved(2, 30, Action::PageDown), Some(12));
        assert_eq!(moved(25, 30, Action::PageDown), Some(29));
        assert_eq!(moved(3, 30, Action::PageUp), Some(0));
        assert_eq!(moved(7, 30, Action::Top), Some(0));
        assert_eq!(moved(7, 30, Action::Bottom), Some(29));
        assert_eq!(
            moved(99, 3, Action::Up),
            Some(1),
            "a stale place is brought in first"
        );
        assert_eq!(
            moved(0, 0, Action::Down),
            Some(0),
            "an empty list stays at 0"
        );
        assert_eq!(moved(1, 5, Action::Follow), None);
    }
}
