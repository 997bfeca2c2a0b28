//! Word wrapping of styled inline text by display width.
//!
//! Widths are measured per grapheme cluster with `unicode-width` (CJK and
//! emoji count 2), as the terminal UI measures them. Lines break at spaces and
//! between wide characters; a word longer than the line is cut, and a
//! character wider than the whole line becomes `?`.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::document::{Role, Span, SpanStyle};
use super::sanitize::sanitize_line;

/// What replaces a character too wide for the line it must go on.
pub(crate) const TOO_WIDE: &str = "?";

/// One piece of a block's inline content, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Inl {
    /// Sanitised text in one style; whitespace in it is a break opportunity.
    Text(SpanStyle, String),
    /// A hard line break.
    Break,
    /// An anchor (an index into `Document::links`) tied to the next word.
    Mark(usize),
}

/// A wrapped line: its spans and the anchors whose words start on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct WLine {
    pub spans: Vec<Span>,
    pub marks: Vec<usize>,
}

impl WLine {
    /// The line's text without styles (for tests).
    #[cfg(test)]
    pub(crate) fn plain_lines(lines: &[WLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }
}

/// The grapheme clusters of `s`, with a fast path for ASCII text (where each
/// byte is one cluster once `\r` is gone, as it is after sanitising).
pub(crate) enum Graphemes<'a> {
    Ascii(&'a str, usize),
    Unicode(unicode_segmentation::Graphemes<'a>),
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Graphemes::Ascii(s, i) => {
                let g = s.get(*i..*i + 1)?;
                *i += 1;
                Some(g)
            }
            Graphemes::Unicode(g) => g.next(),
        }
    }
}

/// The grapheme clusters of `s`.
pub(crate) fn graphemes(s: &str) -> Graphemes<'_> {
    if s.is_ascii() {
        Graphemes::Ascii(s, 0)
    } else {
        Graphemes::Unicode(s.graphemes(true))
    }
}

/// The display width of one grapheme cluster.
pub(crate) fn grapheme_width(g: &str) -> usize {
    match g.as_bytes() {
        [b] if b.is_ascii_graphic() || *b == b' ' => 1,
        _ => g.width(),
    }
}

/// The display width of `s`, as the sum of its grapheme clusters' widths.
pub(crate) fn str_width(s: &str) -> usize {
    if s.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return s.len();
    }
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The display width of a run of spans.
pub(crate) fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| str_width(&s.text)).sum()
}

/// Appends text to a span list, merging with the last span when the style matches.
pub(crate) fn push_span(spans: &mut Vec<Span>, style: SpanStyle, text: &str) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => spans.push(Span {
            text: text.to_owned(),
            style,
        }),
    }
}

/// A span of `n` spaces in plain style.
pub(crate) fn spaces(n: usize) -> Span {
    Span {
        text: " ".repeat(n),
        style: SpanStyle::default(),
    }
}

/// `n` copies of `s` in one span of the given role.
pub(crate) fn repeat_span(s: &str, n: usize, role: Role) -> Span {
    Span {
        text: s.repeat(n),
        style: SpanStyle {
            role,
            ..SpanStyle::default()
        },
    }
}

