//! `update` sequences on the fixture model: the state and the effects they produce.

use ratatui::crossterm::event::KeyCode;
use roadmap::tui::model::{Confirm, Focus, Overlay, QuizKind, QuizPhase, Screen};
use roadmap::tui::{Effect, Msg, update};

use crate::support::{at, ch, key, model, model_with, press};

fn reader_scroll(m: &roadmap::tui::Model) -> usize {
    match &m.screen {
        Screen::Reader(r) => r.scroll,
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn enter_twice_opens_the_first_lesson_and_records_it() {
    let mut m = model(80, 24);
    let effects = press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.step == 0 && r.lesson == 0));
    assert_eq!(effects, [Effect::Save]);
    let last = m.roadmap_progress().and_then(|p| p.last_lesson.clone());
    assert_eq!(last.map(|l| l.id), Some("basics/values".to_string()));
}

#[test]
fn x_in_the_reader_toggles_done_and_saves() {
    let mut m = model(80, 24);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(press(&mut m, [ch('x')]), [Effect::Save]);
    assert!(m.is_done("basics/values"));
    let hash = m
        .roadmap_progress()
        .and_then(|p| p.lessons["basics/values"].hash.clone());
    assert_eq!(hash, Some(m.roadmap.steps[0].lessons[0].hash.clone()));
    press(&mut m, [ch('x')]);
    assert!(!m.is_done("basics/values"));
}

#[test]
fn scrolling_is_clamped_and_the_position_survives_leaving_and_a_resize() {
    let mut m = model(60, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    press(&mut m, [key(KeyCode::End)]);
    let bottom = reader_scroll(&m);
    assert!(bottom > 0, "the lesson is longer than 9 rows at 60 columns");
    press(&mut m, [key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(reader_scroll(&m), bottom, "cannot scroll past the end");
    press(
        &mut m,
        [
            key(KeyCode::Home),
            ch('j'),
            ch('j'),
            ch('j'),
            ch('j'),
            ch('j'),
        ],
    );
    let line = match &m.screen {
        Screen::Reader(r) => r.doc.lines[r.scroll].clone(),
        _ => unreachable!(),
    };
    // Leave, resize much wider, come back: the same block is at the top.
    let effects = press(&mut m, [key(KeyCode::Esc)]);
    assert_eq!(effects, [Effect::Save]);
    assert!(matches!(m.screen, Screen::Home));
    update(&mut m, Msg::Resize(70, 12));
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Reader(r) => {
            assert_eq!(r.doc.lines[r.scroll].source_offset, line.source_offset);
        }
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn a_resize_in_the_reader_keeps_the_block_at_the_top() {
    let mut m = model(50, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    press(&mut m, (0..8).map(|_| ch('j')));
    let offset = match &m.screen {
        Screen::Reader(r) => r.doc.lines[r.scroll].source_offset,
        _ => unreachable!(),
    };
    update(&mut m, Msg::Resize(120, 40));
    match &m.screen {
        Screen::Reader(r) => {
            assert!(r.doc.lines[r.scroll].source_offset <= offset);
            assert_eq!(r.doc.width, 100, "the text column is capped");
        }
        _ => unreachable!(),
    }
}

#[test]
fn brackets_move_across_steps() {
    let mut m = model(80, 24);
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::Enter), ch(']'), ch(']')],
    );
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.step == 1 && r.lesson == 0));
    press(&mut m, [ch(']')]);
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("last lesson"))
    );
    press(&mut m, [ch('['), ch('['), ch('[')]);
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.step == 0 && r.lesson == 0));
}

