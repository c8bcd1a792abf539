//! The cockpit: the only module that uses ratatui and crossterm.

pub mod app;
pub mod cmdline;
pub mod format;
pub mod keymap;
pub mod palette;
mod palette_view;
pub mod panes;
pub mod theme;
pub mod view;

use app::App;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Runs the cockpit until the user quits or the process is told to stop.
/// `ratatui::init` restores the terminal on panic; SIGTERM and SIGHUP set a flag that
/// ends the loop so the terminal is restored on those too.
pub fn run(mut app: App) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the cockpit needs a terminal (stdin and stdout); run it from a terminal window"
        );
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let mut terminal = ratatui::init();
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        let mut dirty = true;
        while !app.quit && !stop.load(Ordering::Relaxed) {
            if dirty {
                terminal.draw(|f| view::render(&app, f))?;
                dirty = false;
            }
            // A short poll so a signal is noticed promptly even with no keys pressed.
            if event::poll(Duration::from_millis(200))? {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        app.handle_key(k);
                        dirty = true;
                    }
                    Event::Resize(w, h) => {
                        app.resize(w, h);
                        dirty = true;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })();
    ratatui::restore();
    if stop.load(Ordering::Relaxed) {
        tracing::info!("stopped by signal");
    }
    result
}
