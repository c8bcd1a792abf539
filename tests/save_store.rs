//! Save plans through the store: close both ways, then reopen the file and check the
//! follow-up tasks are really there.

mod common;

use common::{demo_store, today};
use runway::domain::book::SaveItem;
use runway::store::Store;

const NOW: &str = "2026-11-22T10:00:00Z";

fn tasks(path: &std::path::Path, account: &str, kind: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut s = c
        .prepare("SELECT due_on FROM tasks WHERE account_id = ?1 AND kind = ?2 ORDER BY due_on")
        .unwrap();
    s.query_map([account, kind], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn demo_plans_load_with_items_and_concessions() {
    let (_d, store) = demo_store();
    let p = store.save_plan("DEMO-015").unwrap().unwrap();
    assert_eq!(p.status, "open");
    assert!(!p.items.is_empty());
    assert!(
        p.concessions
            .iter()
            .any(|(_, c)| c.percent_bp == Some(1800))
    );
}

#[test]
fn closing_saved_schedules_weekly_checks_and_keeps_items() {
    let (dir, mut store) = demo_store();
    let p = store.save_plan("DEMO-003").unwrap().unwrap();
    let items = p.items.len();
    store
        .write(|tx| tx.close_save_saved(p.id, today(), 26, NOW))
        .unwrap();
    drop(store);
    let path = dir.path().join("book.db");
    let store = Store::open(&path).unwrap();
    let q = store.save_plan("DEMO-003").unwrap().unwrap();
    assert_eq!(q.status, "saved");
    assert_eq!(q.closed_on, Some(today()));
    assert_eq!(q.items.len(), items);
    let due = tasks(&path, "DEMO-003", "health_check");
    assert_eq!(due.len(), 26);
    assert_eq!(due[0], "2026-11-29");
    assert_eq!(due[25], "2027-05-23");
}

#[test]
fn closing_lost_records_debrief_and_win_back_dates() {
    let (dir, mut store) = demo_store();
    let p = store.save_plan("DEMO-005").unwrap().unwrap();
    store
        .write(|tx| tx.close_save_lost(p.id, today(), "real reason: budget; competitor: Acme", NOW))
        .unwrap();
    assert!(
        store
            .write(|tx| tx.close_save_lost(p.id, today(), "again", NOW))
            .is_err(),
        "a closed plan cannot be closed twice"
    );
    drop(store);
    let path = dir.path().join("book.db");
    let store = Store::open(&path).unwrap();
    let q = store.save_plan("DEMO-005").unwrap().unwrap();
    assert_eq!(q.status, "lost");
    assert!(q.debrief.unwrap().contains("Acme"));
    assert_eq!(
        tasks(&path, "DEMO-005", "win_back"),
        vec!["2027-02-22", "2027-05-22", "2027-11-22"]
    );
    // The agenda reads due tasks: the first check-in is there on its date, not before.
    let on = |d: &str| store.tasks_due(d.parse().unwrap()).unwrap();
    let win_back = |v: Vec<runway::store::DueTask>| {
        v.iter()
            .filter(|t| t.account_id == "DEMO-005" && t.kind == "win_back")
            .count()
    };
    assert_eq!(win_back(on("2027-02-21")), 0);
    assert_eq!(win_back(on("2027-02-22")), 1);
}

#[test]
fn items_add_edit_delete_and_start_refuses_a_second_open_plan() {
    let (_d, mut store) = demo_store();
    let p = store.save_plan("DEMO-015").unwrap().unwrap();
    let item = SaveItem {
        problem: "Slow exports".into(),
        owner: "ana".into(),
        status: "open".into(),
        priority: 1,
        fixable: true,
        ..Default::default()
    };
    let id = store
        .write(|tx| tx.add_save_item(p.id, &item, NOW))
        .unwrap();
    let mut edited = item.clone();
    edited.status = "in_progress".into();
    store
        .write(|tx| tx.update_save_item(id, &edited, NOW))
        .unwrap();
    let q = store.save_plan("DEMO-015").unwrap().unwrap();
    assert!(
        q.items
            .iter()
            .any(|(i, it)| *i == id && it.status == "in_progress")
    );
    store.write(|tx| tx.delete_save_item(id, NOW)).unwrap();
    let q = store.save_plan("DEMO-015").unwrap().unwrap();
    assert!(!q.items.iter().any(|(i, _)| *i == id));
    assert!(
        store
            .write(|tx| tx.start_save_plan("DEMO-015", today(), NOW))
            .is_err()
    );
}
