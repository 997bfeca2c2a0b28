//! Themes on screen: each theme's styles (snapshots of the buffer with its cell styles),
//! colours that suit the terminal's depth, and no colour at all under `NO_COLOR`, where
//! selection and the done marks still show.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roadmap::markdown::ColorDepth;
use roadmap::tui::Model;
use roadmap::tui::theme::{Theme, ThemeName};

use crate::support::{ch, draw, key, model, press, screen_text};

const THEMES: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

/// Home with the first lesson done and the first step selected.
fn home(m: &mut Model) {
    press(m, [key(KeyCode::Enter), ch('x'), key(KeyCode::Esc)]);
}

/// The first lesson open at its code block.
fn reader(m: &mut Model) {
    press(m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('j')]);
}

/// A quiz with the first answer given wrongly.
fn quiz(m: &mut Model) {
    press(
        m,
        [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
    );
    press(m, [ch('1'), key(KeyCode::Enter)]);
}

fn buffer_of(theme: Theme, screen: fn(&mut Model)) -> Buffer {
    let mut m = model(80, 24);
    m.theme = theme;
    screen(&mut m);
    draw(&m).backend().buffer().clone()
}

fn colours(buf: &Buffer) -> impl Iterator<Item = Color> + '_ {
    buf.content()
        .iter()
        .flat_map(|c| [c.fg, c.bg])
        .filter(|c| *c != Color::Reset)
}

#[test]
fn each_theme_styles_home_and_the_reader() {
    for name in THEMES {
        let theme = Theme::with_depth(name, Some(ColorDepth::Ansi256));
        insta::assert_debug_snapshot!(
            format!("theme_{}_home", name.name()),
            buffer_of(theme, home)
        );
        let theme = Theme::with_depth(name, Some(ColorDepth::Ansi16));
        insta::assert_debug_snapshot!(
            format!("theme_{}_reader_16", name.name()),
            buffer_of(theme, reader)
        );
    }
}

#[test]
fn the_selected_row_and_done_marks_use_each_themes_colours() {
    let expected = [
        (ThemeName::Dark, Color::Cyan, Color::Green),
        (ThemeName::Light, Color::LightBlue, Color::Green),
        (ThemeName::HighContrast, Color::White, Color::LightGreen),
    ];
    for (name, selection, done) in expected {
        let buf = buffer_of(Theme::new(name, true), home);
        // Row 3 is step 1, selected, with a lesson done (◐); row 4 is step 2.
        assert_eq!(buf[(10, 3)].bg, selection, "{name:?}");
        assert_eq!(buf[(10, 3)].fg, Color::Black, "{name:?}");
        assert_eq!(buf[(10, 4)].bg, Color::Reset, "{name:?}");
        assert_eq!(buf[(2, 3)].symbol(), "◐");
        // In the entries pane, the done lesson's ✓.
        let check = buf
            .content()
            .iter()
            .find(|c| c.symbol() == "✓")
            .expect("a done mark");
        assert_eq!(check.fg, done, "{name:?}");
    }
}

#[test]
fn colours_never_exceed_the_terminals_depth() {
    for name in THEMES {
        for screen in [home, reader, quiz] {
            let at = |depth| buffer_of(Theme::with_depth(name, Some(depth)), screen);
            for c in colours(&at(ColorDepth::Ansi16)) {
                assert!(
                    !matches!(c, Color::Indexed(_) | Color::Rgb(..)),
                    "{name:?} on 16 colours: {c:?}"
                );
            }
            for c in colours(&at(ColorDepth::Ansi256)) {
                assert!(!matches!(c, Color::Rgb(..)), "{name:?} on 256: {c:?}");
            }
        }
        // Code is coloured at every depth: 24-bit, indexed, or named.
        let code = |depth| {
            colours(&buffer_of(Theme::with_depth(name, Some(depth)), reader))
                .filter(|c| matches!(c, Color::Rgb(..)))
                .count()
        };
        assert!(code(ColorDepth::TrueColor) > 0, "{name:?}");
    }
}

#[test]
fn code_colours_follow_the_theme() {
    let code_colours = |name| {
        let buf = buffer_of(Theme::new(name, true), reader);
        let mut found: Vec<Color> = colours(&buf)
            .filter(|c| matches!(c, Color::Rgb(..)))
            .collect();
        found.sort_by_key(|c| format!("{c:?}"));
        found.dedup();
        found
    };
    let dark = code_colours(ThemeName::Dark);
    assert_ne!(dark, code_colours(ThemeName::Light));
    assert_ne!(dark, code_colours(ThemeName::HighContrast));
}

#[test]
fn without_colour_every_theme_keeps_selection_marks_and_feedback() {
    for name in THEMES {
        let plain = Theme::with_depth(name, None);
        for screen in [home, reader, quiz] {
            let buf = buffer_of(plain, screen);
            assert_eq!(colours(&buf).count(), 0, "{name:?} has colour");
        }
        let buf = buffer_of(plain, home);
        assert!(buf[(10, 3)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(10, 4)].modifier.contains(Modifier::REVERSED));
        assert_eq!(buf[(2, 3)].symbol(), "◐");
        let mut m = model(80, 24);
        m.theme = plain;
        home(&mut m);
        assert!(screen_text(&m).contains('✓'));
        quiz(&mut m);
        let text = screen_text(&m);
        assert!(text.contains('✗'), "{text}");
    }
}
