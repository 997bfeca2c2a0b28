//! A yes/no question drawn above the screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::chrome::centered;
use crate::tui::model::{Confirm, Model};

/// Draws the confirmation `c`.
pub fn render(m: &Model, c: Confirm, f: &mut Frame, area: Rect) {
    let question = match c {
        Confirm::StepDone { step, done } => {
            let s = &m.roadmap.steps[step];
            let state = if done { "done" } else { "not done" };
            format!(
                "Mark all {} lessons of step {} ({}) as {state}?",
                s.lessons.len(),
                s.number,
                s.title
            )
        }
        Confirm::TestOut { step, percent } => {
            let s = &m.roadmap.steps[step];
            format!(
                "You scored {percent}% without finishing the lessons of step {} ({}). Mark the step as tested out? It then counts as complete.",
                s.number, s.title
            )
        }
        Confirm::AbandonQuiz => "Leave this quiz? Your answers so far will not be recorded.".into(),
    };
    let lines = vec![
        Line::raw(""),
        Line::raw(question),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", m.theme.key()),
            Span::raw(" yes    "),
            Span::styled("n", m.theme.key()),
            Span::raw(" no"),
        ]),
    ];
    let rect = centered(area, 64, 9);
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(m.theme.warning())
                    .title(Span::styled(" Confirm ", m.theme.warning())),
            ),
        rect,
    );
}
