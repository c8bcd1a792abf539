//! The proposal pane: Good / Better / Best side by side with every year's price, the
//! rules' warnings, and where the proposal stands. Prices are recomputed from the
//! draft on every frame (pure arithmetic, microseconds).

use super::ProposalPane;
use crate::domain::config::Config;
use crate::domain::proposal::Expansion;
use crate::domain::proposal_rules::TierName;
use crate::domain::text::inert;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

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
    let (prices, warnings) = p.priced(cfg);
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
    let head = vec![
        Line::from(vec![
            Span::styled(inert(&p.account_name).into_owned(), t.title()),
            Span::styled(format!("  {}", inert(&p.account_id)), t.muted()),
        ]),
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
    // The Rules box grows to hold every warning as wrapped (leaving the options
    // table its minimum); what still does not fit is counted in the title, and `w`
    // shows them all in full.
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let rows_of = |w: &String| {
        use unicode_width::UnicodeWidthStr;
        (w.width() + 2).div_ceil(inner_w).max(1) as u16
    };
    let needed: u16 = warnings.iter().map(rows_of).sum::<u16>().max(1) + 2;
    let room = area.height.saturating_sub(3 + 8).max(3);
    let warn_h = needed.min(room);
    let mut shown = 0;
    let mut used = 0;
    for w in &warnings {
        used += rows_of(w);
        if used + 2 > warn_h {
            break;
        }
        shown += 1;
    }
    let [h, table, warn] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(8),
        Constraint::Length(warn_h),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head), h);

    let label_w = 16usize;
    let col_w = (table.width as usize).saturating_sub(label_w + 2) / 3;
    let cell = |s: String| format!("{:<col_w$}", fit(&s, col_w.saturating_sub(1)));
    let mut lines = Vec::new();
    let mut header = vec![Span::raw(format!("{:<label_w$}", ""))];
    for (i, name) in TierName::ALL.iter().enumerate() {
        let rec = if *name == p.draft.recommended {
            " ★ recommended"
        } else {
            ""
        };
        let text = cell(format!(
            "{}{}{rec}",
            if i == p.tier { "▶ " } else { "  " },
            name.label()
        ));
        header.push(Span::styled(
            text,
            if i == p.tier {
                t.selected()
            } else {
                t.column_header()
            },
        ));
    }
    lines.push(Line::from(header));
    let mut row = |label: &str, f: &dyn Fn(usize) -> String| {
        let mut spans = vec![Span::styled(format!("{label:<label_w$}"), t.muted())];
        for i in 0..3 {
            spans.push(Span::raw(cell(f(i))));
        }
        lines.push(Line::from(spans));
    };
    row("Adds", &|i| match p.draft.tiers[i].expansion {
        Expansion::None => "renewal only".into(),
        Expansion::Percent(bp) => format!("+{}% of ARR", bp as f64 / 100.0),
        Expansion::Units { units, unit_price } => {
            format!("+{units} seats × {}", unit_price.compact(cur))
        }
    });
    row("Term", &|i| {
        format!(
            "{} yr · {}",
            p.draft.tiers[i].term_years,
            p.draft.tiers[i].pricing.label()
        )
    });
    row("First year", &|i| prices[i].annual[0].format(cur));
    row("Each year", &|i| {
        prices[i]
            .annual
            .iter()
            .map(|m| m.compact(cur))
            .collect::<Vec<_>>()
            .join(" / ")
    });
    row("Contract value", &|i| {
        prices[i].total_contract_value.format(cur)
    });
    row("Discount", &|i| {
        if prices[i].discount_bp == 0 {
            "—".into()
        } else {
            format!("{}%", prices[i].discount_bp as f64 / 100.0)
        }
    });
    row("Approval", &|i| {
        prices[i].required_approver.label().to_string()
    });
    row("vs Good", &|i| {
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
    });
    row("Per seat", &|i| {
        prices[i]
            .effective_unit_price
            .map(|m| m.format(cur))
            .unwrap_or_else(|| "— (seats today unknown)".into())
    });
    row(
        "Flexibility",
        &|i| match crate::domain::proposal::clause_texts(p.draft.tiers[i].clauses).len() {
            0 => "—".into(),
            4 => "true-ups, add-ons, off-ramp, renegotiation".into(),
            n => format!("{n} clauses"),
        },
    );
    row("Overage", &|i| {
        if prices[i].overage.0 == 0 {
            "—".into()
        } else {
            format!("~{} as used", prices[i].overage.compact(cur))
        }
    });
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP)),
        table,
    );

    let mut wl: Vec<Line> = warnings
        .iter()
        .map(|w| Line::from(Span::styled(format!("! {w}"), t.warn())))
        .collect();
    if wl.is_empty() {
        wl.push(Line::from(Span::styled("✓ no rule warnings", t.good())));
    }
    f.render_widget(
        Paragraph::new(wl).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(if shown < warnings.len() {
                    format!(" Rules — {shown} of {} shown · w: all ", warnings.len())
                } else {
                    " Rules · w: all ".to_string()
                }),
        ),
        warn,
    );
}
