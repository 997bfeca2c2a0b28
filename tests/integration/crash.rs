//! Crash safety: real `roadmap done`/`undone` processes killed with SIGKILL at random
//! moments. After every kill the progress file parses, and every change a process reported
//! as saved (it exited 0) is still there. `ROADMAP_KILLS` raises the number of kills
//! (200 by default), `ROADMAP_SEED` repeats a run.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use serde_json::Value;

use crate::pty::Session;
use crate::support::{Rng, env_count, is_done, synthetic_curriculum};

/// `roadmap` with the curriculum in `curriculum` and the progress file `progress`.
fn roadmap(curriculum: &Path, progress: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.env_remove("ROADMAP_CURRICULUM")
        .env_remove("ROADMAP_FAULT")
        .env_remove("ROADMAP_NOW")
        .env("ROADMAP_PROGRESS_FILE", progress)
        .arg("--curriculum")
        .arg(curriculum)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// The progress file as JSON, `Null` when there is none yet; panics if it doesn't parse.
fn read_progress(path: &Path) -> Value {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "the progress file does not parse ({e}): {:?}",
                String::from_utf8_lossy(&bytes)
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Value::Null,
        Err(e) => panic!("cannot read the progress file: {e}"),
    }
}

fn temp_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count()
}

#[test]
fn sigkill_at_random_moments_never_loses_a_saved_change_or_corrupts_the_file() {
    let target = env_count("ROADMAP_KILLS", 200);
    let mut rng = Rng::from_env(0x5eed_c0de);
    let dir = tempfile::tempdir().expect("tempdir");
    let curriculum = dir.path().join("curriculum");
    fs::create_dir(&curriculum).expect("mkdir");
    let ids = synthetic_curriculum(&curriculum, 2, 8);
    let data = dir.path().join("data");
    let progress = data.join("progress.json");

    // How long an uninterrupted run takes here, so kills spread over a whole run.
    let started = Instant::now();
    for id in &ids[..3] {
        let status = roadmap(&curriculum, &progress)
            .args(["done", id])
            .status()
            .expect("runs");
        assert!(status.success());
    }
    let run_micros = (started.elapsed().as_micros() / 3).max(1000) as u64;
    let mut expected: BTreeMap<String, bool> = ids.iter().map(|id| (id.clone(), false)).collect();
    for id in &ids[..3] {
        expected.insert(id.clone(), true);
    }

    let (mut kills, mut finished, mut runs) = (0usize, 0usize, 0usize);
    let (mut mid_save, mut saved_then_killed) = (0usize, 0usize);
    let began = Instant::now();
    while kills < target {
        runs += 1;
        assert!(
            runs < target * 20,
            "only {kills} of {runs} runs were killed; the delays are too long"
        );
        let id = &ids[rng.below(ids.len() as u64) as usize];
        let done = rng.below(2) == 0;
        let mut child = roadmap(&curriculum, &progress)
            .args([if done { "done" } else { "undone" }, id])
            .spawn()
            .expect("spawns");
        let pid = child.id();
        // Delays from 0 to 1.25 runs: some kills land early, some mid-save, some too late.
        thread::sleep(Duration::from_micros(rng.below(run_micros * 5 / 4)));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        let on_disk = read_progress(&progress);
        if status.signal() == Some(9) {
            kills += 1;
            if data.join(format!("progress.json.tmp-{pid}")).exists() {
                mid_save += 1;
            }
            // Killed: the change may or may not have been saved, nothing else may differ.
            let now = is_done(&on_disk, "synthetic", id);
            assert!(
                now == expected[id] || now == done,
                "run {runs}: {id} is neither its old nor its new state"
            );
            if now != expected[id] {
                saved_then_killed += 1;
            }
            expected.insert(id.clone(), now);
        } else {
            assert!(status.success(), "run {runs}: {status}");
            finished += 1;
            expected.insert(id.clone(), done);
        }
        for (lesson, want) in &expected {
            assert_eq!(
                is_done(&on_disk, "synthetic", lesson),
                *want,
                "run {runs}: {lesson} lost its saved state"
            );
        }
        // Now and then a run that isn't killed: what the kills left never gets in its way.
        if runs % 10 == 0 {
            let id = &ids[rng.below(ids.len() as u64) as usize];
            let want = !expected[id];
            let status = roadmap(&curriculum, &progress)
                .args([if want { "done" } else { "undone" }, id])
                .status()
                .expect("runs");
            assert!(status.success(), "a run after kills failed: {status}");
            expected.insert(id.clone(), want);
        }
    }
    // A last save cleans up the temp files killed saves left.
    let last = &ids[0];
    let want = !expected[last];
    let status = roadmap(&curriculum, &progress)
        .args([if want { "done" } else { "undone" }, last])
        .status()
        .expect("runs");
    assert!(status.success());
    assert_eq!(temp_files(&data), 0, "stale temp files are removed");
    eprintln!(
        "crash: {kills} kills survived ({mid_save} in the middle of writing the file, \
         {saved_then_killed} after the change was saved), {finished} runs finished before \
         the kill, {runs} runs in {:.1}s",
        began.elapsed().as_secs_f64()
    );
}

#[test]
fn sigkill_while_the_app_saves_leaves_a_file_that_parses() {
    let mut rng = Rng::from_env(0xa99_c0de);
    let dir = tempfile::tempdir().expect("tempdir");
    let curriculum = dir.path().join("curriculum");
    fs::create_dir(&curriculum).expect("mkdir");
    let ids = synthetic_curriculum(&curriculum, 1, 40);
    let progress = dir.path().join("progress.json");
    for round in 0..3 {
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
        // A burst of marks (each a save), killed somewhere in the middle.
        s.type_now(&"x]".repeat(30));
        thread::sleep(Duration::from_millis(rng.below(300)));
        s.child.kill().expect("SIGKILL");
        let _ = s.child.wait();
        let v = read_progress(&progress);
        let done = ids.iter().filter(|id| is_done(&v, "synthetic", id)).count();
        eprintln!("crash: the app killed in round {round} had saved {done} lessons");
        let status = roadmap(&curriculum, &progress)
            .args(["done", &ids[39]])
            .status()
            .expect("runs");
        assert!(status.success(), "a run after the kill");
        assert!(is_done(&read_progress(&progress), "synthetic", &ids[39]));
        assert_eq!(temp_files(dir.path()), 0);
        // Start the next round from nothing done.
        let status = roadmap(&curriculum, &progress)
            .args(["undone", "s1"])
            .status()
            .expect("runs");
        assert!(status.success());
    }
}
