//! Labs: the SQL lab screen driven by keys, with a real in-memory database behind it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roadmap::lab::sql::SqlLab;
use roadmap::tui::model::{Screen, Tone};
use roadmap::tui::{Effect, Msg};

use crate::support::{ch, key, lab_model, press, run_lab_effects, screen_text};

fn setup(m: &roadmap::tui::Model) -> SqlLab {
    let (_, _, lesson) = m.roadmap.lesson("data/lab-shop").expect("the lab");
    SqlLab::new(&lesson.lab.as_ref().expect("a lab").1.setup).expect("setup loads")
}

fn typed(text: &str) -> Vec<Msg> {
    text.chars().map(ch).collect()
}

fn f5() -> Msg {
    key(KeyCode::F(5))
}

#[test]
fn a_learner_solves_both_tasks_and_the_lab_is_done() {
    let mut m = lab_model(100, 30);
    let mut db = setup(&m);
    let effects = press(&mut m, [key(KeyCode::Enter), ch('j'), key(KeyCode::Enter)]);
    assert_eq!(
        effects,
        [Effect::StartLab("data/lab-shop".into()), Effect::Save]
    );
    assert!(matches!(m.screen, Screen::Lab(ref s) if s.editing && s.task == 0));

    // Letters, q included, go to the editor.
    let effects = press(
        &mut m,
        typed("SELECT name FROM products ORDER BY price_cents DESC"),
    );
    assert!(effects.is_empty() && !m.quit);
    let effects = press(&mut m, [f5()]);
    assert!(matches!(&effects[..], [Effect::RunLab { task: 0, .. }]));
    assert!(
        run_lab_effects(&mut m, &mut db, effects).is_empty(),
        "nothing solved, nothing saved"
    );
    match &m.screen {
        Screen::Lab(s) => {
            let out = s.output.as_ref().expect("output");
            assert_eq!(out.tone, Tone::Bad);
            assert!(out.message.contains("Not yet"), "{}", out.message);
            assert_eq!(out.result.as_ref().map(|r| r.rows.len()), Some(3));
        }
        _ => unreachable!(),
    }

    // Fix it: clear the editor (Ctrl-U) and type the right query.
    let ctrl_u = Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut m, [ctrl_u]);
    press(
        &mut m,
        typed("SELECT name FROM products WHERE price_cents < 1000 ORDER BY name"),
    );
    let effects = press(&mut m, [f5()]);
    assert!(run_lab_effects(&mut m, &mut db, effects).is_empty());
    match &m.screen {
        Screen::Lab(s) => {
            let message = &s.output.as_ref().expect("output").message;
            assert!(message.contains("wrong order"), "{message}");
        }
        _ => unreachable!(),
    }
    let ctrl_u = Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut m, [ctrl_u]);
    press(
        &mut m,
        typed("SELECT name FROM products WHERE price_cents < 1000 ORDER BY price_cents"),
    );
    let effects = press(&mut m, [f5()]);
    assert_eq!(run_lab_effects(&mut m, &mut db, effects), [Effect::Save]);
    assert!(
        m.roadmap_progress()
            .is_some_and(|p| p.is_task_solved("data/lab-shop", "cheap"))
    );
    assert!(!m.is_done("data/lab-shop"), "one task is left");

    // Esc leaves the editor; n goes to the next task; h shows a hint (none here).
    press(&mut m, [key(KeyCode::Esc), ch('n'), ch('h')]);
    assert!(matches!(m.screen, Screen::Lab(ref s) if !s.editing && s.task == 1));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("no hints"))
    );
    let ctrl_u = Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(&mut m, [key(KeyCode::Enter), ctrl_u]);
    press(
        &mut m,
        typed("UPDATE products SET price_cents = 900 WHERE name = 'Mug'"),
    );
    let effects = press(&mut m, [f5()]);
    assert_eq!(run_lab_effects(&mut m, &mut db, effects), [Effect::Save]);
    assert!(
        m.is_done("data/lab-shop"),
        "every task solved: the lab counts as done"
    );
    assert_eq!(m.step_done_count(0), 1);

    // History: Ctrl-P recalls the last SQL.
    let ctrl_u = Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    let ctrl_p = Msg::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    press(&mut m, [ctrl_u, ctrl_p]);
    match &m.screen {
        Screen::Lab(s) => assert!(s.editor.text().starts_with("UPDATE products")),
        _ => unreachable!(),
    }
    // r (outside the editor) asks for a fresh database; Esc twice returns home.
    let effects = press(&mut m, [key(KeyCode::Esc), ch('r')]);
    assert_eq!(effects, [Effect::ResetLab("data/lab-shop".into())]);
    press(&mut m, [key(KeyCode::Esc)]);
    assert!(matches!(m.screen, Screen::Home));
}

