//! Tests of the whole parser: crafted inputs, the sample articles, the
//! shared corpus, hostile inputs and a property test.

use super::*;
use crate::document::parse_str;

fn p(text: &str) -> Article {
    parse(text, "T")
}

fn para(article: &Article, index: usize) -> Vec<Inline> {
    let paragraphs: Vec<&Vec<Inline>> = article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => Some(content),
            _ => None,
        })
        .collect();
    paragraphs
        .get(index)
        .map(|c| (*c).clone())
        .unwrap_or_default()
}

fn body_text(article: &Article) -> String {
    blocks_plain_text(&article.blocks)
}

#[test]
fn empty_input() {
    let article = p("");
    assert!(article.blocks.is_empty());
    assert_eq!(article.format, Format::Wikitext);
    assert_eq!(article.title, "T");
}

/// Every Text inline of the article, with where it is.
fn all_texts(article: &Article) -> Vec<String> {
    fn walk(inlines: &[Inline], out: &mut Vec<String>) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push(text.clone()),
                Inline::Strong { content }
                | Inline::Emphasis { content }
                | Inline::Link { content, .. } => walk(content, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for_each_inline_run(article, &mut |run| walk(run, &mut out));
    out
}

const RAW_MARKUP: &[&str] = &["[[", "]]", "{{", "}}", "<ref", "</", "'''", "-{", "}-"];

fn raw_markup(article: &Article) -> Vec<String> {
    all_texts(article)
        .into_iter()
        .filter(|t| RAW_MARKUP.iter().any(|m| t.contains(m)))
        .collect()
}

/// HTML tags that must never reach the model as text.
const HTML_LEAKS: &[&str] = &[
    "<div", "<span", "<table", "<td", "<tr", "<br", "<small", "<sup", "<sub", "<center", "<font",
    "<p>", "</",
];

fn html_leaks(article: &Article) -> Vec<String> {
    all_texts(article)
        .into_iter()
        .filter(|t| {
            let lower = t.to_lowercase();
            HTML_LEAKS.iter().any(|m| lower.contains(m))
        })
        .collect()
}

fn sample(name: &str) -> Article {
    let text = match name {
        "清军收复新疆之战" => include_str!("../../../articles/清军收复新疆之战.wiki"),
        _ => include_str!("../../../articles/伊犁危機.wiki"),
    };
    parse(text, name)
}

fn link(title: &str, label: &str) -> Inline {
    Inline::Link {
        target: LinkTarget::Article {
            title: title.into(),
            fragment: None,
        },
        content: vec![Inline::text(label)],
    }
}

fn external(url: &str, label: &str) -> Inline {
    Inline::Link {
        target: LinkTarget::External { url: url.into() },
        content: vec![Inline::text(label)],
    }
}

/// Every citation number of some inlines, in order.
fn citations(inlines: &[Inline]) -> Vec<u32> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Citation { number } => out.push(*number),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => out.extend(citations(content)),
            _ => {}
        }
    }
    out
}

fn all_citations(article: &Article) -> Vec<u32> {
    let mut out = Vec::new();
    for_each_block_inline_run(&article.blocks, &mut |run| out.extend(citations(run)));
    out
}

fn assert_no_raw_markup(article: &Article, origin: &str) {
    let bad = raw_markup(article);
    assert!(bad.is_empty(), "{origin}: raw markup in {bad:?}");
}

// ---------- formatting ----------

#[test]
fn bold_italic_and_both() {
    let article = p("'''b''' ''i'' '''''both''''' x");
    assert_eq!(
        para(&article, 0),
        vec![
            Inline::Strong {
                content: vec![Inline::text("b")]
            },
            Inline::text(" "),
            Inline::Emphasis {
                content: vec![Inline::text("i")]
            },
            Inline::text(" "),
            Inline::Strong {
                content: vec![Inline::Emphasis {
                    content: vec![Inline::text("both")]
                }]
            },
            Inline::text(" x"),
        ]
    );
}

#[test]
fn quote_state_resets_at_line_end() {
    let article = p("'''open\nplain");
    assert_eq!(
        para(&article, 0),
        vec![
            Inline::Strong {
                content: vec![Inline::text("open")]
            },
            Inline::text(" plain")
        ]
    );
}

#[test]
fn lead_bold_names_become_aliases() {
    let article = crate::document::parse_str("'''甲'''，又稱'''乙'''。", "T", Format::Wikitext);
    assert_eq!(article.aliases, vec!["甲".to_string(), "乙".to_string()]);
}

#[test]
fn headings_by_level() {
    let article = p("== a ==\n=== b ===\n====== f ======\n=x=");
    let levels: Vec<(u8, String)> = article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content } => Some((*level, plain_text(content))),
            _ => None,
        })
        .collect();
    assert_eq!(
        levels,
        vec![
            (2, "a".into()),
            (3, "b".into()),
            (6, "f".into()),
            (1, "x".into())
        ]
    );
}

#[test]
fn paragraphs_split_by_blank_lines_and_join_lines() {
    let article = p("one\ntwo\n\n中文\n继续\n\nthree");
    assert_eq!(plain_text(&para(&article, 0)), "one two");
    assert_eq!(plain_text(&para(&article, 1)), "中文继续");
    assert_eq!(plain_text(&para(&article, 2)), "three");
}

#[test]
fn lists_nest() {
    let article = p("* a\n** b\n* c\n# one\n#* mixed\n# two");
    let Block::List {
        ordered: false,
        items,
    } = &article.blocks[0]
    else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(items.len(), 2);
    assert!(
        matches!(&items[0].blocks[1], Block::List { ordered: false, items } if items.len() == 1)
    );
    let Block::List {
        ordered: true,
        items,
    } = &article.blocks[1]
    else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(items.len(), 2);
    assert!(matches!(
        &items[0].blocks[1],
        Block::List { ordered: false, .. }
    ));
}

#[test]
fn definition_lines_are_paragraphs() {
    let article = p(";Term\n: indented text\n::deeper");
    let text = body_text(&article);
    assert!(!text.contains(':') && !text.contains(';'), "{text}");
    assert!(
        matches!(&article.blocks[0], Block::Paragraph { content } if matches!(content[0], Inline::Strong { .. }))
    );
    assert_eq!(plain_text(&para(&article, 1)), "indented text");
}

#[test]
fn rule_and_preformatted() {
    let article = p("a\n----\n code here\n more\n");
    assert_eq!(article.blocks[1], Block::Rule);
    assert_eq!(
        article.blocks[2],
        Block::Preformatted {
            text: "code here\nmore".into()
        }
    );
    let article = p(" {{foo}}");
    assert!(
        !article
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Preformatted { .. }))
    );
}

