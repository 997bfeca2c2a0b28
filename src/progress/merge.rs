//! Merging two copies of the progress file: the same rule for two open instances and for
//! an import. Each entry's latest change wins, so an `undone` or a reset in one copy is
//! not undone by the other; quiz attempts are a union.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{LessonProgress, Progress, QuizProgress, RoadmapProgress};

/// Merges `theirs` (e.g. the file on disk) into `ours`; on equal times `ours` wins.
pub fn merge(theirs: &Progress, ours: &Progress) -> Progress {
    let mut out = ours.clone();
    out.version = out.version.max(theirs.version);
    merge_extra(&mut out.extra, &theirs.extra);
    for (id, t) in &theirs.roadmaps {
        match out.roadmaps.get_mut(id) {
            Some(o) => merge_roadmap(o, t),
            None => {
                out.roadmaps.insert(id.clone(), t.clone());
            }
        }
    }
    for r in out.roadmaps.values_mut() {
        r.prune();
    }
    out
}

fn merge_extra(ours: &mut Map<String, Value>, theirs: &Map<String, Value>) {
    for (k, v) in theirs {
        ours.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

fn merge_roadmap(o: &mut RoadmapProgress, t: &RoadmapProgress) {
    o.reset_at = o.reset_at.max(t.reset_at);
    merge_map(&mut o.lessons, &t.lessons, merge_lesson);
    merge_map(&mut o.quizzes, &t.quizzes, merge_quiz);
    merge_map(&mut o.labs, &t.labs, |o, t| {
        for (task, at) in t {
            let mine = o.entry(task.clone()).or_insert(*at);
            *mine = (*mine).min(*at);
        }
    });
    merge_map(&mut o.reviews, &t.reviews, |o, t| {
        if t.changed_at > o.changed_at {
            let extra = std::mem::take(&mut o.extra);
            *o = t.clone();
            merge_extra(&mut o.extra, &extra);
        }
    });
    merge_map(&mut o.steps, &t.steps, |o, t| {
        if t.changed_at > o.changed_at {
            o.tested_out = t.tested_out;
            o.changed_at = t.changed_at;
        }
        o.reset_at = o.reset_at.max(t.reset_at);
        merge_extra(&mut o.extra, &t.extra);
    });
    if let Some(tl) = &t.last_lesson
        && o.last_lesson.as_ref().is_none_or(|ol| tl.at > ol.at)
    {
        o.last_lesson = Some(tl.clone());
    }
    o.active_days.extend(t.active_days.iter().cloned());
    merge_extra(&mut o.extra, &t.extra);
}

fn merge_map<V: Clone>(
    ours: &mut BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    f: fn(&mut V, &V),
) {
    for (k, t) in theirs {
        match ours.get_mut(k) {
            Some(o) => f(o, t),
            None => {
                ours.insert(k.clone(), t.clone());
            }
        }
    }
}

fn merge_lesson(o: &mut LessonProgress, t: &LessonProgress) {
    if t.changed_at > o.changed_at {
        o.done = t.done;
        o.changed_at = t.changed_at;
        o.done_at = t.done_at;
        o.hash = t.hash.clone();
    }
    o.opened_at = o.opened_at.max(t.opened_at);
    if t.position_at > o.position_at {
        o.position = t.position;
        o.position_at = t.position_at;
    }
    merge_extra(&mut o.extra, &t.extra);
}

fn merge_quiz(o: &mut QuizProgress, t: &QuizProgress) {
    for a in &t.attempts {
        if !o.attempts.contains(a) {
            o.attempts.push(a.clone());
        }
    }
    o.attempts.sort_by_key(|a| a.at);
    o.recompute_best();
    merge_extra(&mut o.extra, &t.extra);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::QuizAttempt;
    use jiff::Timestamp;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).expect("valid time")
    }

    fn attempt(at: i64, correct: u32) -> QuizAttempt {
        QuizAttempt {
            at: t(at),
            correct,
            total: 10,
            missed: vec![],
            extra: Map::new(),
        }
    }

    #[test]
    fn two_instances_marking_different_lessons_keep_both() {
        let mut a = Progress::default();
        a.roadmap_mut("r").set_done("s/one", true, "h1", t(1));
        let mut b = Progress::default();
        b.roadmap_mut("r").set_done("s/two", true, "h2", t(2));
        let m = merge(&a, &b);
        let r = m.roadmap("r").expect("roadmap");
        assert!(r.is_done("s/one") && r.is_done("s/two"));
    }

    #[test]
    fn a_later_undone_is_not_resurrected() {
        let mut disk = Progress::default();
        disk.roadmap_mut("r").set_done("s/one", true, "h", t(1));
        let mut mine = disk.clone();
        mine.roadmap_mut("r").set_done("s/one", false, "h", t(5));
        assert!(
            !merge(&disk, &mine)
                .roadmap("r")
                .expect("r")
                .is_done("s/one")
        );
        // And the other way round: an older copy merged into the newer one.
        assert!(
            !merge(&mine, &disk)
                .roadmap("r")
                .expect("r")
                .is_done("s/one")
        );
    }

    #[test]
    fn a_reset_wins_over_older_entries_but_not_newer_ones() {
        let mut old = Progress::default();
        old.roadmap_mut("r").set_done("s/one", true, "h", t(1));
        old.roadmap_mut("r").record_attempt("s", attempt(2, 9));
        let mut reset = old.clone();
        reset.roadmap_mut("r").reset(t(10));
        let mut newer = old.clone();
        newer.roadmap_mut("r").set_done("s/two", true, "h", t(20));
        let m = merge(&merge(&old, &reset), &newer);
        let r = m.roadmap("r").expect("r");
        assert!(!r.is_done("s/one"));
        assert!(r.is_done("s/two"));
        assert_eq!(r.quiz_best("s"), None);
        assert_eq!(r.quiz_attempts("s"), 0);
    }

    #[test]
    fn quiz_attempts_are_a_union_and_best_is_recomputed() {
        let mut a = Progress::default();
        a.roadmap_mut("r").record_attempt("s", attempt(1, 5));
        let mut b = a.clone();
        b.roadmap_mut("r").record_attempt("s", attempt(3, 9));
        a.roadmap_mut("r").record_attempt("s", attempt(2, 7));
        let m = merge(&a, &b);
        let q = &m.roadmap("r").expect("r").quizzes["s"];
        assert_eq!(q.attempts.len(), 3);
        assert_eq!(q.best, Some(90));
        assert!(q.attempts.windows(2).all(|w| w[0].at <= w[1].at));
    }

    #[test]
    fn positions_and_last_lesson_take_the_latest() {
        let mut a = Progress::default();
        a.roadmap_mut("r").open("s/one", t(1));
        a.roadmap_mut("r").set_position("s/one", 100, t(2));
        let mut b = Progress::default();
        b.roadmap_mut("r").open("s/two", t(3));
        b.roadmap_mut("r").set_position("s/one", 50, t(1));
        let m = merge(&a, &b);
        let r = m.roadmap("r").expect("r");
        assert_eq!(r.position("s/one"), Some(100));
        assert_eq!(r.last_lesson.as_ref().map(|l| l.id.as_str()), Some("s/two"));
    }

    #[test]
    fn testing_out_takes_the_latest_change() {
        let mut a = Progress::default();
        a.roadmap_mut("r").set_tested_out("s", true, t(1));
        let mut b = a.clone();
        b.roadmap_mut("r").set_tested_out("s", false, t(5));
        assert!(!merge(&a, &b).roadmap("r").expect("r").is_tested_out("s"));
        assert!(!merge(&b, &a).roadmap("r").expect("r").is_tested_out("s"));
        let mut reset = a.clone();
        reset.roadmap_mut("r").reset(t(3));
        assert!(
            !merge(&a, &reset)
                .roadmap("r")
                .expect("r")
                .is_tested_out("s")
        );
    }

    #[test]
    fn a_step_reset_forgets_its_lessons_and_attempts_even_after_a_merge() {
        let mut old = Progress::default();
        let r = old.roadmap_mut("r");
        r.set_done("s/one", true, "h", t(1));
        r.set_done("other/two", true, "h", t(1));
        r.record_attempt("s", attempt(2, 9));
        r.set_tested_out("s", true, t(2));
        let mut reset = old.clone();
        reset.roadmap_mut("r").reset_step("s", t(10));
        for m in [merge(&old, &reset), merge(&reset, &old)] {
            let r = m.roadmap("r").expect("r");
            assert!(!r.is_done("s/one"));
            assert!(r.is_done("other/two"), "other steps are untouched");
            assert_eq!(r.quiz_attempts("s"), 0);
            assert!(!r.is_tested_out("s"));
        }
    }

    #[test]
    fn a_lesson_reset_clears_done_and_position() {
        let mut old = Progress::default();
        old.roadmap_mut("r").set_done("s/one", true, "h", t(1));
        old.roadmap_mut("r").set_position("s/one", 99, t(1));
        let mut reset = old.clone();
        reset.roadmap_mut("r").reset_lesson("s/one", t(5));
        let m = merge(&old, &reset);
        let r = m.roadmap("r").expect("r");
        assert!(!r.is_done("s/one"));
        assert_eq!(r.position("s/one"), None);
    }

    #[test]
    fn review_cards_follow_the_leitner_schedule_with_a_fake_clock() {
        let day = |n: i64| t(n * 86_400);
        let mut p = Progress::default();
        let r = p.roadmap_mut("r");
        r.review_missed("s/q", day(0));
        assert!(r.due_reviews(day(0)).is_empty(), "not due the same day");
        assert_eq!(r.due_reviews(day(1)), ["s/q"]);
        // Right answers: box 2 (2 days), 3 (4), 4 (8), 5 (16), then out.
        let mut today = 1;
        for (level, wait) in [(2, 2), (3, 4), (4, 8), (5, 16)] {
            r.review_answer("s/q", true, day(today));
            assert_eq!(r.reviews["s/q"].level, level);
            assert!(r.due_reviews(day(today + wait - 1)).is_empty());
            assert_eq!(r.due_reviews(day(today + wait)), ["s/q"]);
            today += wait;
        }
        r.review_answer("s/q", true, day(today));
        assert!(!r.reviews["s/q"].queued(), "left the queue after box 5");
        assert!(r.due_reviews(day(today + 100)).is_empty());
        // A wrong answer anywhere goes back to box 1.
        r.review_missed("s/q", day(200));
        r.review_answer("s/q", true, day(201));
        r.review_answer("s/q", false, day(203));
        assert_eq!(r.reviews["s/q"].level, 1);
        assert_eq!(r.due_reviews(day(204)), ["s/q"]);
    }

    #[test]
    fn review_cards_merge_by_latest_change_and_resets_clear_them() {
        let mut a = Progress::default();
        a.roadmap_mut("r").review_missed("s/q", t(0));
        let mut b = a.clone();
        b.roadmap_mut("r").review_answer("s/q", true, t(86_400));
        let m = merge(&a, &b);
        assert_eq!(m.roadmap("r").expect("r").reviews["s/q"].level, 2);
        assert_eq!(
            merge(&b, &a).roadmap("r").expect("r").reviews["s/q"].level,
            2
        );
        let mut reset = b.clone();
        reset.roadmap_mut("r").reset_step("s", t(200_000));
        assert!(
            merge(&b, &reset)
                .roadmap("r")
                .expect("r")
                .reviews
                .is_empty()
        );
    }

    #[test]
    fn solved_lab_tasks_are_a_union_and_a_step_reset_clears_them() {
        let mut a = Progress::default();
        a.roadmap_mut("r").solve_task("s/lab-sql", "one", t(1));
        let mut b = Progress::default();
        b.roadmap_mut("r").solve_task("s/lab-sql", "two", t(2));
        b.roadmap_mut("r").solve_task("s/lab-sql", "one", t(3));
        let m = merge(&a, &b);
        let r = m.roadmap("r").expect("r");
        assert!(r.is_task_solved("s/lab-sql", "one") && r.is_task_solved("s/lab-sql", "two"));
        assert_eq!(r.labs["s/lab-sql"]["one"], t(1), "the first solve is kept");
        let mut reset = m.clone();
        reset.roadmap_mut("r").reset_step("s", t(10));
        assert!(merge(&m, &reset).roadmap("r").expect("r").labs.is_empty());
    }

    #[test]
    fn unknown_fields_survive_a_merge() {
        let theirs: Progress = serde_json::from_str(
            r#"{"version":1,"future":true,"roadmaps":{"r":{"lessons":{},"x":1}}}"#,
        )
        .expect("parses");
        let m = merge(&theirs, &Progress::default());
        assert_eq!(m.extra["future"], Value::Bool(true));
        assert_eq!(m.roadmaps["r"].extra["x"], Value::from(1));
    }
}
