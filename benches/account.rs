//! Opening a heavy account — 50 stakeholders, 500 signals, 2,000 activities — and
//! drawing its first frame (issue budget ≤ 10 ms). The pane reads bounded slices of
//! history, so the cost should not grow with the account's past.

use criterion::{Criterion, criterion_group, criterion_main};
use runway::domain::Date;
use runway::domain::book::{Account, Activity, Renewal, Signal, Stakeholder};
use runway::domain::config::Config;
use runway::domain::money::Money;
use runway::domain::risk::SignalKind;
use runway::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use runway::store::Store;
use runway::tui::app::App;
use runway::tui::keymap::Keymap;
use runway::tui::theme::Theme;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn heavy_book(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("heavy.db");
    let mut store = Store::open(&path).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    store
        .write(|tx| {
            tx.upsert_account(
                &Account {
                    id: "HEAVY".into(),
                    name: "Heavyweight Holdings".into(),
                    ..Default::default()
                },
                "manual",
                "t",
            )?;
            let rid = tx.insert_renewal(&Renewal::open(
                "HEAVY",
                Some(today() + chrono::Duration::days(40)),
                Money::from_major(250_000),
                "USD",
            ))?;
            for i in 0..50 {
                tx.add_stakeholder(
                    &Stakeholder {
                        id: 0,
                        account_id: "HEAVY".into(),
                        name: format!("Person {i}"),
                        title: Some("Manager".into()),
                        email: None,
                        phone: None,
                        role: Some(Role::ALL[i % Role::ALL.len()]),
                        sentiment: Sentiment::Neutral,
                        status: ContactStatus::Active,
                        last_contact: Some(today() - chrono::Duration::days(i as i64)),
                        our_thread: Some(Thread::ALL[i % Thread::ALL.len()]),
                        our_contact: None,
                    },
                    "manual",
                )?;
            }
            for i in 0..500 {
                let s = Signal {
                    id: 0,
                    account_id: "HEAVY".into(),
                    observed_on: today() - chrono::Duration::days(i),
                    kind: SignalKind::ALL[i as usize % 8],
                    value: None,
                    note: Some(format!("signal {i}")),
                    resolved_on: None,
                };
                tx.add_signal(&s, "manual")?;
            }
            for i in 0..2000 {
                tx.log_activity(&Activity {
                    account_id: "HEAVY".into(),
                    renewal_id: Some(rid),
                    at: format!("{}T10:00:00", today() - chrono::Duration::days(i % 700)),
                    kind: "note".into(),
                    summary: format!("activity {i}"),
                })?;
            }
            Ok(())
        })
        .unwrap();
    path
}

fn open_heavy_account(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = heavy_book(dir.path());
    let store = Store::open(&path).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        today(),
        Keymap::new(&Default::default()).unwrap(),
        Theme::mono(),
    )
    .unwrap();
    app.resize(120, 40);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    c.bench_function("open_account_50p_500s_2000a_first_frame", |b| {
        b.iter(|| {
            app.open_account("HEAVY".to_string());
            term.draw(|f| runway::tui::view::render(&app, f))
                .unwrap()
                .area
        })
    });
}

criterion_group!(benches, open_heavy_account);
criterion_main!(benches);
