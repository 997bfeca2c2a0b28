//! The help overlay: every key of the screen below it, from the same table that dispatches them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::chrome::centered;
use crate::tui::keymap::{Context, bindings};
use crate::tui::model::{Focus, Model, QuizPhase, Screen};

/// The context whose keys the overlay lists: the screen below it.
fn below(m: &Model) -> (Context, &'static str) {
    match &m.screen {
        Screen::Home if m.home.focus == Focus::Entries => (Context::HomeEntries, "Lessons"),
        Screen::Home => (Context::Home, "Steps"),
        Screen::Reader(_) => (Context::Reader, "Reader"),
        Screen::Quiz(r) if r.phase == QuizPhase::Answering => (Context::Quiz, "Quiz"),
        Screen::Quiz(_) => (Context::QuizFeedback, "Quiz"),
        Screen::Search(_) => (Context::Search, "Search"),
        Screen::Lab(l) if l.editing => (Context::LabEditor, "Lab editor"),
        Screen::Lab(_) => (Context::LabTasks, "Lab"),
    }
}

/// Draws the help overlay.
pub fn render(m: &Model, f: &mut Frame, area: Rect) {
    let (ctx, name) = below(m);
    let table = bindings(ctx);
    let key_w = table.iter().map(|b| b.label.width()).max().unwrap_or(0);
    let mut lines: Vec<Line> = table
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<key_w$}  ", b.label), m.theme.key()),
                Span::raw(b.help),
            ])
        })
        .collect();
    // The tips go where there is room; the keys always come first.
    let room = usize::from(area.height.saturating_sub(2));
    if lines.len() + 4 <= room {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " Mouse: the wheel scrolls, a click selects, a double click opens.",
            m.theme.muted(),
        ));
        lines.push(Line::styled(
            " Shift+drag selects text while the app has the mouse (--no-mouse: never take it).",
            m.theme.muted(),
        ));
        lines.push(Line::styled(" Esc or ? closes this help.", m.theme.muted()));
    }
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, 76, h);
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(m.theme.border(true))
                .title(Span::styled(format!(" Keys · {name} "), m.theme.title()))
                .title_bottom(Span::styled(" Shift+drag selects text ", m.theme.muted())),
        ),
        rect,
    );
}
