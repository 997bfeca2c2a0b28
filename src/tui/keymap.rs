//! Key bindings as data: one table per screen drives dispatch, the footer hints and the
//! help overlay, so the three can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::msg::Action;

/// A key as the tables name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A printable character (case-sensitive).
    Char(char),
    /// Any digit 1–9 (yields `Action::Choose(n)`).
    Digit,
    /// A named key.
    Code(KeyCode),
    /// Ctrl plus a letter.
    Ctrl(char),
    /// Ctrl plus a named key (terminals that report it).
    CtrlCode(KeyCode),
}

/// One line of a key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// How the keys are shown, e.g. `↑/k`.
    pub label: &'static str,
    /// What it does, shown in help.
    pub help: &'static str,
    /// A short word for the footer; `None` keeps it out of the footer.
    pub hint: Option<&'static str>,
    /// What it does.
    pub action: Action,
}

/// The place a key is pressed in: each has its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The step list of home.
    Home,
    /// The lesson list of the focused step.
    HomeEntries,
    /// Reading a lesson.
    Reader,
    /// Answering a question.
    Quiz,
    /// Reading the feedback after an answer, or the summary.
    QuizFeedback,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
    /// The reader's table of contents.
    Toc,
    /// Roadmap-wide search (letters type into the query).
    Search,
    /// The reader's list of links.
    Links,
    /// The code blocks on screen, to copy one.
    CodeBlocks,
    /// Typing SQL in a lab's editor.
    LabEditor,
    /// A lab, moving between tasks.
    LabTasks,
    /// A Git or HTTP lab (the learner works in another terminal).
    ExternalLab,
}

use KeyCode::*;

const fn b(
    keys: &'static [Key],
    label: &'static str,
    help: &'static str,
    hint: Option<&'static str>,
    action: Action,
) -> Binding {
    Binding {
        keys,
        label,
        help,
        hint,
        action,
    }
}

const UP: Binding = b(
    &[Key::Code(Up), Key::Char('k')],
    "↑/k",
    "move up",
    Some("move"),
    Action::Up,
);
const DOWN: Binding = b(
    &[Key::Code(Down), Key::Char('j')],
    "↓/j",
    "move down",
    None,
    Action::Down,
);
const TOP: Binding = b(
    &[Key::Code(Home), Key::Char('g')],
    "Home/g",
    "first",
    None,
    Action::Top,
);
const BOTTOM: Binding = b(
    &[Key::Code(End), Key::Char('G')],
    "End/G",
    "last",
    None,
    Action::Bottom,
);
const HELP: Binding = b(
    &[Key::Char('?')],
    "?",
    "show the keys of this screen",
    Some("help"),
    Action::Help,
);
const QUIT: Binding = b(
    &[Key::Char('q'), Key::Ctrl('c')],
    "q/Ctrl-C",
    "quit (progress is already saved)",
    Some("quit"),
    Action::Quit,
);
const CTRL_C: Binding = b(
    &[Key::Ctrl('c')],
    "Ctrl-C",
    "quit (progress is already saved)",
    None,
    Action::Quit,
);

const CONTINUE: Binding = b(
    &[Key::Char('c')],
    "c",
    "continue where you left off",
    Some("continue"),
    Action::Continue,
);
const REVIEW: Binding = b(
    &[Key::Char('r')],
    "r",
    "review the quiz questions that are due",
    Some("review"),
    Action::Review,
);
const HOME_SEARCH: Binding = b(
    &[Key::Char('s'), Key::Char('/')],
    "s",
    "search the whole roadmap (/ too)",
    Some("search"),
    Action::Search,
);

const HOME: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    b(
        &[Key::Code(Enter), Key::Code(Right), Key::Char('l')],
        "Enter/→/l",
        "open the step's lessons",
        Some("open"),
        Action::Open,
    ),
    CONTINUE,
    REVIEW,
    b(
        &[Key::Char('x')],
        "x",
        "mark all the step's lessons done (or not done), after a confirmation",
        Some("done"),
        Action::ToggleDone,
    ),
    HOME_SEARCH,
    HELP,
    QUIT,
];

