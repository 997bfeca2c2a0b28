//! Colours for highlighted code: one palette per [`CodeTheme`], so the
//! terminal UI and `roadmap show` colour a [`Token`] the same way, at every
//! colour depth a terminal may offer ([`ColorDepth`]).

use super::CodeTheme;
use super::document::{Rgb, Token};

/// How many colours the terminal shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ColorDepth {
    /// The 16 named ANSI colours, whose look the terminal's own scheme decides.
    #[default]
    Ansi16,
    /// The xterm 256-colour palette.
    Ansi256,
    /// 24-bit colour.
    TrueColor,
}

impl ColorDepth {
    /// The depth that `COLORTERM` and `TERM` announce: `COLORTERM=truecolor` or `24bit`
    /// means 24-bit, a `TERM` naming `256color` means 256, anything else 16.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Self {
        if colorterm.is_some_and(|c| c == "truecolor" || c == "24bit") {
            ColorDepth::TrueColor
        } else if term.is_some_and(|t| t.contains("256color")) {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// [`ColorDepth::detect`] on this process's environment.
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok();
        Self::detect(var("COLORTERM").as_deref(), var("TERM").as_deref())
    }

    /// The name shown by `roadmap config`.
    pub fn name(self) -> &'static str {
        match self {
            ColorDepth::Ansi16 => "16",
            ColorDepth::Ansi256 => "256",
            ColorDepth::TrueColor => "truecolor",
        }
    }
}

/// One of the 16 named ANSI colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Ansi16 {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    White,
    BrightBlack,
    BrightRed,
    BrightGreen,
    BrightYellow,
    BrightBlue,
    BrightMagenta,
    BrightCyan,
    BrightWhite,
}

impl Ansi16 {
    /// The SGR parameter that sets this colour as the foreground (30–37, 90–97).
    pub fn fg_code(self) -> u8 {
        match self {
            Ansi16::Black => 30,
            Ansi16::Red => 31,
            Ansi16::Green => 32,
            Ansi16::Yellow => 33,
            Ansi16::Blue => 34,
            Ansi16::Magenta => 35,
            Ansi16::Cyan => 36,
            Ansi16::White => 37,
            Ansi16::BrightBlack => 90,
            Ansi16::BrightRed => 91,
            Ansi16::BrightGreen => 92,
            Ansi16::BrightYellow => 93,
            Ansi16::BrightBlue => 94,
            Ansi16::BrightMagenta => 95,
            Ansi16::BrightCyan => 96,
            Ansi16::BrightWhite => 97,
        }
    }
}

/// The 24-bit colour of `token` in `theme`.
pub fn token_rgb(token: Token, theme: CodeTheme) -> Rgb {
    match theme {
        CodeTheme::Dark => match token {
            Token::Keyword => Rgb(0xc6, 0x78, 0xdd),
            Token::Type => Rgb(0xe5, 0xc0, 0x7b),
            Token::Function => Rgb(0x61, 0xaf, 0xef),
            Token::String | Token::Inserted => Rgb(0x98, 0xc3, 0x79),
            Token::Number | Token::Constant => Rgb(0xd1, 0x9a, 0x66),
            Token::Comment => Rgb(0x7f, 0x84, 0x8e),
            Token::Operator | Token::Meta => Rgb(0x56, 0xb6, 0xc2),
            Token::Property | Token::Variable | Token::Deleted => Rgb(0xe0, 0x6c, 0x75),
        },
        CodeTheme::Light => match token {
            Token::Keyword => Rgb(0xa6, 0x26, 0xa4),
            Token::Type => Rgb(0xc1, 0x84, 0x01),
            Token::Function => Rgb(0x01, 0x84, 0xbc),
            Token::String | Token::Inserted => Rgb(0x50, 0xa1, 0x4f),
            Token::Number | Token::Constant => Rgb(0x98, 0x68, 0x01),
            Token::Comment => Rgb(0x80, 0x81, 0x87),
            Token::Operator | Token::Meta => Rgb(0x09, 0x97, 0xb3),
            Token::Property | Token::Variable | Token::Deleted => Rgb(0xe4, 0x56, 0x49),
        },
        // Bright, saturated colours for a black background: each is at least 7:1
        // against black (WCAG AAA), and comments are light grey, not dim.
        CodeTheme::HighContrast => match token {
            Token::Keyword => Rgb(0xff, 0x87, 0xff),
            Token::Type => Rgb(0xff, 0xff, 0x5f),
            Token::Function => Rgb(0x5f, 0xff, 0xff),
            Token::String | Token::Inserted => Rgb(0x87, 0xff, 0x5f),
            Token::Number | Token::Constant => Rgb(0xff, 0xaf, 0x5f),
            Token::Comment => Rgb(0xd0, 0xd0, 0xd0),
            Token::Operator | Token::Meta => Rgb(0xff, 0xff, 0xff),
            Token::Property | Token::Variable | Token::Deleted => Rgb(0xaf, 0xaf, 0xff),
        },
    }
}

