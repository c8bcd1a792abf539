//! The command line: clap definitions and the non-interactive commands.

use crate::domain::Date;
use crate::store::Store;
use anyhow::{Context, bail};
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

    /// Open the cockpit on a fresh demo book in a temporary file (your book is not touched)
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
        /// With --md: the file to write [default: the export folder, named from the account id]
        #[arg(short = 'o', long = "output", value_name = "FILE", requires = "md")]
        output: Option<PathBuf>,
    },
    /// Save metrics across the book
    Saves {
        /// Print the metrics as JSON (the default)
        #[arg(long)]
        json: bool,
    },
    /// Manage the config file
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
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

/// The platform data folder (created 0700 when missing).
pub fn data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "runway")
        .context("cannot find a home folder for runway's data; pass --db PATH")?;
    let dir = dirs.data_dir().to_path_buf();
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&dir)
            .with_context(|| format!("{}: cannot create the data folder", dir.display()))?;
    }
    Ok(dir)
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
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    crate::io::files::write_new(path, crate::config::DEFAULT_TOML.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(format!("wrote the default config to {}", path.display()))
}

/// An account id from what the user typed: exact id first, then a unique fuzzy name
/// match; anything else is a clear error.
pub fn resolve_account(store: &Store, query: &str) -> anyhow::Result<String> {
    let all = store.account_names()?;
    if all.iter().any(|(id, _)| id == query) {
        return Ok(query.to_string());
    }
    let names: Vec<String> = all.iter().map(|(_, n)| n.clone()).collect();
    let hits = crate::fuzzy::search(&names, 0..names.len(), query);
    match hits.as_slice() {
        [] => bail!("no account matches '{query}'"),
        [one] => Ok(all[one.index].0.clone()),
        many => {
            let shown: Vec<String> = many
                .iter()
                .take(5)
                .map(|h| format!("{} ({})", all[h.index].0, all[h.index].1))
                .collect();
            bail!(
                "'{query}' matches {} accounts: {}; use the account id",
                many.len(),
                shown.join(", ")
            )
        }
    }
}

/// `runway save ACCOUNT_ID [--json | --md [-o FILE]]`.
pub fn save(
    store: &Store,
    cfg: &crate::domain::config::Config,
    query: &str,
    md: bool,
    output: Option<&Path>,
    today: Date,
) -> anyhow::Result<String> {
    use crate::io::save_plan as sp;
    let id = resolve_account(store, query)?;
    let Some(plan) = store.save_plan(&id)? else {
        bail!("{id} has no save plan (start one in the cockpit's save pane)")
    };
    let view = sp::SaveView::build(&plan, today, cfg);
    if !md {
        return Ok(serde_json::to_string_pretty(&sp::plan_json(
            &plan, &view, today,
        ))?);
    }
    let path = match output {
        Some(p) => {
            crate::io::files::write_atomic(
                p,
                sp::customer_markdown(&plan, &view, today).as_bytes(),
            )
            .with_context(|| format!("{}: cannot write", p.display()))?;
            p.to_path_buf()
        }
        None => sp::export(&plan, &view, today, &export_dir(cfg)?)?,
    };
    Ok(format!("wrote the customer plan to {}", path.display()))
}

/// Where exports go: config `book.export_dir`, else the data folder.
pub fn export_dir(cfg: &crate::domain::config::Config) -> anyhow::Result<PathBuf> {
    if cfg.book.export_dir.is_empty() {
        data_dir()
    } else {
        Ok(PathBuf::from(&cfg.book.export_dir))
    }
}

/// `runway saves --json`.
pub fn saves(store: &Store) -> anyhow::Result<String> {
    use crate::io::save_plan as sp;
    let m = sp::metrics(&store.save_counts()?);
    Ok(serde_json::to_string_pretty(&sp::metrics_json(&m))?)
}
