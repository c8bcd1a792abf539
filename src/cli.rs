//! The command line: clap definitions and the non-interactive commands.

use crate::domain::Date;
use crate::io::import::{DateOrder, Encoding, ImportFlags, ImportKind};
use crate::store::Store;
use anyhow::{Context, bail};
use clap::builder::TypedValueParser;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "runway",
    version,
    about = "A keyboard-driven renewal cockpit for customer success managers",
    long_about = "Runway keeps a book of customer renewals in one local SQLite file and shows, \
                  from the keyboard and offline, which renewals need you now and why.\n\n\
                  Run without a command to open the cockpit on your book."
)]
pub struct Cli {
    /// Book database file [default: the platform data folder's runway.db]
    #[arg(long, env = "RUNWAY_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Config file [default: the platform config folder's config.toml]
    #[arg(long, env = "RUNWAY_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Fix "today" for everything (YYYY-MM-DD), for tests and snapshots
    #[arg(long, env = "RUNWAY_TODAY", global = true, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<Date>,

    /// Open the cockpit on a fresh demo book in a temporary folder of its own, where
    /// its briefs, proposals and plans are written too (your book is not touched)
    #[arg(long)]
    pub demo: bool,

    /// Open the book read-only: everything reads, every edit is refused
    #[arg(long, global = true)]
    pub read_only: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the renewal queue: the rows the cockpit's queue shows, in the same order
    Queue {
        /// Window in days (default: the config's queue.window_days)
        #[arg(long, value_name = "N", conflicts_with = "all")]
        days: Option<i64>,
        /// Every open renewal, whatever its date
        #[arg(long)]
        all: bool,
        /// Only renewals owned by NAME (case-insensitive)
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Only renewals at risk
        #[arg(long)]
        at_risk: bool,
        /// Include snoozed renewals (hidden by default, as in the cockpit)
        #[arg(long)]
        snoozed: bool,
        /// JSON on stdout (schema in README.md)
        #[arg(long)]
        json: bool,
    },
    /// Show one account: figures, stakeholders, coverage, signals, playbook
    Account {
        /// The account's id, or enough of its name to match it uniquely
        account: String,
        /// JSON on stdout (the same fields as the queue's rows, plus the account's detail)
        #[arg(long)]
        json: bool,
    },
    /// Write the one-page pre-call brief (Markdown) for an account
    Brief {
        /// The account's id, or enough of its name to match it uniquely
        account: String,
        /// Where to write it [default: brief-ID.md in the export folder]; `-` for stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A good-better-best renewal proposal for an account (a draft from its data when none is stored)
    Proposal {
        /// The account's id, or enough of its name to match it uniquely
        account: String,
        /// Format: Markdown (default), HTML, plain text (an email body) or JSON
        #[arg(long, value_enum, default_value = "md")]
        format: DocFormat,
        /// Shorthands for --format
        #[arg(long, conflicts_with_all = ["html", "txt", "json"])]
        md: bool,
        #[arg(long, conflicts_with_all = ["txt", "json"])]
        html: bool,
        #[arg(long, conflicts_with = "json")]
        txt: bool,
        #[arg(long)]
        json: bool,
        /// Write to FILE (atomically, 0600) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write it even without the approvals it needs, with a "DRAFT — not approved"
        /// banner on every section (for review inside the team, never for the customer)
        #[arg(long)]
        draft: bool,
        /// Record an approval of this option (good, better or best) instead of writing
        /// the proposal; needs --by and --level
        #[arg(long, value_name = "TIER", requires_all = ["by", "level"], value_parser = ["good", "better", "best"])]
        approve: Option<String>,
        /// With --approve: who approved
        #[arg(long, value_name = "NAME", requires = "approve")]
        by: Option<String>,
        /// With --approve: the approver's level
        #[arg(long, value_name = "LEVEL", requires = "approve", value_parser = ["csm", "manager", "director", "executive"])]
        level: Option<String>,
    },
    /// Add to the book by hand (an account and its open renewal)
    Add {
        #[command(subcommand)]
        what: crate::cli_add::AddWhat,
    },
    /// Write the demo book into a new database file (refuses an existing non-empty file)
    Demo {
        /// Instead of the demo book, generate this many synthetic accounts (for scale tests)
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
    },
    /// Show an account's save plan (exact id, else a unique fuzzy name match)
    Save {
        /// Account id or part of its name
        account: String,
        /// Print the plan as JSON (the default)
        #[arg(long, conflicts_with = "md")]
        json: bool,
        /// Write the customer-facing plan as Markdown instead
        #[arg(long)]
        md: bool,
        /// With --md: the file to write [default: the export folder, named from the account id]; `-` for stdout
        #[arg(short = 'o', long = "output", value_name = "FILE", requires = "md")]
        output: Option<PathBuf>,
    },
    /// The period's forecast: renewals due, commit, best case, pipeline, weighted,
    /// closed won, churned, GRR/NRR, by owner, lead and segment, at-risk ARR by kind
    Forecast(crate::cli_portfolio::ForecastArgs),
    /// What moved in the period's forecast since an earlier snapshot, as a waterfall
    Moved(crate::cli_portfolio::MovedArgs),
    /// Closed renewals' win/loss records, loss patterns by reason, competitor and
    /// segment, and save success
    Winloss(crate::cli_portfolio::WinLossArgs),
    /// The weekly renewal report: headline numbers, what moved, trend, at-risk list,
    /// team table, win/loss patterns (Markdown, or self-contained HTML with SVG charts)
    Report(crate::cli_report::ReportArgs),
    /// Record today's forecast snapshot now (replaces today's; past days are kept)
    Snapshot,
    /// Set an open renewal's forecast category (auto: back to the default)
    Category {
        /// The account's id, or enough of its name to match it uniquely
        account: String,
        /// commit, best_case, pipeline, omitted or auto
        #[arg(value_parser = ["commit", "best_case", "pipeline", "omitted", "auto"])]
        category: String,
    },
    /// Save metrics across the book
    Saves {
        /// Print the metrics as JSON (the default)
        #[arg(long)]
        json: bool,
    },
    /// Write the book out: canonical CSV (re-imports to the same book) or a calendar
    Export {
        /// accounts, stakeholders or signals as CSV; calendar as iCalendar (.ics)
        #[arg(value_enum)]
        what: crate::cli_export::ExportWhat,
        /// CSV output (the only format for accounts, stakeholders and signals)
        #[arg(long)]
        csv: bool,
        /// Only this account (its id, or enough of its name to match it uniquely)
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        /// Write to FILE (atomically, 0600) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Copy the book to a checked backup file (safe while the cockpit is open)
    Backup {
        /// Where to write it [default: runway-backup-DATE.db in the export folder]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check the whole book with SQLite's integrity check and say whether it is sound
    Check,
    /// Put a backup back in place of the book (the current file is moved aside, never deleted)
    #[command(
        long_about = "Put a backup back in place of the book. The backup is checked first (a runway \
                      book, not newer than this runway, passing SQLite's check); the current file is \
                      renamed NAME.damaged-YYYYMMDD-HHMMSS beside it, never deleted; then the backup is \
                      copied into place atomically. Daily backups are in the data folder's backups/."
    )]
    Restore {
        /// The backup file (a daily backup, or one written by `runway backup`)
        backup: PathBuf,
    },
    /// Import a CSV file (accounts, stakeholders or signals) into the book: all or nothing
    #[command(
        long_about = "Import a CSV file into the book, all or nothing: a file with any bad cell writes \
                      nothing, and the report lists every bad cell by row and column. Importing into \
                      a --db path that does not exist yet creates the book. Re-importing the same file \
                      changes nothing; a changed row updates its account and keeps its local work."
    )]
    Import {
        /// What the file holds
        #[arg(value_parser = import_kind_parser(), required_unless_present = "columns")]
        kind: Option<ImportKind>,
        /// The CSV file
        #[arg(required_unless_present = "columns")]
        file: Option<PathBuf>,
        /// Print the columns each file may have (canonical names, the aliases CRMs
        /// export them under, what each accepts) instead of importing; KIND narrows it
        #[arg(long, conflicts_with_all = ["file", "dry_run", "json"])]
        columns: bool,
        /// Check and count everything, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Let empty cells clear what the book holds (by default an empty cell means
        /// "the file does not say" and the stored value stays)
        #[arg(long)]
        clear_empty: bool,
        /// How to read slash dates such as 03/04/2027 in a column whose dates do not decide it
        /// [default: the config's book.date_order]
        #[arg(long, value_name = "ORDER", value_parser = date_order_parser())]
        date_order: Option<DateOrder>,
        /// The file's text encoding ("windows-1252" is what Excel on Windows saves as CSV)
        #[arg(long, default_value = "utf-8", value_name = "ENCODING", value_parser = encoding_parser())]
        encoding: Encoding,
        /// Cell separator [default: detected from the header line]
        #[arg(long, value_parser = crate::io::import::parse_delimiter, value_name = "CHAR")]
        delimiter: Option<u8>,
        /// The report as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (see README: one line installs it)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `runway man | man -l -`
    Man,
    /// Manage the config file
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

pub use crate::io::proposal_export::DocFormat;

// The import's own types are parsed straight from the command line (the cockpit's
// `:import` reads the same names through the same `parse` functions), with clap's
// listing of the possible values kept for `--help` and errors.
fn import_kind_parser() -> impl TypedValueParser<Value = ImportKind> {
    clap::builder::PossibleValuesParser::new(ImportKind::ALL.map(ImportKind::as_str))
        .map(|s| ImportKind::parse(&s).expect("clap let through only the listed names"))
}

fn date_order_parser() -> impl TypedValueParser<Value = DateOrder> {
    clap::builder::PossibleValuesParser::new(["mdy", "dmy"])
        .map(|s| DateOrder::parse(&s).expect("clap let through only the listed names"))
}

fn encoding_parser() -> impl TypedValueParser<Value = Encoding> {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("utf-8").alias("utf8"),
        PossibleValue::new("windows-1252").alias("cp1252"),
    ])
    .map(|s| Encoding::parse(&s).expect("clap let through only the listed names"))
}

