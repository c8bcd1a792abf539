//! Pane 3 in the app: reads the save pane's plan and metrics from the store, hands it
//! the keys, and runs the effects it asks for (a form, a write, the export). The
//! component itself (`tui::save`) knows nothing of the app.

use crate::io::save_plan::SaveView;
use crate::store::{StoreError, StoredPlan};
use crate::tui::app::{App, FormError, FormPurpose, Overlay};
use crate::tui::form::Form;
use crate::tui::keymap::Action;
use crate::tui::save::{SaveData, SaveEffect, SaveForm, SaveWrite};

impl App {
    /// The account the save pane is about: the opened one, else the queue's selection.
    pub fn save_account(&self) -> Option<String> {
        self.focus_account_id()
    }

    pub fn save_plan_view(&self) -> Option<(StoredPlan, SaveView)> {
        self.save.plan.clone()
    }

    /// Reads the pane's plan and the save metrics from the store.
    pub fn load_save(&mut self) {
        let account = self.save_account();
        let plan = account.as_deref().and_then(|id| {
            let plan = self.store.save_plan(id).ok()??;
            let view = SaveView::build(&plan, self.today, &self.cfg);
            Some((plan, view))
        });
        let pre = match (&plan, &account) {
            (None, Some(id)) => self
                .store
                .account_detail(id, &self.cfg, self.today)
                .ok()
                .flatten()
                .and_then(|d| crate::domain::save_assessment::for_account(&d, &self.cfg.save)),
            _ => None,
        };
        let data = SaveData {
            account_name: self.current_account_name().map(str::to_string),
            account,
            plan,
            counts: self.store.save_counts(&self.cfg, self.today).ok(),
            pre,
            today: self.today,
            currency: self.currency.clone(),
        };
        self.save.set_data(data);
    }

    pub(crate) fn save_action(&mut self, action: Action) {
        if let Some(effect) = self.save.update(action, &self.cfg)
            && let Err(e) = self.run_save_effect(effect)
        {
            self.message = Some(e.to_string());
        }
    }

    pub(crate) fn submit_save_form(
        &mut self,
        form: &Form,
        kind: &SaveForm,
    ) -> Result<(), FormError> {
        let effect = self.save.read_form(kind, form, &self.cfg, self.today)?;
        self.run_save_effect(effect)?;
        Ok(())
    }

    /// Runs what the pane asked for; a failed write is returned (a form shows it, a
    /// key puts it in the footer).
    fn run_save_effect(&mut self, effect: SaveEffect) -> Result<(), StoreError> {
        match effect {
            SaveEffect::Message(m) => self.message = Some(m),
            SaveEffect::OpenForm(form, kind) => {
                self.overlay = Overlay::Form(form, FormPurpose::Save(kind))
            }
            SaveEffect::Write { write, done } => {
                self.save_write(write)?;
                self.message = Some(done);
                self.load_save();
            }
            SaveEffect::ExportCustomerPlan => self.export_save_plan(),
        }
        Ok(())
    }

    /// One change to the save plan, in one transaction.
    fn save_write(&mut self, w: SaveWrite) -> Result<(), StoreError> {
        let now = self.now_stamp();
        let today = self.today;
        let matrix = self.cfg.approval.clone();
        self.store.write(|tx| match &w {
            SaveWrite::StartPlan { account } => tx.start_save_plan(account, today, &now).map(drop),
            SaveWrite::Assess { plan, assessment } => {
                tx.set_save_assessment(*plan, assessment, &now)
            }
            SaveWrite::AddItem { plan, item } => tx.add_save_item(*plan, item, &now).map(drop),
            SaveWrite::UpdateItem { id, item } => tx.update_save_item(*id, item, &now),
            SaveWrite::DeleteItem { id } => tx.delete_save_item(*id, &now),
            SaveWrite::AddConcession { plan, concession } => {
                tx.add_save_concession(*plan, concession, &now).map(drop)
            }
            SaveWrite::ApproveConcession { id, level } => {
                tx.approve_concession(*id, level.as_str(), &matrix, &now)
            }
            SaveWrite::LogHours { plan, hours } => tx.log_save_hours(*plan, *hours, &now),
            SaveWrite::Escalate { plan, stage, brief } => {
                tx.set_escalation(*plan, stage.as_str(), brief.as_deref(), &now)
            }
            SaveWrite::CloseSaved { plan, weeks } => {
                tx.close_save_saved(*plan, today, *weeks, &now)
            }
            SaveWrite::CloseLost { plan, debrief } => {
                tx.close_save_lost(*plan, today, debrief, &now)
            }
        })
    }

    /// `x`: the customer-facing plan, written to the export folder.
    fn export_save_plan(&mut self) {
        let Some((plan, view)) = &self.save.plan else {
            return;
        };
        let written = crate::cli::export_dir(&self.cfg)
            .and_then(|d| Ok(crate::io::save_plan::export(plan, view, self.today, &d)?));
        self.message = Some(match written {
            Ok(p) => format!("customer plan written to {}", p.display()),
            Err(e) => format!("export failed: {e}"),
        });
    }
}
