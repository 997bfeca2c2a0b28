//! The command line: clap definitions and the commands that run without the terminal UI.

use std::fmt::Write as _;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgGroup, ArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;
use serde_json::json;
use thiserror::Error;

use crate::completion;
use crate::config::{self, ConfigFile, Layer, Settings, Source};
use crate::curriculum::{self, Roadmap, SourceTree};
use crate::markdown::{ColorDepth, Hyperlinks, RenderOptions, render, to_terminal};
use crate::notes::Notes;
use crate::progress::{MAX_PROGRESS_BYTES, Progress, Store, default_path};
use crate::summary::{self, Mark, PassMark};
use crate::transfer;
use crate::tui::model::MAX_TEXT_WIDTH;
use crate::tui::theme::{Theme, ThemeName};

/// Learn the path to becoming a backend developer, in your terminal.
///
/// Without a command, opens the interactive roadmap. Progress is saved as you go.
#[derive(Debug, Parser)]
#[command(name = "roadmap", version = env!("ROADMAP_VERSION"), about, long_about)]
pub struct Cli {
    /// Load the roadmap from this folder instead of the built-in one (or the config file's)
    #[arg(long, global = true, env = "ROADMAP_CURRICULUM", value_name = "DIR")]
    pub curriculum: Option<PathBuf>,
    /// Keep progress in this file instead of the default
    #[arg(
        long,
        global = true,
        env = "ROADMAP_PROGRESS_FILE",
        value_name = "PATH"
    )]
    pub progress_file: Option<PathBuf>,
    /// Colour theme [default: dark, or the config file's]
    #[arg(long, global = true, value_enum, env = "ROADMAP_THEME")]
    pub theme: Option<ThemeName>,
    /// When to use colour (NO_COLOR in the environment means never for `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Leave the mouse to the terminal (for selecting text); the app then ignores it
    #[arg(
        long,
        global = true,
        env = "ROADMAP_NO_MOUSE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_mouse: bool,
    /// The quiz score (percent, 1-100) that passes [default: 70, or the config file's]
    #[arg(long, global = true, env = "ROADMAP_PASS_MARK", value_name = "PERCENT")]
    pub pass_mark: Option<PassMark>,
    /// Read settings from this file instead of the default config.json
    #[arg(long, global = true, env = "ROADMAP_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// What `roadmap export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The full progress with notes; `roadmap import` reads it
    Json,
    /// A readable report: steps, lessons done with dates, quiz scores, notes
    Markdown,
}

