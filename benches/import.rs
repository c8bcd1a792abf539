//! Import throughput (issue 16): accounts files of 1k / 10k / 100k / 1M rows (every
//! column filled, a health score on each row) into an empty book, and the same file
//! again over the book it made (the update path: every row looked up and compared).
//! Budget: ≥ 100k rows/s end to end, and a 1M-row import within 150 MB resident
//! (that figure comes from `benches/scale.sh`, which runs the binary under
//! `/usr/bin/time -v`).
//!
//! The files and the books re-imported over are generated once into
//! target/tmp/import and reused (the 1M file is 120 MB; its book takes about half a
//! minute the first time). `RUNWAY_BENCH_SIZES=1000,10000` limits the sizes.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use runway::domain::config::Config;
use runway::io::import::{ImportKind, ImportOptions, Report, import_file};
use runway::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn sizes() -> Vec<usize> {
    std::env::var("RUNWAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000, 1_000_000])
}

fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("import");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `path` once (through a partial file, so an interrupted run never leaves
/// a short one behind).
fn once(path: &Path, make: impl FnOnce(&Path)) {
    if !path.exists() {
        let tmp = path.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        make(&tmp);
        std::fs::rename(&tmp, path).unwrap();
    }
}

fn accounts_file(rows: usize) -> PathBuf {
    let path = dir().join(format!("accounts-{rows}.csv"));
    once(&path, |tmp| {
        let stages = ["not_started", "prep", "engaged", "proposal", "negotiating"];
        let mut w = std::io::BufWriter::new(std::fs::File::create(tmp).unwrap());
        w.write_all(b"account_id,account_name,arr,currency,renewal_date,owner,health_score,stage,opportunity_type,touch_model,target_arr,contract_start,segment_override,industry,domain\n").unwrap();
        for i in 0..rows {
            writeln!(
                w,
                "ACC-{i:07},Company {i} Ltd,{},USD,2027-{:02}-{:02},Owner {},{},{},flat,assisted,,2020-01-01,,Retail,c{i}.example",
                1_000 + (i * 7919) % 500_000,
                1 + i % 12,
                1 + i % 28,
                i % 40,
                (i * 37) % 101,
                stages[i % stages.len()]
            )
            .unwrap();
        }
        w.flush().unwrap();
    });
    path
}

fn import(store: &mut Store, file: &Path, opts: &ImportOptions) -> Report {
    import_file(store, ImportKind::Accounts, file, opts, &mut |_, _| true).unwrap()
}

fn remove_book(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

fn bench(c: &mut Criterion) {
    let today = "2026-11-22".parse().unwrap();
    let opts = ImportOptions::new(&Config::default(), today);
    let mut g = c.benchmark_group("import_accounts");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    for rows in sizes() {
        let file = accounts_file(rows);
        g.throughput(Throughput::Elements(rows as u64));
        let fresh = dir().join(format!("fresh-{rows}.db"));
        g.bench_with_input(BenchmarkId::new("into_empty_book", rows), &rows, |b, _| {
            b.iter_batched(
                || {
                    remove_book(&fresh);
                    Store::open(&fresh).unwrap()
                },
                |mut store| {
                    let r = import(&mut store, &file, &opts);
                    assert_eq!(r.added, rows as u64);
                    store
                },
                BatchSize::PerIteration,
            )
        });
        remove_book(&fresh);
        // Re-importing the same file changes nothing, so one book serves every run.
        let book = dir().join(format!("book-{rows}.db"));
        once(&book, |tmp| {
            remove_book(tmp);
            import(&mut Store::open(tmp).unwrap(), &file, &opts);
        });
        g.bench_with_input(BenchmarkId::new("over_its_book", rows), &rows, |b, _| {
            b.iter_with_large_drop(|| {
                let mut store = Store::open(&book).unwrap();
                let r = import(&mut store, &file, &opts);
                assert_eq!(r.unchanged, rows as u64);
                store
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