#[test]
fn wikitable() {
    let text = "{| class=\"wikitable\"\n|+ Caption\n! H1 !! H2\n|-\n| style=\"x\" | a || [[B|b]]\n|-\n| c\n| d\nmore\n|}";
    let article = p(text);
    let Block::Table(table) = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(plain_text(&table.caption), "Caption");
    assert_eq!(table.rows.len(), 3);
    assert!(table.rows[0].iter().all(|c| c.header));
    assert_eq!(plain_text(&table.rows[0][1].content), "H2");
    assert_eq!(table.rows[1][0].content, vec![Inline::text("a")]);
    assert_eq!(table.rows[1][1].content, vec![link("B", "b")]);
    assert_eq!(plain_text(&table.rows[2][1].content), "d more");
}

#[test]
fn nested_table_is_tolerated() {
    let article = p("{|\n| a\n{|\n| inner\n|}\n| b\n|}\nafter");
    let Block::Table(table) = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    let text: String = table
        .rows
        .iter()
        .flatten()
        .map(|c| plain_text(&c.content))
        .collect();
    assert!(text.contains("inner") && text.contains('b'), "{text}");
    assert_eq!(plain_text(&para(&article, 0)), "after");
}

// ---------- links ----------

#[test]
fn internal_links() {
    let article = p("[[T_x]] [[T|label]] [[T#sec|l]] [[ cat ]]s");
    let content = para(&article, 0);
    assert_eq!(content[0], link("T x", "T x"));
    assert_eq!(content[2], link("T", "label"));
    assert_eq!(
        content[4],
        Inline::Link {
            target: LinkTarget::Article {
                title: "T".into(),
                fragment: Some("sec".into())
            },
            content: vec![Inline::text("l")]
        }
    );
    assert_eq!(plain_text(&content[6..]), "cats");
}

#[test]
fn interwiki_and_interlanguage_links() {
    let article = p(
        "[[:en:Foo|x]] [[s:中俄章程|章程]] [[wikt:word]] [[commons:File:X.jpg|c]]\n[[en:Foo]]\n\n中文的文章。",
    );
    let content = para(&article, 0);
    assert_eq!(
        content[0],
        external("https://en.wikipedia.org/wiki/Foo", "x")
    );
    assert_eq!(
        content[2],
        external("https://zh.wikisource.org/wiki/中俄章程", "章程")
    );
    assert_eq!(
        content[4],
        external("https://zh.wiktionary.org/wiki/word", "word")
    );
    assert_eq!(
        content[6],
        external("https://commons.wikimedia.org/wiki/File:X.jpg", "c")
    );
    assert_eq!(article.blocks.len(), 2, "{:?}", article.blocks);
}

#[test]
fn images_on_their_own_line_and_inline() {
    let article = p(
        "[[File:A_b.jpg|thumb|right|400px|upright=1.2|alt=x|A [[link]] caption]]\nflag [[文件:F.svg|22px]] here",
    );
    assert_eq!(
        article.blocks[0],
        Block::Image {
            target: "A b.jpg".into(),
            caption: vec![
                Inline::text("A "),
                link("link", "link"),
                Inline::text(" caption")
            ]
        }
    );
    assert_eq!(plain_text(&para(&article, 0)), "flag here");
    for prefix in ["Image", "图像", "圖像", "檔案"] {
        let article = p(&format!("[[{prefix}:X.png|cap]]"));
        assert!(
            matches!(&article.blocks[0], Block::Image { target, .. } if target == "X.png"),
            "{prefix}"
        );
    }
}

#[test]
fn categories_are_collected() {
    let article =
        p("x\n[[Category:A_b]]\n[[Category:C|sort]]\n[[分类:D]]\n[[分類:E]]\n[[:Category:F]]");
    assert_eq!(article.categories, vec!["A b", "C", "D", "E"]);
    assert!(body_text(&article).contains("Category:F"));
}

#[test]
fn external_links() {
    let article = p("[http://a.org label here] [http://b.org] [https://c.org] bare http://d.org");
    let content = para(&article, 0);
    assert_eq!(content[0], external("http://a.org", "label here"));
    assert_eq!(content[2], external("http://b.org", "[1]"));
    assert_eq!(content[4], external("https://c.org", "[2]"));
    assert_eq!(content[5], Inline::text(" bare http://d.org"));
}

// ---------- tags ----------

#[test]
fn external_links_without_a_label_are_numbered_as_mediawiki_numbers_them() {
    let article = p("See [http://bare.com/path] and [//www.x.org/a?b].");
    assert_eq!(
        para(&article, 0),
        vec![
            Inline::text("See "),
            external("http://bare.com/path", "[1]"),
            Inline::text(" and "),
            external("//www.x.org/a?b", "[2]"),
            Inline::text("."),
        ]
    );
}

#[test]
fn breaks_and_formatting_tags() {
    let article = p(
        "a<br>b<br/>c<br />d <small>s</small> <b>bold</b> <i>it</i> <span style=\"x\">sp</span> <u>u</u> <foo>z</foo>",
    );
    let content = para(&article, 0);
    assert_eq!(content.iter().filter(|i| **i == Inline::Break).count(), 3);
    assert!(content.contains(&Inline::Strong {
        content: vec![Inline::text("bold")]
    }));
    assert!(content.contains(&Inline::Emphasis {
        content: vec![Inline::text("it")]
    }));
    // A tag no wiki knows is shown as written, as MediaWiki shows it.
    assert_eq!(
        plain_text(&content),
        "a\nb\nc\nd s bold it sp u <foo>z</foo>"
    );
}

#[test]
fn unknown_tags_are_text_and_extension_tags_are_read_through() {
    let text = |source: &str| plain_text(&para(&p(source), 0));
    assert_eq!(text("<x y>1<d e>f"), "<x y>1<d e>f");
    assert_eq!(text("<aside>a</aside>"), "<aside>a</aside>");
    assert_eq!(text("a<indicator>b</indicator>"), "ab");
    // One that runs over lines is no tag: its `<`, then the text.
    let article = p("x<y\n\na>b");
    assert_eq!(plain_text(&para(&article, 0)), "x<y");
    assert_eq!(plain_text(&para(&article, 1)), "a>b");
}

#[test]
fn nowiki_inside_tag_attributes_does_not_leak_the_tag() {
    let article = p(
        "<div class=\"rellink<nowiki> </nowiki>relarticle mainarticle\">Main article: [[X]]</div>\nText.<sup class=\"F\" title=\"needs sources<nowiki/> from 2008\">[[W|citation needed]]</sup>",
    );
    let text = body_text(&article);
    assert!(text.contains("Main article: X"), "{text}");
    assert!(text.contains("Text.citation needed"), "{text}");
    assert!(html_leaks(&article).is_empty(), "{text}");
}

