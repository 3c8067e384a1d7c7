//! Searching the laid-out article: case-insensitive and insensitive to
//! Traditional/Simplified Chinese (`苏联` finds `蘇聯`) and to full-width
//! Latin (`ABC` finds `ＡＢＣ`). Matches are found line
//! by line in the layout, as character ranges, so drawing can highlight
//! them. Pure functions of (layout, query): nothing here changes the page.

use crate::layout::Layout;

/// One match: a line of the layout and a range of its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    /// Character offsets in the line's text.
    pub start: usize,
    pub end: usize,
}

/// A search and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Match>,
    /// The match last jumped to.
    pub current: Option<usize>,
}

/// The characters of `text`, folded as the finder folds them (Simplified
/// Chinese, half-width, lower case): exactly one folded character per
/// character of `text`, so a match's place is the same in both.
pub fn fold_chars(text: &str) -> Vec<char> {
    crate::finder::fold::fold(text).chars().collect()
}

/// Every match of `query` in `layout`, in reading order.
pub fn find(layout: &Layout, query: &str) -> Vec<Match> {
    let needle = fold_chars(query.trim());
    if needle.is_empty() {
        return Vec::new();
    }
    let mut matches = Vec::new();
    for (line_index, line) in layout.lines.iter().enumerate() {
        let hay = fold_chars(&line.text());
        if hay.len() < needle.len() {
            continue;
        }
        let mut start = 0;
        while start + needle.len() <= hay.len() {
            if hay[start..start + needle.len()] == needle[..] {
                matches.push(Match {
                    line: line_index,
                    start,
                    end: start + needle.len(),
                });
                start += needle.len();
            } else {
                start += 1;
            }
        }
    }
    matches
}

impl Search {
    /// Searches `layout` for `query`.
    pub fn new(layout: &Layout, query: &str) -> Search {
        Search {
            query: query.to_string(),
            matches: find(layout, query),
            current: None,
        }
    }

    /// The next match at or after `line` (forward) or before it (backward),
    /// wrapping around the article.
    pub fn step(&mut self, from_line: usize, forward: bool) -> Option<Match> {
        if self.matches.is_empty() {
            return None;
        }
        let index = match (self.current, forward) {
            (Some(i), true) => (i + 1) % self.matches.len(),
            (Some(i), false) => (i + self.matches.len() - 1) % self.matches.len(),
            (None, true) => self
                .matches
                .iter()
                .position(|m| m.line >= from_line)
                .unwrap_or(0),
            (None, false) => self
                .matches
                .iter()
                .rposition(|m| m.line < from_line)
                .unwrap_or(self.matches.len() - 1),
        };
        self.current = Some(index);
        self.matches.get(index).copied()
    }

    /// Matches on `line`, for highlighting.
    pub fn on_line(&self, line: usize) -> impl Iterator<Item = (usize, &Match)> {
        let start = self.matches.partition_point(|m| m.line < line);
        self.matches[start..]
            .iter()
            .enumerate()
            .take_while(move |(_, m)| m.line == line)
            .map(move |(i, m)| (start + i, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Article, Block, Inline};
    use crate::layout::{LayoutOptions, layout_article};

    fn layout_of(paragraphs: &[&str]) -> Layout {
        let article = Article {
            blocks: paragraphs
                .iter()
                .map(|p| Block::Paragraph {
                    content: vec![Inline::text(*p)],
                })
                .collect(),
            ..Article::default()
        };
        layout_article(&article, 40, LayoutOptions::default())
    }

    #[test]
    fn simplified_finds_traditional_and_case_folds() {
        let layout = layout_of(&["蘇聯承諾不再介入", "the Soviet Union", "苏联"]);
        let found = find(&layout, "苏联");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            Match {
                line: 0,
                start: 0,
                end: 2
            }
        );
        assert_eq!(find(&layout, "SOVIET").len(), 1);
        assert!(find(&layout, "  ").is_empty());
    }

    #[test]
    fn full_width_latin_is_found_by_half_width_at_the_same_place() {
        let layout = layout_of(&["共和國（ＡＢＣ）"]);
        assert_eq!(
            find(&layout, "abc"),
            vec![Match {
                line: 0,
                start: 4,
                end: 7
            }]
        );
        assert_eq!(find(&layout, "国（").len(), 1);
    }

    #[test]
    fn stepping_wraps_around() {
        let layout = layout_of(&["甲", "乙", "甲", "丙", "甲"]);
        let mut search = Search::new(&layout, "甲");
        assert_eq!(search.matches.len(), 3);
        // Paragraphs are separated by blank lines: 甲 is on lines 0, 4 and 8.
        assert_eq!(
            search.step(3, true).map(|m| m.line),
            Some(4),
            "first at or after line 3"
        );
        assert_eq!(search.step(3, true).map(|m| m.line), Some(8));
        assert_eq!(
            search.step(3, true).map(|m| m.line),
            Some(0),
            "wraps to the top"
        );
        assert_eq!(
            search.step(3, false).map(|m| m.line),
            Some(8),
            "and back to the bottom"
        );
        let mut fresh = Search::new(&layout, "甲");
        assert_eq!(
            fresh.step(4, false).map(|m| m.line),
            Some(0),
            "last before line 4"
        );
        assert_eq!(search.on_line(4).count(), 1);
    }
}
