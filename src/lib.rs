//! `roadmap`: a terminal app that teaches the path to becoming a backend developer.
//!
//! The library holds everything; `main.rs` only calls [`run`]. The curriculum, markdown
//! and progress modules know nothing of the terminal; `tui` draws and `cli` prints.

#![forbid(unsafe_code)]

pub mod activity;
pub mod cli;
pub mod clock;
pub mod completion;
pub mod config;
pub mod curriculum;
pub mod lab;
pub mod markdown;
pub mod notes;
pub mod progress;
pub mod search;
pub mod summary;
pub mod transfer;
pub mod tui;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// Answers a shell's completion request (`COMPLETE=bash roadmap …`) if this is one, else
/// parses the command line, runs it, and turns errors into a message and an exit code:
/// 0 success, 1 failure (including an invalid curriculum), 2 usage errors and unknown ids.
pub fn run() -> ExitCode {
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).complete();
    let matches = cli::Cli::command().get_matches();
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match cli::execute(cli, &matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                cli::CliError::Invalid(text) => eprintln!("{text}"),
                other => eprintln!("error: {other:#}"),
            }
            ExitCode::from(e.exit_code())
        }
    }
}
