//! Namespaces: the `File:`, `分類:`, `Template:` … prefixes of titles, in
//! the names the zh, en and ja wikis use (and the file and category names
//! of a few other languages, met in copied markup).
//!
//! One table for both parsers and the dump reader. Names are matched after
//! trimming, without regard to case (`FILE:`, `file:`). This module only
//! names namespaces; what a link in one does is the parsers' business.

/// A namespace of a MediaWiki wiki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// `Media:`: a direct link to a file.
    Media,
    Special,
    User,
    /// `Wikipedia:` (the project's own pages).
    Project,
    File,
    MediaWiki,
    Template,
    Help,
    Category,
    Portal,
    Draft,
    Module,
}

impl Namespace {
    /// The namespace's number in a dump (`<ns>`): Wikipedia's numbering.
    pub fn key(self) -> i64 {
        match self {
            Namespace::Media => -2,
            Namespace::Special => -1,
            Namespace::User => 2,
            Namespace::Project => 4,
            Namespace::File => 6,
            Namespace::MediaWiki => 8,
            Namespace::Template => 10,
            Namespace::Help => 12,
            Namespace::Category => 14,
            Namespace::Portal => 100,
            Namespace::Draft => 118,
            Namespace::Module => 828,
        }
    }

    /// Whether a link into it names a file (`File:`, `Image:`, `Media:` …).
    pub fn is_file(self) -> bool {
        matches!(self, Namespace::File | Namespace::Media)
    }
}

/// The canonical (English) name of each namespace of a Wikipedia, by its
/// number; the project's own namespace (4, 5) is named `Wikipedia`.
pub const CANONICAL_NAMES: &[(i64, &str)] = &[
    (-2, "Media"),
    (-1, "Special"),
    (0, ""),
    (1, "Talk"),
    (2, "User"),
    (3, "User talk"),
    (4, "Wikipedia"),
    (5, "Wikipedia talk"),
    (6, "File"),
    (7, "File talk"),
    (8, "MediaWiki"),
    (9, "MediaWiki talk"),
    (10, "Template"),
    (11, "Template talk"),
    (12, "Help"),
    (13, "Help talk"),
    (14, "Category"),
    (15, "Category talk"),
];

/// Every name of every namespace, lower case.
const NAMES: &[(Namespace, &[&str])] = &[
    (
        Namespace::Media,
        &["media", "媒体", "媒體", "媒体文件", "媒體檔案", "メディア"],
    ),
    (Namespace::Special, &["special", "特殊", "特别", "特別"]),
    (
        Namespace::User,
        &["user", "用户", "用戶", "使用者", "利用者"],
    ),
    (
        Namespace::Project,
        &["wikipedia", "维基百科", "維基百科", "wp", "project"],
    ),
    (
        Namespace::File,
        &[
            "file",
            "image",
            "文件",
            "檔案",
            "档案",
            "图像",
            "圖像",
            "图片",
            "圖片",
            "ファイル",
            "画像",
            "datei",
            "bild",
            "fichier",
            "archivo",
            "imagen",
            "файл",
        ],
    ),
    (Namespace::MediaWiki, &["mediawiki"]),
    (
        Namespace::Template,
        &[
            "template",
            "模板",
            "样板",
            "樣板",
            "テンプレート",
            "vorlage",
            "modèle",
            "шаблон",
        ],
    ),
    (Namespace::Help, &["help", "帮助", "幫助", "ヘルプ"]),
    (
        Namespace::Category,
        &[
            "category",
            "分类",
            "分類",
            "カテゴリ",
            "kategorie",
            "catégorie",
            "категория",
            "categoría",
        ],
    ),
    (Namespace::Portal, &["portal", "主题", "主題", "ポータル"]),
    (Namespace::Draft, &["draft", "草稿"]),
    (Namespace::Module, &["module", "模块", "模組", "モジュール"]),
];

/// The namespace `prefix` names (`File`, ` 分類 `, `IMAGE`), if any.
pub fn namespace(prefix: &str) -> Option<Namespace> {
    let prefix = prefix.trim();
    if prefix.is_empty() || prefix.len() > 32 {
        return None;
    }
    let lower = prefix.to_lowercase();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map(|(namespace, _)| *namespace)
}

/// Whether `prefix` names a file namespace (`File`, `Image`, `文件`, `Media` …).
pub fn is_file(prefix: &str) -> bool {
    namespace(prefix).is_some_and(Namespace::is_file)
}

/// Whether `prefix` names the category namespace.
pub fn is_category(prefix: &str) -> bool {
    namespace(prefix) == Some(Namespace::Category)
}

