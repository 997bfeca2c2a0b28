//! The content model: a roadmap of steps, each with lessons (and labs) and a quiz.

use super::lab::{Lab, LabKind};

/// A whole roadmap, loaded and structurally checked.
#[derive(Clone, Debug)]
pub struct Roadmap {
    /// The `{#id}` on `roadmap.md`'s H1; keys this roadmap's progress.
    pub id: String,
    /// The title from `roadmap.md`.
    pub title: String,
    /// `roadmap.md` in full (welcome text).
    pub intro: String,
    /// The steps in order.
    pub steps: Vec<Step>,
}

/// One step of the roadmap: an overview, its lessons and its quiz.
#[derive(Clone, Debug)]
pub struct Step {
    /// The folder name without its numeric prefix.
    pub id: String,
    /// 1-based position in the roadmap.
    pub number: usize,
    /// The title from `step.md`.
    pub title: String,
    /// `step.md` in full.
    pub overview: String,
    /// The step's folder, relative to the curriculum root (for links).
    pub dir: String,
    /// Lessons and labs in order.
    pub lessons: Vec<Lesson>,
    /// The step's quiz, if it has one.
    pub quiz: Option<Quiz>,
}

/// What a readable entry of a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonKind {
    /// A lesson to read.
    Lesson,
    /// A hands-on lab (`NN-lab-<name>.md`).
    Lab,
}

/// A lesson (or lab) of a step.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// The full id, `step-id/lesson-id`.
    pub id: String,
    /// Lesson or lab.
    pub kind: LessonKind,
    /// The title from the file's H1.
    pub title: String,
    /// The path relative to the curriculum root, e.g. `03-databases/02-joins.md`.
    pub path: String,
    /// The markdown source.
    pub source: String,
    /// Prose words (code excluded), for reading time.
    pub words: usize,
    /// A stable hash of the text, so progress can tell a lesson changed after it was finished.
    pub hash: String,
    /// For a lab: its kind, setup and tasks.
    pub lab: Option<(LabKind, Lab)>,
}

impl Lesson {
    /// Estimated minutes to read.
    pub fn minutes(&self) -> usize {
        super::reading_minutes(self.words)
    }

    /// The hash [`Lesson::hash`] holds for `source`.
    pub fn hash_of(source: &str) -> String {
        blake3::hash(source.as_bytes()).to_hex()[..16].to_string()
    }
}

/// A step's quiz.
#[derive(Clone, Debug, Default)]
pub struct Quiz {
    /// The quiz's title (its H1).
    pub title: String,
    /// The path relative to the curriculum root.
    pub path: String,
    /// The questions in order.
    pub questions: Vec<Question>,
}

/// One quiz question.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Question {
    /// The full id, `step-id/question-id`.
    pub id: String,
    /// The question itself (inline markdown from the `##` heading).
    pub prompt: String,
    /// Markdown between the heading and the choices (code, context); may be empty.
    pub body: String,
    /// The choices in order.
    pub choices: Vec<Choice>,
    /// Why the right answer is right (markdown).
    pub explanation: String,
    /// 1-based line of the question's heading.
    pub line: usize,
}

impl Question {
    /// Whether more than one choice is correct ("select all that apply").
    pub fn is_multi(&self) -> bool {
        self.choices.iter().filter(|c| c.correct).count() > 1
    }

    /// Whether `selected` (one flag per choice) is exactly the set of correct choices.
    pub fn is_correct(&self, selected: &[bool]) -> bool {
        self.choices.len() == selected.len()
            && self
                .choices
                .iter()
                .zip(selected)
                .all(|(c, &s)| c.correct == s)
    }
}

/// One answer choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    /// Inline markdown.
    pub text: String,
    /// Whether this choice is (one of) the right answer(s).
    pub correct: bool,
}

/// One entry of a step's list: a lesson or lab, or the quiz (always last).
#[derive(Clone, Copy, Debug)]
pub enum EntryRef<'a> {
    /// A lesson or lab.
    Lesson(&'a Lesson),
    /// The step's quiz.
    Quiz(&'a Quiz),
}

impl Step {
    /// The step's entries in list order: lessons and labs, then the quiz.
    pub fn entries(&self) -> impl Iterator<Item = EntryRef<'_>> {
        self.lessons
            .iter()
            .map(EntryRef::Lesson)
            .chain(self.quiz.iter().map(EntryRef::Quiz))
    }

    /// How many entries [`Step::entries`] yields.
    pub fn entry_count(&self) -> usize {
        self.lessons.len() + usize::from(self.quiz.is_some())
    }

    /// Prose words in all the step's lessons.
    pub fn words(&self) -> usize {
        self.lessons.iter().map(|l| l.words).sum()
    }
}

impl Roadmap {
    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The lesson with this full id, with its step index and lesson index.
    pub fn lesson(&self, id: &str) -> Option<(usize, usize, &Lesson)> {
        self.steps.iter().enumerate().find_map(|(si, s)| {
            s.lessons
                .iter()
                .position(|l| l.id == id)
                .map(|li| (si, li, &s.lessons[li]))
        })
    }

    /// Every lesson in roadmap order, with its step index and lesson index.
    pub fn all_lessons(&self) -> impl Iterator<Item = (usize, usize, &Lesson)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.lessons.iter().enumerate().map(move |(li, l)| (si, li, l)))
    }

    /// The lesson whose file is `path` (relative to the root), for following links.
    pub fn lesson_by_path(&self, path: &str) -> Option<(usize, usize, &Lesson)> {
        self.all_lessons().find(|(_, _, l)| l.path == path)
    }

    /// The (step index, question index) of the question with full id `step/question`.
    pub fn question(&self, id: &str) -> Option<(usize, usize)> {
        let (step_id, _) = id.split_once('/')?;
        let step = self.steps.iter().position(|s| s.id == step_id)?;
        let q = self.steps[step]
            .quiz
            .as_ref()?
            .questions
            .iter()
            .position(|q| q.id == id)?;
        Some((step, q))
    }

    /// Every lab, with its step index and lesson index.
    pub fn labs(&self) -> impl Iterator<Item = (usize, usize, &Lesson)> {
        self.all_lessons()
            .filter(|(_, _, l)| l.kind == LessonKind::Lab)
    }

    /// Total lessons and labs.
    pub fn lesson_count(&self) -> usize {
        self.steps.iter().map(|s| s.lessons.len()).sum()
    }
}
