//! The single boundary around the syntax highlighter (syntect with two-face's
//! extra syntaxes and themes).
//!
//! The syntax set and themes are loaded lazily, once per process, on the first
//! call that needs them: start-up and renders without code never pay for it.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::Theme;
use syntect::parsing::{SyntaxReference, SyntaxSet};
use two_face::theme::EmbeddedThemeName;

use super::CodeTheme;
use super::document::Rgb;

/// Blocks larger than this are shown plain: highlighting cost must stay bounded.
const MAX_HIGHLIGHT_BYTES: usize = 128 * 1024;

/// One highlighted line: runs of text with their foreground colour.
pub type HighlightedLine = Vec<(Option<Rgb>, String)>;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn theme(which: CodeTheme) -> &'static Theme {
    static DARK: OnceLock<Theme> = OnceLock::new();
    static LIGHT: OnceLock<Theme> = OnceLock::new();
    let (cell, name) = match which {
        CodeTheme::Dark => (&DARK, EmbeddedThemeName::OneHalfDark),
        CodeTheme::Light => (&LIGHT, EmbeddedThemeName::OneHalfLight),
    };
    cell.get_or_init(|| two_face::theme::extra().get(name).clone())
}

/// The token syntect knows a fence language by, after common aliases.
fn token_for(lang: &str) -> Option<String> {
    let lower = lang.trim().to_ascii_lowercase();
    let token = match lower.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" | "output" | "none" => return None,
        "shell" | "sh" | "zsh" | "console" | "shell-session" => "bash",
        "dockerfile" | "docker" | "containerfile" => "Dockerfile",
        "golang" => "go",
        "javascript" | "node" => "js",
        "typescript" => "ts",
        "python" | "python3" | "py3" => "py",
        "rust" => "rs",
        "yml" => "yaml",
        "postgres" | "postgresql" | "psql" | "mysql" | "sqlite" => "sql",
        "jsonc" | "json5" => "json",
        other => other,
    };
    Some(token.to_owned())
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let token = token_for(lang)?;
    let set = syntaxes();
    set.find_syntax_by_token(&token)
        .filter(|s| s.name != "Plain Text")
}

/// True when `lang` names a language the highlighter knows (loads it if needed).
#[cfg(test)]
pub(crate) fn is_known(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// Highlights `code` (already sanitised, tabs expanded) as `lang`: one entry
/// per `\n`-separated line, each a list of coloured runs without the newline.
/// `None` when the language is unknown or the code too large, or on any
/// highlighter error: the caller then shows the code plain.
pub fn highlight(lang: &str, code: &str, theme_choice: CodeTheme) -> Option<Vec<HighlightedLine>> {
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return None;
    }
    let syntax = find_syntax(lang)?;
    let set = syntaxes();
    let mut h = HighlightLines::new(syntax, theme(theme_choice));
    let mut out = Vec::new();
    let mut buf = String::new();
    for line in code.split('\n') {
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let ranges = h.highlight_line(&buf, set).ok()?;
        let mut runs: HighlightedLine = Vec::with_capacity(ranges.len());
        for (style, text) in ranges {
            let text = text.strip_suffix('\n').unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            let c = style.foreground;
            let fg = Some(Rgb(c.r, c.g, c.b));
            match runs.last_mut() {
                Some((last_fg, last)) if *last_fg == fg => last.push_str(text),
                _ => runs.push((fg, text.to_owned())),
            }
        }
        out.push(runs);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_are_known() {
        for lang in [
            "rust",
            "python",
            "javascript",
            "typescript",
            "go",
            "java",
            "sql",
            "json",
            "yaml",
            "toml",
            "bash",
            "sh",
            "shell",
            "dockerfile",
            "Dockerfile",
            "js",
            "ts",
            "py",
            "yml",
        ] {
            assert!(is_known(lang), "{lang} should be highlighted");
        }
        for lang in ["text", "", "no-such-language"] {
            assert!(!is_known(lang), "{lang} should be plain");
        }
    }

    #[test]
    fn highlights_lines_with_colours() {
        let code = "fn main() {\n    let x = 1;\n}";
        for theme in [CodeTheme::Dark, CodeTheme::Light] {
            let lines = highlight("rust", code, theme).expect("rust is known");
            assert_eq!(lines.len(), 3);
            let joined: Vec<String> = lines
                .iter()
                .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
                .collect();
            assert_eq!(joined, ["fn main() {", "    let x = 1;", "}"]);
            let colours: std::collections::HashSet<_> =
                lines.iter().flatten().map(|(c, _)| *c).collect();
            assert!(colours.len() > 1, "several colours expected");
        }
    }

    #[test]
    fn unknown_is_none() {
        assert!(highlight("nope", "x", CodeTheme::Dark).is_none());
    }
}
