//! Approval before the customer sees it (issue 12): a proposal option needing more
//! than `proposal.user_level` is refused for export and acceptance until someone at
//! that level approves; `--draft` writes a bannered internal copy.

mod common;
use common::*;
use runway::domain::proposal_approval::Policy;
use runway::domain::proposal_rules::TierName;

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    let mut store = runway::store::Store::open(&db).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    (dir, db)
}

fn run(dir: &std::path::Path, db: &std::path::Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn export_is_refused_until_approved_then_written() {
    let (d, db) = book();
    for flag in ["--md", "--html", "--txt"] {
        let o = run(d.path(), &db, &["proposal", "DEMO-002", flag]);
        assert_eq!(o.status.code(), Some(1), "{flag}");
        assert!(o.stdout.is_empty(), "{flag}: nothing for the customer");
        let err = stderr(&o);
        assert!(
            err.contains("Best: 15% off needs manager approval"),
            "{err}"
        );
        assert!(err.contains("--draft"), "{err}");
    }
    // JSON is for scripts: it says what is missing.
    let o = run(d.path(), &db, &["proposal", "DEMO-002", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["approved"], false);
    assert_eq!(v["approvals_missing"][0]["needs"], "manager");

    // A CSM cannot approve what needs a manager; a nameless approval is refused.
    let o = run(
        d.path(),
        &db,
        &[
            "proposal",
            "DEMO-002",
            "--approve",
            "best",
            "--by",
            "Sam",
            "--level",
            "csm",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("a CSM cannot approve 15% off"),
        "{}",
        stderr(&o)
    );
    let o = run(
        d.path(),
        &db,
        &[
            "proposal",
            "DEMO-002",
            "--approve",
            "best",
            "--by",
            " ",
            "--level",
            "manager",
        ],
    );
    assert_eq!(o.status.code(), Some(1));

    let o = run(
        d.path(),
        &db,
        &[
            "proposal",
            "DEMO-002",
            "--approve",
            "best",
            "--by",
            "Dana Reyes",
            "--level",
            "manager",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Dana Reyes approved Best"));
    for flag in ["--md", "--html", "--txt"] {
        let o = run(d.path(), &db, &["proposal", "DEMO-002", flag]);
        assert!(o.status.success(), "{flag}: {}", stderr(&o));
        assert!(!stdout(&o).contains("DRAFT"), "{flag}");
    }
    let o = run(d.path(), &db, &["proposal", "DEMO-002", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["approved"], true);
    assert_eq!(v["approvals"][0]["by"], "Dana Reyes");
    assert_eq!(v["approvals"][0]["level"], "manager");
    assert_eq!(v["approvals"][0]["on"], TODAY);
}

#[test]
fn draft_carries_the_banner_on_every_section() {
    let (d, db) = book();
    let md = stdout(&run(
        d.path(),
        &db,
        &["proposal", "DEMO-002", "--md", "--draft"],
    ));
    let sections = md.split("\n## ").count();
    assert!(sections >= 3);
    for (i, section) in md.split("\n## ").enumerate() {
        assert!(
            section.contains("DRAFT — not approved"),
            "section {i}: {section}"
        );
    }
    let html = stdout(&run(
        d.path(),
        &db,
        &["proposal", "DEMO-002", "--html", "--draft"],
    ));
    assert!(html.contains("<title>DRAFT — not approved"));
    assert_eq!(html.matches("class=\"draft\"").count(), sections);
    let txt = stdout(&run(
        d.path(),
        &db,
        &["proposal", "DEMO-002", "--txt", "--draft"],
    ));
    assert!(txt.starts_with("*** DRAFT — not approved"));
    assert!(txt.trim_end().ends_with("*** DRAFT — not approved ***"));
}

#[test]
fn the_store_refuses_acceptance_without_approval() {
    let (_d, db) = book();
    let mut store = runway::store::Store::open(&db).unwrap();
    let cfg = runway::domain::config::Config::default();
    let policy = Policy::from_config(&cfg);
    let detail = store
        .account_detail("DEMO-002", &cfg, today())
        .unwrap()
        .unwrap();
    let (_, draft) = store.proposal_model(&cfg, &detail).unwrap().unwrap();
    let first = runway::domain::money::Money::from_major(1000);
    let err = store
        .write(|tx| {
            tx.save_proposal("DEMO-002", None, &draft, "2026-11-22T09:00")?;
            tx.accept_proposal("DEMO-002", TierName::Best, first, today(), &policy)
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot mark it accepted: Best: 15% off needs manager approval"),
        "{err}"
    );
    // Good needs nothing beyond the user's own level.
    store
        .write(|tx| tx.accept_proposal("DEMO-002", TierName::Good, first, today(), &policy))
        .unwrap();
    store
        .write(|tx| {
            tx.approve_tier(
                "DEMO-002",
                None,
                &draft,
                TierName::Best,
                runway::domain::approval::ApproverLevel::Director,
                "Lee",
                today(),
                &policy,
            )?;
            tx.accept_proposal("DEMO-002", TierName::Best, first, today(), &policy)
        })
        .unwrap();
    let approvals = store.proposal_approvals("DEMO-002").unwrap();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].by, "Lee");
}
