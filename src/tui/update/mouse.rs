//! The mouse: the wheel scrolls the pane under the pointer, a click selects what is under
//! it, a double click opens it. Hit areas come from the views' own layout functions, so
//! what is clicked is what is drawn.

use ratatui::layout::{Position, Rect};

use super::*;
use crate::tui::model::{Click, MIN_HEIGHT, MIN_WIDTH};
use crate::tui::msg::{Mouse, MouseKind};
use crate::tui::view::{
    home as home_view, list, quiz as quiz_view, search as search_view, toc as toc_view,
};

/// Two clicks on the same cell at most this far apart make a double click.
pub const DOUBLE_CLICK_MILLIS: u64 = 400;

/// Lines the wheel scrolls per notch in text.
const WHEEL_LINES: isize = 3;

/// Applies a mouse event.
pub(super) fn mouse(m: &mut Model, ev: Mouse) -> Vec<Effect> {
    if m.width < MIN_WIDTH || m.height < MIN_HEIGHT {
        // Only "too small" is drawn: there is nothing to point at.
        return vec![];
    }
    let area = Rect::new(0, 0, m.width, m.height);
    let at = Position::new(ev.column, ev.row);
    let notch = match ev.kind {
        MouseKind::ScrollUp => -1,
        MouseKind::ScrollDown => 1,
        MouseKind::Click => 0,
    };
    if notch != 0 {
        m.last_click = None;
        if m.overlay.is_some() {
            let action = if notch < 0 { Action::Up } else { Action::Down };
            return overlay_action(m, action);
        }
        wheel(m, area, at, notch);
        return vec![];
    }
    let double = m.last_click.is_some_and(|c| {
        c.column == ev.column
            && c.row == ev.row
            && ev.millis.saturating_sub(c.millis) <= DOUBLE_CLICK_MILLIS
    });
    m.last_click = (!double).then_some(Click {
        column: ev.column,
        row: ev.row,
        millis: ev.millis,
    });
    if m.status.as_ref().is_some_and(|s| !s.error) {
        m.status = None;
    }
    if m.overlay.is_some() {
        return click_overlay(m, area, at, double);
    }
    click(m, area, at, double)
}

/// What `action` does in the open overlay's list.
fn overlay_action(m: &mut Model, action: Action) -> Vec<Effect> {
    match context(m) {
        Context::Toc => toc(m, action),
        Context::Links => links(m, action),
        Context::CodeBlocks => code_blocks(m, action),
        _ => vec![],
    }
}

/// A click with an overlay open: on a list item it selects it (a double click opens it);
/// outside the box, or anywhere on help, it closes the overlay.
fn click_overlay(m: &mut Model, area: Rect, at: Position, double: bool) -> Vec<Effect> {
    if matches!(m.overlay, Some(Overlay::Confirm(_))) {
        return vec![];
    }
    let Some(layout) = toc_view::layout(m, area) else {
        m.overlay = None;
        return vec![];
    };
    if !layout.rect.contains(at) {
        m.overlay = None;
        return vec![];
    }
    let Some(item) =
        row_in(layout.inner, at).and_then(|row| list::item_at(&layout.heights, layout.offset, row))
    else {
        return vec![];
    };
    m.overlay = match m.overlay {
        Some(Overlay::Toc(_)) => Some(Overlay::Toc(item)),
        Some(Overlay::Links(_)) => Some(Overlay::Links(item)),
        Some(Overlay::CodeBlocks(_)) => Some(Overlay::CodeBlocks(item)),
        other => other,
    };
    if double {
        overlay_action(m, Action::Open)
    } else {
        vec![]
    }
}

/// Scrolls the pane at `at` by one notch (`-1` up, `1` down).
fn wheel(m: &mut Model, area: Rect, at: Position, notch: isize) {
    match &m.screen {
        Screen::Home => {
            let layout = home_view::layout(m, area);
            if layout.entries_pane.contains(at) {
                m.home.focus = Focus::Entries;
                move_entry(m, notch);
            } else if layout.steps_pane.contains(at) {
                m.home.focus = Focus::Steps;
                move_step(m, notch);
            }
        }
        Screen::Reader(_) | Screen::Quiz(_) => scroll_by(m, notch * WHEEL_LINES),
        Screen::Search(_) => scroll_by(m, notch),
        Screen::Lab(_) => {
            if let Screen::Lab(state) = &mut m.screen {
                let lines = u16::try_from(WHEEL_LINES).unwrap_or(3);
                state.scroll = if notch < 0 {
                    state.scroll.saturating_sub(lines)
                } else {
                    state.scroll.saturating_add(lines)
                };
            }
        }
    }
}

/// Selects what is at `at`; a double click opens it.
fn click(m: &mut Model, area: Rect, at: Position, double: bool) -> Vec<Effect> {
    match &m.screen {
        Screen::Home => {
            let layout = home_view::layout(m, area);
            if let Some(step) = row_in(layout.steps, at).and_then(|row| {
                list::item_at(&vec![1; m.roadmap.steps.len()], layout.steps_offset, row)
            }) {
                m.home.focus = Focus::Steps;
                if step != m.home.step {
                    m.home.step = step;
                    m.home.entry = 0;
                }
                return if double {
                    home(m, Action::Open)
                } else {
                    vec![]
                };
            }
            let count = m.roadmap.steps[m.home.step].entry_count();
            if let Some(entry) = row_in(layout.entries, at)
                .and_then(|row| list::item_at(&vec![1; count], layout.entries_offset, row))
            {
                m.home.focus = Focus::Entries;
                m.home.entry = entry;
                return if double {
                    home(m, Action::Open)
                } else {
                    vec![]
                };
            }
            vec![]
        }
        Screen::Quiz(run) if run.phase == QuizPhase::Answering => {
            let Some(choice) = quiz_view::choice_at(m, run, area, at.y) else {
                return vec![];
            };
            let multi = m.question(run).is_some_and(|q| q.is_multi());
            let digit = u8::try_from(choice + 1).unwrap_or(u8::MAX);
            match (double, multi) {
                // The first click chose it: a double click answers with it.
                (true, false) => quiz(m, Action::Submit),
                // The first click toggled it: the second doesn't toggle it back.
                (true, true) => vec![],
                (false, _) => quiz(m, Action::Choose(digit)),
            }
        }
        Screen::Search(state) => {
            let (rect, offset) = search_view::results(state, area);
            let heights = search_view::heights(state);
            let Some(hit) = row_in(rect, at).and_then(|row| list::item_at(&heights, offset, row))
            else {
                return vec![];
            };
            if let Screen::Search(state) = &mut m.screen {
                state.selected = hit;
            }
            if double {
                search(m, Action::Open)
            } else {
                vec![]
            }
        }
        Screen::Quiz(_) | Screen::Reader(_) | Screen::Lab(_) => vec![],
    }
}

/// The row of `at` inside `rect`, counted from its top; `None` outside it.
fn row_in(rect: Rect, at: Position) -> Option<u16> {
    rect.contains(at).then(|| at.y - rect.y)
}
