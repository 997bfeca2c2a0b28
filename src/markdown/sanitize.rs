//! Removal of characters that could drive or confuse a terminal.
//!
//! Lesson text reaches the screen through this module only: escape sequences
//! (raw, or decoded by pulldown-cmark from entities such as `&#27;`) must never
//! be printed, and bidirectional overrides must not reorder what the reader sees.

use std::borrow::Cow;

/// True for a character that must never reach the terminal: C0 controls
/// (newline and tab included, callers handle those first), DEL, C1 controls,
/// and the bidirectional embeddings, overrides and isolates.
pub(crate) fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Text made safe to print: tabs become spaces, the line and paragraph
/// separators (U+2028, U+2029) become newlines, and every other control
/// character (C0 but newline, DEL, C1) and every bidi override or isolate
/// (U+202A–U+202E, U+2066–U+2069) is removed. Borrows when nothing changes.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let needs_work = s
        .chars()
        .any(|c| c != '\n' && (is_forbidden(c) || matches!(c, '\u{2028}' | '\u{2029}')));
    if !needs_work {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], for text that must stay on one line: newlines become spaces too.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    match sanitize(s) {
        Cow::Borrowed(b) if !b.contains('\n') => Cow::Borrowed(b),
        other => Cow::Owned(other.replace('\n', " ")),
    }
}

/// Text with every character [`sanitize`] would remove (newlines and tabs too) shown as
/// an escape such as `\u{1b}`, for messages that must point at what is wrong in a name.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_forbidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_controls_are_visible() {
        assert_eq!(
            escape_controls("a\u{1b}[2J\u{202e}b"),
            "a\\u{1b}[2J\\u{202e}b"
        );
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("héllo 世界 🎉\nnext"), Cow::Borrowed(_)));
    }

    #[test]
    fn removes_controls_and_bidi() {
        let s = "a\u{1b}[2Jb\u{7}c\u{7f}d\u{9b}31me\u{85}f\u{202e}g\u{2066}h\u{2069}i\r";
        assert_eq!(sanitize(s), "a[2Jbcd31mefghi");
    }

    #[test]
    fn tabs_and_separators() {
        assert_eq!(sanitize("a\tb\u{2028}c"), "a b\nc");
        assert_eq!(sanitize_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn nothing_forbidden_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let clean = sanitize(&all);
        assert!(!clean.chars().any(|c| c != '\n' && is_forbidden(c)));
        assert!(!sanitize_line(&all).contains('\n'));
    }
}
