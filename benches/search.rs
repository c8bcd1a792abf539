//! Search beyond names at 100k accounts (issue 14: ≤ 50 ms per query of 3+
//! characters). The synthetic book gets what the generator leaves out and search
//! reads: two contacts per account, three logged activities, notes on its signals.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use runway::domain::Date;
use runway::domain::book::{Signal, Stakeholder};
use runway::domain::risk::SignalKind;
use runway::domain::stakeholder::{ContactStatus, Sentiment};
use runway::store::Store;
use std::path::PathBuf;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

const FIRST: &[&str] = &[
    "Dana", "Priya", "Tomás", "Mei", "Sam", "Jonas", "Aiko", "Lena", "Omar", "Grace", "Ruth",
    "Kofi",
];
const LAST: &[&str] = &[
    "Reyes",
    "Natarajan",
    "Okafor",
    "Lindqvist",
    "Carter",
    "Müller",
    "Tanaka",
    "Haddad",
    "Brennan",
    "Silva",
];
const NOTES: &[&str] = &[
    "Quarterly check-in; adoption steady, wants the new reporting module",
    "Sent the renewal quote and the ROI summary to finance",
    "Champion on leave until January; loop in the deputy",
    "Discussed seat count for next year and the SSO rollout",
    "Escalated the export bug to support, fix promised next sprint",
];

/// The generated book with contacts and notes, built once and kept between runs.
fn book(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-books");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("search-{n}-v{}.db", runway::store::SCHEMA_VERSION));
    if path.exists() {
        return path;
    }
    let tmp = dir.join(format!("search-{n}.partial.db"));
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).unwrap();
    runway::demo::generate_book(&mut store, n, today()).unwrap();
    store
        .write(|tx| {
            for i in 0..n {
                let id = format!("GEN-{i:06}");
                for k in 0..2 {
                    tx.add_stakeholder(
                        &Stakeholder {
                            id: 0,
                            account_id: id.clone(),
                            name: format!(
                                "{} {}",
                                FIRST[(i * 7 + k) % FIRST.len()],
                                LAST[(i * 3 + k * 5) % LAST.len()]
                            ),
                            title: None,
                            email: None,
                            phone: None,
                            role: None,
                            sentiment: Sentiment::Neutral,
                            status: ContactStatus::Active,
                            last_contact: None,
                            our_thread: None,
                            our_contact: None,
                        },
                        "generated",
                    )?;
                }
                for k in 0..3 {
                    tx.log(
                        &id,
                        None,
                        &format!("{}T10:00:00", today() - chrono::Duration::days(k * 9)),
                        ["call", "email", "meeting"][k as usize],
                        NOTES[(i + k as usize) % NOTES.len()],
                    )?;
                }
                if i % 8 == 0 {
                    tx.add_signal(
                        &Signal {
                            id: 0,
                            account_id: id.clone(),
                            observed_on: today(),
                            kind: SignalKind::Budget,
                            value: None,
                            note: Some("procurement asked for a 15% price cut".into()),
                            resolved_on: None,
                        },
                        "generated",
                    )?;
                }
            }
            // One needle deep in the book, for the query that must scan to find it.
            tx.log(
                "GEN-099990",
                None,
                "2026-11-20T10:00:00",
                "note",
                "asked how we compare with Zephyrcloud on migration",
            )?;
            Ok(())
        })
        .unwrap();
    drop(store);
    std::fs::rename(&tmp, &path).unwrap();
    for s in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", tmp.display()));
    }
    path
}

fn search(c: &mut Criterion) {
    let n = 100_000;
    let store = Store::open(&book(n)).unwrap();
    let mut g = c.benchmark_group("search_100k");
    g.sample_size(20);
    // From cheapest (many hits, the scan stops early) to dearest (no hit: every
    // id, name, contact and note is read).
    for q in ["harbor", "okafor", "GEN-0999", "zephyrcloud", "zzqx"] {
        let hits = store.search(q, 50).unwrap();
        eprintln!("{q:>12}: {} hits", hits.len());
        g.bench_with_input(BenchmarkId::from_parameter(q), &q, |b, q| {
            b.iter(|| store.search(q, 50).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
