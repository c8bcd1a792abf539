//! The stakeholder map: their people by role on the left, our threads on the right,
//! the tie between them drawn as a line or a cross; the selected person's details on
//! the last line.

use super::AccountPane;
use crate::domain::account_view::AccountDetail;
use crate::domain::coverage::{self, engaged};
use crate::domain::stakeholder::{ContactStatus, Sentiment};
use crate::domain::text::inert;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub(super) fn render(
    pane: &AccountPane,
    d: &AccountDetail,
    t: &Theme,
    f: &mut Frame,
    area: Rect,
    focused: bool,
) {
    let (today, stale_days) = (pane.today, pane.stale_days);
    let mut block = Block::default().borders(Borders::ALL).title(format!(
        " {}Their people ({}) ─── our threads ",
        if focused { "▸" } else { "" },
        d.stakeholders.len()
    ));
    if focused {
        block = block.border_style(t.key().add_modifier(Modifier::BOLD));
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let name_w = w.saturating_sub(52).clamp(10, 22);
    let mut lines = Vec::new();
    if d.stakeholders.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nobody recorded on their side — a to add someone.",
            t.alert(),
        )));
    }
    let visible = inner.height as usize;
    let start = pane.sel.saturating_sub(visible.saturating_sub(1));
    for (i, s) in d.stakeholders.iter().enumerate().skip(start).take(visible) {
        let selected = i == pane.sel;
        let role = s.role.map(|r| r.label()).unwrap_or("no role");
        let sent = match s.sentiment {
            Sentiment::Supporter => "+",
            Sentiment::Neutral => "~",
            Sentiment::Detractor => "−",
        };
        let contact = match coverage::days_since_contact(s, today) {
            Some(n) if coverage::is_stale(s, today, stale_days) => format!("{n}d STALE"),
            Some(n) => format!("{n}d"),
            None if s.status == ContactStatus::Active => "never".into(),
            None => "—".into(),
        };
        let (tie, tie_style) = match (s.status, s.our_thread) {
            (ContactStatus::Active, _) if engaged(s, today, stale_days) => (
                format!("──── {}", inert(&coverage::tie(s, today))),
                Style::default(),
            ),
            (ContactStatus::Active, _) => (
                format!(
                    " ╳   no thread (usually {})",
                    coverage::natural_thread(
                        s.role.unwrap_or(crate::domain::stakeholder::Role::User)
                    )
                    .label()
                ),
                t.warn(),
            ),
            (status, _) => (format!(" ╳   {}", status.label().to_uppercase()), t.alert()),
        };
        let marker = if selected { "▶" } else { " " };
        let base = if selected {
            t.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, t.key()),
            Span::styled(format!("{:<16}", fit(role, 16)), base),
            Span::styled(
                format!("{:<name_w$} ", fit(&inert(&s.name), name_w)),
                base.add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("{sent} {:<9} ", fit(&contact, 9)), base),
            Span::styled(fit(&tie, w.saturating_sub(name_w + 30)), tie_style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some(s) = d.stakeholders.get(pane.sel)
        && inner.height as usize > d.stakeholders.len() + 1
    {
        let y = inner.y + inner.height - 1;
        let detail = format!(
            "{} · {} · {} · {}",
            s.title
                .as_deref()
                .map(|x| inert(x).into_owned())
                .unwrap_or_else(|| "no title".into()),
            s.sentiment.label(),
            s.role.map(|r| r.cares_about()).unwrap_or("role unknown"),
            s.email
                .as_deref()
                .map(|x| inert(x).into_owned())
                .unwrap_or_default()
        );
        f.render_widget(
            Paragraph::new(Span::styled(fit(&detail, inner.width as usize), t.muted())),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
    }
}
