//! `runway forecast`, `moved`, `snapshot` and `category` through the binary, on temp
//! books built by importing a file one day and a changed file a week later.

mod common;

use common::{runway_in, stderr, stdout};
use serde_json::Value;
use std::path::Path;

const HEAD: &str = "account_id,account_name,arr,currency,renewal_date,owner,health_score,stage,opportunity_type,touch_model\n";

/// The book on day one: every renewal but P1 due in 2026-Q4.
const DAY1: &str = "\
P1,Pulled In Ltd,10000,USD,2027-01-20,Dana,80,engaged,flat,assisted
P2,Pushed Out Ltd,20000,USD,2026-12-15,Dana,80,engaged,flat,assisted
P3,Amount Up Ltd,30000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P4,Amount Down Ltd,40000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P5,Category Ltd,50000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P6,Stage Ltd,60000,USD,2026-12-05,Dana,80,prep,flat,assisted
P7,Newly At Risk Ltd,70000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P8,Recovered Ltd,80000,USD,2026-12-05,Dana,80,engaged,at_risk,assisted
P9,Won Ltd,90000,USD,2026-11-20,Dana,80,verbal,flat,assisted
P10,Lost Ltd,15000,USD,2026-11-20,Dana,80,engaged,flat,assisted
P11,Owner Ltd,25000,USD,2026-12-05,Dana,80,engaged,flat,assisted
U1,Unchanged One,35000,USD,2026-12-05,Sam,80,engaged,flat,assisted
U2,Unchanged Two,45000,USD,2027-03-05,Sam,80,engaged,flat,assisted
";

/// A week later.
const DAY2: &str = "\
P1,Pulled In Ltd,10000,USD,2026-12-10,Dana,80,engaged,flat,assisted
P2,Pushed Out Ltd,20000,USD,2027-02-01,Dana,80,engaged,flat,assisted
P3,Amount Up Ltd,36000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P4,Amount Down Ltd,32000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P5,Category Ltd,50000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P6,Stage Ltd,60000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P7,Newly At Risk Ltd,70000,USD,2026-12-05,Dana,30,engaged,flat,assisted
P8,Recovered Ltd,80000,USD,2026-12-05,Dana,80,engaged,flat,assisted
P9,Won Ltd,90000,USD,2026-11-20,Dana,80,won,flat,assisted
P10,Lost Ltd,15000,USD,2026-11-20,Dana,80,churned,flat,assisted
P11,Owner Ltd,25000,USD,2026-12-05,Sam,80,engaged,flat,assisted
U1,Unchanged One,35000,USD,2026-12-05,Sam,80,engaged,flat,assisted
U2,Unchanged Two,45000,USD,2027-03-05,Sam,80,engaged,flat,assisted
";

fn run(dir: &Path, db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", today])
        .output()
        .unwrap()
}

fn ok(o: std::process::Output) -> std::process::Output {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    o
}

fn import(dir: &Path, db: &Path, today: &str, rows: &str) {
    let file = dir.join(format!("accounts-{today}.csv"));
    std::fs::write(&file, format!("{HEAD}{rows}")).unwrap();
    ok(run(
        dir,
        db,
        today,
        &["import", "accounts", file.to_str().unwrap()],
    ));
}

fn json(o: std::process::Output) -> Value {
    serde_json::from_str(&stdout(&ok(o))).unwrap()
}

/// A book with a snapshot on 2026-11-15 and the changes of 2026-11-22 applied.
fn two_weeks() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(dir.path(), &db, "2026-11-15", DAY1);
    let o = ok(run(dir.path(), &db, "2026-11-15", &["snapshot"]));
    assert!(
        stderr(&o).contains("13 of 13 renewals changed"),
        "{}",
        stderr(&o)
    );
    import(dir.path(), &db, "2026-11-22", DAY2);
    ok(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["category", "P5", "commit"],
    ));
    (dir, db)
}

