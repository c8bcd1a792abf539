//! The cockpit: the only module that uses ratatui and crossterm.
//!
//! How it is built, and where things go:
//!
//! ```text
//! mod.rs        the run loop: terminal events → App::handle_key / tick → view::render
//! app/          the App: what is shared (store, config, today, keymap, overlays, the
//!               status line, the undo journal) and the router (mod.rs: global keys,
//!               then the pane on screen, then Tab/Esc fallbacks). One host file per
//!               pane — app/queue.rs, account.rs, save.rs, proposal.rs, portfolio.rs —
//!               reads that pane's data from the store, hands it the keymap's Actions
//!               and runs the effects it returns. Only app/ talks to the store.
//! queue/ account/ save/ proposal/ portfolio/
//!               the panes, each a component: its state, `update(Action) → Effect`,
//!               its typed forms (`read_form → a typed write`), `render`. A component
//!               never sees the app, the store or another pane (tests/architecture.rs
//!               fails if one does); its own tests drive it without a store.
//! view.rs       the frame: header, tabs, the pane on screen, footer, overlays
//! keymap.rs     every key as data: contexts, actions, hints, help, README tables
//! form.rs panel.rs layout.rs format.rs theme.rs pane.rs palette*.rs cmdline.rs
//!               the pieces panes share: forms with typed fields, scrollable panels,
//!               wrapping, number and flag formats, colours (NO_COLOR), the pane list
//! ```
//!
//! A new pane: a variant in `pane.rs` (and a key context in `keymap.rs` with its
//! actions), a folder `tui/<pane>/` shaped like `queue/` (state, update → effect,
//! forms, render, tests), a host `app/<pane>.rs`, one line each in the router's
//! `pane_action` / `pane_takes` and in `view::render`, then snapshots at 80×24,
//! 120×40 and 200×60 in `tests/sizes.rs`.

pub mod account;
pub mod app;
pub(crate) mod clipboard;
pub mod cmdline;
pub mod form;
pub(crate) mod format;
pub mod keymap;
pub(crate) mod layout;
pub mod palette;
mod palette_view;
pub mod pane;
pub(crate) mod panel;
pub mod portfolio;
pub mod proposal;
pub mod queue;
pub mod save;
pub mod theme;
pub mod view;

use app::App;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Runs the cockpit until the user quits or the process is told to stop.
/// `ratatui::init` restores the terminal on panic. SIGTERM and SIGHUP set a flag that
/// ends the loop; because a closed terminal can leave crossterm blocked inside a read,
/// a watchdog thread also restores the terminal, runs `on_forced_exit` (the caller's
/// clean-up) and exits if the loop has not ended within half a second.
pub fn run(mut app: App, on_forced_exit: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the cockpit needs a terminal (stdin and stdout); run it from a terminal window"
        );
    }
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    {
        let (stop, done) = (Arc::clone(&stop), Arc::clone(&done));
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                stop.store(true, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(500));
                if !done.load(Ordering::Relaxed) {
                    // Clean up first: with the terminal gone, anything written to it may fail.
                    on_forced_exit();
                    let _ = ratatui::try_restore();
                    std::process::exit(128 + sig);
                }
            }
        });
    }
    app.osc52 = true;
    let mut terminal = ratatui::init();
    let mouse = app.cfg.ui.mouse;
    if mouse {
        ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::event::EnableMouseCapture
        )?;
    }
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        let mut dirty = true;
        while !app.quit && !stop.load(Ordering::Relaxed) {
            if dirty {
                terminal.draw(|f| view::render(&app, f))?;
                dirty = false;
            }
            if app.tick() {
                dirty = true;
            }
            // A short poll so a signal is noticed promptly even with no keys pressed;
            // shorter while an import runs, so its progress bar moves smoothly.
            let wait = if app.busy() { 50 } else { 200 };
            if event::poll(Duration::from_millis(wait))? {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        app.handle_key(k);
                        dirty = true;
                    }
                    Event::Resize(w, h) => {
                        app.resize(w, h);
                        dirty = true;
                    }
                    Event::Mouse(m) if mouse => {
                        app.handle_mouse(m);
                        dirty = true;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })();
    done.store(true, Ordering::Relaxed);
    if mouse {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::event::DisableMouseCapture
        );
    }
    // try_restore, not restore: restore reports failure with eprintln!, which panics
    // (and then aborts in the panic hook) when the terminal has already gone away.
    let _ = ratatui::try_restore();
    if stop.load(Ordering::Relaxed) {
        tracing::info!("stopped by signal");
    }
    result
}
