//! The save-plan pane: snapshots at 80×24 and 120×40, and its forms driven by keys.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::tui::app::{App, Overlay, Pane};
use runway::tui::keymap::Action;

fn on_save(account: &str, w: u16, h: u16) -> (tempfile::TempDir, App) {
    let (d, store) = demo_store();
    let mut app = app_on(store, w, h);
    app.open_account(account.to_string());
    app.update(Action::PaneSave);
    assert_eq!(app.pane, Pane::Save);
    (d, app)
}

/// Sets form fields by label, then presses Enter.
fn fill_and_submit(app: &mut App, values: &[(&str, &str)]) {
    let Overlay::Form(form, _) = &mut app.overlay else {
        panic!("no form open")
    };
    for (label, v) in values {
        let f = form
            .fields
            .iter_mut()
            .find(|f| f.label == *label)
            .unwrap_or_else(|| panic!("no field {label}"));
        f.value = v.to_string();
    }
    key(app, KeyCode::Enter);
}

fn form_error(app: &App) -> Option<String> {
    match &app.overlay {
        Overlay::Form(f, _) => f.error.clone(),
        _ => None,
    }
}

#[test]
fn save_pane_snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_d, app) = on_save("DEMO-015", w, h);
        insta::assert_snapshot!(format!("save_{w}x{h}"), screen(&app, w, h));
    }
    let (_d, mut app) = on_save("DEMO-005", 80, 24);
    app.update(Action::SaveQuickFix);
    insta::assert_snapshot!("save_quick_fix_lost_cause_80x24", screen(&app, 80, 24));
}

#[test]
fn item_form_refuses_empty_problem_and_owner_and_flags_past_deadline() {
    let (_d, mut app) = on_save("DEMO-015", 80, 24);
    let before = app.save_plan_view().unwrap().0.items.len();
    app.update(Action::SaveAddItem);
    fill_and_submit(&mut app, &[("Owner", "ana")]);
    assert!(form_error(&app).unwrap().contains("Problem"));
    fill_and_submit(&mut app, &[("Problem", "Slow exports"), ("Owner", "  ")]);
    assert!(form_error(&app).unwrap().contains("Owner"));
    fill_and_submit(
        &mut app,
        &[
            ("Owner", "ana"),
            ("Deadline", "2026-11-01"),
            ("Deal-breaker", "yes"),
        ],
    );
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.message.clone().unwrap().contains("past"));
    let (plan, view) = app.save_plan_view().unwrap();
    assert_eq!(plan.items.len(), before + 1);
    let i = plan
        .items
        .iter()
        .position(|(_, it)| it.problem == "Slow exports")
        .unwrap();
    assert!(view.overdue[i]);
    // Fixable deal-breakers come first; this one is the earliest deadline.
    assert_eq!(view.order[0], i);
    // Cycling the status of the selected (first) item.
    app.update(Action::SaveCycleStatus);
    let (plan, _) = app.save_plan_view().unwrap();
    assert_eq!(plan.items[i].1.status, "in_progress");
    // Delete asks first; "no" keeps it, "yes" removes it.
    app.update(Action::SaveDeleteItem);
    fill_and_submit(&mut app, &[]);
    assert_eq!(app.save_plan_view().unwrap().0.items.len(), before + 1);
    app.update(Action::SaveDeleteItem);
    fill_and_submit(&mut app, &[("Delete it", "yes")]);
    assert_eq!(app.save_plan_view().unwrap().0.items.len(), before);
}

#[test]
fn concession_form_refuses_bad_percent_and_low_approver() {
    let (_d, mut app) = on_save("DEMO-015", 80, 24);
    app.update(Action::SaveAddConcession);
    fill_and_submit(
        &mut app,
        &[("Discount %", "120"), ("What is given", "big discount")],
    );
    assert!(form_error(&app).unwrap().contains("Discount"));
    fill_and_submit(&mut app, &[("Discount %", "22")]);
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.message.clone().unwrap().contains("director"));
    let n = app.save_plan_view().unwrap().0.concessions.len();
    app.update(Action::SaveApprove);
    let pick = {
        let Overlay::Form(f, _) = &app.overlay else {
            panic!()
        };
        let runway::tui::form::Kind::Choice(opts) = &f.fields[0].kind else {
            panic!()
        };
        opts[n - 1].clone()
    };
    fill_and_submit(
        &mut app,
        &[("Concession", &pick), ("Approved by", "manager")],
    );
    let e = form_error(&app).unwrap();
    assert!(e.contains("director"), "{e}");
    fill_and_submit(&mut app, &[("Approved by", "director")]);
    assert!(matches!(app.overlay, Overlay::None));
    let (plan, _) = app.save_plan_view().unwrap();
    assert_eq!(
        plan.concessions[n - 1].1.approved_by.as_deref(),
        Some("director")
    );
    assert_eq!(plan.approval_chains[n - 1].as_deref(), Some("director"));
}

