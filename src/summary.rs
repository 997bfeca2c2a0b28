//! What a learner has achieved, derived from the curriculum and the progress. The TUI and
//! the CLI both count through here, so a tested-out step or a done mark means the same
//! everywhere.

use crate::curriculum::{Roadmap, Step};
use crate::progress::RoadmapProgress;

/// The score (percent) that passes a quiz.
pub const PASS_PERCENT: u32 = 70;
/// The score (percent) that lets a learner test out of a step without reading it.
pub const TEST_OUT_PERCENT: u32 = 90;

/// How far a learner is in one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepSummary {
    /// Lessons and labs in the step.
    pub lessons_total: usize,
    /// Lessons marked done.
    pub lessons_done: usize,
    /// Whether the learner tested out of the step with its quiz.
    pub tested_out: bool,
    /// Best quiz score in percent.
    pub quiz_best: Option<u32>,
    /// Finished quiz attempts.
    pub quiz_attempts: usize,
}

/// A step's state as a symbol and a word, so it reads without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Every lesson done.
    Done,
    /// Complete through the quiz.
    TestedOut,
    /// Some lessons done or the quiz taken.
    Started,
    /// Nothing yet.
    NotStarted,
}

impl Mark {
    /// The symbol shown in lists.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Done => "✓",
            Mark::TestedOut => "★",
            Mark::Started => "◐",
            Mark::NotStarted => "○",
        }
    }
}

impl StepSummary {
    /// Lessons that count as done: all of them once tested out.
    pub fn credit(&self) -> usize {
        if self.tested_out {
            self.lessons_total
        } else {
            self.lessons_done
        }
    }

    /// Whether the step is complete: every lesson done, or tested out.
    pub fn done(&self) -> bool {
        self.tested_out || self.lessons_done == self.lessons_total
    }

    /// Whether the best quiz score passes.
    pub fn passed(&self) -> bool {
        self.quiz_best.is_some_and(|b| b >= PASS_PERCENT)
    }

    /// The step's mark.
    pub fn mark(&self) -> Mark {
        if self.lessons_done == self.lessons_total {
            Mark::Done
        } else if self.tested_out {
            Mark::TestedOut
        } else if self.lessons_done > 0 || self.quiz_best.is_some() {
            Mark::Started
        } else {
            Mark::NotStarted
        }
    }
}

/// Summarises `step` from the roadmap's progress (`None` when nothing was recorded).
pub fn step_summary(step: &Step, progress: Option<&RoadmapProgress>) -> StepSummary {
    StepSummary {
        lessons_total: step.lessons.len(),
        lessons_done: step
            .lessons
            .iter()
            .filter(|l| progress.is_some_and(|p| p.is_done(&l.id)))
            .count(),
        tested_out: progress.is_some_and(|p| p.is_tested_out(&step.id)),
        quiz_best: progress.and_then(|p| p.quiz_best(&step.id)),
        quiz_attempts: progress.map_or(0, |p| p.quiz_attempts(&step.id)),
    }
}

/// Lessons that count as done (tested-out steps in full) and lessons in all.
pub fn totals(roadmap: &Roadmap, progress: Option<&RoadmapProgress>) -> (usize, usize) {
    roadmap.steps.iter().fold((0, 0), |(done, total), s| {
        let sum = step_summary(s, progress);
        (done + sum.credit(), total + sum.lessons_total)
    })
}

/// The lesson to continue with: the last one opened, else the first one not done.
pub fn continue_target(
    roadmap: &Roadmap,
    progress: Option<&RoadmapProgress>,
) -> Option<(usize, usize)> {
    let last = progress
        .and_then(|p| p.last_lesson.as_ref())
        .and_then(|l| roadmap.lesson(&l.id))
        .map(|(s, l, _)| (s, l));
    last.or_else(|| {
        roadmap
            .all_lessons()
            .find(|(_, _, l)| !progress.is_some_and(|p| p.is_done(&l.id)))
            .map(|(s, l, _)| (s, l))
    })
}

/// Ids of lessons that changed since the learner finished them.
pub fn outdated_lessons<'a>(
    roadmap: &'a Roadmap,
    progress: Option<&RoadmapProgress>,
) -> Vec<&'a str> {
    roadmap
        .all_lessons()
        .filter(|(_, _, l)| progress.is_some_and(|p| p.is_outdated(&l.id, &l.hash)))
        .map(|(_, _, l)| l.id.as_str())
        .collect()
}
