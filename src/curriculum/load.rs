//! Builds a [`Roadmap`] from a [`SourceTree`], checking its structure: titles, ids,
//! step folders and quizzes. Pure: the tree was read before.

use std::collections::BTreeMap;
use std::fmt;

use super::diagnostic::Diagnostic;
use super::ids::{is_valid_id, slugify, split_prefix};
use super::lab::parse_lab;
use super::model::{Lesson, LessonKind, Roadmap, Step};
use super::quiz::parse_quiz;
use super::source::SourceTree;
use crate::markdown::word_count;

/// A curriculum that can't be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The problems, in file order.
    pub problems: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A file's H1: its title and the `{#id}` if any.
struct Title {
    text: String,
    id: Option<String>,
}

/// Reads files of the tree, collecting problems as it goes.
struct Reader<'t> {
    tree: &'t SourceTree,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn report(&mut self, path: &str, line: usize, message: impl Into<String>) {
        let display = self.tree.display(path);
        self.problems.push(Diagnostic::new(display, line, message));
    }

    /// The text and title of the markdown file at `path`; `None` (reported) when it is
    /// missing, unreadable or has no H1.
    fn read(&mut self, path: &str) -> Option<(String, Title)> {
        let tree = self.tree;
        let Some(file) = tree.files.iter().find(|f| f.path == path) else {
            self.report(path, 0, "file is missing");
            return None;
        };
        let text = match file.text.as_ref()? {
            Ok(t) => t.to_string(),
            Err(p) => {
                self.report(path, p.line, p.message.clone());
                return None;
            }
        };
        match title(&text) {
            Ok(t) => Some((text, t)),
            Err((line, msg)) => {
                self.report(path, line, msg);
                None
            }
        }
    }
}

