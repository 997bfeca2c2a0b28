//! The learner's notes: plain markdown files beside the progress file, one per lesson
//! (`notes/<roadmap-id>/<step-id>/<lesson-id>.md`), written in the learner's own editor.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

use crate::curriculum::is_valid_id;

/// Editors tried, in order, when neither `$VISUAL` nor `$EDITOR` is set.
const FALLBACK_EDITORS: [&str; 4] = ["nano", "vim", "vi", "emacs"];

/// What can go wrong around notes.
#[derive(Debug, Error)]
pub enum NotesError {
    /// No editor is configured and none of the usual ones is installed.
    #[error(
        "no editor found: set $VISUAL or $EDITOR (for example `export EDITOR=nano`); your notes are unchanged"
    )]
    NoEditor,
    /// `$VISUAL`/`$EDITOR` could not be split into words.
    #[error("cannot understand the editor command `{command}`: {cause}")]
    BadCommand {
        /// The command as set.
        command: String,
        /// Why.
        cause: String,
    },
    /// The editor could not be started or failed.
    #[error("the editor `{program}` failed: {cause}")]
    Editor {
        /// The program.
        program: String,
        /// Why.
        cause: String,
    },
    /// Reading or writing a notes file failed.
    #[error("failed to use notes file `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A lesson id that can't name a notes file (from an imported file).
    #[error("`{0}` is not a lesson id")]
    BadId(String),
}

/// The notes of one roadmap.
#[derive(Clone, Debug)]
pub struct Notes {
    dir: PathBuf,
}

impl Notes {
    /// The notes of roadmap `roadmap_id`, kept beside the progress file at `progress`.
    pub fn new(progress: &Path, roadmap_id: &str) -> Self {
        let base = progress.parent().unwrap_or(Path::new("."));
        Self {
            dir: base.join("notes").join(roadmap_id),
        }
    }

    /// The file holding the notes of lesson `id` (`step/lesson`); `None` for an id that
    /// isn't two valid parts, so no id can form a path outside the notes folder.
    pub fn path(&self, id: &str) -> Option<PathBuf> {
        let (step, lesson) = id.split_once('/')?;
        (is_valid_id(step) && is_valid_id(lesson))
            .then(|| self.dir.join(step).join(format!("{lesson}.md")))
    }

    /// Every lesson with notes, with the text.
    pub fn all(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Ok(steps) = fs::read_dir(&self.dir) else {
            return out;
        };
        for step in steps.filter_map(Result::ok) {
            let step_name = step.file_name().to_string_lossy().into_owned();
            let Ok(files) = fs::read_dir(step.path()) else {
                continue;
            };
            for file in files.filter_map(Result::ok) {
                let name = file.file_name().to_string_lossy().into_owned();
                let Some(lesson) = name.strip_suffix(".md") else {
                    continue;
                };
                let id = format!("{step_name}/{lesson}");
                if self.path(&id).is_none() {
                    continue;
                }
                if let Ok(text) = fs::read_to_string(file.path())
                    && !text.trim().is_empty()
                {
                    out.insert(id, text);
                }
            }
        }
        out
    }

    /// The notes of lesson `id`, if it has any.
    pub fn read(&self, id: &str) -> Result<Option<String>, NotesError> {
        let path = self.path(id).ok_or_else(|| NotesError::BadId(id.into()))?;
        match fs::read_to_string(&path) {
            Ok(t) if t.trim().is_empty() => Ok(None),
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(NotesError::Io { path, source }),
        }
    }

