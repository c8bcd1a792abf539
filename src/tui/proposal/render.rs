//! Drawing the proposal pane: the account on one line, then three panels — the
//! options (where the proposal stands, then Good / Better / Best side by side with
//! every year's price), the rules' warnings, and the approvals. The focused panel gets
//! the room; zoomed it wraps every line whole. Prices are recomputed from the draft on
//! every frame (pure arithmetic, microseconds).

use super::state::approval_line;
use super::{OPTIONS, OpenProposal, ProposalPane, RULES};
use crate::domain::config::Config;
use crate::domain::proposal::Expansion;
use crate::domain::proposal_rules::TierName;
use crate::domain::text::inert;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(f: &mut Frame, area: Rect, s: &ProposalPane, t: &Theme, cfg: &Config) {
    let Some(p) = &s.open else {
        let msg = "No open renewal to propose for: Enter on a queue row (or Ctrl-P), then 4.";
        f.render_widget(
            Paragraph::new(Span::styled(msg, t.muted())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let cur = &cfg.book.cur(&p.currency);
    let (_, warnings) = p.priced(cfg);
    let status = match &p.status {
        Some(s) => format!(
            "{} · version {}{}",
            s.status,
            s.version,
            s.accepted_tier
                .as_deref()
                .map(|x| format!(" · accepted: {x}"))
                .unwrap_or_default()
        ),
        None => "not saved yet — a draft from the account's data and your defaults".into(),
    };
    let head = Line::from(vec![
        Span::styled(inert(&p.account_name).into_owned(), t.title()),
        Span::styled(format!("  {}", inert(&p.account_id)), t.muted()),
    ]);
    let [h, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(Paragraph::new(head), h);
    let mut options = vec![
        Line::from(format!(
            "Today {} a year · {} · {}",
            p.facts.arr.format(cur),
            if p.draft.bundled {
                "expansion bundled with the renewal"
            } else {
                "expansion as separate tracks"
            },
            status
        )),
        Line::from(Span::styled(
            p.draft
                .value_framing
                .as_deref()
                .map(|v| format!("Why grow now: {}", inert(v)))
                .unwrap_or_else(|| "No value framing yet — v writes one".into()),
            t.muted(),
        )),
    ];
    let ps = &s.panels;
    options.extend(if ps.zoom {
        options_one_by_one(p, cfg, t)
    } else {
        options_table(p, cfg, t, rest.width.saturating_sub(2) as usize)
    });
    let rules: Vec<Line> = if warnings.is_empty() {
        vec![Line::from(Span::styled("✓ no rule warnings", t.good()))]
    } else {
        warnings
            .iter()
            .map(|w| Line::from(Span::styled(format!("! {w}"), t.warn())))
            .collect()
    };
    let approvals = approval_lines(p, cfg, t);
    let panels = [options, rules, approvals];
    let draw = |f: &mut Frame, area: Rect, which: usize, lines: Vec<Line<'static>>, zoom: bool| {
        let inner = area.inner(ratatui::layout::Margin::new(1, 1));
        let scroll = ps.scroll.get(which).copied().unwrap_or(0);
        let title = match which {
            OPTIONS => Line::from(" Options · h/l choose · e edit · r recommend "),
            RULES => rules_title(&warnings, scroll, inner),
            _ => Line::from(format!(
                " Approvals: {} recorded, {} missing · a record ",
                p.approvals.len(),
                p.missing(cfg).len()
            )),
        };
        let v = crate::tui::panel::View {
            title,
            lines,
            scroll,
            focused: ps.is_focused(which),
            // The options table is cut to its columns unless zoomed; rules and
            // approvals are sentences, always wrapped whole.
            wrap: zoom || which != OPTIONS,
        };
        crate::tui::panel::draw(f, area, v, t);
    };
    if ps.zoom {
        let lines = panels.into_iter().nth(ps.focus).unwrap_or_default();
        draw(f, rest, ps.focus, lines, true);
        return;
    }
    let inner_w = rest.width.saturating_sub(2);
    let want: Vec<u16> = panels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let rows = if i == OPTIONS {
                l.len() as u16
            } else {
                crate::tui::layout::wrapped_height(l, inner_w)
            };
            rows + 2
        })
        .collect();
    // Each keeps a few lines; the focused one grows first.
    let hs = crate::tui::panel::heights(rest.height, &want, &[8, 4, 3], ps.focus);
    let areas = Layout::vertical(
        hs.iter()
            .map(|h| Constraint::Length(*h))
            .chain([Constraint::Min(0)]),
    )
    .split(rest);
    for (which, (lines, a)) in panels.into_iter().zip(areas.iter()).enumerate() {
        draw(f, *a, which, lines, false);
    }
}

/// "Rules (3)", or which of them the panel shows when they do not all fit: the
/// warnings whose first line is in view (`w` shows them all in full).
fn rules_title(warnings: &[String], scroll: u16, inner: Rect) -> Line<'static> {
    let w = inner.width.max(1) as usize;
    let rows_of = |s: &String| {
        use unicode_width::UnicodeWidthStr;
        (s.width() + 2).div_ceil(w).max(1) as u16
    };
    let total: u16 = warnings.iter().map(rows_of).sum();
    let scroll = scroll.min(total.saturating_sub(inner.height));
    let mut row = 0;
    let mut shown = 0;
    for warning in warnings {
        if row >= scroll && row < scroll + inner.height {
            shown += 1;
        }
        row += rows_of(warning);
    }
    Line::from(if shown < warnings.len() {
        format!(" Rules — {shown} of {} shown · w: all ", warnings.len())
    } else {
        format!(" Rules ({}) · w: all ", warnings.len())
    })
}

