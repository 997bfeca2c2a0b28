//! State transitions: `update(&mut Model, Msg) -> Vec<Effect>`. Pure: no I/O, no clock
//! (the loop sets `model.now`), no terminal, so every flow is tested without one.
//! This file dispatches; each screen's transitions live in a file of their own.

mod copy;
mod home;
mod lab;
mod mouse;
mod quiz;
mod reader;
mod search;

use copy::{code_blocks, copy};
pub use copy::{copied_message, visible_code_blocks};
use home::{home, toggle_done};
use lab::{is_git_lab, lab, lab_key, lab_ran, lab_ready, lab_requests, open_lab};
pub use mouse::DOUBLE_CLICK_MILLIS;
use quiz::{quiz, start_quiz, start_review};
pub use reader::find_matches;
use reader::{find_input, leave_lesson, open_lesson, reader, reading_position, record_open};
use search::{open_search, refresh_search, search, search_input};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::curriculum::EntryRef;
use crate::progress::QuizAttempt;

use super::keymap::{Context, action_for};
use super::model::{
    Confirm, Find, Focus, Match, Model, Overlay, PASS_PERCENT, QuizKind, QuizPhase, QuizRun,
    Reader, Screen, Status, TEST_OUT_PERCENT, body_height,
};
use super::msg::{Action, Effect, Msg};

/// Applies `msg` to the model and returns the effects to run, in order.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            resize(m, w, h);
            vec![]
        }
        Msg::Mouse(ev) => mouse::mouse(m, ev),
        Msg::Saved(progress) => {
            m.progress = progress;
            if m.status.as_ref().is_some_and(|s| s.error) {
                m.status = None;
            }
            vec![]
        }
        Msg::LabReady { lab, outcome } => lab_ready(m, &lab, outcome),
        Msg::LabRan { lab, task, outcome } => lab_ran(m, &lab, task, outcome),
        Msg::LabRequests { lab, lines, solved } => lab_requests(m, &lab, lines, &solved),
        Msg::NotesEdited { lesson, outcome } => {
            match outcome {
                Ok(true) => {
                    m.notes.insert(lesson);
                    m.status = Some(Status::info("Notes saved."));
                }
                Ok(false) => {
                    m.notes.remove(&lesson);
                    m.status = Some(Status::info("No notes written."));
                }
                Err(why) => m.status = Some(Status::error(why)),
            }
            vec![]
        }
        Msg::Opened(outcome) => {
            m.status = Some(match outcome {
                Ok(url) => Status::info(format!("Opened {url} in your browser.")),
                Err(why) => Status::error(why),
            });
            vec![]
        }
        Msg::Copied(Ok(())) => vec![],
        Msg::Copied(Err(why)) => {
            m.status = Some(Status::error(why));
            vec![]
        }
        Msg::SaveFailed(why) => {
            m.status = Some(Status::error(why));
            vec![]
        }
        Msg::Key(key) => on_key(m, key),
    }
}

/// The progress to save if the app is stopped now (by a signal): the model's, with the
/// reading position of the open lesson.
pub fn progress_on_exit(m: &Model) -> crate::progress::Progress {
    let mut progress = m.progress.clone();
    if let Some((id, offset)) = reading_position(m) {
        progress
            .roadmap_mut(&m.roadmap.id)
            .set_position(&id, offset, m.now);
    }
    progress
}

/// Opens the lesson or lab with full id `id` (from the command line); `None` when there
/// is no such lesson.
pub fn open_by_id(m: &mut Model, id: &str) -> Option<Vec<Effect>> {
    let (step, lesson, _) = m.roadmap.lesson(id)?;
    Some(open_lesson(m, step, lesson))
}

/// The key context of the model's current state.
pub fn context(m: &Model) -> Context {
    match (&m.overlay, &m.screen) {
        (Some(Overlay::Help), _) => Context::Help,
        (Some(Overlay::Toc(_)), _) => Context::Toc,
        (Some(Overlay::Links(_)), _) => Context::Links,
        (Some(Overlay::CodeBlocks(_)), _) => Context::CodeBlocks,
        (Some(Overlay::Confirm(_)), _) => Context::Confirm,
        (None, Screen::Home) if m.home.focus == Focus::Entries => Context::HomeEntries,
        (None, Screen::Home) => Context::Home,
        (None, Screen::Reader(_)) => Context::Reader,
        (None, Screen::Quiz(run)) if run.phase == QuizPhase::Answering => Context::Quiz,
        (None, Screen::Quiz(_)) => Context::QuizFeedback,
        (None, Screen::Search(_)) => Context::Search,
        (None, Screen::Lab(state)) if is_git_lab(m, state) => Context::ExternalLab,
        (None, Screen::Lab(state)) if state.editing => Context::LabEditor,
        (None, Screen::Lab(_)) => Context::LabTasks,
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
    if m.overlay.is_none()
        && let Screen::Search(state) = &mut m.screen
        && search_input(state, &key)
    {
        refresh_search(m);
        return vec![];
    }
    let ctx = context(m);
    if let Some(effects) = lab_key(m, &key, ctx) {
        return effects;
    }
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
        Context::Links => links(m, action),
        Context::CodeBlocks => code_blocks(m, action),
        Context::Home | Context::HomeEntries => home(m, action),
        Context::Reader => reader(m, action),
        Context::Quiz | Context::QuizFeedback => quiz(m, action),
        Context::Search => search(m, action),
        Context::LabEditor | Context::LabTasks | Context::ExternalLab => lab(m, action),
    }
}

