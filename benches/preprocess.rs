//! The MediaWiki preprocessor (`wikiread::preprocess`): an article of real
//! text (the sample 伊犁危機) with 200 transclusions of templates from the
//! corpus (a citation template with named parameters and an `#if`, a
//! language template, nested calls), expanded; the goal is 5 ms. Also the
//! sample alone, with nothing to transclude (what every wikitext article
//! pays).

use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;
use wikiread::preprocess::{self, NoTemplates};

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
    assert!(expanded.warnings.is_empty(), "{:?}", expanded.warnings);
    for call in ["{{cite web", "{{Cite web", "{{bd|", "{{lang|"] {
        assert!(!expanded.text.contains(call), "every call expanded: {call}");
    }
    assert!(expanded.text.contains("第196号文献"));
    c.bench_function("preprocess/200 transclusions in 伊犁危機", |b| {
        b.iter(|| preprocess::expand(black_box(&article), "伊犁危機", &pages))
    });
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
