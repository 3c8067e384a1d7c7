//! Finding the article files of a corpus directory. It follows symlinks only
//! while they stay inside the root, visits each real directory once (so a
//! symlink loop cannot hang it), and bounds depth and count. It never reads
//! more of a file than the first bytes needed to spot a redirect.

use crate::document::Format;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How deep below the root the scan goes.
pub const MAX_DEPTH: usize = 64;
/// How many article files one corpus may hold.
pub const MAX_FILES: usize = 2_000_000;

/// One article file found by the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Where the file really is, relative to the root, `/`-separated.
    pub relative: String,
    pub format: Format,
}

/// The format an article file's extension tells, or `None` when it is not an article.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "wiki" | "mediawiki" | "wikitext" => Some(Format::Wikitext),
        _ => None,
    }
}

/// Files that sit among articles but are not articles: `README.md`, an
/// editor's lock file (`.#T.md`, a dangling link Emacs leaves) and macOS's
/// metadata twins (`._T.md`). A name that merely begins with a dot is an
/// article: `.int.md` and `.arpa.md` are the pages `.int` and `.arpa`.
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("readme.") || lower.starts_with(".#") || lower.starts_with("._")
}

/// Directories the scan never enters: hidden ones (`.git`, `.cache`, an
/// editor's `.vscode`) hold tools' files, never articles.
pub fn is_ignored_directory(name: &str) -> bool {
    name.starts_with('.')
}

/// The article title of a file: its name without extension, `_` read as a space.
pub fn title_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    // File names may hold control characters too: shown as stand-ins, like article text.
    crate::document::sanitize_controls(&crate::wiki::titles::normalize_spaces(&stem)).into_owned()
}

/// Every article file below `root` (already canonical), sorted by relative
/// path, and the warnings met on the way.
pub fn scan(root: &Path) -> (Vec<FoundFile>, Vec<String>) {
    let found = scan_tree(root);
    (found.files, found.warnings)
}

/// What a scan of a corpus directory finds.
#[derive(Debug, Default)]
pub struct Found {
    /// Article files, sorted by relative path.
    pub files: Vec<FoundFile>,
    /// Every directory read, relative to the root (`""` is the root), sorted.
    pub directories: Vec<String>,
    pub warnings: Vec<String>,
}

/// Every article file and directory below `root` (already canonical).
pub fn scan_tree(root: &Path) -> Found {
    scan_tree_counting(root, &|_| {})
}

/// How many files are found between two reports of [`scan_tree_counting`].
const REPORT_EVERY: usize = 4096;

/// [`scan_tree`], telling `found` how many article files it has found so
/// far, now and then while it runs (a million files take seconds), and
/// once more at the end.
pub fn scan_tree_counting(root: &Path, found: &dyn Fn(usize)) -> Found {
    let mut directories = Vec::new();
    let (files, warnings) = walk(root, &mut directories, found);
    found(files.len());
    directories.sort();
    Found {
        files,
        directories,
        warnings,
    }
}

