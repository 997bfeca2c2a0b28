//! The real binary, run against a temporary progress file (never the user's own).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::fixture_dir;

/// A test case: a temp folder for the progress file and a builder for commands.
struct Case {
    dir: TempDir,
}

impl Case {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn progress(&self) -> PathBuf {
        self.dir.path().join("progress.json")
    }

    /// `roadmap` on the fixture roadmap with this case's progress file.
    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap").expect("binary");
        cmd.env_remove("NO_COLOR")
            .env_remove("ROADMAP_CURRICULUM")
            .env("ROADMAP_PROGRESS_FILE", self.progress())
            .arg("--curriculum")
            .arg(fixture_dir());
        cmd
    }

    /// `roadmap` on the curriculum in `root` with this case's progress file.
    fn cmd_on(&self, root: &Path) -> Command {
        let mut cmd = self.embedded();
        cmd.env_remove("NO_COLOR").arg("--curriculum").arg(root);
        cmd
    }

    /// `roadmap` on the embedded roadmap.
    fn embedded(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap").expect("binary");
        cmd.env_remove("ROADMAP_CURRICULUM")
            .env("ROADMAP_PROGRESS_FILE", self.progress());
        cmd
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }
}

#[test]
fn status_on_a_fresh_machine_shows_nothing_done() {
    let case = Case::new();
    case.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Mini Roadmap: 0/3 lessons done (0%)",
        ))
        .stdout(predicate::str::contains(
            "Continue with 1.1 Values and Types",
        ));
    assert!(!case.progress().exists(), "reading status writes nothing");
}

#[test]
fn status_json_has_the_documented_shape() {
    let case = Case::new();
    case.cmd()
        .args(["done", "basics/values"])
        .assert()
        .success();
    let v = case.json(&["status", "--json"]);
    assert_eq!(v["roadmap"]["id"], "mini");
    assert_eq!(v["roadmap"]["title"], "Mini Roadmap");
    assert_eq!(v["lessons_total"], 3);
    assert_eq!(v["lessons_done"], 1);
    assert_eq!(v["last_lesson"], Value::Null);
    let step = &v["steps"][0];
    for field in [
        "id",
        "number",
        "title",
        "lessons_total",
        "lessons_done",
        "done",
        "quiz",
    ] {
        assert!(step.get(field).is_some(), "steps[0].{field}");
    }
    assert_eq!(step["lessons_done"], 1);
    assert_eq!(step["done"], false);
    assert_eq!(step["quiz"]["questions"], 2);
    assert_eq!(step["quiz"]["attempts"], 0);
    assert_eq!(step["quiz"]["best"], Value::Null);
    assert_eq!(step["quiz"]["passed"], false);
}

#[test]
fn list_json_has_the_documented_shape() {
    let case = Case::new();
    let v = case.json(&["list", "--json"]);
    let step = &v["steps"][0];
    assert_eq!(step["id"], "basics");
    assert_eq!(step["number"], 1);
    let lesson = &step["lessons"][0];
    assert_eq!(lesson["id"], "basics/values");
    assert_eq!(lesson["title"], "Values and Types");
    assert!(lesson["words"].as_u64().is_some_and(|w| w > 20));
    assert_eq!(lesson["minutes"], 1);
    assert_eq!(step["quiz"]["questions"], 2);
}

#[test]
fn list_text_shows_ids() {
    Case::new()
        .cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("basics/functions"))
        .stdout(predicate::str::contains("1 question\n"));
}

