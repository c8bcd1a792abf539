//! The cockpit's queue at 1k / 10k / 100k / 1M accounts (issue 16), as the user meets
//! it: keys through `App::handle_key` and a frame at 120×40 each time.
//!
//! - first frame: open the book, build the app, draw (a book past 20k renewals draws
//!   its first page by date and reads the window on a thread, which is not timed)
//! - `j` and its frame
//! - `o` (sort by the next column) and its frame, over the whole window
//! - `R` (at-risk filter on/off) and its frame
//! - `/` then one letter of "har", each letter with its frame (the narrowing text)
//! - `W` (90 → 120 days) until the new window is in, and its frame (with the 120-day
//!   window read ahead, as it is a moment after the 90-day one lands)
//!
//! Books: benches/shared/scale_books.rs (`RUNWAY_BENCH_SIZES=1000,10000` limits the
//! sizes).

#[path = "shared/scale_books.rs"]
mod scale_books;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::domain::config::Config;
use runway::store::{Access, Store};
use runway::tui::app::App;
use runway::tui::keymap::Keymap;
use runway::tui::theme::Theme;
use scale_books::{book, sizes, today};
use std::time::{Duration, Instant};

fn open(n: usize) -> App {
    // Read-only: the benches change nothing in the shared book, and no backup or
    // snapshot runs.
    let store = Store::open_with(&book(n), Access::ReadOnly).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        today(),
        Keymap::new(&Default::default()).unwrap(),
        Theme::mono(),
    )
    .unwrap();
    app.resize(120, 40);
    app
}

fn key(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn draw(app: &App, term: &mut Terminal<TestBackend>) {
    term.draw(|f| runway::tui::view::render(app, f)).unwrap();
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("cockpit_scale");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(2));
    for n in sizes() {
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        g.bench_with_input(BenchmarkId::new("first_frame", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    let mut app = open(n);
                    draw(&app, &mut term);
                    total += t.elapsed();
                    // Untimed: the window's read in the background ends before the
                    // next sample, so samples do not pile up readers.
                    app.wait_for_queue();
                }
                total
            })
        });
        let mut app = open(n);
        app.wait_for_queue();
        g.bench_with_input(BenchmarkId::new("j_and_frame", n), &n, |b, _| {
            b.iter(|| {
                key(&mut app, 'j');
                draw(&app, &mut term)
            })
        });
        g.bench_with_input(BenchmarkId::new("sort_and_frame", n), &n, |b, _| {
            b.iter(|| {
                key(&mut app, 'o');
                draw(&app, &mut term)
            })
        });
        g.bench_with_input(BenchmarkId::new("filter_and_frame", n), &n, |b, _| {
            b.iter(|| {
                key(&mut app, 'R');
                draw(&app, &mut term)
            })
        });
        // Back to the default order and no filter, then the text: each sample times
        // the three letters of "har" after `/` (untimed), divided by three.
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        g.bench_with_input(BenchmarkId::new("text_key_and_frame", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    key(&mut app, '/');
                    let t = Instant::now();
                    for c in "har".chars() {
                        key(&mut app, c);
                        draw(&app, &mut term);
                    }
                    total += t.elapsed() / 3;
                    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                }
                total
            })
        });
        g.bench_with_input(BenchmarkId::new("window_and_frame", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    assert_eq!(app.queue.window, Some(90));
                    // Untimed: the 120-day window read ahead once 90 days landed (a
                    // user's `W` a second or more after the queue came in).
                    app.wait_for_read_ahead();
                    let t = Instant::now();
                    key(&mut app, 'W');
                    app.wait_for_queue();
                    draw(&app, &mut term);
                    total += t.elapsed();
                    // Back to 90 days, untimed.
                    app.queue.window = Some(90);
                    app.reload().unwrap();
                    app.wait_for_queue();
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
