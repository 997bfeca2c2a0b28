//! The Git lab: a practice repository in a sandbox folder, made from the lab's setup steps,
//! where the learner runs real git commands; tasks are checked by asking `git` about the
//! repository. Nothing runs through a shell, and nothing outside the sandbox is touched.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

use thiserror::Error;

use super::sql::Verdict;
use crate::curriculum::LabTask;

/// What can go wrong in a Git lab.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum GitError {
    /// `git` is not installed.
    #[error(
        "git is not installed (or not on PATH); install it from https://git-scm.com to do this lab"
    )]
    Missing,
    /// A setup or prepare step is malformed (a curriculum problem).
    #[error("lab step `{0}` is not understood")]
    BadStep(String),
    /// A git command of the setup failed.
    #[error("`git {args}` failed: {message}")]
    Command {
        /// The arguments.
        args: String,
        /// What git said.
        message: String,
    },
    /// File system trouble in the sandbox.
    #[error("the practice repository at `{path}` could not be prepared: {message}")]
    Sandbox {
        /// The sandbox.
        path: String,
        /// Why.
        message: String,
    },
}

/// A practice repository.
#[derive(Debug, Clone)]
pub struct GitLab {
    dir: PathBuf,
    setup: String,
}

impl GitLab {
    /// The lab's repository in `dir` (which belongs to the lab: a reset deletes it).
    pub fn new(dir: PathBuf, setup: &str) -> Self {
        Self {
            dir,
            setup: setup.to_string(),
        }
    }

    /// Where the learner works.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the repository unless it exists (the learner's work is kept).
    pub fn ensure(&self) -> Result<(), GitError> {
        if self.dir.join(".git").is_dir() {
            return Ok(());
        }
        self.create()
    }

    /// Deletes the sandbox and makes the repository again from the setup.
    pub fn reset(&self) -> Result<(), GitError> {
        if self.dir.exists() {
            fs::remove_dir_all(&self.dir).map_err(|e| self.sandbox_error(e))?;
        }
        self.create()
    }

    fn sandbox_error(&self, e: impl std::fmt::Display) -> GitError {
        GitError::Sandbox {
            path: self.dir.display().to_string(),
            message: e.to_string(),
        }
    }

    fn create(&self) -> Result<(), GitError> {
        fs::create_dir_all(&self.dir).map_err(|e| self.sandbox_error(e))?;
        self.git_ok(&["init", "-q", "-b", "main"])?;
        self.git_ok(&["config", "user.name", "Roadmap Learner"])?;
        self.git_ok(&["config", "user.email", "learner@example.com"])?;
        self.git_ok(&["config", "commit.gpgsign", "false"])?;
        self.run_steps(&self.setup)
    }

