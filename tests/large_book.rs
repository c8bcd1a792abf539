//! A large book's cockpit: the first screen comes from one indexed read and says so,
//! the whole window is read in the background, keys that need all of it wait, and an
//! edit's reload lands with the selection kept.

mod common;

use common::*;
use runway::store::Store;

#[test]
fn a_large_book_shows_a_first_page_then_the_whole_window() {
    let (_d, path) = temp_db();
    {
        let mut store = Store::open(&path).unwrap();
        runway::demo::generate_book(&mut store, 25_000, today()).unwrap();
    }
    let all = Store::open(&path)
        .unwrap()
        .load_queue(
            &runway::domain::config::Config::default(),
            today(),
            Some(90),
        )
        .unwrap()
        .len();
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    assert!(
        app.queue_provisional(),
        "25k renewals: read in the background"
    );
    {
        assert!(app.queue.rows.len() <= 200, "the first page only");
        let summary = screen(&app, 120, 40).lines().nth(2).unwrap().to_string();
        assert!(summary.contains("reading the whole window"), "{summary}");
        typed(&mut app, "o");
        assert!(
            app.message.as_deref().unwrap_or("").contains("in a moment"),
            "{:?}",
            app.message
        );
    }
    app.wait_for_queue();
    assert!(!app.queue_provisional());
    assert_eq!(
        app.queue.rows.len(),
        all,
        "the whole window, as the CLI reads it"
    );
    let summary = screen(&app, 120, 40).lines().nth(2).unwrap().to_string();
    assert!(summary.contains("in 90 days"), "{summary}");
    // An edit reloads in the background and keeps the selection.
    typed(&mut app, "jj");
    let rid = app.queue.rows[app.queue.view[app.queue.selected]]
        .facts
        .renewal_id;
    typed(&mut app, "n");
    app.wait_for_queue();
    assert_eq!(
        app.queue.rows[app.queue.view[app.queue.selected]]
            .facts
            .renewal_id,
        rid
    );
    let stage: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT stage FROM renewals WHERE id = ?1", [rid], |r| {
            r.get(0)
        })
        .unwrap();
    let row = app
        .queue
        .rows
        .iter()
        .find(|r| r.facts.renewal_id == rid)
        .unwrap();
    assert_eq!(
        row.facts.stage.as_str(),
        stage,
        "the reloaded row shows the edit"
    );
}
