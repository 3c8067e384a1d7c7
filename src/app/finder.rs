//! The finder popup's state: the query line being edited, the scope its
//! first character picks, the results shown and the selected one's
//! preview. Which names each scope offers is decided here; matching is the
//! `finder` engine's, drawing is `ui::finder`'s. Nothing here draws or
//! reads the terminal.

use super::page::Page;
pub use super::query_line::{MAX_QUERY_CHARS, QueryLine};
use crate::corpus::{ArticleId, Corpus, Resolution};
use crate::document::{Block, plain_text};
use crate::finder::{Hit, Index, Item, ItemKind, ItemRef, LazyIndex, Preferences};
use std::sync::Arc;

/// How many results a search returns to the popup: a few screens' worth.
pub const RESULT_LIMIT: usize = 60;

/// How much of a preview is kept (characters).
const PREVIEW_CHARS: usize = 600;

/// What the finder searches, picked by the query's first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// No prefix: the corpus's article titles, redirects and aliases.
    Titles,
    /// `@`: the current article's headings.
    Headings,
    /// `#`: its footnotes, by number or text.
    Footnotes,
    /// `>`: its entities, in the corpus or not.
    Entities,
    /// `/`: the text of every article of the corpus (the full-text index).
    Text,
    /// `<`: the articles that link to the current one.
    LinksHere,
    /// `=NAME`: the articles in category NAME.
    Category,
    /// `'`: the bookmarks.
    Bookmarks,
    /// `~`: the trail of articles opened, newest first.
    Trail,
}

impl Scope {
    /// The scope `query` asks for, and the query without its prefix.
    /// Scopes answered by the full-text index.
    pub fn asks_the_index(self) -> bool {
        matches!(self, Scope::Text | Scope::LinksHere | Scope::Category)
    }

    pub fn of(query: &str) -> (Scope, &str) {
        let mut chars = query.chars();
        let scope = match chars.next() {
            Some('@') => Scope::Headings,
            Some('#') => Scope::Footnotes,
            Some('>') => Scope::Entities,
            Some('/') => Scope::Text,
            Some('<') => Scope::LinksHere,
            Some('=') => Scope::Category,
            Some('\'') => Scope::Bookmarks,
            Some('~') => Scope::Trail,
            _ => return (Scope::Titles, query),
        };
        (scope, chars.as_str())
    }

    /// How the popup names the scope.
    pub fn label(self) -> String {
        use crate::i18n::Text;
        crate::tr!(match self {
            Scope::Titles => Text::ScopeArticles,
            Scope::Headings => Text::ScopeHeadings,
            Scope::Footnotes => Text::ScopeFootnotes,
            Scope::Entities => Text::ScopeEntities,
            Scope::Text => Text::ScopeText,
            Scope::LinksHere => Text::ScopeLinksHere,
            Scope::Category => Text::ScopeCategory,
            Scope::Bookmarks => Text::ScopeBookmarks,
            Scope::Trail => Text::ScopeTrail,
        })
    }
}

/// The finder popup.
#[derive(Debug, Clone)]
pub struct Finder {
    /// The query as typed, prefix included, and its cursor.
    pub line: QueryLine,
    /// The results shown, best first (from `shown_index`).
    pub hits: Vec<Hit>,
    /// The index the shown results point into.
    pub shown_index: Option<Arc<Index>>,
    /// How many names matched in all (the list shows at most
    /// [`RESULT_LIMIT`]); at most that many until `counted`.
    pub matched: usize,
    /// False while the search thread still settles `matched`.
    pub counted: bool,
    /// The search request whose results are shown.
    pub shown_generation: Option<u64>,
    /// The selected result.
    pub selected: usize,
    /// A search for the current query is still running.
    pub searching: bool,
    /// The selected result's preview.
    pub preview: Preview,
    /// The current article's scopes, built when the finder opened.
    pub headings: Arc<LazyIndex>,
    pub footnotes: Arc<LazyIndex>,
    pub entities: Arc<LazyIndex>,
    /// Ranking for titles: the article's entities up, recent articles first.
    pub title_preferences: Arc<Preferences>,
    /// Ranking for the article's own scopes.
    pub page_preferences: Arc<Preferences>,
    /// The full-text results shown (`/` scope): one snippet per hit.
    pub text: Option<TextShown>,
    /// The bookmarks (`'`) and the trail (`~`), newest first: articles by
    /// name, with the place of each bookmark item.
    pub bookmarks: Arc<LazyIndex>,
    pub bookmark_places: Vec<super::history::Location>,
    pub trail: Arc<LazyIndex>,
}