#[test]
fn blockquote_poem_pre() {
    let article = p(
        "<blockquote>quoted\n\nsecond</blockquote>\n<poem>line one\nline two</poem>\n<pre>raw [[x]]</pre>",
    );
    let Block::Quote { blocks } = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        article.blocks[1],
        Block::Paragraph {
            content: vec![
                Inline::text("line one"),
                Inline::Break,
                Inline::text("line two")
            ]
        }
    );
    assert_eq!(
        article.blocks[2],
        Block::Preformatted {
            text: "raw [[x]]".into()
        }
    );
}

#[test]
fn nowiki_and_math_keep_text_before_them() {
    let article = p("before <nowiki>''x''</nowiki> mid <math>a^2</math> after");
    assert_eq!(
        para(&article, 0),
        vec![Inline::text("before ''x'' mid a² after")]
    );
}

#[test]
fn math_reads_as_unicode_not_tex() {
    // From the en-wtf corpus page Alanine—oxo-acid-transaminase.
    let article =
        p(":L-alanine + a 2-oxo acid <math>\\rightleftharpoons</math> pyruvate + an L-amino acid");
    assert_eq!(
        body_text(&article).trim(),
        "L-alanine + a 2-oxo acid ⇌ pyruvate + an L-amino acid"
    );
    let article = p(
        "若<math>\\forall x \\in \\mathbb{R}, x^2 \\ge 0</math>，則\n\n\
         :<math display=\"block\">\\frac{a+b}{2} \\geq \\sqrt{ab}</math>\n\n\
         {{tmath|\\alpha_n}}与<math>\\operatorname{max}(a,b)</math>。",
    );
    let text = body_text(&article);
    assert!(text.contains("若∀x ∈ ℝ, x² ≥ 0，則"), "{text}");
    assert!(text.contains("(a + b)/2 ≥ √ab"), "{text}");
    assert!(text.contains("αₙ与max(a,b)。"), "{text}");
    assert!(!text.contains('\\'), "{text}");
    // In a table cell, and broken over lines: one line of text.
    let article = p("{|\n| a || <math>x_{10}\n + \\frac{1}{2}</math> || b\n|}");
    let Some(Block::Table(table)) = article.blocks.first() else {
        panic!("{:?}", article.blocks);
    };
    assert_eq!(plain_text(&table.rows[0][1].content), "x₁₀ + 1/2");
    // Unclosed or unbalanced: the text after it is kept.
    let text = body_text(&p("a <math>\\frac{{x</math> b <math>}}^</math> c"));
    assert!(
        text.starts_with("a ") && text.contains(" b ") && text.ends_with("c\n"),
        "{text}"
    );
}

#[test]
fn comments_vanish() {
    let article = p("a<!-- hidden -->b\n<!-- unclosed\nnever shown");
    assert_eq!(body_text(&article).trim(), "ab");
}

#[test]
fn gallery_gives_images() {
    let article = p("<gallery>\nFile:A.jpg|Cap A\nB.jpg\n</gallery>");
    assert_eq!(article.blocks.len(), 2);
    assert!(
        matches!(&article.blocks[0], Block::Image { target, caption } if target == "A.jpg" && plain_text(caption) == "Cap A")
    );
}

#[test]
fn a_stray_closer_ends_the_caption_of_the_file_link_before_it() {
    // From the sample 清军收复新疆之战: the caption's inner link was lost.
    let article = p(
        "===清军收复南疆===\n[[File:Yarkand_Governor's_Guard.jpg|300px]]的回军]]\n\n1877年4月14日。\n\n\
         [[File:A.jpg|thumb|甲]]乙]]\n\n[[文件:B.png|200px]][[陕甘回变|陕甘]]的回军]]\n\n\
         旗[[File:F.svg|22px]] 文]] 字",
    );
    let images: Vec<(&str, String)> = article
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Image { target, caption } => Some((target.as_str(), plain_text(caption))),
            _ => None,
        })
        .collect();
    assert_eq!(
        images,
        [
            ("Yarkand Governor's Guard.jpg", "的回军".to_string()),
            ("A.jpg", "甲乙".to_string()),
            ("B.png", "陕甘的回军".to_string())
        ]
    );
    assert!(body_text(&article).contains("1877年4月14日。"));
    // A flag icon inside a line stays out, its line's text stays in.
    assert!(
        body_text(&article).contains("旗"),
        "{}",
        body_text(&article)
    );
}

#[test]
fn gallery_captions_leave_out_the_options() {
    let article = p(
        "<gallery mode=\"packed\" widths=\"200px\">\nFile:G1.jpg|甲说明|alt=甲\n文件:G2.jpg|thumb|乙说明\n\
         Image:G3.jpg|alt=只有替代文字|120px\nFile:G4.jpg|链接=X|丁[[连结|说明]]|upright\n</gallery>",
    );
    let images: Vec<(String, String)> = article
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Image { target, caption } => Some((target.clone(), plain_text(caption))),
            _ => None,
        })
        .collect();
    assert_eq!(
        images,
        [
            ("G1.jpg".to_string(), "甲说明".to_string()),
            ("G2.jpg".into(), "乙说明".into()),
            ("G3.jpg".into(), String::new()),
            ("G4.jpg".into(), "丁说明".into()),
        ]
    );
}

// ---------- language conversion ----------

#[test]
fn language_conversion() {
    let article = p(
        "巴-{里}-坤 -{zh-hans:甲;zh-hant:乙;}- -{zh-cn:丙;zh-tw:丁}- -{A|规则}--{H|zh-cn:a;zh-tw:b}-x -{[[链接]]}-",
    );
    let content = para(&article, 0);
    assert_eq!(plain_text(&content), "巴里坤 甲 丙 规则x 链接");
    assert!(content.contains(&link("链接", "链接")));
}

// ---------- references ----------

#[test]
fn references_numbered_by_first_use() {
    let text = "a<ref name=x />b<ref>one</ref>c<ref name=\"x\">ex</ref>d<ref name='y'>why</ref>e<ref name=x/>\n{{Reflist}}";
    let article = p(text);
    assert_eq!(all_citations(&article), vec![1, 2, 1, 3, 1]);
    let notes: Vec<String> = article.footnotes.iter().map(|f| f.text()).collect();
    assert_eq!(notes, vec!["ex", "one", "why"]);
    assert_eq!(
        article.blocks.last(),
        Some(&Block::References { group: None })
    );
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
}

