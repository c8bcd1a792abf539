//! The go-to palette of a large book: it opens at once while the names are read on a
//! thread, says so, matches what was typed when they land, and a broad query stops
//! at the first matches and says that too. `:goto` waits for the names.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::tui::app::{App, Overlay, Pane};
use std::time::{Duration, Instant};

/// A book large enough that its queue and names are read in the background.
fn large() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, path) = temp_db();
    let mut store = runway::store::Store::open(&path).unwrap();
    runway::demo::generate_book(&mut store, 25_000, today()).unwrap();
    (d, path)
}

fn open(path: &std::path::Path) -> App {
    app_on(runway::store::Store::open(path).unwrap(), 120, 40)
}

/// Runs the event loop's background work until the names are in.
fn land_names(app: &mut App) {
    let start = Instant::now();
    while app.names.reading() {
        app.tick();
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "names never landed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn title(app: &App) -> String {
    screen(app, 120, 40)
        .lines()
        .find(|l| l.contains("Go to account"))
        .unwrap()
        .to_string()
}

#[test]
fn the_palette_opens_before_the_names_and_matches_when_they_land() {
    let (_d, path) = large();
    let mut app = open(&path);
    app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    assert!(matches!(app.overlay, Overlay::Palette(_)));
    // Nothing lands between keys without the event loop's tick.
    assert!(app.names.reading());
    assert!(title(&app).contains("reading names"), "{}", title(&app));
    typed(&mut app, "GEN-000042");
    assert!(screen(&app, 120, 40).contains("reading the book's account names"));
    land_names(&mut app);
    let Overlay::Palette(p) = &app.overlay else {
        panic!("the palette stays open")
    };
    assert_eq!(
        p.by_id,
        Some(42),
        "what was typed is matched once they land"
    );
    assert!(title(&app).contains("of 25000"), "{}", title(&app));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
    assert_eq!(app.account.as_deref(), Some("GEN-000042"));
}

#[test]
fn a_broad_query_lists_the_first_matches_and_says_so() {
    let (_d, path) = large();
    let mut app = open(&path);
    app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    land_names(&mut app);
    assert!(title(&app).contains("25000 of 25000"), "{}", title(&app));
    // Most generated names have an "s" (Systems, Bakeries, Outfitters, …).
    typed(&mut app, "s");
    let Overlay::Palette(p) = &app.overlay else {
        panic!("palette open")
    };
    assert!(!p.matcher.complete());
    assert_eq!(p.matcher.len(), runway::fuzzy::ENOUGH);
    assert!(
        title(&app).contains("first 20000 of many"),
        "{}",
        title(&app)
    );
    // Narrowed to a few, every match is found again.
    typed(&mut app, " orchid bakeries 42");
    let Overlay::Palette(p) = &app.overlay else {
        panic!("palette open")
    };
    assert!(p.matcher.complete());
    let s = screen(&app, 120, 40);
    assert!(s.contains("Blue Orchid Bakeries 42  GEN-000042"), "{s}");
}

#[test]
fn goto_waits_for_the_names_of_a_large_book() {
    let (_d, path) = large();
    let mut app = open(&path);
    typed(&mut app, ":goto GEN-024999");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
    assert_eq!(app.account.as_deref(), Some("GEN-024999"));
}
