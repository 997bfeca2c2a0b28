//! What a learner has done: the [`Progress`] model with its pure merge, and the JSON file
//! [`Store`] that saves it safely (lock, re-read, merge, write a temp file, fsync, rename).

mod fault;
mod merge;
mod model;
mod store;

pub use fault::Fault;
pub use merge::merge;
pub use model::{
    LastLesson, LessonProgress, Progress, QuizAttempt, QuizProgress, REVIEW_DAYS, ReviewCard,
    RoadmapProgress, StepProgress, VERSION, local_date,
};
pub use store::{MAX_PROGRESS_BYTES, Opened, Store, StoreError, default_path};
