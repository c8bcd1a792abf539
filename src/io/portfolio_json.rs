//! The portfolio as data for scripts (`runway forecast|moved --json`) and as text.
//! Field names are documented in README.md ("Forecast, what moved, win/loss").
//! Money is in major units beside its `currency`; no figure adds two currencies.

use crate::domain::money::{Money, NumberStyle};
use crate::domain::moves::{Move, TrendPoint, Waterfall};
use crate::domain::portfolio::{Figures, Flows, Period};
use crate::domain::text::inert;
use serde_json::{Map, Value, json};

/// Bumped when a field changes meaning or disappears (new fields do not bump it).
pub const SCHEMA_VERSION: u32 = 1;

fn money(m: Money) -> Value {
    json!(m.major_f64())
}

pub fn period_json(p: &Period) -> Value {
    json!({"label": p.label, "from": p.from.to_string(), "to": p.to.to_string()})
}

fn flows_json(f: &Flows) -> Value {
    json!({
        "start": money(f.start),
        "expansion": money(f.expansion),
        "contraction": money(f.contraction),
        "churn": money(f.churn),
        "grr": f.grr(),
        "nrr": f.nrr(),
    })
}

/// One currency's figures as a JSON object's fields.
pub fn figures_fields(f: &Figures) -> Map<String, Value> {
    let v = json!({
        "schema_version": SCHEMA_VERSION,
        "currency": f.currency,
        "count": f.count,
        "renewals_due": money(f.renewals_due),
        "target": money(f.target),
        "against_target": money(f.against_target()),
        "forecast": money(f.forecast),
        "weighted": money(f.weighted),
        "commit": money(f.commit),
        "best_case": money(f.best_case),
        "pipeline": money(f.pipeline),
        "omitted": money(f.omitted),
        "closed_won": money(f.closed_won),
        "churned": money(f.churned),
        "at_risk": money(f.at_risk),
        "behind": f.behind,
        "stalled": f.stalled,
        "grr": f.actual.grr(),
        "nrr": f.actual.nrr(),
        "grr_forecast": f.expected.grr(),
        "nrr_forecast": f.expected.nrr(),
        "retention": {"actual": flows_json(&f.actual), "forecast": flows_json(&f.expected)},
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!("json! of an object"),
    }
}

/// Figures of a group (`owner`, `segment`, `lead`): one object per currency.
pub fn grouped(by: &str, groups: &[(String, Vec<Figures>)]) -> Vec<Value> {
    let mut out = Vec::new();
    for (name, figs) in groups {
        for f in figs {
            let mut m = Map::new();
            m.insert(by.to_string(), json!(name));
            m.extend(figures_fields(f));
            out.push(Value::Object(m));
        }
    }
    out
}

/// `runway forecast --json`: the book currency's figures at the top (zeros when it has
/// nothing due), every other currency's in `other_currencies[]`.
#[allow(clippy::too_many_arguments)]
pub fn forecast_json(
    book_currency: &str,
    period: &Period,
    owner: Option<&str>,
    figures: &[Figures],
    by_owner: &[(String, Vec<Figures>)],
    by_lead: &[(String, Vec<Figures>)],
    by_segment: &[(String, Vec<Figures>)],
    at_risk_by_kind: &[(String, String, Money, u32)],
    team: &std::collections::BTreeMap<String, crate::domain::team::TeamFacts>,
) -> Value {
    let main = figures
        .iter()
        .find(|f| f.currency == book_currency)
        .cloned()
        .unwrap_or_else(|| Figures {
            currency: book_currency.to_string(),
            ..Default::default()
        });
    let mut top = Map::new();
    top.insert("period".into(), period_json(period));
    top.insert("owner".into(), json!(owner));
    top.extend(figures_fields(&main));
    top.insert(
        "other_currencies".into(),
        Value::Array(
            figures
                .iter()
                .filter(|f| f.currency != book_currency)
                .map(|f| Value::Object(figures_fields(f)))
                .collect(),
        ),
    );
    let mut owners = grouped("owner", by_owner);
    for o in &mut owners {
        let t = team
            .get(o["owner"].as_str().unwrap_or_default())
            .cloned()
            .unwrap_or_default();
        let m = o.as_object_mut().expect("grouped gives objects");
        m.insert("steps_due_30d".into(), json!(t.steps_due));
        m.insert("steps_on_time_30d".into(), json!(t.steps_on_time));
        m.insert("activity_completion".into(), json!(t.completion_rate()));
        m.insert("saves_open".into(), json!(t.saves_open));
        m.insert("saves_won".into(), json!(t.saves_won));
        m.insert("saves_lost".into(), json!(t.saves_lost));
    }
    top.insert("by_owner".into(), Value::Array(owners));
    top.insert("by_lead".into(), json!(grouped("lead", by_lead)));
    top.insert("by_segment".into(), json!(grouped("segment", by_segment)));
    top.insert(
        "at_risk_by_kind".into(),
        Value::Array(
            at_risk_by_kind
                .iter()
                .map(|(k, c, a, n)| {
                    json!({"schema_version": SCHEMA_VERSION, "kind": k, "currency": c, "arr": money(*a), "count": n})
                })
                .collect(),
        ),
    );
    Value::Object(top)
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1} %", r * 100.0))
}

