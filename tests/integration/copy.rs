//! `y` in the reader: the code block on screen goes to the clipboard as an effect with its
//! exact source; with several on screen the learner picks one.

use ratatui::crossterm::event::KeyCode;
use roadmap::markdown::{RenderOptions, render};
use roadmap::tui::Effect;
use roadmap::tui::keymap::{Context, bindings};
use roadmap::tui::model::{Overlay, Screen};

use crate::support::{ch, key, model, press, screen_text};

#[test]
fn y_copies_the_only_code_block_on_screen_exactly() {
    let mut m = model(100, 30);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    let effects = press(&mut m, [ch('y')]);
    assert_eq!(
        effects,
        vec![Effect::Copy("total = 2 + 3\nprint(total)  # 5".into())]
    );
    let status = m
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.starts_with("Copied 2 lines — OSC 52"), "{status}");
    assert!(screen_text(&m).contains("Shift+drag"));
}

#[test]
fn with_no_code_on_screen_y_says_so() {
    let mut m = model(100, 10);
    press(
        &mut m,
        [key(KeyCode::Enter), key(KeyCode::Enter), key(KeyCode::End)],
    );
    let effects = press(&mut m, [ch('y')]);
    assert!(effects.is_empty());
    assert!(
        m.status
            .is_some_and(|s| s.text.starts_with("No code block"))
    );
}

#[test]
fn with_several_blocks_on_screen_the_learner_picks_one_by_number() {
    let mut m = model(100, 30);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter)]);
    let src = "```sh\necho one\n```\n\n```go\nfunc main() {\n\tfmt.Println(\"a line long enough to need a continuation mark here\")\n}\n```\n";
    if let Screen::Reader(r) = &mut m.screen {
        r.doc = render(src, &RenderOptions::new(30));
        r.scroll = 0;
    }
    assert!(press(&mut m, [ch('y')]).is_empty());
    assert_eq!(m.overlay, Some(Overlay::CodeBlocks(0)));
    let screen = screen_text(&m);
    assert!(screen.contains("1 echo one"), "{screen}");
    assert!(screen.contains("2 func main() {"), "{screen}");
    let effects = press(&mut m, [ch('2')]);
    assert_eq!(
        effects,
        vec![Effect::Copy(
            "func main() {\n\tfmt.Println(\"a line long enough to need a continuation mark here\")\n}"
                .into()
        )]
    );
    assert_eq!(m.overlay, None);
    // Enter copies the selected one; Esc closes without copying.
    press(&mut m, [ch('y'), key(KeyCode::Down)]);
    assert_eq!(m.overlay, Some(Overlay::CodeBlocks(1)));
    assert!(press(&mut m, [key(KeyCode::Esc)]).is_empty());
    assert_eq!(m.overlay, None);
    let effects = press(&mut m, [ch('y'), key(KeyCode::Enter)]);
    assert_eq!(effects, vec![Effect::Copy("echo one".into())]);
}

#[test]
fn the_reader_help_lists_y() {
    assert!(
        bindings(Context::Reader)
            .iter()
            .any(|b| b.label == "y" && b.help.contains("copy"))
    );
    let mut m = model(100, 40);
    press(&mut m, [key(KeyCode::Enter), key(KeyCode::Enter), ch('?')]);
    let screen = screen_text(&m);
    assert!(screen.contains("copy a code block"), "{screen}");
    assert!(screen.contains("Shift+drag"), "{screen}");
}
