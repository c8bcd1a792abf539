//! Thin: parse the command line, load the config, open the store, hand over.

use anyhow::Context;
use clap::Parser;
use runway::cli::{self, Cli, Command, ConfigAction};
use runway::domain::Date;
use runway::domain::config::Config;
use runway::store::{Access, Store, StoreError};
use runway::tui::{self, app::App, keymap::Keymap, theme::Theme};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let book = book_path(&cli);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that went away (`runway queue | head -1`) ends the command as it ends
        // any Unix tool: by SIGPIPE, silently (Rust ignores the signal, so the write
        // failed instead).
        Err(e) if runway::io::out::is_broken_pipe(&e) => {
            let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
            ExitCode::from(141)
        }
        Err(e) => {
            // A damaged book gets the whole story once: what is wrong, the newest
            // backup, and the command that restores it.
            let damaged = e.chain().find_map(damage);
            let text = match (damaged, &book) {
                (Some(what), Some(book)) => runway::backups::damaged_advice(book, &what),
                _ => format!("{e:#}"),
            };
            eprintln!("runway: {}", inert_lines(&text));
            ExitCode::FAILURE
        }
    }
}

/// Untrusted text made inert line by line, keeping the message's own line breaks.
fn inert_lines(text: &str) -> String {
    text.lines()
        .map(|l| runway::domain::text::inert(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What SQLite found wrong, when an error in the chain says the book is damaged
/// (from the store itself, or through an import).
fn damage(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    use runway::io::import::ImportError;
    let store = e
        .downcast_ref::<StoreError>()
        .or_else(|| match e.downcast_ref::<ImportError>() {
            Some(ImportError::Store(s)) => Some(s),
            _ => None,
        });
    match store {
        Some(StoreError::Damaged(what)) => Some(what.clone()),
        _ => None,
    }
}

/// The book a command works on: `--db`, else the default file (when there is a
/// data folder to hold it).
fn book_path(cli: &Cli) -> Option<PathBuf> {
    if cli.demo {
        return None;
    }
    cli.db
        .clone()
        .or_else(|| cli::data_dir().ok().map(|d| d.join("runway.db")))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let config_path = cli::config_path(&cli)?;
    match &cli.command {
        Some(Command::Completions { shell }) => {
            return Ok(out(runway::cli_shell::completions(*shell))?);
        }
        Some(Command::Man) => return Ok(out(runway::cli_shell::man_page()?)?),
        Some(Command::Config {
            action: ConfigAction::Init,
        }) => {
            eprintln!("{}", cli::config_init(&config_path)?);
            return Ok(());
        }
        Some(Command::Config {
            action: ConfigAction::Path,
        }) => {
            out(format!("{}\n", config_path.display()))?;
            return Ok(());
        }
        _ => {}
    }
    // Nothing starts on half a config: a bad file stops here, before any database opens.
    let mut cfg = runway::config::load(&config_path)?;
    let keymap =
        Keymap::new(&cfg.keys).map_err(|m| anyhow::anyhow!("{}: {m}", config_path.display()))?;
    if let Some(Command::Demo { synthetic }) = &cli.command {
        eprintln!("{}", cli::write_demo(cli.db.as_deref(), *synthetic, today)?);
        return Ok(());
    }
    if let Some(Command::Queue {
        days,
        all,
        owner,
        at_risk,
        snoozed,
        json,
    }) = &cli.command
    {
        let store = open_existing(&cli, &cfg, today)?;
        let args = cli::QueueArgs {
            days: *days,
            all: *all,
            owner: owner.clone(),
            at_risk: *at_risk,
            snoozed: *snoozed,
            json: *json,
        };
        let mut stream = runway::io::out::stdout_stream();
        cli::queue(&store, &cfg, today, args, &mut stream)?;
        stream.finish()?;
        return Ok(());
    }
    if let Some(Command::Add {
        what: runway::cli_add::AddWhat::Account(args),
    }) = &cli.command
    {
        // Checked before any book is opened or created: a typo leaves nothing behind.
        let new = runway::cli_add::read(args, &cfg, today)?;
        let db = match cli.db.clone() {
            Some(p) => p,
            None => cli::data_dir()?.join("runway.db"),
        };
        let text = if db.exists() || cli.read_only {
            let mut store = open_existing(&cli, &cfg, today)?;
            runway::cli_add::add(&mut store, &cfg, today, &new)?
        } else {
            runway::cli_add::add_to_new_book(&db, &cfg, today, &new)?
        };
        return Ok(out(text)?);
    }
    match &cli.command {
        Some(Command::Account { account, json }) => {
            let store = open_existing(&cli, &cfg, today)?;
            out(cli::account(&store, &cfg, today, account, *json)?)?;
            return Ok(());
        }
        Some(Command::Proposal {
            account,
            format,
            md,
            html,
            txt,
            json,
            output,
            draft,
            approve,
            by,
            level,
        }) => {
            let mut store = open_existing(&cli, &cfg, today)?;
            if let (Some(tier), Some(by), Some(level)) = (approve, by, level) {
                let a = runway::cli_proposal::Approve { tier, by, level };
                eprintln!(
                    "{}",
                    runway::cli_proposal::approve(&mut store, &cfg, today, account, a)?
                );
                return Ok(());
            }
            let format = match (md, html, txt, json) {
                (_, true, _, _) => cli::DocFormat::Html,
                (_, _, true, _) => cli::DocFormat::Txt,
                (_, _, _, true) => cli::DocFormat::Json,
                (true, _, _, _) => cli::DocFormat::Md,
                _ => *format,
            };
            let opts = runway::cli_proposal::Opts {
                format,
                output: output.as_deref(),
                draft: *draft,
            };
            runway::cli_proposal::proposal(&store, &cfg, today, account, opts)?.emit()?;
            return Ok(());
        }
        Some(Command::Brief { account, output }) => {
            let store = open_existing(&cli, &cfg, today)?;
            cli::brief(&store, &cfg, today, account, output.as_deref())?.emit()?;
            return Ok(());
        }
        _ => {}
    }
    if let Some(Command::Import {
        kind,
        columns: true,
        ..
    }) = &cli.command
    {
        return Ok(out(runway::io::import::reference::reference(*kind))?);
    }
    if let Some(Command::Import {
        kind: Some(kind),
        file: Some(file),
        dry_run,
        clear_empty,
        date_order,
        encoding,
        delimiter,
        json,
        ..
    }) = &cli.command
    {
        if cli.read_only {
            anyhow::bail!("--read-only: an import writes the book; run it without --read-only");
        }
        // Importing into a new file is how a book starts, so the book may not exist yet.
        let db = match cli.db.clone() {
            Some(p) => p,
            None => cli::data_dir()?.join("runway.db"),
        };
        let args = cli::ImportArgs {
            kind: *kind,
            file,
            flags: runway::io::import::ImportFlags {
                dry_run: *dry_run,
                clear_empty: *clear_empty,
                date_order: *date_order,
                encoding: *encoding,
                delimiter: *delimiter,
            },
            json: *json,
        };
        let (text, refused) = cli::import(&db, &cfg, today, args)?;
        out(text)?;
        if refused {
            anyhow::bail!("{}: refused; nothing was written", file.display());
        }
        return Ok(());
    }
    if let Some(Command::Save {
        account,
        md,
        output,
        ..
    }) = &cli.command
    {
        let store = open_existing(&cli, &cfg, today)?;
        cli::save(&store, &cfg, account, *md, output.as_deref(), today)?.emit()?;
        return Ok(());
    }
    if let Some(done) = portfolio_command(&cli, &cfg, today)? {
        return Ok(out(done)?);
    }
    if let Some(Command::Saves { .. }) = &cli.command {
        let store = open_existing(&cli, &cfg, today)?;
        out(cli::saves(&store, &cfg, today)? + "\n")?;
        return Ok(());
    }
    if let Some(Command::Export {
        what,
        csv,
        account,
        output,
    }) = &cli.command
    {
        use runway::cli_export::{self, ExportWhat};
        if *csv && *what == ExportWhat::Calendar {
            anyhow::bail!("the calendar is iCalendar, not CSV: drop --csv");
        }
        let store = open_existing(&cli, &cfg, today)?;
        let written = cli_export::export_to(
            &store,
            &cfg,
            today,
            *what,
            account.as_deref(),
            output.as_deref(),
        )?;
        if let Some(msg) = written {
            eprintln!("{msg}");
        }
        return Ok(());
    }
    if let Some(Command::Check) = &cli.command {
        let book = book_path(&cli).context("no book to check: pass --db PATH")?;
        let (verdict, sound) = runway::backups::check(&book)?;
        if sound {
            out(format!("{verdict}\n"))?;
            return Ok(());
        }
        anyhow::bail!("{verdict}");
    }
    if let Some(Command::Restore { backup }) = &cli.command {
        let book = book_path(&cli).context("no book to restore into: pass --db PATH")?;
        eprintln!("{}", runway::backups::restore(&book, backup)?);
        return Ok(());
    }
    if let Some(Command::Backup { output }) = &cli.command {
        let store = open_existing(&cli, &cfg, today)?;
        eprintln!(
            "{}",
            runway::cli_export::backup(&store, &cfg, today, output.as_deref())?
        );
        return Ok(());
    }
    let (db_path, temp) = if cli.demo {
        // The demo gets a folder of its own: its book, its log and everything written
        // from it (briefs, proposals, plans), never the user's real data folder.
        let dir = demo_dir()?;
        cfg.book.export_dir = dir.display().to_string();
        (dir.join("demo.db"), true)
    } else {
        match cli.db.clone() {
            Some(p) => (p, false),
            None => (cli::data_dir()?.join("runway.db"), false),
        }
    };
    let _log = if temp {
        init_logging(db_path.parent().map(Path::to_path_buf))
    } else {
        init_logging(cli::data_dir().ok())
    };
    let cleanup = {
        let p = db_path.clone();
        move || {
            if temp {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(PathBuf::from(format!("{}{suffix}", p.display())));
                }
            }
        }
    };
    let result = (|| {
        let mut store = Store::open_with(
            &db_path,
            if temp {
                Access::ReadWrite
            } else {
                access(&cli)
            },
        )?;
        if temp {
            runway::demo::load_demo(&mut store, today)?;
        }
        // Derived risk signals follow the config's thresholds (a no-op unless they
        // changed); a read-only book shows them as last computed.
        if store.read_only().is_none() {
            store.sync_signal_rules(&cfg.signals)?;
        }
        tracing::info!(db = %db_path.display(), "opened");
        let demo_note = temp.then(|| {
            format!(
                "demo book: briefs, proposals and plans go to {}",
                cfg.book.export_dir
            )
        });
        // The book's check and the day's backup run beside the cockpit, started once
        // its first frame is drawn; what they find reaches the screen when it arrives.
        let backup = !temp && store.read_only().is_none() && cfg.backup.enabled;
        let watch = {
            let (book, cfg) = (db_path.clone(), cfg.clone());
            move || runway::backups::spawn_watch(book, cfg, today, backup)
        };
        let mut app = App::new(store, cfg, today, keymap, Theme::from_env())
            .context("cannot read the book")?;
        app.watch_after_first_frame(watch);
        if let Some(note) = &demo_note {
            app.message = Some(note.clone());
        }
        // The cockpit opens its book here, not through `open_existing`.
        app.snapshot_after_first_frame();
        tui::run(app, cleanup.clone())
    })();
    cleanup();
    if temp && let Some(dir) = db_path.parent() {
        // Say where anything written from the demo is; leave nothing when nothing was.
        drop(_log);
        let _ = std::fs::remove_file(dir.join("runway.log"));
        if std::fs::remove_dir(dir).is_err() {
            eprintln!("runway: the demo's files are in {}", dir.display());
        }
    }
    result
}

/// A new private folder for a `--demo` run under the system's temp folder.
fn demo_dir() -> anyhow::Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let dir = std::env::temp_dir().join(format!(
        "runway-demo-{}-{}",
        std::process::id(),
        chrono::Local::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("{}: cannot create the demo folder", dir.display()))?;
    Ok(dir)
}

/// Data to stdout: inert on a terminal, exact into a pipe; a closed pipe is an error
/// that `main` turns into a quiet exit.
fn out(text: impl AsRef<[u8]>) -> std::io::Result<()> {
    runway::io::out::stdout(text.as_ref())
}

/// The user's book for a command: `--db` or the default file, which must exist (a
/// listing never creates an empty book by accident). On the first run of the day
/// it is backed up first.
fn open_existing(cli: &Cli, cfg: &Config, today: Date) -> anyhow::Result<Store> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => cli::data_dir()?.join("runway.db"),
    };
    if !path.exists() {
        anyhow::bail!(
            "{}: no such book (create one with `runway demo --db PATH`, or point --db at yours)",
            path.display()
        );
    }
    let mut store = Store::open_with(&path, access(cli))?;
    if store.read_only().is_none() {
        daily_backup(&store, cfg, today)?;
        // Derived risk signals follow the config's thresholds (a no-op unless they changed).
        store.sync_signal_rules(&cfg.signals)?;
        // `runway snapshot` takes the day's snapshot itself; no need to take it twice.
        if !matches!(cli.command, Some(Command::Snapshot)) {
            daily_snapshot(&mut store, cfg, today);
        }
    }
    Ok(store)
}