/// The options of `runway import`.
pub struct ImportArgs<'a> {
    pub kind: ImportKind,
    pub file: &'a Path,
    pub flags: ImportFlags,
    pub json: bool,
}

/// Opens the book an import goes into. While another runway has it to itself (its
/// own large import into a new book), waits up to `wait`, as an import waits for
/// any other writer, saying so once.
fn open_for_import(
    db: &Path,
    wait: std::time::Duration,
    waiting: &dyn Fn(),
) -> anyhow::Result<Store> {
    let start = std::time::Instant::now();
    let mut said = false;
    loop {
        match Store::open(db) {
            Err(crate::store::StoreError::Held { .. }) if start.elapsed() < wait => {
                if !std::mem::replace(&mut said, true) {
                    waiting();
                }
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            other => return Ok(other?),
        }
    }
}

/// `runway import`: the report (text or JSON) and whether the file was refused.
/// A book that did not exist before is created, and removed again when nothing was
/// written to it (refused, dry run).
pub fn import(
    db: &Path,
    cfg: &crate::domain::config::Config,
    today: Date,
    a: ImportArgs,
) -> anyhow::Result<(String, bool)> {
    use crate::io::import as imp;
    // The file first: a typo in its name must not leave an empty book behind.
    let meta =
        std::fs::metadata(a.file).with_context(|| format!("{}: cannot read", a.file.display()))?;
    if meta.is_dir() {
        bail!("{}: is a folder, not a CSV file", a.file.display());
    }
    let existed = db.exists();
    let opts = a.flags.options(cfg, today);
    let waiting = || {
        eprintln!(
            "waiting for another runway to finish writing {} (up to {} s)…",
            db.display(),
            opts.wait.as_secs()
        );
    };
    let result = (|| -> anyhow::Result<imp::Report> {
        let mut store = open_for_import(db, opts.wait, &waiting)?;
        // The day's backup comes before the import, so a wrong file can be undone.
        if existed {
            crate::backups::daily(&store, cfg, today).or_else(|e| match store.damaged() {
                Some(what) => Err(anyhow::Error::new(crate::store::StoreError::Damaged(what))),
                None => {
                    eprintln!("runway: the daily backup failed (the book is untouched): {e:#}");
                    Ok(None)
                }
            })?;
        }
        Ok(imp::import_file(
            &mut store,
            a.kind,
            a.file,
            &opts,
            &mut |done, total| {
                if (done, total) == imp::WAITING {
                    waiting();
                }
                true
            },
        )?)
    })();
    if !existed && !result.as_ref().is_ok_and(|r| r.written) {
        // A large import into a new book goes through a rollback journal: a journal
        // left behind would otherwise meet the next book made at this path.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    let report = result?;
    let text = if a.json {
        crate::io::out::json_pretty(&report.json()) + "\n"
    } else {
        report.text()
    };
    Ok((text, report.refused()))
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Write the commented default config (never over an existing file)
    Init,
    /// Print where the config file is read from
    Path,
}

/// `--today` must be a real calendar date: 2026-02-30 is refused, not rolled over.
pub fn parse_today(s: &str) -> Result<Date, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("'{s}' is not a date in YYYY-MM-DD form ({e})"))
}

