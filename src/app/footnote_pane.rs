//! The footnote pane's own state and commands: the footnote selected (a
//! followed citation, or one stepped to), which of its links Tab has
//! reached, and the citation Backspace returns to after one was followed.
//! It never reads the article: which footnotes are shown is the page's.

/// What the footnote pane remembers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FootnotePane {
    /// The footnote selected, if one is.
    pub selected: Option<u32>,
    /// Which of its links Tab has reached.
    pub link: usize,
    /// The citation (a target of the article) followed to the selected
    /// footnote, where Backspace returns.
    pub citation_return: Option<usize>,
}

impl FootnotePane {
    /// Selects footnote `number`; another footnote's links start again
    /// from the first.
    pub fn select(&mut self, number: u32) {
        if self.selected != Some(number) {
            self.link = 0;
        }
        self.selected = Some(number);
    }

    /// Lets the selection go: the pane follows the reading position again.
    pub fn release(&mut self) {
        self.selected = None;
        self.citation_return = None;
    }

    /// Steps to the next (previous) of the selected footnote's `count` links.
    pub fn step_link(&mut self, count: usize, forward: bool) {
        if count == 0 {
            return;
        }
        self.link = if forward {
            (self.link + 1) % count
        } else {
            (self.link + count - 1) % count
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selecting_another_footnote_starts_its_links_again() {
        let mut pane = FootnotePane::default();
        pane.select(3);
        pane.step_link(2, true);
        assert_eq!(pane.link, 1);
        pane.select(3);
        assert_eq!(pane.link, 1, "the same footnote keeps its place");
        pane.select(4);
        assert_eq!(pane.link, 0);
        pane.step_link(3, false);
        assert_eq!(pane.link, 2, "backwards wraps");
        pane.citation_return = Some(9);
        pane.release();
        assert_eq!(
            pane,
            FootnotePane {
                link: 2,
                ..Default::default()
            }
        );
    }
}
