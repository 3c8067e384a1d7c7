//! Internal links (`[[…]]`): articles, categories, files, interwiki and
//! interlanguage links; external links (`[url label]`).

use super::convert::{Ctx, Item, Mode, Piece, items, pieces_to_inlines, raw_text, trim_items};
use super::scan::Node;
use crate::document::model::{Block, Inline, LinkTarget};

const FILE_NAMESPACES: &[&str] = &[
    "file",
    "image",
    "文件",
    "檔案",
    "档案",
    "图像",
    "圖像",
    "图片",
    "圖片",
    "媒体文件",
    "媒體檔案",
    "media",
    "ファイル",
    "画像",
    "datei",
    "bild",
    "fichier",
    "archivo",
    "imagen",
    "файл",
];

const CATEGORY_NAMESPACES: &[&str] = &[
    "category",
    "分类",
    "分類",
    "カテゴリ",
    "kategorie",
    "catégorie",
    "категория",
    "categoría",
];

/// Sister projects: prefix → host (without the language).
const PROJECTS: &[(&str, &str)] = &[
    ("s", "wikisource.org"),
    ("wikisource", "wikisource.org"),
    ("wikt", "wiktionary.org"),
    ("wiktionary", "wiktionary.org"),
    ("q", "wikiquote.org"),
    ("wikiquote", "wikiquote.org"),
    ("b", "wikibooks.org"),
    ("wikibooks", "wikibooks.org"),
    ("n", "wikinews.org"),
    ("wikinews", "wikinews.org"),
    ("v", "wikiversity.org"),
    ("wikiversity", "wikiversity.org"),
    ("voy", "wikivoyage.org"),
    ("wikivoyage", "wikivoyage.org"),
    ("w", "wikipedia.org"),
    ("wikipedia", "wikipedia.org"),
];

/// Projects without languages: prefix → base URL.
const GLOBAL_PROJECTS: &[(&str, &str)] = &[
    ("commons", "https://commons.wikimedia.org/wiki/"),
    ("c", "https://commons.wikimedia.org/wiki/"),
    ("d", "https://www.wikidata.org/wiki/"),
    ("wikidata", "https://www.wikidata.org/wiki/"),
    ("m", "https://meta.wikimedia.org/wiki/"),
    ("meta", "https://meta.wikimedia.org/wiki/"),
    ("species", "https://species.wikimedia.org/wiki/"),
    ("wikispecies", "https://species.wikimedia.org/wiki/"),
    ("mw", "https://www.mediawiki.org/wiki/"),
];

/// Wikipedia language codes that are not two letters.
const LONG_LANGUAGE_CODES: &[&str] = &[
    "simple",
    "zh-yue",
    "zh-min-nan",
    "zh-classical",
    "be-tarask",
    "be-x-old",
    "bat-smg",
    "cbk-zam",
    "fiu-vro",
    "map-bms",
    "nds-nl",
    "roa-rup",
    "roa-tara",
    "als",
    "ang",
    "arz",
    "ast",
    "bar",
    "bcl",
    "bpy",
    "bug",
    "ceb",
    "ckb",
    "crh",
    "csb",
    "diq",
    "dsb",
    "eml",
    "ext",
    "frp",
    "frr",
    "fur",
    "gan",
    "glk",
    "gom",
    "hak",
    "haw",
    "hif",
    "hsb",
    "ilo",
    "jbo",
    "kaa",
    "kab",
    "kbd",
    "koi",
    "krc",
    "ksh",
    "lad",
    "lbe",
    "lez",
    "lij",
    "lmo",
    "ltg",
    "mai",
    "mdf",
    "mhr",
    "min",
    "mrj",
    "mwl",
    "myv",
    "mzn",
    "nah",
    "nap",
    "nds",
    "new",
    "nov",
    "nrm",
    "nso",
    "pag",
    "pam",
    "pap",
    "pcd",
    "pdc",
    "pfl",
    "pih",
    "pms",
    "pnb",
    "pnt",
    "rmy",
    "rue",
    "sah",
    "scn",
    "sco",
    "sgs",
    "srn",
    "stq",
    "szl",
    "tet",
    "tpi",
    "tum",
    "tyv",
    "udm",
    "vec",
    "vep",
    "vls",
    "war",
    "wuu",
    "xal",
    "xmf",
    "yue",
    "zea",
    "cdo",
    "chr",
    "chy",
    "cho",
    "ace",
    "arc",
    "ady",
    "atj",
    "avk",
    "awa",
    "ban",
    "bjn",
    "bxr",
    "gag",
    "gor",
    "hyw",
    "inh",
    "jam",
    "kbp",
    "lfn",
    "lld",
    "mad",
    "mni",
    "mnw",
    "nqo",
    "olo",
    "pcm",
    "pwn",
    "shi",
    "shn",
    "skr",
    "smn",
    "szy",
    "tay",
    "tcy",
    "trv",
    "guw",
    "gcr",
    "nia",
    "ami",
    "alt",
    "kcg",
    "fat",
    "tly",
];

