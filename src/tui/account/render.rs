//! Drawing the account pane: the header and health sparkline, then the five panels
//! (the stakeholder map is in `map`). Reads the state only.

use super::{ACTIVITY, AccountPane, COVERAGE, PEOPLE, PLAYBOOK, SIGNALS};
use crate::domain::account_view::AccountDetail;
use crate::domain::playbook::MilestoneStatus;
use crate::domain::text::inert;
use crate::tui::format::{self, fit};
use crate::tui::panel;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Wrap};

pub fn render(f: &mut Frame, area: Rect, s: &AccountPane, t: &Theme) {
    let Some(d) = &s.detail else {
        let msg = "No account open: Enter on a queue row, or Ctrl-P to find one by name.";
        f.render_widget(
            Paragraph::new(Span::styled(msg, t.muted())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let [head, rest] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    render_header(s, d, t, f, head);
    let p = &s.panels;
    if p.zoom {
        // One panel fills the pane; long lines wrap so a long note reads in full.
        draw_panel(s, d, t, f, rest, p.focus, true);
        return;
    }
    let wide = area.width >= 110;
    // Room for every person, plus the selected person's details on the last line.
    let map_h = (d.stakeholders.len() as u16 + 4).max(4);
    if wide {
        // The map and coverage never push the signals and the log off the pane.
        let top_h = map_h
            .max(d.coverage.warnings.len() as u16 * 2 + 2)
            .min(rest.height.saturating_sub(2 * MIN_PANEL).max(MIN_PANEL));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(rest);
        let [map, warn] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(top);
        draw_panel(s, d, t, f, map, PEOPLE, false);
        draw_panel(s, d, t, f, warn, COVERAGE, false);
        let [left, play] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        let sig_h = (signal_lines(d, t, usize::MAX).len() as u16 + 2)
            .clamp(MIN_PANEL, 10)
            .min(left.height.saturating_sub(MIN_PANEL).max(MIN_PANEL));
        let [sig, log] =
            Layout::vertical([Constraint::Length(sig_h), Constraint::Min(0)]).areas(left);
        draw_panel(s, d, t, f, sig, SIGNALS, false);
        draw_panel(s, d, t, f, log, ACTIVITY, false);
        draw_panel(s, d, t, f, play, PLAYBOOK, false);
    } else {
        let (map_h, warn_h) = narrow_heights(
            map_h.min(10),
            (d.coverage.warnings.len() as u16 * 2 + 3).min(7),
            rest.height,
        );
        let [map, warn, bottom] = Layout::vertical([
            Constraint::Length(map_h),
            Constraint::Length(warn_h),
            Constraint::Min(0),
        ])
        .areas(rest);
        draw_panel(s, d, t, f, map, PEOPLE, false);
        draw_panel(s, d, t, f, warn, COVERAGE, false);
        let [sig, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(bottom);
        draw_panel(s, d, t, f, sig, SIGNALS, false);
        // Narrow: the activity log shares the playbook's place and shows while it
        // has focus (Tab reaches it; the playbook's title says so).
        let shown = if p.focus == ACTIVITY {
            ACTIVITY
        } else {
            PLAYBOOK
        };
        draw_panel(s, d, t, f, right, shown, false);
    }
}

/// Rows of a panel showing its title and one line: every panel keeps at least this,
/// so Tab never moves to a panel that is not on screen.
const MIN_PANEL: u16 = 3;

/// Narrow, the map and coverage stack above the signals and playbook. When they
/// would leave the bottom row less than `MIN_PANEL`, coverage gives way first (it
/// scrolls), then the map (it scrolls with the selection). Returns (map, coverage).
pub(super) fn narrow_heights(map: u16, warn: u16, height: u16) -> (u16, u16) {
    let over = (map + warn + MIN_PANEL).saturating_sub(height);
    let from_warn = over.min(warn.saturating_sub(MIN_PANEL));
    let from_map = (over - from_warn).min(map.saturating_sub(MIN_PANEL));
    (map - from_map, warn - from_warn)
}

fn draw_panel(
    s: &AccountPane,
    d: &AccountDetail,
    t: &Theme,
    f: &mut Frame,
    area: Rect,
    which: usize,
    zoom: bool,
) {
    let p = &s.panels;
    let focused = p.is_focused(which);
    let scroll = p.scroll.get(which).copied().unwrap_or(0);
    let w = area.width.saturating_sub(2) as usize;
    // Zoomed panels wrap instead of cutting: the whole text of every line.
    let cut = if zoom { usize::MAX } else { w };
    let (title, lines) = match which {
        PEOPLE => return super::map::render(s, d, t, f, area, focused, zoom),
        COVERAGE => (coverage_title(d), coverage_lines(d, t)),
        // Room for the title: between the border's corners, less the focus mark.
        SIGNALS => (
            signals_title(d, t, w.saturating_sub(usize::from(focused))),
            signal_lines(d, t, cut),
        ),
        ACTIVITY => (
            Line::from(format!(
                " Recent activity: {} ",
                crate::io::text::count(s.log.len(), "entry", "entries")
            )),
            activity_lines(&s.log, cut),
        ),
        _ => {
            let narrow_hint = if area.width < 60 && !zoom {
                " (Tab: activity)"
            } else {
                ""
            };
            (
                Line::from(format!(" Playbook{narrow_hint} ")),
                playbook_lines(d, t, w),
            )
        }
    };
    let view = panel::View {
        title,
        lines,
        scroll,
        focused,
        wrap: zoom || which == COVERAGE,
    };
    panel::draw(f, area, view, t);
}

fn render_header(s: &AccountPane, d: &AccountDetail, t: &Theme, f: &mut Frame, area: Rect) {
    let cur = &s.cur;
    let a = &d.account;
    let mut l1 = vec![
        Span::styled(inert(&a.name).into_owned(), t.title()),
        Span::styled(format!("  {}", inert(&a.id)), t.muted()),
    ];
    let mut l2 = Vec::new();
    let mut l3 = Vec::new();
    let mut l4 = Vec::new();
    match &d.row {
        Some(r) => {
            let fc = &r.facts;
            let seg = match fc.segment_override {
                Some(o) => format!(
                    "{} (override; computed {}: {})",
                    o.label(),
                    r.computed_segment.label(),
                    a.segment_override_reason
                        .as_deref()
                        .map(|x| inert(x).into_owned())
                        .unwrap_or_default()
                ),
                None => r.segment.label().to_string(),
            };
            l1.push(Span::raw(format!("  · {seg}")));
            let target = fc
                .target
                .filter(|x| *x != fc.arr)
                .map(|x| format!(" → {}", x.format(cur)))
                .unwrap_or_default();
            let date = fc
                .renewal_date
                .map(|x| x.to_string())
                .unwrap_or_else(|| "no date".into());
            l2.push(Span::raw(format!(
                "ARR {}{target} · renews {date} ({}) · ",
                fc.arr.format(cur),
                format::days_left(r.days_left)
            )));
            l2.push(Span::styled(
                fc.stage.label().to_string(),
                Style::default().add_modifier(Modifier::BOLD),
            ));
            l2.push(Span::raw(format!(" · forecast {}%", r.probability)));
            l3.push(Span::raw(format!(
                "{} · {} touch · {}",
                fc.owner
                    .as_deref()
                    .map(|o| inert(o).into_owned())
                    .unwrap_or_else(|| "unassigned".into()),
                fc.touch_model.label(),
                fc.opportunity_type.label(),
            )));
            l4.push(Span::raw(format!("Health {}", format::health(r))));
            if r.bottom_quartile {
                l4.push(Span::styled(" · bottom quartile", t.warn()));
            }
            if let Some(why) = crate::domain::risk::at_risk_reason(&r.risk_facts()) {
                l4.push(Span::styled(format!(" · AT RISK: {why}"), t.alert()));
            }
        }
        None => l2.push(Span::styled("No open renewal.", t.muted())),
    }
    let since = a
        .customer_since
        .map(|x| format!("customer since {x}"))
        .unwrap_or_else(|| "customer since unknown".into());
    l3.push(Span::styled(format!(" · {since}"), t.muted()));
    if d.first_renewal {
        l3.push(Span::styled(" · FIRST RENEWAL", t.warn()));
    }
    let spark_w = if area.width >= 110 { 26 } else { 10 };
    let [text, spark] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(spark_w)]).areas(area);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(l1),
            Line::from(l2),
            Line::from(l3),
            Line::from(l4),
        ]),
        text,
    );
    let data: Vec<u64> = d.health.iter().map(|(_, s)| *s as u64).collect();
    let label = if spark_w > 12 {
        format!("health ×{}", data.len())
    } else {
        "health".to_string()
    };
    f.render_widget(
        Sparkline::default()
            .data(&data)
            .max(100)
            .style(t.good())
            .block(Block::default().borders(Borders::TOP).title(label)),
        spark,
    );
}

