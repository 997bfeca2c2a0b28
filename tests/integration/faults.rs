//! Damaged progress files and injected faults (`ROADMAP_FAULT`, a test hook, because CI
//! runs as root where `chmod` changes nothing): each names the file, keeps its bytes, and
//! the app still opens and works, saying in the footer that nothing is saved.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use portable_pty::CommandBuilder;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::pty::Session;
use crate::support::fixture_dir;

struct Case {
    dir: TempDir,
}

impl Case {
    /// A progress file with one lesson done, written without faults.
    fn saved() -> Self {
        let case = Self {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        case.cmd(None)
            .args(["done", "basics/values"])
            .assert()
            .success();
        case
    }

    fn progress(&self) -> PathBuf {
        self.dir.path().join("progress.json")
    }

    fn cmd(&self, fault: Option<&str>) -> Command {
        let mut cmd = Command::cargo_bin("roadmap").expect("binary");
        cmd.env_remove("ROADMAP_CURRICULUM")
            .env_remove("ROADMAP_FAULT")
            .env("ROADMAP_PROGRESS_FILE", self.progress())
            .arg("--curriculum")
            .arg(fixture_dir());
        if let Some(fault) = fault {
            cmd.env("ROADMAP_FAULT", fault);
        }
        cmd
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn path_in(text: &str, path: &Path) -> bool {
    text.contains(&path.display().to_string())
}

#[test]
fn injected_faults_name_the_file_exit_1_and_keep_its_bytes() {
    for (fault, words) in [
        ("full-disk", "No space left on device"),
        ("read-only-dir", "Permission denied"),
        ("unreadable", "Permission denied"),
    ] {
        let case = Case::saved();
        let before = fs::read(case.progress()).expect("read");
        let out = case
            .cmd(Some(fault))
            .args(["done", "basics/functions"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{fault}: {stderr}");
        assert!(path_in(&stderr, &case.progress()), "{fault}: {stderr}");
        assert!(stderr.contains(words), "{fault}: {stderr}");
        assert_eq!(fs::read(case.progress()).expect("read"), before, "{fault}");
        assert_eq!(
            case.files(),
            ["progress.json", "progress.json.lock"],
            "{fault}: nothing left behind"
        );
        // Reading commands still work.
        case.cmd(Some(fault))
            .args(["status", "--json"])
            .assert()
            .success();
    }
}

#[test]
fn damaged_files_are_moved_aside_with_their_bytes_and_a_fresh_file_started() {
    let deep = format!("{{\"version\": 1, \"roadmaps\": {}", "[".repeat(100_000));
    for bytes in [
        deep.as_bytes(),
        &b""[..],
        b"\n  \n",
        b"{\"version\": 1, \"roadmaps\": {\"mini\": {\"less",
        b"\x00\x9f\xff\xfe\x1b[2J garbage \x07",
        b"[\"valid JSON\", \"of the wrong shape\"]",
        b"{\"version\": 1, \"roadmaps\": {\"mini\": {\"lessons\": 42}}}",
        b"{\"roadmaps\": {}}",
    ] {
        let case = Case {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        fs::write(case.progress(), bytes).expect("write");
        let out = case
            .cmd(None)
            .args(["done", "basics/values"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{bytes:?}: {stderr}");
        assert!(path_in(&stderr, &case.progress()), "{stderr}");
        let bad: Vec<String> = case
            .files()
            .into_iter()
            .filter(|f| f.contains(".bad-"))
            .collect();
        assert_eq!(bad.len(), 1, "{bytes:?}: {:?}", case.files());
        assert!(
            stderr.contains(&bad[0]),
            "the notice names the copy: {stderr}"
        );
        assert_eq!(
            fs::read(case.dir.path().join(&bad[0])).expect("read"),
            bytes
        );
        let saved: serde_json::Value =
            serde_json::from_slice(&fs::read(case.progress()).expect("read")).expect("parses");
        assert_eq!(
            saved["roadmaps"]["mini"]["lessons"]["basics/values"]["done"],
            true
        );
    }
}

#[test]
fn a_future_version_or_a_folder_in_place_of_the_file_is_never_written() {
    let case = Case {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let future = b"{\"version\": 99, \"roadmaps\": {\"mini\": \"from the future\"}}";
    fs::write(case.progress(), future).expect("write");
    case.cmd(None)
        .args(["done", "basics/values"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer version"))
        .stderr(predicate::str::contains(
            case.progress().display().to_string(),
        ));
    assert_eq!(fs::read(case.progress()).expect("read"), future);

    let case = Case {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    fs::create_dir(case.progress()).expect("mkdir");
    fs::write(case.progress().join("keep.txt"), b"mine").expect("write");
    case.cmd(None)
        .args(["done", "basics/values"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            case.progress().display().to_string(),
        ));
    assert_eq!(
        fs::read(case.progress().join("keep.txt")).expect("read"),
        b"mine"
    );
    case.cmd(None).args(["status"]).assert().success();
}

/// The app in a terminal with `fault` injected: it opens, a lesson can be marked, and the
/// footer says why nothing was saved. When saves failed (rather than the session being
/// read-only from the start), quitting says so again on the main screen and exits 1.
fn app_with_fault(fault: &str, first: &str, after_mark: &str, on_quit: Option<&str>) {
    let case = Case::saved();
    let before = fs::read(case.progress()).expect("read");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(fixture_dir());
    cmd.arg("--progress-file");
    cmd.arg(case.progress());
    cmd.env("ROADMAP_FAULT", fault);
    let mut s = Session::start(cmd);
    assert!(
        s.wait_for(first),
        "{fault}: no notice at start: {:?}",
        s.tail()
    );
    s.send("\r");
    s.send("\r");
    s.send("]");
    assert!(
        s.wait_for("Functions"),
        "{fault}: the app works: {:?}",
        s.tail()
    );
    s.send("x");
    assert!(
        s.wait_for(after_mark),
        "{fault}: the footer says the change was not saved: {:?}",
        s.tail()
    );
    s.send("q");
    let status = s.child.wait().expect("waits");
    match on_quit {
        None => assert!(status.success(), "{fault}"),
        Some(words) => {
            assert_eq!(status.exit_code(), 1, "{fault}");
            assert!(s.wait_for("were not kept"), "{fault}: {:?}", s.tail());
            let out = s.text();
            let left = out.rfind("\x1b[?1049l").expect("left the alternate screen");
            let after = &out[left..];
            assert!(
                after.contains(words) && after.contains("were not kept"),
                "{fault}: told on the main screen: {after:?}"
            );
        }
    }
    assert_eq!(fs::read(case.progress()).expect("read"), before, "{fault}");
}

#[test]
fn the_app_opens_works_and_says_why_nothing_is_saved() {
    app_with_fault(
        "full-disk",
        "Mini",
        "device",
        Some("No space left on device"),
    );
    app_with_fault("read-only-dir", "Mini", "denied", Some("Permission denied"));
    app_with_fault("unreadable", "denied", "read-only", None);
}

#[test]
fn a_huge_import_is_refused_without_being_read_and_changes_nothing() {
    let case = Case::saved();
    let before = fs::read(case.progress()).expect("read");
    let huge = case.dir.path().join("huge.json");
    fs::File::create(&huge)
        .expect("create")
        .set_len(1024 * 1024 * 1024)
        .expect("sparse");
    case.cmd(None)
        .arg("import")
        .arg(&huge)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("huge.json"))
        .stderr(predicate::str::contains("larger than 64 MB"));
    assert_eq!(fs::read(case.progress()).expect("read"), before);
}