/// What is still to approve, and who approved what.
fn approval_lines(p: &OpenProposal, cfg: &Config, t: &Theme) -> Vec<Line<'static>> {
    let missing = p.missing(cfg);
    let mut out: Vec<Line> = missing
        .iter()
        .map(|m| {
            let line = format!(
                "✗ {} needs {} approval for {}% off: none recorded yet (a records it)",
                m.tier.label(),
                m.needs.label(),
                m.discount_bp as f64 / 100.0
            );
            Line::from(Span::styled(line, t.alert()))
        })
        .collect();
    out.extend(p.approvals.iter().map(|a| {
        Line::from(Span::styled(
            inert(&approval_line(a)).into_owned(),
            t.good(),
        ))
    }));
    if out.is_empty() {
        out.push(Line::from(Span::styled(
            "No approval needed beyond your own level.",
            t.muted(),
        )));
    }
    out
}

/// Each figure of the three options: its label and its value for Good, Better, Best.
fn option_rows(p: &OpenProposal, cfg: &Config) -> Vec<(&'static str, [String; 3])> {
    let cur = &cfg.book.cur(&p.currency);
    let (prices, _) = p.priced(cfg);
    let by = |f: &dyn Fn(usize) -> String| [f(0), f(1), f(2)];
    vec![
        (
            "Adds",
            by(&|i| match p.draft.tiers[i].expansion {
                Expansion::None => "renewal only".into(),
                Expansion::Percent(bp) => format!("+{}% of ARR", bp as f64 / 100.0),
                Expansion::Units { units, unit_price } => {
                    format!("+{units} seats × {}", unit_price.compact(cur))
                }
            }),
        ),
        (
            "Term",
            by(&|i| {
                format!(
                    "{} yr · {}",
                    p.draft.tiers[i].term_years,
                    p.draft.tiers[i].pricing.label()
                )
            }),
        ),
        ("First year", by(&|i| prices[i].annual[0].format(cur))),
        (
            "Each year",
            by(&|i| {
                prices[i]
                    .annual
                    .iter()
                    .map(|m| m.compact(cur))
                    .collect::<Vec<_>>()
                    .join(" / ")
            }),
        ),
        (
            "Contract value",
            by(&|i| prices[i].total_contract_value.format(cur)),
        ),
        (
            "Discount",
            by(&|i| {
                if prices[i].discount_bp == 0 {
                    "—".into()
                } else {
                    format!("{}%", prices[i].discount_bp as f64 / 100.0)
                }
            }),
        ),
        (
            "Approval",
            by(&|i| prices[i].required_approver.label().to_string()),
        ),
        (
            "vs Good",
            by(&|i| {
                let d = prices[i].annual[0].0 - prices[0].annual[0].0;
                if d == 0 {
                    "—".into()
                } else {
                    format!(
                        "{}{}",
                        if d > 0 { "+" } else { "−" },
                        crate::domain::money::Money(d.abs()).format(cur)
                    )
                }
            }),
        ),
        (
            "Per seat",
            by(&|i| {
                prices[i]
                    .effective_unit_price
                    .map(|m| m.format(cur))
                    .unwrap_or_else(|| "— (seats today unknown)".into())
            }),
        ),
        (
            "Flexibility",
            by(
                &|i| match crate::domain::proposal::clause_texts(p.draft.tiers[i].clauses).len() {
                    0 => "—".into(),
                    4 => "true-ups, add-ons, off-ramp, renegotiation".into(),
                    n => format!("{n} clauses"),
                },
            ),
        ),
        (
            "Overage",
            by(&|i| {
                if prices[i].overage.0 == 0 {
                    "—".into()
                } else {
                    format!("~{} as used", prices[i].overage.compact(cur))
                }
            }),
        ),
    ]
}

/// "▶ Better ★ recommended": the option's name, marked when selected or recommended.
fn option_title(p: &OpenProposal, i: usize) -> String {
    let name = TierName::ALL[i];
    format!(
        "{}{}{}",
        if i == p.tier { "▶ " } else { "  " },
        name.label(),
        if name == p.draft.recommended {
            " ★ recommended"
        } else {
            ""
        }
    )
}

fn option_style(p: &OpenProposal, i: usize, t: &Theme) -> ratatui::style::Style {
    if i == p.tier {
        t.selected()
    } else {
        t.column_header()
    }
}

/// Good / Better / Best side by side, a row per figure, in `width` columns.
fn options_table(p: &OpenProposal, cfg: &Config, t: &Theme, width: usize) -> Vec<Line<'static>> {
    let label_w = 16usize;
    let col_w = width.saturating_sub(label_w + 2) / 3;
    let cell = |s: &str| format!("{:<col_w$}", fit(s, col_w.saturating_sub(1)));
    let mut header = vec![Span::raw(format!("{:<label_w$}", ""))];
    for i in 0..3 {
        header.push(Span::styled(
            cell(&option_title(p, i)),
            option_style(p, i, t),
        ));
    }
    let mut lines = vec![Line::from(header)];
    for (label, cells) in option_rows(p, cfg) {
        let mut spans = vec![Span::styled(format!("{label:<label_w$}"), t.muted())];
        spans.extend(cells.iter().map(|c| Span::raw(cell(c))));
        lines.push(Line::from(spans));
    }
    lines
}

/// Zoomed: one option after another, every figure whole (the table cuts its cells).
fn options_one_by_one(p: &OpenProposal, cfg: &Config, t: &Theme) -> Vec<Line<'static>> {
    let rows = option_rows(p, cfg);
    let mut lines = Vec::new();
    for i in 0..3 {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            option_title(p, i),
            option_style(p, i, t),
        )));
        for (label, cells) in &rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {label}: "), t.muted()),
                Span::raw(cells[i].clone()),
            ]));
        }
    }
    lines
}
