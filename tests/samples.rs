//! The five sample articles through the library: parsing, footnotes, links,
//! resolution and layout at several widths.

mod common;

use common::{SAMPLES, articles_dir, raw_markup_in};
use unicode_width::UnicodeWidthStr;
use wikiread::cli::dump::dump_text;
use wikiread::corpus::{Corpus, Resolution};
use wikiread::document::{Format, LinkTarget, entities::entities};
use wikiread::layout::{LayoutOptions, layout_article};

/// The sample corpus with its second pass done (lead aliases known).
fn corpus() -> Corpus {
    let corpus = Corpus::open_dir(&articles_dir()).expect("articles/ is a corpus");
    corpus
        .complete(&|_| {}, &std::sync::atomic::AtomicBool::new(false))
        .expect("not cancelled");
    corpus
}

fn article(corpus: &Corpus, title: &str) -> std::sync::Arc<wikiread::document::Article> {
    let id = corpus
        .resolve_title(title)
        .unwrap_or_else(|| panic!("{title} is in the corpus"));
    corpus.article(id).expect("readable")
}

#[test]
fn every_sample_is_in_the_corpus_with_its_format() {
    let corpus = corpus();
    assert_eq!(corpus.len(), 5);
    for (title, _) in SAMPLES {
        let id = corpus.resolve_title(title).expect("resolves");
        let expected = if corpus.entry(id).is_some_and(|e| e.path.ends_with(".wiki")) {
            Format::Wikitext
        } else {
            Format::Markdown
        };
        assert_eq!(corpus.article(id).expect("parses").format, expected);
    }
}

#[test]
fn footnote_counts_match_the_sources() {
    let corpus = corpus();
    for (title, count) in SAMPLES {
        let article = article(&corpus, title);
        assert_eq!(article.footnotes.len(), *count, "{title}");
        for (i, footnote) in article.footnotes.iter().enumerate() {
            assert_eq!(
                footnote.number as usize,
                i + 1,
                "{title}: footnotes are numbered 1..n"
            );
        }
    }
}

#[test]
fn dumps_hold_no_raw_markup() {
    let corpus = corpus();
    for (title, _) in SAMPLES {
        let text = dump_text(&article(&corpus, title), &corpus, 80);
        let found = raw_markup_in(&text);
        assert!(found.is_empty(), "{title}: {found:#?}");
    }
}

#[test]
fn east_turkestan_footnotes_and_metadata() {
    let corpus = corpus();
    let article = article(&corpus, "東突厥斯坦共和國");
    assert!(
        article.footnotes[2].text().starts_with("劉學銚，新疆史論"),
        "{}",
        article.footnotes[2].text()
    );
    assert!(
        article.footnotes[39].is_empty(),
        "footnote 40 has no source text"
    );
    assert_eq!(
        article.source_url.as_deref(),
        Some("https://zh.wikipedia.org/wiki/東突厥斯坦共和國")
    );
    let text = dump_text(&article, &corpus, 80);
    assert!(
        !text.contains("本文内容由"),
        "the conversion header is metadata, not body text"
    );
    assert!(
        article
            .blocks
            .iter()
            .any(|b| matches!(b, wikiread::document::Block::Table(_))),
        "the HTML table"
    );
}

#[test]
fn russian_conquest_aliases_and_link_to_ili_crisis() {
    let corpus = corpus();
    let article = article(&corpus, "俄羅斯入侵突厥斯坦");
    assert_eq!(article.aliases, ["俄羅斯入侵突厥斯坦", "俄羅斯入侵中亞"]);
    let ili = corpus.resolve_title("伊犁危機").expect("in corpus");
    let target = LinkTarget::Article {
        title: "伊犁危機".into(),
        fragment: None,
    };
    assert_eq!(corpus.resolve_link(&target), Resolution::InCorpus(ili));
    assert!(entities(&article).iter().any(|e| e.title == "伊犁危機"));
    assert_eq!(
        corpus.resolve_title("俄羅斯入侵中亞"),
        corpus.resolve_title("俄羅斯入侵突厥斯坦"),
        "aliases resolve"
    );
}

