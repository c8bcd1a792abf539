//! The forecast of a period as a CRM forecast call reads it (§6, issue 15): forecast
//! categories, periods on the fiscal calendar, the roll-ups and retention (GRR/NRR).
//!
//! Every figure is per currency: a `Figures` holds one currency's sums, and nothing
//! here adds two currencies together.

use super::Date;
use super::config::PortfolioRules;
use super::forecast;
use super::health::HealthBand;
use super::money::Money;
use super::queue::QueueRow;
use super::renewal::{Outcome, Stage};
use super::segment::Segment;
use chrono::{Datelike, Months};
use std::sync::Arc;

crate::text_enum!(
    /// Where a renewal sits in the forecast call.
    ForecastCategory {
        Commit = "commit": "commit",
        BestCase = "best_case": "best case",
        Pipeline = "pipeline": "pipeline",
        Omitted = "omitted": "omitted",
        Closed = "closed": "closed",
    }
);

/// The category from stage and health alone: red health is `pipeline` (when the
/// config says so), then the configured commit and best-case stages, else `pipeline`.
pub fn default_category(
    stage: Stage,
    band: Option<HealthBand>,
    r: &PortfolioRules,
) -> ForecastCategory {
    if stage.is_closed() {
        return ForecastCategory::Closed;
    }
    if r.red_is_pipeline && band == Some(HealthBand::Red) {
        return ForecastCategory::Pipeline;
    }
    let named = |list: &[String]| list.iter().any(|s| s == stage.as_str());
    if named(&r.commit_stages) {
        ForecastCategory::Commit
    } else if named(&r.best_case_stages) {
        ForecastCategory::BestCase
    } else {
        ForecastCategory::Pipeline
    }
}

/// The category shown: closed renewals are `closed`; otherwise the CSM's choice wins
/// over the default.
pub fn category(
    stage: Stage,
    band: Option<HealthBand>,
    override_: Option<ForecastCategory>,
    r: &PortfolioRules,
) -> ForecastCategory {
    if stage.is_closed() {
        return ForecastCategory::Closed;
    }
    match override_ {
        Some(c) if c != ForecastCategory::Closed => c,
        _ => default_category(stage, band, r),
    }
}

/// A stretch of days, both ends included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    /// `2026-Q4`, `2026-11`, or `FROM..TO`.
    pub label: String,
}

impl Period {
    pub fn contains(&self, d: Option<Date>) -> bool {
        d.is_some_and(|d| d >= self.from && d <= self.to)
    }
}

/// The fiscal quarter holding `day`. A fiscal year is named by the calendar year it
/// starts in (with the default January start, fiscal and calendar years agree).
pub fn quarter_of(day: Date, fy_start_month: u32) -> Period {
    let m0 = (day.month() + 12 - fy_start_month) % 12;
    let fy = if day.month() >= fy_start_month {
        day.year()
    } else {
        day.year() - 1
    };
    quarter(fy, m0 / 3 + 1, fy_start_month).expect("a quarter of a real date")
}

/// Quarter `q` (1-4) of fiscal year `fy`.
pub fn quarter(fy: i32, q: u32, fy_start_month: u32) -> Option<Period> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let from =
        Date::from_ymd_opt(fy, fy_start_month, 1)?.checked_add_months(Months::new((q - 1) * 3))?;
    let to = from.checked_add_months(Months::new(3))?.pred_opt()?;
    Some(Period {
        from,
        to,
        label: format!("{fy}-Q{q}"),
    })
}

/// Reads `--period`: `this-quarter` (also when absent), `next-quarter`,
/// `YYYY-Qn` (fiscal), `YYYY-MM` (a month) or `FROM..TO` (ISO dates).
pub fn parse_period(s: Option<&str>, today: Date, fy_start_month: u32) -> Result<Period, String> {
    let s = s.map(str::trim).unwrap_or("this-quarter");
    let bad = || {
        format!(
            "--period '{s}': expected this-quarter, next-quarter, YYYY-Qn (n = 1 to 4), YYYY-MM or FROM..TO (YYYY-MM-DD..YYYY-MM-DD)"
        )
    };
    match s {
        "this-quarter" => return Ok(quarter_of(today, fy_start_month)),
        "next-quarter" => {
            let this = quarter_of(today, fy_start_month);
            return Ok(quarter_of(
                this.to.succ_opt().ok_or_else(bad)?,
                fy_start_month,
            ));
        }
        _ => {}
    }
    if let Some((from, to)) = s.split_once("..") {
        let from: Date = from.trim().parse().map_err(|_| bad())?;
        let to: Date = to.trim().parse().map_err(|_| bad())?;
        if from > to {
            return Err(format!("--period '{s}': {from} is after {to}"));
        }
        return Ok(Period {
            from,
            to,
            label: format!("{from}..{to}"),
        });
    }
    if let Some((y, q)) = s.split_once(['-']) {
        let year: i32 = y.parse().map_err(|_| bad())?;
        if let Some(q) = q.strip_prefix(['Q', 'q']) {
            let q: u32 = q.parse().map_err(|_| bad())?;
            return quarter(year, q, fy_start_month).ok_or_else(bad);
        }
        let month: u32 = q.parse().map_err(|_| bad())?;
        let from = Date::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        let to = from
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or_else(bad)?;
        return Ok(Period {
            from,
            to,
            label: format!("{year}-{month:02}"),
        });
    }
    Err(bad())
}