#[test]
fn done_and_undone_take_lesson_and_step_ids() {
    let case = Case::new();
    case.cmd()
        .args(["done", "basics"])
        .assert()
        .success()
        .stdout("marked 2 lesson(s) done\n");
    assert_eq!(case.json(&["status", "--json"])["steps"][0]["done"], true);
    case.cmd()
        .args(["undone", "basics/values"])
        .assert()
        .success()
        .stdout("marked 1 lesson(s) not done\n");
    let v = case.json(&["status", "--json"]);
    assert_eq!(v["lessons_done"], 1);
    case.cmd()
        .args(["done", "basics/functions"])
        .assert()
        .success()
        .stdout("marked 0 lesson(s) done (1 already were)\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(case.progress())
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn an_unknown_id_exits_2_points_at_list_and_writes_nothing() {
    let case = Case::new();
    case.cmd()
        .args(["done", "basics/values", "nope/never"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown id `nope/never`"))
        .stderr(predicate::str::contains("roadmap list"));
    assert!(!case.progress().exists());
    case.cmd()
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("roadmap list"));
}

#[test]
fn show_prints_plain_text_when_piped_and_respects_the_width() {
    let case = Case::new();
    for width in [20u16, 33, 60] {
        let out = case
            .cmd()
            .args(["show", "basics/values", "--width", &width.to_string()])
            .output()
            .expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(!text.contains('\x1b'), "no escape codes when piped");
        assert!(text.contains("Values and Types"));
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= usize::from(width),
                "{line:?} is wider than {width}"
            );
        }
    }
}

#[test]
fn show_with_colour_always_uses_ansi_styles_and_never_leaks_control_characters() {
    let case = Case::new();
    let file = case.dir.path().join("hostile.md");
    fs::write(
        &file,
        "# Title\n\nclear &#27;[2J screen \x1b]52;c;aGk=\x07 bell \u{9b}31m and \u{202e}evil\n",
    )
    .expect("write");
    let out = case
        .cmd()
        .args(["show", "--color", "always", "--file"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("\x1b[") && text.contains("Title"));
    // Every ESC starts an SGR sequence the renderer wrote itself.
    for (i, _) in text.match_indices('\x1b') {
        let rest = &text[i + 1..];
        assert!(rest.starts_with('['), "non-CSI escape at {i}");
        let end = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .expect("terminated");
        assert_eq!(
            &rest[end..=end],
            "m",
            "only SGR sequences: {:?}",
            &rest[..=end]
        );
    }
    assert!(!text.contains('\x07') && !text.contains('\u{9b}') && !text.contains('\u{202e}'));
    case.cmd()
        .args(["show", "--color", "never", "--file"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains('\x1b').not());
}

#[test]
fn show_writes_osc_8_hyperlinks_when_asked_with_the_url_still_visible() {
    let case = Case::new();
    let file = case.dir.path().join("links.md");
    fs::write(
        &file,
        "See [the docs](https://docs.rs/x?a=1&b=2), [mail](mailto:a@b.example), \
         [next](next.md), [odd](ftp://files.example/x) and [hostile](https://evil.example/&#27;]8;;https://other&#7;&#x9c;\u{9b}x%20y).\n",
    )
    .expect("write");
    let show = |when: &str| {
        let out = case
            .cmd()
            .args(["show", "--hyperlinks", when, "--width", "200", "--file"])
            .arg(&file)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let text = show("always");
    assert!(
        text.contains(
            "\x1b]8;id=roadmap-link-0;https://docs.rs/x?a=1&b=2\x1b\\the docs\x1b]8;;\x1b\\"
        ),
        "{text:?}"
    );
    // The URL stays visible as text, inside the same link.
    assert!(text.contains("https://docs.rs/x?a=1&b=2\x1b\\(https://docs.rs/x?a=1&b=2)"));
    assert!(text.contains(";mailto:a@b.example\x1b\\mail"));
    let dir = fs::canonicalize(case.dir.path()).expect("dir");
    assert!(text.contains(&format!(";file://{}/next.md\x1b\\next", dir.display())));
    assert!(
        !text.contains("ftp://files.example/x\x1b"),
        "other schemes stay text"
    );
    assert!(text.contains("odd (ftp://files.example/x)"));
    // Every escape is an OSC 8 open or close the renderer wrote (colour is off when piped),
    // with a URI of printable ASCII only.
    for (i, _) in text.match_indices('\x1b') {
        let rest = &text[i + 1..];
        if rest.starts_with('\\') {
            continue;
        }
        assert!(
            rest.starts_with("]8;"),
            "unexpected escape: {:?}",
            &rest[..10]
        );
        let end = rest.find('\x1b').expect("terminated");
        let uri = &rest[3..end];
        assert!(uri.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{uri:?}");
        assert_eq!(&rest[end..end + 2], "\x1b\\");
    }
    assert!(!text.contains('\x07') && !text.contains('\u{9b}') && !text.contains('\u{9c}'));
    for when in ["never", "auto"] {
        let text = show(when);
        assert!(!text.contains('\x1b'), "{when}: {text:?}");
        assert!(
            text.contains("the docs (https://docs.rs/x?a=1&b=2)"),
            "{when}"
        );
    }
}

#[test]
fn show_reports_a_missing_file_by_name() {
    Case::new()
        .cmd()
        .args(["show", "--file", "/no/such/file.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/file.md"));
}

#[test]
fn validate_accepts_the_fixture_and_the_embedded_roadmap() {
    let case = Case::new();
    case.cmd()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid (2 steps, 3 lessons, 0 labs, 3 quiz questions)",
        ));
    case.embedded().arg("validate").assert().success();
}

/// `roadmap validate DIR`'s output.
fn validate_dir(root: &Path) -> std::process::Output {
    Command::cargo_bin("roadmap")
        .expect("binary")
        .arg("validate")
        .arg(root)
        .output()
        .expect("runs")
}

/// Copies the fixture to a temp folder so a test can break it.
fn broken_copy(dir: &Path) -> PathBuf {
    let root = dir.join("broken");
    for entry in ["", "01-basics", "02-web"] {
        fs::create_dir_all(root.join(entry)).expect("mkdir");
    }
    for file in [
        "roadmap.md",
        "01-basics/step.md",
        "01-basics/01-values.md",
        "01-basics/02-functions.md",
        "01-basics/quiz.md",
        "02-web/step.md",
        "02-web/01-http.md",
        "02-web/quiz.md",
    ] {
        fs::copy(fixture_dir().join(file), root.join(file)).expect("copy");
    }
    root
}

#[test]
fn validate_names_the_file_and_line_of_every_problem() {
    let case = Case::new();
    let root = broken_copy(case.dir.path());
    fs::write(root.join("01-basics/02-functions.md"), "No title here.\n").expect("write");
    fs::write(
        root.join("02-web/quiz.md"),
        "# Quiz\n\n## Only one {#one}\n- [x] a\n\n> x\n\n## No answer {#two}\n- [ ] a\n- [ ] b\n\n> y\n",
    )
    .expect("write");
    fs::write(root.join("01-basics/03-Bad_Name.md"), "# Bad\n").expect("write");
    fs::write(
        root.join("01-basics/01-values.md"),
        "# V\n\n[gone](99-nope.md)\n",
    )
    .expect("write");
    let out = validate_dir(&root);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("utf-8");
    let r = root.display().to_string();
    for expected in [
        format!("{r}/01-basics/02-functions.md:1: the file must start with its title as an H1"),
        format!("{r}/02-web/quiz.md:3: question `one` has only one choice"),
        format!("{r}/02-web/quiz.md:8: question `two` has no correct choice"),
        format!("{r}/01-basics/03-Bad_Name.md: file name gives the id `Bad_Name`"),
        format!("{r}/01-basics/01-values.md:3: link `99-nope.md`"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.contains("5 problem(s)"), "{err}");
}

#[test]
fn a_step_without_lessons_and_duplicate_ids_are_reported() {
    let case = Case::new();
    let root = broken_copy(case.dir.path());
    fs::remove_file(root.join("02-web/01-http.md")).expect("rm");
    fs::create_dir(root.join("03-basics")).expect("mkdir");
    fs::write(root.join("03-basics/step.md"), "# Again\n").expect("write");
    fs::write(root.join("03-basics/01-x.md"), "# X\n").expect("write");
    let out = validate_dir(&root);
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(err.contains("02-web: step has no lessons"), "{err}");
    assert!(
        err.contains("03-basics: step id `basics` is used by `01-basics` too"),
        "{err}"
    );
}

#[test]
fn commands_refuse_an_invalid_curriculum_with_the_same_messages() {
    let case = Case::new();
    let root = broken_copy(case.dir.path());
    fs::write(root.join("01-basics/02-functions.md"), "\n\nno title\n").expect("write");
    case.cmd_on(&root)
        .arg("status")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "02-functions.md:3: the file must start with its title",
        ));
}

#[test]
fn reset_needs_all_and_a_confirmation() {
    let case = Case::new();
    case.cmd().args(["done", "basics"]).assert().success();
    case.cmd().arg("reset").assert().code(2);
    case.cmd()
        .args(["reset", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(case.json(&["status", "--json"])["lessons_done"], 2);
    case.cmd()
        .args(["reset", "--all", "--yes"])
        .assert()
        .success();
    assert_eq!(case.json(&["status", "--json"])["lessons_done"], 0);
}

#[test]
fn a_damaged_progress_file_is_moved_aside_and_named() {
    let case = Case::new();
    fs::write(case.progress(), b"{\"version\": 1, \"roadmaps\": {").expect("write");
    case.cmd()
        .args(["done", "basics/values"])
        .assert()
        .success()
        .stderr(predicate::str::contains("progress.json"))
        .stderr(predicate::str::contains(".bad-"));
    let moved: Vec<_> = fs::read_dir(case.dir.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".bad-"))
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        fs::read(moved[0].path()).expect("read"),
        b"{\"version\": 1, \"roadmaps\": {"
    );
    assert_eq!(case.json(&["status", "--json"])["lessons_done"], 1);
}

#[test]
fn a_progress_file_from_a_newer_version_is_never_written() {
    let case = Case::new();
    let future = br#"{"version": 9, "roadmaps": {}}"#;
    fs::write(case.progress(), future).expect("write");
    case.cmd()
        .args(["done", "basics/values"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer version"));
    assert_eq!(fs::read(case.progress()).expect("read"), future);
}

#[test]
fn the_interactive_app_needs_a_terminal() {
    Case::new()
        .cmd()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

#[test]
fn help_and_version_work() {
    Case::new()
        .cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("validate"));
    Case::new()
        .cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("roadmap "));
}

#[test]
fn two_processes_marking_lessons_at_once_lose_nothing() {
    let case = Case::new();
    let list = case
        .embedded()
        .args(["list", "--json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&list.stdout).expect("json");
    let ids: Vec<String> = v["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .flat_map(|s| s["lessons"].as_array().cloned().unwrap_or_default())
        .filter_map(|l| l["id"].as_str().map(str::to_string))
        .take(24)
        .collect();
    assert!(ids.len() >= 10, "the embedded roadmap has lessons");
    let progress = case.progress();
    let workers: Vec<_> = [0, 1]
        .into_iter()
        .map(|half| {
            let mine: Vec<String> = ids.iter().skip(half).step_by(2).cloned().collect();
            let progress = progress.clone();
            std::thread::spawn(move || {
                for id in mine {
                    Command::cargo_bin("roadmap")
                        .expect("binary")
                        .env_remove("ROADMAP_CURRICULUM")
                        .env("ROADMAP_PROGRESS_FILE", &progress)
                        .args(["done", &id])
                        .assert()
                        .success();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let out = case
        .embedded()
        .args(["status", "--json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["lessons_done"].as_u64(), Some(ids.len() as u64));
}

#[test]
fn reset_takes_a_lesson_or_a_step_id() {
    let case = Case::new();
    case.cmd()
        .args(["done", "basics", "web"])
        .assert()
        .success();
    case.cmd()
        .args(["reset", "basics/values", "--yes"])
        .assert()
        .success()
        .stdout("reset lesson \"Values and Types\"\n");
    assert_eq!(case.json(&["status", "--json"])["lessons_done"], 2);
    case.cmd()
        .args(["reset", "web", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("step 2"));
    let v = case.json(&["status", "--json"]);
    assert_eq!(v["lessons_done"], 1);
    assert_eq!(v["steps"][0]["lessons_done"], 1);
    case.cmd().args(["reset", "nope", "--yes"]).assert().code(2);
    case.cmd().args(["reset", "web", "--all"]).assert().code(2);
    case.cmd().args(["reset", "web"]).assert().code(2);
}

#[test]
fn review_lists_the_queue_and_what_is_due_by_the_clock() {
    let case = Case::new();
    fs::write(
        case.progress(),
        r#"{"version": 1, "roadmaps": {"mini": {"reviews": {
            "basics/len": {"box": 1, "due": "2026-01-02", "changed_at": "2026-01-01T10:00:00Z"},
            "web/status-404": {"box": 3, "due": "2026-01-05", "changed_at": "2026-01-01T10:00:00Z"},
            "gone/question": {"box": 1, "due": "2026-01-01", "changed_at": "2026-01-01T10:00:00Z"}
        }}}}"#,
    )
    .expect("write");
    let review = |now: &str, args: &[&str]| {
        case.cmd()
            .env("ROADMAP_NOW", now)
            .env("TZ", "UTC")
            .arg("review")
            .args(args)
            .output()
            .expect("runs")
    };
    let out = review("2026-01-01T12:00:00Z", &["--due"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Nothing is due for review.\n"
    );

    let out = review("2026-01-03T08:00:00Z", &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("1 question is due for review"), "{text}");
    assert!(text.contains("basics/len  (box 1, due now)"), "{text}");
    assert!(
        text.contains("What does `len(\"hello\")` return in Python?"),
        "{text}"
    );
    assert!(
        text.contains("web/status-404  (box 3, due 2026-01-05)"),
        "{text}"
    );
    assert!(
        !text.contains("gone/question"),
        "questions no longer in the roadmap are left out"
    );

    let out = review("2026-01-03T08:00:00Z", &["--due", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["due"], 1);
    assert_eq!(v["questions"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["questions"][0]["id"], "basics/len");
    assert_eq!(v["questions"][0]["box"], 1);
    assert_eq!(v["questions"][0]["step"], "basics");
}

#[test]
fn search_prints_ranked_results_with_snippets() {
    let case = Case::new();
    case.cmd()
        .args(["search", "FUNCTIONS"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "1. Functions  (basics/functions",
        ));
    let v = case.json(&["search", "--json", "not", "found"]);
    assert_eq!(v["query"], "not found");
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["kind"], "lesson");
    assert_eq!(results[0]["id"], "web/http");
    assert_eq!(results[1]["kind"], "question");
    assert_eq!(results[1]["id"], "web/status-404");
    assert!(
        results[0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("Not Found"))
    );
    case.cmd()
        .args(["search", "kubernetes"])
        .assert()
        .success()
        .stdout("No lesson or question mentions \"kubernetes\".\n");
}

#[test]
fn notes_prints_one_lesson_or_all() {
    let case = Case::new();
    case.cmd()
        .arg("notes")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("No notes yet."));
    let dir = case.dir.path().join("notes/mini/basics");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("values.md"), "# Notes: Values\n\nints are exact\n").expect("write");
    case.cmd()
        .args(["notes", "basics/values"])
        .assert()
        .success()
        .stdout("# Notes: Values\n\nints are exact\n");
    case.cmd()
        .arg("notes")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "==> basics/values: Values and Types",
        ));
    case.cmd()
        .args(["notes", "basics/functions"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "No notes for \"Functions\" yet.",
        ));
    case.cmd().args(["notes", "nope/nope"]).assert().code(2);
}

#[test]
fn export_then_import_on_another_machine_loses_nothing() {
    let a = Case::new();
    let b = Case::new();
    let at = |case: &Case, now: &str, args: &[&str]| {
        case.cmd()
            .env("ROADMAP_NOW", now)
            .args(args)
            .assert()
            .success();
    };
    // Machine A: finishes the basics and writes a note.
    at(&a, "2026-01-01T10:00:00Z", &["done", "basics"]);
    let notes = a.dir.path().join("notes/mini/basics");
    fs::create_dir_all(&notes).expect("mkdir");
    fs::write(notes.join("values.md"), "# Notes: Values\n\nfrom A\n").expect("note");
    // Machine B: undid `values` later, finished `web/http`, and has its own note.
    at(&b, "2026-01-02T10:00:00Z", &["done", "web/http"]);
    at(&b, "2026-01-02T11:00:00Z", &["done", "basics/values"]);
    at(&b, "2026-01-02T12:00:00Z", &["undone", "basics/values"]);
    let b_notes = b.dir.path().join("notes/mini/basics");
    fs::create_dir_all(&b_notes).expect("mkdir");
    fs::write(b_notes.join("values.md"), "# Notes: Values\n\nfrom B\n").expect("note");

    let export = a.dir.path().join("export.json");
    a.cmd()
        .args(["export", "-o"])
        .arg(&export)
        .assert()
        .success();
    let report = a
        .cmd()
        .args(["export", "--format", "markdown"])
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(
        report.contains("- [x] Values and Types (done 2026-01-01)"),
        "{report}"
    );
    assert!(report.contains("### Notes: Values and Types") && report.contains("from A"));

    b.cmd()
        .arg("import")
        .arg(&export)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 lesson(s) now done"))
        .stdout(predicate::str::contains("1 note(s) written"));
    let v = b.json(&["status", "--json"]);
    assert_eq!(
        v["steps"][0]["lessons_done"], 1,
        "functions came over; values stays undone"
    );
    assert_eq!(v["steps"][1]["lessons_done"], 1, "B's own progress is kept");
    let note = fs::read_to_string(b_notes.join("values.md")).expect("note");
    assert!(note.contains("from B") && note.contains("from A"), "{note}");
    // Importing again changes nothing.
    b.cmd()
        .arg("import")
        .arg(&export)
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing new"));
}

#[test]
fn a_malformed_import_is_refused_and_changes_nothing() {
    let case = Case::new();
    case.cmd()
        .args(["done", "basics/values"])
        .assert()
        .success();
    let before = fs::read(case.progress()).expect("read");
    let bad = case.dir.path().join("bad.json");
    fs::write(&bad, "{\"version\": 1, \"roadmaps\": [").expect("write");
    case.cmd()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.json"))
        .stderr(predicate::str::contains("nothing was changed"));
    assert_eq!(fs::read(case.progress()).expect("read"), before);
    let evil = case.dir.path().join("evil.json");
    fs::write(
        &evil,
        r#"{"version": 1, "roadmaps": {}, "notes": {"mini": {"../../escape": "x"}}}"#,
    )
    .expect("write");
    case.cmd()
        .arg("import")
        .arg(&evil)
        .assert()
        .success()
        .stdout(predicate::str::contains("skipped notes"));
    assert!(!case.dir.path().join("escape.md").exists());
}

fn lab_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lab")
}

#[test]
fn labs_are_listed_apart_from_lessons() {
    let case = Case::new();
    let out = case
        .cmd_on(&lab_fixture())
        .args(["list", "--json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let step = &v["steps"][0];
    assert_eq!(step["lessons"].as_array().map(Vec::len), Some(1));
    assert_eq!(step["labs"][0]["id"], "data/lab-shop");
    assert_eq!(step["labs"][0]["kind"], "sql");
    assert_eq!(step["labs"][0]["tasks"], 2);
    case.cmd_on(&lab_fixture())
        .arg("lab")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Lab: A Tiny Shop  (data/lab-shop, sql lab, 0/2 tasks solved)",
        ));
    case.cmd()
        .arg("lab")
        .assert()
        .success()
        .stdout("This roadmap has no labs.\n");
}

#[test]
fn validate_runs_every_lab_task_against_its_own_solution() {
    let case = Case::new();
    let root = case.dir.path().join("lab");
    fs::create_dir_all(root.join("01-data")).expect("mkdir");
    for f in [
        "roadmap.md",
        "01-data/step.md",
        "01-data/01-tables.md",
        "01-data/quiz.md",
    ] {
        fs::copy(lab_fixture().join(f), root.join(f)).expect("copy");
    }
    let lab = fs::read_to_string(lab_fixture().join("01-data/02-lab-shop.md")).expect("read");
    let broken = lab
        .replace("name TEXT NOT NULL", "name TEXT NOT NULL,, oops")
        .replace(
            "WHERE name = 'Mug';\n```\n\n```sql verify",
            "WHERE name = 'Pen';\n```\n\n```sql verify",
        );
    fs::write(root.join("01-data/02-lab-shop.md"), &broken).expect("write");
    let out = validate_dir(&root);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("02-lab-shop.md:5: the setup SQL fails to load"),
        "{err}"
    );

    // A loading setup, but a task whose solution contradicts its check.
    let broken = lab.replace(
        "SELECT id, name, price_cents FROM products;",
        "SELECT 1/0, random();",
    );
    fs::write(root.join("01-data/02-lab-shop.md"), &broken).expect("write");
    let out = validate_dir(&root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("02-lab-shop.md:23: task `mug`"), "{err}");
}

#[test]
fn completions_and_the_man_page_are_printed() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        Case::new()
            .cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("roadmap"))
            .stdout(predicate::str::contains("validate"));
    }
    Case::new()
        .cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH roadmap 1"))
        .stdout(predicate::str::contains("validate"));
}
