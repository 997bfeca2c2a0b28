//! GFM tables drawn with box-drawing borders, shrunk to fit the width.
//!
//! Columns get their natural width when the table fits. Otherwise the widest
//! columns shrink first (never below their longest word while that is
//! possible) and cell text wraps inside its cell. When even three columns per
//! cell cannot fit, each row is shown as `Header: value` lines instead.

use pulldown_cmark::Alignment;

use super::document::{Role, Span, SpanStyle};
use super::wrap::{Inl, WLine, measure, push_span, repeat_span, spaces, spans_width, wrap};

/// Below this many columns of text per cell, the table becomes a list.
const MIN_COL: usize = 3;

/// A table's cells as collected from the parser (header cells already in the header role).
#[derive(Debug, Default)]
pub(crate) struct TableData {
    pub aligns: Vec<Alignment>,
    pub head: Vec<Vec<Inl>>,
    pub rows: Vec<Vec<Vec<Inl>>>,
}

fn border_style() -> SpanStyle {
    SpanStyle {
        role: Role::TableBorder,
        ..SpanStyle::default()
    }
}

/// Lays the table out in at most `width` columns.
pub(crate) fn layout_table(t: &TableData, width: usize) -> Vec<WLine> {
    let width = width.max(1);
    let ncols = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.head.len(), t.aligns.len(), 1])
        .max()
        .unwrap_or(1);
    let frame = 3 * ncols + 1;
    let avail = width.saturating_sub(frame);
    if width < frame || avail < ncols * MIN_COL {
        return layout_as_list(t, ncols, width);
    }
    let mut natural = vec![0; ncols];
    let mut longest = vec![0; ncols];
    for row in std::iter::once(&t.head).chain(&t.rows) {
        for (c, cell) in row.iter().enumerate() {
            let (n, l) = measure(cell);
            natural[c] = natural[c].max(n);
            longest[c] = longest[c].max(l);
        }
    }
    let widths = fit(&natural, &longest, avail);

    let mut out = Vec::new();
    out.push(border_line(&widths, '┌', '┬', '┐'));
    let head_lines = row_lines(&t.head, &widths, &t.aligns);
    out.extend(head_lines);
    if !t.rows.is_empty() {
        out.push(border_line(&widths, '├', '┼', '┤'));
    }
    let bodies: Vec<Vec<WLine>> = t
        .rows
        .iter()
        .map(|r| row_lines(r, &widths, &t.aligns))
        .collect();
    let separate = bodies.iter().any(|b| b.len() > 1);
    for (i, body) in bodies.into_iter().enumerate() {
        if separate && i > 0 {
            out.push(border_line(&widths, '├', '┼', '┤'));
        }
        out.extend(body);
    }
    out.push(border_line(&widths, '└', '┴', '┘'));
    out
}

