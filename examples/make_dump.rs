//! Packs every article file of a corpus directory into a zhwiki-style
//! multistream dump and its index, for trying the dump readers on a corpus
//! of any size:
//!
//! `cargo run --release --example make_dump -- [--fast] CORPUS_DIR OUT_DIR [NAME]`
//!
//! writes `OUT_DIR/NAME-pages-articles-multistream.xml.bz2` and
//! `OUT_DIR/NAME-pages-articles-multistream-index.txt.bz2` (NAME defaults
//! to `zhwiki-20260101`). Pages are namespace 0, with ids 1..N in scan
//! order; Markdown files are marked `text/markdown`, wikitext redirects get
//! `<redirect title=…/>`. Files are read and streams compressed on all
//! cores; progress goes to stderr. bzip2 is slow (some 10 MB of text a
//! second a core at level 9, the dump site's); `--fast` uses level 1,
//! about half again as fast, for a file about three times as large. It never writes outside OUT_DIR, nor
//! changes the corpus.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use wikiread::corpus::dump::Page;
use wikiread::corpus::dump::writer::MultistreamWriter;
use wikiread::corpus::{read_article_file, scan};
use wikiread::document::Format;

const USAGE: &str = "usage: make_dump [--fast] CORPUS_DIR OUT_DIR [NAME]";

/// Files read at once (then written in order).
const CHUNK: usize = 8192;

/// How much of a wikitext file is looked at for a redirect.
const REDIRECT_HEAD: usize = 1024;

fn page_of(root: &Path, file: &scan::FoundFile, id: u64) -> Result<Page, String> {
    let bytes = read_article_file(&root.join(&file.relative)).map_err(|error| error.to_string())?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let redirect = match file.format {
        Format::Wikitext => {
            let mut end = text.len().min(REDIRECT_HEAD);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            scan::redirect_target(text.get(..end).unwrap_or_default())
        }
        Format::Markdown => None,
    };
    Ok(Page {
        title: scan::title_of(Path::new(&file.relative)),
        namespace: 0,
        id,
        redirect,
        text,
        markdown: file.format == Format::Markdown,
        truncated: false,
    })
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let fast = args.iter().any(|arg| arg == "--fast");
    args.retain(|arg| arg != "--fast");
    let (corpus, out, name) = match args.as_slice() {
        [corpus, out] => (corpus, out, "zhwiki-20260101"),
        [corpus, out, name] => (corpus, out, name.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let root = match std::fs::canonicalize(corpus) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => {
            eprintln!("make_dump: {corpus}: not a directory");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("make_dump: {corpus}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (files, warnings) = scan::scan(&root);
    for warning in &warnings {
        eprintln!("make_dump: {warning}");
    }
    if files.is_empty() {
        eprintln!("make_dump: {corpus}: no article files");
        return ExitCode::FAILURE;
    }
    let out = PathBuf::from(out);
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("make_dump: {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let dump = out.join(format!("{name}-pages-articles-multistream.xml.bz2"));
    let index = out.join(format!("{name}-pages-articles-multistream-index.txt.bz2"));
    let dbname = name.split('-').next().unwrap_or(name);
    eprintln!(
        "make_dump: {} files found in {:.2?}",
        files.len(),
        started.elapsed()
    );
    let mut writer = match MultistreamWriter::new(&dump, &index, dbname) {
        Ok(writer) => writer,
        Err(error) => {
            eprintln!("make_dump: {error}");
            return ExitCode::FAILURE;
        }
    };
    if fast {
        writer.set_compression_level(1);
    }
    let mut skipped = 0;
    for (chunk_number, chunk) in files.chunks(CHUNK).enumerate() {
        let first_id = (chunk_number * CHUNK) as u64 + 1;
        let pages: Vec<Result<Page, String>> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, file)| page_of(&root, file, first_id + i as u64))
            .collect();
        for (page, file) in pages.into_iter().zip(chunk) {
            match page {
                Ok(page) => {
                    if let Err(error) = writer.write_page(&page) {
                        eprintln!("\nmake_dump: {error}");
                        return ExitCode::FAILURE;
                    }
                }
                Err(error) => {
                    skipped += 1;
                    eprintln!("\nmake_dump: {}: skipped: {error}", file.relative);
                }
            }
        }
        eprint!(
            "\rmake_dump: {} of {} pages packed ({:.0?})",
            writer.pages(),
            files.len(),
            started.elapsed()
        );
    }
    let pages = writer.pages();
    if let Err(error) = writer.finish() {
        eprintln!("\nmake_dump: {error}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "\nmake_dump: {pages} pages ({skipped} skipped) in {} and its index, in {:.2?}",
        dump.display(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}
