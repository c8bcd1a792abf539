//! What a file must be before runway trusts it: an ordinary file (or nothing yet),
//! runway's own, not newer than this build, holding exactly the objects runway's
//! migrations create — no trigger, view or table of anyone else's — and not damaged.
//! Every check here only reads.

use super::MIGRATIONS;
use rusqlite::{Connection, ErrorCode};
use std::collections::BTreeSet;
use std::path::Path;

/// `(type, name)` of a schema object, as `sqlite_master` lists it.
pub type Object = (String, String);

/// What is wrong with a path before SQLite is let near it, or `None` when it is an
/// ordinary file or does not exist yet. A device, a FIFO or a socket is refused by
/// name: SQLite would open `/dev/null` as an empty book and leave a journal beside it.
pub fn path_problem(path: &Path) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("cannot read: {e}")),
    };
    let ft = meta.file_type();
    if ft.is_dir() {
        return Some("is a directory, not a database file".into());
    }
    if ft.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if ft.is_fifo() {
            "a FIFO (named pipe)"
        } else if ft.is_char_device() || ft.is_block_device() {
            "a device"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "not an ordinary file"
        };
        Some(format!(
            "is {what}, not a database file; a book is an ordinary file"
        ))
    }
    #[cfg(not(unix))]
    Some("is not an ordinary file; a book is an ordinary file".into())
}

/// The current schema's objects, written out: replaying every migration costs about
/// 3 ms, on every start. A test keeps this list equal to the replay, so a new
/// migration that adds a table or an index fails it until the list names them.
const CURRENT: &[(&str, &str)] = &[
    ("index", "accounts_health"),
    ("index", "accounts_overridden"),
    ("index", "activities_account"),
    ("index", "forecast_snapshots_day"),
    ("index", "proposal_approvals_by_proposal"),
    ("index", "renewals_account"),
    ("index", "renewals_closed_by_date"),
    ("index", "renewals_done_before_import"),
    ("index", "renewals_forecast_category"),
    ("index", "renewals_one_open"),
    ("index", "renewals_window"),
    ("index", "save_plans_one_open"),
    ("index", "signals_account"),
    ("index", "stakeholders_account"),
    ("index", "tasks_due"),
    ("table", "accounts"),
    ("table", "activities"),
    ("table", "concessions"),
    ("table", "forecast_snapshots"),
    ("table", "health_snapshots"),
    ("table", "meta"),
    ("table", "milestone_completions"),
    ("table", "outcomes"),
    ("table", "proposal_approvals"),
    ("table", "proposal_tiers"),
    ("table", "proposal_versions"),
    ("table", "proposals"),
    ("table", "readings"),
    ("table", "renewals"),
    ("table", "save_items"),
    ("table", "save_plans"),
    // Issue 14's search indexes (FTS5 keeps its own tables beside each virtual one).
    ("table", "search_contacts"),
    ("table", "search_contacts_config"),
    ("table", "search_contacts_data"),
    ("table", "search_contacts_docsize"),
    ("table", "search_contacts_idx"),
    ("table", "search_notes"),
    ("table", "search_notes_config"),
    ("table", "search_notes_data"),
    ("table", "search_notes_docsize"),
    ("table", "search_notes_idx"),
    ("table", "search_pending"),
    ("table", "signals"),
    ("table", "snapshot_days"),
    ("table", "stakeholders"),
    ("table", "tasks"),
    // ...and the triggers that keep it in step with every write.
    ("trigger", "search_activity_added"),
    ("trigger", "search_activity_changed"),
    ("trigger", "search_activity_removed"),
    ("trigger", "search_contact_added"),
    ("trigger", "search_contact_removed"),
    ("trigger", "search_contact_renamed"),
    ("trigger", "search_signal_added"),
    ("trigger", "search_signal_changed"),
    ("trigger", "search_signal_removed"),
];

/// The objects runway's first `version` migrations create.
pub fn expected_objects(version: i32) -> rusqlite::Result<BTreeSet<Object>> {
    if version == super::SCHEMA_VERSION {
        return Ok(CURRENT
            .iter()
            .map(|(t, n)| (t.to_string(), n.to_string()))
            .collect());
    }
    replayed_objects(version)
}

/// The objects of the first `version` migrations, read back from a scratch in-memory
/// database (an older book being opened, and the test of `CURRENT`).
fn replayed_objects(version: i32) -> rusqlite::Result<BTreeSet<Object>> {
    let c = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version.max(0) as usize) {
        c.execute_batch(sql)?;
    }
    objects(&c)
}

/// What a file says it is, read without writing: its `application_id`, its
/// `user_version` and its schema objects.
pub struct Probe {
    pub app: i32,
    pub version: i32,
    pub objects: BTreeSet<Object>,
}

