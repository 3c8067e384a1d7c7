//! Back/forward history of reading positions. Going somewhere new drops the
//! forward entries, as browsers do. Plain data: it never opens anything.

use serde::{Deserialize, Serialize};

/// Where the reader was: an article, how far down, and what was focused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The article's path relative to the corpus root.
    pub path: String,
    /// The first visible line.
    pub scroll: usize,
    /// The focused link or citation (index into the layout's targets).
    pub focus: Option<usize>,
}

/// How many entries are kept; the oldest go first.
pub const MAX_HISTORY: usize = 500;

/// A stack of past locations and a stack of locations gone back from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    back: Vec<Location>,
    forward: Vec<Location>,
}

impl History {
    /// Records `current` before going somewhere new; the forward entries go.
    pub fn visit(&mut self, current: Location) {
        self.back.push(current);
        if self.back.len() > MAX_HISTORY {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// The location to return to, given where we are now (kept for forward).
    pub fn back(&mut self, current: Location) -> Option<Location> {
        let previous = self.back.pop()?;
        self.forward.push(current);
        Some(previous)
    }

    /// The location to go forward to, given where we are now (kept for back).
    pub fn forward(&mut self, current: Location) -> Option<Location> {
        let next = self.forward.pop()?;
        self.back.push(current);
        Some(next)
    }

    /// How many steps back are possible.
    pub fn back_len(&self) -> usize {
        self.back.len()
    }

    /// How many steps forward are possible.
    pub fn forward_len(&self) -> usize {
        self.forward.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str, scroll: usize) -> Location {
        Location {
            path: path.into(),
            scroll,
            focus: None,
        }
    }

    #[test]
    fn back_and_forward_restore_positions() {
        let mut history = History::default();
        history.visit(at("a", 10));
        history.visit(at("b", 20));
        // Now at c.
        assert_eq!(history.back(at("c", 5)), Some(at("b", 20)));
        assert_eq!(history.back(at("b", 21)), Some(at("a", 10)));
        assert_eq!(history.back(at("a", 0)), None);
        assert_eq!(history.forward(at("a", 11)), Some(at("b", 21)));
        assert_eq!(history.forward(at("b", 21)), Some(at("c", 5)));
        assert_eq!(history.forward(at("c", 5)), None);
        assert_eq!((history.back_len(), history.forward_len()), (2, 0));
    }

    #[test]
    fn going_somewhere_new_drops_the_forward_entries() {
        let mut history = History::default();
        history.visit(at("a", 0));
        assert_eq!(history.back(at("b", 0)), Some(at("a", 0)));
        assert_eq!(history.forward_len(), 1);
        history.visit(at("a", 3));
        assert_eq!(history.forward_len(), 0);
        assert_eq!(history.forward(at("d", 0)), None);
    }

    #[test]
    fn history_is_bounded() {
        let mut history = History::default();
        for i in 0..MAX_HISTORY + 10 {
            history.visit(at("a", i));
        }
        assert_eq!(history.back_len(), MAX_HISTORY);
    }
}
