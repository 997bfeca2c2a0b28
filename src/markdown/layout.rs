//! pulldown-cmark events to screen lines, block by block.
//!
//! Events are processed iteratively: containers (quotes, list items, footnote
//! definitions) live on an explicit stack and contribute a prefix to every
//! line drawn inside them; leaf blocks (paragraphs, headings, code, tables,
//! rules, HTML) collect their content and are laid out in the width the
//! prefixes leave. Once that width would fall below [`MIN_TEXT`], deeper
//! containers stop indenting, so any nesting depth stays readable and cheap.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::RenderOptions;
use super::code::{clean_block, code_lines, fence_language};
use super::document::{CodeBlock, Document, Heading, Line, LineKind, Link, Role, Span, SpanStyle};
use super::highlight;
use super::sanitize::{is_forbidden, sanitize, sanitize_line};
use super::table::{TableData, layout_table};
use super::wrap::{Inl, WLine, clamp_spans, push_span, repeat_span, spans_width, str_width, wrap};

/// Containers stop indenting once fewer columns than this would be left for text.
pub(crate) const MIN_TEXT: usize = 8;

/// Bullets for unordered lists, by nesting depth (cycling).
const BULLETS: [&str; 3] = ["•", "◦", "▪"];
/// Task list boxes: unchecked, checked.
const TASK_OPEN: &str = "☐";
const TASK_DONE: &str = "☑";
/// The bar drawn left of quoted lines.
const QUOTE_BAR: &str = "│";

/// The pulldown-cmark extensions lessons use.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Quote,
    Item,
    Footnote,
}

/// A block that contains other blocks and prefixes their lines.
struct Container {
    kind: Kind,
    /// What the first line shows (bullet, number, footnote label); later
    /// lines show as many spaces. For quotes, unused.
    marker: String,
    /// Width of the prefix (marker plus its space, or bar plus space).
    width: usize,
    visible: bool,
}

struct ListState {
    /// The next number for an ordered list.
    next: Option<u64>,
    /// `.` or `)`, as written.
    delim: char,
    /// Items hold paragraphs (separated by blank lines).
    loose: bool,
    items: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum InlineKind {
    Paragraph,
    /// The text of a tight list item, which pulldown-cmark gives without a paragraph.
    Implicit,
    Heading(u8),
}

#[derive(Default)]
struct TableState {
    data: TableData,
    row: Vec<Vec<Inl>>,
    cell: Vec<Inl>,
}

/// The leaf block being collected.
#[derive(Default)]
enum Leaf {
    #[default]
    None,
    Inline(InlineKind, Vec<Inl>),
    Code(String, String),
    Html(String),
    Table(Box<TableState>),
}

struct OpenLink {
    index: usize,
    text: String,
}

#[derive(Default)]
struct Styles {
    bold: u32,
    italic: u32,
    strike: u32,
    roles: Vec<Role>,
    base: Role,
    link: Option<usize>,
}

impl Styles {
    fn current(&self) -> SpanStyle {
        SpanStyle {
            role: self.roles.last().copied().unwrap_or(self.base),
            bold: self.bold > 0,
            italic: self.italic > 0,
            strike: self.strike > 0,
            token: None,
            link: self.link,
        }
    }

