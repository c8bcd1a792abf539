//! Drawing the save-plan pane: the account on one line, then three panels — the
//! assessment (with the book's save metrics last), the plan's items with the selected
//! one's cause, fix and metric, and the concessions with their approvers and warnings.
//! Lines are cut to the width; the focused panel gets the room, and zoomed it wraps
//! every line whole, so all of it is reachable at 80×24.

use super::{ASSESSMENT, ITEMS, SavePane};
use crate::domain::config::Config;
use crate::domain::save::{Effort, ItemStatus, TimeMode};
use crate::domain::save_plan::StoredPlan;
use crate::domain::text::inert;
use crate::io::save_plan::SaveView;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// What every part of the pane reads.
struct Ctx<'a> {
    s: &'a SavePane,
    theme: &'a Theme,
    cfg: &'a Config,
}

pub fn render(f: &mut Frame, area: Rect, s: &SavePane, theme: &Theme, cfg: &Config) {
    let app = &Ctx { s, theme, cfg };
    let t = app.theme;
    let Some(account) = s.account.clone() else {
        let msg = "No account selected — pick one in the queue (1) or go to one (Ctrl-P).";
        f.render_widget(Paragraph::new(Span::styled(msg, t.muted())), area);
        return;
    };
    let Some((plan, view)) = &s.plan else {
        let name = s.account_name.clone().unwrap_or(account);
        let mut lines = vec![
            Line::from(Span::styled(inert(&name).into_owned(), t.title())),
            Line::from(""),
            Line::from("No save plan for this account. Press S to start one, then a to assess it."),
        ];
        if let Some(a) = &s.pre {
            lines.extend(pre_assessment(a));
        }
        // One page of text, wrapped so every word of it is on screen.
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    };
    let [head, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(
        Paragraph::new(head_line(app, plan, area.width as usize)),
        head,
    );
    let p = &s.panels;
    if p.zoom {
        // One panel fills the pane; long lines wrap so every word can be read.
        draw_panel(app, f, rest, p.focus, plan, view, true);
        return;
    }
    let inner_w = rest.width.saturating_sub(2) as usize;
    let want = [
        assessment(app, plan, view, inner_w).len() as u16 + 2,
        item_lines_wanted(app, view) + 2,
        concessions(app, plan, view, inner_w).len() as u16 + 2,
    ];
    // Each keeps a few lines; the focused one grows first.
    let h = crate::tui::panel::heights(rest.height, &want, &[4, 7, 4], p.focus);
    let areas = Layout::vertical(
        h.iter()
            .map(|h| Constraint::Length(*h))
            .chain([Constraint::Min(0)]),
    )
    .split(rest);
    for (which, a) in areas.iter().take(h.len()).enumerate() {
        draw_panel(app, f, *a, which, plan, view, false);
    }
}

fn draw_panel(
    app: &Ctx,
    f: &mut Frame,
    area: Rect,
    which: usize,
    plan: &StoredPlan,
    view: &SaveView,
    zoom: bool,
) {
    let p = &app.s.panels;
    // Zoomed panels wrap instead of cutting: the whole text of every line.
    let w = if zoom {
        usize::MAX
    } else {
        area.width.saturating_sub(2) as usize
    };
    let (title, lines) = match which {
        ITEMS => return render_items(app, f, area, plan, view, zoom),
        ASSESSMENT => (
            Line::from(" Assessment · a assess · E escalate · C close "),
            assessment(app, plan, view, w),
        ),
        _ => (
            Line::from(format!(
                " Concessions ({}) · c add · A approve ",
                plan.concessions.len()
            )),
            concessions(app, plan, view, w),
        ),
    };
    let v = crate::tui::panel::View {
        title,
        lines,
        scroll: p.scroll.get(which).copied().unwrap_or(0),
        focused: p.is_focused(which),
        wrap: zoom,
    };
    crate::tui::panel::draw(f, area, v, app.theme);
}

/// The account, its ARR and whether the save is open, above the panels.
fn head_line(app: &Ctx, p: &StoredPlan, w: usize) -> Line<'static> {
    let t = app.theme;
    let cur = &app.cfg.book.cur(&p.currency);
    let status = match p.status.as_str() {
        "open" => "OPEN".to_string(),
        s => format!(
            "CLOSED {} {}",
            s.to_uppercase(),
            p.closed_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    Line::from(vec![
        Span::styled(
            fit(&inert(&p.account_name), w.saturating_sub(40).max(10)),
            t.title(),
        ),
        Span::raw(fit(
            &format!("  ARR {} · save {status}", p.arr.format(cur)),
            40,
        )),
    ])
}

/// What the plan is worth and what it takes: odds, value, effort, time, hours, lost
/// cause, escalation — and the book's save metrics last.
fn assessment(app: &Ctx, p: &StoredPlan, v: &SaveView, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let cur = &app.cfg.book.cur(&p.currency);
    let mut out = Vec::new();
    let prob = v
        .probability
        .map_or("not assessed (press a)".to_string(), |x| {
            x.label().to_string()
        });
    let root = v.root_cause.map_or("root cause not set".to_string(), |r| {
        format!("cause {} — {}", r.label(), r.difficulty())
    });
    out.push(Line::from(fit(
        &format!("Probability {prob} · value {} · {root}", v.value.label()),
        w,
    )));
    let effort = match &v.effort {
        Some((e, why)) => format!(
            "Effort {}{} ({}) — {}",
            e.label().to_uppercase(),
            if v.effort_overridden { "*" } else { "" },
            why,
            e.team_and_timebox()
        ),
        None => "Effort: assess first".into(),
    };
    out.push(Line::from(fit(&effort, w)));
    let time = match (v.time, v.days_left) {
        (Some((m, why)), Some(d)) if d < 0 => format!(
            "Time {}: renewal date passed {} d ago — {why}",
            m.label().to_uppercase(),
            -d
        ),
        (Some((m, why)), Some(d)) => {
            format!("Time {}: {d} d left — {why}", m.label().to_uppercase())
        }
        _ => "Time: no renewal date".into(),
    };
    let style = if matches!(v.time, Some((TimeMode::Emergency, _))) {
        t.alert()
    } else {
        ratatui::style::Style::default()
    };
    out.push(Line::from(Span::styled(fit(&time, w), style)));
    if let (Some(e), Some(pr)) = (v.expected_value_hours, v.probability) {
        out.push(Line::from(fit(
            &format!(
                "Hours: {} planned × {}% = {e} h expected value, for an account worth {}",
                p.planned_hours,
                pr.midpoint_pct(),
                p.arr.compact(cur)
            ),
            w,
        )));
    }
    if !v.lost_signs.is_empty() {
        let signs: Vec<&str> = v.lost_signs.iter().map(|s| s.label()).collect();
        out.push(Line::from(Span::styled(
            fit(
                &format!(
                    "LOST CAUSE? {} — consider a graceful exit (C → lost, learn from it)",
                    signs.join(", ")
                ),
                w,
            ),
            t.alert(),
        )));
    } else if matches!(v.effort, Some((Effort::None, _))) {
        out.push(Line::from(Span::styled(
            fit("Effort none: graceful exit, keep the door open", w),
            t.warn(),
        )));
    }
    let esc = match (&p.escalation, v.escalation_suggested) {
        (Some(s), _) => format!(
            "Escalation: {} (E next step){}",
            s.replace('_', " "),
            p.escalation_brief
                .as_deref()
                .map(|b| format!(" — {}", inert(b)))
                .unwrap_or_default()
        ),
        (None, true) => {
            format!(
                "Escalation SUGGESTED: strategic or ≥ {} ARR, options exhausted, exec tie — press E",
                crate::domain::money::Money(app.cfg.save.escalation_arr * 100).compact(cur)
            )
        }
        (None, false) => format!("Escalation: not yet — {}", v.escalation_missing.join("; ")),
    };
    out.push(Line::from(Span::styled(
        fit(&esc, w),
        if p.escalation.is_none() && v.escalation_suggested {
            t.warn()
        } else {
            t.muted()
        },
    )));
    let metrics = metrics_line(app, w);
    if !metrics.is_empty() {
        out.push(Line::from(Span::styled(metrics, t.muted())));
    }
    out
}

/// Indexes of the items shown: all in default order, or the top three in quick-fix.
fn shown(app: &Ctx, v: &SaveView) -> Vec<usize> {
    if app.s.quick_fix {
        v.order.iter().copied().take(3).collect()
    } else {
        v.order.clone()
    }
}

/// Lines the plan panel needs to show every item: the column titles, the items (or
/// the line saying there are none) and the selected item's two detail lines.
fn item_lines_wanted(app: &Ctx, v: &SaveView) -> u16 {
    shown(app, v).len().max(1) as u16 + 3
}

/// The plan's items as a table (j/k select while it has focus), the selected item's
/// cause, fix and metric below it.
fn render_items(app: &Ctx, f: &mut Frame, area: Rect, p: &StoredPlan, v: &SaveView, zoom: bool) {
    let t = app.theme;
    let focused = app.s.panels.is_focused(ITEMS);
    let items = shown(app, v);
    let title = if app.s.quick_fix {
        format!(
            "{} Quick fix: top {} of {} (owner + fix ≤ 72 h) · f all ",
            if focused { "▸" } else { "" },
            items.len(),
            p.items.len()
        )
    } else {
        format!(
            "{} Plan: {} · f quick-fix ",
            if focused { "▸" } else { "" },
            crate::io::text::count(p.items.len(), "item", "items")
        )
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(Line::from(Span::styled(
            " DB deal-breaker · QW quick win · NF not fixable ",
            t.muted(),
        )));
    if focused {
        block = block.border_style(t.key().add_modifier(Modifier::BOLD));
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let detail = selected_detail(app, p, v, w, zoom);
    let detail_h = if zoom {
        crate::tui::layout::wrapped_height(&detail, inner.width)
    } else {
        detail.len() as u16
    }
    .min(inner.height.saturating_sub(2));
    // The selected item's detail right below the rows.
    let rows_h = (items.len().max(1) as u16 + 1).min(inner.height.saturating_sub(detail_h));
    let [table, below, _] = Layout::vertical([
        Constraint::Length(rows_h),
        Constraint::Length(detail_h),
        Constraint::Min(0),
    ])
    .areas(inner);
    let wide = w >= 110;
    let (pw, extra) = if wide {
        (22, true)
    } else {
        (w.saturating_sub(53).max(12), false)
    };
    let mut hdr = format!(
        " {:<3} {:<11} {:<10} {:<10} {:<pw$}",
        "Pri", "Status", "Deadline", "Owner", "Problem"
    );
    if extra {
        hdr.push_str(&format!(
            " {:<14} {:<18} {:<14}",
            "Root cause", "Fix", "Metric"
        ));
    }
    hdr.push_str(" Flags");
    let mut lines = vec![Line::from(Span::styled(fit(&hdr, w), t.column_header()))];
    if items.is_empty() {
        lines.push(Line::from(Span::styled(
            "  No items yet — press i to add the first problem.",
            t.muted(),
        )));
    }
    let rows = (table.height as usize).saturating_sub(1);
    let sel = app.s.selected.min(items.len().saturating_sub(1));
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (pos, &i) in items.iter().enumerate().skip(first).take(rows) {
        let it = &p.items[i].1;
        let status =
            ItemStatus::parse(&it.status).map_or(it.status.clone(), |s| s.label().to_string());
        let mut flags = Vec::new();
        if v.overdue[i] {
            flags.push("OVERDUE".to_string());
        }
        if app.s.quick_fix {
            let ok = crate::domain::save::quick_fix_ready(
                &it.owner,
                it.fix.as_deref(),
                it.deadline,
                app.s.today,
            );
            flags.push(if ok { "72h".into() } else { "NOT72h".into() });
        }
        flags.extend(short_flags(it).into_iter().map(str::to_string));
        let mut row = format!(
            "{}{:<3} {:<11} {:<10} {:<10} {:<pw$}",
            if pos == sel { '>' } else { ' ' },
            format!("P{}", it.priority),
            fit(&status, 11),
            it.deadline.map_or("—".into(), |d| d.to_string()),
            fit(&inert(&it.owner), 10),
            fit(&inert(&it.problem), pw),
        );
        if extra {
            row.push_str(&format!(
                " {:<14} {:<18} {:<14}",
                fit(&inert(it.root_cause.as_deref().unwrap_or("—")), 14),
                fit(&inert(it.fix.as_deref().unwrap_or("—")), 18),
                fit(&inert(it.metric.as_deref().unwrap_or("—")), 14)
            ));
        }
        row.push(' ');
        row.push_str(&flags.join(" "));
        let style = if pos == sel {
            t.selected()
        } else if v.overdue[i] {
            t.alert()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&row, w), style)));
    }
    f.render_widget(Paragraph::new(lines), table);
    let mut d = Paragraph::new(detail);
    if zoom {
        d = d.wrap(Wrap { trim: false });
    }
    f.render_widget(d, below);
}

/// Short flag codes for the narrow table; the legend is in the table title.
fn short_flags(it: &crate::domain::book::SaveItem) -> Vec<&'static str> {
    let mut v = Vec::new();
    if it.deal_breaker {
        v.push("DB");
    }
    if it.quick_win {
        v.push("QW");
    }
    if !it.fixable {
        v.push("NF");
    }
    v
}

