use super::*;
use crate::domain::portfolio::parse_period;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn st(id: i64, date: &str, value: i64, stage: Stage, cat: ForecastCategory) -> SnapState {
    SnapState {
        renewal_id: id,
        renewal_date: Some(d(date)),
        arr: Money::from_major(value),
        target: None,
        value: Money::from_major(value),
        probability: 70,
        currency: "USD".into(),
        stage,
        category: cat,
        owner: Some("Maya".into()),
        at_risk: false,
    }
}

fn q4() -> Period {
    parse_period(None, d("2026-11-22"), 1).unwrap()
}

fn map(v: Vec<SnapState>) -> HashMap<i64, SnapState> {
    v.into_iter().map(|s| (s.renewal_id, s)).collect()
}

#[test]
fn every_kind_and_a_waterfall_that_adds_up() {
    use ForecastCategory::*;
    use Stage::*;
    let old = map(vec![
        st(1, "2027-01-15", 100, Engaged, Pipeline), // pulled in
        st(2, "2026-12-15", 200, Engaged, Pipeline), // pushed out
        st(3, "2026-12-01", 300, Engaged, Pipeline), // amount up
        st(4, "2026-12-01", 400, Engaged, Pipeline), // amount down
        st(5, "2026-12-01", 500, Engaged, Pipeline), // category only
        st(6, "2026-12-01", 600, Prep, Pipeline),    // stage only
        st(7, "2026-12-01", 700, Engaged, Pipeline), // newly at risk
        {
            let mut s = st(8, "2026-12-01", 800, Engaged, Pipeline);
            s.at_risk = true;
            s
        }, // recovered
        st(9, "2026-12-01", 900, Verbal, Commit),    // won at more
        st(10, "2026-12-01", 1000, Engaged, Pipeline), // lost
        st(11, "2026-12-01", 1100, Engaged, Pipeline), // owner changed
        st(12, "2026-12-01", 1200, Engaged, Pipeline), // omitted: leaves the forecast
    ]);
    let mut new = old.clone();
    new.get_mut(&1).unwrap().renewal_date = Some(d("2026-12-20"));
    new.get_mut(&2).unwrap().renewal_date = Some(d("2027-02-01"));
    new.get_mut(&3).unwrap().value = Money::from_major(330);
    new.get_mut(&4).unwrap().value = Money::from_major(350);
    new.get_mut(&5).unwrap().category = Commit;
    new.get_mut(&6).unwrap().stage = Engaged;
    new.get_mut(&7).unwrap().at_risk = true;
    new.get_mut(&8).unwrap().at_risk = false;
    let w = new.get_mut(&9).unwrap();
    (w.stage, w.category, w.value) = (Won, Closed, Money::from_major(950));
    let l = new.get_mut(&10).unwrap();
    (l.stage, l.category, l.value) = (Churned, Closed, Money::ZERO);
    new.get_mut(&11).unwrap().owner = Some("Jonas".into());
    new.get_mut(&12).unwrap().category = Omitted;
    let p = q4();
    let ms = moves(&old, &new, &p);
    let got: Vec<(i64, MoveKind, i64)> = ms
        .iter()
        .map(|m| (m.renewal_id, m.kind, m.effect.0 / 100))
        .collect();
    use MoveKind::{
        AmountDown, AmountUp, CategoryChanged, Lost, NewlyAtRisk, OwnerChanged, PulledIn,
        PushedOut, Recovered, StageChanged,
    };
    assert_eq!(
        got,
        [
            (1, PulledIn, 100),
            (2, PushedOut, -200),
            (9, MoveKind::Won, 50),
            (10, Lost, -1000),
            (3, AmountUp, 30),
            (4, AmountDown, -50),
            (5, CategoryChanged, 0),
            (12, CategoryChanged, -1200),
            (6, StageChanged, 0),
            (7, NewlyAtRisk, 0),
            (8, Recovered, 0),
            (11, OwnerChanged, 0),
        ]
    );
    let m9 = ms.iter().find(|m| m.renewal_id == 9).unwrap();
    assert_eq!(
        (m9.before.as_str(), m9.after.as_str()),
        ("verbal $900", "won $950")
    );
    let wf = waterfall(&old, &new, &ms, &p);
    assert_eq!(wf.len(), 1);
    let sum: Money = wf[0].steps.iter().map(|s| s.1).sum();
    assert_eq!(wf[0].start + sum, wf[0].end);
    assert_eq!(
        wf[0].start,
        Money::from_major(200 + 300 + 400 + 500 + 600 + 700 + 800 + 900 + 1000 + 1100 + 1200)
    );
}

#[test]
fn nothing_moved_means_no_moves() {
    let old = map(vec![st(
        1,
        "2026-12-01",
        100,
        Stage::Engaged,
        ForecastCategory::Pipeline,
    )]);
    let p = q4();
    assert!(moves(&old, &old, &p).is_empty());
    let wf = waterfall(&old, &old, &[], &p);
    assert_eq!(
        (wf[0].start, wf[0].end),
        (Money::from_major(100), Money::from_major(100))
    );
}

#[test]
fn a_new_renewal_is_pulled_in_and_a_deleted_one_pushed_out() {
    let a = map(vec![st(
        1,
        "2026-12-01",
        100,
        Stage::Engaged,
        ForecastCategory::Pipeline,
    )]);
    let none = HashMap::new();
    let p = q4();
    assert_eq!(moves(&none, &a, &p)[0].kind, MoveKind::PulledIn);
    assert_eq!(moves(&a, &none, &p)[0].kind, MoveKind::PushedOut);
}

#[test]
fn trend_takes_the_latest_row_on_or_before_each_week() {
    let p = q4();
    let mut later = st(
        1,
        "2026-12-01",
        150,
        Stage::Verbal,
        ForecastCategory::Commit,
    );
    later.at_risk = true;
    let history = vec![
        (
            d("2026-11-01"),
            st(
                1,
                "2026-12-01",
                100,
                Stage::Engaged,
                ForecastCategory::Pipeline,
            ),
        ),
        (d("2026-11-10"), later),
        (
            d("2026-11-15"),
            st(
                2,
                "2026-12-02",
                50,
                Stage::Engaged,
                ForecastCategory::Pipeline,
            ),
        ),
    ];
    let days = trend_days(d("2026-11-22"), 4);
    assert_eq!(
        days,
        [
            d("2026-11-01"),
            d("2026-11-08"),
            d("2026-11-15"),
            d("2026-11-22")
        ]
    );
    let t = trend(&history, &days, &p);
    let f: Vec<(Date, i64, i64, i64)> = t
        .iter()
        .map(|x| {
            (
                x.day,
                x.forecast.0 / 100,
                x.commit.0 / 100,
                x.at_risk.0 / 100,
            )
        })
        .collect();
    assert_eq!(
        f,
        [
            (d("2026-11-01"), 100, 0, 0),
            (d("2026-11-08"), 100, 0, 0),
            (d("2026-11-15"), 200, 150, 150),
            (d("2026-11-22"), 200, 150, 150),
        ]
    );
}
