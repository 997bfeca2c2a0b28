//! Problems found in a curriculum, each pointing at a file and a line.

use std::fmt;

/// One problem in a curriculum file, printed as `path:line: message`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the author knows it (relative to the curriculum's parent folder).
    pub path: String,
    /// 1-based line number; 0 when the problem concerns the whole file or folder.
    pub line: usize,
    /// What is wrong, in lowercase, without a trailing full stop.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `line` of `path`. Control characters in either (a file name or an id
    /// from a stranger's curriculum) are shown as escapes, never printed.
    pub fn new(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        let visible = |s: String| crate::markdown::escape_controls(&s).into_owned();
        Self {
            path: visible(path.into()),
            line,
            message: visible(message.into()),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}: {}", self.path, self.line, self.message)
        }
    }
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The 1-based line that contains byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_one_based() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(1), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
    }

    #[test]
    fn display_omits_line_zero() {
        assert_eq!(Diagnostic::new("a/b.md", 0, "x").to_string(), "a/b.md: x");
        assert_eq!(Diagnostic::new("a/b.md", 3, "x").to_string(), "a/b.md:3: x");
    }
}
