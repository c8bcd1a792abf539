//! `PortfolioState::update`, message by message, on the demo book with a snapshot a
//! week old and a few changes since.

use super::*;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::store::Store;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

/// The demo book, its snapshot of a week ago, then DEMO-003 set to `omitted`.
fn demo() -> (tempfile::TempDir, PortfolioData) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("book.db")).unwrap();
    crate::demo::load_demo(&mut store, today()).unwrap();
    let cfg = Config::default();
    store
        .take_snapshot(&cfg, today() - chrono::Duration::days(7), true)
        .unwrap();
    store
        .set_forecast_category("DEMO-003", Some(ForecastCategory::Omitted))
        .unwrap();
    let period = crate::portfolio_view::period(&cfg, today(), None).unwrap();
    let data = PortfolioData::load(&store, &cfg, today(), period).unwrap();
    (dir, data)
}

fn state(d: &PortfolioData) -> PortfolioState {
    PortfolioState::new(d.period().clone())
}

#[test]
fn sections_cycle_both_ways_and_focus_jumps() {
    let (_d, data) = demo();
    let mut s = state(&data);
    assert_eq!(s.focus, Section::Forecast);
    for want in [
        Section::Moved,
        Section::Trend,
        Section::Team,
        Section::Risk,
        Section::WinLoss,
        Section::Forecast,
    ] {
        assert_eq!(s.update(PortfolioMsg::NextSection, &data), None);
        assert_eq!(s.focus, want);
    }
    s.update(PortfolioMsg::PrevSection, &data);
    assert_eq!(s.focus, Section::WinLoss);
    s.update(PortfolioMsg::Focus(Section::Team), &data);
    assert_eq!(s.focus, Section::Team);
}

#[test]
fn moving_stays_within_the_section_and_pages_by_what_is_visible() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.update(PortfolioMsg::Focus(Section::Risk), &data);
    let n = rows::risk_len(&data);
    assert!(n > 12, "the demo has enough risk rows to page: {n}");
    let sel = |s: &PortfolioState| s.selected[Section::Risk.index()];
    s.update(PortfolioMsg::Up, &data);
    assert_eq!(sel(&s), 0);
    s.update(PortfolioMsg::Down, &data);
    assert_eq!(sel(&s), 1);
    s.update(PortfolioMsg::Bottom, &data);
    assert_eq!(sel(&s), n - 1);
    s.update(PortfolioMsg::Down, &data);
    assert_eq!(sel(&s), n - 1);
    s.update(PortfolioMsg::Top, &data);
    assert_eq!(sel(&s), 0);
    // Before any Resize a page is 10 rows; after, the focused panel's rows.
    s.update(PortfolioMsg::PageDown, &data);
    assert_eq!(sel(&s), 10);
    s.update(
        PortfolioMsg::Resize {
            width: 80,
            height: 22,
        },
        &data,
    );
    s.update(PortfolioMsg::PageUp, &data);
    assert_eq!(sel(&s), 0);
    s.update(PortfolioMsg::PageDown, &data);
    assert_eq!(sel(&s), layout::focus_rows(s.area, Section::Risk, false));
    // Other sections keep their own selection.
    assert_eq!(s.selected[Section::Team.index()], 0);
}

#[test]
fn zoom_toggles_and_the_period_keys_ask_for_a_reload() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.update(PortfolioMsg::Zoom, &data);
    assert!(s.zoom);
    s.update(PortfolioMsg::Zoom, &data);
    assert!(!s.zoom);
    let Some(PortfolioEffect::Reload(p)) = s.update(PortfolioMsg::PeriodNext, &data) else {
        panic!("PeriodNext reloads");
    };
    assert_eq!((p.label.as_str(), &s.period), ("2027-Q1", &p));
    // Before the reload lands, a second press steps on from the period asked for.
    let Some(PortfolioEffect::Reload(p)) = s.update(PortfolioMsg::PeriodNext, &data) else {
        panic!("PeriodNext reloads");
    };
    assert_eq!(p.label, "2027-Q2");
    s.update(PortfolioMsg::PeriodPrev, &data);
    let Some(PortfolioEffect::Reload(p)) = s.update(PortfolioMsg::PeriodPrev, &data) else {
        panic!("PeriodPrev reloads");
    };
    assert_eq!(p.label, "2026-Q4");
    let Some(PortfolioEffect::Reload(p)) = s.update(PortfolioMsg::PeriodPrev, &data) else {
        panic!("PeriodPrev reloads");
    };
    assert_eq!(p.label, "2026-Q3");
}

