//! The pane's state and the one place keys change it: `AccountPane::update`.

use super::forms::{self, AccountForm};
use super::{AccountEffect, PANELS, PEOPLE};
use crate::domain::Date;
use crate::domain::account_view::AccountDetail;
use crate::domain::book::Stakeholder;
use crate::domain::money::Cur;
use crate::tui::form::{Form, FormError};
use crate::tui::keymap::Action;
use crate::tui::panel::Panels;

/// What the pane shows about the opened account, and where the user is in it.
#[derive(Clone, Debug)]
pub struct AccountPane {
    /// The account as the host last read it (`None`: no account open).
    pub detail: Option<AccountDetail>,
    /// Its latest activity lines, newest first: (timestamp, kind, summary).
    pub log: Vec<(String, String, String)>,
    /// The selected person in the stakeholder map.
    pub sel: usize,
    /// Panel focus, scroll and zoom.
    pub panels: Panels,
    /// The currency its money is shown in.
    pub cur: Cur,
    pub today: Date,
    /// Days without contact after which a person is stale (`[stakeholders]`).
    pub stale_days: i64,
    /// Whose detail the panels were last scrolled in (another account starts at top).
    shown: Option<String>,
}

impl AccountPane {
    pub fn new(today: Date, stale_days: i64) -> AccountPane {
        AccountPane {
            detail: None,
            log: Vec::new(),
            sel: 0,
            panels: Panels::new(PANELS),
            cur: Cur::default(),
            today,
            stale_days,
            shown: None,
        }
    }

    /// Takes in what the host read. The selection stays within the people; another
    /// account starts at the top of every panel (focus stays where it was).
    pub fn set_detail(
        &mut self,
        detail: Option<AccountDetail>,
        log: Vec<(String, String, String)>,
        cur: Cur,
    ) {
        let n = detail.as_ref().map_or(0, |d| d.stakeholders.len());
        self.sel = self.sel.min(n.saturating_sub(1));
        let now = detail.as_ref().map(|d| d.account.id.clone());
        if now != self.shown {
            self.panels.reset();
            self.shown = now;
        }
        self.detail = detail;
        self.log = log;
        self.cur = cur;
    }

    pub fn selected_person(&self) -> Option<&Stakeholder> {
        self.detail.as_ref()?.stakeholders.get(self.sel)
    }

    /// Applies `action`; returns what the host must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<AccountEffect> {
        // Panels move whether or not an account is open.
        match action {
            Action::FocusNext => self.panels.next(),
            Action::FocusPrev => self.panels.prev(),
            Action::Back => self.panels.zoom = false,
            _ => return self.account_key(action),
        }
        None
    }

    /// A key about the open account (the people, the panels' scroll, the forms).
    fn account_key(&mut self, action: Action) -> Option<AccountEffect> {
        let Some(d) = &self.detail else {
            return Some(AccountEffect::Message(
                "no account open — Enter on a queue row, or Ctrl-P".into(),
            ));
        };
        let n = d.stakeholders.len();
        let people = self.panels.focus == PEOPLE;
        let open =
            |(form, kind): (Form, AccountForm)| Some(AccountEffect::OpenForm(Box::new(form), kind));
        match action {
            // j/k move through the people when that panel has focus, and scroll
            // whichever other panel has it.
            Action::Down if people => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::Up if people => self.sel = self.sel.saturating_sub(1),
            Action::Top if people => self.sel = 0,
            Action::Bottom if people => self.sel = n.saturating_sub(1),
            a if self.panels.takes(a) => {
                self.panels.navigate(a);
            }
            Action::ResolveSignal => {
                return match forms::resolve_form(d, self.today) {
                    Some(f) => open(f),
                    None => Some(AccountEffect::Message(
                        "no open risk signal to resolve".into(),
                    )),
                };
            }
            Action::AddStakeholder => return open(forms::stakeholder_form(d, None)),
            Action::EditStakeholder => {
                return open(forms::stakeholder_form(d, Some(self.selected_person()?)));
            }
            Action::RemoveStakeholder => {
                return open(forms::remove_form(d, self.selected_person()?));
            }
            Action::MarkDeparted => return open(forms::departed_form(self.selected_person()?)),
            Action::LogSignal => return open(forms::signal_form(d, self.today)),
            Action::EditSegment => return open(forms::segment_form(d)),
            Action::AccountNote => return open(forms::activity_form(d)),
            Action::WriteBrief => {
                return Some(AccountEffect::WriteBrief {
                    account_id: d.account.id.clone(),
                });
            }
            Action::AccountMilestoneDone => {
                return Some(match forms::milestone_form(d) {
                    Some((form, renewal, key)) => AccountEffect::OpenMilestoneDone {
                        form: Box::new(form),
                        renewal,
                        key,
                    },
                    None => AccountEffect::Message("no open playbook step on this renewal".into()),
                });
            }
            _ => {}
        }
        None
    }

    /// Reads a submitted form of `kind` into the write it asks for; a `FormError`
    /// names the field to fix.
    pub fn read_form(&self, kind: &AccountForm, form: &Form) -> Result<AccountEffect, FormError> {
        let d = self
            .detail
            .as_ref()
            .ok_or_else(|| FormError::new("the account is no longer open", None))?;
        forms::read(kind, form, d, self.today)
    }
}