#[test]
fn find_highlights_matches_and_n_cycles() {
    let mut m = model(80, 24);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('/')]);
    press(&mut m, "TYPE".chars().map(ch));
    let (count, editing) = match &m.screen {
        Screen::Reader(r) => {
            let f = r.find.as_ref().expect("find is open");
            (f.matches.len(), f.editing)
        }
        _ => unreachable!(),
    };
    assert!(count >= 3, "case-insensitive: Types, type, Type …");
    assert!(editing);
    // While typing, q is text, not quit.
    press(&mut m, [ch('q')]);
    assert!(!m.quit);
    press(
        &mut m,
        [key(KeyCode::Backspace), key(KeyCode::Enter), ch('n')],
    );
    match &m.screen {
        Screen::Reader(r) => assert_eq!(r.find.as_ref().map(|f| f.current), Some(1)),
        _ => unreachable!(),
    }
    // Esc closes find first, then leaves the lesson.
    press(&mut m, [key(KeyCode::Esc)]);
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.find.is_none()));
    press(&mut m, [key(KeyCode::Esc)]);
    assert!(matches!(m.screen, Screen::Home));
}

#[test]
fn x_on_a_step_asks_first_then_marks_every_lesson() {
    let mut m = model(80, 24);
    assert!(press(&mut m, [ch('x')]).is_empty());
    assert_eq!(
        m.overlay,
        Some(Overlay::Confirm(Confirm::StepDone {
            step: 0,
            done: true
        }))
    );
    assert!(press(&mut m, [ch('n')]).is_empty());
    assert!(!m.is_done("basics/values"));
    press(&mut m, [ch('x')]);
    assert_eq!(press(&mut m, [ch('y')]), [Effect::Save]);
    assert!(m.step_done(0));
    // A second x offers to unmark.
    press(&mut m, [ch('x')]);
    assert_eq!(
        m.overlay,
        Some(Overlay::Confirm(Confirm::StepDone {
            step: 0,
            done: false
        }))
    );
}

