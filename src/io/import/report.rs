//! The import report: what was (or would be) added, updated, unchanged and rejected,
//! every problem as `row N, column C: what is wrong ('value')`, as text or JSON.
//! Problems are counted without limit but only the first `KEPT` are held, so a file
//! with a million bad rows cannot fill memory or a terminal.

use super::headers::Ignored;
use serde::Serialize;

/// Problems held (and printed) per report; the count stays exact beyond it.
pub const KEPT: usize = 200;
/// Skipped footer lines held per report.
const KEPT_SKIPPED: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub row: u64,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The file's name (not its folder).
    pub file: String,
    pub kind: &'static str,
    pub dry_run: bool,
    /// The rows went into the book (not a dry run, nothing refused or cancelled).
    pub written: bool,
    pub cancelled: bool,
    /// Why the whole file was refused before its rows were read (empty file, a
    /// missing column, an unclosed quote, an undecidable date column, an encoding).
    pub refusals: Vec<String>,
    /// Bad cells, in row order (the first `KEPT`).
    pub problems: Vec<String>,
    pub problem_count: u64,
    /// Data rows read (blank rows and footer lines not counted).
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Stored values that met an empty cell and were kept (the file did not say).
    pub empty_kept: u64,
    /// Stored values cleared by an empty cell (`--clear-empty`).
    pub empty_cleared: u64,
    pub unknown_columns: Vec<String>,
    pub ignored_columns: Vec<Ignored>,
    pub skipped_lines: Vec<Skipped>,
    pub skipped_count: u64,
    /// Plain remarks ("nothing to import: …").
    pub notes: Vec<String>,
}

impl Report {
    pub fn new(file: String, kind: &'static str, dry_run: bool) -> Report {
        Report {
            schema_version: 1,
            file,
            kind,
            dry_run,
            ..Default::default()
        }
    }

    /// Refused: nothing was written because something in the file is wrong.
    pub fn refused(&self) -> bool {
        !self.refusals.is_empty() || self.problem_count > 0
    }

    pub fn refuse(&mut self, why: String) {
        self.refusals.push(why);
    }

    pub fn problem(&mut self, line: String) {
        self.problem_count += 1;
        if self.problems.len() < KEPT {
            self.problems.push(line);
        }
    }

    pub fn skip(&mut self, row: u64, text: String) {
        self.skipped_count += 1;
        if self.skipped_lines.len() < KEPT_SKIPPED {
            self.skipped_lines.push(Skipped { row, text });
        }
    }

    /// The report as JSON (`schema_version` 1), with `refused` spelt out.
    pub fn json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("refused".into(), self.refused().into());
        }
        v
    }

    /// The report as people read it; the last line is always the counts.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let head = if self.cancelled {
            format!("Cancelled importing {}: nothing written.", self.file)
        } else if self.refused() {
            format!("Refused {}: nothing written.", self.file)
        } else if self.dry_run {
            format!("Dry run of {} ({}): nothing written.", self.file, self.kind)
        } else if self.written {
            format!("Imported {} ({}).", self.file, self.kind)
        } else {
            format!("Nothing imported from {} ({}).", self.file, self.kind)
        };
        out.push_str(&head);
        out.push('\n');
        for line in self.refusals.iter().chain(&self.problems) {
            out.push_str(line);
            out.push('\n');
        }
        let more = self.problem_count - self.problems.len() as u64;
        if more > 0 {
            out.push_str(&format!(
                "… and {more} more problem{}\n",
                if more == 1 { "" } else { "s" }
            ));
        }
        for n in &self.notes {
            out.push_str(n);
            out.push('\n');
        }
        if !self.unknown_columns.is_empty() {
            out.push_str(&format!(
                "unknown columns (ignored): {}\n",
                self.unknown_columns.join(", ")
            ));
        }
        for i in &self.ignored_columns {
            out.push_str(&format!("ignored column {}: {}\n", i.column, i.note));
        }
        for s in &self.skipped_lines {
            out.push_str(&format!(
                "skipped footer line: row {} '{}'\n",
                s.row, s.text
            ));
        }
        let more = self.skipped_count - self.skipped_lines.len() as u64;
        if more > 0 {
            out.push_str(&format!("… and {more} more footer lines\n"));
        }
        // A cancelled run's counts are only how far it got; say so, so nobody reads
        // "added 55295" as rows that are now in the book.
        let so_far = if self.cancelled {
            "before cancelling (none kept): "
        } else {
            ""
        };
        if self.empty_kept + self.empty_cleared > 0 && !self.refused() {
            let kept = plural(self.empty_kept, "stored value", "stored values");
            out.push_str(&match (self.empty_kept, self.empty_cleared) {
                (_, 0) => format!("empty cells: {kept} kept (use --clear-empty to clear them)\n"),
                (0, c) => format!(
                    "empty cells: {} cleared\n",
                    plural(c, "stored value", "stored values")
                ),
                (_, c) => format!(
                    "empty cells: {} cleared, {kept} kept\n",
                    plural(c, "stored value", "stored values")
                ),
            });
        }
        out.push_str(&format!(
            "{so_far}added {}, updated {}, unchanged {}, rejected {}\n",
            self.added, self.updated, self.unchanged, self.rejected
        ));
        out
    }
}

/// "1 stored value", "3 stored values".
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A cell as shown in a report line: inert, and cut at 60 characters so a 10 MB cell
/// cannot flood the report.
pub fn shown_value(s: &str) -> String {
    super::headers::shown(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_counted_past_what_is_kept() {
        let mut r = Report::new("a.csv".into(), "accounts", false);
        for i in 0..(KEPT as u64 + 5) {
            r.problem(format!("row {i}, column x: bad ('')"));
            r.rejected += 1;
        }
        assert!(r.refused());
        assert_eq!(r.problems.len(), KEPT);
        let text = r.text();
        assert!(text.starts_with("Refused a.csv: nothing written.\nrow 0,"));
        assert!(
            text.ends_with(
                "… and 5 more problems\nadded 0, updated 0, unchanged 0, rejected 205\n"
            )
        );
    }

    #[test]
    fn long_values_are_cut_and_inert() {
        let v = "x".repeat(10_000);
        assert_eq!(shown_value(&v).chars().count(), 61);
        assert_eq!(shown_value("a\u{1b}[2Jb"), "a␛[2Jb");
    }
}
