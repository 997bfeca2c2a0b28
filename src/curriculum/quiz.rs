//! The quiz parser: `##` headings are questions, a task list holds the choices
//! (`[x]` marks each correct one), and a block quote after it explains the answer.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::diagnostic::{Diagnostic, LineIndex};
use super::ids::{is_valid_id, slugify};
use super::model::{Choice, Question, Quiz};

/// The most choices a question may have: the quiz screen selects them with 1–9.
pub const MAX_CHOICES: usize = 9;

/// A top-level block of the quiz file.
enum Block {
    Heading {
        level: HeadingLevel,
        id: Option<String>,
        range: Range<usize>,
    },
    List {
        items: Vec<Item>,
        range: Range<usize>,
    },
    Quote(Range<usize>),
    Other(Range<usize>),
}

/// One item of a top-level list: its task mark (if any) and its text's range.
struct Item {
    checked: Option<bool>,
    text: Range<usize>,
}

/// Parses `quiz.md` of step `step_id`; `path` names the file in diagnostics.
/// Returns the quiz with every well-formed question, and the problems found.
pub fn parse_quiz(text: &str, step_id: &str, path: &str) -> (Quiz, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut quiz = Quiz {
        path: path.to_string(),
        ..Quiz::default()
    };
    let mut current: Option<Draft> = None;
    for block in blocks(text) {
        match block {
            Block::Heading { level, id, range } if level <= HeadingLevel::H2 => {
                if let Some(draft) = current.take() {
                    draft.finish(text, step_id, path, &mut quiz, &mut problems);
                }
                if level == HeadingLevel::H1 {
                    quiz.title = heading_text(&text[range]);
                } else {
                    current = Some(Draft::new(text, id, range, &lines));
                }
            }
            Block::List { items, range } => match current.as_mut() {
                Some(d) if d.choices.is_none() => {
                    d.choices = Some(
                        items
                            .into_iter()
                            .map(|i| (i.checked, text[i.text].trim().to_string()))
                            .collect(),
                    );
                }
                Some(d) => problems.push(Diagnostic::new(
                    path,
                    lines.line(range.start),
                    format!(
                        "question `{}` has a second list; put all choices in one task list",
                        d.id_or_slug()
                    ),
                )),
                None => {}
            },
            Block::Quote(range) => {
                if let Some(d) = current.as_mut() {
                    if d.choices.is_some() {
                        if !d.explanation.is_empty() {
                            d.explanation.push_str("\n\n");
                        }
                        d.explanation.push_str(&unquote(&text[range]));
                    } else {
                        d.push_body(range);
                    }
                }
            }
            Block::Heading { range, .. } | Block::Other(range) => {
                if let Some(d) = current.as_mut()
                    && d.choices.is_none()
                {
                    d.push_body(range);
                }
            }
        }
    }
    if let Some(draft) = current.take() {
        draft.finish(text, step_id, path, &mut quiz, &mut problems);
    }
    if quiz.questions.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::new(
            path,
            0,
            "quiz has no questions (each question is a `##` heading)",
        ));
    }
    (quiz, problems)
}

/// A question being collected.
struct Draft {
    explicit_id: Option<String>,
    prompt: String,
    line: usize,
    body: Option<Range<usize>>,
    choices: Option<Vec<(Option<bool>, String)>>,
    explanation: String,
}

impl Draft {
    fn new(text: &str, id: Option<String>, range: Range<usize>, lines: &LineIndex) -> Self {
        Self {
            explicit_id: id,
            prompt: heading_text(&text[range.clone()]),
            line: lines.line(range.start),
            body: None,
            choices: None,
            explanation: String::new(),
        }
    }

    fn push_body(&mut self, range: Range<usize>) {
        self.body = Some(match self.body.take() {
            Some(b) => b.start..range.end,
            None => range,
        });
    }

    fn id_or_slug(&self) -> String {
        self.explicit_id
            .clone()
            .unwrap_or_else(|| slugify(&self.prompt))
    }

