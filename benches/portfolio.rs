//! Issue 15's budget: `runway forecast --json`'s work (read the period's renewals,
//! score them, roll them up, write the JSON) at 100k accounts whose book holds two
//! years of daily forecast snapshots, ≤ 50 ms. Also measured: `moved --json` (reads
//! the snapshots) and the daily snapshot itself. The setup prints the snapshot
//! table's size, from which README's storage growth per year comes.

use criterion::{Criterion, criterion_group, criterion_main};
use runway::domain::Date;
use runway::domain::config::Config;
use runway::store::Store;
use std::path::PathBuf;

const N: usize = 100_000;
const DAYS: i64 = 730;
/// Renewals whose tracked fields change on a given day (1 in 100).
const CHANGED_EVERY: i64 = 100;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn book() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-books");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "portfolio-{N}-v{}.db",
        runway::store::SCHEMA_VERSION
    ));
    if path.exists() {
        return path;
    }
    let tmp = dir.join("portfolio.partial.db");
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).unwrap();
    runway::demo::generate_book(&mut store, N, today()).unwrap();
    let first = today() - chrono::Duration::days(DAYS);
    // Day one: every renewal, as the first snapshot stores it.
    store
        .take_snapshot(&Config::default(), first, true)
        .unwrap();
    drop(store);
    let before = std::fs::metadata(&tmp).unwrap().len();
    // Then each day a different 1 % of renewals changes (ARR and probability), written
    // as the snapshot would write them: one row per changed renewal.
    let c = rusqlite::Connection::open(&tmp).unwrap();
    c.execute_batch("BEGIN").unwrap();
    for k in 1..DAYS {
        let day = (first + chrono::Duration::days(k)).to_string();
        c.execute(
            "INSERT INTO forecast_snapshots
             SELECT renewal_id, ?1, renewal_date, arr_minor + ?2 * 100, target_minor, value_minor + ?2 * 100,
                    (probability + ?2) % 100, currency, stage, category, owner, at_risk
             FROM forecast_snapshots WHERE taken_on = ?3 AND renewal_id % ?4 = ?2 % ?4",
            rusqlite::params![day, k, first.to_string(), CHANGED_EVERY],
        )
        .unwrap();
        c.execute("INSERT INTO snapshot_days VALUES (?1, 0)", [&day])
            .unwrap();
    }
    c.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE); VACUUM")
        .unwrap();
    let rows: i64 = c
        .query_row("SELECT count(*) FROM forecast_snapshots", [], |r| r.get(0))
        .unwrap();
    drop(c);
    let after = std::fs::metadata(&tmp).unwrap().len();
    eprintln!(
        "portfolio bench book: {rows} snapshot rows over {DAYS} days; file {before} → {after} bytes; \
         ~{} bytes per changed row",
        (after.saturating_sub(before)) / (rows as u64 - N as u64).max(1)
    );
    std::fs::rename(&tmp, &path).unwrap();
    path
}

fn forecast_json(c: &mut Criterion) {
    let path = book();
    let cfg = Config::default();
    let store = Store::open(&path).unwrap();
    let mut g = c.benchmark_group("portfolio_100k");
    g.sample_size(20);
    g.bench_function("forecast_json", |b| {
        b.iter(|| {
            let s =
                runway::cli_portfolio::forecast(&store, &cfg, today(), None, None, true).unwrap();
            assert!(s.len() > 100);
            s
        })
    });
    g.bench_function("moved_json", |b| {
        b.iter(|| runway::cli_portfolio::moved(&store, &cfg, today(), None, None, true).unwrap())
    });
    g.finish();
}

/// The cockpit's Portfolio pane: build its data (the period's forecast, what moved
/// since a week ago with the 13-week trend, team, risk, win/loss) and draw the first
/// frame at 200×60, where every section is on screen.
fn pane_first_frame(c: &mut Criterion) {
    use runway::tui::portfolio::{self, PortfolioState};
    let path = book();
    let cfg = Config::default();
    let store = Store::open(&path).unwrap();
    let period = runway::portfolio_view::period(&cfg, today(), None).unwrap();
    let mut g = c.benchmark_group("portfolio_pane_100k");
    g.sample_size(10);
    g.bench_function("data_and_first_frame_200x60", |b| {
        b.iter(|| {
            let data =
                runway::portfolio_view::PortfolioData::load(&store, &cfg, today(), period.clone())
                    .unwrap();
            let state = PortfolioState::new(data.period().clone());
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
            term.draw(|f| {
                portfolio::render(
                    f,
                    f.area(),
                    &state,
                    &data,
                    &runway::tui::theme::Theme::mono(),
                )
            })
            .unwrap();
            data.watch.len()
        })
    });
    g.bench_function("first_frame_before_history_200x60", |b| {
        b.iter(|| {
            let data = runway::portfolio_view::PortfolioData::load_now(
                &store,
                &cfg,
                today(),
                period.clone(),
            )
            .unwrap();
            let state = PortfolioState::new(data.period().clone());
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
            term.draw(|f| {
                portfolio::render(
                    f,
                    f.area(),
                    &state,
                    &data,
                    &runway::tui::theme::Theme::mono(),
                )
            })
            .unwrap();
            data.watch.len()
        })
    });
    g.finish();
}

criterion_group!(benches, forecast_json, pane_first_frame);
criterion_main!(benches);
