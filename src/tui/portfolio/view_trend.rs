//! The Trend section: forecast, commit and at-risk ARR of the period for each of the
//! last 13 weeks. A chart with labelled axes when there is room, each series drawn
//! with its own mark (• + x) named in the legend; three labelled sparklines when
//! there is not. The selected week's figures are always written out below.

use super::render::Ctx;
use crate::domain::money::{Cur, Money};
use crate::domain::moves::TrendPoint;
use crate::tui::format::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Sparkline, Wrap};

fn major(m: Money) -> f64 {
    (m.0.max(0) / 100) as f64
}

fn week_line(p: &TrendPoint, cur: &Cur, w: usize) -> String {
    let long = format!(
        "week of {}: forecast {} · commit {} · at risk {}",
        p.day,
        p.forecast.compact(cur),
        p.commit.compact(cur),
        p.at_risk.compact(cur)
    );
    if long.chars().count() <= w {
        return long;
    }
    fit(
        &format!(
            "{}: fcst {} · commit {} · risk {}",
            p.day.format("%m-%d"),
            p.forecast.compact(cur),
            p.commit.compact(cur),
            p.at_risk.compact(cur)
        ),
        w,
    )
}

pub fn trend(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let points = d.main_trend();
    let Some(last) = points.last() else {
        let msg = if d.history_pending() {
            "Reading the forecast snapshots…"
        } else {
            "No trend yet: a point appears for each week with a forecast snapshot."
        };
        f.render_widget(
            Paragraph::new(Span::styled(msg, ctx.theme.muted())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let cur = d.cur(&last.currency);
    // Row 0 is the latest week: Down goes back in time.
    let sel = points[points.len() - 1 - ctx.selected.min(points.len() - 1)];
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let foot_text = week_line(sel, &cur, foot.width as usize);
    let foot_style = if ctx.focused {
        ctx.theme.selected()
    } else {
        ratatui::style::Style::default()
    };
    f.render_widget(Paragraph::new(Span::styled(foot_text, foot_style)), foot);
    if points.len() < 2 {
        let msg = "Only today's point so far: the line fills in week by week as daily snapshots accumulate.";
        f.render_widget(
            Paragraph::new(Span::styled(msg, ctx.theme.muted())).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    if body.height >= 7 && body.width >= 36 {
        chart(f, body, &points, &cur, ctx);
    } else {
        sparklines(f, body, &points, &cur);
    }
}

fn chart(f: &mut Frame, area: Rect, points: &[&TrendPoint], cur: &Cur, ctx: &Ctx) {
    let series = |get: fn(&TrendPoint) -> Money| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, major(get(p))))
            .collect()
    };
    let forecast = series(|p| p.forecast);
    let commit = series(|p| p.commit);
    let at_risk = series(|p| p.at_risk);
    let top = points
        .iter()
        .map(|p| p.forecast.max(p.commit).max(p.at_risk))
        .max()
        .unwrap_or(Money::ZERO);
    let y_max = major(top).max(1.0) * 1.1;
    let y_labels: Vec<Span> = [0.0, y_max / 2.0, y_max]
        .iter()
        .map(|v| Span::raw(Money((*v as i64) * 100).compact(cur)))
        .collect();
    let n = points.len();
    let ticks: &[usize] = if n >= 3 {
        &[0, n / 2, n - 1]
    } else {
        &[0, n - 1]
    };
    let x_labels: Vec<Span> = ticks
        .iter()
        .map(|i| Span::raw(points[*i].day.format("%m-%d").to_string()))
        .collect();
    let plain = ratatui::style::Style::default();
    let datasets = vec![
        Dataset::default()
            .name("• forecast")
            .marker(Marker::Custom('•'))
            .graph_type(GraphType::Line)
            .style(if ctx.theme.color {
                ctx.theme.title()
            } else {
                plain
            })
            .data(&forecast),
        Dataset::default()
            .name("+ commit")
            .marker(Marker::Custom('+'))
            .graph_type(GraphType::Line)
            .style(if ctx.theme.color {
                ctx.theme.good()
            } else {
                plain
            })
            .data(&commit),
        Dataset::default()
            .name("x at risk")
            .marker(Marker::Custom('x'))
            .graph_type(GraphType::Line)
            .style(if ctx.theme.color {
                ctx.theme.warn()
            } else {
                plain
            })
            .data(&at_risk),
    ];
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title("week")
                .bounds([0.0, (n - 1) as f64])
                .labels(x_labels),
        )
        .y_axis(
            Axis::default()
                .title(cur.code.clone())
                .bounds([0.0, y_max])
                .labels(y_labels),
        )
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)));
    f.render_widget(chart, area);
}

fn sparklines(f: &mut Frame, area: Rect, points: &[&TrendPoint], cur: &Cur) {
    type Series = fn(&TrendPoint) -> Money;
    let rows: [(&str, Series); 3] = [
        ("forecast", |p| p.forecast),
        ("commit", |p| p.commit),
        ("at risk", |p| p.at_risk),
    ];
    let lines = Layout::vertical([Constraint::Length(1); 3]).split(area);
    for ((label, get), line) in rows.iter().zip(lines.iter()) {
        let [l, s, v] = Layout::horizontal([
            Constraint::Length(9),
            Constraint::Length(points.len() as u16),
            Constraint::Fill(1),
        ])
        .areas(*line);
        let data: Vec<u64> = points.iter().map(|p| major(get(p)) as u64).collect();
        let last = points.last().map_or(Money::ZERO, |p| get(p));
        f.render_widget(Paragraph::new(*label), l);
        f.render_widget(Sparkline::default().data(&data), s);
        f.render_widget(
            Paragraph::new(Line::from(format!(" {}", last.compact(cur)))),
            v,
        );
    }
}
