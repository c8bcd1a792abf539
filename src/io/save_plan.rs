//! The save plan for people and tools: the derived assessment (shared with the pane),
//! the `--json` shapes, and the customer-facing Markdown plan.

use crate::domain::Date;
use crate::domain::concession::{self, ConcessionFacts, ConcessionKind};
use crate::domain::config::Config;
use crate::domain::save::{
    self as rules, Effort, ItemKey, ItemStatus, ProbabilityTier, RootCause, TimeMode, ValueTier,
};
use crate::domain::save_plan::{SaveCounts, StoredPlan};
use serde_json::{Value, json};

pub const SCHEMA_VERSION: u32 = 1;

/// Everything the rules say about one plan, computed once per load.
#[derive(Clone, Debug)]
pub struct SaveView {
    pub probability: Option<ProbabilityTier>,
    pub value: ValueTier,
    pub effort: Option<(Effort, String)>,
    pub effort_overridden: bool,
    pub time: Option<(TimeMode, &'static str)>,
    pub days_left: Option<i64>,
    pub root_cause: Option<RootCause>,
    pub expected_value_hours: Option<i64>,
    pub lost_signs: Vec<rules::LostSign>,
    pub escalation_suggested: bool,
    /// The §15 conditions not met yet (empty when escalation is suggested).
    pub escalation_missing: Vec<String>,
    /// Indexes into `plan.items`, in the default order.
    pub order: Vec<usize>,
    pub overdue: Vec<bool>,
    /// Per concession: (required approver, warnings).
    pub concessions: Vec<(Option<concession::ApproverLevel>, Vec<String>)>,
}

impl SaveView {
    pub fn build(p: &StoredPlan, today: Date, cfg: &Config) -> SaveView {
        let probability = p
            .probability_tier
            .as_deref()
            .and_then(ProbabilityTier::parse);
        let value = rules::value_tier(p.arr, p.strategic, p.reference, p.growth, &cfg.save);
        let override_ = p.effort_override.as_deref().and_then(Effort::parse);
        let effort = match (override_, probability) {
            (Some(e), _) => Some((
                e,
                format!(
                    "override: {}",
                    p.effort_override_reason
                        .as_deref()
                        .unwrap_or("no reason given")
                ),
            )),
            (None, Some(pr)) => {
                let (e, why) = rules::effort(value, pr);
                Some((e, why.to_string()))
            }
            (None, None) => None,
        };
        let days_left = p
            .renewal_date
            .map(|d| crate::domain::days_between(today, d));
        let root_cause = p.root_cause.as_deref().and_then(RootCause::parse);
        let statuses: Vec<ItemStatus> = p
            .items
            .iter()
            .map(|(_, i)| ItemStatus::parse(&i.status).unwrap_or(ItemStatus::Open))
            .collect();
        let mut order: Vec<usize> = (0..p.items.len()).collect();
        order.sort_by_key(|&i| {
            let it = &p.items[i].1;
            rules::order_key(&ItemKey {
                deal_breaker: it.deal_breaker,
                fixable: it.fixable,
                deadline: it.deadline,
                priority: it.priority,
            })
        });
        let overdue = p
            .items
            .iter()
            .zip(&statuses)
            .map(|((_, i), s)| rules::overdue(i.deadline, *s, today))
            .collect();
        // Own options are exhausted when the team has tried and recorded it: the plan
        // has items and every one is worked (§15), not when the odds merely look low.
        let escalation = rules::EscalationFacts {
            arr: p.arr,
            strategic: p.strategic,
            options_exhausted: !statuses.is_empty() && statuses.iter().all(|s| s.is_finished()),
            exec_relationship: p.exec_relationship,
        };
        let escalation_missing = rules::escalation_missing(&escalation, &cfg.save);
        let concessions = p
            .concessions
            .iter()
            .map(|(_, c)| {
                let kind = ConcessionKind::family(&c.kind);
                // Every kind has an approver (§14), not only discounts.
                let need = Some(concession::required_for_kind(
                    &c.kind,
                    c.percent_bp,
                    &cfg.approval,
                ));
                let w = concession::warnings(&ConcessionFacts {
                    kind,
                    percent_bp: c.percent_bp,
                    tied_to: c.tied_to.as_deref(),
                    sunset: c.sunset,
                    price_related_cause: root_cause.is_none_or(|r| r.price_related()),
                    band: probability.map(|p| p.risk_band()),
                });
                let mut w = w;
                if let (Some(n), Some(by)) = (
                    need,
                    c.approved_by
                        .as_deref()
                        .and_then(concession::ApproverLevel::parse),
                ) && by < n
                {
                    w.push(format!(
                        "approved by {} but needs {}",
                        by.label(),
                        n.label()
                    ));
                }
                (need, w)
            })
            .collect();
        SaveView {
            probability,
            value,
            effort_overridden: override_.is_some(),
            effort,
            time: days_left.map(rules::time_mode),
            days_left,
            root_cause,
            expected_value_hours: probability
                .map(|pr| rules::expected_value_hours(p.planned_hours, pr.midpoint_pct())),
            lost_signs: rules::lost_signs(&p.lost_cause_signs),
            escalation_suggested: escalation_missing.is_empty(),
            escalation_missing,
            order,
            overdue,
            concessions,
        }
    }
}

fn pct_str(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}", bp / 100)
    } else {
        format!("{:.2}", bp as f64 / 100.0)
    }
}

