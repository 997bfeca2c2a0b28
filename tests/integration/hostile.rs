//! A curriculum folder from a stranger: links leaving the folder, a 100 MB lesson, deeply
//! nested markdown, invalid UTF-8 and 100,000 quiz choices are each refused or handled
//! with a clear message naming the file, without reading the whole of a huge file and
//! without a stack overflow.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use roadmap::markdown::{RenderOptions, render};

use crate::support::fixture_dir;

/// A copy of the fixture roadmap in `dir`, to make hostile.
fn copy_fixture(dir: &Path) -> PathBuf {
    let root = dir.join("curriculum");
    for entry in fs::read_dir(fixture_dir()).expect("list") {
        let entry = entry.expect("entry");
        let to = root.join(entry.file_name());
        if entry.path().is_dir() {
            fs::create_dir_all(&to).expect("mkdir");
            for file in fs::read_dir(entry.path()).expect("list") {
                let file = file.expect("entry");
                fs::copy(file.path(), to.join(file.file_name())).expect("copy");
            }
        } else {
            fs::create_dir_all(&root).expect("mkdir");
            fs::copy(entry.path(), &to).expect("copy");
        }
    }
    root
}

/// `roadmap validate root`: its exit code and everything it printed.
fn validate(root: &Path) -> (Option<i32>, String) {
    let out = Command::cargo_bin("roadmap")
        .expect("binary")
        .arg("validate")
        .arg(root)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn a_link_leaving_the_folder_is_refused_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let secret = dir.path().join("secret.md");
    fs::write(&secret, "# Secret\n\nthe learner's private notes\n").expect("write");
    std::os::unix::fs::symlink(&secret, root.join("01-basics/03-leak.md")).expect("symlink");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("01-basics/03-leak.md") && text.contains("outside the curriculum folder"),
        "{text}"
    );
    assert!(!text.contains("private notes"), "{text}");
}

#[test]
fn a_100_mb_lesson_is_refused_by_its_size_without_being_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let huge = root.join("01-basics/03-huge.md");
    // Sparse: it takes no room on disk, and reading it would take 100 MB of memory.
    fs::File::create(&huge)
        .expect("create")
        .set_len(100 * 1024 * 1024)
        .expect("set_len");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("01-basics/03-huge.md") && text.contains("100.0 MB"),
        "{text}"
    );
    let out = Command::cargo_bin("roadmap")
        .expect("binary")
        .args(["show", "--file"])
        .arg(&huge)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("03-huge.md") && stderr.contains("larger than 5 MB"),
        "{stderr}"
    );
}

#[test]
fn a_named_pipe_in_the_folder_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let fifo = root.join("01-basics/03-pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Reading a pipe nobody writes to would block forever.
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("01-basics/03-pipe.md") && text.contains("not a regular file"),
        "{text}"
    );
    let out = Command::cargo_bin("roadmap")
        .expect("binary")
        .args(["show", "--file"])
        .arg(&fifo)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn invalid_utf8_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    fs::write(
        root.join("01-basics/03-latin1.md"),
        b"# Caf\xc3\xa9\n\nfine so far\n\nthen Latin-1: caf\xe9\n",
    )
    .expect("write");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("01-basics/03-latin1.md:5:") && text.contains("UTF-8"),
        "{text}"
    );
}

#[test]
fn a_question_with_100000_choices_is_refused_in_a_few_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let mut quiz = String::from("# Quiz\n\n## Which one? {#many}\n");
    quiz.push_str("- [x] the first\n");
    for i in 1..100_000 {
        quiz.push_str(&format!("- [ ] choice {i}\n"));
    }
    quiz.push_str("\n> The first.\n");
    fs::write(root.join("01-basics/quiz.md"), quiz).expect("write");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("01-basics/quiz.md:3:") && text.contains("100000 choices"),
        "{text}"
    );
    assert!(text.lines().count() < 10, "one clear message: {text}");
}

/// Renders `src` on a thread with the default 2 MiB stack, at a wide and a 1-column width.
fn render_on_a_small_stack(src: String) -> usize {
    std::thread::spawn(move || {
        [80, 1]
            .iter()
            .map(|&w| {
                let doc = render(&src, &RenderOptions::new(w));
                assert!(doc.lines.iter().all(|l| {
                    unicode_width::UnicodeWidthStr::width(l.plain().as_str()) <= usize::from(w)
                }));
                doc.lines.len()
            })
            .sum()
    })
    .join()
    .expect("rendered without overflowing the stack")
}

#[test]
fn ten_thousand_levels_of_quotes_or_lists_render_without_a_stack_overflow() {
    let depth = 10_000;
    let quotes = format!("{} deep\n", ">".repeat(depth));
    assert!(render_on_a_small_stack(quotes) > 0);
    // `- - - x` nests a list in a list item on one line: 10,000 levels in 20 kB (indenting
    // each level on its own line would take 100 MB, beyond the 5 MB a lesson may have).
    let lists = format!("{}deep\n", "- ".repeat(depth));
    assert!(render_on_a_small_stack(lists) > 0);
    let ordered = format!("{}deep\n", "1. ".repeat(depth));
    assert!(render_on_a_small_stack(ordered) > 0);
    let indented: String = (0..500)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    assert!(render_on_a_small_stack(indented) > 0);
    let mixed: String = format!("{}text\n", "> - ".repeat(depth / 2));
    assert!(render_on_a_small_stack(mixed) > 0);
    let emphasis = format!("{}x{}\n", "*_".repeat(depth / 2), "_*".repeat(depth / 2));
    assert!(render_on_a_small_stack(emphasis) > 0);
    let links = format!("{}x{}\n", "[".repeat(depth), "](u)".repeat(depth));
    assert!(render_on_a_small_stack(links) > 0);
}

