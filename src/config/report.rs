//! `roadmap config`: every setting in effect, its value and where it came from, as text
//! or JSON. Pure: the command line gathers what it shows.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use super::{FileState, Settings, Source};

/// What `roadmap config` shows besides the settings: the file and how colour is decided.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The config file's path, if there is a home folder to find it in.
    pub path: Option<&'a Path>,
    /// What became of the file.
    pub state: Option<&'a FileState>,
    /// The settings in effect.
    pub settings: &'a Settings,
    /// `auto`, `always` or `never`, and where that came from.
    pub color: (&'a str, Source),
    /// The colour depth detected, and where from.
    pub depth: (&'a str, Source),
}

impl Report<'_> {
    /// One `(name, value, source)` row per setting.
    fn rows(&self) -> [(&'static str, Value, Source); 5] {
        let s = self.settings;
        let curriculum = s.curriculum.value.as_ref().map(|p| p.display().to_string());
        [
            ("theme", json!(s.theme.value.name()), s.theme.source),
            (
                "pass_mark",
                json!(s.pass_mark.value.percent()),
                s.pass_mark.source,
            ),
            ("curriculum", json!(curriculum), s.curriculum.source),
            ("color", json!(self.color.0), self.color.1),
            ("color_depth", json!(self.depth.0), self.depth.1),
        ]
    }

    /// `{"path","file","settings":{NAME:{"value","source"}}}`.
    pub fn json(&self) -> String {
        let settings: serde_json::Map<String, Value> = self
            .rows()
            .into_iter()
            .map(|(name, value, source)| {
                (
                    name.to_string(),
                    json!({"value": value, "source": source.name()}),
                )
            })
            .collect();
        let value = json!({
            "path": self.path.map(|p| p.display().to_string()),
            "file": self.state.map_or("none", FileState::name),
            "settings": settings,
        });
        format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        )
    }

    /// The file, then a line per setting: `theme        light     (file)`.
    pub fn text(&self) -> String {
        let mut out = match (self.path, self.state) {
            (Some(p), Some(FileState::Loaded)) => format!("config file: {}\n", p.display()),
            (Some(p), Some(FileState::Invalid(_))) => format!(
                "config file: {} (ignored: it has a problem, see above)\n",
                p.display()
            ),
            (Some(p), _) => format!("config file: {} (not there; defaults apply)\n", p.display()),
            (None, _) => "config file: none (no home folder found)\n".to_string(),
        };
        let rows: Vec<(&str, String, Source)> = self
            .rows()
            .into_iter()
            .map(|(name, value, source)| {
                let shown = match (name, value) {
                    ("pass_mark", v) => format!("{v}%"),
                    ("curriculum", Value::Null) => "built-in".to_string(),
                    (_, Value::String(s)) => s,
                    (_, v) => v.to_string(),
                };
                (name, shown, source)
            })
            .collect();
        let width = rows
            .iter()
            .map(|(_, v, _)| v.chars().count())
            .max()
            .unwrap_or(0);
        for (name, value, source) in rows {
            let _ = writeln!(out, "{name:<12} {value:<width$}  ({})", source.name());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Layer, resolve};
    use crate::tui::theme::ThemeName;

    #[test]
    fn text_and_json_name_each_source() {
        let file = Layer {
            theme: Some(ThemeName::Light),
            ..Layer::default()
        };
        let settings = resolve(&[(Source::File, &file)]);
        let report = Report {
            path: Some(Path::new("/c/config.json")),
            state: Some(&FileState::Loaded),
            settings: &settings,
            color: ("never", Source::Env),
            depth: ("256", Source::Env),
        };
        assert_eq!(
            report.text(),
            "config file: /c/config.json\n\
             theme        light     (file)\n\
             pass_mark    70%       (default)\n\
             curriculum   built-in  (default)\n\
             color        never     (env)\n\
             color_depth  256       (env)\n"
        );
        let v: Value = serde_json::from_str(&report.json()).expect("JSON");
        assert_eq!(v["file"], "loaded");
        assert_eq!(
            v["settings"]["theme"],
            json!({"value": "light", "source": "file"})
        );
        assert_eq!(v["settings"]["curriculum"]["value"], Value::Null);
        assert_eq!(v["settings"]["pass_mark"]["value"], 70);
    }
}
