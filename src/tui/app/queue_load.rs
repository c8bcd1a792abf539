//! Reading the queue of a large book without making the user wait. A book with more
//! than [`BACKGROUND_FROM`] renewals gets its first screen from one indexed read (the
//! soonest renewals in the window, by date) and reads the whole window — every row
//! scored and sorted by priority — on a thread with its own read-only connection; the
//! summary line says so until it lands, and the keys that need the whole window (sort,
//! filters, window) wait for it. Later reloads of a large book (after an edit, another
//! runway's change, `W`) go the same way; a small book reads at once, as before.

use crate::domain::queue::QueueRow;
use crate::tui::app::App;
use std::sync::mpsc::{Receiver, TryRecvError};

/// Renewals (by highest id) from which the window is read in the background. At 20k
/// the whole read takes about 5 ms; at 100k about 40 ms, at 1M seconds.
pub const BACKGROUND_FROM: i64 = 20_000;

/// Rows the first screen of a large book reads by date.
const FIRST_PAGE: usize = 200;

/// A whole-window read under way.
pub struct Loading {
    rx: Receiver<Result<Vec<QueueRow>, String>>,
    /// The renewal to keep selected when it lands.
    keep: Option<i64>,
}

impl App {
    /// Whether this book is read in the background (decided once, at start).
    pub(crate) fn large_book(&self) -> bool {
        self.large
    }

    /// The first screen of a large book: the window's soonest renewals, provisional.
    pub(crate) fn first_page(&mut self) -> Result<(), crate::store::StoreError> {
        let page = self.store.queue_page_by_date(
            &self.cfg,
            self.today,
            self.queue.window,
            0,
            FIRST_PAGE,
        )?;
        self.set_rows(page);
        self.start_background_load(None);
        Ok(())
    }

    /// Reads the whole window on a thread; `keep` stays selected when it lands.
    pub(crate) fn start_background_load(&mut self, keep: Option<i64>) {
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, cfg, today, window) = (
            self.store.path().to_path_buf(),
            self.cfg.clone(),
            self.today,
            self.queue.window,
        );
        std::thread::spawn(move || {
            let rows = crate::store::Store::open_with(&path, crate::store::Access::ReadOnly)
                // A small page cache and no mapped reads: this thread reads every
                // renewal once, and mapped pages would count as the cockpit's own.
                .and_then(|s| {
                    s.for_streaming()?;
                    s.load_queue(&cfg, today, window)
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(rows);
        });
        // A newer read replaces an older one still running: its result is dropped.
        self.loading = Some(Loading { rx, keep });
    }

    /// Takes in a finished whole-window read. Returns whether the screen changed.
    pub(crate) fn land_queue(&mut self) -> bool {
        let Some(l) = &self.loading else {
            return false;
        };
        let got = match l.rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the queue reader stopped".into()),
        };
        let keep = self.loading.take().and_then(|l| l.keep);
        self.take_rows(got, keep);
        true
    }

    /// Waits for the whole-window read (benches and tests of large books).
    pub fn wait_for_queue(&mut self) {
        if let Some(l) = self.loading.take() {
            let got =
                l.rx.recv()
                    .unwrap_or_else(|_| Err("the queue reader stopped".into()));
            self.take_rows(got, l.keep);
        }
    }

    fn take_rows(&mut self, got: Result<Vec<QueueRow>, String>, keep: Option<i64>) {
        match got {
            Ok(rows) => {
                self.queue.provisional = false;
                self.set_rows(rows);
                if let Some(id) = keep {
                    self.queue.select_renewal(id);
                }
                // The last window's rows were just freed.
                give_back_freed_memory();
            }
            Err(e) => self.message = Some(format!("the queue was not read: {e}")),
        }
    }

    /// Whether the queue on screen is a first page still waiting for the whole window.
    pub fn queue_provisional(&self) -> bool {
        self.queue.provisional
    }

    /// Whether a whole-window read is under way.
    pub fn queue_loading(&self) -> bool {
        self.loading.is_some()
    }
}

/// Hands memory freed by a large reload back to the operating system. The window's
/// rows are built on the reader thread, in that thread's malloc arena, and glibc keeps
/// an arena's freed pages for reuse: a million-row book's resident memory grew by the
/// size of a window with every `W` until the allocator was asked to trim.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it takes no pointers and is
    // safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