/// The widest of the ways a line's width can be measured: per span and
/// grapheme (as the terminal UI draws spans), per grapheme of the whole line,
/// and `unicode-width` over the whole line.
fn line_width(spans: &[Span]) -> usize {
    let per_span = spans_width(spans);
    if spans.iter().all(|s| s.text.is_ascii()) {
        return per_span;
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    per_span.max(str_width(&text)).max(text.width())
}

/// The final safety net for every emitted line: strips anything unsafe that
/// slipped through and cuts the line to `width` columns.
pub(crate) fn clamp_spans(spans: &mut Vec<Span>, width: usize) {
    for span in spans.iter_mut() {
        if let std::borrow::Cow::Owned(clean) = sanitize_line(&span.text) {
            span.text = clean;
        }
    }
    spans.retain(|s| !s.text.is_empty());
    loop {
        let excess = line_width(spans).saturating_sub(width);
        if excess == 0 {
            return;
        }
        // Drop clusters from the end until at least `excess` columns are gone.
        let mut removed = 0;
        while removed < excess {
            let Some(last) = spans.last_mut() else {
                return;
            };
            if let Some(g) = last.text.graphemes(true).next_back() {
                removed += g.width();
                let keep = last.text.len() - g.len();
                last.text.truncate(keep);
            }
            if last.text.is_empty() {
                spans.pop();
            }
        }
    }
}

/// A unit that is never split unless it is wider than the line.
struct Word {
    pieces: Vec<(SpanStyle, String)>,
    width: usize,
    /// Style of the space before the word; `None` when it joins the previous
    /// word directly (after a wide character).
    space: Option<SpanStyle>,
    marks: Vec<usize>,
}

enum Tok {
    Word(Word),
    Break,
}

fn is_space(g: &str) -> bool {
    g.chars()
        .all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

/// Wide punctuation that must not start a line: it stays with the word before.
fn is_wide_closing(g: &str) -> bool {
    matches!(
        g,
        "、" | "。"
            | "，"
            | "．"
            | "："
            | "；"
            | "？"
            | "！"
            | "）"
            | "」"
            | "』"
            | "】"
            | "〕"
            | "〉"
            | "》"
            | "］"
            | "｝"
            | "ー"
            | "〜"
    )
}

/// Narrow punctuation that stays with the wide character before it.
fn is_narrow_closing(g: &str) -> bool {
    matches!(
        g,
        "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "”" | "’" | "…"
    )
}

#[derive(Default)]
struct Tokenizer {
    toks: Vec<Tok>,
    cur: Option<Word>,
    cur_is_wide: bool,
    space: Option<SpanStyle>,
    marks: Vec<usize>,
}

impl Tokenizer {
    fn end_word(&mut self) {
        if let Some(w) = self.cur.take() {
            self.toks.push(Tok::Word(w));
        }
        self.cur_is_wide = false;
    }

    fn start_word(&mut self) -> &mut Word {
        let word = Word {
            pieces: Vec::new(),
            width: 0,
            space: self.space.take(),
            marks: std::mem::take(&mut self.marks),
        };
        self.cur.insert(word)
    }

    fn append(&mut self, style: SpanStyle, g: &str, w: usize) {
        let word = match self.cur.as_mut() {
            Some(word) => word,
            None => self.start_word(),
        };
        word.width += w;
        match word.pieces.last_mut() {
            Some((s, text)) if *s == style => text.push_str(g),
            _ => word.pieces.push((style, g.to_owned())),
        }
    }

    fn grapheme(&mut self, style: SpanStyle, g: &str) {
        if is_space(g) {
            self.end_word();
            if self.space.is_none() {
                self.space = Some(style);
            }
            return;
        }
        let w = grapheme_width(g);
        if w >= 2 {
            let attach = is_wide_closing(g) && self.cur.is_some();
            if !attach {
                self.end_word();
            }
            self.append(style, g, w);
            self.cur_is_wide = true;
            return;
        }
        if self.cur_is_wide && !is_narrow_closing(g) {
            self.end_word();
        }
        self.append(style, g, w);
    }

    fn mark(&mut self, m: usize) {
        match self.cur.as_mut() {
            Some(word) if self.space.is_none() => word.marks.push(m),
            _ => self.marks.push(m),
        }
    }

    fn finish(mut self) -> Vec<Tok> {
        self.end_word();
        if !self.marks.is_empty() {
            let marks = std::mem::take(&mut self.marks);
            self.toks.push(Tok::Word(Word {
                pieces: Vec::new(),
                width: 0,
                space: None,
                marks,
            }));
        }
        self.toks
    }
}

impl Tokenizer {
    /// Tokenizes text and anchors between two hard breaks. Runs of text are
    /// segmented as one string, so a cluster split across runs (a base and a
    /// combining mark from different parser events) stays whole and takes
    /// the style of the run it starts in.
    fn segment(&mut self, items: &[Inl]) {
        let ascii = items.iter().all(|i| match i {
            Inl::Text(_, s) => s.is_ascii(),
            Inl::Break | Inl::Mark(_) => true,
        });
        if ascii {
            for item in items {
                match item {
                    Inl::Text(style, text) => {
                        for g in graphemes(text) {
                            self.grapheme(*style, g);
                        }
                    }
                    Inl::Mark(m) => self.mark(*m),
                    Inl::Break => {}
                }
            }
            return;
        }
        let mut text = String::new();
        let mut styles: Vec<(usize, SpanStyle)> = Vec::new();
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for item in items {
            match item {
                Inl::Text(style, s) => {
                    styles.push((text.len(), *style));
                    text.push_str(s);
                }
                Inl::Mark(m) => marks.push((text.len(), *m)),
                Inl::Break => {}
            }
        }
        let (mut si, mut mi) = (0, 0);
        for (off, g) in text.grapheme_indices(true) {
            while let Some(&(at, m)) = marks.get(mi)
                && at <= off
            {
                self.mark(m);
                mi += 1;
            }
            while styles.get(si + 1).is_some_and(|&(at, _)| at <= off) {
                si += 1;
            }
            let style = styles.get(si).map_or_else(SpanStyle::default, |&(_, s)| s);
            self.grapheme(style, g);
        }
        for &(_, m) in marks.get(mi..).unwrap_or_default() {
            self.mark(m);
        }
    }
}

fn tokenize(items: &[Inl]) -> Vec<Tok> {
    let mut t = Tokenizer::default();
    for (i, segment) in items.split(|i| matches!(i, Inl::Break)).enumerate() {
        if i > 0 {
            t.end_word();
            t.space = None;
            t.toks.push(Tok::Break);
        }
        t.segment(segment);
    }
    t.finish()
}

/// Calls `f` with each grapheme cluster of the runs read as one text, and
/// the style of the run the cluster starts in.
pub(crate) fn for_each_grapheme<S: Copy>(runs: &[(S, String)], mut f: impl FnMut(S, &str)) {
    if runs.iter().all(|(_, t)| t.is_ascii()) {
        for (style, text) in runs {
            for g in graphemes(text) {
                f(*style, g);
            }
        }
        return;
    }
    let mut text = String::new();
    let mut starts = Vec::with_capacity(runs.len());
    for (style, run) in runs {
        starts.push((text.len(), *style));
        text.push_str(run);
    }
    let mut si = 0;
    for (off, g) in text.grapheme_indices(true) {
        while starts.get(si + 1).is_some_and(|&(at, _)| at <= off) {
            si += 1;
        }
        if let Some(&(_, style)) = starts.get(si) {
            f(style, g);
        }
    }
}

#[derive(Default)]
struct LineBuf {
    line: WLine,
    width: usize,
}

impl LineBuf {
    fn is_empty(&self) -> bool {
        self.line.spans.is_empty()
    }

    fn push(&mut self, style: SpanStyle, text: &str, w: usize) {
        push_span(&mut self.line.spans, style, text);
        self.width += w;
    }

    fn take(&mut self) -> WLine {
        self.width = 0;
        std::mem::take(&mut self.line)
    }
}

/// Wraps inline content to `width` columns (0 is treated as 1). Every
/// returned line is at most `width` wide; an empty input gives no lines.
pub(crate) fn wrap(items: &[Inl], width: usize) -> Vec<WLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut buf = LineBuf::default();
    for tok in tokenize(items) {
        let word = match tok {
            Tok::Break => {
                out.push(buf.take());
                continue;
            }
            Tok::Word(word) => word,
        };
        if !buf.is_empty() {
            let sep = usize::from(word.space.is_some());
            if buf.width + sep + word.width <= width {
                if let Some(style) = word.space {
                    buf.push(style, " ", 1);
                }
                buf.line.marks.extend(word.marks);
                for (style, text) in &word.pieces {
                    buf.push(*style, text, 0);
                }
                buf.width += word.width;
                continue;
            }
            out.push(buf.take());
        }
        buf.line.marks.extend(word.marks);
        if word.width <= width {
            for (style, text) in &word.pieces {
                buf.push(*style, text, 0);
            }
            buf.width += word.width;
            continue;
        }
        // Too long for any line: cut it grapheme by grapheme.
        for (style, text) in &word.pieces {
            for g in graphemes(text) {
                let (g, gw) = match grapheme_width(g) {
                    gw if gw > width => (TOO_WIDE, 1),
                    gw => (g, gw),
                };
                if buf.width + gw > width && !buf.is_empty() {
                    out.push(buf.take());
                }
                buf.push(*style, g, gw);
            }
        }
    }
    if !buf.is_empty() {
        out.push(buf.take());
    } else if !buf.line.marks.is_empty() {
        // Anchors after the last word belong to the last line.
        match out.last_mut() {
            Some(last) => last.marks.append(&mut buf.line.marks),
            None => out.push(buf.take()),
        }
    }
    out
}

/// The width of the content on one line (widest hard-broken line) and the
/// width of its longest word: the natural and minimum widths of a table cell.
pub(crate) fn measure(items: &[Inl]) -> (usize, usize) {
    let (mut natural, mut longest, mut line) = (0, 0, 0);
    for tok in tokenize(items) {
        match tok {
            Tok::Break => line = 0,
            Tok::Word(w) => {
                if line > 0 && w.space.is_some() {
                    line += 1;
                }
                line += w.width;
                longest = longest.max(w.width);
            }
        }
        natural = natural.max(line);
    }
    (natural, longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inl {
        Inl::Text(SpanStyle::default(), s.to_owned())
    }

    fn plain(lines: &[WLine]) -> Vec<String> {
        WLine::plain_lines(lines)
    }

    #[test]
    fn greedy_wrap() {
        let lines = wrap(&[text("the quick brown fox jumps")], 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn long_word_is_cut() {
        let lines = wrap(&[text("a abcdefghij b")], 4);
        assert_eq!(plain(&lines), ["a", "abcd", "efgh", "ij b"]);
    }

    #[test]
    fn cjk_breaks_between_characters() {
        let lines = wrap(&[text("日本語のテキストです。")], 6);
        assert_eq!(plain(&lines), ["日本語", "のテキ", "ストで", "す。"]);
        for l in &lines {
            assert!(spans_width(&l.spans) <= 6);
        }
    }

    #[test]
    fn emoji_count_two() {
        let lines = wrap(&[text("🎉🎉🎉 ok")], 4);
        assert_eq!(plain(&lines), ["🎉🎉", "🎉", "ok"]);
        let zwj = "👩‍💻";
        assert_eq!(str_width(zwj), 2);
    }

    #[test]
    fn too_wide_char_is_replaced() {
        let lines = wrap(&[text("日本")], 1);
        assert_eq!(plain(&lines), ["?", "?"]);
    }

    #[test]
    fn styles_merge_and_split() {
        let bold = SpanStyle {
            bold: true,
            ..SpanStyle::default()
        };
        let items = [text("foo"), Inl::Text(bold, "bar baz".into()), text(" qux")];
        let lines = wrap(&items, 80);
        assert_eq!(lines.len(), 1);
        let spans = &lines[0].spans;
        assert_eq!(spans[0].text, "foo");
        assert_eq!(spans[1].text, "bar baz");
        assert!(spans[1].style.bold);
        assert_eq!(spans[2].text, " qux");
    }

    #[test]
    fn hard_breaks_and_marks() {
        let items = [
            text("one two"),
            Inl::Break,
            Inl::Break,
            text("three "),
            Inl::Mark(7),
            text("four"),
        ];
        let lines = wrap(&items, 7);
        assert_eq!(plain(&lines), ["one two", "", "three", "four"]);
        assert_eq!(lines[3].marks, [7]);
    }

    #[test]
    fn clusters_split_across_runs_stay_whole() {
        let bold = SpanStyle {
            bold: true,
            ..SpanStyle::default()
        };
        // '*' then VS16 in another run: one 2-column cluster.
        let items = [text("a *"), Inl::Text(bold, "\u{fe0f}b c".into())];
        let lines = wrap(&items, 4);
        for l in &lines {
            let p: String = l.spans.iter().map(|s| s.text.as_str()).collect();
            assert!(p.width() <= 4, "{p:?}");
        }
        assert_eq!(plain(&lines), ["a *\u{fe0f}", "b c"]);
    }

    #[test]
    fn clamp_measures_the_whole_line() {
        let mut spans = vec![
            Span {
                text: "ab*".into(),
                style: SpanStyle::default(),
            },
            Span {
                text: "\u{fe0f}cd".into(),
                style: SpanStyle::default(),
            },
        ];
        clamp_spans(&mut spans, 4);
        let p: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert!(p.width() <= 4, "{p:?}");
    }

    #[test]
    fn measure_natural_and_longest() {
        assert_eq!(measure(&[text("ab  cdef g")]), (9, 4));
        assert_eq!(measure(&[]), (0, 0));
    }

    #[test]
    fn clamp_cuts_and_cleans() {
        let mut spans = vec![
            Span {
                text: "ab\u{1b}c".into(),
                style: SpanStyle::default(),
            },
            Span {
                text: "日本".into(),
                style: SpanStyle::default(),
            },
        ];
        clamp_spans(&mut spans, 4);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].text, "abc");
    }
}
