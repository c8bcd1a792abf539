//! Every pane and overlay at the three sizes people run terminals at: 80×24 (the
//! floor: everything reachable), 120×40 and 200×60. The demo book, today fixed.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::tui::app::App;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// An overlay's name and the keys that open it.
type Opener = (&'static str, fn(&mut App));

fn at(w: u16, h: u16) -> (tempfile::TempDir, App) {
    let (d, store) = demo_store();
    let mut app = app_on(store, w, h);
    app.open_account("DEMO-015".into());
    typed(&mut app, "1");
    (d, app)
}

#[test]
fn every_pane_at_three_sizes() {
    for (w, h) in SIZES {
        for (key, name) in [
            ("1", "queue"),
            ("2", "account"),
            ("3", "save"),
            ("4", "proposal"),
            ("5", "portfolio"),
        ] {
            let (_d, mut app) = at(w, h);
            typed(&mut app, key);
            // The portfolio's history is read on a thread after its first frame.
            app.wait_for_history();
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&app, w, h));
        }
    }
}

#[test]
fn every_overlay_at_three_sizes() {
    for (w, h) in SIZES {
        let overlays: [Opener; 6] = [
            ("help", |a| typed(a, "?")),
            ("palette", |a| {
                a.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
                typed(a, "heron");
            }),
            ("commands", |a| {
                typed(a, ":");
                key(a, KeyCode::Tab);
            }),
            ("form", |a| typed(a, "+")),
            ("why", |a| typed(a, "w")),
            ("filter", |a| typed(a, "/har")),
        ];
        for (name, open) in overlays {
            let (_d, mut app) = at(w, h);
            open(&mut app);
            insta::assert_snapshot!(format!("overlay_{name}_{w}x{h}"), screen(&app, w, h));
        }
    }
}
