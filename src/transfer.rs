//! Moving progress between machines: `export` writes the progress (with notes) as JSON or
//! a readable markdown report; `import` merges an exported or copied file by the same
//! latest-change-wins rule two open instances use. Pure: files are read and written by
//! the caller.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};
use thiserror::Error;

use crate::curriculum::Roadmap;
use crate::progress::{Progress, RoadmapProgress, VERSION, merge};
use crate::summary;

/// Why an import file was refused (nothing is changed then).
#[derive(Debug, Error)]
pub enum ImportError {
    /// Not JSON at all.
    #[error("it is not JSON (line {line}, column {column}: {cause})")]
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What the parser said.
        cause: String,
    },
    /// JSON, but not a progress file.
    #[error("it is not a roadmap progress file: {0}")]
    WrongShape(String),
    /// Written by a newer roadmap.
    #[error("it was written by a newer version of roadmap (format {0}, this one knows {VERSION})")]
    Newer(u64),
}

/// An import file, parsed: the progress and the notes it carries (roadmap → lesson → text).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The progress.
    pub progress: Progress,
    /// Notes per roadmap id, per lesson id.
    pub notes: BTreeMap<String, BTreeMap<String, String>>,
}

/// Parses an exported (or plainly copied) progress file.
pub fn parse_import(bytes: &[u8]) -> Result<Imported, ImportError> {
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
        cause: e.to_string(),
    })?;
    let Some(object) = value.as_object_mut() else {
        return Err(ImportError::WrongShape(
            "the top level is not an object".into(),
        ));
    };
    match object.get("version").and_then(Value::as_u64) {
        Some(v) if v > u64::from(VERSION) => return Err(ImportError::Newer(v)),
        Some(_) => {}
        None => return Err(ImportError::WrongShape("it has no `version` field".into())),
    }
    let notes = match object.remove("notes") {
        None => BTreeMap::new(),
        Some(n) => serde_json::from_value(n)
            .map_err(|e| ImportError::WrongShape(format!("its notes: {e}")))?,
    };
    let progress =
        serde_json::from_value(value).map_err(|e| ImportError::WrongShape(e.to_string()))?;
    Ok(Imported { progress, notes })
}

/// The JSON export: the progress file with the notes of `roadmap_id` under `"notes"`.
pub fn export_json(
    progress: &Progress,
    roadmap_id: &str,
    notes: BTreeMap<String, String>,
) -> String {
    let mut value = serde_json::to_value(progress).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        let mut by_roadmap = Map::new();
        by_roadmap.insert(
            roadmap_id.to_string(),
            Value::Object(
                notes
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            ),
        );
        object.insert("notes".into(), Value::Object(by_roadmap));
    }
    let json = serde_json::to_string_pretty(&value).unwrap_or_default();
    format!("{}\n", escape_terminal_controls(&json))
}

/// JSON escapes C0 controls but not DEL, C1 controls or bidi overrides, which a terminal
/// may act on when the export is printed. They can only occur inside strings, where the
/// `\uXXXX` escape means the same character, so the JSON reads back identically.
fn escape_terminal_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A readable report: every step with its lessons (done dates), quiz scores and notes.
pub fn export_markdown(
    roadmap: &Roadmap,
    progress: &Progress,
    notes: &BTreeMap<String, String>,
) -> String {
    let p = progress.roadmap(&roadmap.id);
    let (done, total) = summary::totals(roadmap, p);
    let mut out = format!(
        "# {}: progress report\n\n{done} of {total} lessons done.\n",
        roadmap.title
    );
    if let Some(p) = p {
        let _ = writeln!(out, "Days studied: {}.", p.active_days.len());
    }
    for step in &roadmap.steps {
        let sum = summary::step_summary(step, p);
        let _ = write!(
            out,
            "\n## {}. {}\n\n{}/{} lessons done",
            step.number, step.title, sum.lessons_done, sum.lessons_total
        );
        if sum.tested_out {
            out.push_str(", tested out");
        }
        match sum.quiz_best {
            Some(best) => {
                let _ = writeln!(
                    out,
                    "; quiz best {best}% over {} attempt(s).\n",
                    sum.quiz_attempts
                );
            }
            None => out.push_str("; quiz not taken.\n\n"),
        }
        for lesson in &step.lessons {
            let state = p.and_then(|p| p.lessons.get(&lesson.id));
            match state.filter(|l| l.done) {
                Some(l) => {
                    let date = l
                        .done_at
                        .map(|t| crate::progress::local_date(t).to_string());
                    let _ = writeln!(
                        out,
                        "- [x] {}{}",
                        lesson.title,
                        date.map_or(String::new(), |d| format!(" (done {d})"))
                    );
                }
                None => {
                    let _ = writeln!(out, "- [ ] {}", lesson.title);
                }
            }
        }
        for lesson in &step.lessons {
            if let Some(text) = notes.get(&lesson.id) {
                let _ = writeln!(out, "\n### Notes: {}\n", lesson.title);
                out.push_str(&demote_headings(text));
                out.push('\n');
            }
        }
    }
    out
}

