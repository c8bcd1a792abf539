use super::*;
use crate::domain::config::PortfolioRules;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

pub(crate) fn line(id: i64, date: &str, arr: i64, cat: ForecastCategory, p: u8) -> Line {
    Line {
        renewal_id: id,
        account_id: format!("A-{id}"),
        account_name: format!("Account {id}"),
        owner: Some(Arc::from("Maya")),
        currency: Arc::from("USD"),
        segment: Segment::MidMarket,
        renewal_date: Some(d(date)),
        arr: Money::from_major(arr),
        target: None,
        stage: Stage::Engaged,
        category: cat,
        probability: p,
        at_risk: false,
        risk_kinds: 0,
        behind: false,
        stalled: false,
        closed: None,
    }
}

pub(crate) fn closed(mut l: Line, result: Outcome, final_major: i64) -> Line {
    l.stage = result.stage();
    l.category = ForecastCategory::Closed;
    l.closed = Some(Closed {
        result,
        final_value: Money::from_major(final_major),
        closed_on: l.renewal_date.unwrap(),
    });
    l
}

fn q4() -> Period {
    parse_period(None, d("2026-11-22"), 1).unwrap()
}

#[test]
fn categories_default_from_stage_and_health() {
    let r = PortfolioRules::default();
    use ForecastCategory::*;
    assert_eq!(default_category(Stage::Verbal, None, &r), Commit);
    assert_eq!(default_category(Stage::ContractSent, None, &r), Commit);
    assert_eq!(default_category(Stage::Proposal, None, &r), BestCase);
    assert_eq!(default_category(Stage::Negotiating, None, &r), BestCase);
    assert_eq!(default_category(Stage::Engaged, None, &r), Pipeline);
    assert_eq!(
        default_category(Stage::Verbal, Some(HealthBand::Red), &r),
        Pipeline
    );
    assert_eq!(default_category(Stage::Won, None, &r), Closed);
    // The CSM's choice wins while open, never once closed.
    assert_eq!(category(Stage::Engaged, None, Some(Commit), &r), Commit);
    assert_eq!(category(Stage::Verbal, None, Some(Omitted), &r), Omitted);
    assert_eq!(category(Stage::Churned, None, Some(Commit), &r), Closed);
}

#[test]
fn periods_on_the_fiscal_calendar() {
    let today = d("2026-11-22");
    let p = parse_period(None, today, 1).unwrap();
    assert_eq!(
        (p.from, p.to, p.label.as_str()),
        (d("2026-10-01"), d("2026-12-31"), "2026-Q4")
    );
    let n = parse_period(Some("next-quarter"), today, 1).unwrap();
    assert_eq!(
        (n.from, n.to, n.label.as_str()),
        (d("2027-01-01"), d("2027-03-31"), "2027-Q1")
    );
    // Fiscal year from February: November is Q4 of FY2026 (Nov-Jan).
    let f = parse_period(None, today, 2).unwrap();
    assert_eq!(
        (f.from, f.to, f.label.as_str()),
        (d("2026-11-01"), d("2027-01-31"), "2026-Q4")
    );
    let jan = parse_period(None, d("2027-01-15"), 2).unwrap();
    assert_eq!(jan.label, "2026-Q4");
    let q1 = parse_period(Some("2027-Q1"), today, 2).unwrap();
    assert_eq!((q1.from, q1.to), (d("2027-02-01"), d("2027-04-30")));
    let m = parse_period(Some("2027-02"), today, 1).unwrap();
    assert_eq!((m.from, m.to), (d("2027-02-01"), d("2027-02-28")));
    let r = parse_period(Some("2026-11-01..2026-11-30"), today, 1).unwrap();
    assert_eq!((r.from, r.to), (d("2026-11-01"), d("2026-11-30")));
    for bad in [
        "2026-Q5",
        "2026-Q0",
        "2026-13",
        "Q3",
        "2026-12-01..2026-11-01",
        "soon",
    ] {
        assert!(parse_period(Some(bad), today, 1).is_err(), "{bad}");
    }
    assert!(p.contains(Some(d("2026-12-31"))) && !p.contains(Some(d("2027-01-01"))));
    assert!(!p.contains(None));
}

#[test]
fn no_renewals_due_gives_no_figures_and_no_ratio() {
    let lines = [line(1, "2027-02-01", 100, ForecastCategory::Commit, 90)];
    assert!(roll_up(&lines, &q4()).is_empty());
    assert_eq!(Flows::default().grr(), None);
    assert_eq!(Flows::default().nrr(), None);
}

#[test]
fn roll_ups_as_crm_forecasting() {
    use ForecastCategory::*;
    let lines = [
        line(1, "2026-10-05", 100, Commit, 90),
        line(2, "2026-11-05", 200, BestCase, 80),
        line(3, "2026-12-05", 300, Pipeline, 50),
        line(4, "2026-12-06", 400, Omitted, 60),
        closed(line(5, "2026-10-10", 500, Closed, 100), Outcome::Won, 550),
        closed(line(6, "2026-10-11", 600, Closed, 0), Outcome::Churned, 0),
    ];
    let f = &roll_up(&lines, &q4())[0];
    let m = Money::from_major;
    assert_eq!(f.count, 6);
    assert_eq!(f.renewals_due, m(2100));
    assert_eq!(f.closed_won, m(550));
    assert_eq!(f.churned, m(600));
    assert_eq!(f.commit, m(100 + 550));
    assert_eq!(f.best_case, m(200 + 100 + 550));
    assert_eq!(f.pipeline, m(100 + 200 + 300));
    assert_eq!(f.omitted, m(400));
    assert_eq!(f.forecast, m(550 + 600));
    assert_eq!(f.weighted, m(550 + 90 + 160 + 150));
    assert_eq!(f.target, m(2100));
    assert_eq!(f.against_target(), m(1150 - 2100));
    // Actual retention over the closed two: start 1100, churn 600, expansion 50.
    assert_eq!(f.actual.start, m(1100));
    assert_eq!(f.actual.grr(), Some(500.0 / 1100.0));
    assert_eq!(f.actual.nrr(), Some(550.0 / 1100.0));
}

