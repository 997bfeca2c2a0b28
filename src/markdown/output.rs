//! A [`Document`] as plain text or as text with ANSI SGR styles, for
//! `roadmap show` and tests.

use std::fmt::Write as _;

use super::CodeTheme;
use super::document::{Document, Rgb, Role, SpanStyle};
use super::palette::{ColorDepth, nearest_256, token_ansi16, token_rgb};

/// The document's text without styles: lines joined with `\n`, plus a final `\n`.
pub fn to_plain(doc: &Document) -> String {
    let mut out = String::new();
    for line in &doc.lines {
        for span in &line.spans {
            out.push_str(&span.text);
        }
        out.push('\n');
    }
    out
}

/// The document with SGR escape sequences for each role and modifier, and
/// code coloured from `theme`'s palette at the terminal's colour `depth`: 24-bit,
/// the nearest of the 256 colours, or the theme's choice among the 16 named ones.
/// Every styled line ends with a reset; no other escape sequence is written,
/// and span text is control-free by construction.
pub fn to_ansi(doc: &Document, theme: CodeTheme, depth: ColorDepth) -> String {
    let mut out = String::new();
    for line in &doc.lines {
        let mut current = String::new();
        for span in &line.spans {
            let sgr = sgr(&span.style, theme, depth);
            if sgr != current {
                if !current.is_empty() {
                    out.push_str("\x1b[0m");
                }
                if !sgr.is_empty() {
                    let _ = write!(out, "\x1b[{sgr}m");
                }
                current = sgr;
            }
            out.push_str(&span.text);
        }
        if !current.is_empty() {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// The SGR parameters (without `ESC [` and `m`) for a style; empty for none.
fn sgr(style: &SpanStyle, theme: CodeTheme, depth: ColorDepth) -> String {
    let mut codes: Vec<String> = Vec::new();
    codes.extend(
        role_codes(style.role, theme)
            .iter()
            .map(|s| (*s).to_owned()),
    );
    if style.bold && !codes.iter().any(|c| c == "1") {
        codes.push("1".to_owned());
    }
    if style.italic && !codes.iter().any(|c| c == "3") {
        codes.push("3".to_owned());
    }
    if style.strike {
        codes.push("9".to_owned());
    }
    if let Some(token) = style.token {
        let Rgb(r, g, b) = token_rgb(token, theme);
        codes.push(match depth {
            ColorDepth::TrueColor => format!("38;2;{r};{g};{b}"),
            ColorDepth::Ansi256 => format!("38;5;{}", nearest_256(Rgb(r, g, b))),
            ColorDepth::Ansi16 => token_ansi16(token, theme).fg_code().to_string(),
        });
    }
    codes.join(";")
}

/// The SGR parameters of a role in `theme`: named colours only, so they read on any
/// terminal; the light theme avoids yellow and cyan, high contrast avoids dim and grey.
fn role_codes(role: Role, theme: CodeTheme) -> &'static [&'static str] {
    match (theme, role) {
        (_, Role::Text | Role::Code) => &[],
        (_, Role::Heading(4..) | Role::TableHeader) => &["1"],
        (CodeTheme::Light, Role::Heading(2)) => &["1", "34"],
        (CodeTheme::Light, Role::Heading(3)) => &["1", "31"],
        (CodeTheme::Light, Role::InlineCode) => &["31"],
        (CodeTheme::Light, Role::ListMarker | Role::Footnote) => &["34"],
        (CodeTheme::HighContrast, Role::Heading(1)) => &["1", "96"],
        (CodeTheme::HighContrast, Role::Heading(2)) => &["1", "95"],
        (CodeTheme::HighContrast, Role::Heading(_)) => &["1", "93"],
        (CodeTheme::HighContrast, Role::InlineCode) => &["93"],
        (CodeTheme::HighContrast, Role::CodeLabel) => &["3"],
        (CodeTheme::HighContrast, Role::Link) => &["4", "96"],
        (CodeTheme::HighContrast, Role::Url) => &[],
        (CodeTheme::HighContrast, Role::ListMarker | Role::Footnote) => &["96"],
        (CodeTheme::HighContrast, Role::Image) => &["95"],
        (
            CodeTheme::HighContrast,
            Role::QuoteBar | Role::TableBorder | Role::Rule | Role::Continuation,
        ) => &["37"],
        (_, Role::Heading(1)) => &["1", "35"],
        (_, Role::Heading(2)) => &["1", "36"],
        (_, Role::Heading(_)) => &["1", "34"],
        (_, Role::InlineCode) => &["33"],
        (_, Role::CodeLabel) => &["2", "3"],
        (_, Role::Link) => &["4", "34"],
        (_, Role::Url) => &["2"],
        (_, Role::QuoteBar | Role::TableBorder | Role::Rule | Role::Continuation) => &["90"],
        (_, Role::ListMarker | Role::Footnote) => &["36"],
        (_, Role::Image) => &["35"],
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::{Line, Span, Token};
    use super::*;

    fn doc(spans: Vec<Span>) -> Document {
        Document {
            width: 80,
            lines: vec![
                Line {
                    spans,
                    ..Line::default()
                },
                Line::default(),
            ],
            ..Document::default()
        }
    }

    fn span(text: &str, style: SpanStyle) -> Span {
        Span {
            text: text.to_owned(),
            style,
        }
    }

    #[test]
    fn plain_joins_lines() {
        let d = doc(vec![
            span("a", SpanStyle::default()),
            span("b", SpanStyle::default()),
        ]);
        assert_eq!(to_plain(&d), "ab\n\n");
    }

    #[test]
    fn ansi_styles_and_resets() {
        let bold = SpanStyle {
            bold: true,
            ..SpanStyle::default()
        };
        let code = SpanStyle {
            role: Role::Code,
            token: Some(Token::Deleted),
            ..SpanStyle::default()
        };
        let d = doc(vec![
            span("plain ", SpanStyle::default()),
            span("bold", bold),
            span("red", code),
        ]);
        assert_eq!(
            to_ansi(&d, CodeTheme::Dark, ColorDepth::TrueColor),
            "plain \x1b[1mbold\x1b[0m\x1b[38;2;224;108;117mred\x1b[0m\n\n"
        );
        assert_eq!(
            to_ansi(&d, CodeTheme::Dark, ColorDepth::Ansi256),
            "plain \x1b[1mbold\x1b[0m\x1b[38;5;168mred\x1b[0m\n\n"
        );
        assert_eq!(
            to_ansi(&d, CodeTheme::Dark, ColorDepth::Ansi16),
            "plain \x1b[1mbold\x1b[0m\x1b[31mred\x1b[0m\n\n"
        );
    }

    #[test]
    fn roles_have_styles() {
        let s = |role| SpanStyle {
            role,
            ..SpanStyle::default()
        };
        assert_eq!(
            sgr(&s(Role::Heading(1)), CodeTheme::Dark, ColorDepth::TrueColor),
            "1;35"
        );
        assert_eq!(
            sgr(&s(Role::Link), CodeTheme::Dark, ColorDepth::TrueColor),
            "4;34"
        );
        assert_eq!(
            sgr(&s(Role::Url), CodeTheme::Dark, ColorDepth::TrueColor),
            "2"
        );
        let strike = SpanStyle {
            strike: true,
            italic: true,
            ..SpanStyle::default()
        };
        assert_eq!(sgr(&strike, CodeTheme::Dark, ColorDepth::TrueColor), "3;9");
    }

    #[test]
    fn roles_suit_the_theme() {
        let s = |role| SpanStyle {
            role,
            ..SpanStyle::default()
        };
        let at = |role, theme| sgr(&s(role), theme, ColorDepth::Ansi16);
        assert_eq!(at(Role::InlineCode, CodeTheme::Dark), "33");
        assert_eq!(at(Role::InlineCode, CodeTheme::Light), "31");
        assert_eq!(at(Role::InlineCode, CodeTheme::HighContrast), "93");
        for role in [Role::Url, Role::CodeLabel, Role::Rule, Role::QuoteBar] {
            let codes = at(role, CodeTheme::HighContrast);
            assert!(
                !codes.split(';').any(|c| c == "2" || c == "90"),
                "{role:?}: {codes}"
            );
        }
    }
}
