//! The account pane's forms: per form one function that builds it and one that reads
//! the submitted form back into the write it asks for (an [`AccountEffect`]), or a
//! [`FormError`] naming the field to fix. Nothing here touches the store.

use super::{AccountEffect, AccountWrite};
use crate::domain::Date;
use crate::domain::account_view::AccountDetail;
use crate::domain::activity::ActivityKind;
use crate::domain::book::{Signal, Stakeholder};
use crate::domain::risk::SignalKind;
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use crate::domain::text::inert;
use crate::tui::form::{self, Field, FieldId, Form, FormError, Kind};

crate::form_fields!(
    /// The fields of this pane's forms: each form names its fields by these, so a
    /// misspelt field is a compile error, not a value silently read as empty.
    AccountField {
        Signal = "Signal",
        ResolvedOn = "Resolved on",
        Remove = "Remove",
        WhatHappened = "What happened",
        Kind = "Kind",
        ObservedOn = "Observed on",
        Note = "Note",
        Value = "Value",
        RunAs = "Run as",
        Reason = "Reason",
        Type = "Type",
        StartASavePlanNow = "Start a save plan now",
        Name = "Name",
        Title = "Title",
        Email = "Email",
        Role = "Role",
        Sentiment = "Sentiment",
        Status = "Status",
        LastContact = "Last contact",
        OurThread = "Our thread",
        OurContact = "Our contact",
    }
);

/// Which form is open (the app keeps it beside the form and hands it back on submit).
#[derive(Clone, Debug, PartialEq)]
pub enum AccountForm {
    /// Add (id 0) or edit a stakeholder.
    Stakeholder(i64),
    Remove(i64),
    Departed(i64),
    Signal,
    Segment,
    Note,
    /// Resolve one of the open risk signals (kept as history).
    Resolve(Vec<i64>),
    /// A competitive signal was logged: save mode at once, so offer the plan now.
    StartSave,
}

const NONE: &str = "(none)";

fn choices<T: Copy>(all: &[T], name: fn(T) -> &'static str, with_none: bool) -> Vec<String> {
    let mut v: Vec<String> = all.iter().map(|x| name(*x).to_string()).collect();
    if with_none {
        v.insert(0, NONE.to_string());
    }
    v
}

fn err(message: impl Into<String>, field: AccountField) -> FormError {
    FormError::new(message, Some(field.label()))
}

/// `r`: which open signal is resolved, and when (`None`: there is none open).
pub(super) fn resolve_form(d: &AccountDetail, today: Date) -> Option<(Form, AccountForm)> {
    if d.signals.is_empty() {
        return None;
    }
    let ids: Vec<i64> = d.signals.iter().map(|s| s.id).collect();
    let labels: Vec<String> = d
        .signals
        .iter()
        .map(|s| {
            format!(
                "{} {}: {}",
                s.observed_on,
                s.kind.title(),
                inert(s.note.as_deref().unwrap_or(""))
            )
        })
        .collect();
    let f = Form::new(
        "Resolve a risk signal",
        vec![
            Field::new(
                AccountField::Signal,
                Kind::Choice(ids.iter().map(|i| i.to_string()).collect()),
            )
            .labels(labels)
            .help("← → to choose; it stays in the history as resolved"),
            Field::new(AccountField::ResolvedOn, Kind::Date)
                .required()
                .value(today.to_string()),
        ],
    )
    .with_note(format!("Risk signals of {}", inert(&d.account.name)));
    Some((f, AccountForm::Resolve(ids)))
}

fn read_resolve(form: &Form, ids: &[i64]) -> Result<AccountEffect, FormError> {
    let id: i64 = form
        .get(AccountField::Signal)
        .parse()
        .ok()
        .filter(|i| ids.contains(i))
        .ok_or_else(|| err("choose a signal", AccountField::Signal))?;
    let on = form::parse_date(form.get(AccountField::ResolvedOn))
        .map_err(|m| err(m, AccountField::ResolvedOn))?;
    Ok(AccountEffect::Write(AccountWrite::ResolveSignal { id, on }))
}