/// The selected item's problem, cause, fix and metric; zoomed, whole (to be wrapped)
/// and with the owner and the customer's wording, which the table cuts or leaves out.
fn selected_detail(
    app: &Ctx,
    p: &StoredPlan,
    v: &SaveView,
    w: usize,
    zoom: bool,
) -> Vec<Line<'static>> {
    let t = app.theme;
    let items = shown(app, v);
    let Some(&i) = items.get(app.s.selected.min(items.len().saturating_sub(1))) else {
        return vec![];
    };
    let it = &p.items[i].1;
    let w = if zoom { usize::MAX } else { w };
    let mut out = vec![
        Line::from(fit(
            &format!(
                "▸ {} — cause: {}",
                inert(&it.problem),
                inert(it.root_cause.as_deref().unwrap_or("—"))
            ),
            w,
        )),
        Line::from(Span::styled(
            fit(
                &format!(
                    "  fix: {} · metric: {}",
                    inert(it.fix.as_deref().unwrap_or("—")),
                    inert(it.metric.as_deref().unwrap_or("—"))
                ),
                w,
            ),
            t.muted(),
        )),
    ];
    if zoom {
        out.push(Line::from(Span::styled(
            format!(
                "  owner: {} · for the customer: {}",
                inert(&it.owner),
                inert(
                    it.customer_wording
                        .as_deref()
                        .unwrap_or("(the fix's wording)")
                )
            ),
            t.muted(),
        )));
    }
    out
}

