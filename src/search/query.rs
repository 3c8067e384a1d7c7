//! A search typed by a person, read into what the index can answer:
//! words separated by spaces must all be found (a Chinese word anywhere in
//! longer text, as the phrase of its bigrams); text in double quotes is one
//! phrase (an unclosed quote runs to the end); nothing typed is syntax
//! otherwise, so `+`, `:`, `(` or `*` are only separators. Titles weigh
//! more than the body, and an article whose title is the query comes first.
//! Pure: builds queries, never runs them.

use super::index::Fields;
use super::tokenizer::{Class, Term as Token, class, terms};
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

/// Most units read from one query: the rest of a long paste is ignored.
pub const MAX_UNITS: usize = 16;

/// Most terms in one unit (a phrase of 64 bigrams is 65 characters).
pub const MAX_UNIT_TERMS: usize = 64;

/// How much more a match in the title counts than one in the body.
const TITLE_BOOST: f32 = 3.0;

/// How much an exact title adds.
const EXACT_TITLE_BOOST: f32 = 20.0;

/// One thing the query asks for: a word or a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// As typed (for the article search that opens at the first match).
    pub text: String,
    /// Its terms, positions from 0.
    pub terms: Vec<Token>,
}

/// The query read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub units: Vec<Unit>,
    /// The whole query as typed, trimmed (compared with titles).
    pub whole: String,
    /// Part of the query was left out (too long).
    pub cut: bool,
}

/// Reads `query`.
pub fn parse(query: &str) -> Parsed {
    let mut parsed = Parsed {
        whole: query.trim().to_string(),
        ..Parsed::default()
    };
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = query;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, next) = after.split_once('"').unwrap_or((after, ""));
            pieces.push(phrase);
            rest = next;
            continue;
        }
        let end = rest
            .find(|c: char| c == '"' || c.is_whitespace())
            .unwrap_or(rest.len());
        if end > 0 {
            pieces.push(&rest[..end]);
        }
        rest = &rest[end..];
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '"');
    }
    for piece in pieces {
        let mut found = terms(piece);
        if found.is_empty() {
            continue;
        }
        if parsed.units.len() == MAX_UNITS {
            parsed.cut = true;
            break;
        }
        if found.len() > MAX_UNIT_TERMS {
            found.truncate(MAX_UNIT_TERMS);
            parsed.cut = true;
        }
        let first = found[0].position;
        for term in &mut found {
            term.position -= first;
        }
        parsed.units.push(Unit {
            text: piece.trim().to_string(),
            terms: found,
        });
    }
    parsed
}

impl Unit {
    /// A lone CJK character: indexed only inside the bigrams around it.
    fn is_lone_character(&self) -> bool {
        self.terms.len() == 1 && {
            let mut chars = self.terms[0].text.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if class(c) == Class::Cjk)
        }
    }

    /// The query matching this unit in `field`.
    fn query(&self, field: Field) -> Box<dyn Query> {
        if self.is_lone_character() {
            let c = &self.terms[0].text;
            // The character alone, or in a bigram on either side of it.
            let pattern = format!("{c}.?|.{c}");
            if let Ok(query) = RegexQuery::from_pattern(&pattern, field) {
                return Box::new(query);
            }
        }
        if self.terms.len() == 1 {
            return Box::new(TermQuery::new(
                Term::from_field_text(field, &self.terms[0].text),
                IndexRecordOption::WithFreqs,
            ));
        }
        Box::new(PhraseQuery::new_with_offset(
            self.terms
                .iter()
                .map(|t| (t.position, Term::from_field_text(field, &t.text)))
                .collect(),
        ))
    }
}

/// The index query for `parsed`: every unit, in the title or the body; an
/// exact title adds to the score. `None` when there is nothing to look for.
pub fn to_query(parsed: &Parsed, fields: &Fields) -> Option<Box<dyn Query>> {
    if parsed.units.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = parsed
        .units
        .iter()
        .map(|unit| {
            let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(unit.query(fields.title), TITLE_BOOST)),
                ),
                (Occur::Should, unit.query(fields.body)),
            ]));
            (Occur::Must, either)
        })
        .collect();
    let exact = crate::wiki::titles::title_key(&parsed.whole);
    if !exact.is_empty() {
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.title_key, &exact),
                    IndexRecordOption::Basic,
                )),
                EXACT_TITLE_BOOST,
            )),
        ));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(query: &str) -> Vec<String> {
        parse(query).units.into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn words_and_quoted_phrases() {
        assert_eq!(units("新疆 苏联"), ["新疆", "苏联"]);
        assert_eq!(units("\"Qing dynasty\" war"), ["Qing dynasty", "war"]);
        assert_eq!(units("a\"b c"), ["a", "b c"]);
    }

    #[test]
    fn unbalanced_quotes_and_syntax_are_plain_text() {
        assert_eq!(units("\"新疆 省"), ["新疆 省"]);
        assert_eq!(units("title:(a OR b)*"), ["title:(a", "OR", "b)*"]);
        assert!(units("\"\"\" ，。 ").is_empty());
        assert!(parse("").units.is_empty());
    }

    #[test]
    fn a_long_paste_is_cut() {
        let paste = "新疆 ".repeat(50_000);
        let parsed = parse(&paste);
        assert!(parsed.cut);
        assert_eq!(parsed.units.len(), MAX_UNITS);
        let one = "疆".repeat(10_000);
        let parsed = parse(&one);
        assert!(parsed.cut);
        assert_eq!(parsed.units[0].terms.len(), MAX_UNIT_TERMS);
    }

    #[test]
    fn a_lone_character_is_known() {
        assert!(parse("疆").units[0].is_lone_character());
        assert!(!parse("a").units[0].is_lone_character());
        assert!(!parse("新疆").units[0].is_lone_character());
    }
}
