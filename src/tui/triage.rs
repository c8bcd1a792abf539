//! The queue pane's state and its triage keys: filters, sort, window, agenda, marks,
//! and every change a renewal specialist makes from the keyboard — each saved in one
//! transaction the moment it is made, logged in the account's activity, and undoable.

use super::app::{App, FormError, FormPurpose, Overlay, Pane};
use super::form::{self, Field, Form, Kind};
use super::keymap::Action;
use crate::domain::book::ClosedOutcome;
use crate::domain::health::HealthBand;
use crate::domain::money::Money;
use crate::domain::priority;
use crate::domain::queue_view::{self, AgendaItem, AgendaKind, Filters, SortKey};
use crate::domain::renewal::{Outcome, Stage};
use crate::domain::risk::SignalKind;
use crate::domain::segment::Segment;
use crate::domain::text::inert;
use crate::store::{RenewalState, StoreError, Tx};
use std::collections::BTreeSet;

/// The windows `W` steps through; `None` = every open renewal.
pub const WINDOWS: [Option<i64>; 6] = [Some(30), Some(60), Some(90), Some(120), Some(180), None];

pub struct QueueState {
    pub window: Option<i64>,
    pub sort: SortKey,
    pub reverse: bool,
    pub filters: Filters,
    /// The `/` text filter (fuzzy over account and owner).
    pub text: String,
    pub agenda: bool,
    pub agenda_items: Vec<AgendaItem>,
    /// Marked renewals, by id (ids survive reloads and re-sorts).
    pub marked: BTreeSet<i64>,
    pub undo: Vec<UndoEntry>,
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
            undo: Vec::new(),
        }
    }
}

