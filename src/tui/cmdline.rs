//! The `:` command line: a small parser with completion of command names. Later panes
//! add commands to `COMMANDS`.

/// Command names with a one-line description, for completion and `:help`.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "goto",
        "goto NAME — open the account that best matches NAME",
    ),
    ("help", "help — show the keys"),
    ("q", "q — quit"),
    ("quit", "quit — quit"),
];

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    Goto(String),
}

#[derive(Default)]
pub struct CommandLine {
    pub input: String,
}

impl CommandLine {
    /// Completes the command name at the start of the line: a unique prefix completes
    /// fully, several complete to their common prefix.
    pub fn complete(&mut self) {
        if self.input.contains(' ') {
            return;
        }
        let matches: Vec<&str> = COMMANDS
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| n.starts_with(self.input.as_str()))
            .collect();
        match matches.as_slice() {
            [] => {}
            [one] => self.input = format!("{one} "),
            many => {
                let first = many[0];
                let common = (0..first.len())
                    .rev()
                    .map(|i| &first[..=i])
                    .find(|p| many.iter().all(|m| m.starts_with(p)))
                    .unwrap_or("");
                if common.len() > self.input.len() {
                    self.input = common.to_string();
                }
            }
        }
    }

    /// What Tab would offer, for display beside the input.
    pub fn candidates(&self) -> Vec<&'static str> {
        let word = self.input.split(' ').next().unwrap_or("");
        if self.input.contains(' ') {
            return Vec::new();
        }
        COMMANDS
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| n.starts_with(word))
            .collect()
    }
}

/// Parses a command line (without the leading `:`).
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim();
    let (name, arg) = line
        .split_once(char::is_whitespace)
        .map(|(n, a)| (n, a.trim()))
        .unwrap_or((line, ""));
    match name {
        "q" | "quit" => Ok(Command::Quit),
        "help" => Ok(Command::Help),
        "goto" if arg.is_empty() => Err("goto needs a name: :goto NAME".into()),
        "goto" => Ok(Command::Goto(arg.to_string())),
        "" => Err("type a command; Tab completes, Esc cancels".into()),
        other => Err(format!(
            "unknown command '{}' — Tab lists commands",
            crate::domain::text::inert(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands() {
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(
            parse(" goto  blue heron "),
            Ok(Command::Goto("blue heron".into()))
        );
        assert!(parse("goto").is_err());
        assert!(
            parse("launch")
                .unwrap_err()
                .contains("unknown command 'launch'")
        );
    }

    #[test]
    fn completes_names() {
        let mut c = CommandLine { input: "go".into() };
        c.complete();
        assert_eq!(c.input, "goto ");
        let mut c = CommandLine { input: "q".into() };
        c.complete(); // q and quit: common prefix is "q" already
        assert_eq!(c.input, "q");
        assert_eq!(c.candidates(), vec!["q", "quit"]);
        let mut c = CommandLine { input: "he".into() };
        c.complete();
        assert_eq!(c.input, "help ");
    }
}