fn open_quiz(m: &mut roadmap::tui::Model) {
    press(
        m,
        [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
    );
    assert!(matches!(m.screen, Screen::Quiz(_)), "{:?}", m.screen);
}

#[test]
fn a_quiz_scores_single_and_multi_answer_questions_and_records_the_attempt() {
    let mut m = model(80, 24);
    open_quiz(&mut m);
    // Q1 single answer: 1 then 2 leaves only 2 selected (right).
    press(&mut m, [ch('1'), ch('2')]);
    match &m.screen {
        Screen::Quiz(q) => assert_eq!(
            (q.selected.as_slice(), q.cursor),
            ([false, true, false].as_slice(), 1)
        ),
        _ => unreachable!(),
    }
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(q) => {
            assert_eq!(q.phase, QuizPhase::Feedback { correct: true });
            assert_eq!(q.selected, [false, true, false]);
        }
        _ => unreachable!(),
    }
    // Q2 multi answer: Enter without a choice only asks for one.
    press(&mut m, [key(KeyCode::Enter)]);
    assert!(press(&mut m, [key(KeyCode::Enter)]).is_empty());
    assert!(
        m.status.as_ref().is_some_and(|s| s.text.contains("Space")),
        "{:?}",
        m.status
    );
    // Only one of the two right ones is wrong (all or nothing).
    press(&mut m, [ch('1'), key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(q) => assert_eq!(q.phase, QuizPhase::Feedback { correct: false }),
        _ => unreachable!(),
    }
    m.now = at(100);
    let effects = press(&mut m, [key(KeyCode::Enter)]);
    assert_eq!(effects, [Effect::Save]);
    match &m.screen {
        Screen::Quiz(q) => {
            assert_eq!(q.phase, QuizPhase::Summary);
            assert_eq!(q.missed, [1]);
        }
        _ => unreachable!(),
    }
    let p = m.roadmap_progress().expect("progress");
    let attempt = &p.quizzes["basics"].attempts[0];
    assert_eq!((attempt.correct, attempt.total), (1, 2));
    assert_eq!(attempt.missed, ["basics/types"]);
    assert_eq!(attempt.at, at(100));
    assert_eq!(p.quiz_best("basics"), Some(50));
    // Enter returns home with the quiz entry selected.
    press(&mut m, [key(KeyCode::Enter)]);
    assert!(matches!(m.screen, Screen::Home));
    assert_eq!((m.home.focus, m.home.entry), (Focus::Entries, 2));
}

#[test]
fn multi_answer_choices_toggle_and_all_right_passes() {
    let mut m = model(80, 24);
    open_quiz(&mut m);
    press(&mut m, [ch('2'), key(KeyCode::Enter), key(KeyCode::Enter)]);
    press(&mut m, [ch('1'), ch('3'), ch('3'), ch('2')]);
    match &m.screen {
        Screen::Quiz(q) => assert_eq!(q.selected, [true, true, false]),
        _ => unreachable!(),
    }
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(
        m.roadmap_progress().and_then(|p| p.quiz_best("basics")),
        Some(100)
    );
}

#[test]
fn esc_mid_quiz_asks_and_abandons_without_recording() {
    let mut m = model(80, 24);
    open_quiz(&mut m);
    press(&mut m, [ch('2'), key(KeyCode::Enter), key(KeyCode::Esc)]);
    assert_eq!(m.overlay, Some(Overlay::Confirm(Confirm::AbandonQuiz)));
    press(&mut m, [ch('n')]);
    assert!(matches!(m.screen, Screen::Quiz(_)));
    press(&mut m, [key(KeyCode::Esc), ch('y')]);
    assert!(matches!(m.screen, Screen::Home));
    assert_eq!(
        m.roadmap_progress()
            .map_or(0, |p| p.quiz_attempts("basics")),
        0
    );
}

#[test]
fn continue_opens_the_last_lesson_at_its_position() {
    let mut progress = roadmap::progress::Progress::default();
    let lesson = &crate::support::fixture().steps[1].lessons[0];
    let offset = lesson.source.find("A `200 OK`").expect("text in fixture");
    let p = progress.roadmap_mut("mini");
    p.open("web/http", at(1));
    p.set_position("web/http", offset, at(2));
    let mut m = model_with(progress, 40, 12);
    assert_eq!(m.home.step, 1, "home starts at the step of the last lesson");
    press(&mut m, [ch('c')]);
    match &m.screen {
        Screen::Reader(r) => {
            assert_eq!((r.step, r.lesson), (1, 0));
            assert!(r.scroll > 0);
            let at = r
                .doc
                .lines
                .iter()
                .position(|l| l.plain().contains("200 OK"));
            let at = at.expect("the line is in the document");
            assert!(
                (r.scroll..r.scroll + 9).contains(&at),
                "{at} not visible from {}",
                r.scroll
            );
        }
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn continue_without_history_opens_the_first_unfinished_lesson() {
    let mut m = model(80, 24);
    press(&mut m, [ch('x'), ch('y'), ch('c')]);
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.step == 1 && r.lesson == 0));
}

#[test]
fn quit_saves_the_reading_position() {
    let mut m = model(40, 12);
    press(
        &mut m,
        [
            key(KeyCode::Enter),
            key(KeyCode::Enter),
            ch('j'),
            ch('j'),
            ch('j'),
        ],
    );
    let effects = press(&mut m, [ch('q')]);
    assert_eq!(effects, [Effect::Save, Effect::Quit]);
    assert!(m.quit);
    let pos = m
        .roadmap_progress()
        .and_then(|p| p.position("basics/values"));
    assert!(pos.is_some_and(|p| p > 0));
}

#[test]
fn help_opens_and_closes_and_ctrl_c_quits_from_anywhere() {
    let mut m = model(80, 24);
    press(&mut m, [ch('?')]);
    assert_eq!(m.overlay, Some(Overlay::Help));
    press(&mut m, [key(KeyCode::Esc)]);
    assert_eq!(m.overlay, None);
    press(&mut m, [ch('x')]);
    let ctrl_c = Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('c'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    assert_eq!(press(&mut m, [ctrl_c]), [Effect::Quit]);
}

#[test]
fn a_failed_save_is_shown_and_cleared_by_the_next_success() {
    let mut m = model(80, 24);
    update(&mut m, Msg::SaveFailed("disk full".into()));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.error && s.text == "disk full")
    );
    let p = m.progress.clone();
    update(&mut m, Msg::Saved(p));
    assert!(m.status.is_none());
}

