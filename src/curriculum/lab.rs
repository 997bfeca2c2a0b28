//! The lab parser: a lab is a `NN-lab-<name>.md` file with an introduction, `sql setup`
//! blocks, and `##` tasks, each with a prompt, hints (`> Hint: …`), a reference
//! `sql solution` and optional `sql verify`, `sql expect-error` and `sql expect-plan` checks.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::diagnostic::{Diagnostic, LineIndex};
use super::ids::{is_valid_id, slugify};

/// What a lab practises; decides which engine checks it (from its setup block's language).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabKind {
    /// SQL against an embedded SQLite database.
    #[default]
    Sql,
    /// Git commands in a practice repository.
    Git,
    /// HTTP requests (with curl) to a practice API on 127.0.0.1.
    Http,
}

impl LabKind {
    /// The name used in `list --json` and the lab's header.
    pub fn name(self) -> &'static str {
        match self {
            LabKind::Sql => "sql",
            LabKind::Git => "git",
            LabKind::Http => "http",
        }
    }
}

/// A parsed lab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lab {
    /// What the lab practises.
    pub kind: LabKind,
    /// The markdown before the first task.
    pub intro: String,
    /// What builds the lab's database or repository, in order.
    pub setup: String,
    /// The tasks in order.
    pub tasks: Vec<LabTask>,
}

impl Lab {
    /// The lab as a learner may read it outside the lab screen (in search and
    /// `roadmap show`): the title, the introduction and each task's prompt, but no
    /// solutions or checks.
    pub fn public_markdown(&self, title: &str) -> String {
        let intro = self
            .intro
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim();
        let mut out = format!("# {title}\n\n{intro}\n");
        for (i, task) in self.tasks.iter().enumerate() {
            out.push_str(&format!(
                "\n## Task {}: {}\n\n{}\n",
                i + 1,
                task.title,
                task.prompt
            ));
        }
        out
    }
}

/// One task of a lab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabTask {
    /// The task's id within the lab.
    pub id: String,
    /// The `##` heading.
    pub title: String,
    /// What to do (markdown).
    pub prompt: String,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// The reference solution, run on a copy of the database to check the learner's work.
    pub solution: String,
    /// Whether the learner's rows must come in the solution's order.
    pub ordered: bool,
    /// For writes: a query whose result must match after the learner's and the solution's work.
    pub verify: Option<String>,
    /// Statements that must fail after the learner's work (a constraint doing its job).
    pub expect_error: Option<String>,
    /// A query whose plan must use an index after the learner's work, and didn't before.
    pub expect_plan: Option<String>,
    /// Git labs: steps that prepare the repository when the learner reaches the task.
    pub prepare: Option<String>,
    /// Git labs: assertions about the repository, all of which must hold.
    pub check: Option<String>,
    /// 1-based line of the task's heading.
    pub line: usize,
}

