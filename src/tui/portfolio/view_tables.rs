//! The Team table (sortable, by owner or by lead), Risk (at-risk ARR by segment and
//! by signal kind, then the stalled and late renewals) and Win/loss (patterns, then
//! the records). Only the visible rows are made into lines.

use super::render::{Ctx, pad, right, row_line, window};
use super::rows::{self, RiskRow, WinRow};
use super::{TeamBy, TeamSort};
use crate::domain::text::inert;
use crate::portfolio_view::pane::TeamRow;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// A team column: header, width, the sort it shows, its cell.
struct Col {
    head: &'static str,
    width: usize,
    sort: Option<TeamSort>,
    cell: fn(&Ctx, &TeamRow) -> String,
}

fn money(ctx: &Ctx, r: &TeamRow, m: crate::domain::money::Money) -> String {
    m.compact(&ctx.data.cur(&r.figures.currency))
}

/// Columns in the order they are kept as the panel narrows (the name always shows).
const COLS: [Col; 9] = [
    Col {
        head: "Forecast",
        width: 8,
        sort: Some(TeamSort::Forecast),
        cell: |c, r| money(c, r, r.figures.forecast),
    },
    Col {
        head: "Commit",
        width: 8,
        sort: Some(TeamSort::Commit),
        cell: |c, r| money(c, r, r.figures.commit),
    },
    Col {
        head: "At risk",
        width: 8,
        sort: Some(TeamSort::AtRisk),
        cell: |c, r| money(c, r, r.figures.at_risk),
    },
    Col {
        head: "Due",
        width: 4,
        sort: Some(TeamSort::Due),
        cell: |_, r| r.figures.count.to_string(),
    },
    Col {
        head: "Behind",
        width: 6,
        sort: Some(TeamSort::Behind),
        cell: |_, r| r.figures.behind.to_string(),
    },
    Col {
        head: "Stalled",
        width: 7,
        sort: Some(TeamSort::Stalled),
        cell: |_, r| r.figures.stalled.to_string(),
    },
    Col {
        head: "On time",
        width: 12,
        sort: Some(TeamSort::OnTime),
        cell: |_, r| match &r.facts {
            None => "—".into(),
            Some(f) => match f.completion_rate() {
                Some(x) => format!("{}/{} {:.0}%", f.steps_on_time, f.steps_due, x * 100.0),
                None => "none due".into(),
            },
        },
    },
    Col {
        head: "Saves o/w/l",
        width: 11,
        sort: None,
        cell: |_, r| match &r.facts {
            None => "—".into(),
            Some(f) => format!("{}/{}/{}", f.saves_open, f.saves_won, f.saves_lost),
        },
    },
    Col {
        head: "ARR due",
        width: 8,
        sort: Some(TeamSort::Due),
        cell: |c, r| money(c, r, r.figures.renewals_due),
    },
];

const NAME_MIN: usize = 12;

