//! Resolving a risk signal (issue 14): it stops counting everywhere risk is computed
//! — flags, at-risk, priority, the queue, the portfolio's at-risk by kind, the brief —
//! and stays in the account's detail as history. Logging a typed activity.

mod common;

use common::{temp_db, today};
use runway::domain::activity::ActivityKind;
use runway::domain::book::{Account, Renewal, Signal};
use runway::domain::config::Config;
use runway::domain::money::Money;
use runway::domain::portfolio;
use runway::domain::risk::{SignalKind, kinds_in};
use runway::store::{Store, StoreError};

/// Two identical accounts, one (`RISKY`) with a competitive signal; returns its id.
fn book() -> (tempfile::TempDir, Store, i64) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = store
        .write(|tx| {
            for id in ["RISKY", "CALM"] {
                tx.upsert_account(
                    &Account {
                        id: id.into(),
                        name: format!("{id} Corp"),
                        ..Default::default()
                    },
                    "manual",
                    "2026-11-01T09:00:00",
                )?;
                tx.insert_renewal(&Renewal::open(
                    id,
                    Some(today() + chrono::Duration::days(30)),
                    Money::from_major(50_000),
                    "USD",
                ))?;
                tx.add_health(id, today(), 80)?;
            }
            tx.add_signal(
                &Signal {
                    id: 0,
                    account_id: "RISKY".into(),
                    observed_on: today() - chrono::Duration::days(3),
                    kind: SignalKind::Competitive,
                    value: None,
                    note: Some("asked how we compare with Rival".into()),
                    resolved_on: None,
                },
                "manual",
            )
        })
        .unwrap();
    (dir, store, id)
}

fn kinds(store: &Store, id: &str) -> Vec<SignalKind> {
    let row = store
        .account_row(id, &Config::default(), today())
        .unwrap()
        .unwrap();
    kinds_in(row.risk_facts().kinds()).collect()
}

#[test]
fn a_resolved_signal_no_longer_counts_as_risk_anywhere() {
    let (_dir, mut store, sig) = book();
    let cfg = Config::default();
    let row = |s: &Store, id: &str| s.account_row(id, &cfg, today()).unwrap().unwrap();
    // Before: the competitive signal flags the account, puts it at risk and raises it.
    assert_eq!(kinds(&store, "RISKY"), vec![SignalKind::Competitive]);
    assert!(row(&store, "RISKY").at_risk);
    assert!(row(&store, "RISKY").priority > row(&store, "CALM").priority);

    store.resolve_signal(sig, today()).unwrap();

    // Flags and at-risk.
    assert_eq!(kinds(&store, "RISKY"), vec![]);
    assert!(!row(&store, "RISKY").at_risk);
    // Priority: the same as the twin that never had a signal.
    assert_eq!(row(&store, "RISKY").priority, row(&store, "CALM").priority);
    // The queue reads the same facts.
    let queue = store.load_queue(&cfg, today(), Some(90)).unwrap();
    let q = queue
        .iter()
        .find(|r| &*r.facts.account_id == "RISKY")
        .unwrap();
    assert_eq!(q.facts.open_signals, 0);
    assert!(!q.at_risk);
}

#[test]
fn portfolio_at_risk_by_kind_ignores_resolved_signals() {
    let (_dir, mut store, sig) = book();
    let cfg = Config::default();
    let period = portfolio::parse_period(None, today(), 1).unwrap();
    let by_kind = |s: &Store| {
        let lines = s.portfolio_lines(&cfg, today(), Some(&period)).unwrap();
        portfolio::at_risk_by_kind(&lines, &period)
    };
    let before = by_kind(&store);
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].0, "competitive");
    store.resolve_signal(sig, today()).unwrap();
    assert_eq!(by_kind(&store), vec![]);
}

