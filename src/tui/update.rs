//! State transitions: `update(&mut Model, Msg) -> Vec<Effect>`. Pure: no I/O, no clock
//! (the loop sets `model.now`), no terminal, so every flow is tested without one.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::curriculum::EntryRef;
use crate::progress::QuizAttempt;

use super::keymap::{Context, action_for};
use super::model::{
    Confirm, Find, Focus, Match, Model, Overlay, PASS_PERCENT, QuizPhase, QuizRun, Reader, Screen,
    Status, TEST_OUT_PERCENT, body_height,
};
use super::msg::{Action, Effect, Msg};

/// Applies `msg` to the model and returns the effects to run, in order.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            resize(m, w, h);
            vec![]
        }
        Msg::Scroll(lines) => {
            scroll_by(m, isize::from(lines));
            vec![]
        }
        Msg::Saved(progress) => {
            m.progress = progress;
            if m.status.as_ref().is_some_and(|s| s.error) {
                m.status = None;
            }
            vec![]
        }
        Msg::SaveFailed(why) => {
            m.status = Some(Status::error(why));
            vec![]
        }
        Msg::Key(key) => on_key(m, key),
    }
}

/// The key context of the model's current state.
pub fn context(m: &Model) -> Context {
    match (&m.overlay, &m.screen) {
        (Some(Overlay::Help), _) => Context::Help,
        (Some(Overlay::Toc(_)), _) => Context::Toc,
        (Some(Overlay::Confirm(_)), _) => Context::Confirm,
        (None, Screen::Home) if m.home.focus == Focus::Entries => Context::HomeEntries,
        (None, Screen::Home) => Context::Home,
        (None, Screen::Reader(_)) => Context::Reader,
        (None, Screen::Quiz(run)) if run.phase == QuizPhase::Answering => Context::Quiz,
        (None, Screen::Quiz(_)) => Context::QuizFeedback,
    }
}

fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    if let Screen::Reader(r) = &mut m.screen
        && r.find.as_ref().is_some_and(|f| f.editing)
    {
        return find_input(r, key, m.height);
    }
    let ctx = context(m);
    let Some(action) = action_for(ctx, &key) else {
        return vec![];
    };
    if m.status.as_ref().is_some_and(|s| !s.error) {
        m.status = None;
    }
    match ctx {
        Context::Help => {
            if action == Action::Quit {
                return quit(m);
            }
            m.overlay = None;
            vec![]
        }
        Context::Confirm => confirm(m, action),
        Context::Toc => toc(m, action),
        Context::Home | Context::HomeEntries => home(m, action),
        Context::Reader => reader(m, action),
        Context::Quiz | Context::QuizFeedback => quiz(m, action),
    }
}

fn quit(m: &mut Model) -> Vec<Effect> {
    let mut effects = leave_lesson(m);
    m.quit = true;
    effects.push(Effect::Quit);
    effects
}

fn resize(m: &mut Model, w: u16, h: u16) {
    let changed_width = w != m.width;
    m.width = w;
    m.height = h;
    if !changed_width {
        clamp_scroll(m);
        return;
    }
    if let Screen::Reader(r) = &m.screen {
        let offset = r.doc.lines.get(r.scroll).map(|l| l.source_offset);
        let (step, lesson) = (r.step, r.lesson);
        let doc = m.render_lesson(step, lesson);
        if let Screen::Reader(r) = &mut m.screen {
            r.scroll = offset.map_or(0, |o| doc.line_at_offset(o));
            r.doc = doc;
            if let Some(f) = r.find.as_mut() {
                f.matches = find_matches(&r.doc, &f.query);
                f.current = f.current.min(f.matches.len().saturating_sub(1));
            }
        }
    }
    clamp_scroll(m);
}

fn max_scroll(r: &Reader, height: u16) -> usize {
    r.doc.lines.len().saturating_sub(body_height(height))
}

fn clamp_scroll(m: &mut Model) {
    let height = m.height;
    if let Screen::Reader(r) = &mut m.screen {
        r.scroll = r.scroll.min(max_scroll(r, height));
    }
}

