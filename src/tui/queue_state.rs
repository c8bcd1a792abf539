//! The queue pane's view state: window, sort, filters, agenda and marks, and the
//! derived list the pane draws. Changes to renewals live in `triage`.

use super::app::{App, Overlay, Pane};
use crate::domain::priority;
use crate::domain::queue_view::{self, AgendaItem, Filters, SortKey};
use crate::domain::text::inert;
use std::collections::BTreeSet;

/// The windows `W` steps through; `None` = every open renewal.
pub const WINDOWS: [Option<i64>; 6] = [Some(30), Some(60), Some(90), Some(120), Some(180), None];

pub struct QueueState {
    pub window: Option<i64>,
    pub sort: SortKey,
    pub reverse: bool,
    pub filters: Filters,
    /// The `/` text filter: fuzzy over account name, owner and id, plus (from three
    /// characters) contact names and note text through the store's search.
    pub text: String,
    /// Accounts the text found in a contact or a note, with where: shown for the
    /// selected row so the user sees why it is listed.
    pub found: std::collections::HashMap<String, crate::domain::search::SearchHit>,
    /// Open tasks due, each on its row: (row, task id, due, title).
    pub tasks: Vec<(usize, i64, crate::domain::Date, String)>,
    /// Only these accounts, opened from the Portfolio pane.
    pub only: Option<OnlyThese>,
    pub agenda: bool,
    pub agenda_items: Vec<AgendaItem>,
    /// Marked renewals, by id (ids survive reloads and re-sorts).
    pub marked: BTreeSet<i64>,
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

impl QueueState {
    pub fn new(window_days: i64) -> QueueState {
        QueueState {
            window: Some(window_days),
            sort: SortKey::Priority,
            reverse: false,
            filters: Filters::default(),
            text: String::new(),
            agenda: false,
            agenda_items: Vec::new(),
            marked: BTreeSet::new(),
            found: Default::default(),
            only: None,
            tasks: Vec::new(),
        }
    }
}

impl App {
    /// Reads the open tasks due for the agenda, placed on their rows. Done when the
    /// rows are read (tasks change only with a write, which reloads them), not on every
    /// filter key: at a million accounts that was a query and a map of every row a key.
    pub(super) fn read_tasks(&mut self) {
        // Rows by account id, once, rather than a scan of every row per task.
        let row_of: std::collections::HashMap<&str, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.facts.account_id.as_str(), i))
            .collect();
        self.q.tasks = self
            .store
            .tasks_due(self.today)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| {
                let row = *row_of.get(t.account_id.as_str())?;
                Some((row, t.id, t.due_on?, t.title))
            })
            .collect();
    }

    /// Indices (into `rows`) that the queue shows, after filters, text and sort.
    pub fn refresh_view(&mut self) {
        let user = self.cfg.user.name.clone();
        let mut idx: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.q.filters.keep(&self.rows[i], &user))
            .filter(|&i| {
                self.q
                    .only
                    .as_ref()
                    .is_none_or(|o| o.account_ids.contains(&self.rows[i].facts.account_id))
            })
            .collect();
        self.q.found.clear();
        if !self.q.text.trim().is_empty() {
            let mut keep: BTreeSet<usize> =
                crate::fuzzy::search(&self.hay, idx.iter().copied(), &self.q.text)
                    .into_iter()
                    .map(|h| h.index)
                    .collect();
            // Contacts and notes: the store's index, from three characters (shorter
            // would match nearly everything).
            if self.q.text.trim().chars().count() >= 3 {
                use crate::domain::search::SearchField;
                for hit in self.store.search(&self.q.text, 500).unwrap_or_default() {
                    if matches!(hit.field, SearchField::Contact | SearchField::Note) {
                        self.q.found.entry(hit.account_id.clone()).or_insert(hit);
                    }
                }
                for &i in &idx {
                    if self.q.found.contains_key(&self.rows[i].facts.account_id) {
                        keep.insert(i);
                    }
                }
            }
            idx.retain(|i| keep.contains(i));
        }
        queue_view::sort(&self.rows, &mut idx, self.q.sort, self.q.reverse);
        self.view = idx;
        self.summary = crate::domain::queue::summarize(self.view.iter().map(|&i| &self.rows[i]));
        self.q.agenda_items =
            queue_view::agenda(&self.rows, &self.view, self.today, &self.cfg, &self.q.tasks);
        let len = self.list_len();
        self.selected = self.selected.min(len.saturating_sub(1));
        self.scroll_into_view();
    }

    /// Rows in the current list (queue rows, or agenda lines when the agenda is open).
    pub fn list_len(&self) -> usize {
        if self.q.agenda {
            self.q.agenda_items.len()
        } else {
            self.view.len()
        }
    }

    /// The selected renewal's row index.
    pub fn selected_row(&self) -> Option<usize> {
        if self.q.agenda {
            self.q.agenda_items.get(self.selected).map(|a| a.row)
        } else {
            self.view.get(self.selected).copied()
        }
    }

    /// The renewals an action applies to: the marked ones, else the selected one.
    pub(super) fn targets(&self) -> Vec<i64> {
        if !self.q.marked.is_empty() {
            return self.q.marked.iter().copied().collect();
        }
        self.selected_row()
            .map(|i| vec![self.rows[i].facts.renewal_id])
            .unwrap_or_default()
    }

    pub(super) fn target_note(&self, ids: &[i64]) -> String {
        match ids {
            [one] => self
                .rows
                .iter()
                .find(|r| r.facts.renewal_id == *one)
                .map(|r| format!("For {}", inert(&r.facts.account_name)))
                .unwrap_or_default(),
            many => format!("For {} marked renewals", many.len()),
        }
    }

    /// Esc on the queue: close the agenda, else clear filters and marks.
    pub fn queue_back(&mut self) {
        if self.q.agenda {
            self.q.agenda = false;
        } else if !self.q.filters.is_default()
            || !self.q.text.is_empty()
            || !self.q.marked.is_empty()
            || self.q.only.is_some()
        {
            if let Some(only) = self.q.only.take() {
                // Back to the window the user had before Portfolio widened it.
                self.q.window = only.window_before;
                if let Err(e) = self.reload() {
                    self.message = Some(e.to_string());
                }
            }
            self.q.filters = Filters::default();
            self.q.text.clear();
            self.q.marked.clear();
            self.message = Some("filters and marks cleared".into());
        }
        self.selected = 0;
        self.offset = 0;
        self.refresh_view();
    }

    pub(super) fn show_why(&mut self) {
        let Some(r) = self.selected_row().map(|i| &self.rows[i]) else {
            return;
        };
        let cur = self.cfg.book.cur(&r.facts.currency);
        let reasons = priority::explain(&r.priority_input(), &self.cfg, &cur);
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
        if let Some(why) = r.behind_reason(&self.cfg, self.today) {
            lines.push(format!("BEHIND: {why}."));
        }
        if let Some(why) = r.stalled_reason(&self.cfg, self.today) {
            lines.push(format!("STALLED: {why}."));
        }
        self.overlay = Overlay::Info {
            title: format!("Why {} is here", inert(&r.facts.account_name)),
            lines,
        };
    }

    /// Reloads from the store and keeps the same renewal selected when it is still shown.
    pub fn reload_keeping_selection(&mut self) {
        let keep = self.selected_row().map(|i| self.rows[i].facts.renewal_id);
        if let Err(e) = self.reload() {
            self.message = Some(e.to_string());
            return;
        }
        if let Some(id) = keep
            && let Some(pos) = self
                .view
                .iter()
                .position(|&i| self.rows[i].facts.renewal_id == id)
            && !self.q.agenda
        {
            self.selected = pos;
            self.scroll_into_view();
        }
    }

    /// Enter from the agenda or the queue opens the account.
    pub fn open_selected(&mut self) {
        if let Some(i) = self.selected_row() {
            let id = self.rows[i].facts.account_id.clone();
            self.open_account(id);
            self.pane = Pane::Account;
        }
    }
}
