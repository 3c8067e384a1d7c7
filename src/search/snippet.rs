//! The few lines of an article shown with a search result: a window of its
//! text around the first match, every match inside it marked. The matches
//! are found as the index found them (the same folded terms), so `蘇聯`
//! is marked for `苏联`. Pure over its input.

use super::query::Parsed;
use super::tokenizer::{Class, class, terms};
use std::ops::Range;

/// Characters shown before the first match.
const BEFORE: usize = 24;

/// Characters shown in all.
const WINDOW: usize = 100;

/// A result's snippet: its text and the byte ranges of the matches in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// Where `parsed`'s units are found in `text` (byte ranges, in order).
pub fn matches(text: &str, parsed: &Parsed) -> Vec<Range<usize>> {
    let found = terms(text);
    let mut out = Vec::new();
    for unit in &parsed.units {
        let lone = unit.terms.len() == 1 && {
            let mut chars = unit.terms[0].text.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if class(c) == Class::Cjk)
        };
        if lone {
            // A lone character is inside the bigrams: look at characters.
            let wanted = unit.terms[0].text.as_str();
            let folded = crate::finder::fold::fold(text);
            for ((at, c), f) in text.char_indices().zip(folded.chars()) {
                if f.to_string() == wanted {
                    out.push(at..at + c.len_utf8());
                }
            }
            continue;
        }
        let length = unit.terms.len();
        for start in 0..found.len() {
            let Some(window) = found.get(start..start + length) else {
                break;
            };
            let base = window[0].position;
            if window
                .iter()
                .zip(&unit.terms)
                .all(|(got, want)| got.text == want.text && got.position - base == want.position)
            {
                out.push(window[0].from..window[length - 1].to);
            }
        }
    }
    out.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
    // Overlapping marks become one.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in out {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The snippet of `text` for `parsed`: around the first match, else the
/// text's beginning. Line breaks and runs of spaces read as one space.
pub fn snippet(text: &str, parsed: &Parsed) -> Snippet {
    let found = matches(text, parsed);
    let first = found.first().map_or(0, |range| range.start);
    // Start a few characters before the first match, at a character.
    let start = text[..first]
        .char_indices()
        .rev()
        .nth(BEFORE.saturating_sub(1))
        .map_or(0, |(at, _)| at);
    let start = word_start(text, start, first);
    let end = text[start..]
        .char_indices()
        .nth(WINDOW)
        .map_or(text.len(), |(at, _)| start + at);
    let mut out = Snippet::default();
    let mut open: Option<usize> = None;
    let mut last_space = true;
    for (at, c) in text[start..end].char_indices() {
        let at = start + at;
        if open.is_none() && found.iter().any(|r| r.start == at) {
            open = Some(out.text.len());
        }
        if c.is_whitespace() || c.is_control() {
            if !last_space {
                out.text.push(' ');
            }
            last_space = true;
        } else {
            out.text.push(c);
            last_space = false;
        }
        let next = at + c.len_utf8();
        if let Some(from) = open
            && found.iter().any(|r| r.end == next)
        {
            out.marks.push(from..out.text.len());
            open = None;
        }
    }
    if let Some(from) = open {
        out.marks.push(from..out.text.len());
    }
    let trimmed_end = out.text.trim_end().len();
    out.text.truncate(trimmed_end);
    for mark in &mut out.marks {
        mark.end = mark.end.min(trimmed_end);
        mark.start = mark.start.min(mark.end);
    }
    out.marks.retain(|m| !m.is_empty());
    out
}

/// `start` moved so that the snippet does not begin inside a word or a
/// number (`77年` cut from `1877年`): back to the word's start when it is
/// short, else forward past it (never past `limit`, the first match).
fn word_start(text: &str, start: usize, limit: usize) -> usize {
    let is_word = |c: char| class(c) == Class::Word;
    let before = text[..start].chars().next_back();
    let at = text[start..].chars().next();
    if !(before.is_some_and(is_word) && at.is_some_and(is_word)) {
        return start;
    }
    let back: Vec<(usize, char)> = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .take(MAX_WORD_BACK + 1)
        .collect();
    if back.len() <= MAX_WORD_BACK {
        return back.last().map_or(start, |&(i, _)| i);
    }
    text[start..limit]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(start, |(i, _)| start + i)
}

/// How far back a snippet's start goes to begin at a word's start.
const MAX_WORD_BACK: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn marked(snippet: &Snippet) -> Vec<&str> {
        snippet
            .marks
            .iter()
            .map(|m| &snippet.text[m.clone()])
            .collect()
    }

    #[test]
    fn a_word_is_marked_in_either_script() {
        let text = "1945年，蘇聯承諾不再介入新疆事務。苏联";
        let s = snippet(text, &parse("苏联"));
        assert_eq!(marked(&s), ["蘇聯", "苏联"]);
        let s = snippet(text, &parse("新疆 承诺"));
        assert_eq!(marked(&s), ["承諾", "新疆"]);
    }

    #[test]
    fn the_window_starts_near_the_first_match() {
        let text = format!("{}新疆{}", "前".repeat(500), "后".repeat(500));
        let s = snippet(&text, &parse("新疆"));
        assert!(s.text.chars().count() <= WINDOW);
        assert_eq!(marked(&s), ["新疆"]);
        assert!(s.text.starts_with("前"));
    }

    #[test]
    fn a_snippet_never_starts_inside_a_word_or_a_number() {
        // The window would start at the second 7 of 1877.
        let text = format!("{}1877{}新疆", "前".repeat(30), "年".repeat(22));
        let s = snippet(&text, &parse("新疆"));
        assert!(s.text.starts_with("1877年"), "{}", s.text);
        let text = format!("x{}是新疆", "a".repeat(40));
        let s = snippet(&text, &parse("新疆"));
        assert!(s.text.starts_with("是新疆"), "{}", s.text);
    }

    #[test]
    fn lone_characters_latin_words_and_no_match() {
        let s = snippet("The Qing army\nentered 疆域", &parse("qing 疆"));
        assert_eq!(s.text, "The Qing army entered 疆域");
        assert_eq!(marked(&s), ["Qing", "疆"]);
        let s = snippet("nothing here", &parse("新疆"));
        assert_eq!(s.text, "nothing here");
        assert!(s.marks.is_empty());
        assert_eq!(snippet("", &parse("a")), Snippet::default());
    }
}
