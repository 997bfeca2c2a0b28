//! The lab screen: opening a lab, typing and running SQL, moving between tasks, hints,
//! resets, and recording solved tasks (a lab is done when every task is solved).

use super::*;
use crate::curriculum::LabKind;
use crate::lab::sql::Verdict;
use crate::tui::editor::Editor;
use crate::tui::model::{LabOutput, LabState, Tone};

/// Opens the lab at (`step`, `lesson`) on its first unsolved task and asks for its database.
pub(super) fn open_lab(m: &mut Model, step: usize, lesson: usize) -> Vec<Effect> {
    let mut effects = leave_lesson(m);
    let l = &m.roadmap.steps[step].lessons[lesson];
    let id = l.id.clone();
    let tasks = l.lab.as_ref().map_or(0, |(_, lab)| lab.tasks.len());
    let first_open = l
        .lab
        .as_ref()
        .and_then(|(_, lab)| {
            lab.tasks.iter().position(|t| {
                !m.roadmap_progress()
                    .is_some_and(|p| p.is_task_solved(&id, &t.id))
            })
        })
        .unwrap_or(0);
    let editing = l
        .lab
        .as_ref()
        .is_some_and(|(kind, _)| *kind == LabKind::Sql);
    record_open(m, step, lesson, &id);
    m.screen = Screen::Lab(LabState {
        step,
        lesson,
        task: first_open,
        editor: Editor::default(),
        history: vec![],
        history_pos: None,
        editing,
        hints: vec![0; tasks],
        output: None,
        scroll: 0,
        unavailable: None,
        workdir: None,
        requests: vec![],
        show_intro: false,
    });
    effects.push(Effect::StartLab(id));
    effects.push(Effect::Save);
    effects
}

/// Whether the lab shown is worked on outside the app (Git or HTTP, in another terminal).
pub fn is_git_lab(m: &Model, state: &LabState) -> bool {
    m.roadmap.steps[state.step].lessons[state.lesson]
        .lab
        .as_ref()
        .is_some_and(|(kind, _)| matches!(kind, LabKind::Git | LabKind::Http))
}

/// The lab's id and its number of tasks.
fn lab_of(m: &Model, state: &LabState) -> (String, usize) {
    let l = &m.roadmap.steps[state.step].lessons[state.lesson];
    (
        l.id.clone(),
        l.lab.as_ref().map_or(0, |(_, lab)| lab.tasks.len()),
    )
}

/// Keys in a lab: while editing, everything but the lab's own keys goes to the editor.
pub(super) fn lab_key(m: &mut Model, key: &KeyEvent, ctx: Context) -> Option<Vec<Effect>> {
    let Screen::Lab(state) = &mut m.screen else {
        return None;
    };
    if ctx == Context::LabEditor && action_for(ctx, key).is_none() && state.editor.key(key) {
        state.history_pos = None;
        return Some(vec![]);
    }
    None
}