const HOME_ENTRIES: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    b(
        &[Key::Code(Enter), Key::Code(Right), Key::Char('l')],
        "Enter/→/l",
        "open the lesson or the quiz",
        Some("open"),
        Action::Open,
    ),
    b(
        &[Key::Code(Esc), Key::Code(Left), Key::Char('h')],
        "Esc/←/h",
        "back to the steps",
        Some("back"),
        Action::Back,
    ),
    b(
        &[Key::Char('x')],
        "x",
        "toggle the lesson's done mark",
        Some("done"),
        Action::ToggleDone,
    ),
    CONTINUE,
    REVIEW,
    HOME_SEARCH,
    HELP,
    QUIT,
];

const READER: &[Binding] = &[
    b(
        &[Key::Code(Up), Key::Char('k')],
        "↑/k",
        "scroll up a line",
        Some("scroll"),
        Action::Up,
    ),
    b(
        &[Key::Code(Down), Key::Char('j')],
        "↓/j",
        "scroll down a line",
        None,
        Action::Down,
    ),
    b(
        &[
            Key::Code(PageDown),
            Key::Char(' '),
            Key::Ctrl('f'),
            Key::Ctrl('d'),
        ],
        "Space/PgDn/Ctrl-F",
        "scroll down a page",
        Some("page"),
        Action::PageDown,
    ),
    b(
        &[
            Key::Code(PageUp),
            Key::Char('b'),
            Key::Ctrl('b'),
            Key::Ctrl('u'),
        ],
        "PgUp/b/Ctrl-B",
        "scroll up a page",
        None,
        Action::PageUp,
    ),
    b(
        &[Key::Code(Home), Key::Char('g')],
        "Home/g",
        "go to the top",
        None,
        Action::Top,
    ),
    b(
        &[Key::Code(End), Key::Char('G')],
        "End/G",
        "go to the end",
        None,
        Action::Bottom,
    ),
    b(
        &[Key::Code(Esc), Key::Code(Left), Key::Char('h')],
        "Esc/←/h",
        "back to the roadmap",
        Some("back"),
        Action::Back,
    ),
    b(
        &[Key::Char('x')],
        "x",
        "toggle done",
        Some("done"),
        Action::ToggleDone,
    ),
    b(
        &[Key::Char(']')],
        "]",
        "next lesson (across steps)",
        Some("next"),
        Action::NextLesson,
    ),
    b(
        &[Key::Char('[')],
        "[",
        "previous lesson",
        None,
        Action::PrevLesson,
    ),
    b(
        &[Key::Char('t')],
        "t",
        "table of contents: jump to a heading",
        Some("contents"),
        Action::Contents,
    ),
    b(
        &[Key::Char('o')],
        "o",
        "list the lesson's links (follow one with Enter)",
        Some("links"),
        Action::Links,
    ),
    b(
        &[Key::Char('y')],
        "y",
        "copy a code block on screen to the clipboard (OSC 52)",
        Some("copy"),
        Action::Copy,
    ),
    b(
        &[Key::Char('e')],
        "e",
        "write notes for this lesson in your $EDITOR",
        Some("notes"),
        Action::EditNotes,
    ),
    b(
        &[Key::Char('/')],
        "/",
        "find in this lesson (then n / N)",
        Some("find"),
        Action::Find,
    ),
    b(&[Key::Char('n')], "n", "next match", None, Action::FindNext),
    b(
        &[Key::Char('N')],
        "N",
        "previous match",
        None,
        Action::FindPrev,
    ),
    SEARCH_KEY,
    HELP,
    QUIT,
];

const QUIZ: &[Binding] = &[
    b(
        &[Key::Digit],
        "1–9",
        "select a choice (toggle on select-all questions)",
        Some("choose"),
        Action::Choose(0),
    ),
    b(
        &[Key::Char(' ')],
        "Space",
        "select the choice at ▶ (toggle on select-all questions)",
        None,
        Action::ChooseCurrent,
    ),
    b(
        &[Key::Code(Enter)],
        "Enter",
        "submit your answer (the choice at ▶ if none is selected)",
        Some("submit"),
        Action::Submit,
    ),
    b(
        &[Key::Code(Up), Key::Char('k')],
        "↑/k",
        "previous choice (scrolls past the first)",
        Some("move"),
        Action::Up,
    ),
    b(
        &[Key::Code(Down), Key::Char('j')],
        "↓/j",
        "next choice (scrolls past the last)",
        None,
        Action::Down,
    ),
    b(
        &[Key::Code(Esc)],
        "Esc",
        "leave the quiz (asks first)",
        Some("leave"),
        Action::Back,
    ),
    HELP,
    QUIT,
];

