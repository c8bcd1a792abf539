//! The command line as a Unix tool: closed pipes, completions, the man page, and JSON
//! that never carries a terminal control.

mod common;
use common::*;
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;

fn demo_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    let mut store = runway::store::Store::open(&db).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    drop(store);
    (dir, db)
}

/// Runs `runway ARGS` with its stdout a pipe whose reader is already gone, as in
/// `runway queue --json | head -c 0`.
fn into_closed_pipe(dir: &std::path::Path, db: &std::path::Path, args: &[&str]) {
    let bin = assert_cmd::cargo::cargo_bin("runway");
    let mut child = std::process::Command::new(bin)
        .env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("cfg"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // Quiet, and ended as `yes | head -1` ends: by SIGPIPE (or done before it wrote).
    assert!(
        out.status.success() || out.status.signal() == Some(13),
        "{args:?}: {:?} {err}",
        out.status
    );
    assert!(err.is_empty(), "{args:?} said: {err}");
}

#[test]
fn every_listing_ends_quietly_on_a_closed_pipe() {
    let (dir, db) = demo_book();
    for args in [
        &["queue"][..],
        &["queue", "--json"],
        &["queue", "--all", "--json"],
        &["account", "DEMO-001"],
        &["account", "DEMO-001", "--json"],
        &["proposal", "DEMO-001", "--json"],
        &["brief", "DEMO-001", "-o", "-"],
        &["save", "DEMO-003"],
        &["saves", "--json"],
        &["export", "accounts"],
        &["export", "stakeholders"],
        &["export", "signals"],
        &["export", "calendar"],
        &["completions", "bash"],
        &["man"],
        &["config", "path"],
        &["import", "--columns"],
        &["proposal", "DEMO-001", "--md", "--draft"],
    ] {
        into_closed_pipe(dir.path(), &db, args);
    }
}

#[test]
fn completions_name_every_subcommand() {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().unwrap();
    let subs: Vec<String> = runway::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(subs.len() > 10);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = runway_in(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for s in &subs {
            assert!(script.contains(s.as_str()), "{shell} misses {s}");
        }
    }
}

#[test]
fn man_page_names_every_subcommand() {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().unwrap();
    let o = runway_in(dir.path()).arg("man").output().unwrap();
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie") || page.contains(".TH runway 1"),
        "{page}"
    );
    for s in runway::cli::Cli::command().get_subcommands() {
        assert!(
            page.contains(&format!("\\fBrunway {}\\fR", s.get_name())),
            "man misses {}",
            s.get_name()
        );
    }
}

#[test]
fn queue_json_escapes_c1_and_bidi() {
    let (dir, db) = demo_book();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE accounts SET name = 'Evil\u{9b}2J\u{202e}Co\u{200b}' WHERE id = 'DEMO-001'",
        [],
    )
    .unwrap();
    drop(c);
    let o = runway_in(dir.path())
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "queue", "--all", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains(r#"Evil\u009b2J\u202eCo\u200b"#), "{text}");
    assert!(
        !text
            .chars()
            .any(|c| ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{202e}')
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["account_name"] == "Evil\u{9b}2J\u{202e}Co\u{200b}")
    );
}

#[test]
fn every_command_resolves_an_account_the_same_way() {
    let (dir, db) = demo_book();
    let run = |args: &[&str]| {
        runway_in(dir.path())
            .arg("--db")
            .arg(&db)
            .args(["--today", TODAY])
            .args(args)
            .output()
            .unwrap()
    };
    // `account copperleaf` always resolved; `save copperleaf` was ambiguous.
    for args in [
        &["account", "copperleaf", "--json"][..],
        &["save", "copperleaf"],
        &["proposal", "copperleaf", "--json"],
        &["export", "accounts", "--account", "copperleaf"],
    ] {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("DEMO-005"), "{args:?}");
    }
}

#[test]
fn import_columns_print_the_readme_table() {
    let dir = tempfile::tempdir().unwrap();
    let o = runway_in(dir.path())
        .args(["import", "--columns"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert_eq!(table, runway::io::import::reference::reference(None));
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("<!-- import-columns:start -->\n")
        .nth(1)
        .and_then(|r| r.split("<!-- import-columns:end -->").next())
        .expect("README holds the import column table");
    assert_eq!(
        section, table,
        "README's table is out of date: paste `runway import --columns`"
    );
    // Nothing points outside the repository.
    assert!(!readme.contains("shared/"));
    let o = runway_in(dir.path())
        .args(["import", "--columns", "stakeholders"])
        .output()
        .unwrap();
    let one = stdout(&o);
    assert!(one.starts_with("stakeholders.csv") && !one.contains("signals.csv"));
    for name in ["account_id*", "our_thread", "Relationship Owner"] {
        assert!(one.contains(name), "{name}");
    }
}

#[test]
fn a_long_export_ends_quietly_on_a_closed_pipe() {
    // Exports stream (issue 16): past the buffers, the closed pipe is met inside the
    // CSV writer, whose error must still read as a closed pipe.
    let (dir, db) = temp_db();
    let mut store = runway::store::Store::open(&db).unwrap();
    runway::demo::generate_book(&mut store, 3_000, today()).unwrap();
    drop(store);
    for what in ["accounts", "signals", "calendar"] {
        into_closed_pipe(dir.path(), &db, &["export", what]);
    }
    into_closed_pipe(dir.path(), &db, &["queue", "--all", "--json"]);
}

/// The README's key reference is the keymap's own table: a key added, renamed or
/// rebound by default shows up here first.
#[test]
fn readme_key_tables_match_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = "<!-- keys:begin (generated from the keymap; tests/shell.rs checks it) -->\n";
    let end = "<!-- keys:end -->";
    let (a, b) = (
        readme.find(start).expect("README has the key reference"),
        readme.find(end).expect("README's key reference ends"),
    );
    let documented = &readme[a + start.len()..b];
    let km = runway::tui::keymap::Keymap::new(&Default::default()).unwrap();
    let actual = km.markdown();
    assert!(
        documented == actual,
        "README's key tables are out of date; replace them with:\n{actual}"
    );
}
