//! Quizzes: choosing, submitting, feedback, the summary and recording the attempt.

use super::*;
use crate::tui::view::quiz as quiz_view;

pub(super) fn start_quiz(m: &mut Model, step: usize) {
    let count = m.roadmap.steps[step]
        .quiz
        .as_ref()
        .map_or(0, |q| q.questions.len());
    let questions = (0..count).map(|q| (step, q)).collect();
    if let Some(run) = QuizRun::new(QuizKind::Step(step), questions, &m.roadmap) {
        m.screen = Screen::Quiz(run);
    }
}

/// Starts a review of the questions due now, or says there are none.
pub(super) fn start_review(m: &mut Model) {
    match QuizRun::new(QuizKind::Review, m.due_reviews(), &m.roadmap) {
        Some(run) => m.screen = Screen::Quiz(run),
        None => {
            m.status = Some(Status::info(
                "Nothing is due for review. Questions you miss in quizzes come back here.",
            ));
        }
    }
}

pub(super) fn quiz(m: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Quiz(run) = &m.screen else {
        return vec![];
    };
    let run = run.clone();
    let Some(question) = m.question(&run).cloned() else {
        m.screen = Screen::Home;
        return vec![];
    };
    let total = run.questions.len();
    let mut next = run.clone();
    let mut effects = vec![];
    let action = match (action, run.phase) {
        (Action::ChooseCurrent, QuizPhase::Answering) => {
            Action::Choose(u8::try_from(run.cursor + 1).unwrap_or(u8::MAX))
        }
        (other, _) => other,
    };
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
            next.cursor = i;
        }
        (Action::Submit, QuizPhase::Answering) => {
            if !next.selected.contains(&true) {
                if question.is_multi() || run.cursor >= question.choices.len() {
                    m.status = Some(Status::info(format!(
                        "Select the answers with Space or 1–{} first.",
                        question.choices.len()
                    )));
                    return vec![];
                }
                next.selected[run.cursor] = true;
            }
            let correct = question.is_correct(&next.selected);
            if correct {
                next.correct += 1;
            } else {
                next.missed.push(run.index);
            }
            next.phase = QuizPhase::Feedback { correct };
            next.scroll = 0;
            if run.kind == QuizKind::Review {
                let now = m.now;
                m.roadmap_progress_mut()
                    .review_answer(&question.id, correct, now);
                effects.push(Effect::Save);
            }
        }
        (Action::Submit, QuizPhase::Feedback { .. }) => {
            next.scroll = 0;
            if run.index + 1 < total {
                next.index += 1;
                next.phase = QuizPhase::Answering;
                let choices = m.question(&next).map_or(0, |q| q.choices.len());
                next.selected = vec![false; choices];
                next.cursor = 0;
            } else if run.kind == QuizKind::Practice {
                m.screen = Screen::Home;
                return vec![];
            } else {
                next.phase = QuizPhase::Summary;
                if let QuizKind::Step(step) = run.kind {
                    effects = record_attempt(m, &next, step);
                }
            }
        }
        (Action::Submit | Action::Back, QuizPhase::Summary) => {
            m.screen = Screen::Home;
            if let QuizKind::Step(step) = run.kind {
                m.home.step = step;
                m.home.focus = Focus::Entries;
                m.home.entry = m.roadmap.steps[step].entry_count().saturating_sub(1);
            }
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
        (Action::Up, QuizPhase::Answering) if run.cursor > 0 => {
            next.cursor -= 1;
            next.scroll = quiz_view::scroll_to_choice(m, &next);
        }
        (Action::Down, QuizPhase::Answering) if run.cursor + 1 < question.choices.len() => {
            next.cursor += 1;
            next.scroll = quiz_view::scroll_to_choice(m, &next);
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

/// Records the finished attempt at step `step`'s quiz; missed questions enter the review
/// queue; a high score on an unfinished step offers to test out.
pub(super) fn record_attempt(m: &mut Model, run: &QuizRun, step: usize) -> Vec<Effect> {
    let step_id = m.roadmap.steps[step].id.clone();
    let missed: Vec<String> = run
        .missed
        .iter()
        .filter_map(|&i| m.question_at(run, i))
        .map(|q| q.id.clone())
        .collect();
    let attempt = QuizAttempt {
        at: m.now,
        correct: u32::try_from(run.correct).unwrap_or(u32::MAX),
        total: u32::try_from(run.questions.len()).unwrap_or(u32::MAX),
        missed: missed.clone(),
        extra: Default::default(),
    };
    let percent = attempt.percent();
    let now = m.now;
    let p = m.roadmap_progress_mut();
    p.record_attempt(&step_id, attempt);
    for id in &missed {
        p.review_missed(id, now);
    }
    if percent >= PASS_PERCENT {
        m.status = Some(Status::info("Quiz passed and recorded."));
    }
    if percent >= TEST_OUT_PERCENT && !m.step_done(step) {
        m.overlay = Some(Overlay::Confirm(Confirm::TestOut { step, percent }));
    }
    vec![Effect::Save]
}