#[test]
fn every_kind_of_movement_between_two_snapshots() {
    let (dir, db) = two_weeks();
    let v = json(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["moved", "--since", "2026-11-15", "--json"],
    ));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["since"], "2026-11-15");
    let got: Vec<(String, String, f64)> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            assert_eq!(m["schema_version"], 1);
            assert_eq!(m["currency"], "USD");
            (
                m["account_id"].as_str().unwrap().to_string(),
                m["kind"].as_str().unwrap().to_string(),
                m["effect"].as_f64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("P1", "pulled_in", 10000.0),
        ("P2", "pushed_out", -20000.0),
        ("P9", "won", 0.0),
        ("P10", "lost", -15000.0),
        ("P3", "amount_up", 6000.0),
        ("P4", "amount_down", -8000.0),
        ("P5", "category_changed", 0.0),
        ("P6", "stage_changed", 0.0),
        ("P7", "newly_at_risk", 0.0),
        ("P8", "recovered", 0.0),
        ("P11", "owner_changed", 0.0),
    ];
    let want: Vec<(String, String, f64)> = want
        .iter()
        .map(|(a, k, e)| (a.to_string(), k.to_string(), *e))
        .collect();
    assert_eq!(got, want);
    let moves = v["moves"].as_array().unwrap();
    let by = |id: &str| moves.iter().find(|m| m["account_id"] == id).unwrap();
    assert_eq!(by("P1")["before"], "2027-01-20");
    assert_eq!(by("P1")["after"], "2026-12-10");
    assert_eq!(by("P1")["account_name"], "Pulled In Ltd");
    assert_eq!(by("P3")["before"], "$30,000");
    assert_eq!(by("P3")["after"], "$36,000");
    assert_eq!(by("P5")["before"], "pipeline");
    assert_eq!(by("P5")["after"], "commit");
    assert_eq!(by("P9")["after"], "won $90,000");
    assert_eq!(by("P11")["before"], "Dana");
    assert_eq!(by("P11")["after"], "Sam");
    // The waterfall runs from the old forecast to the new and adds up.
    let w = v["waterfall"].as_array().unwrap();
    let amount = |step: &str| {
        w.iter().find(|s| s["step"] == step).unwrap()["amount"]
            .as_f64()
            .unwrap()
    };
    let steps: f64 = w
        .iter()
        .filter(|s| s["step"] != "start" && s["step"] != "end")
        .map(|s| s["amount"].as_f64().unwrap())
        .sum();
    let start = 20000.0
        + 30000.0
        + 40000.0
        + 50000.0
        + 60000.0
        + 70000.0
        + 80000.0
        + 90000.0
        + 15000.0
        + 25000.0
        + 35000.0;
    assert_eq!(amount("start"), start);
    assert_eq!(amount("start") + steps, amount("end"));
    assert_eq!(
        amount("end"),
        start + 10000.0 - 20000.0 - 15000.0 + 6000.0 - 8000.0
    );
    // The trend ends on the book as it is now.
    let trend = v["trend"].as_array().unwrap();
    let last = trend.last().unwrap();
    assert_eq!(last["week"], "2026-11-22");
    assert_eq!(last["forecast"].as_f64().unwrap(), amount("end"));
}

