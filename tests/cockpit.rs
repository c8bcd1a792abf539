//! The cockpit driven by keys, checked by its state and by snapshots of the screen
//! at 80×24 and 120×40 with today fixed.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::store::Store;
use runway::tui::app::{App, Overlay, Pane};

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn demo_app(w: u16, h: u16) -> (tempfile::TempDir, App) {
    let (d, store) = demo_store();
    (d, app_on(store, w, h))
}

#[test]
fn queue_snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_d, app) = demo_app(w, h);
        insta::assert_snapshot!(format!("queue_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn help_overlay_snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_d, mut app) = demo_app(w, h);
        typed(&mut app, "?");
        assert!(matches!(app.overlay, Overlay::Help(_)));
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&app, w, h));
        key(&mut app, KeyCode::Esc);
        assert!(matches!(app.overlay, Overlay::None));
    }
}

#[test]
fn palette_snapshots_and_opening() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_d, mut app) = demo_app(w, h);
        ctrl(&mut app, 'p');
        typed(&mut app, "heron bak");
        insta::assert_snapshot!(format!("palette_{w}x{h}"), screen(&app, w, h));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.pane, Pane::Account);
        assert_eq!(app.current_account_name(), Some("Blue Heron Bakeries"));
        insta::assert_snapshot!(format!("account_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn palette_finds_an_account_by_its_id() {
    let (_d, mut app) = demo_app(120, 40);
    ctrl(&mut app, 'p');
    typed(&mut app, "DEMO-003");
    assert!(screen(&app, 120, 40).contains("DEMO-003"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
    let want = {
        let (_d2, store) = demo_store();
        store.account("DEMO-003").unwrap().unwrap().name
    };
    assert_eq!(app.current_account_name(), Some(want.as_str()));
}

#[test]
fn palette_highlights_matched_letters_without_colour() {
    let (_d, mut app) = demo_app(120, 40);
    ctrl(&mut app, 'p');
    typed(&mut app, "heron");
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| runway::tui::view::render(&app, f)).unwrap();
    let buf = term.backend().buffer();
    let underlined: String = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|c| c.symbol())
        .collect();
    assert!(underlined.to_lowercase().contains("heron"), "{underlined}");
}

#[test]
fn hostile_names_render_inert() {
    let (_d, mut app) = demo_app(120, 40);
    ctrl(&mut app, 'p');
    let s = screen(&app, 120, 40);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}') && !s.contains('\u{200b}'));
    typed(&mut app, "sunhaven");
    assert!(screen(&app, 120, 40).contains("␛[31mSunhaven Pool Supplies"));
}

#[test]
fn navigation_keys_move_and_page() {
    let (_d, mut app) = demo_app(80, 24);
    let n = app.queue.view.len();
    assert!(n > 30);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Down);
    assert_eq!(app.queue.selected, 2);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.queue.selected, 1);
    app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    assert_eq!(app.queue.selected, n - 1);
    assert!(
        app.queue.offset + app.queue.viewport_rows >= n,
        "last row on screen"
    );
    key(&mut app, KeyCode::Char('g'));
    assert_eq!((app.queue.selected, app.queue.offset), (0, 0));
    ctrl(&mut app, 'd');
    assert_eq!(app.queue.selected, app.queue.viewport_rows / 2);
    ctrl(&mut app, 'u');
    assert_eq!(app.queue.selected, 0);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.queue.selected, 0, "clamped at the top");
}

#[test]
fn panes_switch_by_digit_and_tab_and_esc_backs_out() {
    let (_d, mut app) = demo_app(80, 24);
    typed(&mut app, "3");
    assert_eq!(app.pane, Pane::Save);
    // The save plan has panels (issue 14): Tab moves among them, `]` to the next pane.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.pane, Pane::Save);
    typed(&mut app, "]");
    assert_eq!(app.pane, Pane::Proposal);
    typed(&mut app, "]");
    assert_eq!(app.pane, Pane::Portfolio);
    typed(&mut app, "]");
    assert_eq!(app.pane, Pane::Queue, "] wraps round");
    typed(&mut app, "[");
    assert_eq!(app.pane, Pane::Portfolio);
    typed(&mut app, "4");
    assert_eq!(app.pane, Pane::Proposal);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.pane, Pane::Queue);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
    assert_eq!(
        app.account.as_deref(),
        Some(
            app.queue
                .full_row(app.queue.view[0])
                .unwrap()
                .facts
                .account_id
                .as_str()
        )
    );
}

#[test]
fn command_line_goto_quit_and_errors() {
    let (_d, mut app) = demo_app(80, 24);
    typed(&mut app, ":go");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "quillfeather");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
    assert_eq!(app.current_account_name(), Some("Quillfeather Stationers"));
    typed(&mut app, ":goto zzzzqqq");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("no account matches")
    );
    typed(&mut app, ":frobnicate");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("unknown command 'frobnicate'"));
    typed(&mut app, ":q");
    key(&mut app, KeyCode::Enter);
    assert!(app.quit);
}

#[test]
fn q_and_ctrl_c_quit() {
    let (_d, mut app) = demo_app(80, 24);
    typed(&mut app, "q");
    assert!(app.quit);
    let (_d, mut app) = demo_app(80, 24);
    ctrl(&mut app, 'p');
    ctrl(&mut app, 'c');
    assert!(app.quit, "Ctrl-C quits even from an overlay");
}

#[test]
fn tiny_windows_say_so_and_never_panic() {
    let (_d, app) = demo_app(80, 24);
    for (w, h) in [(1, 1), (2, 1), (39, 24), (80, 7), (40, 8), (10, 3)] {
        let s = screen(&app, w, h);
        if w < 40 || h < 8 {
            assert!(s.starts_with('W'), "{w}x{h}: {s}");
        }
    }
    insta::assert_snapshot!("too_small_30x5", screen(&app, 30, 5));
}

#[test]
fn empty_book_says_how_to_load_data() {
    let (_d, path) = temp_db();
    let app = app_on(Store::open(&path).unwrap(), 80, 24);
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("empty_80x24", s);
    assert!(s.contains("runway --demo"));
}

/// The day's forecast snapshot waits for the first frame (at a million renewals it
/// takes seconds), then is taken on the next tick, once.
#[test]
fn the_days_forecast_snapshot_is_taken_after_the_first_frame() {
    let (_dir, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    app.snapshot_after_first_frame();
    let latest = |app: &App| app.store.snapshot_days_around(today()).unwrap().0;
    assert_ne!(latest(&app), Some(today()), "not before the first frame");
    let _ = screen(&app, 120, 40);
    app.tick();
    assert_eq!(latest(&app), Some(today()));
    assert!(app.message.is_none(), "{:?}", app.message);
}
