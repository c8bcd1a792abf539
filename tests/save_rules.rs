//! Save, concessions and learning rules (§14, §15) on an imported book, through the
//! store that enforces them, and the demo book's own values.

mod common;

use common::*;
use runway::domain::book::Concession;
use runway::domain::config::Config;
use runway::domain::save::LostSign;
use runway::io::import::{ImportKind, ImportOptions, import_file};
use runway::store::Store;
use std::path::Path;

const NOW: &str = "2026-11-22T10:00:00Z";

/// The alarms book, imported through the same code as `runway import`.
fn imported() -> (tempfile::TempDir, Store) {
    let (d, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let opts = ImportOptions::new(&Config::default(), today());
    for (kind, file) in [
        (ImportKind::Accounts, "accounts.csv"),
        (ImportKind::Stakeholders, "stakeholders.csv"),
        (ImportKind::Signals, "signals.csv"),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/alarms")
            .join(file);
        let r = import_file(&mut store, kind, &path, &opts, &mut |_, _| true).unwrap();
        assert!(r.written, "{}", r.text());
    }
    (d, store)
}

fn concession(kind: &str, percent_bp: Option<i64>) -> Concession {
    Concession {
        kind: kind.into(),
        percent_bp,
        given: Some("what we give".into()),
        tied_to: None,
        sunset: None,
        rationale: None,
        expected_outcome: None,
        alternatives: None,
        approved_by: None,
    }
}

#[test]
fn the_store_refuses_a_non_price_approval_below_the_matrix() {
    let (_d, mut store) = imported();
    let m = Config::default().approval;
    let plan = store
        .write(|tx| tx.start_save_plan("A-6", today(), NOW))
        .unwrap();
    let exit = store
        .write(|tx| tx.add_save_concession(plan, &concession("exit_clause", None), NOW))
        .unwrap();
    let e = store
        .write(|tx| tx.approve_concession(exit, "manager", &m, NOW))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "an exit clause concession needs director approval; manager is not enough"
    );
    store
        .write(|tx| tx.approve_concession(exit, "director", &m, NOW))
        .unwrap();
    // Enhanced service needs a manager; payment terms a CSM; a custom deal an executive.
    for (kind, low, ok) in [
        ("priority_support", "csm", "manager"),
        ("custom_deal", "director", "executive"),
    ] {
        let id = store
            .write(|tx| tx.add_save_concession(plan, &concession(kind, None), NOW))
            .unwrap();
        assert!(
            store
                .write(|tx| tx.approve_concession(id, low, &m, NOW))
                .is_err(),
            "{kind} approved by {low}"
        );
        store
            .write(|tx| tx.approve_concession(id, ok, &m, NOW))
            .unwrap();
    }
    let terms = store
        .write(|tx| tx.add_save_concession(plan, &concession("payment_terms", None), NOW))
        .unwrap();
    store
        .write(|tx| tx.approve_concession(terms, "csm", &m, NOW))
        .unwrap();
    let p = store.save_plan("A-6").unwrap().unwrap();
    let approved: Vec<Option<&str>> = p
        .concessions
        .iter()
        .map(|(_, c)| c.approved_by.as_deref())
        .collect();
    assert_eq!(
        approved,
        vec![
            Some("director"),
            Some("manager"),
            Some("executive"),
            Some("csm")
        ]
    );
}

#[test]
fn the_demo_book_holds_only_values_the_product_accepts() {
    let (_d, store) = demo_store();
    let p = store.save_plan("DEMO-005").unwrap().unwrap();
    assert!(!p.lost_cause_signs.is_empty());
    for s in &p.lost_cause_signs {
        assert!(LostSign::parse(s).is_some(), "the demo holds '{s}'");
    }
    // Every recorded approval passes the matrix the store enforces.
    use runway::domain::concession::{ApproverLevel, check_concession_approval};
    let m = Config::default().approval;
    for id in [
        "DEMO-003", "DEMO-005", "DEMO-015", "DEMO-025", "DEMO-031", "DEMO-043",
    ] {
        let p = store.save_plan(id).unwrap().unwrap();
        for (_, c) in &p.concessions {
            if let Some(by) = c.approved_by.as_deref() {
                let by = ApproverLevel::parse(by).unwrap();
                assert!(
                    check_concession_approval(&c.kind, c.percent_bp, by, &m).is_ok(),
                    "{id}: {} approved by {by:?}",
                    c.kind
                );
            }
        }
    }
}

