//! The proposal component alone: keys and forms in, effects out, no store.

use super::*;
use crate::domain::config::Config;
use crate::domain::proposal_approval::Approval;
use crate::domain::proposal_rules::{ProposalFacts, draft};
use crate::tui::form::{FieldId, FormError};
use crate::tui::keymap::Action;

fn facts() -> ProposalFacts {
    ProposalFacts {
        arr: Money::from_major(15_000),
        healthy: true,
        expansion_ahead: true,
        ..Default::default()
    }
}

fn open_on(account: &str) -> OpenProposal {
    let cfg = Config::default();
    OpenProposal {
        account_id: account.into(),
        account_name: "Acme".into(),
        renewal_id: Some(3),
        renewal_date: None,
        facts: facts(),
        draft: draft(&facts(), &cfg),
        status: None,
        approvals: Vec::new(),
        tier: 0,
        currency: "USD".into(),
    }
}

fn pane() -> ProposalPane {
    let mut s = ProposalPane::default();
    s.set_open(Some(open_on("A-1")));
    s
}

/// Gives option `i` a discount above the user's own level (the default matrix).
fn discounted(s: &mut ProposalPane, i: usize) {
    s.open.as_mut().unwrap().draft.tiers[i].discount_bp = 3_000;
}

fn opened(e: Option<ProposalEffect>) -> (Form, ProposalForm) {
    match e {
        Some(ProposalEffect::OpenForm(f, k)) => (*f, k),
        other => panic!("no form: {other:?}"),
    }
}

fn set(form: &mut Form, field: ProposalField, v: &str) {
    form.fields
        .iter_mut()
        .find(|f| f.label == field.label())
        .unwrap_or_else(|| panic!("no field {}", field.label()))
        .value = v.into();
}

fn message(e: Option<ProposalEffect>) -> String {
    match e {
        Some(ProposalEffect::Message(m)) => m,
        other => panic!("no message: {other:?}"),
    }
}

fn write(e: Result<ProposalEffect, FormError>) -> ProposalWrite {
    match e {
        Ok(ProposalEffect::Write(w)) => w,
        other => panic!("no write: {other:?}"),
    }
}

#[test]
fn the_option_moves_within_three_and_a_new_account_starts_on_better() {
    let cfg = Config::default();
    let mut s = ProposalPane::default();
    assert!(message(s.update(Action::TierLeft, &cfg)).contains("no open renewal"));
    s.set_open(Some(open_on("A-1")));
    assert_eq!(s.open.as_ref().unwrap().tier, 1);
    for _ in 0..4 {
        assert!(s.update(Action::TierRight, &cfg).is_none());
    }
    assert_eq!(s.open.as_ref().unwrap().tier, 2);
    s.set_open(Some(open_on("A-1")));
    assert_eq!(
        s.open.as_ref().unwrap().tier,
        2,
        "the same account keeps it"
    );
    s.set_open(Some(open_on("B-2")));
    assert_eq!(s.open.as_ref().unwrap().tier, 1);
}