/// The non-interactive commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how far you are: lessons done per step, quiz scores, what's next
    Status {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// List the steps and lessons with their ids
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print a lesson rendered for the terminal (plain text when piped)
    #[command(group(ArgGroup::new("what").required(true).args(["id", "file"])))]
    Show {
        /// A lesson id (see `roadmap list`) or a step id
        #[arg(add = ArgValueCandidates::new(completion::steps_and_lessons))]
        id: Option<String>,
        /// Render this markdown file instead
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// Wrap at this many columns (default: the terminal's width, at most 100)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        /// Write links as clickable OSC 8 hyperlinks (auto: on a terminal, unless colour is off)
        #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
        hyperlinks: ColorChoice,
    },
    /// Mark lessons done (a step id marks all its lessons)
    Done {
        /// Lesson or step ids
        #[arg(required = true, value_name = "ID", add = ArgValueCandidates::new(completion::steps_and_lessons))]
        ids: Vec<String>,
    },
    /// Mark lessons not done (a step id unmarks all its lessons)
    Undone {
        /// Lesson or step ids
        #[arg(required = true, value_name = "ID", add = ArgValueCandidates::new(completion::steps_and_lessons))]
        ids: Vec<String>,
    },
    /// Search every lesson and quiz question (case-insensitive, code included)
    Search {
        /// What to look for
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write your progress (with notes) as JSON to import elsewhere, or as a markdown report
    Export {
        /// json (re-importable) or markdown (a readable report)
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge an exported or copied progress file (and its notes) into yours
    Import {
        /// The file to merge
        file: PathBuf,
    },
    /// List the hands-on labs, or open one in the app
    Lab {
        /// A lab id (see `roadmap lab`)
        #[arg(add = ArgValueCandidates::new(completion::labs))]
        id: Option<String>,
    },
    /// Print a shell completion script (e.g. `roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap`)
    ///
    /// To complete lesson, step and lab ids too, put `source <(COMPLETE=bash roadmap)` in
    /// ~/.bashrc instead (zsh: `source <(COMPLETE=zsh roadmap)` in ~/.zshrc; fish:
    /// `COMPLETE=fish roadmap | source` in config.fish).
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (e.g. `roadmap man > roadmap.1; man ./roadmap.1`)
    Man,
    /// Print the settings in effect (theme, pass mark, curriculum) and where each came from
    Config {
        /// Print only the config file's path
        #[arg(long, conflicts_with = "json")]
        path: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print your notes: of one lesson, or of every lesson that has some
    Notes {
        /// A lesson id (default: all notes)
        #[arg(add = ArgValueCandidates::new(completion::lessons))]
        id: Option<String>,
    },
    /// List the quiz questions in spaced review, and how many are due
    Review {
        /// Only the questions due now
        #[arg(long)]
        due: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check a curriculum folder and print every problem as `path:line: message`
    Validate {
        /// The folder (default: --curriculum, the config file's, or the built-in roadmap)
        dir: Option<PathBuf>,
    },
    /// Forget progress: one lesson, one step (with its quiz attempts), or everything
    #[command(group(ArgGroup::new("what").required(true).args(["id", "all"])))]
    Reset {
        /// A lesson or step id
        #[arg(add = ArgValueCandidates::new(completion::steps_and_lessons))]
        id: Option<String>,
        /// Reset the whole roadmap
        #[arg(long)]
        all: bool,
        /// Don't ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

/// Errors the command line reports; each maps to an exit code.
#[derive(Debug, Error)]
pub enum CliError {
    /// An id that isn't in the roadmap (exit 2).
    #[error("unknown id `{0}`; `roadmap list` shows the ids of every step and lesson")]
    UnknownId(String),
    /// A usage problem clap can't see (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The curriculum has problems (exit 1); the lines are `path:line: message`.
    #[error("{0}")]
    Invalid(String),
    /// Anything else (exit 1).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::UnknownId(_) | CliError::Usage(_) => 2,
            CliError::Invalid(_) | CliError::Other(_) => 1,
        }
    }
}

type Result<T> = std::result::Result<T, CliError>;

/// Runs the parsed command line; `matches` tell a flag from an environment variable.
/// Settings come from the flags, the environment and the config file; a config file
/// that can't be used is reported on stderr and ignored.
pub fn execute(mut cli: Cli, matches: &ArgMatches) -> Result<()> {
    let config_path = cli.config.clone().or_else(config::default_path);
    if let Some(Command::Config { path: true, .. }) = &cli.command {
        return match config_path {
            Some(path) => print(&format!("{}\n", path.display())),
            None => Err(no_home("config file", "--config")),
        };
    }
    let file = config_path.as_deref().map(config::load);
    for message in file.iter().flat_map(ConfigFile::messages) {
        eprintln!("warning: {message}");
    }
    let settings = settings(&cli, matches, file.as_ref());
    cli.curriculum.clone_from(&settings.curriculum.value);
    match &cli.command {
        None => interactive(&cli, &settings, file.as_ref(), None),
        Some(Command::Lab { id: Some(id) }) => {
            interactive(&cli, &settings, file.as_ref(), Some(id))
        }
        Some(Command::Lab { id: None }) => {
            let roadmap = load_roadmap(&cli)?;
            let (_, progress) = open_progress(&cli)?;
            print(&labs_text(&roadmap, &progress))
        }
        Some(Command::Validate { dir }) => validate(&cli, dir.as_deref()),
        Some(Command::Status { json }) => {
            let roadmap = load_roadmap(&cli)?;
            let (_, progress) = open_progress(&cli)?;
            let pass = settings.pass_mark.value;
            print(&if *json {
                status_json(&roadmap, &progress, pass)
            } else {
                status_text(&roadmap, &progress, pass)
            })
        }
        Some(Command::List { json }) => {
            let roadmap = load_roadmap(&cli)?;
            print(&if *json {
                list_json(&roadmap)
            } else {
                list_text(&roadmap)
            })
        }
        Some(Command::Show {
            id,
            file,
            width,
            hyperlinks,
        }) => show(
            &cli,
            &settings,
            id.as_deref(),
            file.as_deref(),
            *width,
            *hyperlinks,
        ),
        Some(Command::Search { query, json }) => {
            let roadmap = load_roadmap(&cli)?;
            print(&search(&roadmap, &query.join(" "), *json))
        }
        Some(Command::Export { format, output }) => export(&cli, *format, output.as_deref()),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "roadmap", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| CliError::Other(e.into()))?;
            print(&String::from_utf8_lossy(&out))
        }
        Some(Command::Config { json, .. }) => print(&config_report(
            &cli,
            matches,
            &settings,
            config_path.as_deref(),
            file.as_ref(),
            *json,
        )),
        Some(Command::Import { file }) => import(&cli, file),
        Some(Command::Notes { id }) => {
            let roadmap = load_roadmap(&cli)?;
            let notes = Notes::new(&progress_path(&cli)?, &roadmap.id);
            print(&notes_text(&roadmap, &notes, id.as_deref())?)
        }
        Some(Command::Review { due, json }) => {
            let roadmap = load_roadmap(&cli)?;
            let (_, progress) = open_progress(&cli)?;
            print(&review(&roadmap, &progress, *due, *json))
        }
        Some(Command::Done { ids }) => mark(&cli, ids, true),
        Some(Command::Undone { ids }) => mark(&cli, ids, false),
        Some(Command::Reset { id, yes, .. }) => reset(&cli, id.as_deref(), *yes),
    }
}

fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e)
            .context("failed to write output")
            .into()),
    }
}