#[test]
fn absurd_money_is_refused_with_a_clear_error() {
    use runway::domain::money::Money;
    use runway::domain::proposal::{Expansion, TierSpec};
    use runway::domain::proposal_rules::{Draft, TierName};
    let (_d, mut store) = imported();
    let absurd = TierSpec {
        expansion: Expansion::Units {
            units: 1_000_000,
            unit_price: Money::from_major(999_999_999_999),
        },
        ..TierSpec::flat()
    };
    let draft = Draft {
        tiers: [TierSpec::flat(), absurd, TierSpec::flat()],
        recommended: TierName::Better,
        bundled: false,
        value_framing: None,
    };
    let e = store
        .write(|tx| {
            let rid = tx.open_renewal_id("A-1")?;
            tx.save_proposal("A-1", rid, &draft, NOW)
        })
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Better: seats × seat price is too large: amounts must stay below 1,000,000,000,000 (in major units)"
    );
    assert!(!store.write(|tx| tx.proposal_exists("A-1")).unwrap());
}

#[test]
fn a_save_assessment_exists_before_a_plan() {
    let (d, store) = imported();
    let db = store.path().to_path_buf();
    drop(store);
    let o = runway_in(d.path())
        .args(["save", "A-4", "--json", "--today", TODAY, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["plan"], serde_json::Value::Null);
    assert_eq!(v["probability_tier"], "not assessed");
    assert_eq!(v["value_tier"], "medium");
    assert_eq!(v["time_mode"], "emergency");
    assert_eq!(v["root_cause_suggested"], "service_experience");
    assert_eq!(v["suggested_effort"][0]["if_probability"], "high");
    // The same multi-year verdict as the account's.
    let acct = runway_in(d.path())
        .args(["account", "A-4", "--json", "--today", TODAY, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let acct: serde_json::Value = serde_json::from_slice(&acct.stdout).unwrap();
    assert_eq!(v["multi_year"], acct["multi_year"]);
    assert_eq!(v["multi_year"]["candidate"], false);
    assert_eq!(v["suggested_effort"][0]["effort"], "standard");
    let tracker = v["tracker"].as_array().unwrap();
    assert_eq!(tracker.len(), 2);
    assert_eq!(
        tracker[0]["problem"],
        "negative feedback: NPS -20 is below 0"
    );
    assert_eq!(tracker[0]["owner"], "Sam Carter");
    assert_eq!(tracker[0]["fix"], serde_json::Value::Null);
    // The cockpit's save pane shows the same before S starts a plan.
    let store = Store::open(&db).unwrap();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, "/dune media");
    key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    typed(&mut app, "3");
    let s = screen(&app, 120, 40);
    assert!(s.contains("Value medium · probability not assessed"), "{s}");
    assert!(
        s.contains("Root cause suggested: service experience"),
        "{s}"
    );
    assert!(
        s.contains("negative feedback: NPS -20 is below 0 · service experience · Sam Carter"),
        "{s}"
    );
}

#[test]
fn save_metrics_use_the_queues_at_risk_rule_and_logged_hours() {
    let (d, mut store) = imported();
    let db = store.path().to_path_buf();
    let plan = store
        .write(|tx| tx.start_save_plan("A-6", today(), NOW))
        .unwrap();
    store.write(|tx| tx.log_save_hours(plan, 10, NOW)).unwrap();
    assert!(store.write(|tx| tx.log_save_hours(plan, 0, NOW)).is_err());
    let run = |args: &[&str]| -> serde_json::Value {
        let o = runway_in(d.path())
            .args(args)
            .args(["--json", "--today", TODAY, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let q = run(&["queue", "--all"]);
    let queue_at_risk = q["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["at_risk"] == true)
        .count() as i64;
    let m = run(&["saves"]);
    assert_eq!(m["at_risk"], queue_at_risk);
    assert_eq!(m["at_risk_with_plan"], 1);
    assert_eq!(m["hours_spent"], 10);
    assert_eq!(m["hours_planned"], 0);
    assert_eq!(m["save_roi"], 0.0);
    for k in [
        "at_risk",
        "attempt_rate_pct",
        "save_roi",
        "hours_spent",
        "hours_planned",
    ] {
        assert!(m["definitions"][k].is_string(), "{k} undocumented");
    }
    // Saved: Fir's $70K over 10 h at $100 an hour.
    store
        .write(|tx| tx.close_save_saved(plan, today(), 26, NOW))
        .unwrap();
    let m = run(&["saves"]);
    assert_eq!(m["save_roi"], 70.0);
    let p = run(&["save", "A-6"]);
    assert_eq!(p["logged_hours"], 10);
}

#[test]
fn closing_as_churned_asks_for_the_debrief_and_schedules_win_back() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (d, store) = imported();
    let db = store.path().to_path_buf();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, "/elm dental");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "C");
    let s = screen(&app, 120, 40);
    assert!(s.contains("win-back check-ins at 3, 6 and 12"), "{s}");
    assert!(
        s.contains("When really lost") && s.contains("Missed expansion"),
        "{s}"
    );
    key(&mut app, KeyCode::Char('c')); // churned
    key(&mut app, KeyCode::Tab);
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "0");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Budget cut after the merger");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "Brightloom");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "none");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "at the September QBR");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "three budget notes in a month");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message.as_deref().unwrap_or("").contains("win-back"),
        "{:?}",
        app.message
    );
    drop(app);
    let c = rusqlite::Connection::open(&db).unwrap();
    let (reason, competitor, when, missed, expansion): (String, String, String, String, String) = c
        .query_row(
            "SELECT reason, competitor, when_really_lost, missed_signals, missed_expansion FROM outcomes o
             JOIN renewals r ON r.id = o.renewal_id JOIN accounts a ON a.key = r.account_key WHERE a.id = 'A-5'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(reason, "Budget cut after the merger");
    assert_eq!(competitor, "Brightloom");
    assert_eq!(when, "at the September QBR");
    assert_eq!(missed, "three budget notes in a month");
    assert_eq!(expansion, "none");
    let due: Vec<String> = c
        .prepare("SELECT due_on FROM tasks WHERE account_id = 'A-5' AND kind = 'win_back' ORDER BY due_on")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(due, vec!["2027-02-22", "2027-05-22", "2027-11-22"]);
    let _ = d;
}

#[test]
fn escalation_needs_value_exhausted_options_and_an_exec_tie() {
    use runway::domain::book::{SaveItem, Stakeholder};
    use runway::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
    let (d, mut store) = imported();
    let db = store.path().to_path_buf();
    let plan = store
        .write(|tx| tx.start_save_plan("A-6", today(), NOW))
        .unwrap();
    let save = |d: &std::path::Path| -> serde_json::Value {
        let o = runway_in(d)
            .args(["save", "A-6", "--json", "--today", TODAY, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    // $70K, above the escalation line, but nothing tried and recorded, no exec tie.
    let v = save(d.path());
    assert_eq!(v["escalation"]["suggested"], false);
    assert_eq!(
        v["escalation"]["missing"],
        serde_json::json!([
            "our own options are not exhausted (work every plan item first)",
            "no executive relationship on their side to use"
        ])
    );
    store
        .write(|tx| {
            tx.add_save_item(
                plan,
                &SaveItem {
                    problem: "Compared us with a competitor".into(),
                    root_cause: None,
                    fix: Some("Side-by-side demo".into()),
                    customer_wording: None,
                    owner: "Mei".into(),
                    deadline: None,
                    metric: None,
                    status: "done".into(),
                    priority: 1,
                    deal_breaker: true,
                    fixable: true,
                    quick_win: false,
                },
                NOW,
            )
        })
        .unwrap();
    let v = save(d.path());
    assert_eq!(
        v["escalation"]["missing"],
        serde_json::json!(["no executive relationship on their side to use"])
    );
    store
        .write(|tx| {
            tx.add_stakeholder(
                &Stakeholder {
                    id: 0,
                    account_id: "A-6".into(),
                    name: "Vera Quist".into(),
                    title: Some("COO".into()),
                    email: None,
                    phone: None,
                    role: Some(Role::DecisionMaker),
                    sentiment: Sentiment::Neutral,
                    status: ContactStatus::Active,
                    last_contact: None,
                    our_thread: Some(Thread::Executive),
                    our_contact: None,
                },
                "manual",
            )
        })
        .unwrap();
    let v = save(d.path());
    assert_eq!(v["escalation"]["suggested"], true);
    assert_eq!(v["escalation"]["missing"], serde_json::json!([]));
}
