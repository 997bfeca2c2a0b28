//! The settings a learner can choose (theme, pass mark, default curriculum folder) and
//! where each one comes from: a flag beats the environment, which beats the config file,
//! which beats the default. Resolution is pure; [`file`] reads the file.

pub mod file;
pub mod report;

use std::path::PathBuf;

use serde::Deserialize;

use crate::summary::PassMark;
use crate::tui::theme::ThemeName;

pub use file::{ConfigFile, FileState, load};
pub use report::Report;

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Built into the app.
    Default,
    /// The config file.
    File,
    /// An environment variable.
    Env,
    /// A command-line option.
    Flag,
}

impl Source {
    /// The word `roadmap config` prints.
    pub fn name(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "file",
            Source::Env => "env",
            Source::Flag => "flag",
        }
    }
}

/// One setting's value and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in effect.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

/// Values for some of the settings, as one source gives them (absent ones are `None`).
/// The config file deserialises into this.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(expecting = r#"an object such as {"theme": "light"}"#)]
pub struct Layer {
    /// `dark`, `light` or `high-contrast`.
    pub theme: Option<ThemeName>,
    /// The quiz pass mark in percent, 1–100.
    pub pass_mark: Option<PassMark>,
    /// The curriculum folder used when `--curriculum` isn't given.
    pub curriculum: Option<PathBuf>,
}

/// The settings in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The colour theme.
    pub theme: Setting<ThemeName>,
    /// The quiz pass mark.
    pub pass_mark: Setting<PassMark>,
    /// The curriculum folder; `None` is the built-in roadmap.
    pub curriculum: Setting<Option<PathBuf>>,
}

/// The settings from `layers`, each tagged with its source: for every setting, the
/// layer of the highest [`Source`] that gives a value wins; else the default.
pub fn resolve(layers: &[(Source, &Layer)]) -> Settings {
    fn pick<T: Clone>(
        layers: &[(Source, &Layer)],
        get: impl Fn(&Layer) -> Option<T>,
        default: T,
    ) -> Setting<T> {
        layers
            .iter()
            .filter_map(|(source, layer)| {
                get(layer).map(|value| Setting {
                    value,
                    source: *source,
                })
            })
            .max_by_key(|s| s.source)
            .unwrap_or(Setting {
                value: default,
                source: Source::Default,
            })
    }
    Settings {
        theme: pick(layers, |l| l.theme, ThemeName::default()),
        pass_mark: pick(layers, |l| l.pass_mark, PassMark::DEFAULT),
        curriculum: pick(layers, |l| l.curriculum.clone().map(Some), None),
    }
}

/// The default config file: `config.json` in the platform's config folder
/// (`$XDG_CONFIG_HOME/roadmap` or `~/.config/roadmap` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roadmap").map(|d| d.config_dir().join("config.json"))
}

/// The config file named by `ROADMAP_CONFIG`, else the default one.
pub fn env_path() -> Option<PathBuf> {
    std::env::var_os("ROADMAP_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(default_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(theme: Option<ThemeName>, pass: Option<u32>) -> Layer {
        Layer {
            theme,
            pass_mark: pass.and_then(PassMark::new),
            curriculum: None,
        }
    }

    #[test]
    fn nothing_given_is_the_default() {
        let s = resolve(&[]);
        assert_eq!(s.theme.value, ThemeName::Dark);
        assert_eq!(s.theme.source, Source::Default);
        assert_eq!(s.pass_mark.value, PassMark::DEFAULT);
        assert_eq!(s.curriculum.value, None);
    }

    #[test]
    fn flag_beats_env_beats_file_per_setting() {
        let file = layer(Some(ThemeName::Light), Some(50));
        let env = layer(Some(ThemeName::HighContrast), None);
        let flag = layer(None, Some(90));
        // The order of the slice doesn't matter, only the sources.
        let s = resolve(&[
            (Source::Flag, &flag),
            (Source::File, &file),
            (Source::Env, &env),
        ]);
        assert_eq!(s.theme.value, ThemeName::HighContrast);
        assert_eq!(s.theme.source, Source::Env);
        assert_eq!(s.pass_mark.value.percent(), 90);
        assert_eq!(s.pass_mark.source, Source::Flag);
        let s = resolve(&[(Source::File, &file)]);
        assert_eq!(s.theme.source, Source::File);
        assert_eq!(s.pass_mark.value.percent(), 50);
    }
}