fn source_tree(dir: Option<&Path>) -> Result<SourceTree> {
    match dir {
        Some(dir) => SourceTree::from_dir(dir).map_err(|e| {
            CliError::Other(anyhow::anyhow!(
                "failed to read curriculum folder `{}`: {e}",
                dir.display()
            ))
        }),
        None => Ok(SourceTree::embedded()),
    }
}

/// Loads the roadmap from --curriculum or the embedded copy.
pub fn load_roadmap(cli: &Cli) -> Result<Roadmap> {
    let tree = source_tree(cli.curriculum.as_deref())?;
    curriculum::load(&tree).map_err(|e| {
        CliError::Invalid(format!(
            "{e}\nthe curriculum in `{}` has {} problem(s); `roadmap validate` lists them",
            tree.root,
            e.problems.len()
        ))
    })
}

fn progress_path(cli: &Cli) -> Result<PathBuf> {
    cli.progress_file
        .clone()
        .or_else(default_path)
        .ok_or_else(|| no_home("progress file", "--progress-file"))
}

fn no_home(what: &str, option: &str) -> CliError {
    CliError::Other(anyhow::anyhow!(
        "no home folder found for the {what}; pass {option} PATH"
    ))
}

/// Where the value of the argument `id` came from, if the command line or the
/// environment gave it.
fn given(matches: &ArgMatches, id: &str) -> Option<Source> {
    match matches.value_source(id)? {
        ValueSource::CommandLine => Some(Source::Flag),
        ValueSource::EnvVariable => Some(Source::Env),
        _ => None,
    }
}

/// The settings from the flags and environment in `cli` and the config `file`.
fn settings(cli: &Cli, matches: &ArgMatches, file: Option<&ConfigFile>) -> Settings {
    let from = |source: Source| {
        let here = |id| given(matches, id) == Some(source);
        Layer {
            theme: cli.theme.filter(|_| here("theme")),
            pass_mark: cli.pass_mark.filter(|_| here("pass_mark")),
            curriculum: cli.curriculum.clone().filter(|_| here("curriculum")),
        }
    };
    let (flags, env) = (from(Source::Flag), from(Source::Env));
    let empty = Layer::default();
    let file = file.map_or(&empty, |f| &f.values);
    config::resolve(&[
        (Source::Flag, &flags),
        (Source::Env, &env),
        (Source::File, file),
    ])
}

/// Whether `NO_COLOR` is set to something (per no-color.org, empty counts as unset).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// `roadmap config [--json]`: each setting, its value and where it came from.
fn config_report(
    cli: &Cli,
    matches: &ArgMatches,
    settings: &Settings,
    path: Option<&Path>,
    file: Option<&ConfigFile>,
    json: bool,
) -> String {
    let (color, color_source) = match (given(matches, "color"), no_color()) {
        (Some(source), _) => (cli.color, source),
        (None, true) => (ColorChoice::Never, Source::Env),
        (None, false) => (ColorChoice::Auto, Source::Default),
    };
    let color = color.to_possible_value();
    let depth_source = if ["COLORTERM", "TERM"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        Source::Env
    } else {
        Source::Default
    };
    let report = config::Report {
        path,
        state: file.map(|f| &f.state),
        settings,
        color: (color.as_ref().map_or("", |v| v.get_name()), color_source),
        depth: (ColorDepth::from_env().name(), depth_source),
    };
    if json { report.json() } else { report.text() }
}

/// Opens the progress store, printing any notice (a file moved aside, read-only) to stderr.
fn open_progress(cli: &Cli) -> Result<(Store, Progress)> {
    let opened = Store::open(progress_path(cli)?);
    if let Some(notice) = &opened.notice {
        eprintln!("warning: {notice}");
    }
    Ok((opened.store, opened.progress))
}

fn color_enabled(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color(),
    }
}

