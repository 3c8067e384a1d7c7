//! Link destinations of the pandoc conversion → [`LinkTarget`]s, and the
//! names behind category and file links.
//!
//! `../Page/T.md` and `https://zh.wikipedia.org/wiki/T` (or `/zh-hans/T` …)
//! are articles; `…/wiki/:en:X` is an interlanguage link to
//! `https://en.wikipedia.org/wiki/X`; anything else is external.

use super::super::model::{LinkTarget, sanitize_controls};
use crate::wiki::{interwiki, languages, namespaces, titles};

/// Variant paths that zh.wikipedia serves articles under.
const ARTICLE_PATHS: &[&str] = &[
    "wiki/", "zh/", "zh-hans/", "zh-hant/", "zh-cn/", "zh-tw/", "zh-hk/", "zh-sg/", "zh-mo/",
    "zh-my/",
];

/// Where a Markdown link destination points.
pub(super) fn link_target(url: &str) -> LinkTarget {
    let url = url.trim();
    match wiki_page(url) {
        Some(page) => page_target(&page),
        None => LinkTarget::External { url: clean(url) },
    }
}

/// The undecoded page (title and fragment) of a link into this wiki, if it is one.
fn wiki_page(url: &str) -> Option<String> {
    let mut rest = url;
    while let Some(stripped) = rest.strip_prefix("../").or_else(|| rest.strip_prefix("./")) {
        rest = stripped;
    }
    if let Some(page) = rest.strip_prefix("Page/") {
        return Some(strip_md_suffix(page));
    }
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let (host, path) = after_scheme.split_once('/')?;
    let host = host.to_ascii_lowercase();
    if host != "zh.wikipedia.org" && host != "zh.m.wikipedia.org" {
        return None;
    }
    ARTICLE_PATHS
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))
        .filter(|page| !page.is_empty())
        .map(str::to_string)
}

/// `T.md#frag` → `T#frag`.
fn strip_md_suffix(page: &str) -> String {
    let (path, fragment) = match page.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (page, None),
    };
    let path = path.strip_suffix(".md").unwrap_or(path);
    match fragment {
        Some(fragment) => format!("{path}#{fragment}"),
        None => path.to_string(),
    }
}

/// An article target, or an external one for interlanguage and interwiki links.
fn page_target(page: &str) -> LinkTarget {
    let (raw_title, raw_fragment) = match page.split_once('#') {
        Some((title, fragment)) => (title, Some(fragment)),
        None => (page, None),
    };
    let title = decode_title(raw_title);
    let fragment = raw_fragment
        .map(decode_title)
        .filter(|fragment| !fragment.is_empty());
    if let Some(url) = other_wiki_url(&title, raw_fragment) {
        return LinkTarget::External { url };
    }
    let title = title.strip_prefix(':').map(str::to_string).unwrap_or(title);
    LinkTarget::Article { title, fragment }
}

/// `:en:X`, `en:X`, `wikt:X` → the page on the other wiki.
fn other_wiki_url(title: &str, raw_fragment: Option<&str>) -> Option<String> {
    let title = title.strip_prefix(':').unwrap_or(title);
    let (prefix, rest) = title.split_once(':')?;
    let prefix = prefix.trim();
    let site = if let Some(project) = interwiki::project(prefix) {
        project.host("zh")
    } else if languages::is_language_code(prefix) && !prefix.eq_ignore_ascii_case("zh") {
        format!("{}.wikipedia.org", prefix.to_ascii_lowercase())
    } else {
        return None;
    };
    let mut url = format!("https://{site}/wiki/{}", rest.trim().replace(' ', "_"));
    if let Some(fragment) = raw_fragment {
        url.push('#');
        url.push_str(&clean(fragment));
    }
    Some(url)
}

/// Percent-decoded, `_` read as a space, spaces collapsed and trimmed, with
/// no control characters (the vocabulary's one normaliser).
pub(super) fn decode_title(raw: &str) -> String {
    titles::normalize(raw)
}

fn clean(text: &str) -> String {
    sanitize_controls(text).into_owned()
}

/// The category named by an article target (`Category:X` → `X`).
pub(super) fn category_name(target: &LinkTarget) -> Option<String> {
    let LinkTarget::Article { title, .. } = target else {
        return None;
    };
    let rest = namespaces::strip_category(title)?;
    let name =
        rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200e}' | '\u{200f}'));
    (!name.is_empty()).then(|| name.to_string())
}

/// True for links into the wiki that categorize the page (`[[Category:X]]`),
/// not links to a category page (`[[:Category:X]]`).
pub(super) fn is_categorization(url: &str) -> bool {
    wiki_page(url).is_some_and(|page| !page.starts_with(':'))
}

/// The file a figure or image destination names (`…/wiki/File:A_b.jpg` → `A b.jpg`).
pub(super) fn file_name(url: &str) -> String {
    let page = wiki_page(url).unwrap_or_else(|| {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        path.rsplit('/').next().unwrap_or(path).to_string()
    });
    let page = page.split('#').next().unwrap_or(&page);
    let title = decode_title(page);
    strip_file_prefix(&title).unwrap_or(&title).to_string()
}

/// `File:X` → `X` (also `Image:`, `文件:`, `Media:` …).
pub(super) fn strip_file_prefix(title: &str) -> Option<&str> {
    namespaces::strip_file(title)
}

/// The length of the image namespace (`File:`, `文件:`, `Image:` …, not
/// `Media:`) that `text` starts with.
pub(super) fn image_prefix_len(text: &str) -> Option<usize> {
    let (namespace, rest) = namespaces::split(text)?;
    (namespace == namespaces::Namespace::File).then_some(text.len() - rest.len())
}

