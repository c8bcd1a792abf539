//! Pane 2 in the app: reads the opened account from the store into the Account
//! component, hands it the pane's keys, and runs the effects it asks for — forms,
//! messages, the pre-call brief, and the writes (each one transaction with a line in
//! the account's activity log, then the pane is read again). The component itself
//! (`tui::account`) knows nothing of the app.

use crate::domain::account_view::AccountDetail;
use crate::domain::risk::SignalKind;
use crate::store::StoreError;
use crate::tui::account::{self, AccountEffect, AccountForm, AccountWrite};
use crate::tui::app::{App, FormError, FormPurpose, Overlay};
use crate::tui::form::Form;
use crate::tui::keymap::Action;

/// Activity lines the pane reads: only as much history as it can show.
const LOG_LINES: usize = 200;

impl App {
    /// Loads the opened account (or the queue's selected one) into the pane.
    pub fn load_account(&mut self) {
        let id = self.focus_account_id();
        let detail = match id {
            Some(id) => match self.store.account_detail(&id, &self.cfg, self.today) {
                Ok(d) => d,
                Err(e) => {
                    self.message = Some(e.to_string());
                    None
                }
            },
            None => None,
        };
        let log = match &detail {
            Some(d) => self
                .store
                .recent_activities(&d.account.id, LOG_LINES)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let cur = self.cfg.book.cur(
            detail
                .as_ref()
                .map_or(self.currency.as_str(), |d| d.currency(&self.currency)),
        );
        self.acct.set_detail(detail, log, cur);
    }

    /// A key for the account pane.
    pub fn account_action(&mut self, action: Action) {
        if let Some(effect) = self.acct.update(action)
            && let Err(e) = self.run_account_effect(effect)
        {
            self.message = Some(e.to_string());
        }
    }

    /// A submitted account form: read by the component, then written. A store error
    /// keeps the form open with its message.
    pub fn submit_account_form(
        &mut self,
        form: &Form,
        kind: &AccountForm,
    ) -> Result<(), FormError> {
        let effect = self.acct.read_form(kind, form)?;
        Ok(self.run_account_effect(effect)?)
    }

    fn run_account_effect(&mut self, effect: AccountEffect) -> Result<(), StoreError> {
        match effect {
            AccountEffect::OpenForm(form, kind) => {
                self.overlay = Overlay::Form(form, FormPurpose::Account(kind))
            }
            AccountEffect::OpenMilestoneDone { form, renewal, key } => {
                self.overlay = Overlay::Form(
                    form,
                    FormPurpose::Queue(crate::tui::queue::QueueForm::MilestoneDone {
                        renewal,
                        key,
                    }),
                )
            }
            AccountEffect::Message(m) => self.message = Some(m),
            AccountEffect::WriteBrief { account_id } => self.write_brief(&account_id),
            AccountEffect::Write(w) => {
                let text = self.write_account(w)?;
                self.message = Some(format!("saved: {text}"));
                self.reload_keeping_selection();
                self.load_account();
            }
        }
        Ok(())
    }

    /// Runs one of the component's writes on the open account; returns what was
    /// done, in words.
    fn write_account(&mut self, w: AccountWrite) -> Result<String, StoreError> {
        let Some(account_id) = self.acct.detail.as_ref().map(|d| d.account.id.clone()) else {
            return Err(StoreError::Invalid("the account is no longer open".into()));
        };
        let (now, today) = (self.now_stamp(), self.today);
        let id = account_id.as_str();
        Ok(match w {
            AccountWrite::SaveStakeholder { person, text } => {
                self.store.write(|tx| {
                    if person.id == 0 {
                        tx.add_stakeholder(&person, "manual")?;
                    } else {
                        tx.update_stakeholder(&person)?;
                    }
                    tx.log(id, None, &now, "stakeholder", &text).map(drop)
                })?;
                text
            }
            AccountWrite::RemoveStakeholder { id: person, text } => {
                self.store.write(|tx| {
                    tx.delete_stakeholder(person)?;
                    tx.log(id, None, &now, "stakeholder", &text).map(drop)
                })?;
                text
            }
            AccountWrite::MarkDeparted {
                person,
                status,
                text,
            } => {
                let champion = self.store.write(|tx| {
                    let c = tx.mark_departed(&person, status, today)?;
                    tx.log(id, None, &now, "stakeholder", &text)?;
                    Ok(c)
                })?;
                if champion {
                    format!("{text} — champion lost: renewal flagged at risk")
                } else {
                    text
                }
            }
            AccountWrite::LogSignal { signal, text } => {
                self.store.write(|tx| {
                    tx.add_signal(&signal, "manual")?;
                    tx.log(id, None, &now, "risk", &text).map(drop)
                })?;
                // §11: a competitive signal switches the account to save mode at once.
                if signal.kind == SignalKind::Competitive
                    && self
                        .store
                        .save_plan(id)
                        .ok()
                        .flatten()
                        .is_none_or(|p| p.status != "open")
                {
                    let (form, kind) = account::start_save_form(&text);
                    self.overlay = Overlay::Form(Box::new(form), FormPurpose::Account(kind));
                }
                text
            }
            AccountWrite::StartSavePlan => {
                self.store.write(|tx| tx.start_save_plan(id, today, &now))?;
                "save plan started — 3 opens it, a assesses it".to_string()
            }
            AccountWrite::LogActivity {
                kind,
                note,
                renewal,
            } => {
                self.store
                    .write(|tx| tx.log(id, renewal, &now, kind.as_str(), &note).map(drop))?;
                format!("{} logged", kind.title())
            }
            AccountWrite::ResolveSignal { id: signal, on } => {
                self.store.write(|tx| tx.resolve_signal(signal, on))?;
                "risk signal resolved (kept in its history)".to_string()
            }
            AccountWrite::SetSegment {
                segment,
                reason,
                text,
            } => {
                self.store.write(|tx| {
                    tx.set_segment_override(id, segment, reason.as_deref())?;
                    tx.log(id, None, &now, "segment", &text).map(drop)
                })?;
                text
            }
        })
    }

    fn write_brief(&mut self, account_id: &str) {
        let Some(d) = self
            .acct
            .detail
            .as_ref()
            .filter(|d| d.account.id == account_id)
        else {
            return;
        };
        let result = (|| -> anyhow::Result<std::path::PathBuf> {
            let text = self.brief_of(d)?;
            let dir = crate::paths::export_dir(&self.cfg)?;
            let path = crate::io::files::safe_path_in(&dir, &format!("brief-{account_id}"), "md");
            crate::io::files::write_atomic(&path, text.as_bytes())?;
            Ok(path)
        })();
        self.message = Some(match result {
            Ok(p) => format!("brief written: {}", p.display()),
            Err(e) => format!("brief not written: {e:#}"),
        });
    }

    /// The pre-call brief of account `d`: what `b` writes and `y` copies. The detail
    /// is what the pane loaded (or the queue's selected account, read for `y`); the
    /// rest is read here, and the brief itself is the pure `io::brief::brief`.
    pub(crate) fn brief_of(&self, d: &AccountDetail) -> Result<String, StoreError> {
        let id = &d.account.id;
        let items = self.store.open_save_items(id)?;
        let proposal = self.store.latest_proposal_tiers(id)?;
        let log = self.store.recent_activities(id, 30)?;
        Ok(crate::io::brief::brief(
            d,
            &items,
            proposal.as_ref(),
            self.today,
            &self.cfg.book.cur(d.currency(&self.currency)),
            &log,
        ))
    }
}
