//! Crash safety: real `roadmap done`/`undone` processes, from two workers at once, killed
//! with SIGKILL at random moments, and the app killed in a terminal during a burst of
//! saves. After every kill the progress file parses, and every change a process reported
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

/// What one killing worker saw.
#[derive(Default)]
struct Tally {
    kills: usize,
    finished: usize,
    runs: usize,
    mid_save: usize,
    saved_then_killed: usize,
}

/// Runs `done`/`undone` on `ids` (this worker's own lessons, starting from `expected`) and
/// SIGKILLs the processes after a random delay until `target` were killed, checking the
/// file after each.
fn kill_worker(
    curriculum: &Path,
    progress: &Path,
    mut expected: BTreeMap<String, bool>,
    target: usize,
    run_micros: u64,
    mut rng: Rng,
) -> Tally {
    let data = progress.parent().expect("a folder");
    let ids: Vec<String> = expected.keys().cloned().collect();
    let mut t = Tally::default();
    while t.kills < target {
        t.runs += 1;
        assert!(
            t.runs < target * 20,
            "only {} of {} runs were killed; the delays are too long",
            t.kills,
            t.runs
        );
        let id = &ids[rng.below(ids.len() as u64) as usize];
        let done = rng.below(2) == 0;
        let mut child = roadmap(curriculum, progress)
            .args([if done { "done" } else { "undone" }, id])
            .spawn()
            .expect("spawns");
        let pid = child.id();
        // Delays from 0 to 1.25 runs: some kills land early, some mid-save, some too late.
        thread::sleep(Duration::from_micros(rng.below(run_micros * 5 / 4)));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        let on_disk = read_progress(progress);
        if status.signal() == Some(9) {
            t.kills += 1;
            if data.join(format!("progress.json.tmp-{pid}")).exists() {
                t.mid_save += 1;
            }
            // Killed: the change may or may not have been saved, nothing else may differ.
            let now = is_done(&on_disk, "synthetic", id);
            assert!(
                now == expected[id] || now == done,
                "run {}: {id} is neither its old nor its new state",
                t.runs
            );
            if now != expected[id] {
                t.saved_then_killed += 1;
            }
            expected.insert(id.clone(), now);
        } else {
            assert!(status.success(), "run {}: {status}", t.runs);
            t.finished += 1;
            expected.insert(id.clone(), done);
        }
        for (lesson, want) in &expected {
            assert_eq!(
                is_done(&on_disk, "synthetic", lesson),
                *want,
                "run {}: {lesson} lost its saved state",
                t.runs
            );
        }
        // Now and then a run that isn't killed: what the kills left never gets in its way.
        if t.runs % 10 == 0 {
            let id = &ids[rng.below(ids.len() as u64) as usize];
            let want = !expected[id];
            let status = roadmap(curriculum, progress)
                .args([if want { "done" } else { "undone" }, id])
                .status()
                .expect("runs");
            assert!(status.success(), "a run after kills failed: {status}");
            expected.insert(id.clone(), want);
        }
    }
    t
}

#[test]
fn sigkill_at_random_moments_never_loses_a_saved_change_or_corrupts_the_file() {
    // Two workers kill at once, each on its own step's lessons: kills land while the other
    // worker's processes hold the lock, read or write.
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

    let began = Instant::now();
    let workers: Vec<_> = (1..=2)
        .map(|step| {
            let expected: BTreeMap<String, bool> = ids
                .iter()
                .filter(|id| id.starts_with(&format!("s{step}/")))
                .map(|id| (id.clone(), ids[..3].contains(id)))
                .collect();
            let kills = target / 2 + target % 2 * (step - 1);
            let (curriculum, progress) = (curriculum.clone(), progress.clone());
            let rng = Rng::new(rng.next());
            thread::spawn(move || {
                kill_worker(&curriculum, &progress, expected, kills, run_micros, rng)
            })
        })
        .collect();
    let tallies: Vec<Tally> = workers
        .into_iter()
        .map(|w| w.join().expect("worker"))
        .collect();
    let sum = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>();

    // A last save (a change, so it saves) cleans up the temp files killed saves left.
    let last = &ids[15];
    let verb = if is_done(&read_progress(&progress), "synthetic", last) {
        "undone"
    } else {
        "done"
    };
    let status = roadmap(&curriculum, &progress)
        .args([verb, last])
        .status()
        .expect("runs");
    assert!(status.success());
    assert_eq!(temp_files(&data), 0, "stale temp files are removed");
    eprintln!(
        "crash: {} kills survived ({} in the middle of writing the file, {} after the change \
         was saved), {} runs finished before the kill, {} runs by 2 workers in {:.1}s",
        sum(|t| t.kills),
        sum(|t| t.mid_save),
        sum(|t| t.saved_then_killed),
        sum(|t| t.finished),
        sum(|t| t.runs),
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
