//! Reading the queue of a large book without making the user wait. A book with more
//! than [`BACKGROUND_FROM`] renewals gets its first screen from one indexed read (the
//! soonest renewals in the window, by date) and reads the whole window — every row
//! scored and sorted by priority — on a thread with its own read-only connection; the
//! summary line says so until it lands, and the keys that need the whole window (sort,
//! filters, window) wait for it. Later reloads of a large book (after an edit, another
//! runway's change, `W`) go the same way; a small book reads at once, as before.
//!
//! `W` reads nothing the queue holds: a narrower window is made from the rows on
//! screen, and a wider one from them and the band it adds (the renewals dated past
//! the current end), read ahead the same way once a window is in (not for the
//! all-renewals window: most of the book is more memory than a guess is worth). Any
//! other reload drops the band: the book may have changed since.

use crate::domain::compact_queue::CompactQueue;
use crate::tui::app::App;
use std::sync::mpsc::{Receiver, TryRecvError};

/// Renewals (by highest id) from which the window is read in the background. At 20k
/// the whole read takes about 5 ms; at 100k about 40 ms, at 1M seconds.
pub const BACKGROUND_FROM: i64 = 20_000;

/// Rows held (about 130 bytes each with their place in the lists) from which a
/// reload lets the window go but for its screen while it reads the new one: a
/// million-row window held twice peaked at 400 MB.
const HOLD_SCREEN_FROM: usize = 250_000;

/// Rows the first screen of a large book reads by date.
const FIRST_PAGE: usize = 200;

/// A window's rows, packed, in priority order.
type WindowRead = Receiver<Result<CompactQueue, String>>;

/// A whole-window read under way.
pub struct Loading {
    rx: WindowRead,
    /// The renewal to keep selected when it lands.
    keep: Option<i64>,
    /// The window being read.
    window: Option<i64>,
}

/// What the window after this one adds, read ahead for `W`.
pub struct ReadAhead {
    /// The window the held rows are of, and the one the band widens them to.
    from: Option<i64>,
    window: Option<i64>,
    rx: WindowRead,
}

/// What a read on a thread is for.
enum Read {
    /// Every row of a window.
    Whole(Option<i64>),
    /// What `window` adds to the narrower window `from` (`Store::load_queue_band`).
    Band { from: i64, window: Option<i64> },
}

