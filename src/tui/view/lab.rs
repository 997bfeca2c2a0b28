//! The lab screen: the task (prompt and hints), the SQL editor, and the results table or
//! SQLite's message. On wide terminals the tasks are listed on the left.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::chrome::{self, truncate};
use super::text::doc_lines;
use crate::curriculum::{Lab, LabKind};
use crate::lab::sql::ResultSet;
use crate::markdown;
use crate::tui::model::{LabState, Model, Tone};

/// Draws the lab.
pub fn render(m: &Model, state: &LabState, f: &mut Frame, area: Rect) {
    let parts = chrome::split(area);
    let lesson = &m.roadmap.steps[state.step].lessons[state.lesson];
    let Some((kind, lab)) = &lesson.lab else {
        return;
    };
    let solved = |i: usize| {
        lab.tasks.get(i).is_some_and(|t| {
            m.roadmap_progress()
                .is_some_and(|p| p.is_task_solved(&lesson.id, &t.id))
        })
    };
    let done = (0..lab.tasks.len()).filter(|&i| solved(i)).count();
    let right = format!(
        "{} lab · task {} of {} · {done} solved ",
        kind.name().to_uppercase(),
        state.task + 1,
        lab.tasks.len()
    );
    chrome::bar(
        f,
        parts.header,
        vec![Span::styled(
            truncate(
                &format!(" {}.{} {}", state.step + 1, state.lesson + 1, lesson.title),
                usize::from(area.width).saturating_sub(right.width() + 2),
            ),
            m.theme.title(),
        )],
        vec![Span::styled(right, m.theme.muted())],
    );
    let mut body = parts.body;
    if body.width >= 120 {
        let list = Rect { width: 32, ..body };
        task_list(m, lab, state.task, &solved, f, list);
        body = Rect {
            x: body.x + 33,
            width: body.width - 33,
            ..body
        };
    }
    let text_w = body.width.saturating_sub(2).max(1);

    // The task: prompt and the hints shown so far, at most 40% of the height.
    let mut task_lines: Vec<Line> = Vec::new();
    if state.show_intro {
        let intro = lab.intro.split_once('\n').map_or("", |(_, rest)| rest);
        let doc = markdown::render(intro, &m.render_options(text_w));
        task_lines.push(Line::styled(
            "About this lab (v returns to the task)",
            m.theme.text().add_modifier(Modifier::BOLD),
        ));
        task_lines.extend(doc_lines(&doc, &m.theme, 0..doc.lines.len(), &[], None));
    } else if let Some(task) = lab.tasks.get(state.task) {
        let mark = if solved(state.task) {
            Span::styled("✓ ", m.theme.success())
        } else {
            Span::styled("☐ ", m.theme.muted())
        };
        task_lines.push(Line::from(vec![
            mark,
            Span::styled(
                format!("Task {}: {}", state.task + 1, task.title),
                m.theme.text().add_modifier(Modifier::BOLD),
            ),
        ]));
        let doc = markdown::render(&task.prompt, &m.render_options(text_w));
        task_lines.extend(doc_lines(&doc, &m.theme, 0..doc.lines.len(), &[], None));
        let shown = state.hints.get(state.task).copied().unwrap_or(0);
        for (i, hint) in task.hints.iter().take(shown).enumerate() {
            let doc = markdown::render(
                &format!("**Hint {}:** {hint}", i + 1),
                &m.render_options(text_w),
            );
            let mut lines = doc_lines(&doc, &m.theme, 0..doc.lines.len(), &[], None);
            for l in &mut lines {
                *l = l.clone().patch_style(m.theme.warning());
            }
            task_lines.extend(lines);
        }
    }
    // A Git lab's prompt holds the commands to run, so it gets most of the room (and
    // scrolls with PgUp/PgDn); an SQL lab's leaves room for the editor and the results.
    let git = matches!(kind, LabKind::Git | LabKind::Http);
    let needed = u16::try_from(task_lines.len()).unwrap_or(u16::MAX);
    let (task_h, task_scroll) = if git {
        let room = body.height.saturating_sub(8).max(1);
        (room, state.scroll.min(needed.saturating_sub(room)))
    } else {
        (needed.min(body.height * 2 / 5).max(1), 0)
    };
    f.render_widget(
        Paragraph::new(task_lines).scroll((task_scroll, 0)),
        Rect {
            x: body.x + 1,
            width: text_w,
            height: task_h,
            ..body
        },
    );
    if git && needed > task_h + task_scroll {
        let more = Rect {
            x: body.x + body.width.saturating_sub(14),
            y: body.y + task_h - 1,
            width: 14.min(body.width),
            height: 1,
        };
        f.render_widget(
            Paragraph::new(Span::styled("↓ PgDn more ", m.theme.muted())),
            more,
        );
    }

    // The editor, or for a Git lab where to work.
    let editor_area = if git {
        outside_box(m, state, *kind, f, body, task_h)
    } else {
        editor_box(m, state, f, body, task_h)
    };
    let editor_h = editor_area.height;

    // The output.
    let out_area = Rect {
        y: editor_area.y + editor_h,
        height: body.height.saturating_sub(task_h + editor_h),
        ..body
    };
    let mut lines: Vec<Line> = Vec::new();
    if let Some(why) = &state.unavailable {
        lines.push(Line::styled(
            format!(" This lab can't run: {why}"),
            m.theme.danger(),
        ));
    } else if let Some(out) = &state.output {
        let style = match out.tone {
            Tone::Good => m.theme.success(),
            Tone::Bad => m.theme.danger(),
            Tone::Info => m.theme.muted(),
        };
        lines.push(Line::styled(format!(" {}", out.message), style));
        if let Some(result) = &out.result {
            lines.extend(table(
                m,
                result,
                usize::from(out_area.width.saturating_sub(1)),
            ));
        }
    }
    if *kind == LabKind::Http && state.unavailable.is_none() {
        lines.push(Line::styled(
            format!(
                " Requests received ({}), newest first:",
                state.requests.len()
            ),
            m.theme.muted(),
        ));
        for r in &state.requests {
            let ok = r
                .split_whitespace()
                .next()
                .and_then(|s| s.parse::<u16>().ok())
                .is_some_and(|s| s < 400);
            let style = if ok {
                m.theme.success()
            } else {
                m.theme.warning()
            };
            lines.push(Line::styled(format!("   {r}"), style));
        }
    }
    if state.unavailable.is_none() && state.output.is_none() && !git {
        lines.push(Line::styled(
            " Write SQL above and press F5 to run it; the result replaces this introduction.",
            m.theme.muted(),
        ));
        lines.push(Line::raw(""));
        let intro = lab.intro.split_once('\n').map_or("", |(_, rest)| rest);
        let doc = markdown::render(intro, &m.render_options(text_w));
        lines.extend(
            doc_lines(&doc, &m.theme, 0..doc.lines.len(), &[], None)
                .into_iter()
                .map(|mut l| {
                    l.spans.insert(0, Span::raw(" "));
                    l
                }),
        );
    }
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(out_area.height);
    f.render_widget(
        Paragraph::new(lines).scroll((state.scroll.min(max), 0)),
        out_area,
    );
    let hint = if *kind == LabKind::Http {
        " Tasks tick off as requests arrive; n/p tasks, h hint, r restarts the API, Esc stops it."
    } else if *kind == LabKind::Git {
        " Enter checks the task; n/p tasks, h hint, v introduction, r recreates the repository."
    } else if state.editing {
        " Typing SQL: F5 (or Ctrl-R, Ctrl-Enter) runs it; Ctrl-P recalls the last one."
    } else {
        " n/p tasks, h hint, v introduction, r resets the database, PgDn scrolls, Enter edits."
    };
    chrome::status(
        m,
        f,
        parts.status,
        vec![Span::styled(hint, m.theme.muted())],
        vec![],
    );
    chrome::footer(m, f, parts.footer);
}