#[test]
fn a_lesson_changed_since_it_was_finished_says_so_and_x_means_read_again() {
    let mut progress = roadmap::progress::Progress::default();
    progress
        .roadmap_mut("mini")
        .set_done("basics/values", true, "an-old-hash", at(1));
    let mut m = model_with(progress, 100, 30);
    let lesson = m.roadmap.steps[0].lessons[0].clone();
    assert!(m.is_done(&lesson.id));
    assert!(m.is_outdated(&lesson));
    let screen = crate::support::screen_text(&m);
    assert!(screen.contains("↻ 1. Values and Types"), "{screen}");
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::Home), key(KeyCode::Enter)],
    );
    let screen = crate::support::screen_text(&m);
    assert!(screen.contains("updated since you finished it"), "{screen}");
    assert_eq!(press(&mut m, [ch('x')]), [Effect::Save]);
    assert!(
        m.is_done(&lesson.id),
        "x on an updated lesson keeps it done"
    );
    assert!(!m.is_outdated(&lesson));
    press(&mut m, [ch('x')]);
    assert!(!m.is_done(&lesson.id), "a second x unmarks it as usual");
}

#[test]
fn a_high_score_on_an_unread_step_offers_to_test_out() {
    let mut m = model(80, 24);
    // Step 2's quiz: one question; answer it right.
    press(
        &mut m,
        [
            ch('j'),
            key(KeyCode::Enter),
            key(KeyCode::End),
            key(KeyCode::Enter),
        ],
    );
    press(&mut m, [ch('1'), key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(
        m.overlay,
        Some(Overlay::Confirm(Confirm::TestOut {
            step: 1,
            percent: 100
        }))
    );
    let screen = crate::support::screen_text(&m);
    assert!(screen.contains("tested out"), "{screen}");
    assert_eq!(press(&mut m, [ch('y')]), [Effect::Save]);
    assert!(m.is_tested_out(1));
    assert!(m.step_done(1));
    assert!(!m.is_done("web/http"), "lessons keep their own marks");
    assert_eq!(m.totals(), (1, 3), "the tested-out step counts in full");
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Esc)]);
    let screen = crate::support::screen_text(&m);
    assert!(screen.contains("★  2. Learn the Web"), "{screen}");
    // Unmarking the step with x takes the test-out back.
    press(&mut m, [ch('x'), ch('y')]);
    assert!(!m.step_done(1));
}

#[test]
fn a_high_score_on_a_finished_step_does_not_ask() {
    let mut m = model(80, 24);
    press(&mut m, [ch('j'), ch('x'), ch('y')]);
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
    );
    press(&mut m, [ch('1'), key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(m.overlay, None);
}

#[test]
fn t_opens_the_contents_and_enter_jumps_to_a_heading() {
    let mut m = model(60, 12);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('t')]);
    assert_eq!(m.overlay, Some(Overlay::Toc(0)));
    press(&mut m, [ch('j'), ch('j')]);
    assert_eq!(m.overlay, Some(Overlay::Toc(2)));
    press(&mut m, [key(KeyCode::Enter)]);
    assert_eq!(m.overlay, None);
    match &m.screen {
        Screen::Reader(r) => {
            let heading = &r.doc.headings[2];
            assert_eq!(heading.text, "Text");
            assert_eq!(r.scroll, heading.line);
        }
        _ => unreachable!(),
    }
    // Reopened, it starts at the section being read; Esc closes without moving.
    press(&mut m, [ch('t')]);
    assert_eq!(m.overlay, Some(Overlay::Toc(2)));
    press(&mut m, [key(KeyCode::Esc)]);
    assert_eq!(m.overlay, None);
    assert!(matches!(m.screen, Screen::Reader(_)));
}