const QUIZ_FEEDBACK: &[Binding] = &[
    b(
        &[Key::Code(Enter), Key::Char(' ')],
        "Enter",
        "continue",
        Some("continue"),
        Action::Submit,
    ),
    b(
        &[Key::Code(Up), Key::Char('k')],
        "↑/k",
        "scroll up",
        Some("scroll"),
        Action::Up,
    ),
    b(
        &[Key::Code(Down), Key::Char('j')],
        "↓/j",
        "scroll down",
        None,
        Action::Down,
    ),
    b(
        &[Key::Code(Esc)],
        "Esc",
        "leave the quiz",
        Some("leave"),
        Action::Back,
    ),
    HELP,
    QUIT,
];

const CONFIRM: &[Binding] = &[
    b(
        &[Key::Char('y'), Key::Char('Y'), Key::Code(Enter)],
        "y/Enter",
        "yes",
        Some("yes"),
        Action::Yes,
    ),
    b(
        &[Key::Char('n'), Key::Char('N'), Key::Code(Esc)],
        "n/Esc",
        "no",
        Some("no"),
        Action::No,
    ),
    CTRL_C,
];

const SEARCH_KEY: Binding = b(
    &[Key::Char('s')],
    "s",
    "search the whole roadmap",
    Some("search"),
    Action::Search,
);

const SEARCH: &[Binding] = &[
    b(
        &[Key::Code(Up), Key::Ctrl('p')],
        "↑/Ctrl-P",
        "previous result",
        Some("move"),
        Action::Up,
    ),
    b(
        &[Key::Code(Down), Key::Ctrl('n')],
        "↓/Ctrl-N",
        "next result",
        None,
        Action::Down,
    ),
    b(
        &[Key::Code(PageUp)],
        "PgUp",
        "ten results up",
        None,
        Action::PageUp,
    ),
    b(
        &[Key::Code(PageDown)],
        "PgDn",
        "ten results down",
        None,
        Action::PageDown,
    ),
    b(
        &[Key::Code(Enter)],
        "Enter",
        "open the lesson at the match (or practise the question)",
        Some("open"),
        Action::Open,
    ),
    b(
        &[Key::Code(Esc)],
        "Esc",
        "close the search",
        Some("back"),
        Action::Back,
    ),
    CTRL_C,
];

const RUN: Binding = b(
    &[Key::Code(F(5)), Key::Ctrl('r'), Key::CtrlCode(Enter)],
    "F5/Ctrl-R/Ctrl-Enter",
    "run the SQL and check the task",
    Some("run"),
    Action::Run,
);

const LAB_PAGE_DOWN: Binding = b(
    &[Key::Code(PageDown)],
    "PgDn",
    "scroll the output (or the introduction) down",
    None,
    Action::PageDown,
);
const LAB_PAGE_UP: Binding = b(
    &[Key::Code(PageUp)],
    "PgUp",
    "scroll the output up",
    None,
    Action::PageUp,
);

const NEXT_TASK: Binding = b(
    &[
        Key::Char('n'),
        Key::Char(']'),
        Key::Code(Right),
        Key::Char('l'),
    ],
    "n/]/→",
    "next task",
    Some("next"),
    Action::Down,
);
const PREV_TASK: Binding = b(
    &[Key::Char('p'), Key::Char('['), Key::Code(Left)],
    "p/[/←",
    "previous task",
    Some("prev"),
    Action::Up,
);
const HINT: Binding = b(
    &[Key::Char('h')],
    "h",
    "show a hint",
    Some("hint"),
    Action::Hint,
);
const LAB_BACK: Binding = b(
    &[Key::Code(Esc)],
    "Esc",
    "back to the roadmap (an HTTP lab's server stops)",
    Some("back"),
    Action::Back,
);

const LAB_EDITOR: &[Binding] = &[
    RUN,
    LAB_PAGE_DOWN,
    LAB_PAGE_UP,
    b(
        &[Key::Code(Esc)],
        "Esc",
        "leave the editor (then n/p switch tasks, h hints, r resets)",
        Some("tasks"),
        Action::Back,
    ),
    b(
        &[Key::Ctrl('p')],
        "Ctrl-P",
        "previous SQL from history",
        Some("history"),
        Action::HistoryPrev,
    ),
    b(
        &[Key::Ctrl('n')],
        "Ctrl-N",
        "next SQL from history",
        None,
        Action::HistoryNext,
    ),
    CTRL_C,
];

