//! The reading script: an article shown as written, in Simplified (简体) or
//! in Traditional (繁體) characters. Converting is for display only: link
//! targets, aliases and titles used to find articles keep their written
//! form, so every link still resolves.
//!
//! Two parts: which variant of `-{zh-cn:…;zh-tw:…}-` a parser picks (the
//! preference is set for the parse on the parsing thread only, by
//! [`with_script`]), and the conversion of a parsed article's text
//! ([`convert_article`], with `hanconv`). It never reads files and never
//! touches a terminal.

use super::model::{Article, Block, Inline};
use std::borrow::Cow;
use std::cell::Cell;

/// The script text is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Script {
    /// As the article is written (`-{}-` shows its Simplified variant first).
    #[default]
    AsWritten,
    Simplified,
    Traditional,
}

impl Script {
    /// `simplified`, `简`, `hans`, `zh-hans` … → the script (any case).
    pub fn from_name(name: &str) -> Option<Script> {
        match name.trim().to_lowercase().as_str() {
            "as-written" | "as_written" | "original" | "written" | "none" | "原文" => {
                Some(Script::AsWritten)
            }
            "simplified" | "hans" | "zh-hans" | "zh-cn" | "s" | "简" | "简体" | "簡體" => {
                Some(Script::Simplified)
            }
            "traditional" | "hant" | "zh-hant" | "zh-tw" | "t" | "繁" | "繁體" | "繁体" => {
                Some(Script::Traditional)
            }
            _ => None,
        }
    }

    /// As written → 简体 → 繁體 → as written.
    pub fn next(self) -> Script {
        match self {
            Script::AsWritten => Script::Simplified,
            Script::Simplified => Script::Traditional,
            Script::Traditional => Script::AsWritten,
        }
    }

    /// `text` in this script (borrowed when nothing changes).
    pub fn show<'a>(self, text: &'a str) -> Cow<'a, str> {
        if self == Script::AsWritten || !text.chars().any(crate::wiki::script::is_han) {
            return Cow::Borrowed(text);
        }
        let converted = match self {
            Script::Simplified => hanconv::t2s(text),
            Script::Traditional => hanconv::s2t(text),
            Script::AsWritten => return Cow::Borrowed(text),
        };
        if converted == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(converted)
        }
    }

    /// The variant codes of `-{…}-` in the order this script prefers them.
    fn variant_order(self) -> &'static [&'static str] {
        match self {
            Script::AsWritten | Script::Simplified => &[
                "zh-hans", "zh-cn", "zh-sg", "zh-my", "zh", "zh-hant", "zh-tw", "zh-hk", "zh-mo",
            ],
            Script::Traditional => &[
                "zh-hant", "zh-tw", "zh-hk", "zh-mo", "zh", "zh-hans", "zh-cn", "zh-sg", "zh-my",
            ],
        }
    }
}

thread_local! {
    static PREFERRED: Cell<Script> = const { Cell::new(Script::AsWritten) };
}

/// Runs `parse` with `script` as the variant preference of this thread's
/// parsers, then restores the one before.
pub fn with_script<T>(script: Script, parse: impl FnOnce() -> T) -> T {
    struct Restore(Script);
    impl Drop for Restore {
        fn drop(&mut self) {
            PREFERRED.with(|preferred| preferred.set(self.0));
        }
    }
    let _restore = Restore(PREFERRED.with(|preferred| preferred.replace(script)));
    parse()
}

/// Which of `variants` (code, value) a parser shows: the first in the
/// preferred order, else the first given.
pub fn pick_variant<'v, T>(variants: &'v [(&str, T)]) -> Option<&'v T> {
    let order = PREFERRED.with(Cell::get).variant_order();
    order
        .iter()
        .find_map(|wanted| {
            variants
                .iter()
                .find(|(code, _)| code.trim().eq_ignore_ascii_case(wanted))
        })
        .or_else(|| variants.first())
        .map(|(_, value)| value)
}

/// Converts every text shown of `article` to `script` (body, tables,
/// infoboxes, captions, footnotes). Link targets, the title and aliases
/// stay as written.
pub fn convert_article(article: &mut Article, script: Script) {
    if script == Script::AsWritten {
        return;
    }
    convert_blocks(&mut article.blocks, script);
    for footnote in &mut article.footnotes {
        convert_inlines(&mut footnote.content, script);
    }
}

