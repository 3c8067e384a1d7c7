//! Resolving links and titles against a corpus: a title (any spelling),
//! a redirect page or (once the second pass is done) a lead alias leads to
//! an entry; anything else is "not in
//! corpus" and keeps its zh.wikipedia.org address. Never builds a file path
//! from a link.

use super::{ArticleId, Corpus};
use crate::document::LinkTarget;
use crate::wiki::site::Site;
use crate::wiki::titles::title_key;

/// How many redirects in a row are followed before giving up (loops end here).
const MAX_REDIRECT_HOPS: usize = 8;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// An article of the corpus.
    InCorpus(ArticleId),
    /// A wiki article that the corpus does not hold; `url` is its web address.
    NotInCorpus { url: String },
    /// A web page or another wiki.
    External { url: String },
}

impl Resolution {
    pub fn article(&self) -> Option<ArticleId> {
        match self {
            Resolution::InCorpus(id) => Some(*id),
            _ => None,
        }
    }
}

impl Corpus {
    /// The article a title names: by title key, through redirect pages, then
    /// through the bold aliases of articles' leads.
    /// A `#section` that names no article is dropped (`伊犁危機#背景`); a
    /// redirect whose target is missing leads nowhere.
    pub fn resolve_title(&self, title: &str) -> Option<ArticleId> {
        let found = self.lookup(title).or_else(|| {
            let (page, _section) = title.split_once('#')?;
            self.lookup(page)
        })?;
        self.follow_redirects(found)
    }

    fn lookup(&self, title: &str) -> Option<ArticleId> {
        let key = title_key(title);
        if key.is_empty() {
            return None;
        }
        self.catalog.find_title_key(&key).or_else(|| {
            // Lead aliases are known once the second pass is done.
            self.completed()?.find_alias_key(&key)
        })
    }

    /// The article a chain of redirect pages ends at; `None` when the chain
    /// leads out of the corpus. A loop ends at the page where it closes.
    fn follow_redirects(&self, mut id: ArticleId) -> Option<ArticleId> {
        for _ in 0..MAX_REDIRECT_HOPS {
            let Some(target) = self.redirect(id) else {
                return Some(id);
            };
            match self.catalog.find_title_key(&title_key(&target)) {
                Some(next) if next != id => id = next,
                Some(_) => return Some(id),
                None => return None,
            }
        }
        Some(id)
    }

    /// Where a link to article `title` leads.
    pub fn resolve_title_link(&self, title: &str) -> Resolution {
        match self.resolve_title(title) {
            Some(id) => Resolution::InCorpus(id),
            None => Resolution::NotInCorpus {
                url: Site::default().article_url(title),
            },
        }
    }

    /// Where a link leads.
    pub fn resolve_link(&self, target: &LinkTarget) -> Resolution {
        match target {
            LinkTarget::Article { title, .. } => self.resolve_title_link(title),
            LinkTarget::External { url } => Resolution::External { url: url.clone() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn article_link(title: &str) -> LinkTarget {
        LinkTarget::Article {
            title: title.into(),
            fragment: None,
        }
    }

    #[test]
    fn builtin_titles_resolve_across_scripts_and_extensions() {
        let corpus = Corpus::builtin();
        let ili = corpus.resolve_title("伊犁危机").expect("伊犁危机 resolves");
        assert_eq!(corpus.entry(ili).map(|e| e.path), Some("伊犁危機.wiki"));
        let qing = corpus.resolve_title("清军收复新疆之战").expect("resolves");
        assert_eq!(
            corpus.entry(qing).map(|e| e.path),
            Some("清军收复新疆之战.wiki")
        );
        assert_eq!(
            corpus.resolve_link(&article_link("伊犁危機")),
            Resolution::InCorpus(ili)
        );
    }

    #[test]
    fn missing_titles_keep_their_web_address() {
        let corpus = Corpus::builtin();
        assert_eq!(
            corpus.resolve_link(&article_link("左宗棠")),
            Resolution::NotInCorpus {
                url: "https://zh.wikipedia.org/wiki/%E5%B7%A6%E5%AE%97%E6%A3%A0".into()
            }
        );
    }

    #[test]
    fn path_like_titles_never_resolve() {
        let corpus = Corpus::builtin();
        for title in [
            "../../../../etc/passwd",
            "/etc/passwd",
            "..",
            "",
            "../articles/伊犁危機.wiki",
        ] {
            assert_eq!(corpus.resolve_title(title), None, "{title}");
        }
    }
}
