//! Pane 1 in the app: hands keys to the queue component (`tui::queue`), runs the
//! effects it asks for, and saves its triage changes — each in one transaction with
//! its activity line, journaled by the app as one undo step.

use super::{App, FormPurpose, Overlay, Pane};
use crate::domain::compact_queue::CompactQueue;
use crate::domain::queue::QueueRow;
use crate::domain::search::SearchField;
use crate::store::StoreError;
use crate::tui::form::{Form, FormError};
use crate::tui::keymap::Action;
use crate::tui::queue::{QueueCx, QueueEffect, QueueForm, QueueWrite};
use std::collections::HashMap;

/// The queue's read-only context, borrowed field by field so the pane can be
/// borrowed mutably beside it.
macro_rules! cx {
    ($app:expr) => {
        QueueCx {
            cfg: &$app.cfg,
            today: $app.today,
            currency: &$app.currency,
        }
    };
}

impl App {
    pub(crate) fn queue_action(&mut self, action: Action) {
        let effect = self.queue.update(action, &cx!(self));
        if let Some(e) = effect {
            self.run_queue_effect(e);
        }
    }

    fn run_queue_effect(&mut self, effect: QueueEffect) {
        match effect {
            QueueEffect::Write(w) => {
                let label = w.label();
                let result = self.write_queue(&w);
                self.after_queue_write(result, &label);
            }
            QueueEffect::OpenForm(form, kind) => self.open_queue_form(*form, kind),
            QueueEffect::AskOwners(ids) => {
                let owners = self.store.owners().unwrap_or_default();
                let (form, kind) = self.queue.assign_form(ids, owners);
                self.open_queue_form(form, kind);
            }
            QueueEffect::Info { title, lines } => self.overlay = Overlay::Info { title, lines },
            QueueEffect::Message(m) => self.message = Some(m),
            QueueEffect::OpenAccount(id) => self.open_account(id),
            QueueEffect::Reload => {
                if let Err(e) = self.window_changed() {
                    self.message = Some(e.to_string());
                }
            }
            QueueEffect::OpenFilter => self.overlay = Overlay::Filter,
            QueueEffect::NewAccount => self.open_new_account_form(),
            QueueEffect::ReadTasks => {
                self.read_tasks();
                self.queue.refresh_agenda(&cx!(self));
            }
        }
    }

    pub(crate) fn open_queue_form(&mut self, form: Form, kind: QueueForm) {
        self.overlay = Overlay::Form(Box::new(form), FormPurpose::Queue(kind));
    }

    /// A submitted queue form: the component reads it into a change, the store saves it.
    pub(crate) fn submit_queue_form(
        &mut self,
        form: &Form,
        kind: &QueueForm,
    ) -> Result<(), FormError> {
        if *kind == QueueForm::NewAccount {
            return self.submit_new_account(form);
        }
        let write = self.queue.read_form(kind, form, &cx!(self))?;
        let label = write.label();
        self.write_queue(&write)?;
        self.after_queue_write(Ok(()), &label);
        Ok(())
    }

