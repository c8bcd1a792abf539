//! `runway forecast`, `moved`, `snapshot` and `category`: the portfolio for scripts
//! and for the weekly call (issue 15).

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::moves::{self, SnapState};
use crate::domain::ownership;
use crate::domain::portfolio::{self, ForecastCategory, Line, Period};
use crate::domain::{team, winloss};
use crate::io::out::json_pretty;
use crate::io::portfolio_json as pj;
use crate::store::Store;
use anyhow::bail;
use std::collections::HashMap;

/// The options of `runway forecast`.
#[derive(clap::Args, Debug)]
pub struct ForecastArgs {
    /// this-quarter (default), next-quarter, YYYY-Qn (fiscal), YYYY-MM or FROM..TO
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only renewals owned by NAME (case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// JSON on stdout (schema in README.md)
    #[arg(long)]
    pub json: bool,
}

/// The options of `runway moved`.
#[derive(clap::Args, Debug)]
pub struct MovedArgs {
    /// Compare with the snapshot of this day (or the latest before it)
    /// [default: portfolio.moved_days ago]
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_today)]
    pub since: Option<Date>,
    /// this-quarter (default), next-quarter, YYYY-Qn, YYYY-MM or FROM..TO
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// JSON on stdout (schema in README.md)
    #[arg(long)]
    pub json: bool,
}

/// Weeks of trend `runway moved` gives.
const TREND_WEEKS: u32 = 13;

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
fn lead(l: &Line, cfg: &Config, today: Date) -> String {
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

/// `runway forecast [--period P] [--owner NAME] [--json]`.
pub fn forecast(
    store: &Store,
    cfg: &Config,
    today: Date,
    period_arg: Option<&str>,
    owner: Option<&str>,
    json: bool,
) -> anyhow::Result<String> {
    let d = forecast_data(store, cfg, today, period(cfg, today, period_arg)?, owner)?;
    if json {
        return Ok(json_pretty(&pj::forecast_json(
            &cfg.book.currency,
            &d.period,
            owner,
            &d.figures,
            &d.by_owner,
            &d.by_lead,
            &d.by_segment,
            &d.at_risk_by_kind,
            &d.team,
        )) + "\n");
    }
    let style = cfg.book.number_style();
    let mut s = format!(
        "Forecast {} ({} to {}){}\n",
        d.period.label,
        d.period.from,
        d.period.to,
        owner.map(|o| format!(", owner {o}")).unwrap_or_default()
    );
    if d.figures.is_empty() {
        s.push_str("  no renewals due in this period\n");
    }
    for f in &d.figures {
        s.push_str(&format!("{}\n", f.currency));
        s.push_str(&pj::figures_text(f, style));
    }
    if !d.by_owner.is_empty() {
        s.push('\n');
        s.push_str(&pj::groups_text("By owner", &d.by_owner, style));
        s.push_str(&pj::groups_text("By segment", &d.by_segment, style));
    }
    Ok(s)
}

/// What `runway moved` and the report show.
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
    let (at, first) = store.snapshot_days_around(asked)?;
    let Some(at) = at else {
        bail!(match first {
            Some(f) => format!(
                "no forecast snapshot on or before {asked}: the first is of {f} (try --since {f})"
            ),
            None => "no forecast snapshot yet: one is taken each day a command runs, or now with `runway snapshot`".into(),
        });
    };
    let old = store.snapshot_state(at, false)?;
    let mut new: HashMap<i64, SnapState> = store
        .portfolio_lines(cfg, today, Some(&period))?
        .iter()
        .map(|l| (l.renewal_id, SnapState::of(l)))
        .collect();
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
    let ids: Vec<i64> = mv.iter().map(|m| m.renewal_id).collect();
    let names = store.renewal_accounts(&ids)?;
    // Today's point is the book as it is now, not the snapshot the day's first run took.
    let mut history = store.snapshot_history(today.pred_opt().unwrap_or(today), &period)?;
    history.extend(new.values().map(|s| (today, s.clone())));
    history.sort_by_key(|(day, s)| (s.renewal_id, *day));
    let trend = moves::trend(&history, &moves::trend_days(today, TREND_WEEKS), &period);
    Ok(MovedData {
        period,
        since: at,
        moves: mv,
        names,
        waterfall,
        trend,
    })
}

