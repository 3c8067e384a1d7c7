//! The one error a keymap can give: which file, which line, what is wrong.
//!
//! Its `Display` is a single line (`keymap.toml:7: unknown action "folow"
//! (…)`), ready to print as it is. This module only carries and formats the
//! message; it never decides what is an error.

use std::fmt;

/// A keymap that could not be loaded: a file that could not be read, or a
/// mistake at a line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    file: String,
    line: Option<usize>,
    message: String,
}

impl KeymapError {
    /// A mistake in `file` at a line (1-based), or about the whole file.
    pub fn new(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        KeymapError {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    /// A mistake at byte `offset` of `source`, the text of `file`.
    pub(crate) fn at(file: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        KeymapError::new(file, Some(line_of(source, offset)), message)
    }

    /// The file as it was named (a path, or a preset's file name).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line (1-based), when the mistake is at one.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong, without the file and line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The 1-based line holding byte `offset` of `source`.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    1 + source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for KeymapError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let source = "a\nb\nc";
        assert_eq!(line_of(source, 0), 1);
        assert_eq!(line_of(source, 1), 1);
        assert_eq!(line_of(source, 2), 2);
        assert_eq!(line_of(source, 4), 3);
        assert_eq!(line_of(source, 99), 3);
    }

    #[test]
    fn one_line_message() {
        let at = KeymapError::at("keymap.toml", "x\ny", 2, "unknown action \"folow\"");
        assert_eq!(at.to_string(), "keymap.toml:2: unknown action \"folow\"");
        let whole = KeymapError::new("k.toml", None, "cannot read it");
        assert_eq!(whole.to_string(), "k.toml: cannot read it");
    }
}
