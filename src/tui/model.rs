//! The app's whole state. Views draw from it; only [`update`](super::update::update) changes it.

use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::curriculum::{Lesson, Question, Roadmap};
use crate::lab::sql::ResultSet;
use crate::markdown::{Document, RenderOptions, render};
use crate::progress::{Progress, RoadmapProgress};
use crate::search::{Hit, SearchIndex};
use crate::summary::{self, StepSummary};
use crate::tui::editor::Editor;

use super::theme::Theme;

/// The widest the reader's text column gets, for comfortable line lengths.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// Below this size the app says the terminal is too small instead of drawing.
pub const MIN_WIDTH: u16 = 40;
/// Below this height the app says the terminal is too small instead of drawing.
pub const MIN_HEIGHT: u16 = 10;
pub use crate::summary::{PASS_PERCENT, TEST_OUT_PERCENT};

/// Everything the app knows.
#[derive(Debug)]
pub struct Model {
    /// The curriculum.
    pub roadmap: Roadmap,
    /// The learner's progress (all roadmaps of the file).
    pub progress: Progress,
    /// The current time, set by the event loop before each update (tests set it too).
    pub now: Timestamp,
    /// Terminal columns.
    pub width: u16,
    /// Terminal rows.
    pub height: u16,
    /// How things are drawn.
    pub theme: Theme,
    /// The screen shown.
    pub screen: Screen,
    /// Home's selection, kept while other screens are open.
    pub home: HomeState,
    /// An overlay above the screen.
    pub overlay: Option<Overlay>,
    /// A message for the status line.
    pub status: Option<Status>,
    /// Why progress isn't being saved, if it isn't.
    pub read_only: Option<String>,
    /// Set when the app should exit.
    pub quit: bool,
    /// The search index, built the first time the learner searches.
    pub search_index: Option<SearchIndex>,
    /// Lessons that have notes.
    pub notes: BTreeSet<String>,
    /// The last click, to tell a double click from two clicks.
    pub last_click: Option<Click>,
}

/// Where and when the mouse was last clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Click {
    /// The cell's column.
    pub column: u16,
    /// The cell's row.
    pub row: u16,
    /// When, in the app's milliseconds.
    pub millis: u64,
}

/// The main screens.
#[derive(Debug)]
pub enum Screen {
    /// The roadmap overview.
    Home,
    /// Reading a lesson.
    Reader(Reader),
    /// Taking a quiz.
    Quiz(QuizRun),
    /// Searching the whole roadmap.
    Search(SearchState),
    /// Doing a hands-on lab.
    Lab(LabState),
}

/// A lab in progress: the task shown, the learner's SQL, and the last output.
#[derive(Debug)]
pub struct LabState {
    /// Step index.
    pub step: usize,
    /// Lesson index of the lab in its step.
    pub lesson: usize,
    /// The task shown.
    pub task: usize,
    /// The SQL being written.
    pub editor: Editor,
    /// SQL run before, oldest first.
    pub history: Vec<String>,
    /// Where Ctrl-P/Ctrl-N are in the history.
    pub history_pos: Option<usize>,
    /// Whether keys go to the editor (else they move between tasks).
    pub editing: bool,
    /// Hints shown, per task.
    pub hints: Vec<usize>,
    /// What the last run showed; `None` shows the lab's introduction.
    pub output: Option<LabOutput>,
    /// Lines scrolled in the output pane.
    pub scroll: u16,
    /// Why the lab can't run, if it can't.
    pub unavailable: Option<String>,
    /// The practice repository's folder (Git labs) or the practice API's URL (HTTP labs).
    pub workdir: Option<String>,
    /// Requests the practice API received, newest first (HTTP labs).
    pub requests: Vec<String>,
    /// Git and HTTP labs: the task pane shows the lab's introduction instead of the task.
    pub show_intro: bool,
}

/// The result of running the learner's SQL, for the results pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabOutput {
    /// Rows to show, if the SQL returned any.
    pub result: Option<ResultSet>,
    /// What happened, in words.
    pub message: String,
    /// How the message reads.
    pub tone: Tone,
}

/// How a message should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Success.
    Good,
    /// A problem.
    Bad,
}

/// The roadmap-wide search: the query typed so far and its results.
#[derive(Debug)]
pub struct SearchState {
    /// What the learner typed.
    pub query: String,
    /// Results for `query`, best first.
    pub hits: Vec<Hit>,
    /// The selected result.
    pub selected: usize,
    /// The screen to go back to.
    pub back: Box<Screen>,
}

/// Where home's focus is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    /// The list of steps.
    #[default]
    Steps,
    /// The focused step's lessons and quiz.
    Entries,
}

