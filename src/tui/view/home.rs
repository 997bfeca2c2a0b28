//! Home: the overall gauge, the steps with their progress, and the focused step's
//! overview and entries (lessons, then the quiz).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::chrome::{self, duration, truncate};
use super::text::doc_lines;
use crate::activity;
use crate::curriculum::{EntryRef, reading_minutes};
use crate::markdown;
use crate::progress::local_date;
use crate::summary::Mark;
use crate::tui::model::{Focus, Model, PASS_PERCENT};

/// Where home draws its lists, shared with mouse hit-testing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeLayout {
    /// The steps pane, border included.
    pub steps_pane: Rect,
    /// The rows of the step list.
    pub steps: Rect,
    /// The first step shown.
    pub steps_offset: usize,
    /// The focused step's pane, border included.
    pub entries_pane: Rect,
    /// The rows of the entry list (below the overview); may be empty.
    pub entries: Rect,
    /// The first entry shown (the list scrolls to keep the selection visible).
    pub entries_offset: usize,
}

/// Where home draws its parts in `area`.
pub fn layout(m: &Model, area: Rect) -> HomeLayout {
    let body = chrome::split(area).body;
    let lists = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    let left_w = if lists.width >= 120 {
        56
    } else {
        (lists.width * 9 / 20).max(30)
    }
    .min(lists.width);
    let steps_pane = Rect {
        width: left_w,
        ..lists
    };
    let entries_pane = Rect {
        x: lists.x + left_w,
        width: lists.width - left_w,
        ..lists
    };
    let inner = pane_inner(steps_pane);
    let steps_h = u16::try_from(m.roadmap.steps.len())
        .unwrap_or(u16::MAX)
        .min(inner.height);
    let steps = Rect {
        height: steps_h,
        ..inner
    };
    let steps_offset =
        super::list::offset(&vec![1; m.roadmap.steps.len()], Some(m.home.step), steps_h);
    let inner = pane_inner(entries_pane);
    let over_h = if inner.height == 0 || inner.width < 4 {
        inner.height
    } else {
        let shown = overview_doc(m, overview_width(inner))
            .lines
            .len()
            .min(overview_room(m, inner));
        u16::try_from(shown + 1)
            .unwrap_or(u16::MAX)
            .min(inner.height)
    };
    let entries = Rect {
        y: inner.y + over_h + 1,
        height: inner.height.saturating_sub(over_h + 1),
        ..inner
    };
    let count = m.roadmap.steps[m.home.step].entry_count();
    let selected = (m.home.focus == Focus::Entries).then_some(m.home.entry);
    let entries_offset = super::list::offset(&vec![1; count], selected, entries.height);
    HomeLayout {
        steps_pane,
        steps,
        steps_offset,
        entries_pane,
        entries,
        entries_offset,
    }
}

/// The inside of a bordered pane.
fn pane_inner(pane: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(pane)
}

/// The overview's width in a pane whose inside is `inner`: a margin each side, and two
/// columns kept free so a cut overview can end with " …".
fn overview_width(inner: Rect) -> u16 {
    inner
        .width
        .saturating_sub(2)
        .max(1)
        .saturating_sub(2)
        .max(1)
}

/// The focused step's overview, laid out `width` columns wide.
fn overview_doc(m: &Model, width: u16) -> markdown::Document {
    let step = &m.roadmap.steps[m.home.step];
    markdown::render(overview_body(&step.overview), &m.render_options(width))
}

/// Overview lines that leave room for the entry list in a pane whose inside is `inner`.
fn overview_room(m: &Model, inner: Rect) -> usize {
    usize::from(inner.height)
        .saturating_sub(m.roadmap.steps[m.home.step].entry_count() + 3)
        .max(2)
}

/// Draws home.
pub fn render(m: &Model, f: &mut Frame, area: Rect) {
    let parts = chrome::split(area);
    header(m, f, parts.header);
    let gauge = Rect {
        height: 1,
        ..parts.body
    };
    progress_gauge(m, f, gauge);
    let layout = layout(m, area);
    steps(m, f, &layout);
    entries(m, f, &layout);
    let hint = continue_hint(m);
    chrome::status(m, f, parts.status, hint, vec![]);
    chrome::footer(m, f, parts.footer);
}

fn header(m: &Model, f: &mut Frame, area: Rect) {
    let (done, total) = m.totals();
    let minutes_left: usize = m
        .roadmap
        .all_lessons()
        .filter(|(_, _, l)| !m.is_done(&l.id))
        .map(|(_, _, l)| l.minutes())
        .sum();
    let left = vec![Span::styled(
        format!(" {}", m.roadmap.title),
        m.theme.title(),
    )];
    let right = vec![Span::styled(
        format!("{done}/{total} lessons · {} left ", duration(minutes_left)),
        m.theme.muted(),
    )];
    chrome::bar(f, area, left, right);
}

