//! Golden files for a book in EUR (issue 12): the queue, a proposal in Markdown,
//! HTML and text, a customer save plan and a brief, none with a wrong symbol; and a
//! book in two currencies whose summary never adds them.

mod common;
use common::*;

struct Book {
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
    config: std::path::PathBuf,
}

fn eur_book() -> Book {
    let (dir, db) = temp_db();
    let mut store = runway::store::Store::open(&db).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    drop(store);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE renewals SET currency = 'EUR'; INSERT OR REPLACE INTO meta (key, value) VALUES ('currency', 'EUR');",
    )
    .unwrap();
    drop(c);
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[user]\nname = \"Dana Reyes\"\ntitle = \"Customer Success Manager\"\n\n[book]\ncurrency = \"EUR\"\n",
    )
    .unwrap();
    Book { dir, db, config }
}

impl Book {
    fn run(&self, args: &[&str]) -> String {
        let o = runway_in(self.dir.path())
            .arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config)
            .args(["--today", TODAY])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    }
}

fn no_dollars(what: &str, text: &str) {
    assert!(!text.contains('$'), "{what} shows a dollar sign:\n{text}");
    assert!(!text.contains("USD"), "{what} says USD:\n{text}");
}

#[test]
fn a_eur_book_reads_in_euros_everywhere() {
    let b = eur_book();
    let queue = b.run(&["queue"]);
    no_dollars("queue", &queue);
    assert!(queue.contains(" €"), "{queue}");
    insta::assert_snapshot!("eur_queue", queue);

    b.run(&[
        "proposal",
        "DEMO-002",
        "--approve",
        "best",
        "--by",
        "Lee Novak",
        "--level",
        "manager",
    ]);
    for (flag, name) in [("--md", "md"), ("--html", "html"), ("--txt", "txt")] {
        let doc = b.run(&["proposal", "DEMO-002", flag]);
        no_dollars(name, &doc);
        // The rules' internal warnings never reach the customer's copy.
        for internal in [
            "approval",
            "warning",
            "poor multi-year",
            "at risk",
            "At-risk",
        ] {
            assert!(!doc.contains(internal), "{name} says {internal:?}");
        }
        insta::assert_snapshot!(format!("eur_proposal_{name}"), doc);
    }
    let txt = b.run(&["proposal", "DEMO-002", "--txt"]);
    assert!(
        txt.trim_end()
            .ends_with("Best regards,\nDana Reyes\nCustomer Success Manager"),
        "{txt}"
    );
    let json = b.run(&["proposal", "DEMO-002", "--json"]);
    assert!(json.contains("\"currency\": \"EUR\""));

    let plan = b.dir.path().join("plan.md");
    runway_in(b.dir.path())
        .arg("--db")
        .arg(&b.db)
        .arg("--config")
        .arg(&b.config)
        .args(["--today", TODAY, "save", "DEMO-003", "--md", "-o"])
        .arg(&plan)
        .assert()
        .success();
    let plan = std::fs::read_to_string(&plan).unwrap();
    no_dollars("save plan", &plan);
    insta::assert_snapshot!("eur_save_plan", plan);

    let brief = b.run(&["brief", "DEMO-001", "-o", "-"]);
    no_dollars("brief", &brief);
    assert!(
        brief.contains("Champion says headcount grows about 30% this year"),
        "{brief}"
    );
    insta::assert_snapshot!("eur_brief", brief);

    let saves = b.run(&["saves", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&saves).unwrap();
    assert_eq!(v["schema_version"], 2);
    for r in v["revenue_saved"].as_array().unwrap() {
        assert_eq!(r["currency"], "EUR");
    }
}

#[test]
fn the_number_style_comes_from_the_config() {
    let b = eur_book();
    std::fs::write(
        &b.config,
        "[book]\ncurrency = \"EUR\"\nnumber_format = \"1 234,56\"\n",
    )
    .unwrap();
    let md = b.run(&["proposal", "DEMO-002", "--md", "--draft"]);
    assert!(md.contains("Today you invest 310 000 € a year."), "{md}");
    std::fs::write(&b.config, "[book]\nnumber_format = \"1,234.56\"\n").unwrap();
    let md = b.run(&["proposal", "DEMO-002", "--md", "--draft"]);
    assert!(md.contains("Today you invest €310,000 a year."), "{md}");
}

#[test]
fn a_mixed_currency_summary_shows_one_figure_per_currency() {
    let b = eur_book();
    let c = rusqlite::Connection::open(&b.db).unwrap();
    c.execute("UPDATE renewals SET currency = 'GBP' WHERE id % 2 = 0", [])
        .unwrap();
    drop(c);
    let store = runway::store::Store::open(&b.db).unwrap();
    let app = app_on(store, 160, 40);
    let s = screen(&app, 160, 40);
    let summary = s.lines().nth(2).unwrap();
    assert!(
        summary.contains(" € + £") || summary.contains(" € · "),
        "{summary}"
    );
    assert!(summary.contains('£') && summary.contains('€'), "{summary}");
    no_dollars("summary", summary);
    let header = s.lines().next().unwrap();
    assert!(header.contains('£') && header.contains('€'), "{header}");
    assert!(!header.contains('$'), "{header}");
}

#[test]
fn fx_rates_add_a_converted_total_that_says_so() {
    let b = eur_book();
    let c = rusqlite::Connection::open(&b.db).unwrap();
    c.execute("UPDATE renewals SET currency = 'GBP' WHERE id % 2 = 0", [])
        .unwrap();
    drop(c);
    let store = runway::store::Store::open(&b.db).unwrap();
    let mut cfg = runway::domain::config::Config::default();
    cfg.book.currency = "EUR".into();
    cfg.fx.insert("GBP".into(), 1.17);
    let mut app = common::app_on(store, 200, 40);
    app.cfg = cfg;
    let s = screen(&app, 200, 40);
    let summary = s.lines().nth(2).unwrap();
    assert!(summary.contains(" € + £"), "{summary}");
    assert!(summary.contains("converted at GBP 1.17"), "{summary}");
}
