//! The portfolio as data (issue 15): the period's forecast and its roll-ups, what
//! moved since an earlier snapshot with the weekly trend, and the win/loss records —
//! read from the store and scored by the domain, for `runway forecast|moved|winloss`,
//! the weekly report and the cockpit's Portfolio pane alike. No clap, no printing:
//! each caller formats what it gets.
//!
//! `pane` adds what only the pane needs (team rows, risk groups, the stalled and late
//! list) on top of the same data; `why` writes out each formula with its inputs.

pub mod pane;
pub mod why;

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::moves::{self, SnapState};
use crate::domain::ownership;
use crate::domain::portfolio::{self, Line, Period};
use crate::domain::{team, winloss};
use crate::store::Store;
use anyhow::bail;
use std::collections::HashMap;

pub use pane::PortfolioData;

/// Weeks of trend `runway moved` gives.
pub const TREND_WEEKS: u32 = 13;

/// The period `--period` names (this quarter when absent).
pub fn period(cfg: &Config, today: Date, s: Option<&str>) -> anyhow::Result<Period> {
    portfolio::parse_period(s, today, cfg.portfolio.fiscal_year_start_month)
        .map_err(anyhow::Error::msg)
}

fn owner_matches(l: &Line, owner: Option<&str>) -> bool {
    owner.is_none_or(|o| {
        l.owner
            .as_deref()
            .is_some_and(|w| w.to_lowercase() == o.trim().to_lowercase())
    })
}

/// Who leads each renewal under the ownership model (§7); strategic accounts change
/// who else is involved, never the lead, so it is not read here.
pub fn lead(l: &Line, cfg: &Config, today: Date) -> String {
    let days = l
        .renewal_date
        .map(|d| crate::domain::days_between(today, d));
    ownership::ownership(l.arr, days, false, &cfg.ownership)
        .lead
        .as_str()
        .to_string()
}

/// Everything `runway forecast` and the report show for a period.
pub struct ForecastData {
    pub period: Period,
    pub lines: Vec<Line>,
    pub figures: Vec<portfolio::Figures>,
    pub by_owner: Vec<(String, Vec<portfolio::Figures>)>,
    pub by_lead: Vec<(String, Vec<portfolio::Figures>)>,
    pub by_segment: Vec<(String, Vec<portfolio::Figures>)>,
    pub at_risk_by_kind: Vec<(String, String, crate::domain::money::Money, u32)>,
    /// Activity and saves per owner (filled by `forecast_data`; empty from `compute`).
    pub team: std::collections::BTreeMap<String, team::TeamFacts>,
}

/// The period's lines and every roll-up of them.
pub fn forecast_data(
    store: &Store,
    cfg: &Config,
    today: Date,
    period: Period,
    owner: Option<&str>,
) -> anyhow::Result<ForecastData> {
    let lines: Vec<Line> = store
        .portfolio_lines(cfg, today, Some(&period))?
        .into_iter()
        .filter(|l| owner_matches(l, owner))
        .collect();
    let steps = store.step_completions(period.from, period.to)?;
    let saves = store.save_owners()?;
    let mut d = compute(cfg, today, period, lines);
    let none = (Vec::new(), 0);
    d.team = team::by_owner(
        &d.lines,
        |l| {
            let (done, before) = steps.get(&l.renewal_id).unwrap_or(&none);
            team::steps_on_time(l, done, *before, today, &cfg.playbook)
        },
        &saves,
    );
    Ok(d)
}

/// The pure part of `forecast_data` (what the bench measures beside the read).
pub fn compute(cfg: &Config, today: Date, period: Period, lines: Vec<Line>) -> ForecastData {
    let figures = portfolio::roll_up(&lines, &period);
    let by_owner = portfolio::roll_up_by(&lines, &period, |l| {
        l.owner.as_deref().unwrap_or("(no owner)").to_string()
    });
    let by_lead = portfolio::roll_up_by(&lines, &period, |l| lead(l, cfg, today));
    let by_segment = portfolio::roll_up_by(&lines, &period, |l| l.segment.as_str().to_string());
    let at_risk_by_kind = portfolio::at_risk_by_kind(&lines, &period);
    ForecastData {
        period,
        lines,
        figures,
        by_owner,
        by_lead,
        by_segment,
        at_risk_by_kind,
        team: Default::default(),
    }
}

/// What `runway moved` and the report show.
#[derive(Debug)]
pub struct MovedData {
    pub period: Period,
    pub since: Date,
    pub moves: Vec<moves::Move>,
    pub names: HashMap<i64, (String, String)>,
    pub waterfall: Vec<moves::Waterfall>,
    pub trend: Vec<moves::TrendPoint>,
}

/// The moves since the snapshot of `since` (default: `moved_days` ago) to now.
pub fn moved_data(
    store: &Store,
    cfg: &Config,
    today: Date,
    since: Option<Date>,
    period: Period,
) -> anyhow::Result<MovedData> {
    let asked = since.unwrap_or(today - chrono::Duration::days(cfg.portfolio.moved_days));
    if asked > today {
        bail!("--since {asked} is after today ({today})");
    }
    let lines = store.portfolio_lines(cfg, today, Some(&period))?;
    moved_from(store, today, asked, period, &lines)
}

