//! A small multi-line text editor for the SQL lab: the text, the cursor, and the keys that
//! edit them. Pure: the lab screen draws it and sends it keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The text being edited, as lines, and the cursor (line, character index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    lines: Vec<String>,
    row: usize,
    col: usize,
}

impl Default for Editor {
    fn default() -> Self {
        Self {
            lines: vec![String::new()],
            row: 0,
            col: 0,
        }
    }
}

impl Editor {
    /// The whole text.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The lines, for drawing.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The cursor as (line, character).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// Replaces the text, with the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.lines = text.split('\n').map(str::to_string).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].chars().count();
    }

    fn byte(&self, col: usize) -> usize {
        self.lines[self.row]
            .char_indices()
            .nth(col)
            .map_or(self.lines[self.row].len(), |(i, _)| i)
    }

    fn line_len(&self) -> usize {
        self.lines[self.row].chars().count()
    }

    /// Applies an editing key; false when the key isn't one the editor handles.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => *self = Self::default(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let at = self.byte(self.col);
                self.lines[self.row].insert(at, c);
                self.col += 1;
            }
            KeyCode::Tab => {
                let at = self.byte(self.col);
                self.lines[self.row].insert_str(at, "  ");
                self.col += 2;
            }
            KeyCode::Enter if !ctrl => {
                let at = self.byte(self.col);
                let rest = self.lines[self.row].split_off(at);
                self.lines.insert(self.row + 1, rest);
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Backspace => {
                if self.col > 0 {
                    self.col -= 1;
                    let at = self.byte(self.col);
                    self.lines[self.row].remove(at);
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.line_len();
                    self.lines[self.row].push_str(&line);
                }
            }
            KeyCode::Delete => {
                if self.col < self.line_len() {
                    let at = self.byte(self.col);
                    self.lines[self.row].remove(at);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
            }
            KeyCode::Left if self.col > 0 => self.col -= 1,
            KeyCode::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.line_len();
            }
            KeyCode::Right if self.col < self.line_len() => self.col += 1,
            KeyCode::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.line_len(),
            KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[KeyCode]) -> Editor {
        let mut e = Editor::default();
        for k in keys {
            e.key(&KeyEvent::new(*k, KeyModifiers::NONE));
        }
        e
    }

    fn chars(s: &str) -> Vec<KeyCode> {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                }
            })
            .collect()
    }

    #[test]
    fn typing_newlines_and_backspace() {
        let e = typed(&chars("SELECT 1\nFROM t"));
        assert_eq!(e.text(), "SELECT 1\nFROM t");
        assert_eq!(e.cursor(), (1, 6));
        let mut keys = chars("ab\ncd");
        keys.extend([KeyCode::Home, KeyCode::Backspace]);
        assert_eq!(typed(&keys).text(), "abcd");
    }

    #[test]
    fn moving_and_editing_in_the_middle_of_wide_text() {
        let mut keys = chars("é日x");
        keys.extend([
            KeyCode::Left,
            KeyCode::Left,
            KeyCode::Char('-'),
            KeyCode::Delete,
        ]);
        assert_eq!(typed(&keys).text(), "é-x");
        let mut keys = chars("long line\nab");
        keys.extend([KeyCode::Up, KeyCode::End, KeyCode::Down]);
        assert_eq!(typed(&keys).cursor(), (1, 2));
    }

    #[test]
    fn set_text_puts_the_cursor_at_the_end() {
        let mut e = Editor::default();
        e.set_text("a\nbc");
        assert_eq!(e.cursor(), (1, 2));
        assert!(!e.key(&KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    }
}