#[test]
fn a_deeply_nested_lesson_loads_validates_and_shows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let lesson = format!(
        "# Deep\n\n{} deep\n\n{}deep\n",
        ">".repeat(10_000),
        "- ".repeat(10_000)
    );
    fs::write(root.join("01-basics/03-deep.md"), lesson).expect("write");
    // A quiz whose body, choices and explanation nest as deep.
    let quiz = format!(
        "# Quiz\n\n## Deep? {{#deep}}\n\n{q} body\n\n- [x] {l}yes\n- [ ] no\n\n> {q} because\n",
        q = ">".repeat(10_000),
        l = "- ".repeat(10_000)
    );
    fs::write(root.join("02-web/quiz.md"), quiz).expect("write");
    let (code, text) = validate(&root);
    assert!(code.is_some(), "validate ended by itself: {text}");
    assert!(text.lines().count() < 10, "{text}");
    fs::copy(
        fixture_dir().join("02-web/quiz.md"),
        root.join("02-web/quiz.md"),
    )
    .expect("copy");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(0), "{text}");
    Command::cargo_bin("roadmap")
        .expect("binary")
        .env("ROADMAP_PROGRESS_FILE", dir.path().join("progress.json"))
        .arg("--curriculum")
        .arg(&root)
        .args(["show", "basics/deep", "--width", "40"])
        .assert()
        .success();
}

/// Escape sequences, a bell, C1 controls and a bidi override, as a stranger might put them
/// in titles, prompts, ids and file names.
const EVIL: &str = "\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}\u{9b}31m\u{202e}";

fn has_control(text: &str) -> bool {
    text.chars().any(|c| {
        (c < ' ' && c != '\n')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// The fixture with `EVIL` in the roadmap, step, lesson and question titles.
fn evil_fixture(dir: &Path) -> PathBuf {
    let root = copy_fixture(dir);
    for (file, old) in [
        ("roadmap.md", "# Mini Roadmap"),
        ("01-basics/step.md", "# Learn the Basics"),
        ("01-basics/01-values.md", "# Values and Types"),
        ("01-basics/quiz.md", "## What does"),
        ("01-basics/quiz.md", "- [x] 5"),
        ("01-basics/quiz.md", "> `len` counts"),
    ] {
        let path = root.join(file);
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.contains(old), "{file}: {old}");
        fs::write(&path, text.replacen(old, &format!("{old}{EVIL}"), 1)).expect("write");
    }
    root
}

#[test]
fn escape_sequences_in_a_curriculum_never_reach_the_terminal_from_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = evil_fixture(dir.path());
    let progress = dir.path().join("progress.json");
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["status"],
        &["status", "--json"],
        &["search", "values"],
        &["search", "what", "--json"],
        &["review"],
        &["review", "--json"],
        &["show", "basics/values"],
        &["show", "basics"],
        &["done", "basics"],
        &["notes"],
        &["export"],
    ] {
        let out = Command::cargo_bin("roadmap")
            .expect("binary")
            .env("ROADMAP_PROGRESS_FILE", &progress)
            .env_remove("ROADMAP_CURRICULUM")
            .arg("--curriculum")
            .arg(&root)
            .args(args)
            .output()
            .expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}: {text}");
        assert!(!has_control(&text), "{args:?} printed {text:?}");
    }
    // Diagnostics show a bad file name or id with visible escapes.
    fs::write(
        root.join(format!("01-basics/03-x{EVIL}.md")),
        "# T\n\ntext\n",
    )
    .expect("write");
    let (code, text) = validate(&root);
    assert_eq!(code, Some(1), "{text}");
    assert!(!has_control(&text), "{text:?}");
    assert!(text.contains("03-x\\u{1b}[2J"), "{text}");
}

#[test]
fn escape_sequences_in_a_curriculum_never_reach_the_screen() {
    use ratatui::crossterm::event::KeyCode;
    use roadmap::progress::Progress;
    use roadmap::tui::Model;
    use roadmap::tui::theme::{Theme, ThemeName};

    use crate::support::{at, ch, key, press, screen_text};

    let dir = tempfile::tempdir().expect("tempdir");
    let root = evil_fixture(dir.path());
    let tree = roadmap::curriculum::SourceTree::from_dir(&root).expect("readable");
    let roadmap = roadmap::curriculum::load(&tree).expect("valid");
    let mut m = Model::new(
        roadmap,
        Progress::default(),
        Theme::new(ThemeName::Dark, true),
        at(0),
    );
    m.width = 100;
    m.height = 30;
    let mut screens = vec![("home", screen_text(&m))];
    press(&mut m, [key(KeyCode::Enter)]);
    screens.push(("step", screen_text(&m)));
    press(&mut m, [key(KeyCode::Enter)]);
    screens.push(("lesson", screen_text(&m)));
    press(&mut m, [ch('t')]);
    screens.push(("contents", screen_text(&m)));
    for (name, text) in &screens {
        assert!(!has_control(text), "{name}: {text:?}");
    }
    assert!(
        screens.iter().any(|(_, t)| t.contains("Mini Roadmap[2J")),
        "the titles are shown, without their controls: {screens:?}"
    );
}
