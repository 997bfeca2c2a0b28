//! The output of the renderer: lines of styled spans, wrapped for one width.

/// A 24-bit colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// What a run of highlighted code is. The highlighter only classifies; each
/// theme (and each colour depth) picks the colour, so a document rendered once
/// draws correctly in every theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// A reserved word: `fn`, `SELECT`, `if`, an HTTP method.
    Keyword,
    /// A type or class name, a built-in type.
    Type,
    /// A function or method name, a shell command.
    Function,
    /// A string or character literal, a heredoc.
    String,
    /// A numeric literal, an HTTP status code.
    Number,
    /// A named constant or literal: `true`, `null`, `None`.
    Constant,
    /// A comment.
    Comment,
    /// An operator.
    Operator,
    /// A key or attribute: a JSON/YAML key, an HTTP header name.
    Property,
    /// A variable reference such as `$HOME`.
    Variable,
    /// Meta syntax: decorators, shebangs, preprocessor lines, prompts.
    Meta,
    /// A line added in a diff.
    Inserted,
    /// A line removed in a diff.
    Deleted,
}

/// What a span *is*; the terminal UI maps each role to a theme style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary prose.
    #[default]
    Text,
    /// A heading of the given level (1–6).
    Heading(u8),
    /// Inline `code`.
    InlineCode,
    /// Text inside a fenced or indented code block.
    Code,
    /// The language label above a code block.
    CodeLabel,
    /// The visible text of a link.
    Link,
    /// The URL shown after a link's text.
    Url,
    /// The bar drawn at the left of a block quote.
    QuoteBar,
    /// A list bullet or number, or a task box.
    ListMarker,
    /// A table's borders.
    TableBorder,
    /// A table's header cells.
    TableHeader,
    /// A horizontal rule.
    Rule,
    /// The mark at the start of a wrapped code line's continuation.
    Continuation,
    /// A footnote reference or a footnote definition's label.
    Footnote,
    /// An image's alt text.
    Image,
}

/// How one run of text is drawn: a role plus inline modifiers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpanStyle {
    /// What the text is.
    pub role: Role,
    /// Strong emphasis.
    pub bold: bool,
    /// Emphasis.
    pub italic: bool,
    /// Strikethrough.
    pub strike: bool,
    /// The highlighter's class for this run, inside code blocks only.
    pub token: Option<Token>,
    /// The link (index into [`Document::links`]) this text belongs to: its text and the
    /// URL shown after it.
    pub link: Option<usize>,
}

/// A run of text with one style. The text never contains control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The visible text.
    pub text: String,
    /// How it is drawn.
    pub style: SpanStyle,
}

/// What kind of block a line belongs to, for backgrounds and layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Prose, lists, quotes, headings, tables, blank lines.
    #[default]
    Prose,
    /// A line of a code block (the UI may give it a background).
    Code,
}

/// One screen line, at most `width` columns wide (by display width).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// The styled runs, left to right.
    pub spans: Vec<Span>,
    /// Byte offset in the source of the top-level block this line belongs to:
    /// a reading position that survives a change of width.
    pub source_offset: usize,
    /// The kind of block the line belongs to.
    pub kind: LineKind,
}

impl Line {
    /// The line's text without styles.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A heading of the document, for a table of contents and for jumps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's text, sanitised.
    pub text: String,
    /// Index into [`Document::lines`] of the heading's first line.
    pub line: usize,
}

/// A link of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The link's visible text.
    pub text: String,
    /// The destination as written (relative paths stay relative).
    pub url: String,
    /// Index into [`Document::lines`] of the line that shows it.
    pub line: usize,
}

/// A code block of the document, for copying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// The fence's language; empty when none was given.
    pub lang: String,
    /// The code as written in the source (tabs kept, no final newline), without
    /// control characters other than tabs and newlines, and without bidi overrides.
    pub code: String,
    /// The document lines that show it (the label line included).
    pub lines: std::ops::Range<usize>,
}

/// A rendered document: what the reader scrolls and `roadmap show` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The width the document was laid out for.
    pub width: u16,
    /// The laid-out lines.
    pub lines: Vec<Line>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every link, in order.
    pub links: Vec<Link>,
    /// Every code block, in order.
    pub code_blocks: Vec<CodeBlock>,
}

impl Document {
    /// The index of the first line of the block that starts at or after `offset`
    /// (the last line when none does): restores a reading position after a resize.
    pub fn line_at_offset(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .position(|l| l.source_offset >= offset)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }
}
