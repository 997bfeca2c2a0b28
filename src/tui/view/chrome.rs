//! The parts every screen shares: the header bar, the status line and the key hints,
//! which come from the same key table that dispatches the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::bindings;
use crate::tui::model::Model;
use crate::tui::update::context;

/// The three fixed rows of a screen and the body between them.
pub struct Frame3 {
    /// The header bar.
    pub header: Rect,
    /// The screen's content.
    pub body: Rect,
    /// Messages and position.
    pub status: Rect,
    /// Key hints.
    pub footer: Rect,
}

/// Splits `area` into header, body, status line and footer.
pub fn split(area: Rect) -> Frame3 {
    let row = |y: u16| Rect {
        y,
        height: 1,
        ..area
    };
    Frame3 {
        header: row(area.y),
        body: Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(3),
            ..area
        },
        status: row(area.y + area.height.saturating_sub(2)),
        footer: row(area.y + area.height.saturating_sub(1)),
    }
}

/// A bar with `left` and `right` texts (right-aligned), the right one dropped when
/// there's no room.
pub fn bar(f: &mut Frame, area: Rect, left: Vec<Span<'static>>, right: Vec<Span<'static>>) {
    let width = usize::from(area.width);
    let lw: usize = left.iter().map(|s| s.content.width()).sum();
    let rw: usize = right.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    if lw + rw + 2 <= width {
        spans.push(Span::raw(" ".repeat(width - lw - rw)));
        spans.extend(right);
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status line: the model's message if there is one, else `fallback`.
pub fn status(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    fallback: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
) {
    let left = match (&m.status, &m.read_only) {
        (Some(s), _) => {
            let style = if s.error {
                m.theme.danger()
            } else {
                m.theme.success()
            };
            vec![Span::styled(format!(" {}", s.text), style)]
        }
        (None, Some(_)) => vec![Span::styled(
            " read-only: progress is not being saved",
            m.theme.warning(),
        )],
        (None, None) => fallback,
    };
    bar(f, area, left, right);
}

/// The key hints of the current context, as many as fit, help always last.
pub fn footer(m: &Model, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let mut spans: Vec<Span<'static>> = vec![Span::raw(" ")];
    let mut used = 1;
    let hints: Vec<(&str, &str)> = bindings(context(m))
        .iter()
        .filter_map(|b| b.hint.map(|h| (short_label(b.label), h)))
        .collect();
    let help = hints.iter().find(|(_, h)| *h == "help").copied();
    let help_width = help.map_or(0, |(k, h)| k.width() + h.width() + 4);
    for (key, hint) in hints.iter().filter(|(_, h)| *h != "help") {
        let w = key.width() + hint.width() + 4;
        if used + w + help_width > width {
            break;
        }
        push_hint(m, &mut spans, key, hint);
        used += w;
    }
    if let Some((key, hint)) = help
        && used + help_width <= width
    {
        push_hint(m, &mut spans, key, hint);
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default()),
        area,
    );
}

/// The first key of a label (`Esc/←/h` → `Esc`): the footer is short, help has the rest.
fn short_label(label: &str) -> &str {
    label.split('/').find(|s| !s.is_empty()).unwrap_or(label)
}

fn push_hint(m: &Model, spans: &mut Vec<Span<'static>>, key: &str, hint: &str) {
    spans.push(Span::styled(key.to_string(), m.theme.key()));
    spans.push(Span::styled(format!(" {hint}   "), m.theme.muted()));
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The reading column of `body`: the text width for a terminal `width` wide, centred.
pub fn column(body: Rect, width: u16) -> Rect {
    let w = crate::tui::model::text_width(width).min(body.width);
    Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    }
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// "1h 20m" or "35 min".
pub fn duration(minutes: usize) -> String {
    if minutes >= 60 {
        format!("{}h {:02}m", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}