/// The portfolio commands (issue 15): data to stdout, messages to stderr.
fn portfolio_command(cli: &Cli, cfg: &Config, today: Date) -> anyhow::Result<Option<String>> {
    use runway::cli_portfolio as cp;
    Ok(Some(match &cli.command {
        Some(Command::Forecast(a)) => {
            let store = open_existing(cli, cfg, today)?;
            // A page cache, not the whole file mapped: memory follows the period.
            store.for_streaming()?;
            let (period, owner) = (a.period.as_deref(), a.owner.as_deref());
            cp::forecast(&store, cfg, today, period, owner, a.json)?
        }
        Some(Command::Moved(a)) => {
            let store = open_existing(cli, cfg, today)?;
            cp::moved(&store, cfg, today, a.since, a.period.as_deref(), a.json)?
        }
        Some(Command::Winloss(a)) => {
            let store = open_existing(cli, cfg, today)?;
            cp::winloss_cmd(&store, cfg, today, a)?
        }
        Some(Command::Report(a)) => {
            let store = open_existing(cli, cfg, today)?;
            store.for_streaming()?;
            runway::cli_report::report(
                &store,
                cfg,
                today,
                a.period.as_deref(),
                a.html,
                a.output.as_deref(),
            )?
            .unwrap_or_default()
        }
        Some(Command::Snapshot) => {
            let mut store = open_existing(cli, cfg, today)?;
            eprintln!("{}", cp::snapshot(&mut store, cfg, today)?);
            String::new()
        }
        Some(Command::Category { account, category }) => {
            let mut store = open_existing(cli, cfg, today)?;
            eprintln!(
                "{}",
                inert_lines(&cp::category(&mut store, account, category)?)
            );
            String::new()
        }
        _ => return Ok(None),
    }))
}

