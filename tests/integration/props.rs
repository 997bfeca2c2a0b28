//! Property tests (proptest) on hostile input: the markdown renderer, the quiz parser and
//! the curriculum loader never panic, at any width from 1 to 400, and the renderer never
//! lets a control character of its input through; every screen draws at any size within
//! its edges. 256 cases per property by default (64 for whole screens); `PROPTEST_CASES`
//! raises it.

use proptest::prelude::*;
use proptest::test_runner::Config;
use roadmap::curriculum::{SourceTree, load, parse_quiz};
use roadmap::markdown::{
    CodeTheme, ColorDepth, Hyperlinks, RenderOptions, render, to_ansi, to_terminal,
};
use unicode_width::UnicodeWidthStr;

/// Pieces of markdown and of attacks on a terminal, glued together in any order.
const PIECES: &[&str] = &[
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]52;c;SGVsbG8gY2xpcGJvYXJk\x07",
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "[click](https://evil.example/\x1b]8;;x\x07)",
    "\x07",
    "\u{9b}31m",
    "\u{85}",
    "\u{90}q\u{9c}",
    "\u{202e}gnp.exe",
    "\u{2066}isolated\u{2069}",
    "&#27;[2J",
    "&#x9b;1m",
    "&#7;",
    "\x7f",
    "\r",
    "\t",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "###### ",
    "> ",
    "> > > ",
    "- ",
    "  - ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "```\n",
    "```rust\n",
    "```\u{1b}[2J\n",
    "    ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "|",
    "**",
    "_",
    "`",
    "~~",
    "[^1]",
    "[^1]: a note\n",
    "![alt\x07](img.png)",
    "[text](http://a.example/\u{202e})",
    "[a](<https://evil.example/ x\u{7}\u{1b}\\>)",
    "<https://evil.example/a\u{202e}b\u{9c}>",
    "[rel](../../etc/passwd\u{1b}]8;;)",
    "[mail](mailto:a@b.example?subject=\u{1b}[2J)",
    "[sp](https://a.example/%1b%5d8;;x)",
    "&#x1b;]8;;https://evil.example/&#x1b;\\",
    "<b>",
    "<!-- -->",
    "<br>",
    "---\n",
    "世界",
    "🎉",
    "e\u{301}",
    "\u{200b}",
    "\u{ff21}\u{ff22}",
    "a long word without any space to break it at all",
    "word ",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[a-z ]{0,30}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