#[test]
fn reference_names_with_spaces_and_groups() {
    let article =
        p("a<ref name=\"a b\">x</ref><ref group=n name=\"a b\">y</ref><ref name=\"a b\"/>");
    assert_eq!(all_citations(&article), vec![1, 2, 1]);
    assert_eq!(article.footnotes.len(), 2);
}

#[test]
fn undefined_reference_gives_empty_footnote_and_warning() {
    let article = p("a<ref name=a/>");
    assert_eq!(article.footnotes.len(), 1);
    assert!(article.footnotes[0].is_empty());
    assert!(
        article.warnings.iter().any(|w| w.contains("never defined")),
        "{:?}",
        article.warnings
    );
    assert_eq!(
        article.blocks.last(),
        Some(&Block::References { group: None })
    );
}

#[test]
fn a_reference_holding_an_unknown_template_warns_about_the_template_only() {
    let article = p(
        "a<ref>{{Internetquelle|url=x}}</ref> b<ref>{{Internetquelle|url=y}}</ref> c<ref name=n>{{Mystery}}</ref><ref name=n/>",
    );
    assert_eq!(article.footnotes.len(), 3);
    assert_eq!(
        article.warnings,
        vec![
            "unknown template: Internetquelle",
            "unknown template: Mystery"
        ]
    );
    let article = p("a<ref></ref>");
    assert_eq!(article.warnings, vec!["reference 1 is empty"]);
}

#[test]
fn references_defined_in_an_unnamed_reflist_argument() {
    let article = p("a<ref name=r/>\n{{Reflist|\n<ref name=r>http://x.org</ref>\n}}");
    assert_eq!(article.footnotes[0].text(), "http://x.org");
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
}

#[test]
fn list_defined_references() {
    let article = p(
        "a<ref name=p/> b<ref name=q/>\n{{Reflist|refs=\n<ref name=q>Q text</ref>\n<ref name=p>P text</ref>\n}}",
    );
    assert_eq!(all_citations(&article), vec![1, 2]);
    assert_eq!(article.footnotes[0].text(), "P text");
    assert_eq!(article.footnotes[1].text(), "Q text");
    let article = p("a<ref name=p/>\n<references>\n<ref name=p>P</ref>\n</references>");
    assert_eq!(article.footnotes.len(), 1);
    assert_eq!(article.footnotes[0].text(), "P");
    assert_eq!(
        article
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::References { .. }))
            .count(),
        1
    );
}

#[test]
fn reference_markers() {
    for marker in [
        "{{Reflist}}",
        "{{reflist|30em}}",
        "{{References}}",
        "<references/>",
        "<references />",
    ] {
        let article = p(&format!(
            "a<ref>x</ref>\n== Notes ==\n{marker}\n== After =="
        ));
        assert_eq!(
            article.blocks[2],
            Block::References { group: None },
            "{marker}"
        );
        assert_eq!(article.blocks.len(), 4, "{marker}");
    }
}

#[test]
fn cite_templates_read_as_text() {
    let article =
        p("a<ref>{{Cite web|author=張三|title=标题|publisher=出版社|date=2014-01-01}}</ref>");
    assert_eq!(
        article.footnotes[0].text(),
        "張三. 标题. 出版社. 2014-01-01."
    );
    let article = p(
        "a<ref>{{cite journal|last=Smith|first=J.|title=T|url=http://x.org|journal=J|year=2000|pages=1–2}}</ref>",
    );
    let note = &article.footnotes[0];
    assert_eq!(note.text(), "Smith, J. T. J. 2000. pp. 1–2. http://x.org");
    assert!(note.content.contains(&external("http://x.org", "T")));
    assert_eq!(
        note.content.last(),
        Some(&external("http://x.org", "http://x.org"))
    );
    let article = p("a<ref>{{cite book|title=B|isbn=123|publisher=P}}</ref>");
    assert_eq!(article.footnotes[0].text(), "B. P. ISBN 123.");
    let article = p("a<ref>{{cite news|url=http://n.org}}</ref>");
    assert_eq!(
        article.footnotes[0].content,
        vec![external("http://n.org", "http://n.org")]
    );
}

#[test]
fn cite_templates_show_their_url() {
    let article = p(
        "a<ref>{{Cite web|author=张三|title=标题|url=https://example.org/x|publisher=出版社|date=2014-01-01}}</ref>",
    );
    let note = &article.footnotes[0];
    assert_eq!(
        note.text(),
        "张三. 标题. 出版社. 2014-01-01. https://example.org/x"
    );
    assert!(
        note.content
            .contains(&external("https://example.org/x", "标题"))
    );
    for kind in ["cite journal", "cite book", "cite news"] {
        let article = p(&format!(
            "a<ref>{{{{{kind}|last=L|title=T|url=http://u.org/p|publisher=P}}}}</ref>"
        ));
        assert_eq!(
            article.footnotes[0].text(),
            "L. T. P. http://u.org/p",
            "{kind}"
        );
    }
    let article = p("a<ref>{{cite web|url=http://u.org|publisher=P|date=2001}}</ref>");
    assert_eq!(article.footnotes[0].text(), "P. 2001. http://u.org");
}

#[test]
fn rp_wayback_refbegin() {
    let article = p(
        "a<ref>x</ref>{{Rp|12}} {{Wayback|url=http://a.org|title=Arch|date=2001}}\n{{refbegin}}\n* item\n{{refend}}",
    );
    let content = para(&article, 0);
    assert_eq!(content[2], Inline::text(":12 "));
    assert_eq!(
        content[3],
        external("https://web.archive.org/web/2001/http://a.org", "Arch")
    );
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
}

#[test]
fn wayback_is_not_glued_to_the_next_word() {
    let article = p(
        "<ref>[http://j.org/a.pdf 名簿] {{Wayback|url=http://j.org/a.pdf |date=2012 }}2010 JAPANESE</ref>",
    );
    assert_eq!(
        article.footnotes[0].text(),
        "名簿 http://j.org/a.pdf. 2010 JAPANESE"
    );
    let article = p("<ref>{{Wayback|url=http://a.org|title=T}}, MSDN</ref>");
    assert_eq!(article.footnotes[0].text(), "T, MSDN");
}

#[test]
fn unclosed_ref_keeps_text() {
    let article = p("a<ref>never closed\n\nnext");
    assert_no_raw_markup(&article, "unclosed ref");
    assert!(body_text(&article).contains("never closed"));
}

// ---------- templates ----------

