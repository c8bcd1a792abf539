//! `runway save` and `runway saves` as a script would call them.

mod common;

use common::*;

fn demo_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, path) = temp_db();
    let out = runway_in(d.path())
        .args(["demo", "--db"])
        .arg(&path)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success());
    (d, path)
}

fn json(d: &std::path::Path, db: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = runway_in(d)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn save_json_has_the_documented_fields_and_flags_the_low_approval() {
    let (d, db) = demo_book();
    // The demo holds only approvals the matrix accepts (issue 13); a CSM approval of
    // 18% is what a book keeps when the matrix was tightened after it was recorded.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE concessions SET approved_by = 'csm' WHERE percent_bp = 1800",
            [],
        )
        .unwrap();
    let v = json(d.path(), &db, &["save", "DEMO-015", "--json"]);
    assert_eq!(v["schema_version"], 1);
    for k in [
        "probability_tier",
        "value_tier",
        "effort",
        "time_mode",
        "root_cause_category",
        "expected_value_hours",
        "escalation",
        "items",
        "concessions",
        "outcome",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let item = &v["items"][0];
    for k in [
        "problem",
        "root_cause",
        "fix",
        "owner",
        "deadline",
        "metric",
        "status",
        "priority",
        "overdue",
    ] {
        assert!(item.get(k).is_some(), "item missing {k}");
    }
    let c = &v["concessions"][0];
    assert_eq!(c["percent"], 18.0);
    assert_eq!(c["required_approver"], "director");
    assert_eq!(c["approved_by"], "csm");
    assert!(c["warnings"].to_string().contains("needs director"));
    let v = json(d.path(), &db, &["save", "DEMO-003"]);
    assert!(
        v["concessions"][0]["warnings"]
            .to_string()
            .contains("not tied")
    );
}

#[test]
fn fuzzy_names_resolve_and_unknown_accounts_fail() {
    let (d, db) = demo_book();
    let v = json(d.path(), &db, &["save", "Halcyon"]);
    assert_eq!(v["account_id"], "DEMO-015");
    let out = runway_in(d.path())
        .arg("--db")
        .arg(&db)
        .args(["save", "zzzz-nothing"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no account has the id or a name like 'zzzz-nothing'")
    );
}

#[test]
fn saves_metrics_and_md_export() {
    let (d, db) = demo_book();
    let v = json(d.path(), &db, &["saves", "--json"]);
    assert_eq!(v["attempts"], 6);
    assert!(v["at_risk"].as_i64().unwrap() >= 6);
    let file = d.path().join("plan.md");
    let out = runway_in(d.path())
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "save", "DEMO-003", "--md", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("## In the next 48 hours"));
    assert!(md.contains("## What we ask of you"));
}

#[test]
fn the_customer_plan_goes_to_stdout_with_a_dash_not_to_a_file_named_dash() {
    let (d, db) = demo_book();
    let out = runway_in(d.path())
        .current_dir(d.path())
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY])
        .args(["save", "copperleaf", "--md", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("# "), "{}", stdout(&out));
    assert!(!d.path().join("-").exists());
}
