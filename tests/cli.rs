//! The binary, run as a user would, on temp files.

mod common;

use common::*;

/// A temp folder with the demo book written into it through the binary.
fn demo_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, path) = temp_db();
    let out = on_book(d.path(), &path, &["demo", "--today", TODAY]);
    assert!(out.status.success(), "{}", stderr(&out));
    (d, path)
}

/// Runs `runway ARGS --db BOOK`.
fn on_book(dir: &std::path::Path, book: &std::path::Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(book)
        .output()
        .unwrap()
}

/// The run's error output mentions `needle`.
fn says(o: &std::process::Output, needle: &str) {
    let err = stderr(o);
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
}

#[test]
fn demo_writes_a_valid_book() {
    let (d, path) = temp_db();
    let out = runway_in(d.path())
        .args(["demo", "--db"])
        .arg(&path)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote a book of 80 accounts"));
    let store = runway::store::Store::open(&path).unwrap();
    assert_eq!(store.book_stats().unwrap().accounts, 80);
    assert!(
        !store
            .load_queue(&Default::default(), today(), Some(90))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn demo_refuses_an_existing_file_untouched() {
    let (d, path) = temp_db();
    std::fs::write(&path, b"precious").unwrap();
    let out = runway_in(d.path())
        .args(["demo", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    says(&out, "already exists");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    let out = runway_in(d.path()).arg("demo").output().unwrap();
    says(&out, "--db PATH");
}

#[test]
fn impossible_today_is_refused() {
    let (d, _) = temp_db();
    let out = runway_in(d.path())
        .args(["--today", "2026-02-30", "demo", "--db", "x.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    says(&out, "'2026-02-30' is not a date");
    let out = runway_in(d.path())
        .env("RUNWAY_TODAY", "tomorrow")
        .args(["demo", "--db", "x.db"])
        .output()
        .unwrap();
    says(&out, "'tomorrow' is not a date");
}

#[test]
fn bad_database_paths_get_one_clear_line() {
    let (d, path) = temp_db();
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = runway_in(d.path()).arg("--db").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("runway: ")
            && err.contains("book.db")
            && err.contains("not an SQLite file"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let out = runway_in(d.path())
        .arg("--db")
        .arg(d.path())
        .output()
        .unwrap();
    says(&out, "is a directory");
    let out = runway_in(d.path())
        .arg("--db")
        .arg(d.path().join("no/such/folder/x.db"))
        .output()
        .unwrap();
    says(&out, "cannot create");
}

#[test]
fn newer_schema_is_refused_through_the_binary() {
    let (d, path) = temp_db();
    drop(runway::store::Store::open(&path).unwrap());
    forge_newer_schema(&path, 99);
    let before = std::fs::read(&path).unwrap();
    let out = runway_in(d.path()).arg("--db").arg(&path).output().unwrap();
    says(&out, "newer version of runway");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn config_init_writes_once_and_bad_configs_stop_startup() {
    let (d, path) = temp_db();
    let cfg = d.path().join("conf/runway.toml");
    let out = runway_in(d.path())
        .args(["config", "init", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert_eq!(text, runway::config::DEFAULT_TOML);
    let out = runway_in(d.path())
        .args(["config", "init", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(!out.status.success() && stderr(&out).contains("already exists"));

    std::fs::write(&cfg, "[queue]\nwindow_dayz = 30\n").unwrap();
    let out = runway_in(d.path())
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&path)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("runway.toml: line 2") && err.contains("window_dayz"),
        "{err}"
    );
    assert!(!path.exists(), "nothing starts on a bad config");

    std::fs::write(&cfg, "[keys]\nquit = \"hyper-q\"\n").unwrap();
    let out = runway_in(d.path())
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&path)
        .output()
        .unwrap();
    says(&out, "hyper-q");

    std::fs::write(&cfg, "[health]\ngreen_min = 40\n").unwrap();
    let out = runway_in(d.path())
        .env("RUNWAY_CONFIG", &cfg)
        .arg("--db")
        .arg(&path)
        .output()
        .unwrap();
    says(&out, "health.yellow_min must be below health.green_min");
}

#[test]
fn help_on_every_command() {
    let (d, _) = temp_db();
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["config", "--help"],
        vec!["config", "init", "--help"],
    ] {
        let out = runway_in(d.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage:"),
            "{args:?}"
        );
    }
}

#[test]
fn queue_json_matches_the_panes_rows_in_order() {
    let (d, path) = demo_book();
    let out = on_book(d.path(), &path, &["queue", "--json", "--today", TODAY]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["today"], TODAY);
    assert_eq!(v["window_days"], 90);
    let json_ids: Vec<String> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account_id"].as_str().unwrap().to_string())
        .collect();
    let app = app_on(runway::store::Store::open(&path).unwrap(), 120, 40);
    let pane_ids: Vec<String> = app
        .queue
        .view
        .iter()
        .map(|&i| app.queue.full_row(i).unwrap().facts.account_id.clone())
        .collect();
    assert_eq!(json_ids, pane_ids);
    let first = &v["rows"][0];
    for field in [
        "account_id",
        "account_name",
        "segment",
        "segment_override",
        "arr",
        "target_arr",
        "currency",
        "renewal_date",
        "days_left",
        "health_score",
        "health_band",
        "risk_signals",
        "at_risk",
        "stage",
        "opportunity_type",
        "touch_model",
        "owner",
        "probability",
        "next_milestone",
        "behind",
        "stalled",
        "snoozed_until",
        "priority",
    ] {
        assert!(first.get(field).is_some(), "missing {field}");
    }
    assert!(first["arr"].is_number());
    // Filters narrow the same way the pane's do.
    let out = runway_in(d.path())
        .args([
            "queue",
            "--json",
            "--at-risk",
            "--owner",
            "dana reyes",
            "--today",
            TODAY,
            "--db",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["at_risk"] == true && r["owner"] == "Dana Reyes")
    );
}

#[test]
fn queue_text_is_inert_and_missing_books_are_not_created() {
    let (d, path) = demo_book();
    let out = on_book(d.path(), &path, &["queue", "--all", "--today", TODAY]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("PRI  ACCOUNT"));
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{200b}'));
    assert!(text.contains("␛[31mSunhaven"), "hostile names shown inert");
    let missing = d.path().join("nope.db");
    let out = runway_in(d.path())
        .args(["queue", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    says(&out, "no such book");
    assert!(!missing.exists());
    let out = runway_in(d.path())
        .args(["queue", "--days", "-3", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn account_json_has_the_panes_fields_and_ids_resolve() {
    let (d, path) = demo_book();
    let out = on_book(
        d.path(),
        &path,
        &["account", "DEMO-005", "--json", "--today", TODAY],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["account_id"], "DEMO-005");
    for field in [
        "stakeholders",
        "coverage",
        "signals",
        "milestones",
        "multi_year",
        "arr",
        "days_left",
        "next_milestone",
        "priority",
    ] {
        assert!(v.get(field).is_some(), "missing {field}");
    }
    for field in [
        "single_threaded",
        "missing_roles",
        "champion_left",
        "stale_contacts",
        "warnings",
    ] {
        assert!(
            v["coverage"].get(field).is_some(),
            "missing coverage.{field}"
        );
    }
    assert_eq!(v["coverage"]["champion_left"], true);
    let s = &v["stakeholders"][0];
    for field in [
        "name",
        "title",
        "role",
        "sentiment",
        "status",
        "last_contact",
        "our_thread",
    ] {
        assert!(s.get(field).is_some(), "missing stakeholders[].{field}");
    }
    let m = &v["milestones"][0];
    for field in ["key", "name", "offset_days", "due_date", "status"] {
        assert!(m.get(field).is_some(), "missing milestones[].{field}");
    }
    assert!(v["multi_year"]["candidate"].is_boolean());
    // A unique piece of the name finds the account; an unknown one is a clear error.
    let out = on_book(
        d.path(),
        &path,
        &["account", "kestrel freight", "--json", "--today", TODAY],
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["account_id"], "DEMO-002");
    let out = on_book(d.path(), &path, &["account", "NOPE-1"]);
    assert_eq!(out.status.code(), Some(1));
    says(&out, "no account has the id or a name like 'NOPE-1'");
    let out = on_book(d.path(), &path, &["account", "blue"]);
    says(&out, "use the id");
}

#[test]
fn brief_writes_a_private_file_named_from_the_id() {
    let (d, path) = demo_book();
    let target = d.path().join("brief.md");
    let out = runway_in(d.path())
        .args(["brief", "DEMO-003", "--today", TODAY, "-o"])
        .arg(&target)
        .arg("--db")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("# Pre-call brief: Blue Heron Bakeries"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Default location: the data folder, file name built only from safe characters.
    let out = on_book(d.path(), &path, &["brief", "DEMO-045", "--today", TODAY]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = d.path().join("data/runway/brief-DEMO-045.md");
    assert!(written.exists(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !std::fs::read_to_string(&written)
            .unwrap()
            .contains('\u{202e}')
    );
}

#[test]
fn proposal_documents_in_every_format() {
    let (d, path) = demo_book();
    // Best's 15% needs a manager's approval before the customer sees it (issue 12).
    for id in ["DEMO-002", "DEMO-070"] {
        let args = ["proposal", id, "--approve", "best", "--by", "Dana Reyes"];
        let out = on_book(
            d.path(),
            &path,
            &[&args[..], &["--level", "manager", "--today", TODAY]].concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for (flag, name) in [("--md", "md"), ("--txt", "txt"), ("--html", "html")] {
        let out = on_book(
            d.path(),
            &path,
            &["proposal", "DEMO-002", flag, "--today", TODAY],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        insta::assert_snapshot!(
            format!("proposal_DEMO-002_{name}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
    let out = on_book(
        d.path(),
        &path,
        &["proposal", "DEMO-002", "--json", "--today", TODAY],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    let tiers = v["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 3);
    for t in tiers {
        for field in [
            "name",
            "annual_prices",
            "term_years",
            "discount_pct",
            "pricing",
            "total_contract_value",
            "required_approver",
            "recommended",
        ] {
            assert!(t.get(field).is_some(), "missing tiers[].{field}");
        }
    }
    assert_eq!(tiers.iter().filter(|t| t["recommended"] == true).count(), 1);
    assert!(v["warnings"].is_array());
    // Written to a file: atomically and private; HTML escapes a hostile name.
    let file = d.path().join("p.html");
    let out = runway_in(d.path())
        .args(["proposal", "DEMO-070", "--html", "--today", TODAY, "-o"])
        .arg(&file)
        .arg("--db")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!doctype html>") && !html.contains('\u{1b}'));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
