//! `runway export …` and `runway backup`: getting the book back out, for spreadsheets,
//! calendars, scripts and safekeeping. Data goes to stdout or a file written
//! atomically (0600, never through a symlink); what happened goes to stderr.

use crate::cli::resolve_account;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::io::{calendar, csv_export};
use crate::store::Store;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// What `runway export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    Accounts,
    Stakeholders,
    Signals,
    Calendar,
}

/// The file's bytes and a one-line account of what is in it.
pub struct Export {
    pub bytes: Vec<u8>,
    pub summary: String,
}

/// Builds the export; `account` narrows it to one account (id or unique name match).
pub fn export(
    store: &Store,
    cfg: &Config,
    today: Date,
    what: ExportWhat,
    account: Option<&str>,
) -> anyhow::Result<Export> {
    let only = account.map(|q| resolve_account(store, q)).transpose()?;
    let only = only.as_deref();
    Ok(match what {
        ExportWhat::Accounts => {
            let lines = store.account_lines(only)?;
            Export {
                summary: crate::io::text::count(lines.len(), "account", "accounts"),
                bytes: csv_export::accounts(&lines),
            }
        }
        ExportWhat::Stakeholders => {
            let lines = store.stakeholder_lines(only)?;
            Export {
                summary: crate::io::text::count(lines.len(), "stakeholder", "stakeholders"),
                bytes: csv_export::stakeholders(&lines),
            }
        }
        ExportWhat::Signals => {
            let lines = store.signal_lines(only)?;
            Export {
                summary: crate::io::text::count(lines.len(), "signal line", "signal lines"),
                bytes: csv_export::signals(&lines),
            }
        }
        ExportWhat::Calendar => {
            let rows: Vec<_> = store
                .load_queue(cfg, today, None)?
                .into_iter()
                .filter(|r| only.is_none_or(|id| r.facts.account_id == id))
                .collect();
            let tasks = store.open_tasks(only)?;
            let events = calendar::events(&rows, &tasks, today, cfg);
            Export {
                summary: crate::io::text::count(events.len(), "event", "events"),
                bytes: calendar::ics(&events, today).into_bytes(),
            }
        }
    })
}

/// Writes an export to `output` (atomically) and returns the message for stderr, or
/// returns `None` when it belongs on stdout.
pub fn write_export(e: &Export, output: Option<&Path>) -> anyhow::Result<Option<String>> {
    match output {
        None => Ok(None),
        Some(p) if p == Path::new("-") => Ok(None),
        Some(p) => {
            crate::io::files::write_atomic(p, &e.bytes)
                .with_context(|| format!("{}: cannot write the export", p.display()))?;
            Ok(Some(format!("wrote {} to {}", e.summary, p.display())))
        }
    }
}

/// `runway backup [-o FILE]`: a checked copy of the book. The default name carries
/// the date and never replaces an earlier backup.
pub fn backup(
    store: &Store,
    cfg: &Config,
    today: Date,
    output: Option<&Path>,
) -> anyhow::Result<String> {
    let path = match output {
        Some(p) => {
            if p.is_dir() {
                bail!(
                    "{}: is a folder; give a file name for the backup",
                    p.display()
                );
            }
            p.to_path_buf()
        }
        None => free_backup_name(&crate::cli::export_dir(cfg)?, today),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        bail!("{}: no such folder for the backup", dir.display());
    }
    let same = std::fs::canonicalize(&path).ok() == std::fs::canonicalize(store.path()).ok();
    if same {
        bail!(
            "{}: is the book itself; choose another file for the backup",
            path.display()
        );
    }
    crate::io::files::replace_atomic(&path, |tmp| -> anyhow::Result<()> {
        store
            .backup_into(tmp)
            .with_context(|| format!("{}: backup failed", path.display()))
    })?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up {} to {} ({} KB, integrity check ok)",
        store.path().display(),
        path.display(),
        size.div_ceil(1024)
    ))
}

fn free_backup_name(dir: &Path, today: Date) -> PathBuf {
    let first = dir.join(format!("runway-backup-{today}.db"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("runway-backup-{today}-{n}.db")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
