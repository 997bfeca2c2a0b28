//! Semantic styles: views ask for what a thing *is* (a heading, a done mark, an error),
//! never for a colour, so themes, colour depth and `NO_COLOR` change in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::markdown::{
    Ansi16, CodeTheme, ColorDepth, Rgb, Role, SpanStyle, nearest_256, token_ansi16, token_rgb,
};

/// Which palette to draw with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// Light text on a dark terminal.
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Bright colours and bold on a black terminal; no dim or grey text.
    HighContrast,
}

impl ThemeName {
    /// The name as typed on the command line and in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    /// The palette for highlighted code that suits this theme.
    pub fn code_theme(self) -> CodeTheme {
        match self {
            ThemeName::Dark => CodeTheme::Dark,
            ThemeName::Light => CodeTheme::Light,
            ThemeName::HighContrast => CodeTheme::HighContrast,
        }
    }
}

impl<'de> serde::Deserialize<'de> for ThemeName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Takes the names `--theme` takes; errors point at the value.
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = ThemeName;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a theme name: \"dark\", \"light\" or \"high-contrast\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ThemeName, E> {
                <ThemeName as clap::ValueEnum>::from_str(v, false)
                    .map_err(|_| E::unknown_variant(v, &["dark", "light", "high-contrast"]))
            }
        }
        d.deserialize_str(Name)
    }
}

/// The colours of one theme, by what they mark. All are named ANSI colours (which every
/// colour terminal has) except the code background, which needs 256 colours.
struct Palette {
    /// Screen and pane titles, H1, the focused border, list markers.
    accent: Color,
    heading2: Color,
    heading3: Color,
    /// Secondary text; `None` keeps the terminal's own foreground.
    muted: Option<Color>,
    success: Color,
    danger: Color,
    warning: Color,
    key: Color,
    link: Color,
    inline_code: Color,
    code_text: Color,
    quote_bar: Color,
    /// Footnotes and images.
    aside: Color,
    selection_fg: Color,
    selection_bg: Color,
    find_fg: Color,
    find_bg: Color,
    find_current_bg: Color,
    /// The 256-colour index behind code blocks, if any.
    code_bg: Option<u8>,
}

const DARK: Palette = Palette {
    accent: Color::Cyan,
    heading2: Color::Magenta,
    heading3: Color::Yellow,
    muted: Some(Color::Gray),
    success: Color::Green,
    danger: Color::Red,
    warning: Color::Yellow,
    key: Color::Yellow,
    link: Color::LightBlue,
    inline_code: Color::LightYellow,
    code_text: Color::Gray,
    quote_bar: Color::DarkGray,
    aside: Color::Magenta,
    selection_fg: Color::Black,
    selection_bg: Color::Cyan,
    find_fg: Color::Black,
    find_bg: Color::DarkGray,
    find_current_bg: Color::Yellow,
    code_bg: Some(236),
};

const LIGHT: Palette = Palette {
    accent: Color::Blue,
    heading2: Color::Magenta,
    heading3: Color::Red,
    muted: Some(Color::DarkGray),
    success: Color::Green,
    danger: Color::Red,
    warning: Color::Magenta,
    key: Color::Blue,
    link: Color::Blue,
    inline_code: Color::Red,
    code_text: Color::Black,
    quote_bar: Color::Gray,
    aside: Color::Magenta,
    selection_fg: Color::Black,
    selection_bg: Color::LightBlue,
    find_fg: Color::Black,
    find_bg: Color::Gray,
    find_current_bg: Color::Yellow,
    code_bg: Some(254),
};

const HIGH_CONTRAST: Palette = Palette {
    accent: Color::LightCyan,
    heading2: Color::LightMagenta,
    heading3: Color::LightYellow,
    muted: None,
    success: Color::LightGreen,
    danger: Color::LightRed,
    warning: Color::LightYellow,
    key: Color::LightYellow,
    link: Color::LightCyan,
    inline_code: Color::LightYellow,
    code_text: Color::White,
    quote_bar: Color::White,
    aside: Color::LightMagenta,
    selection_fg: Color::Black,
    selection_bg: Color::White,
    find_fg: Color::Black,
    find_bg: Color::White,
    find_current_bg: Color::LightYellow,
    code_bg: None,
};

/// The styles of every semantic element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// `None` draws without colour: only modifiers (bold, reverse …).
    depth: Option<ColorDepth>,
    name: ThemeName,
}

