//! Quizzes: choosing, submitting, feedback, the summary and recording the attempt.

use super::*;

pub(super) fn start_quiz(m: &mut Model, step: usize) {
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

pub(super) fn quiz(m: &mut Model, action: Action) -> Vec<Effect> {
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

pub(super) fn record_attempt(m: &mut Model, run: &QuizRun, total: usize) -> Vec<Effect> {
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
