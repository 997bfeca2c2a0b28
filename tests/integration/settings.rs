//! Settings from flags, the environment and the config file; shell completion; the
//! version; the pass mark in the app and in `status`.

use std::fs;

use predicates::prelude::*;
use ratatui::crossterm::event::KeyCode;
use roadmap::summary::PassMark;
use serde_json::Value;

use crate::cli::Case;
use crate::support::{ch, key, model, press, screen_text};

/// `roadmap config --json` for `case` with extra environment variables and arguments.
fn config_json(case: &Case, env: &[(&str, &str)], args: &[&str]) -> Value {
    let mut cmd = case.cmd();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["config", "--json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A setting's value and source from `config --json`.
fn setting(v: &Value, name: &str) -> (Value, String) {
    let s = &v["settings"][name];
    (
        s["value"].clone(),
        s["source"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn config_path_prints_where_the_file_is() {
    let case = Case::new();
    case.cmd()
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout(format!("{}\n", case.config().display()));
    let other = case.dir.path().join("elsewhere.json");
    case.cmd()
        .args(["config", "--path", "--config"])
        .arg(&other)
        .assert()
        .success()
        .stdout(format!("{}\n", other.display()));
}

#[test]
fn without_a_file_everything_is_the_default() {
    let case = Case::new();
    let v = config_json(&case, &[], &[]);
    assert_eq!(v["file"], "missing");
    assert_eq!(setting(&v, "theme"), ("dark".into(), "default".into()));
    assert_eq!(setting(&v, "pass_mark"), (70.into(), "default".into()));
    assert_eq!(v["path"], case.config().display().to_string());
    let text = case.cmd().arg("config").output().expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("theme        dark"), "{text}");
    assert!(text.contains("(not there; defaults apply)"), "{text}");
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file() {
    let case = Case::new();
    let mine = case.dir.path().join("my-curriculum");
    fs::write(
        case.config(),
        r#"{"theme": "light", "pass_mark": 60, "curriculum": "my-curriculum"}"#,
    )
    .expect("write config");
    // The file alone. (The case's commands pass --curriculum, so use the plain one.)
    let plain = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = case.embedded();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["config", "--json"])
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")
    };
    let v = plain(&[], &[]);
    assert_eq!(v["file"], "loaded");
    assert_eq!(setting(&v, "theme"), ("light".into(), "file".into()));
    assert_eq!(setting(&v, "pass_mark"), (60.into(), "file".into()));
    assert_eq!(
        setting(&v, "curriculum"),
        (mine.display().to_string().into(), "file".into())
    );
    // The environment beats the file.
    let v = plain(
        &[
            ("ROADMAP_THEME", "high-contrast"),
            ("ROADMAP_PASS_MARK", "80"),
            ("ROADMAP_CURRICULUM", "/env/curriculum"),
        ],
        &[],
    );
    assert_eq!(setting(&v, "theme"), ("high-contrast".into(), "env".into()));
    assert_eq!(setting(&v, "pass_mark"), (80.into(), "env".into()));
    assert_eq!(
        setting(&v, "curriculum"),
        ("/env/curriculum".into(), "env".into())
    );
    // A flag beats both, before or after the command name.
    let v = plain(
        &[
            ("ROADMAP_THEME", "high-contrast"),
            ("ROADMAP_PASS_MARK", "80"),
        ],
        &[
            "--theme",
            "dark",
            "--pass-mark",
            "90",
            "--curriculum",
            "/flag",
        ],
    );
    assert_eq!(setting(&v, "theme"), ("dark".into(), "flag".into()));
    assert_eq!(setting(&v, "pass_mark"), (90.into(), "flag".into()));
    assert_eq!(setting(&v, "curriculum"), ("/flag".into(), "flag".into()));
}

#[test]
fn the_config_files_curriculum_is_used_by_commands() {
    let case = Case::new();
    fs::write(
        case.config(),
        format!(
            "{{\"curriculum\": {}}}",
            serde_json::to_string(&crate::support::fixture_dir()).expect("path")
        ),
    )
    .expect("write config");
    case.embedded()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("basics/values"));
}

#[test]
fn a_malformed_config_is_reported_with_its_line_ignored_and_left_alone() {
    let cases = [
        ("{\n  \"theme\": \"dark\",\n}\n", ":3:1: trailing comma"),
        (
            "{\n  \"theme\": \"purple\"\n}\n",
            ":2:19: unknown variant `purple`",
        ),
        (
            "{\n  \"theme\": \"light\",\n  \"pass_mark\": 0\n}\n",
            ":3:16: the pass mark is a percent from 1 to 100, not 0",
        ),
        (
            "{\n  \"pass_mark\": \"70\"\n}\n",
            ":2:19: invalid type: string",
        ),
        ("not json", ":1:2: expected ident"),
    ];
    for (text, message) in cases {
        let case = Case::new();
        fs::write(case.config(), text).expect("write config");
        let out = case
            .cmd()
            .args(["status", "--json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{text:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = format!("warning: {}{message}", case.config().display());
        assert!(err.contains(&expected), "{text:?}: {err}");
        assert!(err.contains("default settings are used"), "{err}");
        let v = config_json(&case, &[], &[]);
        assert_eq!(v["file"], "invalid");
        assert_eq!(setting(&v, "theme"), ("dark".into(), "default".into()));
        assert_eq!(setting(&v, "pass_mark"), (70.into(), "default".into()));
        assert_eq!(
            fs::read_to_string(case.config()).expect("still there"),
            text
        );
    }
}

#[test]
fn unknown_keys_are_warned_about_and_the_rest_is_used() {
    let case = Case::new();
    let text = "{\"theme\": \"light\", \"colour\": \"red\"}";
    fs::write(case.config(), text).expect("write config");
    let out = case
        .cmd()
        .args(["config", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown key `colour` ignored"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(setting(&v, "theme"), ("light".into(), "file".into()));
    assert_eq!(
        fs::read_to_string(case.config()).expect("still there"),
        text
    );
}

#[test]
fn bad_values_on_the_command_line_or_in_the_environment_are_usage_errors() {
    let case = Case::new();
    case.cmd()
        .args(["status", "--theme", "purple"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("high-contrast"));
    case.cmd()
        .env("ROADMAP_PASS_MARK", "101")
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from 1 to 100"));
}

#[test]
fn the_pass_mark_decides_what_passes_in_the_app_and_in_status() {
    // One right answer of two: 50%.
    let finish = |pass: u32| {
        let mut m = model(80, 24);
        m.pass_mark = PassMark::new(pass).expect("valid");
        press(
            &mut m,
            [key(KeyCode::Enter), key(KeyCode::End), key(KeyCode::Enter)],
        );
        press(&mut m, [ch('2'), key(KeyCode::Enter), key(KeyCode::Enter)]);
        press(&mut m, [ch('1'), key(KeyCode::Enter), key(KeyCode::Enter)]);
        m
    };
    let strict = screen_text(&finish(70));
    assert!(
        strict.contains("not passed yet (pass mark 70%)"),
        "{strict}"
    );
    let m = finish(50);
    assert!(screen_text(&m).contains("✓ passed"));

    let case = Case::new();
    fs::write(
        case.progress(),
        serde_json::to_string(&m.progress).expect("progress JSON"),
    )
    .expect("write progress");
    let passed = |args: &[&str]| {
        let out = case
            .cmd()
            .args(["status", "--json"])
            .args(args)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["steps"][0]["quiz"]["passed"].clone()
    };
    assert_eq!(passed(&[]), false);
    assert_eq!(passed(&["--pass-mark", "50"]), true);
    fs::write(case.config(), r#"{"pass_mark": 50}"#).expect("write config");
    assert_eq!(passed(&[]), true);
}

#[test]
fn the_version_names_the_commit() {
    let out = Case::new().cmd().arg("--version").output().expect("runs");
    let version = String::from_utf8_lossy(&out.stdout);
    assert!(
        version.starts_with(&format!("roadmap {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|h| h.status.success());
    if let Some(head) = head {
        let head = String::from_utf8_lossy(&head.stdout);
        assert!(version.contains(&format!("({})", head.trim())), "{version}");
    }
}

/// Whether `program` can be run.
fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completion_scripts_are_valid_for_their_shell() {
    let case = Case::new();
    let dir = case.dir.path();
    // The shell that checks each script's syntax without running it, if installed.
    let checks: [(&str, &str, &[&str]); 4] = [
        ("bash", "bash", &["-n"]),
        ("zsh", "zsh", &["-n"]),
        ("fish", "fish", &["--no-execute"]),
        (
            "powershell",
            "pwsh",
            &[
                "-NoProfile",
                "-Command",
                // The path is appended to the command: `& { … } PATH`.
                "& { param($p) $null = [ScriptBlock]::Create((Get-Content -Raw $p)) }",
            ],
        ),
    ];
    for (shell, checker, args) in checks {
        let out = case
            .cmd()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(
            script.contains("validate") && script.contains("config"),
            "{shell}"
        );
        let path = dir.join(format!("roadmap.{shell}"));
        fs::write(&path, &script).expect("write script");
        if have(checker) {
            let check = std::process::Command::new(checker)
                .args(args)
                .arg(&path)
                .output()
                .expect("runs the shell");
            assert!(
                check.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&check.stderr)
            );
        } else {
            assert!(shell != "bash", "bash is needed to check the bash script");
        }
    }
}

#[test]
fn ids_complete_through_the_binary() {
    let case = Case::new();
    // The engine's protocol, as the registered shell functions call it.
    let complete = |shell: &str, words: &[&str]| {
        let out = case
            .embedded()
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("ROADMAP_CURRICULUM", crate::support::fixture_dir())
            .arg("--")
            .args(words)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let fish = complete("fish", &["roadmap", "show", "basics/"]);
    assert_eq!(
        fish,
        "basics/values\tValues and Types\nbasics/functions\tFunctions\n"
    );
    let bash = complete("bash", &["roadmap", "done", "ba"]);
    assert!(bash.starts_with("basics\n"), "{bash}");
    assert!(bash.contains("basics/values"), "{bash}");
    assert!(!bash.contains("web"), "{bash}");
}

#[test]
fn bash_completes_ids_end_to_end() {
    if !have("bash") {
        return;
    }
    let case = Case::new();
    let script = format!(
        r#"source <(COMPLETE=bash '{bin}')
COMP_WORDS=(roadmap show basics/v); COMP_CWORD=2; COMP_TYPE=9
_clap_complete_roadmap roadmap basics/v roadmap
printf '%s\n' "${{COMPREPLY[@]}}""#,
        bin = env!("CARGO_BIN_EXE_roadmap")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("ROADMAP_CURRICULUM", crate::support::fixture_dir())
        .env("ROADMAP_CONFIG", case.config())
        .output()
        .expect("runs bash");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "basics/values\n");
}