/// Whether `to` shows no renewal `from` does not (so the rows of `from` suffice).
fn narrower(to: Option<i64>, from: Option<i64>) -> bool {
    match (to, from) {
        (Some(t), Some(f)) => t <= f,
        (Some(_), None) => true,
        (None, f) => f.is_none(),
    }
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

    /// Reads the whole window on a thread; `keep` stays selected when it lands. A
    /// window of more than [`HOLD_SCREEN_FROM`] rows is let go but for its screen
    /// first, and freed on that thread before it reads.
    pub(crate) fn start_background_load(&mut self, keep: Option<i64>) {
        let window = self.queue.window;
        let old = if self.queue.rows.len() > HOLD_SCREEN_FROM {
            self.queue.hold_screen_only().unwrap_or_default()
        } else {
            CompactQueue::default()
        };
        let rx = self.read_on_thread(Read::Whole(window), old);
        // A newer read replaces an older one still running: its result is dropped.
        self.loading = Some(Loading { rx, keep, window });
        self.held = None;
    }

    /// `W` moved the window. A large book's rows on screen give a narrower window at
    /// once, and a wider one with the band read ahead for it; otherwise (a small book,
    /// a read still under way, the band not in yet) the window is read again.
    pub(crate) fn window_changed(&mut self) -> Result<(), crate::store::StoreError> {
        use crate::domain::compact_queue::{narrow, widen};
        let ahead = self.ahead.take();
        let to = self.queue.window;
        let Some(from) = self.held.filter(|_| self.large && self.loading.is_none()) else {
            return self.reload();
        };
        let band = if narrower(to, from) {
            None
        } else {
            let ready = ahead
                .filter(|a| a.from == from && a.window == to)
                .and_then(|a| a.rx.try_recv().ok())
                .and_then(Result::ok);
            match ready {
                Some(band) => Some(band),
                None => return self.reload(),
            }
        };
        let keep = self.queue.selected_id();
        let (mut rows, order) = self.queue.take_rows();
        let (rows, order) = match band {
            Some(band) => {
                let order = widen(&mut rows, &order, band, to);
                (rows, order)
            }
            None => {
                let narrowed = narrow(&mut rows, &order, to);
                // The wider window's rows are freed where the user does not wait.
                free_in_background(rows);
                let order = (0..narrowed.len()).collect();
                (narrowed, order)
            }
        };
        self.put_rows(rows, order, keep, to);
        Ok(())
    }

    /// Reads ahead what the window `W` goes to next adds to this one, for a large
    /// book (not the all-renewals window: most of the book is more memory than a guess
    /// is worth), on a thread that first frees `old`, the rows just replaced.
    fn read_ahead(&mut self, old: CompactQueue) {
        let from = self.queue.window;
        let next = crate::tui::queue::next_window(from);
        let widening = match (from, next) {
            (Some(f), Some(n)) if n > f => Some(f),
            _ => None,
        };
        let Some(f) = widening.filter(|_| self.large && self.loading.is_none()) else {
            free_in_background(old);
            return;
        };
        self.ahead = Some(ReadAhead {
            from,
            window: next,
            rx: self.read_on_thread(
                Read::Band {
                    from: f,
                    window: next,
                },
                old,
            ),
        });
    }

    /// Waits for the read-ahead to finish (benches and tests of large books).
    pub fn wait_for_read_ahead(&mut self) {
        if let Some(a) = self.ahead.take() {
            let got =
                a.rx.recv()
                    .unwrap_or_else(|_| Err("the queue reader stopped".into()));
            let (tx, rx) = std::sync::mpsc::channel();
            let _ = tx.send(got);
            self.ahead = Some(ReadAhead { rx, ..a });
        }
    }

    /// A read of the queue on a thread with its own connection, after that thread
    /// frees `old` (rows just replaced on screen).
    fn read_on_thread(&self, read: Read, old: CompactQueue) -> WindowRead {
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, cfg, today) = (
            self.store.path().to_path_buf(),
            self.cfg.clone(),
            self.today,
        );
        std::thread::spawn(move || {
            if !old.is_empty() {
                drop(old);
                give_back_freed_memory();
            }
            let rows = crate::store::Store::open_with(&path, crate::store::Access::ReadOnly)
                // A small page cache and no mapped reads: this thread reads every
                // renewal once, and mapped pages would count as the cockpit's own.
                .and_then(|s| {
                    s.for_streaming()?;
                    match read {
                        Read::Whole(window) => s.load_compact_queue(&cfg, today, window),
                        Read::Band { from, window } => s.load_queue_band(&cfg, today, from, window),
                    }
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(rows);
        });
        rx
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
        if let Some(l) = self.loading.take() {
            self.take_rows(got, l.keep, l.window);
        }
        true
    }

    /// Waits for the whole-window read (benches and tests of large books).
    pub fn wait_for_queue(&mut self) {
        if let Some(l) = self.loading.take() {
            let got =
                l.rx.recv()
                    .unwrap_or_else(|_| Err("the queue reader stopped".into()));
            self.take_rows(got, l.keep, l.window);
        }
    }

    /// Puts a whole window's rows (of `window`) on screen.
    fn take_rows(
        &mut self,
        got: Result<CompactQueue, String>,
        keep: Option<i64>,
        window: Option<i64>,
    ) {
        match got {
            Ok(rows) => {
                let order = (0..rows.len()).collect();
                self.put_rows(rows, order, keep, window)
            }
            Err(e) => self.message = Some(format!("the queue was not read: {e}")),
        }
    }

    /// Puts a whole window's rows on screen (`order` is their priority order) and
    /// reads the next window's band ahead.
    fn put_rows(
        &mut self,
        rows: CompactQueue,
        order: Vec<usize>,
        keep: Option<i64>,
        window: Option<i64>,
    ) {
        self.queue.provisional = false;
        self.held = Some(window);
        let old = self.set_compact_keeping_old(rows, order);
        if let Some(id) = keep {
            self.queue.select_renewal(id);
        }
        self.fill_screen_rows();
        self.read_ahead(old);
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

/// Frees a replaced window's rows: a large one on a thread, so the new window is on
/// screen without waiting for it, then hands the memory back to the system.
pub(super) fn free_in_background(rows: CompactQueue) {
    if rows.len() < 20_000 {
        return;
    }
    // Nothing waits for it; when no thread can be had, the rows are freed here.
    let _ = std::thread::Builder::new().spawn(move || {
        drop(rows);
        give_back_freed_memory();
    });
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
