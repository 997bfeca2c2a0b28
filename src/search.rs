//! Roadmap-wide search over lesson titles, lesson text (code included) and quiz questions.
//! Case-insensitive. Pure: an index is built once from the roadmap and queried per keystroke.

use crate::curriculum::Roadmap;

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A lesson (step index, lesson index).
    Lesson(usize, usize),
    /// A quiz question (step index, question index).
    Question(usize, usize),
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where it is.
    pub target: Target,
    /// Whether the query is in the lesson's title (ranked first).
    pub title_match: bool,
    /// Matches in the text.
    pub matches: usize,
    /// A line of context around the first match, without markup noise.
    pub snippet: String,
    /// Character range of the match inside `snippet`.
    pub highlight: (usize, usize),
    /// Byte offset in the source of the first text match (0 for a title-only match).
    pub offset: usize,
}

/// One searchable text: its case-folded copy keeps a char-for-char correspondence.
#[derive(Debug)]
struct Entry {
    target: Target,
    title: String,
    text: String,
    folded: String,
}

/// The roadmap's texts, folded once for fast case-insensitive search.
#[derive(Debug)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

/// Most results returned: enough to scan, few enough to draw fast.
pub const MAX_HITS: usize = 200;
/// Characters of context on each side of a match in a snippet.
const CONTEXT: usize = 40;

/// Folds one character for case-insensitive matching, keeping one char per char.
fn fold_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

impl SearchIndex {
    /// Indexes every lesson and quiz question of `roadmap`.
    pub fn new(roadmap: &Roadmap) -> Self {
        let mut entries = Vec::new();
        for (si, step) in roadmap.steps.iter().enumerate() {
            for (li, lesson) in step.lessons.iter().enumerate() {
                // A lab is searched by what the learner may see: no solutions or checks.
                let text = match &lesson.lab {
                    Some((_, lab)) => lab.public_markdown(&lesson.title),
                    None => lesson.source.clone(),
                };
                entries.push(Entry {
                    target: Target::Lesson(si, li),
                    title: fold(&lesson.title),
                    folded: fold(&text),
                    text,
                });
            }
            for (qi, q) in step
                .quiz
                .iter()
                .flat_map(|q| q.questions.iter())
                .enumerate()
            {
                let mut text = format!("{}\n{}\n", q.prompt, q.body);
                for c in &q.choices {
                    text.push_str(&c.text);
                    text.push('\n');
                }
                text.push_str(&q.explanation);
                entries.push(Entry {
                    target: Target::Question(si, qi),
                    title: String::new(),
                    folded: fold(&text),
                    text,
                });
            }
        }
        Self { entries }
    }

    /// Hits for `query`: lessons whose title matches first, then lessons by how often the
    /// text matches, then quiz questions. Empty for a blank query.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let needle = fold(query.trim());
        if needle.is_empty() {
            return vec![];
        }
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|e| hit(e, &needle))
            .collect();
        hits.sort_by_key(|h| {
            (
                matches!(h.target, Target::Question(..)),
                !h.title_match,
                std::cmp::Reverse(h.matches),
            )
        });
        hits.truncate(MAX_HITS);
        hits
    }
}

fn hit(e: &Entry, needle: &str) -> Option<Hit> {
    let title_match = e.title.contains(needle);
    // A lesson's first line is its title: matches there count as title matches only.
    let body = match e.target {
        Target::Lesson(..) => e.folded.find('\n').map_or(e.folded.len(), |i| i + 1),
        Target::Question(..) => 0,
    };
    let mut positions = e.folded[body..]
        .match_indices(needle)
        .map(|(i, _)| body + i);
    let first = positions.next();
    let matches = first.map_or(0, |_| 1 + positions.count());
    if !title_match && matches == 0 {
        return None;
    }
    let (snippet, highlight, offset) = match first {
        Some(at) => {
            let (snippet, highlight) = snippet(&e.text, &e.folded, at, needle.chars().count());
            (snippet, highlight, original_offset(&e.text, &e.folded, at))
        }
        None => (String::new(), (0, 0), 0),
    };
    Some(Hit {
        target: e.target,
        title_match,
        matches,
        snippet,
        highlight,
        offset,
    })
}

