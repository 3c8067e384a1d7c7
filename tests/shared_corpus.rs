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