/// One currency's figures as text (names made inert by the caller's output).
pub fn figures_text(f: &Figures, style: Option<NumberStyle>) -> String {
    let cur = crate::domain::money::Cur::new(&f.currency, style);
    let m = |x: Money| x.format(&cur);
    let rows = [
        (
            "renewals due",
            format!("{} ({} renewals)", m(f.renewals_due), f.count),
        ),
        ("target", m(f.target)),
        (
            "forecast",
            format!(
                "{} ({} against target)",
                m(f.forecast),
                m(f.against_target())
            ),
        ),
        ("weighted", m(f.weighted)),
        ("commit", m(f.commit)),
        ("best case", m(f.best_case)),
        ("pipeline", m(f.pipeline)),
        ("omitted", m(f.omitted)),
        ("closed won", m(f.closed_won)),
        ("churned", m(f.churned)),
        ("at risk", m(f.at_risk)),
        ("behind / stalled", format!("{} / {}", f.behind, f.stalled)),
        (
            "GRR / NRR",
            format!(
                "{} / {} closed · {} / {} forecast",
                pct(f.actual.grr()),
                pct(f.actual.nrr()),
                pct(f.expected.grr()),
                pct(f.expected.nrr())
            ),
        ),
    ];
    rows.iter()
        .map(|(k, v)| format!("  {k:<17}{v}\n"))
        .collect()
}

/// A group table as text: name, renewals, forecast, commit, at risk, behind, stalled.
pub fn groups_text(
    title: &str,
    groups: &[(String, Vec<Figures>)],
    style: Option<NumberStyle>,
) -> String {
    let mut s = format!("{title}\n");
    for (name, figs) in groups {
        for f in figs {
            let cur = crate::domain::money::Cur::new(&f.currency, style);
            s.push_str(&format!(
                "  {:<22} {:>4} due  forecast {:>12}  commit {:>12}  at risk {:>12}  behind {:>3}  stalled {:>3}\n",
                crate::io::text::fit(&inert(name), 22),
                f.count,
                f.forecast.format(&cur),
                f.commit.format(&cur),
                f.at_risk.format(&cur),
                f.behind,
                f.stalled
            ));
        }
    }
    s
}

/// One move as JSON, named by its account.
pub fn move_json(m: &Move, account: &(String, String)) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "account_id": account.0,
        "account_name": account.1,
        "kind": m.kind.as_str(),
        "currency": m.currency,
        "before": m.before,
        "after": m.after,
        "effect": money(m.effect),
    })
}

/// Each currency's waterfall as steps: `start`, each kind, `end`.
pub fn waterfall_json(w: &[Waterfall]) -> Vec<Value> {
    let mut out = Vec::new();
    for x in w {
        let step = |name: &str, amount: Money, count: Option<u32>| json!({"schema_version": SCHEMA_VERSION, "currency": x.currency, "step": name, "amount": money(amount), "count": count});
        out.push(step("start", x.start, None));
        for (k, a, n) in &x.steps {
            out.push(step(k.as_str(), *a, Some(*n)));
        }
        out.push(step("end", x.end, None));
    }
    out
}

pub fn trend_json(t: &[TrendPoint]) -> Vec<Value> {
    t.iter()
        .map(|p| {
            json!({
                "schema_version": SCHEMA_VERSION,
                "week": p.day.to_string(),
                "currency": p.currency,
                "forecast": money(p.forecast),
                "commit": money(p.commit),
                "at_risk": money(p.at_risk),
            })
        })
        .collect()
}

/// `runway winloss --json`.
pub fn winloss_json(
    period: Option<&Period>,
    pattern_min: u32,
    records: &[&crate::domain::winloss::Record],
    patterns: &[crate::domain::winloss::Pattern],
    saves: &[crate::domain::winloss::SaveSuccess],
) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "period": period.map(period_json),
        "pattern_min": pattern_min,
        "records": records.iter().map(|r| json!({
            "schema_version": SCHEMA_VERSION,
            "account_id": r.account_id,
            "account_name": r.account_name,
            "owner": r.owner,
            "segment": r.segment.as_str(),
            "currency": r.currency,
            "renewal_date": r.renewal_date.map(|d| d.to_string()),
            "closed_on": r.closed_on.to_string(),
            "result": r.result.as_str(),
            "arr": money(r.arr),
            "final_arr": money(r.final_value),
            "lost_arr": money(r.lost_arr()),
            "reason": r.reason,
            "value_cited": r.value_cited,
            "could_improve": r.could_improve,
            "missed_expansion": r.missed_expansion,
            "competitor": r.competitor,
            "when_really_lost": r.when_really_lost,
            "could_have_saved": r.could_have_saved,
        })).collect::<Vec<_>>(),
        "patterns": patterns.iter().map(|p| json!({
            "schema_version": SCHEMA_VERSION,
            "by": p.by,
            "value": p.value,
            "currency": p.currency,
            "count": p.count,
            "arr": money(p.arr),
            "pattern": p.pattern,
        })).collect::<Vec<_>>(),
        "save_success": saves.iter().map(|s| json!({
            "schema_version": SCHEMA_VERSION,
            "by": s.by,
            "value": s.value,
            "open": s.open,
            "saved": s.saved,
            "lost": s.lost,
            "success_rate": s.success_rate(),
        })).collect::<Vec<_>>(),
    })
}
