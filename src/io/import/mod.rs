//! CSV import (data-formats.md, "Import"): accounts, stakeholders and signals files
//! as CRMs and spreadsheets export them, all or nothing.
//!
//! Two passes over the file, never holding it whole. Pass 1 checks what needs the
//! whole file: the header, the encoding, an unclosed quote, the order of each slash
//! date column, duplicate ids and the footer. Pass 2 parses every row and applies
//! the good ones inside one transaction, which is committed only when no row had a
//! problem and it is not a dry run — so the counts are exact either way.

mod duplicates;
pub mod headers;
pub mod reference;
pub mod report;
mod rows;
pub mod source;
pub mod values;

pub use report::Report;
pub use source::Encoding;
pub use values::DateOrder;

use crate::domain::Date;
use crate::domain::config::{Config, HealthRules, PlaybookRules, SegmentRules, SignalRules};
use crate::domain::import::{AccountRow, Applied, EmptyCells, SignalRow, StakeholderRow};
use crate::store::{ImportCtx, ImportTx, Store, StoreError};
use headers::HeaderMap;
use rows::{Cells, MAX_CELL, acc, cell_text, sig, stk};
use source::Records;
use std::collections::HashMap;
use std::path::Path;
use values::SlashHint;

/// Which canonical file this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Accounts,
    Stakeholders,
    Signals,
}

impl ImportKind {
    pub const ALL: [ImportKind; 3] = [
        ImportKind::Accounts,
        ImportKind::Stakeholders,
        ImportKind::Signals,
    ];

    /// `accounts`, `stakeholders` or `signals`, as typed on either command line.
    pub fn parse(s: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Accounts => "accounts",
            ImportKind::Stakeholders => "stakeholders",
            ImportKind::Signals => "signals",
        }
    }

    fn date_columns(self) -> &'static [usize] {
        match self {
            ImportKind::Accounts => acc::DATES,
            ImportKind::Stakeholders => stk::DATES,
            ImportKind::Signals => sig::DATES,
        }
    }
}

/// How to read and apply a file.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Check and count everything, write nothing.
    pub dry_run: bool,
    /// For slash-date columns that do not decide their order themselves.
    pub date_order: Option<DateOrder>,
    pub encoding: Encoding,
    /// `,` or `;`; `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// The import date: health scores in accounts.csv are recorded on it.
    pub today: Date,
    pub default_currency: String,
    pub health: HealthRules,
    pub segments: SegmentRules,
    /// What an empty cell does to a stored value (kept unless `--clear-empty`).
    pub empty: EmptyCells,
    /// How long to wait for another runway's write before giving up.
    pub wait: std::time::Duration,
    pub playbook: PlaybookRules,
    pub signals: SignalRules,
    /// A file of at least this many rows into a book with no accounts is written
    /// through a rollback journal (`Store::begin_import`); `u64::MAX` never.
    pub new_book_journal_from: u64,
}

impl ImportOptions {
    /// Options from the config (its `book.date_order` and currency), not a dry run,
    /// UTF-8, delimiter detected.
    pub fn new(cfg: &Config, today: Date) -> ImportOptions {
        ImportOptions {
            dry_run: false,
            date_order: DateOrder::parse(&cfg.book.date_order),
            encoding: Encoding::Utf8,
            delimiter: None,
            today,
            default_currency: cfg.book.currency.clone(),
            health: cfg.health.clone(),
            segments: cfg.segments.clone(),
            empty: EmptyCells::Keep,
            wait: std::time::Duration::from_secs(cfg.store.import_wait_secs),
            playbook: cfg.playbook.clone(),
            signals: cfg.signals.clone(),
            new_book_journal_from: crate::store::NEW_BOOK_JOURNAL_FROM,
        }
    }
}

/// What the person importing chose, the same from `runway import` and the cockpit's
/// `:import`; the rest of `ImportOptions` comes from the config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportFlags {
    pub dry_run: bool,
    /// Overrides the config's `book.date_order`.
    pub date_order: Option<DateOrder>,
    pub encoding: Encoding,
    /// `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// Empty cells clear stored values (`--clear-empty`); otherwise they keep them.
    pub clear_empty: bool,
}

impl ImportFlags {
    pub fn options(&self, cfg: &Config, today: Date) -> ImportOptions {
        let mut o = ImportOptions::new(cfg, today);
        o.dry_run = self.dry_run;
        if self.date_order.is_some() {
            o.date_order = self.date_order;
        }
        o.encoding = self.encoding;
        o.delimiter = self.delimiter;
        if self.clear_empty {
            o.empty = EmptyCells::Clear;
        }
        o
    }
}

