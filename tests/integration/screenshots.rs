//! The README's screenshots: the real views drawn on a test terminal, written as SVG.
//! Ignored in normal runs; `scripts/screenshots.sh` runs it and turns the SVGs into PNGs.
//! Everything is fixed (the built-in roadmap, the progress, the clock, the size), so the
//! same code gives the same pictures.

use std::fmt::Write as _;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roadmap::curriculum::{SourceTree, load};
use roadmap::progress::{Progress, QuizAttempt};
use roadmap::tui::model::Screen;
use roadmap::tui::theme::{Theme, ThemeName};
use roadmap::tui::{Model, update};

use crate::support::{at, ch, draw, key, press};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const DAY: i64 = 86_400;

/// Font size, cell size and margin, in pixels. DejaVu Sans Mono's advance is 0.602 em and
/// its ascent plus descent 1.164 em: cells that size make box-drawing lines meet.
const FONT: f64 = 16.0;
const CELL_W: f64 = FONT * 1233.0 / 2048.0;
const CELL_H: f64 = FONT * 2384.0 / 2048.0;
const ASCENT: f64 = FONT * 1901.0 / 2048.0;
const MARGIN: f64 = 14.0;

/// The terminal's default colours and its 16-colour palette (One Dark-like).
const DEFAULT_FG: (u8, u8, u8) = (0xd4, 0xd7, 0xdd);
const DEFAULT_BG: (u8, u8, u8) = (0x1b, 0x1e, 0x24);
const PALETTE: [(u8, u8, u8); 16] = [
    (0x28, 0x2c, 0x34),
    (0xe0, 0x6c, 0x75),
    (0x98, 0xc3, 0x79),
    (0xe5, 0xc0, 0x7b),
    (0x61, 0xaf, 0xef),
    (0xc6, 0x78, 0xdd),
    (0x56, 0xb6, 0xc2),
    (0xab, 0xb2, 0xbf),
    (0x6b, 0x72, 0x80),
    (0xff, 0x7b, 0x86),
    (0xb5, 0xe8, 0x90),
    (0xf0, 0xd5, 0x8a),
    (0x8c, 0xc8, 0xff),
    (0xde, 0x9b, 0xf0),
    (0x7f, 0xd1, 0xdc),
    (0xf0, 0xf2, 0xf5),
];

#[test]
#[ignore = "makes the README's screenshots; run by scripts/screenshots.sh"]
fn screenshots() {
    let dir = std::env::var_os("ROADMAP_SCREENSHOT_DIR")
        .map_or_else(|| PathBuf::from("target/screenshots"), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    for (name, mut m, rows) in [
        ("home", home(), ROWS),
        ("lesson", lesson(), ROWS),
        ("quiz", quiz(), 24),
        ("review", review(), 18),
        ("search", search(), ROWS),
    ] {
        m.height = rows;
        let svg = to_svg(draw(&m).backend().buffer());
        std::fs::write(dir.join(format!("{name}.svg")), svg).expect("writes the SVG");
    }
}

/// The built-in roadmap with a learner a week in: step 1 mostly read, its quiz taken,
/// a few questions due for review.
fn learner() -> Model {
    let roadmap = load(&SourceTree::embedded()).expect("the built-in roadmap loads");
    let mut progress = Progress::default();
    let p = progress.roadmap_mut(&roadmap.id);
    let first = &roadmap.steps[0];
    for (i, lesson) in first.lessons.iter().take(5).enumerate() {
        let when = at(DAY * (i as i64 - 7));
        p.open(&lesson.id, when);
        p.set_done(&lesson.id, true, &lesson.hash, when);
    }
    let quiz = first.quiz.as_ref().expect("step 1 has a quiz");
    let missed: Vec<String> = quiz
        .questions
        .iter()
        .take(3)
        .map(|q| q.id.clone())
        .collect();
    p.record_attempt(
        &first.id,
        QuizAttempt {
            at: at(-2 * DAY),
            correct: 12,
            total: 15,
            missed: missed.clone(),
            extra: Default::default(),
        },
    );
    for id in &missed {
        p.review_missed(id, at(-2 * DAY));
    }
    p.open(&first.lessons[5].id, at(-DAY));
    let mut m = Model::new(roadmap, progress, Theme::new(ThemeName::Dark, true), at(0));
    m.width = COLS;
    m.height = ROWS;
    m
}

fn home() -> Model {
    let mut m = learner();
    press(&mut m, [key(KeyCode::Enter)]);
    m
}

/// A lesson with a table and highlighted code, scrolled so both show.
fn lesson() -> Model {
    let mut m = learner();
    let (step, lesson, _) = m
        .roadmap
        .lesson_by_path("01-programming-basics/03-values-types-and-control-flow.md")
        .expect("the lesson exists");
    let id = m.roadmap.steps[step].lessons[lesson].id.clone();
    roadmap::tui::update::open_by_id(&mut m, &id).expect("opens");
    if let Screen::Reader(r) = &mut m.screen {
        r.scroll = r.doc.code_blocks[1].lines.start.saturating_sub(1);
    }
    m
}

/// Step 2's quiz, the first question answered wrong: the feedback and the explanation.
fn quiz() -> Model {
    let mut m = learner();
    m.home.step = 1;
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
    );
    let Screen::Quiz(run) = &m.screen else {
        panic!("the quiz did not open");
    };
    let wrong = m
        .question(run)
        .and_then(|q| q.choices.iter().position(|c| !c.correct))
        .expect("a wrong choice");
    let digit = char::from(b'1' + u8::try_from(wrong).expect("small"));
    press(&mut m, [ch(digit), key(KeyCode::Enter)]);
    m
}

