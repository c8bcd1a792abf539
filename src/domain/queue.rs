//! Turning the stored facts of an open renewal into a scored queue row.

use super::config::Config;
use super::forecast;
use super::health::{self, HealthBand};
use super::money::{Money, Totals};
use super::playbook::{self, MilestoneStatus};
use super::priority::{self, PriorityInput};
use super::queue_fields::QueueFields;
use super::renewal::{self, OpportunityType, Stage, TouchModel};
use super::risk::{self, RiskFacts, SignalKind};
use super::segment::{self, Segment};
use super::signals;
use super::{Date, days_between};
use std::sync::Arc;

/// What the store knows about one renewal, unprocessed.
#[derive(Clone, Debug)]
pub struct RenewalFacts {
    pub renewal_id: i64,
    pub account_id: String,
    pub account_name: String,
    /// Shared: a book has few owners and one or two currencies, and thousands of rows.
    pub owner: Option<Arc<str>>,
    pub arr: Money,
    pub target: Option<Money>,
    pub currency: Arc<str>,
    pub renewal_date: Option<Date>,
    pub segment_override: Option<Segment>,
    pub health: Option<u8>,
    pub health_prev: Option<u8>,
    pub open_signals: u32,
    pub signal_kinds: u32,
    /// Kinds derived from the account's people and readings (`domain::signals`).
    pub derived_kinds: u32,
    pub stage: Stage,
    pub opportunity_type: OpportunityType,
    pub touch_model: TouchModel,
    pub probability_override: Option<u8>,
    pub snoozed_until: Option<Date>,
    pub flagged_at_risk: bool,
    pub milestones_done: u32,
    pub last_movement: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextMilestone {
    pub key: &'static str,
    pub name: &'static str,
    pub due: Date,
    pub overdue: bool,
}

/// A renewal as the queue shows it: the facts plus everything derived from them.
#[derive(Clone, Debug)]
pub struct QueueRow {
    pub facts: RenewalFacts,
    pub days_left: Option<i64>,
    pub computed_segment: Segment,
    pub segment: Segment,
    pub band: Option<HealthBand>,
    pub bottom_quartile: bool,
    pub at_risk: bool,
    pub probability: u8,
    pub next_milestone: Option<NextMilestone>,
    /// A playbook step not yet done has come due (so the renewal belongs in view even
    /// if its date is beyond the window).
    pub step_due: bool,
    /// Shown only because of `step_due`: the renewal date is beyond the queue's window.
    pub beyond_window: bool,
    /// Every kind of risk signal the data shows, health drop included.
    pub derived_kinds: u32,
    /// What each derived kind is, in words (health drop; the rest come from the store).
    pub health_drop: Option<signals::HealthDrop>,
    pub behind: bool,
    pub stalled: bool,
    pub snoozed: bool,
    pub priority: u32,
    /// Who leads this renewal under the team's ownership model (a renewal
    /// specialist from T-60, sales above a size, or the CSM).
    pub lead: crate::domain::ownership::Lead,
}

impl QueueRow {
    /// Renewal value for the forecast: the target when set, else current ARR.
    pub fn value(&self) -> Money {
        QueueFields::value(self)
    }

    pub fn weighted(&self) -> Money {
        QueueFields::weighted(self)
    }

    pub fn risk_facts(&self) -> RiskFacts {
        RiskFacts {
            derived_kinds: self.derived_kinds,
            ..risk_facts(&self.facts, self.band, self.bottom_quartile)
        }
    }

    pub fn priority_input(&self) -> PriorityInput {
        PriorityInput {
            days_left: self.days_left,
            arr: self.facts.arr,
            band: self.band,
            health: self.facts.health,
            bottom_quartile: self.bottom_quartile,
            open_signals: self.facts.open_signals,
            signal_kinds: self.facts.signal_kinds,
            at_risk: self.at_risk,
        }
    }

    /// In the queue for a window of `window_days`: no date (never dropped), overdue or
    /// within the window, or a playbook step due or overdue.
    pub fn in_window(&self, window_days: Option<i64>) -> bool {
        QueueFields::in_window(self, window_days)
    }

    /// Places the row in a window of `window_days`: `false` when it is not in it;
    /// otherwise marks whether it is there only for a step due.
    pub fn place_in_window(&mut self, window_days: Option<i64>) -> bool {
        if !self.in_window(window_days) {
            return false;
        }
        self.beyond_window = self.beyond(window_days);
        true
    }