pub use crate::paths::{data_dir, export_dir};

/// What a command has to say: data belongs on stdout (for pipes and scripts), a note
/// about what was done ("wrote … to FILE") on stderr.
#[derive(Debug, PartialEq, Eq)]
pub enum Said {
    Data(String),
    Note(String),
}

impl Said {
    pub fn emit(&self) -> std::io::Result<()> {
        match self {
            Said::Data(s) => crate::io::out::stdout(s.as_bytes()),
            Said::Note(s) => {
                eprintln!("{}", s.trim_end());
                Ok(())
            }
        }
    }
}

pub fn config_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.config {
        Some(p) => Ok(p.clone()),
        None => {
            crate::config::default_path().context("cannot find a config folder; pass --config PATH")
        }
    }
}

/// `runway demo --db PATH`: a new file with the demo book (or a synthetic one).
pub fn write_demo(
    db: Option<&Path>,
    synthetic: Option<usize>,
    today: Date,
) -> anyhow::Result<String> {
    let Some(path) = db else {
        bail!("demo needs a file to write: runway demo --db PATH (or just look: runway --demo)")
    };
    if let Ok(m) = std::fs::metadata(path) {
        if m.is_dir() {
            bail!("{}: is a directory, not a database file", path.display());
        }
        if m.len() > 0 {
            bail!(
                "{}: already exists and is not empty; the demo only goes into a new file",
                path.display()
            );
        }
    }
    let mut store = Store::open(path)?;
    let n = match synthetic {
        Some(n) => {
            crate::demo::generate_book(&mut store, n, today)?;
            n
        }
        None => crate::demo::load_demo(&mut store, today)?,
    };
    Ok(format!(
        "wrote a book of {n} accounts to {}",
        path.display()
    ))
}

