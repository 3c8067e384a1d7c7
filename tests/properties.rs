//! Property tests: any input parses without panic in either format, and every
//! laid-out line fits its width and carries no control character.

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;
use wikiread::document::{Format, parse_bytes};
use wikiread::layout::{LayoutOptions, layout_article, layout_footnotes};

/// Strings made of the tokens both formats care about, mixed with Chinese text.
fn markupish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{{"),
        Just("}}"),
        Just("[["),
        Just("]]"),
        Just("|"),
        Just("="),
        Just("\n"),
        Just("\n\n"),
        Just("'''"),
        Just("''"),
        Just("<ref>"),
        Just("</ref>"),
        Just("<ref name=a/>"),
        Just("<ref name=\"a\">"),
        Just("{|"),
        Just("|}"),
        Just("|-"),
        Just("!"),
        Just("-{"),
        Just("}-"),
        Just("*"),
        Just("#"),
        Just(":"),
        Just("=="),
        Just("<br>"),
        Just("<!--"),
        Just("-->"),
        Just("<nowiki>"),
        Just("</nowiki>"),
        Just("<table>"),
        Just("<td>"),
        Just("<tr>"),
        Just("[x](../Page/T.md \"wikilink\")"),
        Just("\\[1\\]"),
        Just("1. "),
        Just("> "),
        Just("**"),
        Just("`"),
        Just("```"),
        Just("    "),
        Just("中文"),
        Just("，"),
        Just("。"),
        Just("（"),
        Just("Latin words"),
        Just("\u{1b}[31m"),
        Just("\u{7}"),
        Just("\u{9b}"),
        Just("\t"),
        Just("👍🏽"),
        Just("\u{fe0f}"),
        Just("e\u{301}"),
        Just("ＡＢＣ"),
        Just("{{Infobox X|a=b"),
        Just("[http://x.org y]"),
        Just("#REDIRECT [[T]]"),
    ];
    proptest::collection::vec(token, 0..80).prop_map(|tokens| tokens.concat())
}

fn check_layout(bytes: &[u8], width: usize) {
    for format in [Format::Markdown, Format::Wikitext] {
        let article = parse_bytes(bytes, "T", format);
        let layout = layout_article(&article, width, LayoutOptions::default());
        let notes = layout_footnotes(&article.footnotes, width);
        for line in layout.lines.iter().chain(notes.lines.iter()) {
            let text = line.text();
            assert!(
                text.width() <= width,
                "{format:?} width {width}: {text:?} is {} wide",
                text.width()
            );
            assert!(
                !text.chars().any(|c| c.is_control()),
                "{format:?}: control character in {text:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_fit(bytes in proptest::collection::vec(any::<u8>(), 0..400), width in 0usize..50) {
        check_layout(&bytes, width);
    }

    #[test]
    fn markup_soup_never_panics_and_fits(text in markupish(), width in 0usize..90) {
        check_layout(text.as_bytes(), width);
    }

    #[test]
    fn arbitrary_unicode_fits(text in "\\PC{0,300}", width in 1usize..40) {
        check_layout(text.as_bytes(), width);
    }
}

/// Names and queries mixing Han characters (polyphonic ones too), Latin,
/// full-width forms, spaces, controls and anything else.
fn finder_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("重".to_string()),
        Just("庆".to_string()),
        Just("左宗棠".to_string()),
        Just("蘇聯".to_string()),
        Just("Ａｂ".to_string()),
        Just(" ".to_string()),
        Just("zz".to_string()),
        Just("\u{1b}[".to_string()),
        "[a-z]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any names and any query: the finder answers without panicking, with
    /// results that point at real names and characters, best tier first,
    /// and narrowing never changes the answer.
    #[test]
    fn the_finder_survives_any_names_and_queries(
        names in prop::collection::vec(finder_text(), 0..30),
        query in finder_text(),
        extra in "[a-z]{0,2}",
    ) {
        use wikiread::finder::{Index, Item, ItemKind, Preferences, Query, search};
        let index = Index::new(
            names
                .iter()
                .enumerate()
                .map(|(i, name)| Item { name: name.clone(), kind: ItemKind::Article, target: i })
                .collect::<Vec<Item>>(),
        );
        let preferences = Preferences::default();
        let first = search(&index, &Query::new(&query), None, &preferences, 10, &|| false)
            .expect("not cancelled");
        for pair in first.hits.windows(2) {
            prop_assert!(pair[0].tier >= pair[1].tier);
        }
        for hit in &first.hits {
            let name = index.items().name(hit.item);
            let count = name.chars().count();
            prop_assert!(hit.positions.iter().all(|&p| p < count), "{name:?} {hit:?}");
        }
        let longer = format!("{query}{extra}");
        let longer_query = Query::new(&longer);
        let full = search(&index, &longer_query, None, &preferences, 10, &|| false)
            .expect("not cancelled");
        if longer_query.narrows(&Query::new(&query)) {
            let narrowed = search(&index, &longer_query, Some(&first.matched), &preferences, 10, &|| false)
                .expect("not cancelled");
            prop_assert_eq!(narrowed.hits, full.hits);
        }
    }
}
