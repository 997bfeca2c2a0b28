//! Home: moving through steps and entries, opening them, done marks, continue.

use super::*;

pub(super) fn home(m: &mut Model, action: Action) -> Vec<Effect> {
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
        Action::Review => start_review(m),
        Action::Search => return open_search(m),
        Action::Help => m.overlay = Some(Overlay::Help),
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

pub(super) fn open_entry(m: &mut Model) -> Vec<Effect> {
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
pub(super) fn toggle_done(m: &mut Model, id: &str, hash: &str) -> Vec<Effect> {
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

pub(super) fn continue_reading(m: &mut Model) -> Vec<Effect> {
    match m.continue_target() {
        Some((step, lesson)) => open_lesson(m, step, lesson),
        None => {
            m.status = Some(Status::info("You have finished every lesson. Well done!"));
            vec![]
        }
    }
}
