//! The bundled sample corpus, compiled into the binary so `wikiread` run
//! anywhere still has something to open. Only data: must never be written to.

/// `(file name, bytes)` of every article in `articles/`.
pub const BUILTIN_ARTICLES: &[(&str, &[u8])] = &[
    (
        "東突厥斯坦共和國.md",
        include_bytes!("../../articles/東突厥斯坦共和國.md"),
    ),
    (
        "苏联入侵新疆.md",
        include_bytes!("../../articles/苏联入侵新疆.md"),
    ),
    (
        "俄羅斯入侵突厥斯坦.md",
        include_bytes!("../../articles/俄羅斯入侵突厥斯坦.md"),
    ),
    (
        "清军收复新疆之战.wiki",
        include_bytes!("../../articles/清军收复新疆之战.wiki"),
    ),
    (
        "伊犁危機.wiki",
        include_bytes!("../../articles/伊犁危機.wiki"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_matches_the_articles_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/articles");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("articles/ exists")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| super::super::scan::format_of(std::path::Path::new(name)).is_some())
            .filter(|name| !super::super::scan::is_ignored_name(name))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILTIN_ARTICLES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
        for (name, bytes) in BUILTIN_ARTICLES {
            let disk = std::fs::read(format!("{folder}/{name}")).expect("readable");
            assert_eq!(
                &disk[..],
                *bytes,
                "{name} differs from the compiled-in copy"
            );
        }
    }
}
