//! Every real article in `../shared/corpus/` (both formats, Chinese, English,
//! German) parses without panic and dumps without raw markup, without a line
//! starting with closing punctuation and without a warning of lost text. Runs when that
//! folder exists next to the project; says so when it does not.

mod common;

use common::{raw_markup_in, shared_corpus};
use unicode_width::UnicodeWidthStr;
use wikiread::cli::dump::dump_text;
use wikiread::corpus::Corpus;

/// What no line may start with (UAX 14's closing punctuation of Chinese).
const CLOSING_PUNCTUATION: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '）', '」', '』', '】', '》', '〉', '〕', '﹂',
];

/// Words of the warnings that say some of the source's text was not shown.
const LOSS_WORDS: &[&str] = &["dropped", "lost", "vanish"];

#[test]
fn every_shared_article_dumps_clean() {
    let Some(dir) = shared_corpus() else {
        eprintln!("../shared/corpus is not here: nothing to check");
        return;
    };
    let corpus = Corpus::open_dir(&dir).expect("the shared corpus opens");
    assert!(corpus.len() > 100, "{} articles", corpus.len());
    let mut failures = Vec::new();
    for (id, entry) in corpus.entries() {
        // Notes about the corpus, not an article: its code spans quote markup on purpose.
        if entry.path.ends_with("SOURCE.md") {
            continue;
        }
        let article = corpus.article(id).expect("readable");
        for width in [30, 100] {
            let text = dump_text(&article, &corpus, width);
            for found in raw_markup_in(&text) {
                failures.push(format!("{} at {width}: {found}", entry.path));
            }
            // The title line and the entity lines (title and path or URL) are not wrapped.
            let body_and_footnotes = text.split("\nEntities\n").next().unwrap_or("");
            if let Some(line) = body_and_footnotes
                .lines()
                .skip(1)
                .find(|l| l.width() > width)
            {
                failures.push(format!("{} at {width}: too wide: {line:?}", entry.path));
            }
            for line in body_and_footnotes.lines() {
                // Inside a table too: what starts a cell's line.
                for start in line.split('│') {
                    let start = start.trim_start();
                    if start.starts_with(CLOSING_PUNCTUATION) {
                        failures.push(format!(
                            "{} at {width}: a line starts with closing punctuation: {line:?}",
                            entry.path
                        ));
                    }
                }
            }
        }
        for warning in &article.warnings {
            if LOSS_WORDS.iter().any(|word| warning.contains(word)) {
                failures.push(format!("{}: text lost: {warning}", entry.path));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn redirect_stubs_are_redirects() {
    let Some(dir) = shared_corpus() else { return };
    let corpus = Corpus::open_dir(&dir).expect("opens");
    let redirects: Vec<_> = corpus
        .entries()
        .filter(|&(id, _)| corpus.redirect(id).is_some())
        .collect();
    assert!(
        !redirects.is_empty(),
        "the en-wtf folder holds a redirect stub"
    );
}

/// Full-text search over the shared corpus: every article holding a word
/// is found for it (recall 100%, words taken from the articles' own links),
/// and the article whose title is the query comes first.
#[test]
fn full_text_search_finds_every_article_holding_a_word() {
    use std::collections::BTreeSet;
    use std::sync::atomic::AtomicBool;
    use wikiread::search::tokenizer::terms;
    use wikiread::search::{SearchIndex, build, query};
    let Some(dir) = shared_corpus() else {
        eprintln!("../shared/corpus is not here: nothing to check");
        return;
    };
    let corpus = Corpus::open_dir(&dir).expect("the shared corpus opens");
    let search = SearchIndex::in_memory().expect("an index");
    let built = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(built.indexed, corpus.len());
    // Each article's text as terms (what the index holds) and folded (to
    // check Chinese words by plain substring, the tokenizer not its own judge).
    let mut texts = Vec::new();
    let mut words = BTreeSet::new();
    for (id, entry) in corpus.entries() {
        let article = corpus.article(id).expect("readable");
        if article.redirect.is_some() {
            continue;
        }
        let extracted = build::extract(&article);
        words.extend(extracted.links.iter().take(8).cloned());
        let text = format!("{}\n{}", extracted.title, extracted.body);
        let found: Vec<(String, usize)> = terms(&text)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect();
        texts.push((
            entry.title.to_string(),
            found,
            wikiread::finder::fold::fold(&text),
        ));
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for word in &words {
        let phrase = format!("\"{word}\"");
        let parsed = query::parse(&phrase);
        let [unit] = parsed.units.as_slice() else {
            continue;
        };
        if parsed.cut || unit.terms.len() < 2 && unit.terms[0].text.chars().count() < 2 {
            continue;
        }
        let han = word.chars().all(wikiread::wiki::script::is_han);
        let folded = wikiread::finder::fold::fold(word);
        let wanted: Vec<(&str, usize)> = unit
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        let expected: BTreeSet<&str> = texts
            .iter()
            .filter(|(_, found, text)| {
                if han {
                    text.contains(&folded)
                } else {
                    found.windows(wanted.len()).any(|w| {
                        w.iter().zip(&wanted).all(|((got, at), (want, offset))| {
                            got == want && *at == w[0].1 + offset
                        })
                    })
                }
            })
            .map(|(title, _, _)| title.as_str())
            .collect();
        let got: Vec<String> = search.matching_titles(&phrase).expect("searched");
        let got: BTreeSet<&str> = got.iter().map(String::as_str).collect();
        if got != expected {
            failures.push(format!("{word}: found {got:?}, expected {expected:?}"));
        }
        checked += 1;
    }
    for (title, _, _) in &texts {
        let found = search.search(title, 1).expect("searched");
        if found.hits.first().map(|h| h.title.as_str()) != Some(title.as_str()) {
            failures.push(format!("{title}: not first for its own title"));
        }
    }
    assert!(checked > 200, "{checked} words");
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