/// Each concession with who approved it and who must, and its warnings.
fn concessions(app: &Ctx, p: &StoredPlan, v: &SaveView, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out = Vec::new();
    if p.concessions.is_empty() {
        out.push(Line::from(Span::styled("  none", t.muted())));
    }
    for (n, ((_, c), (need, warns))) in p.concessions.iter().zip(&v.concessions).enumerate() {
        let pct = c
            .percent_bp
            .map_or(String::new(), |b| format!(" {}%", b as f64 / 100.0));
        // The chain when there is one (it ends with the current approver).
        let appr = p
            .approval_chains
            .get(n)
            .cloned()
            .flatten()
            .or_else(|| c.approved_by.clone())
            .unwrap_or_else(|| "no".into());
        let need = need.map_or(String::new(), |n| format!(" · needs {}", n.label()));
        let line = format!(
            "{} {}{pct} · approved: {appr}{need} — {}",
            n + 1,
            c.kind.replace('_', " "),
            inert(c.given.as_deref().unwrap_or("")),
        );
        out.push(Line::from(fit(&line, w)));
        if !warns.is_empty() {
            let warn = format!("  WARNING: {}", warns.join("; "));
            out.push(Line::from(Span::styled(fit(&warn, w), t.warn())));
        }
    }
    out
}