    fn finish(
        self,
        text: &str,
        step_id: &str,
        path: &str,
        quiz: &mut Quiz,
        problems: &mut Vec<Diagnostic>,
    ) {
        let before = problems.len();
        let id = self.id_or_slug();
        let mut report = |msg: String| problems.push(Diagnostic::new(path, self.line, msg));
        if let Some(explicit) = &self.explicit_id
            && !is_valid_id(explicit)
        {
            report(format!(
                "question id `{explicit}` may only use lowercase letters, digits and `-`"
            ));
        }
        let full_id = format!("{step_id}/{id}");
        if quiz.questions.iter().any(|q| q.id == full_id) {
            report(format!("duplicate question id `{id}`"));
        }
        let raw = self.choices.unwrap_or_default();
        if raw.is_empty() {
            report(format!(
                "question `{id}` has no choices: add a task list (`- [ ]` wrong, `- [x]` right)"
            ));
        } else {
            if raw.iter().any(|(checked, _)| checked.is_none()) {
                report(format!(
                    "question `{id}` has a choice that is not a task item; write `- [ ]` or `- [x]`"
                ));
            }
            if raw.len() < 2 {
                report(format!(
                    "question `{id}` has only one choice; it needs at least two"
                ));
            }
            if raw.len() > MAX_CHOICES {
                report(format!(
                    "question `{id}` has {} choices; at most {MAX_CHOICES} fit the 1–9 keys",
                    raw.len()
                ));
            }
            if !raw.iter().any(|(checked, _)| *checked == Some(true)) {
                report(format!(
                    "question `{id}` has no correct choice; mark one with `- [x]`"
                ));
            }
        }
        if self.explanation.trim().is_empty() {
            report(format!(
                "question `{id}` has no explanation; add a block quote (`> …`) after the choices"
            ));
        }
        if problems.len() > before {
            return;
        }
        quiz.questions.push(Question {
            id: full_id,
            prompt: self.prompt,
            body: self
                .body
                .map(|r| text[r].trim().to_string())
                .unwrap_or_default(),
            choices: raw
                .into_iter()
                .map(|(checked, text)| Choice {
                    text,
                    correct: checked == Some(true),
                })
                .collect(),
            explanation: self.explanation,
            line: self.line,
        });
    }
}

/// The heading's text without the `#` marks and a trailing `{…}` attribute block, and
/// without control characters (prompts are printed as they are).
fn heading_text(src: &str) -> String {
    let first = src.lines().next().unwrap_or_default();
    let clean = crate::markdown::sanitize_line(first);
    let line = clean.trim();
    let line = line.trim_start_matches('#').trim();
    let line = match line.rfind('{') {
        Some(i) if line.ends_with('}') => line[..i].trim_end(),
        _ => line,
    };
    line.trim_end_matches('#').trim().to_string()
}

