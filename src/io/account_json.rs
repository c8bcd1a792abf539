//! `runway account ID --json`: everything the account pane shows, as data.

use crate::domain::account_view::AccountDetail;
use serde_json::{Value, json};

pub fn account_json(d: &AccountDetail, today: crate::domain::Date) -> Value {
    let mut top = match &d.row {
        Some(r) => crate::io::queue_json::row_json(r),
        None => json!({ "account_id": d.account.id, "account_name": d.account.name }),
    };
    let obj = top.as_object_mut().expect("row_json returns an object");
    obj.insert(
        "schema_version".into(),
        json!(crate::io::queue_json::SCHEMA_VERSION),
    );
    obj.insert("today".into(), json!(today.to_string()));
    obj.insert("industry".into(), json!(d.account.industry));
    obj.insert(
        "customer_since".into(),
        json!(d.account.customer_since.map(|x| x.to_string())),
    );
    obj.insert("first_renewal".into(), json!(d.first_renewal));
    obj.insert(
        "segment_override_reason".into(),
        json!(d.account.segment_override_reason),
    );
    obj.insert(
        "stakeholders".into(),
        json!(
            d.stakeholders
                .iter()
                .map(|s| json!({
                    "name": s.name,
                    "title": s.title,
                    "email": s.email,
                    "role": s.role.map(|r| r.as_str()),
                    "sentiment": s.sentiment.as_str(),
                    "status": s.status.as_str(),
                    "last_contact": s.last_contact.map(|x| x.to_string()),
                    "our_thread": s.our_thread.map(|t| t.as_str()),
                    "our_contact": s.our_contact,
                }))
                .collect::<Vec<_>>()
        ),
    );
    let c = &d.coverage;
    obj.insert(
        "coverage".into(),
        json!({
            "single_threaded": c.single_threaded,
            "missing_roles": c.missing_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "champion_left": c.champion_left,
            "stale_contacts": c.stale_contacts,
            "warnings": c.warnings,
        }),
    );
    // Logged signals (what someone observed) and derived ones (what the data shows),
    // each with its `source`; at-risk counts their kinds together.
    let logged = d.signals.iter().map(|s| {
        json!({ "source": "logged", "kind": s.kind.as_str(), "date": s.observed_on.to_string(), "value": s.value, "note": s.note })
    });
    let derived = d.derived.iter().map(|s| {
        json!({ "source": "derived", "kind": s.kind.as_str(), "date": s.on.map(|x| x.to_string()), "value": null, "note": s.text })
    });
    obj.insert(
        "signals".into(),
        json!(derived.chain(logged).collect::<Vec<_>>()),
    );
    if let Some(r) = &d.row {
        let f = r.risk_facts();
        obj.insert(
            "save_mode".into(),
            json!(crate::domain::risk::save_mode(&f)),
        );
    }
    obj.insert(
        "health_history".into(),
        json!(
            d.health
                .iter()
                .map(|(dt, sc)| json!({ "date": dt.to_string(), "score": sc }))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert(
        "milestones".into(),
        json!(d
            .milestones
            .iter()
            .map(|m| json!({ "key": m.def.key, "name": m.def.name, "offset_days": m.def.offset, "due_date": m.due.to_string(), "status": m.status.as_str(), "done_before_import": d.done_before_import(m) }))
            .collect::<Vec<_>>()),
    );
    obj.insert(
        "multi_year".into(),
        json!({ "candidate": d.multi_year.0, "reasons": d.multi_year.1 }),
    );
    top
}