/// Parses a lab file; `path` names it in diagnostics. Returns the lab with every
/// well-formed task, and the problems found.
pub fn parse_lab(text: &str, path: &str) -> (Lab, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut lab = Lab::default();
    let mut intro_end = text.len();
    let mut task: Option<LabTask> = None;
    let mut prompt_range: Option<(usize, usize)> = None;
    let mut depth = 0usize;
    let mut code: Option<(String, usize)> = None;
    let mut code_text = String::new();
    let mut in_heading = false;
    let mut heading = String::new();
    let mut quote_start: Option<usize> = None;
    let mut setup_ranges: Vec<(usize, usize)> = Vec::new();

    let finish = |task: Option<LabTask>,
                  prompt: Option<(usize, usize)>,
                  lab: &mut Lab,
                  problems: &mut Vec<Diagnostic>| {
        let Some(mut t) = task else {
            return;
        };
        if let Some((s, e)) = prompt {
            t.prompt = text[s..e].trim().to_string();
        }
        let before = problems.len();
        if !is_valid_id(&t.id) {
            problems.push(Diagnostic::new(
                path,
                t.line,
                format!(
                    "task id `{}` may only use lowercase letters, digits and `-`",
                    t.id
                ),
            ));
        }
        if lab.tasks.iter().any(|o| o.id == t.id) {
            problems.push(Diagnostic::new(
                path,
                t.line,
                format!("duplicate task id `{}`", t.id),
            ));
        }
        if t.prompt.is_empty() {
            problems.push(Diagnostic::new(
                path,
                t.line,
                format!(
                    "task `{}` has no prompt: say what to do under its heading",
                    t.id
                ),
            ));
        }
        let missing = match lab.kind {
            LabKind::Sql => t.solution.trim().is_empty().then_some("```sql solution"),
            LabKind::Git | LabKind::Http => t
                .check
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
                .then_some(if lab.kind == LabKind::Git {
                    "```git check"
                } else {
                    "```http check"
                }),
        };
        if let Some(block) = missing {
            problems.push(Diagnostic::new(
                path,
                t.line,
                format!("task `{}` has no check: add a {block} block", t.id),
            ));
        }
        if problems.len() == before {
            lab.tasks.push(t);
        }
    };

    let opts =
        Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                ..
            }) if depth == 0 => {
                finish(task.take(), prompt_range.take(), &mut lab, &mut problems);
                if lab.tasks.is_empty() && intro_end == text.len() {
                    intro_end = range.start;
                }
                in_heading = true;
                heading.clear();
                task = Some(LabTask {
                    id: id.map(|s| s.to_string()).unwrap_or_default(),
                    line: lines.line(range.start),
                    ..LabTask::default()
                });
                depth += 1;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) if in_heading => {
                in_heading = false;
                depth = depth.saturating_sub(1);
                if let Some(t) = task.as_mut() {
                    t.title = crate::markdown::sanitize_line(&heading).trim().to_string();
                    if t.id.is_empty() {
                        t.id = slugify(&t.title);
                    }
                }
            }
            Event::Text(s) | Event::Code(s) if in_heading => heading.push_str(&s),
            Event::Start(Tag::CodeBlock(kind)) if depth == 0 => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, range.start));
                code_text.clear();
                depth += 1;
            }
            Event::Text(s) if code.is_some() => code_text.push_str(&s),
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                depth = depth.saturating_sub(1);
                let Some((info, start)) = code.take() else {
                    continue;
                };
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or_default();
                let role = words.next().unwrap_or_default();
                let flag = words.next().unwrap_or_default();
                if !matches!(lang, "sql" | "git" | "http") || role.is_empty() {
                    if task.is_some() {
                        extend(&mut prompt_range, start, range.end);
                    }
                    continue;
                }
                let body = code_text.clone();
                match (role, task.as_mut()) {
                    ("setup", None) => {
                        match lang {
                            "git" => lab.kind = LabKind::Git,
                            "http" => lab.kind = LabKind::Http,
                            _ => {}
                        }
                        lab.setup.push_str(&body);
                        setup_ranges.push((start, range.end));
                    }
                    ("setup", Some(_)) => problems.push(Diagnostic::new(
                        path,
                        lines.line(start),
                        "`sql setup` blocks belong before the first task",
                    )),
                    ("solution", Some(t)) => {
                        t.solution = body;
                        t.ordered = flag == "ordered";
                    }
                    ("verify", Some(t)) => t.verify = Some(body),
                    ("expect-error", Some(t)) => t.expect_error = Some(body),
                    ("expect-plan", Some(t)) => t.expect_plan = Some(body),
                    ("prepare", Some(t)) if lang == "git" => t.prepare = Some(body),
                    ("check", Some(t)) if lang == "git" || lang == "http" => t.check = Some(body),
                    (other, _) => problems.push(Diagnostic::new(
                        path,
                        lines.line(start),
                        format!(
                            "unknown lab block `{lang} {other}`; SQL labs use setup, solution, verify, expect-error and expect-plan; Git labs use setup, prepare and check; HTTP labs use setup and check"
                        ),
                    )),
                }
            }
            Event::Start(Tag::BlockQuote(_)) if depth == 0 => {
                quote_start = Some(range.start);
                depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) if quote_start.is_some() => {
                depth = depth.saturating_sub(1);
                let start = quote_start.take().unwrap_or(range.start);
                let raw: String = text[start..range.end]
                    .lines()
                    .map(|l| l.trim_start().trim_start_matches('>').trim())
                    .collect::<Vec<_>>()
                    .join(" ");
                let raw = raw.trim();
                let hint = raw
                    .strip_prefix("**Hint:**")
                    .or_else(|| raw.strip_prefix("Hint:"));
                match (hint, task.as_mut()) {
                    (Some(h), Some(t)) => t.hints.push(h.trim().to_string()),
                    (None, Some(_)) => extend(&mut prompt_range, start, range.end),
                    _ => {}
                }
            }
            Event::Start(_) => {
                if depth == 0 && task.is_some() && !in_heading {
                    extend(&mut prompt_range, range.start, range.end);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule | Event::Html(_) if depth == 0 && task.is_some() => {
                extend(&mut prompt_range, range.start, range.end);
            }
            _ => {}
        }
    }
    finish(task.take(), prompt_range.take(), &mut lab, &mut problems);
    // The introduction without the setup SQL: the learner explores the schema in the lab.
    let mut intro = String::new();
    let mut at = 0;
    for (s, e) in setup_ranges.into_iter().filter(|(s, _)| *s < intro_end) {
        intro.push_str(&text[at..s]);
        at = e.min(intro_end);
    }
    intro.push_str(&text[at.min(intro_end)..intro_end]);
    lab.intro = intro.trim().to_string();
    if lab.setup.trim().is_empty() {
        problems.push(Diagnostic::new(
            path,
            1,
            "the lab has no setup block (```sql setup, ```git setup or ```http setup)",
        ));
    }
    if lab.tasks.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::new(
            path,
            1,
            "the lab has no tasks (each task is a `##` heading with its check)",
        ));
    }
    (lab, problems)
}

