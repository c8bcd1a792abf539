//! The save-plan and proposal panes' panels at 80×24 (issue 14): Tab reaches each one,
//! and zoomed (Enter or z) and scrolled to its end each shows all it has.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::tui::app::{App, Pane};

fn on(account: &str, pane_key: &str) -> (tempfile::TempDir, App) {
    let (d, store) = demo_store();
    let mut app = app_on(store, 80, 24);
    app.open_account(account.to_string());
    typed(&mut app, pane_key);
    (d, app)
}

/// The screen's text with the box borders and line breaks gone, so wrapped words
/// read as one line.
fn flat(app: &App) -> String {
    let s = screen(app, 80, 24);
    let s = s.replace(['│', '┌', '┐', '└', '┘', '─'], " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Zooms each of `panels` panels in turn, scrolls it to its end, and checks nothing
/// is left below; returns the flattened screens.
fn every_panel_to_its_end(app: &mut App, panels: usize, pane: Pane) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..panels {
        typed(app, "z");
        typed(app, "G");
        let s = screen(app, 80, 24);
        assert!(!s.contains("↓"), "more below after G:\n{s}");
        seen.push(flat(app));
        key(app, KeyCode::Esc);
        assert_eq!(app.pane, pane, "Esc leaves the zoom, not the pane");
        typed(app, "g");
        key(app, KeyCode::Tab);
    }
    assert_eq!(app.pane, pane, "Tab stays in the pane");
    seen
}

#[test]
fn every_save_plan_panel_is_reachable_in_full_at_80x24() {
    let (_d, mut app) = on("DEMO-005", "3");
    let (plan, view) = app.save_plan_view().unwrap();
    let cut = flat(&app);
    let seen = every_panel_to_its_end(&mut app, runway::tui::save::PANELS, Pane::Save);
    // The items first (they have focus), G on the last: its owner and problem whole.
    let last = &plan.items[*view.order.last().unwrap()].1;
    assert!(
        seen[0].contains(&format!("owner: {}", last.owner)),
        "{}",
        seen[0]
    );
    assert!(seen[0].contains(&last.problem), "{}", seen[0]);
    let seen = seen.join(" ");
    // The metrics line and the concessions' texts are cut at 80 columns, whole zoomed.
    assert!(!cut.contains("renewed again"), "{cut}");
    assert!(seen.contains("renewed again"), "{seen}");
    for (_, c) in &plan.concessions {
        let given = c.given.as_deref().unwrap();
        assert!(seen.contains(given), "{given:?} not in {seen}");
    }
    // The items keep j/k for the selection.
    assert_eq!(app.save.panels.focus, runway::tui::save::ITEMS);
    typed(&mut app, "j");
    assert_eq!(app.save.selected, 1);
}

#[test]
fn every_proposal_panel_is_reachable_in_full_at_80x24() {
    let (_d, mut app) = on("DEMO-005", "4");
    let p = app.prop.open.clone().unwrap();
    let (_, warnings) = p.priced(&app.cfg);
    assert!(
        !flat(&app).contains("Overage"),
        "the options table is cut at first"
    );
    let seen = every_panel_to_its_end(&mut app, runway::tui::proposal::PANELS, Pane::Proposal);
    // Zoomed, the options come one by one with every figure whole (the table cuts).
    assert!(
        seen[0].contains("Flexibility: true-ups, add-ons, off-ramp, renegotiation Overage"),
        "{}",
        seen[0]
    );
    for w in &warnings {
        assert!(seen[1].contains(w.as_str()), "{w:?} not in {}", seen[1]);
    }
    assert!(
        seen[1].contains(&format!("Rules ({})", warnings.len())),
        "{}",
        seen[1]
    );
    assert!(seen[2].contains("none recorded yet"), "{}", seen[2]);
}

/// Without a plan the save pane is one page of text: Tab moves on to the next pane.
#[test]
fn without_a_plan_tab_moves_on() {
    let (_d, mut app) = on("DEMO-002", "3");
    assert!(app.save_plan_view().is_none());
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.pane, Pane::Proposal);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.pane, Pane::Proposal, "the proposal has panels");
}

/// Without a plan, the assessment a plan would start from wraps instead of being cut.
#[test]
fn the_assessment_before_a_plan_reads_whole_at_80x24() {
    let (_d, app) = on("DEMO-002", "3");
    let s = flat(&app);
    assert!(
        s.contains("Multi-year: candidate — healthy and established"),
        "{s}"
    );
    assert!(!s.contains('…'), "nothing cut: {s}");
}
