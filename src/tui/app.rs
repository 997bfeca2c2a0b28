//! The only impure part of the UI: terminal setup and restore, the event loop, and
//! running effects (saving progress).

use std::io::{self, Stdout};

use anyhow::Context as _;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::model::{Model, Screen, Status};
use super::msg::{Effect, Mouse, MouseKind, Msg};
use super::update::{progress_on_exit, update};
use super::view::view;
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::curriculum::LabKind;
use crate::lab::git::GitLab;
use crate::lab::http::HttpLab;
use crate::lab::sql::{Ran, SqlLab, Verdict};
use crate::notes::{Notes, editor_command};
use crate::progress::{Progress, Store, StoreError};

/// How often an open HTTP lab looks for new requests.
const LIVE_REFRESH: std::time::Duration = std::time::Duration::from_millis(250);

/// Whether the app captures the mouse (off with `--no-mouse`); read when the terminal is
/// restored, which may happen from the panic hook or the signal thread.
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Puts the terminal back as it was: cooked mode, main screen, mouse off, cursor shown.
/// Safe to call more than once.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    if MOUSE.load(Ordering::Relaxed) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Exit codes when a signal stops the app: 128 plus the signal's number, as shells report.
pub const EXIT_SIGTERM: i32 = 128 + signal_hook::consts::SIGTERM;
/// See [`EXIT_SIGTERM`].
pub const EXIT_SIGHUP: i32 = 128 + signal_hook::consts::SIGHUP;
/// See [`EXIT_SIGTERM`]; SIGINT only arrives from outside (`kill -INT`), as in raw mode
/// Ctrl-C is a key.
pub const EXIT_SIGINT: i32 = 128 + signal_hook::consts::SIGINT;

/// On SIGTERM, SIGHUP (the terminal closed) or SIGINT: save `latest` (the progress with the reading
/// position), restore the terminal and exit. The event loop blocks on input, so a thread
/// waits for the signals; the loop keeps `latest` current after every update.
fn handle_signals(store: Store, latest: Arc<Mutex<Progress>>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("failed to listen for signals")?;
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let progress = latest
                .lock()
                .map(|p| p.clone())
                .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
            let saved = match store.read_only() {
                None => store.save(&progress).map(|_| ()),
                Some(_) => Ok(()),
            };
            restore_terminal();
            if let Err(e) = saved {
                eprintln!("error: {e}");
            }
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Restores the terminal before a panic message is printed, so it is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// A test hook: with `ROADMAP_TEST_CRASH` set to `panic` or `error`, a key press panics or
/// ends the app with an error, so tests can check that the terminal is restored either way.
fn test_crash() -> anyhow::Result<()> {
    match std::env::var("ROADMAP_TEST_CRASH").as_deref() {
        Ok("panic") => panic!("ROADMAP_TEST_CRASH=panic: a test asked for a panic"),
        Ok("error") => anyhow::bail!("ROADMAP_TEST_CRASH=error: a test asked for an error"),
        _ => Ok(()),
    }
}

/// Restores the terminal when dropped: on return, on `?` errors and on unwinding.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Raw mode, the alternate screen and (unless turned off) mouse capture: the app's own
/// terminal state.
fn enter() -> anyhow::Result<()> {
    enable_raw_mode().context("failed to switch the terminal to raw mode")?;
    execute!(io::stdout(), EnterAlternateScreen).context("failed to set up the terminal")?;
    if MOUSE.load(Ordering::Relaxed) {
        execute!(io::stdout(), EnableMouseCapture).context("failed to set up the terminal")?;
    }
    Ok(())
}

/// The app's mouse message for a terminal mouse event, if it uses that event.
fn mouse_msg(ev: event::MouseEvent, millis: u64) -> Option<Msg> {
    let kind = match ev.kind {
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
        _ => return None,
    };
    Some(Msg::Mouse(Mouse {
        kind,
        column: ev.column,
        row: ev.row,
        millis,
    }))
}

/// Asks the terminal to put `text` on the clipboard (OSC 52). Terminals that don't allow
/// it ignore the sequence; the text is base64, so nothing in it reaches the terminal raw.
fn copy_to_clipboard(text: &str) -> Msg {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    match write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush()) {
        Ok(()) => Msg::Copied(Ok(())),
        Err(e) => Msg::Copied(Err(format!("could not write to the terminal: {e}"))),
    }
}

