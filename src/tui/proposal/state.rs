//! The proposal pane's state — the open proposal as the host read it, the selected
//! option — and what each key asks for.

use super::forms::{self, ProposalForm};
use super::{ProposalEffect, ProposalWrite};
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::proposal::TierPrice;
use crate::domain::proposal_approval::{self as rule, Approval, Missing, Policy};
use crate::domain::proposal_rules::{self, Draft, ProposalFacts, ProposalStatus, TierName};
use crate::domain::text::inert;
use crate::io::proposal_export::ProposalSource;
use crate::tui::form::{Form, FormError};
use crate::tui::keymap::Action;
use crate::tui::panel::Panels;

/// The proposal being worked on: the account's open renewal, its draft as saved (or
/// made from the account's data), and the approvals recorded on it.
#[derive(Clone, Debug)]
pub struct OpenProposal {
    pub account_id: String,
    pub account_name: String,
    pub renewal_id: Option<i64>,
    pub renewal_date: Option<Date>,
    pub facts: ProposalFacts,
    pub draft: Draft,
    pub status: Option<ProposalStatus>,
    pub approvals: Vec<Approval>,
    /// The selected option: 0 Good, 1 Better, 2 Best.
    pub tier: usize,
    /// The renewal's currency: prices are shown in it.
    pub currency: String,
}

impl OpenProposal {
    /// Prices and warnings, recomputed from the draft (pure arithmetic, microseconds).
    pub fn priced(&self, cfg: &Config) -> ([TierPrice; 3], Vec<String>) {
        (
            proposal_rules::price_all(&self.facts, &self.draft, cfg),
            proposal_rules::warnings(&self.facts, &self.draft, cfg),
        )
    }

    /// The approvals an option's discount needs and nobody has recorded.
    pub fn missing(&self, cfg: &Config) -> Vec<Missing> {
        rule::missing(&self.draft, &self.approvals, &Policy::from_config(cfg))
    }

    /// What the customer documents are made from.
    pub fn source(&self) -> ProposalSource<'_> {
        ProposalSource {
            account_name: &self.account_name,
            account_id: &self.account_id,
            currency: &self.currency,
            renewal_date: self.renewal_date,
            facts: &self.facts,
            draft: &self.draft,
            approvals: &self.approvals,
        }
    }
}

/// The pane's panels, top to bottom (Tab order).
pub const OPTIONS: usize = 0;
pub const RULES: usize = 1;
pub const APPROVALS: usize = 2;
pub const PANELS: usize = 3;

/// Everything the proposal pane shows and remembers.
#[derive(Clone, Debug)]
pub struct ProposalPane {
    /// `None`: no open renewal to propose for.
    pub open: Option<OpenProposal>,
    /// Which panel has focus, how far each is scrolled, whether one fills the pane.
    pub panels: Panels,
}

impl Default for ProposalPane {
    fn default() -> ProposalPane {
        ProposalPane {
            open: None,
            panels: Panels::new(PANELS),
        }
    }
}

impl ProposalPane {
    /// Takes in a freshly read proposal; the same account keeps its selected option,
    /// another starts on Better.
    pub fn set_open(&mut self, mut open: Option<OpenProposal>) {
        // Another account starts at the top of every panel (focus stays where it was).
        let account = |o: &Option<OpenProposal>| o.as_ref().map(|p| p.account_id.clone());
        if account(&open) != account(&self.open) {
            self.panels.reset();
        }
        if let Some(p) = open.as_mut() {
            p.tier = self
                .open
                .as_ref()
                .filter(|old| old.account_id == p.account_id)
                .map_or(1, |old| old.tier);
        }
        self.open = open;
    }

    /// Whether the pane shows its panels (a proposal is open); without, it is one line
    /// of text and Tab moves on to the next pane.
    pub fn has_panels(&self) -> bool {
        self.open.is_some()
    }

    /// Why `x` (or `y`) may not hand the customer documents out yet, in the pane's
    /// words; `None` when every option has the approval it needs.
    pub fn export_blocked(&self, cfg: &Config) -> Option<String> {
        let missing = self.open.as_ref()?.missing(cfg);
        if missing.is_empty() {
            return None;
        }
        let what: Vec<String> = missing.iter().map(|m| m.short()).collect();
        Some(format!(
            "not exported: {} — select it and press a to record who approved (runway proposal --draft writes an internal copy)",
            what.join("; ")
        ))
    }

