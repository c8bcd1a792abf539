//! A large book's cockpit: the first screen comes from one indexed read and says so,
//! the whole window is read in the background, keys that need all of it wait, and an
//! edit's reload lands with the selection kept.

mod common;

use common::*;
use runway::domain::queue_fields::QueueFields;
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
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    typed(&mut app, "n");
    app.wait_for_queue();
    assert_eq!(
        app.queue
            .full_row(app.queue.view[app.queue.selected])
            .unwrap()
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
    let row = app.queue.full_row_of(rid).unwrap();
    assert_eq!(
        row.facts.stage.as_str(),
        stage,
        "the reloaded row shows the edit"
    );
}

/// `W` on a large book shows the window read ahead at once; a reload (an edit, another
/// runway's change) drops what was read ahead, so `W` never shows rows from before
/// the change. The second half fails if `reload` keeps the read-ahead.
#[test]
fn w_shows_the_window_read_ahead_and_a_change_drops_it() {
    use runway::domain::new_account::{NewAccountText, read};
    let (_d, path) = temp_db();
    {
        let mut store = Store::open(&path).unwrap();
        runway::demo::generate_book(&mut store, 21_000, today()).unwrap();
    }
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    app.wait_for_queue();
    assert_eq!(app.queue.window, Some(90));
    app.wait_for_read_ahead();
    typed(&mut app, "W");
    assert_eq!(app.queue.window, Some(120));
    assert!(!app.queue_loading(), "on screen at once: it was read ahead");
    let want = app
        .store
        .load_queue(&app.cfg, app.today, Some(120))
        .unwrap()
        .len();
    assert_eq!(app.queue.order.len(), want);
    let summary = screen(&app, 120, 40).lines().nth(2).unwrap().to_string();
    assert!(summary.contains("in 120 days"), "{summary}");

    // The 180-day window is read ahead; then the book changes (an account renewing
    // in 150 days) and the queue reloads, as after any edit.
    app.wait_for_read_ahead();
    let renewal = (today() + chrono::Duration::days(150)).to_string();
    let text = NewAccountText {
        id: "LATE-1",
        name: "Latecomer Ltd",
        arr: "50000",
        renewal: &renewal,
        owner: None,
        health: None,
        stage: None,
        currency: None,
    };
    let new = read(&text, today(), &app.cfg.book).unwrap();
    let cfg = app.cfg.clone();
    app.store
        .add_account(&new, &cfg, today(), "2026-11-22T09:00:00Z")
        .unwrap();
    app.reload().unwrap();
    typed(&mut app, "W");
    app.wait_for_queue();
    assert_eq!(app.queue.window, Some(180));
    assert!(
        app.queue.in_window().any(|r| r.account_id() == "LATE-1"),
        "the 180-day window read after the change"
    );
}

/// A window made from the rows held and the band a wider one adds (or, narrowing,
/// from the rows held alone) is exactly the window read whole: the same renewals,
/// order and past-the-window marks, for every step of `W`, one step after another
/// (each leaving replaced rows behind in the held ones), and a few others.
#[test]
fn a_window_from_held_rows_and_a_band_equals_reading_it_whole() {
    use runway::domain::compact_queue::{CompactQueue, narrow, widen};
    use runway::domain::queue::QueueRow;
    let (_d, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    runway::demo::generate_book(&mut store, 8_000, today()).unwrap();
    let cfg = runway::domain::config::Config::default();
    let whole = |w: Option<i64>| store.load_queue(&cfg, today(), w).unwrap();
    // The rows read, and their order: they come in priority order.
    let load = |w: Option<i64>| {
        let rows = store.load_compact_queue(&cfg, today(), w).unwrap();
        let order: Vec<usize> = (0..rows.len()).collect();
        (rows, order)
    };
    let band = |from: i64, to: Option<i64>| store.load_queue_band(&cfg, today(), from, to).unwrap();
    let seen = |rows: &CompactQueue, order: &[usize]| -> Vec<(i64, bool, u32)> {
        order
            .iter()
            .map(|&i| rows.get(i))
            .map(|r| (r.renewal_id(), r.beyond_window(), r.priority()))
            .collect()
    };
    let seen_whole = |rows: &[QueueRow]| -> Vec<(i64, bool, u32)> {
        rows.iter()
            .map(|r| (r.facts.renewal_id, r.beyond_window, r.priority))
            .collect()
    };
    let all = |n: usize| -> Vec<usize> { (0..n).collect() };
    // The packed window read whole is the window of full rows.
    for w in [Some(30), Some(120), None] {
        let (rows, order) = load(w);
        assert_eq!(seen(&rows, &order), seen_whole(&whole(w)), "{w:?}");
    }
    // Step by step, as `W` goes: 30 → 60 → 90 → 120 → 180.
    let (mut rows, mut order) = load(Some(30));
    let mut from = 30;
    for to in [60, 90, 120, 180] {
        order = widen(&mut rows, &order, band(from, Some(to)), Some(to));
        let want = whole(Some(to));
        assert!(want.len() > 100, "{to}: a window worth testing");
        assert_eq!(seen(&rows, &order), seen_whole(&want), "{from} → {to}");
        from = to;
    }
    // Back to 30 days from what those steps left.
    let made = narrow(&mut rows, &order, Some(30));
    assert_eq!(
        seen(&made, &all(made.len())),
        seen_whole(&whole(Some(30))),
        "180 → 30"
    );
    // Single jumps, and the all-renewals window.
    for (from, to) in [(30, Some(180)), (180, None)] {
        let (mut rows, held) = load(Some(from));
        let order = widen(&mut rows, &held, band(from, to), to);
        assert_eq!(
            seen(&rows, &order),
            seen_whole(&whole(to)),
            "{from} → {to:?}"
        );
    }
    for (from, to) in [(None, 30), (Some(120), 60)] {
        let (mut rows, held) = load(from);
        let made = narrow(&mut rows, &held, Some(to));
        assert_eq!(
            seen(&made, &all(made.len())),
            seen_whole(&whole(Some(to))),
            "{from:?} → {to}"
        );
    }
}
