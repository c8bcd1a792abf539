//! What happens to the book under the cockpit: another runway's writes (noticed
//! within a second, re-read, and an edit typed over the old screen refused by the
//! store), and the background check and daily backup started with the cockpit
//! (a damaged book turns edits off and says how to restore it), and the day's
//! forecast snapshot, taken once the first frame is on screen.

use crate::tui::app::{App, Overlay, Pane};

/// How often the cockpit asks whether another runway has changed the book.
const CHANGE_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl App {
    /// Has the day's forecast snapshot taken after the first frame rather than before
    /// it: a book of a million renewals takes about three seconds to compare, once a
    /// day, and the queue should not wait for that.
    pub fn snapshot_after_first_frame(&mut self) {
        self.snapshot_due = true;
        if self.large {
            self.message = Some("taking today's forecast snapshot…".into());
        }
    }

    /// Takes the day's snapshot when it is due (a day that has one keeps it). A
    /// failure is said and stops nothing; the next run of the day tries again.
    pub(super) fn daily_snapshot(&mut self) -> bool {
        if !std::mem::take(&mut self.snapshot_due) || self.store.read_only().is_some() {
            return false;
        }
        match self.store.take_snapshot(&self.cfg, self.today, false) {
            Err(e) => self.message = Some(format!("the daily forecast snapshot failed: {e}")),
            // The "taking…" note is done with.
            Ok(_) if self.large => self.message = None,
            Ok(_) => {}
        }
        true
    }

    /// Called on every tick: takes in what the background check found, and catches
    /// up with another runway's writes. Whether the screen needs drawing again.
    pub(crate) fn watch_book(&mut self) -> bool {
        self.watch = match std::mem::take(&mut self.watch) {
            Watch::Due(start) => Watch::Running(start()),
            other => other,
        };
        let mut dirty = self.take_finding();
        if self.last_change_check.elapsed() >= CHANGE_CHECK_EVERY {
            self.last_change_check = std::time::Instant::now();
            dirty |= self.catch_up();
        }
        dirty
    }

    /// Hands the app the background check of its book (and the day's backup), to
    /// start once the first frame is on screen; what it finds shows up on a later
    /// tick. The check reads every page of the book on a second connection: started
    /// beside the first frame, it took a third of the process's start at 100k
    /// accounts (18 against 11 ms on two cores), competing for the cores and for
    /// SQLite's shared locks.
    pub fn watch_after_first_frame(
        &mut self,
        start: impl FnOnce() -> std::sync::mpsc::Receiver<crate::backups::Finding> + 'static,
    ) {
        self.watch = Watch::Due(Box::new(start));
    }

    /// Re-reads everything on screen (the queue, the open pane, the palette's names)
    /// after the book changed under it, and marks this moment as seen so later edits
    /// are checked against it.
    pub(crate) fn reload_everything(&mut self) {
        if let Err(e) = self.store.mark_seen().and_then(|_| self.reload()) {
            self.message = Some(format!("reloading failed: {e}"));
        }
        self.reload_pane();
    }

    /// Re-reads the pane on screen and forgets the palette's names (the queue is the
    /// caller's to reload, keeping the selection or not).
    pub(crate) fn reload_pane(&mut self) {
        self.names.stale();
        match self.pane {
            Pane::Account => self.load_account(),
            Pane::Save => self.load_save(),
            Pane::Proposal => self.load_proposal(),
            Pane::Portfolio => self.load_portfolio(None),
            Pane::Queue => {}
        }
    }

    /// When another runway has written the book since the screen was read: reload
    /// and say so. Never while a form or prompt is open — an edit in progress is
    /// checked against what it was typed over when it is saved, and refused then.
    pub fn catch_up(&mut self) -> bool {
        if !matches!(self.overlay, Overlay::None | Overlay::Info { .. }) {
            return false;
        }
        if !self.store.changed_since_seen().unwrap_or(false) {
            return false;
        }
        self.reload_everything();
        self.message = Some("changed by another runway — reloaded".into());
        true
    }

    /// What the background check of the book reported, if anything.
    fn take_finding(&mut self) -> bool {
        use crate::backups::Finding;
        let Watch::Running(rx) = &self.watch else {
            return false;
        };
        let finding = match rx.try_recv() {
            Ok(f) => f,
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.watch = Watch::Done;
                return false;
            }
        };
        match finding {
            Finding::Damaged(what) => {
                self.store.mark_damaged(&what);
                self.overlay = Overlay::Info {
                    title: "The book is damaged".into(),
                    lines: crate::backups::damaged_advice(self.store.path(), &what)
                        .lines()
                        .map(str::to_string)
                        .chain([
                            String::new(),
                            "Nothing more will be saved to it. Quit (q) and restore a backup."
                                .into(),
                        ])
                        .collect(),
                };
            }
            Finding::BackedUp(p) => {
                tracing::info!(backup = %p.display(), "daily backup written");
            }
            Finding::BackupFailed(why) => {
                self.message = Some(format!(
                    "the daily backup failed (the book is untouched): {why}"
                ));
            }
        }
        true
    }
}

/// The background check of the book, from the cockpit's start to its report.
#[derive(Default)]
pub(crate) enum Watch {
    /// None was asked for, or it has reported and ended.
    #[default]
    Done,
    /// To start on the first tick, which comes after the first frame is drawn.
    Due(Box<dyn FnOnce() -> std::sync::mpsc::Receiver<crate::backups::Finding>>),
    /// Running; its findings arrive here.
    Running(std::sync::mpsc::Receiver<crate::backups::Finding>),
}