fn extend(range: &mut Option<(usize, usize)>, start: usize, end: usize) {
    *range = Some(match range.take() {
        Some((s, _)) => (s, end),
        None => (start, end),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: &str = "# Lab: Shop\n\nIntro text.\n\n\
```sql setup\nCREATE TABLE t(x INTEGER);\nINSERT INTO t VALUES (1), (2);\n```\n\n\
## List the values {#list}\n\nSelect `x` from `t`, **smallest first**.\n\n\
> Hint: use ORDER BY.\n\n> Hint: `ORDER BY x`.\n\n\
```sql solution ordered\nSELECT x FROM t ORDER BY x;\n```\n\n\
## Add a row {#add}\n\nInsert 3.\n\n\
```sql solution\nINSERT INTO t VALUES (3);\n```\n\n\
```sql verify\nSELECT x FROM t;\n```\n";

    #[test]
    fn parses_setup_tasks_hints_and_checks() {
        let (lab, problems) = parse_lab(LAB, "lab.md");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(lab.intro.contains("Intro text."));
        assert!(!lab.intro.contains("CREATE TABLE"));
        assert!(lab.setup.contains("INSERT INTO t VALUES (1), (2);"));
        assert_eq!(lab.tasks.len(), 2);
        let t = &lab.tasks[0];
        assert_eq!(
            (t.id.as_str(), t.title.as_str()),
            ("list", "List the values")
        );
        assert_eq!(t.prompt, "Select `x` from `t`, **smallest first**.");
        assert_eq!(t.hints, ["use ORDER BY.", "`ORDER BY x`."]);
        assert!(t.ordered);
        assert_eq!(t.line, 10);
        let t = &lab.tasks[1];
        assert!(!t.ordered);
        assert_eq!(t.verify.as_deref(), Some("SELECT x FROM t;\n"));
    }

    #[test]
    fn the_public_text_has_prompts_but_no_solutions() {
        let (lab, _) = parse_lab(LAB, "lab.md");
        let text = lab.public_markdown("Lab: Shop");
        assert!(text.starts_with("# Lab: Shop\n\nIntro text."));
        assert!(text.contains("## Task 2: Add a row"));
        assert!(!text.contains("INSERT INTO t VALUES (3)"), "{text}");
        assert!(!text.contains("CREATE TABLE"), "{text}");
    }

    #[test]
    fn problems_name_the_line() {
        let src = "# Lab\n\n## No check {#a}\n\nDo it.\n\n## Bad {#b}\n\n```sql solutoin\nSELECT 1;\n```\n";
        let (_, problems) = parse_lab(src, "l.md");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(
                &"l.md:3: task `a` has no check: add a ```sql solution block".to_string()
            ),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|p| p.starts_with("l.md:9: unknown lab block `sql solutoin`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|p| p.contains("no setup block")),
            "{text:?}"
        );
    }
}