#[test]
fn qing_reconquest_main_link_and_reused_reference() {
    let corpus = corpus();
    let article = article(&corpus, "清军收复新疆之战");
    let ili = corpus.resolve_title("伊犁危機").expect("in corpus");
    let found = entities(&article);
    let main = found
        .iter()
        .find(|e| wikiread::title::title_key(&e.title) == wikiread::title::title_key("伊犁危机"));
    let main = main.expect("{{main|伊犁危机}} is a link");
    let target = LinkTarget::Article {
        title: main.title.clone(),
        fragment: None,
    };
    assert_eq!(corpus.resolve_link(&target), Resolution::InCorpus(ili));
    assert!(
        article
            .blocks
            .iter()
            .any(|b| matches!(b, wikiread::document::Block::Infobox(_)))
    );
    assert_eq!(article.categories.len(), 6);
}

#[test]
fn ili_crisis_links_to_the_qing_reconquest() {
    let corpus = corpus();
    let article = article(&corpus, "伊犁危機");
    let qing = corpus.resolve_title("清军收复新疆之战").expect("in corpus");
    let target = LinkTarget::Article {
        title: "清军收复新疆之战".into(),
        fragment: None,
    };
    assert_eq!(corpus.resolve_link(&target), Resolution::InCorpus(qing));
    assert!(
        entities(&article)
            .iter()
            .any(|e| e.title == "清军收复新疆之战")
    );
}

#[test]
fn every_line_fits_at_20_40_80_and_120_columns() {
    let corpus = corpus();
    for (title, _) in SAMPLES {
        let article = article(&corpus, title);
        for width in [20, 40, 80, 120] {
            let layout = layout_article(&article, width, LayoutOptions::default());
            assert!(layout.lines.len() > 5, "{title} at {width}");
            for line in &layout.lines {
                let text = line.text();
                assert!(
                    text.width() <= width,
                    "{title} at {width}: {text:?} is {} wide",
                    text.width()
                );
                let first = text.trim_start().chars().next();
                assert!(
                    !first.is_some_and(|c| "，。、；：）」』》".contains(c)),
                    "{title} at {width}: line starts with closing punctuation: {text:?}"
                );
                let last = text.trim_end().chars().next_back();
                assert!(
                    !last.is_some_and(|c| "（「『《".contains(c)),
                    "{title} at {width}: line ends with opening punctuation: {text:?}"
                );
            }
        }
    }
}

#[test]
fn the_builtin_corpus_matches_the_folder() {
    let builtin = Corpus::builtin();
    let folder = corpus();
    let titles = |c: &Corpus| {
        let mut t: Vec<String> = c.entries().map(|(_, e)| e.title.to_string()).collect();
        t.sort();
        t
    };
    assert_eq!(titles(&builtin), titles(&folder));
    for (title, count) in SAMPLES {
        assert_eq!(article(&builtin, title).footnotes.len(), *count);
    }
}

#[test]
fn the_articles_are_the_seeds_byte_for_byte() {
    let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("../shared/seeds is not here: nothing to compare");
        return;
    }
    let pairs = [
        ("000_7bad8b29c9e01224.txt", "東突厥斯坦共和國.md"),
        ("001_b37d3f804ceb8225.txt", "苏联入侵新疆.md"),
        ("002_a6dc99b213265863.txt", "俄羅斯入侵突厥斯坦.md"),
        ("003_9345290721a8e234.txt", "清军收复新疆之战.wiki"),
        ("004_ec031cdc8486abea.txt", "伊犁危機.wiki"),
    ];
    for (seed, article) in pairs {
        let expected = std::fs::read(seeds.join(seed)).expect("seed readable");
        let actual = std::fs::read(articles_dir().join(article)).expect("article readable");
        assert!(expected == actual, "{article} differs from {seed}");
    }
}

