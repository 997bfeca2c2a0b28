//! The progress file's data: per roadmap, lessons done, reading positions and quiz attempts.
//! Every entry carries the time it last changed, so two copies merge without losing work.
//! Unknown fields are kept (`extra`), so an older binary never drops what a newer one wrote.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The file format version this binary reads and writes.
pub const VERSION: u32 = 1;

/// The whole progress file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// File format version; changes only for an incompatible change.
    pub version: u32,
    /// Progress per roadmap id.
    #[serde(default)]
    pub roadmaps: BTreeMap<String, RoadmapProgress>,
    /// Fields this binary doesn't know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            version: VERSION,
            roadmaps: BTreeMap::new(),
            extra: Map::new(),
        }
    }
}

/// Progress through one roadmap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoadmapProgress {
    /// When the learner last reset everything; older entries no longer count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_at: Option<Timestamp>,
    /// Per lesson id (`step/lesson`).
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    /// Per step id.
    #[serde(default)]
    pub quizzes: BTreeMap<String, QuizProgress>,
    /// Per full question id (`step/question`): the spaced-review schedule.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reviews: BTreeMap<String, ReviewCard>,
    /// Per lab id (`step/lab-name`): the tasks solved, with when.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labs: BTreeMap<String, BTreeMap<String, Timestamp>>,
    /// Per step id: steps the learner tested out of.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, StepProgress>,
    /// The lesson the learner was reading last, for "continue".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_lesson: Option<LastLesson>,
    /// Local dates (`YYYY-MM-DD`) on which the learner did something.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub active_days: BTreeSet<String>,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One lesson's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// Whether the lesson is marked done.
    #[serde(default)]
    pub done: bool,
    /// When `done` last changed (a tombstone when false), for latest-wins merging.
    pub changed_at: Timestamp,
    /// When it was marked done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Timestamp>,
    /// Hash of the lesson text when it was marked done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// When the learner last opened it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<Timestamp>,
    /// Reading position: byte offset in the lesson source of the first visible block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// When the position was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_at: Option<Timestamp>,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LessonProgress {
    /// A fresh, not-done entry created at `now`.
    pub fn new(now: Timestamp) -> Self {
        Self {
            done: false,
            changed_at: now,
            done_at: None,
            hash: None,
            opened_at: None,
            position: None,
            position_at: None,
            extra: Map::new(),
        }
    }

    /// The latest time anything in this entry changed.
    pub fn last_change(&self) -> Timestamp {
        [self.opened_at, self.position_at]
            .into_iter()
            .flatten()
            .fold(self.changed_at, Timestamp::max)
    }
}

/// Days until a question in each Leitner box (1–5) comes back.
pub const REVIEW_DAYS: [i64; 5] = [1, 2, 4, 8, 16];

/// A question in the review queue: its Leitner box and when it is due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewCard {
    /// Box 1–5; 0 once answered right in box 5 (it has left the queue; kept so a merge
    /// with an older copy doesn't bring it back).
    #[serde(rename = "box")]
    pub level: u8,
    /// The local date from which it is due.
    pub due: Date,
    /// When the card last changed, for latest-wins merging.
    pub changed_at: Timestamp,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ReviewCard {
    /// Whether the card is still in the queue.
    pub fn queued(&self) -> bool {
        (1..=5).contains(&self.level)
    }
}

/// The learner's local date at `now`.
pub fn local_date(now: Timestamp) -> Date {
    now.to_zoned(jiff::tz::TimeZone::system()).date()
}

/// A step's own state (beyond its lessons).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepProgress {
    /// Whether the learner proved they know the step with its quiz (counts as complete).
    #[serde(default)]
    pub tested_out: bool,
    /// When `tested_out` last changed, for latest-wins merging.
    pub changed_at: Timestamp,
    /// When the learner last reset this step; its older entries no longer count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_at: Option<Timestamp>,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A step's quiz history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuizProgress {
    /// Best score in percent; recomputed from `attempts` whenever they change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<u32>,
    /// Every finished attempt, oldest first.
    #[serde(default)]
    pub attempts: Vec<QuizAttempt>,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl QuizProgress {
    /// Recomputes `best` from the attempts.
    pub fn recompute_best(&mut self) {
        self.best = self.attempts.iter().map(QuizAttempt::percent).max();
    }
}

