//! Which templates are infoboxes, and the kind an infobox's name tells
//! (`Infobox military conflict` → `military conflict`, `国家信息框` → `国家`).
//!
//! One answer for both parsers: wikitext templates and the template
//! residue pandoc leaves in Markdown. Pure functions over template names;
//! expanding templates is the parsers' business.

/// Words that make a template an infobox at the end of its name
/// (`国家信息框`), Chinese spellings first.
const INFOBOX_SUFFIXES: &[&str] = &["信息框", "資訊框", "资讯框", "訊息框", "信息模板"];

/// The English word that makes a template an infobox at either end.
const INFOBOX: &str = "infobox";

/// Infoboxes of older names.
const OTHER_INFOBOXES: &[&str] = &[
    "taxobox",
    "automatic taxobox",
    "speciesbox",
    "subspeciesbox",
    "geobox",
    "chembox",
    "drugbox",
];

/// Whether template `name` (any case, namespace prefix removed) is an infobox.
pub fn is_infobox(name: &str) -> bool {
    let key = name.trim().to_lowercase();
    key.starts_with(INFOBOX)
        || key.ends_with(INFOBOX)
        || INFOBOX_SUFFIXES.iter().any(|suffix| key.ends_with(suffix))
        || OTHER_INFOBOXES.contains(&key.as_str())
}

/// The fewest named parameters with a value that make a template standing
/// alone at block level an infobox by its shape (`{{基礎情報 武士|氏名=…|時代=…|生誕=…}}`).
pub const INFOBOX_NAMED_VALUES: usize = 3;

/// Whether a template standing alone at block level is an infobox: by its
/// name, or by its shape, `filled_named` named parameters with a value.
/// Both parsers ask this one question.
pub fn reads_as_infobox(name: &str, filled_named: usize) -> bool {
    is_infobox(name) || filled_named >= INFOBOX_NAMED_VALUES
}

/// The kind an infobox's name tells: the name without `Infobox` or
/// `信息框` (`Infobox Military Conflict` → `Military Conflict`); the whole
/// name when nothing is left.
pub fn infobox_kind(name: &str) -> String {
    let name = name.trim();
    let lower = name.to_lowercase();
    let kind = if lower.starts_with(INFOBOX) && lower.len() == name.len() {
        name.get(INFOBOX.len()..).unwrap_or("")
    } else if lower.ends_with(INFOBOX) && lower.len() == name.len() {
        name.get(..name.len() - INFOBOX.len()).unwrap_or("")
    } else {
        INFOBOX_SUFFIXES
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name)
    };
    let kind = kind.trim();
    if kind.is_empty() {
        name.to_string()
    } else {
        kind.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infoboxes_and_their_kinds() {
        // (name, is an infobox, kind)
        let table: &[(&str, bool, &str)] = &[
            ("Infobox military conflict", true, "military conflict"),
            ("infobox Country", true, "Country"),
            ("Chinese city infobox", true, "Chinese city"),
            ("国家信息框", true, "国家"),
            ("中國省份資訊框", true, "中國省份"),
            ("人物信息模板", true, "人物"),
            ("Taxobox", true, "Taxobox"),
            ("Automatic taxobox", true, "Automatic taxobox"),
            ("Infobox", true, "Infobox"),
            ("Reflist", false, "Reflist"),
            ("Cite web", false, "Cite web"),
            ("", false, ""),
            ("İnfobox", false, "İnfobox"),
        ];
        for &(name, infobox, kind) in table {
            assert_eq!(is_infobox(name), infobox, "{name:?}");
            assert_eq!(infobox_kind(name), kind, "{name:?}");
        }
    }

    #[test]
    fn infoboxes_by_name_or_by_shape() {
        assert!(reads_as_infobox("Infobox software", 0));
        assert!(reads_as_infobox("基礎情報 武士", 3));
        assert!(!reads_as_infobox("基礎情報 武士", 2));
        assert!(!reads_as_infobox("", 0));
    }
}
