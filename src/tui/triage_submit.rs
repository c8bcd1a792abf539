//! What each triage form does when it is submitted: validate what only this pane
//! knows (a snooze must end after today, a churned renewal renews at 0…), then save
//! the change in one transaction with its activity line (the app journals it for undo).

use super::app::{App, FormError};
use super::form::{self, FieldId, Form};
use super::triage::QueueField;
use super::triage::{OWNER_NONE, QueueForm};
use crate::domain::book::{ClosedOutcome, WinLoss};
use crate::domain::money::Money;
use crate::domain::renewal::{Outcome, Stage};
use crate::domain::risk::SignalKind;

impl App {
    pub fn submit_queue_form(&mut self, form: &Form, purpose: &QueueForm) -> Result<(), FormError> {
        let today = self.today;
        if *purpose == QueueForm::NewAccount {
            return self.submit_new_account(form);
        }
        let label = match purpose {
            QueueForm::NewAccount => unreachable!("handled above"),
            QueueForm::SetStage(ids) => {
                let stage = Stage::parse(form.get(QueueField::Stage)).ok_or_else(|| {
                    FormError::new("choose a stage", Some(QueueField::Stage.label()))
                })?;
                let label = format!("stage set to {}", stage.label());
                let ids = ids.clone();
                self.record_for(|tx, now, today| {
                    for id in &ids {
                        tx.change_stage(
                            *id,
                            stage,
                            today,
                            now,
                            &format!("Stage set to {}", stage.label()),
                        )?;
                    }
                    Ok(ids.clone())
                })?;
                label
            }
            QueueForm::MilestoneDone { renewal, key } => {
                let note = non_empty(form.get(QueueField::Note));
                let name = crate::domain::playbook::milestone_by_key(key)
                    .map(|(_, d)| d.name)
                    .unwrap_or(key);
                let label = format!("{name} done");
                let (id, key) = (*renewal, *key);
                self.record_for(|tx, now, today| {
                    tx.complete_milestone(id, key, today, note.as_deref())?;
                    let acc = tx.renewal_state(id)?.account_id;
                    let text = match &note {
                        Some(n) => format!("Milestone done: {name} — {n}"),
                        None => format!("Milestone done: {name}"),
                    };
                    tx.log(&acc, Some(id), now, "milestone", &text)?;
                    Ok(vec![id])
                })?;
                label
            }
            QueueForm::AssignOwner(ids) => {
                let owner = match non_empty(form.get(QueueField::OrNewName)) {
                    Some(n) => Some(n),
                    None => Some(form.get(QueueField::Owner).to_string())
                        .filter(|o| o != OWNER_NONE && !o.is_empty()),
                };
                let label = format!("owner set to {}", owner.as_deref().unwrap_or("nobody"));
                let ids = ids.clone();
                self.record_for(|tx, now, _| {
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
                label
            }
            QueueForm::Snooze(ids) => {
                let until = form::parse_date(form.get(QueueField::Until))
                    .map_err(|m| FormError::new(m, Some(QueueField::Until.label())))?;
                if until <= today {
                    return Err(FormError::new(
                        format!("Until must be after today ({today})"),
                        Some(QueueField::Until.label()),
                    ));
                }
                let reason = form.get(QueueField::Reason).to_string();
                let label = format!("snoozed until {until}");
                let ids = ids.clone();
                self.record_for(|tx, now, _| {
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
                label
            }
            QueueForm::Probability(id) => {
                let p: Option<u8> =
                    non_empty(form.get(QueueField::Percent)).and_then(|v| v.parse().ok());
                let label = match p {
                    Some(p) => format!("probability set to {p}%"),
                    None => "probability back to computed".to_string(),
                };
                let id = *id;
                self.record_for(|tx, now, _| {
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
                label
            }
            QueueForm::Note(id) => {
                let note = form.get(QueueField::Note).to_string();
                let id = *id;
                self.record_for(|tx, now, _| {
                    let acc = tx.renewal_state(id)?.account_id;
                    tx.log(&acc, Some(id), now, "note", &note)?;
                    Ok(vec![id])
                })?;
                "note added".to_string()
            }
            QueueForm::FlagAtRisk(id) => {
                let kind = SignalKind::parse(form.get(QueueField::Signal)).ok_or_else(|| {
                    FormError::new("choose a kind of signal", Some(QueueField::Signal.label()))
                })?;
                let reason = form.get(QueueField::Reason).to_string();
                let id = *id;
                self.record_for(|tx, now, today| {
                    tx.flag_at_risk(id, &reason)?;
                    let acc = tx.renewal_state(id)?.account_id;
                    tx.add_signal(
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
                "flagged at risk — press 3 to open its save plan".to_string()
            }
            QueueForm::Close(id) => {
                let result = Outcome::parse(form.get(QueueField::Result)).ok_or_else(|| {
                    FormError::new(
                        "choose won, churned or downgraded",
                        Some(QueueField::Result.label()),
                    )
                })?;
                let final_value = Money::parse(form.get(QueueField::FinalArr))
                    .map_err(|m| FormError::new(m, Some(QueueField::FinalArr.label())))?;
                if final_value.0 < 0 {
                    return Err(FormError::new(
                        "Final ARR cannot be negative",
                        Some(QueueField::FinalArr.label()),
                    ));
                }
                if result == Outcome::Churned && final_value.0 != 0 {
                    return Err(FormError::new(
                        "a churned renewal renews at 0",
                        Some(QueueField::FinalArr.label()),
                    ));
                }
                let closed_on = form::parse_date(form.get(QueueField::ClosedOn))
                    .map_err(|m| FormError::new(m, Some(QueueField::ClosedOn.label())))?;
                if closed_on > today {
                    return Err(FormError::new(
                        "Closed on cannot be in the future",
                        Some(QueueField::ClosedOn.label()),
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
                let id = *id;
                // The renewal's own currency, in the book's style.
                let code = self
                    .rows
                    .iter()
                    .find(|r| r.facts.renewal_id == id)
                    .map_or(self.currency.clone(), |r| r.facts.currency.to_string());
                let cur = self.cfg.book.cur(&code);
                let label = match result {
                    Outcome::Churned => {
                        "closed as churned; win-back check-ins at 3, 6 and 12 months".to_string()
                    }
                    _ => format!("closed as {}", result.label()),
                };
                self.record_for(|tx, now, _| {
                    tx.close_with_record(id, &outcome, &record)?;
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
                label
            }
        };
        self.q.marked.clear();
        self.step_label(&label);
        self.message = Some(format!("saved: {label} — u undoes"));
        self.reload_keeping_selection();
        Ok(())
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}
