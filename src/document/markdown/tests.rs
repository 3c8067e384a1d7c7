//! Whole-article tests: crafted inputs for each construct, the bundled
//! samples, the shared corpus (when present), edge cases and properties.

use super::*;
use proptest::prelude::*;

const EAST_TURKESTAN: &str = include_str!("../../../articles/東突厥斯坦共和國.md");
const SOVIET_INVASION: &str = include_str!("../../../articles/苏联入侵新疆.md");
const RUSSIAN_CONQUEST: &str = include_str!("../../../articles/俄羅斯入侵突厥斯坦.md");

/// Text fragments that would mean raw markup reached the model.
const FORBIDDEN: &[&str] = &[
    "[[",
    "]]",
    "{{",
    "}}",
    "<ref",
    "</",
    "\"wikilink\"",
    "](",
    "\\[",
    "fig:",
    "<!--",
    "<table",
    "<td",
    "<br",
    "'''",
    "-{",
    "**",
];

fn article(text: &str) -> Article {
    parse(text, "T")
}

/// Every inline of the article (body, tables, captions, infoboxes, footnotes).
fn all_inlines(article: &Article) -> Vec<&Inline> {
    let mut out = Vec::new();
    let mut pending: Vec<&Inline> = Vec::new();
    for_each_inline_run(article, &mut |run| {
        pending.extend(run.iter().rev());
        while let Some(inline) = pending.pop() {
            out.push(inline);
            if let Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } = inline
            {
                pending.extend(content.iter().rev());
            }
        }
    });
    out
}

