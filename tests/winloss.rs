//! `runway winloss` through the binary: outcome columns from a CRM export, records,
//! filters and loss patterns.

mod common;

use common::{runway_in, stderr, stdout};
use serde_json::Value;
use std::path::Path;

/// A CRM export with the outcome columns under their CRM names.
const FILE: &str = "\
Account ID,Account Name,ARR,Currency,Renewal Date,CSM,Stage,Closed Date,Churn Reason,Primary Competitor
W1,Won Co,10000,USD,2026-10-10,Dana,won,2026-10-01,Great QBR,
L1,Lost One,20000,USD,2026-10-11,Dana,churned,2026-10-02,Price,Rival
L2,Lost Two,30000,USD,2026-10-12,Sam,churned,2026-10-03,Price,Rival
L3,Lost Three,40000,USD,2026-10-13,Sam,churned,2026-10-04,Product fit,Rival
L4,Lost Four,5000,USD,2026-08-13,Sam,churned,2026-08-04,Price,Other
O1,Open Co,50000,USD,2026-12-13,Sam,engaged,,,
";

fn run(dir: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .output()
        .unwrap()
}

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let file = dir.path().join("crm.csv");
    std::fs::write(&file, FILE).unwrap();
    let o = run(
        dir.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

fn json(o: std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn outcome_columns_become_records_and_patterns() {
    let (dir, db) = book();
    let v = json(run(dir.path(), &db, &["winloss", "--json"]));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["pattern_min"], 3);
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs.len(), 5, "open renewals are not records");
    let l1 = recs.iter().find(|r| r["account_id"] == "L1").unwrap();
    assert_eq!(l1["closed_on"], "2026-10-02");
    assert_eq!(l1["reason"], "Price");
    assert_eq!(l1["competitor"], "Rival");
    assert_eq!(l1["result"], "churned");
    assert_eq!(l1["lost_arr"].as_f64().unwrap(), 20000.0);
    let w1 = recs.iter().find(|r| r["account_id"] == "W1").unwrap();
    assert_eq!(w1["reason"], "Great QBR");
    assert_eq!(w1["competitor"], Value::Null);
    let pat = |by: &str, value: &str| {
        v["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["by"] == by && p["value"] == value)
            .cloned()
            .unwrap_or_else(|| panic!("{by} {value}: {}", v["patterns"]))
    };
    let rival = pat("competitor", "Rival");
    assert_eq!(
        (
            rival["count"].as_u64(),
            rival["arr"].as_f64(),
            rival["pattern"].as_bool()
        ),
        (Some(3), Some(90000.0), Some(true))
    );
    let price = pat("reason", "Price");
    assert_eq!(
        (price["count"].as_u64(), price["pattern"].as_bool()),
        (Some(3), Some(true))
    );
    let fit = pat("reason", "Product fit");
    assert_eq!(fit["pattern"], false);
    assert_eq!(pat("competitor", "Other")["pattern"], false);
    assert!(
        v["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["by"] != "reason" || p["value"] != "Great QBR"),
        "wins are not loss patterns"
    );
}

#[test]
fn filters_narrow_the_records_and_their_patterns() {
    let (dir, db) = book();
    let v = json(run(
        dir.path(),
        &db,
        &["winloss", "--period", "2026-Q4", "--json"],
    ));
    assert_eq!(v["records"].as_array().unwrap().len(), 4);
    assert_eq!(v["period"]["label"], "2026-Q4");
    let v = json(run(
        dir.path(),
        &db,
        &[
            "winloss",
            "--competitor",
            "rival",
            "--owner",
            "SAM",
            "--json",
        ],
    ));
    let ids: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["L3", "L2"]);
    let v = json(run(
        dir.path(),
        &db,
        &[
            "winloss",
            "--reason",
            "price",
            "--segment",
            "mid_market",
            "--json",
        ],
    ));
    assert_eq!(v["records"].as_array().unwrap().len(), 2);
    let o = run(dir.path(), &db, &["winloss", "--segment", "huge"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--segment 'huge'"));
    let o = run(dir.path(), &db, &["winloss"]);
    assert!(stdout(&o).contains("PATTERN"), "{}", stdout(&o));
}

#[test]
fn a_later_file_fills_in_the_debrief_of_a_closed_renewal_once() {
    let (dir, db) = book();
    let file = dir.path().join("history.csv");
    std::fs::write(
        &file,
        "Account ID,Account Name,ARR,Renewal Date,Stage,Loss Reason,Competitor\nL4,Lost Four,5000,2026-08-13,churned,Budget cut,Rival\n",
    )
    .unwrap();
    let o = run(
        dir.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(format!("{}{}", stdout(&o), stderr(&o)).contains("updated 1"));
    let v = json(run(dir.path(), &db, &["winloss", "--json"]));
    let l4 = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account_id"] == "L4")
        .unwrap()
        .clone();
    assert_eq!(
        (l4["reason"].as_str(), l4["competitor"].as_str()),
        (Some("Budget cut"), Some("Rival"))
    );
    // The same file again changes nothing.
    let o = run(
        dir.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("updated 0, unchanged 1"), "{said}");
}
