//! The search screen: the query box and the results, each with its step, title and a
//! snippet with the match marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::chrome::{self, truncate};
use crate::search::{Hit, MAX_HITS, Target};
use crate::tui::model::{Model, SearchState};

/// Draws the search screen.
pub fn render(m: &Model, state: &SearchState, f: &mut Frame, area: Rect) {
    let parts = chrome::split(area);
    chrome::bar(
        f,
        parts.header,
        vec![Span::styled(" Search the roadmap", m.theme.title())],
        vec![Span::styled(
            "lessons, code and quiz questions ",
            m.theme.muted(),
        )],
    );
    let body = parts.body;
    if body.height < 3 {
        return;
    }
    let count = match state.hits.len() {
        _ if state.query.trim().is_empty() => "type to search".to_string(),
        0 => "no results".to_string(),
        1 => "1 result".to_string(),
        n if n >= MAX_HITS => format!("first {n} results"),
        n => format!("{n} results"),
    };
    let input = Line::from(vec![
        Span::styled(" / ", m.theme.key()),
        Span::styled(
            state.query.clone(),
            m.theme.text().add_modifier(Modifier::BOLD),
        ),
        Span::raw("▏ "),
        Span::styled(count, m.theme.muted()),
    ]);
    f.render_widget(Paragraph::new(input), Rect { height: 1, ..body });
    let (list_area, offset) = results(state, area);
    let width = usize::from(list_area.width.saturating_sub(4));
    let items: Vec<ListItem> = state.hits.iter().map(|h| item(m, h, width)).collect();
    let list = List::new(items).highlight_style(m.theme.selected(true));
    let mut list_state = ListState::default()
        .with_selected(Some(state.selected))
        .with_offset(offset);
    f.render_stateful_widget(list, list_area, &mut list_state);
    super::list::mark_selected(f, list_area, &heights(state), offset, state.selected);
    chrome::status(
        m,
        f,
        parts.status,
        vec![Span::styled(
            " Enter opens the lesson at the match; a question opens for practice.",
            m.theme.muted(),
        )],
        vec![],
    );
    chrome::footer(m, f, parts.footer);
}

/// Where the results are drawn in `area`, and the first one shown.
pub fn results(state: &SearchState, area: Rect) -> (Rect, usize) {
    let body = chrome::split(area).body;
    let list = Rect {
        y: body.y + 2,
        height: body.height.saturating_sub(2),
        ..body
    };
    let offset = super::list::offset(&heights(state), Some(state.selected), list.height);
    (list, offset)
}

/// The rows each result takes.
pub fn heights(state: &SearchState) -> Vec<usize> {
    state
        .hits
        .iter()
        .map(|h| if h.snippet.is_empty() { 2 } else { 3 })
        .collect()
}

/// A result as two lines: where it is, then the snippet with the match marked.
fn item(m: &Model, hit: &Hit, width: usize) -> ListItem<'static> {
    let (step, title) = match hit.target {
        Target::Lesson(s, l) => (s, m.roadmap.steps[s].lessons[l].title.clone()),
        Target::Question(s, q) => (
            s,
            m.roadmap.steps[s]
                .quiz
                .as_ref()
                .and_then(|quiz| quiz.questions.get(q))
                .map_or(String::new(), |q| format!("Quiz: {}", q.prompt)),
        ),
    };
    let matches = match hit.matches {
        0 => String::new(),
        1 => " · 1 match".to_string(),
        n => format!(" · {n} matches"),
    };
    let head = truncate(
        &format!(" {}. {title}", m.roadmap.steps[step].number),
        width.saturating_sub(matches.chars().count()),
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(head, m.theme.text().add_modifier(Modifier::BOLD)),
        Span::styled(matches, m.theme.muted()),
    ])];
    if !hit.snippet.is_empty() {
        let chars: Vec<char> = hit.snippet.chars().collect();
        let (start, len) = hit.highlight;
        let end = (start + len).min(chars.len());
        let start = start.min(end);
        let before: String = chars[..start].iter().collect();
        let found: String = chars[start..end].iter().collect();
        let after: String = chars[end..].iter().collect();
        let before = truncate(&before, width.saturating_sub(found.chars().count() + 6));
        lines.push(Line::from(vec![
            Span::styled(format!("    {before}"), m.theme.muted()),
            Span::styled(found, m.theme.find_match(true)),
            Span::styled(after, m.theme.muted()),
        ]));
    }
    lines.push(Line::raw(""));
    ListItem::new(lines)
}