/// Notes start with their own `#` title; nest them under the report's headings.
fn demote_headings(text: &str) -> String {
    let mut fence = false;
    let mut out = String::new();
    for line in text.trim().lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if !fence && line.starts_with('#') {
            out.push_str("###");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// What an import changed, for the learner to read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Lessons that became done.
    pub done: usize,
    /// Lessons that became not done (a newer undone or reset in the import).
    pub undone: usize,
    /// Quiz attempts added.
    pub attempts: usize,
    /// Review cards added or moved.
    pub reviews: usize,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Merges `imported` into `local` (local wins ties) and says what changed in `roadmap_id`.
pub fn merge_import(
    local: &Progress,
    imported: &Progress,
    roadmap_id: &str,
) -> (Progress, Changes) {
    let merged = merge(imported, local);
    let empty = RoadmapProgress::default();
    let before = local.roadmap(roadmap_id).unwrap_or(&empty);
    let after = merged.roadmap(roadmap_id).unwrap_or(&empty);
    let ids: std::collections::BTreeSet<&String> =
        before.lessons.keys().chain(after.lessons.keys()).collect();
    let mut changes = Changes::default();
    for id in ids {
        match (before.is_done(id), after.is_done(id)) {
            (false, true) => changes.done += 1,
            (true, false) => changes.undone += 1,
            _ => {}
        }
    }
    let count = |p: &RoadmapProgress| p.quizzes.values().map(|q| q.attempts.len()).sum::<usize>();
    changes.attempts = count(after).saturating_sub(count(before));
    changes.reviews = after
        .reviews
        .iter()
        .filter(|(id, card)| before.reviews.get(*id) != Some(card))
        .count();
    (merged, changes)
}

/// How an imported note joins the local one: `None` when nothing needs writing. Notes are
/// never lost: when both differ, the imported text is appended below the local one.
pub fn merge_note(local: Option<&str>, imported: &str) -> Option<String> {
    match local {
        None => Some(imported.to_string()),
        Some(l) if l.trim() == imported.trim() || l.contains(imported.trim()) => None,
        Some(l) => Some(format!(
            "{}\n\n---\n\n*Imported:*\n\n{}\n",
            l.trim_end(),
            imported.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).expect("time")
    }

    #[test]
    fn an_export_parses_back_with_its_notes() {
        let mut p = Progress::default();
        p.roadmap_mut("r").set_done("s/a", true, "h", t(1));
        let notes = BTreeMap::from([("s/a".to_string(), "# Notes\n\nhi\n".to_string())]);
        let json = export_json(&p, "r", notes.clone());
        let back = parse_import(json.as_bytes()).expect("parses");
        assert_eq!(back.progress, p, "notes don't leak into the progress");
        assert_eq!(back.notes["r"], notes);
    }

    #[test]
    fn malformed_files_are_refused_with_a_reason() {
        for (bytes, expect) in [
            (&b"{not json"[..], "not JSON (line 1"),
            (b"[1, 2]", "top level is not an object"),
            (b"{\"roadmaps\": {}}", "no `version`"),
            (b"{\"version\": 7}", "newer version"),
            (
                b"{\"version\": 1, \"roadmaps\": 3}",
                "not a roadmap progress file",
            ),
            (b"{\"version\": 1, \"notes\": {\"r\": 5}}", "its notes"),
        ] {
            let err = parse_import(bytes).expect_err("refused").to_string();
            assert!(err.contains(expect), "{err}");
        }
    }

    #[test]
    fn import_follows_latest_change_wins_and_reports_changes() {
        let mut other = Progress::default();
        other.roadmap_mut("r").set_done("s/a", true, "h", t(1));
        other.roadmap_mut("r").set_done("s/b", true, "h", t(1));
        let mut local = Progress::default();
        local.roadmap_mut("r").set_done("s/a", false, "h", t(5));
        let (merged, changes) = merge_import(&local, &other, "r");
        let r = merged.roadmap("r").expect("r");
        assert!(!r.is_done("s/a"), "the later undone here wins");
        assert!(r.is_done("s/b"));
        assert_eq!(changes.done, 1);
        assert_eq!(changes.undone, 0);
        let (_, again) = merge_import(&merged, &other, "r");
        assert!(again.is_empty(), "importing twice changes nothing");
    }

    #[test]
    fn notes_are_merged_without_loss() {
        assert_eq!(merge_note(None, "new"), Some("new".into()));
        assert_eq!(merge_note(Some("same\n"), "same"), None);
        assert_eq!(merge_note(Some("mine\n\n---\n\nnew"), "new"), None);
        let both = merge_note(Some("mine"), "theirs").expect("appended");
        assert!(both.starts_with("mine") && both.contains("theirs"));
    }

    #[test]
    fn an_export_never_prints_c1_or_bidi_controls_and_reads_back_the_same() {
        let mut p = Progress::default();
        let now = jiff::Timestamp::from_second(1_800_000_000).expect("time");
        p.roadmap_mut("r")
            .set_done("s/\u{9b}31m\u{202e}x\u{7f}", true, "h", now);
        let json = export_json(&p, "r", BTreeMap::new());
        assert!(!json.contains(['\u{9b}', '\u{202e}', '\u{7f}']), "{json}");
        assert!(json.contains("\\u009b31m\\u202ex\\u007f"), "{json}");
        let back: Progress = serde_json::from_str(&json).expect("parses");
        assert_eq!(back.roadmaps, p.roadmaps);
    }
}