    /// Why BEHIND, in words (`None` when it is not behind).
    pub fn behind_reason(&self, cfg: &Config, today: Date) -> Option<String> {
        let date = self.facts.renewal_date?;
        let ms = playbook::milestones(
            self.segment,
            self.facts.arr,
            date,
            self.facts.milestones_done,
            today,
            &cfg.playbook,
        );
        playbook::behind_reason(self.facts.stage, &ms, today)
    }

    /// Why STALLED, in words (`None` when it is not stalled).
    pub fn stalled_reason(&self, cfg: &Config, today: Date) -> Option<String> {
        renewal::stalled_reason(
            self.facts.stage,
            self.facts.last_movement,
            today,
            cfg.queue.stalled_days,
        )
    }

    /// Why a row beyond the window is shown: `T-120 overdue`, `T-90 due today`.
    pub fn window_label(&self) -> Option<String> {
        if !self.beyond_window {
            return None;
        }
        let m = self.next_milestone.as_ref()?;
        let offset = playbook::milestone_by_key(m.key).map_or(0, |(_, d)| d.offset);
        Some(format!(
            "T-{offset} {}",
            if m.overdue { "overdue" } else { "due today" }
        ))
    }
}

fn risk_facts(f: &RenewalFacts, band: Option<HealthBand>, bottom_quartile: bool) -> RiskFacts {
    RiskFacts {
        red_health: band == Some(HealthBand::Red),
        bottom_quartile,
        signal_kinds: f.signal_kinds,
        derived_kinds: f.derived_kinds,
        typed_at_risk: f.opportunity_type == OpportunityType::AtRisk,
        flagged: f.flagged_at_risk,
    }
}

/// Scores one renewal. `quartile_cutoff` is the book's bottom-quartile health score.
pub fn build_row(
    facts: RenewalFacts,
    cfg: &Config,
    today: Date,
    quartile_cutoff: Option<u8>,
) -> QueueRow {
    let computed_segment = segment::segment_for_arr(facts.arr, &cfg.segments);
    let seg = segment::effective_segment(computed_segment, facts.segment_override);
    let band = facts.health.map(|s| health::band(s, &cfg.health));
    let bottom_quartile = health::is_bottom_quartile(facts.health, quartile_cutoff);
    let health_drop = signals::health_drop(
        facts.health,
        facts.health_prev,
        band == Some(HealthBand::Red),
        bottom_quartile,
        &cfg.signals,
    );
    let derived_kinds = facts.derived_kinds
        | if health_drop.is_some() {
            SignalKind::HealthDrop.bit()
        } else {
            0
        };
    let risk = RiskFacts {
        derived_kinds,
        ..risk_facts(&facts, band, bottom_quartile)
    };
    let at_risk = risk::is_at_risk(&risk);
    let days_left = facts.renewal_date.map(|d| days_between(today, d));
    let (next_milestone, behind, step_due) = match facts.renewal_date {
        Some(date) => {
            let ms = playbook::milestones(
                seg,
                facts.arr,
                date,
                facts.milestones_done,
                today,
                &cfg.playbook,
            );
            let next = playbook::next_milestone(&ms).map(|m| NextMilestone {
                key: m.def.key,
                name: m.def.name,
                due: m.due,
                overdue: m.status == MilestoneStatus::Overdue,
            });
            let due = next.as_ref().is_some_and(|m| m.due <= today);
            (next, playbook::is_behind(facts.stage, &ms, today), due)
        }
        None => (None, false, false),
    };
    // Health moves the forecast through its band; the at-risk penalty is for what is
    // left once health is set aside, so one red score is not counted twice.
    let probability = forecast::probability(
        facts.stage,
        band,
        risk::is_at_risk(&risk.apart_from_health()),
        facts.probability_override,
        &cfg.forecast,
    );
    let stalled = renewal::is_stalled(
        facts.stage,
        facts.last_movement,
        today,
        cfg.queue.stalled_days,
    );
    let snoozed = renewal::is_snoozed(facts.snoozed_until, today);
    let facts_arr = facts.arr;
    let mut row = QueueRow {
        facts,
        days_left,
        computed_segment,
        segment: seg,
        band,
        bottom_quartile,
        at_risk,
        probability,
        next_milestone,
        step_due,
        beyond_window: false,
        derived_kinds,
        health_drop,
        behind,
        stalled,
        snoozed,
        priority: 0,
        lead: crate::domain::ownership::ownership(
            facts_arr,
            days_left,
            seg == Segment::Enterprise,
            &cfg.ownership,
        )
        .lead,
    };
    row.priority = priority::score(&row.priority_input(), cfg);
    row
}

/// Priority order: highest score first; ties by days left (soonest first, no date
/// last), then by when the renewal was recorded, so the order is stable.
pub fn sort_by_priority(rows: &mut [QueueRow]) {
    // One packed key per row, sorted without touching the rows: the 100k book's
    // window is ~14k rows and this runs on every load. (Breaking ties by name meant a
    // string comparison for most pairs, which cost more than the rest of the sort.)
    let mut order: Vec<(u128, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (priority_key(r), i))
        .collect();
    order.sort_unstable();
    put_in_order(rows, order.into_iter().map(|(_, i)| i).collect());
}

/// Moves `items` so that position `p` holds what was at `from[p]` (`from` is a
/// permutation), following the permutation's cycles with swaps: no second copy of
/// the items (a million rows are hundreds of megabytes).
pub fn put_in_order<T>(items: &mut [T], mut from: Vec<usize>) {
    let rows = items;
    for start in 0..from.len() {
        let mut p = start;
        // Position p takes the row at from[p]; a position done points at itself.
        while from[p] != p {
            let src = from[p];
            from[p] = p;
            if src == start {
                break;
            }
            rows.swap(p, src);
            p = src;
        }
    }
}

/// The row's place in priority order as one integer (smaller comes first). Its low 64
/// bits are the renewal id, so a list of keys alone is the whole order: a million-row
/// listing sorts 16 bytes a row and reads each row again when it is written.
pub fn priority_key(r: &QueueRow) -> u128 {
    r.priority_key()
}

/// The renewal id packed into a `priority_key`.
pub fn renewal_of_key(key: u128) -> i64 {
    key as u64 as i64
}

/// Header figures for a set of rows. Money is totalled per currency: a book with
/// EUR and GBP renewals has two figures, never one sum of both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub renewals: usize,
    pub arr: Totals,
    pub weighted: Totals,
    pub at_risk_arr: [Totals; 3],
    pub behind: usize,
    pub stalled: usize,
    /// Rows past the window, shown because a playbook step is due or overdue.
    pub beyond_window: usize,
}