fn name_of(d: &MovedData, id: i64) -> (String, String) {
    d.names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| (String::new(), "(removed)".into()))
}

/// `runway moved [--since DATE] [--period P] [--json]`.
pub fn moved(
    store: &Store,
    cfg: &Config,
    today: Date,
    since: Option<Date>,
    period_arg: Option<&str>,
    json: bool,
) -> anyhow::Result<String> {
    let d = moved_data(store, cfg, today, since, period(cfg, today, period_arg)?)?;
    if json {
        let v = serde_json::json!({
            "schema_version": pj::SCHEMA_VERSION,
            "period": pj::period_json(&d.period),
            "since": d.since.to_string(),
            "today": today.to_string(),
            "moves": d.moves.iter().map(|m| pj::move_json(m, &name_of(&d, m.renewal_id))).collect::<Vec<_>>(),
            "waterfall": pj::waterfall_json(&d.waterfall),
            "trend": pj::trend_json(&d.trend),
        });
        return Ok(json_pretty(&v) + "\n");
    }
    let style = cfg.book.number_style();
    let mut s = format!(
        "What moved in {} since the snapshot of {}\n",
        d.period.label, d.since
    );
    if d.moves.is_empty() {
        s.push_str("  nothing moved\n");
    }
    for m in &d.moves {
        let cur = crate::domain::money::Cur::new(&m.currency, style);
        let (_, name) = name_of(&d, m.renewal_id);
        s.push_str(&format!(
            "  {:<17} {:<24} {} → {}  ({})\n",
            m.kind.label(),
            crate::io::text::fit(&name, 24),
            m.before,
            m.after,
            signed(m.effect, &cur)
        ));
    }
    for w in &d.waterfall {
        let cur = crate::domain::money::Cur::new(&w.currency, style);
        s.push_str(&format!(
            "\nWaterfall, {}\n  {:<17} {}\n",
            w.currency,
            "old forecast",
            w.start.format(&cur)
        ));
        for (k, a, n) in &w.steps {
            s.push_str(&format!("  {:<17} {} ({n})\n", k.label(), signed(*a, &cur)));
        }
        s.push_str(&format!(
            "  {:<17} {}\n",
            "new forecast",
            w.end.format(&cur)
        ));
    }
    Ok(s)
}

fn signed(m: crate::domain::money::Money, cur: &crate::domain::money::Cur) -> String {
    if m.0 > 0 {
        format!("+{}", m.format(cur))
    } else {
        m.format(cur)
    }
}

/// `runway snapshot`: today's forecast snapshot, now (replacing today's if taken).
pub fn snapshot(store: &mut Store, cfg: &Config, today: Date) -> anyhow::Result<String> {
    let r = store
        .take_snapshot(cfg, today, true)?
        .expect("a replacing snapshot is always taken");
    Ok(format!(
        "forecast snapshot of {}{}: {} of {} renewals changed since the last one",
        r.day,
        if r.replaced { " (replaced)" } else { "" },
        r.rows,
        r.renewals
    ))
}

/// `runway category ACCOUNT commit|best_case|pipeline|omitted|auto`.
pub fn category(store: &mut Store, account: &str, cat: &str) -> anyhow::Result<String> {
    let id = store.resolve_account(account)?;
    let c = match cat {
        "auto" => None,
        other => match ForecastCategory::parse(other) {
            Some(ForecastCategory::Closed) | None => {
                bail!("category '{other}': expected commit, best_case, pipeline, omitted or auto")
            }
            Some(c) => Some(c),
        },
    };
    if !store.set_forecast_category(&id, c)? {
        bail!("{id} has no open renewal");
    }
    Ok(match c {
        Some(c) => format!("{id}: forecast category set to {}", c.as_str()),
        None => format!("{id}: forecast category back to the default from stage and health"),
    })
}