#[test]
fn missed_questions_come_back_for_review_on_the_right_days() {
    let day = |n: i64| at(n * 86_400);
    let mut m = model(80, 24);
    m.now = day(0);
    // Take step 1's quiz: miss the first question, get the second right.
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
    );
    press(&mut m, [ch('1'), key(KeyCode::Enter), key(KeyCode::Enter)]);
    press(
        &mut m,
        [ch('1'), ch('2'), key(KeyCode::Enter), key(KeyCode::Enter)],
    );
    let card = m.roadmap_progress().expect("progress").reviews["basics/len"].clone();
    assert_eq!(card.level, 1);
    press(&mut m, [key(KeyCode::Enter)]);
    // Not due the same day.
    assert!(m.due_reviews().is_empty());
    press(&mut m, [ch('r')]);
    assert!(matches!(m.screen, Screen::Home));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("Nothing is due"))
    );
    // The next day home says so, and r reviews it.
    m.now = day(1);
    press(&mut m, [ch('k')]);
    let screen = crate::support::screen_text(&m);
    assert!(screen.contains("1 question due for review"), "{screen}");
    press(&mut m, [ch('r')]);
    match &m.screen {
        Screen::Quiz(run) => {
            assert_eq!(run.kind, QuizKind::Review);
            assert_eq!(run.questions, [(0, 0)]);
        }
        other => panic!("expected a review, got {other:?}"),
    }
    assert!(crate::support::screen_text(&m).contains("Review · from Step 1"));
    let effects = press(&mut m, [ch('2'), key(KeyCode::Enter)]);
    assert_eq!(effects, [Effect::Save], "a review answer is saved at once");
    assert_eq!(
        m.roadmap_progress().expect("p").reviews["basics/len"].level,
        2
    );
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(run) => assert_eq!(run.phase, QuizPhase::Summary),
        _ => unreachable!(),
    }
    assert!(crate::support::screen_text(&m).contains("Review finished"));
    press(&mut m, [key(KeyCode::Enter)]);
    // Box 2: back in two days, not one.
    m.now = day(2);
    assert!(m.due_reviews().is_empty());
    m.now = day(3);
    assert_eq!(m.due_reviews(), [(0, 0)]);
    // No attempt was recorded for the review itself.
    assert_eq!(m.roadmap_progress().expect("p").quiz_attempts("basics"), 1);
}

#[test]
fn search_finds_text_anywhere_and_enter_lands_on_the_match() {
    let mut m = model(80, 12);
    press(&mut m, [ch('/')]);
    assert!(matches!(m.screen, Screen::Search(_)));
    // Letters go to the query, even q and j.
    press(&mut m, "not found".chars().map(ch));
    assert!(!m.quit);
    let hits = match &m.screen {
        Screen::Search(s) => s.hits.clone(),
        _ => unreachable!(),
    };
    assert_eq!(hits.len(), 2, "the lesson and the quiz question: {hits:?}");
    assert_eq!(hits[0].target, roadmap::search::Target::Lesson(1, 0));
    assert_eq!(hits[1].target, roadmap::search::Target::Question(1, 0));
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Reader(r) => {
            assert_eq!((r.step, r.lesson), (1, 0));
            let find = r.find.as_ref().expect("the query is marked");
            assert_eq!(find.query, "not found");
            assert!(!find.matches.is_empty());
            let line = find.matches[find.current].line;
            assert!(
                (r.scroll..r.scroll + 9).contains(&line),
                "the match is on screen"
            );
            assert!(r.doc.lines[line].plain().contains("Not Found"));
        }
        other => panic!("expected the reader, got {other:?}"),
    }
}