#[test]
fn close_lost_needs_reasons_then_schedules_win_back() {
    let (_d, mut app) = on_save("DEMO-043", 80, 24);
    app.update(Action::SaveClose);
    fill_and_submit(&mut app, &[("Outcome", "lost")]);
    assert!(form_error(&app).unwrap().contains("Real reasons"));
    fill_and_submit(
        &mut app,
        &[
            ("Real reasons", "moved to a competitor"),
            ("Competitor", "Acme"),
        ],
    );
    assert!(matches!(app.overlay, Overlay::None));
    let (plan, _) = app.save_plan_view().unwrap();
    assert_eq!(plan.status, "lost");
    assert!(plan.debrief.unwrap().contains("Acme"));
}

#[test]
fn export_writes_the_customer_plan() {
    let (_d, app) = on_save("DEMO-003", 80, 24);
    let (plan, view) = app.save_plan_view().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = runway::io::save_plan::export(&plan, &view, today(), dir.path()).unwrap();
    assert_eq!(path.file_name().unwrap(), "DEMO-003-save-plan.md");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    insta::assert_snapshot!("save_customer_plan", std::fs::read_to_string(path).unwrap());
}

#[test]
fn assess_suggests_a_tier_and_escalation_needs_a_brief() {
    let (_d, mut app) = on_save("DEMO-031", 80, 24);
    app.update(Action::SaveAssess);
    fill_and_submit(
        &mut app,
        &[
            ("Fixable problems", "yes"),
            ("Relationships intact", "yes"),
            ("No better alternative", "yes"),
            ("Budget confirmed", "yes"),
            ("Stakeholders engaged", "no"),
            ("Tier", "suggested"),
            ("Effort override", "light"),
            ("Override reason", ""),
        ],
    );
    assert!(form_error(&app).unwrap().contains("reason"));
    fill_and_submit(
        &mut app,
        &[
            ("Override reason", "champion asked for a light touch"),
            ("Strategic", "yes"),
        ],
    );
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_error(&app)
    );
    let (plan, view) = app.save_plan_view().unwrap();
    assert_eq!(plan.probability_tier.as_deref(), Some("high"));
    assert!(plan.strategic);
    assert!(view.effort_overridden);
    // §15 (issue 13): strategic alone is not enough — own options exhausted and an
    // executive relationship are needed too, and the view says which are missing.
    assert!(
        !view.escalation_suggested,
        "strategic alone does not suggest escalation"
    );
    assert_eq!(
        view.escalation_missing,
        vec![
            "our own options are not exhausted (work every plan item first)",
            "no executive relationship on their side to use"
        ]
    );

    app.update(Action::SaveEscalate);
    fill_and_submit(&mut app, &[("Stage", "prepared"), ("Brief", "")]);
    assert!(form_error(&app).unwrap().contains("Brief"));
    fill_and_submit(
        &mut app,
        &[("Brief", "Goal: keep the fleet deal; CEO to CEO call")],
    );
    let (plan, _) = app.save_plan_view().unwrap();
    assert_eq!(plan.escalation.as_deref(), Some("prepared"));
    app.update(Action::SaveEscalate);
    fill_and_submit(&mut app, &[]);
    let (plan, _) = app.save_plan_view().unwrap();
    assert_eq!(plan.escalation.as_deref(), Some("engaged"));
    assert!(plan.escalation_brief.unwrap().contains("CEO"));
}

#[test]
fn start_a_plan_where_there_is_none() {
    let (_d, mut app) = on_save("DEMO-001", 80, 24);
    assert!(app.save_plan_view().is_none());
    assert!(screen(&app, 80, 24).contains("Press S to start one"));
    app.update(Action::SaveStart);
    let (plan, _) = app.save_plan_view().expect("plan started");
    assert_eq!(plan.status, "open");
    assert!(plan.items.is_empty());
    assert!(screen(&app, 80, 24).contains("No items yet"));
    app.update(Action::SaveStart);
    assert!(
        app.message
            .clone()
            .unwrap()
            .contains("already has an open save plan")
    );
}
