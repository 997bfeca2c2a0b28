//! Semantic styles: views ask for what a thing *is* (a heading, a done mark, an error),
//! never for a colour, so themes and `NO_COLOR` change in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::markdown::{CodeTheme, Rgb, Role, SpanStyle, token_rgb};

/// Which palette to draw with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// Light text on a dark terminal.
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
}

/// The styles of every semantic element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    color: bool,
    name: ThemeName,
}

impl Theme {
    /// A theme; with `color` false only modifiers (bold, reverse …) are used.
    pub fn new(name: ThemeName, color: bool) -> Self {
        Self { color, name }
    }

    /// The palette.
    pub fn name(&self) -> ThemeName {
        self.name
    }

    /// The palette for highlighted code that suits this theme.
    pub fn code_theme(&self) -> CodeTheme {
        match self.name {
            ThemeName::Dark => CodeTheme::Dark,
            ThemeName::Light => CodeTheme::Light,
        }
    }

    /// Whether colours are drawn at all.
    pub fn has_color(&self) -> bool {
        self.color
    }

    fn fg(&self, dark: Color, light: Color) -> Style {
        if !self.color {
            return Style::default();
        }
        Style::default().fg(match self.name {
            ThemeName::Dark => dark,
            ThemeName::Light => light,
        })
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::default()
    }

    /// Secondary text: hints, counts, metadata.
    pub fn muted(&self) -> Style {
        if self.color {
            self.fg(Color::Gray, Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// Titles of screens and panes.
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list: reverse video works with and without colour.
    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::default()
                .fg(Color::Black)
                .bg(match self.name {
                    ThemeName::Dark => Color::Cyan,
                    ThemeName::Light => Color::LightBlue,
                })
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::default().add_modifier(Modifier::REVERSED),
            (false, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::default().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Something finished: done marks, passed quizzes, right answers.
    pub fn success(&self) -> Style {
        self.fg(Color::Green, Color::Green)
            .add_modifier(Modifier::BOLD)
    }

    /// Something wrong: failed answers, errors.
    pub fn danger(&self) -> Style {
        self.fg(Color::Red, Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Something that needs attention: warnings, the current step.
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow, Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }

    /// Key names in the footer and help.
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }

    /// Borders of panes.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan, Color::Blue)
        } else {
            self.muted()
        }
    }

    /// The background of code blocks (none without colour).
    pub fn code_background(&self) -> Style {
        if !self.color {
            return Style::default();
        }
        Style::default().bg(match self.name {
            ThemeName::Dark => Color::Indexed(236),
            ThemeName::Light => Color::Indexed(254),
        })
    }

    /// The filled part of a progress gauge.
    pub fn gauge(&self) -> Style {
        if self.color {
            self.fg(Color::Green, Color::Green)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// A find match in the reader; the current one is emphasised more.
    pub fn find_match(&self, current: bool) -> Style {
        match (self.color, current) {
            (true, true) => Style::default().fg(Color::Black).bg(Color::Yellow),
            (true, false) => Style::default().fg(Color::Black).bg(Color::DarkGray),
            (false, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::default().add_modifier(Modifier::REVERSED),
        }
    }

    /// The style of a markdown span.
    pub fn markdown(&self, s: &SpanStyle) -> Style {
        let mut style = match s.role {
            Role::Text => self.text(),
            Role::Heading(1) => self
                .fg(Color::Cyan, Color::Blue)
                .add_modifier(Modifier::BOLD),
            Role::Heading(2) => self
                .fg(Color::Magenta, Color::Magenta)
                .add_modifier(Modifier::BOLD),
            Role::Heading(3) => self
                .fg(Color::Yellow, Color::Red)
                .add_modifier(Modifier::BOLD),
            Role::Heading(_) => Style::default().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            Role::InlineCode => {
                if self.color {
                    self.fg(Color::LightYellow, Color::Red)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                }
            }
            Role::Code => self.fg(Color::Gray, Color::Black),
            Role::CodeLabel | Role::Url | Role::Continuation | Role::TableBorder | Role::Rule => {
                self.muted()
            }
            Role::Link => self
                .fg(Color::LightBlue, Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            Role::QuoteBar => self.fg(Color::DarkGray, Color::Gray),
            Role::ListMarker => self.fg(Color::Cyan, Color::Blue),
            Role::TableHeader => Style::default().add_modifier(Modifier::BOLD),
            Role::Footnote | Role::Image => self.fg(Color::Magenta, Color::Magenta),
        };
        if let (Some(token), true) = (s.token, self.color) {
            let Rgb(r, g, b) = token_rgb(token, self.code_theme());
            style = style.fg(Color::Rgb(r, g, b));
        }
        if s.bold {
            style = style.add_modifier(Modifier::BOLD);
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
