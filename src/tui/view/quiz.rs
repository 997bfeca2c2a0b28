//! The quiz: one question at a time with numbered choices, then feedback with the
//! explanation, then a summary with the score and the missed questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::chrome;
use super::text::doc_lines;
use crate::curriculum::Question;
use crate::markdown;
use crate::tui::model::{
    Model, PASS_PERCENT, QuizKind, QuizPhase, QuizRun, body_height, text_width,
};

/// How far the quiz's content can scroll at the model's size.
pub fn max_scroll(m: &Model, run: &QuizRun) -> u16 {
    let lines = content(m, run, text_width(m.width)).len();
    u16::try_from(lines.saturating_sub(body_height(m.height))).unwrap_or(u16::MAX)
}

/// The scroll that shows the whole of the choice at `run.cursor`, moving as little as
/// possible from `run.scroll`: the arrow keys never leave the ▶ off screen.
pub fn scroll_to_choice(m: &Model, run: &QuizRun) -> u16 {
    let (lines, choices) = content_and_choices(m, run, text_width(m.width));
    let height = body_height(m.height).max(1);
    let max = lines.len().saturating_sub(height);
    let mut scroll = usize::from(run.scroll).min(max);
    let rows: Vec<usize> = (0..choices.len())
        .filter(|&i| choices[i] == Some(run.cursor))
        .collect();
    if let (Some(&first), Some(&last)) = (rows.first(), rows.last()) {
        if last >= scroll + height {
            scroll = last + 1 - height;
        }
        if first < scroll {
            scroll = first;
        }
    }
    u16::try_from(scroll.min(max)).unwrap_or(u16::MAX)
}

/// Draws the quiz.
pub fn render(m: &Model, run: &QuizRun, f: &mut Frame, area: Rect) {
    let parts = chrome::split(area);
    let step = &m.roadmap.steps[run.step()];
    let total = run.questions.len();
    let title = match run.kind {
        QuizKind::Step(_) => format!(" Quiz · Step {}: {}", step.number, step.title),
        QuizKind::Review => format!(" Review · from Step {}: {}", step.number, step.title),
        QuizKind::Practice => format!(" Practice · from Step {}: {}", step.number, step.title),
    };
    let right = match run.phase {
        QuizPhase::Summary => "results ".to_string(),
        _ => format!(
            "question {} of {total} · {} right ",
            run.index + 1,
            run.correct
        ),
    };
    chrome::bar(
        f,
        parts.header,
        vec![Span::styled(
            chrome::truncate(
                &title,
                usize::from(area.width).saturating_sub(right.width() + 2),
            ),
            m.theme.title(),
        )],
        vec![Span::styled(right, m.theme.muted())],
    );
    let body = parts.body;
    let column = chrome::column(body, area.width);
    let lines = content(m, run, column.width);
    let max = lines.len().saturating_sub(usize::from(body.height));
    let scroll = usize::from(run.scroll).min(max);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(body.height))
        .collect();
    f.render_widget(Paragraph::new(visible), column);

    let more = if scroll < max {
        vec![Span::styled("↓ more (j) ", m.theme.muted())]
    } else {
        vec![]
    };
    let hint = match run.phase {
        QuizPhase::Answering if m.question(run).is_some_and(Question::is_multi) => {
            " Tick each answer with Space or its number (or click), then press Enter."
        }
        QuizPhase::Answering => " Move with ↑↓ and press Enter, or press a number (or click).",
        QuizPhase::Feedback { .. } => " Press Enter for the next question.",
        QuizPhase::Summary => " Press Enter to return to the roadmap.",
    };
    chrome::status(
        m,
        f,
        parts.status,
        vec![Span::styled(hint, m.theme.muted())],
        more,
    );
    chrome::footer(m, f, parts.footer);
}

/// Every line of the quiz screen's body for a column `width` wide.
pub fn content(m: &Model, run: &QuizRun, width: u16) -> Vec<Line<'static>> {
    content_and_choices(m, run, width).0
}

/// The body's lines and, for each, the index of the choice it shows (if any).
fn content_and_choices(
    m: &Model,
    run: &QuizRun,
    width: u16,
) -> (Vec<Line<'static>>, Vec<Option<usize>>) {
    match (run.phase, m.question(run)) {
        (QuizPhase::Summary, _) => {
            let lines = summary(m, run, width);
            let none = vec![None; lines.len()];
            (lines, none)
        }
        (_, Some(q)) => question(m, run, q, width),
        (_, None) => (vec![], vec![]),
    }
}

/// The choice drawn at screen row `row` of a quiz drawn in `area`, if any.
pub fn choice_at(m: &Model, run: &QuizRun, area: Rect, row: u16) -> Option<usize> {
    let body = chrome::split(area).body;
    if row < body.y || row >= body.y + body.height {
        return None;
    }
    let column = chrome::column(body, area.width);
    let (lines, choices) = content_and_choices(m, run, column.width);
    let max = lines.len().saturating_sub(usize::from(body.height));
    let scroll = usize::from(run.scroll).min(max);
    choices
        .get(scroll + usize::from(row - body.y))
        .copied()
        .flatten()
}

fn markdown(m: &Model, src: &str, width: u16) -> Vec<Line<'static>> {
    let doc = markdown::render(src, &m.render_options(width));
    doc_lines(&doc, &m.theme, 0..doc.lines.len(), &[], None)
}

