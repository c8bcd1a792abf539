//! The save pane's state — the plan and metrics the host read, the selected item, the
//! quick-fix toggle — and what each key asks for.

use super::SaveEffect;
use super::forms::{self, SaveForm};
use crate::domain::Date;
use crate::domain::book::SaveItem;
use crate::domain::config::Config;
use crate::domain::save::ItemStatus;
use crate::domain::save_assessment::PreAssessment;
use crate::domain::save_plan::{SaveCounts, StoredPlan};
use crate::io::save_plan::SaveView;
use crate::tui::form::{Form, FormError};
use crate::tui::keymap::Action;
use crate::tui::panel::Panels;

/// The pane's panels, top to bottom (Tab order).
pub const ASSESSMENT: usize = 0;
pub const ITEMS: usize = 1;
pub const CONCESSIONS: usize = 2;
pub const PANELS: usize = 3;

/// Everything the save pane shows and remembers. The host fills the data with
/// [`SavePane::set_data`]; drawing a frame reads only this, never the database.
#[derive(Clone, Debug)]
pub struct SavePane {
    /// The account the pane is about (the opened one, else the queue's selection).
    pub account: Option<String>,
    /// Its name, when the account was opened (shown while it has no plan).
    pub account_name: Option<String>,
    /// The account's plan and what follows from it.
    pub plan: Option<(StoredPlan, SaveView)>,
    /// Book-wide counts behind the save metrics line.
    pub counts: Option<SaveCounts>,
    /// With no plan yet: the assessment a plan would start from.
    pub pre: Option<PreAssessment>,
    /// Position in the ordered item list.
    pub selected: usize,
    /// Only the top three items, with whether each is fixable within 72 h.
    pub quick_fix: bool,
    /// The day the data was read for (overdue deadlines, the 72 h check).
    pub today: Date,
    /// The book's currency (saved revenue in the metrics line).
    pub currency: String,
    /// Which panel has focus, how far each is scrolled, whether one fills the pane.
    /// j/k move the item selection while the plan's items have focus.
    pub panels: Panels,
}

impl Default for SavePane {
    fn default() -> SavePane {
        SavePane {
            account: None,
            account_name: None,
            plan: None,
            counts: None,
            pre: None,
            selected: 0,
            quick_fix: false,
            today: Date::default(),
            currency: String::new(),
            panels: Panels {
                focus: ITEMS,
                ..Panels::new(PANELS)
            },
        }
    }
}

/// What the host read for the pane.
pub struct SaveData {
    pub account: Option<String>,
    pub account_name: Option<String>,
    pub plan: Option<(StoredPlan, SaveView)>,
    pub counts: Option<SaveCounts>,
    pub pre: Option<PreAssessment>,
    pub today: Date,
    pub currency: String,
}

impl SavePane {
    /// Takes in freshly read data; the selection stays on a row that exists.
    pub fn set_data(&mut self, d: SaveData) {
        // Another account starts at the top of every panel (focus stays where it was).
        if d.account != self.account {
            self.panels.reset();
        }
        self.account = d.account;
        self.account_name = d.account_name;
        self.plan = d.plan;
        self.counts = d.counts;
        self.pre = d.pre;
        self.today = d.today;
        self.currency = d.currency;
        self.move_by(0);
    }

    /// Whether the pane shows its panels (it has a plan); without, it is one page of
    /// text and Tab moves on to the next pane.
    pub fn has_panels(&self) -> bool {
        self.plan.is_some()
    }

