//! Hands-on labs: engines that run what the learner types and check it against a task.
//! The engines are I/O (a database, later a server or a repository); the TUI drives them
//! through effects.

pub mod sql;
