//! Pane 4 in the app: reads the open proposal (draft, status, approvals) from the
//! store, hands the component the keys, and runs the effects it asks for — every
//! change saved at once as a new version; acceptance moves the renewal's target value
//! and stage. The component itself (`tui::proposal`) knows nothing of the app.

use crate::domain::proposal_approval::Policy;
use crate::io::proposal_export::{DocFormat, document};
use crate::store::StoreError;
use crate::tui::app::{App, FormError, FormPurpose, Overlay};
use crate::tui::form::Form;
use crate::tui::keymap::Action;
use crate::tui::proposal::{OpenProposal, ProposalEffect, ProposalForm, ProposalWrite};
use anyhow::Context;

impl App {
    /// Reads the proposal of the account the pane is about (the opened one, else the
    /// queue's selection).
    pub fn load_proposal(&mut self) {
        let id = self.focus_account_id();
        let read = (|| -> Result<Option<OpenProposal>, StoreError> {
            let Some(id) = id else { return Ok(None) };
            let Some(d) = self.store.account_detail(&id, &self.cfg, self.today)? else {
                return Ok(None);
            };
            let Some((facts, draft)) = self.store.proposal_model(&self.cfg, &d)? else {
                return Ok(None);
            };
            Ok(Some(OpenProposal {
                account_name: d.account.name.clone(),
                renewal_id: d.row.as_ref().map(|r| r.facts.renewal_id),
                renewal_date: d.row.as_ref().and_then(|r| r.facts.renewal_date),
                facts,
                draft,
                status: self.store.proposal_status(&id)?,
                approvals: self.store.proposal_approvals(&id)?,
                tier: 1,
                currency: d.currency(&self.currency).to_string(),
                account_id: id,
            }))
        })();
        match read {
            Ok(open) => self.prop.set_open(open),
            Err(e) => {
                self.message = Some(e.to_string());
                self.prop.set_open(None);
            }
        }
    }

    pub(crate) fn proposal_action(&mut self, action: Action) {
        if let Some(effect) = self.prop.update(action, &self.cfg)
            && let Err(e) = self.run_proposal_effect(effect)
        {
            self.message = Some(e.to_string());
        }
    }

    pub(crate) fn submit_proposal_form(
        &mut self,
        form: &Form,
        kind: &ProposalForm,
    ) -> Result<(), FormError> {
        let effect = self.prop.read_form(kind, form, &self.cfg)?;
        self.run_proposal_effect(effect)?;
        Ok(())
    }

    /// Runs what the pane asked for; a failed write is returned (a form shows it, a
    /// key puts it in the footer).
    fn run_proposal_effect(&mut self, effect: ProposalEffect) -> Result<(), StoreError> {
        match effect {
            ProposalEffect::Message(m) => self.message = Some(m),
            ProposalEffect::Info { title, lines } => self.overlay = Overlay::Info { title, lines },
            ProposalEffect::OpenForm(form, kind) => {
                self.overlay = Overlay::Form(form, FormPurpose::Proposal(kind))
            }
            ProposalEffect::Write(w) => self.proposal_write(w)?,
            ProposalEffect::Export => self.export_proposal(),
        }
        Ok(())
    }

    /// One change to the open proposal, in one transaction; then the pane re-reads it.
    fn proposal_write(&mut self, w: ProposalWrite) -> Result<(), StoreError> {
        let Some(p) = self.prop.open.clone() else {
            return Ok(());
        };
        let now = self.now_stamp();
        let today = self.today;
        let policy = Policy::from_config(&self.cfg);
        let (id, rid) = (p.account_id.as_str(), p.renewal_id);
        // Status and acceptance are recorded on a saved proposal: the first one saves
        // the draft as shown.
        let saved = |tx: &crate::store::Tx| -> Result<(), StoreError> {
            if !tx.proposal_exists(id)? {
                tx.save_proposal(id, rid, &p.draft, &now)?;
            }
            Ok(())
        };
        match w {
            ProposalWrite::SaveDraft { draft, what } => {
                let written = self.store.write(|tx| {
                    let v = tx.save_proposal(id, rid, &draft, &now)?;
                    tx.log(id, rid, &now, "proposal", &format!("Proposal v{v}: {what}"))?;
                    Ok(v)
                });
                // A version that cannot be saved is said in the footer; the form closes.
                match written {
                    Ok(v) => self.message = Some(format!("saved v{v}: {what}")),
                    Err(e) => {
                        self.message = Some(e.to_string());
                        return Ok(());
                    }
                }
            }
            ProposalWrite::SetStatus(status) => {
                self.store.write(|tx| {
                    saved(tx)?;
                    tx.set_proposal_status(id, &status)?;
                    let what = format!("Proposal marked {status}");
                    tx.log(id, rid, &now, "proposal", &what).map(drop)
                })?;
                self.message = Some(format!("saved: proposal marked {status}"));
            }
            ProposalWrite::Accept { tier, first_year } => {
                let cur = self.cfg.book.cur(&p.currency);
                self.store.write(|tx| {
                    saved(tx)?;
                    tx.accept_proposal(id, tier, first_year, today, &policy)?;
                    let what = format!(
                        "Accepted {} at {} a year",
                        tier.label(),
                        first_year.format(&cur)
                    );
                    tx.log(id, rid, &now, "proposal", &what).map(drop)
                })?;
                self.message = Some(format!(
                    "saved: {} accepted — target and stage updated",
                    tier.label()
                ));
                self.reload_keeping_selection();
            }
            ProposalWrite::Approve { tier, level, by } => {
                self.store.write(|tx| {
                    tx.approve_tier(id, rid, &p.draft, tier, level, &by, today, &policy)
                })?;
                self.message = Some(format!(
                    "saved: {} approved by {} ({})",
                    tier.label(),
                    crate::domain::text::inert(&by),
                    level.label()
                ));
            }
        }
        self.load_proposal();
        Ok(())
    }

    /// `x`: the customer documents (Markdown, HTML, e-mail text) in the export folder.
    fn export_proposal(&mut self) {
        let Some(p) = self.prop.open.as_ref() else {
            return;
        };
        let result = (|| -> anyhow::Result<std::path::PathBuf> {
            let dir = crate::paths::export_dir(&self.cfg)?;
            let mut last = dir.clone();
            for (fmt, ext) in [
                (DocFormat::Md, "md"),
                (DocFormat::Html, "html"),
                (DocFormat::Txt, "txt"),
            ] {
                let path = crate::io::files::safe_path_in(
                    &dir,
                    &format!("proposal-{}", p.account_id),
                    ext,
                );
                let text = document(&p.source(), &self.cfg, self.today, fmt, false)?;
                crate::io::files::write_atomic(&path, text.as_bytes())
                    .with_context(|| format!("{}: cannot write the proposal", path.display()))?;
                last = path;
            }
            Ok(last.with_extension("md"))
        })();
        self.message = Some(match result {
            Ok(path) => format!("proposal written: {} (+ .html, .txt)", path.display()),
            // The refusal names each missing approval; the status line shows it as one line.
            Err(e) => format!("{e:#}").replace('\n', " "),
        });
    }

    /// The proposal's e-mail text for `y`, through the same approvals check as `x`.
    pub(crate) fn proposal_text(&self) -> Result<String, String> {
        if let Some(why) = self.prop.export_blocked(&self.cfg) {
            return Err(why);
        }
        let p = self.prop.open.as_ref().ok_or("no proposal open")?;
        document(&p.source(), &self.cfg, self.today, DocFormat::Txt, false)
            .map_err(|e| format!("{e:#}").replace('\n', " "))
    }
}
