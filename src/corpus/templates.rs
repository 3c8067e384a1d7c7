//! The corpus as the preprocessor's source of template pages: a page
//! titled `Template:NAME` is the entry of that title (in a directory, the
//! file `Template:NAME.wiki` or `.md`). Pages read are kept in a cache
//! bounded by bytes, so an article transcluding the same template two
//! hundred times reads it once. In a dump, a template is its namespace-10
//! page, found by a binary search of the corpus index's other pages (kept
//! sorted by title) and read from its own bzip2 stream: no scan, whatever
//! the dump's size. It never changes the corpus's entries.

use super::Corpus;
use crate::preprocess::Templates;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Most bytes of template text kept (when more are read, the cache starts
/// afresh).
const BUDGET: usize = 4 * 1024 * 1024;

/// MediaWiki's namespace of templates.
const TEMPLATE_NAMESPACE: u32 = 10;

/// Template pages read, and pages looked for and not found.
#[derive(Debug, Default)]
pub struct TemplateCache {
    pages: Mutex<Pages>,
}

/// Each title looked for, with its text when there is one, and the bytes
/// of all of them.
#[derive(Debug, Default)]
struct Pages {
    texts: HashMap<String, Option<Arc<str>>>,
    bytes: usize,
}

impl Templates for Corpus {
    fn site(&self) -> crate::wiki::site::Site {
        self.site.clone()
    }

    fn page(&self, title: &str) -> Option<Cow<'_, str>> {
        let lock = || {
            self.templates
                .pages
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(found) = lock().texts.get(title) {
            return found.as_deref().map(|text| Cow::Owned(text.to_string()));
        }
        // Read without the lock: a dump's page costs a stream's
        // decompression, which no other reader should wait for.
        let text = self.template_text(title);
        let mut cache = lock();
        let size = title.len() + text.as_ref().map_or(0, |t| t.len());
        if cache.bytes + size > BUDGET {
            cache.texts.clear();
            cache.bytes = 0;
        }
        cache.bytes += size;
        cache.texts.insert(title.to_string(), text.clone());
        text.map(|text| Cow::Owned(text.to_string()))
    }
}

impl Corpus {
    /// The text of the page titled `title`, read from the corpus: in a
    /// dump, a template's namespace-10 page, or an article.
    fn template_text(&self, title: &str) -> Option<Arc<str>> {
        if let (Some(dump), true) = (self.dump_file(), title.starts_with("Template:")) {
            let index = self.catalog.other_page_titled(TEMPLATE_NAMESPACE, title)?;
            let (stored, _, at, page) = self.catalog.other_page(index)?;
            return dump
                .read_page(stored, (at, page))
                .ok()
                .map(|p| p.text.into());
        }
        self.resolve_title(title)
            .and_then(|id| self.read_source(id).ok())
            .map(|(bytes, _)| String::from_utf8_lossy(&bytes).into())
    }

    /// `bytes` of wikitext titled `title`, its templates, parser functions
    /// and magic words expanded from this corpus's template pages; as they
    /// are when there is nothing to expand; with what went wrong on the
    /// way (loops, limits, templates left to the built-in handling).
    pub(crate) fn expanded<'a>(
        &self,
        bytes: &'a [u8],
        title: &str,
    ) -> (Cow<'a, [u8]>, Vec<String>) {
        if !bytes.windows(2).any(|pair| pair == b"{{") {
            return (Cow::Borrowed(bytes), Vec::new());
        }
        let text = String::from_utf8_lossy(bytes);
        let expanded = crate::preprocess::expand(&text, title, self);
        (Cow::Owned(expanded.text.into_bytes()), expanded.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(corpus: &Corpus, title: &str) -> String {
        let id = corpus.resolve_title(title).expect("an article");
        let article = corpus.article(id).expect("parsed");
        crate::document::blocks_plain_text(&article.blocks)
    }

    #[test]
    fn a_directorys_template_pages_are_transcluded() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).expect("written");
        };
        write(
            "Template:Hi.wiki",
            "你好，{{{1|世界}}}<noinclude>（说明）</noinclude>",
        );
        write("Template:Loop.wiki", "{{Loop}}");
        write(
            "甲.wiki",
            "'''甲'''说：{{hi|左宗棠}}、{{Hi}}。{{PAGENAME}}{{Loop}}{{Missing|x}}",
        );
        let corpus = Corpus::open_dir(dir.path()).expect("opens");
        let text = text_of(&corpus, "甲");
        assert!(
            text.contains("甲说：你好，左宗棠、你好，世界。甲"),
            "{text}"
        );
        assert!(!text.contains("说明"), "{text}");
        assert!(text.contains("Template loop detected"), "{text}");
        // What was not expanded is said in the article's warnings.
        let article = corpus
            .article(corpus.resolve_title("甲").expect("an article"))
            .expect("parsed");
        assert!(
            article.warnings.iter().any(|w| w.contains("template loop")),
            "{:?}",
            article.warnings
        );
        assert!(
            article
                .warnings
                .iter()
                .any(|w| w.ends_with("not in the corpus, left to the built-in handling: Missing")),
            "{:?}",
            article.warnings
        );
        // The template's own page shows its documentation, not its includes.
        assert!(text_of(&corpus, "Template:Hi").contains("（说明）"));
    }
}
