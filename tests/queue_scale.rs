//! The store's queue API for large books (issue 16): the compact columns, the rows
//! read back for the screen, and the first page by date agree with `load_queue`.

mod common;
use common::*;
use runway::domain::config::Config;
use runway::domain::queue;
use runway::domain::queue_fields::QueueFields;
use runway::domain::queue_view::{self, SortKey};

#[test]
fn compact_queue_orders_and_rows_match_load_queue() {
    let (_dir, store) = demo_store();
    let cfg = Config::default();
    for window in [Some(90), Some(0), None] {
        let full = store.load_queue(&cfg, today(), window).unwrap();
        let c = store.load_compact_queue(&cfg, today(), window).unwrap();
        let order: Vec<usize> = (0..c.len()).collect();
        assert_eq!(c.len(), full.len(), "{window:?}");
        let ids: Vec<i64> = order.iter().map(|&i| c.get(i).renewal_id()).collect();
        let want: Vec<i64> = full.iter().map(|r| r.facts.renewal_id).collect();
        assert_eq!(ids, want, "{window:?}");
        // The screen's rows, read back by id, are the rows load_queue made.
        let rows = store
            .queue_rows(&cfg, today(), window, c.cutoff, &ids)
            .unwrap();
        assert_eq!(rows.len(), full.len());
        for (a, b) in rows.iter().zip(&full) {
            assert_eq!(a.facts.account_id, b.facts.account_id);
            assert_eq!(
                (a.priority, a.at_risk, a.behind, a.beyond_window),
                (b.priority, b.at_risk, b.behind, b.beyond_window)
            );
        }
        // Each packed row reads back as the row load_queue made, field by field.
        for (&i, b) in order.iter().zip(&full) {
            let a = c.get(i);
            assert_eq!(
                (a.account_name(), a.owner(), a.currency(), a.value()),
                (
                    b.facts.account_name.as_str(),
                    b.facts.owner.as_deref(),
                    &*b.facts.currency,
                    b.value()
                )
            );
            assert_eq!(
                (a.priority_key(), a.beyond_window(), a.snoozed(), a.lead()),
                (queue::priority_key(b), b.beyond_window, b.snoozed, b.lead)
            );
        }
        // A sort over the packed rows gives the order the same sort gives the rows.
        for key in SortKey::ALL {
            let mut by_key = order.clone();
            queue_view::sort_by(|i| c.get(i), &mut by_key, key, true);
            let mut want_idx: Vec<usize> = (0..full.len()).collect();
            queue_view::sort(&full, &mut want_idx, key, true);
            assert_eq!(
                by_key
                    .iter()
                    .map(|&i| c.get(i).renewal_id())
                    .collect::<Vec<_>>(),
                want_idx
                    .iter()
                    .map(|&i| full[i].facts.renewal_id)
                    .collect::<Vec<_>>(),
                "{key:?}"
            );
        }
    }
}

#[test]
fn first_page_by_date_is_the_windows_soonest_renewals() {
    let (_dir, store) = demo_store();
    let cfg = Config::default();
    let full = store.load_queue(&cfg, today(), Some(90)).unwrap();
    let mut dated: Vec<_> = full
        .iter()
        .filter(|r| r.days_left.is_some_and(|d| d <= 90))
        .map(|r| (r.facts.renewal_date.unwrap(), r.facts.renewal_id))
        .collect();
    dated.sort();
    let page = store
        .queue_page_by_date(&cfg, today(), Some(90), 0, 10)
        .unwrap();
    let got: Vec<_> = page
        .iter()
        .map(|r| (r.facts.renewal_date.unwrap(), r.facts.renewal_id))
        .collect();
    assert_eq!(got, dated[..10]);
    let next = store
        .queue_page_by_date(&cfg, today(), Some(90), 10, 1000)
        .unwrap();
    assert_eq!(next.len(), dated.len() - 10);
    // Scored like the queue scores them.
    let by_id = |id| full.iter().find(|r| r.facts.renewal_id == id).unwrap();
    for r in page.iter().chain(&next) {
        assert_eq!(r.priority, by_id(r.facts.renewal_id).priority);
    }
}
