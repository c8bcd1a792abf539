//! The queue's triage keys: advance or set the stage, mark a milestone done, assign,
//! snooze, override the forecast, note, flag at risk, close — each saved in one
//! transaction the moment it is made, logged in the account's activity, and undoable.

use super::app::{App, FormPurpose, Overlay};
use super::form::{Field, Form, Kind};
use super::keymap::Action;
use super::queue_state::WINDOWS;
use crate::domain::health::HealthBand;
use crate::domain::queue_view::{self, AgendaItem, AgendaKind};
use crate::domain::renewal::{Outcome, Stage};
use crate::domain::risk::SignalKind;
use crate::domain::segment::Segment;
use crate::domain::text::inert;
use crate::store::{StoreError, Tx};

crate::form_fields!(
    /// The fields of this pane's forms: each form names its fields by these, so a
    /// misspelt field is a compile error, not a value silently read as empty.
    QueueField {
        Stage = "Stage",
        Owner = "Owner",
        OrNewName = "Or new name",
        Until = "Until",
        Reason = "Reason",
        Percent = "Percent",
        Note = "Note",
        Signal = "Signal",
        Result = "Result",
        FinalArr = "Final ARR",
        ClosedOn = "Closed on",
        ValueCited = "Value cited",
        CouldBeBetter = "Could be better",
        Competitor = "Competitor",
        MissedExpansion = "Missed expansion",
        WhenReallyLost = "When really lost",
        MissedSignals = "Missed signals",
        CouldHaveSaved = "Could have saved",
        Id = "Id",
        Name = "Name",
        Arr = "ARR",
        RenewalDate = "Renewal date",
        Health = "Health",
        Currency = "Currency",
    }
);

#[derive(Clone, Debug, PartialEq)]
pub enum QueueForm {
    NewAccount,
    SetStage(Vec<i64>),
    MilestoneDone { renewal: i64, key: &'static str },
    AssignOwner(Vec<i64>),
    Snooze(Vec<i64>),
    Probability(i64),
    Note(i64),
    FlagAtRisk(i64),
    Close(i64),
}

pub(super) const OWNER_NONE: &str = "(unassigned)";

impl App {
    pub fn queue_action(&mut self, action: Action) {
        // A large book's first screen is the soonest renewals by date: sorting,
        // filtering or widening it would mislead until the whole window is read.
        if self.queue_provisional()
            && matches!(
                action,
                Action::CycleWindow
                    | Action::SortNext
                    | Action::SortReverse
                    | Action::Filter
                    | Action::FilterMine
                    | Action::FilterSegment
                    | Action::FilterHealth
                    | Action::FilterStage
                    | Action::FilterAtRisk
                    | Action::FilterBehind
                    | Action::FilterStalled
                    | Action::ShowSnoozed
                    | Action::ToggleStepsDue
                    | Action::MarkAll
                    | Action::Agenda
            )
        {
            self.message =
                Some("still reading the whole window — this key works in a moment".into());
            return;
        }
        let f = &mut self.q.filters;
        match action {
            Action::Why => return self.show_why(),
            Action::Agenda => {
                self.q.agenda = !self.q.agenda;
                self.selected = 0;
                self.offset = 0;
                // Tasks made from other panes (a save plan's win-back check-ins) show
                // as soon as the agenda opens.
                if self.q.agenda {
                    self.read_tasks();
                }
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
            Action::FilterMine => {
                f.mine = !f.mine;
                f.role = Some(
                    crate::domain::ownership::Lead::parse(&self.cfg.user.role)
                        .unwrap_or(crate::domain::ownership::Lead::Csm),
                );
            }
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
            Action::ToggleStepsDue => f.hide_steps_due = !f.hide_steps_due,
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
            Action::MarkAll => {
                // Marks every row the filters show; when they are all marked already,
                // clears the marks instead (one key to select all and to let go).
                let shown: Vec<i64> = if self.q.agenda {
                    Vec::new()
                } else {
                    self.view
                        .iter()
                        .map(|&i| self.rows[i].facts.renewal_id)
                        .collect()
                };
                if !shown.is_empty() && shown.iter().all(|id| self.q.marked.contains(id)) {
                    self.q.marked.clear();
                    self.message = Some("marks cleared".into());
                } else {
                    self.q.marked.extend(shown.iter().copied());
                    self.message = Some(format!(
                        "{} marked — stage, owner and snooze apply to all; V again clears",
                        self.q.marked.len()
                    ));
                }
                return;
            }
            Action::NewAccount => return self.open_new_account_form(),
            Action::AdvanceStage => return self.advance_stage(),
            Action::SetStage => {
                let ids = self.targets();
                if let Some(r) = self.selected_row().map(|i| &self.rows[i]) {
                    let opts = Stage::OPEN.iter().map(|s| s.as_str().to_string()).collect();
                    let form = Form::new(
                        "Set stage",
                        vec![
                            Field::new(QueueField::Stage, Kind::Choice(opts))
                                .value(r.facts.stage.as_str()),
                        ],
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
                        Field::new(QueueField::Owner, Kind::Choice(owners))
                            .value(current)
                            .help("←/→ or Space to choose; a letter jumps"),
                        Field::new(QueueField::OrNewName, Kind::Text)
                            .help("Someone not in the list yet"),
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
                        Field::new(QueueField::Until, Kind::Date)
                            .required()
                            .value((self.today + chrono::Duration::days(7)).to_string())
                            .help("Hidden from the default view until this date"),
                        Field::new(QueueField::Reason, Kind::Text).required(),
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
                            Field::new(QueueField::Percent, Kind::Integer { min: 0, max: 100 })
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
                    let form = Form::new(
                        "Add note",
                        vec![Field::new(QueueField::Note, Kind::Text).required()],
                    )
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
                            Field::new(QueueField::Signal, Kind::Choice(kinds))
                                .help("What kind of warning sign"),
                            Field::new(QueueField::Reason, Kind::Text).required(),
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
                                QueueField::Result,
                                Kind::Choice(
                                    Outcome::ALL
                                        .iter()
                                        .map(|o| o.as_str().to_string())
                                        .collect(),
                                ),
                            ),
                            Field::new(QueueField::FinalArr, Kind::Money)
                                .required()
                                .value(
                                    r.value()
                                        .format(&cur)
                                        .trim_start_matches(['$', '€', '£'])
                                        .to_string(),
                                )
                                .help("What they renewed at (0 when churned)"),
                            Field::new(QueueField::ClosedOn, Kind::Date)
                                .required()
                                .value(self.today.to_string()),
                            Field::new(QueueField::Reason, Kind::Text)
                                .required()
                                .help("Won: what made it work. Lost: the real reason"),
                            Field::new(QueueField::ValueCited, Kind::Text)
                                .help("Won: the value the customer named"),
                            Field::new(QueueField::CouldBeBetter, Kind::Text),
                            Field::new(QueueField::Competitor, Kind::Text),
                            Field::new(QueueField::MissedExpansion, Kind::Text)
                                .help("Won: growth we left on the table"),
                            Field::new(QueueField::WhenReallyLost, Kind::Text)
                                .help("Lost: when we really lost them, not when we were told"),
                            Field::new(QueueField::MissedSignals, Kind::Text)
                                .help("Lost: what we saw too late"),
                            Field::new(
                                QueueField::CouldHaveSaved,
                                Kind::Choice(vec!["unknown".into(), "yes".into(), "no".into()]),
                            ),
                        ],
                    )
                    .with_note(format!(
                        "{} — churned: the debrief (real reason, when really lost, missed signals, competitor) and win-back check-ins at 3, 6 and 12 months; won: what made it work and any missed expansion",
                        self.target_note(&[id])
                    ));
                    self.open_form(form, QueueForm::Close(id));
                }
                return;
            }
            _ => return,
        }
        self.refresh_view();
    }

