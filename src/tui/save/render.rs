//! The save-plan pane: the assessment on top, the tracker table, the selected item in
//! full, concessions with their approver and warnings, and the save metrics.
//! Everything is plain lines cut to width, so it stays readable at 80×24.

use super::SavePane;
use crate::domain::config::Config;
use crate::domain::save::{Effort, ItemStatus, TimeMode};
use crate::domain::save_plan::StoredPlan;
use crate::domain::text::inert;
use crate::io::save_plan::SaveView;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
            lines.extend(pre_assessment(a, area.width as usize));
        }
        f.render_widget(Paragraph::new(lines), area);
        return;
    };
    let w = area.width as usize;
    let head = assessment(app, plan, view, w);
    let conc = concessions(app, plan, view, w);
    let metrics = metrics_line(app, w);
    let [top, table, detail, bottom, foot] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(conc.len() as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head), top);
    render_items(app, f, table, plan, view);
    f.render_widget(Paragraph::new(selected_detail(app, plan, view, w)), detail);
    f.render_widget(Paragraph::new(conc), bottom);
    f.render_widget(Paragraph::new(Span::styled(metrics, t.muted())), foot);
}

fn assessment(app: &Ctx, p: &StoredPlan, v: &SaveView, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let cur = &app.cfg.book.cur(&p.currency);
    let mut out = Vec::new();
    let status = match p.status.as_str() {
        "open" => "OPEN".to_string(),
        s => format!(
            "CLOSED {} {}",
            s.to_uppercase(),
            p.closed_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    out.push(Line::from(vec![
        Span::styled(
            fit(&inert(&p.account_name), w.saturating_sub(40).max(10)),
            t.title(),
        ),
        Span::raw(fit(
            &format!("  ARR {} · save {status}", p.arr.format(cur)),
            40,
        )),
    ]));
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

fn render_items(app: &Ctx, f: &mut Frame, area: Rect, p: &StoredPlan, v: &SaveView) {
    let t = app.theme;
    let w = area.width as usize;
    let wide = w >= 110;
    let title = if app.s.quick_fix {
        "Quick fix top 3 (owner + fix ≤ 72 h) · DB deal-breaker QW quick win NF not fixable"
    } else {
        "Plan · f quick-fix view · DB deal-breaker QW quick win NF not fixable"
    };
    let mut lines = vec![Line::from(Span::styled(fit(title, w), t.header()))];
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
    lines.push(Line::from(Span::styled(fit(&hdr, w), t.column_header())));
    let items = shown(app, v);
    if items.is_empty() {
        lines.push(Line::from(Span::styled(
            "  No items yet — press i to add the first problem.",
            t.muted(),
        )));
    }
    let rows = (area.height as usize).saturating_sub(2);
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
    f.render_widget(Paragraph::new(lines), area);
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

fn selected_detail(app: &Ctx, p: &StoredPlan, v: &SaveView, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let items = shown(app, v);
    let Some(&i) = items.get(app.s.selected.min(items.len().saturating_sub(1))) else {
        return vec![];
    };
    let it = &p.items[i].1;
    vec![
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
    ]
}

fn concessions(app: &Ctx, p: &StoredPlan, v: &SaveView, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out = vec![Line::from(Span::styled(
        fit("Concessions (c add · A approve)", w),
        t.header(),
    ))];
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
fn pre_assessment(
    a: &crate::domain::save_assessment::PreAssessment,
    w: usize,
) -> Vec<Line<'static>> {
    let mut out = vec![Line::from("")];
    let time = match (a.time, a.days_left) {
        (Some((m, why)), Some(d)) => {
            format!("Time {}: {d} d left — {why}", m.label().to_uppercase())
        }
        _ => "Time: no renewal date".to_string(),
    };
    out.push(Line::from(fit(&time, w)));
    out.push(Line::from(fit(
        &format!(
            "Value {} · probability not assessed (a: checklist)",
            a.value.label()
        ),
        w,
    )));
    let efforts: Vec<String> = a
        .effort_by_probability
        .iter()
        .map(|(p, e, _)| format!("{} odds → {}", p.label(), e.label()))
        .collect();
    out.push(Line::from(fit(
        &format!("Effort: {}", efforts.join(" · ")),
        w,
    )));
    out.push(Line::from(fit(
        &format!(
            "Multi-year: {} — {}",
            if a.multi_year.0 {
                "candidate"
            } else {
                "poor candidate"
            },
            a.multi_year.1.join("; ")
        ),
        w,
    )));
    if let Some((c, why)) = &a.root_cause {
        out.push(Line::from(fit(
            &format!("Root cause suggested: {} ({why})", c.label()),
            w,
        )));
    }
    if !a.tracker.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(
            "Tracker, ready to fill (problem · cause · owner):",
        ));
        for i in &a.tracker {
            out.push(Line::from(fit(
                &format!(
                    "  {} · {} · {}",
                    inert(&i.problem),
                    i.root_cause.label(),
                    i.owner.as_deref().map(inert).unwrap_or_default()
                ),
                w,
            )));
        }
    }
    out
}