    fn with_role(&self, role: Role) -> SpanStyle {
        SpanStyle {
            role,
            ..self.current()
        }
    }
}

fn role_style(role: Role) -> SpanStyle {
    SpanStyle {
        role,
        ..SpanStyle::default()
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The delimiter of the ordered list starting at `start` (`1.` or `1)`).
fn list_delim(src: &str, start: usize) -> char {
    let rest = src.get(start..).unwrap_or("");
    let mut chars = rest.chars().take(32).skip_while(|c| !c.is_ascii_digit());
    match chars.find(|c| !c.is_ascii_digit()) {
        Some(')') => ')',
        _ => '.',
    }
}

/// Whether an inline HTML tag is a line break (`<br>`, `<br/>`, `<br />`).
fn is_br(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    let inner = t
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    inner == "br"
}

/// The text of an HTML block: tags and comments removed, the basic entities decoded.
pub(crate) fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = after[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if is_tag {
            rest = after.find('>').map_or("", |end| &after[end + 1..]);
        } else {
            out.push('<');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Highlights the document's fenced code blocks ahead of layout, in parallel
/// (see [`highlight::prewarm`]); layout then finds them cached.
fn prewarm_code(src: &str, opts: &RenderOptions) {
    if !opts.highlight || !(src.contains("```") || src.contains("~~~")) {
        return;
    }
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(src, parser_options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = fence_language(&info);
                current = (!lang.is_empty()).then(|| (lang, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = current.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, raw)) = current.take() {
                    blocks.push((lang, clean_block(&raw).join("\n")));
                }
            }
            _ => {}
        }
    }
    highlight::prewarm(&blocks);
}

/// Renders `src` into a document `width` columns wide.
pub(crate) fn render(src: &str, opts: &RenderOptions) -> Document {
    prewarm_code(src, opts);
    let width = usize::from(opts.width.max(1));
    let mut r = Renderer {
        src,
        opts,
        width,
        doc: Document {
            width: opts.width.max(1),
            ..Document::default()
        },
        containers: Vec::new(),
        visible: 0,
        used: 0,
        first_pending: 0,
        lists: Vec::new(),
        leaf: Leaf::None,
        styles: Styles::default(),
        links: Vec::new(),
        heading_text: String::new(),
        footnotes: HashMap::new(),
        blank_pending: false,
        offset: 0,
        depth: 0,
    };
    for (event, range) in Parser::new_ext(src, parser_options()).into_offset_iter() {
        r.event(event, range);
    }
    r.close_implicit();
    r.doc
}

struct Renderer<'s, 'o> {
    src: &'s str,
    opts: &'o RenderOptions,
    width: usize,
    doc: Document,
    containers: Vec<Container>,
    /// How many containers, from the outermost, draw a prefix.
    visible: usize,
    /// Total prefix width of the visible containers.
    used: usize,
    /// Containers at this index and deeper have not drawn their first line yet.
    first_pending: usize,
    lists: Vec<ListState>,
    leaf: Leaf,
    styles: Styles,
    links: Vec<OpenLink>,
    heading_text: String,
    footnotes: HashMap<String, usize>,
    /// A blank line is due before the next block.
    blank_pending: bool,
    /// Source offset of the current top-level block.
    offset: usize,
    depth: usize,
}

impl Renderer<'_, '_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.depth == 0 {
            self.offset = range.start;
        }
        match event {
            Event::Start(tag) => {
                self.depth += 1;
                self.start(tag, range);
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(tag);
            }
            Event::Text(text) => self.text(&text),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                let clean = sanitize_line(&code);
                self.note_text(&clean);
                let style = self.styles.with_role(Role::InlineCode);
                self.push_inline(Inl::Text(style, clean.into_owned()));
            }
            Event::Html(html) => match &mut self.leaf {
                Leaf::Html(buf) => buf.push_str(&html),
                _ => self.text(&strip_html(&html)),
            },
            Event::InlineHtml(html) => {
                if is_br(&html) {
                    self.note_text(" ");
                    self.push_inline(Inl::Break);
                }
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                let style = role_style(Role::Footnote);
                self.push_inline(Inl::Text(style, format!("[{n}]")));
            }
            Event::SoftBreak => {
                self.note_text(" ");
                let style = self.styles.current();
                self.push_inline(Inl::Text(style, " ".to_owned()));
            }
            Event::HardBreak => {
                self.note_text(" ");
                self.push_inline(Inl::Break);
            }
            Event::Rule => {
                self.close_implicit();
                self.flush_blank();
                let rule = repeat_span("─", self.avail(), Role::Rule);
                self.emit(vec![rule], LineKind::Prose);
                self.blank_pending = true;
            }
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.close_implicit();
                if matches!(self.containers.last(), Some(c) if c.kind == Kind::Item)
                    && let Some(list) = self.lists.last_mut()
                {
                    list.loose = true;
                }
                self.styles.base = Role::Text;
                self.leaf = Leaf::Inline(InlineKind::Paragraph, Vec::new());
            }
            Tag::Heading { level, .. } => {
                self.close_implicit();
                let level = heading_level(level);
                self.styles.base = Role::Heading(level);
                self.heading_text.clear();
                let mut items = Vec::new();
                if level >= 3 {
                    let hashes = "#".repeat(usize::from(level));
                    items.push(Inl::Text(role_style(Role::Heading(level)), hashes + " "));
                }
                self.leaf = Leaf::Inline(InlineKind::Heading(level), items);
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.flush_blank();
                self.push_container(Kind::Quote, String::new(), str_width(QUOTE_BAR) + 1);
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info),
                    CodeBlockKind::Indented => String::new(),
                };
                self.leaf = Leaf::Code(lang, String::new());
            }
            Tag::HtmlBlock => {
                self.close_implicit();
                self.leaf = Leaf::Html(String::new());
            }
            Tag::List(start) => {
                self.close_implicit();
                self.flush_blank();
                let delim = if start.is_some() {
                    list_delim(self.src, range.start)
                } else {
                    '.'
                };
                self.lists.push(ListState {
                    next: start,
                    delim,
                    loose: false,
                    items: 0,
                });
            }
            Tag::Item => {
                self.close_implicit();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(list) => {
                        if list.items > 0 && !list.loose {
                            self.blank_pending = false;
                        }
                        list.items += 1;
                        match list.next {
                            Some(n) => {
                                list.next = Some(n.saturating_add(1));
                                format!("{n}{}", list.delim)
                            }
                            None => BULLETS[depth % BULLETS.len()].to_owned(),
                        }
                    }
                    None => BULLETS[0].to_owned(),
                };
                self.flush_blank();
                let width = str_width(&marker) + 1;
                self.push_container(Kind::Item, marker, width);
            }
            Tag::FootnoteDefinition(label) => {
                self.close_implicit();
                self.flush_blank();
                let n = self.footnote_number(&label);
                let marker = format!("[{n}]");
                let width = str_width(&marker) + 1;
                self.push_container(Kind::Footnote, marker, width);
            }
            Tag::Table(aligns) => {
                self.close_implicit();
                let mut state = TableState::default();
                state.data.aligns = aligns;
                self.leaf = Leaf::Table(Box::new(state));
            }
            Tag::TableHead => self.styles.base = Role::TableHeader,
            Tag::TableRow => {
                if let Leaf::Table(t) = &mut self.leaf {
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                if let Leaf::Table(t) = &mut self.leaf {
                    t.cell.clear();
                }
            }
            Tag::Emphasis => self.styles.italic += 1,
            Tag::Strong => self.styles.bold += 1,
            Tag::Strikethrough => self.styles.strike += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let mut url = sanitize_line(&dest_url).into_owned();
                if link_type == LinkType::Email && !url.starts_with("mailto:") {
                    url.insert_str(0, "mailto:");
                }
                let index = self.doc.links.len();
                self.doc.links.push(Link {
                    text: String::new(),
                    url,
                    line: self.doc.lines.len(),
                });
                self.links.push(OpenLink {
                    index,
                    text: String::new(),
                });
                self.push_inline(Inl::Mark(index));
                self.styles.roles.push(Role::Link);
                self.styles.link = Some(index);
            }
            Tag::Image { .. } => {
                let style = self.styles.with_role(Role::Image);
                self.push_inline(Inl::Text(style, "[image: ".to_owned()));
                self.styles.roles.push(Role::Image);
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.finish_inline();
                self.blank_pending = true;
            }
            TagEnd::Heading(_) => {
                self.finish_inline();
                self.styles.base = Role::Text;
                self.blank_pending = true;
            }
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.close_implicit();
                self.pop_container();
                self.blank_pending = true;
            }
            TagEnd::CodeBlock => {
                if let Leaf::Code(lang, text) = std::mem::take(&mut self.leaf) {
                    self.emit_code(&lang, &text);
                }
                self.blank_pending = true;
            }
            TagEnd::HtmlBlock => {
                if let Leaf::Html(html) = std::mem::take(&mut self.leaf) {
                    let text = strip_html(&html);
                    let text = sanitize(&text);
                    let style = SpanStyle::default();
                    let lines = wrap(&[Inl::Text(style, text.into_owned())], self.avail());
                    if !lines.is_empty() {
                        self.emit_block(lines, LineKind::Prose);
                        self.blank_pending = true;
                    }
                }
            }
            TagEnd::List(_) => {
                self.close_implicit();
                self.lists.pop();
                self.blank_pending = true;
            }
            TagEnd::Item => {
                self.close_implicit();
                if self.first_pending < self.containers.len() {
                    // An empty item: still show its marker.
                    self.flush_blank();
                    self.emit(Vec::new(), LineKind::Prose);
                }
                self.pop_container();
            }
            TagEnd::Table => {
                if let Leaf::Table(t) = std::mem::take(&mut self.leaf) {
                    let lines = layout_table(&t.data, self.avail());
                    self.emit_block(lines, LineKind::Prose);
                }
                self.styles.base = Role::Text;
                self.blank_pending = true;
            }
            TagEnd::TableHead => {
                if let Leaf::Table(t) = &mut self.leaf {
                    // The head holds its cells directly, without a row.
                    t.data.head = std::mem::take(&mut t.row);
                }
                self.styles.base = Role::Text;
            }
            TagEnd::TableRow => {
                if let Leaf::Table(t) = &mut self.leaf {
                    let row = std::mem::take(&mut t.row);
                    t.data.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                if let Leaf::Table(t) = &mut self.leaf {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            TagEnd::Emphasis => self.styles.italic = self.styles.italic.saturating_sub(1),
            TagEnd::Strong => self.styles.bold = self.styles.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.styles.strike = self.styles.strike.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                self.styles.roles.pop();
                let style = self.styles.with_role(Role::Image);
                self.push_inline(Inl::Text(style, "]".to_owned()));
            }
            TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn text(&mut self, text: &str) {
        match &mut self.leaf {
            Leaf::Code(_, buf) | Leaf::Html(buf) => buf.push_str(text),
            _ => {
                let clean = sanitize(text);
                self.note_text(&clean);
                let style = self.styles.current();
                self.push_inline(Inl::Text(style, clean.into_owned()));
            }
        }
    }

    /// Records visible text for the open heading and links.
    fn note_text(&mut self, text: &str) {
        if let Leaf::Inline(InlineKind::Heading(_), _) = self.leaf {
            self.heading_text.push_str(text);
        }
        for link in &mut self.links {
            link.text.push_str(text);
        }
    }

    fn end_link(&mut self) {
        self.styles.roles.pop();
        let Some(open) = self.links.pop() else {
            return;
        };
        self.styles.link = self.links.last().map(|l| l.index);
        let text = collapse_ws(&open.text);
        let Some(link) = self.doc.links.get_mut(open.index) else {
            return;
        };
        link.text.clone_from(&text);
        let url = link.url.clone();
        let shown = url.strip_prefix("mailto:").unwrap_or(&url);
        if url.is_empty() || text == url || text == shown {
            return;
        }
        self.push_inline(Inl::Text(SpanStyle::default(), " ".to_owned()));
        let style = SpanStyle {
            link: Some(open.index),
            ..role_style(Role::Url)
        };
        self.push_inline(Inl::Text(style, format!("({url})")));
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_owned()).or_insert(next)
    }
}