#[test]
fn recommend_and_bundle_save_the_changed_draft() {
    let cfg = Config::default();
    let mut s = pane();
    s.update(Action::TierRight, &cfg);
    match s.update(Action::Recommend, &cfg) {
        Some(ProposalEffect::Write(ProposalWrite::SaveDraft { draft, what })) => {
            assert_eq!(draft.recommended, TierName::Best);
            assert_eq!(what, "recommended option changed");
        }
        other => panic!("{other:?}"),
    }
    let bundled = s.open.as_ref().unwrap().draft.bundled;
    match s.update(Action::ToggleBundle, &cfg) {
        Some(ProposalEffect::Write(ProposalWrite::SaveDraft { draft, .. })) => {
            assert_eq!(draft.bundled, !bundled)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_tier_form_refuses_half_a_seat_expansion_and_saves_the_option() {
    let cfg = Config::default();
    let mut s = pane();
    let (mut f, kind) = opened(s.update(Action::EditTier, &cfg));
    assert_eq!(kind, ProposalForm::Tier(1));
    set(&mut f, ProposalField::ExpansionPct, "");
    set(&mut f, ProposalField::SeatPrice, "100");
    let e = s.read_form(&kind, &f, &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("Seats"));
    set(&mut f, ProposalField::Seats, "10");
    set(&mut f, ProposalField::DiscountPct, "130");
    let e = s.read_form(&kind, &f, &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("Discount %"));
    set(&mut f, ProposalField::DiscountPct, "12.5");
    let ProposalWrite::SaveDraft { draft, what } = write(s.read_form(&kind, &f, &cfg)) else {
        panic!()
    };
    assert_eq!(draft.tiers[1].discount_bp, 1_250);
    assert_eq!(
        draft.tiers[1].expansion,
        crate::domain::proposal::Expansion::Units {
            units: 10,
            unit_price: Money::from_major(100)
        }
    );
    assert_eq!(what, "Better option edited");
}

#[test]
fn status_framing_and_acceptance_read_into_their_writes() {
    let cfg = Config::default();
    let mut s = pane();
    let (mut f, kind) = opened(s.update(Action::SetProposalStatus, &cfg));
    assert_eq!(f.get(ProposalField::Status), "draft");
    set(&mut f, ProposalField::Status, "sent");
    assert_eq!(
        write(s.read_form(&kind, &f, &cfg)),
        ProposalWrite::SetStatus("sent".into())
    );
    let (mut f, kind) = opened(s.update(Action::ValueFraming, &cfg));
    assert!(
        !f.get(ProposalField::Line).is_empty(),
        "a suggestion is filled in"
    );
    set(&mut f, ProposalField::Line, "");
    let ProposalWrite::SaveDraft { draft, .. } = write(s.read_form(&kind, &f, &cfg)) else {
        panic!()
    };
    assert_eq!(draft.value_framing, None, "empty removes it");
    let (mut f, kind) = opened(s.update(Action::AcceptTier, &cfg));
    assert_eq!(kind, ProposalForm::Accept(1));
    match s.read_form(&kind, &f, &cfg) {
        Ok(ProposalEffect::Message(m)) => assert!(m.contains("not accepted")),
        other => panic!("{other:?}"),
    }
    set(&mut f, ProposalField::Confirm, "yes");
    let (prices, _) = s.open.as_ref().unwrap().priced(&cfg);
    assert_eq!(
        write(s.read_form(&kind, &f, &cfg)),
        ProposalWrite::Accept {
            tier: TierName::Better,
            first_year: prices[1].annual[0]
        }
    );
}

#[test]
fn approvals_are_asked_only_when_needed_and_gate_the_export() {
    let cfg = Config::default();
    let mut s = pane();
    for t in &mut s.open.as_mut().unwrap().draft.tiers {
        t.discount_bp = 0;
    }
    assert!(message(s.update(Action::ApproveTier, &cfg)).contains("needs no approval"));
    assert!(matches!(
        s.update(Action::ExportProposal, &cfg),
        Some(ProposalEffect::Export)
    ));
    discounted(&mut s, 1);
    assert!(message(s.update(Action::ExportProposal, &cfg)).starts_with("not exported: Better"));
    let needs = crate::domain::proposal_approval::Policy::from_config(&cfg)
        .needs(3_000)
        .unwrap();
    let (mut f, kind) = opened(s.update(Action::ApproveTier, &cfg));
    assert_eq!(f.get(ProposalField::Level), needs.as_str());
    let e = s.read_form(&kind, &f, &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("Approved by"));
    set(&mut f, ProposalField::ApprovedBy, "Dana");
    assert_eq!(
        write(s.read_form(&kind, &f, &cfg)),
        ProposalWrite::Approve {
            tier: TierName::Better,
            level: needs,
            by: "Dana".into()
        }
    );
    // Once recorded (the host re-reads it), the export goes ahead.
    s.open.as_mut().unwrap().approvals.push(Approval {
        tier: TierName::Better,
        discount_bp: 3_000,
        level: needs,
        by: "Dana".into(),
        on: "2026-11-22".parse().unwrap(),
    });
    assert_eq!(s.export_blocked(&cfg), None);
    match s.update(Action::RulesInFull, &cfg) {
        Some(ProposalEffect::Info { title, lines }) => {
            assert_eq!(title, "Rules — Acme");
            assert!(
                lines.iter().any(|l| l.contains("approved by Dana")),
                "{lines:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tab_moves_among_panels_j_scrolls_the_focused_one_and_enter_zooms() {
    let cfg = Config::default();
    let mut s = ProposalPane::default();
    assert!(
        s.update(Action::FocusNext, &cfg).is_none(),
        "no message for moving"
    );
    s.update(Action::Open, &cfg);
    assert!(!s.panels.zoom, "no panels on screen: nothing to zoom");
    let mut s = pane();
    assert_eq!(s.panels.focus, OPTIONS);
    s.update(Action::Down, &cfg);
    s.update(Action::FocusNext, &cfg);
    assert_eq!(s.panels.focus, RULES);
    s.update(Action::PageDown, &cfg);
    assert_eq!(s.panels.scroll, vec![1, 10, 0]);
    s.update(Action::FocusPrev, &cfg);
    s.update(Action::FocusPrev, &cfg);
    assert_eq!(s.panels.focus, APPROVALS);
    s.update(Action::Open, &cfg);
    assert!(s.panels.zoom);
    s.update(Action::Back, &cfg);
    assert!(!s.panels.zoom);
    // h/l still choose the option whatever panel has focus.
    s.update(Action::TierLeft, &cfg);
    assert_eq!(s.open.as_ref().unwrap().tier, 0);
    s.set_open(Some(open_on("B-2")));
    assert_eq!(
        s.panels.scroll,
        vec![0, 0, 0],
        "another account starts at the top"
    );
}
