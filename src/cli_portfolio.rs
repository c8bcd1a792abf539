//! `runway forecast`, `moved`, `snapshot` and `category`: the portfolio for scripts
//! and for the weekly call (issue 15). The data comes from `crate::portfolio_view`,
//! which the cockpit's Portfolio pane reads too; here it is only printed.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::portfolio::ForecastCategory;
use crate::domain::winloss;
use crate::io::out::json_pretty;
use crate::io::portfolio_json as pj;
use crate::store::Store;
use anyhow::bail;

pub use crate::portfolio_view::{
    ForecastData, MovedData, WinLossData, compute, forecast_data, moved_data, period,
};

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
            "moves": d.moves.iter().map(|m| pj::move_json(m, &d.name_of(m.renewal_id))).collect::<Vec<_>>(),
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
        let (_, name) = d.name_of(m.renewal_id);
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

/// Records kept by the filters, their loss patterns, and save success.
pub fn winloss_data(
    store: &Store,
    cfg: &Config,
    today: Date,
    a: &WinLossArgs,
) -> anyhow::Result<WinLossData> {
    let filter = crate::portfolio_view::winloss_filter(
        cfg,
        today,
        a.period.as_deref(),
        a.segment.as_deref(),
        a.owner.as_deref(),
        a.reason.as_deref(),
        a.competitor.as_deref(),
    )?;
    crate::portfolio_view::winloss_data(store, cfg, filter)
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