/// Home's selection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HomeState {
    /// Index of the selected step.
    pub step: usize,
    /// Index of the selected entry of that step.
    pub entry: usize,
    /// Which list has the focus.
    pub focus: Focus,
}

/// A lesson being read.
#[derive(Debug)]
pub struct Reader {
    /// Step index.
    pub step: usize,
    /// Lesson index in the step.
    pub lesson: usize,
    /// The lesson laid out for the current width.
    pub doc: Document,
    /// The first visible line.
    pub scroll: usize,
    /// Find-in-lesson state, when active.
    pub find: Option<Find>,
}

/// Find in the lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Find {
    /// What is searched for.
    pub query: String,
    /// Whether the learner is still typing the query.
    pub editing: bool,
    /// Every match, in reading order.
    pub matches: Vec<Match>,
    /// Index of the current match.
    pub current: usize,
}

/// One match of a find: a run of characters on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Line index in the document.
    pub line: usize,
    /// Index of the first matching character in the line's plain text.
    pub start: usize,
    /// Number of characters.
    pub len: usize,
}

/// A quiz in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizRun {
    /// A step's quiz, or a review session.
    pub kind: QuizKind,
    /// The questions asked, as (step index, question index) pairs.
    pub questions: Vec<(usize, usize)>,
    /// Index into `questions` of the question shown.
    pub index: usize,
    /// Which choices are selected.
    pub selected: Vec<bool>,
    /// The choice the arrow keys point at (marked ▶) while answering.
    pub cursor: usize,
    /// Answering, reading feedback, or the summary.
    pub phase: QuizPhase,
    /// Indices into `questions` of those answered wrong so far.
    pub missed: Vec<usize>,
    /// Questions answered right so far.
    pub correct: usize,
    /// Lines scrolled down in a long question or explanation.
    pub scroll: u16,
}

/// What a quiz run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuizKind {
    /// The quiz of this step (index): its attempt is recorded at the end.
    Step(usize),
    /// Questions due for spaced review: each answer moves its card at once.
    Review,
    /// A question picked from search: answered for practice, nothing recorded.
    Practice,
}

impl QuizRun {
    /// A run over `questions`, starting at the first; `None` when there are none.
    pub fn new(kind: QuizKind, questions: Vec<(usize, usize)>, roadmap: &Roadmap) -> Option<Self> {
        let &(step, q) = questions.first()?;
        let choices = roadmap.steps[step]
            .quiz
            .as_ref()?
            .questions
            .get(q)?
            .choices
            .len();
        Some(Self {
            kind,
            questions,
            index: 0,
            selected: vec![false; choices],
            cursor: 0,
            phase: QuizPhase::Answering,
            missed: vec![],
            correct: 0,
            scroll: 0,
        })
    }

    /// The step of the question shown.
    pub fn step(&self) -> usize {
        self.questions.get(self.index).map_or(0, |&(s, _)| s)
    }
}

/// The phases of a quiz.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuizPhase {
    /// Choosing an answer.
    Answering,
    /// The answer was submitted; right or wrong is shown with the explanation.
    Feedback {
        /// Whether the answer was right.
        correct: bool,
    },
    /// The score and the missed questions.
    Summary,
}

/// Something drawn above the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The keys of the screen below.
    Help,
    /// A yes/no question.
    Confirm(Confirm),
    /// The open lesson's headings; the index is the selected one.
    Toc(usize),
    /// The open lesson's links; the index is the selected one.
    Links(usize),
    /// The code blocks on screen, to copy one; the index is the selected one among them.
    CodeBlocks(usize),
}

/// What a confirmation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Count a step as complete after a quiz score of at least [`TEST_OUT_PERCENT`].
    TestOut {
        /// Step index.
        step: usize,
        /// The score, in percent.
        percent: u32,
    },
    /// Mark every lesson of a step done (or not done).
    StepDone {
        /// Step index.
        step: usize,
        /// The new state.
        done: bool,
    },
    /// Leave the quiz without recording it.
    AbandonQuiz,
}

/// A line of feedback for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Whether it reports a problem.
    pub error: bool,
}

impl Status {
    /// An informational message.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: false,
        }
    }

    /// A problem.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: true,
        }
    }
}

/// The reader's text column width for a terminal `width` columns wide.
pub fn text_width(width: u16) -> u16 {
    width.saturating_sub(4).clamp(1, MAX_TEXT_WIDTH)
}

/// Rows of lesson text the reader shows in a terminal `height` rows high
/// (a header, a status line and the key hints take three).
pub fn body_height(height: u16) -> usize {
    usize::from(height.saturating_sub(3)).max(1)
}