fn setup() -> anyhow::Result<Terminal<CrosstermBackend<Stdout>>> {
    enter()?;
    Terminal::new(CrosstermBackend::new(io::stdout())).context("failed to set up the terminal")
}

/// Hands the terminal to the learner's editor for the notes of `lesson`, then takes it
/// back. Nothing the editor does can lose the notes: they are its own file.
fn edit_notes(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    model: &Model,
    notes: &Notes,
    lesson: &str,
) -> Msg {
    let title = model
        .roadmap
        .lesson(lesson)
        .map_or(String::new(), |(_, _, l)| l.title.clone());
    let outcome = match editor_command() {
        Err(e) => Err(e.to_string()),
        Ok(editor) => {
            restore_terminal();
            let result = notes.edit(lesson, &title, &editor);
            // A fresh terminal has no previous frame, so the next draw repaints everything
            // (without asking the terminal where its cursor is, as `clear` would).
            let back = enter().and_then(|()| {
                execute!(io::stdout(), Clear(ClearType::All)).context("failed to redraw")?;
                *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
                    .context("failed to redraw")?;
                Ok(())
            });
            match (result, back) {
                (_, Err(e)) => Err(format!("{e:#}")),
                (Ok(has), Ok(())) => Ok(has),
                (Err(e), Ok(())) => Err(e.to_string()),
            }
        }
    };
    Msg::NotesEdited {
        lesson: lesson.to_string(),
        outcome,
    }
}

/// A lab's engine: a database, or a practice repository.
enum Engine {
    Sql(SqlLab),
    Git(GitLab),
    Http(HttpLab),
}

/// What the effects act on: the progress file, the notes, the labs' engines.
struct Runtime {
    store: Store,
    notes: Notes,
    labs: HashMap<String, Engine>,
    /// Why the last save failed, until one succeeds (not set in a read-only session,
    /// which said so when it opened).
    unsaved: Option<String>,
}

impl Runtime {
    /// Runs `effects` (and the effects their results cause); true when the app should quit.
    fn apply(
        &mut self,
        terminal: &mut Terminal<CrosstermBackend<Stdout>>,
        model: &mut Model,
        effects: Vec<Effect>,
    ) -> bool {
        let mut queue = effects;
        let mut quit = false;
        while !queue.is_empty() {
            for effect in std::mem::take(&mut queue) {
                let msg = match effect {
                    Effect::Save => {
                        let (msg, failed) = save(&self.store, model);
                        if self.store.read_only().is_none() {
                            self.unsaved = failed;
                        }
                        msg
                    }
                    Effect::EditNotes(lesson) => edit_notes(terminal, model, &self.notes, &lesson),
                    Effect::StartLab(lab) => {
                        let outcome = self.start_lab(model, &lab, false);
                        Msg::LabReady { lab, outcome }
                    }
                    Effect::ResetLab(lab) => {
                        let outcome = self.start_lab(model, &lab, true);
                        Msg::LabReady { lab, outcome }
                    }
                    Effect::OpenUrl(url) => Msg::Opened(open_url(&url)),
                    Effect::Copy(text) => copy_to_clipboard(&text),
                    Effect::StopLab(lab) => {
                        // Dropping the engine stops an HTTP lab's server.
                        self.labs.remove(&lab);
                        continue;
                    }
                    Effect::RunLab { lab, task, sql } => {
                        let outcome = self.run_lab(model, &lab, task, &sql);
                        Msg::LabRan { lab, task, outcome }
                    }
                    Effect::Quit => {
                        quit = true;
                        continue;
                    }
                };
                queue.extend(update(model, msg));
            }
        }
        quit
    }
}