#[test]
fn infobox_block() {
    let article = p(
        "{{Infobox Military Conflict\n|conflict=War\n|partof=\n|image=[[File:X.png|400px]]\n|caption=Cap\n|commander1={{flagicon|QING}} [[A]]<br>[[B]]\n|result=\n*win\n**treaty\n}}\nLead.",
    );
    let Block::Infobox(infobox) = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(infobox.kind, "Military Conflict");
    let keys: Vec<&str> = infobox.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, vec!["conflict", "caption", "commander1", "result"]);
    assert_eq!(
        infobox.rows[2].value,
        vec![link("A", "A"), Inline::Break, link("B", "B")]
    );
    assert_eq!(
        infobox.rows[3].value,
        vec![Inline::text("win"), Inline::Break, Inline::text("treaty")]
    );
    let article = p("{{Military Conflict infobox|a=b}}");
    assert!(matches!(&article.blocks[0], Block::Infobox(i) if i.kind == "Military Conflict"));
    let article = p("{{人物信息框|名字=甲}}");
    assert!(matches!(&article.blocks[0], Block::Infobox(i) if i.kind == "人物"));
}

#[test]
fn templates_with_many_named_parameters_are_infoboxes_in_any_language() {
    for (source, rows) in [
        (
            "{{基礎情報 武士\n|氏名 = 織田信長\n|時代 = [[戦国時代 (日本)|戦国時代]]\n|生誕 = 天文3年\n}}\n本文。",
            3,
        ),
        (
            "{{政治家\n|人名=甲\n|国略称={{JPN}}\n|生年月日=1900年\n}}",
            3,
        ),
        (
            "{{ActorActress | 芸名 = 乙 | ふりがな = おつ | 生年 = 1950 }}",
            3,
        ),
        (
            "{{三国志の人物\n|名前=曹操\n|時代=後漢\n|生没=155年-220年\n|字=孟徳\n}}",
            4,
        ),
        (
            "{{文物保护单位\n|名称=高昌故城\n|级别=全国\n|编号=1-1\n}}",
            3,
        ),
    ] {
        let article = parse_str(source, "T", Format::Wikitext);
        let Some(Block::Infobox(infobox)) = article.blocks.first() else {
            panic!("{source}: {:?}", article.blocks)
        };
        assert_eq!(
            infobox.rows.len() + usize::from(!infobox.title.is_empty()),
            rows,
            "{source}: {infobox:?}"
        );
        assert!(!infobox.title.is_empty(), "{source}");
    }
    // A flag template as a value keeps its row, with the country's name.
    let article = parse_str(
        "{{Infobox Military Conflict\n|conflict=伊犁危機\n|combatant1={{QING-1862}}\n|combatant2={{RUS}}\n}}\n伊犁危機是清朝與俄國之間的事件。",
        "T",
        Format::Wikitext,
    );
    let Some(Block::Infobox(infobox)) = article.blocks.first() else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(infobox.kind, "军事冲突");
    assert_eq!(infobox.title, "伊犁危機");
    assert_eq!(infobox.rows[0].key, "参战方");
    let sides: Vec<String> = infobox.rows[0].values().map(|v| plain_text(v)).collect();
    assert_eq!(sides, ["清朝", "俄罗斯"]);
    // Inline, or with fewer named parameters, a template is not an infobox.
    let article = p("a {{Mystery|k=v|l=w|m=x}} b");
    assert!(matches!(article.blocks[0], Block::Paragraph { .. }));
}

#[test]
fn translation_link_templates() {
    let article = p(
        "{{tsl|ru|Оригинал|中文名}} {{tsl|en|Original|中文名|顯示文字}} {{link-en|中文名|Original}} {{link-ja|日名|Orig|显示}} {{le|中文|English}} {{ill|Local|de|German|lt=lab}}",
    );
    let content = para(&article, 0);
    assert_eq!(content[0], link("中文名", "中文名"));
    assert_eq!(content[2], link("中文名", "顯示文字"));
    assert_eq!(content[4], link("中文名", "中文名"));
    assert_eq!(content[6], link("日名", "显示"));
    assert_eq!(content[8], link("中文", "中文"));
    assert_eq!(content[10], link("Local", "lab"));
}

#[test]
fn hatnotes_are_paragraphs_with_links() {
    let article =
        p("中文。\n{{main|伊犁危机}}\n{{主条目|X|Y}}\n{{see also|Z}}\n{{further|W}}\n{{詳見|V}}");
    assert_eq!(
        para(&article, 1),
        vec![Inline::text("主条目："), link("伊犁危机", "伊犁危机")]
    );
    assert_eq!(
        para(&article, 2),
        vec![
            Inline::text("主条目："),
            link("X", "X"),
            Inline::text("、"),
            link("Y", "Y")
        ]
    );
    assert_eq!(
        para(&article, 3),
        vec![Inline::text("参见："), link("Z", "Z")]
    );
    assert_eq!(plain_text(&para(&article, 4)), "主条目：W");
    assert_eq!(plain_text(&para(&article, 5)), "主条目：V");
}

#[test]
fn text_templates() {
    let cases = [
        ("{{lang|en|text}}", "text"),
        ("{{lang-en|text}}", "text"),
        ("{{nowrap|x y}}", "x y"),
        ("{{nobr|x}}", "x"),
        (
            "{{bd|1831年|9月25日|1899年|9月12日}}",
            "1831年9月25日—1899年9月12日",
        ),
        ("{{convert|10|km}}", "10 km"),
        ("{{flag|Russian Empire}}", "Russian Empire"),
        ("{{flagicon|QING|1862}}x", "x"),
        ("{{JPN}}x", "Japanx"),
        ("{{XYZ}}x", "x"),
        ("{{music|sharp}}C{{music|flat}}", "♯C♭"),
        ("{{fb|ROU}}", "Romania"),
        ("{{Audio|Zh-beijing.ogg|listen}}", "listen"),
        ("a{{wbr}}b", "ab"),
        ("{{nowrap|1 km}}", "1 km"),
        ("{{smallmath|f=x+y}}", "x+y"),
        ("a{{!}}b{{=}}c", "a|b=c"),
        ("{{PAGENAME}}", "T"),
        ("{{#if:yes|then|else}}{{#if:|then|else}}", "thenelse"),
        ("{{{1|default}}}{{{2}}}", "default"),
        ("{{zh|t=臺灣|s=台湾|p=Táiwān}}", "臺灣 / 台湾 (Táiwān)"),
        ("{{birth date and age|1950|1|2}}", "2 January 1950"),
        ("{{height|m=1.76}}", "1.76 m"),
        ("{{height|meter=1.77}}", "1.77 m"),
        ("{{height|cm=176}}", "176 cm"),
        ("{{height|ft=5|in=3}}", "5 ft 3 in"),
        ("{{height|m=1.60|ft=5|in=3}}", "1.60 m (5 ft 3 in)"),
        ("{{weight|kg=68}}", "68 kg"),
        ("{{weight|lb=150}}", "150 lb"),
        ("{{height}}x", "x"),
    ];
    for (input, expected) in cases {
        let article = p(input);
        assert_eq!(body_text(&article).trim(), expected, "{input}");
        assert!(
            article.warnings.is_empty(),
            "{input}: {:?}",
            article.warnings
        );
    }
}

