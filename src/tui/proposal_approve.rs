//! The proposal pane's approvals (issue 12): record who approved an option and at
//! which level, and show every rule warning in full. The rule itself is
//! `domain::proposal_approval`, enforced by the store when the approval is written.

use super::app::{App, FormError, FormPurpose, Overlay};
use super::form::{Field, FieldId, Form, Kind};
use super::proposal_actions::ProposalField;
use super::proposal_actions::ProposalForm;
use crate::domain::approval::ApproverLevel;
use crate::domain::proposal_approval::{self as rule, Policy};
use crate::domain::proposal_rules::TierName;
use crate::domain::text::inert;

impl App {
    /// `a`: the approval form for the selected option, its level preset to what the
    /// option's discount needs.
    pub fn open_approval_form(&mut self) {
        let Some(p) = &self.prop else { return };
        let i = p.tier;
        let bp = p.draft.tiers[i].discount_bp;
        let policy = Policy::from_config(&self.cfg);
        let Some(needs) = policy.needs(bp) else {
            self.message = Some(format!(
                "{} needs no approval beyond your own ({})",
                TierName::ALL[i].label(),
                policy.user_level.label()
            ));
            return;
        };
        let levels = ApproverLevel::ALL
            .iter()
            .map(|l| l.as_str().to_string())
            .collect();
        let f = Form::new(
            "Record an approval",
            vec![
                Field::new(ProposalField::ApprovedBy, Kind::Text)
                    .help("Who approved it (their name)"),
                Field::new(ProposalField::Level, Kind::Choice(levels))
                    .value(needs.as_str().to_string())
                    .help("Their approval level; it must be at least what the discount needs"),
            ],
        )
        .with_note(format!(
            "{} for {}: {:.2}% off needs {} approval. Recorded with today's date.",
            TierName::ALL[i].label(),
            inert(&p.account_name),
            bp as f64 / 100.0,
            needs.label()
        ));
        self.overlay = Overlay::Form(Box::new(f), FormPurpose::Proposal(ProposalForm::Approve(i)));
    }

    pub fn submit_approval(&mut self, form: &Form, i: usize) -> Result<(), FormError> {
        let p = self
            .prop
            .clone()
            .ok_or_else(|| FormError::new("the proposal is no longer open", None))?;
        let by = form.get(ProposalField::ApprovedBy).trim().to_string();
        if by.is_empty() {
            return Err(FormError::new(
                "who approved it?",
                Some(ProposalField::ApprovedBy.label()),
            ));
        }
        let level = ApproverLevel::parse(form.get(ProposalField::Level))
            .ok_or_else(|| FormError::new("pick a level", Some(ProposalField::Level.label())))?;
        let tier = TierName::ALL[i];
        let policy = Policy::from_config(&self.cfg);
        let today = self.today;
        self.store.write(|tx| {
            tx.approve_tier(
                &p.account_id,
                p.renewal_id,
                &p.draft,
                tier,
                level,
                &by,
                today,
                &policy,
            )
        })?;
        self.message = Some(format!(
            "saved: {} approved by {} ({})",
            tier.label(),
            inert(&by),
            level.label()
        ));
        self.load_proposal();
        Ok(())
    }

    /// Why `x` may not write the customer documents yet, in the pane's words.
    pub fn export_blocked(&self) -> Option<String> {
        let p = self.prop.as_ref()?;
        let approvals = self.store.proposal_approvals(&p.account_id).ok()?;
        let missing = rule::missing(&p.draft, &approvals, &Policy::from_config(&self.cfg));
        if missing.is_empty() {
            return None;
        }
        let what: Vec<String> = missing.iter().map(|m| m.short()).collect();
        Some(format!(
            "not exported: {} — select it and press a to record who approved (runway proposal --draft writes an internal copy)",
            what.join("; ")
        ))
    }

    /// `w`: every rule warning and the approvals, in a popup that wraps them whole.
    pub fn show_rules_in_full(&mut self) {
        let Some(p) = &self.prop else { return };
        let (_, warnings) = p.priced(&self.cfg);
        let approvals = self
            .store
            .proposal_approvals(&p.account_id)
            .unwrap_or_default();
        let missing = rule::missing(&p.draft, &approvals, &Policy::from_config(&self.cfg));
        let mut lines: Vec<String> = warnings.iter().map(|w| format!("! {w}")).collect();
        if warnings.is_empty() {
            lines.push("✓ no rule warnings".into());
        }
        lines.push(String::new());
        for m in &missing {
            lines.push(format!("✗ {}", m.reason()));
        }
        for a in &approvals {
            lines.push(format!(
                "✓ {} approved by {} ({}) on {}, up to {:.2}% off",
                a.tier.label(),
                a.by,
                a.level.label(),
                a.on,
                a.discount_bp as f64 / 100.0
            ));
        }
        if missing.is_empty() && approvals.is_empty() {
            lines.push("No approval needed beyond your own level.".into());
        }
        self.overlay = Overlay::Info {
            title: format!("Rules — {}", inert(&p.account_name)),
            lines,
        };
    }
}