#[test]
fn hints_are_revealed_one_at_a_time() {
    let mut m = lab_model(100, 30);
    press(
        &mut m,
        [
            key(KeyCode::Enter),
            ch('j'),
            key(KeyCode::Enter),
            key(KeyCode::Esc),
            ch('h'),
        ],
    );
    let screen = screen_text(&m);
    assert!(
        screen.contains("Hint 1: WHERE price_cents < 1000"),
        "{screen}"
    );
    assert!(!screen.contains("Hint 2"));
    press(&mut m, [ch('h')]);
    assert!(screen_text(&m).contains("Hint 2: finish with ORDER BY price_cents"));
}

#[test]
fn the_lab_screen_shows_a_result_table_and_a_ticked_task() {
    for (w, h) in [(80, 24), (140, 40)] {
        let mut m = lab_model(w, h);
        let mut db = setup(&m);
        press(&mut m, [key(KeyCode::Enter), ch('j'), key(KeyCode::Enter)]);
        press(
            &mut m,
            typed("SELECT name FROM products WHERE price_cents < 1000 ORDER BY price_cents"),
        );
        let effects = press(&mut m, [f5()]);
        run_lab_effects(&mut m, &mut db, effects);
        let screen = screen_text(&m);
        assert!(screen.contains("✓ Task 1: Cheap products"), "{screen}");
        insta::assert_snapshot!(format!("lab_solved_{w}x{h}"), screen);
    }
}

#[test]
fn sql_errors_are_shown_as_sqlite_says_them() {
    let mut m = lab_model(100, 30);
    let mut db = setup(&m);
    press(&mut m, [key(KeyCode::Enter), ch('j'), key(KeyCode::Enter)]);
    press(&mut m, typed("SELECT nme FROM products"));
    let effects = press(&mut m, [f5()]);
    run_lab_effects(&mut m, &mut db, effects);
    assert!(screen_text(&m).contains("no such column: nme"));
}

#[test]
fn a_git_lab_checks_the_practice_repository_the_learner_works_in() {
    if !roadmap::lab::git::git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut m = lab_model(100, 30);
    let (_, _, lesson) = m.roadmap.lesson("data/lab-repo").expect("the git lab");
    let setup = lesson.lab.as_ref().expect("lab").1.setup.clone();
    let repo = roadmap::lab::git::GitLab::new(dir.path().join("repo"), &setup);
    // The app's runtime, in miniature: make the repository, check tasks.
    let run = |m: &mut roadmap::tui::Model, effects: Vec<Effect>| -> Vec<Effect> {
        let mut out = vec![];
        for e in effects {
            let msg = match e {
                Effect::StartLab(lab) => {
                    repo.ensure().expect("repository");
                    Msg::LabReady {
                        lab,
                        outcome: Ok(Some(repo.dir().display().to_string())),
                    }
                }
                Effect::RunLab { lab, task, .. } => {
                    let t = m
                        .roadmap
                        .lesson(&lab)
                        .and_then(|(_, _, l)| l.lab.as_ref())
                        .map(|(_, l)| l.tasks[task].clone())
                        .expect("task");
                    repo.prepare(&t).expect("prepare");
                    let verdict = repo.check(&t).expect("check");
                    Msg::LabRan {
                        lab,
                        task,
                        outcome: Ok((Default::default(), verdict)),
                    }
                }
                other => {
                    out.push(other);
                    continue;
                }
            };
            out.extend(roadmap::tui::update(m, msg));
        }
        out
    };
    let mut effects = press(
        &mut m,
        [key(KeyCode::Enter), ch('j'), ch('j'), key(KeyCode::Enter)],
    );
    // Opening makes the repository and checks the first task at once.
    for _ in 0..3 {
        effects = run(&mut m, effects);
    }
    let screen = screen_text(&m);
    assert!(
        screen.contains(&format!("cd {}", repo.dir().display())),
        "{screen}"
    );
    assert!(
        screen.contains("Not yet: the branch has 0 commit(s); 1 expected."),
        "{screen}"
    );

    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(repo.dir())
            .status()
            .expect("git runs")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["add", "README.md"]);
    git(&["commit", "-q", "-m", "Add README"]);
    let effects = press(&mut m, [key(KeyCode::Enter)]);
    assert_eq!(run(&mut m, effects), [Effect::Save]);
    assert!(
        m.roadmap_progress()
            .is_some_and(|p| p.is_task_solved("data/lab-repo", "first"))
    );
    // Moving to the next task checks it too; tagging solves it and finishes the lab.
    let effects = press(&mut m, [ch('n')]);
    assert!(run(&mut m, effects).is_empty());
    git(&["tag", "v0.1"]);
    let effects = press(&mut m, [ch('c')]);
    assert_eq!(run(&mut m, effects), [Effect::Save]);
    assert!(m.is_done("data/lab-repo"));
}