const LAB_TASKS: &[Binding] = &[
    b(
        &[Key::Code(Enter), Key::Char('i'), Key::Char('e')],
        "Enter/i",
        "write SQL in the editor",
        Some("edit"),
        Action::Open,
    ),
    RUN,
    NEXT_TASK,
    PREV_TASK,
    HINT,
    b(
        &[Key::Char('r')],
        "r",
        "reset the database to its starting data",
        Some("reset"),
        Action::Reset,
    ),
    LAB_BACK,
    HELP,
    QUIT,
];

const EXTERNAL_LAB: &[Binding] = &[
    b(
        &[Key::Code(Enter), Key::Code(F(5)), Key::Char('c')],
        "Enter/F5/c",
        "check the task (a Git lab looks at the repository; an HTTP lab at the requests)",
        Some("check"),
        Action::Run,
    ),
    NEXT_TASK,
    PREV_TASK,
    HINT,
    b(
        &[Key::Char('v')],
        "v",
        "show the lab's introduction instead of the task (again: back to the task)",
        Some("intro"),
        Action::Intro,
    ),
    b(
        &[Key::Char('r')],
        "r",
        "start again: a new practice repository (your changes there are lost) or a fresh API",
        Some("reset"),
        Action::Reset,
    ),
    LAB_PAGE_DOWN,
    LAB_PAGE_UP,
    LAB_BACK,
    HELP,
    QUIT,
];

const LINKS: &[Binding] = &[
    UP,
    DOWN,
    b(
        &[Key::Code(Enter), Key::Code(Right), Key::Char('l')],
        "Enter",
        "follow the link: a lesson opens here; a web page in your browser",
        Some("open"),
        Action::Open,
    ),
    b(
        &[
            Key::Code(Esc),
            Key::Char('o'),
            Key::Code(Left),
            Key::Char('h'),
        ],
        "Esc/o",
        "close the list",
        Some("close"),
        Action::Back,
    ),
    CTRL_C,
];

const CODE_BLOCKS: &[Binding] = &[
    UP,
    DOWN,
    b(
        &[Key::Digit],
        "1–9",
        "copy that code block",
        Some("copy"),
        Action::Choose(0),
    ),
    b(
        &[Key::Code(Enter), Key::Code(Right), Key::Char('l')],
        "Enter",
        "copy the selected code block",
        None,
        Action::Open,
    ),
    b(
        &[
            Key::Code(Esc),
            Key::Char('y'),
            Key::Code(Left),
            Key::Char('h'),
        ],
        "Esc/y",
        "close the list",
        Some("close"),
        Action::Back,
    ),
    CTRL_C,
];

const TOC: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    b(
        &[Key::Code(Enter), Key::Code(Right), Key::Char('l')],
        "Enter",
        "jump to the heading",
        Some("jump"),
        Action::Open,
    ),
    b(
        &[
            Key::Code(Esc),
            Key::Char('t'),
            Key::Code(Left),
            Key::Char('h'),
        ],
        "Esc/t",
        "close the contents",
        Some("close"),
        Action::Back,
    ),
    CTRL_C,
];

const HELP_TABLE: &[Binding] = &[
    b(
        &[Key::Code(Esc), Key::Char('?'), Key::Char('q')],
        "Esc/?",
        "close help",
        Some("close"),
        Action::Back,
    ),
    CTRL_C,
];

/// The key table of a context.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Home => HOME,
        Context::HomeEntries => HOME_ENTRIES,
        Context::Reader => READER,
        Context::Quiz => QUIZ,
        Context::QuizFeedback => QUIZ_FEEDBACK,
        Context::Confirm => CONFIRM,
        Context::Help => HELP_TABLE,
        Context::Toc => TOC,
        Context::Links => LINKS,
        Context::CodeBlocks => CODE_BLOCKS,
        Context::Search => SEARCH,
        Context::LabEditor => LAB_EDITOR,
        Context::LabTasks => LAB_TASKS,
        Context::ExternalLab => EXTERNAL_LAB,
    }
}

