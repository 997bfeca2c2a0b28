//! Several writers at once: `roadmap done`/`undone` processes in parallel, and the app
//! open in a terminal while `roadmap done` runs beside it. Every change is recorded.
//! `ROADMAP_CHANGES` raises the number of changes per process (132 by default).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use portable_pty::CommandBuilder;
use serde_json::Value;

use crate::pty::Session;
use crate::support::{env_count, is_done, synthetic_curriculum};

fn run(curriculum: &Path, progress: &Path, verb: &str, id: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .env_remove("ROADMAP_CURRICULUM")
        .env_remove("ROADMAP_FAULT")
        .env("ROADMAP_PROGRESS_FILE", progress)
        .arg("--curriculum")
        .arg(curriculum)
        .args([verb, id])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{verb} {id}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(progress: &Path) -> Value {
    serde_json::from_slice(&fs::read(progress).expect("saved")).expect("parses")
}

#[test]
fn parallel_processes_each_making_over_a_hundred_changes_lose_none() {
    // Each writer marks its own step's lessons done, then every fifth not done again:
    // 110 + 22 changes each by default, one process per change.
    let lessons = env_count("ROADMAP_CHANGES", 132) * 5 / 6;
    let writers = 2;
    let dir = tempfile::tempdir().expect("tempdir");
    let curriculum = dir.path().join("curriculum");
    fs::create_dir(&curriculum).expect("mkdir");
    synthetic_curriculum(&curriculum, writers, lessons);
    let progress = dir.path().join("progress.json");
    let began = Instant::now();
    let handles: Vec<_> = (1..=writers)
        .map(|s| {
            let (curriculum, progress) = (curriculum.clone(), progress.clone());
            thread::spawn(move || {
                for l in 1..=lessons {
                    run(&curriculum, &progress, "done", &format!("s{s}/l{l}"));
                }
                for l in (5..=lessons).step_by(5) {
                    run(&curriculum, &progress, "undone", &format!("s{s}/l{l}"));
                }
                lessons + lessons / 5
            })
        })
        .collect();
    let changes: usize = handles.into_iter().map(|h| h.join().expect("writer")).sum();
    let v = read(&progress);
    for s in 1..=writers {
        for l in 1..=lessons {
            assert_eq!(
                is_done(&v, "synthetic", &format!("s{s}/l{l}")),
                l % 5 != 0,
                "s{s}/l{l}"
            );
        }
    }
    eprintln!(
        "concurrency: {writers} processes recorded all {changes} changes in {:.1}s",
        began.elapsed().as_secs_f64()
    );
}

#[test]
fn the_app_and_roadmap_done_at_the_same_time_keep_both_sets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let curriculum = dir.path().join("curriculum");
    fs::create_dir(&curriculum).expect("mkdir");
    synthetic_curriculum(&curriculum, 3, 30);
    let progress = dir.path().join("progress.json");

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.arg("--curriculum");
    cmd.arg(&curriculum);
    cmd.arg("--progress-file");
    cmd.arg(&progress);
    cmd.env_remove("ROADMAP_FAULT");
    let mut s = Session::start(cmd);
    assert!(s.wait_for("Synthetic"), "home never drawn: {:?}", s.tail());
    s.send("\r");
    s.send("\r");
    assert!(s.wait_for("Some"), "lesson never shown: {:?}", s.tail());

    let cli = {
        let (curriculum, progress) = (curriculum.clone(), progress.clone());
        thread::spawn(move || {
            for step in [2, 3] {
                for l in 1..=30 {
                    run(&curriculum, &progress, "done", &format!("s{step}/l{l}"));
                }
            }
        })
    };
    // Meanwhile the app marks the first 20 lessons of step 1, one key press at a time.
    for _ in 0..20 {
        s.send("x]");
    }
    cli.join().expect("the CLI writer");
    s.send("q");
    assert!(s.child.wait().expect("waits").success(), "{:?}", s.tail());

    let v = read(&progress);
    for l in 1..=30 {
        assert_eq!(
            is_done(&v, "synthetic", &format!("s1/l{l}")),
            l <= 20,
            "s1/l{l}"
        );
        for step in [2, 3] {
            assert!(
                is_done(&v, "synthetic", &format!("s{step}/l{l}")),
                "s{step}/l{l}"
            );
        }
    }
}