pub fn summarize<'a, R: QueueFields<'a>>(rows: impl IntoIterator<Item = R>) -> Summary {
    /// One currency's running figures; at-risk ARR per segment, when any.
    struct Sums<'a> {
        currency: &'a str,
        arr: Money,
        weighted: Money,
        at_risk: [Option<Money>; 3],
    }
    let mut s = Summary::default();
    // Rows share their currency's string, so its address finds the running sums
    // before any comparison of text: at a million rows, looking the currency up by
    // name three times a row was most of the cost of a sort key.
    let mut sums: Vec<Sums<'a>> = Vec::new();
    // Which currencies each segment's at-risk ARR met, in that order.
    let mut risk_order: [Vec<usize>; 3] = Default::default();
    for r in rows {
        let currency = r.currency();
        let k = match sums
            .iter()
            .position(|x| std::ptr::eq(x.currency, currency))
            .or_else(|| sums.iter().position(|x| x.currency == currency))
        {
            Some(k) => k,
            None => {
                sums.push(Sums {
                    currency,
                    arr: Money(0),
                    weighted: Money(0),
                    at_risk: [None; 3],
                });
                sums.len() - 1
            }
        };
        let x = &mut sums[k];
        s.renewals += 1;
        x.arr += r.arr();
        x.weighted += r.weighted();
        if r.at_risk() {
            let i = Segment::ALL
                .iter()
                .position(|seg| *seg == r.segment())
                .unwrap_or(0);
            if x.at_risk[i].is_none() {
                risk_order[i].push(k);
            }
            *x.at_risk[i].get_or_insert(Money(0)) += r.arr();
        }
        s.behind += r.behind() as usize;
        s.stalled += r.stalled() as usize;
        s.beyond_window += r.beyond_window() as usize;
    }
    // Currencies in the order the rows met them, as `Totals` keeps them.
    for x in &sums {
        s.arr.add(x.currency, x.arr);
        s.weighted.add(x.currency, x.weighted);
    }
    for (i, order) in risk_order.iter().enumerate() {
        for &k in order {
            let x = &sums[k];
            s.at_risk_arr[i].add(x.currency, x.at_risk[i].unwrap_or(Money(0)));
        }
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One renewal's facts for tests elsewhere in the domain too: change what a test
    /// is about with `RenewalFacts { field, ..facts(days, today) }`.
    pub(crate) fn facts(days: Option<i64>, today: Date) -> RenewalFacts {
        RenewalFacts {
            renewal_id: 1,
            account_id: "A-1".into(),
            account_name: "Acme".into(),
            owner: None,
            arr: Money::from_major(150_000),
            target: None,
            currency: "USD".into(),
            renewal_date: days.map(|d| today + chrono::Duration::days(d)),
            segment_override: None,
            health: Some(80),
            health_prev: Some(85),
            open_signals: 0,
            signal_kinds: 0,
            derived_kinds: 0,
            stage: Stage::NotStarted,
            opportunity_type: OpportunityType::Flat,
            touch_model: TouchModel::Negotiated,
            probability_override: None,
            snoozed_until: None,
            flagged_at_risk: false,
            milestones_done: 0,
            last_movement: Some(today),
        }
    }

    #[test]
    fn enterprise_enters_view_at_t120() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let row = build_row(facts(Some(120), today), &c, today, None);
        assert!(row.step_due);
        assert!(row.in_window(Some(90)));
        let row = build_row(facts(Some(121), today), &c, today, None);
        assert!(!row.in_window(Some(90)));
        assert!(row.in_window(None));
    }

    #[test]
    fn rows_past_the_window_say_why_and_count_apart() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        // Enterprise renewal in 100 days: T-120 overdue, so it is in the 30-day view.
        let mut row = build_row(facts(Some(100), today), &c, today, None);
        assert!(row.place_in_window(Some(30)));
        assert!(row.beyond_window);
        assert_eq!(row.window_label().as_deref(), Some("T-120 overdue"));
        let mut inside = build_row(facts(Some(20), today), &c, today, None);
        assert!(inside.place_in_window(Some(30)));
        assert!(!inside.beyond_window && inside.window_label().is_none());
        let s = summarize([&row, &inside]);
        assert_eq!((s.renewals, s.beyond_window), (2, 1));
        // Once the due step is done, nothing pulls it into the window any more.
        let mut f = facts(Some(100), today);
        f.milestones_done = playbook::milestone_bit("t120_review").unwrap();
        let mut done = build_row(f, &c, today, None);
        assert!(!done.place_in_window(Some(30)));
        // Due today, not overdue.
        let mut due = build_row(facts(Some(120), today), &c, today, None);
        assert!(due.place_in_window(Some(90)));
        assert_eq!(due.window_label().as_deref(), Some("T-120 due today"));
    }

    #[test]
    fn red_health_moves_the_forecast_once() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let mut f = facts(Some(60), today);
        f.stage = Stage::Engaged;
        f.health = Some(30);
        f.health_prev = Some(35);
        let row = build_row(f.clone(), &c, today, None);
        assert!(row.at_risk);
        // 70 for the stage, -25 for red; no second -10 for being at risk for it.
        assert_eq!(row.probability, 45);
        // A competitive signal is another fact: that one does cost the at-risk points.
        f.signal_kinds = SignalKind::Competitive.bit();
        assert_eq!(build_row(f, &c, today, None).probability, 35);
    }

    #[test]
    fn derived_kinds_join_logged_ones() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let mut f = facts(Some(60), today);
        f.health = Some(70);
        f.health_prev = Some(82);
        f.signal_kinds = SignalKind::Budget.bit();
        let row = build_row(f.clone(), &c, today, None);
        assert!(
            row.health_drop.is_some() && row.at_risk,
            "a 12-point fall + budget"
        );
        f.health_prev = Some(75);
        assert!(
            !build_row(f.clone(), &c, today, None).at_risk,
            "budget alone"
        );
        f.derived_kinds = SignalKind::UsageDecline.bit();
        assert!(build_row(f, &c, today, None).at_risk);
    }

    #[test]
    fn due_today_tomorrow_overdue_and_undated() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        for (d, behind) in [
            (Some(0), true),
            (Some(1), true),
            (Some(-5), true),
            (None, false),
        ] {
            let row = build_row(facts(d, today), &c, today, None);
            assert_eq!(row.days_left, d);
            assert!(row.in_window(Some(30)));
            assert_eq!(row.behind, behind, "{d:?}");
        }
        let undated = build_row(facts(None, today), &c, today, None);
        assert_eq!(undated.next_milestone, None);
    }

    #[test]
    fn summary_and_order() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let mut a = facts(Some(10), today);
        a.health = Some(30);
        a.account_name = "Risky".into();
        let b = facts(Some(80), today);
        let mut rows = vec![
            build_row(b, &c, today, Some(40)),
            build_row(a, &c, today, Some(40)),
        ];
        sort_by_priority(&mut rows);
        assert_eq!(rows[0].facts.account_name, "Risky");
        assert!(rows[0].at_risk && rows[0].bottom_quartile);
        let s = summarize(&rows);
        assert_eq!(s.renewals, 2);
        let usd = |m: Money| Totals(vec![("USD".to_string(), m)]);
        assert_eq!(s.arr, usd(Money::from_major(300_000)));
        assert_eq!(s.at_risk_arr[0], usd(Money::from_major(150_000)));
        assert_eq!(s.weighted, usd(rows.iter().map(|r| r.weighted()).sum()));
    }

    /// The in-place reorder gives what sorting by the key does, for rows arriving in
    /// many different orders (one cycle, many, already sorted, reversed).
    #[test]
    fn sorting_in_place_equals_sorting_by_key() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let made: Vec<QueueRow> = (0..40)
            .map(|i| {
                let mut f = facts(Some(i * 7 % 23), today);
                f.renewal_id = i;
                f.health = Some((i * 13 % 90) as u8);
                build_row(f, &c, today, Some(40))
            })
            .collect();
        let mut want: Vec<i64> = made.iter().map(|r| r.facts.renewal_id).collect();
        want.sort_by_key(|id| priority_key(&made[*id as usize]));
        for shift in [0usize, 1, 7, 20, 39] {
            for reversed in [false, true] {
                let mut rows = made.clone();
                rows.rotate_left(shift);
                if reversed {
                    rows.reverse();
                }
                sort_by_priority(&mut rows);
                let got: Vec<i64> = rows.iter().map(|r| r.facts.renewal_id).collect();
                assert_eq!(got, want, "shift {shift}, reversed {reversed}");
            }
        }
    }

    #[test]
    fn a_mixed_currency_summary_never_adds_currencies() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let mut eur = facts(Some(10), today);
        eur.currency = "EUR".into();
        let mut gbp = facts(Some(20), today);
        gbp.currency = "GBP".into();
        gbp.arr = Money::from_major(50_000);
        let rows = vec![
            build_row(eur.clone(), &c, today, Some(40)),
            build_row(gbp, &c, today, Some(40)),
            build_row(eur, &c, today, Some(40)),
        ];
        let s = summarize(&rows);
        assert_eq!(
            s.arr.0,
            vec![
                ("EUR".to_string(), Money::from_major(300_000)),
                ("GBP".to_string(), Money::from_major(50_000))
            ]
        );
        assert_eq!(s.arr.compact(None, "USD"), "300K € + £50K");
    }

    #[test]
    fn at_risk_totals_list_currencies_in_the_order_at_risk_rows_met_them() {
        let c = Config::default();
        let today: Date = "2026-11-22".parse().unwrap();
        let mut safe_eur = facts(Some(10), today);
        safe_eur.currency = "EUR".into();
        let mut risky_gbp = facts(Some(20), today);
        risky_gbp.currency = "GBP".into();
        risky_gbp.flagged_at_risk = true;
        let mut risky_eur = safe_eur.clone();
        risky_eur.flagged_at_risk = true;
        let rows: Vec<QueueRow> = [safe_eur, risky_gbp, risky_eur]
            .into_iter()
            .map(|f| build_row(f, &c, today, None))
            .collect();
        assert!(!rows[0].at_risk && rows[1].at_risk && rows[2].at_risk);
        let s = summarize(&rows);
        let names = |t: &Totals| t.0.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
        assert_eq!(names(&s.arr), ["EUR", "GBP"]);
        let i = Segment::ALL
            .iter()
            .position(|x| *x == rows[1].segment)
            .unwrap();
        assert_eq!(names(&s.at_risk_arr[i]), ["GBP", "EUR"]);
    }
}