#[test]
fn decorations_vanish_silently() {
    let text = "{{-}}\n{{clear}}\n{{Globalize/Chinese}}\n{{Globalize}}\n{{Portal box|a|b}}\n{{Portal|x}}\n{{noteTA|1=a}}\n{{NoteTA\n|G1=x}}\n{{Split|x}}\n{{Refimprove|time=1}}\n{{Citation needed}}\n{{fact}}\n{{Stub}}\n{{Asia-stub}}\n{{DEFAULTSORT:x}}\n{{SORTIERUNG:Mogel, Wendy}}\n{{Authority control}}\n{{Commons category|x}}\n{{TOC right}}\n__NOTOC__";
    let article = p(text);
    assert!(article.blocks.is_empty(), "{:?}", article.blocks);
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
}

#[test]
fn unknown_templates_show_their_text_with_one_warning() {
    let article = p("a {{Mystery|x}} b {{mystery}}\n{{清代新疆}}");
    assert_eq!(plain_text(&para(&article, 0)), "a x b");
    assert_eq!(
        article.warnings,
        vec!["unknown template: Mystery", "unknown template: 清代新疆"]
    );
}

#[test]
fn template_names_normalize() {
    let article = p("{{ Lang_en\n |text}} {{lang\n|en|x}}");
    assert_eq!(body_text(&article).trim(), "text x");
}

#[test]
fn named_arguments_only_split_outside_links() {
    let article = p("{{lang|en|[[a|b=c]]}}");
    assert_eq!(body_text(&article).trim(), "b=c");
}

#[test]
fn redirects() {
    for text in [
        "#REDIRECT [[Toronto]]",
        "#redirect[[Toronto]]",
        "#重定向 [[Toronto]]",
        "  #Redirect: [[Toronto#x|y]]",
    ] {
        assert_eq!(p(text).redirect.as_deref(), Some("Toronto"), "{text}");
    }
    assert_eq!(p("# not a redirect").redirect, None);
}

// ---------- sample articles ----------

#[test]
fn sample_qing_reconquest() {
    let article = sample("清军收复新疆之战");
    assert_eq!(article.footnotes.len(), 9);
    for (index, note) in article.footnotes.iter().enumerate() {
        assert_eq!(note.number as usize, index + 1);
        assert!(!note.is_empty(), "footnote {} empty", note.number);
    }
    // mzb201401 is used before it is defined: one number, the later text.
    let mzb = article
        .footnotes
        .iter()
        .find(|f| f.text().contains("左宗棠收复新疆的原因"))
        .expect("mzb footnote");
    let uses = all_citations(&article)
        .into_iter()
        .filter(|n| *n == mzb.number)
        .count();
    assert_eq!(uses, 2);
    assert!(mzb.text().contains("中国民族宗教网"));
    // cuhk21_200702 reused: 2 uses of one number.
    let cuhk = article
        .footnotes
        .iter()
        .find(|f| f.text().contains("新疆建省"))
        .expect("cuhk footnote");
    assert_eq!(
        all_citations(&article)
            .iter()
            .filter(|n| **n == cuhk.number)
            .count(),
        2
    );
    let Some(Block::Infobox(infobox)) = article.blocks.first() else {
        panic!("{:?}", article.blocks.first())
    };
    let keys: Vec<&str> = infobox.rows.iter().map(|r| r.key.as_str()).collect();
    for key in ["conflict", "date", "place", "result", "commander1"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let commander = &infobox
        .rows
        .iter()
        .find(|r| r.key == "commander1")
        .expect("commander1")
        .value;
    assert!(
        commander.contains(&link("左宗棠", "左宗棠")),
        "{commander:?}"
    );
    assert!(article.blocks.iter().any(|b| *b
        == Block::Paragraph {
            content: vec![Inline::text("主条目："), link("伊犁危机", "伊犁危机")]
        }));
    assert_eq!(article.categories.len(), 6);
    assert_eq!(article.categories[0], "同治回乱");
    assert_eq!(
        article
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::References { .. }))
            .count(),
        1
    );
    assert_no_raw_markup(&article, "清军收复新疆之战");
    let lead = crate::document::lead_aliases(&article.blocks);
    assert_eq!(lead, vec!["清军收复新疆之战".to_string()]);
}

#[test]
fn sample_ili_crisis() {
    let article = sample("伊犁危機");
    assert_eq!(article.footnotes.len(), 21);
    assert!(article.footnotes.iter().all(|f| !f.is_empty()));
    assert_eq!(article.categories.len(), 9);
    assert_no_raw_markup(&article, "伊犁危機");
    // the reused named ref "奏为俄兵入寇情事" has one number, cited twice
    let note = article
        .footnotes
        .iter()
        .find(|f| f.text() == "奏为俄兵入寇情事")
        .expect("named ref");
    assert_eq!(
        all_citations(&article)
            .iter()
            .filter(|n| **n == note.number)
            .count(),
        2
    );
    // numbers appear in reading order, infobox included
    let mut first_uses = Vec::new();
    for n in all_citations(&article) {
        if !first_uses.contains(&n) {
            first_uses.push(n);
        }
    }
    assert_eq!(first_uses, (1..=21).collect::<Vec<u32>>());
    assert!(body_text(&article).contains("康斯坦丁·考夫曼"));
}

// ---------- corpus ----------

