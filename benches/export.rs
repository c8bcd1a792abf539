//! Exports on generated books of 10k and 100k accounts (issue #7 budget: 100k accounts
//! to CSV in ≤ 1 s), from the store read to the finished bytes.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use runway::cli_export::{ExportWhat, export};
use runway::domain::Date;
use runway::domain::config::Config;
use runway::store::Store;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::default();
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let path = dir.path().join(format!("book-{n}.db"));
        let mut store = Store::open(&path).unwrap();
        runway::demo::generate_book(&mut store, n, today()).unwrap();
        for what in [ExportWhat::Accounts, ExportWhat::Calendar] {
            g.bench_with_input(BenchmarkId::new(format!("{what:?}"), n), &n, |b, _| {
                b.iter(|| {
                    let mut out = Vec::new();
                    export(&store, &cfg, today(), what, None, &mut out).unwrap();
                    out.len()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