fn scroll_by(m: &mut Model, lines: isize) {
    let height = m.height;
    let quiz_max = match &m.screen {
        Screen::Quiz(run) => super::view::quiz::max_scroll(m, run),
        _ => 0,
    };
    match &mut m.screen {
        Screen::Reader(r) => {
            let max = max_scroll(r, height);
            r.scroll = r.scroll.saturating_add_signed(lines).min(max);
        }
        Screen::Quiz(run) => {
            let to = (run.scroll as isize + lines).clamp(0, quiz_max as isize);
            run.scroll = u16::try_from(to).unwrap_or(0);
        }
        Screen::Home => match m.home.focus {
            Focus::Steps => move_step(m, lines.signum()),
            Focus::Entries => move_entry(m, lines.signum()),
        },
    }
}

fn move_step(m: &mut Model, by: isize) {
    let last = m.roadmap.steps.len().saturating_sub(1);
    let to = m.home.step.saturating_add_signed(by).min(last);
    if to != m.home.step {
        m.home.step = to;
        m.home.entry = 0;
    }
}

fn move_entry(m: &mut Model, by: isize) {
    let last = m.roadmap.steps[m.home.step].entry_count().saturating_sub(1);
    m.home.entry = m.home.entry.saturating_add_signed(by).min(last);
}