#[test]
fn shared_corpus_parses_without_raw_markup() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wikitext");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        eprintln!("corpus folder {} missing: skipped", root.display());
        return;
    };
    let mut files = Vec::new();
    for dir in dirs.flatten() {
        if let Ok(entries) = std::fs::read_dir(dir.path()) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    let mut failures = Vec::new();
    let mut redirects = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let article = crate::document::parse_bytes(&bytes, name, Format::Wikitext);
        if article.redirect.is_some() {
            redirects += 1;
        }
        for text in raw_markup(&article).into_iter().chain(html_leaks(&article)) {
            failures.push(format!(
                "{}: {:?}",
                path.display(),
                text.chars().take(120).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} texts with raw markup:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if files.iter().any(|f| f.ends_with("redirect.wiki")) {
        assert!(redirects >= 1);
    }
}

// ---------- hostile input ----------

#[test]
fn hostile_inputs_finish_without_markup() {
    let inputs = [
        "{{".to_string(),
        "{{".repeat(10_000),
        "[[".repeat(10_000),
        "}}".repeat(10_000) + &"]]".repeat(10_000),
        "-{".repeat(10_000),
        "<ref>".repeat(10_000),
        "<ref>never closed".to_string(),
        "-{ unclosed".to_string(),
        "<!-- unclosed".to_string(),
        "{{a|".repeat(5_000) + &"[[b|".repeat(5_000),
        "{|\n".repeat(5_000),
        "<nowiki>".repeat(10_000),
        "'''''".repeat(1_000),
        "<blockquote>".repeat(1000) + &"</blockquote>".repeat(1000),
        "<ref>".repeat(100) + &"</ref>".repeat(100),
        "*#:;".repeat(10_000),
        "[http://x ".repeat(5_000),
        "{{a|".repeat(10_000),
        "<poem>".repeat(200) + &"</poem>".repeat(200),
    ];
    for input in &inputs {
        let article = p(input);
        assert_no_raw_markup(&article, &input.chars().take(20).collect::<String>());
    }
}

#[test]
fn huge_random_punctuation_is_linear() {
    let tokens = [
        "{{",
        "}}",
        "[[",
        "]]",
        "|",
        "<ref>",
        "</ref>",
        "'''",
        "''",
        "=",
        "\n",
        "*",
        "{|",
        "|}",
        "-{",
        "}-",
        "<!--",
        "-->",
        "中",
        "a",
        " ",
        "<ref name=x/>",
        "[http://x ",
        "]",
        "{{{",
        "}}}",
        "<nowiki>",
        "\n==",
        "==\n",
        ":",
        "#",
        "&nbsp;",
        "<br>",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = String::new();
    while text.len() < 5_000_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(tokens[(state % tokens.len() as u64) as usize]);
    }
    let start = std::time::Instant::now();
    let article = p(&text);
    let elapsed = start.elapsed();
    assert_no_raw_markup(&article, "random punctuation");
    // generous for debug builds; a release build takes well under a second
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn wikiish() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "{{",
            "}}",
            "[[",
            "]]",
            "|",
            "<ref>",
            "</ref>",
            "<ref name=a/>",
            "'''",
            "''",
            "=",
            "==",
            "\n",
            "*",
            "#",
            "{|",
            "|}",
            "|-",
            "-{",
            "}-",
            "{{{",
            "}}}",
            "<!--",
            "[http://x ",
            "]",
            "<nowiki>",
            "</nowiki>",
            "File:",
            "Infobox",
            "zh-hans:",
            ";",
            ":",
            " ",
            "中文",
            "&amp;",
            "a",
            "main",
            "<br>",
            "<poem>",
            "</poem>",
        ]);
        prop::collection::vec(token, 0..80).prop_map(|tokens| tokens.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn arbitrary_strings_never_panic(text in any::<String>()) {
            let _ = parse(&text, "T");
        }

        #[test]
        fn wikiish_strings_never_panic_nor_leak_markup(text in wikiish()) {
            let article = parse(&text, "T");
            for (index, footnote) in article.footnotes.iter().enumerate() {
                prop_assert_eq!(footnote.number as usize, index + 1);
            }
            let bad: Vec<String> = raw_markup(&article)
                .into_iter()
                .filter(|t| ["{{", "}}", "[[", "]]", "<ref", "-{", "}-"].iter().any(|m| t.contains(m)))
                .collect();
            prop_assert!(bad.is_empty(), "{:?} from {:?}", bad, text);
        }
    }
}

#[test]
fn text_after_a_table_close_on_the_same_line_is_kept() {
    let article =
        p("{|\n| a\n|}[[純律|純律]]中的大三度為5:4，而十二平均律中的大三度則略寬。\n\nNext.");
    assert!(matches!(article.blocks[0], Block::Table(_)));
    let after = plain_text(&para(&article, 0));
    assert_eq!(after, "純律中的大三度為5:4，而十二平均律中的大三度則略寬。");
    // Also after a nested table's close: the text stays in the outer cell.
    let nested = p("{|\n| outer\n{|\n| inner\n|} tail\n|}");
    let Block::Table(table) = &nested.blocks[0] else {
        panic!("{:?}", nested.blocks)
    };
    assert!(plain_text(&table.rows[0][0].content).contains("tail"));
}

#[test]
fn tables_indented_with_colons_are_tables() {
    let article = p(": {| class=\"wikitable\"\n! 年 !! 出場\n|-\n| 1984 || 1\n|}");
    let Block::Table(table) = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!(table.rows.len(), 2);
    assert_eq!(plain_text(&table.rows[1][0].content), "1984");
}

#[test]
fn tables_opened_by_a_template_are_tables() {
    let article = p(
        "{{Football player national team statistics|team=罗马尼亚}}\n|-\n|1984||1||0\n|-\n|1985||3||1\n|}\nAfter.",
    );
    let table = article
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(plain_text(&table.rows[1][2].content), "1");
    assert!(
        !body_text(&article).contains("|-"),
        "{}",
        body_text(&article)
    );
    assert!(body_text(&article).contains("After."));
}

#[test]
fn colspan_and_rowspan_are_read_from_cell_attributes() {
    let article = p(
        "{| class=\"wikitable\"\n! colspan=\"2\" | 清朝 !! 俄国\n|-\n| rowspan=2 | 1871 || a || b\n|-\n| c || d\n|}",
    );
    let Block::Table(table) = &article.blocks[0] else {
        panic!("{:?}", article.blocks)
    };
    assert_eq!((table.rows[0][0].colspan, table.rows[0][0].rowspan), (2, 1));
    assert_eq!(plain_text(&table.rows[0][0].content), "清朝");
    assert_eq!((table.rows[1][0].colspan, table.rows[1][0].rowspan), (1, 2));
    assert_eq!(plain_text(&table.rows[1][0].content), "1871");
    assert_eq!((table.rows[2][0].colspan, table.rows[2][0].rowspan), (1, 1));
}

