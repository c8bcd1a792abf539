//! The pre-call brief: one page of Markdown about an account, to read before a call.

use crate::domain::Date;
use crate::domain::account_view::AccountDetail;
use crate::domain::book::SaveItem;
use crate::domain::text::inert;
use crate::store::StoredTier;
use std::fmt::Write;

/// Text from a CRM made safe for a Markdown table cell: inert, no pipes, one line.
fn cell(s: &str) -> String {
    inert(s).replace('|', "/").replace('␊', " ")
}

/// The date part of an ISO timestamp (`2026-11-20T09:30` → `2026-11-20`).
fn day_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

pub fn brief(
    d: &AccountDetail,
    save_items: &[SaveItem],
    proposal: Option<&(String, Vec<StoredTier>)>,
    today: Date,
    currency: &crate::domain::money::Cur,
    activity: &[(String, String, String)],
) -> String {
    let a = &d.account;
    let mut out = String::new();
    let _ = writeln!(out, "# Pre-call brief: {}", cell(&a.name));
    let _ = writeln!(out, "\n_Account {} · prepared {today}_\n", cell(&a.id));
    match &d.row {
        Some(r) => {
            let f = &r.facts;
            let _ = writeln!(out, "| | |\n|---|---|");
            let seg = match f.segment_override {
                Some(o) => format!(
                    "{} (run as; computed {})",
                    o.label(),
                    r.computed_segment.label()
                ),
                None => r.segment.label().to_string(),
            };
            let _ = writeln!(out, "| Segment | {seg} |");
            let target = f
                .target
                .map(|t| format!(" → target {}", t.format(currency)))
                .unwrap_or_default();
            let _ = writeln!(out, "| ARR | {}{target} |", f.arr.format(currency));
            let when = match (f.renewal_date, r.days_left) {
                (Some(dt), Some(dl)) => format!("{dt} ({})", crate::io::text::days_left(Some(dl))),
                _ => "no date on file".into(),
            };
            let _ = writeln!(out, "| Renewal | {when} |");
            let _ = writeln!(
                out,
                "| Stage | {} ({} {} renewal, {} touch) |",
                f.stage.label(),
                crate::io::text::a_or_an(f.opportunity_type.label()),
                f.opportunity_type.label(),
                f.touch_model.label()
            );
            let _ = writeln!(
                out,
                "| Owner | {} |",
                f.owner
                    .as_deref()
                    .map(cell)
                    .unwrap_or_else(|| "unassigned".into())
            );
            let health = match (f.health, r.band) {
                (Some(s), Some(b)) => format!(
                    "{s} ({}){}",
                    b.label(),
                    if r.bottom_quartile {
                        ", bottom quartile of the book"
                    } else {
                        ""
                    }
                ),
                _ => "no score".into(),
            };
            let _ = writeln!(out, "| Health | {health} |");
            let _ = writeln!(out, "| Forecast | {}% |", r.probability);
            if let Some(why) = crate::domain::risk::at_risk_reason(&r.risk_facts()) {
                let _ = writeln!(out, "| **At risk** | {why} |");
            }
            if d.first_renewal {
                let _ = writeln!(
                    out,
                    "| First renewal | yes — value not yet proven over a full term |"
                );
            }
        }
        None => {
            let _ = writeln!(out, "No open renewal.");
        }
    }
    let _ = writeln!(
        out,
        "\n## Their people\n\n| Role | Name | Title | Sentiment | Status | Last contact | Our thread |\n|---|---|---|---|---|---|---|"
    );
    for s in &d.stakeholders {
        let last = match s.last_contact {
            Some(dt) => format!("{dt} ({}d ago)", (today - dt).num_days()),
            None => "never".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {last} | {} |",
            s.role.map(|r| r.label()).unwrap_or("—"),
            cell(&s.name),
            s.title.as_deref().map(cell).unwrap_or_default(),
            s.sentiment.label(),
            s.status.label(),
            s.our_thread.map(|t| t.label()).unwrap_or("none")
        );
    }
    if d.stakeholders.is_empty() {
        let _ = writeln!(out, "| — | nobody recorded | | | | | |");
    }
    let _ = writeln!(out, "\n## Coverage\n");
    if d.coverage.warnings.is_empty() {
        let _ = writeln!(
            out,
            "No gaps: several engaged people, the buying roles are reached, nobody stale."
        );
    }
    for w in &d.coverage.warnings {
        let _ = writeln!(out, "- **{}** Next: {}", cell(&w.text), w.next_step);
    }
    let _ = writeln!(out, "\n## Open risk signals\n");
    if d.signals.is_empty() {
        let _ = writeln!(out, "None open.");
    }
    for s in d.signals.iter().take(10) {
        let _ = writeln!(
            out,
            "- {} — {}: {}",
            s.observed_on,
            s.kind.label(),
            s.note.as_deref().map(cell).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\n## Save plan: open items\n");
    if save_items.is_empty() {
        let _ = writeln!(out, "No save plan open.");
    }
    for i in save_items {
        let due = i.deadline.map(|d| format!(" by {d}")).unwrap_or_default();
        let flag = if i.deal_breaker {
            " (deal-breaker)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- {}{flag} — {} owns{due}; fix: {}",
            cell(&i.problem),
            cell(&i.owner),
            i.fix
                .as_deref()
                .map(cell)
                .unwrap_or_else(|| "not decided".into())
        );
    }
    let _ = writeln!(out, "\n## Latest proposal\n");
    match proposal {
        None => {
            let _ = writeln!(out, "No proposal yet.");
        }
        Some((status, tiers)) => {
            let _ = writeln!(
                out,
                "Status: {}\n\n| Option | Term | Discount | Expansion | Pricing |\n|---|---|---|---|---|",
                cell(status)
            );
            for t in tiers {
                let exp = t
                    .expansion_bp
                    .map(|b| format!("{:.1}%", b as f64 / 100.0))
                    .unwrap_or_else(|| "—".into());
                let _ = writeln!(
                    out,
                    "| {} | {} yr | {:.1}% | {exp} | {} |",
                    cell(&t.tier),
                    t.term_years,
                    t.discount_bp as f64 / 100.0,
                    cell(&t.pricing)
                );
            }
        }
    }
    // Notes first (what people said), then everything else that happened; both
    // newest first, `activity` being (at, kind, summary) as the store reads it.
    let _ = writeln!(out, "\n## Last notes\n");
    let notes: Vec<_> = activity
        .iter()
        .filter(|(_, k, _)| k == "note")
        .take(5)
        .collect();
    if notes.is_empty() {
        let _ = writeln!(out, "No notes yet.");
    }
    for (at, _, summary) in notes {
        let _ = writeln!(out, "- {} — {}", day_of(at), cell(summary));
    }
    let _ = writeln!(out, "\n## Recent activity\n");
    let other: Vec<_> = activity
        .iter()
        .filter(|(_, k, _)| k != "note")
        .take(8)
        .collect();
    if other.is_empty() {
        let _ = writeln!(out, "Nothing recorded yet.");
    }
    for (at, kind, summary) in other {
        let _ = writeln!(
            out,
            "- {} — {}: {}",
            day_of(at),
            cell(&kind.replace('_', " ")),
            cell(summary)
        );
    }
    let (ok, why) = &d.multi_year;
    let _ = writeln!(
        out,
        "\n## Multi-year\n\n{} — {}",
        if *ok { "Good candidate" } else { "Not now" },
        why.join("; ")
    );
    let _ = writeln!(out, "\n## Playbook\n");
    for m in &d.milestones {
        let _ = writeln!(
            out,
            "- T-{} {} — {} ({})",
            m.def.offset,
            m.def.name,
            m.due,
            m.status.as_str()
        );
    }
    out
}
