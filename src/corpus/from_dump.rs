//! A MediaWiki XML dump as a corpus: the first pass that lists its pages
//! (from the multistream index beside it, else one pass over the dump), and
//! reading one page (a seek and one bzip2 stream, or a byte range of a
//! plain `.xml`). Namespace 0 pages are the articles; template and category
//! pages are kept in the index for later use. Reads the dump only; never
//! writes it.

use super::catalog::build::{NewEntry, OtherPage, Outline};
use super::catalog::layout::SourceKind;
use super::dump::{self, DumpError, DumpKind, Page};
use super::{CorpusError, fingerprint};
use crate::document::Format;
use crate::wiki::site::Site;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// How much of the start of a dump is read for its `<siteinfo>`: the
/// site's header is a few kilobytes.
const SITEINFO_HEAD_BYTES: usize = 64 * 1024;

/// An open dump.
#[derive(Debug)]
pub struct DumpFile {
    /// Canonical path of the `.xml` or `.xml.bz2`.
    pub path: PathBuf,
    pub kind: DumpKind,
    /// The multistream index beside it, when there is one.
    pub index: Option<PathBuf>,
    pub file: File,
}

impl DumpFile {
    /// Opens `path` when its name says it is a dump.
    pub fn open(path: &Path) -> Result<DumpFile, CorpusError> {
        let kind = dump::dump_kind(path).ok_or_else(|| CorpusError::NotACorpus(path.into()))?;
        let real = std::fs::canonicalize(path).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => CorpusError::NotFound(path.into()),
            _ => CorpusError::Unreadable(path.into(), err),
        })?;
        let file = File::open(&real).map_err(|err| CorpusError::Unreadable(path.into(), err))?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(CorpusError::Unreadable(
                path.into(),
                std::io::Error::other("not a regular file"),
            ));
        }
        let index = match kind {
            DumpKind::Bzip2 => dump::index_path_for(&real),
            DumpKind::PlainXml => None,
        };
        Ok(DumpFile {
            path: real,
            kind,
            index,
            file,
        })
    }

    pub fn source_kind(&self) -> SourceKind {
        match self.kind {
            DumpKind::PlainXml => SourceKind::XmlDump,
            DumpKind::Bzip2 => SourceKind::Bzip2Dump,
        }
    }

    /// The fingerprint of the dump and its index: paths, sizes and times.
    pub fn fingerprint(&self) -> Option<u64> {
        let mut files: Vec<&Path> = vec![&self.path];
        files.extend(self.index.as_deref());
        fingerprint::file_fingerprint(&files)
    }

    /// Reads the page at an entry's location.
    pub fn read_page(&self, title: &str, location: (u64, u64)) -> Result<Page, DumpError> {
        match self.kind {
            DumpKind::PlainXml => dump::xml::read_page_at(&self.file, location.0, location.1),
            DumpKind::Bzip2 => {
                dump::multistream::page_in_stream(&self.file, location.0, location.1, title)
            }
        }
    }

    /// The first pass: every page's title and location; redirects too when
    /// the dump itself is read (without a multistream index, they come free).
    pub fn outline(
        &self,
        progress: &dyn Fn(u64, u64),
        cancel: &AtomicBool,
    ) -> Result<Outline, CorpusError> {
        let fingerprint = self
            .fingerprint()
            .ok_or_else(|| CorpusError::Index("the dump changed while it was read".into()))?;
        let mut warnings = Vec::new();
        let knows_redirects = !(self.kind == DumpKind::Bzip2 && self.index.is_some());
        let mut outline = Outline {
            kind: self.source_kind(),
            fingerprint,
            ..Outline::default()
        };
        // Each page goes into the outline as it is found (a list of them
        // all first would be a second copy of a million titles).
        let add = |outline: &mut Outline, page: Found| add_page(outline, knows_redirects, page);
        let total = self.file.metadata().map_or(0, |m| m.len());
        let corrupt =
            |err: DumpError| CorpusError::Index(format!("{}: {err}", self.path.display()));
        match (self.kind, &self.index) {
            (DumpKind::PlainXml, _) => {
                let spans = dump::xml::scan_xml(&self.path, &|done| progress(done, total), cancel)
                    .map_err(corrupt)?;
                for span in spans {
                    add(
                        &mut outline,
                        Found {
                            title: span.title,
                            namespace: span.namespace,
                            location: (span.start, span.end),
                            redirect: span.redirect,
                        },
                    );
                }
            }
            (DumpKind::Bzip2, Some(index)) => {
                let (lines, bad) = dump::multistream::read_index(index).map_err(corrupt)?;
                if bad > 0 {
                    warnings.push(format!(
                        "{}: {bad} unreadable lines skipped",
                        index.display()
                    ));
                }
                let namespaces = self.namespaces();
                outline.entries.reserve(lines.len());
                for line in lines {
                    let namespace = namespace_of(&line.title, &namespaces);
                    if line.offset >= total {
                        warnings.push(format!(
                            "{}: {} points past the end of the dump",
                            index.display(),
                            line.title
                        ));
                        continue;
                    }
                    add(
                        &mut outline,
                        Found {
                            title: line.title,
                            namespace,
                            location: (line.offset, line.id),
                            redirect: None,
                        },
                    );
                }
            }
            (DumpKind::Bzip2, None) => {
                let scan = dump::multistream::scan_streams(&self.path, progress, cancel)
                    .map_err(corrupt)?;
                warnings.extend(scan.problems.iter().map(|p| p.to_string()));
                for stream in scan.streams {
                    for page in stream.pages {
                        add(
                            &mut outline,
                            Found {
                                title: page.title,
                                namespace: page.namespace,
                                location: (stream.offset, page.id),
                                redirect: page.redirect,
                            },
                        );
                    }
                }
            }
        }
        outline.warnings = warnings;
        if outline.entries.is_empty() {
            return Err(CorpusError::NotACorpus(self.path.clone()));
        }
        Ok(outline)
    }

    /// The wiki the dump is of, from its `<siteinfo>`'s `<base>` (read
    /// from the first [`SITEINFO_HEAD_BYTES`] of the export, decompressed
    /// for a `.xml.bz2`); `None` when the head says nothing usable.
    pub fn site(&self) -> Option<Site> {
        use std::io::Read;
        let mut head = Vec::new();
        match self.kind {
            DumpKind::PlainXml => {
                use std::os::unix::fs::FileExt;
                head.resize(SITEINFO_HEAD_BYTES, 0);
                let mut got = 0;
                while got < head.len() {
                    match self.file.read_at(&mut head[got..], got as u64) {
                        Ok(0) => break,
                        Ok(n) => got += n,
                        Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                head.truncate(got);
            }
            DumpKind::Bzip2 => {
                let decoder = dump::multistream::StreamDecoder::open(&self.file, 0, None).ok()?;
                // A damaged stream still gives what came before the damage.
                let _ = decoder
                    .take(SITEINFO_HEAD_BYTES as u64)
                    .read_to_end(&mut head);
            }
        }
        Site::from_base(&dump::xml::site_base(&head)?)
    }

    /// The namespace names of the dump's `<siteinfo>` (in its first
    /// stream), by name; the usual ones when it cannot be read.
    fn namespaces(&self) -> HashMap<String, i64> {
        let mut names: HashMap<String, i64> = crate::wiki::namespaces::names()
            .map(|(name, key)| (name.to_string(), key))
            .collect();
        if let Ok(head) = dump::multistream::read_stream(&self.file, 0) {
            let text = String::from_utf8_lossy(&head[..head.len().min(1 << 20)]);
            for part in text.split("<namespace key=\"").skip(1) {
                let Some((key, rest)) = part.split_once('"') else {
                    continue;
                };
                let Ok(key) = key.parse::<i64>() else {
                    continue;
                };
                let Some(name) = rest
                    .split_once('>')
                    .and_then(|(_, after)| after.split_once("</namespace>"))
                    .map(|(name, _)| name.trim())
                else {
                    continue;
                };
                if key != 0 && !name.is_empty() {
                    names.insert(name.to_lowercase(), key);
                }
            }
        }
        names
    }
}

/// A page as the first pass finds it.
struct Found {
    title: String,
    namespace: i64,
    location: (u64, u64),
    redirect: Option<String>,
}

/// The namespace a title's prefix names (`Template:X` → 10), else 0.
/// Adds a page of the dump to the first pass's outline: an article, a
/// template or category page, or nothing (other namespaces).
fn add_page(outline: &mut Outline, knows_redirects: bool, page: Found) {
    let title = clean_title(&page.title);
    match page.namespace {
        0 => {
            outline.entries.push(NewEntry {
                // The title names the page (an empty path says so without
                // a second copy of every title).
                path: String::new(),
                title,
                format: Format::Wikitext,
                location: page.location.0,
                location2: page.location.1,
            });
            if knows_redirects {
                outline.redirects.push(page.redirect);
            }
        }
        namespace @ (10 | 14) => outline.other_pages.push(OtherPage {
            title,
            namespace: namespace as u32,
            location: page.location.0,
            location2: page.location.1,
        }),
        _ => {}
    }
}

fn namespace_of(title: &str, namespaces: &HashMap<String, i64>) -> i64 {
    title
        .split_once(':')
        .and_then(|(prefix, _)| namespaces.get(&prefix.trim().to_lowercase()))
        .copied()
        .unwrap_or(0)
}

/// A dump title as the reader shows it: spaces normalised, control
/// characters as stand-ins.
fn clean_title(title: &str) -> String {
    crate::document::sanitize_controls(&crate::wiki::titles::normalize_spaces(title)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_tell_namespaces() {
        let names: HashMap<String, i64> =
            [("template".to_string(), 10), ("category".to_string(), 14)].into();
        assert_eq!(namespace_of("Template:Infobox", &names), 10);
        assert_eq!(namespace_of("category:清朝", &names), 14);
        assert_eq!(namespace_of("C++: a language", &names), 0);
        assert_eq!(namespace_of("伊犁危機", &names), 0);
    }
}