pub(super) fn quit(m: &mut Model) -> Vec<Effect> {
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

pub(super) fn max_scroll(r: &Reader, height: u16) -> usize {
    r.doc.lines.len().saturating_sub(body_height(height))
}

pub(super) fn clamp_scroll(m: &mut Model) {
    let height = m.height;
    if let Screen::Reader(r) = &mut m.screen {
        r.scroll = r.scroll.min(max_scroll(r, height));
    }
}

pub(super) fn scroll_by(m: &mut Model, lines: isize) {
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
        Screen::Lab(_) => {}
        Screen::Search(state) => {
            let last = state.hits.len().saturating_sub(1);
            state.selected = state
                .selected
                .saturating_add_signed(lines.signum())
                .min(last);
        }
    }
}

pub(super) fn move_step(m: &mut Model, by: isize) {
    let last = m.roadmap.steps.len().saturating_sub(1);
    let to = m.home.step.saturating_add_signed(by).min(last);
    if to != m.home.step {
        m.home.step = to;
        m.home.entry = 0;
    }
}

pub(super) fn move_entry(m: &mut Model, by: isize) {
    let last = m.roadmap.steps[m.home.step].entry_count().saturating_sub(1);
    m.home.entry = m.home.entry.saturating_add_signed(by).min(last);
}

fn toc(m: &mut Model, action: Action) -> Vec<Effect> {
    let (Some(Overlay::Toc(selected)), Screen::Reader(r)) = (m.overlay, &mut m.screen) else {
        m.overlay = None;
        return vec![];
    };
    let last = r.doc.headings.len().saturating_sub(1);
    let selected = match action {
        Action::Up | Action::Down | Action::Top | Action::Bottom => {
            list_move(action, selected, last)
        }
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

/// Where a movement key takes the selection of a list whose last index is `last`.
fn list_move(action: Action, selected: usize, last: usize) -> usize {
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => selected,
    }
}

fn links(m: &mut Model, action: Action) -> Vec<Effect> {
    let (Some(Overlay::Links(selected)), Screen::Reader(r)) = (m.overlay, &m.screen) else {
        m.overlay = None;
        return vec![];
    };
    let last = r.doc.links.len().saturating_sub(1);
    let selected = match action {
        Action::Up | Action::Down => list_move(action, selected, last),
        Action::Open => {
            m.overlay = None;
            let Some(link) = r.doc.links.get(selected).cloned() else {
                return vec![];
            };
            let from = m.roadmap.steps[r.step].lessons[r.lesson].path.clone();
            return follow(m, &from, &link.url);
        }
        Action::Quit => return quit(m),
        _ => {
            m.overlay = None;
            return vec![];
        }
    };
    m.overlay = Some(Overlay::Links(selected));
    vec![]
}

/// Follows a link written in the file at `from`: a lesson opens in the reader, a step's
/// overview selects the step on home, an http(s) URL goes to the system opener; anything
/// else is only shown.
fn follow(m: &mut Model, from: &str, url: &str) -> Vec<Effect> {
    use crate::curriculum::{Link, resolve_link};
    match resolve_link(from, url) {
        Link::External if url.starts_with("https://") || url.starts_with("http://") => {
            vec![Effect::OpenUrl(url.to_string())]
        }
        Link::External | Link::Outside => {
            m.status = Some(Status::info(format!(
                "Not opened (only web links open): {url}"
            )));
            vec![]
        }
        Link::Anchor => vec![],
        Link::Internal(path) => {
            if let Some((step, lesson, _)) = m.roadmap.lesson_by_path(&path) {
                return open_lesson(m, step, lesson);
            }
            if let Some(step) = m
                .roadmap
                .steps
                .iter()
                .position(|s| path.starts_with(&format!("{}/", s.dir)))
            {
                let effects = leave_lesson(m);
                m.screen = Screen::Home;
                m.home.step = step;
                m.home.focus = Focus::Steps;
                return effects;
            }
            m.status = Some(Status::info(format!(
                "`{path}` is not a lesson of this roadmap."
            )));
            vec![]
        }
    }
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
