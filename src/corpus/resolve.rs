//! Resolving links and titles against a corpus: a title (any spelling),
//! a redirect page or (once the second pass is done) a lead alias leads to
//! an entry; anything else is "not in corpus" and keeps its address on the
//! wiki of the page that links to it (the page's own source address, else
//! the corpus's: a dump's `<base>`, else zh.wikipedia.org). Never builds a
//! file path from a link.

use super::{ArticleId, Corpus};
use crate::document::{Article, LinkTarget};
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

    /// The wiki of the corpus's articles: a dump's `<base>`, else
    /// zh.wikipedia.org.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The wiki `article` is of: the one its source address names (a
    /// Markdown conversion's `本文内容由…转换而来` line), else the corpus's.
    pub fn site_of(&self, article: Option<&Article>) -> Site {
        article
            .and_then(|article| article.source_url.as_deref())
            .and_then(Site::from_article_url)
            .unwrap_or_else(|| self.site.clone())
    }

    /// The web address of an entry: its source address when its parsed
    /// article is at hand and names one, else its title on the corpus's site.
    pub fn web_url(&self, id: ArticleId) -> Option<String> {
        let entry = self.entry(id)?;
        let cached = self.lock_cache().get(id);
        let source = cached
            .as_deref()
            .and_then(|article| article.source_url.as_deref())
            .filter(|url| Site::from_article_url(url).is_some());
        Some(match source {
            Some(url) => url.to_string(),
            None => self.site.article_url(entry.title),
        })
    }

    /// Where a link to article `title` leads, from a page of the corpus's site.
    pub fn resolve_title_link(&self, title: &str) -> Resolution {
        self.resolve_title_link_on(title, &self.site)
    }

    /// Where a link to article `title` on `site` leads.
    pub fn resolve_title_link_on(&self, title: &str, site: &Site) -> Resolution {
        match self.resolve_title(title) {
            Some(id) => Resolution::InCorpus(id),
            None => Resolution::NotInCorpus {
                url: site.article_url(title),
            },
        }
    }

    /// Where a link leads, from a page of the corpus's site.
    pub fn resolve_link(&self, target: &LinkTarget) -> Resolution {
        self.resolve_link_on(target, &self.site)
    }

    /// Where a link of `article` (its page, when there is one) leads: a
    /// title it does not hold keeps its address on the article's wiki.
    pub fn resolve_link_from(&self, target: &LinkTarget, article: Option<&Article>) -> Resolution {
        match target {
            LinkTarget::Article { .. } => self.resolve_link_on(target, &self.site_of(article)),
            LinkTarget::External { url } => Resolution::External { url: url.clone() },
        }
    }

    /// Where a link on a page of `site` leads.
    pub fn resolve_link_on(&self, target: &LinkTarget, site: &Site) -> Resolution {
        match target {
            LinkTarget::Article { title, .. } => self.resolve_title_link_on(title, site),
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
    fn a_page_converted_from_another_wiki_resolves_on_that_wiki() {
        let corpus = Corpus::builtin();
        let article = Article {
            source_url: Some("https://ja.wikipedia.org/wiki/イリ事件".into()),
            ..Article::default()
        };
        assert_eq!(corpus.site_of(Some(&article)).host(), "ja.wikipedia.org");
        assert_eq!(
            corpus.resolve_link_from(&article_link("左宗棠"), Some(&article)),
            Resolution::NotInCorpus {
                url: "https://ja.wikipedia.org/wiki/%E5%B7%A6%E5%AE%97%E6%A3%A0".into()
            }
        );
        // In the corpus is in the corpus, whatever the wiki.
        assert!(matches!(
            corpus.resolve_link_from(&article_link("伊犁危機"), Some(&article)),
            Resolution::InCorpus(_)
        ));
        // A source that is no wiki page, or none, leaves the corpus's site.
        let odd = Article {
            source_url: Some("https://example.org/news/x".into()),
            ..Article::default()
        };
        assert_eq!(corpus.site_of(Some(&odd)).host(), "zh.wikipedia.org");
        assert_eq!(corpus.site_of(None).host(), "zh.wikipedia.org");
    }

    #[test]
    fn entries_have_web_addresses() {
        let corpus = Corpus::builtin();
        let ili = corpus.resolve_title("伊犁危機").expect("a sample");
        assert_eq!(
            corpus
                .web_url(ili)
                .map(|url| crate::wiki::titles::readable_url(&url)),
            Some("https://zh.wikipedia.org/wiki/伊犁危機".into())
        );
        assert_eq!(corpus.web_url(usize::MAX), None);
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