    /// Replaces the notes of lesson `id` (through a temp file, flushed to disk, and a
    /// rename), so a crash leaves the old notes or the new ones, never an empty file.
    pub fn write(&self, id: &str, text: &str) -> Result<(), NotesError> {
        let path = self.path(id).ok_or_else(|| NotesError::BadId(id.into()))?;
        let io = |source| NotesError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension(format!("md.tmp-{}", std::process::id()));
        let written = fs::File::create(&tmp).and_then(|mut f| {
            std::io::Write::write_all(&mut f, text.as_bytes())?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| fs::rename(&tmp, &path)) {
            let _ = fs::remove_file(&tmp);
            return Err(io(e));
        }
        Ok(())
    }

    /// Opens the notes of lesson `id` (titled `title`) in the learner's editor and waits for
    /// it. Returns whether the lesson has notes afterwards. The caller suspends the UI.
    pub fn edit(&self, id: &str, title: &str, editor: &[String]) -> Result<bool, NotesError> {
        let path = self.path(id).ok_or_else(|| NotesError::BadId(id.into()))?;
        let template = format!("# Notes: {title}\n\n");
        let existed = self.read(id)?.is_some();
        if !existed {
            self.write(id, &template)?;
        }
        let (program, args) = editor.split_first().ok_or(NotesError::NoEditor)?;
        let status = Command::new(program)
            .args(args)
            .arg(&path)
            .status()
            .map_err(|e| NotesError::Editor {
                program: program.clone(),
                cause: e.to_string(),
            })?;
        let text = self.read(id)?.unwrap_or_default();
        // An untouched template is not a note: remove it so the lesson shows no mark.
        if text == template {
            let _ = fs::remove_file(&path);
        }
        if !status.success() {
            return Err(NotesError::Editor {
                program: program.clone(),
                cause: format!("it exited with {status}"),
            });
        }
        Ok(!text.trim().is_empty() && text != template)
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR` (split into words like a shell would,
/// but run without one), else the first of nano, vim, vi or emacs on `PATH`.
pub fn editor_command() -> Result<Vec<String>, NotesError> {
    for var in ["VISUAL", "EDITOR"] {
        let Ok(value) = std::env::var(var) else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        let words = shell_words::split(&value).map_err(|e| NotesError::BadCommand {
            command: value.clone(),
            cause: e.to_string(),
        })?;
        if !words.is_empty() {
            return Ok(words);
        }
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    FALLBACK_EDITORS
        .iter()
        .find(|name| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
        .map(|name| vec![(*name).to_string()])
        .ok_or(NotesError::NoEditor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> (tempfile::TempDir, Notes) {
        let dir = tempfile::tempdir().expect("tempdir");
        let notes = Notes::new(&dir.path().join("progress.json"), "backend");
        (dir, notes)
    }

    #[test]
    fn notes_live_beside_the_progress_file_and_ids_never_escape() {
        let (dir, notes) = notes();
        assert_eq!(
            notes.path("databases/joins"),
            Some(dir.path().join("notes/backend/databases/joins.md"))
        );
        for bad in ["../x", "a/../../b", "a/b/c", "noslash", "A/b", "a/"] {
            assert_eq!(notes.path(bad), None, "{bad}");
        }
        assert!(matches!(
            notes.write("../etc", "x"),
            Err(NotesError::BadId(_))
        ));
    }

    #[test]
    fn write_read_and_list() {
        let (_dir, notes) = notes();
        assert_eq!(notes.read("s/a").expect("reads"), None);
        notes
            .write("s/a", "# Notes\n\nremember this\n")
            .expect("writes");
        notes.write("t/b", "  \n").expect("writes");
        assert!(
            notes
                .read("s/a")
                .expect("reads")
                .is_some_and(|t| t.contains("remember"))
        );
        let all = notes.all();
        assert_eq!(
            all.keys().collect::<Vec<_>>(),
            ["s/a"],
            "blank notes don't count"
        );
    }

    /// An "editor" that runs `body` on the file (`$1`). Run through `sh` so the script is
    /// never executed while another test thread might hold it open for writing.
    #[cfg(unix)]
    fn fake_editor(dir: &Path, body: &str) -> Vec<String> {
        let script = dir.join(format!("editor-{}.sh", body.len()));
        fs::write(&script, format!("{body}\n")).expect("script");
        vec!["sh".to_string(), script.display().to_string()]
    }

    #[cfg(unix)]
    #[test]
    fn editing_with_a_fake_editor_keeps_what_it_wrote() {
        let (dir, notes) = notes();
        let editor = fake_editor(dir.path(), r#"echo "joins are like lookups" >> "$1""#);
        assert!(notes.edit("s/a", "Joins", &editor).expect("edits"));
        let text = notes.read("s/a").expect("reads").expect("has notes");
        assert_eq!(text, "# Notes: Joins\n\njoins are like lookups\n");
        // Editing again keeps the old text.
        assert!(notes.edit("s/a", "Joins", &editor).expect("edits"));
        let text = notes.read("s/a").expect("reads").expect("has notes");
        assert_eq!(text.matches("lookups").count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn an_untouched_template_leaves_no_notes_and_a_failing_editor_is_reported() {
        let (dir, notes) = notes();
        let editor = fake_editor(dir.path(), "true");
        assert!(!notes.edit("s/a", "Joins", &editor).expect("edits"));
        assert!(notes.path("s/a").is_some_and(|p| !p.exists()));
        let failing = fake_editor(dir.path(), "exit 3");
        assert!(matches!(
            notes.edit("s/a", "Joins", &failing),
            Err(NotesError::Editor { .. })
        ));
        let missing = vec!["/no/such/editor".to_string()];
        let err = notes.edit("s/a", "Joins", &missing).expect_err("fails");
        assert!(err.to_string().contains("/no/such/editor"), "{err}");
    }
}
