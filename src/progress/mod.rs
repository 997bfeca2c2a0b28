//! What a learner has done: the [`Progress`] model with its pure merge, and the JSON file
//! [`Store`] that saves it safely (lock, re-read, merge, write a temp file, fsync, rename).

mod merge;
mod model;
mod store;

pub use merge::merge;
pub use model::{
    REVIEW_DAYS, ReviewCard, local_date,
    LastLesson, LessonProgress, Progress, QuizAttempt, QuizProgress, RoadmapProgress, StepProgress,
    VERSION,
};
pub use store::{Opened, Store, StoreError, default_path};
