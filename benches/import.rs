//! Import throughput: accounts files of 10k and 100k rows (every column filled, a
//! health score on each row) into fresh books. Budget: ≥ 100k rows/s end to end.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use runway::domain::config::Config;
use runway::io::import::{ImportKind, ImportOptions, import_file};
use runway::store::Store;
use std::fmt::Write;
use std::path::Path;

fn accounts_file(path: &Path, rows: usize) {
    let stages = ["not_started", "prep", "engaged", "proposal", "negotiating"];
    let mut s = String::from(
        "account_id,account_name,arr,currency,renewal_date,owner,health_score,stage,opportunity_type,touch_model,target_arr,contract_start,segment_override,industry,domain\n",
    );
    for i in 0..rows {
        let _ = writeln!(
            s,
            "ACC-{i:07},Company {i} Ltd,{},USD,2027-{:02}-{:02},Owner {},{},{},flat,assisted,,2020-01-01,,Retail,c{i}.example",
            1_000 + (i * 7919) % 500_000,
            1 + i % 12,
            1 + i % 28,
            i % 40,
            (i * 37) % 101,
            stages[i % stages.len()]
        );
    }
    std::fs::write(path, s).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = "2026-11-22".parse().unwrap();
    let opts = ImportOptions::new(&Config::default(), today);
    let mut g = c.benchmark_group("import_accounts");
    g.sample_size(10);
    for rows in [10_000usize, 100_000] {
        let file = dir.path().join(format!("accounts-{rows}.csv"));
        accounts_file(&file, rows);
        g.throughput(Throughput::Elements(rows as u64));
        let mut n = 0;
        g.bench_function(format!("{rows}_rows"), |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let db = dir.path().join(format!("book-{rows}-{n}.db"));
                    Store::open(&db).unwrap()
                },
                |mut store| {
                    let r = import_file(
                        &mut store,
                        ImportKind::Accounts,
                        &file,
                        &opts,
                        &mut |_, _| true,
                    )
                    .unwrap();
                    assert_eq!(r.added, rows as u64);
                    store
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