fn interactive(
    cli: &Cli,
    settings: &Settings,
    config: Option<&ConfigFile>,
    lab: Option<&str>,
) -> Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "the interactive roadmap needs a terminal; in scripts use `roadmap status`, `roadmap list` or `roadmap show`".into(),
        ));
    }
    let tree = source_tree(cli.curriculum.as_deref())?;
    let roadmap = if cli.curriculum.is_some() {
        let problems = curriculum::validate(&tree);
        if !problems.is_empty() {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(CliError::Invalid(format!(
                "{}\nthe curriculum in `{}` has {} problem(s); fix them and start again",
                lines.join("\n"),
                tree.root,
                problems.len()
            )));
        }
        curriculum::load(&tree).map_err(|e| CliError::Invalid(e.to_string()))?
    } else {
        load_roadmap(cli)?
    };
    let path = progress_path(cli)?;
    let notes = Notes::new(&path, &roadmap.id);
    let opened = Store::open(path);
    let depth = color_enabled(cli.color, true).then(ColorDepth::from_env);
    let theme = Theme::with_depth(settings.theme.value, depth);
    let mut model = crate::tui::Model::new(roadmap, opened.progress, theme, crate::clock::now());
    model.pass_mark = settings.pass_mark.value;
    if let Some(message) = config.and_then(|c| c.messages().pop()) {
        model.status = Some(crate::tui::model::Status::error(message));
    }
    let start = match lab {
        None => vec![],
        Some(id)
            if model
                .roadmap
                .lesson(id)
                .is_some_and(|(_, _, l)| l.lab.is_some()) =>
        {
            crate::tui::update::open_by_id(&mut model, id).unwrap_or_default()
        }
        Some(id) => {
            return Err(CliError::Usage(format!(
                "unknown lab `{id}`; `roadmap lab` lists the labs"
            )));
        }
    };
    crate::tui::app::run(
        model,
        opened.store,
        notes,
        opened.notice,
        start,
        !cli.no_mouse,
    )
    .map_err(CliError::Other)
}

fn validate(cli: &Cli, dir: Option<&Path>) -> Result<()> {
    let dir = dir.or(cli.curriculum.as_deref());
    let tree = source_tree(dir)?;
    let problems = curriculum::validate(&tree);
    if problems.is_empty() {
        let roadmap = curriculum::load(&tree).map_err(|e| CliError::Invalid(e.to_string()))?;
        let questions: usize = roadmap
            .steps
            .iter()
            .filter_map(|s| s.quiz.as_ref())
            .map(|q| q.questions.len())
            .sum();
        let labs = roadmap.labs().count();
        return print(&format!(
            "{}: valid ({}, {}, {}, {})\n",
            tree.root,
            plural(roadmap.steps.len(), "step"),
            plural(roadmap.lesson_count() - labs, "lesson"),
            plural(labs, "lab"),
            plural(questions, "quiz question")
        ));
    }
    let mut text = String::new();
    for p in &problems {
        let _ = writeln!(text, "{p}");
    }
    let _ = write!(text, "{} problem(s) in `{}`", problems.len(), tree.root);
    Err(CliError::Invalid(text))
}

/// `roadmap status` as text.
pub fn status_text(roadmap: &Roadmap, progress: &Progress, pass: PassMark) -> String {
    let p = progress.roadmap(&roadmap.id);
    let (done, total) = summary::totals(roadmap, p);
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let mut out = format!(
        "{}: {done}/{total} lessons done ({pct}%)\n\n",
        roadmap.title
    );
    let title_w = roadmap
        .steps
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(0);
    for s in &roadmap.steps {
        let sum = summary::step_summary(s, p);
        let quiz = match (&s.quiz, sum.quiz_best) {
            (None, _) => String::new(),
            (Some(_), None) => "quiz not taken".into(),
            (Some(_), Some(b)) if sum.passed(pass) => format!("quiz best {b}% (passed)"),
            (Some(_), Some(b)) => format!("quiz best {b}%"),
        };
        let tested = if sum.mark() == Mark::TestedOut {
            ", tested out"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} {}. {:<title_w$}  {:>2}/{:<2}  {quiz}{tested}",
            sum.mark().symbol(),
            s.number,
            s.title,
            sum.lessons_done,
            sum.lessons_total
        );
    }
    if let Some((s, li)) = summary::continue_target(roadmap, p) {
        let l = &roadmap.steps[s].lessons[li];
        let _ = write!(
            out,
            "\nContinue with {}.{} {} ({})\n",
            s + 1,
            li + 1,
            l.title,
            l.id
        );
    }
    let outdated = summary::outdated_lessons(roadmap, p);
    if !outdated.is_empty() {
        let _ = writeln!(
            out,
            "\nUpdated since you finished them (read again, then mark with x): {}",
            outdated.join(", ")
        );
    }
    let orphans = p.map_or(0, |p| {
        p.lessons
            .keys()
            .filter(|id| roadmap.lesson(id).is_none())
            .count()
    });
    if orphans > 0 {
        let _ = writeln!(
            out,
            "\nThe progress file also remembers {orphans} lesson(s) this roadmap no longer has (kept, not shown)."
        );
    }
    out
}

