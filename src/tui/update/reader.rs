//! The reader: opening and leaving lessons, scrolling, next/previous, find.

use super::*;

/// Opens a lesson at its saved reading position and records it as the one to continue.
pub(super) fn open_lesson(m: &mut Model, step: usize, lesson: usize) -> Vec<Effect> {
    if m.roadmap.steps[step].lessons[lesson].lab.is_some() {
        return open_lab(m, step, lesson);
    }
    let mut effects = leave_lesson(m);
    let doc = m.render_lesson(step, lesson);
    let id = m.roadmap.steps[step].lessons[lesson].id.clone();
    let scroll = m
        .roadmap_progress()
        .and_then(|p| p.position(&id))
        .map_or(0, |offset| doc.line_at_offset(offset));
    record_open(m, step, lesson, &id);
    m.screen = Screen::Reader(Reader {
        step,
        lesson,
        doc,
        scroll,
        find: None,
    });
    clamp_scroll(m);
    effects.push(Effect::Save);
    effects
}

/// Records lesson (or lab) `id` as the one to continue with, and selects it on home.
pub(super) fn record_open(m: &mut Model, step: usize, lesson: usize, id: &str) {
    let now = m.now;
    m.roadmap_progress_mut().open(id, now);
    m.home.step = step;
    m.home.entry = lesson;
    m.home.focus = Focus::Entries;
}

/// Saves the reading position of the open lesson, if one is open.
pub(super) fn leave_lesson(m: &mut Model) -> Vec<Effect> {
    let Some((id, offset)) = reading_position(m) else {
        return vec![];
    };
    let now = m.now;
    m.roadmap_progress_mut().set_position(&id, offset, now);
    vec![Effect::Save]
}

/// The open lesson and the source offset of its first visible block.
pub(super) fn reading_position(m: &Model) -> Option<(String, usize)> {
    let Screen::Reader(r) = &m.screen else {
        return None;
    };
    let id = m.roadmap.steps[r.step].lessons[r.lesson].id.clone();
    Some((id, r.doc.lines.get(r.scroll).map_or(0, |l| l.source_offset)))
}

pub(super) fn reader(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = body_height(m.height).saturating_sub(1).max(1) as isize;
    let Screen::Reader(r) = &mut m.screen else {
        return vec![];
    };
    let (step, lesson) = (r.step, r.lesson);
    match action {
        Action::Up => scroll_by(m, -1),
        Action::Down => scroll_by(m, 1),
        Action::PageUp => scroll_by(m, -page),
        Action::PageDown => scroll_by(m, page),
        Action::Top => scroll_by(m, isize::MIN / 2),
        Action::Bottom => scroll_by(m, isize::MAX / 2),
        Action::ToggleDone => {
            let l = &m.roadmap.steps[step].lessons[lesson];
            let (id, hash) = (l.id.clone(), l.hash.clone());
            let effects = toggle_done(m, &id, &hash);
            if m.status.is_none() {
                let msg = if m.is_done(&id) {
                    "Marked done. ] opens the next lesson."
                } else {
                    "Marked not done."
                };
                m.status = Some(Status::info(msg));
            }
            return effects;
        }
        Action::NextLesson | Action::PrevLesson => {
            let all: Vec<(usize, usize)> =
                m.roadmap.all_lessons().map(|(s, l, _)| (s, l)).collect();
            let here = all.iter().position(|&p| p == (step, lesson)).unwrap_or(0);
            let target = if action == Action::NextLesson {
                all.get(here + 1)
            } else {
                here.checked_sub(1).and_then(|i| all.get(i))
            };
            match target {
                Some(&(s, l)) => return open_lesson(m, s, l),
                None => {
                    let edge = if action == Action::NextLesson {
                        "last"
                    } else {
                        "first"
                    };
                    m.status = Some(Status::info(format!("This is the {edge} lesson.")));
                }
            }
        }
        Action::Copy => return copy(m),
        Action::Links => {
            if r.doc.links.is_empty() {
                m.status = Some(Status::info("This lesson has no links."));
            } else {
                m.overlay = Some(Overlay::Links(0));
            }
        }
        Action::Contents => {
            if r.doc.headings.is_empty() {
                m.status = Some(Status::info("This lesson has no headings."));
            } else {
                let here = r
                    .doc
                    .headings
                    .iter()
                    .rposition(|h| h.line <= r.scroll)
                    .unwrap_or(0);
                m.overlay = Some(Overlay::Toc(here));
            }
        }
        Action::Find => {
            r.find = Some(Find {
                editing: true,
                ..Find::default()
            });
        }
        Action::FindNext | Action::FindPrev => {
            let height = m.height;
            let forward = action == Action::FindNext;
            match r.find.as_mut().filter(|f| !f.matches.is_empty()) {
                Some(f) => {
                    let n = f.matches.len();
                    f.current = if forward {
                        (f.current + 1) % n
                    } else {
                        (f.current + n - 1) % n
                    };
                    let line = f.matches[f.current].line;
                    reveal(r, line, height);
                }
                None => m.status = Some(Status::info("Press / to find text in this lesson.")),
            }
        }
        Action::Back => {
            if r.find.take().is_some() {
                return vec![];
            }
            let effects = leave_lesson(m);
            m.screen = Screen::Home;
            return effects;
        }
        Action::Search => return open_search(m),
        Action::EditNotes => {
            let id = m.roadmap.steps[step].lessons[lesson].id.clone();
            return vec![Effect::EditNotes(id)];
        }
        Action::Help => m.overlay = Some(Overlay::Help),
        Action::Quit => return quit(m),
        _ => {}
    }
    vec![]
}

/// Scrolls so that `line` is visible, a few lines below the top when it wasn't.
pub(super) fn reveal(r: &mut Reader, line: usize, height: u16) {
    let body = body_height(height);
    if line < r.scroll || line >= r.scroll + body {
        r.scroll = line.saturating_sub(body / 3).min(max_scroll(r, height));
    }
}

/// Typing into the find box: characters extend the query, Enter keeps it, Esc drops it.
pub(super) fn find_input(r: &mut Reader, key: KeyEvent, height: u16) -> Vec<Effect> {
    let Some(f) = r.find.as_mut() else {
        return vec![];
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            r.find = None;
            return vec![];
        }
        KeyCode::Char('c') if ctrl => {
            r.find = None;
            return vec![];
        }
        KeyCode::Enter => {
            f.editing = false;
            if f.query.is_empty() {
                r.find = None;
            }
            return vec![];
        }
        KeyCode::Backspace => {
            f.query.pop();
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => f.query.push(c),
        _ => return vec![],
    }
    f.matches = find_matches(&r.doc, &f.query);
    let first_visible = r.scroll;
    f.current = f
        .matches
        .iter()
        .position(|mt| mt.line >= first_visible)
        .unwrap_or(0);
    if let Some(line) = f.matches.get(f.current).map(|mt| mt.line) {
        reveal(r, line, height);
    }
    vec![]
}

/// Every case-insensitive occurrence of `query` in the document's lines.
pub fn find_matches(doc: &crate::markdown::Document, query: &str) -> Vec<Match> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    for (line, l) in doc.lines.iter().enumerate() {
        let hay: Vec<char> = l
            .spans
            .iter()
            .flat_map(|s| s.text.chars())
            .map(fold)
            .collect();
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()] == needle[..] {
                out.push(Match {
                    line,
                    start: i,
                    len: needle.len(),
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Case folding of one character (first char of its lowercase form).
pub(super) fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}
