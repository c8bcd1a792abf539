//! `runway save ID --json` for an open renewal with no save plan yet: the assessment
//! the plan would start from, with `"plan": null`.

use crate::domain::Date;
use crate::domain::save_assessment::PreAssessment;
use serde_json::{Value, json};

pub fn pre_assessment_json(
    account_id: &str,
    account_name: &str,
    a: &PreAssessment,
    today: Date,
) -> Value {
    json!({
        "schema_version": crate::io::save_plan::SCHEMA_VERSION,
        "account_id": account_id,
        "account_name": account_name,
        "today": today.to_string(),
        "plan": null,
        "probability_tier": "not assessed",
        "value_tier": a.value.as_str(),
        "time_mode": a.time.map(|(t, _)| t.as_str()),
        "time_mode_reason": a.time.map(|(_, why)| why),
        "days_left": a.days_left,
        "suggested_effort": a.effort_by_probability.iter().map(|(p, e, why)| json!({
            "if_probability": p.as_str(), "effort": e.as_str(), "reason": why, "team_and_timebox": e.team_and_timebox(),
        })).collect::<Vec<_>>(),
        "root_cause_suggested": a.root_cause.as_ref().map(|(c, _)| c.as_str()),
        "root_cause_reason": a.root_cause.as_ref().map(|(_, why)| why),
        "multi_year": { "candidate": a.multi_year.0, "reasons": a.multi_year.1 },
        "tracker": a.tracker.iter().map(|i| json!({
            "problem": i.problem, "root_cause": i.root_cause.as_str(), "fix": null, "owner": i.owner,
            "deadline": null, "metric": null, "status": "open",
        })).collect::<Vec<_>>(),
    })
}