/// `a` (no one given) or `e` (the selected person): the stakeholder form.
pub(super) fn stakeholder_form(d: &AccountDetail, s: Option<&Stakeholder>) -> (Form, AccountForm) {
    let pick = |v: Option<&'static str>| v.unwrap_or(NONE).to_string();
    let f = Form::new(
        if s.is_some() {
            "Edit stakeholder"
        } else {
            "Add stakeholder"
        },
        vec![
            Field::new(AccountField::Name, Kind::Text)
                .required()
                .value(s.map(|s| s.name.clone()).unwrap_or_default()),
            Field::new(AccountField::Title, Kind::Text)
                .value(s.and_then(|s| s.title.clone()).unwrap_or_default()),
            Field::new(AccountField::Email, Kind::Text)
                .value(s.and_then(|s| s.email.clone()).unwrap_or_default()),
            Field::new(
                AccountField::Role,
                Kind::Choice(choices(Role::ALL, Role::as_str, true)),
            )
            .value(pick(s.and_then(|s| s.role).map(Role::as_str))),
            Field::new(
                AccountField::Sentiment,
                Kind::Choice(choices(Sentiment::ALL, Sentiment::as_str, false)),
            )
            .value(
                s.map(|s| s.sentiment)
                    .unwrap_or(Sentiment::Neutral)
                    .as_str(),
            ),
            Field::new(
                AccountField::Status,
                Kind::Choice(choices(ContactStatus::ALL, ContactStatus::as_str, false)),
            )
            .value(
                s.map(|s| s.status)
                    .unwrap_or(ContactStatus::Active)
                    .as_str(),
            ),
            Field::new(AccountField::LastContact, Kind::Date)
                .value(
                    s.and_then(|s| s.last_contact)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                )
                .help("YYYY-MM-DD, not in the future"),
            Field::new(
                AccountField::OurThread,
                Kind::Choice(choices(Thread::ALL, Thread::as_str, true)),
            )
            .value(pick(s.and_then(|s| s.our_thread).map(Thread::as_str)))
            .help("Who on our side talks to them"),
            Field::new(AccountField::OurContact, Kind::Text)
                .value(s.and_then(|s| s.our_contact.clone()).unwrap_or_default())
                .help("The person on our side who holds this relationship"),
        ],
    );
    match s {
        Some(s) => (
            f.with_note(format!("Editing {}", inert(&s.name))),
            AccountForm::Stakeholder(s.id),
        ),
        None => (
            f.with_note(format!("New person at {}", inert(&d.account.name))),
            AccountForm::Stakeholder(0),
        ),
    }
}

fn read_stakeholder(
    form: &Form,
    id: i64,
    account_id: &str,
    today: Date,
) -> Result<AccountEffect, FormError> {
    let last_contact = match form.get(AccountField::LastContact) {
        "" => None,
        v => Some(form::parse_date(v).map_err(|m| err(m, AccountField::LastContact))?),
    };
    if last_contact.is_some_and(|d| d > today) {
        return Err(err(
            format!("Last contact cannot be in the future (today is {today})"),
            AccountField::LastContact,
        ));
    }
    let opt = |id: AccountField| Some(form.get(id).to_string()).filter(|v| !v.is_empty());
    let person = Stakeholder {
        id,
        account_id: account_id.to_string(),
        name: form.get(AccountField::Name).to_string(),
        title: opt(AccountField::Title),
        email: opt(AccountField::Email),
        phone: None,
        role: Role::parse(form.get(AccountField::Role)),
        sentiment: Sentiment::parse(form.get(AccountField::Sentiment))
            .unwrap_or(Sentiment::Neutral),
        status: ContactStatus::parse(form.get(AccountField::Status))
            .unwrap_or(ContactStatus::Active),
        last_contact,
        our_thread: Thread::parse(form.get(AccountField::OurThread)),
        our_contact: opt(AccountField::OurContact),
    };
    let text = format!(
        "{} stakeholder {} ({})",
        if id == 0 { "Added" } else { "Updated" },
        person.name,
        person.role.map(|r| r.label()).unwrap_or("no role")
    );
    Ok(AccountEffect::Write(AccountWrite::SaveStakeholder {
        person,
        text,
    }))
}

/// `D`: remove the selected person, asked first ("no" is the default answer).
pub(super) fn remove_form(d: &AccountDetail, s: &Stakeholder) -> (Form, AccountForm) {
    let f = Form::new(
        "Remove stakeholder",
        vec![
            Field::new(
                AccountField::Remove,
                Kind::Choice(vec!["no".into(), "yes".into()]),
            )
            .help("Choose yes with → or Space, then Enter"),
        ],
    )
    .with_note(format!(
        "Remove {} from {}? Their history stays in the activity log.",
        inert(&s.name),
        inert(&d.account.name)
    ));
    (f, AccountForm::Remove(s.id))
}

