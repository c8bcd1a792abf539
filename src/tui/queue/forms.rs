//! The queue's forms: what each asks, and what a submitted one means as a typed
//! change (`QueueWrite`). Validation that only this pane knows happens here (a snooze
//! must end after today, a churned renewal renews at 0…); the store saves the change.

use super::{QueueCx, QueuePane};
use crate::domain::Date;
use crate::domain::book::{ClosedOutcome, WinLoss};
use crate::domain::money::Money;
use crate::domain::queue::QueueRow;
use crate::domain::queue_fields::QueueFields;
use crate::domain::renewal::{Outcome, Stage};
use crate::domain::risk::SignalKind;
use crate::domain::text::inert;
use crate::tui::form::{self, Field, FieldId, Form, FormError, Kind};

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

/// Which form is open, with the renewals it is about.
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

/// A triage change, ready for the store: each is one transaction with its activity
/// line, and one step of undo.
#[derive(Clone, Debug, PartialEq)]
pub enum QueueWrite {
    /// Each renewal to its next stage (`n`).
    Advance(Vec<(i64, Stage)>),
    SetStage {
        ids: Vec<i64>,
        stage: Stage,
    },
    MilestoneDone {
        renewal: i64,
        key: &'static str,
        note: Option<String>,
    },
    AssignOwner {
        ids: Vec<i64>,
        owner: Option<String>,
    },
    Snooze {
        ids: Vec<i64>,
        until: Date,
        reason: String,
    },
    Probability {
        id: i64,
        percent: Option<u8>,
    },
    Note {
        id: i64,
        text: String,
    },
    FlagAtRisk {
        id: i64,
        kind: SignalKind,
        reason: String,
    },
    Close {
        id: i64,
        outcome: ClosedOutcome,
        record: WinLoss,
        /// The renewal's own currency code, for the activity line.
        currency: String,
    },
}

impl QueueWrite {
    /// What the status line and the undo step call it.
    pub fn label(&self) -> String {
        match self {
            QueueWrite::Advance(plan) => format!(
                "advance stage on {} renewal{}",
                plan.len(),
                if plan.len() == 1 { "" } else { "s" }
            ),
            QueueWrite::SetStage { stage, .. } => format!("stage set to {}", stage.label()),
            QueueWrite::MilestoneDone { key, .. } => format!("{} done", milestone_name(key)),
            QueueWrite::AssignOwner { owner, .. } => {
                format!("owner set to {}", owner.as_deref().unwrap_or("nobody"))
            }
            QueueWrite::Snooze { until, .. } => format!("snoozed until {until}"),
            QueueWrite::Probability { percent, .. } => match percent {
                Some(p) => format!("probability set to {p}%"),
                None => "probability back to computed".to_string(),
            },
            QueueWrite::Note { .. } => "note added".to_string(),
            QueueWrite::FlagAtRisk { .. } => {
                "flagged at risk — press 3 to open its save plan".to_string()
            }
            QueueWrite::Close { outcome, .. } => match outcome.result {
                Outcome::Churned => {
                    "closed as churned; win-back check-ins at 3, 6 and 12 months".to_string()
                }
                r => format!("closed as {}", r.label()),
            },
        }
    }
}

