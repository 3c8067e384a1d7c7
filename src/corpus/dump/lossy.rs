//! A reader that hands on its input as valid UTF-8: each invalid sequence
//! becomes U+FFFD, as `String::from_utf8_lossy` does, also when a character
//! is split between two reads. The XML parser needs UTF-8; dumps may not be.
//!
//! It also remembers where the replacements changed lengths, so a position
//! in its output can be turned back into a position in the input, and it
//! refuses to hand on more than a set number of bytes between two calls to
//! [`Lossy::reset_budget`] (so one XML event cannot grow without bound).
//! It must never change a valid byte, nor read ahead more than one chunk.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// How much input is converted at a time.
const CHUNK: usize = 64 * 1024;

/// A [`BufRead`] giving valid UTF-8, with positions mapped back to the input.
pub struct Lossy<R> {
    inner: R,
    /// Converted bytes not yet consumed: `out[pos..]`.
    out: Vec<u8>,
    pos: usize,
    /// Input bytes that may begin a character completed by the next read.
    pending: Vec<u8>,
    /// Input bytes taken from `inner`.
    raw_taken: u64,
    /// Output bytes produced (consumed or not).
    produced: u64,
    /// `(output position, input position)` pairs, from which on the two
    /// advance together; the first one is at or before any position asked.
    marks: VecDeque<(u64, u64)>,
    budget: u64,
    used: u64,
}

impl<R: BufRead> Lossy<R> {
    /// Wraps `inner`; at most `budget` bytes may be consumed between two
    /// calls to [`Lossy::reset_budget`] before reads fail.
    pub fn new(inner: R, budget: u64) -> Lossy<R> {
        let mut marks = VecDeque::new();
        marks.push_back((0, 0));
        Lossy {
            inner,
            out: Vec::new(),
            pos: 0,
            pending: Vec::new(),
            raw_taken: 0,
            produced: 0,
            marks,
            budget,
            used: 0,
        }
    }

    pub fn into_inner(self) -> R {
        self.inner
    }

    pub fn reset_budget(&mut self) {
        self.used = 0;
    }

    /// The input position of output position `at`. Positions asked must
    /// never decrease (older marks are forgotten).
    pub fn input_position(&mut self, at: u64) -> u64 {
        while self.marks.len() > 1 && self.marks.get(1).is_some_and(|m| m.0 <= at) {
            self.marks.pop_front();
        }
        match self.marks.front() {
            Some(&(out, raw)) if out <= at => raw + (at - out),
            _ => at,
        }
    }

    /// Converts the next chunk of input into `out`; `false` at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if self.pending.is_empty() {
                    return Ok(false);
                }
                // An incomplete character at the very end.
                self.pending.clear();
                self.replace_at(self.raw_taken);
                return Ok(true);
            }
            let take = chunk.len().min(CHUNK);
            let mut work = std::mem::take(&mut self.pending);
            work.extend_from_slice(chunk.get(..take).unwrap_or_default());
            self.inner.consume(take);
            self.raw_taken += take as u64;
            let raw_start = self.raw_taken - work.len() as u64;
            self.convert(&work, raw_start);
        }
        Ok(true)
    }

    /// Converts `work` (starting at input position `raw_start`), keeping an
    /// incomplete character at its end in `pending`.
    fn convert(&mut self, work: &[u8], raw_start: u64) {
        let mut rest = work;
        let mut raw = raw_start;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    self.push_valid(valid.as_bytes());
                    return;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    self.push_valid(valid);
                    raw += valid.len() as u64;
                    match error.error_len() {
                        Some(bad) => {
                            raw += bad as u64;
                            self.replace_at(raw);
                            rest = after.get(bad..).unwrap_or_default();
                        }
                        None => {
                            self.pending.extend_from_slice(after);
                            return;
                        }
                    }
                }
            }
        }
    }

    fn push_valid(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.produced += bytes.len() as u64;
    }

    /// Puts U+FFFD for bad input ending at input position `raw_after`.
    fn replace_at(&mut self, raw_after: u64) {
        self.push_valid("\u{FFFD}".as_bytes());
        self.marks.push_back((self.produced, raw_after));
    }
}

impl<R: BufRead> Read for Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lossy<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.used > self.budget {
            return Err(io::Error::other(format!(
                "one XML element or text run is over {} bytes",
                self.budget
            )));
        }
        if self.pos >= self.out.len() && !self.refill()? {
            return Ok(&[]);
        }
        Ok(self.out.get(self.pos..).unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.out.len().saturating_sub(self.pos));
        self.pos += amount;
        self.used += amount as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_in_pieces(input: &[u8], piece: usize) -> String {
        // A reader whose fill_buf returns at most `piece` bytes.
        let reader = io::BufReader::with_capacity(piece, input);
        let mut lossy = Lossy::new(reader, u64::MAX);
        let mut out = String::new();
        lossy.read_to_string(&mut out).expect("valid output");
        out
    }

    #[test]
    fn valid_text_passes_unchanged_whatever_the_pieces() {
        let text = "東突厥斯坦 abc 共和國".repeat(50);
        for piece in [1, 2, 3, 7, 64, 100_000] {
            assert_eq!(convert_in_pieces(text.as_bytes(), piece), text);
        }
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let input = b"a\xffb\xe6\x9d\xb1c\xe6\x9d";
        let expected = String::from_utf8_lossy(input).into_owned();
        for piece in [1, 2, 3, 64] {
            assert_eq!(convert_in_pieces(input, piece), expected);
        }
    }

    #[test]
    fn output_positions_map_back_to_input_positions() {
        let input = b"ab\xff\xfecd<x>";
        let mut lossy = Lossy::new(&input[..], u64::MAX);
        let mut out = Vec::new();
        lossy.read_to_end(&mut out).expect("read");
        let at = out.iter().position(|&b| b == b'<').expect("a tag") as u64;
        assert_eq!(lossy.input_position(at), 6);
    }

    #[test]
    fn the_budget_stops_a_runaway_read() {
        let input = vec![b'a'; 10_000];
        let mut lossy = Lossy::new(&input[..], 100);
        let mut out = Vec::new();
        assert!(lossy.read_to_end(&mut out).is_err());
    }
}
