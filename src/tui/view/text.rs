//! Rendered markdown to ratatui lines, styled by the theme, with find matches marked.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use crate::markdown::{Document, LineKind};
use crate::tui::model::Match;
use crate::tui::theme::Theme;

/// Lines `range` of `doc` as ratatui lines; `matches` (with the current one) are marked.
pub fn doc_lines(
    doc: &Document,
    theme: &Theme,
    range: std::ops::Range<usize>,
    matches: &[Match],
    current: Option<Match>,
) -> Vec<Line<'static>> {
    let end = range.end.min(doc.lines.len());
    let start = range.start.min(end);
    doc.lines[start..end]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let index = start + i;
            let spans: Vec<Span<'static>> = line
                .spans
                .iter()
                .map(|s| Span::styled(s.text.clone(), theme.markdown(&s.style)))
                .collect();
            let here: Vec<Match> = matches
                .iter()
                .filter(|m| m.line == index)
                .copied()
                .collect();
            let spans = if here.is_empty() {
                spans
            } else {
                mark(spans, &here, current, theme)
            };
            if line.kind == LineKind::Code {
                code_background(spans, doc.width, theme)
            } else {
                Line::from(spans)
            }
        })
        .collect()
}

/// Splits spans so the characters of each match get the match style.
fn mark(
    spans: Vec<Span<'static>>,
    matches: &[Match],
    current: Option<Match>,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let style_at = |pos: usize| -> Option<Style> {
        matches
            .iter()
            .find(|m| pos >= m.start && pos < m.start + m.len)
            .map(|m| theme.find_match(Some(*m) == current))
    };
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut pos = 0;
    for span in spans {
        let mut buf = String::new();
        let mut buf_style: Option<Option<Style>> = None;
        for c in span.content.chars() {
            let s = style_at(pos);
            if buf_style.is_some_and(|b| b != s) {
                let st = buf_style
                    .flatten()
                    .map_or(span.style, |m| span.style.patch(m));
                out.push(Span::styled(std::mem::take(&mut buf), st));
            }
            buf_style = Some(s);
            buf.push(c);
            pos += 1;
        }
        if !buf.is_empty() {
            let st = buf_style
                .flatten()
                .map_or(span.style, |m| span.style.patch(m));
            out.push(Span::styled(buf, st));
        }
    }
    out
}

/// A code line padded to the column width on the theme's code background, so a block
/// reads as one box.
fn code_background(mut spans: Vec<Span<'static>>, width: u16, theme: &Theme) -> Line<'static> {
    let bg = theme.code_background();
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    spans.push(Span::raw(
        " ".repeat(usize::from(width).saturating_sub(used)),
    ));
    Line::from(
        spans
            .into_iter()
            .map(|s| {
                let style = s.style.patch(bg);
                s.style(style)
            })
            .collect::<Vec<_>>(),
    )
}
