//! Thin: parse the command line, load the config, open the store, hand over.

use anyhow::Context;
use clap::Parser;
use runway::cli::{self, Cli, Command, ConfigAction};
use runway::store::Store;
use runway::tui::{self, app::App, keymap::Keymap, theme::Theme};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("runway: {}", runway::domain::text::inert(&format!("{e:#}")));
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
        Some(Command::Config {
            action: ConfigAction::Init,
        }) => {
            eprintln!("{}", cli::config_init(&config_path)?);
            return Ok(());
        }
        Some(Command::Config {
            action: ConfigAction::Path,
        }) => {
            println!("{}", config_path.display());
            return Ok(());
        }
        _ => {}
    }
    // Nothing starts on half a config: a bad file stops here, before any database opens.
    let cfg = runway::config::load(&config_path)?;
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
        let store = open_existing(cli.db.clone(), &cfg)?;
        let args = cli::QueueArgs {
            days: *days,
            all: *all,
            owner: owner.clone(),
            at_risk: *at_risk,
            snoozed: *snoozed,
            json: *json,
        };
        print!("{}", cli::queue(&store, &cfg, today, args)?);
        if *json {
            println!();
        }
        return Ok(());
    }
    match &cli.command {
        Some(Command::Account { account, json }) => {
            let store = open_existing(cli.db.clone(), &cfg)?;
            print!("{}", cli::account(&store, &cfg, today, account, *json)?);
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
        }) => {
            let store = open_existing(cli.db.clone(), &cfg)?;
            let format = match (md, html, txt, json) {
                (_, true, _, _) => cli::DocFormat::Html,
                (_, _, true, _) => cli::DocFormat::Txt,
                (_, _, _, true) => cli::DocFormat::Json,
                (true, _, _, _) => cli::DocFormat::Md,
                _ => *format,
            };
            cli::proposal(&store, &cfg, today, account, format, output.as_deref())?.emit();
            return Ok(());
        }
        Some(Command::Brief { account, output }) => {
            let store = open_existing(cli.db.clone(), &cfg)?;
            cli::brief(&store, &cfg, today, account, output.as_deref())?.emit();
            return Ok(());
        }
        _ => {}
    }
    if let Some(Command::Import {
        kind,
        file,
        dry_run,
        date_order,
        encoding,
        delimiter,
        json,
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
        let (out, refused) = cli::import(&db, &cfg, today, args)?;
        print!("{out}");
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
        let store = open_existing(cli.db.clone(), &cfg)?;
        cli::save(&store, &cfg, account, *md, output.as_deref(), today)?.emit();
        return Ok(());
    }
    if let Some(Command::Saves { .. }) = &cli.command {
        let store = open_existing(cli.db.clone(), &cfg)?;
        println!("{}", cli::saves(&store, &cfg, today)?);
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
        let store = open_existing(cli.db.clone(), &cfg)?;
        let e = cli_export::export(&store, &cfg, today, *what, account.as_deref())?;
        match cli_export::write_export(&e, output.as_deref())? {
            Some(msg) => eprintln!("{msg}"),
            None => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                out.write_all(&e.bytes)?;
                out.flush()?;
            }
        }
        return Ok(());
    }
    if let Some(Command::Backup { output }) = &cli.command {
        let store = open_existing(cli.db.clone(), &cfg)?;
        eprintln!(
            "{}",
            runway::cli_export::backup(&store, &cfg, today, output.as_deref())?
        );
        return Ok(());
    }
    let _log = init_logging();
    let (db_path, temp) = if cli.demo {
        let p = std::env::temp_dir().join(format!(
            "runway-demo-{}-{}.db",
            std::process::id(),
            chrono::Local::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        (p, true)
    } else {
        match cli.db.clone() {
            Some(p) => (p, false),
            None => (cli::data_dir()?.join("runway.db"), false),
        }
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
        store.sync_signal_rules(&cfg.signals)?;
        tracing::info!(db = %db_path.display(), "opened");
        let app = App::new(store, cfg, today, keymap, Theme::from_env())
            .context("cannot read the book")?;
        tui::run(app, cleanup.clone())
    })();
    cleanup();
    result
}

/// The user's book for a read-only command: `--db` or the default file, which must
/// exist (a listing never creates an empty book by accident).
fn open_existing(
    db: Option<PathBuf>,
    cfg: &runway::domain::config::Config,
) -> anyhow::Result<Store> {
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
    let mut store = Store::open(&path)?;
    // Derived risk signals follow the config's thresholds (a no-op unless they changed).
    store.sync_signal_rules(&cfg.signals)?;
    Ok(store)
}

/// Logs go to a file in the data folder, never to the terminal the cockpit draws on.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = cli::data_dir().ok()?;
    let appender = tracing_appender::rolling::never(dir, "runway.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
