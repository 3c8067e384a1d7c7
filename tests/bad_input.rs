//! Hostile input through the whole pipeline (parse → layout → dump) in both
//! formats: deep nesting, unclosed markup, control characters, huge and empty
//! inputs. Nothing may panic; every line must fit; the work must stay linear
//! (a quadratic parser would make these tests crawl, not fail: the benches
//! measure speed).

use unicode_width::UnicodeWidthStr;
use wikiread::cli::dump::dump_text;
use wikiread::corpus::Corpus;
use wikiread::document::{Format, entities::entities, parse_str};
use wikiread::layout::{LayoutOptions, layout_article};

fn survive(text: &str) {
    let corpus = Corpus::builtin();
    for format in [Format::Markdown, Format::Wikitext] {
        let article = parse_str(text, "T", format);
        for width in [1, 2, 7, 80] {
            let layout = layout_article(&article, width, LayoutOptions::default());
            for line in &layout.lines {
                assert!(line.text().width() <= width, "{format:?} at {width}");
            }
        }
        for width in [1, 2, 8, 40] {
            let dump = dump_text(&article, &corpus, width);
            assert!(
                !dump.chars().any(|c| c.is_control() && c != '\n'),
                "{format:?}"
            );
            // Everything but the entity lines (a title and an address, one per
            // entity, at the end) is wrapped.
            let lines: Vec<&str> = dump.lines().collect();
            let wrapped = &lines[..lines.len() - entities(&article).len()];
            for line in wrapped {
                assert!(line.width() <= width, "{format:?} at {width}: {line:?}");
            }
        }
    }
}

#[test]
fn empty_and_blank() {
    for text in [
        "",
        "\n",
        "   ",
        "\n\n\n",
        "\u{feff}",
        "#REDIRECT [[A very long redirect target]]",
        "x<ref>note</ref>",
    ] {
        survive(text);
    }
}

#[test]
fn deep_nesting() {
    let n = 10_000;
    survive(&"{{".repeat(n));
    survive(&format!("{}x{}", "{{a|".repeat(n), "}}".repeat(n)));
    survive(&"[[".repeat(n));
    survive(&format!("{}x{}", "[[a|".repeat(n), "]]".repeat(n)));
    survive(&"> ".repeat(n));
    survive(
        &(0..300)
            .map(|i| format!("{}* x\n", "  ".repeat(i)))
            .collect::<String>(),
    );
    survive(&"*".repeat(n));
    survive(&"<div>".repeat(n));
    survive(&"<table><tr><td>".repeat(2_000));
    survive(&"-{".repeat(n));
    survive(&"{|\n".repeat(2_000));
    survive(&"<ref>".repeat(n));
    survive(&"''".repeat(n));
}

#[test]
fn unclosed_markup() {
    for text in [
        "{{Infobox X|a=[[b",
        "<ref name=a>text",
        "<!-- never closed",
        "-{zh-hans:甲;zh-hant:乙",
        "[x](../Page/T.md \"wikilink\"",
        "<table><tr><td>a",
        "```\ncode",
        "'''bold",
        "[[File:a.jpg|thumb|",
        "{| class=wikitable\n|a\n|-\n|b",
        "<nowiki>abc",
        "<math>x^2",
        "[http://x.org label",
        "== heading",
        "#REDIRECT [[",
        "\\[1",
        "1. \n2.\n3.",
    ] {
        survive(text);
    }
}

#[test]
fn control_characters_everywhere() {
    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect();
    survive(&controls);
    survive(&format!(
        "'''{controls}''' [[{controls}|{controls}]] <ref>{controls}</ref>"
    ));
    survive(&format!(
        "**{controls}** [{controls}](../Page/{controls}.md \"wikilink\") \\[1\\]\n\n1. {controls}"
    ));
}

#[test]
fn huge_inputs_stay_linear() {
    let punctuation = "{{}}[[]]|=<>'\n*#:;-!{|}";
    let mut state = 12345u64;
    let soup: String = (0..1_000_000)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = (state >> 33) as usize % (punctuation.len() + 3);
            punctuation.chars().nth(i).unwrap_or('字')
        })
        .collect();
    for format in [Format::Markdown, Format::Wikitext] {
        let article = parse_str(&soup, "T", format);
        let layout = layout_article(&article, 80, LayoutOptions::default());
        assert!(layout.lines.iter().all(|l| l.text().width() <= 80));
    }
    let long_line = "字".repeat(200_000);
    survive(&long_line);
    let long_word = "a".repeat(1_000_000);
    let article = parse_str(&long_word, "T", Format::Markdown);
    assert!(
        layout_article(&article, 80, LayoutOptions::default())
            .lines
            .len()
            >= 12_500
    );
}