    /// Runs git in the sandbox with a clean environment: no `GIT_*` variables, no system or
    /// global config (so no hooks or aliases of the learner's run here), no prompts.
    fn git(&self, args: &[&str]) -> Result<Output, GitError> {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(&self.dir);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GIT_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true");
        cmd.output().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => self.sandbox_error(e),
        })
    }

    fn git_ok(&self, args: &[&str]) -> Result<String, GitError> {
        let out = self.git(args)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(GitError::Command {
                args: args.join(" "),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            })
        }
    }

    /// Checks the grammar of steps without running them (for `roadmap validate`: a task's
    /// preparation depends on what the learner did before it).
    pub fn check_steps(steps: &str) -> Result<(), GitError> {
        let mut lines = steps.lines();
        while let Some(line) = lines.next() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with("prepared-if ") {
                continue;
            }
            if let Some(path) = line.strip_prefix("file ") {
                safe_path(path).ok_or_else(|| GitError::BadStep(line.into()))?;
                if !lines.by_ref().any(|l| l == "---") {
                    return Err(GitError::BadStep(format!("{line} (no closing `---`)")));
                }
            } else if let Some(rest) = line.strip_prefix("git ") {
                shell_words::split(rest).map_err(|_| GitError::BadStep(line.into()))?;
            } else {
                return Err(GitError::BadStep(line.into()));
            }
        }
        Ok(())
    }

    /// Runs `file <path>` … `---` and `git <args>` steps.
    fn run_steps(&self, steps: &str) -> Result<(), GitError> {
        let mut lines = steps.lines();
        while let Some(line) = lines.next() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with("prepared-if ") {
                continue;
            }
            if let Some(path) = line.strip_prefix("file ") {
                let rel = safe_path(path).ok_or_else(|| GitError::BadStep(line.into()))?;
                let mut content = String::new();
                for l in lines.by_ref() {
                    if l == "---" {
                        break;
                    }
                    content.push_str(l);
                    content.push('\n');
                }
                let full = self.dir.join(rel);
                if let Some(parent) = full.parent() {
                    fs::create_dir_all(parent).map_err(|e| self.sandbox_error(e))?;
                }
                fs::write(&full, content).map_err(|e| self.sandbox_error(e))?;
            } else if let Some(rest) = line.strip_prefix("git ") {
                let args = shell_words::split(rest).map_err(|_| GitError::BadStep(line.into()))?;
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                self.git_ok(&args)?;
            } else {
                return Err(GitError::BadStep(line.into()));
            }
        }
        Ok(())
    }

    /// Prepares `task` (its `git prepare` steps) unless its `prepared-if` condition holds.
    pub fn prepare(&self, task: &LabTask) -> Result<(), GitError> {
        let Some(steps) = &task.prepare else {
            return Ok(());
        };
        if let Some(first) = steps.lines().next()
            && let Some(cond) = first.trim().strip_prefix("prepared-if ")
            && self.assert(cond)?.is_none()
        {
            return Ok(());
        }
        self.run_steps(steps)
    }

    /// Checks `task` against the repository as it is.
    pub fn check(&self, task: &LabTask) -> Result<Verdict, GitError> {
        for line in task.check.as_deref().unwrap_or_default().lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(why) = self.assert(line)? {
                return Ok(Verdict::NotYet(why));
            }
        }
        Ok(Verdict::Solved)
    }

    /// Evaluates one assertion: `None` when it holds, else why not.
    pub fn assert(&self, line: &str) -> Result<Option<String>, GitError> {
        let words = shell_words::split(line).map_err(|_| GitError::BadStep(line.into()))?;
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let ok = |cond: bool, why: String| Ok(if cond { None } else { Some(why) });
        let has_head = self
            .git(&["rev-parse", "--verify", "-q", "HEAD"])?
            .status
            .success();
        match w.as_slice() {
            ["commits", ">=", n] => {
                let want: usize = n.parse().map_err(|_| GitError::BadStep(line.into()))?;
                let count = if has_head {
                    self.git_ok(&["rev-list", "--count", "HEAD"])?
                        .trim()
                        .parse()
                        .unwrap_or(0)
                } else {
                    0
                };
                ok(
                    count >= want,
                    format!("the branch has {count} commit(s); {want} expected"),
                )
            }
            ["committed", path] => ok(
                has_head && self.in_head(path)?,
                format!("`{path}` is not in the last commit yet"),
            ),
            ["not-committed", path] => ok(
                !has_head || !self.in_head(path)?,
                format!("`{path}` is committed, but it should be kept out"),
            ),
            ["ignored", path] => ok(
                self.git(&["check-ignore", "-q", path])?.status.success(),
                format!("git does not ignore `{path}` yet"),
            ),
            ["branch", name] => ok(
                self.ref_exists(&format!("refs/heads/{name}"))?,
                format!("there is no branch `{name}`"),
            ),
            ["current-branch", name] => {
                let cur = self
                    .git_ok(&["symbolic-ref", "--short", "-q", "HEAD"])
                    .unwrap_or_default();
                ok(
                    cur.trim() == *name,
                    format!("you are on `{}`, not `{name}`", cur.trim()),
                )
            }
            ["ahead", branch, base] => {
                let n = self
                    .git_ok(&["rev-list", "--count", &format!("{base}..{branch}")])
                    .map(|s| s.trim().parse::<usize>().unwrap_or(0))
                    .unwrap_or(0);
                ok(
                    n > 0,
                    format!("`{branch}` has no commit that `{base}` lacks"),
                )
            }
            ["ancestor", a, b] => ok(
                self.git(&["merge-base", "--is-ancestor", a, b])?
                    .status
                    .success(),
                format!("`{a}` is not part of `{b}`'s history yet"),
            ),
            ["merge-commit", branch] => {
                let n = self
                    .git_ok(&["rev-list", "--min-parents=2", "--count", branch])
                    .map(|s| s.trim().parse::<usize>().unwrap_or(0))
                    .unwrap_or(0);
                ok(n > 0, format!("`{branch}` has no merge commit"))
            }
            ["no-merge-commits", branch, base] => {
                let n = self
                    .git_ok(&[
                        "rev-list",
                        "--min-parents=2",
                        "--count",
                        &format!("{base}..{branch}"),
                    ])
                    .map(|s| s.trim().parse::<usize>().unwrap_or(0))
                    .unwrap_or(0);
                ok(
                    n == 0,
                    format!("`{branch}` contains a merge commit; rebase instead of merging"),
                )
            }
            ["file-contains", path, text @ ..] => {
                let body = self.head_file(path)?;
                let text = text.join(" ");
                ok(
                    body.contains(&text),
                    format!("the committed `{path}` doesn't contain \"{text}\""),
                )
            }
            ["file-lacks", path, text @ ..] => {
                let body = self.head_file(path)?;
                let text = text.join(" ");
                ok(
                    !body.contains(&text),
                    format!("the committed `{path}` still contains \"{text}\""),
                )
            }
            ["message-contains", text @ ..] => {
                let text = text.join(" ");
                let log = if has_head {
                    self.git_ok(&["log", "--format=%B"])?
                } else {
                    String::new()
                };
                ok(
                    log.contains(&text),
                    format!("no commit message contains \"{text}\""),
                )
            }
            ["tag", name] => ok(
                self.ref_exists(&format!("refs/tags/{name}"))?,
                format!("there is no tag `{name}`"),
            ),
            ["clean"] => {
                let status = self.git_ok(&["status", "--porcelain"])?;
                ok(
                    status.trim().is_empty(),
                    "there are uncommitted changes (see `git status`)".into(),
                )
            }
            _ => Err(GitError::BadStep(line.into())),
        }
    }

    fn ref_exists(&self, name: &str) -> Result<bool, GitError> {
        Ok(self
            .git(&["show-ref", "--verify", "-q", name])?
            .status
            .success())
    }

    fn in_head(&self, path: &str) -> Result<bool, GitError> {
        let out = self.git(&["ls-tree", "--name-only", "HEAD", "--", path])?;
        Ok(out.status.success() && !out.stdout.is_empty())
    }

    fn head_file(&self, path: &str) -> Result<String, GitError> {
        let out = self.git(&["show", &format!("HEAD:{path}")])?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// `path` if it is relative and stays inside the sandbox.
fn safe_path(path: &str) -> Option<PathBuf> {
    let p = Path::new(path.trim());
    (!path.trim().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_))))
        .then(|| p.to_path_buf())
}

