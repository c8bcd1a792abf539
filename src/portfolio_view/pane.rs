//! What the cockpit's Portfolio pane shows, built in one load: the period's forecast
//! and its categories, what moved with the 13-week trend, the team by owner and by the
//! ownership model's lead, at-risk ARR by segment and by signal kind, the stalled and
//! late renewals, and the win/loss records closed in the period with their patterns.
//!
//! `PortfolioData::load` reads the store; `PortfolioData::build` is the pure rest, so
//! tests and the bench can tell the two apart.

use super::{ForecastData, MovedData};
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::money::{Cur, Money, NumberStyle};
use crate::domain::moves::TrendPoint;
use crate::domain::portfolio::{self, Figures, ForecastCategory, Line, Period};
use crate::domain::risk::SignalKind;
use crate::domain::team::TeamFacts;
use crate::domain::winloss::{self, Pattern, Record, SaveSuccess};
use crate::store::Store;
use std::collections::BTreeMap;

/// One owner's (or lead's) figures in one currency.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamRow {
    pub name: String,
    pub figures: Figures,
    /// Activity and saves; only owners have them (a lead is a role, not a person).
    pub facts: Option<TeamFacts>,
}

/// At-risk ARR of a group (a segment, a signal kind) in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskGroup {
    /// `Segment::as_str` or `SignalKind::as_str` (`other`: at risk with no signal).
    pub key: String,
    pub label: String,
    pub currency: String,
    pub arr: Money,
    pub count: u32,
}

/// An open renewal due in the period that is stalled, behind its playbook or past
/// its renewal date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WatchItem {
    /// Index into `forecast.lines`.
    pub line: usize,
    pub stalled: bool,
    /// Behind its playbook (the queue's BEHIND).
    pub behind: bool,
    /// Past its renewal date and still open.
    pub overdue: bool,
}

impl WatchItem {
    /// Late: behind its playbook or past its date.
    pub fn late(&self) -> bool {
        self.behind || self.overdue
    }
}

/// The value and count of the period's renewals in one forecast category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategorySum {
    pub currency: String,
    pub category: ForecastCategory,
    /// Open: their value (target, else ARR); closed: what `Line::value` gives.
    pub value: Money,
    pub count: u32,
}

/// Everything the Portfolio pane shows for one period.
pub struct PortfolioData {
    pub today: Date,
    pub book_currency: String,
    pub style: Option<NumberStyle>,
    pub fy_start_month: u32,
    pub pattern_min: u32,
    pub forecast: ForecastData,
    pub by_category: Vec<CategorySum>,
    /// What moved since `[portfolio] moved_days` ago (or since the first snapshot when
    /// that is more recent); `Err` says in words why there is nothing to compare yet.
    pub moved: Result<MovedData, String>,
    /// Forecast, commit and at-risk ARR of the period, weekly, oldest first.
    pub trend: Vec<TrendPoint>,
    pub team: Vec<TeamRow>,
    pub leads: Vec<TeamRow>,
    /// Each lead's renewals due in the period (indices into `forecast.lines`).
    pub lead_lines: BTreeMap<String, Vec<usize>>,
    pub risk_by_segment: Vec<RiskGroup>,
    pub risk_by_kind: Vec<RiskGroup>,
    /// Stalled and late renewals, largest ARR first.
    pub watch: Vec<WatchItem>,
    /// Closed in the period, most recent first.
    pub records: Vec<Record>,
    pub patterns: Vec<Pattern>,
    pub saves: Vec<SaveSuccess>,
}

impl PortfolioData {
    /// Reads and scores everything the pane shows for `period`.
    pub fn load(
        store: &Store,
        cfg: &Config,
        today: Date,
        period: Period,
    ) -> anyhow::Result<PortfolioData> {
        let mut d = PortfolioData::load_now(store, cfg, today, period)?;
        d.load_history(store, cfg)?;
        Ok(d)
    }

    /// Everything but what moved and the trend, which read the stored snapshots (at
    /// 100k renewals with two years of them, most of `load`'s time): a first frame
    /// can be drawn from this, then `load_history` fills them in.
    pub fn load_now(
        store: &Store,
        cfg: &Config,
        today: Date,
        period: Period,
    ) -> anyhow::Result<PortfolioData> {
        let forecast = super::forecast_data(store, cfg, today, period.clone(), None)?;
        let filter = winloss::Filter {
            period: Some(period),
            ..Default::default()
        };
        let (_, records, _, saves) = super::winloss_data(store, cfg, filter)?;
        Ok(PortfolioData::build(
            cfg,
            today,
            forecast,
            Err(HISTORY_PENDING.into()),
            Vec::new(),
            records,
            saves,
        ))
    }

    /// What moved and the trend, read from the snapshots (see `load_now`).
    pub fn load_history(&mut self, store: &Store, cfg: &Config) -> anyhow::Result<()> {
        let h = history(store, cfg, self.today, self.period(), &self.forecast.lines)?;
        self.set_history(h);
        Ok(())
    }

