//! Keys as data. Every action has a name, a section, a description and default keys;
//! the user's `[keys]` table overrides them by name. The footer hints and the `?`
//! overlay are generated from this table, so they always tell the truth.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Palette,
    CommandLine,
    NextPane,
    PrevPane,
    PaneQueue,
    PaneAccount,
    PaneSave,
    PaneProposal,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Back,
}

/// One row of the key table.
pub struct Binding {
    pub action: Action,
    pub name: &'static str,
    pub section: &'static str,
    pub help: &'static str,
    /// Short label for the footer; `None` keeps it out of the footer.
    pub hint: Option<&'static str>,
    pub defaults: &'static [&'static str],
}

const fn b(
    action: Action,
    name: &'static str,
    section: &'static str,
    help: &'static str,
    hint: Option<&'static str>,
    defaults: &'static [&'static str],
) -> Binding {
    Binding {
        action,
        name,
        section,
        help,
        hint,
        defaults,
    }
}

pub const BINDINGS: &[Binding] = &[
    b(
        Action::Help,
        "help",
        "General",
        "Show or hide this help",
        Some("help"),
        &["?"],
    ),
    b(
        Action::Palette,
        "palette",
        "General",
        "Go to an account by name (fuzzy)",
        Some("go to"),
        &["ctrl-p"],
    ),
    b(
        Action::CommandLine,
        "command_line",
        "General",
        "Command line (:goto NAME, :q)",
        Some("command"),
        &[":"],
    ),
    b(
        Action::Quit,
        "quit",
        "General",
        "Quit (Ctrl-C always quits)",
        Some("quit"),
        &["q"],
    ),
    b(
        Action::Back,
        "back",
        "General",
        "Close the overlay or go back",
        None,
        &["esc"],
    ),
    b(
        Action::PaneQueue,
        "pane_queue",
        "Panes",
        "Renewal queue",
        None,
        &["1"],
    ),
    b(
        Action::PaneAccount,
        "pane_account",
        "Panes",
        "Account and stakeholder map",
        None,
        &["2"],
    ),
    b(
        Action::PaneSave,
        "pane_save",
        "Panes",
        "Save plan",
        None,
        &["3"],
    ),
    b(
        Action::PaneProposal,
        "pane_proposal",
        "Panes",
        "Proposal builder",
        None,
        &["4"],
    ),
    b(
        Action::NextPane,
        "next_pane",
        "Panes",
        "Next pane",
        Some("pane"),
        &["tab"],
    ),
    b(
        Action::PrevPane,
        "prev_pane",
        "Panes",
        "Previous pane",
        None,
        &["backtab"],
    ),
    b(
        Action::Down,
        "down",
        "Moving",
        "Down one row",
        None,
        &["j", "down"],
    ),
    b(Action::Up, "up", "Moving", "Up one row", None, &["k", "up"]),
    b(
        Action::Top,
        "top",
        "Moving",
        "First row",
        None,
        &["g", "home"],
    ),
    b(
        Action::Bottom,
        "bottom",
        "Moving",
        "Last row",
        None,
        &["G", "end"],
    ),
    b(
        Action::PageDown,
        "page_down",
        "Moving",
        "Half a page down",
        None,
        &["ctrl-d", "pagedown"],
    ),
    b(
        Action::PageUp,
        "page_up",
        "Moving",
        "Half a page up",
        None,
        &["ctrl-u", "pageup"],
    ),
    b(
        Action::Open,
        "open",
        "Moving",
        "Open the selected account",
        Some("open"),
        &["enter"],
    ),
];

/// A key as the user writes it and as the screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            // Terminals report Ctrl-letters lower-case; shifted letters arrive as upper-case chars.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, ctrl }
    }

    /// Reads `"j"`, `"G"`, `"ctrl-p"`, `"tab"`, `"backtab"`, `"enter"`, `"esc"`, `"f1"`...
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s
            .strip_prefix("ctrl-")
            .or_else(|| s.strip_prefix("Ctrl-"))
            .or_else(|| s.strip_prefix("C-"))
        {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl })
    }

    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

#[derive(Debug)]
pub struct Keymap {
    keys: BTreeMap<&'static str, Vec<Key>>,
}

impl Keymap {
    /// The defaults with the user's overrides; an unknown action or key is an error
    /// naming the `[keys]` entry.
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Keymap, String> {
        let mut keys: BTreeMap<&'static str, Vec<Key>> = BINDINGS
            .iter()
            .map(|b| {
                (
                    b.name,
                    b.defaults
                        .iter()
                        .map(|k| Key::parse(k).expect("built-in key parses"))
                        .collect(),
                )
            })
            .collect();
        for (name, spec) in overrides {
            let binding = BINDINGS.iter().find(|b| b.name == name).ok_or_else(|| {
                format!(
                    "[keys] {name}: no such action (known: {})",
                    BINDINGS
                        .iter()
                        .map(|b| b.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let key = Key::parse(spec).ok_or_else(|| format!("[keys] {name} = \"{spec}\": not a key runway knows (examples: \"j\", \"ctrl-p\", \"tab\", \"f2\")"))?;
            keys.insert(binding.name, vec![key]);
        }
        Ok(Keymap { keys })
    }

    pub fn action_for(&self, e: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(e);
        BINDINGS
            .iter()
            .find(|b| self.keys.get(b.name).is_some_and(|ks| ks.contains(&k)))
            .map(|b| b.action)
    }

    pub fn keys_of(&self, action: Action) -> &[Key] {
        BINDINGS
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| self.keys.get(b.name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `(key, label)` pairs for the footer, in table order.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        BINDINGS
            .iter()
            .filter_map(|b| Some((self.keys.get(b.name)?.first()?.display(), b.hint?)))
            .collect()
    }

    /// `(section, keys, description)` rows for the help overlay.
    pub fn help_rows(&self) -> Vec<(&'static str, String, &'static str)> {
        BINDINGS
            .iter()
            .map(|b| {
                let keys = self
                    .keys
                    .get(b.name)
                    .map(|ks| ks.iter().map(Key::display).collect::<Vec<_>>().join(" / "))
                    .unwrap_or_default();
                (b.section, keys, b.help)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_map_conventional_keys() {
        let km = Keymap::new(&BTreeMap::new()).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('p'), KeyModifiers::CONTROL)),
            Some(Action::Palette)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::PageDown)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn overrides_replace_and_show_in_help() {
        let mut o = BTreeMap::new();
        o.insert("palette".to_string(), "ctrl-k".to_string());
        let km = Keymap::new(&o).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('k'), KeyModifiers::CONTROL)),
            Some(Action::Palette)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('p'), KeyModifiers::CONTROL)),
            None
        );
        assert!(km.hints().contains(&("Ctrl-K".to_string(), "go to")));
        assert!(
            km.help_rows()
                .iter()
                .any(|(_, k, h)| k == "Ctrl-K" && h.contains("Go to"))
        );
    }

    #[test]
    fn bad_overrides_are_named() {
        let mut o = BTreeMap::new();
        o.insert("teleport".to_string(), "t".to_string());
        assert!(Keymap::new(&o).unwrap_err().contains("teleport"));
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), "hyper-q".to_string());
        assert!(Keymap::new(&o).unwrap_err().contains("hyper-q"));
    }

    #[test]
    fn every_binding_has_a_unique_name_and_parseable_defaults() {
        let mut names: Vec<_> = BINDINGS.iter().map(|b| b.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), BINDINGS.len());
        for b in BINDINGS {
            for k in b.defaults {
                assert!(Key::parse(k).is_some(), "{k}");
            }
        }
    }
}