/// One triage action as it can be taken back: the rows as they were and as the action
/// left them (undo refuses a row someone changed since), plus what it added.
#[derive(Clone, Debug)]
pub struct UndoEntry {
    pub label: String,
    pub before: Vec<RenewalState>,
    pub after: Vec<RenewalState>,
    /// Notes the action added (removed on undo; other log lines stay, with an "undid" line).
    pub notes: Vec<i64>,
    pub milestone: Option<(i64, &'static str)>,
    pub signal: Option<i64>,
    pub reopen: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QueueForm {
    SetStage(Vec<i64>),
    MilestoneDone { renewal: i64, key: &'static str },
    AssignOwner(Vec<i64>),
    Snooze(Vec<i64>),
    Probability(i64),
    Note(i64),
    FlagAtRisk(i64),
    Close(i64),
}

const OWNER_NONE: &str = "(unassigned)";

impl App {
    /// Indices (into `rows`) that the queue shows, after filters, text and sort.
    pub fn refresh_view(&mut self) {
        let user = self.cfg.user.name.clone();
        let mut idx: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.q.filters.keep(&self.rows[i], &user))
            .collect();
        if !self.q.text.trim().is_empty() {
            let keep: BTreeSet<usize> =
                crate::fuzzy::search(&self.hay, idx.iter().copied(), &self.q.text)
                    .into_iter()
                    .map(|h| h.index)
                    .collect();
            idx.retain(|i| keep.contains(i));
        }
        queue_view::sort(&self.rows, &mut idx, self.q.sort, self.q.reverse);
        self.view = idx;
        self.summary = crate::domain::queue::summarize(self.view.iter().map(|&i| &self.rows[i]));
        let tasks: Vec<(usize, i64, crate::domain::Date, String)> = self
            .store
            .tasks_due(self.today)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| {
                let row = self
                    .rows
                    .iter()
                    .position(|r| r.facts.account_id == t.account_id)?;
                Some((row, t.id, t.due_on?, t.title))
            })
            .collect();
        self.q.agenda_items =
            queue_view::agenda(&self.rows, &self.view, self.today, &self.cfg, &tasks);
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
    fn targets(&self) -> Vec<i64> {
        if !self.q.marked.is_empty() {
            return self.q.marked.iter().copied().collect();
        }
        self.selected_row()
            .map(|i| vec![self.rows[i].facts.renewal_id])
            .unwrap_or_default()
    }

    fn target_note(&self, ids: &[i64]) -> String {
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
        {
            self.q.filters = Filters::default();
            self.q.text.clear();
            self.q.marked.clear();
            self.message = Some("filters and marks cleared".into());
        }
        self.selected = 0;
        self.offset = 0;
        self.refresh_view();
    }

    pub fn queue_action(&mut self, action: Action) {
        let f = &mut self.q.filters;
        match action {
            Action::Why => return self.show_why(),
            Action::Agenda => {
                self.q.agenda = !self.q.agenda;
                self.selected = 0;
                self.offset = 0;
            }
            Action::CycleWindow => {
                let i = WINDOWS
                    .iter()
                    .position(|w| *w == self.q.window)
                    .unwrap_or(2);
                self.q.window = WINDOWS[(i + 1) % WINDOWS.len()];
                if let Err(e) = self.reload() {
                    self.message = Some(e.to_string());
                }
                return;
            }
            Action::SortNext => {
                self.q.sort = self.q.sort.next();
                self.q.reverse = false;
            }
            Action::SortReverse => self.q.reverse = !self.q.reverse,
            Action::Filter => {
                self.overlay = Overlay::Filter;
                return;
            }
            Action::FilterMine => f.mine = !f.mine,
            Action::FilterSegment => f.segment = queue_view::cycle(f.segment, Segment::ALL),
            Action::FilterHealth => {
                f.band = queue_view::cycle(
                    f.band,
                    &[HealthBand::Red, HealthBand::Yellow, HealthBand::Green],
                )
            }
            Action::FilterStage => f.stage = queue_view::cycle(f.stage, Stage::OPEN),
            Action::FilterAtRisk => f.at_risk = !f.at_risk,
            Action::FilterBehind => f.behind = !f.behind,
            Action::FilterStalled => f.stalled = !f.stalled,
            Action::ShowSnoozed => f.show_snoozed = !f.show_snoozed,
            Action::Mark => {
                if let Some(i) = self.selected_row() {
                    let id = self.rows[i].facts.renewal_id;
                    if !self.q.marked.remove(&id) {
                        self.q.marked.insert(id);
                    }
                    self.update(Action::Down);
                }
                return;
            }
            Action::AdvanceStage => return self.advance_stage(),
            Action::SetStage => {
                let ids = self.targets();
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let opts = Stage::OPEN.iter().map(|s| s.as_str().to_string()).collect();
                    let form = Form::new(
                        "Set stage",
                        vec![Field::new("Stage", Kind::Choice(opts)).value(r.facts.stage.as_str())],
                    )
                    .with_note(self.target_note(&ids));
                    self.open_form(form, QueueForm::SetStage(ids));
                }
                return;
            }
            Action::MilestoneDone => return self.open_milestone_form(),
            Action::AssignOwner => {
                let ids = self.targets();
                if ids.is_empty() {
                    return;
                }
                let mut owners = self.store.owners().unwrap_or_default();
                owners.insert(0, OWNER_NONE.to_string());
                let current = self
                    .selected_row()
                    .and_then(|i| self.rows[i].facts.owner.as_deref().map(str::to_string))
                    .unwrap_or_else(|| OWNER_NONE.into());
                let form = Form::new(
                    "Assign owner",
                    vec![
                        Field::new("Owner", Kind::Choice(owners))
                            .value(current)
                            .help("←/→ or Space to choose; a letter jumps"),
                        Field::new("Or new name", Kind::Text).help("Someone not in the list yet"),
                    ],
                )
                .with_note(self.target_note(&ids));
                self.open_form(form, QueueForm::AssignOwner(ids));
                return;
            }
            Action::Snooze => {
                let ids = self.targets();
                if ids.is_empty() {
                    return;
                }
                let form = Form::new(
                    "Snooze",
                    vec![
                        Field::new("Until", Kind::Date)
                            .required()
                            .value((self.today + chrono::Duration::days(7)).to_string())
                            .help("Hidden from the default view until this date"),
                        Field::new("Reason", Kind::Text).required(),
                    ],
                )
                .with_note(self.target_note(&ids));
                self.open_form(form, QueueForm::Snooze(ids));
                return;
            }
            Action::SetProbability => {
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let cur = r
                        .facts
                        .probability_override
                        .map(|p| p.to_string())
                        .unwrap_or_default();
                    let form = Form::new(
                        "Forecast probability",
                        vec![
                            Field::new("Percent", Kind::Integer { min: 0, max: 100 })
                                .value(cur)
                                .help("Empty = computed from stage and health"),
                        ],
                    )
                    .with_note(format!(
                        "{} · computed now {}%",
                        self.target_note(&[r.facts.renewal_id]),
                        r.probability
                    ));
                    let id = r.facts.renewal_id;
                    self.open_form(form, QueueForm::Probability(id));
                }
                return;
            }
            Action::AddNote => {
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let id = r.facts.renewal_id;
                    let form =
                        Form::new("Add note", vec![Field::new("Note", Kind::Text).required()])
                            .with_note(self.target_note(&[id]));
                    self.open_form(form, QueueForm::Note(id));
                }
                return;
            }
            Action::FlagAtRisk => {
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let id = r.facts.renewal_id;
                    let kinds = SignalKind::ALL
                        .iter()
                        .map(|k| k.as_str().to_string())
                        .collect();
                    let form = Form::new(
                        "Flag at risk",
                        vec![
                            Field::new("Signal", Kind::Choice(kinds))
                                .help("What kind of warning sign"),
                            Field::new("Reason", Kind::Text).required(),
                        ],
                    )
                    .with_note(self.target_note(&[id]));
                    self.open_form(form, QueueForm::FlagAtRisk(id));
                }
                return;
            }
            Action::CloseRenewal => {
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let id = r.facts.renewal_id;
                    let cur = self.currency.clone();
                    let form = Form::new(
                        "Close renewal",
                        vec![
                            Field::new(
                                "Result",
                                Kind::Choice(
                                    Outcome::ALL
                                        .iter()
                                        .map(|o| o.as_str().to_string())
                                        .collect(),
                                ),
                            ),
                            Field::new("Final ARR", Kind::Money)
                                .required()
                                .value(
                                    r.value()
                                        .format(&cur)
                                        .trim_start_matches(['$', '€', '£'])
                                        .to_string(),
                                )
                                .help("What they renewed at (0 when churned)"),
                            Field::new("Closed on", Kind::Date)
                                .required()
                                .value(self.today.to_string()),
                            Field::new("Reason", Kind::Text)
                                .required()
                                .help("Won: what made it work. Lost: the real reason"),
                            Field::new("Value cited", Kind::Text)
                                .help("The value the customer named"),
                            Field::new("Could be better", Kind::Text),
                            Field::new("Competitor", Kind::Text),
                            Field::new(
                                "Could have saved",
                                Kind::Choice(vec!["unknown".into(), "yes".into(), "no".into()]),
                            ),
                        ],
                    )
                    .with_note(self.target_note(&[id]));
                    self.open_form(form, QueueForm::Close(id));
                }
                return;
            }
            _ => return,
        }
        self.refresh_view();
    }

    fn open_form(&mut self, form: Form, purpose: QueueForm) {
        self.overlay = Overlay::Form(Box::new(form), FormPurpose::Queue(purpose));
    }

    fn show_why(&mut self) {
        let Some(r) = self.selected_row().map(|i| &self.rows[i]) else {
            return;
        };
        let reasons = priority::explain(&r.priority_input(), &self.cfg, &self.currency);
        let mut lines: Vec<String> = reasons
            .iter()
            .map(|x| format!("{:>3} of {:<3} {}", x.points, x.max, x.text))
            .collect();
        lines.push(format!("{:>3} of 100 priority", r.priority));
        if let Some(why) = crate::domain::risk::at_risk_reason(&r.risk_facts()) {
            lines.push(format!("At risk: {why}."));
        }
        self.overlay = Overlay::Info {
            title: format!("Why {} is here", inert(&r.facts.account_name)),
            lines,
        };
    }

    fn open_milestone_form(&mut self) {
        let (row, key) = match self
            .q
            .agenda
            .then(|| self.q.agenda_items.get(self.selected))
            .flatten()
        {
            Some(AgendaItem {
                row,
                kind: AgendaKind::Milestone(k),
                ..
            }) => (*row, Some(*k)),
            Some(_) => {
                self.message = Some("only playbook steps can be marked done here".into());
                return;
            }
            None => match self.selected_row() {
                Some(i) => (i, self.rows[i].next_milestone.as_ref().map(|m| m.key)),
                None => return,
            },
        };
        let r = &self.rows[row];
        let Some(key) = key else {
            self.message = Some(format!(
                "{}: no open playbook step",
                inert(&r.facts.account_name)
            ));
            return;
        };
        let name = crate::domain::playbook::milestone_by_key(key)
            .map(|(_, d)| d.name)
            .unwrap_or(key);
        let form = Form::new(
            "Milestone done",
            vec![Field::new("Note", Kind::Text).help("Optional: what happened")],
        )
        .with_note(format!("{}: {name}", inert(&r.facts.account_name)));
        let renewal = r.facts.renewal_id;
        self.open_form(form, QueueForm::MilestoneDone { renewal, key });
    }

    fn advance_stage(&mut self) {
        let ids = self.targets();
        let plan: Vec<(i64, Stage)> = ids
            .iter()
            .filter_map(|id| self.rows.iter().find(|r| r.facts.renewal_id == *id))
            .filter_map(|r| Some((r.facts.renewal_id, r.facts.stage.advanced()?)))
            .collect();
        if plan.is_empty() {
            self.message = Some("already at the last open stage — close it with C".into());
            return;
        }
        let label = format!(
            "advance stage on {} renewal{}",
            plan.len(),
            if plan.len() == 1 { "" } else { "s" }
        );
        let ids = self.targets();
        let result = self.record_for(&ids, &label, |tx, now, today| {
            for (id, stage) in &plan {
                tx.set_stage(*id, *stage, today)?;
                let acc = tx.renewal_state(*id)?.account_id;
                tx.log(
                    &acc,
                    Some(*id),
                    now,
                    "stage",
                    &format!("Stage advanced to {}", stage.label()),
                )?;
            }
            Ok(plan.iter().map(|p| p.0).collect())
        });
        self.after_write(result, &label);
    }

    fn after_write(&mut self, result: Result<UndoEntry, StoreError>, label: &str) {
        match result {
            Ok(entry) => {
                self.q.undo.push(entry);
                self.q.marked.clear();
                self.message = Some(format!("saved: {label} — u undoes"));
                self.reload_keeping_selection();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
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

    pub fn now_stamp(&self) -> String {
        format!("{}T{}", self.today, chrono::Local::now().format("%H:%M:%S"))
    }

    pub fn submit_queue_form(&mut self, form: &Form, purpose: &QueueForm) -> Result<(), FormError> {
        let today = self.today;
        let (label, mut entry) = match purpose {
            QueueForm::SetStage(ids) => {
                let stage = Stage::parse(form.get("Stage"))
                    .ok_or_else(|| FormError::new("choose a stage", Some("Stage")))?;
                let label = format!("stage set to {}", stage.label());
                let ids = ids.clone();
                let e = self.record_for(&ids, &label, |tx, now, today| {
                    for id in &ids {
                        tx.set_stage(*id, stage, today)?;
                        let acc = tx.renewal_state(*id)?.account_id;
                        tx.log(
                            &acc,
                            Some(*id),
                            now,
                            "stage",
                            &format!("Stage set to {}", stage.label()),
                        )?;
                    }
                    Ok(ids.clone())
                })?;
                (label, e)
            }
            QueueForm::MilestoneDone { renewal, key } => {
                let note = non_empty(form.get("Note"));
                let name = crate::domain::playbook::milestone_by_key(key)
                    .map(|(_, d)| d.name)
                    .unwrap_or(key);
                let label = format!("{name} done");
                let (id, key) = (*renewal, *key);
                let mut e = self.record_for(&[id], &label, |tx, now, today| {
                    tx.complete_milestone(id, key, today, note.as_deref())?;
                    let acc = tx.renewal_state(id)?.account_id;
                    let text = match &note {
                        Some(n) => format!("Milestone done: {name} — {n}"),
                        None => format!("Milestone done: {name}"),
                    };
                    tx.log(&acc, Some(id), now, "milestone", &text)?;
                    Ok(vec![id])
                })?;
                e.milestone = Some((id, key));
                (label, e)
            }
            QueueForm::AssignOwner(ids) => {
                let owner = match non_empty(form.get("Or new name")) {
                    Some(n) => Some(n),
                    None => Some(form.get("Owner").to_string())
                        .filter(|o| o != OWNER_NONE && !o.is_empty()),
                };
                let label = format!("owner set to {}", owner.as_deref().unwrap_or("nobody"));
                let ids = ids.clone();
                let e = self.record_for(&ids, &label, |tx, now, _| {
                    for id in &ids {
                        tx.set_owner(*id, owner.as_deref())?;
                        let acc = tx.renewal_state(*id)?.account_id;
                        tx.log(
                            &acc,
                            Some(*id),
                            now,
                            "owner",
                            &format!("Owner set to {}", owner.as_deref().unwrap_or("nobody")),
                        )?;
                    }
                    Ok(ids.clone())
                })?;
                (label, e)
            }
            QueueForm::Snooze(ids) => {
                let until = form::parse_date(form.get("Until"))
                    .map_err(|m| FormError::new(m, Some("Until")))?;
                if until <= today {
                    return Err(FormError::new(
                        format!("Until must be after today ({today})"),
                        Some("Until"),
                    ));
                }
                let reason = form.get("Reason").to_string();
                let label = format!("snoozed until {until}");
                let ids = ids.clone();
                let e = self.record_for(&ids, &label, |tx, now, _| {
                    for id in &ids {
                        tx.snooze(*id, Some(until), Some(&reason))?;
                        let acc = tx.renewal_state(*id)?.account_id;
                        tx.log(
                            &acc,
                            Some(*id),
                            now,
                            "snooze",
                            &format!("Snoozed until {until}: {reason}"),
                        )?;
                    }
                    Ok(ids.clone())
                })?;
                (label, e)
            }
            QueueForm::Probability(id) => {
                let p: Option<u8> = non_empty(form.get("Percent")).and_then(|v| v.parse().ok());
                let label = match p {
                    Some(p) => format!("probability set to {p}%"),
                    None => "probability back to computed".to_string(),
                };
                let id = *id;
                let e = self.record_for(&[id], &label, |tx, now, _| {
                    tx.set_probability_override(id, p)?;
                    let acc = tx.renewal_state(id)?.account_id;
                    tx.log(
                        &acc,
                        Some(id),
                        now,
                        "forecast",
                        &format!(
                            "Forecast probability: {}",
                            p.map(|p| format!("{p}% (override)"))
                                .unwrap_or_else(|| "computed".into())
                        ),
                    )?;
                    Ok(vec![id])
                })?;
                (label, e)
            }
            QueueForm::Note(id) => {
                let note = form.get("Note").to_string();
                let id = *id;
                let mut added = 0;
                let mut e = self.record_for(&[id], "note added", |tx, now, _| {
                    let acc = tx.renewal_state(id)?.account_id;
                    added = tx.log(&acc, Some(id), now, "note", &note)?;
                    Ok(vec![id])
                })?;
                e.notes.push(added);
                ("note added".to_string(), e)
            }
            QueueForm::FlagAtRisk(id) => {
                let kind = SignalKind::parse(form.get("Signal"))
                    .ok_or_else(|| FormError::new("choose a kind of signal", Some("Signal")))?;
                let reason = form.get("Reason").to_string();
                let id = *id;
                let mut signal = 0;
                let mut e = self.record_for(&[id], "flagged at risk", |tx, now, today| {
                    tx.flag_at_risk(id, &reason)?;
                    let acc = tx.renewal_state(id)?.account_id;
                    signal = tx.add_signal(
                        &crate::domain::book::Signal {
                            id: 0,
                            account_id: acc.clone(),
                            observed_on: today,
                            kind,
                            value: None,
                            note: Some(reason.clone()),
                            resolved_on: None,
                        },
                        "manual",
                    )?;
                    tx.log(
                        &acc,
                        Some(id),
                        now,
                        "risk",
                        &format!("Flagged at risk ({}): {reason}", kind.label()),
                    )?;
                    Ok(vec![id])
                })?;
                e.signal = Some(signal);
                (
                    "flagged at risk — press 3 to open its save plan".to_string(),
                    e,
                )
            }
            QueueForm::Close(id) => {
                let result = Outcome::parse(form.get("Result")).ok_or_else(|| {
                    FormError::new("choose won, churned or downgraded", Some("Result"))
                })?;
                let final_value = Money::parse(form.get("Final ARR"))
                    .map_err(|m| FormError::new(m, Some("Final ARR")))?;
                if final_value.0 < 0 {
                    return Err(FormError::new(
                        "Final ARR cannot be negative",
                        Some("Final ARR"),
                    ));
                }
                if result == Outcome::Churned && final_value.0 != 0 {
                    return Err(FormError::new(
                        "a churned renewal renews at 0",
                        Some("Final ARR"),
                    ));
                }
                let closed_on = form::parse_date(form.get("Closed on"))
                    .map_err(|m| FormError::new(m, Some("Closed on")))?;
                if closed_on > today {
                    return Err(FormError::new(
                        "Closed on cannot be in the future",
                        Some("Closed on"),
                    ));
                }
                let outcome = ClosedOutcome {
                    result,
                    closed_on,
                    final_value,
                    reason: non_empty(form.get("Reason")),
                    competitor: non_empty(form.get("Competitor")),
                    could_have_saved: match form.get("Could have saved") {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    },
                };
                let (cited, better) = (
                    non_empty(form.get("Value cited")),
                    non_empty(form.get("Could be better")),
                );
                let id = *id;
                let cur = self.currency.clone();
                let label = format!("closed as {}", result.label());
                let mut e = self.record_for(&[id], &label, |tx, now, _| {
                    tx.close_with_record(id, &outcome, cited.as_deref(), better.as_deref())?;
                    let acc = tx.renewal_state(id)?.account_id;
                    tx.log(
                        &acc,
                        Some(id),
                        now,
                        "closed",
                        &format!(
                            "Closed as {} at {}: {}",
                            result.label(),
                            final_value.format(&cur),
                            outcome.reason.as_deref().unwrap_or("")
                        ),
                    )?;
                    Ok(vec![id])
                })?;
                e.reopen = Some(id);
                (label, e)
            }
        };
        entry.label = label.clone();
        self.q.undo.push(entry);
        self.q.marked.clear();
        self.message = Some(format!("saved: {label} — u undoes"));
        self.reload_keeping_selection();
        Ok(())
    }

    /// Runs one triage change on `ids` in one transaction, snapshotting the rows it
    /// touches before and after so it can be undone. `f` returns the ids it changed.
    fn record_for(
        &mut self,
        ids: &[i64],
        label: &str,
        f: impl FnOnce(&Tx, &str, crate::domain::Date) -> Result<Vec<i64>, StoreError>,
    ) -> Result<UndoEntry, StoreError> {
        let now = self.now_stamp();
        let today = self.today;
        self.store.write(|tx| {
            let before: Vec<RenewalState> = ids
                .iter()
                .map(|id| tx.renewal_state(*id))
                .collect::<Result<_, _>>()?;
            let touched = f(tx, &now, today)?;
            let before = before
                .into_iter()
                .filter(|b| touched.contains(&b.id))
                .collect();
            let after = touched
                .iter()
                .map(|id| tx.renewal_state(*id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(UndoEntry {
                label: label.to_string(),
                before,
                after,
                notes: vec![],
                milestone: None,
                signal: None,
                reopen: None,
            })
        })
    }

    /// Takes back the last triage change, unless one of its rows changed since (then
    /// nothing is undone: it is someone else's edit now).
    pub fn undo(&mut self) {
        let Some(entry) = self.q.undo.pop() else {
            self.message = Some("nothing to undo".into());
            return;
        };
        let now = self.now_stamp();
        let result = self.store.write(|tx| {
            for a in &entry.after {
                if tx.renewal_state(a.id)? != *a {
                    return Err(StoreError::Invalid(format!(
                        "not undone: {} was changed since, maybe by another runway",
                        a.account_id
                    )));
                }
            }
            if let Some(id) = entry.reopen {
                tx.reopen(id)?;
            }
            if let Some((id, key)) = entry.milestone {
                tx.uncomplete_milestone(id, key)?;
            }
            if let Some(sig) = entry.signal {
                tx.delete_signal(sig)?;
            }
            for n in &entry.notes {
                tx.delete_activity(*n)?;
            }
            for b in &entry.before {
                tx.restore_state(b)?;
                if entry.notes.is_empty() {
                    tx.log(
                        &b.account_id,
                        Some(b.id),
                        &now,
                        "undo",
                        &format!("Undid: {}", entry.label),
                    )?;
                }
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                self.message = Some(format!("undone: {}", entry.label));
                self.reload_keeping_selection();
            }
            Err(e @ StoreError::Busy) => {
                self.message = Some(e.to_string());
                self.q.undo.push(entry);
            }
            Err(e) => self.message = Some(e.to_string()),
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

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}