impl Theme {
    /// A theme in 24-bit colour; with `color` false only modifiers (bold, reverse …) are
    /// used.
    pub fn new(name: ThemeName, color: bool) -> Self {
        Self::with_depth(name, color.then_some(ColorDepth::TrueColor))
    }

    /// A theme for a terminal of colour `depth`; `None` draws without colour.
    pub fn with_depth(name: ThemeName, depth: Option<ColorDepth>) -> Self {
        Self { depth, name }
    }

    /// The palette.
    pub fn name(&self) -> ThemeName {
        self.name
    }

    /// The palette for highlighted code that suits this theme.
    pub fn code_theme(&self) -> CodeTheme {
        self.name.code_theme()
    }

    /// Whether colours are drawn at all.
    pub fn has_color(&self) -> bool {
        self.depth.is_some()
    }

    /// The colour depth drawn with, `None` without colour.
    pub fn depth(&self) -> Option<ColorDepth> {
        self.depth
    }

    fn palette(&self) -> &'static Palette {
        match self.name {
            ThemeName::Dark => &DARK,
            ThemeName::Light => &LIGHT,
            ThemeName::HighContrast => &HIGH_CONTRAST,
        }
    }

    fn high_contrast(&self) -> bool {
        self.name == ThemeName::HighContrast
    }

    fn fg(&self, pick: impl Fn(&Palette) -> Color) -> Style {
        if self.depth.is_none() {
            return Style::default();
        }
        Style::default().fg(pick(self.palette()))
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::default()
    }

    /// Secondary text: hints, counts, metadata.
    pub fn muted(&self) -> Style {
        match (self.depth, self.palette().muted) {
            (None, _) => Style::default().add_modifier(Modifier::DIM),
            (Some(_), Some(color)) => Style::default().fg(color),
            (Some(_), None) => Style::default(),
        }
    }

    /// Titles of screens and panes.
    pub fn title(&self) -> Style {
        self.fg(|p| p.accent).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list: reverse video works with and without colour.
    pub fn selected(&self, focused: bool) -> Style {
        match (self.depth.is_some(), focused) {
            (true, true) => Style::default()
                .fg(self.palette().selection_fg)
                .bg(self.palette().selection_bg)
                .add_modifier(Modifier::BOLD),
            (true, false) if self.high_contrast() => {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
            }
            (true, false) => Style::default().add_modifier(Modifier::REVERSED),
            (false, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::default().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Something finished: done marks, passed quizzes, right answers.
    pub fn success(&self) -> Style {
        self.fg(|p| p.success).add_modifier(Modifier::BOLD)
    }

    /// Something wrong: failed answers, errors.
    pub fn danger(&self) -> Style {
        self.fg(|p| p.danger).add_modifier(Modifier::BOLD)
    }

    /// Something that needs attention: warnings, the current step.
    pub fn warning(&self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    /// Key names in the footer and help.
    pub fn key(&self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    /// Borders of panes.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.high_contrast()) {
            (true, true) => self.fg(|p| p.accent).add_modifier(Modifier::BOLD),
            (true, false) => self.fg(|p| p.accent),
            (false, _) => self.muted(),
        }
    }

    /// The background of code blocks: none without colour or on 16 colours, whose
    /// look the terminal decides.
    pub fn code_background(&self) -> Style {
        match (self.depth, self.palette().code_bg) {
            (Some(ColorDepth::Ansi256 | ColorDepth::TrueColor), Some(index)) => {
                Style::default().bg(Color::Indexed(index))
            }
            _ => Style::default(),
        }
    }

    /// The filled part of a progress gauge.
    pub fn gauge(&self) -> Style {
        if self.depth.is_some() {
            self.fg(|p| p.success)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// A find match in the reader; the current one is emphasised more.
    pub fn find_match(&self, current: bool) -> Style {
        let p = self.palette();
        match (self.depth.is_some(), current) {
            (true, true) => Style::default().fg(p.find_fg).bg(p.find_current_bg),
            (true, false) => Style::default().fg(p.find_fg).bg(p.find_bg),
            (false, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::default().add_modifier(Modifier::REVERSED),
        }
    }

    /// The colour of a code token at this theme's depth.
    fn token_color(&self, token: crate::markdown::Token) -> Option<Color> {
        let theme = self.code_theme();
        Some(match self.depth? {
            ColorDepth::TrueColor => {
                let Rgb(r, g, b) = token_rgb(token, theme);
                Color::Rgb(r, g, b)
            }
            ColorDepth::Ansi256 => Color::Indexed(nearest_256(token_rgb(token, theme))),
            ColorDepth::Ansi16 => token_ansi16(token, theme).into(),
        })
    }

    /// The style of a markdown span.
    pub fn markdown(&self, s: &SpanStyle) -> Style {
        let bold = Modifier::BOLD;
        let mut style = match s.role {
            Role::Text => self.text(),
            Role::Heading(1) => self.fg(|p| p.accent).add_modifier(bold),
            Role::Heading(2) => self.fg(|p| p.heading2).add_modifier(bold),
            Role::Heading(3) => self.fg(|p| p.heading3).add_modifier(bold),
            Role::Heading(_) => Style::default().add_modifier(bold | Modifier::ITALIC),
            Role::InlineCode => {
                if self.depth.is_some() {
                    self.fg(|p| p.inline_code)
                } else {
                    Style::default().add_modifier(bold)
                }
            }
            Role::Code => self.fg(|p| p.code_text),
            Role::CodeLabel | Role::Url | Role::Continuation | Role::TableBorder | Role::Rule => {
                self.muted()
            }
            Role::Link => self.fg(|p| p.link).add_modifier(Modifier::UNDERLINED),
            Role::QuoteBar => self.fg(|p| p.quote_bar),
            Role::ListMarker => self.fg(|p| p.accent),
            Role::TableHeader => Style::default().add_modifier(bold),
            Role::Footnote | Role::Image => self.fg(|p| p.aside),
        };
        if let Some(color) = s.token.and_then(|t| self.token_color(t)) {
            style = style.fg(color);
        }
        if s.bold {
            style = style.add_modifier(bold);
        }
        if s.italic {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if s.strike {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        style
    }
}

impl From<Ansi16> for Color {
    fn from(c: Ansi16) -> Self {
        match c {
            Ansi16::Black => Color::Black,
            Ansi16::Red => Color::Red,
            Ansi16::Green => Color::Green,
            Ansi16::Yellow => Color::Yellow,
            Ansi16::Blue => Color::Blue,
            Ansi16::Magenta => Color::Magenta,
            Ansi16::Cyan => Color::Cyan,
            Ansi16::White => Color::Gray,
            Ansi16::BrightBlack => Color::DarkGray,
            Ansi16::BrightRed => Color::LightRed,
            Ansi16::BrightGreen => Color::LightGreen,
            Ansi16::BrightYellow => Color::LightYellow,
            Ansi16::BrightBlue => Color::LightBlue,
            Ansi16::BrightMagenta => Color::LightMagenta,
            Ansi16::BrightCyan => Color::LightCyan,
            Ansi16::BrightWhite => Color::White,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Token;

    fn code(token: Token) -> SpanStyle {
        SpanStyle {
            role: Role::Code,
            token: Some(token),
            ..SpanStyle::default()
        }
    }

    #[test]
    fn code_colours_follow_the_depth() {
        let at = |depth| Theme::with_depth(ThemeName::Dark, depth).markdown(&code(Token::Keyword));
        assert_eq!(
            at(Some(ColorDepth::TrueColor)).fg,
            Some(Color::Rgb(0xc6, 0x78, 0xdd))
        );
        assert_eq!(at(Some(ColorDepth::Ansi256)).fg, Some(Color::Indexed(176)));
        assert_eq!(at(Some(ColorDepth::Ansi16)).fg, Some(Color::Magenta));
        assert_eq!(at(None).fg, None);
    }

    #[test]
    fn code_colours_follow_the_theme() {
        let fg = |name| {
            Theme::with_depth(name, Some(ColorDepth::Ansi16))
                .markdown(&code(Token::Function))
                .fg
        };
        assert_eq!(fg(ThemeName::Dark), Some(Color::LightBlue));
        assert_eq!(fg(ThemeName::Light), Some(Color::Blue));
        assert_eq!(fg(ThemeName::HighContrast), Some(Color::LightCyan));
    }

    #[test]
    fn sixteen_colours_have_no_indexed_or_rgb_colour() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let t = Theme::with_depth(name, Some(ColorDepth::Ansi16));
            for style in [t.code_background(), t.markdown(&code(Token::String))] {
                for c in [style.fg, style.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Indexed(_) | Color::Rgb(..)),
                        "{name:?}: {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn high_contrast_has_no_dim_or_grey_text() {
        let t = Theme::new(ThemeName::HighContrast, true);
        assert_eq!(t.muted(), Style::default());
        assert!(!t.muted().add_modifier.contains(Modifier::DIM));
    }
}