fn progress_gauge(m: &Model, f: &mut Frame, area: Rect) {
    let (done, total) = m.totals();
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let label = format!(" {pct:>3}% ");
    let width = usize::from(area.width).saturating_sub(label.width() + 2);
    let filled = (width * done).checked_div(total).unwrap_or(0);
    let line = Line::from(vec![
        Span::raw(" "),
        Span::styled("█".repeat(filled), m.theme.gauge()),
        Span::styled("░".repeat(width - filled), m.theme.muted()),
        Span::styled(label, m.theme.text().add_modifier(Modifier::BOLD)),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

/// A step's status mark: a symbol (readable without colour) and its style.
fn mark(m: &Model, step: usize) -> (&'static str, ratatui::style::Style) {
    let mark = m.step_summary(step).mark();
    let style = match mark {
        Mark::Done | Mark::TestedOut => m.theme.success(),
        Mark::Started => m.theme.warning(),
        Mark::NotStarted => m.theme.muted(),
    };
    (mark.symbol(), style)
}

fn steps(m: &Model, f: &mut Frame, layout: &HomeLayout) {
    let area = layout.steps_pane;
    let focused = m.home.focus == Focus::Steps;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(focused))
        .title(Span::styled(" Steps ", m.theme.title()));
    let inner_w = usize::from(area.width.saturating_sub(2));
    let wide = inner_w >= 50;
    let items: Vec<ListItem> = m
        .roadmap
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (sym, style) = mark(m, i);
            let count = format!("{}/{}", m.step_done_count(i), s.lessons.len());
            let quiz = if wide {
                match m.quiz_best(i) {
                    Some(b) if b >= PASS_PERCENT => format!("  quiz {b:>3}%"),
                    Some(b) => format!("  quiz {b:>3}%"),
                    None => "  quiz    —".to_string(),
                }
            } else {
                String::new()
            };
            let prefix = format!(" {sym} {:>2}. ", s.number);
            let fixed = prefix.width() + count.width() + quiz.width() + 2;
            let title_w = inner_w.saturating_sub(fixed);
            let title = truncate(&s.title, title_w);
            let pad = title_w.saturating_sub(title.width());
            ListItem::new(Line::from(vec![
                Span::styled(format!(" {sym}"), style),
                Span::raw(format!(" {:>2}. ", s.number)),
                Span::raw(title),
                Span::raw(" ".repeat(pad + 1)),
                Span::styled(count, m.theme.muted()),
                Span::styled(quiz, m.theme.muted()),
            ]))
        })
        .collect();
    let inner = block.inner(area);
    f.render_widget(block, area);
    let list = List::new(items).highlight_style(m.theme.selected(focused));
    let mut state = ListState::default()
        .with_selected(Some(m.home.step))
        .with_offset(layout.steps_offset);
    f.render_stateful_widget(list, layout.steps, &mut state);
    if focused {
        let heights = vec![1; m.roadmap.steps.len()];
        super::list::mark_selected(f, layout.steps, &heights, layout.steps_offset, m.home.step);
    }
    let rest = Rect {
        y: inner.y + layout.steps.height,
        height: inner.height - layout.steps.height,
        ..inner
    };
    study_record(m, f, rest);
}

