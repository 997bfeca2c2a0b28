//! Reading `config.json`. The file is only ever read: a file that can't be used is
//! reported (path, line and column) and ignored as a whole, so the defaults apply and
//! the app still runs. Unknown keys are reported and ignored.

use std::io;
use std::path::{Path, PathBuf};

use super::Layer;

/// What became of the config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    /// No file there: the defaults apply.
    Missing,
    /// Read and used.
    Loaded,
    /// Unreadable or malformed, so ignored; the message says why and where.
    Invalid(String),
}

impl FileState {
    /// The word `roadmap config --json` prints.
    pub fn name(&self) -> &'static str {
        match self {
            FileState::Missing => "missing",
            FileState::Loaded => "loaded",
            FileState::Invalid(_) => "invalid",
        }
    }
}

/// The config file as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFile {
    /// Where it is (or would be).
    pub path: PathBuf,
    /// What came of reading it.
    pub state: FileState,
    /// Its values (empty unless loaded); a relative `curriculum` is resolved against the
    /// file's folder.
    pub values: Layer,
    /// Problems that didn't stop it being used: unknown keys.
    pub warnings: Vec<String>,
}

impl ConfigFile {
    /// Everything to tell the learner about the file, one line each.
    pub fn messages(&self) -> Vec<String> {
        let mut out = self.warnings.clone();
        if let FileState::Invalid(why) = &self.state {
            out.push(why.clone());
        }
        out
    }
}

/// Reads the config file at `path`. Never fails: problems end up in the result.
pub fn load(path: &Path) -> ConfigFile {
    let mut file = ConfigFile {
        path: path.to_path_buf(),
        state: FileState::Missing,
        values: Layer::default(),
        warnings: Vec::new(),
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return file,
        Err(e) => {
            file.state = FileState::Invalid(format!(
                "config file `{}` can't be read ({e}); using the default settings",
                path.display()
            ));
            return file;
        }
    };
    match parse(&bytes) {
        Ok((mut values, unknown)) => {
            if let (Some(dir), Some(c)) = (path.parent(), values.curriculum.as_mut())
                && c.is_relative()
            {
                *c = dir.join(&*c);
            }
            file.values = values;
            file.state = FileState::Loaded;
            file.warnings = unknown
                .iter()
                .map(|key| {
                    format!(
                        "config file `{}`: unknown key `{key}` ignored (the keys are theme, pass_mark and curriculum)",
                        path.display()
                    )
                })
                .collect();
        }
        Err(e) => {
            file.state = FileState::Invalid(format!(
                "{}:{}:{}: {}; the config file is ignored and the default settings are used",
                path.display(),
                e.line,
                e.column,
                e.message
            ));
        }
    }
    file
}

/// Why a config file's text can't be used, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (0 at the very start of an empty file).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses config JSON into its values and the paths of keys it doesn't know.
pub fn parse(bytes: &[u8]) -> Result<(Layer, Vec<String>), ParseError> {
    let mut unknown = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let values: Layer = serde_ignored::deserialize(&mut de, |path| unknown.push(path.to_string()))
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            ParseError {
                line: e.line(),
                column: e.column(),
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
            }
        })?;
    Ok((values, unknown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::PassMark;
    use crate::tui::theme::ThemeName;

    #[test]
    fn a_full_file() {
        let (values, unknown) =
            parse(br#"{"theme": "high-contrast", "pass_mark": 85, "curriculum": "/srv/roadmap"}"#)
                .expect("valid");
        assert_eq!(values.theme, Some(ThemeName::HighContrast));
        assert_eq!(values.pass_mark, PassMark::new(85));
        assert_eq!(values.curriculum, Some(PathBuf::from("/srv/roadmap")));
        assert!(unknown.is_empty());
    }

    #[test]
    fn unknown_keys_are_listed_not_fatal() {
        let (values, unknown) = parse(br#"{"theme": "light", "colour": "red"}"#).expect("valid");
        assert_eq!(values.theme, Some(ThemeName::Light));
        assert_eq!(unknown, ["colour"]);
    }

    #[test]
    fn errors_name_the_line_and_what_is_wrong() {
        let cases: [(&[u8], usize, &str); 6] = [
            (b"{\n  \"theme\": \"dark\",\n}", 3, "trailing comma"),
            (
                b"{\n  \"theme\": \"purple\"\n}",
                2,
                "unknown variant `purple`",
            ),
            (b"{\n\n  \"pass_mark\": 150\n}", 3, "from 1 to 100, not 150"),
            (b"{\"pass_mark\": \"high\"}", 1, "invalid type: string"),
            (
                b"\"dark\"",
                1,
                "expected an object such as {\"theme\": \"light\"}",
            ),
            (
                b"{\"theme\": 5}",
                1,
                "invalid type: integer `5`, expected a theme name",
            ),
        ];
        for (text, line, words) in cases {
            let e = parse(text).expect_err("invalid");
            assert_eq!(e.line, line, "{e:?}");
            assert!(e.message.contains(words), "{e:?}");
            assert!(!e.message.contains("at line"), "{e:?}");
        }
    }

    #[test]
    fn loading_never_fails_and_resolves_a_relative_curriculum() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.json");
        assert_eq!(load(&path).state, FileState::Missing);
        std::fs::write(&path, r#"{"curriculum": "mine", "x": 1}"#).expect("write");
        let file = load(&path);
        assert_eq!(file.state, FileState::Loaded);
        assert_eq!(file.values.curriculum, Some(dir.path().join("mine")));
        assert_eq!(file.warnings.len(), 1);
        std::fs::write(&path, "{").expect("write");
        let file = load(&path);
        assert!(matches!(&file.state, FileState::Invalid(m) if m.contains("config.json:1:1")));
        assert_eq!(file.values, Layer::default());
    }
}