#[test]
fn redirect_pages_are_other_names_for_their_target() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("伊犁事件.wiki"), "#重定向 [[伊犁危機]]\n").unwrap();
    std::fs::write(
        dir.path().join("Ili crisis.wiki"),
        "#REDIRECT [[伊犁事件]]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("loop_a.wiki"), "#REDIRECT [[loop b]]").unwrap();
    std::fs::write(dir.path().join("loop_b.wiki"), "#REDIRECT [[loop a]]").unwrap();
    std::fs::copy(
        articles_dir().join("伊犁危機.wiki"),
        dir.path().join("伊犁危機.wiki"),
    )
    .unwrap();
    let corpus = Corpus::open_dir(dir.path()).unwrap();
    let target = corpus.resolve_title("伊犁危机").expect("the article");
    assert_eq!(corpus.resolve_title("伊犁事件"), Some(target));
    assert_eq!(
        corpus.resolve_title("ili crisis"),
        Some(target),
        "two hops, first letter folded"
    );
    assert!(
        corpus.resolve_title("loop a").is_some(),
        "a redirect loop ends somewhere"
    );
    assert_eq!(
        corpus.resolve_title("伊犁事件#背景"),
        Some(target),
        "a section of a title"
    );
    let redirect = corpus
        .resolve_title("伊犁事件")
        .and_then(|id| corpus.entry(id));
    assert_eq!(redirect.map(|e| e.path), Some("伊犁危機.wiki"));
}

#[test]
fn a_redirect_out_of_the_corpus_is_not_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dangling.wiki"),
        "#REDIRECT [[Nowhere at all]]",
    )
    .unwrap();
    std::fs::write(dir.path().join("C#.wiki"), "C sharp").unwrap();
    std::fs::write(dir.path().join("C.wiki"), "C").unwrap();
    let corpus = Corpus::open_dir(dir.path()).unwrap();
    assert_eq!(corpus.resolve_title("dangling"), None);
    assert!(
        corpus.warnings.is_empty(),
        "C and C# are two titles: {:?}",
        corpus.warnings
    );
    let c_sharp = corpus.resolve_title("C#").and_then(|id| corpus.entry(id));
    assert_eq!(c_sharp.map(|e| e.path), Some("C#.wiki"));
    let c = corpus.resolve_title("C").and_then(|id| corpus.entry(id));
    assert_eq!(c.map(|e| e.path), Some("C.wiki"));
}

#[test]
fn citation_markers_and_middle_dots_never_start_a_line() {
    // Before: 34 lines across the samples started with `[11]，`, `[20]。`
    // or a lone `[2]` at 80 columns, and a line started with `·` at 60.
    use wikiread::layout::Target;
    let corpus = corpus();
    let mut checked = 0;
    for (title, _) in SAMPLES {
        let article = article(&corpus, title);
        for width in 20..=120 {
            let layout = layout_article(&article, width, LayoutOptions::default());
            for (n, line) in layout.lines.iter().enumerate() {
                let text = line.text();
                let Some(first) = line.spans.iter().find(|s| !s.text.trim().is_empty()) else {
                    continue;
                };
                // A line may start with a citation only when nothing came
                // before it in its block (the line before is blank), or
                // when it goes on a chain of citations too long for one
                // line (the line before ends with one).
                let is_citation = |span: &wikiread::layout::Span| {
                    span.target
                        .is_some_and(|t| matches!(layout.targets.get(t), Some(Target::Citation(_))))
                };
                let cites = is_citation(first);
                let before = n.checked_sub(1).map(|m| &layout.lines[m]);
                let after_text = before.is_some_and(|line| {
                    let last = line.spans.iter().rev().find(|s| !s.text.trim().is_empty());
                    last.is_some_and(|span| !is_citation(span))
                });
                assert!(
                    !(cites && after_text),
                    "{title} at {width}: line {n} starts with a citation: {text:?}"
                );
                assert!(
                    !text.trim_start().starts_with('·'),
                    "{title} at {width}: line {n} starts with a middle dot: {text:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}
