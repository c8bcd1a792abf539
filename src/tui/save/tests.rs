//! The save component alone: keys and forms in, effects out, no store.

use super::*;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::save_plan::StoredPlan;
use crate::io::save_plan::SaveView;
use crate::tui::form::FieldId;
use crate::tui::keymap::Action;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn item(problem: &str, status: &str) -> SaveItem {
    SaveItem {
        problem: problem.into(),
        owner: "ana".into(),
        status: status.into(),
        priority: 2,
        fixable: true,
        ..Default::default()
    }
}

fn plan() -> StoredPlan {
    StoredPlan {
        id: 7,
        account_id: "A-1".into(),
        account_name: "Acme".into(),
        renewal_date: Some("2027-01-15".parse().unwrap()),
        status: "open".into(),
        items: vec![
            (11, item("Slow exports", "open")),
            (12, item("No SSO", "done")),
        ],
        concessions: vec![(
            21,
            Concession {
                kind: "discount".into(),
                percent_bp: Some(2_200),
                given: Some("22% off".into()),
                ..Default::default()
            },
        )],
        approval_chains: vec![None],
        ..Default::default()
    }
}

fn pane(p: Option<StoredPlan>) -> SavePane {
    let cfg = Config::default();
    let mut s = SavePane::default();
    s.set_data(SaveData {
        account: Some("A-1".into()),
        account_name: Some("Acme".into()),
        plan: p.map(|p| {
            let v = SaveView::build(&p, today(), &cfg);
            (p, v)
        }),
        counts: None,
        pre: None,
        today: today(),
        currency: "USD".into(),
    });
    s
}

/// The form an action opened, and what it is for.
fn opened(e: Option<SaveEffect>) -> (Form, SaveForm) {
    match e {
        Some(SaveEffect::OpenForm(f, k)) => (*f, k),
        other => panic!("no form: {other:?}"),
    }
}

fn set(form: &mut Form, field: SaveField, v: &str) {
    form.fields
        .iter_mut()
        .find(|f| f.label == field.label())
        .unwrap_or_else(|| panic!("no field {}", field.label()))
        .value = v.into();
}

fn message(e: Option<SaveEffect>) -> String {
    match e {
        Some(SaveEffect::Message(m)) => m,
        other => panic!("no message: {other:?}"),
    }
}

fn written(e: Result<SaveEffect, FormError>) -> (SaveWrite, String) {
    match e {
        Ok(SaveEffect::Write { write, done }) => (write, done),
        other => panic!("no write: {other:?}"),
    }
}

fn refused(e: Result<SaveEffect, FormError>) -> FormError {
    match e {
        Err(e) => e,
        Ok(other) => panic!("accepted: {other:?}"),
    }
}

use crate::tui::form::FormError;

#[test]
fn without_an_account_or_a_plan_the_keys_say_what_is_missing() {
    let cfg = Config::default();
    let mut s = SavePane::default();
    assert!(message(s.update(Action::SaveAssess, &cfg)).contains("no account selected"));
    let mut s2 = pane(None);
    assert!(message(s2.update(Action::SaveAddItem, &cfg)).contains("press S"));
    // No panels on screen: Enter zooms nothing (Esc must still go back to the queue).
    assert!(s2.update(Action::Open, &cfg).is_none());
    assert!(!s2.panels.zoom);
    match s2.update(Action::SaveStart, &cfg) {
        Some(SaveEffect::Write {
            write: SaveWrite::StartPlan { account },
            done,
        }) => {
            assert_eq!(account, "A-1");
            assert!(done.contains("press a"));
        }
        other => panic!("{other:?}"),
    }
    s.move_by(3);
    assert_eq!(s.selected, 0);
}

#[test]
fn assess_needs_a_reason_for_an_override_and_names_unknown_signs() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    let (mut f, kind) = opened(s.update(Action::SaveAssess, &cfg));
    assert_eq!(kind, SaveForm::Assess(7));
    set(&mut f, SaveField::EffortOverride, "light");
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Override reason"));
    set(&mut f, SaveField::OverrideReason, "small account");
    set(&mut f, SaveField::LostCauseSigns, "economics, bogus");
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert!(e.message.contains("'bogus'"), "{}", e.message);
    set(&mut f, SaveField::LostCauseSigns, "economics");
    set(&mut f, SaveField::Tier, "low");
    let (w, done) = written(s.read_form(&kind, &f, &cfg, today()));
    let SaveWrite::Assess { plan, assessment } = w else {
        panic!("{w:?}")
    };
    assert_eq!(plan, 7);
    assert_eq!(assessment.probability_tier.as_deref(), Some("low"));
    assert_eq!(assessment.effort_override.as_deref(), Some("light"));
    assert_eq!(assessment.lost_cause_signs, vec!["economics".to_string()]);
    assert!(done.contains("assessed"));
}

