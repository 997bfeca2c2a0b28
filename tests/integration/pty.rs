//! The real app in a pseudo-terminal: it starts, answers keys, quits, and leaves the
//! terminal as it found it (cooked mode, main screen, cursor shown, mouse capture off).

use std::io::{Read, Write};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::support::fixture_dir;

/// A command running in an 80x24 pseudo-terminal, with everything it printed so far.
pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    output: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    seen: Vec<u8>,
}

impl Session {
    pub fn start(cmd: CommandBuilder) -> Self {
        Self::start_with(cmd, &[])
    }

    /// Starts `cmd` in a 256-colour terminal without `NO_COLOR`, then sets `env`.
    pub fn start_with(mut cmd: CommandBuilder, env: &[(&str, &str)]) -> Self {
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("COLORTERM");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("ROADMAP_THEME");
        cmd.env_remove("ROADMAP_PASS_MARK");
        cmd.env("ROADMAP_CONFIG", "/nonexistent/roadmap-test/config.json");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawns");
        drop(pair.slave);
        let output = read_into_channel(pair.master.try_clone_reader().expect("reader"));
        let writer = pair.master.take_writer().expect("writer");
        Self {
            child,
            output,
            writer,
            master: pair.master,
            seen: Vec::new(),
        }
    }

    /// Collects output until `needle` appears, or a generous timeout for slow CI machines.
    /// ratatui moves the cursor over blank cells, so needles are single words.
    pub fn wait_for(&mut self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return true;
            }
            if let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(100)) {
                self.seen.extend(chunk);
            }
        }
        self.text().contains(needle)
    }

    /// Types `keys` and gives the app a moment to draw.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        thread::sleep(Duration::from_millis(150));
    }

    /// Collects the rest of the output once the program has exited.
    pub fn drain(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(chunk) => self.seen.extend(chunk),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    }

    /// Resizes the terminal (the app gets SIGWINCH) and gives it a moment to draw.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        thread::sleep(Duration::from_millis(100));
    }

    /// Types `keys` without waiting.
    pub fn type_now(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    /// The last part of the output, for failure messages.
    pub fn tail(&self) -> String {
        let text = self.text();
        let skip = text.chars().count().saturating_sub(1500);
        text.chars().skip(skip).collect()
    }
}

/// Reads everything the pty prints into a channel, from a thread.
fn read_into_channel(mut reader: Box<dyn Read + Send>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

#[test]
fn e_opens_the_learners_editor_and_the_app_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let progress = dir.path().join("progress.json");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "echo 'ints are exact' >> \"$1\"\n").expect("editor script");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(&progress);
    cmd.env("EDITOR", format!("sh '{}'", editor.display()));
    cmd.env_remove("VISUAL");
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Mini"), "home never drawn");
    s.send("\r");
    s.send("\r");
    assert!(s.wait_for("Numbers"), "lesson never shown");
    s.send("e");
    assert!(
        s.wait_for("saved."),
        "no confirmation after the editor: {:?}",
        s.tail()
    );
    s.send("q");
    assert!(s.child.wait().expect("waits").success());
    let note = std::fs::read_to_string(dir.path().join("notes/mini/basics/values.md"))
        .expect("the note was written");
    assert_eq!(note, "# Notes: Values and Types\n\nints are exact\n");
}

#[test]
fn the_app_runs_in_a_terminal_and_restores_it_on_quit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let progress = dir.path().join("progress.json");
    // Run the app, then print the terminal's mode so the test can see it was restored.
    let script = format!(
        "'{}' --curriculum '{}' --progress-file '{}'; echo EXIT=$?; stty -a",
        env!("CARGO_BIN_EXE_roadmap"),
        fixture_dir().display(),
        progress.display()
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    let mut s = Session::start(cmd);

    assert!(s.wait_for("Mini Roadmap"), "home never drawn");
    // Open the first lesson, mark it done, quit.
    s.send("\r");
    s.send("\r");
    assert!(s.wait_for("Numbers"), "lesson never shown: {:?}", s.tail());
    s.send("x");
    assert!(s.wait_for("✓"), "no done mark");
    s.send("q");
    assert!(s.wait_for("EXIT=0"), "the app did not exit cleanly");
    assert!(s.wait_for("icanon"), "no stty output");
    assert!(s.child.wait().expect("waits").success());

    let out = s.text();
    let quit_at = out.find("EXIT=0").expect("exit marker");
    let app_output = &out[..quit_at];
    assert!(
        app_output.contains("\x1b[?1049h"),
        "entered the alternate screen"
    );
    let left = app_output
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    let mouse_off = app_output
        .rfind("\x1b[?1000l")
        .expect("turned mouse capture off");
    let shown = app_output.rfind("\x1b[?25h").expect("showed the cursor");
    let last_draw = app_output.rfind("\x1b[?1049h").unwrap_or(0);
    assert!(left > last_draw && mouse_off > last_draw && shown > last_draw);
    let stty = &out[quit_at..];
    assert!(
        stty.contains(" icanon") && !stty.contains("-icanon"),
        "cooked mode: {stty}"
    );
    assert!(
        stty.contains(" echo ") && !stty.contains("-echo "),
        "echo on: {stty}"
    );

    let saved = std::fs::read_to_string(&progress).expect("progress saved");
    assert!(saved.contains("\"basics/values\""), "{saved}");
    assert!(saved.contains("\"done\": true"), "{saved}");
}

