//! Reading the user's config file. A missing file means the defaults; a bad one stops
//! the program with a message naming the key and line — never half a config.

use crate::domain::config::Config;
use std::path::{Path, PathBuf};

/// The commented default config shipped with runway; `runway config init` writes it.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    // Not named `source`: the message already carries it, and a source would be
    // printed a second time in the error's chain.
    #[error("{path}: cannot read: {cause}")]
    Read { path: String, cause: std::io::Error },
}

/// The platform config file (`~/.config/runway/config.toml` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "runway").map(|d| d.config_dir().join("config.toml"))
}

/// Loads `path`; a missing file gives the defaults.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(cause) => Err(ConfigError::Read {
            path: path.display().to_string(),
            cause,
        }),
    }
}

/// Parses config text; `origin` names the file in messages.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        path: origin.to_string(),
        message,
    };
    let cfg: Config = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| line_col(text, s.start))
            .map(|(l, c)| format!("line {l}, column {c}: "))
            .unwrap_or_default();
        invalid(format!("{at}{}", e.message().trim()))
    })?;
    cfg.validate().map_err(|(key, problem)| {
        let at = find_key_line(text, &key)
            .map(|l| format!("line {l}: "))
            .unwrap_or_default();
        invalid(format!("{at}{key} {problem}"))
    })?;
    Ok(cfg)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// The line where `section.key` is set, for messages about values that parse but
/// do not fit together.
fn find_key_line(text: &str, dotted: &str) -> Option<usize> {
    let (section, key) = dotted.rsplit_once('.').unwrap_or((dotted, ""));
    let mut in_section = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_section = t.trim_matches(|c| c == '[' || c == ']').trim() == section;
            if in_section && key.is_empty() {
                return Some(i + 1);
            }
        } else if in_section && !key.is_empty() && t.split('=').next().map(str::trim) == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_default_is_the_builtin_default() {
        assert_eq!(
            parse(DEFAULT_TOML, "assets/config.toml").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn empty_file_is_defaults() {
        assert_eq!(parse("", "x").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = parse("[health]\ngreen_min = 80\nyelow_min = 40\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.toml: line 3"), "{e}");
        assert!(e.contains("yelow_min"), "{e}");
    }

    #[test]
    fn wrong_type_is_named() {
        let e = parse("[queue]\nwindow_days = \"ninety\"\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn inconsistent_value_names_key_and_line() {
        let e = parse("[health]\ngreen_min = 60\nyellow_min = 70\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "c.toml: line 3: health.yellow_min must be below health.green_min"
        );
    }
}
