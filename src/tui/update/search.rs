//! The roadmap-wide search screen: typing refines the results live; Enter opens the lesson
//! at the match (with the match found in the reader) or practises a quiz question.

use super::*;
use crate::search::{SearchIndex, Target};
use crate::tui::model::SearchState;

/// Results one page key moves.
const PAGE: usize = 10;

/// Opens search over the current screen (saving the reading position first).
pub(super) fn open_search(m: &mut Model) -> Vec<Effect> {
    let effects = leave_lesson(m);
    if m.search_index.is_none() {
        m.search_index = Some(SearchIndex::new(&m.roadmap));
    }
    let back = std::mem::replace(&mut m.screen, Screen::Home);
    m.screen = Screen::Search(SearchState {
        query: String::new(),
        hits: vec![],
        selected: 0,
        back: Box::new(back),
    });
    effects
}

/// Applies a key that edits the query; false when the key is not text editing.
pub(super) fn search_input(state: &mut SearchState, key: &KeyEvent) -> bool {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return false;
    }
    match key.code {
        KeyCode::Char(c) if !c.is_control() => state.query.push(c),
        KeyCode::Backspace => {
            state.query.pop();
        }
        _ => return false,
    }
    true
}

/// Re-runs the query after an edit.
pub(super) fn refresh_search(m: &mut Model) {
    let (Some(index), Screen::Search(state)) = (&m.search_index, &mut m.screen) else {
        return;
    };
    state.hits = index.search(&state.query);
    state.selected = 0;
}

pub(super) fn search(m: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Search(state) = &mut m.screen else {
        return vec![];
    };
    let last = state.hits.len().saturating_sub(1);
    match action {
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(last),
        Action::PageUp => state.selected = state.selected.saturating_sub(PAGE),
        Action::PageDown => state.selected = (state.selected + PAGE).min(last),
        Action::Open => {
            let Some(hit) = state.hits.get(state.selected).cloned() else {
                return vec![];
            };
            let query = state.query.trim().to_string();
            return open_hit(m, &hit, &query);
        }
        Action::Back => {
            let back = std::mem::replace(&mut state.back, Box::new(Screen::Home));
            m.screen = *back;
        }
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

/// Opens a result: a lesson scrolled to the match, with the query found and marked; a
/// quiz question as a one-question practice run.
fn open_hit(m: &mut Model, hit: &crate::search::Hit, query: &str) -> Vec<Effect> {
    match hit.target {
        Target::Lesson(step, lesson) => {
            let effects = open_lesson(m, step, lesson);
            let height = m.height;
            if let Screen::Reader(r) = &mut m.screen {
                let block = r
                    .doc
                    .lines
                    .iter()
                    .rposition(|l| l.source_offset <= hit.offset)
                    .unwrap_or(0);
                let matches = find_matches(&r.doc, query);
                let current = matches.iter().position(|mt| mt.line >= block).unwrap_or(0);
                let line = matches.get(current).map_or(block, |mt| mt.line);
                r.find = Some(Find {
                    query: query.to_string(),
                    editing: false,
                    matches,
                    current,
                });
                r.scroll = line.saturating_sub(body_height(height) / 3);
            }
            clamp_scroll(m);
            effects
        }
        Target::Question(step, q) => {
            if let Some(run) = QuizRun::new(QuizKind::Practice, vec![(step, q)], &m.roadmap) {
                m.screen = Screen::Quiz(run);
            }
            vec![]
        }
    }
}
