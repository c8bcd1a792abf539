//! The selectable rows of each section, by index: what `update` acts on and what
//! `render` draws for the visible window, from one definition so they never disagree.

use super::{Section, TeamBy, TeamSort};
use crate::domain::money::Money;
use crate::domain::moves::{Move, MoveKind};
use crate::domain::winloss::{Pattern, Record};
use crate::portfolio_view::PortfolioData;
use crate::portfolio_view::pane::{RiskGroup, TeamRow, WatchItem};

/// A row of What moved: a waterfall step (per currency) or one move.
pub enum MovedRow<'a> {
    /// `kind` is `None` for the old and the new forecast.
    Step {
        currency: &'a str,
        label: &'static str,
        kind: Option<MoveKind>,
        amount: Money,
        count: Option<u32>,
    },
    Move(&'a Move),
}

/// A row of Risk.
pub enum RiskRow<'a> {
    Segment(&'a RiskGroup),
    Kind(&'a RiskGroup),
    /// Every stalled renewal, as one row that opens them all.
    AllStalled(usize),
    /// Every late renewal (behind its playbook or past its date).
    AllLate(usize),
    Item(&'a WatchItem),
}

/// A row of Win/loss: the patterns first (what keeps beating us), then the records.
pub enum WinRow<'a> {
    Pattern(&'a Pattern),
    Record(&'a Record),
}

pub fn moved_len(d: &PortfolioData) -> usize {
    match &d.moved {
        Ok(m) => m.waterfall.iter().map(|w| w.steps.len() + 2).sum::<usize>() + m.moves.len(),
        Err(_) => 0,
    }
}

pub fn moved_row(d: &PortfolioData, mut i: usize) -> Option<MovedRow<'_>> {
    let m = d.moved.as_ref().ok()?;
    for w in &m.waterfall {
        let n = w.steps.len() + 2;
        if i < n {
            let c = w.currency.as_str();
            return Some(if i == 0 {
                MovedRow::Step {
                    currency: c,
                    label: "old forecast",
                    kind: None,
                    amount: w.start,
                    count: None,
                }
            } else if i == n - 1 {
                MovedRow::Step {
                    currency: c,
                    label: "new forecast",
                    kind: None,
                    amount: w.end,
                    count: None,
                }
            } else {
                let (k, a, c2) = w.steps[i - 1];
                MovedRow::Step {
                    currency: c,
                    label: k.label(),
                    kind: Some(k),
                    amount: a,
                    count: Some(c2),
                }
            });
        }
        i -= n;
    }
    m.moves.get(i).map(MovedRow::Move)
}

pub fn stalled_count(d: &PortfolioData) -> usize {
    d.watch.iter().filter(|w| w.stalled).count()
}

pub fn late_count(d: &PortfolioData) -> usize {
    d.watch.iter().filter(|w| w.late()).count()
}

pub fn risk_len(d: &PortfolioData) -> usize {
    d.risk_by_segment.len() + d.risk_by_kind.len() + 2 + d.watch.len()
}

pub fn risk_row(d: &PortfolioData, mut i: usize) -> Option<RiskRow<'_>> {
    if i < d.risk_by_segment.len() {
        return Some(RiskRow::Segment(&d.risk_by_segment[i]));
    }
    i -= d.risk_by_segment.len();
    if i < d.risk_by_kind.len() {
        return Some(RiskRow::Kind(&d.risk_by_kind[i]));
    }
    i -= d.risk_by_kind.len();
    match i {
        0 => Some(RiskRow::AllStalled(stalled_count(d))),
        1 => Some(RiskRow::AllLate(late_count(d))),
        _ => d.watch.get(i - 2).map(RiskRow::Item),
    }
}

pub fn win_len(d: &PortfolioData) -> usize {
    d.patterns.len() + d.records.len()
}

pub fn win_row(d: &PortfolioData, i: usize) -> Option<WinRow<'_>> {
    if i < d.patterns.len() {
        return Some(WinRow::Pattern(&d.patterns[i]));
    }
    d.records.get(i - d.patterns.len()).map(WinRow::Record)
}

pub fn team_rows(d: &PortfolioData, by: TeamBy) -> &[TeamRow] {
    match by {
        TeamBy::Owner => &d.team,
        TeamBy::Lead => &d.leads,
    }
}