fn texts(article: &Article) -> Vec<&str> {
    all_inlines(article)
        .into_iter()
        .filter_map(|inline| match inline {
            Inline::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The texts holding raw markup, with the fragment found.
fn markup_leaks(article: &Article) -> Vec<(String, &'static str)> {
    let mut leaks = Vec::new();
    for text in texts(article) {
        for fragment in FORBIDDEN {
            if text.contains(fragment) {
                leaks.push((text.to_string(), *fragment));
            }
        }
    }
    leaks
}

fn links(article: &Article) -> Vec<(&LinkTarget, String)> {
    all_inlines(article)
        .into_iter()
        .filter_map(|inline| match inline {
            Inline::Link { target, content } => Some((target, plain_text(content))),
            _ => None,
        })
        .collect()
}

fn first_paragraph(article: &Article) -> &[Inline] {
    article
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Paragraph { content } => Some(content.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

fn assert_footnotes_numbered(article: &Article) {
    for (index, footnote) in article.footnotes.iter().enumerate() {
        assert_eq!(
            footnote.number as usize,
            index + 1,
            "{:?}",
            article.footnotes
        );
    }
}

/// The model's block nesting depth (iterative, so it works on any model).
fn block_depth(blocks: &[Block]) -> usize {
    let mut deepest = 0;
    let mut pending: Vec<(&Block, usize)> = blocks.iter().map(|block| (block, 1)).collect();
    while let Some((block, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        match block {
            Block::Quote { blocks } => pending.extend(blocks.iter().map(|b| (b, depth + 1))),
            Block::List { items, .. } => {
                for item in items {
                    pending.extend(item.blocks.iter().map(|b| (b, depth + 2)));
                }
            }
            _ => {}
        }
    }
    deepest
}

// ---------------------------------------------------------------------------
// Constructs.

#[test]
fn header_quote_is_the_source_url() {
    let a = article("> 本文内容由[T](https://zh.wikipedia.org/wiki/T)转换而来。\n\n\n正文。\n");
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://zh.wikipedia.org/wiki/T")
    );
    assert_eq!(
        a.blocks,
        vec![Block::Paragraph {
            content: vec![Inline::text("正文。")]
        }]
    );
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(a.title, "T");
}

#[test]
fn other_quotes_stay() {
    let a = article("> 引文[a](http://x)\n");
    assert_eq!(a.source_url, None);
    assert!(matches!(a.blocks.as_slice(), [Block::Quote { .. }]));
}

#[test]
fn wikilinks_become_article_links() {
    let a = article(
        "[新疆省](../Page/新疆省_\\(中華民國\\).md \"wikilink\")與[中亞](https://zh.wikipedia.org/zh-hans/中亞 \"wikilink\")",
    );
    assert_eq!(
        links(&a),
        vec![
            (
                &LinkTarget::Article {
                    title: "新疆省 (中華民國)".into(),
                    fragment: None
                },
                "新疆省".to_string()
            ),
            (
                &LinkTarget::Article {
                    title: "中亞".into(),
                    fragment: None
                },
                "中亞".to_string()
            ),
        ]
    );
}

#[test]
fn links_to_own_sections_and_empty_links() {
    let a = parse(
        "[M](https://zh.wikipedia.org/wiki/#Millward \"wikilink\")[x](../Page/.md)",
        "民族军",
    );
    assert_eq!(
        links(&a),
        vec![(
            &LinkTarget::Article {
                title: "民族军".into(),
                fragment: Some("Millward".into())
            },
            "M".to_string()
        )]
    );
    assert_eq!(plain_text(first_paragraph(&a)), "Mx");
}

#[test]
fn empty_bullets_vanish() {
    let a = article(
        "  -
  - a
  -
",
    );
    let [Block::List { items, .. }] = a.blocks.as_slice() else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(items.len(), 1);
    assert!(
        article(
            "  -
  -
"
        )
        .blocks
        .is_empty()
    );
}

#[test]
fn interlanguage_links_are_external() {
    let a =
        article("[Khivan](https://zh.wikipedia.org/wiki/:en:Khivan_campaign_of_1839 \"wikilink\")");
    assert_eq!(
        links(&a)[0].0,
        &LinkTarget::External {
            url: "https://en.wikipedia.org/wiki/Khivan_campaign_of_1839".into()
        }
    );
}

#[test]
fn citations_outside_links_only() {
    let a = article("事\\[12\\]。[1](http://example.com)\n");
    assert_eq!(
        first_paragraph(&a),
        &[
            Inline::text("事"),
            Inline::Citation { number: 12 },
            Inline::text("。"),
            Inline::Link {
                target: LinkTarget::External {
                    url: "http://example.com".into()
                },
                content: vec![Inline::text("example.com")],
            },
        ]
    );
    assert_eq!(a.footnotes.len(), 12);
    assert_footnotes_numbered(&a);
}

#[test]
fn unlabelled_external_links_show_their_host() {
    let a = article(
        "A [\\[1\\]](http://bare.com/path) b [2](https://www.x.org/a) c [12 apes](http://y.org).",
    );
    assert_eq!(
        links(&a),
        vec![
            (
                &LinkTarget::External {
                    url: "http://bare.com/path".into()
                },
                "bare.com".to_string()
            ),
            (
                &LinkTarget::External {
                    url: "https://www.x.org/a".into()
                },
                "www.x.org".to_string()
            ),
            (
                &LinkTarget::External {
                    url: "http://y.org".into()
                },
                "12 apes".to_string()
            ),
        ]
    );
}

#[test]
fn closing_numbered_list_is_the_footnotes() {
    let a = article("a\\[1\\]b\\[3\\]\n\n## 參考\n\n1.  [書](http://x)，頁1\n2.\n3.  c\n");
    assert_eq!(a.footnotes.len(), 3);
    assert_eq!(a.footnotes[0].text(), "書，頁1");
    assert!(matches!(&a.footnotes[0].content[0], Inline::Link { .. }));
    assert!(a.footnotes[1].is_empty());
    assert_eq!(a.footnotes[2].text(), "c");
    assert_eq!(a.blocks.last(), Some(&Block::References { group: None }));
}

#[test]
fn citations_beyond_the_list_get_empty_footnotes() {
    let a = article("a\\[5\\]\n\n## 参考文献\n\n1.  x\n2.  y\n");
    assert_eq!(a.footnotes.len(), 5);
    assert!(a.footnotes[4].is_empty());
    assert_footnotes_numbered(&a);
}

#[test]
fn footnote_list_may_start_later() {
    let a = article(
        "a\\[1\\]\n\n[Category:甲](https://zh.wikipedia.org/wiki/Category:甲)\n\n3.  c\n4.  d\n",
    );
    assert_eq!(a.footnotes.len(), 4);
    assert_eq!(a.footnotes[2].text(), "c");
    assert_footnotes_numbered(&a);
}

#[test]
fn a_closing_list_elsewhere_stays_a_list_even_with_citations() {
    let a = article("Text\\[1\\].\n\n## Steps\n\n1.  Open\n2.  Take\n");
    let Some(Block::List {
        ordered: true,
        items,
    }) = a.blocks.last()
    else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(items.len(), 2);
    assert_eq!(a.footnotes.len(), 1);
    assert!(a.footnotes[0].is_empty());
}

#[test]
fn the_footnote_list_follows_the_categories_or_a_references_heading() {
    for input in [
        "a\\[1\\]\n\n[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 \"wikilink\")\n\n1.  x\n",
        "a\\[1\\]\n\n## 參考資料與註釋\n\n1.  x\n",
        "a\\[1\\]\n\n## Notes and references\n\n1.  x\n",
        "a\\[1\\]\n\n## 其他\n\n1.  x\n2.\n",
    ] {
        let a = article(input);
        assert_eq!(a.footnotes[0].text(), "x", "{input}");
        assert_eq!(
            a.blocks.last(),
            Some(&Block::References { group: None }),
            "{input}"
        );
    }
}

#[test]
fn an_ordered_list_without_citations_stays_a_list() {
    let a = article("步驟：\n\n1.  甲\n2.  乙\n");
    assert!(a.footnotes.is_empty());
    assert!(matches!(
        a.blocks.last(),
        Some(Block::List { ordered: true, .. })
    ));
}

#[test]
fn categories_are_collected_and_their_paragraph_vanishes() {
    let a = article(
        "正文\n\n[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 \"wikilink\") [Category:乙](../Page/Category:乙.md \"wikilink\")\n",
    );
    assert_eq!(a.categories, vec!["甲".to_string(), "乙".to_string()]);
    assert_eq!(a.blocks.len(), 1);
}

#[test]
fn figures_become_images_with_their_broken_captions() {
    let a = article(
        "[A_b.jpg](https://zh.wikipedia.org/wiki/File:A_b.jpg \"fig:A_b.jpg\")（右三）与[部长](../Page/部长.md \"wikilink\")\\]\\] 正文\n",
    );
    let [
        Block::Image { target, caption },
        Block::Paragraph { content },
    ] = a.blocks.as_slice()
    else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(target, "A b.jpg");
    assert_eq!(plain_text(caption), "（右三）与部长");
    assert_eq!(plain_text(content), "正文");
}

#[test]
fn figure_title_is_a_caption_unless_an_option() {
    let a = article(
        "[地图](https://zh.wikipedia.org/wiki/File:M.svg \"fig:地图\")\n\n[缩略图](https://zh.wikipedia.org/wiki/File:N.svg \"fig:缩略图\")\n",
    );
    assert_eq!(
        a.blocks,
        vec![
            Block::Image {
                target: "M.svg".into(),
                caption: vec![Inline::text("地图")]
            },
            Block::Image {
                target: "N.svg".into(),
                caption: vec![]
            },
        ]
    );
}

#[test]
fn markdown_images_are_images() {
    let a = article("![說明](https://upload.example/x/Y_z.png)\n");
    assert_eq!(
        a.blocks,
        vec![Block::Image {
            target: "Y z.png".into(),
            caption: vec![Inline::text("說明")]
        }]
    );
}

#[test]
fn gallery_residue_becomes_images() {
    let a = article(
        "<File:恭王府建筑群> - panoramio.jpg <File:WSL> gui Firefox.png|运行于[Firefox](../Page/Firefox.md \"wikilink\")\n",
    );
    let [
        Block::Image {
            target: first,
            caption: none,
        },
        Block::Image { target, caption },
    ] = a.blocks.as_slice()
    else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(first, "恭王府建筑群 - panoramio.jpg");
    assert!(none.is_empty());
    assert_eq!(target, "WSL gui Firefox.png");
    assert_eq!(plain_text(caption), "运行于Firefox");
}

#[test]
fn html_table_with_links_and_breaks() {
    let a = article(
        "<table>\n<caption>表</caption>\n<tr class=\"header\">\n<th><p>甲</p></th>\n</tr>\n<tr>\n<td><p><a href=\"../Page/乙.md\" title=\"wikilink\">乙</a>、<br />\n丙</p></td>\n</tr>\n</table>\n",
    );
    let [Block::Table(table)] = a.blocks.as_slice() else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(table.caption, vec![Inline::text("表")]);
    assert!(table.rows[0][0].header);
    assert_eq!(
        table.rows[1][0].content,
        vec![
            Inline::Link {
                target: LinkTarget::Article {
                    title: "乙".into(),
                    fragment: None
                },
                content: vec![Inline::text("乙")],
            },
            Inline::text("、"),
            Inline::Break,
            Inline::text("丙"),
        ]
    );
}

#[test]
fn comments_vanish() {
    let a = article("  - a\n\n<!-- end list -->\n\n  - b\n\nx<!-- y -->z\n");
    assert!(markup_leaks(&a).is_empty(), "{:?}", markup_leaks(&a));
    assert_eq!(a.blocks.len(), 3);
}

#[test]
fn inline_html_tags() {
    let a = article(
        "a<br />b<sup>1</sup><span class=\"x\">c</span><b>d</b><a href=\"http://e\">e</a>\n",
    );
    assert_eq!(
        first_paragraph(&a),
        &[
            Inline::text("a"),
            Inline::Break,
            Inline::text("b1c"),
            Inline::Strong {
                content: vec![Inline::text("d")]
            },
            Inline::Link {
                target: LinkTarget::External {
                    url: "http://e".into()
                },
                content: vec![Inline::text("e")],
            },
        ]
    );
}

#[test]
fn template_leftovers_keep_their_meaning_and_warn_only_of_loss() {
    let a = article("甲\n\n{{-}}\n\n乙。}}丙{{•}}丁{{music|flat}}\n");
    assert_eq!(a.blocks.len(), 2);
    assert_eq!(plain_text(first_paragraph(&a)), "甲");
    assert!(texts(&a).contains(&"乙。丙 · 丁♭"), "{:?}", texts(&a));
    assert!(a.warnings.is_empty(), "nothing lost: {:?}", a.warnings);
    let a = article("甲{{Mystery|k=v}}乙\n");
    assert!(texts(&a).contains(&"甲乙"), "{:?}", texts(&a));
    assert_eq!(a.warnings, ["dropped a template left in the text"]);
}

#[test]
fn infobox_templates_become_infoboxes() {
    let a = article(
        "{{ infobox software | logo = | developer = [Eclipse](../Page/Eclipse.md \"wikilink\")基金會 | status = 進行中 }}\n\n正文\n",
    );
    let [Block::Infobox(infobox), Block::Paragraph { .. }] = a.blocks.as_slice() else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(infobox.kind, "software");
    assert_eq!(infobox.rows.len(), 2);
    assert_eq!(infobox.rows[0].key, "developer");
    assert_eq!(plain_text(&infobox.rows[0].value), "Eclipse基金會");
}

#[test]
fn a_template_residue_too_small_for_an_infobox_shows_its_values_as_text() {
    let a = article("{{ 注音 | 音 = ㄅㄚ | 拼 = bā }}\n\n正文\n");
    let [Block::Paragraph { content }, Block::Paragraph { .. }] = a.blocks.as_slice() else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(plain_text(content), "ㄅㄚ bā");
    assert!(
        a.warnings.iter().any(|w| w.contains("注音")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn infobox_residue_without_its_start_is_read_too() {
    let a = article(
        "border |symbol = 旗 |capital =\n[迪化](../Page/迪化.md \"wikilink\") |motto = |today = 新疆\n}}\n\n**新疆自治省**是\n",
    );
    assert!(matches!(&a.blocks[0], Block::Infobox(infobox) if infobox.rows.len() == 3));
    assert!(markup_leaks(&a).is_empty());
}

#[test]
fn block_structure() {
    let a = article(
        "## 標題\n\n段落**粗**與*斜*及`碼`\n\n  - 一\n      - 二\n\n> 引\n\n---\n\n```\ncode\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    );
    assert_eq!(
        a.blocks[0],
        Block::Heading {
            level: 2,
            content: vec![Inline::text("標題")]
        }
    );
    assert_eq!(
        a.blocks[1],
        Block::Paragraph {
            content: vec![
                Inline::text("段落"),
                Inline::Strong {
                    content: vec![Inline::text("粗")]
                },
                Inline::text("與"),
                Inline::Emphasis {
                    content: vec![Inline::text("斜")]
                },
                Inline::text("及"),
                Inline::Code { text: "碼".into() },
            ]
        }
    );
    let Block::List {
        ordered: false,
        items,
    } = &a.blocks[2]
    else {
        panic!("{:?}", a.blocks[2]);
    };
    assert!(matches!(
        items[0].blocks.as_slice(),
        [Block::Paragraph { .. }, Block::List { .. }]
    ));
    assert!(matches!(&a.blocks[3], Block::Quote { .. }));
    assert_eq!(a.blocks[4], Block::Rule);
    assert_eq!(
        a.blocks[5],
        Block::Preformatted {
            text: "code".into()
        }
    );
    let Block::Table(table) = &a.blocks[6] else {
        panic!("{:?}", a.blocks[6]);
    };
    assert!(table.rows[0].iter().all(|cell| cell.header));
    assert!(table.rows[1].iter().all(|cell| !cell.header));
}

#[test]
fn soft_breaks_join_lines() {
    let a = article("中文\n繼續 and\nEnglish\n中\nx  \ny\n");
    assert_eq!(
        first_paragraph(&a),
        &[
            Inline::text("中文繼續 and English中x"),
            Inline::Break,
            Inline::text("y")
        ]
    );
}

#[test]
fn language_conversion_and_empty_parentheses() {
    let a = article(
        "[東-{干}-人](https://zh.wikipedia.org/wiki/東干人 \"wikilink\")**哲德沙尔汗国**（）是\n",
    );
    assert_eq!(plain_text(first_paragraph(&a)), "東干人哲德沙尔汗国是");
}

#[test]
fn bold_names_become_aliases_through_the_caller() {
    let a = crate::document::parse_str("**甲**又稱**乙**。\n", "甲", Format::Markdown);
    assert_eq!(a.aliases, vec!["甲".to_string(), "乙".to_string()]);
}

#[test]
fn entities_cannot_smuggle_controls() {
    let a = article("a&#27;b\n");
    assert_eq!(plain_text(first_paragraph(&a)), "a␛b");
}

// ---------------------------------------------------------------------------
// The samples.

#[test]
fn sample_east_turkestan_republic() {
    let a = parse(EAST_TURKESTAN, "東突厥斯坦共和國");
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://zh.wikipedia.org/wiki/東突厥斯坦共和國")
    );
    assert_eq!(a.footnotes.len(), 50);
    assert_footnotes_numbered(&a);
    assert!(
        a.footnotes[2].text().starts_with("劉學銚，新疆史論"),
        "{}",
        a.footnotes[2].text()
    );
    assert!(a.footnotes[39].is_empty());
    assert!(a.footnotes[0].is_empty());
    let lead = first_paragraph(&a);
    assert!(lead.contains(&Inline::Citation { number: 1 }));
    assert!(lead.contains(&Inline::Citation { number: 2 }));
    assert!(links(&a).iter().any(|(target, _)| *target
        == &LinkTarget::Article {
            title: "新疆省 (中華民國)".into(),
            fragment: None
        }));
    let table = a
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
        .expect("the organisation table");
    assert_eq!(plain_text(&table.caption), "東突厥斯坦共和國組織架構表");
    let cell_links = table
        .rows
        .iter()
        .flatten()
        .flat_map(|cell| cell.content.iter())
        .filter(|inline| matches!(inline, Inline::Link { .. }))
        .count();
    assert!(cell_links > 20, "{cell_links}");
    assert!(
        table
            .rows
            .iter()
            .flatten()
            .any(|cell| cell.content.contains(&Inline::Break))
    );
    assert!(
        table
            .rows
            .iter()
            .flatten()
            .any(|cell| cell.content.contains(&Inline::Citation { number: 39 }))
    );
    assert_eq!(a.categories.len(), 5);
    assert!(a.categories.contains(&"短命國家".to_string()));
    assert_eq!(a.blocks.last(), Some(&Block::References { group: None }));
    assert!(markup_leaks(&a).is_empty(), "{:?}", markup_leaks(&a));
}

#[test]
fn sample_soviet_invasion_of_xinjiang() {
    let a = parse(SOVIET_INVASION, "苏联入侵新疆");
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://zh.wikipedia.org/wiki/苏联入侵新疆")
    );
    assert_eq!(a.footnotes.len(), 33);
    assert_footnotes_numbered(&a);
    assert_eq!(a.footnotes[17].text(), "dsr.nii.ac.jp");
    assert_eq!(a.categories.len(), 8);
    assert!(markup_leaks(&a).is_empty(), "{:?}", markup_leaks(&a));
}

#[test]
fn sample_russian_conquest_of_turkestan() {
    let a = parse(RUSSIAN_CONQUEST, "俄羅斯入侵突厥斯坦");
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://zh.wikipedia.org/wiki/俄羅斯入侵突厥斯坦")
    );
    assert_eq!(a.footnotes.len(), 5);
    assert_footnotes_numbered(&a);
    assert!(a.footnotes[2].is_empty());
    assert!(links(&a).iter().any(|(target, label)| *target
        == &LinkTarget::Article {
            title: "伊犁危機".into(),
            fragment: None
        }
        && label == "伊犁危機"));
    assert_eq!(
        a.categories,
        vec!["俄罗斯帝国战争", "19世纪亚洲战争", "中亚军事史"]
    );
    let images = a
        .blocks
        .iter()
        .filter(|block| matches!(block, Block::Image { .. }))
        .count();
    assert_eq!(images, 3);
    let aliases = crate::document::lead_aliases(&a.blocks);
    assert_eq!(aliases, vec!["俄羅斯入侵突厥斯坦", "俄羅斯入侵中亞"]);
    assert!(markup_leaks(&a).is_empty(), "{:?}", markup_leaks(&a));
}

#[test]
fn corpus_has_no_raw_markup() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/zhwiki-md"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: {} is missing", dir.display());
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let a = crate::document::parse_bytes(&bytes, "T", Format::Markdown);
        checked += 1;
        for (text, fragment) in markup_leaks(&a) {
            failures.push(format!("{}: {fragment:?} in {text:?}", path.display()));
        }
        assert_footnotes_numbered(&a);
    }
    assert!(
        failures.is_empty(),
        "{} files, leaks:\n{}",
        checked,
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Edge cases.

#[test]
fn empty_input() {
    let a = article("");
    assert!(a.blocks.is_empty());
    assert!(a.footnotes.is_empty());
}

#[test]
fn ten_thousand_quote_markers() {
    let a = article(&">".repeat(10_000));
    assert!(block_depth(&a.blocks) <= MAX_BLOCK_DEPTH);
    let a = article(&format!("{} deep\n", ">".repeat(10_000)));
    assert!(block_depth(&a.blocks) <= MAX_BLOCK_DEPTH);
    assert!(texts(&a).contains(&"deep"));
}

#[test]
fn ten_thousand_nested_lists() {
    let mut text = String::new();
    for level in 0..10_000 {
        text.push_str(&"  ".repeat(level));
        text.push_str("- x\n");
    }
    let a = article(&text);
    assert!(block_depth(&a.blocks) <= 2 * MAX_BLOCK_DEPTH);
    let mut text = String::new();
    for _ in 0..10_000 {
        text.push_str("- ");
    }
    text.push_str("x\n");
    let a = article(&text);
    assert!(block_depth(&a.blocks) <= 2 * MAX_BLOCK_DEPTH);
}

#[test]
fn deep_inline_nesting() {
    let a = article(&format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)));
    let _ = plain_text(first_paragraph(&a));
    let a = article(&format!(
        "{}x{}",
        "<b>".repeat(20_000),
        "</b>".repeat(20_000)
    ));
    assert!(texts(&a).contains(&"x"));
    let a = article(&format!("{}x{}", "[".repeat(20_000), "](u)".repeat(20_000)));
    let _ = plain_text(first_paragraph(&a));
}

#[test]
fn unclosed_html_table() {
    let a = article("<table>\n<tr><td><a href=\"../Page/X.md\">X</a>\n");
    assert!(matches!(a.blocks.as_slice(), [Block::Table(_)]));
    assert!(!a.warnings.is_empty());
}

#[test]
fn unclosed_markup_of_every_kind() {
    for text in [
        "{{Infobox X|a=[[b",
        "<ref name=a>text",
        "<!-- never closed\n\nmore",
        "-{zh-hans:甲;zh-hant:乙",
        "[x](../Page/T.md \"wikilink\"",
        "<table><tr><td>a",
        "```\ncode",
        "[[File:a.jpg|thumb|",
        "\\[1",
        "1. \n2.\n3.",
        "**《甲》**或**",
        "<a href=\"x\">",
        "</td></tr></table>",
        "<File:",
    ] {
        let a = article(text);
        check_invariants(&a);
        let leaks: Vec<_> = markup_leaks(&a)
            .into_iter()
            .filter(|(_, fragment)| {
                ["](", "\"wikilink\"", "{{", "}}", "[[", "]]", "-{", "**"].contains(fragment)
            })
            .collect();
        assert!(leaks.is_empty(), "{text:?}: {leaks:?}");
    }
}

#[test]
fn path_like_hrefs_are_just_links() {
    let a = article("<a href=\"../../../../etc/passwd\">p</a>\n");
    assert_eq!(
        links(&a),
        vec![(
            &LinkTarget::External {
                url: "../../../../etc/passwd".into()
            },
            "p".to_string()
        )]
    );
}

#[test]
fn huge_citation_numbers_do_not_allocate() {
    let a = article("a\\[99999999\\]b[100000]\n\n4294967295.  x\n");
    assert!(a.footnotes.len() <= MAX_FOOTNOTE as usize);
}

#[test]
fn five_megabytes_of_punctuation_parse_quickly() {
    let pieces = [
        "[", "]", "(", ")", "<", ">", "*", "_", "`", "\\", "{", "}", "|", "-", "!", "&", "#", ":",
        "\n", " ", "\"", "'", "~", "。", ">",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut text = String::with_capacity(5_000_000);
    while text.len() < 5_000_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(pieces[(state % pieces.len() as u64) as usize]);
    }
    let started = std::time::Instant::now();
    let _ = article(&text);
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn long_runs_of_special_characters_stay_linear() {
    for piece in [
        "<", "<a ", "&", "[", "[1", "-{", "{{", "]]", "<!--", "<td>", "\\[", "fig:",
    ] {
        let text = piece.repeat(200_000);
        let started = std::time::Instant::now();
        let a = article(&text);
        assert!(started.elapsed().as_secs() < 10, "{piece}");
        let _ = markup_leaks(&a);
    }
}

// ---------------------------------------------------------------------------
// Properties.

const TOKENS: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "\\[",
    "\\]",
    "[1]",
    "\\[2\\]",
    "](",
    "../Page/",
    ".md",
    " \"wikilink\"",
    "\"fig:",
    "https://zh.wikipedia.org/wiki/",
    "File:",
    "Category:",
    ":en:",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "<th>",
    "</table>",
    "<a href=\"",
    "\">",
    "</a>",
    "<br />",
    "<!--",
    "-->",
    "{{",
    "}}",
    "-{",
    "}-",
    "**",
    "*",
    "`",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "|",
    "---",
    "```",
    "中文",
    "word",
    "&amp;",
    "&#",
    "<File:",
    "本文内容由",
    "转换而来",
    "%E4",
    "_",
    "#",
];

fn markdownish() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..80)
        .prop_map(|tokens| tokens.concat())
}

fn check_invariants(a: &Article) {
    for (index, footnote) in a.footnotes.iter().enumerate() {
        assert_eq!(footnote.number as usize, index + 1);
    }
    assert!(block_depth(&a.blocks) <= 2 * MAX_BLOCK_DEPTH);
    for text in texts(a) {
        assert!(!text.chars().any(is_unsafe_control), "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let a = crate::document::parse_str(&text, "T", Format::Markdown);
        check_invariants(&a);
    }

    #[test]
    fn markdownish_strings_never_panic(text in markdownish()) {
        let a = crate::document::parse_str(&text, "T", Format::Markdown);
        check_invariants(&a);
    }
}

#[test]
fn html_table_cells_keep_colspan_and_rowspan() {
    let a = article(
        "<table>\n<tr><th colspan=\"2\">清朝</th><th>俄国</th></tr>\n<tr><td rowspan='2'>1871</td><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr>\n</table>\n",
    );
    let Some(Block::Table(table)) = a.blocks.first() else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!((table.rows[0][0].colspan, table.rows[0][0].rowspan), (2, 1));
    assert_eq!((table.rows[1][0].colspan, table.rows[1][0].rowspan), (1, 2));
    assert_eq!((table.rows[2][1].colspan, table.rows[2][1].rowspan), (1, 1));
}

#[test]
fn escaped_language_variants_show_one_variant() {
    use crate::document::reading_script::{Script, with_script};
    let source = "花名\\-{zh-cn:朱唇;zh-tw:红花鼠尾草;}-，又-{A|zh-hans:计算机;zh-hant:電腦}-。\n";
    let shown = plain_text(
        &article(source)
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Paragraph { content } => Some(content.clone()),
                _ => None,
            })
            .unwrap_or_default(),
    );
    assert_eq!(shown, "花名朱唇，又计算机。");
    let traditional = with_script(Script::Traditional, || article(source));
    let shown = plain_text(
        &traditional
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Paragraph { content } => Some(content.clone()),
                _ => None,
            })
            .unwrap_or_default(),
    );
    assert_eq!(shown, "花名红花鼠尾草，又電腦。");
}

