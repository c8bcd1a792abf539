//! What the queue shows of its rows: the derived list after filters, text and sort,
//! the selection and scrolling, marks, and the agenda.

use super::{QueueCx, QueuePane};
use crate::domain::book::DueTask;
use crate::domain::compact_queue::{CompactQueue, CompactRow};
use crate::domain::priority;
use crate::domain::queue::{self, QueueRow};
use crate::domain::queue_fields::QueueFields;
use crate::domain::queue_view::{self, Filters, SortKey};
use crate::domain::text::inert;
use std::collections::{BTreeSet, HashMap};

/// A window of up to this many rows keeps every full row (about 6 MB): reading
/// the screen's rows again is only worth it for large windows.
pub const FULL_ROWS_UP_TO: usize = 20_000;

/// Full rows a large window keeps for its screens before letting them go.
const FULL_ROWS_HELD: usize = 2_000;

/// The windows `W` steps through; `None` = every open renewal.
pub const WINDOWS: [Option<i64>; 6] = [Some(30), Some(60), Some(90), Some(120), Some(180), None];

/// The window `W` steps to from `window` (a window not in the list steps to 120).
pub fn next_window(window: Option<i64>) -> Option<i64> {
    let i = WINDOWS.iter().position(|w| *w == window).unwrap_or(2);
    WINDOWS[(i + 1) % WINDOWS.len()]
}

/// The queue narrowed to the renewals a Portfolio row stands for.
#[derive(Clone, Debug)]
pub struct OnlyThese {
    /// What the filter line says ("4 from Portfolio: owner Mei Lindqvist").
    pub label: String,
    pub account_ids: std::collections::HashSet<String>,
    /// The window the user had, put back when the filter is cleared.
    pub window_before: Option<i64>,
}

impl QueuePane {
    pub fn new(window_days: i64) -> QueuePane {
        QueuePane {
            rows: CompactQueue::default(),
            full: HashMap::new(),
            all_full: true,
            order: Vec::new(),
            base: Vec::new(),
            text_hits: None,
            view: Vec::new(),
            summary: Default::default(),
            window_summary: Default::default(),
            selected: 0,
            offset: 0,
            viewport_rows: 20,
            window: Some(window_days),
            sort: SortKey::Priority,
            reverse: false,
            filters: Filters::default(),
            text: String::new(),
            found: HashMap::new(),
            tasks: Vec::new(),
            only: None,
            agenda: false,
            agenda_items: Vec::new(),
            marked: BTreeSet::new(),
            provisional: false,
            partial: false,
            book_empty: false,
        }
    }

    /// Puts `rows` (in priority order) on screen with everything derived from them;
    /// `tasks` are the open tasks due, placed on their rows for the agenda. A window
    /// of up to [`FULL_ROWS_UP_TO`] rows keeps every full row; a larger one keeps the
    /// screen's. Returns the rows replaced, for the host to free where the user does
    /// not wait for it (a million-row window takes tens of milliseconds to free).
    #[must_use]
    pub fn set_rows(
        &mut self,
        rows: Vec<QueueRow>,
        tasks: Vec<DueTask>,
        cx: &QueueCx,
    ) -> CompactQueue {
        let mut packed = CompactQueue::with_capacity(rows.len());
        for r in &rows {
            packed.push(r);
        }
        let keep_all = rows.len() <= FULL_ROWS_UP_TO;
        let full: HashMap<usize, QueueRow> = if keep_all {
            rows.into_iter().enumerate().collect()
        } else {
            HashMap::new()
        };
        let order = (0..packed.len()).collect();
        let old = self.set_compact(packed, order, tasks, cx);
        self.full = full;
        self.all_full = keep_all;
        old
    }

    /// Puts a packed window on screen, in the priority `order` given (rows left out
    /// of it are not shown); the host then reads the screen's full rows.
    #[must_use]
    pub fn set_compact(
        &mut self,
        rows: CompactQueue,
        order: Vec<usize>,
        tasks: Vec<DueTask>,
        cx: &QueueCx,
    ) -> CompactQueue {
        let old = std::mem::replace(&mut self.rows, rows);
        self.partial = false;
        self.full.clear();
        self.all_full = self.rows.is_empty();
        self.order = order;
        self.set_tasks(tasks);
        self.refresh_view(cx);
        // With nothing narrowing the list, it is the window: its figures are the
        // window's, and summing a million rows twice cost 10 ms of a `W`.
        // (In priority order, too: a summary lists currencies in the order met.)
        let same_rows = self.view.len() == self.order.len()
            && self.sort == SortKey::Priority
            && !self.reverse
            && !self.agenda;
        self.window_summary = if !same_rows {
            queue::summarize(self.in_window())
        } else {
            self.summary.clone()
        };
        old
    }