    /// One key of the pane.
    pub fn update(&mut self, action: Action, cfg: &Config) -> Option<ProposalEffect> {
        if self.navigate(action) {
            return None;
        }
        let blocked = self.export_blocked(cfg);
        let Some(p) = self.open.as_mut() else {
            return Some(ProposalEffect::Message(
                "no open renewal to propose for — Enter on a queue row, or Ctrl-P".into(),
            ));
        };
        let open =
            |form: Form, kind: ProposalForm| Some(ProposalEffect::OpenForm(Box::new(form), kind));
        let i = p.tier;
        match action {
            Action::TierLeft => p.tier = p.tier.saturating_sub(1),
            Action::TierRight => p.tier = (p.tier + 1).min(2),
            Action::Recommend => {
                let mut draft = p.draft.clone();
                draft.recommended = TierName::ALL[i];
                return Some(ProposalEffect::Write(ProposalWrite::SaveDraft {
                    draft: Box::new(draft),
                    what: "recommended option changed".into(),
                }));
            }
            Action::ToggleBundle => {
                let mut draft = p.draft.clone();
                draft.bundled = !draft.bundled;
                let what = if draft.bundled {
                    "expansion bundled with the renewal"
                } else {
                    "expansion as separate tracks"
                };
                return Some(ProposalEffect::Write(ProposalWrite::SaveDraft {
                    draft: Box::new(draft),
                    what: what.into(),
                }));
            }
            Action::EditTier => return open(forms::tier_form(p, i), ProposalForm::Tier(i)),
            Action::SetProposalStatus => return open(forms::status_form(p), ProposalForm::Status),
            Action::AcceptTier => {
                return open(forms::accept_form(p, i, cfg), ProposalForm::Accept(i));
            }
            Action::ValueFraming => {
                return open(forms::framing_form(p, cfg), ProposalForm::Framing);
            }
            Action::ApproveTier => {
                return match forms::approve_form(p, i, cfg) {
                    Ok(f) => open(f, ProposalForm::Approve(i)),
                    Err(why) => Some(ProposalEffect::Message(why)),
                };
            }
            Action::ExportProposal => {
                return Some(match blocked {
                    Some(why) => ProposalEffect::Message(why),
                    None => ProposalEffect::Export,
                });
            }
            Action::RulesInFull => return Some(rules_in_full(p, cfg)),
            _ => {}
        }
        None
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
        match action {
            Action::FocusNext => p.next(),
            Action::FocusPrev => p.prev(),
            Action::Open | Action::Zoom => p.zoom = !p.zoom,
            Action::Back if p.zoom => p.zoom = false,
            Action::Down => p.scroll_by(1),
            Action::Up => p.scroll_by(-1),
            Action::PageDown => p.scroll_by(10),
            Action::PageUp => p.scroll_by(-10),
            Action::Top => p.top(),
            Action::Bottom => p.bottom(),
            _ => {}
        }
        true
    }

    /// Reads a submitted form into what it asks for.
    pub fn read_form(
        &self,
        kind: &ProposalForm,
        form: &Form,
        cfg: &Config,
    ) -> Result<ProposalEffect, FormError> {
        let p = self
            .open
            .as_ref()
            .ok_or_else(|| FormError::new("the proposal is no longer open", None))?;
        match kind {
            ProposalForm::Tier(i) => forms::read_tier(p, *i, form),
            ProposalForm::Framing => Ok(forms::read_framing(p, form)),
            ProposalForm::Status => Ok(forms::read_status(form)),
            ProposalForm::Accept(i) => Ok(forms::read_accept(p, *i, form, cfg)),
            ProposalForm::Approve(i) => forms::read_approve(*i, form),
        }
    }
}

/// `w`: every rule warning and the approvals, in a popup that wraps them whole.
fn rules_in_full(p: &OpenProposal, cfg: &Config) -> ProposalEffect {
    let (_, warnings) = p.priced(cfg);
    let missing = p.missing(cfg);
    let mut lines: Vec<String> = warnings.iter().map(|w| format!("! {w}")).collect();
    if warnings.is_empty() {
        lines.push("✓ no rule warnings".into());
    }
    lines.push(String::new());
    for m in &missing {
        lines.push(format!("✗ {}", m.reason()));
    }
    for a in &p.approvals {
        lines.push(approval_line(a));
    }
    if missing.is_empty() && p.approvals.is_empty() {
        lines.push("No approval needed beyond your own level.".into());
    }
    ProposalEffect::Info {
        title: format!("Rules — {}", inert(&p.account_name)),
        lines,
    }
}

/// One recorded approval, as the rules popup and the approvals panel show it.
pub(super) fn approval_line(a: &Approval) -> String {
    format!(
        "✓ {} approved by {} ({}) on {}, up to {:.2}% off",
        a.tier.label(),
        a.by,
        a.level.label(),
        a.on,
        a.discount_bp as f64 / 100.0
    )
}
