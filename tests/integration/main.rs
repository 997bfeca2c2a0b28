//! Integration tests of `roadmap`, one module per feature.

mod cli;
mod concurrency;
mod content;
mod copy;
mod crash;
mod faults;
mod flows;
mod footprint;
mod hostile;
mod hygiene;
mod labs;
mod mouse;
mod props;
mod pty;
mod screens;
mod screenshots;
mod settings;
mod support;
mod themes;
