//! The wiki a page belongs to, as a web address: where its articles live
//! (`https://en.wikipedia.org/wiki/`), so that a link the corpus cannot
//! open points to the right wiki's page.
//!
//! A site comes from a dump's `<siteinfo><base>` or from the address a
//! page says it was converted from; without either it is zh.wikipedia.org.
//! Only `http`/`https` addresses with a host and no space or control
//! character make a site: anything else is refused (`None`), never
//! repaired. Pure string functions: never touches files or the network.

use super::titles::normalize_spaces;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Where the articles of one wiki live.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Site {
    /// The address an article's title is appended to, ending in `/` or `=`
    /// (`https://en.wikipedia.org/wiki/`, `https://w.example/index.php?title=`).
    article_path: String,
    /// Where the host starts and ends in `article_path`.
    host: (usize, usize),
}

/// The wiki a page belongs to when nothing says otherwise.
pub const DEFAULT_ARTICLE_PATH: &str = "https://zh.wikipedia.org/wiki/";

impl Default for Site {
    fn default() -> Site {
        Site::zh_wikipedia()
    }
}

impl Site {
    /// zh.wikipedia.org, the corpus's usual wiki.
    pub fn zh_wikipedia() -> Site {
        Site::from_page_url(DEFAULT_ARTICLE_PATH).unwrap_or(Site {
            article_path: DEFAULT_ARTICLE_PATH.to_string(),
            host: (8, 24),
        })
    }

    /// The site of a dump's `<base>` (its main page's address:
    /// `https://en.wikipedia.org/wiki/Main_Page`).
    pub fn from_base(base: &str) -> Option<Site> {
        Site::from_page_url(base)
    }

    /// The site of the address of one of its pages
    /// (`https://en.wikipedia.org/wiki/Foo/Bar` → `https://en.wikipedia.org/wiki/`):
    /// everything up to `/wiki/`, or up to `?title=` or `&title=`, else
    /// up to the path's last `/`.
    pub fn from_page_url(url: &str) -> Option<Site> {
        let url = url.trim();
        if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        let scheme_len = ["https://", "http://"]
            .iter()
            .find(|scheme| {
                url.get(..scheme.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
            })?
            .len();
        let after_scheme = &url[scheme_len..];
        let host_len = after_scheme
            .find(['/', '?', '#'])
            .unwrap_or(after_scheme.len());
        let host = &after_scheme[..host_len];
        if host.is_empty() || host.contains(['@', '\\']) {
            return None;
        }
        let host_end = scheme_len + host_len;
        let rest = &url[host_end..];
        let rest = rest.split('#').next().unwrap_or(rest);
        let path_len = if let Some(at) = rest.find("/wiki/") {
            at + "/wiki/".len()
        } else if let Some(at) = rest.find("?title=").or_else(|| rest.find("&title=")) {
            at + "?title=".len()
        } else {
            let path = rest.split('?').next().unwrap_or(rest);
            path.rfind('/').map_or(0, |at| at + 1)
        };
        let mut article_path = url[..host_end + path_len].to_string();
        if path_len == 0 {
            article_path.push('/');
        }
        Some(Site {
            article_path,
            host: (scheme_len, host_end),
        })
    }

    /// The site of an article's address, when it reads as one: the path
    /// holds `/wiki/` or a `title=` parameter (`https://en.wikipedia.org/wiki/T`,
    /// not `https://example.org/news/T`).
    pub fn from_article_url(url: &str) -> Option<Site> {
        let site = Site::from_page_url(url)?;
        let path = &site.article_path[site.host.1..];
        (path.ends_with("/wiki/") || path.ends_with("title=")).then_some(site)
    }

    /// The host (`en.wikipedia.org`).
    pub fn host(&self) -> &str {
        self.article_path
            .get(self.host.0..self.host.1)
            .unwrap_or_default()
    }

    /// What a title is appended to (`https://en.wikipedia.org/wiki/`).
    pub fn article_path(&self) -> &str {
        &self.article_path
    }

    /// The language of a Wikipedia-style host (`en` of `en.wikipedia.org`,
    /// `zh` of `zh.m.wikipedia.org`), when its first label is one.
    pub fn language(&self) -> Option<&str> {
        let first = self.host().split('.').next()?;
        super::languages::is_language_code(first).then_some(first)
    }

    /// The address of article `title`, percent-encoded
    /// (`https://zh.wikipedia.org/wiki/%E5%B7%A6…`).
    pub fn article_url(&self, title: &str) -> String {
        const PATH: &AsciiSet = &CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'#')
            .add(b'%')
            .add(b'&')
            .add(b'<')
            .add(b'>')
            .add(b'?')
            .add(b'`')
            .add(b'{')
            .add(b'}');
        let underscored = normalize_spaces(title).replace(' ', "_");
        format!(
            "{}{}",
            self.article_path,
            utf8_percent_encode(&underscored, PATH)
        )
    }

