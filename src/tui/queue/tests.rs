//! The queue component alone: actions in, state and effects out — no store, no
//! terminal. (The whole cockpit, keys to database, is tested in tests/triage.rs.)

use super::*;
use crate::domain::money::Money;
use crate::domain::queue::tests::facts;
use crate::domain::queue::{RenewalFacts, build_row};
use crate::domain::queue_fields::QueueFields;
use crate::domain::renewal::{Stage, TouchModel};
use crate::tui::form::FieldId;
use crate::tui::keymap::Action;
use std::sync::Arc;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn row(id: i64, name: &str, owner: Option<&str>, days: i64, stage: Stage) -> QueueRow {
    let f = RenewalFacts {
        renewal_id: id,
        account_id: format!("A-{id}"),
        account_name: name.into(),
        owner: owner.map(Arc::from),
        arr: Money::from_major(10_000 * id),
        health: Some(50),
        health_prev: None,
        stage,
        touch_model: TouchModel::Assisted,
        ..facts(Some(days), today())
    };
    build_row(f, &Config::default(), today(), None)
}

fn pane(cfg: &Config) -> QueuePane {
    let mut rows = vec![
        row(1, "Zeta Labs", Some("Sam"), 80, Stage::Prep),
        row(2, "Alpha Freight", Some("Dana"), 5, Stage::Prep),
        row(3, "Mid Co", None, 40, Stage::Negotiating),
    ];
    crate::domain::queue::sort_by_priority(&mut rows);
    let mut q = QueuePane::new(90);
    q.viewport_rows = 2;
    let _ = q.set_rows(rows, Vec::new(), &cx(cfg));
    q
}

fn cx(cfg: &Config) -> QueueCx<'_> {
    QueueCx {
        cfg,
        today: today(),
        currency: "USD",
    }
}

fn shown(q: &QueuePane) -> Vec<i64> {
    q.view
        .iter()
        .map(|&i| q.full_row(i).unwrap().facts.renewal_id)
        .collect()
}

#[test]
fn moving_stays_in_the_list_and_scrolls_the_selection_into_view() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    assert!(q.update(Action::Bottom, &cx(&cfg)).is_none());
    assert_eq!((q.selected, q.offset), (2, 1));
    q.update(Action::Down, &cx(&cfg));
    assert_eq!(q.selected, 2, "clamped at the bottom");
    q.update(Action::Top, &cx(&cfg));
    assert_eq!((q.selected, q.offset), (0, 0));
}

#[test]
fn sort_and_filter_keys_change_the_view_without_asking_the_host() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    let before = shown(&q);
    q.update(Action::SortReverse, &cx(&cfg));
    let mut reversed = before.clone();
    reversed.reverse();
    assert_eq!(shown(&q), reversed);
    q.update(Action::FilterStage, &cx(&cfg));
    assert!(
        q.view
            .iter()
            .all(|&i| q.full_row(i).unwrap().facts.stage == Stage::OPEN[0]),
        "the stage filter starts at the first open stage"
    );
}

#[test]
fn enter_asks_to_open_the_selected_account() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    let first = q.full_row(q.view[0]).unwrap().facts.account_id.clone();
    match q.update(Action::Open, &cx(&cfg)) {
        Some(QueueEffect::OpenAccount(id)) => assert_eq!(id, first),
        other => panic!("expected OpenAccount, got {other:?}"),
    }
}

#[test]
fn advance_asks_for_one_write_over_the_marked_rows() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    q.update(Action::Mark, &cx(&cfg));
    q.update(Action::Mark, &cx(&cfg));
    assert_eq!(q.marked.len(), 2);
    match q.update(Action::AdvanceStage, &cx(&cfg)) {
        Some(QueueEffect::Write(QueueWrite::Advance(plan))) => {
            assert_eq!(plan.len(), 2);
            for (id, to) in plan {
                assert!(q.marked.contains(&id));
                let from = q.row_of_renewal(id).unwrap().stage();
                assert_eq!(Some(to), from.advanced(), "each to its own next stage");
            }
        }
        other => panic!("expected one advance write, got {other:?}"),
    }
}

#[test]
fn mark_all_marks_what_is_shown_and_again_clears() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    q.update(Action::MarkAll, &cx(&cfg));
    assert_eq!(q.marked.len(), 3);
    q.update(Action::MarkAll, &cx(&cfg));
    assert!(q.marked.is_empty());
}

#[test]
fn the_window_key_asks_for_a_reload_and_a_first_page_refuses_it() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    assert!(matches!(
        q.update(Action::CycleWindow, &cx(&cfg)),
        Some(QueueEffect::Reload)
    ));
    assert_eq!(q.window, Some(120));
    q.provisional = true;
    assert!(matches!(
        q.update(Action::CycleWindow, &cx(&cfg)),
        Some(QueueEffect::Message(m)) if m.contains("still reading")
    ));
    assert_eq!(q.window, Some(120), "a first page leaves the window alone");
}