#[test]
fn sort_steps_through_every_column_and_group_switches_to_leads() {
    let (_d, data) = demo();
    let mut s = state(&data);
    let mut seen = vec![s.team_sort];
    for _ in 0..TeamSort::ALL.len() {
        s.update(PortfolioMsg::SortNext, &data);
        seen.push(s.team_sort);
    }
    assert_eq!(&seen[..8], &TeamSort::ALL);
    assert_eq!(seen[8], TeamSort::Name);
    // Sorted by at risk: largest first.
    while s.team_sort != TeamSort::AtRisk {
        s.update(PortfolioMsg::SortNext, &data);
    }
    let order = rows::team_order(&data, TeamBy::Owner, TeamSort::AtRisk);
    let risk: Vec<_> = order
        .iter()
        .map(|i| data.team[*i].figures.at_risk)
        .collect();
    assert!(risk.windows(2).all(|w| w[0] >= w[1]), "{risk:?}");
    s.update(PortfolioMsg::Focus(Section::Team), &data);
    s.update(PortfolioMsg::Down, &data);
    s.update(PortfolioMsg::GroupNext, &data);
    assert_eq!(
        (s.team_by, s.selected[Section::Team.index()]),
        (TeamBy::Lead, 0)
    );
    s.update(PortfolioMsg::GroupNext, &data);
    assert_eq!(s.team_by, TeamBy::Owner);
}

#[test]
fn enter_on_an_owner_opens_their_queue() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.update(PortfolioMsg::Focus(Section::Team), &data);
    let first = &data.team[rows::team_order(&data, TeamBy::Owner, TeamSort::Name)[0]];
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered { owner, ids, .. }) => {
            assert_eq!(owner.as_deref(), Some(first.name.as_str()));
            assert_eq!(ids.len() as u32, first.figures.count);
        }
        e => panic!("{e:?}"),
    }
    // By lead: the lead's renewals, by id.
    s.update(PortfolioMsg::GroupNext, &data);
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered {
            owner: None, ids, ..
        }) => {
            assert!(!ids.is_empty())
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn enter_in_risk_opens_the_queue_filtered_by_what_the_row_is() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.update(PortfolioMsg::Focus(Section::Risk), &data);
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered {
            segment: Some(seg),
            ids,
            ..
        }) => {
            assert_eq!(seg, data.risk_by_segment[0].key);
            assert_eq!(ids.len() as u32, data.risk_by_segment[0].count);
        }
        e => panic!("{e:?}"),
    }
    let stalled_row = data.risk_by_segment.len() + data.risk_by_kind.len();
    s.selected[Section::Risk.index()] = stalled_row;
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered {
            stalled: true,
            late: false,
            ids,
            ..
        }) => assert_eq!(ids.len(), rows::stalled_count(&data)),
        e => panic!("{e:?}"),
    }
    s.update(PortfolioMsg::Down, &data);
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered {
            late: true, ids, ..
        }) => assert_eq!(ids.len(), rows::late_count(&data)),
        e => panic!("{e:?}"),
    }
    s.update(PortfolioMsg::Down, &data);
    let first = data.line(&data.watch[0]).account_id.clone();
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered { ids, .. }) => assert_eq!(ids, vec![first]),
        e => panic!("{e:?}"),
    }
}

#[test]
fn set_category_names_the_selected_open_renewal_or_says_why_not() {
    let (_d, data) = demo();
    let mut s = state(&data);
    // Forecast has no renewal rows.
    assert!(matches!(
        s.update(
            PortfolioMsg::SetCategory(Some(ForecastCategory::Commit)),
            &data
        ),
        Some(PortfolioEffect::ShowInfo { .. })
    ));
    s.update(PortfolioMsg::Focus(Section::Risk), &data);
    s.selected[Section::Risk.index()] = rows::risk_len(&data) - data.watch.len();
    let want = data.line(&data.watch[0]).account_id.clone();
    assert_eq!(
        s.update(PortfolioMsg::SetCategory(None), &data),
        Some(PortfolioEffect::SetCategory {
            account_id: want,
            category: None
        })
    );
    let Some(PortfolioEffect::ShowInfo { lines, .. }) = s.update(
        PortfolioMsg::SetCategory(Some(ForecastCategory::Closed)),
        &data,
    ) else {
        panic!("closed is refused");
    };
    assert!(lines[0].contains("not set by hand"));
    // A move of DEMO-003 (category changed since the snapshot) names that account.
    s.update(PortfolioMsg::Focus(Section::Moved), &data);
    let m = data.moved.as_ref().expect("a snapshot a week old");
    let i = (0..rows::moved_len(&data))
        .find(|i| {
            matches!(rows::moved_row(&data, *i), Some(rows::MovedRow::Move(mv))
                if m.name_of(mv.renewal_id).0 == "DEMO-003")
        })
        .expect("DEMO-003 moved");
    s.selected[Section::Moved.index()] = i;
    assert_eq!(
        s.update(
            PortfolioMsg::SetCategory(Some(ForecastCategory::Commit)),
            &data
        ),
        Some(PortfolioEffect::SetCategory {
            account_id: "DEMO-003".into(),
            category: Some(ForecastCategory::Commit)
        })
    );
    match s.update(PortfolioMsg::Open, &data) {
        Some(PortfolioEffect::OpenQueueFiltered { ids, .. }) => assert_eq!(ids, vec!["DEMO-003"]),
        e => panic!("{e:?}"),
    }
}