/// How a closed renewal ended, with its final ARR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Closed {
    pub result: Outcome,
    pub final_value: Money,
    pub closed_on: Date,
}

/// One renewal's place in the forecast, open or closed.
#[derive(Clone, Debug)]
pub struct Line {
    pub renewal_id: i64,
    pub account_id: String,
    pub account_name: String,
    pub owner: Option<Arc<str>>,
    pub currency: Arc<str>,
    pub segment: Segment,
    pub renewal_date: Option<Date>,
    /// ARR at the start: what the customer pays before this renewal.
    pub arr: Money,
    pub target: Option<Money>,
    pub stage: Stage,
    pub category: ForecastCategory,
    pub probability: u8,
    /// The queue's at-risk rule (`QueueRow::at_risk`); never true once closed.
    pub at_risk: bool,
    /// Risk-signal kinds (bits of `risk::SignalKind`).
    pub risk_kinds: u32,
    pub behind: bool,
    pub stalled: bool,
    pub closed: Option<Closed>,
}

impl Line {
    /// An open renewal from its queue row and the CSM's category, if any.
    pub fn open(row: &QueueRow, override_: Option<ForecastCategory>, r: &PortfolioRules) -> Line {
        let f = &row.facts;
        Line {
            renewal_id: f.renewal_id,
            account_id: f.account_id.clone(),
            account_name: f.account_name.clone(),
            owner: f.owner.clone(),
            currency: f.currency.clone(),
            segment: row.segment,
            renewal_date: f.renewal_date,
            arr: f.arr,
            target: f.target,
            stage: f.stage,
            category: category(f.stage, row.band, override_, r),
            probability: row.probability,
            at_risk: row.at_risk,
            risk_kinds: row.risk_facts().kinds(),
            behind: row.behind,
            stalled: row.stalled,
            closed: None,
        }
    }

    /// The forecast value: the final ARR once closed (nothing when churned); while
    /// open, the target when set, else current ARR (`QueueRow::value`).
    pub fn value(&self) -> Money {
        match self.closed {
            Some(c) if c.result == Outcome::Churned => Money::ZERO,
            Some(c) => c.final_value,
            None => self.target.unwrap_or(self.arr),
        }
    }

    /// What this renewal adds to the period's forecast: won and downgraded at final
    /// ARR, open at its value, churned and omitted nothing.
    pub fn forecast_value(&self) -> Money {
        if self.category == ForecastCategory::Omitted {
            return Money::ZERO;
        }
        self.value()
    }

    /// The probability-weighted value (closed renewals count at their final ARR).
    pub fn weighted(&self) -> Money {
        match self.closed {
            Some(_) => self.value(),
            None if self.category == ForecastCategory::Omitted => Money::ZERO,
            None => forecast::weighted(self.value(), self.probability),
        }
    }
}

/// Money flows of retention over a set of renewals (one currency).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flows {
    pub start: Money,
    pub expansion: Money,
    pub contraction: Money,
    pub churn: Money,
}

impl Flows {
    /// GRR = (start − churn − contraction) / start; `None` with nothing at the start.
    pub fn grr(&self) -> Option<f64> {
        ratio(
            self.start.0 - self.churn.0 - self.contraction.0,
            self.start.0,
        )
    }

    /// NRR = (start + expansion − contraction − churn) / start.
    pub fn nrr(&self) -> Option<f64> {
        ratio(
            self.start.0 + self.expansion.0 - self.contraction.0 - self.churn.0,
            self.start.0,
        )
    }

    /// A closed renewal: churned loses its whole ARR; otherwise the final ARR against
    /// the start is expansion or contraction.
    fn add_closed(&mut self, arr: Money, c: &Closed) {
        self.start += arr;
        if c.result == Outcome::Churned {
            self.churn += arr;
        } else if c.final_value > arr {
            self.expansion += c.final_value - arr;
        } else {
            self.contraction += arr - c.final_value;
        }
    }

    /// An open renewal at its expected outcome: with probability p it renews at its
    /// value, else it churns. Expected churn = (1 − p) × ARR; expected expansion (or
    /// contraction) = p × (value − ARR).
    fn add_open(&mut self, arr: Money, value: Money, p: u8) {
        self.start += arr;
        self.churn += arr - forecast::weighted(arr, p);
        if value >= arr {
            self.expansion += forecast::weighted(value - arr, p);
        } else {
            self.contraction += forecast::weighted(arr - value, p);
        }
    }
}