/// The day's forecast snapshot, taken by the first run of the day (a day that has
/// one keeps it). Skipped quietly on a read-only book; a failure is said and does not
/// stop the command.
fn daily_snapshot(store: &mut Store, cfg: &Config, today: Date) {
    if store.read_only().is_some() {
        return;
    }
    if let Err(e) = store.take_snapshot(cfg, today, false) {
        tracing::warn!("daily forecast snapshot: {e}");
        eprintln!(
            "runway: {}",
            inert_lines(&format!("the daily forecast snapshot failed: {e}"))
        );
    }
}

fn access(cli: &Cli) -> Access {
    if cli.read_only {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    }
}

/// A short command finishes the day's backup before it goes on. A failed backup is
/// said on stderr and does not stop the command; one that finds the book damaged
/// stops it (with the whole story, once), since nothing may be written to it — a
/// `--read-only` run, which takes no backup, can still read out what is left.
fn daily_backup(store: &Store, cfg: &Config, today: Date) -> anyhow::Result<()> {
    if let Err(e) = runway::backups::daily(store, cfg, today) {
        if let Some(what) = store.damaged() {
            return Err(StoreError::Damaged(what).into());
        }
        eprintln!(
            "runway: {}",
            inert_lines(&format!(
                "the daily backup failed (the book is untouched): {e:#}"
            ))
        );
    }
    Ok(())
}

/// Logs go to a file in the data folder, never to the terminal the cockpit draws on.
fn init_logging(dir: Option<PathBuf>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = dir?;
    runway::paths::private_file(&dir.join("runway.log")).ok()?;
    let appender = tracing_appender::rolling::never(dir, "runway.log");
    // A small queue: runway logs a few lines a session, and the default of 128,000
    // lines is allocated up front (a sixth of the cockpit's start-up at 100k).
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(1024)
        .finish(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