#[test]
fn items_are_added_edited_with_their_status_kept_and_past_deadlines_flagged() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    let (mut f, kind) = opened(s.update(Action::SaveAddItem, &cfg));
    assert_eq!(kind, SaveForm::Item(7, None));
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Problem"));
    set(&mut f, SaveField::Problem, "Invoices wrong");
    set(&mut f, SaveField::Owner, "bo");
    set(&mut f, SaveField::Deadline, "2026-11-01");
    let (w, done) = written(s.read_form(&kind, &f, &cfg, today()));
    assert!(matches!(w, SaveWrite::AddItem { plan: 7, ref item } if item.status == "open"));
    assert!(done.contains("already past"), "{done}");
    // Editing the selected item (the first in the pane's order) keeps its status.
    let first = s.plan.as_ref().unwrap().1.order[0];
    let (id, it) = s.plan.as_ref().unwrap().0.items[first].clone();
    let (f, kind) = opened(s.update(Action::SaveEditItem, &cfg));
    assert_eq!(kind, SaveForm::Item(7, Some(id)));
    let (w, done) = written(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(w, SaveWrite::UpdateItem { id, item: it });
    assert_eq!(done, "item saved");
}

#[test]
fn status_cycles_and_delete_asks_first() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    let first = s.plan.as_ref().unwrap().1.order[0];
    let (id, it) = s.plan.as_ref().unwrap().0.items[first].clone();
    match s.update(Action::SaveCycleStatus, &cfg) {
        Some(SaveEffect::Write {
            write: SaveWrite::UpdateItem { id: got, item },
            done,
        }) => {
            assert_eq!(got, id);
            assert_ne!(item.status, it.status);
            assert!(done.starts_with("status: "));
        }
        other => panic!("{other:?}"),
    }
    let (mut f, kind) = opened(s.update(Action::SaveDeleteItem, &cfg));
    assert_eq!(kind, SaveForm::Delete(id));
    assert!(message(s.read_form(&kind, &f, &cfg, today()).ok()).contains("kept"));
    set(&mut f, SaveField::DeleteIt, "yes");
    assert_eq!(
        written(s.read_form(&kind, &f, &cfg, today())).0,
        SaveWrite::DeleteItem { id }
    );
    assert!(s.update(Action::SaveQuickFix, &cfg).is_none());
    assert!(s.quick_fix);
    assert!(matches!(
        s.update(Action::SaveExport, &cfg),
        Some(SaveEffect::ExportCustomerPlan)
    ));
}

#[test]
fn concessions_are_added_and_approved_by_id_against_the_matrix() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    let (mut f, kind) = opened(s.update(Action::SaveAddConcession, &cfg));
    set(&mut f, SaveField::DiscountPct, "120");
    set(&mut f, SaveField::WhatIsGiven, "big discount");
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Discount %"));
    set(&mut f, SaveField::DiscountPct, "22");
    let (w, done) = written(s.read_form(&kind, &f, &cfg, today()));
    assert!(
        matches!(w, SaveWrite::AddConcession { plan: 7, ref concession } if concession.percent_bp == Some(2_200))
    );
    assert!(done.contains("director"), "{done}");
    // The choice's codes are row ids; what it shows is the number and what is given.
    let (mut f, kind) = opened(s.update(Action::SaveApprove, &cfg));
    assert_eq!(
        f.fields[0].kind,
        crate::tui::form::Kind::Choice(vec!["21".into()])
    );
    assert_eq!(f.fields[0].shown("21"), "1 22% off");
    set(&mut f, SaveField::ApprovedBy, "manager");
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Approved by"));
    set(&mut f, SaveField::ApprovedBy, "director");
    let (w, _) = written(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(
        w,
        SaveWrite::ApproveConcession {
            id: 21,
            level: ApproverLevel::Director
        }
    );
    let mut none = plan();
    none.concessions.clear();
    none.approval_chains.clear();
    let mut s = pane(Some(none));
    assert!(message(s.update(Action::SaveApprove, &cfg)).contains("no concessions"));
}