pub fn probe(c: &Connection) -> rusqlite::Result<Probe> {
    Ok(Probe {
        app: c.query_row("PRAGMA application_id", [], |r| r.get(0))?,
        version: c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        objects: objects(c)?,
    })
}

/// The book's own schema objects (SQLite's internal `sqlite_*` ones left out).
pub fn objects(c: &Connection) -> rusqlite::Result<BTreeSet<Object>> {
    let mut q = c.prepare(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// The first thing in `found` that runway's schema at `version` does not have, or
/// that it has and `found` lacks, in words; `None` when they match.
pub fn schema_problem(found: &BTreeSet<Object>, expected: &BTreeSet<Object>) -> Option<String> {
    if let Some((kind, name)) = found.difference(expected).next() {
        let name = crate::domain::text::inert(name);
        return Some(match kind.as_str() {
            "trigger" => format!(
                "has a trigger '{name}' that runway did not create (it would run on runway's writes)"
            ),
            "view" => format!("has a view '{name}' that runway did not create"),
            other => format!("has a {other} '{name}' that runway did not create"),
        });
    }
    if let Some((kind, name)) = expected.difference(found).next() {
        return Some(format!("runway's {kind} '{name}' is missing"));
    }
    None
}

/// Whether the file starts as every SQLite database does.
pub fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// SQLite says the file is damaged (a corrupt page, or not a database where one was).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// `PRAGMA quick_check` (or the full `integrity_check`): `Ok(())` or the first few
/// problems SQLite found, joined.
pub fn check(c: &Connection, full: bool) -> rusqlite::Result<Result<(), String>> {
    // The book only: checking `temp` too would open the connection's temporary
    // database, which then holds the temporary store to where it is for as long as
    // a transaction is open (an import's index rebuild could no longer spill its
    // sort to a file).
    let sql = if full {
        "PRAGMA main.integrity_check(20)"
    } else {
        "PRAGMA main.quick_check(20)"
    };
    let mut q = c.prepare(sql)?;
    let lines: Vec<String> = q
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(Ok(()))
    } else {
        Ok(Err(lines.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_leaves_the_temporary_store_free_to_change() {
        // An import checks a new book on its own connection, then rebuilds its
        // indexes with the temporary store moved to a file (so the sort spills);
        // checking `temp` as well opened it and held the store where it was, and
        // the sort of a million rows stayed in memory (200 MB).
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (x)").unwrap();
        assert_eq!(check(&c, false).unwrap(), Ok(()));
        assert_eq!(check(&c, true).unwrap(), Ok(()));
        c.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
            .unwrap();
        c.execute_batch("PRAGMA temp_store = FILE").unwrap();
    }

    #[test]
    fn the_expected_schema_grows_with_the_migrations() {
        let one = expected_objects(1).unwrap();
        let all = expected_objects(MIGRATIONS.len() as i32).unwrap();
        assert!(one.contains(&("table".into(), "accounts".into())));
        assert!(!one.contains(&("table".into(), "readings".into())));
        assert!(all.contains(&("table".into(), "readings".into())));
        assert!(expected_objects(0).unwrap().is_empty());
    }

    #[test]
    fn the_written_out_schema_is_what_the_migrations_make() {
        let v = super::super::SCHEMA_VERSION;
        assert_eq!(
            expected_objects(v).unwrap(),
            replayed_objects(v).unwrap(),
            "a migration changed the schema's objects: update CURRENT in guard.rs"
        );
    }

    #[test]
    fn strangers_and_gaps_are_named() {
        let expected = expected_objects(MIGRATIONS.len() as i32).unwrap();
        let mut found = expected.clone();
        assert_eq!(schema_problem(&found, &expected), None);
        found.insert(("trigger".into(), "steal".into()));
        assert!(
            schema_problem(&found, &expected)
                .unwrap()
                .contains("trigger 'steal'")
        );
        let mut found = expected.clone();
        found.remove(&("table".into(), "signals".into()));
        found.insert(("view".into(), "signals".into()));
        assert_eq!(
            schema_problem(&found, &expected).unwrap(),
            "has a view 'signals' that runway did not create"
        );
        found.remove(&("view".into(), "signals".into()));
        assert_eq!(
            schema_problem(&found, &expected).unwrap(),
            "runway's table 'signals' is missing"
        );
    }

    #[test]
    fn ordinary_files_and_new_paths_pass_devices_do_not() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(path_problem(&d.path().join("new.db")), None);
        std::fs::write(d.path().join("f.db"), b"").unwrap();
        assert_eq!(path_problem(&d.path().join("f.db")), None);
        assert!(path_problem(d.path()).unwrap().contains("directory"));
        #[cfg(unix)]
        assert!(
            path_problem(Path::new("/dev/null"))
                .unwrap()
                .contains("a device")
        );
    }
}