    /// `load_now` without `load_history` yet.
    pub fn history_pending(&self) -> bool {
        matches!(&self.moved, Err(e) if e == HISTORY_PENDING)
    }

    /// The pure part of `load`: groups, lists and patterns from what was read.
    pub fn build(
        cfg: &Config,
        today: Date,
        forecast: ForecastData,
        moved: Result<MovedData, String>,
        trend: Vec<TrendPoint>,
        records: Vec<Record>,
        saves: Vec<SaveSuccess>,
    ) -> PortfolioData {
        let period = &forecast.period;
        let due = || {
            forecast
                .lines
                .iter()
                .filter(|l| period.contains(l.renewal_date))
        };
        let team = team_rows(&forecast.by_owner, Some(&forecast.team));
        let leads = team_rows(&forecast.by_lead, None);
        let risk_by_kind = forecast
            .at_risk_by_kind
            .iter()
            .map(|(k, c, a, n)| RiskGroup {
                key: k.clone(),
                label: SignalKind::parse(k)
                    .map_or("other", |k| k.label())
                    .to_string(),
                currency: c.clone(),
                arr: *a,
                count: *n,
            })
            .collect();
        let patterns = winloss::patterns(&records, cfg.learning.pattern_min);
        let mut lead_lines: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, l) in forecast.lines.iter().enumerate() {
            if period.contains(l.renewal_date) {
                lead_lines
                    .entry(super::lead(l, cfg, today))
                    .or_default()
                    .push(i);
            }
        }
        PortfolioData {
            today,
            book_currency: cfg.book.currency.clone(),
            style: cfg.book.number_style(),
            fy_start_month: cfg.portfolio.fiscal_year_start_month,
            pattern_min: cfg.learning.pattern_min,
            by_category: by_category(due()),
            risk_by_segment: risk_by_segment(due()),
            watch: watch_list(&forecast.lines, period, today),
            forecast,
            moved,
            trend,
            team,
            leads,
            lead_lines,
            risk_by_kind,
            records,
            patterns,
            saves,
        }
    }

    pub fn period(&self) -> &Period {
        &self.forecast.period
    }

    /// A currency in the book's number style.
    pub fn cur(&self, code: &str) -> Cur {
        Cur::new(code, self.style)
    }

    /// The figures of the book's currency, else the first currency's.
    pub fn main_figures(&self) -> Option<&Figures> {
        let f = &self.forecast.figures;
        f.iter()
            .find(|x| x.currency == self.book_currency)
            .or_else(|| f.first())
    }

    pub fn line(&self, w: &WatchItem) -> &Line {
        &self.forecast.lines[w.line]
    }

    /// The trend of the main currency.
    pub fn main_trend(&self) -> Vec<&TrendPoint> {
        let cur = self
            .main_figures()
            .map_or(self.book_currency.as_str(), |f| f.currency.as_str());
        self.trend.iter().filter(|p| p.currency == cur).collect()
    }
}

/// What `moved` says until `load_history` has run.
const HISTORY_PENDING: &str = "reading the forecast snapshots…";

/// What `load_history` reads, for reading it elsewhere (the cockpit reads it on a
/// thread of its own, so a large book's history never holds up a key).
pub type History = (Result<MovedData, String>, Vec<TrendPoint>);

impl PortfolioData {
    /// Puts history read by [`history`] in place.
    pub fn set_history(&mut self, h: History) {
        (self.moved, self.trend) = h;
    }
}

/// The moves since `moved_days` ago (falling back to the first snapshot when it is
/// more recent) and the trend, which is shown even before any move can be.
pub fn history(
    store: &Store,
    cfg: &Config,
    today: Date,
    period: &Period,
    lines: &[Line],
) -> anyhow::Result<(Result<MovedData, String>, Vec<TrendPoint>)> {
    let asked = today - chrono::Duration::days(cfg.portfolio.moved_days);
    let (at, first) = store.snapshot_days_around(asked)?;
    let since = match (at, first) {
        (Some(_), _) => Some(asked),
        (None, Some(f)) if f < today => Some(f),
        _ => None,
    };
    match since {
        Some(s) => {
            let m = super::moved_from(store, today, s, period.clone(), lines)?;
            let trend = m.trend.clone();
            Ok((Ok(m), trend))
        }
        None => {
            let why = match first {
                Some(f) if f == today => {
                    format!(
                        "the first forecast snapshot is of today ({f}); moves show from tomorrow"
                    )
                }
                Some(f) => format!(
                    "the first forecast snapshot is of {f}, after today ({today}): nothing earlier to compare with"
                ),
                None => "no forecast snapshot yet: one is taken each day runway runs".into(),
            };
            Ok((Err(why), super::trend_from(store, today, period, lines)?))
        }
    }
}

