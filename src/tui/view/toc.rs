//! The reader's lists above the text: the table of contents (headings, indented by level),
//! the lesson's links and the code blocks on screen to copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState};

use super::chrome::{centered, truncate};
use super::list;
use crate::tui::model::{Model, Screen};
use crate::tui::update::visible_code_blocks;

/// Draws the contents of the open lesson with `selected` highlighted.
pub fn render(m: &Model, selected: usize, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let width = area.width.saturating_sub(8).min(70);
    let inner_w = usize::from(width.saturating_sub(2));
    let items: Vec<ListItem> = r
        .doc
        .headings
        .iter()
        .map(|h| {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            let text = truncate(&format!(" {indent}{}", h.text), inner_w);
            let style = if h.level <= 2 {
                m.theme.text()
            } else {
                m.theme.muted()
            };
            ListItem::new(Line::from(Span::styled(text, style)))
        })
        .collect();
    let heights = vec![1; items.len()];
    list_overlay(m, f, area, width, (items, &heights), " Contents ", selected);
}

/// A bordered list centred above the screen, its items `heights` rows tall, with
/// `selected` highlighted and marked.
fn list_overlay(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    width: u16,
    (items, heights): (Vec<ListItem<'_>>, &[usize]),
    title: &str,
    selected: usize,
) {
    let rows: usize = heights.iter().sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height.min(area.height.saturating_sub(2)));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(true))
        .title(Span::styled(title.to_string(), m.theme.title()));
    let inner = block.inner(rect);
    let offset = list::offset(heights, Some(selected), inner.height);
    let list = List::new(items)
        .block(block)
        .highlight_style(m.theme.selected(true));
    let mut state = ListState::default()
        .with_selected(Some(selected))
        .with_offset(offset);
    f.render_widget(Clear, rect);
    f.render_stateful_widget(list, rect, &mut state);
    list::mark_selected(f, inner, heights, offset, selected);
}

/// Draws the open lesson's links, each with where it leads, `selected` highlighted.
pub fn render_links(m: &Model, selected: usize, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let width = area.width.saturating_sub(8).min(90);
    let inner_w = usize::from(width.saturating_sub(2));
    let items: Vec<ListItem> = r
        .doc
        .links
        .iter()
        .map(|l| {
            let text = truncate(&format!(" {}", l.text), inner_w);
            let url = truncate(&format!("   {}", l.url), inner_w);
            ListItem::new(vec![
                Line::from(Span::styled(text, m.theme.text())),
                Line::from(Span::styled(url, m.theme.muted())),
            ])
        })
        .collect();
    let heights = vec![2; items.len()];
    list_overlay(
        m,
        f,
        area,
        width,
        (items, &heights),
        " Links · Enter follows ",
        selected,
    );
}

/// Draws the code blocks on screen, numbered for the number keys, `selected` highlighted.
pub fn render_code_blocks(m: &Model, selected: usize, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let width = area.width.saturating_sub(8).min(90);
    let inner_w = usize::from(width.saturating_sub(2));
    let items: Vec<ListItem> = visible_code_blocks(r, m.height)
        .into_iter()
        .filter_map(|i| r.doc.code_blocks.get(i))
        .enumerate()
        .map(|(n, block)| {
            let first = block
                .code
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            let first = crate::markdown::sanitize(&first.replace('\t', "    ")).into_owned();
            let lines = block.code.lines().count().max(1);
            let lang = if block.lang.is_empty() {
                String::new()
            } else {
                format!("{} · ", block.lang)
            };
            let what = if lines == 1 { "line" } else { "lines" };
            ListItem::new(vec![
                Line::from(vec![
                    Span::styled(format!(" {} ", n + 1), m.theme.key()),
                    Span::styled(
                        truncate(first.trim_end(), inner_w.saturating_sub(3)),
                        m.theme.text(),
                    ),
                ]),
                Line::from(Span::styled(
                    truncate(&format!("   {lang}{lines} {what}"), inner_w),
                    m.theme.muted(),
                )),
            ])
        })
        .collect();
    let heights = vec![2; items.len()];
    list_overlay(
        m,
        f,
        area,
        width,
        (items, &heights),
        " Copy which code block? · 1–9 or Enter ",
        selected,
    );
}
