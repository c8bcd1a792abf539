//! The account pane: snapshots of three kinds of account, the stakeholder form, and
//! the champion-left rule checked in the database after reopening.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::domain::stakeholder::{ContactStatus, Role};
use runway::store::Store;
use runway::tui::app::{App, Overlay, Pane};

fn open(id: &str, w: u16, h: u16) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    let mut app = app_on(store, w, h);
    app.open_account(id.to_string());
    assert_eq!(app.pane, Pane::Account);
    (dir, path, app)
}

#[test]
fn pane_snapshots() {
    // Healthy and multi-threaded; single-threaded; champion gone.
    for (name, id) in [
        ("healthy", "DEMO-002"),
        ("single_threaded", "DEMO-019"),
        ("champion_left", "DEMO-005"),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            let (_d, _p, app) = open(id, w, h);
            insta::assert_snapshot!(format!("account_{name}_{w}x{h}"), screen(&app, w, h));
        }
    }
}

#[test]
fn coverage_reflects_each_account() {
    let (_d, _p, app) = open("DEMO-002", 120, 40);
    let c = &app.acct.detail.as_ref().unwrap().coverage;
    assert!(!c.single_threaded && !c.champion_left);
    let (_d, _p, app) = open("DEMO-019", 120, 40);
    assert!(app.acct.detail.as_ref().unwrap().coverage.single_threaded);
    let (_d, _p, app) = open("DEMO-005", 120, 40);
    assert!(app.acct.detail.as_ref().unwrap().coverage.champion_left);
}

#[test]
fn marking_the_champion_left_records_a_signal_and_raises_risk() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    let d = app.acct.detail.clone().unwrap();
    let champ = d
        .stakeholders
        .iter()
        .position(|s| s.role == Some(Role::Champion))
        .expect("a champion");
    let signals_before = d.row.as_ref().unwrap().facts.open_signals;
    assert!(!d.row.as_ref().unwrap().facts.flagged_at_risk);
    app.acct.sel = champ;
    typed(&mut app, "l");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        app.message.as_deref().unwrap().contains("champion lost"),
        "{:?}",
        app.message
    );
    drop(app);
    let store = Store::open(&path).unwrap();
    let people = store.stakeholders("DEMO-002").unwrap();
    let champ_name = &d.stakeholders[champ].name;
    assert_eq!(
        people
            .iter()
            .find(|p| &p.name == champ_name)
            .unwrap()
            .status,
        ContactStatus::Left
    );
    let signals = store.open_signals("DEMO-002", 10).unwrap();
    assert_eq!(
        signals[0].kind,
        runway::domain::risk::SignalKind::StakeholderChange
    );
    assert_eq!(signals[0].observed_on, today());
    let row = store
        .account_row("DEMO-002", &Default::default(), today())
        .unwrap()
        .unwrap();
    assert_eq!(row.facts.open_signals, signals_before + 1);
    assert!(
        row.facts.flagged_at_risk && row.at_risk,
        "losing the champion raises the risk"
    );
    assert_eq!(
        store.recent_activities("DEMO-002", 1).unwrap()[0].1,
        "stakeholder"
    );
}

#[test]
fn stakeholder_form_adds_refuses_the_future_and_cancels() {
    let (_d, path, mut app) = open("DEMO-019", 120, 40);
    let before = app.acct.detail.as_ref().unwrap().stakeholders.len();
    typed(&mut app, "a");
    typed(&mut app, "Rowan Tillery");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "CFO");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "e"); // role: economic_buyer
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "2026-12-01");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "s"); // our thread: sales_leader
    key(&mut app, KeyCode::Enter);
    match &app.overlay {
        Overlay::Form(f, _) => assert!(
            f.error
                .as_deref()
                .unwrap()
                .contains("cannot be in the future"),
            "{:?}",
            f.error
        ),
        _ => panic!("a future last contact is refused"),
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "2026-11-20");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let people = Store::open(&path)
        .unwrap()
        .stakeholders("DEMO-019")
        .unwrap();
    assert_eq!(people.len(), before + 1);
    let added = people.last().unwrap();
    assert_eq!(
        (added.name.as_str(), added.role, added.our_thread),
        (
            "Rowan Tillery",
            Some(Role::EconomicBuyer),
            Some(runway::domain::stakeholder::Thread::SalesLeader)
        )
    );
    // Now reached through a sales leader, the economic buyer is no longer missing.
    assert!(
        !app.acct
            .detail
            .as_ref()
            .unwrap()
            .coverage
            .missing_roles
            .contains(&Role::EconomicBuyer)
    );
    // Esc on an edit saves nothing.
    typed(&mut app, "e");
    typed(&mut app, "XYZ");
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        Store::open(&path)
            .unwrap()
            .stakeholders("DEMO-019")
            .unwrap(),
        people
    );
}

#[test]
fn removing_asks_first() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    let before = app.acct.detail.as_ref().unwrap().stakeholders.len();
    typed(&mut app, "D");
    key(&mut app, KeyCode::Enter); // default answer is "no"
    assert_eq!(
        Store::open(&path)
            .unwrap()
            .stakeholders("DEMO-002")
            .unwrap()
            .len(),
        before
    );
    typed(&mut app, "D");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        Store::open(&path)
            .unwrap()
            .stakeholders("DEMO-002")
            .unwrap()
            .len(),
        before - 1
    );
}

#[test]
fn segment_override_needs_a_reason() {
    let (_d, path, mut app) = open("DEMO-019", 120, 40);
    typed(&mut app, "S");
    key(&mut app, KeyCode::Char('m')); // mid_market
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref() == Some("Reason is required with an override"))
    );
    typed(&mut app, "Runs on autopilot");
    key(&mut app, KeyCode::Enter);
    let a = Store::open(&path)
        .unwrap()
        .account("DEMO-019")
        .unwrap()
        .unwrap();
    assert_eq!(
        a.segment_override,
        Some(runway::domain::segment::Segment::MidMarket)
    );
    assert_eq!(
        a.segment_override_reason.as_deref(),
        Some("Runs on autopilot")
    );
}

#[test]
fn brief_is_written_safely_and_reads_well() {
    let (d, store) = demo_store();
    let mut cfg = runway::domain::config::Config::default();
    cfg.book.export_dir = d.path().join("out").display().to_string();
    let said = runway::cli::brief(&store, &cfg, today(), "DEMO-005", None).unwrap();
    let path = d.path().join("out/brief-DEMO-005.md");
    let runway::cli::Said::Note(out) = said else {
        panic!("writing a file is a note for stderr, not data: {said:?}")
    };
    assert!(out.contains(&path.display().to_string()), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    insta::assert_snapshot!("brief_DEMO-005", std::fs::read_to_string(&path).unwrap());
    // A hostile name cannot leave the export folder or carry escapes into the file.
    let said = runway::cli::brief(
        &store,
        &cfg,
        today(),
        "DEMO-070",
        Some(std::path::Path::new("-")),
    )
    .unwrap();
    let runway::cli::Said::Data(text) = said else {
        panic!("`-o -` is data for stdout: {said:?}")
    };
    assert!(!text.contains('\u{1b}'));
}