/// The streak and, where there is room, a 12-week calendar of active days.
fn study_record(m: &Model, f: &mut Frame, area: Rect) {
    const WEEKS: usize = 12;
    if area.height < 2 || area.width < 20 {
        return;
    }
    let days = m
        .roadmap_progress()
        .map(|p| p.active_days.clone())
        .unwrap_or_default();
    let today = local_date(m.now);
    let streak = activity::streak(&days, today);
    let streak_text = match streak {
        0 => "no streak yet".to_string(),
        1 => "1-day streak".to_string(),
        n => format!("{n}-day streak"),
    };
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!(" {streak_text}"), m.theme.warning()),
            Span::styled(
                match days.len() {
                    1 => " · 1 day studied".to_string(),
                    n => format!(" · {n} days studied"),
                },
                m.theme.muted(),
            ),
        ]),
    ];
    let grid_w = 3 + 2 * WEEKS;
    if area.height >= 9 && usize::from(area.width) > grid_w {
        let grid = activity::calendar(&days, today, WEEKS);
        for (row, weekday) in grid.iter().zip(activity::WEEKDAYS) {
            let label = &format!("{weekday:?}")[..1];
            let mut spans = vec![Span::styled(format!(" {label} "), m.theme.muted())];
            for cell in row {
                spans.push(match cell {
                    Some(true) => Span::styled("■ ", m.theme.success()),
                    Some(false) => Span::styled("· ", m.theme.muted()),
                    None => Span::raw("  "),
                });
            }
            lines.push(Line::from(spans));
        }
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The step's overview without its title line.
fn overview_body(source: &str) -> &str {
    source
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim_start()
}

fn entries(m: &Model, f: &mut Frame, layout: &HomeLayout) {
    let area = layout.entries_pane;
    let focused = m.home.focus == Focus::Entries;
    let step = &m.roadmap.steps[m.home.step];
    let title = format!(" Step {} · {} ", step.number, step.title);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(focused))
        .title(Span::styled(
            truncate(&title, usize::from(area.width.saturating_sub(4))),
            m.theme.title(),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let text_w = inner.width.saturating_sub(2).max(1);

    // Overview: as much of the step's introduction as leaves room for the list, then its size.
    let doc = overview_doc(m, overview_width(inner));
    let room = overview_room(m, inner);
    let mut lines = doc_lines(&doc, &m.theme, 0..room, &[], None);
    if doc.lines.len() > room
        && let Some(last) = lines.last_mut()
    {
        last.spans.push(Span::styled(" …", m.theme.muted()));
    }
    let left: usize = step
        .lessons
        .iter()
        .filter(|l| !m.is_done(&l.id))
        .map(|l| l.minutes())
        .sum();
    let left = if left == 0 {
        "all read".to_string()
    } else {
        format!("{} left", duration(left))
    };
    let quiz = match m.quiz_best(m.home.step) {
        Some(b) => format!(" · quiz best {b}%"),
        None => String::new(),
    };
    let quiz = if m.is_tested_out(m.home.step) {
        format!("{quiz} · ★ tested out")
    } else {
        quiz
    };
    lines.push(Line::styled(
        format!(
            "{} · {} done · {left}{quiz}",
            plural(step.lessons.len(), "lesson"),
            m.step_done_count(m.home.step)
        ),
        m.theme.muted(),
    ));
    let over = Rect {
        x: inner.x + 1,
        width: text_w,
        height: layout.entries.y.saturating_sub(inner.y + 1),
        ..inner
    };
    f.render_widget(Paragraph::new(lines), over);

    // Entries.
    let list_area = layout.entries;
    if list_area.height == 0 {
        return;
    }
    let w = usize::from(list_area.width);
    let items: Vec<ListItem> = step
        .entries()
        .enumerate()
        .map(|(i, e)| match e {
            EntryRef::Lesson(l) => {
                let done = m.is_done(&l.id);
                let (sym, style) = if m.is_outdated(l) {
                    ("↻", m.theme.warning())
                } else if done {
                    ("✓", m.theme.success())
                } else {
                    ("·", m.theme.muted())
                };
                let notes = if m.notes.contains(&l.id) { "✎ " } else { "" };
                let time = match &l.lab {
                    Some((kind, lab)) => {
                        format!("{notes}{} lab · {}", kind.name(), lab.tasks.len())
                    }
                    None => format!("{notes}{:>3} min", reading_minutes(l.words)),
                };
                let prefix = format!(" {sym} {}. ", i + 1);
                let title_w = w.saturating_sub(prefix.width() + time.width() + 1);
                let title = truncate(&l.title, title_w);
                let pad = title_w.saturating_sub(title.width());
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {sym}"), style),
                    Span::raw(format!(" {}. ", i + 1)),
                    Span::raw(title),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(time, m.theme.muted()),
                ]))
            }
            EntryRef::Quiz(q) => {
                let best = match m.quiz_best(m.home.step) {
                    Some(b) if b >= PASS_PERCENT => (format!("best {b}% ✓"), m.theme.success()),
                    Some(b) => (format!("best {b}%"), m.theme.warning()),
                    None => ("not taken".to_string(), m.theme.muted()),
                };
                let label = format!("Quiz · {}", plural(q.questions.len(), "question"));
                let prefix = " ? ";
                let label_w = w.saturating_sub(prefix.width() + best.0.width() + 1);
                let label = truncate(&label, label_w);
                let pad = label_w.saturating_sub(label.width());
                ListItem::new(Line::from(vec![
                    Span::styled(prefix, m.theme.key()),
                    Span::styled(label, m.theme.text().add_modifier(Modifier::BOLD)),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(best.0, best.1),
                ]))
            }
        })
        .collect();
    let list = List::new(items).highlight_style(m.theme.selected(focused));
    let selected = focused.then_some(m.home.entry);
    let mut state = ListState::default()
        .with_selected(selected)
        .with_offset(layout.entries_offset);
    f.render_stateful_widget(list, list_area, &mut state);
    if focused {
        let heights = vec![1; step.entry_count()];
        super::list::mark_selected(f, list_area, &heights, layout.entries_offset, m.home.entry);
    }
}

fn continue_hint(m: &Model) -> Vec<Span<'static>> {
    let text = match m.continue_target() {
        Some((s, l)) => {
            let lesson = &m.roadmap.steps[s].lessons[l];
            format!(" continue with {}.{} {}", s + 1, l + 1, lesson.title)
        }
        None => " you have read every lesson".to_string(),
    };
    let mut spans = Vec::new();
    let due = m.due_reviews().len();
    if due > 0 {
        let what = if due == 1 { "question" } else { "questions" };
        spans.push(Span::styled(" r", m.theme.key()));
        spans.push(Span::styled(
            format!(" {due} {what} due for review ·"),
            m.theme.warning(),
        ));
    }
    spans.push(Span::styled(" c", m.theme.key()));
    spans.push(Span::styled(text, m.theme.muted()));
    spans
}

/// "1 lesson", "3 lessons".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