#[test]
fn search_from_the_reader_returns_there_and_questions_open_for_practice() {
    let mut m = model(80, 24);
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::Enter), ch('j'), ch('s')],
    );
    assert!(matches!(m.screen, Screen::Search(_)));
    press(&mut m, [key(KeyCode::Esc)]);
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.scroll == 1));
    press(&mut m, [ch('s')]);
    press(&mut m, "hello".chars().map(ch));
    press(&mut m, [key(KeyCode::Down), key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(run) => {
            assert_eq!(run.kind, QuizKind::Practice);
            assert_eq!(run.questions, [(0, 0)]);
        }
        other => panic!("expected practice, got {other:?}"),
    }
    press(&mut m, [ch('2'), key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert!(matches!(m.screen, Screen::Home));
    assert_eq!(
        m.roadmap_progress()
            .map_or(0, |p| p.quiz_attempts("basics")),
        0
    );
}

#[test]
fn e_asks_to_edit_the_lessons_notes_and_the_result_marks_the_lesson() {
    let mut m = model(100, 30);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(
        press(&mut m, [ch('e')]),
        [Effect::EditNotes("basics/values".into())]
    );
    update(
        &mut m,
        Msg::NotesEdited {
            lesson: "basics/values".into(),
            outcome: Ok(true),
        },
    );
    assert!(m.notes.contains("basics/values"));
    assert!(crate::support::screen_text(&m).contains("✎ notes"));
    update(
        &mut m,
        Msg::NotesEdited {
            lesson: "basics/values".into(),
            outcome: Err("no editor found: set $VISUAL or $EDITOR".into()),
        },
    );
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("no editor"))
    );
    assert!(
        m.notes.contains("basics/values"),
        "a failed edit loses nothing"
    );
}

#[test]
fn o_lists_the_links_and_enter_follows_one_to_another_lesson() {
    let mut m = model(80, 24);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('o')]);
    assert_eq!(m.overlay, Some(Overlay::Links(0)));
    let screen = crate::support::screen_text(&m);
    assert!(
        screen.contains("the next lesson") && screen.contains("02-functions.md"),
        "{screen}"
    );
    let effects = press(&mut m, [key(KeyCode::Enter)]);
    assert!(effects.contains(&Effect::Save));
    assert!(matches!(m.screen, Screen::Reader(ref r) if r.step == 0 && r.lesson == 1));
    assert_eq!(m.overlay, None);
    // A lesson without links says so.
    press(&mut m, [ch('o')]);
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("no links"))
    );
}

#[test]
fn a_quiz_can_be_answered_with_arrows_and_enter_or_vim_keys_and_space() {
    let mut m = model(80, 24);
    open_quiz(&mut m);
    // Single answer: ▶ starts on the first choice; ↓ then Enter answers with the second.
    press(
        &mut m,
        [key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Up)],
    );
    match &m.screen {
        Screen::Quiz(q) => assert_eq!(q.cursor, 1),
        _ => unreachable!(),
    }
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(q) => {
            assert_eq!(q.phase, QuizPhase::Feedback { correct: true });
            assert_eq!(q.selected, [false, true, false]);
        }
        _ => unreachable!(),
    }
    // Select-all: j and Space tick choices 1 and 2; Space again unticks.
    press(&mut m, [key(KeyCode::Enter)]);
    match &m.screen {
        Screen::Quiz(q) => assert_eq!((q.cursor, q.phase), (0, QuizPhase::Answering)),
        _ => unreachable!(),
    }
    press(
        &mut m,
        [ch(' '), ch('j'), ch(' '), ch('j'), ch(' '), ch(' ')],
    );
    match &m.screen {
        Screen::Quiz(q) => assert_eq!(
            (q.selected.as_slice(), q.cursor),
            ([true, true, false].as_slice(), 2)
        ),
        _ => unreachable!(),
    }
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    assert_eq!(
        m.roadmap_progress().and_then(|p| p.quiz_best("basics")),
        Some(100)
    );
}