    /// Keeps only the rows on screen, as they are shown, and hands back the rest
    /// (see `partial`): the figures stay as last read and the selection stays put.
    /// The agenda, when open, keeps everything.
    pub fn hold_screen_only(&mut self) -> Option<CompactQueue> {
        if self.agenda {
            return None;
        }
        let end = (self.offset + self.viewport_rows.max(1)).min(self.view.len());
        let screen: Vec<usize> = self.view[self.offset.min(end)..end].to_vec();
        let kept = self.rows.select(&screen);
        let mut full = std::mem::take(&mut self.full);
        self.full = screen
            .iter()
            .enumerate()
            .filter_map(|(k, i)| Some((k, full.remove(i)?)))
            .collect();
        drop(full);
        let n = screen.len();
        self.order = (0..n).collect();
        self.base = self.order.clone();
        self.view = self.order.clone();
        self.text_hits = None;
        self.tasks.clear();
        self.selected = self
            .selected
            .saturating_sub(self.offset)
            .min(n.saturating_sub(1));
        self.offset = 0;
        self.partial = true;
        Some(std::mem::replace(&mut self.rows, kept))
    }

    /// Row `i`'s fields (every row is held packed).
    pub fn row(&self, i: usize) -> CompactRow<'_> {
        self.rows.get(i)
    }

    /// Row `i` whole, when held (see [`Self::rows_wanted`]).
    pub fn full_row(&self, i: usize) -> Option<&QueueRow> {
        self.full.get(&i)
    }

    /// Renewal `id`'s full row, when it is in the window and held.
    pub fn full_row_of(&self, id: i64) -> Option<&QueueRow> {
        let i = self
            .order
            .iter()
            .copied()
            .find(|&i| self.rows.get(i).renewal_id() == id)?;
        self.full_row(i)
    }

    /// The rows the screen shows (and the selected one) not yet held whole, as
    /// (row, renewal id): the host reads them and hands them to `put_full_rows`.
    pub fn rows_wanted(&self) -> Vec<(usize, i64)> {
        if self.all_full {
            return Vec::new();
        }
        let screen: Vec<usize> = if self.agenda {
            self.agenda_items
                .iter()
                .skip(self.offset)
                .take(self.viewport_rows.max(1))
                .map(|a| a.row)
                .collect()
        } else {
            self.view
                .iter()
                .skip(self.offset)
                .take(self.viewport_rows.max(1))
                .copied()
                .collect()
        };
        let selected = self.selected_row().filter(|i| !screen.contains(i));
        screen
            .into_iter()
            .chain(selected)
            .filter(|i| !self.full.contains_key(i))
            .map(|i| (i, self.rows.get(i).renewal_id()))
            .collect()
    }

    /// Full rows read for `rows_wanted` (a renewal closed since is simply absent).
    /// Rows scrolled past are let go once more than a few screens' worth are held.
    pub fn put_full_rows(&mut self, rows: Vec<(usize, QueueRow)>) {
        if self.full.len() + rows.len() > FULL_ROWS_HELD {
            self.full.clear();
        }
        self.full.extend(rows);
    }

    /// The rows in the window, in priority order.
    pub fn in_window(&self) -> impl Iterator<Item = CompactRow<'_>> {
        self.order.iter().map(|&i| self.rows.get(i))
    }

    /// Takes the rows and their order out (the host makes another window of them).
    pub fn take_rows(&mut self) -> (CompactQueue, Vec<usize>) {
        self.full.clear();
        self.all_full = true;
        (
            std::mem::take(&mut self.rows),
            std::mem::take(&mut self.order),
        )
    }

    /// Places the open tasks due on their rows. Done when the rows are read (tasks
    /// change only with a write, which reloads them) and when the agenda opens, not on
    /// every filter key: at a million accounts that was a query and a map of every row.
    pub fn set_tasks(&mut self, tasks: Vec<DueTask>) {
        // The rows of the accounts with tasks, in one scan (a map of every row cost
        // 15 ms at a million).
        let with_tasks: std::collections::HashSet<&str> =
            tasks.iter().map(|t| t.account_id.as_str()).collect();
        let row_of: HashMap<&str, usize> = if with_tasks.is_empty() {
            HashMap::new()
        } else {
            self.order
                .iter()
                .map(|&i| (i, self.rows.get(i).account_id()))
                .filter(|(_, id)| with_tasks.contains(id))
                .map(|(i, id)| (id, i))
                .collect()
        };
        self.tasks = tasks
            .into_iter()
            .filter_map(|t| {
                let row = *row_of.get(t.account_id.as_str())?;
                Some((row, t.id, t.due_on?, t.title))
            })
            .collect();
    }

    /// The list the queue shows, after filters, text and sort; with the summary and
    /// agenda of it, and the selection kept in range. Run when the rows, filters or
    /// sort change; a change of the `/` text alone needs only [`Self::apply_text`].
    pub fn refresh_view(&mut self, cx: &QueueCx) {
        let user = &cx.cfg.user.name;
        let mut idx: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| self.filters.keep(self.rows.get(i), user))
            .filter(|&i| {
                self.only
                    .as_ref()
                    .is_none_or(|o| o.account_ids.contains(self.rows.get(i).account_id()))
            })
            .collect();
        let rows = &self.rows;
        queue_view::sort_by(|i| rows.get(i), &mut idx, self.sort, self.reverse);
        self.base = idx;
        self.text_hits = None;
        self.apply_text(cx);
    }

    /// The `/` text over the filtered, sorted rows. The text only removes rows, so
    /// the order stands and nothing is sorted again; a text that extends the last one
    /// searches only the last one's matches (each key of a narrowing query costs less).
    pub fn apply_text(&mut self, cx: &QueueCx) {
        let text = self.text.trim().to_string();
        if text.is_empty() {
            self.view = self.base.clone();
            self.text_hits = None;
        } else {
            let narrowing = self
                .text_hits
                .as_ref()
                .filter(|(last, _)| !last.is_empty() && text.starts_with(last.as_str()));
            let candidates: Vec<usize> = match narrowing {
                Some((_, hits)) => hits.clone(),
                None => self.base.clone(),
            };
            // "name owner id" of each row, written into one buffer as it is tested.
            let rows = &self.rows;
            let hits = crate::fuzzy::filter(candidates.into_iter(), &text, |i, hay| {
                crate::domain::queue_fields::haystack(rows.get(i), hay)
            });
            // What the store's index found in contacts and notes (`found`, filled by
            // the host from three characters) joins the matches, in the list's order.
            self.view = if self.found.is_empty() {
                hits.clone()
            } else {
                let mut keep = vec![false; self.rows.len()];
                for &i in &hits {
                    keep[i] = true;
                }
                self.base
                    .iter()
                    .copied()
                    .filter(|&i| keep[i] || self.found.contains_key(rows.get(i).account_id()))
                    .collect()
            };
            self.text_hits = Some((text, hits));
        }
        self.summary = queue::summarize(self.view.iter().map(|&i| self.rows.get(i)));
        self.refresh_agenda(cx);
        let len = self.list_len();
        self.selected = self.selected.min(len.saturating_sub(1));
        self.scroll_into_view();
    }

    /// The agenda of what the queue shows — worked out only while it is open: it
    /// walks every shown renewal's playbook, which at a million rows is not free.
    pub fn refresh_agenda(&mut self, cx: &QueueCx) {
        self.agenda_items = if self.agenda {
            let rows = &self.rows;
            queue_view::agenda(|i| rows.get(i), &self.view, cx.today, cx.cfg, &self.tasks)
        } else {
            Vec::new()
        };
    }

    /// Rows in the current list (queue rows, or agenda lines when the agenda is open).
    pub fn list_len(&self) -> usize {
        if self.agenda {
            self.agenda_items.len()
        } else {
            self.view.len()
        }
    }

    /// The selected renewal's row index.
    pub fn selected_row(&self) -> Option<usize> {
        if self.agenda {
            self.agenda_items.get(self.selected).map(|a| a.row)
        } else {
            self.view.get(self.selected).copied()
        }
    }

    /// The selected renewal's row, whole (held for the screen: see `rows_wanted`).
    pub fn selected(&self) -> Option<&QueueRow> {
        self.selected_row().and_then(|i| self.full_row(i))
    }

    /// The selected renewal's id.
    pub fn selected_id(&self) -> Option<i64> {
        self.selected_row().map(|i| self.rows.get(i).renewal_id())
    }

    /// The selected renewal's account id.
    pub fn selected_account_id(&self) -> Option<String> {
        self.selected_row()
            .map(|i| self.rows.get(i).account_id().to_string())
    }

    /// The row of a renewal, if it is in the window read.
    pub fn row_of_renewal(&self, id: i64) -> Option<CompactRow<'_>> {
        self.in_window().find(|r| r.renewal_id() == id)
    }

    /// The renewals an action applies to: the marked ones, else the selected one.
    pub fn targets(&self) -> Vec<i64> {
        if !self.marked.is_empty() {
            return self.marked.iter().copied().collect();
        }
        self.selected_id().map(|id| vec![id]).unwrap_or_default()
    }

    /// "For Acme" or "For 3 marked renewals", under a form's title.
    pub fn target_note(&self, ids: &[i64]) -> String {
        match ids {
            [one] => self
                .row_of_renewal(*one)
                .map(|r| format!("For {}", inert(r.account_name())))
                .unwrap_or_default(),
            many => format!("For {} marked renewals", many.len()),
        }
    }

    pub fn move_selection(&mut self, delta: isize) {
        if self.list_len() == 0 {
            return;
        }
        let last = self.list_len() as isize - 1;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last) as usize;
        self.scroll_into_view();
    }

    /// Half a screen, for Ctrl-d / Ctrl-u.
    pub fn half_page(&self) -> isize {
        (self.viewport_rows / 2).max(1) as isize
    }

    pub fn scroll_into_view(&mut self) {
        let vp = self.viewport_rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + vp {
            self.offset = self.selected + 1 - vp;
        }
        // Never leave blank rows at the bottom when the list could fill them.
        let max_offset = self.list_len().saturating_sub(vp);
        self.offset = self.offset.min(max_offset);
    }

    /// Selects the renewal of this account when the queue shows it.
    pub fn select_account(&mut self, account_id: &str) {
        if self.agenda {
            return;
        }
        if let Some(pos) = self
            .view
            .iter()
            .position(|&i| self.rows.get(i).account_id() == account_id)
        {
            self.selected = pos;
            self.scroll_into_view();
        }
    }

    /// Selects this renewal when the queue shows it (after a reload or re-sort).
    pub fn select_renewal(&mut self, id: i64) {
        if self.agenda {
            return;
        }
        if let Some(pos) = self
            .view
            .iter()
            .position(|&i| self.rows.get(i).renewal_id() == id)
        {
            self.selected = pos;
            self.scroll_into_view();
        }
    }

    /// Back to the top of the list (a new filter text, the agenda toggled).
    pub fn to_top(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Esc on the queue: close the agenda, else clear filters, text, marks and the
    /// Portfolio narrowing. Returns whether the window changed (then the host reads
    /// the renewals again).
    pub fn back(&mut self, cx: &QueueCx) -> (bool, Option<String>) {
        let mut reload = false;
        let mut message = None;
        if self.agenda {
            self.agenda = false;
        } else if !self.filters.is_default()
            || !self.text.is_empty()
            || !self.marked.is_empty()
            || self.only.is_some()
        {
            if let Some(only) = self.only.take() {
                // Back to the window the user had before Portfolio widened it.
                reload = true;
                self.window = only.window_before;
            }
            self.filters = Filters::default();
            self.text.clear();
            self.found.clear();
            self.marked.clear();
            message = Some("filters and marks cleared".to_string());
        }
        self.to_top();
        self.refresh_view(cx);
        (reload, message)
    }

    /// The priority explanation of the selected row, as popup lines.
    pub fn why(&self, cx: &QueueCx) -> Option<(String, Vec<String>)> {
        let r = self.selected()?;
        let cur = cx.cfg.book.cur(&r.facts.currency);
        let reasons = priority::explain(&r.priority_input(), cx.cfg, &cur);
        let mut lines: Vec<String> = reasons
            .iter()
            .map(|x| format!("{:>3} of {:<3} {}", x.points, x.max, x.text))
            .collect();
        lines.push(format!("{:>3} of 100 priority", r.priority));
        if let Some(why) = crate::domain::risk::at_risk_reason(&r.risk_facts()) {
            lines.push(format!("At risk: {why}."));
        }
        if let Some(why) = r.health_drop {
            lines.push(format!("Health drop (derived): {why}."));
        }
        if let Some(label) = r.window_label() {
            lines.push(format!(
                "Past the window: shown because step {label} (D hides these)."
            ));
        }
        if let Some(why) = r.behind_reason(cx.cfg, cx.today) {
            lines.push(format!("BEHIND: {why}."));
        }
        if let Some(why) = r.stalled_reason(cx.cfg, cx.today) {
            lines.push(format!("STALLED: {why}."));
        }
        Some((
            format!("Why {} is here", inert(&r.facts.account_name)),
            lines,
        ))
    }
}