/// What `key` does in `ctx`, if anything.
pub fn action_for(ctx: Context, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    bindings(ctx).iter().find_map(|binding| {
        binding
            .keys
            .iter()
            .find_map(|k| matches(k, key))
            .map(|digit| match binding.action {
                Action::Choose(_) => Action::Choose(digit),
                other => other,
            })
    })
}

/// Whether `k` matches `key`; yields the digit for [`Key::Digit`] (0 otherwise).
fn matches(k: &Key, key: &KeyEvent) -> Option<u8> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let ok = match (k, key.code) {
        (Key::Ctrl(c), KeyCode::Char(got)) => ctrl && got.eq_ignore_ascii_case(c),
        (Key::CtrlCode(c), got) => ctrl && *c == got,
        (_, _) if ctrl => false,
        (Key::Char(c), KeyCode::Char(got)) => *c == got,
        (Key::Digit, KeyCode::Char(got @ '1'..='9')) => {
            return Some(got as u8 - b'0');
        }
        (Key::Code(c), got) => *c == got,
        _ => false,
    };
    ok.then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_do_the_same() {
        for ctx in [Context::Home, Context::Reader] {
            assert_eq!(
                action_for(ctx, &key(KeyCode::Char('j'))),
                Some(Action::Down)
            );
            assert_eq!(action_for(ctx, &key(KeyCode::Down)), Some(Action::Down));
        }
    }

    #[test]
    fn digits_choose_and_ctrl_c_quits_everywhere() {
        assert_eq!(
            action_for(Context::Quiz, &key(KeyCode::Char('7'))),
            Some(Action::Choose(7))
        );
        assert_eq!(action_for(Context::Quiz, &key(KeyCode::Char('0'))), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Context::Home,
            Context::HomeEntries,
            Context::Reader,
            Context::Quiz,
            Context::QuizFeedback,
            Context::Confirm,
            Context::Help,
            Context::Toc,
            Context::Links,
            Context::CodeBlocks,
            Context::Search,
            Context::LabEditor,
            Context::LabTasks,
            Context::ExternalLab,
        ] {
            assert_eq!(action_for(ctx, &ctrl_c), Some(Action::Quit), "{ctx:?}");
        }
        // Plain `c` is "continue" on home, never quit.
        assert_eq!(
            action_for(Context::Home, &key(KeyCode::Char('c'))),
            Some(Action::Continue)
        );
    }

    const ALL: [Context; 14] = [
        Context::Home,
        Context::HomeEntries,
        Context::Reader,
        Context::Quiz,
        Context::QuizFeedback,
        Context::Confirm,
        Context::Help,
        Context::Toc,
        Context::Links,
        Context::CodeBlocks,
        Context::Search,
        Context::LabEditor,
        Context::LabTasks,
        Context::ExternalLab,
    ];

    fn is_arrow(k: &Key) -> bool {
        matches!(k, Key::Code(Up | Down | Left | Right))
    }

    #[test]
    fn every_arrow_binding_has_a_key_for_vim_users_too() {
        for ctx in ALL {
            for b in bindings(ctx) {
                if b.keys.iter().any(is_arrow) {
                    assert!(
                        b.keys.iter().any(|k| !is_arrow(k)),
                        "{} in {ctx:?} needs the arrows",
                        b.label
                    );
                }
            }
        }
    }

    #[test]
    fn moving_opening_and_going_back_work_without_letters() {
        for ctx in ALL {
            for b in bindings(ctx) {
                let moves = matches!(
                    b.action,
                    Action::Up
                        | Action::Down
                        | Action::PageUp
                        | Action::PageDown
                        | Action::Open
                        | Action::Back
                        | Action::Submit
                );
                if moves {
                    assert!(
                        b.keys.iter().any(|k| matches!(k, Key::Code(_))),
                        "{} in {ctx:?} needs a letter",
                        b.label
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_on_one_screen() {
        for ctx in [
            Context::Home,
            Context::HomeEntries,
            Context::Reader,
            Context::Quiz,
            Context::QuizFeedback,
            Context::Confirm,
            Context::Help,
            Context::Toc,
            Context::Links,
            Context::CodeBlocks,
            Context::Search,
            Context::LabEditor,
            Context::LabTasks,
            Context::ExternalLab,
        ] {
            let keys: Vec<&Key> = bindings(ctx).iter().flat_map(|b| b.keys).collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} bound twice in {ctx:?}");
            }
        }
    }
}
