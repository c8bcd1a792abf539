//! The Forecast section (the period's figures and categories) and What moved (the
//! waterfall, then each move with before → after and its money effect).

use super::render::{Ctx, row_line, window};
use super::rows::{self, MovedRow};
use crate::domain::money::Money;
use crate::domain::moves::MoveKind;
use crate::domain::text::inert;
use crate::tui::format::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// `label ........ value` in `w` columns, the value never cut (a short label is used,
/// then the label is cut, when room is short).
fn cell(label: &str, short: &str, value: &str, w: usize) -> String {
    let vw = value.width();
    let room = w.saturating_sub(vw + 1);
    let l = if label.width() <= room { label } else { short };
    let l = fit(l, room);
    let pad = w.saturating_sub(l.width() + vw);
    format!("{l}{}{value}", " ".repeat(pad))
}

pub fn forecast(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let figs = rows::forecast_figures(d);
    if figs.is_empty() {
        let msg = format!(
            "No renewals are due in {} ({} to {}). The period keys move to another.",
            d.period().label,
            d.period().from,
            d.period().to
        );
        f.render_widget(
            Paragraph::new(Span::styled(msg, ctx.theme.muted())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let w = area.width as usize;
    // Two columns once each can hold a full label and a figure like `$12.5M (1,234)`.
    let cols = if w >= 56 { 2 } else { 1 };
    let cw = if cols == 2 { (w - 2) / 2 } else { w };
    let n_rows = figs.len().div_ceil(cols);
    let (start, end) = window(ctx.selected / cols, n_rows, area.height as usize);
    let lines: Vec<Line> = (start..end)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..cols {
                let i = r * cols + c;
                let Some(x) = figs.get(i) else { continue };
                if c > 0 {
                    spans.push(Span::raw("  "));
                }
                let text = cell(&x.label, &x.short, &x.value, cw);
                let style = if ctx.focused && i == ctx.selected {
                    ctx.theme.selected()
                } else if x.value.is_empty() {
                    ctx.theme.column_header()
                } else {
                    ratatui::style::Style::default()
                };
                spans.push(Span::styled(text, style));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// A kind's label in at most 9 columns, a word of its own (never a cut word).
fn kind_short(k: MoveKind) -> &'static str {
    match k {
        MoveKind::PulledIn => "pulled in",
        MoveKind::PushedOut => "pushed",
        MoveKind::Won => "won",
        MoveKind::Lost => "lost",
        MoveKind::AmountUp => "amount ↑",
        MoveKind::AmountDown => "amount ↓",
        MoveKind::CategoryChanged => "category",
        MoveKind::StageChanged => "stage",
        MoveKind::NewlyAtRisk => "at risk",
        MoveKind::Recovered => "recovered",
        MoveKind::OwnerChanged => "owner",
    }
}

fn signed(m: Money, cur: &crate::domain::money::Cur) -> String {
    if m.0 > 0 {
        format!("+{}", m.compact(cur))
    } else if m.0 == 0 {
        "—".into()
    } else {
        m.compact(cur)
    }
}

pub fn moved(f: &mut Frame, area: Rect, ctx: &Ctx) {
    let d = ctx.data;
    let m = match &d.moved {
        Ok(m) => m,
        Err(why) => {
            let msg = if d.history_pending() {
                "Reading the forecast snapshots…".to_string()
            } else {
                format!("Nothing to compare yet: {why}.")
            };
            f.render_widget(
                Paragraph::new(Span::styled(msg, ctx.theme.muted())).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
    };
    let w = area.width as usize;
    let several = m.waterfall.len() > 1;
    let long = w >= 70;
    let kind_w = if long { 16 } else { 9 };
    let effect_w = 9;
    let name_w = ((w.saturating_sub(kind_w + effect_w + 3)) * 2 / 5).max(8);
    let change_w = w.saturating_sub(kind_w + effect_w + name_w + 3);
    let len = rows::moved_len(d);
    let (start, end) = window(ctx.selected, len, area.height as usize);
    let mut lines = Vec::new();
    for i in start..end {
        let Some(row) = rows::moved_row(d, i) else {
            break;
        };
        let spans = match row {
            MovedRow::Step {
                currency,
                label,
                kind,
                amount,
                count,
            } => {
                let cur = d.cur(currency);
                let label = match (kind, long) {
                    (Some(k), false) => kind_short(k),
                    _ => label,
                };
                let text = match count {
                    Some(n) => format!("{label} ({n})"),
                    None => label.to_string(),
                };
                let text = if several {
                    format!("{text}, {currency}")
                } else {
                    text
                };
                let value = if kind.is_some() {
                    signed(amount, &cur)
                } else {
                    amount.compact(&cur)
                };
                let style = if kind.is_none() {
                    ctx.theme.column_header()
                } else {
                    ratatui::style::Style::default()
                };
                vec![Span::styled(
                    cell(
                        &format!("  {text}"),
                        &format!("  {text}"),
                        &value,
                        w.min(48),
                    ),
                    style,
                )]
            }
            MovedRow::Move(mv) => {
                let cur = d.cur(&mv.currency);
                let (_, name) = m.name_of(mv.renewal_id);
                let kind = if long {
                    mv.kind.label()
                } else {
                    kind_short(mv.kind)
                };
                let change = format!("{} → {}", inert(&mv.before), inert(&mv.after));
                let effect = signed(mv.effect, &cur);
                vec![Span::raw(format!(
                    "{:<kind_w$} {:<name_w$} {:<change_w$} {:>effect_w$}",
                    kind,
                    fit(&inert(&name), name_w),
                    fit(&change, change_w),
                    effect
                ))]
            }
        };
        lines.push(row_line(ctx, i, spans));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Nothing moved since {}.", m.since),
            ctx.theme.muted(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