    /// The address of article `title` as people read it (an IRI: only
    /// spaces and the characters that would end or break the address are
    /// encoded, `https://zh.wikipedia.org/wiki/左宗棠`).
    pub fn article_iri(&self, title: &str) -> String {
        const UNSAFE: &AsciiSet = &CONTROLS
            .add(b'"')
            .add(b'#')
            .add(b'%')
            .add(b'&')
            .add(b'<')
            .add(b'>')
            .add(b'?');
        let underscored = normalize_spaces(title).replace(' ', "_");
        let mut out = self.article_path.clone();
        for c in underscored.chars() {
            if c.is_ascii() {
                out.extend(utf8_percent_encode(c.encode_utf8(&mut [0; 4]), UNSAFE));
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_come_from_bases_and_page_addresses() {
        // (address, article path, host)
        let table: &[(&str, &str, &str)] = &[
            (
                "https://en.wikipedia.org/wiki/Main_Page",
                "https://en.wikipedia.org/wiki/",
                "en.wikipedia.org",
            ),
            (
                "https://simple.wikipedia.org/wiki/Main_Page",
                "https://simple.wikipedia.org/wiki/",
                "simple.wikipedia.org",
            ),
            (
                "https://zh.wikipedia.org/wiki/Wikipedia:首页",
                "https://zh.wikipedia.org/wiki/",
                "zh.wikipedia.org",
            ),
            (
                "https://en.wikipedia.org/wiki/AC/DC#Members",
                "https://en.wikipedia.org/wiki/",
                "en.wikipedia.org",
            ),
            (
                "https://en.wikipedia.org/wiki/",
                "https://en.wikipedia.org/wiki/",
                "en.wikipedia.org",
            ),
            (
                "http://localhost:8080/index.php?title=Main_Page",
                "http://localhost:8080/index.php?title=",
                "localhost:8080",
            ),
            (
                "https://zh.wikipedia.org/zh-hans/伊犁",
                "https://zh.wikipedia.org/zh-hans/",
                "zh.wikipedia.org",
            ),
            ("https://w.example", "https://w.example/", "w.example"),
        ];
        for &(address, path, host) in table {
            let site = Site::from_page_url(address).expect(address);
            assert_eq!(site.article_path(), path, "{address}");
            assert_eq!(site.host(), host, "{address}");
        }
    }

    #[test]
    fn odd_addresses_make_no_site() {
        for address in [
            "",
            "en.wikipedia.org/wiki/X",
            "ftp://x.org/wiki/",
            "javascript:alert(1)",
            "https:///wiki/X",
            "https://a b/wiki/",
            "https://x.org/wiki/\u{1b}[2J",
            "../Page/X.md",
            "https://user@evil.example/wiki/",
        ] {
            assert_eq!(Site::from_page_url(address), None, "{address:?}");
        }
    }

    #[test]
    fn only_wiki_addresses_are_articles() {
        for (address, host) in [
            (
                "https://en.wikipedia.org/wiki/Ricky_Minard",
                Some("en.wikipedia.org"),
            ),
            (
                "https://ja.wikipedia.org/wiki/東京",
                Some("ja.wikipedia.org"),
            ),
            ("http://w.example/index.php?title=T", Some("w.example")),
            ("https://example.org/news/T", None),
            ("https://example.org/", None),
            ("../Page/T.md", None),
        ] {
            assert_eq!(
                Site::from_article_url(address).as_ref().map(Site::host),
                host,
                "{address}"
            );
        }
    }

    #[test]
    fn addresses_of_articles() {
        let zh = Site::default();
        assert_eq!(zh.host(), "zh.wikipedia.org");
        assert_eq!(
            zh.article_url("新疆省 (中華民國)"),
            "https://zh.wikipedia.org/wiki/%E6%96%B0%E7%96%86%E7%9C%81_(%E4%B8%AD%E8%8F%AF%E6%B0%91%E5%9C%8B)"
        );
        assert_eq!(
            zh.article_iri("穆扎尔特山"),
            "https://zh.wikipedia.org/wiki/穆扎尔特山"
        );
        assert_eq!(
            zh.article_iri("A b?c"),
            "https://zh.wikipedia.org/wiki/A_b%3Fc"
        );
        let en = Site::from_base("https://en.wikipedia.org/wiki/Main_Page").expect("a site");
        assert_eq!(
            en.article_url("Mr. & Mrs."),
            "https://en.wikipedia.org/wiki/Mr._%26_Mrs."
        );
        assert_eq!(
            en.article_iri("Ricky  Minard"),
            "https://en.wikipedia.org/wiki/Ricky_Minard"
        );
        assert_eq!(
            crate::wiki::titles::readable_url(&zh.article_url("伊犁危機")),
            "https://zh.wikipedia.org/wiki/伊犁危機"
        );
    }

    #[test]
    fn languages_of_hosts() {
        let language = |address: &str| {
            Site::from_page_url(address).and_then(|site| site.language().map(str::to_string))
        };
        assert_eq!(
            language("https://en.wikipedia.org/wiki/"),
            Some("en".into())
        );
        assert_eq!(
            language("https://zh.m.wikipedia.org/wiki/"),
            Some("zh".into())
        );
        assert_eq!(
            language("https://simple.wikipedia.org/wiki/"),
            Some("simple".into())
        );
        assert_eq!(language("https://www.wikidata.org/wiki/"), None);
    }
}
