//! The mouse in `update`: the wheel scrolls the pane under the pointer, a click selects, a
//! double click (same cell, within the limit) opens. Cells are found on the drawn screen,
//! so the tests also check that hit areas match what is drawn.

use ratatui::crossterm::event::KeyCode;
use roadmap::tui::model::{Focus, Overlay, QuizPhase, Screen};
use roadmap::tui::msg::{Mouse, MouseKind};
use roadmap::tui::update::DOUBLE_CLICK_MILLIS;
use roadmap::tui::{Model, Msg, update};

use crate::support::{ch, key, model, press, screen_text};

fn mouse(kind: MouseKind, (column, row): (u16, u16), millis: u64) -> Msg {
    Msg::Mouse(Mouse {
        kind,
        column,
        row,
        millis,
    })
}

fn click(m: &mut Model, at: (u16, u16), millis: u64) {
    update(m, mouse(MouseKind::Click, at, millis));
}

fn double_click(m: &mut Model, at: (u16, u16)) {
    click(m, at, 1_000);
    click(m, at, 1_000 + DOUBLE_CLICK_MILLIS);
}

fn wheel(m: &mut Model, down: bool, at: (u16, u16)) {
    let kind = if down {
        MouseKind::ScrollDown
    } else {
        MouseKind::ScrollUp
    };
    update(m, mouse(kind, at, 0));
}

/// The cell where `text` is first drawn (column, row), by display columns.
fn cell_of(m: &Model, text: &str) -> (u16, u16) {
    let screen = screen_text(m);
    for (row, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            let column = unicode_width::UnicodeWidthStr::width(&line[..byte]);
            return (column as u16, row as u16);
        }
    }
    panic!("`{text}` is not on screen:\n{screen}");
}