/// What the finder shows of a full-text search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextShown {
    /// The query line these results answer (prefix included).
    pub query: String,
    /// The snippet of each result, in the order of `hits`.
    pub snippets: Vec<crate::search::Snippet>,
    /// The words and phrases looked for (the article opened from a result
    /// is searched for the first).
    pub units: Vec<String>,
    /// Why there are no results to show (no index, an error), if so.
    pub problem: Option<String>,
    /// How far the index is built (percent), when it is still being built.
    pub partial: Option<usize>,
    /// The index's build stopped (a full disk): these results come from
    /// what it held.
    pub incomplete: bool,
    /// Categories listed first (`▸ NAME`): a category's subcategories, then
    /// the others whose name holds what was typed. Enter lists that
    /// category in turn.
    pub subcategories: Vec<String>,
}

impl TextShown {
    /// The subcategory shown as result `index`, if that result is one.
    pub fn subcategory(&self, index: usize) -> Option<&str> {
        self.subcategories.get(index).map(String::as_str)
    }
}

/// What the preview pane shows for the selected result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// A first line saying what the result is (`→ 伊犁危機`, `not in the corpus`).
    pub heading: String,
    pub text: String,
    /// Byte ranges of `text` to highlight (a full-text result's matches).
    pub marks: Vec<std::ops::Range<usize>>,
    /// The text is being read (off the interface thread).
    pub pending: bool,
    /// The article previewed (none for a heading, footnote or entity).
    pub target: Option<ArticleId>,
}

impl Finder {
    /// A finder over `page`'s headings, footnotes and entities, ranking
    /// titles with `recent` (most recent first) and `page`'s entities up.
    pub fn new(page: Option<&Page>, recent: &[ArticleId]) -> Finder {
        let boosted = page.map_or_else(Default::default, |page| {
            page.entities
                .iter()
                .filter_map(|e| e.resolution.article())
                .collect()
        });
        // The article on screen is the most recent; the one before it is
        // what a reader jumping back wants first.
        let current = page.map(|p| p.id);
        let title_preferences = Preferences {
            boosted,
            recent: recent
                .iter()
                .copied()
                .filter(|&id| Some(id) != current)
                .collect(),
            one_per_target: true,
        };
        Finder {
            line: QueryLine::default(),
            hits: Vec::new(),
            shown_index: None,
            matched: 0,
            counted: true,
            shown_generation: None,
            selected: 0,
            searching: false,
            preview: Preview::default(),
            headings: Arc::new(LazyIndex::ready(Index::new(heading_items(page)))),
            footnotes: Arc::new(LazyIndex::ready(Index::new(footnote_items(page)))),
            entities: Arc::new(LazyIndex::ready(Index::new(entity_items(page)))),
            title_preferences: Arc::new(title_preferences),
            page_preferences: Arc::new(Preferences::default()),
            text: None,
            bookmarks: Arc::new(LazyIndex::ready(Index::default())),
            bookmark_places: Vec::new(),
            trail: Arc::new(LazyIndex::ready(Index::default())),
        }
    }

    /// The scope and the query within it.
    pub fn scope(&self) -> (Scope, &str) {
        Scope::of(&self.line.text)
    }

    /// The selected result's item, if any.
    pub fn selected_item(&self) -> Option<ItemRef<'_>> {
        let hit = self.hits.get(self.selected)?;
        self.shown_index.as_ref()?.item(hit.item)
    }
}

/// The finder's results for a full-text answer: an index of the articles
/// found (in the corpus's ids, best first) and their hits, and what the
/// popup shows of them.
pub fn text_results(
    corpus: &Corpus,
    results: &crate::search::Results,
) -> (Index, Vec<Hit>, TextShown) {
    let mut items = Vec::with_capacity(results.hits.len());
    let mut snippets = Vec::with_capacity(results.hits.len());
    // Subcategories first, as a category's page lists them; they lead to
    // no article (their target is never read as one).
    for name in &results.subcategories {
        items.push(Item {
            name: format!("▸ {name}"),
            kind: ItemKind::Heading,
            target: usize::MAX,
        });
        snippets.push(Default::default());
    }
    for found in &results.hits {
        let Some(id) = corpus.id_of_entry_path(&found.path) else {
            continue;
        };
        items.push(Item {
            name: corpus
                .entry(id)
                .map_or_else(|| found.title.clone(), |e| e.title.to_string()),
            kind: ItemKind::Article,
            target: id,
        });
        snippets.push(found.snippet.clone());
    }
    let hits = (0..items.len())
        .map(|item| Hit {
            item,
            tier: crate::finder::Tier::Exact,
            score: 0,
            positions: Vec::new(),
        })
        .collect();
    let shown = TextShown {
        query: String::new(),
        snippets,
        units: results.units.clone(),
        problem: None,
        partial: None,
        incomplete: false,
        subcategories: results.subcategories.clone(),
    };
    (Index::new(items), hits, shown)
}