#[test]
fn all_churned() {
    let lines = [
        closed(
            line(1, "2026-10-05", 100, ForecastCategory::Closed, 0),
            Outcome::Churned,
            0,
        ),
        closed(
            line(2, "2026-11-05", 300, ForecastCategory::Closed, 0),
            Outcome::Churned,
            0,
        ),
    ];
    let f = &roll_up(&lines, &q4())[0];
    assert_eq!(f.forecast, Money::ZERO);
    assert_eq!(f.churned, Money::from_major(400));
    assert_eq!(f.actual.grr(), Some(0.0));
    assert_eq!(f.actual.nrr(), Some(0.0));
    assert_eq!(f.expected.grr(), Some(0.0));
}

#[test]
fn expansion_only() {
    let lines = [
        closed(
            line(1, "2026-10-05", 100, ForecastCategory::Closed, 100),
            Outcome::Won,
            130,
        ),
        closed(
            line(2, "2026-11-05", 100, ForecastCategory::Closed, 100),
            Outcome::Won,
            100,
        ),
    ];
    let f = &roll_up(&lines, &q4())[0];
    assert_eq!(f.actual.grr(), Some(1.0));
    assert_eq!(f.actual.nrr(), Some(1.15));
}

#[test]
fn open_renewals_count_at_their_expected_outcome() {
    // ARR 100, target 120, 75 %: expected churn 25, expected expansion 15.
    let mut l = line(1, "2026-10-05", 100, ForecastCategory::BestCase, 75);
    l.target = Some(Money::from_major(120));
    let f = &roll_up([&l], &q4())[0];
    assert_eq!(f.expected.churn, Money::from_major(25));
    assert_eq!(f.expected.expansion, Money::from_major(15));
    assert_eq!(f.expected.grr(), Some(0.75));
    assert_eq!(f.expected.nrr(), Some(0.90));
    assert_eq!(f.actual.grr(), None, "nothing closed yet");
    // A downsell target is contraction, weighted the same way.
    l.target = Some(Money::from_major(80));
    let f = &roll_up([&l], &q4())[0];
    assert_eq!(f.expected.contraction, Money::from_major(15));
}

#[test]
fn a_renewal_pushed_out_of_the_period_leaves_it() {
    let mut l = line(1, "2026-12-20", 100, ForecastCategory::Commit, 90);
    assert_eq!(roll_up([&l], &q4())[0].commit, Money::from_major(100));
    l.renewal_date = Some(d("2027-01-10"));
    assert!(roll_up([&l], &q4()).is_empty());
    let next = parse_period(Some("next-quarter"), d("2026-11-22"), 1).unwrap();
    assert_eq!(roll_up([&l], &next)[0].commit, Money::from_major(100));
}

#[test]
fn a_category_change_with_no_amount_change_moves_only_the_categories() {
    let mut l = line(1, "2026-12-20", 100, ForecastCategory::Pipeline, 70);
    let before = roll_up([&l], &q4())[0].clone();
    l.category = ForecastCategory::Commit;
    let after = roll_up([&l], &q4())[0].clone();
    assert_eq!(before.forecast, after.forecast);
    assert_eq!(before.pipeline, after.pipeline);
    assert_eq!(before.weighted, after.weighted);
    assert_eq!(
        (before.commit, after.commit),
        (Money::ZERO, Money::from_major(100))
    );
    assert_eq!(
        (before.best_case, after.best_case),
        (Money::ZERO, Money::from_major(100))
    );
}

#[test]
fn currencies_are_never_added() {
    let mut e = line(2, "2026-10-05", 100, ForecastCategory::Commit, 90);
    e.currency = Arc::from("EUR");
    let lines = [line(1, "2026-10-05", 100, ForecastCategory::Commit, 90), e];
    let f = roll_up(&lines, &q4());
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0].currency.as_str(), f[1].currency.as_str()),
        ("EUR", "USD")
    );
    assert!(f.iter().all(|f| f.commit == Money::from_major(100)));
}

#[test]
fn at_risk_by_kind_counts_each_kind_and_other() {
    use crate::domain::risk::SignalKind;
    let mut a = line(1, "2026-10-05", 100, ForecastCategory::Pipeline, 50);
    a.at_risk = true;
    a.risk_kinds = SignalKind::Competitive.bit() | SignalKind::Budget.bit();
    let mut b = line(2, "2026-10-06", 50, ForecastCategory::Pipeline, 50);
    b.at_risk = true;
    let k = at_risk_by_kind(&[a, b], &q4());
    let names: Vec<_> = k.iter().map(|x| (x.0.as_str(), x.2)).collect();
    assert_eq!(
        names,
        [
            ("budget", Money::from_major(100)),
            ("competitive", Money::from_major(100)),
            ("other", Money::from_major(50))
        ]
    );
}
