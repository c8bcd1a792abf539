//! The account names the go-to palette and `:goto` search. A small book reads them
//! when the palette first opens, as before. A large book (one whose queue is read in
//! the background) reads them on a thread with its own read-only connection as soon
//! as its queue is in, so the palette opens at once and is ready when wanted; until
//! they land it says it is reading them. A change to the book's accounts (a new
//! account, an import, another runway's change) reads them again, the old names
//! serving until the new ones land.

use crate::name_list::NameList;
use crate::tui::app::{App, Overlay};
use crate::tui::palette::Palette;
use std::sync::mpsc::{Receiver, TryRecvError};

#[derive(Default)]
pub struct AccountNames {
    pub list: NameList,
    /// Whether `list` is the book's accounts as they are now.
    fresh: bool,
    /// A read under way on its own thread.
    reading: Option<Receiver<Result<NameList, String>>>,
}

impl AccountNames {
    /// Whether the names are still being read (the palette says so).
    pub fn reading(&self) -> bool {
        !self.fresh
    }

    /// The book's accounts changed: read them again when next wanted. A read under
    /// way may have missed the change, so it is dropped.
    pub(crate) fn stale(&mut self) {
        self.fresh = false;
        self.reading = None;
    }
}

impl App {
    /// Ctrl-P: the palette opens at once; a large book's names may land later.
    pub(crate) fn open_palette(&mut self) {
        if self.large_book() {
            self.start_reading_names();
        } else {
            self.ensure_names();
        }
        self.overlay = Overlay::Palette(Palette::new(&self.names.list));
    }

    /// The names as the book has them now, waiting for them if need be (`:goto`).
    pub(crate) fn ensure_names(&mut self) {
        if self.names.fresh {
            return;
        }
        if !self.large_book() {
            let read = self.store.name_list().map_err(|e| e.to_string());
            return self.take_names(read);
        }
        self.start_reading_names();
        if let Some(rx) = self.names.reading.take() {
            let read = rx
                .recv()
                .unwrap_or_else(|_| Err("the name reader stopped".into()));
            self.take_names(read);
        }
    }

    fn start_reading_names(&mut self) {
        if self.names.fresh || self.names.reading.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.store.path().to_path_buf();
        std::thread::spawn(move || {
            let list = crate::store::Store::open_with(&path, crate::store::Access::ReadOnly)
                // A small page cache and no mapped reads: every account is read once.
                .and_then(|s| {
                    s.for_streaming()?;
                    s.name_list()
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(list);
        });
        self.names.reading = Some(rx);
    }

    /// Takes in a finished read, and starts one for a large book once its queue is
    /// in (so the two reads do not share the machine). Returns whether the screen
    /// changed.
    pub(crate) fn names_tick(&mut self) -> bool {
        let Some(rx) = &self.names.reading else {
            if self.large_book() && !self.names.fresh && !self.queue_loading() {
                self.start_reading_names();
            }
            return false;
        };
        let read = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the name reader stopped".into()),
        };
        self.names.reading = None;
        self.take_names(read);
        true
    }

    /// Whether names are being read in the background.
    pub(crate) fn names_busy(&self) -> bool {
        self.names.reading.is_some()
    }

    fn take_names(&mut self, read: Result<NameList, String>) {
        match read {
            Ok(list) => {
                self.names.list = list;
                self.names.fresh = true;
                if let Overlay::Palette(p) = &mut self.overlay {
                    p.renew(&self.names.list);
                }
            }
            // Marked fresh all the same, so a failing book is not read again and
            // again; the next change to it tries again.
            Err(e) => {
                self.names.fresh = true;
                self.message = Some(format!("account names were not read: {e}"));
            }
        }
    }
}