/// The named colour of `token` in `theme` on a 16-colour terminal: chosen for the
/// background the theme expects rather than guessed as the nearest of the 16, whose
/// look each terminal's scheme decides.
pub fn token_ansi16(token: Token, theme: CodeTheme) -> Ansi16 {
    match theme {
        CodeTheme::Dark => match token {
            Token::Keyword => Ansi16::Magenta,
            Token::Type => Ansi16::Yellow,
            Token::Function => Ansi16::BrightBlue,
            Token::String | Token::Inserted => Ansi16::Green,
            Token::Number | Token::Constant => Ansi16::BrightRed,
            Token::Comment => Ansi16::BrightBlack,
            Token::Operator | Token::Meta => Ansi16::Cyan,
            Token::Property | Token::Variable | Token::Deleted => Ansi16::Red,
        },
        // No yellow, cyan or bright colours: they wash out on white.
        CodeTheme::Light => match token {
            Token::Keyword => Ansi16::Magenta,
            Token::Type | Token::Operator | Token::Meta => Ansi16::Blue,
            Token::Function => Ansi16::Blue,
            Token::String | Token::Inserted => Ansi16::Green,
            Token::Number | Token::Constant => Ansi16::Red,
            Token::Comment => Ansi16::BrightBlack,
            Token::Property | Token::Variable | Token::Deleted => Ansi16::Red,
        },
        CodeTheme::HighContrast => match token {
            Token::Keyword => Ansi16::BrightMagenta,
            Token::Type => Ansi16::BrightYellow,
            Token::Function => Ansi16::BrightCyan,
            Token::String | Token::Inserted => Ansi16::BrightGreen,
            Token::Number | Token::Constant => Ansi16::BrightRed,
            Token::Comment => Ansi16::White,
            Token::Operator | Token::Meta => Ansi16::BrightWhite,
            Token::Property | Token::Variable | Token::Deleted => Ansi16::BrightBlue,
        },
    }
}

/// The xterm 256-colour index closest to `c`: the 6×6×6 cube or the grey ramp.
pub fn nearest_256(Rgb(r, g, b): Rgb) -> u8 {
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
    use super::*;

    const THEMES: [CodeTheme; 3] = [CodeTheme::Dark, CodeTheme::Light, CodeTheme::HighContrast];
    const OTHERS: [Token; 4] = [
        Token::String,
        Token::Comment,
        Token::Function,
        Token::Number,
    ];

    #[test]
    fn classes_that_mean_different_things_look_different() {
        for theme in THEMES {
            let keyword = token_rgb(Token::Keyword, theme);
            for other in OTHERS {
                assert_ne!(keyword, token_rgb(other, theme), "{other:?} in {theme:?}");
            }
        }
    }

    #[test]
    fn on_16_colours_too() {
        for theme in THEMES {
            let keyword = token_ansi16(Token::Keyword, theme);
            for other in OTHERS {
                assert_ne!(
                    keyword,
                    token_ansi16(other, theme),
                    "{other:?} in {theme:?}"
                );
            }
            assert_ne!(
                token_ansi16(Token::String, theme),
                token_ansi16(Token::Comment, theme)
            );
        }
    }

    #[test]
    fn light_code_avoids_colours_that_wash_out_on_white() {
        let all = [
            Token::Keyword,
            Token::Type,
            Token::Function,
            Token::String,
            Token::Number,
            Token::Comment,
            Token::Operator,
            Token::Property,
        ];
        for token in all {
            let c = token_ansi16(token, CodeTheme::Light);
            assert!(
                !matches!(
                    c,
                    Ansi16::Yellow | Ansi16::BrightYellow | Ansi16::White | Ansi16::BrightWhite
                ),
                "{token:?} is {c:?}"
            );
        }
    }

    /// WCAG relative luminance.
    fn luminance(Rgb(r, g, b): Rgb) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    #[test]
    fn high_contrast_code_is_aaa_on_black() {
        for token in [
            Token::Keyword,
            Token::Type,
            Token::Function,
            Token::String,
            Token::Number,
            Token::Comment,
            Token::Operator,
            Token::Property,
        ] {
            let ratio = (luminance(token_rgb(token, CodeTheme::HighContrast)) + 0.05) / 0.05;
            assert!(ratio >= 7.0, "{token:?}: {ratio:.1}:1");
        }
    }

    #[test]
    fn depth_from_the_environment() {
        use ColorDepth::*;
        assert_eq!(
            ColorDepth::detect(Some("truecolor"), Some("xterm")),
            TrueColor
        );
        assert_eq!(ColorDepth::detect(Some("24bit"), None), TrueColor);
        assert_eq!(ColorDepth::detect(None, Some("xterm-256color")), Ansi256);
        assert_eq!(
            ColorDepth::detect(Some("yes"), Some("screen-256color")),
            Ansi256
        );
        assert_eq!(ColorDepth::detect(None, Some("xterm")), Ansi16);
        assert_eq!(ColorDepth::detect(None, Some("linux")), Ansi16);
        assert_eq!(ColorDepth::detect(None, None), Ansi16);
    }

    #[test]
    fn nearest_colours() {
        assert_eq!(nearest_256(Rgb(0, 0, 0)), 16);
        assert_eq!(nearest_256(Rgb(255, 255, 255)), 231);
        assert_eq!(nearest_256(Rgb(128, 128, 128)), 244);
        assert_eq!(nearest_256(Rgb(95, 135, 175)), 67);
    }
}