#[test]
fn an_http_lab_ticks_tasks_off_as_requests_arrive_and_stops_its_server() {
    use std::io::{Read, Write};
    let mut m = lab_model(100, 30);
    let (_, _, lesson) = m.roadmap.lesson("data/lab-api").expect("the http lab");
    let (kind, lab) = lesson.lab.clone().expect("lab");
    assert_eq!(kind, roadmap::curriculum::LabKind::Http);
    let effects = press(
        &mut m,
        [
            key(KeyCode::Enter),
            ch('j'),
            ch('j'),
            ch('j'),
            key(KeyCode::Enter),
        ],
    );
    assert_eq!(
        effects,
        [Effect::StartLab("data/lab-api".into()), Effect::Save]
    );
    let server = roadmap::lab::http::HttpLab::start(&lab.setup).expect("starts");
    let effects = roadmap::tui::update(
        &mut m,
        Msg::LabReady {
            lab: "data/lab-api".into(),
            outcome: Ok(Some(server.url())),
        },
    );
    assert!(matches!(&effects[..], [Effect::RunLab { task: 0, .. }]));
    assert!(screen_text(&m).contains(&format!("export API={}", server.url())));

    let request = |target: &str| {
        let addr = server.url().trim_start_matches("http://").to_string();
        let mut s = std::net::TcpStream::connect(addr).expect("connects");
        write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").expect("writes");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("reads");
        out
    };
    assert!(request("/books?status=reading").starts_with("HTTP/1.1 200"));
    // What the app's loop sends when new requests arrive.
    let news = |m: &roadmap::tui::Model| Msg::LabRequests {
        lab: "data/lab-api".into(),
        lines: server
            .requests()
            .iter()
            .rev()
            .map(|r| r.summary())
            .collect(),
        solved: lab
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| server.check(t) == roadmap::lab::sql::Verdict::Solved)
            .map(|(i, _)| i)
            .filter(|_| m.width > 0)
            .collect(),
    };
    let msg = news(&m);
    assert_eq!(roadmap::tui::update(&mut m, msg), [Effect::Save]);
    assert!(
        m.roadmap_progress()
            .is_some_and(|p| p.is_task_solved("data/lab-api", "filter"))
    );
    let screen = screen_text(&m);
    assert!(screen.contains("200 GET /books?…"), "{screen}");
    assert!(screen.contains("Solved task 1"), "{screen}");

    assert!(request("/me").starts_with("HTTP/1.1 401"));
    let msg = news(&m);
    assert_eq!(roadmap::tui::update(&mut m, msg), [Effect::Save]);
    assert!(m.is_done("data/lab-api"), "both tasks solved");
    // A repeat of the same news solves nothing new.
    let msg = news(&m);
    assert!(roadmap::tui::update(&mut m, msg).is_empty());

    // v shows the lab's introduction in place of the task, and back.
    press(&mut m, [ch('v')]);
    assert!(screen_text(&m).contains("About this lab"));
    assert!(screen_text(&m).contains("Call the practice API with curl."));
    press(&mut m, [ch('v')]);
    assert!(!screen_text(&m).contains("About this lab"));

    let effects = press(&mut m, [key(KeyCode::Esc)]);
    assert_eq!(effects, [Effect::StopLab("data/lab-api".into())]);
}