/// The byte offset in `text` of byte `at` of its folded copy (they match char for char).
fn original_offset(text: &str, folded: &str, at: usize) -> usize {
    let chars = folded[..at].chars().count();
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The match's line, cut to about `CONTEXT` characters each side, without emphasis and
/// code marks or control characters; returns it and the match's char range in it.
fn snippet(text: &str, folded: &str, at: usize, len: usize) -> (String, (usize, usize)) {
    let start_char = folded[..at].chars().count();
    let chars: Vec<char> = text.chars().collect();
    let line_start = chars[..start_char]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let line_end = chars[start_char..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| start_char + i);
    let from = line_start.max(start_char.saturating_sub(CONTEXT));
    let to = line_end.min(start_char + len + CONTEXT);
    let mut out = String::new();
    let mut highlight = (0, 0);
    if from > line_start {
        out.push('…');
    }
    let mut count = out.chars().count();
    for (i, &c) in chars[from..to].iter().enumerate() {
        let at = from + i;
        if at == start_char {
            highlight.0 = count;
        }
        let in_match = (start_char..start_char + len).contains(&at);
        // Emphasis and code marks are markup, not text.
        if matches!(c, '*' | '`') && !in_match {
            continue;
        }
        out.push(if c.is_control() { ' ' } else { c });
        count += 1;
    }
    highlight.1 = len.min(count.saturating_sub(highlight.0));
    if to < line_end {
        out.push('…');
    }
    let trimmed = out.trim_start_matches(['#', '>', '-', '*', ' ']);
    let cut = out.chars().count() - trimmed.chars().count();
    let result = crate::markdown::sanitize(trimmed).into_owned();
    (result, (highlight.0.saturating_sub(cut), highlight.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::{SourceTree, load};

    fn roadmap() -> Roadmap {
        let files = [
            ("roadmap.md", "# R {#r}\n"),
            ("01-a/step.md", "# A\n"),
            ("01-a/01-joins.md", "# Joins\n\nA JOIN combines rows.\n"),
            (
                "01-a/02-indexes.md",
                "# Indexes\n\nAn index speeds up a join.\n\n```sql\nSELECT * FROM books JOIN users ON true;\n```\n\nJoin again.\n",
            ),
            (
                "01-a/quiz.md",
                "# Q\n\n## Which join keeps unmatched rows? {#left}\n- [x] LEFT JOIN\n- [ ] INNER JOIN\n\n> Left keeps them.\n",
            ),
        ];
        load(&SourceTree::from_files("c", files)).expect("valid")
    }

    #[test]
    fn title_matches_rank_first_then_text_then_questions() {
        let index = SearchIndex::new(&roadmap());
        let hits = index.search("JOIN");
        let targets: Vec<Target> = hits.iter().map(|h| h.target).collect();
        assert_eq!(
            targets,
            [
                Target::Lesson(0, 0),
                Target::Lesson(0, 1),
                Target::Question(0, 0)
            ]
        );
        assert!(hits[0].title_match);
        assert_eq!(hits[1].matches, 3, "prose, code and prose again");
    }

    #[test]
    fn matches_are_case_insensitive_and_count_code() {
        let index = SearchIndex::new(&roadmap());
        let hits = index.search("from books");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, Target::Lesson(0, 1));
        let h = &hits[0];
        let chars: Vec<char> = h.snippet.chars().collect();
        let shown: String = chars[h.highlight.0..h.highlight.0 + h.highlight.1]
            .iter()
            .collect();
        assert_eq!(shown, "FROM books");
        let lesson = &roadmap().steps[0].lessons[1];
        assert!(lesson.source[h.offset..].starts_with("FROM books"));
    }

    #[test]
    fn a_blank_or_missing_query_finds_nothing() {
        let index = SearchIndex::new(&roadmap());
        assert!(index.search("   ").is_empty());
        assert!(index.search("kubernetes").is_empty());
    }

    #[test]
    fn snippets_cut_long_lines_around_the_match() {
        let line = format!("{}needle{}", "a".repeat(100), "b".repeat(100));
        let (s, (start, len)) = snippet(&line, &fold(&line), 100, 6);
        assert!(s.starts_with('…') && s.ends_with('…'));
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(
            chars[start..start + len].iter().collect::<String>(),
            "needle"
        );
        assert!(s.chars().count() <= 2 * CONTEXT + 8);
    }
}