/// `runway save ACCOUNT_ID --json`.
pub fn plan_json(p: &StoredPlan, v: &SaveView, today: Date) -> Value {
    let d = |x: Option<Date>| x.map(|d| d.to_string());
    let items: Vec<Value> = v
        .order
        .iter()
        .map(|&i| {
            let it = &p.items[i].1;
            json!({
                "problem": it.problem, "root_cause": it.root_cause, "fix": it.fix, "owner": it.owner,
                "customer_wording": it.customer_wording,
                "deadline": d(it.deadline), "metric": it.metric, "status": it.status,
                "priority": it.priority, "overdue": v.overdue[i],
                "deal_breaker": it.deal_breaker, "fixable": it.fixable, "quick_win": it.quick_win,
            })
        })
        .collect();
    let concessions: Vec<Value> = p
        .concessions
        .iter()
        .zip(&v.concessions)
        .zip(&p.approval_chains)
        .map(|(((_, c), (need, w)), chain)| {
            json!({
                "kind": c.kind, "given": c.given, "percent": c.percent_bp.map(|b| b as f64 / 100.0),
                "required_approver": need.map(|n| n.as_str()), "approved_by": c.approved_by, "approval_chain": chain,
                "tied_to": c.tied_to, "sunset": d(c.sunset), "warnings": w,
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "account_id": p.account_id,
        "account_name": p.account_name,
        "arr": p.arr.major_f64(),
        "currency": p.currency,
        "today": today.to_string(),
        // Present once a plan is started (`null` in the pre-plan assessment).
        "plan": { "opened_on": d(p.opened_on), "status": p.status },
        "probability_tier": v.probability.map(|x| x.as_str()),
        "value_tier": v.value.as_str(),
        "effort": v.effort.as_ref().map(|(e, _)| e.as_str()),
        "effort_reason": v.effort.as_ref().map(|(_, r)| r),
        "time_mode": v.time.map(|(t, _)| t.as_str()),
        "days_left": v.days_left,
        "root_cause_category": v.root_cause.map(|r| r.as_str()),
        "planned_hours": p.planned_hours,
        "logged_hours": p.logged_hours,
        "expected_value_hours": v.expected_value_hours,
        "lost_cause_signs": v.lost_signs.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "escalation": {
            "suggested": v.escalation_suggested,
            "missing": v.escalation_missing,
            "stage": p.escalation,
            "brief": p.escalation_brief,
        },
        "items": items,
        "concessions": concessions,
        "outcome": {
            "status": p.status,
            "closed_on": d(p.closed_on),
            "debrief": p.debrief,
        },
    })
}

/// The metrics as the panel and `runway saves --json` show them.
pub fn metrics(c: &SaveCounts, cfg: &Config) -> rules::SaveMetrics {
    let success = rules::pct(c.saved, c.saved + c.lost);
    rules::SaveMetrics {
        at_risk: c.at_risk,
        at_risk_with_plan: c.at_risk_with_plan,
        attempts: c.attempts,
        attempt_rate_pct: rules::pct(c.at_risk_with_plan, c.at_risk),
        saved: c.saved,
        lost: c.lost,
        success_rate_pct: success,
        success_note: rules::success_note(success),
        revenue_saved: c.revenue_saved.clone(),
        hours_spent: c.hours_spent,
        hours_planned: c.hours_planned,
        save_roi: rules::save_roi_in(
            &c.revenue_saved,
            &cfg.book.currency,
            c.hours_spent,
            cfg.save.hourly_cost,
        ),
        renewed_again: c.renewed_again,
        median_days_to_save: rules::median(c.days_to_save.clone()),
    }
}

/// `runway saves --json` schema: 2 since `revenue_saved_minor` (a sum across
/// currencies, without one) became `revenue_saved`, one amount per currency.
pub const METRICS_SCHEMA_VERSION: u32 = 2;

/// What each figure of `runway saves --json` means (shipped in the output itself).
pub const METRIC_DEFINITIONS: &[(&str, &str)] = &[
    (
        "at_risk",
        "open renewals at risk by the queue's own rule (the queue's RISK flag)",
    ),
    (
        "at_risk_with_plan",
        "of those, the ones with an open save plan",
    ),
    ("attempts", "save plans ever started"),
    ("attempt_rate_pct", "at_risk_with_plan ÷ at_risk, percent"),
    ("saved", "plans closed as saved"),
    ("lost", "plans closed as lost"),
    (
        "success_rate_pct",
        "saved ÷ (saved + lost), percent; 50–60 is solid, above 70 may mean effort on accounts that would renew anyway",
    ),
    (
        "revenue_saved",
        "ARR of the saved renewals: one amount per currency, in major units, never added across currencies",
    ),
    (
        "hours_spent",
        "hours logged against save plans (what the saves really took)",
    ),
    ("hours_planned", "hours the plans planned"),
    (
        "save_roi",
        "revenue saved ÷ (hours_spent × [save] hourly_cost), one decimal; null before any hour is logged, and when revenue was saved in a currency other than the book's (the hourly cost is in the book's currency)",
    ),
    (
        "renewed_again",
        "saved accounts that renewed (won) at a later renewal",
    ),
    (
        "median_days_to_save",
        "median days from opening a plan to closing it saved",
    ),
];

pub fn metrics_json(m: &rules::SaveMetrics) -> Value {
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("schema_version".into(), json!(METRICS_SCHEMA_VERSION));
        let saved: Vec<Value> = m
            .revenue_saved
            .0
            .iter()
            .map(|(c, amount)| json!({"amount": amount.major_f64(), "currency": c}))
            .collect();
        o.insert("revenue_saved".into(), Value::Array(saved));
        o.insert(
            "definitions".into(),
            Value::Object(
                METRIC_DEFINITIONS
                    .iter()
                    .map(|(k, d)| (k.to_string(), json!(d)))
                    .collect(),
            ),
        );
    }
    v
}

/// The customer-facing plan: our commitments by horizon, then pricing and terms, then
/// what we ask of the customer. Internal fields (owners' workload, approvals, warnings)
/// stay out.
pub fn customer_markdown(p: &StoredPlan, v: &SaveView, today: Date) -> String {
    use crate::domain::text::inert;
    let mut soon = Vec::new();
    let mut month = Vec::new();
    let mut later = Vec::new();
    for &i in &v.order {
        let it = &p.items[i].1;
        if ItemStatus::parse(&it.status).is_some_and(|s| s.is_finished()) {
            continue;
        }
        // The customer sees what we commit to, never the internal problem text or
        // its root cause: the CSM's customer wording, else the fix's own words.
        let fix = it.fix.as_deref().filter(|f| !f.trim().is_empty());
        let heading = it
            .customer_wording
            .as_deref()
            .filter(|w| !w.trim().is_empty())
            .or(fix)
            .unwrap_or("A point we are working on with you");
        let mut line = format!("- **{}**", inert(heading));
        match fix {
            Some(f) if f != heading => line.push_str(&format!(" — {}", inert(f))),
            Some(_) => {}
            None => line.push_str(" — we will agree the fix with you"),
        }
        line.push_str(&format!("; owner on our side: {}", inert(&it.owner)));
        // A missed date is not repeated to the customer as a promise: it is now.
        match it.deadline {
            Some(d) if d < today => line.push_str(" (right away)"),
            Some(d) => line.push_str(&format!(" (by {d})")),
            None => {}
        }
        if let Some(m) = &it.metric {
            line.push_str(&format!(
                "; we will both know it is fixed when: {}",
                inert(m)
            ));
        }
        match it.deadline.map(|d| (d - today).num_days()) {
            Some(n) if n <= 2 => soon.push(line),
            Some(n) if n <= 30 => month.push(line),
            _ => later.push(line),
        }
    }
    let mut out = format!(
        "# Our plan with {}\n\nPrepared {today}.\n\n",
        inert(&p.account_name)
    );
    let section = |out: &mut String, title: &str, lines: &[String], empty: &str| {
        out.push_str(&format!("## {title}\n\n"));
        if lines.is_empty() {
            out.push_str(&format!("{empty}\n\n"));
        } else {
            out.push_str(&lines.join("\n"));
            out.push_str("\n\n");
        }
    };
    section(
        &mut out,
        "In the next 48 hours",
        &soon,
        "Nothing scheduled yet.",
    );
    month.extend(later);
    section(
        &mut out,
        "In the next 30 days",
        &month,
        "Nothing further scheduled.",
    );
    let terms: Vec<String> = p
        .concessions
        .iter()
        .map(|(_, c)| {
            let what = c.given.as_deref().unwrap_or(&c.kind);
            let mut l = format!("- {}", inert(what));
            if let Some(bp) = c.percent_bp.filter(|b| *b > 0 && !what.contains('%')) {
                l.push_str(&format!(" ({}%)", pct_str(bp)));
            }
            if let Some(t) = &c.tied_to {
                l.push_str(&format!(", in return for {}", inert(t)));
            }
            if let Some(s) = c.sunset {
                l.push_str(&format!(", until {s}"));
            }
            l
        })
        .collect();
    section(
        &mut out,
        "Pricing and terms",
        &terms,
        "No change to pricing or terms.",
    );
    let asks: Vec<String> = p
        .concessions
        .iter()
        .filter_map(|(_, c)| c.tied_to.as_deref())
        .map(|t| format!("- {}", inert(t)))
        .chain(std::iter::once(
            "- A named contact on your side for each item, and a check-in with us when each is done".to_string(),
        ))
        .collect();
    section(&mut out, "What we ask of you", &asks, "");
    out
}

/// Writes the customer plan into `dir`, named from the account id, atomically (0600).
pub fn export(
    p: &StoredPlan,
    v: &SaveView,
    today: Date,
    dir: &std::path::Path,
) -> std::io::Result<std::path::PathBuf> {
    let path = super::files::safe_path_in(dir, &format!("{}-save-plan", p.account_id), "md");
    super::files::write_atomic(&path, customer_markdown(p, v, today).as_bytes())?;
    Ok(path)
}
