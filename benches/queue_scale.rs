//! The store's queue API at 1k / 10k / 100k / 1M accounts (issue 16): the first
//! screen read through the window index (open included), the whole window loaded
//! packed, a sort and a `/` filter over them, and the screen's 50 rows read back.
//!
//! Books: benches/shared/scale_books.rs (`RUNWAY_BENCH_SIZES=1000,10000` limits the
//! sizes).

#[path = "shared/scale_books.rs"]
mod scale_books;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use runway::domain::config::Config;
use runway::domain::queue_fields::QueueFields;
use runway::domain::queue_view::{self, SortKey};
use runway::store::Store;
use scale_books::{book, sizes, today};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let cfg = Config::default();
    let mut g = c.benchmark_group("queue_scale");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    for n in sizes() {
        let path = book(n);
        g.bench_with_input(
            BenchmarkId::new("open_first_page_by_date", n),
            &n,
            |b, _| {
                b.iter_with_large_drop(|| {
                    let store = Store::open(&path).unwrap();
                    let page = store
                        .queue_page_by_date(&cfg, today(), Some(90), 0, 50)
                        .unwrap();
                    assert_eq!(page.len(), 50);
                    (store, page)
                })
            },
        );
        let store = Store::open(&path).unwrap();
        g.bench_with_input(BenchmarkId::new("load_compact_90d", n), &n, |b, _| {
            b.iter_with_large_drop(|| store.load_compact_queue(&cfg, today(), Some(90)).unwrap())
        });
        let q = store.load_compact_queue(&cfg, today(), Some(90)).unwrap();
        let order: Vec<usize> = (0..q.len()).collect();
        eprintln!(
            "queue_scale {n}: {} rows packed in {:.1} MB",
            q.len(),
            q.bytes_used() as f64 / 1e6
        );
        g.bench_with_input(BenchmarkId::new("sort_by_arr", n), &n, |b, _| {
            b.iter_batched_ref(
                || order.clone(),
                |idx| queue_view::sort_by(|i| q.get(i), idx, SortKey::Arr, false),
                criterion::BatchSize::LargeInput,
            )
        });
        // The `/` filter as the queue pane runs it: name, owner and id of each row.
        g.bench_with_input(BenchmarkId::new("filter_text", n), &n, |b, _| {
            b.iter(|| {
                runway::fuzzy::filter(order.iter().copied(), "cedar", |i, hay| {
                    runway::domain::queue_fields::haystack(q.get(i), hay)
                })
            })
        });
        let screen: Vec<i64> = order[..50].iter().map(|&i| q.get(i).renewal_id()).collect();
        g.bench_with_input(BenchmarkId::new("screen_rows_50", n), &n, |b, _| {
            b.iter(|| {
                store
                    .queue_rows(&cfg, today(), Some(90), q.cutoff, &screen)
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
