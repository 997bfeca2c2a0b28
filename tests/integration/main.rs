//! Integration tests of `roadmap`, one module per feature.

mod cli;
mod content;
mod copy;
mod flows;
mod labs;
mod mouse;
mod pty;
mod screens;
mod screenshots;
mod settings;
mod support;
mod themes;
