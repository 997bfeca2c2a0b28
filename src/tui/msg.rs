//! What can happen to the app (`Msg`) and what the app asks the outside world to do (`Effect`).

use ratatui::crossterm::event::KeyEvent;

use crate::lab::sql::{Ran, Verdict};
use crate::progress::Progress;

/// An input to [`update`](super::update::update). Produced by the event loop from terminal
/// events and from the results of effects.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// A key was pressed; the current screen's key table decides what it means.
    Key(KeyEvent),
    /// The terminal was resized to this many columns and rows.
    Resize(u16, u16),
    /// The mouse was used (only while mouse capture is on).
    Mouse(Mouse),
    /// A save finished; the merged progress (with other instances' changes) to adopt.
    Saved(Progress),
    /// A save failed; the message says why (the learner sees it in the footer).
    SaveFailed(String),
    /// The clipboard sequence was written to the terminal, or couldn't be.
    Copied(Result<(), String>),
    /// The system opener was started for a URL, or couldn't be.
    Opened(Result<String, String>),
    /// A lab's database or practice repository is ready (or could not be made).
    LabReady {
        /// The lab's id.
        lab: String,
        /// The folder the learner works in (Git labs), or why the lab can't run.
        outcome: Result<Option<String>, String>,
    },
    /// The learner's SQL ran: what it returned, and whether it solved the task.
    LabRan {
        /// The lab's id.
        lab: String,
        /// Index of the task it was run for.
        task: usize,
        /// The output and the verdict, or SQLite's error message.
        outcome: Result<(Ran, Verdict), String>,
    },
    /// New requests reached an HTTP lab's practice API.
    LabRequests {
        /// The lab's id.
        lab: String,
        /// The latest requests, newest first, as one line each.
        lines: Vec<String>,
        /// Indices of the tasks whose checks now hold.
        solved: Vec<usize>,
    },
    /// The editor closed on a lesson's notes: whether it has notes now, or what went wrong.
    NotesEdited {
        /// The lesson's full id.
        lesson: String,
        /// `Ok(has_notes)` or a message for the learner.
        outcome: Result<bool, String>,
    },
}

/// A mouse event at a terminal cell, with the time it happened so that `update` can
/// recognise a double click without reading a clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mouse {
    /// What the mouse did.
    pub kind: MouseKind,
    /// The cell's column, from 0 at the left.
    pub column: u16,
    /// The cell's row, from 0 at the top.
    pub row: u16,
    /// Milliseconds since the app started (a monotonic clock).
    pub millis: u64,
}

/// The mouse events the app uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MouseKind {
    /// The wheel turned up a notch.
    ScrollUp,
    /// The wheel turned down a notch.
    ScrollDown,
    /// The left button was pressed.
    Click,
}

/// A request from [`update`](super::update::update) that needs I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the UI and open this lesson's notes in the learner's editor.
    EditNotes(String),
    /// Make this lab ready: a fresh database, or the practice repository (kept if it exists).
    StartLab(String),
    /// Throw the lab's database or repository away and make it again.
    ResetLab(String),
    /// The learner left the lab: stop its server, free its database.
    StopLab(String),
    /// Open an http(s) URL with the system's opener (never through a shell).
    OpenUrl(String),
    /// Run the learner's SQL in a lab and check it against a task.
    RunLab {
        /// The lab's id.
        lab: String,
        /// Index of the task.
        task: usize,
        /// The SQL.
        sql: String,
    },
    /// Put this text on the clipboard with OSC 52 (the terminal does the copying).
    Copy(String),
    /// Save the model's progress now.
    Save,
    /// Leave the app (after any saves before it).
    Quit,
}

/// What a key means on the current screen; every key table maps keys to these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Move up a line or an item.
    Up,
    /// Move down a line or an item.
    Down,
    /// Scroll up a page.
    PageUp,
    /// Scroll down a page.
    PageDown,
    /// Go to the first line or item.
    Top,
    /// Go to the last line or item.
    Bottom,
    /// Open the focused step, lesson or quiz.
    Open,
    /// Go back one level, closing overlays first.
    Back,
    /// Toggle the done mark of a lesson (or, after a confirmation, a whole step).
    ToggleDone,
    /// Next lesson, across steps.
    NextLesson,
    /// Previous lesson, across steps.
    PrevLesson,
    /// Open the lesson the learner was reading last.
    Continue,
    /// Review the quiz questions that are due.
    Review,
    /// Search the whole roadmap.
    Search,
    /// Open the lesson's table of contents.
    Contents,
    /// List the lesson's links.
    Links,
    /// Copy a code block of the lesson to the clipboard.
    Copy,
    /// Edit the lesson's notes in the learner's editor.
    EditNotes,
    /// Run the SQL in the lab's editor.
    Run,
    /// Recall the previous SQL from the lab's history.
    HistoryPrev,
    /// Recall the next SQL from the lab's history.
    HistoryNext,
    /// Show the next hint of the lab task.
    Hint,
    /// Rebuild the lab's database from scratch.
    Reset,
    /// Show the lab's introduction in the output pane.
    Intro,
    /// Start finding text in the lesson.
    Find,
    /// Jump to the next find match.
    FindNext,
    /// Jump to the previous find match.
    FindPrev,
    /// Select quiz choice N (1-based); toggles on multi-answer questions.
    Choose(u8),
    /// Select the quiz choice at the cursor; toggles on multi-answer questions.
    ChooseCurrent,
    /// Submit the answer, then continue.
    Submit,
    /// Answer yes to a confirmation.
    Yes,
    /// Answer no to a confirmation.
    No,
    /// Show or hide the keys of this screen.
    Help,
    /// Leave the app.
    Quit,
}