/// Column widths summing to at most `avail`: the natural widths when they fit,
/// else the widest columns shrink first, keeping whole words where possible.
fn fit(natural: &[usize], longest: &[usize], avail: usize) -> Vec<usize> {
    let natural: Vec<usize> = natural.iter().map(|&n| n.max(1)).collect();
    if natural.iter().sum::<usize>() <= avail {
        return natural;
    }
    let mut floor: Vec<usize> = longest
        .iter()
        .zip(&natural)
        .map(|(&l, &n)| l.clamp(1, n))
        .collect();
    if floor.iter().sum::<usize>() > avail {
        floor = vec![1; natural.len()];
    }
    let total = |cap: usize| -> usize {
        natural
            .iter()
            .zip(&floor)
            .map(|(&n, &f)| n.min(f.max(cap)))
            .sum()
    };
    // The largest cap whose total fits (total(0) = sum(floor) fits).
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if total(mid) <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(&floor)
        .map(|(&n, &f)| n.min(f.max(lo)))
        .collect();
    let mut left = avail.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(&natural) {
        if left == 0 {
            break;
        }
        if *w < n {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

fn border_line(widths: &[usize], left: char, mid: char, right: char) -> WLine {
    let mut text = String::new();
    text.push(left);
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            text.push(mid);
        }
        text.extend(std::iter::repeat_n('─', w + 2));
    }
    text.push(right);
    WLine {
        spans: vec![Span {
            text,
            style: border_style(),
        }],
        marks: Vec::new(),
    }
}

fn row_lines(row: &[Vec<Inl>], widths: &[usize], aligns: &[Alignment]) -> Vec<WLine> {
    let cells: Vec<Vec<WLine>> = widths
        .iter()
        .enumerate()
        .map(|(c, &w)| row.get(c).map(|cell| wrap(cell, w)).unwrap_or_default())
        .collect();
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut out = Vec::with_capacity(height);
    for i in 0..height {
        let mut line = WLine::default();
        push_span(&mut line.spans, border_style(), "│");
        for (c, &w) in widths.iter().enumerate() {
            if c > 0 {
                push_span(&mut line.spans, border_style(), " │");
            }
            line.spans.push(spaces(1));
            let (content, marks) = match cells[c].get(i) {
                Some(l) => (l.spans.clone(), l.marks.clone()),
                None => (Vec::new(), Vec::new()),
            };
            line.marks.extend(marks);
            let pad = w.saturating_sub(spans_width(&content));
            let (before, after) = match aligns.get(c) {
                Some(Alignment::Right) => (pad, 0),
                Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                _ => (0, pad),
            };
            if before > 0 {
                line.spans.push(spaces(before));
            }
            line.spans.extend(content);
            if after > 0 {
                line.spans.push(spaces(after));
            }
        }
        push_span(&mut line.spans, border_style(), " │");
        out.push(line);
    }
    out
}

/// The fallback for widths too narrow for a grid: `Header: value` lines per
/// row, rows separated by a rule.
fn layout_as_list(t: &TableData, ncols: usize, width: usize) -> Vec<WLine> {
    let header_style = SpanStyle {
        role: Role::TableHeader,
        ..SpanStyle::default()
    };
    let mut out = Vec::new();
    if t.rows.is_empty() {
        for cell in &t.head {
            out.extend(wrap(cell, width));
        }
        return out;
    }
    for (r, row) in t.rows.iter().enumerate() {
        if r > 0 {
            out.push(WLine {
                spans: vec![repeat_span("─", width, Role::TableBorder)],
                marks: Vec::new(),
            });
        }
        for c in 0..ncols {
            let mut items: Vec<Inl> = t.head.get(c).cloned().unwrap_or_default();
            if !items.is_empty() {
                items.push(Inl::Text(header_style, ":".to_owned()));
                items.push(Inl::Text(SpanStyle::default(), " ".to_owned()));
            }
            if let Some(cell) = row.get(c) {
                items.extend(cell.iter().cloned());
            }
            out.extend(wrap(&items, width));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Vec<Inl> {
        vec![Inl::Text(SpanStyle::default(), s.to_owned())]
    }

    fn sample() -> TableData {
        TableData {
            aligns: vec![Alignment::Left, Alignment::Right, Alignment::Center],
            head: vec![cell("Method"), cell("Code"), cell("Meaning")],
            rows: vec![
                vec![cell("GET"), cell("200"), cell("the request succeeded")],
                vec![cell("POST"), cell("201"), cell("a resource was created")],
            ],
        }
    }

    fn plain(lines: &[WLine]) -> Vec<String> {
        WLine::plain_lines(lines)
    }

    #[test]
    fn natural_layout_and_alignment() {
        let lines = plain(&layout_table(&sample(), 80));
        assert_eq!(
            lines,
            [
                "┌────────┬──────┬────────────────────────┐",
                "│ Method │ Code │        Meaning         │",
                "├────────┼──────┼────────────────────────┤",
                "│ GET    │  200 │ the request succeeded  │",
                "│ POST   │  201 │ a resource was created │",
                "└────────┴──────┴────────────────────────┘",
            ]
        );
    }

    #[test]
    fn shrinks_and_wraps_cells() {
        let lines = plain(&layout_table(&sample(), 30));
        for l in &lines {
            assert!(super::super::wrap::str_width(l) <= 30, "{l}");
        }
        assert!(lines.len() > 6, "cells should wrap: {lines:#?}");
        assert!(lines.iter().any(|l| l.contains("Method")));
    }

    #[test]
    fn falls_back_to_list() {
        let lines = plain(&layout_table(&sample(), 12));
        assert!(lines.contains(&"Method: GET".to_owned()), "{lines:#?}");
        for w in 1..40 {
            for l in plain(&layout_table(&sample(), w)) {
                assert!(super::super::wrap::str_width(&l) <= w, "{l} > {w}");
            }
        }
    }

    #[test]
    fn fit_prefers_shrinking_wide_columns() {
        assert_eq!(fit(&[3, 40, 5], &[3, 8, 5], 30), vec![3, 22, 5]);
        assert_eq!(fit(&[3, 4], &[3, 4], 10), vec![3, 4]);
        assert_eq!(fit(&[10, 10], &[10, 10], 9).iter().sum::<usize>(), 9);
    }
}