fn read_remove(form: &Form, d: &AccountDetail, id: i64) -> AccountEffect {
    if form.get(AccountField::Remove) != "yes" {
        return AccountEffect::Message("kept — nothing removed".into());
    }
    let name = d
        .stakeholders
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    AccountEffect::Write(AccountWrite::RemoveStakeholder {
        id,
        text: format!("Removed stakeholder {name}"),
    })
}

/// `l`: the selected person left or changed role.
pub(super) fn departed_form(s: &Stakeholder) -> (Form, AccountForm) {
    let f = Form::new(
        "Gone from the account",
        vec![Field::new(
            AccountField::WhatHappened,
            Kind::Choice(vec!["left".into(), "changed_role".into()]),
        )],
    )
    .with_note(format!(
        "{} — records a stakeholder-change signal dated today{}",
        inert(&s.name),
        if s.role == Some(Role::Champion) {
            "; they are the champion, so the renewal is flagged at risk"
        } else {
            ""
        }
    ));
    (f, AccountForm::Departed(s.id))
}

fn read_departed(form: &Form, d: &AccountDetail, id: i64) -> Result<AccountEffect, FormError> {
    let person = d
        .stakeholders
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .ok_or_else(|| FormError::new("that person is no longer listed", None))?;
    let status =
        ContactStatus::parse(form.get(AccountField::WhatHappened)).unwrap_or(ContactStatus::Left);
    let text = format!("{} marked {}", person.name, status.label());
    Ok(AccountEffect::Write(AccountWrite::MarkDeparted {
        person,
        status,
        text,
    }))
}

/// `s`: log a risk signal.
pub(super) fn signal_form(d: &AccountDetail, today: Date) -> (Form, AccountForm) {
    let f = Form::new(
        "Log a risk signal",
        vec![
            Field::new(
                AccountField::Kind,
                Kind::Choice(choices(SignalKind::ALL, SignalKind::as_str, false)),
            ),
            Field::new(AccountField::ObservedOn, Kind::Date)
                .required()
                .value(today.to_string()),
            Field::new(AccountField::Note, Kind::Text)
                .required()
                .help("What you saw or heard"),
            Field::new(
                AccountField::Value,
                Kind::Integer {
                    min: -100,
                    max: 100_000,
                },
            )
            .help("Optional number: NPS, usage %, score"),
        ],
    )
    .with_note(format!("Signal for {}", inert(&d.account.name)));
    (f, AccountForm::Signal)
}

fn read_signal(form: &Form, account_id: &str, today: Date) -> Result<AccountEffect, FormError> {
    let kind = SignalKind::parse(form.get(AccountField::Kind))
        .ok_or_else(|| err("choose a kind", AccountField::Kind))?;
    let note = form.get(AccountField::Note).to_string();
    let value = form.get(AccountField::Value).parse::<f64>().ok();
    let observed_on = form::parse_date(form.get(AccountField::ObservedOn))
        .map_err(|m| err(m, AccountField::ObservedOn))?;
    if observed_on > today {
        return Err(err(
            format!("Observed on cannot be in the future (today is {today})"),
            AccountField::ObservedOn,
        ));
    }
    let text = format!("Risk signal logged ({}): {note}", kind.label());
    Ok(AccountEffect::Write(AccountWrite::LogSignal {
        signal: Signal {
            id: 0,
            account_id: account_id.to_string(),
            observed_on,
            kind,
            value,
            note: Some(note),
            resolved_on: None,
        },
        text,
    }))
}

/// After a competitive signal (§11: save mode at once), when no save plan is open:
/// start one now? `logged` is what was just saved.
pub fn start_save_form(logged: &str) -> (Form, AccountForm) {
    let f = Form::new(
        "Competitive signal: save mode",
        vec![
            Field::new(
                AccountField::StartASavePlanNow,
                Kind::Choice(vec!["yes".into(), "no".into()]),
            )
            .help("→ or Space to change, then Enter"),
        ],
    )
    .with_note(format!(
        "{logged}. A competitive signal calls for a save plan at once."
    ));
    (f, AccountForm::StartSave)
}

fn read_start_save(form: &Form) -> AccountEffect {
    if form.get(AccountField::StartASavePlanNow) == "yes" {
        AccountEffect::Write(AccountWrite::StartSavePlan)
    } else {
        AccountEffect::Message("saved: no save plan started".into())
    }
}