/// A review of the questions due, one choice picked.
fn review() -> Model {
    let mut m = learner();
    press(&mut m, [ch('r'), ch('2')]);
    assert!(matches!(m.screen, Screen::Quiz(_)), "nothing due");
    m
}

fn search() -> Model {
    let mut m = learner();
    press(&mut m, [ch('s')]);
    for c in "index".chars() {
        update(&mut m, ch(c));
    }
    press(&mut m, [key(KeyCode::Down)]);
    m
}

/// The buffer as an SVG picture: a terminal window with each cell at its grid position.
fn to_svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = MARGIN * 2.0 + CELL_W * f64::from(area.width);
    let height = MARGIN * 2.0 + CELL_H * f64::from(area.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.2} {height:.2}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" rx="8" fill="{}"/>"#,
        hex(DEFAULT_BG)
    );
    let mut text = String::new();
    for y in 0..area.height {
        let top = MARGIN + CELL_H * f64::from(y);
        // Backgrounds: one rectangle per run of cells of one colour, so no seams show.
        let mut x = 0;
        while x < area.width {
            let bg_at = |x: u16| {
                let cell = &buffer[(x, y)];
                colours(cell.fg, cell.bg, cell.modifier).1
            };
            let bg = bg_at(x);
            let start = x;
            while x < area.width && bg_at(x) == bg {
                x += 1;
            }
            if bg != DEFAULT_BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.2}" y="{top:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"#,
                    MARGIN + CELL_W * f64::from(start),
                    CELL_W * f64::from(x - start),
                    CELL_H + 0.5,
                    hex(bg)
                );
            }
        }
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            let (fg, _) = colours(cell.fg, cell.bg, cell.modifier);
            let left = MARGIN + CELL_W * f64::from(x);
            let symbol = cell.symbol();
            if cell.modifier.contains(Modifier::UNDERLINED) {
                let _ = writeln!(
                    text,
                    r#"<rect x="{left:.2}" y="{:.2}" width="{:.2}" height="1" fill="{}"/>"#,
                    top + ASCENT + 2.0,
                    CELL_W + 0.4,
                    hex(fg)
                );
            }
            if symbol.trim().is_empty() {
                continue;
            }
            let weight = if cell.modifier.contains(Modifier::BOLD) {
                r#" font-weight="bold""#
            } else {
                ""
            };
            let style = if cell.modifier.contains(Modifier::ITALIC) {
                r#" font-style="italic""#
            } else {
                ""
            };
            let _ = writeln!(
                text,
                r#"<text x="{left:.2}" y="{:.2}" fill="{}"{weight}{style}>{}</text>"#,
                top + ASCENT,
                hex(fg),
                escape(symbol)
            );
        }
    }
    let _ = writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, monospace" font-size="{FONT}" xml:space="preserve">"#
    );
    out.push_str(&text);
    out.push_str("</g>\n</svg>\n");
    out
}

/// A cell's foreground and background as drawn: reverse video swaps them, dim fades the
/// text towards the background.
fn colours(fg: Color, bg: Color, modifier: Modifier) -> ((u8, u8, u8), (u8, u8, u8)) {
    let mut fg = rgb(fg).unwrap_or(DEFAULT_FG);
    let mut bg = rgb(bg).unwrap_or(DEFAULT_BG);
    if modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if modifier.contains(Modifier::DIM) {
        let mix = |a: u8, b: u8| u8::try_from((u16::from(a) + u16::from(b)) / 2).unwrap_or(a);
        fg = (mix(fg.0, bg.0), mix(fg.1, bg.1), mix(fg.2, bg.2));
    }
    (fg, bg)
}

/// A colour as RGB; `None` for the terminal's default.
fn rgb(c: Color) -> Option<(u8, u8, u8)> {
    let named = |i: usize| Some(PALETTE[i]);
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(indexed(i)),
    }
}

/// The xterm 256-colour palette: the 16 above, a 6×6×6 cube, then 24 greys.
fn indexed(i: u8) -> (u8, u8, u8) {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => PALETTE[usize::from(i)],
        16..=231 => {
            let n = usize::from(i - 16);
            (LEVELS[n / 36], LEVELS[n / 6 % 6], LEVELS[n % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
