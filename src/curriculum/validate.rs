//! The full check behind `roadmap validate`: structure (as [`load`](super::load) checks it)
//! plus every relative link resolving to a file of the curriculum, and every lab working
//! (its setup loads and each task's own solution passes its check).

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::diagnostic::{Diagnostic, LineIndex};
use super::load::load;
use super::source::SourceTree;

/// Every problem of the curriculum in `tree`, sorted by file and line; empty when valid.
pub fn validate(tree: &SourceTree) -> Vec<Diagnostic> {
    let mut problems = match load(tree) {
        Ok(roadmap) => crate::lab::validate_labs(&roadmap, tree),
        Err(e) => e.problems,
    };
    for file in &tree.files {
        if let Some(Ok(text)) = &file.text {
            check_links(tree, &file.path, text, &mut problems);
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

fn check_links(tree: &SourceTree, path: &str, text: &str, problems: &mut Vec<Diagnostic>) {
    let mut lines: Option<LineIndex> = None;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
    for (event, range) in parser.into_offset_iter() {
        let url = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let message = match resolve_link(path, &url) {
            Link::External | Link::Anchor => continue,
            Link::Internal(target) if tree.contains(&target) => continue,
            Link::Internal(target) => {
                format!("link `{url}` points to `{target}`, which is not in the curriculum")
            }
            Link::Outside => format!("link `{url}` leaves the curriculum folder"),
        };
        let line = lines
            .get_or_insert_with(|| LineIndex::new(text))
            .line(range.start);
        problems.push(Diagnostic::new(tree.display(path), line, message));
    }
}

/// Where a link in a curriculum file leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// A URL with a scheme (`https:`, `mailto:` …).
    External,
    /// `#section` within the same file, or an empty link.
    Anchor,
    /// A file of the curriculum, as a root-relative path (fragment and query removed).
    Internal(String),
    /// A relative path that climbs above the curriculum root.
    Outside,
}

/// Resolves `url`, written in the file at root-relative `from`.
pub fn resolve_link(from: &str, url: &str) -> Link {
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.starts_with("//") {
        return Link::External;
    }
    let target = url.split(['#', '?']).next().unwrap_or_default();
    if target.is_empty() {
        return Link::Anchor;
    }
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Link::Outside;
                }
            }
            p => parts.push(p),
        }
    }
    Link::Internal(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_relative_to_their_file() {
        assert_eq!(
            resolve_link("02-net/01-a.md", "../03-db/02-b.md#x"),
            Link::Internal("03-db/02-b.md".into())
        );
        assert_eq!(
            resolve_link("02-net/01-a.md", "03-c.md"),
            Link::Internal("02-net/03-c.md".into())
        );
        assert_eq!(
            resolve_link("roadmap.md", "./01-a/step.md"),
            Link::Internal("01-a/step.md".into())
        );
        assert_eq!(
            resolve_link("02-net/01-a.md", "../../etc/passwd"),
            Link::Outside
        );
        assert_eq!(
            resolve_link("a.md", "https://example.com/x.md"),
            Link::External
        );
        assert_eq!(resolve_link("a.md", "mailto:a@b.c"), Link::External);
        assert_eq!(resolve_link("a.md", "#top"), Link::Anchor);
    }
}