/// `roadmap status --json`.
pub fn status_json(roadmap: &Roadmap, progress: &Progress, pass: PassMark) -> String {
    let p = progress.roadmap(&roadmap.id);
    let steps: Vec<_> = roadmap
        .steps
        .iter()
        .map(|s| {
            let sum = summary::step_summary(s, p);
            json!({
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "lessons_total": sum.lessons_total,
                "lessons_done": sum.lessons_done,
                "done": sum.done(),
                "tested_out": sum.tested_out,
                "quiz": s.quiz.as_ref().map(|q| json!({
                    "questions": q.questions.len(),
                    "attempts": sum.quiz_attempts,
                    "best": sum.quiz_best,
                    "passed": sum.passed(pass),
                })),
            })
        })
        .collect();
    let last = p
        .and_then(|p| p.last_lesson.as_ref())
        .filter(|l| roadmap.lesson(&l.id).is_some())
        .map(|l| l.id.clone());
    let (done, total) = summary::totals(roadmap, p);
    let value = json!({
        "roadmap": {"id": roadmap.id, "title": roadmap.title},
        "lessons_total": total,
        "lessons_done": done,
        "last_lesson": last,
        "lessons_updated": summary::outdated_lessons(roadmap, p),
        "steps": steps,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

fn export(cli: &Cli, format: ExportFormat, output: Option<&Path>) -> Result<()> {
    let roadmap = load_roadmap(cli)?;
    let path = progress_path(cli)?;
    let notes = Notes::new(&path, &roadmap.id).all();
    let (_, progress) = open_progress(cli)?;
    let text = match format {
        ExportFormat::Json => transfer::export_json(&progress, &roadmap.id, notes),
        ExportFormat::Markdown => transfer::export_markdown(&roadmap, &progress, &notes),
    };
    match output {
        None => print(&text),
        Some(file) => {
            std::fs::write(file, text).map_err(|e| {
                CliError::Other(anyhow::anyhow!("failed to write `{}`: {e}", file.display()))
            })?;
            eprintln!("exported to {}", file.display());
            Ok(())
        }
    }
}

/// Reads at most `limit` bytes of `file` (which may be a pipe, such as `/dev/stdin`); a
/// longer one is an error rather than a way to exhaust memory.
fn read_capped(file: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "it is larger than {} MB, more than any export",
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

fn import(cli: &Cli, file: &Path) -> Result<()> {
    let roadmap = load_roadmap(cli)?;
    let bytes = read_capped(file, MAX_PROGRESS_BYTES).map_err(|e| {
        CliError::Other(anyhow::anyhow!("failed to read `{}`: {e}", file.display()))
    })?;
    let imported = transfer::parse_import(&bytes).map_err(|e| {
        CliError::Other(anyhow::anyhow!(
            "refusing to import `{}`: {e}; nothing was changed",
            file.display()
        ))
    })?;
    let path = progress_path(cli)?;
    let (store, local) = open_progress(cli)?;
    if let Some(reason) = store.read_only() {
        return Err(CliError::Other(anyhow::anyhow!(
            "cannot import: {reason}; nothing was changed"
        )));
    }
    let (merged, changes) = transfer::merge_import(&local, &imported.progress, &roadmap.id);
    save(&store, &merged)?;
    let notes = Notes::new(&path, &roadmap.id);
    let mut written = 0;
    let mut skipped = Vec::new();
    for (id, text) in imported.notes.get(&roadmap.id).into_iter().flatten() {
        if notes.path(id).is_none() {
            skipped.push(id.clone());
            continue;
        }
        let local = notes.read(id).map_err(|e| CliError::Other(e.into()))?;
        if let Some(new) = transfer::merge_note(local.as_deref(), text) {
            notes
                .write(id, &new)
                .map_err(|e| CliError::Other(e.into()))?;
            written += 1;
        }
    }
    let mut out = format!(
        "imported `{}` into `{}`\n",
        file.display(),
        store.path().display()
    );
    if changes.is_empty() && written == 0 {
        out.push_str("  nothing new: your progress already had all of it\n");
    }
    for (n, what) in [
        (changes.done, "lesson(s) now done"),
        (
            changes.undone,
            "lesson(s) now not done (a later undo or reset)",
        ),
        (changes.attempts, "quiz attempt(s) added"),
        (changes.reviews, "review card(s) updated"),
        (written, "note(s) written"),
    ] {
        if n > 0 {
            let _ = writeln!(out, "  {n} {what}");
        }
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "  skipped notes with ids that are not lesson ids: {}",
            skipped.join(", ")
        );
    }
    print(&out)
}

/// `roadmap lab`: every lab with its kind and how many tasks are solved.
fn labs_text(roadmap: &Roadmap, progress: &Progress) -> String {
    let p = progress.roadmap(&roadmap.id);
    let mut out = String::new();
    for (s, _, lesson) in roadmap.labs() {
        let Some((kind, lab)) = &lesson.lab else {
            continue;
        };
        let solved = lab
            .tasks
            .iter()
            .filter(|t| p.is_some_and(|p| p.is_task_solved(&lesson.id, &t.id)))
            .count();
        let _ = writeln!(
            out,
            "{}. {}  ({}, {} lab, {solved}/{} tasks solved)",
            s + 1,
            lesson.title,
            lesson.id,
            kind.name(),
            lab.tasks.len()
        );
    }
    if out.is_empty() {
        out.push_str("This roadmap has no labs.\n");
    } else {
        out.push_str("\nOpen one with `roadmap lab LAB_ID`.\n");
    }
    out
}

/// `roadmap notes [LESSON_ID]`.
fn notes_text(roadmap: &Roadmap, notes: &Notes, id: Option<&str>) -> Result<String> {
    let all = match id {
        Some(id) => {
            let (_, _, lesson) = roadmap
                .lesson(id)
                .ok_or_else(|| CliError::UnknownId(id.to_string()))?;
            let text = notes
                .read(&lesson.id)
                .map_err(|e| CliError::Other(e.into()))?;
            return Ok(text.unwrap_or_else(|| {
                format!(
                    "No notes for \"{}\" yet. Press e while reading it to write some.\n",
                    lesson.title
                )
            }));
        }
        None => notes.all(),
    };
    if all.is_empty() {
        return Ok("No notes yet. Press e while reading a lesson to write some.\n".into());
    }
    let mut out = String::new();
    for (id, text) in &all {
        let title = roadmap.lesson(id).map_or(
            "(a lesson no longer in this roadmap)".to_string(),
            |(_, _, l)| l.title.clone(),
        );
        let _ = writeln!(out, "==> {id}: {title}");
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }
    Ok(out)
}

/// `roadmap search QUERY [--json]`.
pub fn search(roadmap: &Roadmap, query: &str, json: bool) -> String {
    let hits = crate::search::SearchIndex::new(roadmap).search(query);
    let describe = |hit: &crate::search::Hit| match hit.target {
        crate::search::Target::Lesson(s, l) => {
            let lesson = &roadmap.steps[s].lessons[l];
            ("lesson", lesson.id.clone(), lesson.title.clone(), s)
        }
        crate::search::Target::Question(s, q) => {
            let question = roadmap.steps[s]
                .quiz
                .as_ref()
                .and_then(|quiz| quiz.questions.get(q));
            (
                "question",
                question.map_or(String::new(), |q| q.id.clone()),
                question.map_or(String::new(), |q| q.prompt.clone()),
                s,
            )
        }
    };
    if json {
        let results: Vec<_> = hits
            .iter()
            .map(|h| {
                let (kind, id, title, step) = describe(h);
                json!({
                    "kind": kind,
                    "id": id,
                    "step": roadmap.steps[step].id,
                    "title": title,
                    "title_match": h.title_match,
                    "matches": h.matches,
                    "snippet": h.snippet,
                })
            })
            .collect();
        let value = json!({ "query": query, "results": results });
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    if hits.is_empty() {
        return format!("No lesson or question mentions \"{query}\".\n");
    }
    let mut out = String::new();
    for h in &hits {
        let (kind, id, title, step) = describe(h);
        let where_ = if kind == "question" { "quiz" } else { "" };
        let matches = match h.matches {
            0 => String::new(),
            1 => ", 1 match".into(),
            n => format!(", {n} matches"),
        };
        let _ = writeln!(
            out,
            "{}. {title}  ({id}{}{matches})",
            roadmap.steps[step].number,
            if where_.is_empty() {
                String::new()
            } else {
                format!(", {where_}")
            }
        );
        if !h.snippet.is_empty() {
            let _ = writeln!(out, "    {}", h.snippet);
        }
    }
    out
}

/// `roadmap review [--due] [--json]`: the review queue (or only what is due now).
pub fn review(roadmap: &Roadmap, progress: &Progress, only_due: bool, json: bool) -> String {
    let now = crate::clock::now();
    let p = progress.roadmap(&roadmap.id);
    let due = p.map_or(0, |p| {
        p.due_reviews(now)
            .into_iter()
            .filter(|id| roadmap.question(id).is_some())
            .count()
    });
    let today = crate::progress::local_date(now);
    let mut cards: Vec<(&String, &crate::progress::ReviewCard)> = p
        .map(|p| p.reviews.iter().filter(|(_, c)| c.queued()).collect())
        .unwrap_or_default();
    cards.retain(|(id, c)| roadmap.question(id).is_some() && (!only_due || c.due <= today));
    cards.sort_by_key(|(id, c)| (c.due, id.as_str()));
    let prompt = |id: &str| {
        roadmap
            .question(id)
            .and_then(|(s, q)| roadmap.steps[s].quiz.as_ref()?.questions.get(q))
            .map_or(String::new(), |q| q.prompt.clone())
    };
    if json {
        let questions: Vec<_> = cards
            .iter()
            .map(|(id, c)| {
                json!({
                    "id": id,
                    "step": id.split_once('/').map_or("", |(s, _)| s),
                    "prompt": prompt(id),
                    "box": c.level,
                    "due": c.due.to_string(),
                })
            })
            .collect();
        let value = json!({ "due": due, "questions": questions });
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    let mut out = match due {
        0 => "Nothing is due for review.\n".to_string(),
        1 => "1 question is due for review (press r on the roadmap's home).\n".to_string(),
        n => format!("{n} questions are due for review (press r on the roadmap's home).\n"),
    };
    for (id, c) in cards {
        let when = if c.due <= today {
            "due now".to_string()
        } else {
            format!("due {}", c.due)
        };
        let _ = write!(
            out,
            "\n  {id}  (box {}, {when})\n    {}\n",
            c.level,
            prompt(id)
        );
    }
    out
}

/// `roadmap list` as text.
pub fn list_text(roadmap: &Roadmap) -> String {
    let mut out = String::new();
    let id_w = roadmap
        .all_lessons()
        .map(|(_, _, l)| l.id.len())
        .max()
        .unwrap_or(0);
    for s in &roadmap.steps {
        let _ = writeln!(out, "{}. {}  ({})", s.number, s.title, s.id);
        for l in &s.lessons {
            let what = match &l.lab {
                Some((kind, lab)) => {
                    format!("{} lab, {}", kind.name(), plural(lab.tasks.len(), "task"))
                }
                None => format!("{} min", l.minutes()),
            };
            let _ = writeln!(out, "   {:<id_w$}  {}  ({what})", l.id, l.title);
        }
        if let Some(q) = &s.quiz {
            let _ = writeln!(
                out,
                "   {:<id_w$}  {}",
                "quiz",
                plural(q.questions.len(), "question")
            );
        }
        out.push('\n');
    }
    out
}

/// `roadmap list --json`.
pub fn list_json(roadmap: &Roadmap) -> String {
    let steps: Vec<_> = roadmap
        .steps
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "lessons": s.lessons.iter().filter(|l| l.lab.is_none()).map(|l| json!({
                    "id": l.id,
                    "title": l.title,
                    "words": l.words,
                    "minutes": l.minutes(),
                })).collect::<Vec<_>>(),
                "labs": s.lessons.iter().filter_map(|l| l.lab.as_ref().map(|(kind, lab)| json!({
                    "id": l.id,
                    "title": l.title,
                    "kind": kind.name(),
                    "tasks": lab.tasks.len(),
                }))).collect::<Vec<_>>(),
                "quiz": s.quiz.as_ref().map(|q| json!({"questions": q.questions.len()})),
            })
        })
        .collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&json!({ "steps": steps })).unwrap_or_default()
    )
}