/// Runs the app until the learner quits, starting with the effects `start` (opening a
/// lab named on the command line); `mouse` turns mouse capture on. Blocks on input:
/// nothing runs while idle.
pub fn run(
    mut model: Model,
    store: Store,
    notes: Notes,
    notice: Option<String>,
    start: Vec<Effect>,
    mouse: bool,
) -> anyhow::Result<()> {
    MOUSE.store(mouse, Ordering::Relaxed);
    let started = std::time::Instant::now();
    install_panic_hook();
    let mut terminal = setup()?;
    let _guard = Guard;
    let size = terminal
        .size()
        .context("failed to read the terminal size")?;
    model.width = size.width;
    model.height = size.height;
    model.read_only = store.read_only().map(str::to_string);
    model.notes = notes.all().into_keys().collect();
    let latest = Arc::new(Mutex::new(progress_on_exit(&model)));
    handle_signals(store.clone(), Arc::clone(&latest))?;
    let mut runtime = Runtime {
        store,
        notes,
        labs: HashMap::new(),
        unsaved: None,
    };
    if runtime.apply(&mut terminal, &mut model, start) {
        return runtime.finish();
    }
    if let Ok(mut p) = latest.lock() {
        *p = progress_on_exit(&model);
    }
    if let Some(n) = notice {
        model.status = Some(Status::error(n));
    }
    let mut http_seen: Option<usize> = None;
    loop {
        terminal
            .draw(|f| view(&model, f))
            .context("failed to draw")?;
        let msg = loop {
            // The loop blocks on input; only while an HTTP lab is open does it also wake a
            // few times a second, to show the requests its server receives as they arrive.
            if let Some((lab, count)) = runtime.http_lab(&model)
                && !event::poll(LIVE_REFRESH).context("failed to read terminal input")?
            {
                if http_seen != Some(count)
                    && let Some(news) = runtime.http_news(&model, &lab)
                {
                    http_seen = Some(count);
                    break news;
                }
                continue;
            }
            match event::read().context("failed to read terminal input")? {
                Event::Key(key) => {
                    test_crash()?;
                    break Msg::Key(key);
                }
                Event::Resize(w, h) => break Msg::Resize(w, h),
                Event::Mouse(ev) => {
                    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    if let Some(msg) = mouse_msg(ev, millis) {
                        break msg;
                    }
                }
                _ => {}
            }
        };
        model.now = crate::clock::now();
        let effects = update(&mut model, msg);
        let quit = runtime.apply(&mut terminal, &mut model, effects);
        if let Ok(mut p) = latest.lock() {
            *p = progress_on_exit(&model);
        }
        if quit || model.quit {
            return runtime.finish();
        }
    }
}

impl Runtime {
    /// On quitting: an error (printed once the terminal is restored, exit code 1) when the
    /// last save failed, so changes that could not be saved are never lost silently.
    fn finish(self) -> anyhow::Result<()> {
        match self.unsaved {
            Some(why) => Err(anyhow::anyhow!(
                "{why}; the changes made since the last successful save were not kept"
            )),
            None => Ok(()),
        }
    }

    /// The HTTP lab on screen and the number of requests its server has answered.
    fn http_lab(&self, model: &Model) -> Option<(String, usize)> {
        let Screen::Lab(state) = &model.screen else {
            return None;
        };
        let id = &model.roadmap.steps[state.step].lessons[state.lesson].id;
        match self.labs.get(id) {
            Some(Engine::Http(server)) => Some((id.clone(), server.count())),
            _ => None,
        }
    }