/// Whether `prefix` names the template namespace.
pub fn is_template(prefix: &str) -> bool {
    namespace(prefix) == Some(Namespace::Template)
}

/// A title's namespace and the rest (`分類:維度` → (Category, `維度`)), at
/// its first colon, ASCII or full-width (`分类：X`, as converted pages
/// write it); `None` when what comes before it names no namespace.
pub fn split(title: &str) -> Option<(Namespace, &str)> {
    let at = title.find([':', '：'])?;
    let namespace = namespace(&title[..at])?;
    let colon_len = title[at..].chars().next().map_or(1, char::len_utf8);
    Some((namespace, &title[at + colon_len..]))
}

/// `File:X` → `X` (any file namespace; leading colons ignored).
pub fn strip_file(title: &str) -> Option<&str> {
    split(title.trim_start_matches(':')).and_then(|(ns, rest)| ns.is_file().then_some(rest))
}

/// `Category:X` → `X` (any category name; a leading colon is not skipped:
/// `:Category:X` links to the category rather than filing the page in it).
pub fn strip_category(title: &str) -> Option<&str> {
    split(title).and_then(|(ns, rest)| (ns == Namespace::Category).then_some(rest))
}

/// Every namespace name (lower case) with its dump number.
pub fn names() -> impl Iterator<Item = (&'static str, i64)> {
    NAMES
        .iter()
        .flat_map(|(namespace, names)| names.iter().map(|name| (*name, namespace.key())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_name_namespaces() {
        // (prefix, namespace)
        let table: &[(&str, Option<Namespace>)] = &[
            ("File", Some(Namespace::File)),
            ("FILE", Some(Namespace::File)),
            (" image ", Some(Namespace::File)),
            ("文件", Some(Namespace::File)),
            ("檔案", Some(Namespace::File)),
            ("档案", Some(Namespace::File)),
            ("图像", Some(Namespace::File)),
            ("圖像", Some(Namespace::File)),
            ("图片", Some(Namespace::File)),
            ("ファイル", Some(Namespace::File)),
            ("画像", Some(Namespace::File)),
            ("Datei", Some(Namespace::File)),
            ("Файл", Some(Namespace::File)),
            ("Media", Some(Namespace::Media)),
            ("媒體", Some(Namespace::Media)),
            ("Category", Some(Namespace::Category)),
            ("分类", Some(Namespace::Category)),
            ("分類", Some(Namespace::Category)),
            ("カテゴリ", Some(Namespace::Category)),
            ("Catégorie", Some(Namespace::Category)),
            ("Template", Some(Namespace::Template)),
            ("模板", Some(Namespace::Template)),
            ("テンプレート", Some(Namespace::Template)),
            ("Wikipedia", Some(Namespace::Project)),
            ("Help", Some(Namespace::Help)),
            ("Portal", Some(Namespace::Portal)),
            ("主題", Some(Namespace::Portal)),
            ("Draft", Some(Namespace::Draft)),
            ("Module", Some(Namespace::Module)),
            ("en", None),
            ("C++", None),
            ("", None),
            ("伊犁危機", None),
        ];
        for &(prefix, expected) in table {
            assert_eq!(namespace(prefix), expected, "{prefix:?}");
        }
    }

    #[test]
    fn names_are_lower_case_and_unique() {
        let all: Vec<&str> = names().map(|(name, _)| name).collect();
        for (i, name) in all.iter().enumerate() {
            assert_eq!(*name, name.to_lowercase());
            assert!(!all[i + 1..].contains(name), "{name}");
        }
    }

    #[test]
    fn titles_split_at_either_colon() {
        assert_eq!(split("分類:維度"), Some((Namespace::Category, "維度")));
        assert_eq!(split("分类：維度"), Some((Namespace::Category, "維度")));
        assert_eq!(split("C++: a language"), None);
        assert_eq!(split("no colon"), None);
        assert_eq!(strip_file(":File:A b.jpg"), Some("A b.jpg"));
        assert_eq!(strip_file("Image:x.png"), Some("x.png"));
        assert_eq!(strip_file("Category:x"), None);
        assert_eq!(strip_category("Category:中亚军事史"), Some("中亚军事史"));
        assert_eq!(strip_category(":Category:X"), None);
        assert!(is_file("媒体文件"));
        assert!(is_category("category"));
        assert!(is_template("Template"));
        assert!(!is_template("t"));
    }

    #[test]
    fn dump_numbers() {
        assert_eq!(Namespace::File.key(), 6);
        assert_eq!(Namespace::Template.key(), 10);
        assert_eq!(Namespace::Category.key(), 14);
        assert!(names().any(|(name, key)| name == "分類" && key == 14));
    }
}