fn reader_scroll(m: &Model) -> usize {
    match &m.screen {
        Screen::Reader(r) => r.scroll,
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn the_wheel_scrolls_the_reader_three_lines_a_notch() {
    let mut m = model(40, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    wheel(&mut m, true, (10, 5));
    assert_eq!(reader_scroll(&m), 3);
    wheel(&mut m, false, (10, 5));
    wheel(&mut m, false, (10, 5));
    assert_eq!(reader_scroll(&m), 0);
}

#[test]
fn on_home_the_wheel_moves_the_list_under_the_pointer() {
    let mut m = model(100, 30);
    let step_two = cell_of(&m, "Learn the Web");
    wheel(&mut m, true, step_two);
    assert_eq!((m.home.step, m.home.focus), (1, Focus::Steps));
    wheel(&mut m, false, step_two);
    assert_eq!(m.home.step, 0);
    let lesson = cell_of(&m, "Values and Types");
    wheel(&mut m, true, lesson);
    assert_eq!((m.home.focus, m.home.entry), (Focus::Entries, 1));
    // Over the header, nothing moves.
    wheel(&mut m, true, (5, 0));
    assert_eq!((m.home.step, m.home.entry), (0, 1));
}

#[test]
fn a_click_selects_a_step_and_a_double_click_opens_it() {
    let mut m = model(100, 30);
    let step_two = cell_of(&m, "Learn the Web");
    click(&mut m, step_two, 0);
    assert_eq!((m.home.step, m.home.focus), (1, Focus::Steps));
    assert!(matches!(m.screen, Screen::Home));
    double_click(&mut m, step_two);
    assert_eq!((m.home.step, m.home.focus), (1, Focus::Entries));
}

#[test]
fn a_click_selects_a_lesson_and_a_double_click_opens_it() {
    let mut m = model(100, 30);
    let second = cell_of(&m, "Functions");
    click(&mut m, second, 0);
    assert_eq!((m.home.focus, m.home.entry), (Focus::Entries, 1));
    double_click(&mut m, second);
    match &m.screen {
        Screen::Reader(r) => assert_eq!((r.step, r.lesson), (0, 1)),
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn two_clicks_far_apart_in_time_or_place_are_not_a_double_click() {
    let mut m = model(100, 30);
    let second = cell_of(&m, "Functions");
    click(&mut m, second, 0);
    click(&mut m, second, DOUBLE_CLICK_MILLIS + 1);
    assert!(matches!(m.screen, Screen::Home), "too slow");
    click(&mut m, (second.0 + 1, second.1), DOUBLE_CLICK_MILLIS + 2);
    assert!(matches!(m.screen, Screen::Home), "another cell");
    // A third quick click after a double click starts a new pair.
    let mut m = model(100, 30);
    let step_two = cell_of(&m, "Learn the Web");
    double_click(&mut m, step_two);
    let lesson = cell_of(&m, "HTTP");
    click(&mut m, lesson, 1_100);
    assert!(matches!(m.screen, Screen::Home));
}

#[test]
fn clicking_a_choice_selects_it_and_a_double_click_answers() {
    let mut m = model(100, 30);
    // The quiz is the entry after the lessons.
    let quiz = cell_of(&m, "Quiz ·");
    double_click(&mut m, quiz);
    let Screen::Quiz(_) = &m.screen else {
        panic!("quiz not open: {:?}", m.screen);
    };
    let five = cell_of(&m, "2. ( ) 5");
    click(&mut m, five, 0);
    let Screen::Quiz(run) = &m.screen else {
        panic!("left the quiz");
    };
    assert_eq!(run.selected, vec![false, true, false]);
    assert_eq!(run.phase, QuizPhase::Answering);
    let four = cell_of(&m, "1. ( ) 4");
    double_click(&mut m, four);
    let Screen::Quiz(run) = &m.screen else {
        panic!("left the quiz");
    };
    assert_eq!(run.selected, vec![true, false, false]);
    assert_eq!(run.phase, QuizPhase::Feedback { correct: false });
}

#[test]
fn clicking_a_search_result_selects_it_and_a_double_click_opens_it() {
    let mut m = model(100, 30);
    press(&mut m, [ch('s'), ch('t'), ch('y'), ch('p'), ch('e')]);
    let Screen::Search(state) = &m.screen else {
        panic!("no search");
    };
    assert!(state.hits.len() >= 2, "{:?}", state.hits);
    let screen = screen_text(&m);
    // The second result's title line: two rows of chrome, the query, a blank line, then
    // results of two or three rows each.
    let first_rows = if state.hits[0].snippet.is_empty() {
        2
    } else {
        3
    };
    let row = 3 + first_rows;
    assert!(
        !screen
            .lines()
            .nth(usize::from(row))
            .unwrap_or("")
            .trim()
            .is_empty(),
        "{screen}"
    );
    click(&mut m, (4, row), 0);
    let Screen::Search(state) = &m.screen else {
        panic!("left search");
    };
    assert_eq!(state.selected, 1);
    double_click(&mut m, (4, row));
    assert!(
        matches!(m.screen, Screen::Reader(_) | Screen::Quiz(_)),
        "{:?}",
        m.screen
    );
}

#[test]
fn the_wheel_moves_the_selection_of_an_open_list_overlay() {
    let mut m = model(100, 30);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('t')]);
    let before = m.overlay;
    wheel(&mut m, true, (0, 0));
    assert_ne!(m.overlay, before);
    assert!(matches!(m.screen, Screen::Reader(_)));
}

#[test]
fn clicks_hit_the_entry_drawn_there_when_the_list_has_scrolled() {
    let mut m = model(100, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::End)]);
    assert_eq!(m.home.entry, 2);
    let screen = screen_text(&m);
    assert!(!screen.contains("1. Values"), "{screen}");
    let second = cell_of(&m, "Functions");
    click(&mut m, second, 0);
    assert_eq!(m.home.entry, 1);
}

#[test]
fn in_the_contents_a_click_selects_a_double_click_jumps_and_a_click_outside_closes() {
    let mut m = model(100, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('t')]);
    assert_eq!(m.overlay, Some(Overlay::Toc(0)));
    let text = cell_of(&m, "   Text");
    click(&mut m, (text.0 + 3, text.1), 0);
    assert_eq!(m.overlay, Some(Overlay::Toc(2)));
    double_click(&mut m, (text.0 + 3, text.1));
    assert_eq!(m.overlay, None);
    assert!(reader_scroll(&m) > 0, "jumped to the heading");
    press(&mut m, [ch('t')]);
    click(&mut m, (0, 0), 5_000);
    assert_eq!(m.overlay, None, "a click outside closes");
    press(&mut m, [ch('?')]);
    click(&mut m, (50, 5), 9_000);
    assert_eq!(m.overlay, None, "a click closes help");
}

#[test]
fn the_wheel_scrolls_a_labs_output() {
    let mut m = crate::support::lab_model(100, 30);
    press(&mut m, [key(KeyCode::Enter), ch('j'), key(KeyCode::Enter)]);
    let Screen::Lab(_) = &m.screen else {
        panic!("no lab: {:?}", m.screen);
    };
    wheel(&mut m, true, (10, 20));
    let Screen::Lab(state) = &m.screen else {
        panic!("left the lab");
    };
    assert_eq!(state.scroll, 3);
}
