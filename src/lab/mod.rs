//! Hands-on labs: engines that run what the learner types and check it against a task.
//! The engines are I/O (a database, later a server or a repository); the TUI drives them
//! through effects.

pub mod git;
pub mod http;
pub mod sql;

use crate::curriculum::{Diagnostic, LineIndex, Roadmap, SourceTree};

/// Checks that every lab of `roadmap` works: its setup loads, and each task, done in
/// order with its own solution, is solved. Problems name the lab file and line.
pub fn validate_labs(roadmap: &Roadmap, tree: &SourceTree) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (_, _, lesson) in roadmap.labs() {
        let Some((kind, lab)) = &lesson.lab else {
            continue;
        };
        let display = tree.display(&lesson.path);
        let setup_line = lesson
            .source
            .find(&format!("```{} setup", kind.name()))
            .map_or(1, |at| LineIndex::new(&lesson.source).line(at));
        match kind {
            crate::curriculum::LabKind::Git => {
                problems.extend(validate_git_lab(lab, &display, setup_line));
                continue;
            }
            crate::curriculum::LabKind::Http => {
                problems.extend(validate_http_lab(lab, &display, setup_line));
                continue;
            }
            crate::curriculum::LabKind::Sql => {}
        }
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

/// A Git lab can't be solved without the learner, so validation builds its repository in a
/// temporary folder from the setup, checks the grammar of every task's preparation (which
/// runs on the learner's repository), and that every assertion is one the engine knows.
fn validate_git_lab(
    lab: &crate::curriculum::Lab,
    display: &str,
    setup_line: usize,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Ok(tmp) = tempfile_dir() else {
        return problems;
    };
    let repo = git::GitLab::new(tmp.join("repo"), &lab.setup);
    match repo.ensure() {
        Err(git::GitError::Missing) => return problems,
        Err(e) => {
            problems.push(Diagnostic::new(
                display,
                setup_line,
                format!("the setup fails: {e}"),
            ));
            let _ = std::fs::remove_dir_all(&tmp);
            return problems;
        }
        Ok(()) => {}
    }
    for task in &lab.tasks {
        if let Some(steps) = &task.prepare
            && let Err(e) = git::GitLab::check_steps(steps)
        {
            problems.push(Diagnostic::new(
                display,
                task.line,
                format!("task `{}`: its preparation is not understood: {e}", task.id),
            ));
        }
        let prepared_if = task
            .prepare
            .as_deref()
            .and_then(|p| p.lines().next())
            .and_then(|l| l.trim().strip_prefix("prepared-if "));
        let checks = task.check.as_deref().unwrap_or_default().lines();
        for line in checks.chain(prepared_if) {
            if !line.trim().is_empty()
                && matches!(repo.assert(line.trim()), Err(git::GitError::BadStep(_)))
            {
                problems.push(Diagnostic::new(
                    display,
                    task.line,
                    format!("task `{}`: unknown check `{}`", task.id, line.trim()),
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    problems
}

/// A fresh folder in the system's temp folder, removed by the caller.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "roadmap-validate-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// An HTTP lab is solved by the learner's own requests, so validation starts its practice
/// API with the lab's books and checks that every assertion is one the engine knows.
fn validate_http_lab(
    lab: &crate::curriculum::Lab,
    display: &str,
    setup_line: usize,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Err(e) = http::HttpLab::start(&lab.setup) {
        problems.push(Diagnostic::new(display, setup_line, e.to_string()));
    }
    for task in &lab.tasks {
        for line in task.check.as_deref().unwrap_or_default().lines() {
            if !line.trim().is_empty() && http::parse_assertion(line.trim()).is_none() {
                problems.push(Diagnostic::new(
                    display,
                    task.line,
                    format!("task `{}`: unknown check `{}`", task.id, line.trim()),
                ));
            }
        }
    }
    problems
}
