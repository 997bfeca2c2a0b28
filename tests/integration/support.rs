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

/// The one-step roadmap with a SQL lab in `tests/fixtures/lab`, as a model.
pub fn lab_model(width: u16, height: u16) -> Model {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lab");
    let tree = SourceTree::from_dir(&dir).expect("fixture folder is readable");
    let roadmap = load(&tree).expect("fixture is valid");
    let mut m = Model::new(
        roadmap,
        Progress::default(),
        Theme::new(ThemeName::Dark, true),
        at(0),
    );
    m.width = width;
    m.height = height;
    m
}

/// Runs the lab effects the way the app does, with a real SQL lab, feeding the results back.
pub fn run_lab_effects(
    m: &mut Model,
    db: &mut roadmap::lab::sql::SqlLab,
    effects: Vec<Effect>,
) -> Vec<Effect> {
    let mut out = Vec::new();
    for effect in effects {
        match effect {
            Effect::RunLab { lab, task, sql } => {
                let t = m
                    .roadmap
                    .lesson(&lab)
                    .and_then(|(_, _, l)| l.lab.as_ref())
                    .map(|(_, l)| l.tasks[task].clone())
                    .expect("a task");
                let outcome = db.attempt(&t, &sql).map_err(|e| e.to_string());
                out.extend(update(m, Msg::LabRan { lab, task, outcome }));
            }
            other => out.push(other),
        }
    }
    out
}

/// Writes a roadmap of `steps` steps with `lessons` lessons each into `dir` and returns the
/// lesson ids (`s1/l1`, `s1/l2`, …), for tests that need many lessons.
pub fn synthetic_curriculum(dir: &std::path::Path, steps: usize, lessons: usize) -> Vec<String> {
    use std::fs;
    fs::write(
        dir.join("roadmap.md"),
        "# Synthetic Roadmap {#synthetic}\n\nMany small lessons for the tests.\n",
    )
    .expect("roadmap.md");
    let mut ids = Vec::new();
    for s in 1..=steps {
        let step = dir.join(format!("{s:02}-s{s}"));
        fs::create_dir_all(&step).expect("step folder");
        fs::write(step.join("step.md"), format!("# Step {s}\n\nLessons.\n")).expect("step.md");
        for l in 1..=lessons {
            fs::write(
                step.join(format!("{l:03}-l{l}.md")),
                format!("# Lesson {s}.{l}\n\nSome text of lesson {l}.\n"),
            )
            .expect("lesson");
            ids.push(format!("s{s}/l{l}"));
        }
    }
    ids
}

/// A small deterministic random number generator (xorshift64*), so a failing run can be
/// repeated with the seed it prints.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from `ROADMAP_SEED`, or from `default`; prints the seed.
    pub fn from_env(default: u64) -> Self {
        let seed = std::env::var("ROADMAP_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default);
        eprintln!("seed {seed} (ROADMAP_SEED={seed} repeats this run)");
        Self(seed.max(1))
    }

    /// A generator with this seed.
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A count from environment variable `name`, or `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether lesson `id` of roadmap `roadmap` is done in the progress file's JSON.
pub fn is_done(progress: &serde_json::Value, roadmap: &str, id: &str) -> bool {
    progress["roadmaps"][roadmap]["lessons"][id]["done"].as_bool() == Some(true)
}
