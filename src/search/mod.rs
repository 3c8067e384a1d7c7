//! Full-text search over the whole corpus, and what the same index knows of
//! links and categories: which articles link to one (backlinks) and which
//! belong to a category.
//!
//! The index is tantivy's, beside the corpus index in the cache directory;
//! its tokenizer finds Chinese words inside longer text (bigrams), folds
//! Traditional to Simplified, full width and case (see [`tokenizer`]).
//! [`build`] keeps it up to date; [`query`] reads what a person typed;
//! [`snippet`] cuts the text shown with a result. This module answers
//! questions; it never draws, and never changes the corpus.

pub mod build;
mod categories;
mod directory;
pub mod index;
mod listing;
pub mod query;
mod queue;
pub mod snippet;
pub mod tokenizer;

pub use index::{SearchError, SearchIndex};
pub use snippet::Snippet;

use crate::wiki::titles::title_key;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// One article found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Found {
    pub title: String,
    /// Its path in the corpus.
    pub path: String,
    pub score: f32,
    pub snippet: Snippet,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Results {
    pub hits: Vec<Found>,
    /// How many articles match in all.
    pub total: usize,
    /// The words and phrases looked for, as typed (the first is what the
    /// article opened from a result is searched for).
    pub units: Vec<String>,
    /// Part of the query was too long and left out.
    pub cut: bool,
    /// For a category's members: its subcategories, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subcategories: Vec<String>,
}

impl SearchIndex {
    /// The articles matching `text`, best first, at most `limit`, each with
    /// a snippet around its first match.
    pub fn search(&self, text: &str, limit: usize) -> Result<Results, SearchError> {
        let parsed = query::parse(text);
        let mut results = Results {
            units: parsed.units.iter().map(|u| u.text.clone()).collect(),
            cut: parsed.cut,
            ..Results::default()
        };
        let Some(query) = query::to_query(&parsed, &self.fields) else {
            return Ok(results);
        };
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
        )?;
        results.total = total;
        for (score, address) in top.into_iter().take(limit) {
            let document: TantivyDocument = searcher.doc(address)?;
            let text_of = |field| {
                document
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = text_of(self.fields.body);
            results.hits.push(Found {
                title: text_of(self.fields.title),
                path: text_of(self.fields.path),
                score,
                snippet: snippet::snippet(&body, &parsed),
            });
        }
        Ok(results)
    }

    /// The paths of the articles that link to the article at `path` titled
    /// `titles` (its title and the titles of its redirects), title order.
    pub fn links_to(
        &self,
        path: &str,
        titles: &[&str],
    ) -> Result<Vec<(String, String)>, SearchError> {
        let mut found = self.titles_of(&self.links_query(path, titles))?;
        found.retain(|(p, _)| p != path);
        Ok(found)
    }

    /// [`SearchIndex::links_to`] for a list shown beside the article: at
    /// most `limit` of them (by title), and how many there are in all.
    pub fn links_to_at_most(
        &self,
        path: &str,
        titles: &[&str],
        limit: usize,
    ) -> Result<(Vec<(String, String)>, usize), SearchError> {
        let query = self.links_query(path, titles);
        let searcher = self.reader.searcher();
        let (mut out, total) = searcher.search(&query, &listing::FirstTitles::new(limit + 1))?;
        out.retain(|(p, _)| p != path);
        out.truncate(limit);
        out.sort_by(|a, b| a.1.cmp(&b.1));
        // The article itself, if it links to itself, is not counted.
        let itself = usize::from(self.links_query_holds(&searcher, path, titles));
        Ok((out, total.saturating_sub(itself)))
    }

    /// Whether the article at `path` links to itself.
    fn links_query_holds(&self, searcher: &tantivy::Searcher, path: &str, titles: &[&str]) -> bool {
        let itself: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![
            (Occur::Must, itself),
            (Occur::Must, Box::new(self.links_query(path, titles))),
        ]);
        searcher.search(&query, &Count).is_ok_and(|n| n > 0)
    }

    /// Documents linking to `path` or to any of `titles`.
    fn links_query(&self, path: &str, titles: &[&str]) -> BooleanQuery {
        let mut terms = vec![format!("@{path}")];
        terms.extend(titles.iter().map(|t| format!("#{}", title_key(t))));
        BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.links, t),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, query)
                })
                .collect(),
        )
    }

    /// [`SearchIndex::category_members`] for a list on screen: at most
    /// `limit` of them (by title) and how many there are in all.
    pub fn category_members_at_most(
        &self,
        name: &str,
        limit: usize,
    ) -> Result<(Vec<(String, String)>, usize), SearchError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.categories, &title_key(name)),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let (mut found, total) = searcher.search(&query, &listing::FirstTitles::new(limit))?;
        found.sort_by(|a, b| a.1.cmp(&b.1));
        Ok((found, total))
    }

    /// The articles in category `name`, by title.
    pub fn category_members(&self, name: &str) -> Result<Vec<(String, String)>, SearchError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.categories, &title_key(name)),
            IndexRecordOption::Basic,
        );
        self.titles_of(&query)
    }

    /// The titles of every article whose text matches `text` (unranked,
    /// no snippets): for checks of what a query finds.
    pub fn matching_titles(&self, text: &str) -> Result<Vec<String>, SearchError> {
        let parsed = query::parse(text);
        let Some(query) = query::to_query(&parsed, &self.fields) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let (found, _) = searcher.search(&query, &listing::FirstTitles::new(usize::MAX))?;
        Ok(found.into_iter().map(|(_, title)| title).collect())
    }

    /// The subcategories of category `name` (from the dump's category
    /// pages), by name.
    pub fn subcategories(&self, name: &str) -> Result<Vec<String>, SearchError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.parents, &title_key(name)),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let (found, _) = searcher.search(&query, &listing::FirstTitles::new(usize::MAX))?;
        let mut names: Vec<String> = found
            .into_iter()
            .filter_map(|(path, _)| path.strip_prefix(index::CATEGORY_PAGE).map(str::to_string))
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// `(path, title)` of every document `query` matches, by title.
    fn titles_of(&self, query: &dyn Query) -> Result<Vec<(String, String)>, SearchError> {
        let searcher = self.reader.searcher();
        let (mut out, _) = searcher.search(query, &listing::FirstTitles::new(usize::MAX))?;
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out.dedup();
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
