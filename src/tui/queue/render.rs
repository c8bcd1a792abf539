//! Drawing the renewal queue: the window's open renewals in priority order. Only the
//! rows on screen are turned into widgets, so a frame costs the same at any book size.

use super::QueuePane;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::queue_fields::QueueFields;
use crate::domain::text::inert;
use crate::tui::format::{self, fit};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

/// What drawing the queue reads besides the pane.
pub struct RenderCx<'a> {
    pub theme: &'a Theme,
    pub cfg: &'a Config,
    pub today: Date,
    pub currency: &'a str,
    /// A whole-window read is under way (the figures are the last read's).
    pub loading: bool,
}

/// The queue's columns (their index is what the cell code matches on).
const COLUMNS: &[(&str, u16)] = &[
    ("Days", 11),
    ("Pri", 3),
    ("Health", 11),
    ("Stage", 13),
    ("ARR→target", 13),
    ("Flags", 14),
    ("Next step", 22),
    ("Seg", 4),
    ("Owner", 14),
    ("Prob", 4),
    ("Sig", 3),
    ("Lead", 5),
];
/// The order columns are kept in as the window narrows: days left, priority, health,
/// flags, stage, value, next step, then the rest. Account and days left always show;
/// at 80 columns that is account, days, health, flags, stage and priority.
const KEEP_ORDER: [usize; 12] = [0, 1, 2, 5, 3, 4, 6, 11, 7, 8, 9, 10];
const ACCOUNT_MIN: u16 = 18;

