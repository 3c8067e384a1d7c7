//! The full-text index's tokenizer: how article text and queries are cut
//! into the terms the index keeps.
//!
//! Text is folded first (Traditional to Simplified, full-width to ASCII,
//! lower case: [`crate::finder::fold::fold`], one character out for each
//! character in, so offsets still point into the original). Then:
//! - a run of CJK letters (Han, kana, Hangul) gives its overlapping bigrams
//!   (`新疆省` → `新疆`, `疆省`), a run of one its single character: a word
//!   of any length is found inside longer text, as a phrase of its bigrams;
//! - a run of other letters and digits is one word (at most
//!   [`MAX_WORD_CHARS`] characters; longer runs are cut there);
//! - anything else separates terms and is never a term.
//!
//! Positions count terms, so a phrase never spans a separator: `苏联，支持`
//! does not hold the phrase `苏联支持`. Pure over its input; never
//! allocates per character beyond the folded copy.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer's name in the index's tokenizer manager.
pub const NAME: &str = "wikiread";

/// Longest word kept whole (characters).
pub const MAX_WORD_CHARS: usize = 40;

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A letter of a script written without spaces: indexed by bigrams.
    Cjk,
    /// A letter or digit of another script: part of a word.
    Word,
    /// Anything else.
    Separator,
}

/// The class of `c` (already folded).
pub fn class(c: char) -> Class {
    if c.is_alphanumeric() {
        if crate::wiki::script::is_cjk(c) {
            Class::Cjk
        } else {
            Class::Word
        }
    } else {
        Class::Separator
    }
}

/// A term with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Byte range in the original text.
    pub from: usize,
    pub to: usize,
    pub position: usize,
}

/// Every term of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let folded = crate::finder::fold::fold(text);
    // (byte offset in the original, folded char), one per original char.
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(at, _)| at)
        .zip(folded.chars())
        .collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut out = Vec::new();
    let mut position = 0;
    let mut i = 0;
    while i < chars.len() {
        let kind = class(chars[i].1);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j].1) == kind {
            j += 1;
        }
        match kind {
            Class::Separator => {}
            Class::Cjk if j - i == 1 => {
                out.push(Term {
                    text: chars[i].1.to_string(),
                    from: chars[i].0,
                    to: end_of(j),
                    position,
                });
                position += 1;
            }
            Class::Cjk => {
                for k in i..j - 1 {
                    let mut pair = String::with_capacity(8);
                    pair.push(chars[k].1);
                    pair.push(chars[k + 1].1);
                    out.push(Term {
                        text: pair,
                        from: chars[k].0,
                        to: end_of(k + 2),
                        position,
                    });
                    position += 1;
                }
            }
            Class::Word => {
                let mut start = i;
                while start < j {
                    let stop = (start + MAX_WORD_CHARS).min(j);
                    out.push(Term {
                        text: chars[start..stop].iter().map(|&(_, c)| c).collect(),
                        from: chars[start].0,
                        to: end_of(stop),
                        position,
                    });
                    position += 1;
                    start = stop;
                }
            }
        }
        i = j;
    }
    out
}

/// The tokenizer tantivy calls.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

/// The terms of one text, handed out one at a time.
pub struct BigramStream {
    terms: std::vec::IntoIter<Term>,
    token: Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        BigramStream {
            terms: terms(text).into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        match self.terms.next() {
            Some(term) => {
                self.token = Token {
                    offset_from: term.from,
                    offset_to: term.to,
                    position: term.position,
                    text: term.text,
                    position_length: 1,
                };
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn han_runs_become_bigrams_and_lone_characters_stay() {
        assert_eq!(texts("新疆省"), ["新疆", "疆省"]);
        assert_eq!(texts("在 疆"), ["在", "疆"]);
        assert_eq!(texts("蘇聯"), ["苏联"]);
    }

    #[test]
    fn latin_words_fold_case_and_width() {
        assert_eq!(
            texts("The ＡＢＣ of Qing-era"),
            ["the", "abc", "of", "qing", "era"]
        );
        assert_eq!(texts("1944年"), ["1944", "年"]);
    }

    #[test]
    fn separators_break_phrases() {
        let found = terms("苏联，支持");
        assert_eq!(
            found
                .iter()
                .map(|t| (t.text.as_str(), t.position))
                .collect::<Vec<_>>(),
            [("苏联", 0), ("支持", 1)]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "a 蘇聯b";
        for term in terms(text) {
            assert!(text.is_char_boundary(term.from) && text.is_char_boundary(term.to));
        }
        assert_eq!(&text[terms(text)[1].from..terms(text)[1].to], "蘇聯");
    }

    #[test]
    fn long_words_are_cut_and_nothing_is_empty() {
        let long = "x".repeat(100);
        let found = texts(&long);
        assert_eq!(found.len(), 3);
        assert!(
            found
                .iter()
                .all(|t| !t.is_empty() && t.chars().count() <= MAX_WORD_CHARS)
        );
        assert!(texts("").is_empty());
        assert!(texts("，。 \u{0}\u{1b}").is_empty());
    }
}