/// `S`: run the account as another segment than its ARR puts it in, with a reason.
pub(super) fn segment_form(d: &AccountDetail) -> (Form, AccountForm) {
    let cur = d
        .account
        .segment_override
        .map(|s| s.as_str())
        .unwrap_or(NONE)
        .to_string();
    let f = Form::new(
        "Segment override",
        vec![
            Field::new(
                AccountField::RunAs,
                Kind::Choice(choices(Segment::ALL, Segment::as_str, true)),
            )
            .value(cur)
            .help("(none) = the segment its ARR puts it in"),
            Field::new(AccountField::Reason, Kind::Text)
                .value(
                    d.account
                        .segment_override_reason
                        .clone()
                        .unwrap_or_default(),
                )
                .help("Required with an override"),
        ],
    )
    .with_note(format!(
        "{}: computed segment {}",
        inert(&d.account.name),
        d.row
            .as_ref()
            .map(|r| r.computed_segment.label())
            .unwrap_or("—")
    ));
    (f, AccountForm::Segment)
}

fn read_segment(form: &Form) -> Result<AccountEffect, FormError> {
    let segment = Segment::parse(form.get(AccountField::RunAs));
    let reason = Some(form.get(AccountField::Reason).to_string()).filter(|r| !r.is_empty());
    let text = match (segment, &reason) {
        (Some(_), None) => {
            return Err(err(
                "Reason is required with an override",
                AccountField::Reason,
            ));
        }
        (Some(s), Some(r)) => format!("Segment override: run as {} ({r})", s.label()),
        (None, _) => "Segment override cleared".to_string(),
    };
    Ok(AccountEffect::Write(AccountWrite::SetSegment {
        segment,
        // A reason without an override means nothing: it is not kept.
        reason: reason.filter(|_| segment.is_some()),
        text,
    }))
}

/// `c`: log a call, e-mail, meeting or note.
pub(super) fn activity_form(d: &AccountDetail) -> (Form, AccountForm) {
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    let labels = ActivityKind::ALL
        .iter()
        .map(|k| k.title().into_owned())
        .collect();
    let f = Form::new(
        "Log activity",
        vec![
            Field::new(AccountField::Type, Kind::Choice(kinds))
                .labels(labels)
                .value(ActivityKind::Note.as_str())
                .help("What kind of touch: call, e-mail, meeting or note"),
            Field::new(AccountField::Note, Kind::MultiLine)
                .required()
                .help("Alt-Enter or Ctrl-J for a new line; Enter saves"),
        ],
    )
    .with_note(format!("Activity with {}", inert(&d.account.name)));
    (f, AccountForm::Note)
}

fn read_activity(form: &Form, d: &AccountDetail) -> Result<AccountEffect, FormError> {
    let kind = crate::domain::activity::kind(form.get(AccountField::Type))
        .map_err(|e| err(e, AccountField::Type))?;
    let note = crate::domain::activity::summary(form.get(AccountField::Note))
        .map_err(|e| err(e, AccountField::Note))?
        .to_string();
    Ok(AccountEffect::Write(AccountWrite::LogActivity {
        kind,
        note,
        renewal: d.row.as_ref().map(|r| r.facts.renewal_id),
    }))
}

/// `x`: the next playbook step done, with an optional note (`None`: no open step).
/// Returns the form, the renewal and the step's key.
pub(super) fn milestone_form(d: &AccountDetail) -> Option<(Form, i64, &'static str)> {
    let r = d.row.as_ref()?;
    let next = r.next_milestone.as_ref()?;
    let f = Form::new(
        "Milestone done",
        vec![Field::new(AccountField::Note, Kind::Text).help("Optional: what happened")],
    )
    .with_note(format!("{}: {}", inert(&d.account.name), next.name));
    Some((f, r.facts.renewal_id, next.key))
}

/// Reads a submitted form of `kind` about account `d` into the write it asks for.
pub(super) fn read(
    kind: &AccountForm,
    form: &Form,
    d: &AccountDetail,
    today: Date,
) -> Result<AccountEffect, FormError> {
    let account_id = d.account.id.as_str();
    match kind {
        AccountForm::Stakeholder(id) => read_stakeholder(form, *id, account_id, today),
        AccountForm::Remove(id) => Ok(read_remove(form, d, *id)),
        AccountForm::Departed(id) => read_departed(form, d, *id),
        AccountForm::Signal => read_signal(form, account_id, today),
        AccountForm::StartSave => Ok(read_start_save(form)),
        AccountForm::Note => read_activity(form, d),
        AccountForm::Resolve(ids) => read_resolve(form, ids),
        AccountForm::Segment => read_segment(form),
    }
}
