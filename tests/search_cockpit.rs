//! Search beyond names from the cockpit: `/` and the palette also find ids, contact
//! names and note text, and say where the match was.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::tui::app::{Overlay, Pane};

#[test]
fn slash_finds_a_contact_and_shows_the_match() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, "/Thackeray");
    let ids: Vec<&str> = app
        .queue
        .view
        .iter()
        .map(|&i| app.queue.full_row(i).unwrap().facts.account_id.as_str())
        .collect();
    assert!(ids.contains(&"DEMO-002"), "{ids:?}");
    key(&mut app, KeyCode::Enter);
    let pos = app
        .queue
        .view
        .iter()
        .position(|&i| app.queue.full_row(i).unwrap().facts.account_id == "DEMO-002")
        .unwrap();
    app.queue.selected = pos;
    let s = screen(&app, 120, 40);
    assert!(s.contains("contact: Idris Thackeray"), "{s}");
}

#[test]
fn slash_finds_an_id() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    typed(&mut app, "/DEMO-002");
    assert!(
        app.queue
            .view
            .iter()
            .any(|&i| app.queue.full_row(i).unwrap().facts.account_id == "DEMO-002")
    );
}

#[test]
fn the_palette_lists_note_matches_and_opens_them() {
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    typed(&mut app, "release notes");
    let Overlay::Palette(p) = &app.overlay else {
        panic!("palette open")
    };
    assert!(
        p.also.iter().any(|h| h.account_id == "DEMO-002"),
        "{:?}",
        p.also
    );
    let s = screen(&app, 120, 40);
    assert!(s.contains("note: "), "{s}");
    // Move to the note match and open it.
    let row = {
        let Overlay::Palette(p) = &app.overlay else {
            unreachable!()
        };
        (0..p.len())
            .find(|&r| p.entry(r) == Some(runway::tui::palette::Entry::Found(0)))
            .unwrap()
    };
    for _ in 0..row {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, Pane::Account);
}

/// A contact's match is listed however many account names also hold the query: the
/// palette asked the whole search for 50 hits and kept the contacts and notes among
/// them, so in a book with 50 names holding the query it listed none.
#[test]
fn the_palette_lists_contacts_however_many_names_match() {
    use runway::domain::book::{Account, Stakeholder};
    use runway::domain::stakeholder::{ContactStatus, Sentiment};
    let (_d, mut store) = demo_store();
    store
        .write(|tx| {
            for i in 0..60 {
                tx.upsert_account(
                    &Account {
                        id: format!("OK-{i}"),
                        name: format!("Okonkwo Holdings {i}"),
                        ..Default::default()
                    },
                    "manual",
                    "t",
                )?;
            }
            tx.add_stakeholder(
                &Stakeholder {
                    id: 0,
                    account_id: "DEMO-002".into(),
                    name: "Wilhelmina Okonkwo".into(),
                    title: None,
                    email: None,
                    phone: None,
                    role: None,
                    sentiment: Sentiment::Neutral,
                    status: ContactStatus::Active,
                    last_contact: None,
                    our_thread: None,
                    our_contact: None,
                },
                "manual",
            )?;
            Ok(())
        })
        .unwrap();
    let mut app = app_on(store, 120, 40);
    app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    typed(&mut app, "okonkwo");
    let Overlay::Palette(p) = &app.overlay else {
        panic!("palette open")
    };
    assert_eq!(p.matcher.len(), 60, "the names");
    assert!(
        p.also
            .iter()
            .any(|h| h.account_id == "DEMO-002" && h.snippet.contains("Wilhelmina")),
        "{:?}",
        p.also
    );
}
