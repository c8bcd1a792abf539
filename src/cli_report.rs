//! `runway report [--period P] --md|--html [-o FILE]`: the weekly renewal report —
//! headline numbers, what moved, the trend, the at-risk list, the team table and the
//! win/loss patterns — built from the same data as `forecast`, `moved` and `winloss`.

use crate::cli_portfolio::{self as cp, WinLossArgs};
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::money::{Cur, Money};
use crate::domain::risk::kinds_in;
use crate::io::report::{Block, Report, Table};
use crate::store::Store;
use std::path::Path;

/// At-risk renewals listed, largest first.
const AT_RISK_LISTED: usize = 25;
/// Moves listed (the waterfall counts them all).
const MOVES_LISTED: usize = 40;

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{:.1} %", r * 100.0))
}

fn table(head: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
    })
}

/// The report's blocks.
pub fn build(
    store: &Store,
    cfg: &Config,
    today: Date,
    period_arg: Option<&str>,
) -> anyhow::Result<Report> {
    let style = cfg.book.number_style();
    let money = |m: Money, c: &str| m.format(&Cur::new(c, style));
    let period = cp::period(cfg, today, period_arg)?;
    let f = cp::forecast_data(store, cfg, today, period.clone(), None)?;
    let mut b = Vec::new();
    b.push(Block::Heading("Headline numbers".into()));
    if f.figures.is_empty() {
        b.push(Block::Para("No renewals are due in this period.".into()));
    }
    b.push(table(
        &[
            "currency",
            "renewals due",
            "forecast",
            "against target",
            "weighted",
            "commit",
            "best case",
            "closed won",
            "churned",
            "at risk",
            "GRR",
            "NRR",
            "GRR forecast",
            "NRR forecast",
        ],
        f.figures
            .iter()
            .map(|x| {
                let c = x.currency.as_str();
                vec![
                    c.to_string(),
                    format!("{} ({})", money(x.renewals_due, c), x.count),
                    money(x.forecast, c),
                    money(x.against_target(), c),
                    money(x.weighted, c),
                    money(x.commit, c),
                    money(x.best_case, c),
                    money(x.closed_won, c),
                    money(x.churned, c),
                    money(x.at_risk, c),
                    pct(x.actual.grr()),
                    pct(x.actual.nrr()),
                    pct(x.expected.grr()),
                    pct(x.expected.nrr()),
                ]
            })
            .collect(),
    ));
    match cp::moved_data(store, cfg, today, None, period.clone()) {
        Ok(m) => {
            b.push(Block::Heading(format!("What moved since {}", m.since)));
            let mut rows = Vec::new();
            for w in &m.waterfall {
                let c = w.currency.as_str();
                rows.push(vec![
                    c.into(),
                    "old forecast".into(),
                    money(w.start, c),
                    String::new(),
                ]);
                for (k, a, n) in &w.steps {
                    rows.push(vec![
                        c.into(),
                        k.label().into(),
                        money(*a, c),
                        n.to_string(),
                    ]);
                }
                rows.push(vec![
                    c.into(),
                    "new forecast".into(),
                    money(w.end, c),
                    String::new(),
                ]);
            }
            b.push(table(&["currency", "step", "amount", "renewals"], rows));
            b.push(table(
                &["kind", "account", "before", "after", "effect"],
                m.moves
                    .iter()
                    .take(MOVES_LISTED)
                    .map(|mv| {
                        let name = m
                            .names
                            .get(&mv.renewal_id)
                            .map(|n| n.1.clone())
                            .unwrap_or_default();
                        vec![
                            mv.kind.label().into(),
                            name,
                            mv.before.clone(),
                            mv.after.clone(),
                            money(mv.effect, &mv.currency),
                        ]
                    })
                    .collect(),
            ));
            if m.moves.len() > MOVES_LISTED {
                b.push(Block::Para(format!(
                    "… and {} more (runway moved).",
                    m.moves.len() - MOVES_LISTED
                )));
            }
            b.push(Block::Heading("Trend, last 13 weeks".into()));
            let mut currencies: Vec<String> = m.trend.iter().map(|p| p.currency.clone()).collect();
            currencies.dedup();
            for c in currencies {
                b.push(Block::Trend(
                    m.trend
                        .iter()
                        .filter(|p| p.currency == c)
                        .cloned()
                        .collect(),
                    c,
                ));
            }
        }
        Err(e) => {
            b.push(Block::Heading("What moved".into()));
            b.push(Block::Para(format!("Not yet: {e}")));
        }
    }
    b.push(Block::Heading("At risk".into()));
    let mut risky: Vec<_> = f
        .lines
        .iter()
        .filter(|l| l.at_risk && l.closed.is_none())
        .collect();
    risky.sort_by(|a, b| b.arr.cmp(&a.arr).then(a.account_id.cmp(&b.account_id)));
    b.push(table(
        &[
            "account",
            "owner",
            "renewal date",
            "ARR",
            "stage",
            "signals",
        ],
        risky
            .iter()
            .take(AT_RISK_LISTED)
            .map(|l| {
                vec![
                    l.account_name.clone(),
                    l.owner.as_deref().unwrap_or("").to_string(),
                    l.renewal_date.map(|d| d.to_string()).unwrap_or_default(),
                    money(l.arr, &l.currency),
                    l.stage.label().into(),
                    kinds_in(l.risk_kinds)
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    ));
    b.push(Block::Heading("Team".into()));
    b.push(table(
        &[
            "owner",
            "currency",
            "due",
            "forecast",
            "commit",
            "at risk",
            "behind",
            "stalled",
            "steps on time (30 days)",
            "saves open / won / lost",
        ],
        f.by_owner
            .iter()
            .flat_map(|(o, figs)| {
                let t = f.team.get(o).cloned().unwrap_or_default();
                figs.iter()
                    .map(|x| {
                        let c = x.currency.as_str();
                        vec![
                            o.clone(),
                            c.into(),
                            x.count.to_string(),
                            money(x.forecast, c),
                            money(x.commit, c),
                            money(x.at_risk, c),
                            x.behind.to_string(),
                            x.stalled.to_string(),
                            format!("{} of {}", t.steps_on_time, t.steps_due),
                            format!("{} / {} / {}", t.saves_open, t.saves_won, t.saves_lost),
                        ]
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
    ));
    // Closed within the report's period, whatever form --period took.
    let wl = WinLossArgs {
        period: Some(format!("{}..{}", period.from, period.to)),
        ..Default::default()
    };
    let (_, records, patterns, _) = cp::winloss_data(store, cfg, today, &wl)?;
    b.push(Block::Heading(format!(
        "Win/loss, closed in {}",
        period.label
    )));
    b.push(Block::Para(format!(
        "{} closed, {} lost or downgraded; a pattern is {} or more losses alike.",
        records.len(),
        records.iter().filter(|r| r.is_loss()).count(),
        cfg.learning.pattern_min
    )));
    b.push(table(
        &["by", "value", "currency", "losses", "ARR lost", "pattern"],
        patterns
            .iter()
            .map(|p| {
                vec![
                    p.by.into(),
                    p.value.clone(),
                    p.currency.clone(),
                    p.count.to_string(),
                    money(p.arr, &p.currency),
                    if p.pattern { "yes".into() } else { "no".into() },
                ]
            })
            .collect(),
    ));
    Ok(Report {
        title: format!(
            "Renewal report {} ({} to {}), {}",
            period.label, period.from, period.to, today
        ),
        blocks: b,
    })
}

/// The options of `runway report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// this-quarter (default), next-quarter, YYYY-Qn, YYYY-MM or FROM..TO
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Markdown
    #[arg(long, conflicts_with = "html", required_unless_present = "html")]
    pub md: bool,
    /// HTML: one self-contained file, charts as inline SVG
    #[arg(long)]
    pub html: bool,
    /// Write to FILE (atomically, 0600) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// Writes the report: to FILE atomically (0600), else to stdout.
pub fn report(
    store: &Store,
    cfg: &Config,
    today: Date,
    period_arg: Option<&str>,
    html: bool,
    output: Option<&Path>,
) -> anyhow::Result<Option<String>> {
    let r = build(store, cfg, today, period_arg)?;
    let text = if html {
        crate::io::report::html(&r)
    } else {
        crate::io::report::markdown(&r, cfg.book.number_style())
    };
    match output {
        Some(p) if p != Path::new("-") => {
            crate::io::files::write_atomic(p, text.as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            eprintln!("wrote the report to {}", p.display());
            Ok(None)
        }
        _ => Ok(Some(text)),
    }
}
