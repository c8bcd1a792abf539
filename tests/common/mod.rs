#![allow(dead_code)]

use runway::domain::Date;
use runway::domain::config::Config;
use runway::store::Store;
use runway::tui::app::App;
use runway::tui::keymap::Keymap;
use runway::tui::theme::Theme;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const TODAY: &str = "2026-11-22";

pub fn today() -> Date {
    TODAY.parse().unwrap()
}

/// A temp dir and a path for a book inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    (dir, path)
}

pub fn demo_store() -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    (dir, store)
}

pub fn app_on(store: Store, width: u16, height: u16) -> App {
    let mut app = App::new(
        store,
        Config::default(),
        today(),
        Keymap::new(&BTreeMap::new()).unwrap(),
        Theme::mono(),
    )
    .unwrap();
    app.resize(width, height);
    app
}

/// Renders the app into a text grid of `width`×`height`.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| runway::tui::view::render(app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn sha(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Marks a runway file as written by a future schema, as a newer runway would.
pub fn forge_newer_schema(path: &std::path::Path, version: i32) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.pragma_update(None, "user_version", version).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
}

/// Presses one key (no modifiers).
pub fn key(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `s` one character at a time.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, ratatui::crossterm::event::KeyCode::Char(c));
    }
}

/// The binary, kept away from the real home folder and environment: config and data
/// folders point inside `dir`.
pub fn runway_in(dir: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("runway").unwrap();
    c.env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("cfg"))
        .env("XDG_DATA_HOME", dir.join("data"));
    c
}

/// What a run printed on stdout.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on stderr.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new book as a crash leaves it in the middle of a large import through a rollback
/// journal (`crashed.db` in `dir`, with its hot `-journal`): a copy of both files
/// taken mid-transaction, after enough rows to push pages out of a tiny cache into
/// the book file.
pub fn crashed_mid_import(dir: &std::path::Path) -> PathBuf {
    let db = dir.join("new.db");
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    let mode: String = c
        .query_row("PRAGMA main.journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    let empty = std::fs::metadata(&db).unwrap().len();
    c.execute_batch(
        "PRAGMA cache_size = 10; BEGIN IMMEDIATE;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO accounts (id, name, created_at, updated_at)
         SELECT 'X-' || i, 'Crash ' || i, '2026-11-22', '2026-11-22' FROM n;",
    )
    .unwrap();
    let size = std::fs::metadata(&db).unwrap().len();
    assert!(
        size > empty + 100_000,
        "the rows did not reach the book file ({empty} -> {size} bytes)"
    );
    let crashed = dir.join("crashed.db");
    std::fs::copy(&db, &crashed).unwrap();
    std::fs::copy(
        format!("{}-journal", db.display()),
        format!("{}-journal", crashed.display()),
    )
    .unwrap();
    drop(c);
    crashed
}