#[test]
fn why_writes_out_each_formula_with_the_periods_inputs() {
    let (_d, data) = demo();
    let mut s = state(&data);
    let Some(PortfolioEffect::ShowInfo { title, lines }) = s.update(PortfolioMsg::Why, &data)
    else {
        panic!("why shows info");
    };
    assert!(title.contains("2026-Q4"));
    let text = lines.join("\n");
    for f in ["Commit =", "Best case =", "GRR =", "NRR ="] {
        assert!(text.contains(f), "{f} in {text}");
    }
    let f = data.main_figures().unwrap();
    assert!(text.contains(&f.commit.format(&data.cur(&f.currency))));
    // On a team row: that owner's figures.
    s.update(PortfolioMsg::Focus(Section::Team), &data);
    let Some(PortfolioEffect::ShowInfo { lines, .. }) = s.update(PortfolioMsg::Why, &data) else {
        panic!("why shows info");
    };
    let first = &data.team[rows::team_order(&data, TeamBy::Owner, TeamSort::Name)[0]];
    assert!(lines[0].starts_with(&first.name), "{}", lines[0]);
}

#[test]
fn enter_in_win_loss_shows_a_pattern_or_a_debrief() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.update(PortfolioMsg::Focus(Section::WinLoss), &data);
    assert!(
        !data.records.is_empty(),
        "the demo closes renewals in 2026-Q4"
    );
    let Some(PortfolioEffect::ShowInfo { title, lines }) = s.update(PortfolioMsg::Open, &data)
    else {
        panic!("shows info");
    };
    assert!(title.starts_with("Pattern"), "{title}");
    assert!(
        lines.len() >= 2,
        "the losses behind it are listed: {lines:?}"
    );
    s.update(PortfolioMsg::Bottom, &data);
    let Some(PortfolioEffect::ShowInfo { title, lines }) = s.update(PortfolioMsg::Open, &data)
    else {
        panic!("shows info");
    };
    assert!(title.starts_with("Debrief"), "{title}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Could it have been saved"))
    );
    // Forecast and Trend rows open nothing.
    s.update(PortfolioMsg::Focus(Section::Trend), &data);
    assert_eq!(s.update(PortfolioMsg::Open, &data), None);
}

#[test]
fn a_selection_past_the_rows_of_new_data_is_clamped() {
    let (_d, data) = demo();
    let mut s = state(&data);
    s.focus = Section::Moved;
    s.selected[Section::Moved.index()] = 10_000;
    assert_eq!(
        s.selected_in(Section::Moved, &data),
        rows::moved_len(&data) - 1
    );
    s.update(PortfolioMsg::Up, &data);
    assert_eq!(
        s.selected[Section::Moved.index()],
        rows::moved_len(&data) - 2
    );
}

#[test]
fn a_book_whose_only_snapshot_is_today_says_when_moves_will_show() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("book.db")).unwrap();
    crate::demo::load_demo(&mut store, today()).unwrap();
    let cfg = Config::default();
    let period = crate::portfolio_view::period(&cfg, today(), None).unwrap();
    let none = PortfolioData::load(&store, &cfg, today(), period.clone()).unwrap();
    assert!(
        none.moved
            .as_ref()
            .unwrap_err()
            .starts_with("no forecast snapshot yet")
    );
    // Today's point is the book now, even with no snapshot at all.
    assert_eq!(none.trend.len(), 1);
    store.take_snapshot(&cfg, today(), true).unwrap();
    let first = PortfolioData::load(&store, &cfg, today(), period.clone()).unwrap();
    assert!(
        first
            .moved
            .as_ref()
            .unwrap_err()
            .contains("moves show from tomorrow"),
        "{:?}",
        first.moved.as_ref().err()
    );
    // A snapshot 3 days old (more recent than moved_days): moves since it.
    let later = today() + chrono::Duration::days(3);
    let three = PortfolioData::load(&store, &cfg, later, period).unwrap();
    assert_eq!(three.moved.as_ref().map(|m| m.since).ok(), Some(today()));
}