fn show(
    cli: &Cli,
    settings: &Settings,
    id: Option<&str>,
    file: Option<&Path>,
    width: Option<u16>,
    hyperlinks: ColorChoice,
) -> Result<()> {
    // `base`: the folder relative links start from, when the markdown is a file on disk.
    let (source, base) = match (id, file) {
        (_, Some(path)) => (
            read_markdown_file(path)?,
            path.parent().map(Path::to_path_buf),
        ),
        (Some(id), None) => {
            let roadmap = load_roadmap(cli)?;
            if let Some((_, _, lesson)) = roadmap.lesson(id) {
                let base = cli
                    .curriculum
                    .as_ref()
                    .and_then(|dir| dir.join(&lesson.path).parent().map(Path::to_path_buf));
                let source = match &lesson.lab {
                    Some((_, lab)) => lab.public_markdown(&lesson.title),
                    None => lesson.source.clone(),
                };
                (source, base)
            } else if let Some(step) = roadmap.step(id) {
                let base = cli.curriculum.as_ref().map(|dir| dir.join(&step.dir));
                (step.overview.clone(), base)
            } else {
                return Err(CliError::UnknownId(id.to_string()));
            }
        }
        (None, None) => return Err(CliError::Usage("give a lesson id or --file PATH".into())),
    };
    let terminal = io::stdout().is_terminal();
    let width = width.unwrap_or_else(|| {
        let cols = if terminal {
            ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w)
        } else {
            80
        };
        cols.clamp(20, MAX_TEXT_WIDTH)
    });
    let color = color_enabled(cli.color, terminal);
    let mut opts = RenderOptions::new(width);
    opts.highlight = color;
    let doc = render(&source, &opts);
    let links = match hyperlinks {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && color,
    };
    let hyperlinks = if links {
        Hyperlinks::On {
            base: base.as_deref(),
        }
    } else {
        Hyperlinks::Off
    };
    print(&to_terminal(
        &doc,
        color.then(|| (settings.theme.value.code_theme(), ColorDepth::from_env())),
        &hyperlinks,
    ))
}

