//! Screen snapshots through ratatui's `TestBackend`, at 80x24 and 140x40, plus the
//! cells whose style carries meaning.

use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roadmap::tui::Model;
use roadmap::tui::theme::{Theme, ThemeName};

use crate::support::{ch, draw, key, model, press, screen_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

fn snapshot(name: &str, setup: impl Fn(&mut Model)) {
    for (w, h) in SIZES {
        let mut m = model(w, h);
        setup(&mut m);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen_text(&m));
    }
}

#[test]
fn home() {
    snapshot("home", |m| {
        press(
            m,
            [
                ch('j'),
                ch('k'),
                ch('x'),
                ch('y'),
                ch('j'),
                key(KeyCode::Enter),
            ],
        );
    });
}

#[test]
fn reader() {
    snapshot("reader", |m| {
        press(
            m,
            [
                key(KeyCode::Enter),
                key(KeyCode::Enter),
                ch('x'),
                ch('j'),
                ch('j'),
            ],
        );
    });
}

#[test]
fn reader_find() {
    snapshot("reader_find", |m| {
        press(
            m,
            [
                key(KeyCode::Enter),
                key(KeyCode::Enter),
                ch('/'),
                ch('t'),
                ch('y'),
            ],
        );
    });
}

#[test]
fn quiz_question() {
    snapshot("quiz_question", |m| {
        press(
            m,
            [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
        );
        press(
            m,
            [ch('2'), key(KeyCode::Enter), key(KeyCode::Enter), ch('1')],
        );
    });
}

#[test]
fn quiz_feedback() {
    snapshot("quiz_feedback", |m| {
        press(
            m,
            [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
        );
        press(m, [ch('1'), key(KeyCode::Enter)]);
    });
}

#[test]
fn quiz_summary() {
    snapshot("quiz_summary", |m| {
        press(
            m,
            [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
        );
        press(m, [ch('1'), key(KeyCode::Enter), key(KeyCode::Enter)]);
        press(
            m,
            [ch('1'), ch('2'), key(KeyCode::Enter), key(KeyCode::Enter)],
        );
    });
}

#[test]
fn help() {
    snapshot("help_reader", |m| {
        press(m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('?')]);
    });
}

#[test]
fn table_of_contents() {
    snapshot("toc", |m| {
        press(
            m,
            [key(KeyCode::Enter), key(KeyCode::Enter), ch('t'), ch('j')],
        );
    });
}

#[test]
fn confirm_step_done() {
    snapshot("confirm_step_done", |m| {
        press(m, [ch('x')]);
    });
}

#[test]
fn too_small() {
    let mut m = model(30, 8);
    insta::assert_snapshot!("too_small_30x8", screen_text(&m));
    m.width = 80;
    m.height = 24;
    assert!(!screen_text(&m).contains("too small"));
}

#[test]
fn every_screen_draws_at_every_size_without_panicking() {
    let setups: [&dyn Fn(&mut Model); 9] = [
        &|_| {},
        &|m| {
            press(m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
        },
        &|m| {
            press(m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('t')]);
        },
        &|m| {
            press(m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('o')]);
        },
        &|m| {
            press(
                m,
                [
                    key(KeyCode::Enter),
                    key(KeyCode::End),
                    key(KeyCode::Enter),
                    ch('1'),
                    key(KeyCode::Enter),
                ],
            );
        },
        &|m| {
            press(m, [ch('?')]);
        },
        &|m| {
            press(m, [ch('x')]);
        },
        &|m| {
            press(m, [ch('s'), ch('t'), ch('y')]);
        },
        &|m| {
            press(m, [ch('/'), ch('e')]);
        },
    ];
    let widths = [1, 2, 3, 5, 10, 20, 39, 40, 41, 60, 80, 100, 120, 160, 250];
    let heights = [1, 2, 3, 5, 9, 10, 11, 24, 40, 80];
    for setup in setups {
        for w in widths {
            for h in heights {
                let mut m = model(80, 24);
                setup(&mut m);
                roadmap::tui::update(&mut m, roadmap::tui::Msg::Resize(w, h));
                let terminal = draw(&m);
                assert_eq!(terminal.backend().buffer().area.width, w);
            }
        }
    }
    // The lab screens too.
    for w in widths {
        for h in heights {
            let mut m = crate::support::lab_model(80, 24);
            press(&mut m, [key(KeyCode::Enter), ch('j'), key(KeyCode::Enter)]);
            roadmap::tui::update(&mut m, roadmap::tui::Msg::Resize(w, h));
            let _ = draw(&m);
        }
    }
}

#[test]
fn the_selected_step_is_highlighted_and_done_marks_are_green() {
    let mut m = model(80, 24);
    press(&mut m, [ch('x'), ch('y')]);
    let terminal = draw(&m);
    let buf = terminal.backend().buffer();
    // Row 3 is the first step inside the steps pane; it is selected and done.
    let mark = &buf[(2, 3)];
    assert_eq!(mark.symbol(), "✓");
    let row_style = buf[(10, 3)].style();
    assert_eq!(
        row_style.bg,
        Some(Color::Cyan),
        "selection has a background"
    );
    let second = &buf[(2, 4)];
    assert_eq!(second.symbol(), "○");
    assert!(matches!(buf[(10, 4)].style().bg, None | Some(Color::Reset)));
}

#[test]
fn without_colour_selection_still_shows_through_reverse_video() {
    let mut m = model(80, 24);
    m.theme = Theme::new(ThemeName::Dark, false);
    let terminal = draw(&m);
    let buf = terminal.backend().buffer();
    for x in 0..80 {
        for y in 0..24 {
            let s = buf[(x, y)].style();
            assert!(
                matches!(s.fg, None | Some(Color::Reset))
                    && matches!(s.bg, None | Some(Color::Reset)),
                "cell {x},{y} has a colour"
            );
        }
    }
    assert!(
        buf[(10, 3)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}

/// What colour and reverse video say is also in the text, for monochrome terminals and
/// screen readers: the selection is marked ▶ in every list, answers ✓ and ✗.
#[test]
fn without_colour_every_state_is_also_a_symbol() {
    let mut m = model(80, 24);
    m.theme = Theme::new(ThemeName::Dark, false);
    let row = |m: &roadmap::tui::Model, text: &str| {
        screen_text(m)
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(&m, "1. Learn the Basics").starts_with("│▶"));
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Down)]);
    assert!(row(&m, "2. Functions").contains("│▶· 2. Functions"));
    press(
        &mut m,
        [
            key(KeyCode::Up),
            key(KeyCode::Enter),
            ch('t'),
            key(KeyCode::Down),
        ],
    );
    assert!(
        screen_text(&m).contains("│▶  Numbers"),
        "{}",
        screen_text(&m)
    );
    press(
        &mut m,
        [
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::End),
            key(KeyCode::Enter),
        ],
    );
    press(&mut m, [ch('1')]);
    assert!(row(&m, "1. (•) 4").contains("▶ 1. (•) 4"));
    press(&mut m, [key(KeyCode::Enter)]);
    let screen = screen_text(&m);
    assert!(
        screen.contains("✗ 1. (•) 4") && screen.contains("✓ 2. ( ) 5"),
        "{screen}"
    );
    assert!(screen.contains("✗ Not quite"), "{screen}");
}

#[test]
fn review_question() {
    for (w, h) in SIZES {
        let mut progress = roadmap::progress::Progress::default();
        progress
            .roadmap_mut("mini")
            .review_missed("basics/types", crate::support::at(0));
        let mut m = crate::support::model_with(progress, w, h);
        m.now = crate::support::at(3 * 86_400);
        insta::assert_snapshot!(format!("home_review_due_{w}x{h}"), screen_text(&m));
        press(&mut m, [ch('r'), ch('1')]);
        insta::assert_snapshot!(format!("review_{w}x{h}"), screen_text(&m));
    }
}

#[test]
fn search_results() {
    snapshot("search", |m| {
        press(m, [ch('s')]);
        press(m, "type".chars().map(ch));
    });
}