/// A block quote's source without one level of `>` markers.
fn unquote(src: &str) -> String {
    src.lines()
        .map(|l| {
            let t = l.trim_start();
            match t.strip_prefix('>') {
                Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
                None => t,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The top-level blocks of `text`, with the items of top-level lists.
fn blocks(text: &str) -> Vec<Block> {
    let opts = Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut items: Vec<Item> = Vec::new();
    let mut in_list = false;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match &tag {
                        Tag::Heading { level, id, .. } => out.push(Block::Heading {
                            level: *level,
                            id: id.as_ref().map(|s| s.to_string()),
                            range: range.clone(),
                        }),
                        Tag::List(_) => {
                            in_list = true;
                            items.clear();
                        }
                        Tag::BlockQuote(_) => out.push(Block::Quote(range.clone())),
                        _ => out.push(Block::Other(range.clone())),
                    }
                } else if depth == 1 && in_list && matches!(tag, Tag::Item) {
                    items.push(Item {
                        checked: None,
                        text: range.clone(),
                    });
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && in_list && matches!(end, TagEnd::List(_)) {
                    in_list = false;
                    out.push(Block::List {
                        items: std::mem::take(&mut items),
                        range,
                    });
                }
            }
            Event::TaskListMarker(checked) if in_list && (depth == 2 || depth == 3) => {
                if let Some(item) = items.last_mut()
                    && item.checked.is_none()
                {
                    item.checked = Some(checked);
                    item.text = range.end..item.text.end;
                }
            }
            Event::Rule if depth == 0 => out.push(Block::Other(range)),
            Event::Html(_) | Event::Text(_) if depth == 0 => out.push(Block::Other(range)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# Quiz: Internet\n\nIntro.\n\n\
## Which status fits a missing login? {#status-401}\n\
- [ ] 403 Forbidden\n\
- [x] 401 Unauthorized\n\
- [ ] 404 Not Found\n\n\
> 401 asks the client to authenticate;\n\
> 403 refuses anyway.\n\n\
## Which methods are idempotent? {#idempotent}\n\n\
Consider this request:\n\n\
```http\nPUT /books/1 HTTP/1.1\n```\n\n\
- [x] `PUT`\n\
- [ ] `POST`\n\
- [x] `DELETE`\n\n\
> Repeating PUT or DELETE leaves the same state.\n";

    #[test]
    fn parses_questions_choices_and_explanations() {
        let (quiz, problems) = parse_quiz(GOOD, "internet", "c/quiz.md");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(quiz.title, "Quiz: Internet");
        assert_eq!(quiz.questions.len(), 2);
        let q = &quiz.questions[0];
        assert_eq!(q.id, "internet/status-401");
        assert_eq!(q.prompt, "Which status fits a missing login?");
        assert_eq!(q.line, 5);
        assert_eq!(q.choices.len(), 3);
        assert_eq!(q.choices[1].text, "401 Unauthorized");
        assert!(q.choices[1].correct && !q.choices[0].correct);
        assert!(!q.is_multi());
        assert_eq!(
            q.explanation,
            "401 asks the client to authenticate;\n403 refuses anyway."
        );
        let m = &quiz.questions[1];
        assert!(m.is_multi());
        assert!(m.body.starts_with("Consider this request:"));
        assert!(m.body.contains("```http"));
        assert_eq!(m.choices[0].text, "`PUT`");
        assert!(m.is_correct(&[true, false, true]));
        assert!(!m.is_correct(&[true, false, false]));
    }

    #[test]
    fn question_without_id_gets_a_slug() {
        let src = "# Q\n\n## What is 2 + 2?\n- [x] 4\n- [ ] 5\n\n> Arithmetic.\n";
        let (quiz, problems) = parse_quiz(src, "s", "quiz.md");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(quiz.questions[0].id, "s/what-is-2-2");
    }

    fn problems_of(src: &str) -> Vec<String> {
        parse_quiz(src, "s", "q.md")
            .1
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn malformed_questions_are_reported_with_lines() {
        let p = problems_of("# Q\n\n## One choice {#a}\n- [x] yes\n\n> Because.\n");
        assert_eq!(
            p,
            ["q.md:3: question `a` has only one choice; it needs at least two"]
        );

        let p = problems_of("# Q\n\n## None right {#b}\n- [ ] a\n- [ ] b\n\n> x\n");
        assert_eq!(
            p,
            ["q.md:3: question `b` has no correct choice; mark one with `- [x]`"]
        );

        let p = problems_of("# Q\n\ntext\n\n## No explanation {#c}\n- [x] a\n- [ ] b\n");
        assert_eq!(
            p,
            [
                "q.md:5: question `c` has no explanation; add a block quote (`> …`) after the choices"
            ]
        );

        let p = problems_of("# Q\n\n## No list {#d}\n\n> x\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("has no choices"));

        let p = problems_of("# Q\n\n## Plain items {#e}\n- a\n- [x] b\n\n> x\n");
        assert!(p[0].contains("not a task item"), "{p:?}");

        let p = problems_of("# Q\n\n## Bad id {#Bad_Id}\n- [x] a\n- [ ] b\n\n> x\n");
        assert!(p[0].contains("may only use lowercase"), "{p:?}");
    }

    #[test]
    fn duplicates_and_too_many_choices_are_reported() {
        let q = "## Same {#same}\n- [x] a\n- [ ] b\n\n> x\n\n";
        let p = problems_of(&format!("# Q\n\n{q}{q}"));
        assert_eq!(p, ["q.md:9: duplicate question id `same`"]);

        let mut many = String::from("# Q\n\n## Many {#many}\n");
        for i in 0..10 {
            many.push_str(&format!("- [{}] c{i}\n", if i == 0 { 'x' } else { ' ' }));
        }
        many.push_str("\n> x\n");
        let p = problems_of(&many);
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("10 choices"));
    }

    #[test]
    fn an_empty_quiz_is_reported() {
        let p = problems_of("# Quiz\n\nNothing here.\n");
        assert_eq!(
            p,
            ["q.md: quiz has no questions (each question is a `##` heading)"]
        );
    }

    #[test]
    fn loose_lists_and_nested_content_parse() {
        let src = "# Q\n\n## Loose {#l}\n\n- [ ] a\n\n- [x] b with `code`\n\n> ok\n";
        let (quiz, problems) = parse_quiz(src, "s", "q.md");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(quiz.questions[0].choices[1].text, "b with `code`");
        assert!(quiz.questions[0].choices[1].correct);
    }
}