/// Whether `git` can be run here.
pub fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETUP: &str = "file README.md\n# Shelf\n---\nfile secrets.env\nTOKEN=x\n---\n";

    fn task(check: &str) -> LabTask {
        LabTask {
            id: "t".into(),
            check: Some(check.into()),
            ..LabTask::default()
        }
    }

    fn lab() -> (tempfile::TempDir, GitLab) {
        let dir = tempfile::tempdir().expect("tempdir");
        let lab = GitLab::new(dir.path().join("repo"), SETUP);
        lab.ensure().expect("creates");
        (dir, lab)
    }

    fn git(lab: &GitLab, args: &[&str]) {
        lab.git_ok(args).expect("git");
    }

    #[test]
    fn a_first_commit_and_an_ignore_file_are_checked() {
        if !git_available() {
            return;
        }
        let (_d, lab) = lab();
        let first = task("commits >= 1\ncommitted README.md\nnot-committed secrets.env");
        assert!(matches!(lab.check(&first), Ok(Verdict::NotYet(m)) if m.contains("0 commit")));
        fs::write(lab.dir().join(".gitignore"), "secrets.env\n").expect("write");
        git(&lab, &["add", "README.md", ".gitignore"]);
        git(&lab, &["commit", "-q", "-m", "first"]);
        assert_eq!(lab.check(&first), Ok(Verdict::Solved));
        assert_eq!(
            lab.check(&task("ignored secrets.env\nclean")),
            Ok(Verdict::Solved)
        );
    }

    #[test]
    fn branches_merges_reverts_and_tags_are_checked() {
        if !git_available() {
            return;
        }
        let (_d, lab) = lab();
        git(&lab, &["add", "README.md"]);
        git(&lab, &["commit", "-q", "-m", "first"]);
        let branch = task("branch feature\nahead feature main");
        assert!(matches!(lab.check(&branch), Ok(Verdict::NotYet(_))));
        git(&lab, &["switch", "-q", "-c", "feature"]);
        fs::write(lab.dir().join("a.txt"), "a\n").expect("write");
        git(&lab, &["add", "a.txt"]);
        git(&lab, &["commit", "-q", "-m", "add a"]);
        assert_eq!(lab.check(&branch), Ok(Verdict::Solved));
        let merged = task("ancestor feature main\nfile-contains a.txt a");
        git(&lab, &["switch", "-q", "main"]);
        assert!(matches!(lab.check(&merged), Ok(Verdict::NotYet(m)) if m.contains("history")));
        git(&lab, &["merge", "-q", "--ff-only", "feature"]);
        assert_eq!(lab.check(&merged), Ok(Verdict::Solved));
        assert!(matches!(
            lab.check(&task("merge-commit main")),
            Ok(Verdict::NotYet(_))
        ));
        git(&lab, &["revert", "--no-edit", "HEAD"]);
        assert_eq!(
            lab.check(&task("message-contains This reverts commit")),
            Ok(Verdict::Solved)
        );
        git(&lab, &["tag", "v1.0"]);
        assert_eq!(
            lab.check(&task("tag v1.0\ncurrent-branch main")),
            Ok(Verdict::Solved)
        );
    }

    #[test]
    fn prepare_steps_run_once_and_reset_starts_over() {
        if !git_available() {
            return;
        }
        let (_d, lab) = lab();
        git(&lab, &["add", "README.md"]);
        git(&lab, &["commit", "-q", "-m", "first"]);
        let mut t = task("branch colors");
        t.prepare = Some(
            "prepared-if branch colors\ngit switch -q -c colors\nfile c.txt\nred\n---\ngit add c.txt\ngit commit -q -m \"Colours\"\ngit switch -q main\n"
                .into(),
        );
        lab.prepare(&t).expect("prepares");
        lab.prepare(&t).expect("skips the second time");
        assert_eq!(
            lab.git_ok(&["rev-list", "--count", "colors"])
                .expect("count")
                .trim(),
            "2"
        );
        lab.reset().expect("resets");
        assert!(matches!(
            lab.check(&task("commits >= 1")),
            Ok(Verdict::NotYet(_))
        ));
    }

    #[test]
    fn steps_cannot_write_outside_the_sandbox() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lab = GitLab::new(dir.path().join("repo"), "file ../escape.txt\nx\n---\n");
        if git_available() {
            assert!(matches!(lab.ensure(), Err(GitError::BadStep(_))));
        }
        assert!(!dir.path().join("escape.txt").exists());
        assert_eq!(safe_path("/etc/passwd"), None);
        assert_eq!(safe_path("a/../../b"), None);
        assert!(safe_path("src/app.py").is_some());
    }
}
