//! Tab completion of lesson, step and lab ids: clap_complete's dynamic engine asks the
//! binary itself (`COMPLETE=bash roadmap …`), which answers from the curriculum in effect
//! (`ROADMAP_CURRICULUM`, else the config file's, else the built-in one). A `--curriculum`
//! typed on the same command line isn't seen, since completers get no other arguments.

use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;

use crate::config;
use crate::curriculum::{self, Roadmap, SourceTree};

/// The roadmap ids complete from, or `None` if it can't be loaded (then nothing is
/// offered rather than an error printed into the shell).
fn roadmap() -> Option<Roadmap> {
    let dir = std::env::var_os("ROADMAP_CURRICULUM")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| config::load(&config::env_path()?).values.curriculum);
    let tree = match dir {
        Some(dir) => SourceTree::from_dir(&dir).ok()?,
        None => SourceTree::embedded(),
    };
    curriculum::load(&tree).ok()
}

fn candidate(id: &str, title: &str) -> CompletionCandidate {
    CompletionCandidate::new(id).help(Some(title.to_string().into()))
}

/// Lesson ids (labs included), for `notes`.
pub fn lessons() -> Vec<CompletionCandidate> {
    roadmap().map_or_else(Vec::new, |r| {
        r.all_lessons()
            .map(|(_, _, l)| candidate(&l.id, &l.title))
            .collect()
    })
}

/// Step ids, then lesson ids, for `show`, `done`, `undone` and `reset`.
pub fn steps_and_lessons() -> Vec<CompletionCandidate> {
    roadmap().map_or_else(Vec::new, |r| {
        r.steps
            .iter()
            .map(|s| candidate(&s.id, &s.title))
            .chain(r.all_lessons().map(|(_, _, l)| candidate(&l.id, &l.title)))
            .collect()
    })
}

/// Lab ids, for `lab`.
pub fn labs() -> Vec<CompletionCandidate> {
    roadmap().map_or_else(Vec::new, |r| {
        r.labs()
            .map(|(_, _, l)| candidate(&l.id, &l.title))
            .collect()
    })
}
