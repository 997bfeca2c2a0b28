//! Colours for highlighted code: one palette per [`CodeTheme`], so the
//! terminal UI and `roadmap show` colour a [`Token`] the same way.

use super::CodeTheme;
use super::document::{Rgb, Token};

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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_that_mean_different_things_look_different() {
        for theme in [CodeTheme::Dark, CodeTheme::Light] {
            let keyword = token_rgb(Token::Keyword, theme);
            for other in [
                Token::String,
                Token::Comment,
                Token::Function,
                Token::Number,
            ] {
                assert_ne!(keyword, token_rgb(other, theme), "{other:?} in {theme:?}");
            }
        }
    }
}
