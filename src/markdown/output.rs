//! A [`Document`] as plain text or as text with ANSI SGR styles and OSC 8
//! hyperlinks, for `roadmap show` and tests.

use std::fmt::Write as _;
use std::path::Path;

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
    to_terminal(doc, Some((theme, depth)), &Hyperlinks::Off)
}

/// Whether and how [`to_terminal`] writes links as OSC 8 hyperlinks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hyperlinks<'a> {
    /// Links are text only.
    Off,
    /// http(s) and mailto links, and relative links when `base` (the folder of the
    /// markdown file) is known, become hyperlinks; others stay text only.
    On {
        /// The folder relative links start from.
        base: Option<&'a Path>,
    },
}

/// The document for a terminal: with SGR styles when `styles` is
/// `Some((theme, depth))` (as [`to_ansi`]), and with links as OSC 8 hyperlinks as
/// `hyperlinks` says. The link text and the URL shown after it stay visible; each link
/// is closed at the end of its line and reopened on the next, with an `id` tying the
/// parts together.
pub fn to_terminal(
    doc: &Document,
    styles: Option<(CodeTheme, ColorDepth)>,
    hyperlinks: &Hyperlinks<'_>,
) -> String {
    let targets: Vec<Option<String>> = match hyperlinks {
        Hyperlinks::Off => vec![None; doc.links.len()],
        Hyperlinks::On { base } => doc
            .links
            .iter()
            .map(|l| hyperlink_target(&l.url, *base))
            .collect(),
    };
    let mut out = String::new();
    for line in &doc.lines {
        let mut current = String::new();
        let mut open: Option<usize> = None;
        for span in &line.spans {
            let link = span
                .style
                .link
                .filter(|&i| targets.get(i).is_some_and(Option::is_some));
            if link != open {
                if open.is_some() {
                    out.push_str(OSC8_CLOSE);
                }
                if let Some(i) = link
                    && let Some(Some(target)) = targets.get(i)
                {
                    let _ = write!(out, "\x1b]8;id=roadmap-link-{i};{target}\x1b\\");
                }
                open = link;
            }
            if let Some((theme, depth)) = styles {
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
            }
            out.push_str(&span.text);
        }
        if open.is_some() {
            out.push_str(OSC8_CLOSE);
        }
        if !current.is_empty() {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// Ends an OSC 8 hyperlink.
const OSC8_CLOSE: &str = "\x1b]8;;\x1b\\";

/// Where a link written as `url` points, as a URI safe inside an OSC 8 sequence, or
/// `None` when it should stay text: only http(s) and mailto URLs, and relative paths
/// when `base` is known (as a `file://` URI). Every byte outside printable ASCII
/// (controls, ESC, BEL, spaces, non-ASCII) is percent-encoded, so no URL can end the
/// sequence early or inject escapes.
pub fn hyperlink_target(url: &str, base: Option<&Path>) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        return Some(percent_encode(url));
    }
    let has_scheme = url
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']));
    if has_scheme || url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let full = base?.join(path);
    let full = match full.canonicalize() {
        Ok(real) => real,
        Err(_) => lexically_normal(&std::path::absolute(&full).ok()?),
    };
    let full = full.to_str()?;
    if !full.starts_with('/') {
        return None;
    }
    Some(format!("file://{}", percent_encode(full)))
}

/// `path` with `.` and `..` resolved without looking at the disk.
fn lexically_normal(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `s` with every byte outside `!`..=`~` as `%XX`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
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

    #[test]
    fn links_become_osc_8_hyperlinks_with_the_text_still_visible() {
        let link = SpanStyle {
            role: Role::Link,
            link: Some(0),
            ..SpanStyle::default()
        };
        let mut d = doc(vec![span("see ", SpanStyle::default()), span("docs", link)]);
        d.links.push(super::super::document::Link {
            text: "docs".into(),
            url: "https://docs.rs".into(),
            line: 0,
        });
        let on = Hyperlinks::On { base: None };
        assert_eq!(
            to_terminal(&d, None, &on),
            "see \x1b]8;id=roadmap-link-0;https://docs.rs\x1b\\docs\x1b]8;;\x1b\\\n\n"
        );
        assert_eq!(to_terminal(&d, None, &Hyperlinks::Off), "see docs\n\n");
        // Only http(s), mailto and (with a base) relative links.
        d.links[0].url = "javascript:alert(1)".into();
        assert_eq!(to_terminal(&d, None, &on), "see docs\n\n");
    }

    #[test]
    fn hostile_urls_cannot_inject_escapes() {
        let target = hyperlink_target("https://x.example/\x1b]8;;evil\x07\x1b\\ b\u{9b}é", None)
            .expect("an https link");
        assert_eq!(
            target,
            "https://x.example/%1B]8;;evil%07%1B\\%20b%C2%9B%C3%A9"
        );
        assert!(target.bytes().all(|b| (0x21..=0x7e).contains(&b)));
    }

    #[test]
    fn link_targets_by_kind() {
        assert_eq!(
            hyperlink_target("MAILTO:a@b.c", None).as_deref(),
            Some("MAILTO:a@b.c")
        );
        for url in [
            "ftp://x",
            "file:///etc/passwd",
            "javascript:x",
            "#top",
            "",
            "//host/x",
        ] {
            assert_eq!(hyperlink_target(url, None), None, "{url}");
        }
        assert_eq!(hyperlink_target("next.md", None), None);
        assert_eq!(
            hyperlink_target("../b/next.md#part", Some(Path::new("/no/such/a"))).as_deref(),
            Some("file:///no/such/b/next.md")
        );
        assert_eq!(
            hyperlink_target("my file.md", Some(Path::new("/d"))).as_deref(),
            Some("file:///d/my%20file.md")
        );
    }

    #[test]
    fn nearest_colours() {
        assert_eq!(nearest_256(Rgb(0, 0, 0)), 16);
        assert_eq!(nearest_256(Rgb(255, 255, 255)), 231);
        assert_eq!(nearest_256(Rgb(128, 128, 128)), 244);
        assert_eq!(nearest_256(Rgb(95, 135, 175)), 67);
    }
}
