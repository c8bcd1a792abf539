//! Pane 1, the renewal queue: the window's open renewals in an explainable priority
//! order, triaged by single keys, with the day's agenda of playbook steps. A
//! self-contained component: it knows the domain, the keymap's `Action`s, forms, the
//! theme and ratatui, and nothing of the app or the store.
//!
//! The API, all of it:
//!
//! ```text
//! let mut q = QueuePane::new(window_days);
//! let old = q.set_rows(rows, tasks, &cx); // the host read them (store::load_queue …) and frees `old`
//! let old = q.set_compact(rows, order, tasks, &cx); // or a large window, packed
//! let ids = q.rows_wanted();             // full rows the screen needs: the host reads
//! q.put_full_rows(read);                 //   them by id (store::queue_rows) and hands them back
//! q.found = hits;                        // contacts/notes the `/` text found (store search)
//! q.refresh_view(&cx);                   // filters, text, sort → `view`, summary, agenda
//! if let Some(effect) = q.update(action, &cx) { /* the host runs it */ }
//! let write = q.read_form(&kind, &form, &cx)?;  // a submitted form → a typed write
//! queue::render(frame, area, &q, &render_cx);
//! ```
//!
//! Effects the host runs (`QueueEffect`): write to the store (`Write(QueueWrite)`, one
//! transaction, journaled for undo), open a form or popup, open an account, re-read the
//! window (`Reload`, after `W`), ask for the owners list for the assign form, open the
//! `/` filter line or the new-account form.

mod forms;
mod render;
mod state;
mod update;

pub use forms::{QueueField, QueueForm, QueueWrite, milestone_name};
pub use render::{RenderCx, render};
pub use state::{FULL_ROWS_UP_TO, OnlyThese, WINDOWS, next_window};

use crate::domain::Date;
use crate::domain::compact_queue::CompactQueue;
use crate::domain::config::Config;
use crate::domain::queue::{QueueRow, Summary};
use crate::domain::queue_view::{AgendaItem, Filters, SortKey};
use crate::domain::search::SearchHit;
use crate::tui::form::Form;
use std::collections::{BTreeSet, HashMap};

/// What the pane reads but does not own: the settings, the day, the book's currency.
pub struct QueueCx<'a> {
    pub cfg: &'a Config,
    pub today: Date,
    pub currency: &'a str,
}

/// What the pane asks the host to do.
#[derive(Debug)]
pub enum QueueEffect {
    /// Save this change in one transaction (journaled as one undo step).
    Write(QueueWrite),
    OpenForm(Box<Form>, QueueForm),
    /// The assign form lists the book's owners, which only the store knows.
    AskOwners(Vec<i64>),
    Info {
        title: String,
        lines: Vec<String>,
    },
    Message(String),
    OpenAccount(String),
    /// The window changed: read the renewals again.
    Reload,
    /// Open the `/` filter line.
    OpenFilter,
    /// Open the form to add an account by hand.
    NewAccount,
    /// The agenda opened: read the tasks due (other panes may have made some).
    ReadTasks,
}

/// The queue pane's state: the rows read, what is shown of them, and the user's
/// window, sort, filters, marks and selection.
pub struct QueuePane {
    /// The open renewals read for the current window, packed (see `order`).
    pub rows: CompactQueue,
    /// Full rows by index into `rows`: every row of a window read whole and small,
    /// else the ones on screen, which the host reads by id (`rows_wanted`,
    /// `put_full_rows`) before a frame. A million full rows were 330 MB.
    full: HashMap<usize, QueueRow>,
    /// Whether `full` holds every row (so none is ever wanted).
    all_full: bool,
    /// The rows in the window, in priority order. A row not in it was replaced by a
    /// newer copy (`W` widening with a band read ahead appends the band's rows rather
    /// than moving a million rows into order) and is never shown or counted.
    pub order: Vec<usize>,
    /// Indices into `rows` after filters and sort, before the `/` text.
    base: Vec<usize>,
    /// The last `/` text and the rows of `base` it matched (a longer text searches
    /// only these).
    text_hits: Option<(String, Vec<usize>)>,
    /// What the queue shows: `base` narrowed by the `/` text.
    pub view: Vec<usize>,
    /// Figures for what the queue shows (after filters).
    pub summary: Summary,
    /// Figures for the whole window, for the header.
    pub window_summary: Summary,
    pub selected: usize,
    pub offset: usize,
    /// Rows that fit on screen; kept on resize so paging knows a page.
    pub viewport_rows: usize,
    pub window: Option<i64>,
    pub sort: SortKey,
    pub reverse: bool,
    pub filters: Filters,
    /// The `/` text filter: fuzzy over account name, owner and id, plus (from three
    /// characters) contact names and note text through the store's search.
    pub text: String,
    /// Accounts the text found in a contact or a note, with where: shown for the
    /// selected row so the user sees why it is listed.
    pub found: HashMap<String, SearchHit>,
    /// Open tasks due, each on its row: (row, task id, due, title).
    pub tasks: Vec<(usize, i64, Date, String)>,
    /// Only these accounts, opened from the Portfolio pane.
    pub only: Option<OnlyThese>,
    pub agenda: bool,
    pub agenda_items: Vec<AgendaItem>,
    /// Marked renewals, by id (ids survive reloads and re-sorts).
    pub marked: BTreeSet<i64>,
    /// A large book's first screen: the soonest renewals by date while the whole
    /// window is read; keys that need the whole window wait.
    pub provisional: bool,
    /// A very large window let go while it is read again: only the rows that were
    /// on screen are held (two copies of a million rows do not fit the memory
    /// budget); keys that need the whole window wait, as on a first page.
    pub partial: bool,
    /// Whether the book has no accounts at all (the empty screen says how to start).
    pub book_empty: bool,
}

#[cfg(test)]
mod tests;
