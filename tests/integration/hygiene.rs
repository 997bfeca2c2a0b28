//! However the app ends (quit, an error, a panic, Ctrl-C, SIGTERM, SIGHUP, SIGINT) the terminal is left as
//! it was found: main screen, cursor shown, mouse capture off, cooked mode with echo. Each
//! path runs the app in a pty from `sh`, which prints the exit code and `stty -a` after.

use portable_pty::CommandBuilder;

use crate::pty::Session;
use crate::support::fixture_dir;

/// How the app is ended.
enum End {
    /// Keys typed once the home screen is up.
    Keys(&'static str),
    /// A signal sent to the app.
    Signal(&'static str),
}

/// Runs the app, ends it as `end` says, and returns its exit code, what it printed, and
/// the `stty -a` printed after it.
fn run_and_end(env: &[(&str, &str)], end: End) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = format!(
        "'{}' --curriculum '{}' --progress-file '{}'; echo EXIT=$?; stty -a",
        env!("CARGO_BIN_EXE_roadmap"),
        fixture_dir().display(),
        dir.path().join("progress.json").display()
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    cmd.env_remove("ROADMAP_TEST_CRASH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Mini"), "home never drawn: {:?}", s.tail());
    match end {
        End::Keys(keys) => s.send(keys),
        End::Signal(signal) => {
            let shell = s.child.process_id().expect("a pid");
            let app = app_pid(shell);
            let sent = std::process::Command::new("kill")
                .args([format!("-{signal}"), app.to_string()])
                .status()
                .expect("kill runs");
            assert!(sent.success());
        }
    }
    assert!(s.wait_for("EXIT="), "the app never ended: {:?}", s.tail());
    assert!(s.wait_for("icanon"), "no stty output: {:?}", s.tail());
    let _ = s.child.wait();
    let out = s.text();
    let at = out.rfind("EXIT=").expect("exit marker");
    let code: i32 = out[at + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("an exit code");
    (code, out[..at].to_string(), out[at..].to_string())
}

/// The app's pid: the one child of the shell that started it.
fn app_pid(shell: u32) -> u32 {
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
        .expect("Linux lists a process's children");
    children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the shell runs the app")
}

/// Asserts that after the app's last switch to the alternate screen it left it, showed the
/// cursor and turned mouse capture off, and that the terminal is in cooked mode with echo.
fn assert_restored(path: &str, app: &str, stty: &str) {
    let entered = app
        .rfind("\x1b[?1049h")
        .unwrap_or_else(|| panic!("{path}: never entered the alternate screen"));
    let after = &app[entered..];
    for (seq, what) in [
        ("\x1b[?1049l", "left the alternate screen"),
        ("\x1b[?25h", "showed the cursor"),
        ("\x1b[?1000l", "turned mouse capture off"),
        ("\x1b[?1006l", "turned SGR mouse reports off"),
    ] {
        assert!(after.contains(seq), "{path}: never {what}");
    }
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for (flag, what) in [
        ("icanon", "cooked mode"),
        ("echo", "echo"),
        ("isig", "Ctrl-C interrupts again"),
    ] {
        assert!(flags.contains(&flag), "{path}: {what}: {stty}");
    }
}

#[test]
fn quit_and_ctrl_c_restore_the_terminal_and_exit_0() {
    for (path, keys) in [("q", "q"), ("Ctrl-C", "\x03")] {
        let (code, app, stty) = run_and_end(&[], End::Keys(keys));
        assert_eq!(code, 0, "{path}");
        assert_restored(path, &app, &stty);
    }
}

#[test]
fn an_error_restores_the_terminal_then_prints_the_message_and_exits_1() {
    let (code, app, stty) = run_and_end(&[("ROADMAP_TEST_CRASH", "error")], End::Keys("j"));
    assert_eq!(code, 1);
    assert_restored("error", &app, &stty);
    let left = app.rfind("\x1b[?1049l").expect("left");
    assert!(
        app[left..].contains("a test asked for an error"),
        "the message is printed on the main screen: {app:?}"
    );
}

#[test]
fn a_panic_restores_the_terminal_then_prints_the_message_and_exits_101() {
    let (code, app, stty) = run_and_end(&[("ROADMAP_TEST_CRASH", "panic")], End::Keys("j"));
    assert_eq!(code, 101);
    assert_restored("panic", &app, &stty);
    let entered = app.rfind("\x1b[?1049h").expect("entered");
    let left = entered + app[entered..].find("\x1b[?1049l").expect("left");
    assert!(
        app[left..].contains("a test asked for a panic"),
        "the panic message is printed on the main screen: {app:?}"
    );
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal_with_128_plus_the_signal() {
    for (signal, expected) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let (code, app, stty) = run_and_end(&[], End::Signal(signal));
        assert_eq!(code, expected, "SIG{signal}");
        assert_restored(&format!("SIG{signal}"), &app, &stty);
    }
}

#[test]
fn resizing_to_tiny_sizes_and_back_keeps_the_app_running() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(dir.path().join("progress.json"));
    cmd.env_remove("ROADMAP_TEST_CRASH");
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Mini"), "home never drawn: {:?}", s.tail());
    s.send("\r");
    s.send("\r");
    for (cols, rows) in [(1, 1), (0, 0), (2, 1), (1, 30), (300, 2), (3, 3), (20, 5)] {
        s.resize(cols, rows);
        s.send("j");
    }
    s.resize(80, 24);
    s.send("t");
    s.send("\x1b");
    let before = s.text().len();
    s.send("?");
    assert!(
        s.wait_for("$EDITOR"),
        "the app still draws help: {:?}",
        s.tail()
    );
    assert!(s.text().len() > before);
    s.send("\x1b");
    s.send("q");
    assert!(s.child.wait().expect("waits").success(), "{:?}", s.tail());
}