/// The SQL editor below the task; returns the area it took.
fn editor_box(m: &Model, state: &LabState, f: &mut Frame, body: Rect, task_h: u16) -> Rect {
    let editor_lines = state.editor.lines();
    let editor_h = u16::try_from(editor_lines.len() + 2)
        .unwrap_or(u16::MAX)
        .clamp(4, 9)
        .min(body.height.saturating_sub(task_h));
    let editor_area = Rect {
        y: body.y + task_h,
        height: editor_h,
        ..body
    };
    let title = if state.editing {
        " SQL · F5 runs · Esc leaves the editor "
    } else {
        " SQL · Enter to edit · n/p tasks · h hint · r reset "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(state.editing))
        .title(Span::styled(title, m.theme.title()));
    let inner = block.inner(editor_area);
    let (row, col) = state.editor.cursor();
    let top = row.saturating_sub(usize::from(inner.height.saturating_sub(1)));
    let visible: Vec<Line> = editor_lines
        .iter()
        .skip(top)
        .take(usize::from(inner.height))
        .map(|l| Line::raw(l.clone()))
        .collect();
    f.render_widget(Paragraph::new(visible).block(block), editor_area);
    if state.editing && inner.width > 0 {
        let before: String = editor_lines
            .get(row)
            .map(|l| l.chars().take(col).collect())
            .unwrap_or_default();
        let x = inner.x
            + u16::try_from(before.width())
                .unwrap_or(u16::MAX)
                .min(inner.width - 1);
        let y = inner.y + u16::try_from(row - top).unwrap_or(0);
        f.set_cursor_position(Position { x, y });
    }

    editor_area
}