fn question(
    m: &Model,
    run: &QuizRun,
    q: &Question,
    width: u16,
) -> (Vec<Line<'static>>, Vec<Option<usize>>) {
    let mut lines = vec![Line::raw("")];
    let mut choice_of = vec![];
    for mut l in markdown(m, &q.prompt, width) {
        l = l.patch_style(Style::default().add_modifier(ratatui::style::Modifier::BOLD));
        lines.push(l);
    }
    if !q.body.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(markdown(m, &q.body, width));
    }
    if q.is_multi() {
        lines.push(Line::styled("Select all that apply.", m.theme.warning()));
    }
    lines.push(Line::raw(""));
    choice_of.resize(lines.len(), None);
    let feedback = match run.phase {
        QuizPhase::Feedback { correct } => Some(correct),
        _ => None,
    };
    for (i, choice) in q.choices.iter().enumerate() {
        let selected = run.selected.get(i).copied().unwrap_or(false);
        let boxed = match (q.is_multi(), selected) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let (verdict, style) = match feedback {
            Some(_) if choice.correct => ("✓ ", m.theme.success()),
            Some(_) if selected => ("✗ ", m.theme.danger()),
            Some(_) => ("  ", m.theme.muted()),
            None if i == run.cursor => ("▶ ", m.theme.key()),
            None => ("  ", m.theme.text()),
        };
        let prefix = format!("{verdict}{}. {boxed} ", i + 1);
        let indent = prefix.width();
        let text_w = width
            .saturating_sub(u16::try_from(indent).unwrap_or(u16::MAX))
            .max(1);
        for (j, mut l) in markdown(m, &choice.text, text_w).into_iter().enumerate() {
            let lead = if j == 0 {
                Span::styled(prefix.clone(), style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            if selected || (feedback.is_some() && choice.correct) {
                l = l.patch_style(Style::default().add_modifier(ratatui::style::Modifier::BOLD));
            }
            l.spans.insert(0, lead);
            lines.push(l);
            choice_of.push(Some(i));
        }
    }
    if let Some(correct) = feedback {
        lines.push(Line::raw(""));
        if correct {
            lines.push(Line::styled("✓ Correct!", m.theme.success()));
        } else {
            let right: Vec<String> = q
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.correct)
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            let answer = if right.len() > 1 {
                "answers are"
            } else {
                "answer is"
            };
            lines.push(Line::styled(
                format!("✗ Not quite: the right {answer} {}.", right.join(", ")),
                m.theme.danger(),
            ));
        }
        lines.push(Line::raw(""));
        lines.extend(markdown(m, &q.explanation, width));
    }
    (lines, choice_of)
}

fn summary(m: &Model, run: &QuizRun, width: u16) -> Vec<Line<'static>> {
    let total = run.questions.len();
    let pct = (run.correct * 100).checked_div(total).unwrap_or(0);
    let score = Span::styled(
        format!("{}/{total} ({pct}%)", run.correct),
        Style::default().add_modifier(ratatui::style::Modifier::BOLD),
    );
    let mut lines = vec![Line::raw("")];
    match run.kind {
        QuizKind::Step(step) => {
            let passed = u32::try_from(pct).unwrap_or(0) >= PASS_PERCENT;
            lines.push(Line::styled(
                format!("Quiz finished: {}", m.roadmap.steps[step].title),
                m.theme.title(),
            ));
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::raw("Score: "),
                score,
                Span::raw("  "),
                if passed {
                    Span::styled("✓ passed", m.theme.success())
                } else {
                    Span::styled(
                        format!("✗ not passed yet (pass mark {PASS_PERCENT}%)"),
                        m.theme.danger(),
                    )
                },
            ]));
            if let Some(best) = m.quiz_best(step) {
                lines.push(Line::styled(
                    format!("Best so far: {best}%"),
                    m.theme.muted(),
                ));
            }
        }
        QuizKind::Review | QuizKind::Practice => {
            lines.push(Line::styled("Review finished", m.theme.title()));
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![Span::raw("Right: "), score]));
            lines.push(Line::styled(
                "Right answers come back later and later (1, 2, 4, 8, 16 days); wrong ones tomorrow.",
                m.theme.muted(),
            ));
        }
    }
    lines.push(Line::raw(""));
    if run.missed.is_empty() {
        lines.push(Line::styled(
            "You answered every question right.",
            m.theme.success(),
        ));
        return lines;
    }
    lines.push(Line::styled(
        format!(
            "Missed ({}): they will come back for review tomorrow.",
            run.missed.len()
        ),
        m.theme.warning(),
    ));
    for &i in &run.missed {
        let Some(q) = m.question_at(run, i) else {
            continue;
        };
        lines.push(Line::raw(""));
        let prefix = format!("✗ {}. ", i + 1);
        let w = width
            .saturating_sub(u16::try_from(prefix.width()).unwrap_or(0))
            .max(1);
        for (j, mut l) in markdown(m, &q.prompt, w).into_iter().enumerate() {
            let lead = if j == 0 {
                prefix.clone()
            } else {
                " ".repeat(prefix.width())
            };
            l.spans.insert(0, Span::styled(lead, m.theme.danger()));
            lines.push(l);
        }
        for c in q.choices.iter().filter(|c| c.correct) {
            let lead = " ".repeat(prefix.width());
            for (j, mut l) in markdown(m, &c.text, w.saturating_sub(2).max(1))
                .into_iter()
                .enumerate()
            {
                let mark = if j == 0 {
                    format!("{lead}✓ ")
                } else {
                    format!("{lead}  ")
                };
                l.spans.insert(0, Span::styled(mark, m.theme.success()));
                lines.push(l);
            }
        }
    }
    lines
}