    fn after_queue_write(&mut self, result: Result<(), StoreError>, label: &str) {
        match result {
            Ok(()) => {
                self.queue.marked.clear();
                self.step_label(label);
                self.message = Some(format!("saved: {label} — u undoes"));
                self.reload_keeping_selection();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Saves one triage change in one transaction, with its activity line.
    fn write_queue(&mut self, w: &QueueWrite) -> Result<(), StoreError> {
        let now = self.now_stamp();
        let today = self.today;
        let cfg = &self.cfg;
        self.store.write(|tx| {
            let log = |id: i64, kind: &str, text: &str| -> Result<(), StoreError> {
                let acc = tx.renewal_state(id)?.account_id;
                tx.log(&acc, Some(id), &now, kind, text).map(drop)
            };
            match w {
                QueueWrite::Advance(plan) => {
                    for (id, stage) in plan {
                        let line = format!("Stage advanced to {}", stage.label());
                        tx.change_stage(*id, *stage, today, &now, &line)?;
                    }
                }
                QueueWrite::SetStage { ids, stage } => {
                    for id in ids {
                        let line = format!("Stage set to {}", stage.label());
                        tx.change_stage(*id, *stage, today, &now, &line)?;
                    }
                }
                QueueWrite::MilestoneDone { renewal, key, note } => {
                    tx.complete_milestone(*renewal, key, today, note.as_deref())?;
                    let name = crate::tui::queue::milestone_name(key);
                    let text = match note {
                        Some(n) => format!("Milestone done: {name} — {n}"),
                        None => format!("Milestone done: {name}"),
                    };
                    log(*renewal, "milestone", &text)?;
                }
                QueueWrite::AssignOwner { ids, owner } => {
                    let who = owner.as_deref().unwrap_or("nobody");
                    for id in ids {
                        tx.set_owner(*id, owner.as_deref())?;
                        log(*id, "owner", &format!("Owner set to {who}"))?;
                    }
                }
                QueueWrite::Snooze { ids, until, reason } => {
                    for id in ids {
                        tx.snooze(*id, Some(*until), Some(reason))?;
                        log(*id, "snooze", &format!("Snoozed until {until}: {reason}"))?;
                    }
                }
                QueueWrite::Probability { id, percent } => {
                    tx.set_probability_override(*id, *percent)?;
                    let what = percent
                        .map(|p| format!("{p}% (override)"))
                        .unwrap_or_else(|| "computed".into());
                    log(*id, "forecast", &format!("Forecast probability: {what}"))?;
                }
                QueueWrite::Note { id, text } => log(*id, "note", text)?,
                QueueWrite::FlagAtRisk { id, kind, reason } => {
                    tx.flag_at_risk(*id, reason)?;
                    let acc = tx.renewal_state(*id)?.account_id;
                    let signal = crate::domain::book::Signal {
                        id: 0,
                        account_id: acc,
                        observed_on: today,
                        kind: *kind,
                        value: None,
                        note: Some(reason.clone()),
                        resolved_on: None,
                    };
                    tx.add_signal(&signal, "manual")?;
                    let line = format!("Flagged at risk ({}): {reason}", kind.label());
                    log(*id, "risk", &line)?;
                }
                QueueWrite::Close {
                    id,
                    outcome,
                    record,
                    currency,
                } => {
                    tx.close_with_record(*id, outcome, record)?;
                    let line = format!(
                        "Closed as {} at {}: {}",
                        outcome.result.label(),
                        outcome.final_value.format(&cfg.book.cur(currency)),
                        outcome.reason.as_deref().unwrap_or("")
                    );
                    log(*id, "closed", &line)?;
                }
            }
            Ok(())
        })
    }

    /// The time stamp of an activity line written now.
    pub fn now_stamp(&self) -> String {
        format!("{}T{}", self.today, chrono::Local::now().format("%H:%M:%S"))
    }

    /// Reads the open tasks due for the agenda onto their rows.
    pub(crate) fn read_tasks(&mut self) {
        let tasks = self.store.tasks_due(self.today).unwrap_or_default();
        self.queue.set_tasks(tasks);
    }

    /// Puts freshly read rows (in priority order) on screen, with the tasks due
    /// placed on them.
    pub(crate) fn set_rows(&mut self, rows: Vec<QueueRow>) {
        // A window too large to keep whole reads its screen's rows again, scored
        // against the same bottom-quartile line.
        let cutoff = if rows.len() > crate::tui::queue::FULL_ROWS_UP_TO {
            self.store.health_quartile_cutoff().unwrap_or(None)
        } else {
            None
        };
        let tasks = self.tasks_for_new_rows(rows.is_empty());
        let old = self.queue.set_rows(rows, tasks, &cx!(self));
        self.queue.rows.cutoff = cutoff;
        super::queue_load::free_in_background(old);
        self.fill_screen_rows();
    }

    /// A packed window on screen, in `order`; hands back the rows replaced for the
    /// caller to free.
    pub(crate) fn set_compact_keeping_old(
        &mut self,
        rows: CompactQueue,
        order: Vec<usize>,
    ) -> CompactQueue {
        let tasks = self.tasks_for_new_rows(rows.is_empty());
        self.queue.set_compact(rows, order, tasks, &cx!(self))
    }

    /// The open tasks due, read for rows about to go on screen (and, when there are
    /// none, whether the book is empty, which the empty screen says).
    fn tasks_for_new_rows(&mut self, no_rows: bool) -> Vec<crate::domain::book::DueTask> {
        let tasks = self.store.tasks_due(self.today).unwrap_or_default();
        if no_rows {
            self.queue.book_empty = self.store.is_empty().unwrap_or(false);
        }
        self.find_in_contacts_and_notes();
        tasks
    }

    /// Reads the full rows the queue's screen shows and does not hold yet (a large
    /// window holds its rows packed): about 0.15 ms for a screen at any book size.
    pub(crate) fn fill_screen_rows(&mut self) {
        let want = self.queue.rows_wanted();
        if want.is_empty() {
            return;
        }
        let ids: Vec<i64> = want.iter().map(|&(_, id)| id).collect();
        let read = self.store.queue_rows(
            &self.cfg,
            self.today,
            self.queue.window,
            self.queue.rows.cutoff,
            &ids,
        );
        match read {
            Ok(rows) => {
                let at: HashMap<i64, usize> = want.iter().map(|&(i, id)| (id, i)).collect();
                let rows = rows
                    .into_iter()
                    .filter_map(|r| Some((*at.get(&r.facts.renewal_id)?, r)))
                    .collect();
                self.queue.put_full_rows(rows);
            }
            Err(e) => self.message = Some(format!("the queue's rows were not read: {e}")),
        }
    }

    /// The list again after the rows changed: the `/` text is also looked up in
    /// contacts and notes (the store's index), from three characters — shorter would
    /// match nearly everything.
    pub fn refresh_view(&mut self) {
        self.find_in_contacts_and_notes();
        self.queue.refresh_view(&cx!(self));
    }

    /// The list again after a key changed the `/` text: rows, filters and order stand.
    pub(crate) fn text_changed(&mut self) {
        self.find_in_contacts_and_notes();
        self.queue.apply_text(&cx!(self));
    }

    fn find_in_contacts_and_notes(&mut self) {
        self.queue.found.clear();
        if self.queue.text.trim().chars().count() < 3 {
            return;
        }
        for hit in self.store.search(&self.queue.text, 500).unwrap_or_default() {
            if matches!(hit.field, SearchField::Contact | SearchField::Note) {
                self.queue
                    .found
                    .entry(hit.account_id.clone())
                    .or_insert(hit);
            }
        }
    }

    /// Esc on the queue: close the agenda, else clear filters and marks.
    pub(crate) fn queue_back(&mut self) {
        let (reload, message) = self.queue.back(&cx!(self));
        if let Some(m) = message {
            self.message = Some(m);
        }
        if reload && let Err(e) = self.reload() {
            self.message = Some(e.to_string());
        }
    }

    /// Reloads from the store and keeps the same renewal selected when it is still shown.
    pub fn reload_keeping_selection(&mut self) {
        let keep = self.queue.selected_id();
        if let Err(e) = self.reload() {
            self.message = Some(e.to_string());
            return;
        }
        if let Some(id) = keep {
            self.queue.select_renewal(id);
        }
    }

    /// Opens an account in the account pane (selecting its row in the queue).
    pub fn open_account(&mut self, id: String) {
        self.queue.select_account(&id);
        self.account_name = self.store.account_name(&id).ok().flatten();
        self.account = Some(id);
        self.pane = Pane::Account;
        self.load_account();
    }

    /// The account the other panes are about: the opened one, else the queue's
    /// selected row's.
    pub fn focus_account_id(&self) -> Option<String> {
        self.account
            .clone()
            .or_else(|| self.queue.selected_account_id())
    }
}
