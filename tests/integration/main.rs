//! Integration tests of `roadmap`, one module per feature.

mod cli;
mod content;
mod flows;
mod pty;
mod screens;
mod support;