#[test]
fn template_residue_of_any_language_reads_as_a_labelled_infobox() {
    let a = crate::document::parse_str(
        "{{基礎情報 武士 | 氏名 = 織田信長 | 時代 = 戦国時代 | 生誕 = 天文3年 }}\n\n本文。\n",
        "T",
        Format::Markdown,
    );
    let Some(Block::Infobox(infobox)) = a.blocks.first() else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(infobox.kind, "武士");
    assert_eq!(infobox.title, "織田信長");
    assert_eq!(infobox.rows.len(), 2);
    let a = crate::document::parse_str(
        "{{Infobox Military Conflict | conflict = 伊犁危機 | partof = 同治回亂 | combatant1 = 清朝 | combatant2 = 俄羅斯帝國 }}\n\n本文。\n",
        "T",
        Format::Markdown,
    );
    let Some(Block::Infobox(infobox)) = a.blocks.first() else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(infobox.kind, "军事冲突");
    assert_eq!(infobox.title, "伊犁危機");
    let keys: Vec<&str> = infobox.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["所属", "参战方"]);
    let sides: Vec<String> = infobox.rows[1].values().map(|v| plain_text(v)).collect();
    assert_eq!(sides, ["清朝", "俄羅斯帝國"]);
}

#[test]
fn interwiki_prefixes_and_languages_come_from_the_shared_vocabulary() {
    let a = article(
        "[x](https://zh.wikipedia.org/wiki/mw:Help:Links) [y](https://zh.wikipedia.org/wiki/zh-yue:香港) [z](https://zh.wikipedia.org/wiki/ibm:x)\n",
    );
    let found: Vec<&LinkTarget> = links(&a).into_iter().map(|(target, _)| target).collect();
    assert_eq!(
        found,
        [
            &LinkTarget::External {
                url: "https://www.mediawiki.org/wiki/Help:Links".into()
            },
            &LinkTarget::External {
                url: "https://zh-yue.wikipedia.org/wiki/香港".into()
            },
            // `ibm` is no language: a title with a colon.
            &LinkTarget::Article {
                title: "ibm:x".into(),
                fragment: None
            },
        ]
    );
}

