//! The Portfolio pane drawn on its own (the component, before the app wires it in):
//! insta snapshots at 80×24, 120×40 and 200×60 on the demo book with today fixed,
//! a snapshot a week old and a few changes since, without colour.

mod common;

use common::*;
use runway::domain::config::Config;
use runway::domain::portfolio::ForecastCategory;
use runway::portfolio_view::PortfolioData;
use runway::tui::portfolio::{self, PortfolioMsg, PortfolioState, Section};
use runway::tui::theme::Theme;

/// The demo book; a snapshot of a week ago; then a category set, a renewal won.
fn demo_data() -> (tempfile::TempDir, PortfolioData) {
    let (dir, mut store) = demo_store();
    let cfg = Config::default();
    store
        .take_snapshot(&cfg, today() - chrono::Duration::days(7), true)
        .unwrap();
    store
        .set_forecast_category("DEMO-003", Some(ForecastCategory::Omitted))
        .unwrap();
    store
        .set_forecast_category("DEMO-014", Some(ForecastCategory::Commit))
        .unwrap();
    let period = runway::portfolio_view::period(&cfg, today(), None).unwrap();
    let data = PortfolioData::load(&store, &cfg, today(), period).unwrap();
    (dir, data)
}

fn draw(state: &PortfolioState, data: &PortfolioData, w: u16, h: u16, theme: &Theme) -> String {
    let backend = ratatui::backend::TestBackend::new(w, h);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| portfolio::render(f, f.area(), state, data, theme))
        .unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn pane_snapshots_at_three_sizes() {
    let (_d, data) = demo_data();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut s = PortfolioState::new(data.period().clone());
        s.update(
            PortfolioMsg::Resize {
                width: w,
                height: h,
            },
            &data,
        );
        insta::assert_snapshot!(
            format!("portfolio_{w}x{h}"),
            draw(&s, &data, w, h, &Theme::mono())
        );
    }
}

#[test]
fn each_section_focused_at_80x24() {
    let (_d, data) = demo_data();
    for sec in Section::ALL.into_iter().skip(1) {
        let mut s = PortfolioState::new(data.period().clone());
        s.update(PortfolioMsg::Focus(sec), &data);
        s.update(PortfolioMsg::Down, &data);
        let name = sec.title().to_lowercase().replace([' ', '/'], "_");
        insta::assert_snapshot!(
            format!("portfolio_{name}_80x24"),
            draw(&s, &data, 80, 24, &Theme::mono())
        );
    }
}

#[test]
fn zoomed_team_at_120x40() {
    let (_d, data) = demo_data();
    let mut s = PortfolioState::new(data.period().clone());
    s.update(PortfolioMsg::Focus(Section::Team), &data);
    s.update(PortfolioMsg::Zoom, &data);
    for _ in 0..4 {
        s.update(PortfolioMsg::SortNext, &data);
    }
    insta::assert_snapshot!(
        "portfolio_team_zoomed_120x40",
        draw(&s, &data, 120, 40, &Theme::mono())
    );
    s.update(PortfolioMsg::GroupNext, &data);
    insta::assert_snapshot!(
        "portfolio_team_by_lead_120x40",
        draw(&s, &data, 120, 40, &Theme::mono())
    );
}

#[test]
fn without_colour_nothing_is_coloured_and_with_it_the_words_are_the_same() {
    let (_d, data) = demo_data();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut s = PortfolioState::new(data.period().clone());
        s.update(PortfolioMsg::Focus(Section::Team), &data);
        let backend = ratatui::backend::TestBackend::new(w, h);
        let mut term = ratatui::Terminal::new(backend).unwrap();
        term.draw(|f| portfolio::render(f, f.area(), &s, &data, &Theme::mono()))
            .unwrap();
        let coloured = term
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| {
                c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset
            })
            .count();
        assert_eq!(coloured, 0, "{w}×{h}: NO_COLOR draws no colour");
        let mono = draw(&s, &data, w, h, &Theme::mono());
        let color = draw(&s, &data, w, h, &Theme { color: true });
        assert_eq!(mono, color, "{w}×{h}: colour adds no text of its own");
    }
}

#[test]
fn a_tiny_area_says_so_instead_of_drawing() {
    let (_d, data) = demo_data();
    let s = PortfolioState::new(data.period().clone());
    let out = draw(&s, &data, 30, 5, &Theme::mono());
    assert!(out.contains("Portfolio needs at least 24×8"), "{out}");
}

#[test]
fn a_first_frame_before_the_snapshots_are_read_then_the_history() {
    let (_d, mut store) = demo_store();
    let cfg = Config::default();
    store
        .take_snapshot(&cfg, today() - chrono::Duration::days(7), true)
        .unwrap();
    let period = runway::portfolio_view::period(&cfg, today(), None).unwrap();
    let mut data = PortfolioData::load_now(&store, &cfg, today(), period).unwrap();
    assert!(data.history_pending());
    let mut s = PortfolioState::new(data.period().clone());
    s.update(PortfolioMsg::Focus(Section::Moved), &data);
    let first = draw(&s, &data, 80, 24, &Theme::mono());
    assert!(first.contains("Reading the forecast snapshots…"), "{first}");
    assert!(first.contains("1 Forecast: 2026-Q4 forecast"), "{first}");
    data.load_history(&store, &cfg).unwrap();
    assert!(!data.history_pending());
    let then = draw(&s, &data, 80, 24, &Theme::mono());
    assert!(then.contains("old forecast"), "{then}");
    assert!(!data.trend.is_empty());
}