#[test]
fn sigterm_and_sighup_save_the_reading_position_and_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let progress = dir.path().join("progress.json");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
        cmd.arg("--curriculum");
        cmd.arg(fixture_dir());
        cmd.arg("--progress-file");
        cmd.arg(&progress);
        let mut s = Session::start(cmd);
        assert!(s.wait_for("Mini"), "home never drawn");
        s.send("\r");
        s.send("\r");
        assert!(s.wait_for("Numbers"), "lesson never shown");
        s.send("jjjj");
        let pid = s.child.process_id().expect("a pid");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = s.child.wait().expect("waits");
        assert_eq!(status.exit_code(), code, "SIG{signal}");
        assert!(s.wait_for("\x1b[?1049l"), "left the alternate screen");
        let out = s.text();
        let last_draw = out.rfind("\x1b[?1049h").expect("drew");
        assert!(
            out.rfind("\x1b[?1049l").is_some_and(|at| at > last_draw),
            "main screen back"
        );
        assert!(
            out.rfind("\x1b[?25h").is_some_and(|at| at > last_draw),
            "cursor shown"
        );
        let saved = std::fs::read_to_string(&progress).expect("progress saved");
        let v: serde_json::Value = serde_json::from_str(&saved).expect("json");
        let position = &v["roadmaps"]["mini"]["lessons"]["basics/values"]["position"];
        assert!(
            position.as_u64().is_some_and(|p| p > 0),
            "SIG{signal}: {saved}"
        );
    }
}

/// Runs the app on the fixture with `args`, opens the first lesson, presses `y`, quits;
/// returns everything it wrote.
fn copy_and_quit(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(dir.path().join("progress.json"));
    cmd.env_remove("ROADMAP_NO_MOUSE");
    for arg in args {
        cmd.arg(arg);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Mini"), "home never drawn");
    s.send("\r");
    s.send("\r");
    assert!(s.wait_for("Numbers"), "lesson never shown");
    s.send("y");
    assert!(s.wait_for("Copied"), "no copy message: {:?}", s.tail());
    s.send("q");
    assert!(s.child.wait().expect("waits").success());
    assert!(s.wait_for("\x1b[?1049l"), "left the alternate screen");
    s.text()
}

#[test]
fn mouse_capture_is_on_by_default_and_off_with_no_mouse_and_y_copies_with_osc_52() {
    let out = copy_and_quit(&[], &[]);
    let on = out.find("\x1b[?1000h").expect("mouse capture turned on");
    let off = out.rfind("\x1b[?1000l").expect("mouse capture turned off");
    assert!(on < off);
    // The code block, exactly, base64-encoded in an OSC 52 clipboard sequence.
    let code = "total = 2 + 3\nprint(total)  # 5";
    use base64::Engine as _;
    let osc = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(code)
    );
    assert!(out.contains(&osc), "no OSC 52 for {code:?}");

    for (args, env) in [
        (&["--no-mouse"][..], &[][..]),
        (&[][..], &[("ROADMAP_NO_MOUSE", "1")][..]),
    ] {
        let out = copy_and_quit(args, env);
        assert!(
            !out.contains("\x1b[?1000h"),
            "capture on with {args:?} {env:?}"
        );
        assert!(!out.contains("\x1b[?1000l"), "{args:?} {env:?}");
        assert!(out.contains("\x1b]52;c;"), "copying still works");
    }
}

#[test]
fn show_on_a_terminal_writes_hyperlinks_unless_colour_is_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("links.md");
    std::fs::write(&file, "Read [the docs](https://docs.rs/).\n").expect("write");
    for (colour, linked) in [("auto", true), ("never", false)] {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
        cmd.args(["--color", colour, "show", "--file"]);
        cmd.arg(&file);
        let mut s = Session::start(cmd);
        assert!(s.child.wait().expect("waits").success());
        assert!(s.wait_for("docs.rs/)"), "{:?}", s.tail());
        assert_eq!(
            s.text()
                .contains("\x1b]8;id=roadmap-link-0;https://docs.rs/\x1b\\"),
            linked,
            "{:?}",
            s.tail()
        );
    }
}

