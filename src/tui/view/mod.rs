//! Drawing: one function per screen and overlay, from a shared borrow of the model.
//! Drawing never changes state.

mod chrome;
mod confirm;
mod help;
pub mod home;
mod lab;
pub mod list;
pub mod quiz;
mod reader;
pub mod search;
mod text;
pub mod toc;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::model::{MIN_HEIGHT, MIN_WIDTH, Model, Overlay, Screen};

/// Draws the whole model into the frame.
pub fn view(m: &Model, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(m, f, area);
        return;
    }
    match &m.screen {
        Screen::Home => home::render(m, f, area),
        Screen::Reader(r) => reader::render(m, r, f, area),
        Screen::Quiz(run) => quiz::render(m, run, f, area),
        Screen::Search(state) => search::render(m, state, f, area),
        Screen::Lab(state) => lab::render(m, state, f, area),
    }
    match m.overlay {
        Some(Overlay::Help) => help::render(m, f, area),
        Some(Overlay::Toc(_)) => toc::render(m, f, area),
        Some(Overlay::Links(_)) => toc::render_links(m, f, area),
        Some(Overlay::CodeBlocks(_)) => toc::render_code_blocks(m, f, area),
        Some(Overlay::Confirm(c)) => confirm::render(m, c, f, area),
        None => {}
    }
}

fn too_small(m: &Model, f: &mut Frame, area: Rect) {
    let text = vec![
        Line::styled("Terminal too small", m.theme.warning()),
        Line::from(format!(
            "{}×{} here; roadmap needs {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::styled("Enlarge the window, or press q to quit.", m.theme.muted()),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    f.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}