// ---------------------------------------------------------------------------
// TeX formulas (`\(…\)`, `\[…\]`); the lines are from the pages -1, 分配律,
// 歸納維數 and (R)-氨基丙醇脱氢酶 of the same conversion.

#[test]
fn inline_tex_reads_as_unicode_and_the_text_around_it_stays() {
    let a = article(
        "負一與[歐拉恆等式相關聯](../Page/歐拉恆等式.md \"wikilink\")，此恆等式表示為\\(e^{i \\pi} = -1\\!\\)。\\[1\\]\n\n\
         我們定義\\(x^{-1} = \\frac {1}{x}\\)，即代數x的倒數。可將此定義結合指數定律\\(x^a\\cdot x^b= x^{a+b} \\  a,b\\in \\R\\)\n。\n",
    );
    assert_eq!(
        plain_text(first_paragraph(&a)),
        "負一與歐拉恆等式相關聯，此恆等式表示為e^(iπ) = −1。[1]"
    );
    assert!(matches!(
        first_paragraph(&a).last(),
        Some(Inline::Citation { number: 1 })
    ));
    let Some(Block::Paragraph { content }) = a.blocks.get(1) else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(
        plain_text(content),
        "我們定義x⁻¹ = 1/x，即代數x的倒數。可將此定義結合指數定律xᵃ · xᵇ = xᵃ⁺ᵇ a,b ∈ ℝ。"
    );
    assert!(markup_leaks(&a).is_empty(), "{:?}", markup_leaks(&a));
}

