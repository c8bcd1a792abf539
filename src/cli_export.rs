//! `runway export …` and `runway backup`: getting the book back out, for spreadsheets,
//! calendars, scripts and safekeeping. Data goes to stdout or a file written
//! atomically (0600, never through a symlink); what happened goes to stderr.

use crate::cli::resolve_account;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::io::{calendar, csv_export};
use crate::store::Store;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `runway export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    Accounts,
    Stakeholders,
    Signals,
    Calendar,
}

/// Writes the export to `out` as the store reads it and returns a one-line account
/// of what is in it; `only` (an account id) narrows it to one account.
pub fn export(
    store: &Store,
    cfg: &Config,
    today: Date,
    what: ExportWhat,
    only: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<String> {
    use csv_export::{CsvKind, CsvOut};
    let count = crate::io::text::count;
    Ok(match what {
        ExportWhat::Accounts => {
            let mut w = CsvOut::new(out, CsvKind::Accounts)?;
            let n = store
                .each_account_line(only, &mut |l| -> anyhow::Result<()> { Ok(w.account(l)?) })?;
            w.finish()?;
            count(n, "account", "accounts")
        }
        ExportWhat::Stakeholders => {
            let mut w = CsvOut::new(out, CsvKind::Stakeholders)?;
            let n = store.each_stakeholder_line(only, &mut |l| -> anyhow::Result<()> {
                Ok(w.stakeholder(l)?)
            })?;
            w.finish()?;
            count(n, "stakeholder", "stakeholders")
        }
        ExportWhat::Signals => {
            let mut w = CsvOut::new(out, CsvKind::Signals)?;
            let n = store
                .each_signal_line(only, &mut |l| -> anyhow::Result<()> { Ok(w.signal(l)?) })?;
            w.finish()?;
            count(n, "signal line", "signal lines")
        }
        ExportWhat::Calendar => {
            let mut cal = calendar::CalendarOut::new(today, store.open_date_span(only)?)?;
            store.scan_queue(cfg, today, None, &mut |r| -> anyhow::Result<()> {
                if only.is_none_or(|id| r.facts.account_id == id) {
                    for e in calendar::row_events(r, today, cfg) {
                        cal.push(&e)?;
                    }
                }
                Ok(())
            })?;
            store.each_open_task(only, &mut |(t, name)| -> anyhow::Result<()> {
                if let Some(e) = calendar::task_event(t, name) {
                    cal.push(&e)?;
                }
                Ok(())
            })?;
            let n = cal.len();
            cal.write(out)?;
            count(n, "event", "events")
        }
    })
}

/// Runs an export into `output` (written atomically) and returns the message for
/// stderr, or into stdout when there is no file (`None`); `account` narrows it to
/// one account (id or unique name match).
pub fn export_to(
    store: &Store,
    cfg: &Config,
    today: Date,
    what: ExportWhat,
    account: Option<&str>,
    output: Option<&Path>,
) -> anyhow::Result<Option<String>> {
    let only = account.map(|q| resolve_account(store, q)).transpose()?;
    let account = only.as_deref();
    store.for_streaming()?;
    match output {
        Some(p) if p != Path::new("-") => {
            let mut summary = String::new();
            crate::io::files::replace_atomic(p, |tmp| -> anyhow::Result<()> {
                let file = std::fs::OpenOptions::new().write(true).open(tmp)?;
                let mut w = std::io::BufWriter::with_capacity(64 * 1024, file);
                summary = export(store, cfg, today, what, account, &mut w)?;
                let file = w.into_inner().map_err(|e| e.into_error())?;
                Ok(file.sync_all()?)
            })
            .with_context(|| format!("{}: cannot write the export", p.display()))?;
            Ok(Some(format!("wrote {summary} to {}", p.display())))
        }
        _ => {
            let mut stream = crate::io::out::stdout_stream();
            export(store, cfg, today, what, account, &mut stream)?;
            stream.finish()?;
            Ok(None)
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
