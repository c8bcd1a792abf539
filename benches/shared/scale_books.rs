//! Generated books for the scale benches, made once into target/tmp/scale (shared
//! with benches/scale.sh) and reused: the 1M book takes about a minute the first
//! time. `RUNWAY_BENCH_SIZES=1000,10000` limits the sizes a bench runs.

use runway::domain::Date;
use runway::store::Store;
use std::path::PathBuf;

pub fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

/// The sizes to run: `RUNWAY_BENCH_SIZES`, else 1k, 10k, 100k and 1M.
pub fn sizes() -> Vec<usize> {
    std::env::var("RUNWAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000, 1_000_000])
}

/// The generated book of `n` accounts.
pub fn book(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("book-{n}.db"));
    if !path.exists() {
        let tmp = dir.join(format!("book-{n}.partial.db"));
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp).unwrap();
        runway::demo::generate_book(&mut store, n, today()).unwrap();
        drop(store);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}