    pub(super) fn open_form(&mut self, form: Form, purpose: QueueForm) {
        self.overlay = Overlay::Form(Box::new(form), FormPurpose::Queue(purpose));
    }

    pub(super) fn open_milestone_form(&mut self) {
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
            vec![Field::new(QueueField::Note, Kind::Text).help("Optional: what happened")],
        )
        .with_note(format!("{}: {name}", inert(&r.facts.account_name)));
        let renewal = r.facts.renewal_id;
        self.open_form(form, QueueForm::MilestoneDone { renewal, key });
    }

    pub(super) fn advance_stage(&mut self) {
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
        let result = self.record_for(|tx, now, today| {
            for (id, stage) in &plan {
                tx.change_stage(
                    *id,
                    *stage,
                    today,
                    now,
                    &format!("Stage advanced to {}", stage.label()),
                )?;
            }
            Ok(plan.iter().map(|p| p.0).collect())
        });
        self.after_write(result, &label);
    }

    pub(super) fn after_write(&mut self, result: Result<(), StoreError>, label: &str) {
        match result {
            Ok(()) => {
                self.q.marked.clear();
                self.step_label(label);
                self.message = Some(format!("saved: {label} — u undoes"));
                self.reload_keeping_selection();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub fn now_stamp(&self) -> String {
        format!("{}T{}", self.today, chrono::Local::now().format("%H:%M:%S"))
    }

    /// Runs one triage change in one transaction. The app journals what it changed
    /// (row by row, for undo and redo), so nothing here needs to remember it.
    pub(super) fn record_for(
        &mut self,
        f: impl FnOnce(&Tx, &str, crate::domain::Date) -> Result<Vec<i64>, StoreError>,
    ) -> Result<(), StoreError> {
        let now = self.now_stamp();
        let today = self.today;
        self.store.write(|tx| f(tx, &now, today).map(drop))
    }
}