fn read_markdown_file(path: &Path) -> Result<String> {
    let fail = |why: String| {
        CliError::Other(anyhow::anyhow!(
            "failed to read `{}`: {why}",
            path.display()
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if meta.is_dir() {
        return Err(fail("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(fail("it is not a regular file".into()));
    }
    if meta.len() > curriculum::MAX_FILE_BYTES {
        return Err(fail("it is larger than 5 MB".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        fail(format!("line {line} is not valid UTF-8"))
    })
}

/// Lessons (id, text hash) and steps (ids) named on the command line.
type Targets = (Vec<(String, String)>, Vec<String>);

/// Resolves lesson or step ids to lessons and the step ids named; an unknown id is an
/// error.
fn resolve_ids(roadmap: &Roadmap, ids: &[String]) -> Result<Targets> {
    let mut lessons = Vec::new();
    let mut steps = Vec::new();
    for id in ids {
        if let Some((_, _, l)) = roadmap.lesson(id) {
            lessons.push((l.id.clone(), l.hash.clone()));
        } else if let Some(s) = roadmap.step(id) {
            lessons.extend(s.lessons.iter().map(|l| (l.id.clone(), l.hash.clone())));
            steps.push(s.id.clone());
        } else {
            return Err(CliError::UnknownId(id.clone()));
        }
    }
    Ok((lessons, steps))
}

fn save(store: &Store, progress: &Progress) -> Result<()> {
    store
        .save(progress)
        .map(|_| ())
        .map_err(|e| CliError::Other(e.into()))
}

fn mark(cli: &Cli, ids: &[String], done: bool) -> Result<()> {
    let roadmap = load_roadmap(cli)?;
    let (lessons, steps) = resolve_ids(&roadmap, ids)?;
    let (store, mut progress) = open_progress(cli)?;
    let now = crate::clock::now();
    let p = progress.roadmap_mut(&roadmap.id);
    let changed = lessons
        .iter()
        .filter(|(id, hash)| p.set_done(id, done, hash, now))
        .count();
    // Unmarking a step also takes back a test-out, so the step is really not done.
    let untested = !done
        && steps
            .iter()
            .filter(|s| p.set_tested_out(s, false, now))
            .count()
            > 0;
    let word = if done { "done" } else { "not done" };
    if changed > 0 || untested {
        save(&store, &progress)?;
    }
    print(&format!(
        "marked {changed} lesson(s) {word}{}\n",
        if changed < lessons.len() {
            format!(" ({} already were)", lessons.len() - changed)
        } else {
            String::new()
        }
    ))
}

/// What `roadmap reset` forgets.
enum ResetTarget {
    All,
    Step(String),
    Lesson(String),
}

fn reset(cli: &Cli, id: Option<&str>, yes: bool) -> Result<()> {
    let roadmap = load_roadmap(cli)?;
    let (target, what) = match id {
        None => (
            ResetTarget::All,
            format!("all progress in \"{}\"", roadmap.title),
        ),
        Some(id) => {
            if let Some((_, _, l)) = roadmap.lesson(id) {
                (
                    ResetTarget::Lesson(l.id.clone()),
                    format!("lesson \"{}\"", l.title),
                )
            } else if let Some(s) = roadmap.step(id) {
                (
                    ResetTarget::Step(s.id.clone()),
                    format!("step {} \"{}\" and its quiz attempts", s.number, s.title),
                )
            } else {
                return Err(CliError::UnknownId(id.to_string()));
            }
        }
    };
    let (store, mut progress) = open_progress(cli)?;
    if !yes {
        if !io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "refusing to reset without a terminal to confirm on; add --yes to reset anyway"
                    .into(),
            ));
        }
        eprint!("Forget {what}? This cannot be undone. [y/N] ");
        let mut answer = String::new();
        io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| CliError::Other(e.into()))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            return print("nothing was reset\n");
        }
    }
    let now = crate::clock::now();
    let p = progress.roadmap_mut(&roadmap.id);
    match &target {
        ResetTarget::All => p.reset(now),
        ResetTarget::Step(id) => p.reset_step(id, now),
        ResetTarget::Lesson(id) => p.reset_lesson(id, now),
    }
    save(&store, &progress)?;
    print(&format!("reset {what}\n"))
}

/// "1 question", "3 questions".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
