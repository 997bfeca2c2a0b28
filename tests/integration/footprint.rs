//! What the app touches outside itself: files only in its own folder of the learner's
//! home, processes only the editor, the link opener and `git` (never through a shell), and
//! sockets only the HTTP lab's listener on 127.0.0.1.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use portable_pty::CommandBuilder;

use crate::pty::Session;
use crate::support::fixture_dir;

/// Every file and folder under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("list").filter_map(Result::ok) {
            let path = entry.path();
            out.push(
                path.strip_prefix(root)
                    .expect("inside")
                    .display()
                    .to_string(),
            );
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// An environment whose home is `home`, with no XDG overrides, as on a fresh account.
fn at_home(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home);
    for var in [
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "ROADMAP_PROGRESS_FILE",
        "ROADMAP_CURRICULUM",
        "ROADMAP_FAULT",
    ] {
        cmd.env_remove(var);
    }
}

#[test]
fn the_app_writes_only_its_own_private_folder_in_the_home() {
    let home = tempfile::tempdir().expect("tempdir");
    for args in [
        &["done", "basics/values"][..],
        &["undone", "basics/values"],
        &["done", "basics"],
        &["status", "--json"],
        &["review"],
        &["notes"],
        &["export"],
        &["show", "basics/values"],
    ] {
        let mut cmd = Command::cargo_bin("roadmap").expect("binary");
        at_home(&mut cmd, home.path());
        cmd.arg("--curriculum")
            .arg(fixture_dir())
            .args(args)
            .assert()
            .success();
    }
    // The app in a terminal too: open a lesson, mark it, quit.
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.env("HOME", home.path());
    for var in ["XDG_DATA_HOME", "ROADMAP_PROGRESS_FILE", "ROADMAP_FAULT"] {
        cmd.env_remove(var);
    }
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Mini"), "home never drawn: {:?}", s.tail());
    s.send("\r");
    s.send("\r");
    s.send("x");
    s.send("q");
    assert!(s.child.wait().expect("waits").success());

    let own = PathBuf::from(".local/share/roadmap");
    let files = tree(home.path());
    for f in &files {
        assert!(
            own.starts_with(f) || Path::new(f).starts_with(&own),
            "touched {f} outside the app's folder: {files:?}"
        );
    }
    assert!(files.contains(&".local/share/roadmap/progress.json".to_string()));
    let mode = |p: &str| {
        fs::metadata(home.path().join(p))
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(".local/share/roadmap"), 0o700);
    assert_eq!(mode(".local/share/roadmap/progress.json"), 0o600);
}

/// Every Rust source file under `src/`, with its path.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).expect("list").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).expect("read");
                let rel = path
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .expect("inside")
                    .display()
                    .to_string();
                out.push((rel, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

/// The files of `src/` that contain `needle`.
fn files_with(sources: &[(String, String)], needle: &str) -> Vec<String> {
    let mut found: Vec<String> = sources
        .iter()
        .filter(|(_, text)| text.contains(needle))
        .map(|(path, _)| path.clone())
        .collect();
    found.sort();
    found
}

#[test]
fn processes_and_sockets_are_started_only_where_the_readme_says() {
    let src = sources();
    // The editor (notes), the link opener (the app) and git (the Git lab's sandbox).
    assert_eq!(
        files_with(&src, "Command::new("),
        ["src/lab/git.rs", "src/notes.rs", "src/tui/app.rs"]
    );
    for (path, text) in &src {
        for (at, _) in text.match_indices("Command::new(") {
            let call = &text[at..text[at..].find(')').map_or(text.len(), |e| at + e)];
            assert!(
                !call.contains("\"sh\"") && !call.contains("\"bash\""),
                "{path}: a shell is started: {call}"
            );
        }
        assert!(
            !text.contains(".arg(\"-c\")"),
            "{path}: a shell command line"
        );
    }
    // The HTTP lab's listener, bound to the loopback address.
    assert_eq!(files_with(&src, "TcpListener::bind"), ["src/lab/http.rs"]);
    let http = &src
        .iter()
        .find(|(p, _)| p == "src/lab/http.rs")
        .expect("http lab")
        .1;
    assert!(http.contains("TcpListener::bind((Ipv4Addr::LOCALHOST, 0))"));
    for api in [
        "UdpSocket",
        "UnixListener",
        "UnixStream",
        "TcpStream::connect(",
    ] {
        let users: Vec<String> = files_with(&src, api)
            .into_iter()
            .filter(|p| p != "src/lab/http.rs")
            .collect();
        assert!(users.is_empty(), "{api} in {users:?}");
    }
}