pub(super) fn lab(m: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Lab(state) = &m.screen else {
        return vec![];
    };
    let (id, tasks) = lab_of(m, state);
    let git = is_git_lab(m, state);
    let Screen::Lab(state) = &mut m.screen else {
        return vec![];
    };
    if git {
        // Checking a Git lab (and moving to a task, which may prepare it) asks the repository.
        let check = |task| Effect::RunLab {
            lab: id.clone(),
            task,
            sql: String::new(),
        };
        match action {
            Action::Run | Action::Open => return vec![check(state.task)],
            Action::Intro => {
                state.show_intro = !state.show_intro;
                state.scroll = 0;
                return vec![];
            }
            Action::Down | Action::Up => {
                let before = state.task;
                state.task = if action == Action::Down {
                    (state.task + 1).min(tasks.saturating_sub(1))
                } else {
                    state.task.saturating_sub(1)
                };
                state.output = None;
                state.scroll = 0;
                return if state.task == before {
                    vec![]
                } else {
                    vec![check(state.task)]
                };
            }
            _ => {}
        }
    }
    match action {
        Action::Run => {
            let sql = state.editor.text();
            if sql.trim().is_empty() {
                state.output = Some(LabOutput {
                    result: None,
                    message: "Type some SQL first, then press F5.".into(),
                    tone: Tone::Info,
                });
                return vec![];
            }
            if state.history.last() != Some(&sql) {
                state.history.push(sql.clone());
            }
            state.history_pos = None;
            return vec![Effect::RunLab {
                lab: id,
                task: state.task,
                sql,
            }];
        }
        Action::HistoryPrev | Action::HistoryNext => {
            let len = state.history.len();
            if len == 0 {
                return vec![];
            }
            let pos = match (action, state.history_pos) {
                (Action::HistoryPrev, None) => len - 1,
                (Action::HistoryPrev, Some(p)) => p.saturating_sub(1),
                (_, None) => return vec![],
                (_, Some(p)) if p + 1 >= len => {
                    state.history_pos = None;
                    state.editor = Editor::default();
                    return vec![];
                }
                (_, Some(p)) => p + 1,
            };
            state.history_pos = Some(pos);
            let text = state.history[pos].clone();
            state.editor.set_text(&text);
        }
        Action::Open => state.editing = true,
        Action::Back if state.editing => state.editing = false,
        Action::Back => {
            m.screen = Screen::Home;
            return vec![Effect::StopLab(id)];
        }
        Action::Down => state.task = (state.task + 1).min(tasks.saturating_sub(1)),
        Action::Up => state.task = state.task.saturating_sub(1),
        Action::Hint => {
            let total = m.roadmap.steps[state.step].lessons[state.lesson]
                .lab
                .as_ref()
                .and_then(|(_, lab)| lab.tasks.get(state.task))
                .map_or(0, |t| t.hints.len());
            let shown = state.hints.get_mut(state.task);
            match shown {
                Some(n) if *n < total => *n += 1,
                _ => {
                    m.status = Some(Status::info(if total == 0 {
                        "This task has no hints."
                    } else {
                        "No more hints for this task."
                    }));
                }
            }
        }
        Action::Reset => {
            let what = if git {
                "The practice repository was made again from scratch."
            } else {
                "The database was reset to its starting data."
            };
            state.output = Some(LabOutput {
                result: None,
                message: what.into(),
                tone: Tone::Info,
            });
            return vec![Effect::ResetLab(id)];
        }
        Action::Intro => {
            state.output = None;
            state.scroll = 0;
        }
        Action::PageDown => state.scroll = state.scroll.saturating_add(10),
        Action::PageUp => state.scroll = state.scroll.saturating_sub(10),
        Action::Help => m.overlay = Some(Overlay::Help),
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

/// The lab's database or repository is ready, or can't be. A Git lab is checked at once,
/// so coming back to it shows where the learner stands.
pub(super) fn lab_ready(
    m: &mut Model,
    lab: &str,
    outcome: Result<Option<String>, String>,
) -> Vec<Effect> {
    let git = matches!(&m.screen, Screen::Lab(state) if is_git_lab(m, state));
    let Screen::Lab(state) = &mut m.screen else {
        return vec![];
    };
    if m.roadmap.steps[state.step].lessons[state.lesson].id != lab {
        return vec![];
    }
    match outcome {
        Ok(dir) => {
            state.unavailable = None;
            state.workdir = dir;
            if git {
                return vec![Effect::RunLab {
                    lab: lab.to_string(),
                    task: state.task,
                    sql: String::new(),
                }];
            }
        }
        Err(why) => state.unavailable = Some(why),
    }
    vec![]
}

/// The learner's SQL ran: show the output, record a solved task, finish the lab.
pub(super) fn lab_ran(
    m: &mut Model,
    lab: &str,
    task: usize,
    outcome: Result<(crate::lab::sql::Ran, Verdict), String>,
) -> Vec<Effect> {
    let Some((_, _, lesson)) = m.roadmap.lesson(lab) else {
        return vec![];
    };
    let (lab_id, hash) = (lesson.id.clone(), lesson.hash.clone());
    let git = lesson
        .lab
        .as_ref()
        .is_some_and(|(kind, _)| *kind == LabKind::Git);
    let task_ids: Vec<String> = lesson
        .lab
        .as_ref()
        .map(|(_, l)| l.tasks.iter().map(|t| t.id.clone()).collect())
        .unwrap_or_default();
    let Some(task_id) = task_ids.get(task).cloned() else {
        return vec![];
    };
    let mut effects = vec![];
    let output = match outcome {
        Err(message) => LabOutput {
            result: None,
            message,
            tone: Tone::Bad,
        },
        Ok((ran, verdict)) => {
            let what = match (&ran.result, ran.changes) {
                _ if git => String::new(),
                (Some(r), _) => format!("{} row(s). ", r.rows.len()),
                (None, 0) => "Done. ".to_string(),
                (None, n) => format!("{n} row(s) changed. "),
            };
            match verdict {
                Verdict::Solved => {
                    let now = m.now;
                    let p = m.roadmap_progress_mut();
                    p.solve_task(&lab_id, &task_id, now);
                    let all = task_ids.iter().all(|t| p.is_task_solved(&lab_id, t));
                    if all {
                        p.set_done(&lab_id, true, &hash, now);
                    }
                    effects.push(Effect::Save);
                    let next = match (all, git) {
                        (true, _) => "Every task is solved: the lab is done!",
                        (false, true) => "Press n for the next task.",
                        (false, false) => "Press Esc, then n for the next task.",
                    };
                    LabOutput {
                        result: ran.result,
                        message: format!("✓ Solved. {what}{next}"),
                        tone: Tone::Good,
                    }
                }
                Verdict::NotYet(why) => LabOutput {
                    result: ran.result,
                    message: format!("{what}Not yet: {why}."),
                    tone: Tone::Bad,
                },
            }
        }
    };
    if let Screen::Lab(state) = &mut m.screen
        && state.task == task
    {
        state.output = Some(output);
        state.scroll = 0;
    }
    effects
}

/// New requests reached an HTTP lab: show them and record the tasks they solved.
pub(super) fn lab_requests(
    m: &mut Model,
    lab: &str,
    lines: Vec<String>,
    solved: &[usize],
) -> Vec<Effect> {
    let Some((_, _, lesson)) = m.roadmap.lesson(lab) else {
        return vec![];
    };
    let (lab_id, hash) = (lesson.id.clone(), lesson.hash.clone());
    let tasks: Vec<String> = lesson
        .lab
        .as_ref()
        .map(|(_, l)| l.tasks.iter().map(|t| t.id.clone()).collect())
        .unwrap_or_default();
    let now = m.now;
    let p = m.roadmap_progress_mut();
    let newly: Vec<usize> = solved
        .iter()
        .copied()
        .filter(|&i| tasks.get(i).is_some_and(|t| p.solve_task(&lab_id, t, now)))
        .collect();
    let all = !tasks.is_empty() && tasks.iter().all(|t| p.is_task_solved(&lab_id, t));
    if all {
        p.set_done(&lab_id, true, &hash, now);
    }
    if let Screen::Lab(state) = &mut m.screen
        && m.roadmap.steps[state.step].lessons[state.lesson].id == lab
    {
        state.requests = lines;
        if !newly.is_empty() {
            let names: Vec<String> = newly.iter().map(|i| (i + 1).to_string()).collect();
            let done = if all {
                " Every task is solved: the lab is done!"
            } else {
                ""
            };
            state.output = Some(LabOutput {
                result: None,
                message: format!("✓ Solved task {}.{done}", names.join(", ")),
                tone: Tone::Good,
            });
        }
    }
    if newly.is_empty() {
        vec![]
    } else {
        vec![Effect::Save]
    }
}
