//! The content model and how it is read: a roadmap is a folder of markdown files
//! (embedded in the binary or given with `--curriculum`), checked with `path:line` diagnostics.

mod diagnostic;
mod ids;
mod lab;
mod load;
mod model;
mod quiz;
mod source;
mod validate;

pub use diagnostic::{Diagnostic, LineIndex};
pub use ids::{is_valid_id, slugify, split_prefix};
pub use lab::{Lab, LabKind, LabTask, parse_lab};
pub use load::{LoadError, load};
pub use model::{Choice, EntryRef, Lesson, LessonKind, Question, Quiz, Roadmap, Step};
pub use quiz::parse_quiz;
pub use source::{MAX_FILE_BYTES, ReadProblem, SourceFile, SourceTree};
pub use validate::{Link, resolve_link, validate};

/// Words a learner reads per minute, for reading-time estimates of technical prose.
pub const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words` words, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}
