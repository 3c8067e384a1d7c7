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