#[test]
fn asterisks_in_tex_are_not_emphasis() {
    let a = article(
        "  - \\(*\\)对于\\(+\\)满足左分配律，如果：\n\n<!-- end list -->\n\n  -\n\n      -\n        \\(\\forall x,y,z \\in S, x * (y+z) = (x*y)+(x*z)\\);\n",
    );
    let text = blocks_plain_text(&a.blocks);
    assert!(text.contains("∗对于+满足左分配律，如果："), "{text}");
    // The list's text, indented too far, is read as a code block: its TeX is read too.
    assert!(
        text.contains("∀x,y,z ∈ S, x ∗ (y + z) = (x ∗ y) + (x ∗ z);"),
        "{text}"
    );
    assert!(
        !all_inlines(&a)
            .iter()
            .any(|inline| matches!(inline, Inline::Emphasis { .. } | Inline::Strong { .. })),
        "{:?}",
        a.blocks
    );
    let a = article("若\\(a*b\\)与\\(c*d\\)，則\\(x_1 * y_2\\)。\n");
    assert_eq!(
        first_paragraph(&a),
        [Inline::text("若a ∗ b与c ∗ d，則x₁ ∗ y₂。")]
    );
}

#[test]
fn display_tex_is_a_paragraph_of_readable_text() {
    let a = article(
        "對於實數x，我們得到\n\n\\[x+(-1)\\cdot x=1\\cdot x+(-1)\\cdot x=(1+(-1))\\cdot x=0 \\cdot x=0\\]\n\n\
         \\[0\\cdot x=(0+0)\\cdot x=0\\cdot x+0\\cdot x \\,\\]\n\n\\[0 =-1\\cdot [1+(-1)]\\]\n\n\
         \\[\\operatorname{ind}(\\varnothing)=\\operatorname{Ind}(\\varnothing)=-1\\] 然後，歸納定義\n",
    );
    let paragraphs: Vec<String> = a
        .blocks
        .iter()
        .map(|block| {
            blocks_plain_text(std::slice::from_ref(block))
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(
        paragraphs,
        [
            "對於實數x，我們得到",
            "x + (−1) · x = 1 · x + (−1) · x = (1 + (−1)) · x = 0 · x = 0",
            "0 · x = (0 + 0) · x = 0 · x + 0 · x",
            "0 = −1 · [1 + (−1)]",
            "ind(∅) = Ind(∅) = −1 然後，歸納定義",
        ]
    );
}

#[test]
fn escaped_brackets_that_are_not_tex_stay_text() {
    let a = article(
        "新疆通志·军事志\\[M \\]. 乌鲁木齐。\\[2\\]\n\np\\[\"index.php\"\\] = function ()\n\n[乡](https://zh.wikipedia.org/wiki/乡_\\(中华人民共和国\\) \"wikilink\")与`\\(x\\)`\n",
    );
    let text = blocks_plain_text(&a.blocks);
    assert!(
        text.contains("新疆通志·军事志[M ]. 乌鲁木齐。[2]"),
        "{text}"
    );
    assert!(text.contains("p[\"index.php\"] = function ()"), "{text}");
    assert!(links(&a).iter().any(|(target, _)| **target
        == LinkTarget::Article {
            title: "乡 (中华人民共和国)".into(),
            fragment: None
        }));
    assert!(all_inlines(&a).contains(&&Inline::Code {
        text: "\\(x\\)".into()
    }));
}

#[test]
fn tex_in_table_cells_links_and_across_lines_keeps_the_layout() {
    let a = article(
        "| 式 | 值 |\n| --- | --- |\n| \\(x^{10}\\) | \\(\\frac{1}{2}\\) |\n| \\(a \\\\ b\\) | [\\(\\alpha\\)](../Page/Α.md \"wikilink\") |\n\n\
         前\\(a +\nb\\)後\n",
    );
    let Some(Block::Table(table)) = a.blocks.first() else {
        panic!("{:?}", a.blocks);
    };
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(|cell| plain_text(&cell.content)).collect())
        .collect();
    assert_eq!(cells, [["式", "值"], ["x¹⁰", "1/2"], ["a; b", "α"]]);
    assert_eq!(
        a.blocks.get(1),
        Some(&Block::Paragraph {
            content: vec![Inline::text("前a + b後")]
        })
    );
    let html = article("<table>\n<tr>\n<td><p>\\(x^2 \\le y\\)</p></td>\n</tr>\n</table>\n");
    assert_eq!(blocks_plain_text(&html.blocks).trim(), "x² ≤ y");
}

#[test]
fn math_events_read_as_unicode() {
    let mut builder = Builder::default();
    builder.event(Event::Start(Tag::Paragraph));
    builder.event(Event::Text("a ".into()));
    builder.event(Event::InlineMath("x^2 \\in \\mathbb{R}".into()));
    builder.event(Event::Text(" b ".into()));
    builder.event(Event::DisplayMath("\\frac{1}{2}".into()));
    builder.event(Event::End(TagEnd::Paragraph));
    let a = builder.finish("T");
    assert_eq!(plain_text(first_paragraph(&a)), "a x² ∈ ℝ b 1/2");
}

#[test]
fn bad_tex_never_panics_nor_eats_text() {
    let started = std::time::Instant::now();
    let unclosed = format!("前\\({}後\n", "\\frac{".repeat(170_000));
    let a = article(&unclosed);
    let text = blocks_plain_text(&a.blocks);
    assert!(text.starts_with("前(") && text.trim_end().ends_with('後'));
    let closed = format!("前\\({}\\)後\n", "\\frac{".repeat(170_000));
    let text = blocks_plain_text(&article(&closed).blocks);
    assert!(
        text.starts_with('前') && text.trim_end().ends_with('後'),
        "{}",
        text.len()
    );
    let many = "\\(x\\)\\[\\alpha\\](\\[".repeat(50_000);
    let _ = article(&many);
    let unbalanced = format!("a \\({}\\) b\n", "}".repeat(100_000) + &"{".repeat(100_000));
    assert_eq!(
        blocks_plain_text(&article(&unbalanced).blocks).trim(),
        "a  b"
    );
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

// ---------------------------------------------------------------------------
// Images whose options pandoc left in the text.

/// The image blocks of an article: file and caption text.
fn images(article: &Article) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn walk(blocks: &[Block], out: &mut Vec<(String, String)>) {
        for block in blocks {
            match block {
                Block::Image { target, caption } => out.push((target.clone(), plain_text(caption))),
                Block::List { items, .. } => {
                    for item in items {
                        walk(&item.blocks, out);
                    }
                }
                Block::Quote { blocks } => walk(blocks, out),
                _ => {}
            }
        }
    }
    walk(&article.blocks, &mut out);
    out
}

fn pair(target: &str, caption: &str) -> (String, String) {
    (target.to_string(), caption.to_string())
}

#[test]
fn file_links_with_options_in_their_label_are_images() {
    // pandoc knows only `File:`/`Image:` as image links: `[[文件:…|300px|缩略图|…]]`
    // comes out as a link whose label holds the options.
    let a = article(
        "前文[300px|缩略图|伊宁市的街道](../Page/文件:Yining_street.jpg.md \"wikilink\")后文\n\n\
         [缩略图|右|自定义地形的示例图](https://zh.wikipedia.org/wiki/File:Land_of_the_Ork.png \"wikilink\")\n\n\
         [250px|thumb|right](https://zh.wikipedia.org/wiki/Image:Y.png \"wikilink\")\n\n\
         [400px|thumb| PuTTYgen before generating a key](file:puttygen1.png.md)\n\n\
         [聆听](https://zh.wikipedia.org/wiki/Media:Song.ogg \"wikilink\")与[文件页](https://zh.wikipedia.org/wiki/:File:Z.png \"wikilink\")\n",
    );
    assert_eq!(
        images(&a),
        [
            pair("Yining street.jpg", "伊宁市的街道"),
            pair("Land of the Ork.png", "自定义地形的示例图"),
            pair("Y.png", ""),
            pair("puttygen1.png", "PuTTYgen before generating a key"),
        ]
    );
    let text = blocks_plain_text(&a.blocks);
    assert!(text.starts_with("前文\n伊宁市的街道\n后文\n"), "{text}");
    // A link to a sound or to a file's page stays a link.
    assert!(text.contains("聆听与文件页"), "{text}");
    assert_no_option_words(&a);
}

#[test]
fn figure_titles_and_alt_texts_lose_their_options() {
    let a = article(
        "[说明](https://zh.wikipedia.org/wiki/File:X.jpg \"fig:缩略图|left|说明\")\n\n\
         ![300px|缩略图|说明文字](https://upload.example/Y.png)\n\n\
         [Z.svg](https://zh.wikipedia.org/wiki/File:Z.svg \"fig:200px|frameless|upright=1.2|alt=地图\")\n",
    );
    assert_eq!(
        images(&a),
        [
            pair("X.jpg", "说明"),
            pair("Y.png", "说明文字"),
            pair("Z.svg", "")
        ]
    );
}

#[test]
fn broken_captions_start_at_their_words() {
    // From 帕米爾高原 and 清真言: the caption's first link was lost.
    let a = article(
        "[Gorno.svg](https://zh.wikipedia.org/wiki/File:Gorno.svg \"fig:Gorno.svg\")。\\]\\]\n\n\
         [Flag.svg](https://zh.wikipedia.org/wiki/File:Flag.svg \"fig:Flag.svg\")，自右向左念即为[清真言](../Page/清真言.md \"wikilink\")。\\]\\]\n",
    );
    assert_eq!(
        images(&a),
        [
            pair("Gorno.svg", ""),
            pair("Flag.svg", "自右向左念即为清真言。")
        ]
    );
}

#[test]
fn gallery_lines_lose_their_options() {
    let a = article(
        "<File:A.jpg>|alt=甲|甲说明 <File:B> c.jpg|thumb|乙说明|120px <Image:C.png>|link=X\n\n\
         文件:D.jpg|丁说明 Image:E_f.png|alt=戊|戊说明\n",
    );
    assert_eq!(
        images(&a),
        [
            pair("A.jpg", "甲说明"),
            pair("B c.jpg", "乙说明"),
            pair("C.png", ""),
            pair("D.jpg", "丁说明"),
            pair("E f.png", "戊说明"),
        ]
    );
}

#[test]
fn file_links_in_cells_and_headings_show_their_caption() {
    let a = article(
        "| 图 | 文 |\n| --- | --- |\n| [300px\\|缩略图\\|说明](../Page/文件:X.jpg.md \"wikilink\") | 甲 |\n",
    );
    let Some(Block::Table(table)) = a.blocks.first() else {
        panic!("{:?}", a.blocks);
    };
    assert_eq!(plain_text(&table.rows[1][0].content), "说明");
}

/// No image option word (`300px`, `缩略图`, `thumb`, `alt=` …) reaches a caption or the text.
fn assert_no_option_words(article: &Article) {
    for text in texts(article) {
        for part in text.split(['|', ' ']) {
            assert!(
                part.is_empty() || !crate::wiki::images::is_option(part),
                "{text:?} holds the option {part:?}"
            );
        }
        assert!(!text.contains("alt="), "{text:?}");
    }
}

#[test]
fn corpus_images_show_captions_not_options() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/zhwiki-md"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: {} is missing", dir.display());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let a = article(&text);
        for (target, caption) in images(&a) {
            assert!(!target.is_empty(), "{}", path.display());
            for part in caption.split(['|', ' ']) {
                assert!(
                    part.is_empty() || !crate::wiki::images::is_option(part),
                    "{}: {caption:?}",
                    path.display()
                );
            }
            assert!(
                caption.is_empty() || caption.chars().any(char::is_alphanumeric),
                "{}: {caption:?}",
                path.display()
            );
        }
    }
}

#[test]
fn image_residue_never_panics_nor_takes_long() {
    let started = std::time::Instant::now();
    let inputs = [
        format!(
            "[{}](../Page/文件:X.jpg.md \"wikilink\")\n",
            "300px|".repeat(100_000)
        ),
        format!("[{}](../Page/文件:X.jpg.md)\n", "|".repeat(200_000)),
        "<File:a.jpg>|alt=x|".repeat(50_000),
        "文件:a.jpg|说明 ".repeat(50_000),
        format!("Image:{}", "Image:".repeat(150_000)),
        format!("文件:a.jpg {}", " ".repeat(500_000)),
        "[A.jpg](https://zh.wikipedia.org/wiki/File:A.jpg \"fig:A.jpg\")，".repeat(30_000),
        format!(
            "[A.jpg](https://zh.wikipedia.org/wiki/File:A.jpg \"fig:{}\")\\]\\]",
            "缩略图|".repeat(50_000)
        ),
        format!("![{}](x.png)", "|alt=".repeat(100_000)),
    ];
    for input in &inputs {
        let a = article(input);
        assert_no_option_words(&a);
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}