#[test]
fn the_account_keeps_resolved_signals_as_history_and_the_brief_leaves_them_out() {
    let (_dir, mut store, sig) = book();
    let cfg = Config::default();
    let detail = |s: &Store| s.account_detail("RISKY", &cfg, today()).unwrap().unwrap();
    let brief = |s: &Store| {
        let d = detail(s);
        runway::io::brief::brief(&d, &[], None, today(), &cfg.book.cur("USD"), &[])
    };
    assert_eq!(detail(&store).signals.len(), 1);
    assert!(detail(&store).resolved.is_empty());
    assert!(brief(&store).contains("asked how we compare with Rival"));

    store.resolve_signal(sig, today()).unwrap();

    let d = detail(&store);
    assert!(d.signals.is_empty());
    assert_eq!(d.resolved.len(), 1);
    let h = &d.resolved[0];
    assert_eq!(
        (
            h.id,
            h.kind,
            h.observed_on,
            h.resolved_on,
            h.note.as_deref()
        ),
        (
            sig,
            SignalKind::Competitive,
            today() - chrono::Duration::days(3),
            Some(today()),
            Some("asked how we compare with Rival")
        )
    );
    let b = brief(&store);
    assert!(!b.contains("Rival"), "{b}");
    assert!(b.contains("None open."));
}

#[test]
fn resolving_refuses_unknown_already_resolved_and_too_early() {
    let (_dir, mut store, sig) = book();
    let e = store.resolve_signal(sig + 100, today()).unwrap_err();
    assert!(
        matches!(&e, StoreError::Invalid(m) if m.contains(&format!("#{}", sig + 100))),
        "{e}"
    );
    let e = store
        .resolve_signal(sig, today() - chrono::Duration::days(4))
        .unwrap_err();
    assert!(e.to_string().contains("before that"), "{e}");
    store.resolve_signal(sig, today()).unwrap();
    let e = store.resolve_signal(sig, today()).unwrap_err();
    assert!(
        e.to_string().contains("already resolved on 2026-11-22"),
        "{e}"
    );
    // Undo opens it again, and it counts again.
    store.write(|tx| tx.reopen_signal(sig)).unwrap();
    assert_eq!(kinds(&store, "RISKY"), vec![SignalKind::Competitive]);
    let e = store.write(|tx| tx.reopen_signal(sig)).unwrap_err();
    assert!(e.to_string().contains("open already"), "{e}");
}

#[test]
fn a_read_only_book_refuses_to_resolve() {
    let (dir, store, sig) = book();
    drop(store);
    let mut ro =
        Store::open_with(&dir.path().join("book.db"), runway::store::Access::ReadOnly).unwrap();
    assert!(matches!(
        ro.resolve_signal(sig, today()),
        Err(StoreError::ReadOnly(_))
    ));
}

#[test]
fn typed_activities_are_logged_and_checked() {
    let (_dir, mut store, _) = book();
    let at = today().and_hms_opt(14, 30, 0).unwrap();
    let id = store
        .log_activity("CALM", ActivityKind::Call, "  Called the champion ", at)
        .unwrap();
    assert!(id > 0);
    let log = store.recent_activities("CALM", 5).unwrap();
    assert_eq!(
        log,
        vec![(
            "2026-11-22T14:30:00".to_string(),
            "call".to_string(),
            "Called the champion".to_string()
        )]
    );
    // The renewal moved that day.
    let row = store
        .account_row("CALM", &Config::default(), today())
        .unwrap()
        .unwrap();
    assert_eq!(row.facts.last_movement, Some(today()));
    let e = store
        .log_activity("NOPE", ActivityKind::Note, "x", at)
        .unwrap_err();
    assert!(
        e.to_string().contains("no account has the id 'NOPE'"),
        "{e}"
    );
    let e = store
        .log_activity("CALM", ActivityKind::Email, "   ", at)
        .unwrap_err();
    assert!(e.to_string().starts_with("summary:"), "{e}");
    assert_eq!(store.recent_activities("CALM", 5).unwrap().len(), 1);
}