#[test]
fn only_changed_renewals_are_stored_and_a_day_is_replaced_not_added() {
    let (dir, db) = two_weeks();
    // The import on 2026-11-22 took that day's snapshot before it changed anything.
    let o = ok(run(dir.path(), &db, "2026-11-22", &["snapshot"]));
    assert!(
        stderr(&o).contains("(replaced): 11 of 13 renewals changed"),
        "{}",
        stderr(&o)
    );
    let o = ok(run(dir.path(), &db, "2026-11-22", &["snapshot"]));
    assert!(
        stderr(&o).contains("(replaced): 11 of 13"),
        "{}",
        stderr(&o)
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM forecast_snapshots", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 13 + 11);
    // An earlier day is never rewritten.
    let o = run(dir.path(), &db, "2026-11-20", &["snapshot"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("past days are never rewritten"),
        "{}",
        stderr(&o)
    );
    // Nothing moved since today's snapshot.
    let v = json(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["moved", "--since", "2026-11-22", "--json"],
    ));
    assert_eq!(v["moves"].as_array().unwrap().len(), 0);
}

#[test]
fn forecast_json_rolls_up_as_crm_forecasting() {
    let (dir, db) = two_weeks();
    let v = json(run(dir.path(), &db, "2026-11-22", &["forecast", "--json"]));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["period"]["label"], "2026-Q4");
    // Due in Q4: P1, P3-P11, U1 (P2 pushed out).
    let due = 10000.0
        + 30000.0
        + 40000.0
        + 50000.0
        + 60000.0
        + 70000.0
        + 80000.0
        + 90000.0
        + 15000.0
        + 25000.0
        + 35000.0;
    // ARR moved by the import: P3 36k, P4 32k.
    let due = due + 6000.0 - 8000.0;
    assert_eq!(v["renewals_due"].as_f64().unwrap(), due);
    assert_eq!(v["count"], 11);
    assert_eq!(v["closed_won"].as_f64().unwrap(), 90000.0);
    assert_eq!(v["churned"].as_f64().unwrap(), 15000.0);
    // P5 was set to commit by hand; nothing else is verbal or later.
    assert_eq!(v["commit"].as_f64().unwrap(), 50000.0 + 90000.0);
    assert_eq!(v["best_case"].as_f64().unwrap(), 50000.0 + 90000.0);
    assert_eq!(v["pipeline"].as_f64().unwrap(), due - 90000.0 - 15000.0);
    assert_eq!(v["forecast"].as_f64().unwrap(), due - 15000.0);
    // Actual retention over the two closed: 105k start, 15k churned.
    assert_eq!(v["grr"].as_f64().unwrap(), 90000.0 / 105000.0);
    assert_eq!(v["nrr"].as_f64().unwrap(), 90000.0 / 105000.0);
    let owners: Vec<&str> = v["by_owner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["Dana", "Sam"]);
    // Team facts beside each owner's figures: no steps done, no save plans here.
    let dana = &v["by_owner"][0];
    assert_eq!(dana["saves_open"], 0);
    assert!(dana["steps_due_30d"].as_u64().is_some());
    assert_eq!(dana["steps_on_time_30d"], 0);
    let leads: Vec<&str> = v["by_lead"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["lead"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["csm"], "the default model: the CSM owns");
    assert!(
        v["by_segment"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["schema_version"] == 1)
    );
    let kinds = v["at_risk_by_kind"].as_array().unwrap();
    assert!(
        kinds
            .iter()
            .any(|k| k["kind"] == "health_drop" && k["arr"] == 70000.0),
        "{kinds:?}"
    );
    // --owner narrows every figure.
    let sam = json(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["forecast", "--owner", "sam", "--json"],
    ));
    assert_eq!(sam["renewals_due"].as_f64().unwrap(), 25000.0 + 35000.0);
    // Next quarter holds P2 and U2.
    let next = json(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["forecast", "--period", "next-quarter", "--json"],
    ));
    assert_eq!(next["renewals_due"].as_f64().unwrap(), 20000.0 + 45000.0);
}

#[test]
fn bad_periods_dates_and_books_are_refused_plainly() {
    let (dir, db) = two_weeks();
    // Each refused with a message saying what is wrong.
    for (args, says) in [
        (
            &["forecast", "--period", "2026-Q5"][..],
            "--period '2026-Q5'",
        ),
        (&["moved", "--since", "2026-12-01"][..], "after today"),
        (
            &["moved", "--since", "2026-01-01"][..],
            "the first is of 2026-11-15",
        ),
        (&["category", "P9", "commit"][..], "no open renewal"),
    ] {
        let o = run(dir.path(), &db, "2026-11-22", args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    // A read-only book reads on a new day without taking a snapshot.
    ok(run(
        dir.path(),
        &db,
        "2026-11-29",
        &["--read-only", "forecast"],
    ));
    let c = rusqlite::Connection::open(&db).unwrap();
    let days = || -> i64 {
        c.query_row(
            "SELECT count(*) FROM snapshot_days WHERE taken_on = '2026-11-29'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(days(), 0);
    // A writable one takes it on its first run of the day.
    ok(run(dir.path(), &db, "2026-11-29", &["forecast"]));
    assert_eq!(days(), 1);
}

#[test]
fn text_output_is_for_people() {
    let (dir, db) = two_weeks();
    let o = ok(run(
        dir.path(),
        &db,
        "2026-11-22",
        &["moved", "--since", "2026-11-15"],
    ));
    let s = stdout(&o);
    assert!(
        s.contains("What moved in 2026-Q4 since the snapshot of 2026-11-15"),
        "{s}"
    );
    assert!(s.contains("pulled in"), "{s}");
    assert!(s.contains("old forecast"), "{s}");
    let o = ok(run(dir.path(), &db, "2026-11-22", &["forecast"]));
    assert!(stdout(&o).contains("Forecast 2026-Q4 (2026-10-01 to 2026-12-31)"));
}
