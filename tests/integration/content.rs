//! The shipped curriculum keeps its promises: eight steps, 5–8 lessons each of 700–2,000
//! words with a tagged code block, Try it, Check yourself and Further reading; quizzes of
//! 10–15 questions with explanations, explicit ids and at least two multi-answer questions;
//! and no link to a file that doesn't exist.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use roadmap::curriculum::{SourceTree, load, validate};

fn roadmap() -> roadmap::curriculum::Roadmap {
    load(&SourceTree::embedded()).expect("the embedded curriculum loads")
}

#[test]
fn the_embedded_curriculum_validates() {
    let problems = validate(&SourceTree::embedded());
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}", text.join("\n"));
}

#[test]
fn there_are_eight_steps_in_the_documented_order() {
    let ids: Vec<String> = roadmap().steps.iter().map(|s| s.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "programming-basics",
            "how-the-internet-works",
            "databases",
            "learn-a-framework",
            "tools",
            "architecture-and-scaling",
            "build-projects",
            "jobs-and-internships",
        ]
    );
}

/// The `##` headings of a lesson, and the language tags of its fenced code blocks.
fn outline(source: &str) -> (Vec<String>, Vec<String>) {
    let mut headings = Vec::new();
    let mut tags = Vec::new();
    let mut in_h2 = false;
    let mut text = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                text.clear();
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_h2 = false;
                headings.push(text.trim().to_string());
            }
            Event::Text(t) | Event::Code(t) if in_h2 => text.push_str(&t),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                tags.push(lang.to_string())
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => tags.push(String::new()),
            _ => {}
        }
    }
    (headings, tags)
}

#[test]
fn every_step_has_five_to_eight_lessons_of_the_right_shape() {
    let mut problems = Vec::new();
    for step in roadmap().steps {
        let lessons: Vec<_> = step
            .lessons
            .iter()
            .filter(|l| l.kind == roadmap::curriculum::LessonKind::Lesson)
            .collect();
        let n = lessons.len();
        if !(5..=8).contains(&n) {
            problems.push(format!("{}: {n} lessons", step.id));
        }
        for lesson in lessons {
            let id = &lesson.id;
            if !(700..=2000).contains(&lesson.words) {
                problems.push(format!("{id}: {} words", lesson.words));
            }
            let (headings, tags) = outline(&lesson.source);
            if tags.is_empty() {
                problems.push(format!("{id}: no code block"));
            }
            if tags.iter().any(String::is_empty) {
                problems.push(format!("{id}: a code block without a language tag"));
            }
            for section in ["Try it", "Check yourself", "Further reading"] {
                if !headings.iter().any(|h| h == section) {
                    problems.push(format!("{id}: no `## {section}` section"));
                }
            }
            if headings.last().map(String::as_str) != Some("Further reading") {
                problems.push(format!(
                    "{id}: `## Further reading` is not the last section"
                ));
            }
            let reading = lesson
                .source
                .rsplit_once("## Further reading")
                .map_or("", |(_, rest)| rest);
            if !reading.contains("https://") && !reading.contains("http://") {
                problems.push(format!("{id}: Further reading links to no source"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_quiz_has_ten_to_fifteen_explained_questions_with_explicit_ids() {
    let tree = SourceTree::embedded();
    let mut problems = Vec::new();
    for step in roadmap().steps {
        let Some(quiz) = &step.quiz else {
            problems.push(format!("{}: no quiz", step.id));
            continue;
        };
        let n = quiz.questions.len();
        if !(10..=15).contains(&n) {
            problems.push(format!("{}: {n} questions", step.id));
        }
        let multi = quiz.questions.iter().filter(|q| q.is_multi()).count();
        if multi < 2 {
            problems.push(format!("{}: {multi} multi-answer questions", step.id));
        }
        let source = tree
            .files
            .iter()
            .find(|f| f.path == quiz.path)
            .and_then(|f| f.text.clone())
            .and_then(Result::ok)
            .unwrap_or_default();
        let explicit = source
            .lines()
            .filter(|l| l.starts_with("## "))
            .filter(|l| !(l.trim_end().ends_with('}') && l.contains("{#")))
            .count();
        if explicit > 0 {
            problems.push(format!(
                "{}: {explicit} questions without an explicit id",
                step.id
            ));
        }
        for q in &quiz.questions {
            if q.explanation.split_whitespace().count() < 15 {
                problems.push(format!("{}: explanation too short to teach", q.id));
            }
        }
        // The right answer is not always in the same place.
        let firsts: std::collections::BTreeSet<usize> = quiz
            .questions
            .iter()
            .filter_map(|q| q.choices.iter().position(|c| c.correct))
            .collect();
        if firsts.len() < 3 {
            problems.push(format!(
                "{}: correct answers sit in only {firsts:?}",
                step.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_welcome_and_overviews_say_what_they_must() {
    let r = roadmap();
    assert_eq!(r.id, "backend");
    for needle in ["Who it is for", "How to use this app", "How long it takes"] {
        assert!(r.intro.contains(needle), "roadmap.md lacks {needle:?}");
    }
    for step in &r.steps {
        assert!(
            step.overview.to_lowercase().contains("hours"),
            "{}: step.md gives no estimated hours",
            step.id
        );
    }
}
