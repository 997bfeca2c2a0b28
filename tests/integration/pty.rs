//! The real app in a pseudo-terminal: it starts, answers keys, quits, and leaves the
//! terminal as it found it (cooked mode, main screen, cursor shown, mouse capture off).

use std::io::{Read, Write};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use crate::support::fixture_dir;

/// Reads everything the pty prints into a channel, from a thread.
fn spawn_reader(mut reader: Box<dyn Read + Send>) -> mpsc::Receiver<Vec<u8>> {
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

/// Collects output until `needle` appears (ratatui moves the cursor over blank cells,
/// so needles are single words) (or a generous timeout, for slow CI machines).
fn wait_for(rx: &mpsc::Receiver<Vec<u8>>, seen: &mut Vec<u8>, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if String::from_utf8_lossy(seen).contains(needle) {
            return true;
        }
        if let Ok(chunk) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.extend(chunk);
        }
    }
    String::from_utf8_lossy(seen).contains(needle)
}

#[test]
fn e_opens_the_learners_editor_and_the_app_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let progress = dir.path().join("progress.json");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "echo 'ints are exact' >> \"$1\"\n").expect("editor script");
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(&progress);
    cmd.env("TERM", "xterm-256color");
    cmd.env("EDITOR", format!("sh '{}'", editor.display()));
    cmd.env_remove("VISUAL");
    let mut child = pair.slave.spawn_command(cmd).expect("spawns");
    drop(pair.slave);
    let rx = spawn_reader(pair.master.try_clone_reader().expect("reader"));
    let mut writer = pair.master.take_writer().expect("writer");
    let mut seen = Vec::new();
    assert!(wait_for(&rx, &mut seen, "Mini"), "home never drawn");
    for key in ["\r", "\r"] {
        writer.write_all(key.as_bytes()).expect("write");
        writer.flush().expect("flush");
        thread::sleep(Duration::from_millis(150));
    }
    assert!(wait_for(&rx, &mut seen, "Numbers"), "lesson never shown");
    writer.write_all(b"e").expect("write");
    writer.flush().expect("flush");
    assert!(
        wait_for(&rx, &mut seen, "saved."),
        "no confirmation after the editor: {:?}",
        String::from_utf8_lossy(&seen[seen.len().saturating_sub(1500)..])
    );
    writer.write_all(b"q").expect("write");
    writer.flush().expect("flush");
    let status = child.wait().expect("waits");
    assert!(status.success());
    let note = std::fs::read_to_string(dir.path().join("notes/mini/basics/values.md"))
        .expect("the note was written");
    assert_eq!(note, "# Notes: Values and Types\n\nints are exact\n");
}

#[test]
fn the_app_runs_in_a_terminal_and_restores_it_on_quit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let progress = dir.path().join("progress.json");
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    // Run the app, then print the terminal's mode so the test can see it was restored.
    let script = format!(
        "'{}' --curriculum '{}' --progress-file '{}'; echo EXIT=$?; stty -a",
        env!("CARGO_BIN_EXE_roadmap"),
        fixture_dir().display(),
        progress.display()
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    let mut child = pair.slave.spawn_command(cmd).expect("spawns");
    drop(pair.slave);
    let rx = spawn_reader(pair.master.try_clone_reader().expect("reader"));
    let mut writer = pair.master.take_writer().expect("writer");
    let mut seen = Vec::new();

    assert!(wait_for(&rx, &mut seen, "Mini Roadmap"), "home never drawn");
    // Open the first lesson, mark it done, quit.
    for keys in ["\r", "\r"] {
        writer.write_all(keys.as_bytes()).expect("write");
        writer.flush().expect("flush");
        thread::sleep(Duration::from_millis(150));
    }
    assert!(
        wait_for(&rx, &mut seen, "Numbers"),
        "lesson never shown: {:?}",
        String::from_utf8_lossy(&seen)
    );
    writer.write_all(b"x").expect("write");
    writer.flush().expect("flush");
    assert!(wait_for(&rx, &mut seen, "✓"), "no done mark");
    writer.write_all(b"q").expect("write");
    writer.flush().expect("flush");
    assert!(
        wait_for(&rx, &mut seen, "EXIT=0"),
        "the app did not exit cleanly"
    );
    assert!(wait_for(&rx, &mut seen, "icanon"), "no stty output");
    let status = child.wait().expect("waits");
    assert!(status.success());

    let out = String::from_utf8_lossy(&seen).into_owned();
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
