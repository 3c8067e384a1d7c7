//! Synthetic titles for the finder's benchmarks and scale tests: Chinese
//! titles made of the sample articles' characters, some Latin, some mixed,
//! all distinct, the same list for the same count and seed. Also writes
//! them out as a corpus directory: of empty-bodied articles, or of
//! realistic ones (the bundled samples' text, some wikitext redirects).
//! Nothing in the reader itself uses this.

use std::collections::HashSet;
use std::path::Path;

/// Latin words for Latin and mixed titles.
const WORDS: &[&str] = &[
    "Kashgar",
    "Ili",
    "Treaty",
    "of",
    "Saint",
    "Petersburg",
    "Yakub",
    "Beg",
    "Kokand",
    "Khanate",
    "Battle",
    "Urumqi",
    "Dzungaria",
    "Turkestan",
    "Republic",
    "Soviet",
    "Invasion",
    "Qing",
    "Xinjiang",
    "Tarim",
    "Basin",
    "Silk",
    "Road",
    "Army",
    "Expedition",
    "history",
    "campaign",
    "province",
    "river",
    "Kulja",
    "1871",
    "1881",
    "1933",
    "1944",
    "II",
    "East",
];

/// A small deterministic generator (xorshift64*), so every run and machine
/// gets the same titles.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The Han characters of the bundled sample articles, each once, in order
/// of first use.
pub fn sample_characters() -> Vec<char> {
    let mut seen = HashSet::new();
    let mut chars = Vec::new();
    for (_, bytes) in crate::corpus::builtin::BUILTIN_ARTICLES {
        for c in String::from_utf8_lossy(bytes).chars() {
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) && seen.insert(c) {
                chars.push(c);
            }
        }
    }
    chars
}

