//! Markdown to styled, wrapped lines: the reader and `roadmap show` draw from a [`Document`].
//!
//! [`render`] lays a lesson out for one width; the result knows nothing of the
//! terminal UI, which maps each [`Role`] to its own theme. Choices worth knowing:
//!
//! - Every line is at most `width` columns wide by display width (CJK and
//!   emoji count 2); a character wider than the room left becomes `?`.
//! - Headings: H1 and H2 are underlined with `━` / `─` as wide as their text;
//!   H3–H6 start with `###`…`######`. A blank line separates blocks.
//! - Lists: bullets `•`, `◦`, `▪` by depth; numbers from the list's start, with
//!   its `.` or `)`; task items show `☐` / `☑` instead of the bullet (after the
//!   number in ordered lists); continuation lines align with the item's text.
//! - Quotes: `│ ` per level. Nesting deeper than the width allows (fewer than
//!   8 columns left) stops indenting, so any depth renders.
//! - Links: `text (url)`; the URL is shown once when it equals the text.
//!   Images: `[image: alt]`. Footnotes: `[n]`, numbered by first appearance.
//! - Code blocks: a label line with the fence's language (no label for
//!   indented blocks or fences without one), then the code unwrapped as prose
//!   never is: tabs expanded to 4-column stops, long lines continued after `↪`.
//! - Raw HTML: tags and comments are dropped; the text of an HTML block is
//!   shown as a plain paragraph, and inline `<br>` is a line break.
//! - Security: all text passes through [`sanitize`]; no span ever holds a
//!   control character or a bidi override.
//! - Cost: the highlighter loads on the first highlighted block. Highlighting
//!   is the slow part (syntect's pure-Rust regexes), so results are cached per
//!   block and a document's blocks are highlighted on a few threads at once;
//!   a re-render (say after a resize) only re-wraps.

mod code;
mod document;
mod highlight;
mod layout;
mod output;
mod palette;
mod sanitize;
mod table;
mod wrap;

#[cfg(test)]
mod tests;

pub use document::*;
pub use highlight::{HighlightedLine, highlight};
pub use output::{Hyperlinks, hyperlink_target, to_ansi, to_plain, to_terminal};
pub use palette::{Ansi16, ColorDepth, nearest_256, token_ansi16, token_rgb};
pub use sanitize::{escape_controls, sanitize, sanitize_line};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The palette for highlighted code, to suit a dark or light terminal. Documents
/// don't depend on it: the highlighter classifies, the palette colours at output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CodeTheme {
    /// For dark backgrounds.
    #[default]
    Dark,
    /// For light backgrounds.
    Light,
    /// Bright, saturated colours for a black background.
    HighContrast,
}

/// How to lay a document out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    /// Columns available; 0 is treated as 1.
    pub width: u16,
    /// Classify the code of blocks whose language is known.
    pub highlight: bool,
}

impl RenderOptions {
    /// Options for `width` columns, with highlighting on.
    pub fn new(width: u16) -> Self {
        Self {
            width,
            highlight: true,
        }
    }
}

/// Lays out markdown `src` as wrapped, styled lines for `opts.width` columns.
/// Never panics and never produces a line wider than the width.
pub fn render(src: &str, opts: &RenderOptions) -> Document {
    layout::render(src, opts)
}

/// The number of prose words in `src` (code blocks and URLs excluded; each
/// CJK ideograph counts as a word), for a reading-time estimate.
pub fn word_count(src: &str) -> usize {
    let mut text = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(src, layout::parser_options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => text.push_str(&t),
            Event::Html(h) => {
                text.push_str(&layout::strip_html(&h));
                text.push(' ');
            }
            // Inline tags do not split words; everything else does.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            _ => text.push(' '),
        }
    }
    count_words(&text)
}

/// Counts words: runs of letters and digits (an apostrophe inside keeps a word together);
/// each Han or kana character counts as a word, as those scripts don't use spaces. Far
/// cheaper than full Unicode word segmentation, and close enough for a reading time.
fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
        {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            count += usize::from(!in_word);
            in_word = true;
        } else if !(in_word && matches!(c, '\'' | '’')) {
            in_word = false;
        }
    }
    count
}