/// The app on the fixture with the first lesson (which has highlighted code) open, run
/// with `env` until it quits; everything it printed.
fn app_output_with(env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(dir.path().join("progress.json"));
    let mut s = Session::start_with(cmd, env);
    assert!(s.wait_for("Mini"), "home never drawn");
    s.send("\r");
    s.send("\r");
    assert!(s.wait_for("Numbers"), "lesson never shown: {:?}", s.tail());
    s.send("q");
    assert!(s.child.wait().expect("waits").success());
    s.drain();
    s.text()
}

/// The foreground and background colours set by SGR sequences in `out`, as their
/// parameters (`38;5;6`, `48;2;1;2;3`, `31` …).
fn colours_set(out: &str) -> Vec<String> {
    let mut found = Vec::new();
    for seq in out.split("\x1b[").skip(1) {
        let Some(end) = seq.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !seq[end..].starts_with('m') {
            continue;
        }
        let params: Vec<&str> = seq[..end].split(';').collect();
        let mut i = 0;
        while i < params.len() {
            let p = params[i];
            let n: u32 = p.parse().unwrap_or(0);
            if (p == "38" || p == "48") && params.get(i + 1) == Some(&"5") {
                found.push(params[i..(i + 3).min(params.len())].join(";"));
                i += 3;
            } else if (p == "38" || p == "48") && params.get(i + 1) == Some(&"2") {
                found.push(params[i..(i + 5).min(params.len())].join(";"));
                i += 5;
            } else {
                if (30..=37).contains(&n) || (40..=47).contains(&n) || (90..=107).contains(&n) {
                    found.push(p.to_string());
                }
                i += 1;
            }
        }
    }
    found
}

#[test]
fn no_color_draws_no_colour_but_keeps_reverse_video_and_marks() {
    let out = app_output_with(&[("NO_COLOR", "1")]);
    assert_eq!(colours_set(&out), Vec::<String>::new());
    assert!(out.contains("\x1b[7m"), "selection in reverse video");
    assert!(out.contains('○'), "step marks");
    let with = app_output_with(&[]);
    assert!(!colours_set(&with).is_empty());
}

#[test]
fn colours_suit_the_terminals_depth() {
    let indexes = |out: &str| -> Vec<u32> {
        colours_set(out)
            .iter()
            .filter_map(|c| c.strip_prefix("38;5;").and_then(|n| n.parse().ok()))
            .collect()
    };
    let sixteen = app_output_with(&[("TERM", "xterm")]);
    assert!(!colours_set(&sixteen).iter().any(|c| c.starts_with("38;2;")));
    assert!(
        indexes(&sixteen).iter().all(|&n| n < 16),
        "{:?}",
        colours_set(&sixteen)
    );
    let palette = app_output_with(&[]);
    assert!(!colours_set(&palette).iter().any(|c| c.starts_with("38;2;")));
    assert!(
        indexes(&palette).iter().any(|&n| n >= 16),
        "code in the 256-colour cube"
    );
    let truecolor = app_output_with(&[("COLORTERM", "truecolor")]);
    assert!(
        colours_set(&truecolor)
            .iter()
            .any(|c| c.starts_with("38;2;"))
    );
}

/// `roadmap show` on a terminal with `env`: everything it printed.
fn show_output_with(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.args(["show", "basics/values"]);
    cmd.args(args);
    let mut s = Session::start_with(cmd, env);
    assert!(s.child.wait().expect("waits").success());
    s.drain();
    assert!(s.text().contains("Try it"), "never shown: {:?}", s.tail());
    s.text()
}

#[test]
fn show_on_a_terminal_honours_no_color_and_the_depth() {
    let plain = show_output_with(&[], &[("NO_COLOR", "1")]);
    assert!(!plain.contains("\x1b["), "{plain:?}");
    let never = show_output_with(&["--color", "never"], &[]);
    assert!(!never.contains("\x1b["), "{never:?}");
    let sixteen = show_output_with(&[], &[("TERM", "xterm")]);
    assert!(sixteen.contains("\x1b["));
    assert!(
        !sixteen.contains("38;5;") && !sixteen.contains("38;2;"),
        "{sixteen:?}"
    );
    let light = show_output_with(&["--theme", "light"], &[("COLORTERM", "truecolor")]);
    let dark = show_output_with(&[], &[("COLORTERM", "truecolor")]);
    assert!(light.contains("38;2;") && dark.contains("38;2;"));
    assert_ne!(
        colours_set(&light),
        colours_set(&dark),
        "code follows the theme"
    );
}