fn convert_string(text: &mut String, script: Script) {
    if let Cow::Owned(converted) = script.show(text) {
        *text = converted;
    }
}

fn convert_blocks(blocks: &mut [Block], script: Script) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                convert_inlines(content, script)
            }
            Block::List { items, .. } => {
                for item in items {
                    convert_blocks(&mut item.blocks, script);
                }
            }
            Block::Quote { blocks } => convert_blocks(blocks, script),
            Block::Table(table) => {
                convert_inlines(&mut table.caption, script);
                for cell in table.rows.iter_mut().flatten() {
                    convert_inlines(&mut cell.content, script);
                }
            }
            Block::Infobox(infobox) => {
                convert_string(&mut infobox.kind, script);
                convert_string(&mut infobox.title, script);
                for row in &mut infobox.rows {
                    convert_string(&mut row.key, script);
                    convert_inlines(&mut row.value, script);
                    for side in &mut row.sides {
                        convert_inlines(side, script);
                    }
                }
            }
            Block::Image { caption, .. } => convert_inlines(caption, script),
            Block::Preformatted { text } => convert_string(text, script),
            Block::Rule | Block::References { .. } => {}
        }
    }
}

fn convert_inlines(inlines: &mut [Inline], script: Script) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => convert_string(text, script),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => convert_inlines(content, script),
            Inline::Code { .. } | Inline::Citation { .. } | Inline::Break => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::LinkTarget;

    #[test]
    fn names_and_the_cycle() {
        assert_eq!(Script::from_name("简"), Some(Script::Simplified));
        assert_eq!(Script::from_name("Traditional"), Some(Script::Traditional));
        assert_eq!(Script::from_name("as-written"), Some(Script::AsWritten));
        assert_eq!(Script::from_name("klingon"), None);
        let mut script = Script::AsWritten;
        for _ in 0..3 {
            script = script.next();
        }
        assert_eq!(script, Script::AsWritten);
    }

    #[test]
    fn text_is_shown_in_the_script() {
        assert_eq!(Script::Simplified.show("蘇聯與伊犁條約"), "苏联与伊犁条约");
        assert_eq!(Script::Traditional.show("苏联与伊犁条约"), "蘇聯與伊犁條約");
        assert_eq!(Script::AsWritten.show("蘇聯"), "蘇聯");
        assert!(matches!(Script::Simplified.show("abc"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_variant_follows_the_preference_on_this_thread_only() {
        let variants = [("zh-cn", "朱唇"), ("zh-tw", "红花鼠尾草")];
        assert_eq!(pick_variant(&variants), Some(&"朱唇"));
        let inside = with_script(Script::Traditional, || pick_variant(&variants).copied());
        assert_eq!(inside, Some("红花鼠尾草"));
        // Restored after.
        assert_eq!(pick_variant(&variants), Some(&"朱唇"));
        assert_eq!(pick_variant(&[("zh-mo", 1)]), Some(&1));
        assert_eq!(pick_variant::<u8>(&[]), None);
    }

    #[test]
    fn an_article_converts_its_text_but_not_its_links() {
        let mut article = Article {
            title: "蘇聯".into(),
            blocks: vec![Block::Paragraph {
                content: vec![
                    Inline::text("蘇聯解體"),
                    Inline::Link {
                        target: LinkTarget::Article {
                            title: "蘇聯".into(),
                            fragment: None,
                        },
                        content: vec![Inline::text("蘇聯")],
                    },
                ],
            }],
            ..Article::default()
        };
        convert_article(&mut article, Script::Simplified);
        assert_eq!(article.title, "蘇聯");
        let Block::Paragraph { content } = &article.blocks[0] else {
            panic!()
        };
        assert_eq!(content[0], Inline::text("苏联解体"));
        let Inline::Link { target, content } = &content[1] else {
            panic!()
        };
        assert_eq!(content, &vec![Inline::text("苏联")]);
        assert!(matches!(target, LinkTarget::Article { title, .. } if title == "蘇聯"));
    }
}
