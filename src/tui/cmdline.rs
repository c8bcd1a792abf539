//! The `:` command line: a small parser with completion of command names. Later panes
//! add commands to `COMMANDS`.

use crate::io::import::{DateOrder, Encoding, ImportFlags, ImportKind, parse_delimiter};

/// Command names with a one-line description, for completion and `:help`.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "goto",
        "goto NAME — open the account that best matches NAME (id, name)",
    ),
    ("help", "help — the keys of this pane and these commands"),
    (
        "import",
        "import accounts|stakeholders|signals FILE [--dry-run] [--clear-empty] [--date-order mdy|dmy] [--encoding windows-1252] [--delimiter ;]",
    ),
    (
        "new",
        "new — add an account by hand (id, name, ARR, renewal date)",
    ),
    ("q", "q — quit"),
    ("quit", "quit — quit"),
    ("redo", "redo — redo what you undid (Ctrl-R)"),
    (
        "reload",
        "reload — read the book again from the file (Ctrl-L)",
    ),
    ("undo", "undo — undo your last change, in any pane (u)"),
];

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    New,
    Undo,
    Redo,
    Reload,
    Goto(String),
    Import(ImportRequest),
}

/// `:import` as typed: what the cockpit hands to the background import, in the same
/// types `runway import` parses into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRequest {
    pub kind: ImportKind,
    pub file: std::path::PathBuf,
    pub flags: ImportFlags,
}

const IMPORT_USAGE: &str = "import accounts|stakeholders|signals FILE [--dry-run] [--clear-empty] [--date-order mdy|dmy] [--encoding windows-1252] [--delimiter ;]";

/// Splits on spaces, keeping "quoted parts" (either quote) together, so a file name
/// with spaces can be typed.
fn words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                started = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return Err("a quote is not closed".into());
    }
    if started || !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn parse_import(arg: &str, home: Option<&std::path::Path>) -> Result<ImportRequest, String> {
    let mut flags = ImportFlags::default();
    let mut it = words(arg)?.into_iter();
    let mut positional = Vec::new();
    while let Some(w) = it.next() {
        let mut value = |flag: &str| it.next().ok_or(format!("{flag} needs a value"));
        match w.as_str() {
            "--dry-run" | "-n" => flags.dry_run = true,
            "--clear-empty" => flags.clear_empty = true,
            "--date-order" => {
                let v = value("--date-order")?;
                flags.date_order = Some(
                    DateOrder::parse(&v).ok_or(format!("--date-order is mdy or dmy, not '{v}'"))?,
                );
            }
            "--encoding" => {
                let v = value("--encoding")?;
                flags.encoding = Encoding::parse(&v)
                    .ok_or(format!("--encoding is utf-8 or windows-1252, not '{v}'"))?;
            }
            "--delimiter" => flags.delimiter = Some(parse_delimiter(&value("--delimiter")?)?),
            f if f.starts_with("--") => return Err(format!("unknown option {f}; {IMPORT_USAGE}")),
            _ => positional.push(w),
        }
    }
    let [kind, file] = positional.as_slice() else {
        return Err(format!("usage: {IMPORT_USAGE}"));
    };
    let kind = ImportKind::parse(kind).ok_or(format!(
        "import accounts, stakeholders or signals — not '{kind}'"
    ))?;
    if file.trim().is_empty() {
        return Err(format!("which file? {IMPORT_USAGE}"));
    }
    let file = match (file.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => file.into(),
    };
    Ok(ImportRequest { kind, file, flags })
}

#[derive(Default)]
pub struct CommandLine {
    pub input: String,
    /// Tab on an empty line lists every command above the line.
    pub listing: bool,
}

impl CommandLine {
    /// Completes the command name at the start of the line: a unique prefix completes
    /// fully, several complete to their common prefix.
    pub fn complete(&mut self) {
        if self.input.contains(' ') {
            return;
        }
        if self.input.is_empty() {
            self.listing = true;
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
        "new" => Ok(Command::New),
        "undo" => Ok(Command::Undo),
        "redo" => Ok(Command::Redo),
        "reload" => Ok(Command::Reload),
        "goto" if arg.is_empty() => Err("goto needs a name: :goto NAME".into()),
        "goto" => Ok(Command::Goto(arg.to_string())),
        "import" => {
            let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
            parse_import(arg, home.as_deref())
                .map(Command::Import)
                .map_err(|e| crate::domain::text::inert(&e).into_owned())
        }
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
    fn parses_import() {
        let home = std::path::Path::new("/home/dana");
        let r = parse_import("accounts ~/Downloads/sf.csv --dry-run", Some(home)).unwrap();
        assert_eq!(r.kind, ImportKind::Accounts);
        assert_eq!(r.file, home.join("Downloads/sf.csv"));
        assert!(r.flags.dry_run);
        assert!(!r.flags.clear_empty);
        let r = parse_import("accounts a.csv --clear-empty", None).unwrap();
        assert!(r.flags.clear_empty && !r.flags.dry_run);
        let r = parse_import(
            "signals \"my export (1).csv\" --date-order dmy --encoding windows-1252 --delimiter ;",
            None,
        )
        .unwrap();
        assert_eq!(r.file, std::path::PathBuf::from("my export (1).csv"));
        assert_eq!(r.flags.date_order, Some(DateOrder::Dmy));
        assert_eq!(r.flags.encoding, Encoding::Windows1252);
        assert_eq!(r.flags.delimiter, Some(b';'));
        assert!(
            parse_import("people x.csv", None)
                .unwrap_err()
                .contains("not 'people'")
        );
        assert!(
            parse_import("accounts", None)
                .unwrap_err()
                .starts_with("usage:")
        );
        assert!(parse_import("accounts x.csv --date-order ymd", None).is_err());
        assert!(
            parse_import("accounts \"x.csv", None)
                .unwrap_err()
                .contains("quote")
        );
        assert!(
            parse_import("accounts x.csv --bogus", None)
                .unwrap_err()
                .contains("--bogus")
        );
        assert!(
            parse_import("accounts \"\"", None)
                .unwrap_err()
                .starts_with("which file?")
        );
    }

    #[test]
    fn completes_names() {
        let mut c = CommandLine {
            input: "go".into(),
            ..Default::default()
        };
        c.complete();
        assert_eq!(c.input, "goto ");
        let mut c = CommandLine {
            input: "q".into(),
            ..Default::default()
        };
        c.complete(); // q and quit: common prefix is "q" already
        assert_eq!(c.input, "q");
        assert_eq!(c.candidates(), vec!["q", "quit"]);
        let mut c = CommandLine {
            input: "he".into(),
            ..Default::default()
        };
        c.complete();
        assert_eq!(c.input, "help ");
        let mut c = CommandLine::default();
        c.complete();
        assert!(c.listing, "Tab on an empty line lists every command");
    }
}
