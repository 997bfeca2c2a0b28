//! Copying a code block: `y` copies the one on screen, or lists those on screen to pick
//! from. The copy itself is an [`Effect::Copy`]: the app writes it as OSC 52.

use super::*;

/// The code blocks of the open lesson with at least one line on screen, as indices into
/// its document's `code_blocks` (at most nine, the number keys).
pub fn visible_code_blocks(r: &Reader, height: u16) -> Vec<usize> {
    let shown = r.scroll..r.scroll + body_height(height);
    r.doc
        .code_blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.lines.start < shown.end && shown.start < b.lines.end)
        .map(|(i, _)| i)
        .take(9)
        .collect()
}

/// What the footer says after a copy of `code`.
pub fn copied_message(code: &str) -> String {
    let lines = code.lines().count().max(1);
    let what = if lines == 1 { "line" } else { "lines" };
    format!("Copied {lines} {what} — OSC 52; if your terminal blocks it, select with Shift+drag")
}

/// `y` in the reader: copies the only code block on screen, or lists them.
pub(super) fn copy(m: &mut Model) -> Vec<Effect> {
    let Screen::Reader(r) = &m.screen else {
        return vec![];
    };
    let visible = visible_code_blocks(r, m.height);
    match visible.as_slice() {
        [] => {
            m.status = Some(Status::info(
                "No code block on screen. Scroll to one, then press y.",
            ));
            vec![]
        }
        [only] => copy_block(m, *only),
        _ => {
            m.overlay = Some(Overlay::CodeBlocks(0));
            vec![]
        }
    }
}

/// Keys in the list of code blocks.
pub(super) fn code_blocks(m: &mut Model, action: Action) -> Vec<Effect> {
    let (Some(Overlay::CodeBlocks(selected)), Screen::Reader(r)) = (m.overlay, &m.screen) else {
        m.overlay = None;
        return vec![];
    };
    let visible = visible_code_blocks(r, m.height);
    let last = visible.len().saturating_sub(1);
    let pick = match action {
        Action::Up | Action::Down => {
            m.overlay = Some(Overlay::CodeBlocks(list_move(action, selected, last)));
            return vec![];
        }
        Action::Open => visible.get(selected),
        Action::Choose(n) => visible.get(usize::from(n).saturating_sub(1)),
        Action::Quit => return quit(m),
        _ => {
            m.overlay = None;
            return vec![];
        }
    };
    match pick.copied() {
        Some(block) => {
            m.overlay = None;
            copy_block(m, block)
        }
        None => vec![],
    }
}

fn copy_block(m: &mut Model, block: usize) -> Vec<Effect> {
    let Screen::Reader(r) = &m.screen else {
        return vec![];
    };
    let Some(code) = r.doc.code_blocks.get(block).map(|b| b.code.clone()) else {
        return vec![];
    };
    m.status = Some(Status::info(copied_message(&code)));
    vec![Effect::Copy(code)]
}