/// Where a Git or HTTP lab is worked on: the folder to `cd` to, or the API to call, from
/// another terminal.
fn outside_box(
    m: &Model,
    state: &LabState,
    kind: LabKind,
    f: &mut Frame,
    body: Rect,
    task_h: u16,
) -> Rect {
    let area = Rect {
        y: body.y + task_h,
        height: 5.min(body.height.saturating_sub(task_h)),
        ..body
    };
    let place = state
        .workdir
        .as_deref()
        .unwrap_or("(being prepared…)")
        .to_string();
    let (title, intro, command, after) = if kind == LabKind::Http {
        (
            " Practice API on 127.0.0.1 · requests appear below ",
            "In another terminal, point the commands at the practice API:",
            "export API=",
            "then send the task's requests with curl; tasks tick off as they arrive.",
        )
    } else {
        (
            " Practice repository · Enter checks ",
            "In another terminal, work in the practice repository:",
            "cd ",
            "then come back and press Enter to check the task.",
        )
    };
    let lines = vec![
        Line::styled(intro, m.theme.muted()),
        Line::from(vec![
            Span::styled(command, m.theme.key()),
            Span::styled(place, m.theme.text().add_modifier(Modifier::BOLD)),
        ]),
        Line::styled(after, m.theme.muted()),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(true))
        .title(Span::styled(title, m.theme.title()));
    f.render_widget(Paragraph::new(lines).block(block), area);
    area
}

fn task_list(
    m: &Model,
    lab: &Lab,
    current: usize,
    solved: &dyn Fn(usize) -> bool,
    f: &mut Frame,
    area: Rect,
) {
    let lines: Vec<Line> = lab
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (mark, style) = if solved(i) {
                ("✓", m.theme.success())
            } else {
                ("☐", m.theme.muted())
            };
            let text = truncate(
                &format!(" {}. {}", i + 1, t.title),
                usize::from(area.width) - 3,
            );
            let cursor = if i == current {
                super::list::CURSOR
            } else {
                " "
            };
            let row = Line::from(vec![
                Span::styled(format!("{cursor}{mark}"), style),
                Span::raw(text),
            ]);
            if i == current {
                row.patch_style(m.theme.selected(false))
            } else {
                row
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::RIGHT)
                .border_style(m.theme.border(false)),
        ),
        area,
    );
}

/// A result set as a bordered text table that fits `width` (columns cut with `…`).
fn table(m: &Model, result: &ResultSet, width: usize) -> Vec<Line<'static>> {
    const MAX_SHOWN: usize = 200;
    let cols = result.columns.len().max(1);
    let mut widths: Vec<usize> = result.columns.iter().map(|c| c.width()).collect();
    for row in result.rows.iter().take(MAX_SHOWN) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let room = width.saturating_sub(3 * cols + 1).max(cols);
    while widths.iter().sum::<usize>() > room {
        let Some(widest) = widths.iter_mut().max() else {
            break;
        };
        if *widest <= 3 {
            break;
        }
        *widest -= 1;
    }
    let fmt_row = |cells: &[String]| -> String {
        let mut s = String::from("│");
        for (cell, w) in cells.iter().zip(&widths) {
            let c = truncate(cell, *w);
            s.push(' ');
            s.push_str(&c);
            s.push_str(&" ".repeat(w.saturating_sub(c.width())));
            s.push_str(" │");
        }
        s
    };
    let rule = |l: &str, mid: &str, r: &str| -> String {
        let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        format!("{l}{}{r}", inner.join(mid))
    };
    let mut lines = vec![
        Line::styled(rule("┌", "┬", "┐"), m.theme.muted()),
        Line::styled(
            fmt_row(&result.columns),
            m.theme.text().add_modifier(Modifier::BOLD),
        ),
        Line::styled(rule("├", "┼", "┤"), m.theme.muted()),
    ];
    for row in result.rows.iter().take(MAX_SHOWN) {
        lines.push(Line::raw(fmt_row(row)));
    }
    lines.push(Line::styled(rule("└", "┴", "┘"), m.theme.muted()));
    if result.rows.len() > MAX_SHOWN {
        lines.push(Line::styled(
            format!(" … {} more rows", result.rows.len() - MAX_SHOWN),
            m.theme.muted(),
        ));
    }
    lines
}
