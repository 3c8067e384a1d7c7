//! The MediaWiki preprocessor (`wikiread::preprocess`): an article of real
//! text (the sample 伊犁危機) with 200 transclusions of templates from the
//! corpus (a citation template with named parameters and an `#if`, a
//! language template, nested calls), expanded; the goal is 5 ms. The same
//! with the templates read from a multistream dump through the corpus
//! index (2 000 other pages around them, 100 a stream): with the corpus's
//! template cache warm, and on a corpus just opened (each template read
//! from its stream). Also the sample alone, with nothing to transclude
//! (what every wikitext article pays).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use wikiread::corpus::Corpus;
use wikiread::corpus::dump::Page;
use wikiread::corpus::dump::writer::MultistreamWriter;
use wikiread::preprocess::{self, NoTemplates};

/// A multistream dump in `dir`: 2 000 articles of real text with the
/// template pages among them (spread over the streams), and its index.
fn write_dump(dir: &Path, templates: &HashMap<String, String>) -> PathBuf {
    let dump = dir.join("zhwiki-20260101-pages-articles-multistream.xml.bz2");
    let index = dir.join("zhwiki-20260101-pages-articles-multistream-index.txt.bz2");
    let mut writer = MultistreamWriter::new(&dump, &index, "zhwiki").expect("a writer");
    let filler = wikiread::corpus::builtin::BUILTIN_ARTICLES
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect::<Vec<_>>();
    let mut names: Vec<&String> = templates.keys().collect();
    names.sort();
    let mut id = 0;
    let mut page = |title: String, namespace: i64, text: String| {
        id += 1;
        Page {
            title,
            namespace,
            id,
            redirect: None,
            markdown: false,
            text,
            truncated: false,
        }
    };
    for i in 0..2000 {
        let text = filler[i % filler.len()].clone();
        writer
            .write_page(&page(format!("條目{i}"), 0, text))
            .expect("written");
        if i % 700 == 350 {
            let name = names[(i / 700) % names.len()];
            let text = templates[name].clone();
            writer
                .write_page(&page(name.clone(), 10, text))
                .expect("written");
        }
    }
    writer.finish().expect("finished");
    dump
}

fn templates() -> HashMap<String, String> {
    let mut pages = HashMap::new();
    pages.insert(
        "Template:Cite web".to_string(),
        "{{{author|}}}{{#if:{{{date|}}}|（{{{date}}}）}}。[{{{url}}} {{{title}}}]，{{{publisher|}}}\
         <noinclude>文档与分类</noinclude>"
            .to_string(),
    );
    pages.insert(
        "Template:Lang".to_string(),
        "<span lang=\"{{{1}}}\">{{{2}}}</span>".to_string(),
    );
    pages.insert(
        "Template:Bd".to_string(),
        "{{{1}}}年{{#if:{{{2|}}}|{{{2}}}月}}－{{{3|}}}".to_string(),
    );
    pages
}

fn bench(c: &mut Criterion) {
    let sample = wikiread::corpus::builtin::BUILTIN_ARTICLES
        .iter()
        .find(|(name, _)| name.starts_with("伊犁危機"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let mut article = sample.clone();
    for i in 0..200 {
        let call = match i % 4 {
            0 => format!(
                "{{{{cite web|url=https://example.org/{i}|title=第{i}号文献|author=左宗棠|date=1876年{}月|publisher=清廷}}}}",
                i % 12 + 1
            ),
            1 => format!("{{{{lang|ru|Туркестан {i}}}}}"),
            2 => format!(
                "{{{{bd|18{:02}|{}|{{{{lang|zh|清}}}}}}}}",
                i % 100,
                i % 12 + 1
            ),
            _ => format!("{{{{Cite web|url=u{i}|title={{{{lang|en|T{i}}}}}}}}}"),
        };
        article.push_str(&call);
        article.push('\n');
    }
    let pages = templates();
    let expanded = preprocess::expand(&article, "伊犁危機", &pages);
    // The sample's own templates (its infobox…) are not among these.
    assert!(
        expanded
            .warnings
            .iter()
            .all(|w| w.contains("not in the corpus")),
        "{:?}",
        expanded.warnings
    );
    for call in ["{{cite web", "{{Cite web", "{{bd|", "{{lang|"] {
        assert!(!expanded.text.contains(call), "every call expanded: {call}");
    }
    assert!(expanded.text.contains("第196号文献"));
    c.bench_function("preprocess/200 transclusions in 伊犁危機", |b| {
        b.iter(|| preprocess::expand(black_box(&article), "伊犁危機", &pages))
    });
    let dir = tempfile::tempdir().expect("a temporary directory");
    let dump = write_dump(dir.path(), &pages);
    let open =
        || Corpus::open_dump(&dump, Some(&dir.path().join("cache")), &|_, _| {}).expect("opens");
    let corpus = open();
    let from_dump = preprocess::expand(&article, "伊犁危機", &corpus);
    assert_eq!(
        from_dump.text, expanded.text,
        "the same templates from the dump"
    );
    c.bench_function(
        "preprocess/200 transclusions from a dump, cache warm",
        |b| b.iter(|| preprocess::expand(black_box(&article), "伊犁危機", &corpus)),
    );
    c.bench_function(
        "preprocess/200 transclusions from a dump just opened",
        |b| {
            b.iter_batched(
                open,
                |fresh| preprocess::expand(black_box(&article), "伊犁危機", &fresh),
                BatchSize::PerIteration,
            )
        },
    );
    c.bench_function("preprocess/伊犁危機, nothing to transclude", |b| {
        b.iter(|| preprocess::expand(black_box(&sample), "伊犁危機", &NoTemplates))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
