//! Adding an account by hand (`:new`, `+` in the queue): for a CSM without a CRM
//! export. The rules are the domain's (`domain::new_account`), enforced again by the
//! store, which refuses an id that exists; this form only asks.

use crate::domain::new_account::{self, NewAccountText};
use crate::domain::renewal::Stage;
use crate::tui::app::{App, FormError};
use crate::tui::form::{Field, FieldId, Form, Kind};
use crate::tui::queue::{QueueField, QueueForm};

impl App {
    pub(crate) fn open_new_account_form(&mut self) {
        let stages: Vec<String> = Stage::OPEN.iter().map(|s| s.as_str().to_string()).collect();
        let labels = Stage::OPEN.iter().map(|s| s.title().into_owned()).collect();
        let form = Form::new(
            "New account",
            vec![
                Field::new(QueueField::Id, Kind::Text)
                    .required()
                    .help("Your CRM's id, or any short code; it cannot change later"),
                Field::new(QueueField::Name, Kind::Text).required(),
                Field::new(QueueField::Arr, Kind::Money).required(),
                Field::new(QueueField::RenewalDate, Kind::Date).required(),
                Field::new(QueueField::Owner, Kind::Text).value(self.cfg.user.name.clone()),
                Field::new(QueueField::Health, Kind::Integer { min: 0, max: 100 })
                    .help("0–100; empty when you have no score"),
                Field::new(QueueField::Stage, Kind::Choice(stages)).labels(labels),
                Field::new(QueueField::Currency, Kind::Text).value(self.currency.clone()),
            ],
        )
        .with_note("Adds the account and its open renewal; u undoes");
        self.open_queue_form(form, QueueForm::NewAccount);
    }

    pub(crate) fn submit_new_account(&mut self, form: &Form) -> Result<(), FormError> {
        let opt = |id: QueueField| Some(form.get(id)).filter(|v| !v.is_empty());
        let text = NewAccountText {
            id: form.get(QueueField::Id),
            name: form.get(QueueField::Name),
            arr: form.get(QueueField::Arr),
            renewal: form.get(QueueField::RenewalDate),
            owner: opt(QueueField::Owner),
            health: opt(QueueField::Health),
            stage: opt(QueueField::Stage),
            currency: opt(QueueField::Currency),
        };
        let account = new_account::read(&text, self.today, &self.cfg.book).map_err(|e| {
            // Each problem starts with the field's name: focus the first one.
            let field = match e.split(':').next().unwrap_or("").trim() {
                "name" => QueueField::Name,
                "arr" => QueueField::Arr,
                "renewal" => QueueField::RenewalDate,
                "health" => QueueField::Health,
                "stage" => QueueField::Stage,
                "currency" => QueueField::Currency,
                _ => QueueField::Id,
            };
            FormError::new(e.replace('\n', "; "), Some(field.label()))
        })?;
        let now = self.now_stamp();
        let (cfg, today) = (self.cfg.clone(), self.today);
        self.store
            .add_account(&account, &cfg, today, &now)
            .map_err(|e| FormError::new(e.to_string(), Some(QueueField::Id.label())))?;
        self.step_label(&format!("account {} added", account.id));
        self.reload_keeping_selection();
        self.names.stale();
        // Show it where it landed, when the window shows it.
        self.queue.select_account(&account.id);
        self.message = Some(format!(
            "added {} ({}) — u undoes, Enter opens it",
            crate::domain::text::inert(&account.name),
            crate::domain::text::inert(&account.id)
        ));
        Ok(())
    }
}