    /// Moves the item selection, clamped to the list.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.plan.as_ref().map_or(0, |(p, _)| p.items.len());
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, n as isize - 1) as usize;
    }

    /// The selected item: its row id and the item.
    fn selected_item(&self) -> Option<(i64, SaveItem)> {
        let (plan, view) = self.plan.as_ref()?;
        view.order
            .get(self.selected)
            .map(|&i| plan.items[i].clone())
    }

    /// One key of the pane.
    pub fn update(&mut self, action: Action, cfg: &Config) -> Option<SaveEffect> {
        if self.navigate(action) {
            return None;
        }
        let msg = |m: &str| Some(SaveEffect::Message(m.into()));
        let Some(account) = self.account.clone() else {
            return msg("no account selected — pick one in the queue");
        };
        if action == Action::SaveStart {
            return Some(SaveEffect::Write {
                write: super::SaveWrite::StartPlan { account },
                done: "save plan started — press a to assess it".into(),
            });
        }
        let Some((plan, view)) = &self.plan else {
            return msg("no save plan yet — press S to start one");
        };
        let open = |form: Form, kind: SaveForm| Some(SaveEffect::OpenForm(Box::new(form), kind));
        let selected = self.selected_item();
        match action {
            Action::SaveAssess => open(forms::assess_form(plan), SaveForm::Assess(plan.id)),
            Action::SaveAddItem => open(
                forms::item_form(None, &SaveItem::default()),
                SaveForm::Item(plan.id, None),
            ),
            Action::SaveEditItem => match selected {
                Some((id, it)) => open(
                    forms::item_form(Some(id), &it),
                    SaveForm::Item(plan.id, Some(id)),
                ),
                None => msg("no item selected"),
            },
            Action::SaveDeleteItem => match selected {
                Some((id, it)) => open(forms::delete_form(&it), SaveForm::Delete(id)),
                None => msg("no item selected"),
            },
            Action::SaveCycleStatus => {
                let Some((id, mut item)) = selected else {
                    return msg("no item selected");
                };
                let next = ItemStatus::parse(&item.status)
                    .unwrap_or(ItemStatus::Open)
                    .cycle();
                item.status = next.as_str().into();
                Some(SaveEffect::Write {
                    write: super::SaveWrite::UpdateItem { id, item },
                    done: format!("status: {}", next.label()),
                })
            }
            Action::SaveQuickFix => {
                self.quick_fix = !self.quick_fix;
                None
            }
            Action::SaveAddConcession => {
                open(forms::concession_form(), SaveForm::Concession(plan.id))
            }
            Action::SaveApprove => match forms::approve_form(plan) {
                Some(f) => open(f, SaveForm::Approve(plan.id)),
                None => msg("no concessions to approve"),
            },
            Action::SaveLogHours => open(forms::hours_form(plan), SaveForm::LogHours(plan.id)),
            Action::SaveEscalate => match forms::escalate_form(plan, view, cfg) {
                Some(f) => open(f, SaveForm::Escalate(plan.id)),
                None => msg("escalation already closed"),
            },
            Action::SaveExport => Some(SaveEffect::ExportCustomerPlan),
            Action::SaveClose => open(forms::close_form(cfg), SaveForm::Close(plan.id)),
            _ => None,
        }
    }

    /// Moving between and within the panels; whether `action` was one of those.
    fn navigate(&mut self, action: Action) -> bool {
        use Action::*;
        let nav = matches!(
            action,
            FocusNext | FocusPrev | Open | Zoom | Down | Up | PageDown | PageUp | Top | Bottom
        ) || (action == Back && self.panels.zoom);
        // With no panels on screen the moving keys do nothing, as they always did here.
        if !nav || !self.has_panels() {
            return nav;
        }
        let p = &mut self.panels;
        let items = p.focus == ITEMS;
        let page = 10;
        match action {
            Action::FocusNext => p.next(),
            Action::FocusPrev => p.prev(),
            Action::Open | Action::Zoom => p.zoom = !p.zoom,
            Action::Back if p.zoom => p.zoom = false,
            Action::Down if items => self.move_by(1),
            Action::Up if items => self.move_by(-1),
            Action::PageDown if items => self.move_by(page),
            Action::PageUp if items => self.move_by(-page),
            Action::Top if items => self.move_by(isize::MIN / 2),
            Action::Bottom if items => self.move_by(isize::MAX / 2),
            Action::Down => p.scroll_by(1),
            Action::Up => p.scroll_by(-1),
            Action::PageDown => p.scroll_by(page as i32),
            Action::PageUp => p.scroll_by(-page as i32),
            Action::Top => p.top(),
            Action::Bottom => p.bottom(),
            _ => {}
        }
        true
    }

    /// Reads a submitted form into what it asks for.
    pub fn read_form(
        &self,
        kind: &SaveForm,
        form: &Form,
        cfg: &Config,
        today: Date,
    ) -> Result<SaveEffect, FormError> {
        match kind {
            SaveForm::Assess(plan) => forms::read_assess(*plan, form),
            SaveForm::Item(plan, id) => {
                let old_status = id
                    .and_then(|i| {
                        let (p, _) = self.plan.as_ref()?;
                        p.items.iter().find(|(x, _)| *x == i)
                    })
                    .map_or("open".to_string(), |(_, it)| it.status.clone());
                forms::read_item(*plan, *id, old_status, form, today)
            }
            SaveForm::Concession(plan) => forms::read_concession(*plan, form, cfg),
            SaveForm::Approve(_) => {
                let (plan, _) = self
                    .plan
                    .as_ref()
                    .ok_or_else(|| FormError::new("the plan is gone", None))?;
                forms::read_approve(plan, form, cfg)
            }
            SaveForm::Delete(id) => Ok(forms::read_delete(*id, form)),
            SaveForm::LogHours(plan) => Ok(forms::read_hours(*plan, form)),
            SaveForm::Escalate(plan) => forms::read_escalate(*plan, form),
            SaveForm::Close(plan) => forms::read_close(*plan, form),
        }
    }
}