pub fn render(f: &mut Frame, area: Rect, q: &QueuePane, cx: &RenderCx) {
    let t = cx.theme;
    if q.order.is_empty() && q.filters.is_default() {
        return render_empty(q, cx, f, area);
    }
    let [summary, filters, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    render_summary(q, cx, f, summary);
    render_filter_line(q, cx, f, filters);
    if q.agenda {
        return render_agenda(q, cx, f, table);
    }
    if q.view.is_empty() {
        let msg = "Nothing matches these filters — Esc clears them.";
        f.render_widget(Paragraph::new(Span::styled(msg, t.muted())), table);
        return;
    }
    render_table(q, cx, f, table);
}

fn render_empty(q: &QueuePane, cx: &RenderCx, f: &mut Frame, area: Rect) {
    let t = cx.theme;
    let empty = q.book_empty;
    let text = if empty {
        vec![
            Line::from(Span::styled("This book is empty.", t.title())),
            Line::from(""),
            Line::from("Bring your CRM export:           :import accounts FILE"),
            Line::from("  then stakeholders and signals the same way; --dry-run checks first"),
            Line::from("Explore with a demo book:        runway --demo"),
            Line::from("Write the demo into a file:     runway demo --db PATH"),
            Line::from("Then open it:                   runway --db PATH"),
        ]
    } else {
        let w = q
            .window
            .map(|w| format!("the next {w} days"))
            .unwrap_or_else(|| "this book".into());
        vec![Line::from(format!(
            "No open renewals in {w} — nothing needs you here. W widens the window."
        ))]
    };
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
}

fn render_summary(q: &QueuePane, cx: &RenderCx, f: &mut Frame, area: Rect) {
    let t = cx.theme;
    let s = &q.summary;
    let cur = cx.currency;
    let style = cx.cfg.book.number_style();
    let risk: Vec<String> = crate::domain::segment::Segment::ALL
        .iter()
        .zip(s.at_risk_arr.iter())
        .filter(|(_, m)| !m.is_zero())
        .map(|(seg, m)| format!("{} {}", seg.tag(), m.compact(style, cur)))
        .collect();
    let mut all_risk = crate::domain::money::Totals::default();
    for m in &s.at_risk_arr {
        for (code, v) in &m.0 {
            all_risk.add(code, *v);
        }
    }
    let window = q
        .window
        .map(|w| format!("{w}d"))
        .unwrap_or_else(|| "all".into());
    let in_window = s.renewals - s.beyond_window;
    // Rows past the window are counted apart: "20 in 30 days + 7 with steps due".
    let (count, count_short) = match q.window {
        Some(w) if s.beyond_window > 0 => (
            format!(
                "{in_window} in {w} days + {} with steps due",
                s.beyond_window
            ),
            format!("{in_window} in {w}d +{} due", s.beyond_window),
        ),
        Some(w) => (
            format!("{} in {w} days", s.renewals),
            format!("{} in {w}d", s.renewals),
        ),
        None => (
            crate::io::text::count(s.renewals, "renewal", "renewals"),
            s.renewals.to_string(),
        ),
    };
    let fx = crate::io::text::fx_note(&s.arr, cx.cfg, cur)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let risk_long = if risk.is_empty() {
        "at risk none".to_string()
    } else {
        format!("at risk {}", risk.join(" "))
    };
    let risk_short = if risk.is_empty() {
        "risk none".to_string()
    } else {
        format!("risk {}", all_risk.compact(style, cur))
    };
    // A large book's first screen, or a refresh under way, says so first.
    let (count, count_short) = if q.provisional {
        (
            format!("first {} by date — reading the whole window…", s.renewals),
            format!("first {} by date…", s.renewals),
        )
    } else if cx.loading {
        // The figures below are the last window's until the new read lands.
        (
            "refreshing — figures as last read…".to_string(),
            "refreshing…".to_string(),
        )
    } else {
        (count, count_short)
    };
    let parts = SummaryParts {
        count: (count, count_short),
        arr: format!("{} ARR{fx}", s.arr.compact(style, cur)),
        forecast: (
            format!("forecast {}", s.weighted.compact(style, cur)),
            format!("fcst {}", s.weighted.compact(style, cur)),
        ),
        window: format!("window {window}"),
        risk: (risk_long, risk_short),
        behind: (format!("{} behind", s.behind), format!("{} BHD", s.behind)),
        stalled: (
            format!("{} stalled", s.stalled),
            format!("{} STL", s.stalled),
        ),
    };
    let fitted = parts.fit(area.width.saturating_sub(1) as usize);
    let mut spans = Vec::new();
    for (i, (text, kind)) in fitted.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        let style = match kind {
            Part::Count => t.title(),
            Part::Risk => t.alert(),
            Part::Plain => Style::default(),
        };
        spans.push(Span::styled(text, style));
    }
    spans.insert(0, Span::raw(" "));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[derive(Clone, Copy)]
enum Part {
    Count,
    Risk,
    Plain,
}

/// The summary line's figures, each with a long and a short form.
struct SummaryParts {
    count: (String, String),
    arr: String,
    forecast: (String, String),
    window: String,
    risk: (String, String),
    behind: (String, String),
    stalled: (String, String),
}

impl SummaryParts {
    /// The figures as they fit `width`: first the window (the count says it) goes,
    /// then figures take their short forms one by one, then the least needed go —
    /// never a word cut in half.
    fn fit(&self, width: usize) -> Vec<(String, Part)> {
        // Steps, from roomiest to tightest: (short count, short forecast, short risk,
        // short behind/stalled, show window, show ARR).
        let steps: [(bool, bool, bool, bool, bool, bool); 7] = [
            (false, false, false, false, true, true),
            (false, false, false, false, false, true),
            (false, false, true, false, false, true),
            (false, true, true, false, false, true),
            (true, true, true, false, false, true),
            (true, true, true, true, false, true),
            (true, true, true, true, false, false),
        ];
        let pick =
            |(a, b): &(String, String), short: bool| if short { b.clone() } else { a.clone() };
        let mut last = Vec::new();
        for (sc, sf, sr, sb, win, arr) in steps {
            let mut v = vec![(pick(&self.count, sc), Part::Count)];
            if arr {
                v.push((self.arr.clone(), Part::Plain));
            }
            v.push((pick(&self.forecast, sf), Part::Plain));
            if win {
                v.push((self.window.clone(), Part::Plain));
            }
            v.push((pick(&self.risk, sr), Part::Risk));
            v.push((pick(&self.behind, sb), Part::Plain));
            v.push((pick(&self.stalled, sb), Part::Plain));
            let w: usize = v.iter().map(|(s, _)| s.chars().count() + 3).sum::<usize>() - 3;
            if w <= width {
                return v;
            }
            last = v;
        }
        // Still too wide (a very narrow window): drop whole figures from the end.
        while last.len() > 1
            && last
                .iter()
                .map(|(s, _)| s.chars().count() + 3)
                .sum::<usize>()
                - 3
                > width
        {
            last.pop();
        }
        last
    }
}

fn render_filter_line(q: &QueuePane, cx: &RenderCx, f: &mut Frame, area: Rect) {
    let t = cx.theme;
    let mut parts = q.filters.describe(&cx.cfg.user.name);
    if !q.text.is_empty() {
        parts.insert(0, format!("\"{}\"", inert(&q.text)));
    }
    if let Some(only) = &q.only {
        parts.insert(0, inert(&only.label).into_owned());
    }
    let mut spans = vec![Span::styled(" Filter: ", t.muted())];
    if parts.is_empty() {
        spans.push(Span::styled("none (snoozed hidden)", t.muted()));
    } else {
        spans.push(Span::styled(
            parts.join(" + "),
            t.warn().add_modifier(ratatui::style::Modifier::BOLD),
        ));
        spans.push(Span::styled("  Esc clears", t.muted()));
    }
    let dir = if q.reverse { "↑" } else { "↓" };
    spans.push(Span::styled(
        format!("  · sort {} {dir}", q.sort.label()),
        t.muted(),
    ));
    if !q.marked.is_empty() {
        spans.push(Span::styled(
            format!("  · {} marked", q.marked.len()),
            t.key(),
        ));
    }
    if q.agenda {
        spans.push(Span::styled("  · AGENDA (t closes)", t.key()));
    }
    // Why the selected row matched, when the text found it in a contact or a note.
    if let Some(hit) = q
        .selected_row()
        .and_then(|i| q.found.get(q.row(i).account_id()))
    {
        spans.push(Span::styled(
            format!("  · {}: ", hit.field.label()),
            t.muted(),
        ));
        let (a, b) = (hit.matched.start, hit.matched.end);
        let snip = &hit.snippet;
        spans.push(Span::raw(snip.get(..a).unwrap_or("").to_string()));
        spans.push(Span::styled(
            snip.get(a..b).unwrap_or("").to_string(),
            t.matched(),
        ));
        spans.push(Span::raw(snip.get(b..).unwrap_or("").to_string()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_agenda(q: &QueuePane, cx: &RenderCx, f: &mut Frame, area: Rect) {
    let t = cx.theme;
    let items = &q.agenda_items;
    if items.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(
                " Nothing due or overdue today in this window. ",
                t.good(),
            )),
            area,
        );
        return;
    }
    let visible = area.height as usize;
    let mut lines = Vec::with_capacity(visible);
    let mut last_row = None;
    for (i, item) in items.iter().enumerate().skip(q.offset).take(visible) {
        let name = if last_row != Some(item.row) {
            inert(q.row(item.row).account_name()).into_owned()
        } else {
            String::new()
        };
        last_row = Some(item.row);
        let marker = if i == q.selected { "▶" } else { " " };
        let overdue = item.due < cx.today;
        let style = if i == q.selected {
            t.selected()
        } else if overdue {
            t.warn()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, t.key()),
            Span::styled(format!("{:<24} ", fit(&name, 24)), t.title()),
            Span::styled(
                fit(&item.text, area.width.saturating_sub(26) as usize),
                style,
            ),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn render_table(q: &QueuePane, cx: &RenderCx, f: &mut Frame, area: Rect) {
    let t = cx.theme;
    let mut used = ACCOUNT_MIN + 2;
    let mut cols: Vec<(usize, u16)> = Vec::new();
    // Most important first; a column that does not fit is skipped and a narrower,
    // less important one may still take the space. Days left (0) is always kept.
    // Who leads is only worth a column when the ownership model hands renewals over.
    let lead_matters = !matches!(cx.cfg.ownership.model.as_str(), "" | "csm");
    for i in KEEP_ORDER {
        if i == 11 && !lead_matters {
            continue;
        }
        let w = COLUMNS[i].1;
        if used + w + 1 > area.width && i != 0 {
            continue;
        }
        used += w + 1;
        cols.push((i, w));
    }
    // Show columns in reading order: account, then the kept columns as laid out here.
    let order = [7usize, 4, 0, 2, 10, 3, 6, 8, 11, 9, 5, 1];
    let mut shown: Vec<(usize, u16)> = order
        .iter()
        .filter_map(|i| cols.iter().find(|(c, _)| c == i).copied())
        .collect();
    shown.dedup();
    let account_w = area
        .width
        .saturating_sub(shown.iter().map(|(_, w)| w + 1).sum::<u16>() + 2)
        .max(8);

    let mut widths = vec![Constraint::Length(account_w)];
    widths.extend(shown.iter().map(|(_, w)| Constraint::Length(*w)));
    let mut header = vec![Cell::from("Account")];
    header.extend(shown.iter().map(|(i, _)| Cell::from(COLUMNS[*i].0)));

    let visible = area.height.saturating_sub(1) as usize;
    let rows = q.view.iter().skip(q.offset).take(visible).map(|&i| {
        let packed = q.row(i);
        let mark = if q.marked.contains(&packed.renewal_id()) {
            "✓ "
        } else {
            ""
        };
        let name = format!("{mark}{}", inert(packed.account_name()));
        let mut cells = vec![Cell::from(fit(&name, account_w as usize))];
        // The host reads the screen's full rows before each frame; one not read yet
        // (a renewal closed meanwhile) shows its name and days only.
        let Some(r) = q.full_row(i) else {
            cells.push(Cell::from(format::days_left(packed.days_left())));
            return Row::new(cells);
        };
        for (i, w) in &shown {
            let w = *w as usize;
            let (text, style) = match *i {
                0 => (
                    format::days_left(r.days_left),
                    if r.days_left.is_some_and(|d| d < 0) {
                        t.alert()
                    } else {
                        Style::default()
                    },
                ),
                1 => (r.priority.to_string(), Style::default()),
                2 => (
                    format::health(r),
                    if r.band == Some(crate::domain::health::HealthBand::Red) {
                        t.alert()
                    } else {
                        Style::default()
                    },
                ),
                3 => (r.facts.stage.label().to_string(), Style::default()),
                4 => (
                    // Each row in its own currency, in the book's number style.
                    match (r.facts.target, cx.cfg.book.cur(&r.facts.currency)) {
                        (Some(t), cur) if t != r.facts.arr => {
                            format!("{}→{}", r.facts.arr.compact(&cur), t.compact(&cur))
                        }
                        (_, cur) => r.facts.arr.compact(&cur),
                    },
                    Style::default(),
                ),
                5 => (
                    format::flags(r, w),
                    if r.at_risk { t.alert() } else { t.warn() },
                ),
                6 => (
                    format::next_step(r, cx.today),
                    if r.next_milestone.as_ref().is_some_and(|m| m.overdue) {
                        t.warn()
                    } else {
                        Style::default()
                    },
                ),
                7 => (
                    format!(
                        "{}{}",
                        r.segment.tag(),
                        if r.facts.segment_override.is_some() {
                            "*"
                        } else {
                            ""
                        }
                    ),
                    Style::default(),
                ),
                8 => (
                    r.facts
                        .owner
                        .as_deref()
                        .map(|o| inert(o).into_owned())
                        .unwrap_or_else(|| "unassigned".into()),
                    Style::default(),
                ),
                9 => (format!("{}%", r.probability), Style::default()),
                // Kinds of risk the data shows, not signal rows: three notes about
                // one budget freeze are one risk.
                10 => (r.derived_kinds.count_ones().to_string(), Style::default()),
                _ => (r.lead.short().to_string(), Style::default()),
            };
            cells.push(Cell::from(Span::styled(fit(&text, w), style)));
        }
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.column_header()))
        .row_highlight_style(t.selected())
        .highlight_symbol("▶")
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(q.selected.saturating_sub(q.offset)));
    f.render_stateful_widget(table, area, &mut state);
}