pub fn team(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let by = ctx.state.team_by;
    let rows = rows::team_rows(d, by);
    if rows.is_empty() {
        let msg = format!("No renewals are due in {}.", d.period().label);
        f.render_widget(Paragraph::new(Span::styled(msg, ctx.theme.muted())), area);
        return;
    }
    let w = area.width as usize;
    let mut used = NAME_MIN;
    let shown: Vec<&Col> = COLS
        .iter()
        .take_while(|c| {
            used += c.width + 1;
            used <= w
        })
        .collect();
    let name_w = w - shown.iter().map(|c| c.width + 1).sum::<usize>();
    let sort = ctx.state.team_sort;
    let mark = |s: Option<TeamSort>| if s == Some(sort) { "▼" } else { "" };
    let name_head = match by {
        TeamBy::Owner => "Owner",
        TeamBy::Lead => "Lead",
    };
    let mut head = pad(
        &format!("{name_head}{}", mark(Some(TeamSort::Name))),
        name_w,
    );
    for c in &shown {
        head.push(' ');
        head.push_str(&right(&format!("{}{}", mark(c.sort), c.head), c.width));
    }
    let [h, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    f.render_widget(
        Paragraph::new(Span::styled(head, ctx.theme.column_header())),
        h,
    );
    let order = rows::team_order(d, by, sort);
    let (start, end) = window(ctx.selected, order.len(), body.height as usize);
    let lines: Vec<Line> = (start..end)
        .map(|i| {
            let r = &rows[order[i]];
            let several = d.forecast.figures.len() > 1;
            let shown_name = rows::team_name(by, &r.name);
            let name = if several {
                format!("{shown_name} ({})", r.figures.currency)
            } else {
                shown_name
            };
            let mut text = pad(&name, name_w);
            for c in &shown {
                text.push(' ');
                text.push_str(&right(&(c.cell)(ctx, r), c.width));
            }
            let style = if r.figures.behind > 0 || r.figures.stalled > 0 {
                ctx.theme.warn()
            } else {
                Style::default()
            };
            row_line(ctx, i, vec![Span::styled(text, style)])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}

/// `STALLED BEHIND OVERDUE`, or `STL BHD OVD` (the queue's short forms) when narrow.
fn flags(w: &crate::portfolio_view::pane::WatchItem, short: bool) -> String {
    [
        (w.stalled, "STALLED", "STL"),
        (w.behind, "BEHIND", "BHD"),
        (w.overdue, "OVERDUE", "OVD"),
    ]
    .iter()
    .filter(|(on, _, _)| *on)
    .map(|(_, l, s)| if short { *s } else { *l })
    .collect::<Vec<_>>()
    .join(" ")
}

pub fn risk(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let w = area.width as usize;
    let len = rows::risk_len(d);
    let (start, end) = window(ctx.selected, len, area.height as usize);
    let value_w = 16;
    let label_w = w.saturating_sub(value_w + 10).max(8);
    let group = |kind: &str, g: &crate::portfolio_view::pane::RiskGroup| {
        let cur = d.cur(&g.currency);
        format!(
            "{} {} {}",
            pad(kind, 8),
            pad(&g.label, label_w),
            right(&format!("{} ({})", g.arr.compact(&cur), g.count), value_w)
        )
    };
    let mut lines = Vec::new();
    for i in start..end {
        let Some(row) = rows::risk_row(d, i) else {
            break;
        };
        let (text, style) = match row {
            RiskRow::Segment(g) => (group("segment", g), Style::default()),
            RiskRow::Kind(g) => (group("signal", g), Style::default()),
            RiskRow::AllStalled(n) => (
                format!(
                    "{} {}",
                    pad("list", 8),
                    crate::io::text::count(n, "stalled renewal", "stalled renewals")
                ),
                ctx.theme.column_header(),
            ),
            RiskRow::AllLate(n) => (
                format!(
                    "{} {} (behind or overdue)",
                    pad("list", 8),
                    crate::io::text::count(n, "late renewal", "late renewals")
                ),
                ctx.theme.column_header(),
            ),
            RiskRow::Item(it) => {
                let l = d.line(it);
                let date = l.renewal_date.map_or("no date".into(), |x| x.to_string());
                let arr = l.arr.compact(&d.cur(&l.currency));
                // Flags in words while a name keeps 16 columns, else their short forms.
                let (fl, flag_w) = if w >= 10 + 9 + 22 + 3 + 16 {
                    (flags(it, false), 22)
                } else {
                    (flags(it, true), 11)
                };
                let name_w = w.saturating_sub(10 + 9 + flag_w + 3).max(8);
                (
                    format!(
                        "{} {} {} {}",
                        pad(&inert(&l.account_name), name_w),
                        pad(&date, 10),
                        right(&arr, 8),
                        pad(&fl, flag_w)
                    ),
                    ctx.theme.warn(),
                )
            }
        };
        lines.push(row_line(ctx, i, vec![Span::styled(text, style)]));
    }
    f.render_widget(Paragraph::new(lines), area);
}

pub fn winloss(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let w = area.width as usize;
    let (saved, lost): (u32, u32) = d
        .saves
        .iter()
        .filter(|s| s.by == "segment")
        .fold((0, 0), |(a, b), s| (a + s.saved, b + s.lost));
    let long = format!(
        "A pattern is {} or more losses alike · saves: {saved} saved, {lost} lost",
        d.pattern_min
    );
    let head = if long.chars().count() <= w {
        long
    } else {
        format!(
            "Pattern: {}+ alike · saves {saved} won, {lost} lost",
            d.pattern_min
        )
    };
    let [h, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    f.render_widget(
        Paragraph::new(Span::styled(
            crate::tui::format::fit(&head, w),
            ctx.theme.muted(),
        )),
        h,
    );
    let len = rows::win_len(d);
    if len == 0 {
        let msg = format!("Nothing closed in {}.", d.period().label);
        f.render_widget(
            Paragraph::new(Span::styled(msg, ctx.theme.muted())).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let (start, end) = window(ctx.selected, len, body.height as usize);
    let mut lines = Vec::new();
    for i in start..end {
        let Some(row) = rows::win_row(d, i) else {
            break;
        };
        let (text, style) = match row {
            WinRow::Pattern(p) => {
                let cur = d.cur(&p.currency);
                let tail = format!(
                    "{} lost {}{}",
                    p.count,
                    right(&p.arr.compact(&cur), 7),
                    if p.pattern { "  PATTERN" } else { "" }
                );
                let value_w = w.saturating_sub(tail.chars().count() + 13).max(6);
                let value = match p.by {
                    "segment" => crate::domain::segment::Segment::parse(&p.value)
                        .map_or(p.value.clone(), |s| s.label().to_string()),
                    _ => p.value.clone(),
                };
                let style = if p.pattern {
                    ctx.theme.alert()
                } else {
                    Style::default()
                };
                (
                    format!("{} {} {tail}", pad(p.by, 11), pad(&inert(&value), value_w)),
                    style,
                )
            }
            WinRow::Record(r) => {
                let cur = d.cur(&r.currency);
                let change = format!("{} → {}", r.arr.compact(&cur), r.final_value.compact(&cur));
                let why = match (&r.reason, &r.competitor) {
                    (Some(x), Some(c)) => format!("{} · to {}", inert(x), inert(c)),
                    (Some(x), None) => inert(x).into_owned(),
                    (None, Some(c)) => format!("to {}", inert(c)),
                    (None, None) => "(no reason given)".into(),
                };
                // Date, result and change take 39 columns; the name and the reason
                // share the rest, the reason left out when it would be a stub.
                let rest = w.saturating_sub(39);
                let name_w = if rest < 32 {
                    rest.max(8)
                } else {
                    (rest / 2).clamp(8, 24)
                };
                let why_w = rest.saturating_sub(name_w);
                let why = if why_w >= 8 { why } else { String::new() };
                (
                    format!(
                        "{} {} {} {} {}",
                        r.closed_on,
                        pad(r.result.as_str(), 10),
                        pad(&inert(&r.account_name), name_w),
                        pad(&change, 15),
                        crate::tui::format::fit(&why, why_w)
                    ),
                    Style::default(),
                )
            }
        };
        lines.push(row_line(ctx, i, vec![Span::styled(text, style)]));
    }
    f.render_widget(Paragraph::new(lines), body);
}
