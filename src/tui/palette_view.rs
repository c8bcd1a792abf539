//! Drawing the go-to palette, with matched letters highlighted.

use super::app::App;
use super::layout::centered;
use super::palette::Palette;
use crate::domain::text::inert;
use crate::fuzzy;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(app: &App, p: &Palette, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let r = centered(area, 70, area.height.saturating_sub(4).clamp(5, 20));
    f.render_widget(Clear, r);
    let names = &app.names.list;
    // A large book's names may still be on their way; a broad query in one stops
    // at the first matches (see `fuzzy::ENOUGH`) and says so.
    let title = if app.names.reading() && names.is_empty() {
        " Go to account — reading names… ".to_string()
    } else if !p.matcher.complete() {
        format!(" Go to account — first {} of many matches ", p.len())
    } else {
        format!(" Go to account — {} of {} ", p.len(), names.len())
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("> ", t.key()),
            Span::raw(inert(&p.input).into_owned()),
            Span::raw("█"),
        ])),
        input,
    );
    let rows = list.height as usize;
    // Only the visible window is turned into lines; positions are computed only for it.
    let start = p.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::with_capacity(rows);
    for i in (start..p.len()).take(rows) {
        let Some(entry) = p.entry(i) else { break };
        let selected = i == p.selected;
        let index = match entry {
            super::palette::Entry::Name(index) => index,
            super::palette::Entry::Found(k) => {
                // Found in a contact or a note: the account, then where and the text.
                let hit = &p.also[k];
                let sel = if selected {
                    t.selected()
                } else {
                    Default::default()
                };
                let (a, b) = (hit.matched.start, hit.matched.end);
                let s = &hit.snippet;
                lines.push(Line::from(vec![
                    Span::styled(if selected { "▶ " } else { "  " }, t.key()),
                    Span::styled(inert(&hit.account_name).into_owned(), sel),
                    Span::styled(format!("  {}: ", hit.field.label()), t.muted()),
                    Span::raw(s.get(..a).unwrap_or("").to_string()),
                    Span::styled(s.get(a..b).unwrap_or("").to_string(), t.matched()),
                    Span::raw(s.get(b..).unwrap_or("").to_string()),
                ]));
                continue;
            }
        };
        let name = names.name(index);
        let marks = fuzzy::positions(name, &p.input);
        let shown = inert(name);
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, t.key())];
        for (ci, ch) in shown.chars().enumerate() {
            let mut style = if marks.contains(&ci) {
                t.matched()
            } else {
                ratatui::style::Style::default()
            };
            if selected {
                style = style.patch(t.selected());
            }
            spans.push(Span::styled(ch.to_string(), style));
        }
        spans.push(Span::styled(
            format!("  {}", inert(names.id(index))),
            t.muted(),
        ));
        lines.push(Line::from(spans));
    }
    if p.is_empty() {
        let say = if app.names.reading() && names.is_empty() {
            "  reading the book's account names…"
        } else {
            "  no account matches — Backspace to widen, Esc to close"
        };
        lines.push(Line::from(Span::styled(say, t.muted())));
    }
    f.render_widget(Paragraph::new(lines), list);
}