/// A character that must never reach the terminal from lesson text.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// `to_ansi` output with its own SGR sequences (`ESC [ digits;… m`) taken out.
fn without_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[len..].starts_with('m') {
            rest = &after[len + 1..];
        } else {
            // Not an SGR sequence: keep the ESC so the check below catches it.
            out.push_str("\x1b[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Output with the renderer's own OSC 8 hyperlinks taken out: `ESC ] 8 ; params ; URI
/// ESC \`, where the URI must be printable ASCII without spaces (so it can't end the
/// sequence early or carry an escape). An error names a malformed one.
fn without_osc8(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("\x1b]8;") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let end = after
            .find("\x1b\\")
            .ok_or_else(|| format!("an unterminated OSC 8: {after:?}"))?;
        let body = &after[..end];
        if !body.chars().all(|c| c.is_ascii_graphic()) {
            return Err(format!("an OSC 8 with a control or space: {body:?}"));
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_renderer_never_panics_overflows_or_emits_a_control_character(
        src in markdown(),
        width in 1u16..=400,
        highlight in prop::bool::weighted(0.1),
    ) {
        let doc = render(&src, &RenderOptions { highlight, ..RenderOptions::new(width) });
        for (i, line) in doc.lines.iter().enumerate() {
            let text = line.plain();
            prop_assert!(
                text.width() <= usize::from(width),
                "line {i} is {} columns wide at width {width}: {text:?}", text.width()
            );
            for span in &line.spans {
                prop_assert!(
                    !span.text.chars().any(forbidden),
                    "a control character in line {i}: {:?}", span.text
                );
            }
        }
        for h in &doc.headings {
            prop_assert!(!h.text.chars().any(forbidden), "heading {:?}", h.text);
        }
        // What `y` copies to the clipboard (and the learner may paste into a shell).
        for b in &doc.code_blocks {
            prop_assert!(
                !b.code.chars().any(|c| c != '\n' && c != '\t' && forbidden(c)),
                "copied code {:?}", b.code
            );
            prop_assert!(!b.lang.chars().any(forbidden), "code label {:?}", b.lang);
        }
        for l in &doc.links {
            prop_assert!(!l.text.chars().any(forbidden), "link text {:?}", l.text);
            prop_assert!(!l.url.chars().any(forbidden), "link url {:?}", l.url);
        }
        let ansi = without_sgr(&to_ansi(&doc, CodeTheme::Dark, ColorDepth::TrueColor));
        prop_assert!(
            !ansi.chars().any(|c| c != '\n' && forbidden(c)),
            "to_ansi wrote a control sequence of its own input: {ansi:?}"
        );
        let base = std::path::Path::new("/lessons");
        let linked = to_terminal(
            &doc,
            Some((CodeTheme::Light, ColorDepth::Ansi16)),
            &Hyperlinks::On { base: Some(base) },
        );
        let rest = without_osc8(&without_sgr(&linked));
        prop_assert!(rest.is_ok(), "{:?} in {linked:?}", rest);
        let rest = rest.unwrap_or_default();
        prop_assert!(
            !rest.chars().any(|c| c != '\n' && forbidden(c)),
            "hyperlinked output wrote a control sequence of its own input: {rest:?}"
        );
    }

    #[test]
    fn the_quiz_parser_never_panics(src in markdown(), extra in quiz_like()) {
        let text = format!("{extra}{src}{extra}");
        let (quiz, _problems) = parse_quiz(&text, "step", "step/quiz.md");
        for q in &quiz.questions {
            prop_assert!(!q.choices.is_empty());
        }
    }

    #[test]
    fn the_curriculum_loader_never_panics(files in curriculum_files()) {
        let tree = SourceTree::from_files("hostile", files);
        let _ = load(&tree);
    }
}

/// Quiz-shaped markdown: questions, choices, explanations in any order.
fn quiz_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "# Quiz\n",
                "## Question? {#q}\n",
                "## Question\n",
                "## {#}\n",
                "- [x] right\n",
                "- [ ] wrong\n",
                "- [X] \n",
                "- plain\n",
                "> because\n",
                "\n",
                "1. [x] numbered\n",
            ][..],
        ),
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

/// A small curriculum tree with plausible and implausible paths and any content.
fn curriculum_files() -> impl Strategy<Value = Vec<(String, String)>> {
    let path = prop::sample::select(
        &[
            "roadmap.md",
            "01-a/step.md",
            "01-a/01-x.md",
            "01-a/02-y.md",
            "01-a/quiz.md",
            "01-a/03-lab-z.md",
            "02-b/step.md",
            "02-b/01-x.md",
            "02-b/quiz.md",
            "03-/step.md",
            "-/01-.md",
            "01-a/01-x.md/../../etc",
            "x.md",
            "01-a/assets/a.md",
        ][..],
    );
    let text = prop_oneof![
        markdown(),
        quiz_like(),
        Just("# Title\n\ntext\n".to_string())
    ];
    prop::collection::vec((path.prop_map(str::to_string), text), 0..12)
}

/// Key presses that reach each screen and overlay of the fixture roadmap from home.
fn screen_keys(screen: usize) -> Vec<roadmap::tui::Msg> {
    use crate::support::{ch, key};
    use ratatui::crossterm::event::KeyCode::{End, Enter};
    match screen {
        0 => vec![],
        1 => vec![key(Enter), key(Enter)],
        2 => vec![key(Enter), key(Enter), ch('t')],
        3 => vec![key(Enter), key(Enter), ch('o')],
        4 => vec![key(Enter), key(End), key(Enter), ch('1'), key(Enter)],
        5 => vec![ch('?')],
        6 => vec![ch('x')],
        7 => vec![ch('/'), ch('e')],
        _ => vec![key(Enter), key(Enter), ch('j'), ch('j'), ch('/'), ch('a')],
    }
}

/// Drawing a whole screen is slower than rendering a snippet: a quarter of the cases.
fn screen_config() -> Config {
    let base = config();
    Config {
        cases: (base.cases / 4).max(16),
        ..base
    }
}

proptest! {
    #![proptest_config(screen_config())]

    #[test]
    fn every_screen_draws_at_any_size_within_its_edges(
        screen in 0usize..9,
        width in 1u16..=250,
        height in 1u16..=80,
        resize_first in any::<bool>(),
    ) {
        use roadmap::tui::{Msg, update};
        let mut m = crate::support::model(80, 24);
        if resize_first {
            update(&mut m, Msg::Resize(width, height));
        }
        crate::support::press(&mut m, screen_keys(screen));
        update(&mut m, Msg::Resize(width, height));
        let terminal = crate::support::draw(&m);
        let buffer = terminal.backend().buffer();
        prop_assert_eq!(buffer.area.width, width);
        for y in 0..height {
            let row: usize = (0..width)
                .map(|x| UnicodeWidthStr::width(buffer[(x, y)].symbol()))
                .sum();
            prop_assert!(row <= usize::from(width), "row {} is {} wide", y, row);
            for x in 0..width {
                prop_assert!(!buffer[(x, y)].symbol().chars().any(forbidden));
            }
        }
    }
}
