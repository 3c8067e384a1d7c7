//! Entities of an article: the distinct articles its body links to, with how
//! often and where each is first mentioned. Derived from the model only: it
//! never parses, and it never decides whether an entity is in a corpus (that
//! is the corpus's job).

use super::model::{Article, Inline, LinkTarget, for_each_block_inline_run};
use crate::wiki::titles::title_key;
use serde::Serialize;
use std::collections::HashMap;

/// One linked article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The title as first written in a link.
    pub title: String,
    /// How many links in the body (infobox and tables included) point to it.
    pub mentions: usize,
    /// The ordinal of its first link among all article links of the body.
    pub first_position: usize,
}

/// The article's entities in order of first mention. Links that differ only
/// in spelling (`伊犁危机` / `伊犁危機`, `_` / space) are one entity.
pub fn entities(article: &Article) -> Vec<Entity> {
    let mut found: Vec<Entity> = Vec::new();
    let mut index_by_key: HashMap<String, usize> = HashMap::new();
    let mut ordinal = 0usize;
    for_each_block_inline_run(&article.blocks, &mut |run| {
        for_each_article_link(run, &mut |title| {
            let key = title_key(title);
            if key.is_empty() {
                return;
            }
            match index_by_key.get(&key) {
                Some(&i) => found[i].mentions += 1,
                None => {
                    index_by_key.insert(key, found.len());
                    found.push(Entity {
                        title: crate::wiki::titles::normalize_spaces(title),
                        mentions: 1,
                        first_position: ordinal,
                    });
                }
            }
            ordinal += 1;
        });
    });
    found
}

/// Calls `visit` with the title of every article link in `inlines`, in order
/// (links nested in emphasis included).
pub fn for_each_article_link<'a>(inlines: &'a [Inline], visit: &mut dyn FnMut(&'a str)) {
    for inline in inlines {
        match inline {
            Inline::Link {
                target: LinkTarget::Article { title, .. },
                content,
            } => {
                visit(title);
                for_each_article_link(content, visit);
            }
            Inline::Link { content, .. }
            | Inline::Strong { content }
            | Inline::Emphasis { content } => for_each_article_link(content, visit),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::Block;

    fn link(title: &str) -> Inline {
        Inline::Link {
            target: LinkTarget::Article {
                title: title.into(),
                fragment: None,
            },
            content: vec![Inline::text(title)],
        }
    }

    #[test]
    fn counts_mentions_across_spellings_in_first_mention_order() {
        let article = Article {
            blocks: vec![
                Block::Paragraph {
                    content: vec![link("伊犁危機"), link("左宗棠")],
                },
                Block::Paragraph {
                    content: vec![Inline::Strong {
                        content: vec![link("伊犁危机")],
                    }],
                },
            ],
            ..Article::default()
        };
        let found = entities(&article);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            Entity {
                title: "伊犁危機".into(),
                mentions: 2,
                first_position: 0
            }
        );
        assert_eq!(
            found[1],
            Entity {
                title: "左宗棠".into(),
                mentions: 1,
                first_position: 1
            }
        );
    }

    #[test]
    fn external_links_and_footnotes_are_not_entities() {
        let article = Article {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Link {
                    target: LinkTarget::External {
                        url: "https://example.org".into(),
                    },
                    content: vec![],
                }],
            }],
            footnotes: vec![crate::document::model::Footnote::new(1, vec![link("X")])],
            ..Article::default()
        };
        assert!(entities(&article).is_empty());
    }
}
