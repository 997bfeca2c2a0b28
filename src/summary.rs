//! What a learner has achieved, derived from the curriculum and the progress. The TUI and
//! the CLI both count through here, so a tested-out step or a done mark means the same
//! everywhere.

use crate::curriculum::{Roadmap, Step};
use crate::progress::RoadmapProgress;

/// The score (percent) that lets a learner test out of a step without reading it (or the
/// pass mark, if that is higher).
pub const TEST_OUT_PERCENT: u32 = 90;

/// The score (percent, 1–100) that passes a quiz: 70 unless the config file, the
/// environment or `--pass-mark` says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassMark(u32);

impl PassMark {
    /// 70%.
    pub const DEFAULT: PassMark = PassMark(70);

    /// A pass mark of `percent`, if it is between 1 and 100.
    pub fn new(percent: u32) -> Option<Self> {
        (1..=100).contains(&percent).then_some(Self(percent))
    }

    /// The mark in percent.
    pub fn percent(self) -> u32 {
        self.0
    }

    /// Whether a score of `percent` passes.
    pub fn passes(self, percent: u32) -> bool {
        percent >= self.0
    }

    /// The score that lets a learner test out of a step: [`TEST_OUT_PERCENT`], or the
    /// pass mark when that is higher, so testing out never takes less than passing.
    pub fn test_out(self) -> u32 {
        self.0.max(TEST_OUT_PERCENT)
    }
}

impl Default for PassMark {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<i64> for PassMark {
    type Error = String;

    fn try_from(n: i64) -> Result<Self, Self::Error> {
        u32::try_from(n)
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| format!("the pass mark is a percent from 1 to 100, not {n}"))
    }
}

impl<'de> serde::Deserialize<'de> for PassMark {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Checks the range inside the visitor, so a JSON error points at the number.
        struct Percent;
        impl serde::de::Visitor<'_> for Percent {
            type Value = PassMark;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a percent from 1 to 100")
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<PassMark, E> {
                PassMark::try_from(n).map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<PassMark, E> {
                PassMark::try_from(i64::try_from(n).unwrap_or(i64::MAX)).map_err(E::custom)
            }
        }
        d.deserialize_i64(Percent)
    }
}

impl std::str::FromStr for PassMark {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n: i64 = s
            .trim()
            .trim_end_matches('%')
            .parse()
            .map_err(|_| format!("the pass mark is a percent from 1 to 100, not `{s}`"))?;
        Self::try_from(n)
    }
}

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

    /// Whether the best quiz score passes `mark`.
    pub fn passed(&self, mark: PassMark) -> bool {
        self.quiz_best.is_some_and(|b| mark.passes(b))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_marks_are_percents_from_1_to_100() {
        assert_eq!(PassMark::new(0), None);
        assert_eq!(PassMark::new(101), None);
        assert_eq!(PassMark::new(100).map(PassMark::percent), Some(100));
        assert_eq!("85%".parse::<PassMark>(), Ok(PassMark(85)));
        assert!("-5".parse::<PassMark>().is_err());
        assert!("abc".parse::<PassMark>().is_err());
        assert!(PassMark::DEFAULT.passes(70) && !PassMark::DEFAULT.passes(69));
    }

    #[test]
    fn testing_out_never_takes_less_than_passing() {
        assert_eq!(PassMark::DEFAULT.test_out(), TEST_OUT_PERCENT);
        assert_eq!(PassMark(95).test_out(), 95);
    }
}
