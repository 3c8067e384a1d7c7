//! Synthetic titles for the finder's benchmarks and scale tests: Chinese
//! titles made of the sample articles' characters, some Latin, some mixed,
//! all distinct, the same list for the same count and seed. Also writes
//! them out as a corpus directory of empty-bodied articles. Nothing in the
//! reader itself uses this.

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
        if seen.insert(crate::title::title_key(&title)) {
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