fn coverage_title(d: &AccountDetail) -> Line<'static> {
    Line::from(format!(
        " Coverage: {} ",
        crate::io::text::count(d.coverage.warnings.len(), "warning", "warnings")
    ))
}

fn coverage_lines(d: &AccountDetail, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if d.coverage.warnings.is_empty() {
        lines.push(Line::from(Span::styled(
            "✓ multi-threaded, buying roles reached, nobody stale",
            t.good(),
        )));
    }
    for w in &d.coverage.warnings {
        lines.push(Line::from(Span::styled(
            format!("! {}", inert(&w.text)),
            t.warn().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::from(Span::styled(
            format!("  → {}", w.next_step),
            t.muted(),
        )));
    }
    // How to run this renewal: when to start and the hours it deserves for its
    // segment, and what its health band asks of the CSM.
    if let Some(r) = &d.row {
        let (start, hours) = r.segment.guidance();
        lines.push(Line::from(Span::styled(
            format!("{}: start {start}; team time {hours}", r.segment.title()),
            t.muted(),
        )));
        if let Some(b) = r.band {
            lines.push(Line::from(Span::styled(
                format!("Health {}: {}", b.label(), b.approach()),
                t.muted(),
            )));
        }
    }
    let (good, why) = &d.multi_year;
    lines.push(Line::from(Span::styled(
        format!(
            "Multi-year: {} — {}",
            if *good {
                "good candidate"
            } else {
                "poor candidate"
            },
            why.join("; ")
        ),
        if *good { t.good() } else { t.muted() },
    )));
    lines
}

/// The signals panel's title, shortened to `room` columns until it fits, so the
/// call to action (a competitive signal means save mode) is never cut mid-word: the
/// resolved count goes first, then the call is said shorter, then the counts
/// ("Risk signals: 4 open + 2 derived" down to "Risk 4+2").
fn signals_title(d: &AccountDetail, t: &Theme, room: usize) -> Line<'static> {
    let open = d.signals.len();
    let kinds = d.row.as_ref().map_or(0, |r| r.risk_facts().kinds());
    // One signal may be noise; several kinds together are real risk; a competitive
    // signal means save mode at once — said in the title, in words, with the way in.
    let calls: [&str; 2] = if kinds & crate::domain::risk::SignalKind::Competitive.bit() != 0 {
        [" · COMPETITIVE: save mode (3 S)", " · COMPETITIVE (3 S)"]
    } else if kinds.count_ones() >= 2 {
        [
            " · several kinds together: real risk",
            " · several kinds: real risk",
        ]
    } else {
        ["", ""]
    };
    let derived = d.derived.len();
    let mut counts = if derived == 0 {
        format!(" Risk signals: {open} open")
    } else {
        format!(" Risk signals: {open} open + {derived} derived")
    };
    let brief = if derived == 0 {
        format!(" Risk {open}")
    } else {
        format!(" Risk {open}+{derived}")
    };
    let plain = counts.clone();
    if !d.resolved.is_empty() {
        counts.push_str(&format!(" · {} resolved", d.resolved.len()));
    }
    let (head, call) = [
        (&counts, calls[0]),
        (&plain, calls[0]),
        (&plain, calls[1]),
        (&brief, calls[0]),
        (&brief, calls[1]),
    ]
    .into_iter()
    .find(|(head, call)| head.chars().count() + call.chars().count() <= room)
    .unwrap_or((&brief, calls[1]));
    Line::from(vec![
        Span::raw(head.clone()),
        Span::styled(call, t.alert()),
        Span::raw(" "),
    ])
}

/// Derived signals first (the data says so, whatever has been logged), then the
/// logged open ones, then the resolved ones as history. Lines are cut to `w`.
fn signal_lines(d: &AccountDetail, t: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = d
        .derived
        .iter()
        .map(|s| {
            Line::from(Span::styled(
                fit(
                    &format!("derived {}: {}", s.kind.label(), inert(&s.text)),
                    w,
                ),
                t.warn(),
            ))
        })
        .collect();
    let line = |s: &crate::domain::book::Signal| {
        let value = s.value.map(|v| format!(" [{v}]")).unwrap_or_default();
        let note = s
            .note
            .as_deref()
            .map(|n| inert(n).into_owned())
            .unwrap_or_default();
        format!("{} {}{value}: {note}", s.observed_on, s.kind.label())
    };
    lines.extend(d.signals.iter().map(|s| Line::from(fit(&line(s), w))));
    lines.extend(d.resolved.iter().map(|s| {
        let when = s.resolved_on.map(|r| r.to_string()).unwrap_or_default();
        Line::from(Span::styled(
            fit(&format!("resolved {when}: {}", line(s)), w),
            t.muted(),
        ))
    }));
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("none open", t.muted())));
    }
    lines
}

fn playbook_lines(d: &AccountDetail, t: &Theme, inner_w: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for m in &d.milestones {
        let (word, style) = match m.status {
            MilestoneStatus::Done if d.done_before_import(m) => ("done before import", t.good()),
            MilestoneStatus::Done => ("done", t.good()),
            MilestoneStatus::Overdue => ("OVERDUE", t.alert()),
            MilestoneStatus::Due => ("due today", t.warn()),
            MilestoneStatus::Upcoming => ("upcoming", Style::default()),
        };
        let text = format!(
            "T-{:<3} {} {} ",
            m.def.offset,
            m.due,
            fit(m.def.name, inner_w.saturating_sub(28))
        );
        lines.push(Line::from(vec![Span::raw(text), Span::styled(word, style)]));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("no dated open renewal", t.muted())));
    }
    lines
}

fn activity_lines(log: &[(String, String, String)], w: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = log
        .iter()
        .map(|(at, kind, summary)| {
            Line::from(fit(
                &format!(
                    "{} {kind}: {}",
                    at.get(..10).unwrap_or(at),
                    inert(&summary.replace('\n', " ⏎ "))
                ),
                w,
            ))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(
            "nothing logged yet — c logs a call, e-mail, meeting or note",
        ));
    }
    lines
}
