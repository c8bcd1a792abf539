//! The stakeholder map: their people by role on the left, our threads on the right,
//! the tie between them drawn as a line or a cross; the selected person's details on
//! the last line when there is room. Zoomed, the selected person's every field shows
//! in full below the list, so what a narrow row cuts (a long role, the tie, the
//! title, the e-mail) can always be read.

use super::AccountPane;
use crate::domain::account_view::AccountDetail;
use crate::domain::book::Stakeholder;
use crate::domain::coverage::{self, engaged};
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment};
use crate::domain::text::inert;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub(super) fn render(
    pane: &AccountPane,
    d: &AccountDetail,
    t: &Theme,
    f: &mut Frame,
    area: Rect,
    focused: bool,
    zoom: bool,
) {
    let mut block = Block::default().borders(Borders::ALL).title(format!(
        " {}Their people ({}) ─── our threads ",
        if focused { "▸" } else { "" },
        d.stakeholders.len()
    ));
    if focused {
        block = block.border_style(t.key().add_modifier(Modifier::BOLD));
    }
    let mut inner = block.inner(area);
    f.render_widget(block, area);
    if zoom && let Some(s) = d.stakeholders.get(pane.sel) {
        let card = card(s, pane, t);
        let w = inner.width.max(1) as usize;
        let card_h: u16 = card
            .iter()
            .map(|l| l.width().div_ceil(w).max(1) as u16)
            .sum();
        // The list keeps at least one row; a blank line sets the card apart when
        // there is room for it.
        let room = inner.height.saturating_sub(1);
        let gap = u16::from(card_h < room);
        let [list, _, card_area] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(gap),
            Constraint::Length(card_h.min(room - gap)),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(card).wrap(Wrap { trim: false }), card_area);
        inner = list;
    }
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
        let contact = contact(s, pane);
        let (glyph, tie, tie_style) = tie(s, pane, t);
        let tie = format!("{glyph}{tie}");
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
        && !zoom
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

/// Every field of person `s`, uncut (the paragraph wraps it).
fn card(s: &Stakeholder, pane: &AccountPane, t: &Theme) -> Vec<Line<'static>> {
    let or = |v: &Option<String>, none: &str| {
        v.as_deref()
            .map_or_else(|| none.to_string(), |x| inert(x).into_owned())
    };
    let (_, tie, _) = tie(s, pane, t);
    vec![
        Line::from(vec![
            Span::styled(inert(&s.name).into_owned(), t.title()),
            Span::raw(format!(
                " · {} · {}",
                s.role.map(|r| r.label()).unwrap_or("no role"),
                or(&s.title, "no title")
            )),
        ]),
        Line::from(format!(
            "{} · last contact {} · {}",
            s.sentiment.label(),
            contact(s, pane),
            tie
        )),
        Line::from(format!(
            "Cares about: {}",
            s.role.map(|r| r.cares_about()).unwrap_or("role unknown")
        )),
        Line::from(format!(
            "E-mail: {} · our contact: {}",
            or(&s.email, "none"),
            or(&s.our_contact, "none")
        )),
    ]
}

/// Days since the last contact, "STALE" past `[stakeholders] stale_contact_days`.
fn contact(s: &Stakeholder, pane: &AccountPane) -> String {
    match coverage::days_since_contact(s, pane.today) {
        Some(n) if coverage::is_stale(s, pane.today, pane.stale_days) => format!("{n}d STALE"),
        Some(n) => format!("{n}d"),
        None if s.status == ContactStatus::Active => "never".into(),
        None => "—".into(),
    }
}

/// The tie to our side: a line to our thread, or a cross and why there is none.
/// Returns the glyph, the words and their style.
fn tie(s: &Stakeholder, pane: &AccountPane, t: &Theme) -> (&'static str, String, Style) {
    match s.status {
        ContactStatus::Active if engaged(s, pane.today, pane.stale_days) => (
            "──── ",
            inert(&coverage::tie(s, pane.today)).into_owned(),
            Style::default(),
        ),
        ContactStatus::Active => (
            " ╳   ",
            format!(
                "no thread (usually {})",
                coverage::natural_thread(s.role.unwrap_or(Role::User)).label()
            ),
            t.warn(),
        ),
        status => (" ╳   ", status.label().to_uppercase(), t.alert()),
    }
}
