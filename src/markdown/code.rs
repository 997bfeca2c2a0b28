//! Code blocks: tab expansion, sanitising, highlighting and hard wrapping.
//!
//! Code is never re-flowed: every source line keeps its leading spaces, and a
//! line longer than the width continues on the next screen line after a `↪`.

use super::RenderOptions;
use super::document::{Role, Span, SpanStyle};
use super::highlight::{HighlightedLine, highlight_shared};
use super::sanitize::{is_forbidden, sanitize_line};
use super::wrap::{TOO_WIDE, for_each_grapheme, grapheme_width, graphemes, push_span, str_width};

/// The mark at the start of a wrapped code line's continuation.
pub(crate) const CONTINUATION: &str = "↪";

/// Tab stops in code blocks are this many columns apart.
const TAB_STOP: usize = 4;

/// The language named by a fence's info string (`rust,ignore` → `rust`), sanitised.
pub(crate) fn fence_language(info: &str) -> String {
    let first = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .find(|s| !s.is_empty())
        .unwrap_or("");
    sanitize_line(first).into_owned()
}

/// One source line with tabs expanded to 4-column stops and everything
/// unprintable removed; widths are counted per grapheme cluster.
pub(crate) fn clean_code_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for g in graphemes(line) {
        if g == "\t" {
            let n = TAB_STOP - col % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else if g
            .chars()
            .any(|c| is_forbidden(c) || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            let kept: String = g
                .chars()
                .filter(|&c| !is_forbidden(c) && !matches!(c, '\u{2028}' | '\u{2029}'))
                .collect();
            col += str_width(&kept);
            out.push_str(&kept);
        } else {
            col += grapheme_width(g);
            out.push_str(g);
        }
    }
    out
}

/// A code block's source lines, cleaned by [`clean_code_line`] (the text
/// the highlighter sees, once joined with `\n`).
pub(crate) fn clean_block(raw: &str) -> Vec<String> {
    let raw = raw.strip_suffix('\n').unwrap_or(raw);
    raw.split('\n').map(clean_code_line).collect()
}

/// The screen lines (spans only) of a code block's text laid out in `width` columns.
pub(crate) fn code_lines(
    lang: &str,
    raw: &str,
    width: usize,
    opts: &RenderOptions,
) -> Vec<Vec<Span>> {
    let width = width.max(1);
    let clean = clean_block(raw);
    let highlighted = if opts.highlight && !lang.is_empty() {
        highlight_shared(lang, &clean.join("\n"))
    } else {
        None
    };
    let mut out = Vec::with_capacity(clean.len());
    for (i, line) in clean.iter().enumerate() {
        let runs: HighlightedLine = match highlighted.as_ref().and_then(|h| h.get(i)) {
            Some(runs) => runs.clone(),
            None => vec![(None, line.clone())],
        };
        wrap_code_line(&runs, width, &mut out);
    }
    out
}

fn wrap_code_line(runs: &HighlightedLine, width: usize, out: &mut Vec<Vec<Span>>) {
    let cont_style = SpanStyle {
        role: Role::Continuation,
        ..SpanStyle::default()
    };
    let mark_w = if width >= 2 {
        str_width(CONTINUATION)
    } else {
        0
    };
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    let mut fresh = true;
    for_each_grapheme(runs, |token, g| {
        let style = SpanStyle {
            role: Role::Code,
            token,
            ..SpanStyle::default()
        };
        let (mut g, mut gw) = (g, grapheme_width(g));
        if used + gw > width {
            if !fresh {
                out.push(std::mem::take(&mut spans));
                used = 0;
                if mark_w > 0 {
                    push_span(&mut spans, cont_style, CONTINUATION);
                    used = mark_w;
                }
            }
            if used + gw > width {
                (g, gw) = (TOO_WIDE, 1);
            }
        }
        push_span(&mut spans, style, g);
        used += gw;
        fresh = false;
    });
    out.push(spans);
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;

    fn plain(lines: &[Vec<Span>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(clean_code_line("\tx"), "    x");
        assert_eq!(clean_code_line("ab\tc"), "ab  c");
        assert_eq!(clean_code_line("abcd\te"), "abcd    e");
        assert_eq!(clean_code_line("日\tx"), "日  x");
        assert_eq!(clean_code_line("a\u{1b}[2J\tb"), "a[2J    b");
    }

    #[test]
    fn long_lines_wrap_with_mark() {
        let opts = RenderOptions {
            highlight: false,
            ..RenderOptions::new(10)
        };
        let lines = code_lines("", "    let value = 12345678;\n", 10, &opts);
        assert_eq!(plain(&lines), ["    let va", "↪lue = 123", "↪45678;"]);
        assert_eq!(lines[1][0].style.role, Role::Continuation);
        assert_eq!(lines[1][1].style.role, Role::Code);
    }

    #[test]
    fn narrow_widths_never_overflow() {
        let opts = RenderOptions::new(1);
        for w in 1..6 {
            for line in code_lines("rust", "日本語 fn x() {}\n\tlet y;", w, &opts) {
                let width: usize = line.iter().map(|s| s.text.width()).sum();
                assert!(width <= w, "{line:?} wider than {w}");
            }
        }
    }

    #[test]
    fn highlighted_spans_have_colour() {
        let lines = code_lines("rust", "fn main() {}", 80, &RenderOptions::new(80));
        assert!(lines[0].iter().any(|s| s.style.token.is_some()));
        let plain = RenderOptions {
            highlight: false,
            ..RenderOptions::new(80)
        };
        let lines = code_lines("rust", "fn main() {}", 80, &plain);
        assert!(lines[0].iter().all(|s| s.style.token.is_none()));
    }

    #[test]
    fn labels() {
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("  python {.x}"), "python");
        assert_eq!(fence_language("\u{1b}]52;c;x"), "]52;c;x");
        assert_eq!(fence_language(""), "");
    }
}