impl Model {
    /// A model on the home screen, with the step of the last lesson selected.
    pub fn new(roadmap: Roadmap, progress: Progress, theme: Theme, now: Timestamp) -> Self {
        let mut model = Self {
            roadmap,
            progress,
            now,
            width: 80,
            height: 24,
            theme,
            screen: Screen::Home,
            home: HomeState::default(),
            overlay: None,
            status: None,
            read_only: None,
            quit: false,
            search_index: None,
            notes: BTreeSet::new(),
            last_click: None,
        };
        model.home.step = model.initial_step();
        model
    }

    fn initial_step(&self) -> usize {
        let last = self
            .roadmap_progress()
            .and_then(|p| p.last_lesson.as_ref())
            .and_then(|l| self.roadmap.lesson(&l.id));
        if let Some((step, _, _)) = last {
            return step;
        }
        (0..self.roadmap.steps.len())
            .find(|&s| !self.step_done(s))
            .unwrap_or(0)
    }

    /// This roadmap's progress, if any was recorded.
    pub fn roadmap_progress(&self) -> Option<&RoadmapProgress> {
        self.progress.roadmap(&self.roadmap.id)
    }

    /// This roadmap's progress, created when missing.
    pub fn roadmap_progress_mut(&mut self) -> &mut RoadmapProgress {
        self.progress.roadmap_mut(&self.roadmap.id)
    }

    /// Whether lesson `id` is done.
    pub fn is_done(&self, id: &str) -> bool {
        self.roadmap_progress().is_some_and(|p| p.is_done(id))
    }

    /// Whether `lesson` changed since the learner marked it done.
    pub fn is_outdated(&self, lesson: &Lesson) -> bool {
        self.roadmap_progress()
            .is_some_and(|p| p.is_outdated(&lesson.id, &lesson.hash))
    }

    /// How far the learner is in step `step`.
    pub fn step_summary(&self, step: usize) -> StepSummary {
        summary::step_summary(&self.roadmap.steps[step], self.roadmap_progress())
    }

    /// Lessons marked done in step `step`.
    pub fn step_done_count(&self, step: usize) -> usize {
        self.step_summary(step).lessons_done
    }

    /// Whether step `step` is complete: every lesson done, or tested out.
    pub fn step_done(&self, step: usize) -> bool {
        self.step_summary(step).done()
    }

    /// Whether the learner tested out of step `step`.
    pub fn is_tested_out(&self, step: usize) -> bool {
        self.step_summary(step).tested_out
    }

    /// Lessons that count as done (tested-out steps in full) and lessons in all.
    pub fn totals(&self) -> (usize, usize) {
        summary::totals(&self.roadmap, self.roadmap_progress())
    }

    /// The best score of step `step`'s quiz, in percent.
    pub fn quiz_best(&self, step: usize) -> Option<u32> {
        self.roadmap_progress()
            .and_then(|p| p.quiz_best(&self.roadmap.steps[step].id))
    }

    /// The lesson `c` opens: the last one read, else the first one not done.
    pub fn continue_target(&self) -> Option<(usize, usize)> {
        summary::continue_target(&self.roadmap, self.roadmap_progress())
    }

    /// The question at `index` of a quiz run.
    pub fn question_at(&self, run: &QuizRun, index: usize) -> Option<&Question> {
        let &(step, q) = run.questions.get(index)?;
        self.roadmap
            .steps
            .get(step)?
            .quiz
            .as_ref()?
            .questions
            .get(q)
    }

    /// The question a quiz run shows.
    pub fn question(&self, run: &QuizRun) -> Option<&Question> {
        self.question_at(run, run.index)
    }

    /// Questions due for review now, as (step, question) pairs of this roadmap.
    pub fn due_reviews(&self) -> Vec<(usize, usize)> {
        let Some(p) = self.roadmap_progress() else {
            return vec![];
        };
        p.due_reviews(self.now)
            .into_iter()
            .filter_map(|id| self.roadmap.question(id))
            .collect()
    }

    /// How markdown is rendered for a column `width` wide.
    pub fn render_options(&self, width: u16) -> RenderOptions {
        let mut opts = RenderOptions::new(width);
        opts.highlight = self.theme.has_color();
        opts
    }

    /// Lays out lesson `lesson` of step `step` for the current terminal width.
    pub fn render_lesson(&self, step: usize, lesson: usize) -> Document {
        let source = &self.roadmap.steps[step].lessons[lesson].source;
        render(source, &self.render_options(text_width(self.width)))
    }
}