/// `runway config init`.
pub fn config_init(path: &Path) -> anyhow::Result<String> {
    if path.exists() {
        bail!(
            "{}: already exists; left as it is (delete it first to start over)",
            path.display()
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::paths::create_private_dir(dir)?;
    }
    crate::io::files::write_new(path, crate::config::DEFAULT_TOML.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(format!("wrote the default config to {}", path.display()))
}

/// `runway queue`: the pane's rows in the pane's order (priority), with the same
/// filters the cockpit applies, written to `out` as they are read (a million-row
/// book's listing is never held whole).
pub fn queue(
    store: &Store,
    cfg: &crate::domain::config::Config,
    today: Date,
    q: QueueArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    use crate::io::queue_json::QueueJsonWriter;
    if let Some(d) = q.days
        && d < 0
    {
        bail!("--days must be 0 or more (got {d})");
    }
    let window = if q.all {
        None
    } else {
        Some(q.days.unwrap_or(cfg.queue.window_days))
    };
    let filters = crate::domain::queue_view::Filters {
        mine: q.owner.is_some(),
        at_risk: q.at_risk,
        show_snoozed: q.snoozed,
        ..Default::default()
    };
    let owner = q.owner.unwrap_or_default();
    store.for_streaming()?;
    // Rows are made as they are read and put in priority order through a temp file:
    // memory holds 24 bytes a row, not the rows.
    let mut sorted = crate::io::spill::Spill::new()?;
    let style = cfg.book.number_style();
    store.scan_queue(cfg, today, window, &mut |r| -> anyhow::Result<()> {
        if filters.keep(r, &owner) {
            let bytes = if q.json {
                crate::io::queue_json::row_bytes(r, cfg, today)
            } else {
                crate::io::queue_json::text_line(r, today, style).into_bytes()
            };
            sorted.push(crate::domain::queue::priority_key(r), &bytes)?;
        }
        Ok(())
    })?;
    if q.json {
        let mut w = QueueJsonWriter::start(out)?;
        sorted.each_sorted(&mut |_, row| w.row(row))?;
        w.finish(today, window)?;
    } else {
        out.write_all(crate::io::queue_json::text_header().as_bytes())?;
        sorted.each_sorted(&mut |_, line| out.write_all(line))?;
    }
    Ok(())
}

/// The options of `runway queue`.
pub struct QueueArgs {
    pub days: Option<i64>,
    pub all: bool,
    pub owner: Option<String>,
    pub at_risk: bool,
    pub snoozed: bool,
    pub json: bool,
}

/// `runway account`: a short human summary, or the pane's data as JSON.
pub fn account(
    store: &Store,
    cfg: &crate::domain::config::Config,
    today: Date,
    query: &str,
    json: bool,
) -> anyhow::Result<String> {
    use crate::domain::text::inert;
    let id = store.resolve_account(query)?;
    let d = store
        .account_detail(&id, cfg, today)?
        .context("the account vanished while reading it")?;
    if json {
        let mut v = crate::io::account_json::account_json(&d, today);
        if let Some(r) = &d.row {
            crate::io::queue_json::add_reasons(&mut v, r, cfg, today);
        }
        return Ok(crate::io::out::json_pretty(&v) + "\n");
    }
    let currency = cfg.book.cur(d.currency(&cfg.book.currency));
    let mut out = format!("{} ({})\n", inert(&d.account.name), inert(&d.account.id));
    if let Some(r) = &d.row {
        out.push_str(&format!(
            "{} · ARR {} · renews {} · {} · health {} · priority {}\n",
            r.segment.label(),
            r.facts.arr.format(&currency),
            crate::io::text::days_left(r.days_left),
            r.facts.stage.label(),
            r.facts
                .health
                .map(|h| h.to_string())
                .unwrap_or_else(|| "—".into()),
            r.priority
        ));
    }
    out.push_str(&format!(
        "{}; {}\n",
        crate::io::text::count(d.stakeholders.len(), "person", "people"),
        crate::io::text::count(
            d.coverage.warnings.len(),
            "coverage warning",
            "coverage warnings"
        )
    ));
    for w in &d.coverage.warnings {
        out.push_str(&format!("  ! {} → {}\n", inert(&w.text), w.next_step));
    }
    Ok(out)
}

/// `runway brief`: writes the brief and says where (or prints it with `-o -`).
pub fn brief(
    store: &Store,
    cfg: &crate::domain::config::Config,
    today: Date,
    query: &str,
    output: Option<&Path>,
) -> anyhow::Result<Said> {
    let id = store.resolve_account(query)?;
    let d = store
        .account_detail(&id, cfg, today)?
        .context("the account vanished while reading it")?;
    let currency = cfg.book.cur(d.currency(&cfg.book.currency));
    let items = store.open_save_items(&id)?;
    let proposal = store.latest_proposal_tiers(&id)?;
    let activity = store.recent_activities(&id, 30)?;
    let text = crate::io::brief::brief(&d, &items, proposal.as_ref(), today, &currency, &activity);
    let path = match output {
        Some(p) if p == Path::new("-") => return Ok(Said::Data(text)),
        Some(p) => p.to_path_buf(),
        None => crate::io::files::safe_path_in(
            &crate::paths::export_dir(cfg)?,
            &format!("brief-{id}"),
            "md",
        ),
    };
    crate::io::files::write_atomic(&path, text.as_bytes())
        .with_context(|| format!("{}: cannot write the brief", path.display()))?;
    Ok(Said::Note(format!("wrote the brief to {}", path.display())))
}

/// An account id from what the user typed: the one resolver every command uses.
pub fn resolve_account(store: &Store, query: &str) -> anyhow::Result<String> {
    Ok(store.resolve_account(query)?)
}

pub use crate::cli_save::{save, saves};