/// `moved_data` over the period's lines as already read (`portfolio_lines` of
/// `period`), so a caller that has them does not score the book twice.
pub fn moved_from(
    store: &Store,
    today: Date,
    asked: Date,
    period: Period,
    lines: &[Line],
) -> anyhow::Result<MovedData> {
    if asked > today {
        bail!("--since {asked} is after today ({today})");
    }
    let (at, first) = store.snapshot_days_around(asked)?;
    let Some(at) = at else {
        bail!(match first {
            Some(f) => format!(
                "no forecast snapshot on or before {asked}: the first is of {f} (try --since {f})"
            ),
            None => "no forecast snapshot yet: one is taken each day a command runs, or now with `runway snapshot`".into(),
        });
    };
    let mut new = now_states(lines);
    // One pass gives the old states (only those due in the period then, or due in it
    // now) and the trend's rows.
    let keep: std::collections::HashSet<i64> = new.keys().copied().collect();
    let until = today.pred_opt().unwrap_or(today);
    let pass = store.snapshot_pass(at, until, &period, &keep)?;
    let old = pass.old;
    // A renewal due in the period then but not now has moved out (or gone): only its
    // date matters to what moved, so the rest of the book is not scored.
    for (id, o) in old.iter().filter(|(_, o)| period.contains(o.renewal_date)) {
        if !new.contains_key(id)
            && let Some(date) = store.renewal_date_now(*id)?
        {
            let mut s = o.clone();
            s.renewal_date = date;
            new.insert(*id, s);
        }
    }
    let mv = moves::moves(&old, &new, &period);
    let waterfall = moves::waterfall(&old, &new, &mv, &period);
    // Names from the lines read already; the store only for renewals no longer due.
    let mut names: HashMap<i64, (String, String)> = HashMap::new();
    let by_id: HashMap<i64, &Line> = lines.iter().map(|l| (l.renewal_id, l)).collect();
    let mut missing = Vec::new();
    for m in &mv {
        match by_id.get(&m.renewal_id) {
            Some(l) => {
                names
                    .entry(m.renewal_id)
                    .or_insert_with(|| (l.account_id.clone(), l.account_name.clone()));
            }
            None => missing.push(m.renewal_id),
        }
    }
    names.extend(store.renewal_accounts(&missing)?);
    let trend = trend_of(pass.history, today, &period, &new);
    Ok(MovedData {
        period,
        since: at,
        moves: mv,
        names,
        waterfall,
        trend,
    })
}

fn now_states(lines: &[Line]) -> HashMap<i64, SnapState> {
    lines
        .iter()
        .map(|l| (l.renewal_id, SnapState::of(l)))
        .collect()
}

/// The period's weekly trend (`TREND_WEEKS`) from the stored snapshots, today's point
/// from `lines` (the period's lines now).
pub fn trend_from(
    store: &Store,
    today: Date,
    period: &Period,
    lines: &[Line],
) -> anyhow::Result<Vec<moves::TrendPoint>> {
    let until = today.pred_opt().unwrap_or(today);
    let history = store.snapshot_history(until, period)?;
    Ok(trend_of(history, today, period, &now_states(lines)))
}

fn trend_of(
    mut history: Vec<(Date, SnapState)>,
    today: Date,
    period: &Period,
    now: &HashMap<i64, SnapState>,
) -> Vec<moves::TrendPoint> {
    // Today's point is the book as it is now, not the snapshot the day's first run took.
    history.extend(now.values().map(|s| (today, s.clone())));
    history.sort_by_key(|(day, s)| (s.renewal_id, *day));
    moves::trend(&history, &moves::trend_days(today, TREND_WEEKS), period)
}

impl MovedData {
    /// Account id and name of a renewal that moved (`(removed)` when it is gone).
    pub fn name_of(&self, id: i64) -> (String, String) {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| (String::new(), "(removed)".into()))
    }
}

/// The filter applied, the records it kept, their loss patterns, and save success.
pub type WinLossData = (
    winloss::Filter,
    Vec<winloss::Record>,
    Vec<winloss::Pattern>,
    Vec<winloss::SaveSuccess>,
);

/// Reads the win/loss filters as `runway winloss` takes them (each optional).
pub fn winloss_filter(
    cfg: &Config,
    today: Date,
    period_arg: Option<&str>,
    segment: Option<&str>,
    owner: Option<&str>,
    reason: Option<&str>,
    competitor: Option<&str>,
) -> anyhow::Result<winloss::Filter> {
    let segment = match segment {
        None => None,
        Some(s) => Some(crate::domain::segment::Segment::parse(s).ok_or_else(|| {
            anyhow::anyhow!("--segment '{s}': expected enterprise, mid_market or smb")
        })?),
    };
    Ok(winloss::Filter {
        period: period_arg
            .map(|p| period(cfg, today, Some(p)))
            .transpose()?,
        segment,
        owner: owner.map(str::to_string),
        reason: reason.map(str::to_string),
        competitor: competitor.map(str::to_string),
    })
}

/// The closed renewals `filter` keeps, their loss patterns, and save success.
pub fn winloss_data(
    store: &Store,
    cfg: &Config,
    filter: winloss::Filter,
) -> anyhow::Result<WinLossData> {
    let records: Vec<winloss::Record> = store
        .closed_records(cfg)?
        .into_iter()
        .filter(|r| filter.keep(r))
        .collect();
    let patterns = winloss::patterns(&records, cfg.learning.pattern_min);
    let saves = winloss::save_success(&store.save_facts(cfg)?);
    Ok((filter, records, patterns, saves))
}