#[test]
fn hours_escalation_and_close_read_into_their_writes() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    let (mut f, kind) = opened(s.update(Action::SaveLogHours, &cfg));
    set(&mut f, SaveField::Hours, "5");
    assert_eq!(
        written(s.read_form(&kind, &f, &cfg, today())).0,
        SaveWrite::LogHours { plan: 7, hours: 5 }
    );
    let (mut f, kind) = opened(s.update(Action::SaveEscalate, &cfg));
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Brief"));
    set(&mut f, SaveField::Brief, "call their CFO");
    assert!(matches!(
        written(s.read_form(&kind, &f, &cfg, today())).0,
        SaveWrite::Escalate {
            plan: 7,
            stage: EscalationStage::Prepared,
            brief: Some(_)
        }
    ));
    let (mut f, kind) = opened(s.update(Action::SaveClose, &cfg));
    set(&mut f, SaveField::Outcome, "lost");
    let e = refused(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(e.field.as_deref(), Some("Real reasons"));
    set(&mut f, SaveField::RealReasons, "budget cut");
    set(&mut f, SaveField::Competitor, "Zed");
    let (w, _) = written(s.read_form(&kind, &f, &cfg, today()));
    assert_eq!(
        w,
        SaveWrite::CloseLost {
            plan: 7,
            debrief: "real reasons: budget cut; could have saved: unsure; competitor: Zed".into()
        }
    );
    set(&mut f, SaveField::Outcome, "saved");
    assert!(matches!(
        written(s.read_form(&kind, &f, &cfg, today())).0,
        SaveWrite::CloseSaved { plan: 7, .. }
    ));
    let mut closed = plan();
    closed.escalation = Some("closed".into());
    let mut s = pane(Some(closed));
    assert!(message(s.update(Action::SaveEscalate, &cfg)).contains("already closed"));
}

/// Deleting the last item used to leave the selection past the end of the list, so
/// `e` then said "no item selected" although items remained.
#[test]
fn the_selection_stays_on_an_item_when_the_list_shrinks() {
    let cfg = Config::default();
    let mut s = pane(Some(plan()));
    s.move_by(1);
    assert_eq!(s.selected, 1);
    let mut fewer = plan();
    fewer.items.truncate(1);
    let v = SaveView::build(&fewer, today(), &cfg);
    s.set_data(SaveData {
        account: Some("A-1".into()),
        account_name: None,
        plan: Some((fewer, v)),
        counts: None,
        pre: None,
        today: today(),
        currency: "USD".into(),
    });
    assert_eq!(s.selected, 0);
    assert!(matches!(
        s.update(Action::SaveEditItem, &cfg),
        Some(SaveEffect::OpenForm(..))
    ));
}

#[test]
fn tab_moves_among_panels_j_selects_items_or_scrolls_and_enter_zooms() {
    let cfg = Config::default();
    let mut s = SavePane::default();
    // Moving needs no account: no message, nothing else happens.
    assert!(s.update(Action::FocusNext, &cfg).is_none());
    let mut s = pane(Some(plan()));
    assert_eq!(s.panels.focus, ITEMS, "the items have focus first");
    assert!(s.update(Action::Down, &cfg).is_none());
    assert_eq!((s.selected, s.panels.scroll[ITEMS]), (1, 0));
    s.update(Action::FocusNext, &cfg);
    assert_eq!(s.panels.focus, CONCESSIONS);
    s.update(Action::Down, &cfg);
    assert_eq!((s.selected, s.panels.scroll[CONCESSIONS]), (1, 1));
    s.update(Action::FocusNext, &cfg);
    assert_eq!(s.panels.focus, ASSESSMENT);
    s.update(Action::FocusPrev, &cfg);
    assert_eq!(s.panels.focus, CONCESSIONS);
    s.update(Action::Open, &cfg);
    assert!(s.panels.zoom);
    s.update(Action::Back, &cfg);
    assert!(!s.panels.zoom);
    s.update(Action::Zoom, &cfg);
    assert!(s.panels.zoom);
    // The same account keeps its place; another starts every panel at the top.
    s.set_data(SaveData {
        account: Some("B-2".into()),
        account_name: None,
        plan: None,
        counts: None,
        pre: None,
        today: today(),
        currency: "USD".into(),
    });
    assert_eq!(s.panels.scroll[CONCESSIONS], 0);
    assert!(!s.panels.zoom);
}