#[test]
fn grouped_references_are_numbered_in_their_group_and_listed_under_its_list() {
    let article = parse_str(
        "甲<ref>來源一</ref>，乙<ref group=\"注\">注釋甲</ref>丙<ref group=注 name=b>注釋乙</ref>丁<ref group=注 name=b/>{{efn|說明}}。\n\n== 注釋 ==\n{{Reflist|group=注}}\n\n== 參考 ==\n{{Reflist}}",
        "T",
        Format::Wikitext,
    );
    let markers: Vec<String> = article.footnotes.iter().map(Footnote::marker).collect();
    assert_eq!(markers, ["1", "注 1", "注 2", "a"]);
    assert_eq!(article.footnotes[1].group.as_deref(), Some("注"));
    let lists: Vec<Option<&str>> = article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::References { group } => Some(group.as_deref()),
            _ => None,
        })
        .collect();
    assert_eq!(lists, [Some("注"), None]);
    // Laid out in place: each list shows its own group; the plain list also
    // shows the letters, which have no list of their own.
    let text: Vec<String> = crate::layout::layout_article(&article, 60, Default::default())
        .lines
        .iter()
        .map(|l| l.text().trim_end().to_string())
        .collect();
    let joined = text.join("\n");
    assert!(joined.contains("乙[注 1]丙[注 2]丁[注 2][a]。"), "{joined}");
    let notes_at = joined.find("[注 1] 注釋甲").expect("the 注 list");
    let sources_at = joined.find("[1] 來源一").expect("the plain list");
    assert!(notes_at < sources_at, "{joined}");
    assert!(joined.contains("[a] 說明"), "{joined}");
    assert_eq!(joined.matches("注釋甲").count(), 1, "listed once: {joined}");
}

#[test]
fn references_with_blank_lines_stay_one_footnote() {
    for source in [
        "甲<ref>第一段。\n\n第二段。</ref>，乙。",
        "* 甲<ref>第一段。\n\n第二段。</ref>，乙。",
        "{{lang|zh|甲<ref>第一段。\n\n第二段。</ref>}}，乙。",
        "甲<ref name=\"x\">\n第一段。\n\n第二段。\n</ref>，乙。",
    ] {
        let article = parse_str(source, "T", Format::Wikitext);
        assert_eq!(article.footnotes.len(), 1, "{source}");
        let note = article.footnotes[0].text();
        assert!(
            note.contains("第一段。") && note.contains("第二段。"),
            "{source}: {note}"
        );
        let body = body_text(&article);
        assert!(!body.contains("第二段"), "{source}: {body}");
        assert!(body.contains("，乙。"), "{source}: {body}");
        assert!(
            !body.lines().any(|l| l.starts_with('，')),
            "{source}: {body}"
        );
    }
}

#[test]
fn language_variants_show_one_variant_as_the_reading_script_prefers() {
    use crate::document::reading_script::{Script, with_script};
    let source = "花名-{zh-cn:朱唇;zh-tw:红花鼠尾草;}-，又-{A|zh-hans:计算机;zh-hant:電腦}-，-{H|zh-cn:甲;zh-tw:乙}-，-{純文字}-。";
    assert_eq!(
        body_text(&p(source)).trim(),
        "花名朱唇，又计算机，，純文字。"
    );
    let traditional = with_script(Script::Traditional, || p(source));
    assert_eq!(
        body_text(&traditional).trim(),
        "花名红花鼠尾草，又電腦，，純文字。"
    );
}

#[test]
fn citation_quotes_are_shown() {
    let article = p(
        "Text.<ref>{{cite book |title=Demands |year=1992 |quote=Usually considered to be an extreme left-wing ideology}}</ref>",
    );
    let note = article.footnotes[0].text();
    assert!(
        note.contains("“Usually considered to be an extreme left-wing ideology”"),
        "{note}"
    );
}

// ---------- the shared wiki vocabulary ----------

#[test]
fn every_html5_named_entity_decodes() {
    let article = p("&alpha;&check;&hearts; &amp;bogus; &bogus;");
    assert_eq!(body_text(&article).trim(), "α✓♥ &bogus; &bogus;");
}

#[test]
fn japanese_and_media_file_namespaces_make_images() {
    for link in [
        "[[ファイル:X.png|thumb|c]]",
        "[[画像:X.png|thumb|c]]",
        "[[Media:X.png|thumb|c]]",
    ] {
        let article = p(link);
        assert!(
            matches!(&article.blocks[..], [Block::Image { target, .. }] if target == "X.png"),
            "{link}: {:?}",
            article.blocks
        );
    }
    let article = p("x\n[[カテゴリ:日本]]");
    assert_eq!(article.categories, ["日本"]);
}

#[test]
fn percent_escapes_in_link_targets_never_become_controls() {
    let article = p("[[a%1Bb]]");
    let content = para(&article, 0);
    assert!(
        matches!(&content[0], Inline::Link { target: LinkTarget::Article { title, .. }, .. } if title == "a␛b"),
        "{content:?}"
    );
}

#[test]
fn stray_closers_after_file_links_stay_linear() {
    let started = std::time::Instant::now();
    for input in [
        format!("[[File:a.jpg|1px]]{}", "x]]".repeat(200_000)),
        format!("[[File:a.jpg|1px]]{}", "]]".repeat(500_000)),
        "[[File:a.jpg|thumb]]]]\n".repeat(50_000),
        format!("[[File:a.jpg|1px]]{}]]", "[[b]]".repeat(100_000)),
    ] {
        let _ = p(&input);
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn links_that_name_no_page_are_shown_as_written() {
    for (source, shown) in [
        ("[[Project:]]", "[[Project:]]"),
        ("[[Category:#x]]", "[[Category:#x]]"),
        ("x [[]] y", "x [[]] y"),
    ] {
        let article = p(source);
        assert_eq!(plain_text(&para(&article, 0)), shown, "{source}");
    }
}

#[test]
fn block_elements_in_running_text_start_lines() {
    let article =
        p("<div>Foo</div><div>bar</div>\n<div>baz</div> a<table>b</table>c <span>d</span>e");
    assert_eq!(plain_text(&para(&article, 0)), "Foo\nbar\nbaz\na\nb\nc de");
}

#[test]
fn a_million_block_edges_stay_linear() {
    // Each edge looks no further back than the line's state (a scan back
    // over the spaces between edges would take hours here).
    let many = "<div> ".repeat(1_000_000) + "x" + &"<x>".repeat(100_000);
    let article = p(&many);
    assert!(plain_text(&para(&article, 0)).starts_with("x<x><x>"));
}

#[test]
fn a_cell_whose_line_ends_on_a_block_edge_gets_one_break() {
    let article = p("{|\n|<div>May</div>\n\n<div>x</div>\n{{{!}}\n{{!}}a\n{{!}}}\n|}");
    let Some(Block::Table(table)) = article.blocks.first() else {
        panic!("a table: {:?}", article.blocks);
    };
    let content = &table.rows[0][0].content;
    let breaks = content
        .windows(2)
        .filter(|pair| pair[0] == Inline::Break && pair[1] == Inline::Break)
        .count();
    assert_eq!(breaks, 0, "{content:?}");
}
