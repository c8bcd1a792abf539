//! Thin: parse the command line, load the config, open the store, hand over.

use anyhow::Context;
use clap::Parser;
use runway::cli::{self, Cli, Command, ConfigAction};
use runway::store::Store;
use runway::tui::{self, app::App, keymap::Keymap, theme::Theme};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
            // Inert line by line: a message may list several reasons, one a line.
            let msg = format!("{e:#}");
            let lines: Vec<_> = msg.lines().map(runway::domain::text::inert).collect();
            eprintln!("runway: {}", lines.join("\n"));
            ExitCode::FAILURE
        }
    }
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
        let store = open_existing(cli.db.clone())?;
        let args = cli::QueueArgs {
            days: *days,
            all: *all,
            owner: owner.clone(),
            at_risk: *at_risk,
            snoozed: *snoozed,
            json: *json,
        };
        let mut text = cli::queue(&store, &cfg, today, args)?;
        if *json {
            text.push('\n');
        }
        out(text)?;
        return Ok(());
    }
    match &cli.command {
        Some(Command::Account { account, json }) => {
            let store = open_existing(cli.db.clone())?;
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
            let mut store = open_existing(cli.db.clone())?;
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
            let store = open_existing(cli.db.clone())?;
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
        date_order,
        encoding,
        delimiter,
        json,
        ..
    }) = &cli.command
    {
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
        let store = open_existing(cli.db.clone())?;
        cli::save(&store, &cfg, account, *md, output.as_deref(), today)?.emit()?;
        return Ok(());
    }
    if let Some(Command::Saves { .. }) = &cli.command {
        let store = open_existing(cli.db.clone())?;
        out(cli::saves(&store)? + "\n")?;
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
        let store = open_existing(cli.db.clone())?;
        let e = cli_export::export(&store, &cfg, today, *what, account.as_deref())?;
        match cli_export::write_export(&e, output.as_deref())? {
            Some(msg) => eprintln!("{msg}"),
            None => runway::io::out::stdout(&e.bytes)?,
        }
        return Ok(());
    }
    if let Some(Command::Backup { output }) = &cli.command {
        let store = open_existing(cli.db.clone())?;
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
        let mut store = Store::open(&db_path)?;
        if temp {
            runway::demo::load_demo(&mut store, today)?;
        }
        tracing::info!(db = %db_path.display(), "opened");
        let demo_note = temp.then(|| {
            format!(
                "demo book: briefs, proposals and plans go to {}",
                cfg.book.export_dir
            )
        });
        let mut app = App::new(store, cfg, today, keymap, Theme::from_env())
            .context("cannot read the book")?;
        if let Some(note) = &demo_note {
            app.message = Some(note.clone());
        }
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

/// The user's book for a read-only command: `--db` or the default file, which must
/// exist (a listing never creates an empty book by accident).
fn open_existing(db: Option<PathBuf>) -> anyhow::Result<Store> {
    let path = match db {
        Some(p) => p,
        None => cli::data_dir()?.join("runway.db"),
    };
    if !path.exists() {
        anyhow::bail!(
            "{}: no such book (create one with `runway demo --db PATH`, or point --db at yours)",
            path.display()
        );
    }
    Ok(Store::open(&path)?)
}

/// Logs go to a file in the data folder, never to the terminal the cockpit draws on.
fn init_logging(dir: Option<PathBuf>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = dir?;
    let appender = tracing_appender::rolling::never(dir, "runway.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