fn walk(
    root: &Path,
    directories: &mut Vec<String>,
    found: &dyn Fn(usize),
) -> (Vec<FoundFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut pending: Vec<(PathBuf, usize)> = vec![(root.to_path_buf(), 0)];
    visited.insert(root.to_path_buf());
    while let Some((dir, depth)) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => {
                directories.push(relative_path(root, &dir));
                entries
            }
            Err(err) => {
                warnings.push(format!("cannot read {}: {err}", dir.display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ignored_name(&name) {
                continue;
            }
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let is_article_name = format_of(Path::new(&name)).is_some();
            // A hidden entry matters only as an article file (`.int.md`):
            // a hidden directory is skipped here, or below once a link to
            // one is resolved.
            if is_ignored_directory(&name) && (file_type.is_dir() || !is_article_name) {
                continue;
            }
            // Plain files that are not articles are skipped without a system call.
            if file_type.is_file() && !is_article_name {
                continue;
            }
            let real = if file_type.is_symlink() {
                // Resolve links and refuse anything that leaves the root.
                match std::fs::canonicalize(entry.path()) {
                    Ok(real) if real.starts_with(root) => real,
                    Ok(_) => {
                        warnings.push(format!(
                            "skipped {}: leads outside the corpus",
                            entry.path().display()
                        ));
                        continue;
                    }
                    Err(_) => {
                        warnings.push(format!("skipped {}: broken link", entry.path().display()));
                        continue;
                    }
                }
            } else {
                // Below a canonical root, a path made of real entries is canonical.
                entry.path()
            };
            let is_dir = if file_type.is_symlink() {
                real.is_dir()
            } else {
                file_type.is_dir()
            };
            let is_file = if file_type.is_symlink() {
                real.is_file()
            } else {
                file_type.is_file()
            };
            if is_dir {
                if is_ignored_directory(&name) {
                    continue;
                }
                if depth + 1 >= MAX_DEPTH {
                    warnings.push(format!(
                        "skipped {}: deeper than {MAX_DEPTH} directories",
                        entry.path().display()
                    ));
                } else if visited.insert(real.clone()) {
                    pending.push((real, depth + 1));
                }
            } else if is_file && is_article_name {
                let Some(format) = format_of(Path::new(&name)) else {
                    continue;
                };
                if files.len() >= MAX_FILES {
                    warnings.push(format!(
                        "more than {MAX_FILES} articles: the rest were skipped"
                    ));
                    return finish(files, warnings);
                }
                // Named by where it really is, however the scan reached it.
                let relative = relative_path(root, &real);
                files.push(FoundFile { relative, format });
                if files.len().is_multiple_of(REPORT_EVERY) {
                    found(files.len());
                }
            }
        }
    }
    finish(files, warnings)
}

fn finish(mut files: Vec<FoundFile>, warnings: Vec<String>) -> (Vec<FoundFile>, Vec<String>) {
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    // A file reached through a link too is named by where it really is,
    // so it comes twice, side by side: kept once. (A set of the paths
    // seen would cost about 90 bytes a file at a million files.)
    files.dedup_by(|later, first| later.relative == first.relative);
    (files, warnings)
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The redirect target if the file's first bytes say `#REDIRECT [[T]]` (or `#重定向`).
pub fn sniff_redirect(path: &Path) -> Option<String> {
    let mut head = [0u8; 1024];
    let mut file = std::fs::File::open(path).ok()?;
    let n = file.read(&mut head).ok()?;
    redirect_target(&String::from_utf8_lossy(&head[..n]))
}

pub use crate::document::wikitext::redirect_target;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_are_recognised() {
        assert_eq!(
            redirect_target("#REDIRECT [[伊犁危機]]").as_deref(),
            Some("伊犁危機")
        );
        assert_eq!(
            redirect_target("#redirect[[Foo_bar|x]]\n").as_deref(),
            Some("Foo bar")
        );
        assert_eq!(
            redirect_target("#重定向 [[清军收复新疆之战]]").as_deref(),
            Some("清军收复新疆之战")
        );
        assert_eq!(redirect_target("# 重定向").as_deref(), None);
        assert_eq!(redirect_target("#REDIRECT [[").as_deref(), None);
        assert_eq!(redirect_target("'''text'''"), None);
    }

    #[test]
    fn directories_too_deep_are_named_in_a_warning() {
        // Before, they were dropped without a word.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut deep = dir.path().to_path_buf();
        for level in 0..MAX_DEPTH + 2 {
            deep.push(format!("d{level}"));
        }
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(deep.join("深.md"), "**深**").expect("write");
        std::fs::write(dir.path().join("淺.md"), "**淺**").expect("write");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let found = scan_tree(&root);
        assert_eq!(found.files.len(), 1);
        assert!(
            found
                .warnings
                .iter()
                .any(|w| w.contains(&format!("deeper than {MAX_DEPTH} directories"))),
            "{:?}",
            found.warnings
        );
    }

    #[test]
    fn a_long_scan_tells_how_many_files_it_has_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..REPORT_EVERY * 2 + 5 {
            std::fs::write(dir.path().join(format!("{i}.md")), "").expect("write");
        }
        std::fs::write(dir.path().join("notes.txt"), "").expect("write");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let reports = std::sync::Mutex::new(Vec::new());
        let found = scan_tree_counting(&root, &|count| {
            reports.lock().expect("reports").push(count);
        });
        assert_eq!(found.files.len(), REPORT_EVERY * 2 + 5);
        assert_eq!(
            reports.into_inner().expect("reports"),
            [REPORT_EVERY, REPORT_EVERY * 2, REPORT_EVERY * 2 + 5]
        );
    }

    #[test]
    fn names_beginning_with_a_dot_are_articles_in_hidden_directories_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".int.md"), "**.int**").expect("write");
        std::fs::write(dir.path().join(".arpa.wiki"), "'''.arpa'''").expect("write");
        std::fs::write(dir.path().join("README.md"), "about").expect("write");
        std::fs::write(dir.path().join("._.int.md"), b"\0\x05\x16").expect("write");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(dir.path().join(".git/HEAD.md"), "ref").expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/.ad.md"), "**.ad**").expect("write");
        #[cfg(unix)]
        {
            // What Emacs leaves while a file is edited: a link to nowhere.
            std::os::unix::fs::symlink("user@host.1234", dir.path().join(".#.int.md"))
                .expect("symlink");
            std::os::unix::fs::symlink(dir.path().join(".git"), dir.path().join(".hidden"))
                .expect("symlink");
        }
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let found = scan_tree(&root);
        let names: Vec<&str> = found.files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, [".arpa.wiki", ".int.md", "sub/.ad.md"]);
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
        assert_eq!(found.directories, ["", "sub"]);
        assert_eq!(title_of(Path::new(".int.md")), ".int");
    }

    #[test]
    fn formats_and_titles_come_from_file_names() {
        assert_eq!(
            format_of(Path::new("a/伊犁危機.wiki")),
            Some(Format::Wikitext)
        );
        assert_eq!(format_of(Path::new("x.MediaWiki")), Some(Format::Wikitext));
        assert_eq!(format_of(Path::new("x.md")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("x.txt")), None);
        assert_eq!(
            title_of(Path::new("d/新疆省_(中華民國).md")),
            "新疆省 (中華民國)"
        );
    }
}