/// `--delimiter`: a comma or a semicolon.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        _ => Err(format!(
            "'{s}' is not a delimiter runway reads: use ',' or ';'"
        )),
    }
}

/// A file that could not be read at all. Everything wrong *in* a file is a refused
/// `Report` instead.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {problem}")]
    File { path: String, problem: String },
    // Transparent: the store's message once, not once more as its own cause.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Rows between progress calls.
const PROGRESS_EVERY: u64 = 1024;

/// What `progress` is called with while the import waits for another runway's write
/// to the same book to finish (`done, total` = `WAITING`); the bar shows "waiting".
pub const WAITING: (u64, u64) = (0, 0);

/// Imports one file into the book. `progress(done, total)` is called every
/// `PROGRESS_EVERY` rows with bytes read over both passes (total is twice the file's
/// size), and once with `WAITING` if another runway is writing the book when the
/// import is ready to write; returning `false` cancels, and nothing is written. A refused file is an
/// `Ok` report with `refused()`; `Err` only when the file or the book cannot be read.
pub fn import_file(
    store: &mut Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Report, ImportError> {
    let shown_path = path.display().to_string();
    let fail = |problem: String| ImportError::File {
        path: shown_path.clone(),
        problem,
    };
    let io_fail = |e: std::io::Error| fail(format!("cannot read: {e}"));
    let meta = std::fs::metadata(path).map_err(io_fail)?;
    if meta.is_dir() {
        return Err(fail("is a folder, not a CSV file".into()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown_path.clone());
    let mut report = Report::new(
        crate::domain::text::inert(&name).into_owned(),
        kind.as_str(),
        opts.dry_run,
    );
    let total = meta.len();
    let head = source::head(path, 64 * 1024).map_err(io_fail)?;
    if head.iter().all(u8::is_ascii_whitespace) {
        report.refuse("the file is empty: not even a header row".into());
        return Ok(report);
    }
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| source::detect_delimiter(&head));
    let input = Input {
        kind,
        path,
        opts,
        delimiter,
        total,
    };
    let Some(scan) = first_pass(input, &mut report, progress).map_err(io_fail)? else {
        return Ok(report);
    };
    if scan.data_rows == 0 {
        report
            .notes
            .push("nothing to import: the file has a header row and no data rows".into());
        return Ok(report);
    }
    let mut itx = store.begin_import(
        scan.data_rows >= opts.new_book_journal_from,
        opts.wait,
        &mut || {
            progress(WAITING.0, WAITING.1);
        },
    )?;
    if kind == ImportKind::Accounts {
        itx.defer_indexes(scan.data_rows)?;
    }
    let outcome = second_pass(&itx, input, &scan, &mut report, progress);
    let done = match outcome {
        Ok(done) => done,
        Err(e) => {
            itx.finish(false)?;
            return Err(match e {
                PassError::Io(e) => io_fail(e),
                PassError::Store(e) => e.into(),
            });
        }
    };
    for (row, text) in &scan.footer {
        report.skip(*row, text.clone());
    }
    report.skipped_count = report.skipped_count.max(scan.footer_count);
    let commit = done && !opts.dry_run && !report.refused();
    // Every row is read: what remains is the commit, which for a large file is a
    // visible wait of its own, so the progress bar says so before it starts.
    progress(2 * total, 2 * total);
    let tally = itx.empty_tally();
    report.empty_kept = tally.kept;
    report.empty_cleared = tally.cleared;
    itx.finish(commit)?;
    report.cancelled = !done;
    report.written = commit;
    Ok(report)
}

/// What pass 1 learnt.
struct Scan {
    map: HeaderMap,
    /// Per canonical column: the order its slash dates are read in.
    orders: Vec<Option<DateOrder>>,
    /// Where the trailing footer starts (rows from here on are not data).
    footer_start: Option<u64>,
    footer: Vec<(u64, String)>,
    footer_count: u64,
    /// Later row → first row with the same account id.
    duplicates: HashMap<u64, u64>,
    data_rows: u64,
}

/// Evidence for one date column's order: (row, value) of the first of each.
#[derive(Default)]
struct DateEvidence {
    day_first: Option<(u64, String)>,
    month_first: Option<(u64, String)>,
    ambiguous: Option<(u64, String)>,
}

fn non_empty_cells(rec: &csv::ByteRecord) -> usize {
    rec.iter()
        .filter(|f| f.iter().any(|b| !b.is_ascii_whitespace()))
        .count()
}

fn not_utf8(row: u64) -> String {
    format!(
        "not UTF-8 text (first at row {row}); if it was saved by Excel on Windows, import it again with --encoding windows-1252"
    )
}

/// The file being imported and how it is read, the same for both passes.
#[derive(Clone, Copy)]
struct Input<'a> {
    kind: ImportKind,
    path: &'a Path,
    opts: &'a ImportOptions,
    delimiter: u8,
    /// The file's size in bytes (progress runs over both passes: twice this).
    total: u64,
}

/// Pass 1. `None` when the file is refused (the reasons are in the report).
fn first_pass(
    input: Input,
    report: &mut Report,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> std::io::Result<Option<Scan>> {
    let Input {
        kind,
        path,
        opts,
        delimiter,
        total,
    } = input;
    let mut recs = Records::open(path, opts.encoding, delimiter)?;
    let Some(header_row) = recs.next_row()? else {
        report.refuse("the file is empty: not even a header row".into());
        return Ok(None);
    };
    let utf8 = opts.encoding == Encoding::Utf8;
    if utf8 && std::str::from_utf8(recs.record().as_slice()).is_err() {
        report.refuse(not_utf8(header_row));
        return Ok(None);
    }
    let cells: Vec<&str> = (0..recs.record().len())
        .map(|i| cell_text(recs.record(), i))
        .collect();
    let map = headers::map_headers(kind, &cells);
    report.unknown_columns = map.unknown.clone();
    report.ignored_columns = map.ignored.clone();
    if !map.fatal.is_empty() {
        for f in &map.fatal {
            report.refuse(f.clone());
        }
        return Ok(None);
    }
    let dates = kind.date_columns();
    let mut evidence: Vec<DateEvidence> = dates.iter().map(|_| DateEvidence::default()).collect();
    let id_col = (kind == ImportKind::Accounts)
        .then(|| map.index[acc::ID])
        .flatten();
    let mut seen: duplicates::SeenIds = Default::default();
    let (mut footer_start, mut footer, mut footer_count) = (None, Vec::new(), 0u64);
    let mut data_rows = 0u64;
    let mut n = 0u64;
    while let Some(row) = recs.next_row()? {
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) && !progress(recs.bytes_read(), 2 * total) {
            report.cancelled = true;
            return Ok(None);
        }
        let rec = recs.record();
        if utf8 && std::str::from_utf8(rec.as_slice()).is_err() {
            report.refuse(not_utf8(row));
            return Ok(None);
        }
        // Footer candidates: rows with at most one filled cell. Only a trailing run
        // of them is a footer; a data row after them makes them ordinary rows again.
        if non_empty_cells(rec) <= 1 {
            footer_start.get_or_insert(row);
            if let Some(text) = rec
                .iter()
                .find(|f| f.iter().any(|b| !b.is_ascii_whitespace()))
            {
                footer_count += 1;
                if footer.len() < 20 {
                    footer.push((
                        row,
                        report::shown_value(String::from_utf8_lossy(text).trim()),
                    ));
                }
            }
            continue;
        }
        if footer_start.take().is_some() {
            // Those rows were inside the data: pass 2 reads them as the rows they are.
            footer.clear();
            footer_count = 0;
        }
        data_rows += 1;
        for (k, &c) in dates.iter().enumerate() {
            let Some(i) = map.index[c] else { continue };
            let v = cell_text(rec, i).trim();
            let slot = match values::slash_hint(v) {
                Some(SlashHint::DayFirst) => &mut evidence[k].day_first,
                Some(SlashHint::MonthFirst) => &mut evidence[k].month_first,
                Some(SlashHint::Ambiguous) => &mut evidence[k].ambiguous,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some((row, v.to_string()));
            }
        }
        if let Some(i) = id_col {
            let id = cell_text(rec, i).trim();
            if !id.is_empty() {
                seen.note(id);
            }
        }
    }
    if let Some(open) = recs.unclosed_quote() {
        report.refuse(format!(
            "row {open}: a quote opened in this row is never closed, so the rest of the file would read as one cell"
        ));
        return Ok(None);
    }
    let mut orders = vec![None; map.index.len()];
    for (k, &c) in dates.iter().enumerate() {
        let e = &evidence[k];
        let header = map.header(c);
        orders[c] = match (&e.day_first, &e.month_first, &e.ambiguous) {
            (Some((r1, v1)), Some((r2, v2)), _) => {
                report.refuse(format!(
                    "column {header}: mixes day-first ('{}', row {r1}) and month-first ('{}', row {r2}) dates",
                    report::shown_value(v1),
                    report::shown_value(v2)
                ));
                None
            }
            (Some(_), None, _) => Some(DateOrder::Dmy),
            (None, Some(_), _) => Some(DateOrder::Mdy),
            (None, None, Some((r, v))) => match opts.date_order {
                Some(o) => Some(o),
                None => {
                    report.refuse(format!(
                        "column {header}: dates such as '{}' (row {r}) could be month-first or day-first; import again with --date-order mdy or --date-order dmy (or set book.date_order in the config)",
                        report::shown_value(v)
                    ));
                    None
                }
            },
            (None, None, None) => None,
        };
    }
    if !report.refusals.is_empty() {
        return Ok(None);
    }
    let duplicates = match id_col {
        Some(i) => seen.duplicates(path, opts.encoding, delimiter, i, |rec| {
            non_empty_cells(rec) > 1
        })?,
        None => HashMap::new(),
    };
    Ok(Some(Scan {
        map,
        orders,
        footer_start,
        footer,
        footer_count,
        duplicates,
        data_rows,
    }))
}

enum PassError {
    Io(std::io::Error),
    Store(StoreError),
}

impl From<std::io::Error> for PassError {
    fn from(e: std::io::Error) -> Self {
        PassError::Io(e)
    }
}

impl From<StoreError> for PassError {
    fn from(e: StoreError) -> Self {
        PassError::Store(e)
    }
}

/// What pass 2's reading thread makes of one counted row.
enum Step {
    /// Rejected before the book is asked anything, with these problems.
    Rejected(Vec<String>),
    Account(AccountRow),
    /// A row of this spreadsheet row whose account must be in the book.
    Stakeholder(u64, StakeholderRow),
    Signal(u64, SignalRow),
}

/// Rows read and parsed, handed to the writer in one go; `progress` is the bytes
/// read when a progress call is due after them.
struct Batch {
    steps: Vec<Step>,
    progress: Option<u64>,
}

/// Batches on their way to the writer: the reader stays this far ahead at most, so
/// memory stays bounded whatever the file's size.
const BATCHES_AHEAD: usize = 4;

/// Pass 2: every row parsed and, when good, applied. `Ok(false)` when cancelled.
///
/// Reading and parsing the rows is a fifth of the work and needs nothing from the
/// book, so it runs on a thread of its own a few batches ahead of the writer
/// (SQLite is the rest, on this one); the rows are applied, and counted, in the
/// file's order as before.
fn second_pass(
    itx: &ImportTx,
    input: Input,
    scan: &Scan,
    report: &mut Report,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<bool, PassError> {
    let (opts, total) = (input.opts, input.total);
    let ctx = ImportCtx {
        today: opts.today,
        now: format!("{}T{}", opts.today, chrono::Local::now().format("%H:%M:%S")),
        default_currency: opts.default_currency.clone(),
        health: opts.health.clone(),
        segments: opts.segments.clone(),
        empty: opts.empty,
        playbook: opts.playbook.clone(),
        signals: opts.signals.clone(),
    };
    std::thread::scope(|s| {
        let (send, batches) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
        let reader = s.spawn(move || read_rows(input, scan, send));
        let written = write_rows(itx, &ctx, scan, batches, report, progress, total);
        // An error or a cancel drops the channel, which stops the reader at its next
        // batch; its own error (it stopped first) is the one to report.
        match reader.join() {
            Ok(Err(e)) => Err(PassError::Io(e)),
            Ok(Ok(())) => written,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Pass 2's reading side: each record parsed into a `Step`, sent in batches.
fn read_rows(
    input: Input,
    scan: &Scan,
    send: std::sync::mpsc::SyncSender<Batch>,
) -> std::io::Result<()> {
    let Input {
        kind,
        path,
        opts,
        delimiter,
        total,
    } = input;
    let mut recs = Records::open(path, opts.encoding, delimiter)?;
    let header_len = match recs.next_row()? {
        Some(_) => recs.record().len(),
        None => return Ok(()),
    };
    let mut steps = Vec::with_capacity(PROGRESS_EVERY as usize);
    let mut n = 0u64;
    while let Some(row) = recs.next_row()? {
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            let batch = Batch {
                steps: std::mem::replace(&mut steps, Vec::with_capacity(PROGRESS_EVERY as usize)),
                progress: Some(total + recs.bytes_read()),
            };
            if send.send(batch).is_err() {
                return Ok(()); // the writer stopped
            }
        }
        if scan.footer_start.is_some_and(|f| row >= f) {
            break;
        }
        let rec = recs.record();
        if non_empty_cells(rec) == 0 {
            continue;
        }
        if let Some(first) = scan.duplicates.get(&row) {
            let id = cell_text(rec, scan.map.index[acc::ID].unwrap_or(0)).trim();
            steps.push(Step::Rejected(vec![format!(
                "rows {first} and {row}: duplicate {} '{}'",
                scan.map.header(acc::ID),
                report::shown_value(id)
            )]));
            continue;
        }
        let problems = record_problems(row, rec, header_len, &scan.map);
        if !problems.is_empty() {
            steps.push(Step::Rejected(problems));
            continue;
        }
        let mut cells = Cells::new(row, rec, &scan.map, &scan.orders);
        let step = match kind {
            ImportKind::Accounts => rows::account(&mut cells).map(Step::Account),
            ImportKind::Stakeholders => {
                rows::stakeholder(&mut cells).map(|r| Step::Stakeholder(row, r))
            }
            ImportKind::Signals => rows::signal(&mut cells).map(|r| Step::Signal(row, r)),
        };
        steps.push(step.unwrap_or(Step::Rejected(cells.problems)));
    }
    let _ = send.send(Batch {
        steps,
        progress: None,
    });
    Ok(())
}

/// Pass 2's writing side: the batches applied in order. `Ok(false)` when cancelled.
fn write_rows(
    itx: &ImportTx,
    ctx: &ImportCtx,
    scan: &Scan,
    batches: std::sync::mpsc::Receiver<Batch>,
    report: &mut Report,
    progress: &mut dyn FnMut(u64, u64) -> bool,
    total: u64,
) -> Result<bool, PassError> {
    let unknown = |row: u64, col: usize, id: &str| {
        Step::Rejected(vec![rows::problem_text(
            row,
            &scan.map,
            col,
            "no such account",
            id,
        )])
    };
    for batch in batches {
        for step in batch.steps {
            report.rows += 1;
            let applied = match step {
                Step::Account(r) => itx.apply_account(&r, ctx)?,
                Step::Stakeholder(row, r) if !itx.account_exists(&r.account_id)? => {
                    reject(report, unknown(row, stk::ACCOUNT_ID, &r.account_id));
                    continue;
                }
                Step::Stakeholder(_, r) => itx.apply_stakeholder(&r, ctx)?,
                Step::Signal(row, r) if !itx.account_exists(signal_account(&r))? => {
                    reject(report, unknown(row, sig::ACCOUNT_ID, signal_account(&r)));
                    continue;
                }
                Step::Signal(_, r) => itx.apply_signal(&r, ctx)?,
                rejected @ Step::Rejected(_) => {
                    reject(report, rejected);
                    continue;
                }
            };
            match applied {
                Applied::Added => report.added += 1,
                Applied::Updated => report.updated += 1,
                Applied::Unchanged => report.unchanged += 1,
            }
        }
        if let Some(bytes) = batch.progress
            && !progress(bytes, 2 * total)
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A rejected row: its problems in the report.
fn reject(report: &mut Report, step: Step) {
    if let Step::Rejected(problems) = step {
        for p in problems {
            report.problem(p);
        }
    }
    report.rejected += 1;
}

fn signal_account(r: &crate::domain::import::SignalRow) -> &str {
    use crate::domain::import::SignalRow;
    match r {
        SignalRow::Health { account_id, .. }
        | SignalRow::Reading { account_id, .. }
        | SignalRow::Risk { account_id, .. } => account_id,
    }
}

/// Problems with the record itself, before its values are read: a record with more
/// or fewer cells than the header (its cells cannot be matched to columns, and a
/// short one would otherwise read as empty cells), cells that are not text, and
/// absurdly long cells.
fn record_problems(
    row: u64,
    rec: &csv::ByteRecord,
    header_len: usize,
    map: &HeaderMap,
) -> Vec<String> {
    let mut out = Vec::new();
    if rec.len() != header_len {
        out.push(format!(
            "row {row}: expected {header_len} fields, found {}",
            rec.len()
        ));
        return out;
    }
    // Nearly every record is sound: found so without building any text.
    if rec
        .iter()
        .all(|f| f.len() <= MAX_CELL && std::str::from_utf8(f).is_ok())
    {
        return out;
    }
    for (i, f) in rec.iter().enumerate() {
        let header = map.written.get(i).map(String::as_str).unwrap_or("");
        let text = String::from_utf8_lossy(f);
        if std::str::from_utf8(f).is_err() {
            out.push(format!(
                "row {row}, column {header}: not UTF-8 text ('{}')",
                report::shown_value(&text)
            ));
        } else if f.len() > MAX_CELL {
            out.push(format!(
                "row {row}, column {header}: too long ({} bytes; at most {MAX_CELL}) ('{}')",
                f.len(),
                report::shown_value(&text)
            ));
        }
    }
    out
}