/// Removes trailing plain spaces (indentation with nothing after it).
fn trim_end(spans: &mut Vec<Span>) {
    while let Some(last) = spans.last_mut() {
        if last.style != SpanStyle::default() {
            break;
        }
        let kept = last.text.trim_end_matches(' ').len();
        last.text.truncate(kept);
        if !last.text.is_empty() {
            break;
        }
        spans.pop();
    }
}

/// `s` with runs of whitespace collapsed to single spaces and no ends.
fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Renderer<'_, '_> {
    /// Columns left for content inside the visible containers (at least 1).
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.used).max(1)
    }

    fn push_container(&mut self, kind: Kind, marker: String, width: usize) {
        let visible =
            self.visible == self.containers.len() && self.used + width + MIN_TEXT <= self.width;
        if visible {
            self.visible += 1;
            self.used += width;
        }
        self.containers.push(Container {
            kind,
            marker,
            width,
            visible,
        });
    }

    fn pop_container(&mut self) {
        if let Some(c) = self.containers.pop()
            && c.visible
        {
            self.visible -= 1;
            self.used -= c.width;
        }
        self.first_pending = self.first_pending.min(self.containers.len());
    }

    /// Turns the current item's bullet into a task box (after the number of
    /// an ordered item).
    fn task_marker(&mut self, done: bool) {
        let task = if done { TASK_DONE } else { TASK_OPEN };
        let ordered = self.lists.last().is_some_and(|l| l.next.is_some());
        let Some(top) = self.containers.last_mut() else {
            return;
        };
        if top.kind != Kind::Item {
            return;
        }
        top.marker = if ordered {
            format!("{} {task}", top.marker)
        } else {
            task.to_owned()
        };
        let width = str_width(&top.marker) + 1;
        if top.visible {
            self.used -= top.width;
            if self.used + width + MIN_TEXT <= self.width {
                self.used += width;
            } else {
                top.visible = false;
                self.visible -= 1;
            }
        }
        top.width = width;
    }

    /// The prefix of a line: quote bars, and for list items and footnotes
    /// their marker on their first line (`markers`) or spaces.
    fn prefix(&self, markers: bool) -> Vec<Span> {
        let mut spans = Vec::new();
        let plain = SpanStyle::default();
        for (i, c) in self.containers.iter().take(self.visible).enumerate() {
            match c.kind {
                Kind::Quote => {
                    push_span(&mut spans, role_style(Role::QuoteBar), QUOTE_BAR);
                    push_span(&mut spans, plain, " ");
                }
                Kind::Item | Kind::Footnote if markers && i >= self.first_pending => {
                    let role = if c.kind == Kind::Item {
                        Role::ListMarker
                    } else {
                        Role::Footnote
                    };
                    push_span(&mut spans, role_style(role), &c.marker);
                    let pad = c.width.saturating_sub(str_width(&c.marker));
                    push_span(&mut spans, plain, &" ".repeat(pad));
                }
                Kind::Item | Kind::Footnote => push_span(&mut spans, plain, &" ".repeat(c.width)),
            }
        }
        spans
    }

    /// Adds one line inside the current containers; returns its index.
    fn emit(&mut self, content: Vec<Span>, kind: LineKind) -> usize {
        let mut spans = self.prefix(true);
        for span in content {
            push_span(&mut spans, span.style, &span.text);
        }
        if kind == LineKind::Prose {
            trim_end(&mut spans);
        }
        clamp_spans(&mut spans, self.width);
        self.first_pending = self.containers.len();
        self.doc.lines.push(Line {
            spans,
            source_offset: self.offset,
            kind,
        });
        self.doc.lines.len() - 1
    }

    /// Adds the blank line between two blocks (quote bars kept, markers not
    /// consumed); it belongs to the block above.
    fn flush_blank(&mut self) {
        if self.blank_pending && !self.doc.lines.is_empty() {
            let mut spans = self.prefix(false);
            trim_end(&mut spans);
            let offset = self
                .doc
                .lines
                .last()
                .map_or(self.offset, |l| l.source_offset);
            self.doc.lines.push(Line {
                spans,
                source_offset: offset,
                kind: LineKind::Prose,
            });
        }
        self.blank_pending = false;
    }

    /// Emits a leaf block's lines (after any pending blank line) and points
    /// the links they show at them; returns the first line's index.
    fn emit_block(&mut self, lines: Vec<WLine>, kind: LineKind) -> Option<usize> {
        if lines.is_empty() {
            return None;
        }
        self.flush_blank();
        let mut first = None;
        for line in lines {
            let index = self.emit(line.spans, kind);
            first.get_or_insert(index);
            for mark in line.marks {
                if let Some(link) = self.doc.links.get_mut(mark) {
                    link.line = index;
                }
            }
        }
        first
    }

    fn push_inline(&mut self, item: Inl) {
        match &mut self.leaf {
            Leaf::Inline(_, items) => items.push(item),
            Leaf::Table(t) => t.cell.push(item),
            Leaf::Code(_, buf) | Leaf::Html(buf) => {
                if let Inl::Text(_, s) = item {
                    buf.push_str(&s);
                }
            }
            Leaf::None => self.leaf = Leaf::Inline(InlineKind::Implicit, vec![item]),
        }
    }

    /// Lays out and emits the open paragraph, heading or tight item text.
    fn finish_inline(&mut self) {
        let Leaf::Inline(kind, items) = std::mem::take(&mut self.leaf) else {
            return;
        };
        let lines = wrap(&items, self.avail());
        let InlineKind::Heading(level) = kind else {
            self.emit_block(lines, LineKind::Prose);
            return;
        };
        let rule_width = lines
            .iter()
            .map(|l| spans_width(&l.spans))
            .max()
            .unwrap_or(0);
        if let Some(first) = self.emit_block(lines, LineKind::Prose) {
            self.doc.headings.push(Heading {
                level,
                text: collapse_ws(&self.heading_text),
                line: first,
            });
            if level <= 2 && rule_width > 0 {
                let rule = if level == 1 { "━" } else { "─" };
                let span = repeat_span(rule, rule_width, Role::Heading(level));
                self.emit(vec![span], LineKind::Prose);
            }
        }
    }

    /// Ends the text of a tight list item before the next block starts.
    fn close_implicit(&mut self) {
        if matches!(self.leaf, Leaf::Inline(InlineKind::Implicit, _)) {
            self.finish_inline();
        }
    }

    fn emit_code(&mut self, lang: &str, text: &str) {
        let lines = code_lines(lang, text, self.avail(), self.opts);
        self.flush_blank();
        let first = self.doc.lines.len();
        if !lang.is_empty() {
            let label = Span {
                text: lang.to_owned(),
                style: role_style(Role::CodeLabel),
            };
            self.emit(vec![label], LineKind::Prose);
        }
        for line in lines {
            self.emit(line, LineKind::Code);
        }
        let code = text
            .strip_suffix('\n')
            .unwrap_or(text)
            .chars()
            // Bidi overrides too: pasted code must read as it is shown (no Trojan Source).
            .filter(|&c| !is_forbidden(c) || c == '\n' || c == '\t')
            .collect();
        self.doc.code_blocks.push(CodeBlock {
            lang: lang.to_owned(),
            code,
            lines: first..self.doc.lines.len(),
        });
    }
}