fn team_rows(
    groups: &[(String, Vec<Figures>)],
    facts: Option<&BTreeMap<String, TeamFacts>>,
) -> Vec<TeamRow> {
    groups
        .iter()
        .flat_map(|(name, figs)| {
            figs.iter().map(move |f| TeamRow {
                name: name.clone(),
                figures: f.clone(),
                facts: facts.map(|m| m.get(name).cloned().unwrap_or_default()),
            })
        })
        .collect()
}

fn by_category<'a>(due: impl Iterator<Item = &'a Line>) -> Vec<CategorySum> {
    let mut m: BTreeMap<(String, ForecastCategory), (Money, u32)> = BTreeMap::new();
    for l in due {
        let e = m
            .entry((l.currency.to_string(), l.category))
            .or_insert((Money::ZERO, 0));
        e.0 += l.value();
        e.1 += 1;
    }
    m.into_iter()
        .map(|((currency, category), (value, count))| CategorySum {
            currency,
            category,
            value,
            count,
        })
        .collect()
}

fn risk_by_segment<'a>(due: impl Iterator<Item = &'a Line>) -> Vec<RiskGroup> {
    let mut m: BTreeMap<(crate::domain::segment::Segment, String), (Money, u32)> = BTreeMap::new();
    for l in due.filter(|l| l.closed.is_none() && l.at_risk) {
        let e = m
            .entry((l.segment, l.currency.to_string()))
            .or_insert((Money::ZERO, 0));
        e.0 += l.arr;
        e.1 += 1;
    }
    m.into_iter()
        .map(|((s, currency), (arr, count))| RiskGroup {
            key: s.as_str().to_string(),
            label: s.label().to_string(),
            currency,
            arr,
            count,
        })
        .collect()
}

fn watch_list(lines: &[Line], period: &Period, today: Date) -> Vec<WatchItem> {
    let mut out: Vec<WatchItem> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.closed.is_none() && period.contains(l.renewal_date))
        .map(|(i, l)| WatchItem {
            line: i,
            stalled: l.stalled,
            behind: l.behind,
            overdue: l.renewal_date.is_some_and(|d| d < today),
        })
        .filter(|w| w.stalled || w.late())
        .collect();
    out.sort_by(|a, b| {
        let (la, lb) = (&lines[a.line], &lines[b.line]);
        lb.arr
            .cmp(&la.arr)
            .then_with(|| la.account_id.cmp(&lb.account_id))
    });
    out
}

/// The period before (`forward` false) or after `p`, of the same kind: a quarter
/// steps by quarters, a month by months, a custom range by its length.
pub fn step_period(p: &Period, forward: bool, fy_start_month: u32) -> Period {
    let beyond = if forward {
        p.to.succ_opt()
    } else {
        p.from.pred_opt()
    };
    let Some(beyond) = beyond else {
        return p.clone();
    };
    let is_quarter = p.label.len() == 7 && p.label.as_bytes()[5] == b'Q';
    let is_month = p.label.len() == 7 && p.label.as_bytes()[4] == b'-' && !is_quarter;
    if is_quarter {
        return portfolio::quarter_of(beyond, fy_start_month);
    }
    if is_month {
        let label = beyond.format("%Y-%m").to_string();
        return portfolio::parse_period(Some(&label), beyond, fy_start_month)
            .unwrap_or_else(|_| p.clone());
    }
    let len = (p.to - p.from).num_days();
    let (from, to) = if forward {
        (beyond, beyond + chrono::Duration::days(len))
    } else {
        (beyond - chrono::Duration::days(len), beyond)
    };
    Period {
        from,
        to,
        label: format!("{from}..{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn periods_step_by_their_own_kind() {
        let q4 = portfolio::quarter_of(d("2026-11-22"), 1);
        assert_eq!(step_period(&q4, true, 1).label, "2027-Q1");
        assert_eq!(step_period(&q4, false, 1).label, "2026-Q3");
        // A fiscal year starting in April: 2026-11 is in FY2026 Q3.
        let fq = portfolio::quarter_of(d("2026-11-22"), 4);
        assert_eq!(fq.label, "2026-Q3");
        assert_eq!(step_period(&fq, true, 4).label, "2026-Q4");
        let m = portfolio::parse_period(Some("2026-12"), d("2026-11-22"), 1).unwrap();
        let next = step_period(&m, true, 1);
        assert_eq!((next.label.as_str(), next.to), ("2027-01", d("2027-01-31")));
        assert_eq!(step_period(&m, false, 1).label, "2026-11");
        let r =
            portfolio::parse_period(Some("2026-11-01..2026-11-10"), d("2026-11-22"), 1).unwrap();
        let n = step_period(&r, true, 1);
        assert_eq!((n.from, n.to), (d("2026-11-11"), d("2026-11-20")));
        let b = step_period(&r, false, 1);
        assert_eq!((b.from, b.to), (d("2026-10-22"), d("2026-10-31")));
    }
}