/// `count` distinct titles: about 80% Chinese (2 to 8 characters), 10%
/// Latin (1 to 4 words), 10% mixed.
pub fn titles(count: usize, seed: u64) -> Vec<String> {
    let chars = sample_characters();
    let mut random = Random(seed | 1);
    let mut seen = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let chinese = |random: &mut Random, len: usize| -> String {
            (0..len).map(|_| chars[random.below(chars.len())]).collect()
        };
        let latin = |random: &mut Random, words: usize| -> String {
            (0..words)
                .map(|_| WORDS[random.below(WORDS.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let title = match random.below(10) {
            0 => {
                let words = 1 + random.below(4);
                latin(&mut random, words)
            }
            1 => {
                let len = 2 + random.below(4);
                let han = chinese(&mut random, len);
                let word = latin(&mut random, 1);
                if random.below(2) == 0 {
                    format!("{word}{han}")
                } else {
                    format!("{han} ({word})")
                }
            }
            _ => {
                let len = 2 + random.below(7);
                chinese(&mut random, len)
            }
        };
        if seen.insert(crate::wiki::titles::title_key(&title)) {
            out.push(title);
        }
    }
    out
}

/// Writes one empty-bodied Markdown article per title into `dir` (made if
/// missing), named after the title.
pub fn write_corpus(dir: &Path, titles: &[String]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for title in titles {
        let name = title.replace(' ', "_");
        std::fs::write(dir.join(format!("{name}.md")), b"")?;
    }
    Ok(())
}

/// One in this many realistic files is a redirect.
const REDIRECT_EVERY: usize = 20;

/// A bundled sample article split around the bold title of its lead, so a
/// synthetic title can be put in its place.
struct Sample {
    extension: &'static str,
    before: String,
    after: String,
}

impl Sample {
    fn new(name: &str, bytes: &[u8]) -> Sample {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let wikitext = name.ends_with(".wiki");
        let bold = if wikitext { "'''" } else { "**" };
        let split = text.find(bold).and_then(|open| {
            let inner = open + bold.len();
            let close = inner + text.get(inner..)?.find(bold)?;
            Some((
                text.get(..inner)?.to_string(),
                text.get(close..)?.to_string(),
            ))
        });
        let (before, after) = split.unwrap_or((text, String::new()));
        Sample {
            extension: if wikitext { "wiki" } else { "md" },
            before,
            after,
        }
    }

    fn with_title(&self, title: &str) -> String {
        if self.after.is_empty() {
            return self.before.clone();
        }
        format!("{}{title}{}", self.before, self.after)
    }

    /// [`Sample::with_title`] cut at the first paragraph break past `limit`
    /// bytes (the whole text when it is shorter).
    fn with_title_cut(&self, title: &str, limit: usize) -> String {
        let mut text = self.with_title(title);
        let mut at = limit.min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        if let Some(end) = text[at..].find("\n\n") {
            text.truncate(at + end + 1);
        }
        text
    }
}

/// Article lengths the realistic corpus cycles through, in bytes: most
/// Chinese Wikipedia articles are a few kilobytes (their mean is about
/// 6 KB), a few are long. The samples are 7 to 52 KB, so each is cut at a
/// paragraph break past one of these.
const ARTICLE_LENGTHS: [usize; 7] = [2_000, 3_000, 4_000, 5_000, 6_000, 9_000, 14_000];

/// Writes one realistic article per title into `dir` (made if missing):
/// the text of one of the bundled sample articles in turn, in its format
/// (`.wiki` samples give `.wiki` files, about 40%), with the bold title of
/// its lead replaced by the synthetic title, cut to a realistic length
/// (2 to 14 KB, about 6 KB on average: see [`ARTICLE_LENGTHS`]); one file in twenty is instead
/// a wikitext redirect (`.wiki`) to another title of the list. The same
/// titles give the same files. Written on all cores.
pub fn write_realistic_corpus(dir: &Path, titles: &[String]) -> std::io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    let samples: Vec<Sample> = crate::corpus::builtin::BUILTIN_ARTICLES
        .iter()
        .map(|(name, bytes)| Sample::new(name, bytes))
        .collect();
    titles.par_iter().enumerate().try_for_each(|(i, title)| {
        let name = title.replace(' ', "_");
        let target = titles
            .get(i.wrapping_mul(7919).wrapping_add(13) % titles.len().max(1))
            .filter(|target| *target != title);
        match (i % REDIRECT_EVERY == REDIRECT_EVERY - 1, target) {
            (true, Some(target)) => std::fs::write(
                dir.join(format!("{name}.wiki")),
                format!("#REDIRECT [[{target}]]\n"),
            ),
            _ => match samples.get(i % samples.len().max(1)) {
                Some(sample) => std::fs::write(
                    dir.join(format!("{name}.{}", sample.extension)),
                    sample.with_title_cut(title, ARTICLE_LENGTHS[(i / 5) % ARTICLE_LENGTHS.len()]),
                ),
                None => std::fs::write(dir.join(format!("{name}.md")), b""),
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_distinct_repeatable_and_mixed() {
        let a = titles(2000, 7);
        assert_eq!(a, titles(2000, 7));
        assert_eq!(a.len(), 2000);
        assert!(a.iter().any(|t| t.is_ascii()));
        assert!(
            a.iter()
                .any(|t| !t.is_ascii() && t.chars().any(|c| c.is_ascii_alphabetic()))
        );
        assert!(a.iter().filter(|t| !t.is_ascii()).count() > 1500);
        assert!(sample_characters().len() > 1000);
    }

    #[test]
    fn a_realistic_corpus_has_sample_texts_and_redirects() {
        let dir = tempfile::tempdir().expect("temp dir");
        let list = titles(100, 5);
        write_realistic_corpus(dir.path(), &list).expect("written");
        let corpus = crate::corpus::Corpus::open_dir(dir.path()).expect("a corpus");
        assert_eq!(corpus.len(), 100);
        let redirects: Vec<String> = corpus
            .entries()
            .filter_map(|(id, _)| corpus.redirect(id))
            .collect();
        assert_eq!(redirects.len(), 5);
        for target in redirects {
            assert!(corpus.resolve_title(&target).is_some(), "{target}");
        }
        let wikitext = corpus
            .entries()
            .filter(|(_, e)| e.format == crate::document::Format::Wikitext)
            .count();
        assert!((35..=50).contains(&wikitext), "{wikitext}");
        let first =
            std::fs::read_to_string(dir.path().join(format!("{}.md", list[0].replace(' ', "_"))))
                .expect("first article");
        assert!(first.contains(&format!("**{}**", list[0])));
        assert!(first.len() > 1000);
        // Cut to realistic lengths: a few kilobytes on average.
        let total: u64 = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        assert!((3_000..10_000).contains(&(total / 100)), "{}", total / 100);
        // The same titles give the same files.
        let again = tempfile::tempdir().expect("temp dir");
        write_realistic_corpus(again.path(), &list).expect("written");
        for title in &list[..10] {
            let name = title.replace(' ', "_");
            for ext in ["md", "wiki"] {
                let a = std::fs::read(dir.path().join(format!("{name}.{ext}"))).ok();
                let b = std::fs::read(again.path().join(format!("{name}.{ext}"))).ok();
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn a_written_corpus_opens_with_every_title() {
        let dir = tempfile::tempdir().expect("temp dir");
        let list = titles(50, 3);
        write_corpus(dir.path(), &list).expect("written");
        let corpus = crate::corpus::Corpus::open_dir(dir.path()).expect("a corpus");
        assert_eq!(corpus.len(), 50);
        for title in &list {
            assert!(corpus.resolve_title(title).is_some(), "{title}");
        }
    }
}
