//! `runway export accounts|stakeholders|signals --csv`: the canonical files, so an
//! export re-imports to the same book, and safe to open in a spreadsheet.

use crate::io::canonical::{ACCOUNT_COLUMNS, SIGNAL_COLUMNS, STAKEHOLDER_COLUMNS};
use crate::store::{AccountLine, SignalLine, StakeholderLine};

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvKind {
    Accounts,
    Stakeholders,
    Signals,
}

/// A spreadsheet runs a cell that starts with `= + - @` (or a tab) as a formula, so
/// such text gets a leading `'`, which the importer strips again. A plain number we
/// wrote ourselves (an NPS of -20) cannot be a formula and stays a number.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Minor units as a plain major amount: `125000` or `125000.50` (no symbol, no
/// separators: the currency has its own column).
pub fn plain_amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if abs.is_multiple_of(100) {
        format!("{sign}{}", abs / 100)
    } else {
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// A reading's value without float noise: `42`, `-20`, `87.5`.
pub fn plain_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// The csv crate's error as the I/O error under it when there is one: its own
/// conversion makes every error `Other`, and a closed pipe must stay a closed pipe
/// (`runway export accounts | head` ends quietly).
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A canonical CSV file written line by line as the store reads it (a million
/// accounts are never held): the header first, CRLF line ends, every cell defused.
pub struct CsvOut<W: std::io::Write> {
    w: csv::Writer<W>,
}

impl<W: std::io::Write> CsvOut<W> {
    pub fn new(out: W, kind: CsvKind) -> std::io::Result<Self> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(match kind {
            CsvKind::Accounts => ACCOUNT_COLUMNS,
            CsvKind::Stakeholders => STAKEHOLDER_COLUMNS,
            CsvKind::Signals => SIGNAL_COLUMNS,
        })
        .map_err(io_error)?;
        Ok(CsvOut { w })
    }

    fn line(&mut self, cells: &[std::borrow::Cow<'_, str>]) -> std::io::Result<()> {
        let cells: Vec<std::borrow::Cow<str>> = cells.iter().map(|c| defuse(c)).collect();
        self.w
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(io_error)
    }

    pub fn account(&mut self, a: &AccountLine) -> std::io::Result<()> {
        self.line(&[
            a.id.as_str().into(),
            a.name.as_str().into(),
            a.arr_minor.map(plain_amount).unwrap_or_default().into(),
            opt(&a.currency).into(),
            opt(&a.renewal_date).into(),
            opt(&a.owner).into(),
            a.health_score
                .map(|h| h.to_string())
                .unwrap_or_default()
                .into(),
            opt(&a.stage).into(),
            opt(&a.opportunity_type).into(),
            opt(&a.touch_model).into(),
            a.target_minor.map(plain_amount).unwrap_or_default().into(),
            opt(&a.contract_start).into(),
            opt(&a.segment_override).into(),
            opt(&a.industry).into(),
            opt(&a.domain).into(),
        ])
    }

    pub fn stakeholder(&mut self, s: &StakeholderLine) -> std::io::Result<()> {
        self.line(&[
            s.account_id.as_str().into(),
            s.name.as_str().into(),
            opt(&s.title).into(),
            opt(&s.email).into(),
            opt(&s.phone).into(),
            opt(&s.role).into(),
            s.sentiment.as_str().into(),
            opt(&s.last_contact).into(),
            s.status.as_str().into(),
            opt(&s.our_thread).into(),
            opt(&s.our_contact).into(),
        ])
    }

    pub fn signal(&mut self, s: &SignalLine) -> std::io::Result<()> {
        self.line(&[
            s.account_id.as_str().into(),
            s.date.as_str().into(),
            s.kind.as_str().into(),
            s.value.map(plain_value).unwrap_or_default().into(),
            opt(&s.note).into(),
        ])
    }

    /// Flushes and hands back the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1 555"), "'+1 555");
        assert_eq!(defuse("-cmd"), "'-cmd");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("\tx"), "'\tx");
        assert_eq!(defuse("-20"), "-20");
        assert_eq!(defuse("-2.5"), "-2.5");
        assert_eq!(defuse("-2."), "'-2.");
        assert_eq!(defuse("Acme = good"), "Acme = good");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn amounts_are_plain() {
        assert_eq!(plain_amount(12_500_000), "125000");
        assert_eq!(plain_amount(12_500_050), "125000.50");
        assert_eq!(plain_amount(5), "0.05");
        assert_eq!(plain_value(42.0), "42");
        assert_eq!(plain_value(-20.0), "-20");
        assert_eq!(plain_value(87.5), "87.5");
    }

    #[test]
    fn header_and_quoting() {
        let mut w = CsvOut::new(Vec::new(), CsvKind::Accounts).unwrap();
        w.account(&AccountLine {
            id: "A-1".into(),
            name: "Acme, \"Inc\"\nWest".into(),
            arr_minor: Some(10_000),
            stage: Some("prep".into()),
            ..Default::default()
        })
        .unwrap();
        let out = w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("account_id,account_name,arr,currency,renewal_date,"));
        assert!(
            text.contains("A-1,\"Acme, \"\"Inc\"\"\nWest\",100,,,,,prep,"),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
    }
}
