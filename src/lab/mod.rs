//! Hands-on labs: engines that run what the learner types and check it against a task.
//! The engines are I/O (a database, later a server or a repository); the TUI drives them
//! through effects.

pub mod sql;

use crate::curriculum::{Diagnostic, LineIndex, Roadmap, SourceTree};

/// Checks that every lab of `roadmap` works: its setup loads, and each task, done in
/// order with its own solution, is solved. Problems name the lab file and line.
pub fn validate_labs(roadmap: &Roadmap, tree: &SourceTree) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (_, _, lesson) in roadmap.labs() {
        let Some((_, lab)) = &lesson.lab else {
            continue;
        };
        let display = tree.display(&lesson.path);
        let setup_line = lesson
            .source
            .find("```sql setup")
            .map_or(1, |at| LineIndex::new(&lesson.source).line(at));
        let mut db = match sql::SqlLab::new(&lab.setup) {
            Ok(db) => db,
            Err(e) => {
                problems.push(Diagnostic::new(
                    display,
                    setup_line,
                    format!("the setup SQL fails to load: {e}"),
                ));
                continue;
            }
        };
        for task in &lab.tasks {
            let outcome = db.attempt(task, &task.solution);
            let message = match outcome {
                Ok((_, sql::Verdict::Solved)) => continue,
                Ok((_, sql::Verdict::NotYet(why))) => {
                    format!(
                        "task `{}`: its own solution does not pass its check: {why}",
                        task.id
                    )
                }
                Err(e) => format!("task `{}`: its solution fails: {e}", task.id),
            };
            problems.push(Diagnostic::new(display.clone(), task.line, message));
        }
    }
    problems
}