    /// The requests of HTTP lab `lab` for the screen, and the tasks they solve.
    fn http_news(&self, model: &Model, lab: &str) -> Option<Msg> {
        let Some(Engine::Http(server)) = self.labs.get(lab) else {
            return None;
        };
        let tasks = model
            .roadmap
            .lesson(lab)
            .and_then(|(_, _, l)| l.lab.as_ref())
            .map(|(_, l)| l.tasks.clone())
            .unwrap_or_default();
        let solved = tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| server.check(t) == Verdict::Solved)
            .map(|(i, _)| i)
            .collect();
        let lines = server
            .requests()
            .iter()
            .rev()
            .take(100)
            .map(|r| r.summary())
            .collect();
        Some(Msg::LabRequests {
            lab: lab.to_string(),
            lines,
            solved,
        })
    }

    /// Makes lab `lab` ready: a fresh database, or its practice repository (kept unless
    /// `fresh`), in `labs/<roadmap>/<step>/<lab>` beside the progress file.
    fn start_lab(
        &mut self,
        model: &Model,
        lab: &str,
        fresh: bool,
    ) -> Result<Option<String>, String> {
        let (kind, setup) = model
            .roadmap
            .lesson(lab)
            .and_then(|(_, _, l)| l.lab.as_ref())
            .map(|(kind, l)| (*kind, l.setup.clone()))
            .ok_or_else(|| format!("`{lab}` is not a lab"))?;
        match kind {
            LabKind::Sql => {
                let db = SqlLab::new(&setup)
                    .map_err(|e| format!("the lab's database could not be built: {e}"))?;
                self.labs.insert(lab.to_string(), Engine::Sql(db));
                Ok(None)
            }
            LabKind::Http => {
                // A reset (or a second start) replaces the server: a new port, fresh data.
                self.labs.remove(lab);
                let server = HttpLab::start(&setup).map_err(|e| e.to_string())?;
                let url = server.url();
                self.labs.insert(lab.to_string(), Engine::Http(server));
                Ok(Some(url))
            }
            LabKind::Git => {
                let base = self
                    .store
                    .path()
                    .parent()
                    .unwrap_or(std::path::Path::new("."));
                let dir = base.join("labs").join(&model.roadmap.id).join(lab);
                let repo = GitLab::new(dir, &setup);
                let made = if fresh { repo.reset() } else { repo.ensure() };
                made.map_err(|e| e.to_string())?;
                let shown = repo.dir().display().to_string();
                self.labs.insert(lab.to_string(), Engine::Git(repo));
                Ok(Some(shown))
            }
        }
    }

    /// Runs the learner's SQL (or, in a Git lab, looks at the repository) for task `task`.
    fn run_lab(
        &mut self,
        model: &Model,
        lab: &str,
        task: usize,
        sql: &str,
    ) -> Result<(Ran, Verdict), String> {
        let Some(task) = model
            .roadmap
            .lesson(lab)
            .and_then(|(_, _, l)| l.lab.as_ref())
            .and_then(|(_, l)| l.tasks.get(task))
        else {
            return Err(format!("`{lab}` has no task {task}"));
        };
        if !self.labs.contains_key(lab) {
            self.start_lab(model, lab, false)?;
        }
        match self.labs.get_mut(lab) {
            Some(Engine::Sql(db)) => db.attempt(task, sql).map_err(|e| e.to_string()),
            Some(Engine::Git(repo)) => {
                repo.prepare(task).map_err(|e| e.to_string())?;
                let verdict = repo.check(task).map_err(|e| e.to_string())?;
                Ok((Ran::default(), verdict))
            }
            Some(Engine::Http(server)) => Ok((Ran::default(), server.check(task))),
            None => Err("the lab is not ready".into()),
        }
    }
}

/// Opens an http(s) URL with the system's opener (`xdg-open`, or `open` on macOS), run
/// directly, never through a shell, and not waited for.
fn open_url(url: &str) -> Result<String, String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "not opened: only http and https links open ({url})"
        ));
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| url.to_string())
        .map_err(|e| format!("could not start `{opener}` to open {url}: {e}"))
}

/// Saves the model's progress: the message for the model, and the error when it failed.
fn save(store: &Store, model: &Model) -> (Msg, Option<String>) {
    if store.read_only().is_some() {
        let why = "read-only: this change is kept until you quit, not saved";
        return (Msg::SaveFailed(why.into()), Some(why.into()));
    }
    match store.save(&model.progress) {
        Ok(merged) => (Msg::Saved(merged), None),
        Err(e) => {
            let footer = match &e {
                // The footer is one line: the cause first, so it shows even when the path
                // doesn't fit.
                StoreError::Write { path, source } => format!(
                    "not saved: {source}, writing `{}`; your changes are kept while the app runs and saved with the next change",
                    path.display()
                ),
                other => format!("not saved: {other}"),
            };
            (Msg::SaveFailed(footer), Some(e.to_string()))
        }
    }
}
