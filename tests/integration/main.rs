//! Integration tests of `roadmap`, one module per feature.

mod cli;
mod content;
mod flows;
mod labs;
mod pty;
mod screens;
mod settings;
mod support;
mod themes;