/// One finished quiz attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizAttempt {
    /// When it was finished.
    pub at: Timestamp,
    /// Questions answered right.
    pub correct: u32,
    /// Questions asked.
    pub total: u32,
    /// Full ids of the questions answered wrong.
    #[serde(default)]
    pub missed: Vec<String>,
    /// Fields this binary doesn't know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl QuizAttempt {
    /// The score in whole percent, rounded down.
    pub fn percent(&self) -> u32 {
        (self.correct * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The lesson to continue with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastLesson {
    /// Full lesson id.
    pub id: String,
    /// When it was opened.
    pub at: Timestamp,
}

impl Progress {
    /// The progress of roadmap `id`, if any was recorded.
    pub fn roadmap(&self, id: &str) -> Option<&RoadmapProgress> {
        self.roadmaps.get(id)
    }

    /// The progress of roadmap `id`, created when missing.
    pub fn roadmap_mut(&mut self, id: &str) -> &mut RoadmapProgress {
        self.roadmaps.entry(id.to_string()).or_default()
    }
}

impl RoadmapProgress {
    /// Whether lesson `id` is marked done.
    pub fn is_done(&self, id: &str) -> bool {
        self.lessons.get(id).is_some_and(|l| l.done)
    }

    /// Whether lesson `id` was marked done when its text hashed differently from `hash`:
    /// the lesson changed since the learner finished it.
    pub fn is_outdated(&self, id: &str, hash: &str) -> bool {
        self.lessons
            .get(id)
            .is_some_and(|l| l.done && l.hash.as_deref().is_some_and(|h| h != hash))
    }

    fn lesson_mut(&mut self, id: &str, now: Timestamp) -> &mut LessonProgress {
        self.lessons
            .entry(id.to_string())
            .or_insert_with(|| LessonProgress::new(now))
    }

    /// Marks lesson `id` done (with the hash of its text) or not done. Returns whether
    /// anything changed.
    pub fn set_done(&mut self, id: &str, done: bool, hash: &str, now: Timestamp) -> bool {
        let lesson = self.lesson_mut(id, now);
        if lesson.done == done && (!done || lesson.hash.as_deref() == Some(hash)) {
            return false;
        }
        lesson.done = done;
        lesson.changed_at = now;
        if done {
            lesson.done_at = Some(now);
            lesson.hash = Some(hash.to_string());
        } else {
            lesson.done_at = None;
        }
        self.touch(now);
        true
    }

    /// Records that lesson `id` was opened: it becomes the lesson to continue with.
    pub fn open(&mut self, id: &str, now: Timestamp) {
        self.lesson_mut(id, now).opened_at = Some(now);
        self.last_lesson = Some(LastLesson {
            id: id.to_string(),
            at: now,
        });
        self.touch(now);
    }

    /// Saves the reading position in lesson `id`.
    pub fn set_position(&mut self, id: &str, offset: usize, now: Timestamp) {
        let lesson = self.lesson_mut(id, now);
        lesson.position = Some(offset);
        lesson.position_at = Some(now);
    }

    /// The saved reading position in lesson `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.lessons.get(id).and_then(|l| l.position)
    }

    /// Puts question `id` (answered wrong in a quiz) into box 1, due tomorrow.
    pub fn review_missed(&mut self, id: &str, now: Timestamp) {
        self.set_card(id, 1, now);
    }

    /// Records a review answer: right moves the question up a box (out of the queue after
    /// box 5), wrong moves it back to box 1.
    pub fn review_answer(&mut self, id: &str, right: bool, now: Timestamp) {
        let level = self.reviews.get(id).map_or(0, |c| c.level);
        let next = match (right, level) {
            (false, _) => 1,
            (true, 5) => 0,
            (true, l) => (l + 1).clamp(1, 5),
        };
        self.set_card(id, next, now);
    }

    fn set_card(&mut self, id: &str, level: u8, now: Timestamp) {
        let days = REVIEW_DAYS[usize::from(level.clamp(1, 5) - 1)];
        let today = local_date(now);
        let due = today
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(today);
        let extra = self.reviews.remove(id).map(|c| c.extra).unwrap_or_default();
        self.reviews.insert(
            id.to_string(),
            ReviewCard {
                level,
                due,
                changed_at: now,
                extra,
            },
        );
        self.touch(now);
    }

    /// Ids of the questions due for review on the local date of `now`, soonest first.
    pub fn due_reviews(&self, now: Timestamp) -> Vec<&str> {
        let today = local_date(now);
        let mut due: Vec<(&Date, &str)> = self
            .reviews
            .iter()
            .filter(|(_, c)| c.queued() && c.due <= today)
            .map(|(id, c)| (&c.due, id.as_str()))
            .collect();
        due.sort();
        due.into_iter().map(|(_, id)| id).collect()
    }

    /// Records that task `task` of lab `lab` was solved; false when it already was.
    pub fn solve_task(&mut self, lab: &str, task: &str, now: Timestamp) -> bool {
        let tasks = self.labs.entry(lab.to_string()).or_default();
        if tasks.contains_key(task) {
            return false;
        }
        tasks.insert(task.to_string(), now);
        self.touch(now);
        true
    }

    /// Whether task `task` of lab `lab` was solved.
    pub fn is_task_solved(&self, lab: &str, task: &str) -> bool {
        self.labs.get(lab).is_some_and(|t| t.contains_key(task))
    }

    /// Whether the learner tested out of step `step`.
    pub fn is_tested_out(&self, step: &str) -> bool {
        self.steps.get(step).is_some_and(|s| s.tested_out)
    }

    /// Marks step `step` as tested out (or not). Returns whether anything changed.
    pub fn set_tested_out(&mut self, step: &str, tested_out: bool, now: Timestamp) -> bool {
        if self.is_tested_out(step) == tested_out {
            return false;
        }
        self.steps.insert(
            step.to_string(),
            StepProgress {
                tested_out,
                changed_at: now,
                reset_at: self.steps.get(step).and_then(|s| s.reset_at),
                extra: Map::new(),
            },
        );
        self.touch(now);
        true
    }

    /// Records a finished attempt at step `step`'s quiz.
    pub fn record_attempt(&mut self, step: &str, attempt: QuizAttempt) {
        let now = attempt.at;
        let quiz = self.quizzes.entry(step.to_string()).or_default();
        quiz.attempts.push(attempt);
        quiz.recompute_best();
        self.touch(now);
    }

    /// The best quiz score of step `step` in percent, if it was ever taken.
    pub fn quiz_best(&self, step: &str) -> Option<u32> {
        self.quizzes.get(step).and_then(|q| q.best)
    }

    /// How many attempts step `step`'s quiz has.
    pub fn quiz_attempts(&self, step: &str) -> usize {
        self.quizzes.get(step).map_or(0, |q| q.attempts.len())
    }

    /// Forgets everything recorded up to `now` (it stays forgotten when merged with an
    /// older copy, because `reset_at` travels with the file).
    pub fn reset(&mut self, now: Timestamp) {
        self.reset_at = Some(now);
        self.prune();
    }

    /// Forgets lesson `id`: its done mark and reading position.
    pub fn reset_lesson(&mut self, id: &str, now: Timestamp) {
        let lesson = self.lesson_mut(id, now);
        lesson.done = false;
        lesson.changed_at = now;
        lesson.done_at = None;
        lesson.hash = None;
        lesson.position = None;
        lesson.position_at = Some(now);
        self.touch(now);
    }

    /// Forgets step `step`: its lessons, its quiz attempts and a test-out. The step's
    /// `reset_at` keeps them forgotten when merged with an older copy.
    pub fn reset_step(&mut self, step: &str, now: Timestamp) {
        let entry = self
            .steps
            .entry(step.to_string())
            .or_insert_with(|| StepProgress {
                tested_out: false,
                changed_at: now,
                reset_at: None,
                extra: Map::new(),
            });
        entry.tested_out = false;
        entry.changed_at = now;
        entry.reset_at = Some(now);
        self.touch(now);
        self.prune();
    }

    /// Drops entries older than the last reset of the roadmap or of their step.
    pub fn prune(&mut self) {
        let roadmap_reset = self.reset_at;
        let step_resets: BTreeMap<String, Timestamp> = self
            .steps
            .iter()
            .filter_map(|(id, s)| s.reset_at.map(|t| (id.clone(), t)))
            .collect();
        let cutoff_of = |step: &str| roadmap_reset.max(step_resets.get(step).copied());
        for (id, lesson) in &mut self.lessons {
            let step = id.split_once('/').map_or(id.as_str(), |(s, _)| s);
            let Some(reset) = cutoff_of(step) else {
                continue;
            };
            if lesson.changed_at <= reset {
                lesson.done = false;
                lesson.done_at = None;
                lesson.hash = None;
            }
            if lesson.opened_at.is_some_and(|t| t <= reset) {
                lesson.opened_at = None;
            }
            if lesson.position_at.is_some_and(|t| t <= reset) {
                lesson.position = None;
                lesson.position_at = None;
            }
        }
        self.lessons.retain(|id, l| {
            let step = id.split_once('/').map_or(id.as_str(), |(s, _)| s);
            cutoff_of(step).is_none_or(|reset| l.last_change() > reset)
        });
        self.reviews.retain(|id, card| {
            let step = id.split_once('/').map_or(id.as_str(), |(s, _)| s);
            cutoff_of(step).is_none_or(|reset| card.changed_at > reset)
        });
        for (lab, tasks) in &mut self.labs {
            let step = lab.split_once('/').map_or(lab.as_str(), |(s, _)| s);
            if let Some(reset) = cutoff_of(step) {
                tasks.retain(|_, at| *at > reset);
            }
        }
        self.labs.retain(|_, tasks| !tasks.is_empty());
        for (step, quiz) in &mut self.quizzes {
            if let Some(reset) = cutoff_of(step) {
                quiz.attempts.retain(|a| a.at > reset);
                quiz.recompute_best();
            }
        }
        self.quizzes
            .retain(|_, q| !q.attempts.is_empty() || !q.extra.is_empty());
        for step in self.steps.values_mut() {
            if roadmap_reset.is_some_and(|r| step.changed_at <= r) {
                step.tested_out = false;
            }
        }
        self.steps.retain(|_, s| {
            let newest = s.changed_at.max(s.reset_at.unwrap_or(s.changed_at));
            roadmap_reset.is_none_or(|r| newest > r)
        });
        if let (Some(reset), Some(last)) = (roadmap_reset, &self.last_lesson)
            && last.at <= reset
        {
            self.last_lesson = None;
        }
    }

    fn touch(&mut self, now: Timestamp) {
        let day = now
            .to_zoned(jiff::tz::TimeZone::system())
            .date()
            .to_string();
        self.active_days.insert(day);
    }
}