/// Loads and checks the structure of the roadmap in `tree`.
pub fn load(tree: &SourceTree) -> Result<Roadmap, LoadError> {
    let mut r = Reader {
        tree,
        problems: Vec::new(),
    };
    let intro = if tree.contains("roadmap.md") {
        r.read("roadmap.md")
    } else {
        r.report(
            "",
            0,
            "no roadmap.md; it titles the roadmap (`# Backend Developer Roadmap {#backend}`)",
        );
        None
    };

    let mut step_dirs: BTreeMap<(u32, String), Vec<String>> = BTreeMap::new();
    for f in &tree.files {
        let mut parts = f.path.splitn(3, '/');
        let (Some(dir), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let Some((number, _)) = split_prefix(dir) {
            step_dirs
                .entry((number, dir.to_string()))
                .or_default()
                .push(name.to_string());
        }
    }

    if step_dirs.is_empty() {
        r.report(
            "",
            0,
            "no step folders found (name them like `01-programming-basics`)",
        );
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for ((_, dir), names) in step_dirs {
        let Some(mut step) = load_step(&mut r, &dir, &names) else {
            continue;
        };
        if let Some(first) = seen.insert(step.id.clone(), dir.clone()) {
            r.report(
                &dir,
                0,
                format!(
                    "step id `{}` is used by `{first}` too; rename one folder",
                    step.id
                ),
            );
            continue;
        }
        step.number = steps.len() + 1;
        steps.push(step);
    }

    let mut problems = r.problems;
    let roadmap = intro.map(|(intro, title)| {
        let id = title.id.unwrap_or_else(|| slugify(&title.text));
        if !is_valid_id(&id) {
            problems.push(Diagnostic::new(
                tree.display("roadmap.md"),
                1,
                format!("roadmap id `{id}` may only use lowercase letters, digits and `-`"),
            ));
        }
        Roadmap {
            id,
            title: title.text,
            intro,
            steps,
        }
    });
    match roadmap {
        Some(roadmap) if problems.is_empty() => Ok(roadmap),
        _ => {
            problems.sort();
            problems.dedup();
            Err(LoadError { problems })
        }
    }
}

/// Loads the step folder `dir`, whose files are `names`.
fn load_step(r: &mut Reader<'_>, dir: &str, names: &[String]) -> Option<Step> {
    let (_, raw_id) = split_prefix(dir)?;
    let mut ok = true;
    if !is_valid_id(raw_id) {
        r.report(
            dir,
            0,
            format!("folder name gives the id `{raw_id}`; ids may only use lowercase letters, digits and `-`"),
        );
        ok = false;
    }
    let overview = if names.iter().any(|n| n == "step.md") {
        r.read(&format!("{dir}/step.md"))
    } else {
        r.report(
            dir,
            0,
            "step folder has no step.md (its H1 titles the step)",
        );
        None
    };

    let mut files: Vec<(u32, &str)> = names
        .iter()
        .filter(|n| n.ends_with(".md"))
        .filter_map(|n| split_prefix(n).map(|(num, _)| (num, n.as_str())))
        .collect();
    files.sort();
    let mut lessons: Vec<Lesson> = Vec::new();
    for (_, name) in files {
        let path = format!("{dir}/{name}");
        let Some((_, rest)) = split_prefix(name) else {
            continue;
        };
        let slug = rest.trim_end_matches(".md");
        if !is_valid_id(slug) {
            r.report(
                &path,
                0,
                format!("file name gives the id `{slug}`; ids may only use lowercase letters, digits and `-`"),
            );
            ok = false;
            continue;
        }
        let id = format!("{raw_id}/{slug}");
        if lessons.iter().any(|l| l.id == id) {
            r.report(
                &path,
                0,
                format!("duplicate lesson id `{slug}` in this step"),
            );
            ok = false;
            continue;
        }
        let Some((source, title)) = r.read(&path) else {
            ok = false;
            continue;
        };
        let kind = if slug.starts_with("lab-") {
            LessonKind::Lab
        } else {
            LessonKind::Lesson
        };
        let lab = if kind == LessonKind::Lab {
            let display = r.tree.display(&path);
            let (lab, problems) = parse_lab(&source, &display);
            ok &= problems.is_empty();
            r.problems.extend(problems);
            Some((lab.kind, lab))
        } else {
            None
        };
        lessons.push(Lesson {
            id,
            kind,
            title: title.text,
            path,
            words: word_count(&source),
            hash: Lesson::hash_of(&source),
            source,
            lab,
        });
    }
    if lessons.is_empty() && ok {
        r.report(
            dir,
            0,
            "step has no lessons (add files named like `01-first-lesson.md`)",
        );
        ok = false;
    }

    let quiz = if names.iter().any(|n| n == "quiz.md") {
        let path = format!("{dir}/quiz.md");
        match r.read(&path) {
            Some((text, _)) => {
                let display = r.tree.display(&path);
                let (mut quiz, problems) = parse_quiz(&text, raw_id, &display);
                quiz.path = path;
                ok &= problems.is_empty();
                r.problems.extend(problems);
                Some(quiz)
            }
            None => {
                ok = false;
                None
            }
        }
    } else {
        None
    };

    let (overview, title) = overview?;
    ok.then(|| Step {
        id: raw_id.to_string(),
        number: 0,
        title: title.text,
        overview,
        dir: dir.to_string(),
        lessons,
        quiz,
    })
}

/// Finds the file's H1: the first non-blank line must be `# Title`, and no other H1 may
/// follow outside code blocks. Errors carry the line.
fn title(text: &str) -> Result<Title, (usize, String)> {
    let mut found: Option<Title> = None;
    let mut fence: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        let is_h1 = line == "#" || line.starts_with("# ");
        match (&found, is_h1) {
            (None, true) => found = Some(parse_h1(line)),
            (None, false) if line.trim().is_empty() => {}
            (None, false) => {
                return Err((
                    n,
                    "the file must start with its title as an H1 (`# Title`)".into(),
                ));
            }
            (Some(_), true) => {
                return Err((
                    n,
                    "a second H1; a file has one H1 (its title), use `##` for sections".into(),
                ));
            }
            (Some(_), false) => {}
        }
    }
    match found {
        Some(t) if !t.text.is_empty() => Ok(t),
        Some(_) => Err((1, "the H1 title is empty".into())),
        None => Err((
            1,
            "the file is empty; it must start with an H1 (`# Title`)".into(),
        )),
    }
}

/// Splits `# Title {#id}` into the title and the id. Titles are printed as they are (in
/// lists, headers, `roadmap status`), so control characters are removed here.
fn parse_h1(line: &str) -> Title {
    let line = crate::markdown::sanitize_line(line);
    let rest = line.trim_start_matches('#').trim();
    if let (Some(open), true) = (rest.rfind('{'), rest.ends_with('}')) {
        let attrs = &rest[open + 1..rest.len() - 1];
        let id = attrs
            .split_whitespace()
            .find_map(|a| a.strip_prefix('#'))
            .map(str::to_string);
        return Title {
            text: rest[..open].trim().to_string(),
            id,
        };
    }
    Title {
        text: rest.to_string(),
        id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> SourceTree {
        SourceTree::from_files("c", files.iter().map(|(p, t)| (*p, *t)))
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("roadmap.md", "# My Roadmap {#mine}\n\nWelcome.\n"),
            ("02-second/step.md", "# Second\n"),
            ("02-second/01-only.md", "# Only\n\nSome words here.\n"),
            ("01-first/step.md", "# First\n\nIntro.\n"),
            ("01-first/10-later.md", "# Later\n"),
            (
                "01-first/02-earlier.md",
                "# Earlier\n\n```bash\n# not a title\n```\n",
            ),
            (
                "01-first/03-lab-sql.md",
                "# A Lab\n\n```sql setup\nCREATE TABLE t(x);\n```\n\n## Count {#count}\n\nCount the rows.\n\n```sql solution\nSELECT count(*) FROM t;\n```\n",
            ),
            ("01-first/notes.txt", "ignored"),
            ("01-first/README.md", "ignored: no numeric prefix"),
            (
                "01-first/quiz.md",
                "# Q\n\n## A? {#a}\n- [x] y\n- [ ] n\n\n> Because.\n",
            ),
            ("assets/picture.md", "not a step"),
        ]
    }

    #[test]
    fn loads_in_prefix_order_with_ids_without_prefixes() {
        let r = load(&tree(&good())).expect("valid");
        assert_eq!(r.id, "mine");
        assert_eq!(r.title, "My Roadmap");
        let ids: Vec<&str> = r.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["first", "second"]);
        assert_eq!(r.steps[0].number, 1);
        let lessons: Vec<&str> = r.steps[0].lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(lessons, ["first/earlier", "first/lab-sql", "first/later"]);
        assert_eq!(r.steps[0].lessons[1].kind, LessonKind::Lab);
        let (_, lab) = r.steps[0].lessons[1].lab.as_ref().expect("a parsed lab");
        assert_eq!(lab.tasks[0].id, "count");
        assert_eq!(r.steps[0].lessons[0].path, "01-first/02-earlier.md");
        assert_eq!(r.steps[0].quiz.as_ref().map(|q| q.questions.len()), Some(1));
        assert!(r.steps[1].quiz.is_none());
        assert_eq!(r.steps[1].lessons[0].words, 4, "title and text");
    }

    #[test]
    fn a_roadmap_without_an_id_gets_a_slug() {
        let mut files = good();
        files[0] = ("roadmap.md", "# Backend Path\n");
        assert_eq!(load(&tree(&files)).expect("valid").id, "backend-path");
    }

    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        match load(&tree(files)) {
            Ok(_) => vec![],
            Err(e) => e.problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn missing_titles_roadmap_and_step_files_are_reported() {
        let mut files = good();
        files.retain(|(p, _)| *p != "roadmap.md" && *p != "02-second/step.md");
        files.push(("01-first/04-untitled.md", "\n\nJust text.\n"));
        files.push(("01-first/05-two.md", "# One\n\n# Two\n"));
        let p = problems(&files);
        assert!(p.contains(&"c: no roadmap.md; it titles the roadmap (`# Backend Developer Roadmap {#backend}`)".to_string()), "{p:?}");
        assert!(
            p.contains(
                &"c/02-second: step folder has no step.md (its H1 titles the step)".to_string()
            ),
            "{p:?}"
        );
        assert!(p.contains(&"c/01-first/04-untitled.md:3: the file must start with its title as an H1 (`# Title`)".to_string()), "{p:?}");
        assert!(
            p.iter()
                .any(|l| l.starts_with("c/01-first/05-two.md:3: a second H1")),
            "{p:?}"
        );
    }

    #[test]
    fn bad_ids_and_empty_steps_are_reported() {
        let mut files = good();
        files.push(("03-Third/step.md", "# Third\n"));
        files.push(("04-empty/step.md", "# Empty\n"));
        files.push(("05-second/step.md", "# Again\n"));
        files.push(("05-second/01-x.md", "# X\n"));
        files[0] = ("roadmap.md", "# R {#Not_Valid}\n");
        let p = problems(&files);
        assert!(
            p.iter()
                .any(|l| l.starts_with("c/03-Third: folder name gives the id `Third`")),
            "{p:?}"
        );
        assert!(
            p.contains(
                &"c/04-empty: step has no lessons (add files named like `01-first-lesson.md`)"
                    .to_string()
            ),
            "{p:?}"
        );
        assert!(
            p.contains(
                &"c/05-second: step id `second` is used by `02-second` too; rename one folder"
                    .to_string()
            ),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l.starts_with("c/roadmap.md:1: roadmap id `Not_Valid`")),
            "{p:?}"
        );
    }

    #[test]
    fn read_problems_carry_their_line() {
        let mut t = tree(&good());
        if let Some(f) = t
            .files
            .iter_mut()
            .find(|f| f.path == "01-first/10-later.md")
        {
            f.text = Some(Err(crate::curriculum::ReadProblem {
                line: 4,
                message: "is not valid UTF-8 text (save the file as UTF-8)".into(),
            }));
        }
        let e = load(&t).expect_err("invalid");
        assert_eq!(
            e.problems[0].to_string(),
            "c/01-first/10-later.md:4: is not valid UTF-8 text (save the file as UTF-8)"
        );
    }

    #[test]
    fn no_steps_at_all_is_reported() {
        let p = problems(&[("roadmap.md", "# R\n")]);
        assert_eq!(
            p,
            ["c: no step folders found (name them like `01-programming-basics`)"]
        );
    }
}