#[test]
fn a_snooze_form_reads_back_as_a_write_and_refuses_today() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    let Some(QueueEffect::OpenForm(mut form, kind)) = q.update(Action::Snooze, &cx(&cfg)) else {
        panic!("snooze opens a form");
    };
    form.set(QueueField::Reason, "waiting on budget");
    let w = q
        .read_form(&kind, &form, &cx(&cfg))
        .expect("a week out is fine");
    assert!(matches!(w, QueueWrite::Snooze { ref reason, .. } if reason == "waiting on budget"));
    form.set(QueueField::Until, &today().to_string());
    let e = q.read_form(&kind, &form, &cx(&cfg)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some(QueueField::Until.label()));
}

#[test]
fn a_churned_close_must_renew_at_zero() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    let Some(QueueEffect::OpenForm(mut form, kind)) = q.update(Action::CloseRenewal, &cx(&cfg))
    else {
        panic!("C opens the close form");
    };
    form.set(QueueField::Result, "churned");
    form.set(QueueField::Reason, "budget cut");
    let e = q.read_form(&kind, &form, &cx(&cfg)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some(QueueField::FinalArr.label()));
    form.set(QueueField::FinalArr, "0");
    let w = q.read_form(&kind, &form, &cx(&cfg)).unwrap();
    assert!(w.label().contains("churned"));
}

#[test]
fn esc_clears_filters_and_marks_then_says_so() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    q.update(Action::FilterAtRisk, &cx(&cfg));
    q.update(Action::Mark, &cx(&cfg));
    let (reload, message) = q.back(&cx(&cfg));
    assert!(!reload);
    assert_eq!(message.as_deref(), Some("filters and marks cleared"));
    assert!(q.marked.is_empty() && q.filters.is_default());
    assert_eq!(q.view.len(), 3);
}

#[test]
fn a_window_let_go_while_read_again_keeps_its_screen_and_waits_for_sorts() {
    let cfg = Config::default();
    let mut q = pane(&cfg);
    // Two rows fit; the second is selected.
    q.move_selection(1);
    let screen = shown(&q)[..2].to_vec();
    let selected = q.selected_id();
    let summary = q.summary.clone();
    let old = q.hold_screen_only().expect("the list, not the agenda");
    assert_eq!(old.len(), 3, "the whole window is handed back to be freed");
    assert_eq!(shown(&q), screen, "the screen stays as it was, rows whole");
    assert_eq!(q.selected_id(), selected);
    assert_eq!(q.summary, summary, "figures as last read");
    assert!(matches!(
        q.update(Action::SortNext, &cx(&cfg)),
        Some(QueueEffect::Message(m)) if m.contains("still reading")
    ));
    // The new read lands: everything is back and keys work again.
    let mut rows = vec![
        row(1, "Zeta Labs", Some("Sam"), 80, Stage::Prep),
        row(2, "Alpha Freight", Some("Dana"), 5, Stage::Prep),
        row(3, "Mid Co", None, 40, Stage::Negotiating),
    ];
    crate::domain::queue::sort_by_priority(&mut rows);
    let _ = q.set_rows(rows, Vec::new(), &cx(&cfg));
    assert!(!q.partial);
    assert_eq!(q.view.len(), 3);
    assert!(q.update(Action::SortNext, &cx(&cfg)).is_none());
}

#[test]
fn a_large_window_wants_the_screens_full_rows_and_holds_only_a_few_screens() {
    let cfg = Config::default();
    let mut q = QueuePane::new(90);
    q.viewport_rows = 2;
    let mut rows = vec![
        row(1, "Zeta Labs", Some("Sam"), 80, Stage::Prep),
        row(2, "Alpha Freight", Some("Dana"), 5, Stage::Prep),
        row(3, "Mid Co", None, 40, Stage::Negotiating),
    ];
    crate::domain::queue::sort_by_priority(&mut rows);
    let mut packed = crate::domain::compact_queue::CompactQueue::default();
    for r in &rows {
        packed.push(r);
    }
    let _ = q.set_compact(packed, vec![0, 1, 2], Vec::new(), &cx(&cfg));
    // Packed rows only: the screen's two are wanted, by renewal id.
    let want = q.rows_wanted();
    assert_eq!(
        want,
        vec![(0, rows[0].facts.renewal_id), (1, rows[1].facts.renewal_id)]
    );
    assert!(q.selected().is_none(), "not whole until the host reads it");
    q.put_full_rows(vec![(0, rows[0].clone()), (1, rows[1].clone())]);
    assert!(q.rows_wanted().is_empty());
    assert_eq!(
        q.selected().unwrap().facts.renewal_id,
        rows[0].facts.renewal_id
    );
    q.move_selection(2);
    assert_eq!(q.rows_wanted(), vec![(2, rows[2].facts.renewal_id)]);
}
