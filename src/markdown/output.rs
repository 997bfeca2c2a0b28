//! A [`Document`] as plain text or as text with ANSI SGR styles and OSC 8
//! hyperlinks, for `roadmap show` and tests.

use std::fmt::Write as _;
use std::path::Path;

use super::CodeTheme;
use super::document::{Document, Rgb, Role, SpanStyle};
use super::palette::token_rgb;

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
/// code coloured from `theme`'s palette as 24-bit (`truecolor`) or the nearest
/// of the 256 colours.
/// Every styled line ends with a reset; no other escape sequence is written,
/// and span text is control-free by construction.
pub fn to_ansi(doc: &Document, theme: CodeTheme, truecolor: bool) -> String {
    to_terminal(doc, Some((theme, truecolor)), &Hyperlinks::Off)
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
/// `Some((theme, truecolor))` (as [`to_ansi`]), and with links as OSC 8 hyperlinks as
/// `hyperlinks` says. The link text and the URL shown after it stay visible; each link
/// is closed at the end of its line and reopened on the next, with an `id` tying the
/// parts together.
pub fn to_terminal(
    doc: &Document,
    styles: Option<(CodeTheme, bool)>,
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
            if let Some((theme, truecolor)) = styles {
                let sgr = sgr(&span.style, theme, truecolor);
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
fn sgr(style: &SpanStyle, theme: CodeTheme, truecolor: bool) -> String {
    let mut codes: Vec<String> = Vec::new();
    let role: &[&str] = match style.role {
        Role::Text | Role::Code => &[],
        Role::Heading(1) => &["1", "35"],
        Role::Heading(2) => &["1", "36"],
        Role::Heading(3) => &["1", "34"],
        Role::Heading(_) => &["1"],
        Role::InlineCode => &["33"],
        Role::CodeLabel => &["2", "3"],
        Role::Link => &["4", "34"],
        Role::Url => &["2"],
        Role::QuoteBar => &["90"],
        Role::ListMarker => &["36"],
        Role::TableBorder => &["90"],
        Role::TableHeader => &["1"],
        Role::Rule => &["90"],
        Role::Continuation => &["90"],
        Role::Footnote => &["36"],
        Role::Image => &["35"],
    };
    codes.extend(role.iter().map(|s| (*s).to_owned()));
    if style.bold && !codes.iter().any(|c| c == "1") {
        codes.push("1".to_owned());
    }
    if style.italic && !codes.iter().any(|c| c == "3") {
        codes.push("3".to_owned());
    }
    if style.strike {
        codes.push("9".to_owned());
    }
    if let Some(Rgb(r, g, b)) = style.token.map(|t| token_rgb(t, theme)) {
        if truecolor {
            codes.push(format!("38;2;{r};{g};{b}"));
        } else {
            codes.push(format!("38;5;{}", nearest_256(Rgb(r, g, b))));
        }
    }
    codes.join(";")
}

/// The xterm 256-colour index closest to `c`: the 6×6×6 cube or the grey ramp.
fn nearest_256(Rgb(r, g, b): Rgb) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let level = |v: u8| -> usize {
        LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(i, _)| i)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey_i = (avg.saturating_sub(8) / 10).min(23);
    let grey_v = 8 + 10 * grey_i;
    let dist = |(x, y, z): (u32, u32, u32)| -> u32 {
        let d = |a: u32, b: u8| a.abs_diff(u32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let cube_d = dist((u32::from(cube.0), u32::from(cube.1), u32::from(cube.2)));
    let grey_d = dist((grey_v, grey_v, grey_v));
    if grey_d < cube_d {
        // grey_i <= 23, so the index fits in u8.
        232 + u8::try_from(grey_i).unwrap_or(23)
    } else {
        // ri, gi, bi < 6, so the index fits in u8.
        u8::try_from(16 + 36 * ri + 6 * gi + bi).unwrap_or(16)
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
            to_ansi(&d, CodeTheme::Dark, true),
            "plain \x1b[1mbold\x1b[0m\x1b[38;2;224;108;117mred\x1b[0m\n\n"
        );
        assert_eq!(
            to_ansi(&d, CodeTheme::Dark, false),
            "plain \x1b[1mbold\x1b[0m\x1b[38;5;168mred\x1b[0m\n\n"
        );
    }

    #[test]
    fn roles_have_styles() {
        let s = |role| SpanStyle {
            role,
            ..SpanStyle::default()
        };
        assert_eq!(sgr(&s(Role::Heading(1)), CodeTheme::Dark, true), "1;35");
        assert_eq!(sgr(&s(Role::Link), CodeTheme::Dark, true), "4;34");
        assert_eq!(sgr(&s(Role::Url), CodeTheme::Dark, true), "2");
        let strike = SpanStyle {
            strike: true,
            italic: true,
            ..SpanStyle::default()
        };
        assert_eq!(sgr(&strike, CodeTheme::Dark, true), "3;9");
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