/// A playbook step's name, or its key when the playbook does not know it.
pub fn milestone_name(key: &'static str) -> &'static str {
    crate::domain::playbook::milestone_by_key(key)
        .map(|(_, d)| d.name)
        .unwrap_or(key)
}

/// The placeholder choice for "nobody" in the assign form.
const OWNER_NONE: &str = "(unassigned)";

impl QueuePane {
    pub(super) fn set_stage_form(&self, ids: Vec<i64>, r: &QueueRow) -> (Form, QueueForm) {
        let opts = Stage::OPEN.iter().map(|s| s.as_str().to_string()).collect();
        let form = Form::new(
            "Set stage",
            vec![Field::new(QueueField::Stage, Kind::Choice(opts)).value(r.facts.stage.as_str())],
        )
        .with_note(self.target_note(&ids));
        (form, QueueForm::SetStage(ids))
    }

    /// The assign form, with the book's owners (read by the host) to choose from.
    pub fn assign_form(&self, ids: Vec<i64>, mut owners: Vec<String>) -> (Form, QueueForm) {
        owners.insert(0, OWNER_NONE.to_string());
        let current = self
            .selected()
            .and_then(|r| r.facts.owner.as_deref().map(str::to_string))
            .unwrap_or_else(|| OWNER_NONE.into());
        let form = Form::new(
            "Assign owner",
            vec![
                Field::new(QueueField::Owner, Kind::Choice(owners))
                    .value(current)
                    .help("←/→ or Space to choose; a letter jumps"),
                Field::new(QueueField::OrNewName, Kind::Text).help("Someone not in the list yet"),
            ],
        )
        .with_note(self.target_note(&ids));
        (form, QueueForm::AssignOwner(ids))
    }

    pub(super) fn snooze_form(&self, ids: Vec<i64>, today: Date) -> (Form, QueueForm) {
        let form = Form::new(
            "Snooze",
            vec![
                Field::new(QueueField::Until, Kind::Date)
                    .required()
                    .value((today + chrono::Duration::days(7)).to_string())
                    .help("Hidden from the default view until this date"),
                Field::new(QueueField::Reason, Kind::Text).required(),
            ],
        )
        .with_note(self.target_note(&ids));
        (form, QueueForm::Snooze(ids))
    }

    pub(super) fn probability_form(&self, r: &QueueRow) -> (Form, QueueForm) {
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
        (form, QueueForm::Probability(r.facts.renewal_id))
    }

    pub(super) fn note_form(&self, r: &QueueRow) -> (Form, QueueForm) {
        let id = r.facts.renewal_id;
        let form = Form::new(
            "Add note",
            vec![Field::new(QueueField::Note, Kind::Text).required()],
        )
        .with_note(self.target_note(&[id]));
        (form, QueueForm::Note(id))
    }

    pub(super) fn flag_form(&self, r: &QueueRow) -> (Form, QueueForm) {
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
        (form, QueueForm::FlagAtRisk(id))
    }

    pub(super) fn close_form(&self, r: &QueueRow, cx: &QueueCx) -> (Form, QueueForm) {
        let id = r.facts.renewal_id;
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| o.as_str().to_string())
            .collect();
        let value = r
            .value()
            .format(cx.currency)
            .trim_start_matches(['$', '€', '£'])
            .to_string();
        let form = Form::new(
            "Close renewal",
            vec![
                Field::new(QueueField::Result, Kind::Choice(outcomes)),
                Field::new(QueueField::FinalArr, Kind::Money)
                    .required()
                    .value(value)
                    .help("What they renewed at (0 when churned)"),
                Field::new(QueueField::ClosedOn, Kind::Date)
                    .required()
                    .value(cx.today.to_string()),
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
        (form, QueueForm::Close(id))
    }

    pub(super) fn milestone_form(&self, row: usize, key: &'static str) -> (Form, QueueForm) {
        let r = self.rows.get(row);
        let form = Form::new(
            "Milestone done",
            vec![Field::new(QueueField::Note, Kind::Text).help("Optional: what happened")],
        )
        .with_note(format!(
            "{}: {}",
            inert(r.account_name()),
            milestone_name(key)
        ));
        let renewal = r.renewal_id();
        (form, QueueForm::MilestoneDone { renewal, key })
    }

    /// A submitted form as the change it asks for, or what to fix and where.
    /// (`NewAccount` is the host's: it is read by `domain::new_account`.)
    pub fn read_form(
        &self,
        kind: &QueueForm,
        form: &Form,
        cx: &QueueCx,
    ) -> Result<QueueWrite, FormError> {
        let today = cx.today;
        let err = |m: String, f: QueueField| FormError::new(m, Some(f.label()));
        Ok(match kind {
            QueueForm::NewAccount => {
                return Err(FormError::new("the host reads this form", None));
            }
            QueueForm::SetStage(ids) => {
                let stage = Stage::parse(form.get(QueueField::Stage))
                    .ok_or_else(|| err("choose a stage".into(), QueueField::Stage))?;
                QueueWrite::SetStage {
                    ids: ids.clone(),
                    stage,
                }
            }
            QueueForm::MilestoneDone { renewal, key } => QueueWrite::MilestoneDone {
                renewal: *renewal,
                key,
                note: non_empty(form.get(QueueField::Note)),
            },
            QueueForm::AssignOwner(ids) => {
                let owner = match non_empty(form.get(QueueField::OrNewName)) {
                    Some(n) => Some(n),
                    None => Some(form.get(QueueField::Owner).to_string())
                        .filter(|o| o != OWNER_NONE && !o.is_empty()),
                };
                QueueWrite::AssignOwner {
                    ids: ids.clone(),
                    owner,
                }
            }
            QueueForm::Snooze(ids) => {
                let until = form::parse_date(form.get(QueueField::Until))
                    .map_err(|m| err(m, QueueField::Until))?;
                if until <= today {
                    return Err(err(
                        format!("Until must be after today ({today})"),
                        QueueField::Until,
                    ));
                }
                QueueWrite::Snooze {
                    ids: ids.clone(),
                    until,
                    reason: form.get(QueueField::Reason).to_string(),
                }
            }
            QueueForm::Probability(id) => QueueWrite::Probability {
                id: *id,
                percent: non_empty(form.get(QueueField::Percent)).and_then(|v| v.parse().ok()),
            },
            QueueForm::Note(id) => QueueWrite::Note {
                id: *id,
                text: form.get(QueueField::Note).to_string(),
            },
            QueueForm::FlagAtRisk(id) => QueueWrite::FlagAtRisk {
                id: *id,
                kind: SignalKind::parse(form.get(QueueField::Signal))
                    .ok_or_else(|| err("choose a kind of signal".into(), QueueField::Signal))?,
                reason: form.get(QueueField::Reason).to_string(),
            },
            QueueForm::Close(id) => self.read_close(*id, form, cx)?,
        })
    }

    fn read_close(&self, id: i64, form: &Form, cx: &QueueCx) -> Result<QueueWrite, FormError> {
        let err = |m: String, f: QueueField| FormError::new(m, Some(f.label()));
        let result = Outcome::parse(form.get(QueueField::Result)).ok_or_else(|| {
            err(
                "choose won, churned or downgraded".into(),
                QueueField::Result,
            )
        })?;
        let final_value = Money::parse(form.get(QueueField::FinalArr))
            .map_err(|m| err(m, QueueField::FinalArr))?;
        if final_value.0 < 0 {
            return Err(err(
                "Final ARR cannot be negative".into(),
                QueueField::FinalArr,
            ));
        }
        if result == Outcome::Churned && final_value.0 != 0 {
            return Err(err(
                "a churned renewal renews at 0".into(),
                QueueField::FinalArr,
            ));
        }
        let closed_on = form::parse_date(form.get(QueueField::ClosedOn))
            .map_err(|m| err(m, QueueField::ClosedOn))?;
        if closed_on > cx.today {
            return Err(err(
                "Closed on cannot be in the future".into(),
                QueueField::ClosedOn,
            ));
        }
        let outcome = ClosedOutcome {
            result,
            closed_on,
            final_value,
            reason: non_empty(form.get(QueueField::Reason)),
            competitor: non_empty(form.get(QueueField::Competitor)),
            could_have_saved: match form.get(QueueField::CouldHaveSaved) {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        };
        let record = WinLoss {
            value_cited: non_empty(form.get(QueueField::ValueCited)),
            could_improve: non_empty(form.get(QueueField::CouldBeBetter)),
            missed_expansion: non_empty(form.get(QueueField::MissedExpansion)),
            when_really_lost: non_empty(form.get(QueueField::WhenReallyLost)),
            missed_signals: non_empty(form.get(QueueField::MissedSignals)),
        };
        // The renewal's own currency, in the book's style.
        let currency = self
            .row_of_renewal(id)
            .map_or(cx.currency.to_string(), |r| r.currency().to_string());
        Ok(QueueWrite::Close {
            id,
            outcome,
            record,
            currency,
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}
