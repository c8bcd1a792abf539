//! The account pane's keys: edit the stakeholder map, log signals, override the
//! segment, write the pre-call brief. Every change is one transaction with a line in
//! the account's activity log, and the pane reloads from the store after it.

use super::app::{App, FormError, FormPurpose, Overlay, Pane};
use super::form::{self, Field, FieldId, Form, Kind};
use super::keymap::Action;
use crate::domain::account_view::AccountDetail;
use crate::domain::book::{Signal, Stakeholder};
use crate::domain::risk::SignalKind;
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use crate::domain::text::inert;

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

impl App {
    /// Loads the opened account (or the queue's selected one) into the pane.
    pub fn load_account(&mut self) {
        let id = self.focus_account_id();
        self.acct = match id {
            Some(id) => match self.store.account_detail(&id, &self.cfg, self.today) {
                Ok(d) => d,
                Err(e) => {
                    self.message = Some(e.to_string());
                    None
                }
            },
            None => None,
        };
        // Only as much history as the pane can show.
        self.acct_log = match &self.acct {
            Some(d) => self
                .store
                .recent_activities(&d.account.id, 200)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let n = self.acct.as_ref().map_or(0, |d| d.stakeholders.len());
        self.acct_sel = self.acct_sel.min(n.saturating_sub(1));
        // Another account starts at the top of every panel (focus stays where it was).
        let now = self.acct.as_ref().map(|d| d.account.id.clone());
        if now != self.acct_shown {
            self.acct_panels.reset();
            self.acct_shown = now;
        }
    }

    fn selected_person(&self) -> Option<&Stakeholder> {
        self.acct.as_ref()?.stakeholders.get(self.acct_sel)
    }

    pub fn account_action(&mut self, action: Action) {
        let Some(d) = &self.acct else {
            self.message = Some("no account open — Enter on a queue row, or Ctrl-P".into());
            return;
        };
        let title = inert(&d.account.name).into_owned();
        let n = d.stakeholders.len();
        use super::panes::account::PEOPLE;
        let people = self.acct_panels.focus == PEOPLE;
        match action {
            // j/k move through the people when that panel has focus, and scroll
            // whichever other panel has it.
            Action::Down if people => self.acct_sel = (self.acct_sel + 1).min(n.saturating_sub(1)),
            Action::Up if people => self.acct_sel = self.acct_sel.saturating_sub(1),
            Action::Top if people => self.acct_sel = 0,
            Action::Bottom if people => self.acct_sel = n.saturating_sub(1),
            Action::Down => self.acct_panels.scroll_by(1),
            Action::Up => self.acct_panels.scroll_by(-1),
            Action::PageDown => self.acct_panels.scroll_by(10),
            Action::PageUp => self.acct_panels.scroll_by(-10),
            Action::Top => self.acct_panels.top(),
            Action::Bottom => self.acct_panels.bottom(),
            Action::Open | Action::Zoom => self.acct_panels.zoom = !self.acct_panels.zoom,
            Action::ResolveSignal => {
                if d.signals.is_empty() {
                    self.message = Some("no open risk signal to resolve".into());
                    return;
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
                            .value(self.today.to_string()),
                    ],
                )
                .with_note(format!("Risk signals of {title}"));
                self.open_account_form(f, AccountForm::Resolve(ids));
            }
            Action::AddStakeholder => self.open_account_form(
                stakeholder_form(None).with_note(format!("New person at {title}")),
                AccountForm::Stakeholder(0),
            ),
            Action::EditStakeholder => {
                if let Some(s) = self.selected_person().cloned() {
                    self.open_account_form(
                        stakeholder_form(Some(&s)).with_note(format!("Editing {}", inert(&s.name))),
                        AccountForm::Stakeholder(s.id),
                    );
                }
            }
            Action::RemoveStakeholder => {
                if let Some(s) = self.selected_person().cloned() {
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
                        "Remove {} from {title}? Their history stays in the activity log.",
                        inert(&s.name)
                    ));
                    self.open_account_form(f, AccountForm::Remove(s.id));
                }
            }
            Action::MarkDeparted => {
                if let Some(s) = self.selected_person().cloned() {
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
                    self.open_account_form(f, AccountForm::Departed(s.id));
                }
            }
            Action::LogSignal => {
                let f = Form::new(
                    "Log a risk signal",
                    vec![
                        Field::new(
                            AccountField::Kind,
                            Kind::Choice(choices(SignalKind::ALL, SignalKind::as_str, false)),
                        ),
                        Field::new(AccountField::ObservedOn, Kind::Date)
                            .required()
                            .value(self.today.to_string()),
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
                .with_note(format!("Signal for {title}"));
                self.open_account_form(f, AccountForm::Signal);
            }
            Action::EditSegment => {
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
                    "{title}: computed segment {}",
                    d.row
                        .as_ref()
                        .map(|r| r.computed_segment.label())
                        .unwrap_or("—")
                ));
                self.open_account_form(f, AccountForm::Segment);
            }
            Action::WriteBrief => self.write_brief(),
            Action::AccountNote => {
                use crate::domain::activity::ActivityKind;
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
                .with_note(format!("Activity with {title}"));
                self.open_account_form(f, AccountForm::Note);
            }
            Action::AccountMilestoneDone => {
                let next = d.row.as_ref().and_then(|r| {
                    Some((
                        r.facts.renewal_id,
                        r.next_milestone.as_ref()?.key,
                        r.next_milestone.as_ref()?.name,
                    ))
                });
                match next {
                    Some((renewal, key, name)) => {
                        let f = Form::new(
                            "Milestone done",
                            vec![
                                Field::new(AccountField::Note, Kind::Text)
                                    .help("Optional: what happened"),
                            ],
                        )
                        .with_note(format!("{title}: {name}"));
                        self.overlay = Overlay::Form(
                            Box::new(f),
                            FormPurpose::Queue(crate::tui::queue::QueueForm::MilestoneDone {
                                renewal,
                                key,
                            }),
                        );
                    }
                    None => self.message = Some("no open playbook step on this renewal".into()),
                }
            }
            _ => {}
        }
    }

    fn open_account_form(&mut self, form: Form, purpose: AccountForm) {
        self.overlay = Overlay::Form(Box::new(form), FormPurpose::Account(purpose));
    }

    pub fn submit_account_form(
        &mut self,
        form: &Form,
        purpose: &AccountForm,
    ) -> Result<(), FormError> {
        let d = self
            .acct
            .as_ref()
            .ok_or_else(|| FormError::new("the account is no longer open", None))?;
        let account_id = d.account.id.clone();
        let now = self.now_stamp();
        let today = self.today;
        let message = match purpose {
            AccountForm::Stakeholder(id) => {
                let person = read_stakeholder(form, *id, &account_id, today)?;
                let verb = if *id == 0 { "Added" } else { "Updated" };
                let text = format!(
                    "{verb} stakeholder {} ({})",
                    person.name,
                    person.role.map(|r| r.label()).unwrap_or("no role")
                );
                self.store.write(|tx| {
                    if *id == 0 {
                        tx.add_stakeholder(&person, "manual")?;
                    } else {
                        tx.update_stakeholder(&person)?;
                    }
                    tx.log(&account_id, None, &now, "stakeholder", &text)
                        .map(drop)
                })?;
                text
            }
            AccountForm::Remove(id) => {
                if form.get(AccountField::Remove) != "yes" {
                    self.message = Some("kept — nothing removed".into());
                    return Ok(());
                }
                let name = d
                    .stakeholders
                    .iter()
                    .find(|s| s.id == *id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let text = format!("Removed stakeholder {name}");
                self.store.write(|tx| {
                    tx.delete_stakeholder(*id)?;
                    tx.log(&account_id, None, &now, "stakeholder", &text)
                        .map(drop)
                })?;
                text
            }
            AccountForm::Departed(id) => {
                let s = d
                    .stakeholders
                    .iter()
                    .find(|s| s.id == *id)
                    .cloned()
                    .ok_or_else(|| FormError::new("that person is no longer listed", None))?;
                let status = ContactStatus::parse(form.get(AccountField::WhatHappened))
                    .unwrap_or(ContactStatus::Left);
                let text = format!("{} marked {}", s.name, status.label());
                let champion = self.store.write(|tx| {
                    let c = tx.mark_departed(&s, status, today)?;
                    tx.log(&account_id, None, &now, "stakeholder", &text)?;
                    Ok(c)
                })?;
                if champion {
                    format!("{text} — champion lost: renewal flagged at risk")
                } else {
                    text
                }
            }
            AccountForm::Signal => {
                let kind = SignalKind::parse(form.get(AccountField::Kind)).ok_or_else(|| {
                    FormError::new("choose a kind", Some(AccountField::Kind.label()))
                })?;
                let note = form.get(AccountField::Note).to_string();
                let value = form.get(AccountField::Value).parse::<f64>().ok();
                let observed_on = form::parse_date(form.get(AccountField::ObservedOn))
                    .map_err(|m| FormError::new(m, Some(AccountField::ObservedOn.label())))?;
                if observed_on > today {
                    return Err(FormError::new(
                        format!("Observed on cannot be in the future (today is {today})"),
                        Some(AccountField::ObservedOn.label()),
                    ));
                }
                let text = format!("Risk signal logged ({}): {note}", kind.label());
                self.store.write(|tx| {
                    tx.add_signal(
                        &Signal {
                            id: 0,
                            account_id: account_id.clone(),
                            observed_on,
                            kind,
                            value,
                            note: Some(note.clone()),
                            resolved_on: None,
                        },
                        "manual",
                    )?;
                    tx.log(&account_id, None, &now, "risk", &text).map(drop)
                })?;
                // §11: a competitive signal switches the account to save mode at once.
                if kind == SignalKind::Competitive
                    && self
                        .store
                        .save_plan(&account_id)
                        .ok()
                        .flatten()
                        .is_none_or(|p| p.status != "open")
                {
                    let offer = Form::new(
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
                        "{text}. A competitive signal calls for a save plan at once."
                    ));
                    self.open_account_form(offer, AccountForm::StartSave);
                }
                text
            }
            AccountForm::StartSave => {
                if form.get(AccountField::StartASavePlanNow) != "yes" {
                    "no save plan started".to_string()
                } else {
                    self.store
                        .write(|tx| tx.start_save_plan(&account_id, today, &now))?;
                    "save plan started — 3 opens it, a assesses it".to_string()
                }
            }
            AccountForm::Note => {
                let kind = crate::domain::activity::kind(form.get(AccountField::Type))
                    .map_err(|e| FormError::new(e, Some(AccountField::Type.label())))?;
                let note = crate::domain::activity::summary(form.get(AccountField::Note))
                    .map_err(|e| FormError::new(e, Some(AccountField::Note.label())))?
                    .to_string();
                let renewal = d.row.as_ref().map(|r| r.facts.renewal_id);
                self.store.write(|tx| {
                    tx.log(&account_id, renewal, &now, kind.as_str(), &note)
                        .map(drop)
                })?;
                format!("{} logged", kind.title())
            }
            AccountForm::Resolve(ids) => {
                let id: i64 = form
                    .get(AccountField::Signal)
                    .parse()
                    .ok()
                    .filter(|i| ids.contains(i))
                    .ok_or_else(|| {
                        FormError::new("choose a signal", Some(AccountField::Signal.label()))
                    })?;
                let on = form::parse_date(form.get(AccountField::ResolvedOn))
                    .map_err(|m| FormError::new(m, Some(AccountField::ResolvedOn.label())))?;
                self.store.write(|tx| tx.resolve_signal(id, on))?;
                "risk signal resolved (kept in its history)".to_string()
            }
            AccountForm::Segment => {
                let seg = Segment::parse(form.get(AccountField::RunAs));
                let reason =
                    Some(form.get(AccountField::Reason).to_string()).filter(|r| !r.is_empty());
                if seg.is_some() && reason.is_none() {
                    return Err(FormError::new(
                        "Reason is required with an override",
                        Some(AccountField::Reason.label()),
                    ));
                }
                let text = match seg {
                    Some(s) => format!(
                        "Segment override: run as {} ({})",
                        s.label(),
                        reason.as_deref().unwrap_or("")
                    ),
                    None => "Segment override cleared".to_string(),
                };
                self.store.write(|tx| {
                    tx.set_segment_override(
                        &account_id,
                        seg,
                        if seg.is_some() {
                            reason.as_deref()
                        } else {
                            None
                        },
                    )?;
                    tx.log(&account_id, None, &now, "segment", &text).map(drop)
                })?;
                text
            }
        };
        self.message = Some(format!("saved: {message}"));
        self.reload_keeping_selection();
        self.load_account();
        Ok(())
    }

    fn write_brief(&mut self) {
        let Some(d) = &self.acct else { return };
        let result = (|| -> anyhow::Result<std::path::PathBuf> {
            let text = self.brief_of(d)?;
            let dir = crate::paths::export_dir(&self.cfg)?;
            let path =
                crate::io::files::safe_path_in(&dir, &format!("brief-{}", d.account.id), "md");
            crate::io::files::write_atomic(&path, text.as_bytes())?;
            Ok(path)
        })();
        self.message = Some(match result {
            Ok(p) => format!("brief written: {}", p.display()),
            Err(e) => format!("brief not written: {e:#}"),
        });
    }

    /// The pre-call brief of account `d`: what `b` writes and `y` copies.
    pub(crate) fn brief_of(&self, d: &AccountDetail) -> Result<String, crate::store::StoreError> {
        let items = self.store.open_save_items(&d.account.id)?;
        let proposal = self.store.latest_proposal_tiers(&d.account.id)?;
        let log = self.store.recent_activities(&d.account.id, 30)?;
        Ok(crate::io::brief::brief(
            d,
            &items,
            proposal.as_ref(),
            self.today,
            &self.cfg.book.cur(d.currency(&self.currency)),
            &log,
        ))
    }

    /// Opens the account pane on whatever is selected.
    pub fn show_account_pane(&mut self) {
        self.pane = Pane::Account;
        self.load_account();
    }

    pub fn account_detail(&self) -> Option<&AccountDetail> {
        self.acct.as_ref()
    }
}

fn stakeholder_form(s: Option<&Stakeholder>) -> Form {
    let pick = |v: Option<&'static str>| v.unwrap_or(NONE).to_string();
    Form::new(
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
    )
}

fn read_stakeholder(
    form: &Form,
    id: i64,
    account_id: &str,
    today: crate::domain::Date,
) -> Result<Stakeholder, FormError> {
    let last_contact = match form.get(AccountField::LastContact) {
        "" => None,
        v => Some(
            form::parse_date(v)
                .map_err(|m| FormError::new(m, Some(AccountField::LastContact.label())))?,
        ),
    };
    if last_contact.is_some_and(|d| d > today) {
        return Err(FormError::new(
            format!("Last contact cannot be in the future (today is {today})"),
            Some(AccountField::LastContact.label()),
        ));
    }
    let opt = |id: AccountField| Some(form.get(id).to_string()).filter(|v| !v.is_empty());
    Ok(Stakeholder {
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
    })
}