impl Finder {
    /// Offers `notebook`'s bookmarks and trail (those still in `corpus`),
    /// newest first.
    pub fn with_notebook(
        mut self,
        notebook: &super::notebook::Notebook,
        corpus: &Corpus,
    ) -> Finder {
        use super::notebook::time_text;
        let mut items = Vec::new();
        for bookmark in notebook.bookmarks.iter().rev() {
            let Some(id) = corpus.id_of_entry_path(&bookmark.location.path) else {
                continue;
            };
            let note = if bookmark.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", bookmark.note)
            };
            items.push(Item {
                name: format!("{}{note} · {}", bookmark.title, time_text(bookmark.time)),
                kind: ItemKind::Article,
                target: id,
            });
            self.bookmark_places.push(bookmark.location.clone());
        }
        // Their finder keys (folding, pinyin) are made when the scope is
        // first searched, on the search thread: opening the finder never
        // waits for ten thousand trail entries.
        self.bookmarks = Arc::new(LazyIndex::new(move || Index::new(items)));
        let trail: Vec<Item> = notebook
            .trail
            .iter()
            .rev()
            .filter_map(|visit| {
                Some(Item {
                    name: format!("{} · {}", visit.title, time_text(visit.time)),
                    kind: ItemKind::Article,
                    target: corpus.id_of_entry_path(&visit.path)?,
                })
            })
            .collect();
        self.trail = Arc::new(LazyIndex::new(move || Index::new(trail)));
        self
    }
}

/// The article's headings, numbered as the article shows them.
fn heading_items(page: Option<&Page>) -> Vec<Item> {
    page.map_or_else(Vec::new, |page| {
        page.layout
            .headings
            .iter()
            .enumerate()
            .map(|(i, h)| Item {
                name: format!("{} {}", h.number, h.text),
                kind: ItemKind::Heading,
                target: i,
            })
            .collect()
    })
}

/// The article's footnotes, as `number text` so either matches.
fn footnote_items(page: Option<&Page>) -> Vec<Item> {
    page.map_or_else(Vec::new, |page| {
        page.article
            .footnotes
            .iter()
            .map(|f| {
                let text: String = f.text().split_whitespace().collect::<Vec<_>>().join(" ");
                let text: String = text.chars().take(200).collect();
                Item {
                    name: format!("{} {text}", f.marker()),
                    kind: ItemKind::Footnote,
                    target: f.number as usize,
                }
            })
            .collect()
    })
}

/// The article's entities, in order of first mention.
fn entity_items(page: Option<&Page>) -> Vec<Item> {
    page.map_or_else(Vec::new, |page| {
        page.entities
            .iter()
            .enumerate()
            .map(|(i, e)| Item {
                name: e.entity.title.clone(),
                kind: ItemKind::Entity,
                target: i,
            })
            .collect()
    })
}

/// The first paragraph of article `target`'s lead, or why it cannot be
/// read: a preview's text. It reads the corpus (a dump's stream, a file).
pub fn lead_text(corpus: &Corpus, target: ArticleId) -> String {
    match corpus.lead(target) {
        Ok(article) => first_paragraph(&article.blocks),
        Err(err) => err.to_string(),
    }
}

/// The preview of `item`: an article's first paragraph (from its first
/// 16 KiB, so a keystroke never parses a whole large article), a heading's
/// first lines, a footnote's text, an entity's resolution. The lead is
/// read here: see [`preview_without_lead`] for a preview whose lead is
/// read elsewhere.
pub fn preview(item: ItemRef<'_>, corpus: &Corpus, page: Option<&Page>) -> Preview {
    let mut preview = preview_without_lead(item, corpus, page);
    if let (true, Some(target)) = (preview.pending, preview.target) {
        preview.text = lead_text(corpus, target);
        preview.pending = false;
    }
    preview
}

