//! The reader: the lesson in a centred column of at most 100 columns, with its place in
//! the roadmap, the reading position and the find box.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::chrome::{self, truncate};
use super::text::doc_lines;
use crate::tui::model::{Model, Reader};

/// Draws the reader.
pub fn render(m: &Model, r: &Reader, f: &mut Frame, area: Rect) {
    let parts = chrome::split(area);
    let step = &m.roadmap.steps[r.step];
    let lesson = &step.lessons[r.lesson];
    let done = m.is_done(&lesson.id);

    let notes = if m.notes.contains(&lesson.id) {
        "✎ notes · "
    } else {
        ""
    };
    let mark = if m.is_outdated(lesson) {
        Span::styled(
            "↻ updated since you finished it (x: read again) ",
            m.theme.warning(),
        )
    } else if done {
        Span::styled(format!("{notes}✓ done "), m.theme.success())
    } else {
        Span::styled(format!("{notes}{} min ", lesson.minutes()), m.theme.muted())
    };
    let title = format!(" {}.{} {}", step.number, r.lesson + 1, lesson.title);
    let room = usize::from(area.width).saturating_sub(mark.content.chars().count() + 2);
    chrome::bar(
        f,
        parts.header,
        vec![Span::styled(truncate(&title, room), m.theme.title())],
        vec![mark],
    );

    let body = parts.body;
    let column = chrome::column(body, area.width);
    let tw = column.width;
    let height = usize::from(body.height);
    let (matches, current) = match &r.find {
        Some(find) => (
            find.matches.as_slice(),
            find.matches.get(find.current).copied(),
        ),
        None => (&[][..], None),
    };
    let lines = doc_lines(
        &r.doc,
        &m.theme,
        r.scroll..r.scroll + height,
        matches,
        current,
    );
    f.render_widget(Paragraph::new(lines), column);

    let total = r.doc.lines.len();
    if total > height && body.width > tw + 1 {
        let mut state = ScrollbarState::new(total.saturating_sub(height)).position(r.scroll);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_style(m.theme.muted())
            .thumb_style(m.theme.muted());
        f.render_stateful_widget(bar, body, &mut state);
    }

    let last_visible = (r.scroll + height).min(total);
    let pct = if total <= height {
        100
    } else {
        r.scroll * 100 / total.saturating_sub(height).max(1)
    };
    let position = vec![Span::styled(
        format!("{last_visible}/{total} · {pct}% "),
        m.theme.muted(),
    )];
    let left = match &r.find {
        Some(find) => {
            let count = if find.query.is_empty() {
                String::new()
            } else if find.matches.is_empty() {
                "  no matches".to_string()
            } else {
                format!("  {}/{}", find.current + 1, find.matches.len())
            };
            let cursor = if find.editing { "▏" } else { "" };
            let hint = if find.editing {
                "  Enter keep · Esc cancel"
            } else {
                "  n/N next/prev · Esc close"
            };
            vec![
                Span::styled(" /", m.theme.key()),
                Span::raw(format!("{}{cursor}", find.query)),
                Span::styled(format!("{count}{hint}"), m.theme.muted()),
            ]
        }
        None => vec![Span::styled(
            format!(" Step {} · {}", step.number, step.title),
            m.theme.muted(),
        )],
    };
    if r.find.is_some() {
        chrome::bar(f, parts.status, left, position);
    } else {
        chrome::status(m, f, parts.status, left, position);
    }
    chrome::footer(m, f, parts.footer);
}
