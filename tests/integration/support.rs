//! Shared test helpers: the fixture roadmap, a model builder, keys and a fixed clock.

use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roadmap::curriculum::{Roadmap, SourceTree, load};
use roadmap::progress::Progress;
use roadmap::tui::theme::{Theme, ThemeName};
use roadmap::tui::{Effect, Model, Msg, update, view};

/// The small two-step roadmap in `tests/fixtures/mini`.
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

/// The fixture roadmap, loaded.
pub fn fixture() -> Roadmap {
    let tree = SourceTree::from_dir(&fixture_dir()).expect("fixture folder is readable");
    load(&tree).expect("fixture is valid")
}

/// A fixed point in time, `secs` seconds after a base: noon UTC on a Friday, so the local
/// date (which the study record uses) is the same in every time zone from UTC-11 to UTC+11.
pub fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_014_400 + secs).expect("valid time")
}

/// A model of the fixture roadmap at `width`×`height`, with colours.
pub fn model(width: u16, height: u16) -> Model {
    model_with(Progress::default(), width, height)
}

/// A model with the given progress.
pub fn model_with(progress: Progress, width: u16, height: u16) -> Model {
    let mut m = Model::new(
        fixture(),
        progress,
        Theme::new(ThemeName::Dark, true),
        at(0),
    );
    m.width = width;
    m.height = height;
    m
}

/// A key press without modifiers.
pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A character key press.
pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

/// Sends each message in turn, collecting every effect.
pub fn press(m: &mut Model, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|msg| update(m, msg)).collect()
}

/// Draws the model on a test terminal of its size.
pub fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(m.width, m.height)).expect("test terminal");
    terminal.draw(|f| view(m, f)).expect("draws");
    terminal
}

/// The screen as text, one line per row.
pub fn screen_text(m: &Model) -> String {
    let terminal = draw(m);
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