/// The file an ordinary link shows rather than links to: a destination in an
/// image namespace (`../Page/文件:X.jpg.md`, `…/wiki/File:X.jpg`, another
/// converter's `File:X.jpg.md`), which is what pandoc makes of a
/// `[[文件:X.jpg|300px|缩略图|…]]` it did not take for an image. A link to a
/// file's page (`:File:X`) or to a sound (`Media:X`) is not one.
pub(super) fn embedded_file(url: &str) -> Option<String> {
    let page = match wiki_page(url) {
        Some(page) => page,
        None => {
            let mut rest = url.trim();
            loop {
                let stripped = rest
                    .strip_prefix("../")
                    .or_else(|| rest.strip_prefix("./"))
                    .or_else(|| rest.strip_prefix('/'));
                match stripped {
                    Some(stripped) => rest = stripped,
                    None => break,
                }
            }
            let rest = rest.split(['?', '#']).next().unwrap_or(rest);
            strip_md_suffix(rest)
        }
    };
    let page = page.split('#').next().unwrap_or(&page);
    // A namespace needs a colon (or its escape `%3A`, `：` in Chinese).
    // Most links have none, and decoding every title costs.
    if !page.contains([':', '：', '%']) {
        return None;
    }
    let title = decode_title(page);
    let name = &title[image_prefix_len(&title)?..];
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Article {
            title: title.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn relative_page_links_are_articles() {
        assert_eq!(
            link_target("../Page/伊犁危機.md"),
            article("伊犁危機", None)
        );
        assert_eq!(
            link_target("../Page/新疆省_(中華民國).md"),
            article("新疆省 (中華民國)", None)
        );
        assert_eq!(
            link_target("../Page/A_B.md#Early_life"),
            article("A B", Some("Early life"))
        );
        assert_eq!(link_target("../Page/%E4%B8%AD.md"), article("中", None));
    }

    #[test]
    fn zh_wikipedia_urls_are_articles() {
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/中亞"),
            article("中亞", None)
        );
        assert_eq!(
            link_target("https://zh.wikipedia.org/zh-hans/中亞"),
            article("中亞", None)
        );
        assert_eq!(
            link_target("https://zh.wikipedia.org/zh-tw/A_b#c"),
            article("A b", Some("c"))
        );
        assert_eq!(
            link_target("http://zh.wikipedia.org/zh-hant/X"),
            article("X", None)
        );
    }

    #[test]
    fn interlanguage_links_are_external() {
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/:en:Khivan_campaign_of_1839"),
            LinkTarget::External {
                url: "https://en.wikipedia.org/wiki/Khivan_campaign_of_1839".into()
            }
        );
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/en:AAA_(band)#Singles"),
            LinkTarget::External {
                url: "https://en.wikipedia.org/wiki/AAA_(band)#Singles".into()
            }
        );
        assert_eq!(
            link_target("https://en.wikipedia.org/wiki/X"),
            LinkTarget::External {
                url: "https://en.wikipedia.org/wiki/X".into()
            }
        );
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/wikt:字"),
            LinkTarget::External {
                url: "https://zh.wiktionary.org/wiki/字".into()
            }
        );
    }

    #[test]
    fn namespaces_are_not_languages() {
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/Category:X"),
            article("Category:X", None)
        );
        assert_eq!(
            link_target("https://zh.wikipedia.org/wiki/:zh:X"),
            article("zh:X", None)
        );
    }

    #[test]
    fn other_urls_are_external() {
        assert_eq!(
            link_target("http://example.com/a_b"),
            LinkTarget::External {
                url: "http://example.com/a_b".into()
            }
        );
        assert_eq!(
            link_target("../../../../etc/passwd"),
            LinkTarget::External {
                url: "../../../../etc/passwd".into()
            }
        );
    }

    #[test]
    fn categories_and_files() {
        assert_eq!(
            category_name(&link_target(
                "https://zh.wikipedia.org/wiki/Category:中亚军事史"
            )),
            Some("中亚军事史".into())
        );
        assert_eq!(
            category_name(&link_target("../Page/分類:維度.md")),
            Some("維度".into())
        );
        assert!(!is_categorization(
            "https://zh.wikipedia.org/wiki/:Category:X"
        ));
        assert_eq!(
            file_name("https://zh.wikipedia.org/wiki/File:Hoja-Niyaz.jpg"),
            "Hoja-Niyaz.jpg"
        );
        assert_eq!(file_name("https://upload.example/a/b/C_d.png"), "C d.png");
    }

    #[test]
    fn links_that_show_a_file() {
        let file = |url: &str| embedded_file(url);
        assert_eq!(
            file("../Page/文件:Yining_street.jpg.md").as_deref(),
            Some("Yining street.jpg")
        );
        assert_eq!(
            file("https://zh.wikipedia.org/wiki/File:A%20b.png").as_deref(),
            Some("A b.png")
        );
        assert_eq!(
            file("file:puttygen1.png.md").as_deref(),
            Some("puttygen1.png")
        );
        assert_eq!(file("/File:x.png").as_deref(), Some("x.png"));
        assert_eq!(file("https://zh.wikipedia.org/wiki/:File:X.png"), None);
        assert_eq!(file("https://zh.wikipedia.org/wiki/Media:X.ogg"), None);
        assert_eq!(file("../Page/伊犁危機.md"), None);
        assert_eq!(file("https://example.com/File:x.png"), None);
        assert_eq!(file("File:"), None);
    }

    #[test]
    fn decoding_never_lets_controls_through() {
        assert_eq!(decode_title("a%1Bb"), "a␛b");
    }
}
