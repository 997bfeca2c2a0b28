//! The reader's lists above the text: the table of contents (headings, indented by level),
//! the lesson's links and the code blocks on screen to copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState};

use super::chrome::{centered, truncate};
use super::list;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::update::visible_code_blocks;

/// Where an open list overlay is drawn, shared with mouse hit-testing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlayLayout {
    /// The box, border included.
    pub rect: Rect,
    /// The rows of the list.
    pub inner: Rect,
    /// The rows each item takes.
    pub heights: Vec<usize>,
    /// The first item shown.
    pub offset: usize,
    /// The selected item.
    pub selected: usize,
}

/// The layout of the model's list overlay (contents, links or code blocks) in `area`;
/// `None` when no list overlay is open.
pub fn layout(m: &Model, area: Rect) -> Option<OverlayLayout> {
    let Screen::Reader(r) = &m.screen else {
        return None;
    };
    let (max_w, heights, selected) = match m.overlay? {
        Overlay::Toc(selected) => (70, vec![1; r.doc.headings.len()], selected),
        Overlay::Links(selected) => (90, vec![2; r.doc.links.len()], selected),
        Overlay::CodeBlocks(selected) => (
            90,
            vec![2; visible_code_blocks(r, m.height).len()],
            selected,
        ),
        Overlay::Help | Overlay::Confirm(_) => return None,
    };
    let width = area.width.saturating_sub(8).min(max_w);
    let rows: usize = heights.iter().sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height.min(area.height.saturating_sub(2)));
    let inner = Block::default().borders(Borders::ALL).inner(rect);
    let offset = list::offset(&heights, Some(selected), inner.height);
    Some(OverlayLayout {
        rect,
        inner,
        heights,
        offset,
        selected,
    })
}

/// Draws the contents of the open lesson.
pub fn render(m: &Model, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let inner_w = layout(m, area).map_or(0, |at| usize::from(at.inner.width));
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
    list_overlay(m, f, area, items, " Contents ");
}

/// The open list overlay as a bordered list centred above the screen, with the
/// selected item highlighted and marked.
fn list_overlay(m: &Model, f: &mut Frame, area: Rect, items: Vec<ListItem<'_>>, title: &str) {
    let Some(at) = layout(m, area) else {
        return;
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.border(true))
        .title(Span::styled(title.to_string(), m.theme.title()));
    let list = List::new(items)
        .block(block)
        .highlight_style(m.theme.selected(true));
    let mut state = ListState::default()
        .with_selected(Some(at.selected))
        .with_offset(at.offset);
    f.render_widget(Clear, at.rect);
    f.render_stateful_widget(list, at.rect, &mut state);
    list::mark_selected(f, at.inner, &at.heights, at.offset, at.selected);
}

/// Draws the open lesson's links, each with where it leads.
pub fn render_links(m: &Model, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let inner_w = layout(m, area).map_or(0, |at| usize::from(at.inner.width));
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
    list_overlay(m, f, area, items, " Links · Enter follows ");
}

/// Draws the code blocks on screen, numbered for the number keys.
pub fn render_code_blocks(m: &Model, f: &mut Frame, area: Rect) {
    let Screen::Reader(r) = &m.screen else {
        return;
    };
    let inner_w = layout(m, area).map_or(0, |at| usize::from(at.inner.width));
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
    list_overlay(m, f, area, items, " Copy which code block? · 1–9 or Enter ");
}