fn home(m: &mut Model, action: Action) -> Vec<Effect> {
    let entries = m.home.focus == Focus::Entries;
    match action {
        Action::Up if entries => move_entry(m, -1),
        Action::Down if entries => move_entry(m, 1),
        Action::Top if entries => m.home.entry = 0,
        Action::Bottom if entries => move_entry(m, isize::MAX),
        Action::Up => move_step(m, -1),
        Action::Down => move_step(m, 1),
        Action::Top => move_step(m, isize::MIN),
        Action::Bottom => move_step(m, isize::MAX),
        Action::Open if entries => return open_entry(m),
        Action::Open => {
            m.home.focus = Focus::Entries;
            let step = m.home.step;
            m.home.entry = m.roadmap.steps[step]
                .lessons
                .iter()
                .position(|l| !m.is_done(&l.id))
                .unwrap_or(m.roadmap.steps[step].lessons.len());
            move_entry(m, 0);
        }
        Action::Back => m.home.focus = Focus::Steps,
        Action::ToggleDone if entries => {
            let lesson = match m.roadmap.steps[m.home.step].entries().nth(m.home.entry) {
                Some(EntryRef::Lesson(l)) => Some((l.id.clone(), l.hash.clone())),
                _ => None,
            };
            match lesson {
                Some((id, hash)) => return toggle_done(m, &id, &hash),
                None => {
                    m.status = Some(Status::info(
                        "x marks lessons done; press Enter to take the quiz",
                    ));
                }
            }
        }
        Action::ToggleDone => {
            let step = m.home.step;
            m.overlay = Some(Overlay::Confirm(Confirm::StepDone {
                step,
                done: !m.step_done(step),
            }));
        }
        Action::Continue => return continue_reading(m),
        Action::Help => m.overlay = Some(Overlay::Help),
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

fn open_entry(m: &mut Model) -> Vec<Effect> {
    let step = m.home.step;
    let lessons = m.roadmap.steps[step].lessons.len();
    if m.home.entry < lessons {
        open_lesson(m, step, m.home.entry)
    } else {
        start_quiz(m, step);
        vec![]
    }
}

/// Toggles a lesson's done mark; on a lesson that changed since it was finished, `x`
/// means "read again" and keeps it done with the new text's hash.
fn toggle_done(m: &mut Model, id: &str, hash: &str) -> Vec<Effect> {
    let now = m.now;
    let outdated = m
        .roadmap_progress()
        .is_some_and(|p| p.is_outdated(id, hash));
    let done = outdated || !m.is_done(id);
    m.roadmap_progress_mut().set_done(id, done, hash, now);
    if outdated {
        m.status = Some(Status::info("Marked as read again."));
    }
    vec![Effect::Save]
}

fn continue_reading(m: &mut Model) -> Vec<Effect> {
    match m.continue_target() {
        Some((step, lesson)) => open_lesson(m, step, lesson),
        None => {
            m.status = Some(Status::info("You have finished every lesson. Well done!"));
            vec![]
        }
    }
}

/// Opens a lesson at its saved reading position and records it as the one to continue.
fn open_lesson(m: &mut Model, step: usize, lesson: usize) -> Vec<Effect> {
    let mut effects = leave_lesson(m);
    let doc = m.render_lesson(step, lesson);
    let id = m.roadmap.steps[step].lessons[lesson].id.clone();
    let scroll = m
        .roadmap_progress()
        .and_then(|p| p.position(&id))
        .map_or(0, |offset| doc.line_at_offset(offset));
    let now = m.now;
    m.roadmap_progress_mut().open(&id, now);
    m.home.step = step;
    m.home.entry = lesson;
    m.home.focus = Focus::Entries;
    m.screen = Screen::Reader(Reader {
        step,
        lesson,
        doc,
        scroll,
        find: None,
    });
    clamp_scroll(m);
    effects.push(Effect::Save);
    effects
}

/// Saves the reading position of the open lesson, if one is open.
fn leave_lesson(m: &mut Model) -> Vec<Effect> {
    let Screen::Reader(r) = &m.screen else {
        return vec![];
    };
    let id = m.roadmap.steps[r.step].lessons[r.lesson].id.clone();
    let offset = r.doc.lines.get(r.scroll).map_or(0, |l| l.source_offset);
    let now = m.now;
    m.roadmap_progress_mut().set_position(&id, offset, now);
    vec![Effect::Save]
}

fn reader(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = body_height(m.height).saturating_sub(1).max(1) as isize;
    let Screen::Reader(r) = &mut m.screen else {
        return vec![];
    };
    let (step, lesson) = (r.step, r.lesson);
    match action {
        Action::Up => scroll_by(m, -1),
        Action::Down => scroll_by(m, 1),
        Action::PageUp => scroll_by(m, -page),
        Action::PageDown => scroll_by(m, page),
        Action::Top => scroll_by(m, isize::MIN / 2),
        Action::Bottom => scroll_by(m, isize::MAX / 2),
        Action::ToggleDone => {
            let l = &m.roadmap.steps[step].lessons[lesson];
            let (id, hash) = (l.id.clone(), l.hash.clone());
            let effects = toggle_done(m, &id, &hash);
            if m.status.is_none() {
                let msg = if m.is_done(&id) {
                    "Marked done. ] opens the next lesson."
                } else {
                    "Marked not done."
                };
                m.status = Some(Status::info(msg));
            }
            return effects;
        }
        Action::NextLesson | Action::PrevLesson => {
            let all: Vec<(usize, usize)> =
                m.roadmap.all_lessons().map(|(s, l, _)| (s, l)).collect();
            let here = all.iter().position(|&p| p == (step, lesson)).unwrap_or(0);
            let target = if action == Action::NextLesson {
                all.get(here + 1)
            } else {
                here.checked_sub(1).and_then(|i| all.get(i))
            };
            match target {
                Some(&(s, l)) => return open_lesson(m, s, l),
                None => {
                    let edge = if action == Action::NextLesson {
                        "last"
                    } else {
                        "first"
                    };
                    m.status = Some(Status::info(format!("This is the {edge} lesson.")));
                }
            }
        }
        Action::Contents => {
            if r.doc.headings.is_empty() {
                m.status = Some(Status::info("This lesson has no headings."));
            } else {
                let here = r
                    .doc
                    .headings
                    .iter()
                    .rposition(|h| h.line <= r.scroll)
                    .unwrap_or(0);
                m.overlay = Some(Overlay::Toc(here));
            }
        }
        Action::Find => {
            r.find = Some(Find {
                editing: true,
                ..Find::default()
            });
        }
        Action::FindNext | Action::FindPrev => {
            let height = m.height;
            let forward = action == Action::FindNext;
            match r.find.as_mut().filter(|f| !f.matches.is_empty()) {
                Some(f) => {
                    let n = f.matches.len();
                    f.current = if forward {
                        (f.current + 1) % n
                    } else {
                        (f.current + n - 1) % n
                    };
                    let line = f.matches[f.current].line;
                    reveal(r, line, height);
                }
                None => m.status = Some(Status::info("Press / to find text in this lesson.")),
            }
        }
        Action::Back => {
            if r.find.take().is_some() {
                return vec![];
            }
            let effects = leave_lesson(m);
            m.screen = Screen::Home;
            return effects;
        }
        Action::Help => m.overlay = Some(Overlay::Help),
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

/// Scrolls so that `line` is visible, a few lines below the top when it wasn't.
fn reveal(r: &mut Reader, line: usize, height: u16) {
    let body = body_height(height);
    if line < r.scroll || line >= r.scroll + body {
        r.scroll = line.saturating_sub(body / 3).min(max_scroll(r, height));
    }
}

/// Typing into the find box: characters extend the query, Enter keeps it, Esc drops it.
fn find_input(r: &mut Reader, key: KeyEvent, height: u16) -> Vec<Effect> {
    let Some(f) = r.find.as_mut() else {
        return vec![];
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            r.find = None;
            return vec![];
        }
        KeyCode::Char('c') if ctrl => {
            r.find = None;
            return vec![];
        }
        KeyCode::Enter => {
            f.editing = false;
            if f.query.is_empty() {
                r.find = None;
            }
            return vec![];
        }
        KeyCode::Backspace => {
            f.query.pop();
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => f.query.push(c),
        _ => return vec![],
    }
    f.matches = find_matches(&r.doc, &f.query);
    let first_visible = r.scroll;
    f.current = f
        .matches
        .iter()
        .position(|mt| mt.line >= first_visible)
        .unwrap_or(0);
    if let Some(line) = f.matches.get(f.current).map(|mt| mt.line) {
        reveal(r, line, height);
    }
    vec![]
}

/// Every case-insensitive occurrence of `query` in the document's lines.
pub fn find_matches(doc: &crate::markdown::Document, query: &str) -> Vec<Match> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    for (line, l) in doc.lines.iter().enumerate() {
        let hay: Vec<char> = l
            .spans
            .iter()
            .flat_map(|s| s.text.chars())
            .map(fold)
            .collect();
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()] == needle[..] {
                out.push(Match {
                    line,
                    start: i,
                    len: needle.len(),
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Case folding of one character (first char of its lowercase form).
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn start_quiz(m: &mut Model, step: usize) {
    let Some(quiz) = m.roadmap.steps[step].quiz.as_ref() else {
        return;
    };
    let Some(first) = quiz.questions.first() else {
        return;
    };
    m.screen = Screen::Quiz(QuizRun {
        step,
        index: 0,
        selected: vec![false; first.choices.len()],
        phase: QuizPhase::Answering,
        missed: vec![],
        correct: 0,
        scroll: 0,
    });
}

fn quiz(m: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Quiz(run) = &m.screen else {
        return vec![];
    };
    let run = run.clone();
    let Some(question) = m.question(&run).cloned() else {
        m.screen = Screen::Home;
        return vec![];
    };
    let total = m.roadmap.steps[run.step]
        .quiz
        .as_ref()
        .map_or(0, |q| q.questions.len());
    let mut next = run.clone();
    let mut effects = vec![];
    match (action, run.phase) {
        (Action::Choose(n), QuizPhase::Answering) => {
            let i = usize::from(n).saturating_sub(1);
            if i >= question.choices.len() {
                m.status = Some(Status::info(format!(
                    "This question has {} choices.",
                    question.choices.len()
                )));
                return vec![];
            }
            if question.is_multi() {
                next.selected[i] = !next.selected[i];
            } else {
                next.selected = vec![false; question.choices.len()];
                next.selected[i] = true;
            }
        }
        (Action::Submit, QuizPhase::Answering) => {
            if !next.selected.contains(&true) {
                m.status = Some(Status::info(format!(
                    "Choose an answer with 1–{} first.",
                    question.choices.len()
                )));
                return vec![];
            }
            let correct = question.is_correct(&next.selected);
            if correct {
                next.correct += 1;
            } else {
                next.missed.push(run.index);
            }
            next.phase = QuizPhase::Feedback { correct };
            next.scroll = 0;
        }
        (Action::Submit, QuizPhase::Feedback { .. }) => {
            next.scroll = 0;
            if run.index + 1 < total {
                next.index += 1;
                next.phase = QuizPhase::Answering;
                let choices = m.roadmap.steps[run.step]
                    .quiz
                    .as_ref()
                    .and_then(|q| q.questions.get(next.index))
                    .map_or(0, |q| q.choices.len());
                next.selected = vec![false; choices];
            } else {
                next.phase = QuizPhase::Summary;
                effects = record_attempt(m, &next, total);
            }
        }
        (Action::Submit | Action::Back, QuizPhase::Summary) => {
            m.screen = Screen::Home;
            m.home.step = run.step;
            m.home.focus = Focus::Entries;
            m.home.entry = m.roadmap.steps[run.step].entry_count().saturating_sub(1);
            return vec![];
        }
        (Action::Back, _) => {
            let started =
                run.index > 0 || run.selected.contains(&true) || run.phase != QuizPhase::Answering;
            if started {
                m.overlay = Some(Overlay::Confirm(Confirm::AbandonQuiz));
            } else {
                m.screen = Screen::Home;
            }
            return vec![];
        }
        (Action::Up, _) => {
            scroll_by(m, -1);
            return vec![];
        }
        (Action::Down, _) => {
            scroll_by(m, 1);
            return vec![];
        }
        (Action::Help, _) => {
            m.overlay = Some(Overlay::Help);
            return vec![];
        }
        (Action::Quit, _) => return quit(m),
        _ => return vec![],
    }
    m.screen = Screen::Quiz(next);
    effects
}

fn record_attempt(m: &mut Model, run: &QuizRun, total: usize) -> Vec<Effect> {
    let step = &m.roadmap.steps[run.step];
    let step_id = step.id.clone();
    let missed = run
        .missed
        .iter()
        .filter_map(|&i| step.quiz.as_ref().and_then(|q| q.questions.get(i)))
        .map(|q| q.id.clone())
        .collect();
    let attempt = QuizAttempt {
        at: m.now,
        correct: u32::try_from(run.correct).unwrap_or(u32::MAX),
        total: u32::try_from(total).unwrap_or(u32::MAX),
        missed,
        extra: Default::default(),
    };
    let percent = attempt.percent();
    m.roadmap_progress_mut().record_attempt(&step_id, attempt);
    if percent >= PASS_PERCENT {
        m.status = Some(Status::info("Quiz passed and recorded."));
    }
    if percent >= TEST_OUT_PERCENT && !m.step_done(run.step) {
        m.overlay = Some(Overlay::Confirm(Confirm::TestOut {
            step: run.step,
            percent,
        }));
    }
    vec![Effect::Save]
}

fn toc(m: &mut Model, action: Action) -> Vec<Effect> {
    let (Some(Overlay::Toc(selected)), Screen::Reader(r)) = (m.overlay, &mut m.screen) else {
        m.overlay = None;
        return vec![];
    };
    let last = r.doc.headings.len().saturating_sub(1);
    let selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::Open => {
            if let Some(h) = r.doc.headings.get(selected) {
                r.scroll = h.line.min(max_scroll(r, m.height));
            }
            m.overlay = None;
            return vec![];
        }
        Action::Quit => return quit(m),
        _ => {
            m.overlay = None;
            return vec![];
        }
    };
    m.overlay = Some(Overlay::Toc(selected));
    vec![]
}

fn confirm(m: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Confirm(what)) = m.overlay.take() else {
        return vec![];
    };
    match (action, what) {
        (Action::Yes, Confirm::StepDone { step, done }) => {
            let now = m.now;
            let lessons: Vec<(String, String)> = m.roadmap.steps[step]
                .lessons
                .iter()
                .map(|l| (l.id.clone(), l.hash.clone()))
                .collect();
            let step_id = m.roadmap.steps[step].id.clone();
            let p = m.roadmap_progress_mut();
            for (id, hash) in &lessons {
                p.set_done(id, done, hash, now);
            }
            if !done {
                p.set_tested_out(&step_id, false, now);
            }
            let word = if done { "done" } else { "not done" };
            m.status = Some(Status::info(format!(
                "Marked {} lessons {word}.",
                lessons.len()
            )));
            vec![Effect::Save]
        }
        (Action::Yes, Confirm::TestOut { step, .. }) => {
            let now = m.now;
            let id = m.roadmap.steps[step].id.clone();
            m.roadmap_progress_mut().set_tested_out(&id, true, now);
            m.status = Some(Status::info(format!(
                "Step {} counts as complete: you tested out.",
                step + 1
            )));
            vec![Effect::Save]
        }
        (Action::Yes, Confirm::AbandonQuiz) => {
            m.screen = Screen::Home;
            m.status = Some(Status::info("Quiz left; nothing was recorded."));
            vec![]
        }
        (Action::Quit, _) => quit(m),
        _ => vec![],
    }
}