/// ISO 639-1 codes, all used as Wikipedia prefixes.
const TWO_LETTER_CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

pub fn is_file_namespace(ns: &str) -> bool {
    FILE_NAMESPACES.contains(&ns.trim().to_lowercase().as_str())
}

fn is_category_namespace(ns: &str) -> bool {
    CATEGORY_NAMESPACES.contains(&ns.trim().to_lowercase().as_str())
}

fn is_language_code(prefix: &str) -> bool {
    let prefix = prefix.trim().to_ascii_lowercase();
    (prefix.len() == 2 && TWO_LETTER_CODES.split(' ').any(|code| code == prefix))
        || LONG_LANGUAGE_CODES.contains(&prefix.as_str())
}

/// A wiki title as read: underscores as spaces, runs of spaces collapsed,
/// percent escapes undone.
pub fn normalize_title(title: &str) -> String {
    let title = title.replace('_', " ");
    let title = if title.contains('%') {
        percent_encoding::percent_decode_str(&title)
            .decode_utf8_lossy()
            .into_owned()
    } else {
        title
    };
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn wiki_url(base: &str, title: &str) -> String {
    format!("{base}{}", normalize_title(title).replace(' ', "_"))
}

impl Ctx<'_> {
    /// `[[…]]` with the letters that trail it.
    pub fn link(
        &mut self,
        parts: &[Vec<Node>],
        trail: &str,
        mode: Mode,
        alone: bool,
    ) -> Vec<Piece> {
        let target_items = parts.first().map(|p| items(p)).unwrap_or_default();
        let raw_target = raw_text(&target_items);
        let target = raw_target.trim();
        let leading_colon = target.starts_with(':');
        let target = target.trim_start_matches(':').trim();
        if target.is_empty() || target.contains(['{', '}', '[', ']', '<', '>']) {
            return self.label_only(parts, trail);
        }
        if let Some((prefix, rest)) = target.split_once(':') {
            if !leading_colon && is_category_namespace(prefix) {
                self.add_category(normalize_title(rest));
                return Vec::new();
            }
            if !leading_colon && is_file_namespace(prefix) {
                return self.image(rest, parts, mode, alone);
            }
            if is_language_code(prefix) {
                if !leading_colon && parts.len() == 1 {
                    return Vec::new(); // an interlanguage link
                }
                let base = format!(
                    "https://{}.wikipedia.org/wiki/",
                    prefix.trim().to_ascii_lowercase()
                );
                return self.external_wiki_link(wiki_url(&base, rest), rest, parts, trail);
            }
            let lower = prefix.trim().to_ascii_lowercase();
            if let Some((_, host)) = PROJECTS.iter().find(|(p, _)| *p == lower) {
                let (lang, title) = match rest.split_once(':') {
                    Some((lang, title)) if is_language_code(lang) => {
                        (lang.trim().to_ascii_lowercase(), title)
                    }
                    _ => (self.lang.code().to_string(), rest),
                };
                let url = wiki_url(&format!("https://{lang}.{host}/wiki/"), title);
                return self.external_wiki_link(url, title, parts, trail);
            }
            if let Some((_, base)) = GLOBAL_PROJECTS.iter().find(|(p, _)| *p == lower) {
                let url = wiki_url(base, rest);
                return self.external_wiki_link(url, rest, parts, trail);
            }
        }
        let (title, fragment) = match target.split_once('#') {
            Some((title, fragment)) => (title, Some(fragment.trim().replace('_', " "))),
            None => (target, None),
        };
        let title = if title.trim().is_empty() {
            self.title.to_string()
        } else {
            normalize_title(title)
        };
        let content = self.link_label(parts, trail, || {
            let shown = target.replace('_', " ");
            if parts.len() > 1 {
                pipe_trick(&shown)
            } else {
                shown
            }
        });
        let target = LinkTarget::Article {
            title,
            fragment: fragment.filter(|f| !f.is_empty()),
        };
        vec![Piece::Inline(Inline::Link { target, content })]
    }

    fn external_wiki_link(
        &mut self,
        url: String,
        title: &str,
        parts: &[Vec<Node>],
        trail: &str,
    ) -> Vec<Piece> {
        let shown = title.replace('_', " ").trim().to_string();
        let content = self.link_label(parts, trail, || shown);
        vec![Piece::Inline(Inline::Link {
            target: LinkTarget::External { url },
            content,
        })]
    }

    /// The label of a link: its parts after the first, else `fallback()`,
    /// followed by the trail.
    fn link_label(
        &mut self,
        parts: &[Vec<Node>],
        trail: &str,
        fallback: impl FnOnce() -> String,
    ) -> Vec<Inline> {
        let mut content = Vec::new();
        for (index, part) in parts.iter().enumerate().skip(1) {
            if index > 1 {
                content.push(Inline::text("|"));
            }
            let label = items(part);
            content.extend(pieces_to_inlines(self.line_pieces(&label, Mode::Inline)));
        }
        if !super::text::is_visible(&content) {
            content = vec![Inline::text(fallback())];
        }
        if !trail.is_empty() {
            content.push(Inline::text(trail));
        }
        content
    }

    /// A link that cannot be a link: its label (or nothing).
    fn label_only(&mut self, parts: &[Vec<Node>], trail: &str) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        if let Some(label) = parts.last() {
            let label = items(label);
            out = self.line_pieces(&label, Mode::Inline);
        }
        if !trail.is_empty() {
            out.push(Piece::Inline(Inline::text(trail)));
        }
        out
    }

    /// `[[File:x.jpg|thumb|caption]]`: a block on its own line or with a
    /// frame option, nothing inline.
    fn image(&mut self, file: &str, parts: &[Vec<Node>], mode: Mode, alone: bool) -> Vec<Piece> {
        let options: Vec<String> = parts[1..]
            .iter()
            .map(|p| raw_text(&items(p)).trim().to_lowercase())
            .collect();
        let framed = options.iter().any(|o| {
            matches!(
                o.as_str(),
                "thumb" | "thumbnail" | "frame" | "framed" | "缩略图" | "縮圖"
            )
        });
        if mode != Mode::Block || !(alone || framed) {
            return Vec::new();
        }
        let caption_part = parts[1..]
            .iter()
            .zip(&options)
            .rev()
            .find(|(_, option)| !is_image_option(option))
            .map(|(part, _)| part);
        let caption = match caption_part {
            Some(part) => {
                let caption = trim_items(&items(part));
                pieces_to_inlines(self.line_pieces(&caption, Mode::Inline))
            }
            None => Vec::new(),
        };
        let target = normalize_title(file);
        vec![Piece::Block(Block::Image { target, caption })]
    }

    /// `[url label]`.
    pub fn external_link(&mut self, content: &[Node]) -> Vec<Inline> {
        let all = items(content);
        let (url, label_items): (String, Vec<Item>) = match all.first().copied() {
            Some(Item::Text(text)) => {
                let end = text.find(char::is_whitespace).unwrap_or(text.len());
                let mut label = vec![Item::Text(&text[end..])];
                label.extend_from_slice(&all[1..]);
                (text[..end].to_string(), label)
            }
            _ => (String::new(), all.clone()),
        };
        let label_items = trim_items(&label_items);
        let mut label = pieces_to_inlines(self.line_pieces(&label_items, Mode::Inline));
        if !super::text::is_visible(&label) {
            // Not `[1]` as MediaWiki shows it: that reads as a citation here.
            label = vec![Inline::text(url_host(&url))];
        }
        if url.is_empty() {
            return label;
        }
        vec![Inline::Link {
            target: LinkTarget::External { url },
            content: label,
        }]
    }
}

