//! The save-plan and proposal panes as they stand in the foundation: they
//! show which account they are about and its key figures, and say what they will
//! hold. Each becomes a full pane of its own.

use crate::domain::text::inert;
use crate::tui::app::App;
use crate::tui::format;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn render(app: &App, f: &mut Frame, area: Rect, title: &str, will_show: &[&str]) {
    let t = &app.theme;
    let mut lines = Vec::new();
    let row = app.current_row();
    match row
        .map(|r| r.facts.account_name.as_str())
        .or(app.current_account_name())
    {
        Some(name) => {
            lines.push(Line::from(Span::styled(
                inert(name).into_owned(),
                t.title(),
            )));
            if let Some(r) = row {
                let cur = &app.cfg.book.cur(&r.facts.currency);
                lines.push(Line::from(format!(
                    "{} · ARR {} · renews {} ({}) · {} · health {} · priority {}",
                    r.segment.label(),
                    r.facts.arr.format(cur),
                    r.facts
                        .renewal_date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "no date".into()),
                    format::days_left(r.days_left),
                    r.facts.stage.label(),
                    format::health(r),
                    r.priority
                )));
                lines.push(Line::from(format!(
                    "Next step: {}   {}",
                    format::next_step(r, app.today),
                    format::flags(r, usize::MAX)
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    "No open renewal in the queue window.",
                    t.muted(),
                )));
            }
        }
        None => lines.push(Line::from(Span::styled(
            "No account chosen: Enter on a queue row, or Ctrl-P to find one.",
            t.muted(),
        ))),
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "This pane will show:",
        t.column_header(),
    )));
    for w in will_show {
        lines.push(Line::from(format!("  • {w}")));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

pub fn render_save(app: &App, f: &mut Frame, area: Rect) {
    render(
        app,
        f,
        area,
        "Save plan",
        &[
            "worth saving? save probability, account value, effort and time mode",
            "the plan: problem, root cause, fix, owner, deadline, success metric",
            "concessions checked against the approval matrix",
            "closing the save as saved or lost, with what was learned",
        ],
    );
}

pub fn render_proposal(app: &App, f: &mut Frame, area: Rect) {
    render(
        app,
        f,
        area,
        "Proposal",
        &[
            "good / better / best options priced by the multi-year and bundling rules",
            "the approval each discount needs, before the customer sees it",
            "a customer-ready document in Markdown, HTML or plain text",
        ],
    );
}