fn ratio(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// One currency's figures for the renewals due in a period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub currency: String,
    /// How many renewals are due in the period (open and closed).
    pub count: u32,
    /// Σ start ARR of every renewal due: the denominator.
    pub renewals_due: Money,
    /// Σ target (or ARR when none) of every renewal due.
    pub target: Money,
    /// Won at final ARR + open (not omitted) at value.
    pub forecast: Money,
    /// Won at final ARR + open (not omitted) at probability × value.
    pub weighted: Money,
    /// Open commit + closed won.
    pub commit: Money,
    /// Open best case + open commit + closed won.
    pub best_case: Money,
    /// Every open renewal not omitted.
    pub pipeline: Money,
    pub omitted: Money,
    /// Final ARR of renewals won or downgraded.
    pub closed_won: Money,
    /// Start ARR of renewals churned.
    pub churned: Money,
    /// Start ARR of open renewals at risk.
    pub at_risk: Money,
    pub behind: u32,
    pub stalled: u32,
    /// Over the closed renewals only.
    pub actual: Flows,
    /// Over closed and open renewals, open ones at their expected outcome.
    pub expected: Flows,
}

impl Figures {
    /// Forecast against target: positive when the forecast beats the target.
    pub fn against_target(&self) -> Money {
        self.forecast - self.target
    }

    fn add(&mut self, l: &Line) {
        self.count += 1;
        self.renewals_due += l.arr;
        match l.closed {
            Some(c) => {
                // A closed renewal's target is not kept apart from its ARR: its start
                // ARR stands in, unless it had one.
                self.target += l.target.unwrap_or(l.arr);
                if c.result == Outcome::Churned {
                    self.churned += l.arr;
                } else {
                    self.closed_won += c.final_value;
                    self.commit += c.final_value;
                    self.best_case += c.final_value;
                }
                self.forecast += l.forecast_value();
                self.weighted += l.weighted();
                self.actual.add_closed(l.arr, &c);
                self.expected.add_closed(l.arr, &c);
            }
            None => {
                let v = l.value();
                self.target += v;
                match l.category {
                    ForecastCategory::Omitted => self.omitted += v,
                    cat => {
                        self.pipeline += v;
                        self.forecast += v;
                        self.weighted += l.weighted();
                        if cat == ForecastCategory::Commit {
                            self.commit += v;
                        }
                        if matches!(cat, ForecastCategory::Commit | ForecastCategory::BestCase) {
                            self.best_case += v;
                        }
                    }
                }
                if l.at_risk {
                    self.at_risk += l.arr;
                }
                self.behind += l.behind as u32;
                self.stalled += l.stalled as u32;
                self.expected.add_open(l.arr, v, l.probability);
            }
        }
    }
}

/// The figures of the lines due in `period`, one per currency, by currency code.
pub fn roll_up<'a>(lines: impl IntoIterator<Item = &'a Line>, period: &Period) -> Vec<Figures> {
    let mut out: Vec<Figures> = Vec::new();
    for l in lines
        .into_iter()
        .filter(|l| period.contains(l.renewal_date))
    {
        let i = match out.iter().position(|f| f.currency == *l.currency) {
            Some(i) => i,
            None => {
                out.push(Figures {
                    currency: l.currency.to_string(),
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        out[i].add(l);
    }
    out.sort_by(|a, b| a.currency.cmp(&b.currency));
    out
}

/// The figures per group (owner, segment, ...), groups in name order.
pub fn roll_up_by(
    lines: &[Line],
    period: &Period,
    key: impl Fn(&Line) -> String,
) -> Vec<(String, Vec<Figures>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<&Line>> = Default::default();
    for l in lines.iter().filter(|l| period.contains(l.renewal_date)) {
        groups.entry(key(l)).or_default().push(l);
    }
    groups
        .into_iter()
        .map(|(k, ls)| (k, roll_up(ls, period)))
        .collect()
}

/// At-risk ARR by risk-signal kind, per currency: `(kind, currency, arr, count)`.
/// A renewal with several kinds counts under each; one at risk with no signal kind
/// (red health, a hand flag, typed at risk) counts under `other`.
pub fn at_risk_by_kind(lines: &[Line], period: &Period) -> Vec<(String, String, Money, u32)> {
    use super::risk::{SignalKind, kinds_in};
    let mut m: std::collections::BTreeMap<(String, String), (Money, u32)> = Default::default();
    for l in lines
        .iter()
        .filter(|l| l.closed.is_none() && l.at_risk && period.contains(l.renewal_date))
    {
        let mut kinds: Vec<&str> = kinds_in(l.risk_kinds).map(SignalKind::as_str).collect();
        if kinds.is_empty() {
            kinds.push("other");
        }
        for k in kinds {
            let e = m
                .entry((k.to_string(), l.currency.to_string()))
                .or_default();
            e.0 += l.arr;
            e.1 += 1;
        }
    }
    m.into_iter().map(|((k, c), (a, n))| (k, c, a, n)).collect()
}

#[cfg(test)]
#[path = "portfolio_tests.rs"]
pub(crate) mod tests;
