//! Keys that guard the user: a too-small window pauses, `:` lists its commands, help
//! covers commands, V marks what is shown, Ctrl-L reloads.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::tui::app::Overlay;

fn ctrl(app: &mut runway::tui::app::App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Before, `n` advanced the selected renewal's stage while the screen only said
/// "window too small".
#[test]
fn a_too_small_window_ignores_keys_but_quit() {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    let mut app = app_on(store, 120, 40);
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    let stage = |p: &std::path::Path| -> String {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("SELECT stage FROM renewals WHERE id = ?1", [rid], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let before = stage(&path);
    app.resize(30, 6);
    assert!(screen(&app, 30, 6).contains("too small"));
    typed(&mut app, "nj/");
    assert_eq!(stage(&path), before, "nothing acted");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.queue.selected, 0);
    typed(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn tab_on_an_empty_command_line_lists_every_command() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, ":");
    key(&mut app, KeyCode::Tab);
    let s = screen(&app, 120, 40);
    for name in runway::tui::cmdline::COMMANDS.iter().map(|(n, _)| n) {
        assert!(s.contains(&format!(":{name}")), ":{name} listed\n{s}");
    }
    insta::assert_snapshot!("command_list_120x40", s);
}

#[test]
fn help_covers_commands_and_wraps_at_80() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 80, 24);
    typed(&mut app, "?");
    // Scroll to the end: the commands come after the keys.
    for _ in 0..200 {
        typed(&mut app, "j");
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains(":import"), "{s}");
    assert!(
        s.contains("dry-run"),
        "the long import line wraps, not cut\n{s}"
    );
}

#[test]
fn v_marks_every_row_shown_and_again_clears() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, "R"); // at risk only
    let shown = app.queue.view.len();
    assert!(shown > 1);
    typed(&mut app, "V");
    assert_eq!(app.queue.marked.len(), shown);
    typed(&mut app, "V");
    assert!(app.queue.marked.is_empty());
}

#[test]
fn ctrl_l_reloads_what_another_runway_wrote() {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    let mut app = app_on(store, 120, 40);
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    let mut other = runway::store::Store::open(&path).unwrap();
    other
        .write(|tx| tx.set_owner(rid, Some("Pat Other")))
        .unwrap();
    ctrl(&mut app, 'l');
    let row = app.queue.full_row_of(rid).unwrap();
    assert_eq!(row.facts.owner.as_deref(), Some("Pat Other"));
    assert_eq!(app.message.as_deref(), Some("reloaded from the file"));
}

#[test]
fn y_copies_the_brief_the_plan_and_refuses_an_unapproved_proposal() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    let name = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .account_name
        .clone();
    typed(&mut app, "y");
    let copied = app.copied.clone().expect("the brief was copied");
    assert!(copied.contains(&name), "{copied}");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("copied the brief")
    );
    assert_eq!(app.account, None, "copying from the queue opens nothing");
    app.open_account("DEMO-015".into());
    typed(&mut app, "3y");
    assert!(
        app.message.as_deref().unwrap().contains("save plan"),
        "{:?}",
        app.message
    );
    // A proposal with a discount nobody approved never reaches the clipboard.
    app.copied = None;
    app.open_account("DEMO-002".into());
    typed(&mut app, "4");
    typed(&mut app, "l"); // Best
    typed(&mut app, "e");
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab); // to Discount %
    }
    typed(&mut app, "30"); // typing replaces the prefilled value
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    typed(&mut app, "y");
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.starts_with("not copied"), "{msg}");
    assert!(app.copied.is_none(), "nothing reached the clipboard");
}

#[test]
fn a_click_selects_a_queue_row_and_the_wheel_moves() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    let at = |kind, row| MouseEvent {
        kind,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // Row 5 is the table's first line (header, tabs, summary, filter, titles above).
    app.handle_mouse(at(MouseEventKind::Down(MouseButton::Left), 7));
    assert_eq!(app.queue.selected, 2);
    let s = screen(&app, 120, 40);
    let line = s.lines().nth(7).unwrap();
    assert!(
        line.starts_with('▶'),
        "the clicked line is the selected one: {line}"
    );
    app.handle_mouse(at(MouseEventKind::ScrollDown, 0));
    assert_eq!(app.queue.selected, 3);
    app.handle_mouse(at(MouseEventKind::Down(MouseButton::Left), 8));
    assert_eq!(
        app.pane,
        runway::tui::app::Pane::Account,
        "a click on the selected row opens it"
    );
}

#[test]
fn portfolio_opens_the_queue_filtered_and_esc_restores_the_window() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    let window = app.queue.window;
    typed(&mut app, "5");
    app.wait_for_history();
    // Team section, first owner, Enter: that owner's renewals due in the period.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, runway::tui::app::Pane::Queue);
    let only = app.queue.only.clone().expect("filtered from Portfolio");
    let (label, ids) = (only.label, only.account_ids);
    assert!(label.contains("owner"), "{label}");
    assert!(!app.queue.view.is_empty());
    assert!(
        app.queue
            .view
            .iter()
            .all(|&i| ids.contains(&app.queue.full_row(i).unwrap().facts.account_id))
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.queue.only.is_none());
    assert_eq!(
        app.queue.window, window,
        "the window the user had comes back"
    );
}

/// Before, a status message wider than the window was cut mid-word.
#[test]
fn a_long_status_message_ends_on_a_whole_word() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 80, 24);
    app.message = Some(
        "saved: snoozed until 2026-12-06 for every marked renewal — u undoes, Ctrl-R redoes afterwards"
            .into(),
    );
    let s = screen(&app, 80, 24);
    let footer = s.lines().last().unwrap().trim_end();
    assert!(footer.ends_with("u undoes, Ctrl-R…"), "{footer}");
}