/// The filters of `runway winloss`.
#[derive(clap::Args, Debug, Default)]
pub struct WinLossArgs {
    /// Closed in: this-quarter, next-quarter, YYYY-Qn, YYYY-MM or FROM..TO [default: all]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// enterprise, mid_market or smb
    #[arg(long, value_name = "SEGMENT")]
    pub segment: Option<String>,
    /// Only renewals owned by NAME (case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only this reason (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Only this competitor (case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub competitor: Option<String>,
    /// JSON on stdout (schema in README.md)
    #[arg(long)]
    pub json: bool,
}

/// The filter applied, the records it kept, their loss patterns, and save success.
pub type WinLossData = (
    winloss::Filter,
    Vec<winloss::Record>,
    Vec<winloss::Pattern>,
    Vec<winloss::SaveSuccess>,
);

/// Records kept by the filters, their loss patterns, and save success.
pub fn winloss_data(
    store: &Store,
    cfg: &Config,
    today: Date,
    a: &WinLossArgs,
) -> anyhow::Result<WinLossData> {
    let segment = match a.segment.as_deref() {
        None => None,
        Some(s) => Some(crate::domain::segment::Segment::parse(s).ok_or_else(|| {
            anyhow::anyhow!("--segment '{s}': expected enterprise, mid_market or smb")
        })?),
    };
    let filter = winloss::Filter {
        period: a
            .period
            .as_deref()
            .map(|p| period(cfg, today, Some(p)))
            .transpose()?,
        segment,
        owner: a.owner.clone(),
        reason: a.reason.clone(),
        competitor: a.competitor.clone(),
    };
    let records: Vec<winloss::Record> = store
        .closed_records(cfg)?
        .into_iter()
        .filter(|r| filter.keep(r))
        .collect();
    let patterns = winloss::patterns(&records, cfg.learning.pattern_min);
    let saves = winloss::save_success(&store.save_facts(cfg)?);
    Ok((filter, records, patterns, saves))
}

/// `runway winloss [--period P] [--segment S] [--owner N] [--reason R] [--competitor C] [--json]`.
pub fn winloss_cmd(
    store: &Store,
    cfg: &Config,
    today: Date,
    a: &WinLossArgs,
) -> anyhow::Result<String> {
    let (filter, records, patterns, saves) = winloss_data(store, cfg, today, a)?;
    if a.json {
        let refs: Vec<&winloss::Record> = records.iter().collect();
        return Ok(json_pretty(&pj::winloss_json(
            filter.period.as_ref(),
            cfg.learning.pattern_min,
            &refs,
            &patterns,
            &saves,
        )) + "\n");
    }
    let style = cfg.book.number_style();
    let mut s = format!(
        "Win/loss{}: {} closed renewals\n",
        filter
            .period
            .as_ref()
            .map(|p| format!(" closed in {}", p.label))
            .unwrap_or_default(),
        records.len()
    );
    for r in &records {
        let cur = crate::domain::money::Cur::new(&r.currency, style);
        s.push_str(&format!(
            "  {}  {:<10} {:<24} {} → {}  {}{}\n",
            r.closed_on,
            r.result.as_str(),
            crate::io::text::fit(&r.account_name, 24),
            r.arr.format(&cur),
            r.final_value.format(&cur),
            r.reason.as_deref().unwrap_or("(no reason given)"),
            r.competitor
                .as_deref()
                .map(|c| format!(" · competitor {c}"))
                .unwrap_or_default()
        ));
    }
    s.push_str(&format!(
        "\nLoss patterns (pattern: {} or more)\n",
        cfg.learning.pattern_min
    ));
    for p in &patterns {
        let cur = crate::domain::money::Cur::new(&p.currency, style);
        s.push_str(&format!(
            "  {:<10} {:<28} {:>3} lost  {:>12}{}\n",
            p.by,
            crate::io::text::fit(&p.value, 28),
            p.count,
            p.arr.format(&cur),
            if p.pattern { "  PATTERN" } else { "" }
        ));
    }
    Ok(s)
}