/// What a link without a label shows: the host of its URL
/// (`http://user@www.a.org:80/x?y` → `www.a.org:80`), the address of a
/// `mailto:`, the whole URL when there is no host.
pub fn url_host(url: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let after_scheme = if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if let Some(at) = lower.find("://").filter(|&at| {
        at > 0
            && lower[..at]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    }) {
        &url[at + 3..]
    } else {
        return match lower.split_once(':') {
            Some(("mailto" | "news", _)) => url[url.find(':').map_or(0, |i| i + 1)..].to_string(),
            _ => url.to_string(),
        };
    };
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(after_scheme);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

/// `[[a (b)|]]` shows `a`; `[[ns:a|]]` shows `a`.
fn pipe_trick(target: &str) -> String {
    let without_ns = target.split_once(':').map_or(target, |(_, rest)| rest);
    let without_paren = match without_ns.find(['(', '（']) {
        Some(at) if at > 0 => &without_ns[..at],
        _ => without_ns,
    };
    without_paren
        .split(',')
        .next()
        .unwrap_or(without_paren)
        .trim()
        .to_string()
}

/// Whether an image parameter is a layout option rather than a caption.
fn is_image_option(option: &str) -> bool {
    const WORDS: &[&str] = &[
        "thumb",
        "thumbnail",
        "frame",
        "framed",
        "frameless",
        "border",
        "left",
        "right",
        "center",
        "centre",
        "none",
        "upright",
        "baseline",
        "middle",
        "sub",
        "super",
        "top",
        "text-top",
        "bottom",
        "text-bottom",
        "缩略图",
        "縮圖",
        "右",
        "左",
        "居中",
        "无",
        "無",
        "有框",
        "无框",
        "無框",
        "边框",
        "邊框",
        "",
    ];
    const PREFIXES: &[&str] = &[
        "upright=",
        "alt=",
        "link=",
        "page=",
        "class=",
        "lang=",
        "thumb=",
        "thumbnail=",
        "start=",
        "end=",
        "替代=",
        "链接=",
        "連結=",
        "upright ",
    ];
    if WORDS.contains(&option) || PREFIXES.iter().any(|p| option.starts_with(p)) {
        return true;
    }
    let size = option
        .strip_suffix("px")
        .or_else(|| option.strip_suffix("像素"));
    size.is_some_and(|s| {
        s.trim()
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'x' || b == b' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(url_host("http://bare.com/path"), "bare.com");
        assert_eq!(url_host("HTTPS://www.A.org?q=1"), "www.A.org");
        assert_eq!(url_host("//x.org#f"), "x.org");
        assert_eq!(url_host("ftp://user:pw@h.net:21/f"), "h.net:21");
        assert_eq!(url_host("mailto:a@b.org"), "a@b.org");
        assert_eq!(url_host("urn:isbn:1"), "urn:isbn:1");
        assert_eq!(url_host("http:///x"), "http:///x");
    }

    #[test]
    fn options_are_recognised() {
        assert!(is_image_option("400px"));
        assert!(is_image_option("x200px"));
        assert!(is_image_option("upright=1.2"));
        assert!(!is_image_option("a caption"));
    }

    #[test]
    fn titles_normalize() {
        assert_eq!(normalize_title(" a_b  c "), "a b c");
        assert_eq!(normalize_title("a%20b"), "a b");
    }

    #[test]
    fn pipe_trick_strips_parentheses() {
        assert_eq!(pipe_trick("Boston (band)"), "Boston");
        assert_eq!(pipe_trick("Help:Foo"), "Foo");
    }
}
