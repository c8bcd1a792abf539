//! The proposal pane: every change saved as a version, acceptance moving the renewal,
//! snapshots at both sizes.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::domain::money::Money;
use runway::store::Store;
use runway::tui::app::{App, Overlay, Pane};

fn open(id: &str, w: u16, h: u16) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    let mut app = app_on(store, w, h);
    app.open_account(id.to_string());
    typed(&mut app, "4");
    assert_eq!(app.pane, Pane::Proposal);
    assert!(app.prop.open.is_some());
    (dir, path, app)
}

#[test]
fn pane_snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_d, _p, app) = open("DEMO-002", w, h);
        insta::assert_snapshot!(format!("proposal_pane_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn editing_a_tier_saves_a_version_and_warns() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    typed(&mut app, "l"); // Best
    typed(&mut app, "e");
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab); // to Discount %
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "130");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref().unwrap().contains("above 100%")),
        "a discount over 100% is refused"
    );
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let p = app.prop.open.as_ref().unwrap();
    assert_eq!(p.status.as_ref().unwrap().version, 1);
    let (prices, warnings) = p.priced(&app.cfg);
    assert_eq!(prices[2].discount_bp, 3_000);
    assert!(
        warnings.iter().any(|w| w.contains("above the 2-year band")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("VP/executive approval")),
        "{warnings:?}"
    );
    // Another change is another version; the earlier one is kept.
    typed(&mut app, "r");
    assert_eq!(
        app.prop
            .open
            .as_ref()
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .version,
        2
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    let versions: i64 = c
        .query_row("SELECT count(*) FROM proposal_versions", [], |r| r.get(0))
        .unwrap();
    assert!(versions >= 1);
    // After reopening, the saved draft comes back.
    drop(app);
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    app.open_account("DEMO-002".into());
    typed(&mut app, "4");
    let p = app.prop.open.as_ref().unwrap();
    assert_eq!(p.draft.tiers[2].discount_bp, 3_000);
    assert_eq!(
        p.draft.recommended,
        runway::domain::proposal_rules::TierName::Best
    );
}

#[test]
fn accepting_moves_target_and_stage() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    // Better is selected by default.
    typed(&mut app, "A");
    key(&mut app, KeyCode::Enter); // "no"
    assert!(app.message.as_deref().unwrap().contains("not accepted"));
    typed(&mut app, "A");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    let store = Store::open(&path).unwrap();
    let row = store
        .account_row("DEMO-002", &Default::default(), today())
        .unwrap()
        .unwrap();
    assert_eq!(row.facts.target, Some(Money::from_major(341_000)));
    assert_eq!(row.facts.stage, runway::domain::renewal::Stage::Verbal);
    let st = store.proposal_status("DEMO-002").unwrap().unwrap();
    assert_eq!(
        (st.status.as_str(), st.accepted_tier.as_deref()),
        ("accepted", Some("better"))
    );
}

/// Issue 12: every rule warning is visible (the box grows, says what it hides, and
/// `w` shows all); an approval is recorded from the pane and unlocks the export.
#[test]
fn every_warning_is_reachable_and_approval_unlocks_export() {
    let (_d, path, mut app) = open("DEMO-005", 80, 24);
    let (_, warnings) = app.prop.open.as_ref().unwrap().priced(&app.cfg);
    assert!(warnings.len() >= 3, "{warnings:?}");
    let s = screen(&app, 80, 24);
    let visible = warnings
        .iter()
        .filter(|w| s.contains(&w[..20.min(w.len())]))
        .count();
    if visible < warnings.len() {
        assert!(
            s.contains(&format!("{visible} of {} shown", warnings.len())),
            "{s}"
        );
    }
    typed(&mut app, "w");
    let full = screen(&app, 80, 24);
    for w in &warnings {
        assert!(
            full.contains(&w[..20.min(w.len())]),
            "{w} missing in\n{full}"
        );
    }
    assert!(full.contains("needs manager approval"), "{full}");
    key(&mut app, KeyCode::Esc);

    // Export is refused with the reason, and nothing is written.
    let dir = tempfile::tempdir().unwrap();
    app.cfg.book.export_dir = dir.path().display().to_string();
    typed(&mut app, "x");
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.contains("press a"), "{msg}");
    assert!(
        msg.contains("Best: 15% off needs manager approval"),
        "{msg}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // Record the approval on Best from the pane.
    typed(&mut app, "ll");
    typed(&mut app, "a");
    assert!(matches!(app.overlay, Overlay::Form(..)));
    typed(&mut app, "Dana Reyes");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let store = Store::open(&path).unwrap();
    let a = store.proposal_approvals("DEMO-005").unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].by.as_str(), a[0].level.as_str()),
        ("Dana Reyes", "manager")
    );
    typed(&mut app, "x");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("proposal written"),
        "{:?}",
        app.message
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

/// Issue 12: Best (15% off, a manager's) cannot be marked accepted from the pane
/// until someone approved it; the form says why and nothing changes.
#[test]
fn accepting_an_unapproved_option_is_refused() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    typed(&mut app, "l"); // Best
    typed(&mut app, "A");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref().unwrap_or("").contains("needs manager approval")),
        "{:?}",
        app.message
    );
    key(&mut app, KeyCode::Esc);
    let store = Store::open(&path).unwrap();
    let st = store.proposal_status("DEMO-002").unwrap();
    assert!(
        st.as_ref().is_none_or(|s| s.accepted_tier.is_none()),
        "{st:?}"
    );
}