fn metrics_line(app: &Ctx, w: usize) -> String {
    let Some(c) = &app.s.counts else {
        return String::new();
    };
    let m = crate::io::save_plan::metrics(c, app.cfg);
    let opt = |x: Option<i64>| x.map_or("—".to_string(), |v| format!("{v}%"));
    let mut s = format!(
        "Saves: {} at risk, {} with a plan ({}) · {} saved / {} lost ({}) · {} saved for {} h (planned {}) · ROI {} · {} renewed again · median {} d",
        m.at_risk,
        m.at_risk_with_plan,
        opt(m.attempt_rate_pct),
        m.saved,
        m.lost,
        opt(m.success_rate_pct),
        m.revenue_saved
            .compact(app.cfg.book.number_style(), &app.s.currency),
        m.hours_spent,
        m.hours_planned,
        m.save_roi.map_or("—".into(), |r| format!("{r}×")),
        m.renewed_again,
        m.median_days_to_save.map_or("—".into(), |d| d.to_string()),
    );
    if let Some(n) = &m.success_note {
        s.push_str(&format!(" · {n}"));
    }
    fit(&s, w)
}

/// The assessment before a plan: what the plan would start from.
fn pre_assessment(a: &crate::domain::save_assessment::PreAssessment) -> Vec<Line<'static>> {
    let mut out = vec![Line::from("")];
    let time = match (a.time, a.days_left) {
        (Some((m, why)), Some(d)) => {
            format!("Time {}: {d} d left — {why}", m.label().to_uppercase())
        }
        _ => "Time: no renewal date".to_string(),
    };
    out.push(Line::from(time));
    out.push(Line::from(format!(
        "Value {} · probability not assessed (a: checklist)",
        a.value.label()
    )));
    let efforts: Vec<String> = a
        .effort_by_probability
        .iter()
        .map(|(p, e, _)| format!("{} odds → {}", p.label(), e.label()))
        .collect();
    out.push(Line::from(format!("Effort: {}", efforts.join(" · "))));
    out.push(Line::from(format!(
        "Multi-year: {} — {}",
        if a.multi_year.0 {
            "candidate"
        } else {
            "poor candidate"
        },
        a.multi_year.1.join("; ")
    )));
    if let Some((c, why)) = &a.root_cause {
        out.push(Line::from(format!(
            "Root cause suggested: {} ({why})",
            c.label()
        )));
    }
    if !a.tracker.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(
            "Tracker, ready to fill (problem · cause · owner):",
        ));
        for i in &a.tracker {
            out.push(Line::from(format!(
                "  {} · {} · {}",
                inert(&i.problem),
                i.root_cause.label(),
                i.owner.as_deref().map(inert).unwrap_or_default()
            )));
        }
    }
    out
}