/// A team row's name as shown: an owner as written (made inert), a lead by its label
/// (`CSM`, stored as `csm`).
pub fn team_name(by: TeamBy, name: &str) -> String {
    use crate::domain::text::inert;
    match by {
        TeamBy::Lead => crate::domain::ownership::Lead::parse(name)
            .map_or_else(|| inert(name).into_owned(), |l| l.label().to_string()),
        TeamBy::Owner => inert(name).into_owned(),
    }
}

fn on_time(r: &TeamRow) -> Option<f64> {
    r.facts.as_ref().and_then(|f| f.completion_rate())
}

/// The team rows' indices in display order: by name A→Z, or by a figure largest
/// first (ties by name, so the order is stable).
pub fn team_order(d: &PortfolioData, by: TeamBy, sort: TeamSort) -> Vec<usize> {
    let rows = team_rows(d, by);
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    let key = |r: &TeamRow| -> i64 {
        let f = &r.figures;
        match sort {
            TeamSort::Name => 0,
            TeamSort::Due => f.renewals_due.0,
            TeamSort::Forecast => f.forecast.0,
            TeamSort::Commit => f.commit.0,
            TeamSort::AtRisk => f.at_risk.0,
            TeamSort::Behind => f.behind as i64,
            TeamSort::Stalled => f.stalled as i64,
            // Per mille, none (no steps due) after every real rate.
            TeamSort::OnTime => on_time(r).map_or(-1, |x| (x * 1000.0).round() as i64),
        }
    };
    idx.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        key(rb)
            .cmp(&key(ra))
            .then_with(|| ra.name.cmp(&rb.name))
            .then_with(|| ra.figures.currency.cmp(&rb.figures.currency))
    });
    idx
}

/// One figure of the Forecast section: label, short label, value.
pub struct Figure {
    pub label: String,
    pub short: String,
    pub value: String,
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{:.1} %", r * 100.0))
}

/// The Forecast section's figures: per currency (the book's first), then by category.
pub fn forecast_figures(d: &PortfolioData) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut figs: Vec<_> = d.forecast.figures.iter().collect();
    figs.sort_by_key(|f| (f.currency != d.book_currency, f.currency.clone()));
    let several = figs.len() > 1;
    for f in figs {
        let cur = d.cur(&f.currency);
        let m = |x: Money| x.compact(&cur);
        let mut push = |label: &str, short: &str, value: String| {
            let (label, short) = if several {
                (
                    format!("{label} {}", f.currency),
                    format!("{short} {}", f.currency),
                )
            } else {
                (label.to_string(), short.to_string())
            };
            out.push(Figure {
                label,
                short,
                value,
            })
        };
        let against = f.against_target();
        let sign = if against.0 > 0 { "+" } else { "" };
        push(
            "Renewals due",
            "Due",
            format!("{} ({})", m(f.renewals_due), f.count),
        );
        push("Forecast", "Fcst", m(f.forecast));
        push("Weighted", "Wtd", m(f.weighted));
        push("Commit", "Commit", m(f.commit));
        push("Best case", "Best", m(f.best_case));
        push("Pipeline", "Pipe", m(f.pipeline));
        push("Closed won", "Won", m(f.closed_won));
        push("Churned", "Churn", m(f.churned));
        push("Against target", "vs tgt", format!("{sign}{}", m(against)));
        push("At risk", "Risk", m(f.at_risk));
        push(
            "GRR (forecast)",
            "GRR",
            format!("{} ({})", pct(f.actual.grr()), pct(f.expected.grr())),
        );
        push(
            "NRR (forecast)",
            "NRR",
            format!("{} ({})", pct(f.actual.nrr()), pct(f.expected.nrr())),
        );
    }
    if !d.by_category.is_empty() {
        out.push(Figure {
            label: "By category".into(),
            short: "By category".into(),
            value: String::new(),
        });
    }
    for c in &d.by_category {
        let cur = d.cur(&c.currency);
        let label = c.category.label();
        out.push(Figure {
            label: format!("  {label}"),
            short: format!("  {label}"),
            value: format!("{} ({})", c.value.compact(&cur), c.count),
        });
    }
    out
}

pub fn section_len(d: &PortfolioData, s: Section, by: TeamBy) -> usize {
    match s {
        Section::Forecast => forecast_figures(d).len(),
        Section::Moved => moved_len(d),
        Section::Trend => d.main_trend().len(),
        Section::Team => team_rows(d, by).len(),
        Section::Risk => risk_len(d),
        Section::WinLoss => win_len(d),
    }
}