/// [`preview`] as far as it goes without reading the corpus: the lead of
/// an article (or of an entity in the corpus) is left out, `pending`, for
/// [`lead_text`] to read.
pub fn preview_without_lead(item: ItemRef<'_>, corpus: &Corpus, page: Option<&Page>) -> Preview {
    let lead_of = |target: ArticleId, heading: String| Preview {
        heading,
        text: String::new(),
        marks: Vec::new(),
        pending: true,
        target: Some(target),
    };
    match item.kind {
        ItemKind::Article | ItemKind::Redirect | ItemKind::Alias => {
            let title = corpus
                .entry(item.target)
                .map_or_else(String::new, |e| e.title.to_string());
            let heading = match item.kind {
                ItemKind::Article => title,
                _ => format!("→ {title}"),
            };
            lead_of(item.target, heading)
        }
        ItemKind::Heading => {
            let Some(page) = page else {
                return Preview::default();
            };
            let Some(anchor) = page.layout.headings.get(item.target) else {
                return Preview::default();
            };
            let text = page
                .layout
                .lines
                .iter()
                .skip(anchor.line + 1)
                .take(8)
                .map(crate::layout::Line::text)
                .collect::<Vec<_>>()
                .join(" ");
            Preview {
                heading: crate::tr!(crate::i18n::Text::PreviewLine, anchor.line + 1),
                text: shorten(&text),
                ..Preview::default()
            }
        }
        ItemKind::Footnote => {
            let text = page
                .and_then(|p| {
                    p.article
                        .footnotes
                        .iter()
                        .find(|f| f.number as usize == item.target)
                })
                .map(|f| f.text())
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(crate::layout::empty_footnote_text);
            Preview {
                heading: format!("[{}]", item.target),
                text: shorten(&text),
                ..Preview::default()
            }
        }
        ItemKind::Entity => {
            let Some(entity) = page.and_then(|p| p.entities.get(item.target)) else {
                return Preview::default();
            };
            use crate::i18n::Text;
            let mentions = entity.entity.mentions;
            match &entity.resolution {
                Resolution::InCorpus(id) => {
                    let title = corpus.entry(*id).map_or("", |e| e.title);
                    let heading = match mentions {
                        1 => crate::tr!(Text::PreviewInCorpusOnce, title),
                        _ => crate::tr!(Text::PreviewInCorpus, title, mentions),
                    };
                    lead_of(*id, heading)
                }
                Resolution::NotInCorpus { url } | Resolution::External { url } => Preview {
                    heading: match mentions {
                        1 => crate::tr!(Text::PreviewNotInCorpusOnce),
                        _ => crate::tr!(Text::PreviewNotInCorpus, mentions),
                    },
                    text: crate::title::readable_url(url),
                    ..Preview::default()
                },
            }
        }
    }
}

/// The text of the first paragraph among `blocks`, shortened.
fn first_paragraph(blocks: &[Block]) -> String {
    blocks
        .iter()
        .find_map(|block| match block {
            Block::Paragraph { content } => {
                let text = plain_text(content);
                (!text.trim().is_empty()).then_some(text)
            }
            _ => None,
        })
        .map_or_else(String::new, |text| shorten(&text))
}

/// `text` on one line, cut to [`PREVIEW_CHARS`] characters.
fn shorten(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= PREVIEW_CHARS {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(PREVIEW_CHARS).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subcategories_come_first_and_lead_to_no_article() {
        let corpus = Corpus::builtin();
        let (_, entry) = corpus.entries().next().expect("a sample");
        let results = crate::search::Results {
            hits: vec![crate::search::Found {
                title: entry.title.to_string(),
                path: entry.path.to_string(),
                score: 0.0,
                snippet: Default::default(),
            }],
            total: 1,
            subcategories: vec!["同治".into()],
            ..Default::default()
        };
        let (index, hits, shown) = text_results(&corpus, &results);
        let names: Vec<String> = hits
            .iter()
            .filter_map(|h| index.item(h.item).map(|i| i.name.to_string()))
            .collect();
        assert_eq!(names, ["▸ 同治".to_string(), entry.title.to_string()]);
        assert_eq!(shown.subcategory(0), Some("同治"));
        assert_eq!(shown.subcategory(1), None);
    }

    #[test]
    fn prefixes_pick_the_scope() {
        assert_eq!(Scope::of("伊犁"), (Scope::Titles, "伊犁"));
        assert_eq!(Scope::of("@背景"), (Scope::Headings, "背景"));
        assert_eq!(Scope::of("#3"), (Scope::Footnotes, "3"));
        assert_eq!(Scope::of(">左"), (Scope::Entities, "左"));
        assert_eq!(Scope::of("/新疆 苏联"), (Scope::Text, "新疆 苏联"));
        assert_eq!(Scope::of("<伊"), (Scope::LinksHere, "伊"));
        assert_eq!(Scope::of("=同治"), (Scope::Category, "同治"));
        assert_eq!(Scope::of(""), (Scope::Titles, ""));
    }
}
