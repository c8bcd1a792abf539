//! The queue as data for scripts: `runway queue --json`, and a plain-text table.
//! Field names are documented in README.md ("Queue for scripts").

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::queue::QueueRow;
use crate::domain::text::inert;
use serde_json::{Value, json};
use std::io::Write;

/// Bumped when a field changes meaning or disappears (new fields do not bump it).
pub const SCHEMA_VERSION: u32 = 1;

fn money(m: Money) -> Value {
    json!(m.major_f64())
}

/// One queue row with every field the pane shows. Names are raw (JSON escapes them);
/// the text table makes them inert.
pub fn row_json(r: &QueueRow) -> Value {
    let f = &r.facts;
    json!({
        "account_id": f.account_id,
        "account_name": f.account_name,
        "segment": r.segment.as_str(),
        "segment_computed": r.computed_segment.as_str(),
        "segment_override": f.segment_override.map(|s| s.as_str()),
        "arr": money(f.arr),
        "target_arr": f.target.map(money),
        "currency": &*f.currency,
        "renewal_date": f.renewal_date.map(|d| d.to_string()),
        "days_left": r.days_left,
        "health_score": f.health,
        "health_trend": crate::domain::health::trend(f.health, f.health_prev),
        "health_band": r.band.map(|b| b.as_str()),
        "bottom_quartile": r.bottom_quartile,
        "risk_signals": f.open_signals,
        "signal_kinds": crate::domain::risk::kinds_in(r.risk_facts().kinds()).map(|k| k.as_str()).collect::<Vec<_>>(),
        "derived_signal_kinds": crate::domain::risk::kinds_in(r.derived_kinds).map(|k| k.as_str()).collect::<Vec<_>>(),
        "at_risk": r.at_risk,
        "at_risk_reason": crate::domain::risk::at_risk_reason(&r.risk_facts()),
        "stage": f.stage.as_str(),
        "opportunity_type": f.opportunity_type.as_str(),
        "touch_model": f.touch_model.as_str(),
        "owner": f.owner.as_deref(),
        "probability": r.probability,
        "probability_override": f.probability_override,
        "weighted_value": money(r.weighted()),
        "next_milestone": r.next_milestone.as_ref().map(|m| json!({
            "key": m.key,
            "name": m.name,
            "due_date": m.due.to_string(),
            "overdue": m.overdue,
        })),
        "beyond_window": r.beyond_window,
        "window_label": r.window_label(),
        "behind": r.behind,
        "stalled": r.stalled,
        "snoozed_until": f.snoozed_until.map(|d| d.to_string()),
        "priority": r.priority,
    })
}

/// Why a row is BEHIND and STALLED, in words (`null` when it is not), as `w` says.
pub fn add_reasons(v: &mut Value, r: &QueueRow, cfg: &crate::domain::config::Config, today: Date) {
    if let Some(o) = v.as_object_mut() {
        o.insert("behind_reason".into(), json!(r.behind_reason(cfg, today)));
        o.insert("stalled_reason".into(), json!(r.stalled_reason(cfg, today)));
    }
}

/// One row of `queue --json` as serde writes it: the fields of `row_json` plus the
/// reasons, declared in the order `row_json`'s map sorts its keys, so a row is
/// written straight from the row without a map built per row (a third of the time
/// of a million-row listing). tests/streaming.rs holds the bytes to the old ones.
#[derive(serde::Serialize)]
struct RowOut<'a> {
    account_id: &'a str,
    account_name: &'a str,
    arr: f64,
    at_risk: bool,
    at_risk_reason: Option<&'static str>,
    behind: bool,
    behind_reason: Option<String>,
    beyond_window: bool,
    bottom_quartile: bool,
    currency: &'a str,
    days_left: Option<i64>,
    derived_signal_kinds: Vec<&'static str>,
    health_band: Option<&'static str>,
    health_score: Option<u8>,
    health_trend: Option<i16>,
    next_milestone: Option<MilestoneOut>,
    opportunity_type: &'static str,
    owner: Option<&'a str>,
    priority: u32,
    probability: u8,
    probability_override: Option<u8>,
    renewal_date: Option<String>,
    risk_signals: u32,
    segment: &'static str,
    segment_computed: &'static str,
    segment_override: Option<&'static str>,
    signal_kinds: Vec<&'static str>,
    snoozed_until: Option<String>,
    stage: &'static str,
    stalled: bool,
    stalled_reason: Option<String>,
    target_arr: Option<f64>,
    touch_model: &'static str,
    weighted_value: f64,
    window_label: Option<String>,
}

#[derive(serde::Serialize)]
struct MilestoneOut {
    due_date: String,
    key: &'static str,
    name: &'static str,
    overdue: bool,
}

fn row_out<'a>(r: &'a QueueRow, cfg: &crate::domain::config::Config, today: Date) -> RowOut<'a> {
    use crate::domain::risk;
    let f = &r.facts;
    RowOut {
        account_id: &f.account_id,
        account_name: &f.account_name,
        arr: f.arr.major_f64(),
        at_risk: r.at_risk,
        at_risk_reason: risk::at_risk_reason(&r.risk_facts()),
        behind: r.behind,
        behind_reason: r.behind_reason(cfg, today),
        beyond_window: r.beyond_window,
        bottom_quartile: r.bottom_quartile,
        currency: &f.currency,
        days_left: r.days_left,
        derived_signal_kinds: risk::kinds_in(r.derived_kinds)
            .map(|k| k.as_str())
            .collect(),
        health_band: r.band.map(|b| b.as_str()),
        health_score: f.health,
        health_trend: crate::domain::health::trend(f.health, f.health_prev),
        next_milestone: r.next_milestone.as_ref().map(|m| MilestoneOut {
            due_date: m.due.to_string(),
            key: m.key,
            name: m.name,
            overdue: m.overdue,
        }),
        opportunity_type: f.opportunity_type.as_str(),
        owner: f.owner.as_deref(),
        priority: r.priority,
        probability: r.probability,
        probability_override: f.probability_override,
        renewal_date: f.renewal_date.map(|d| d.to_string()),
        risk_signals: f.open_signals,
        segment: r.segment.as_str(),
        segment_computed: r.computed_segment.as_str(),
        segment_override: f.segment_override.map(|s| s.as_str()),
        signal_kinds: risk::kinds_in(r.risk_facts().kinds())
            .map(|k| k.as_str())
            .collect(),
        snoozed_until: f.snoozed_until.map(|d| d.to_string()),
        stage: f.stage.as_str(),
        stalled: r.stalled,
        stalled_reason: r.stalled_reason(cfg, today),
        target_arr: f.target.map(|m| m.major_f64()),
        touch_model: f.touch_model.as_str(),
        weighted_value: r.weighted().major_f64(),
        window_label: r.window_label(),
    }
}

/// One row's bytes, with the reasons `w` gives, indented to its place in the
/// document (made apart from writing, so rows can be put in order first).
pub fn row_bytes(r: &QueueRow, cfg: &crate::domain::config::Config, today: Date) -> Vec<u8> {
    let text = crate::io::out::json_pretty(&row_out(r, cfg, today));
    // Every newline pretty JSON writes is layout (strings escape theirs), so
    // indenting a row one level is a newline-for-newline-and-indent swap.
    let mut out = Vec::with_capacity(text.len() + 256);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\n    ");
        }
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// `runway queue --json` written as the rows come: the bytes the whole document
/// would pretty-print to (keys in order, so `rows` opens it), never the document.
pub struct QueueJsonWriter<W: Write> {
    out: W,
    rows: usize,
}

impl<W: Write> QueueJsonWriter<W> {
    pub fn start(mut out: W) -> std::io::Result<Self> {
        out.write_all(b"{\n  \"rows\": [")?;
        Ok(QueueJsonWriter { out, rows: 0 })
    }

    /// Writes a row made by `row_bytes`.
    pub fn row(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(if self.rows == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.out.write_all(bytes)?;
        self.rows += 1;
        Ok(())
    }

    /// Closes the document (and the line), handing back the writer.
    pub fn finish(mut self, today: Date, window_days: Option<i64>) -> std::io::Result<W> {
        self.out
            .write_all(if self.rows == 0 { b"]" } else { b"\n  ]" })?;
        let window = window_days.map_or_else(|| "null".to_string(), |w| w.to_string());
        write!(
            self.out,
            ",\n  \"schema_version\": {SCHEMA_VERSION},\n  \"today\": \"{today}\",\n  \"window_days\": {window}\n}}\n"
        )?;
        Ok(self.out)
    }
}

/// The header of the fixed-width table for people at a shell.
pub fn text_header() -> String {
    format!(
        "{:>3}  {:<28}  {:>11}  {:>7}  {:<10}  {:<13}  {:<34}  {}\n",
        "PRI", "ACCOUNT", "DAYS", "ARR", "HEALTH", "STAGE", "NEXT STEP", "OWNER"
    )
}

/// One line of the table. Money is in the row's own currency, in the book's number
/// `style`.
pub fn text_line(
    r: &QueueRow,
    today: Date,
    style: Option<crate::domain::money::NumberStyle>,
) -> String {
    let name = crate::io::text::fit(&inert(&r.facts.account_name), 28);
    let owner = r
        .facts
        .owner
        .as_deref()
        .map(|o| inert(o).into_owned())
        .unwrap_or_else(|| "unassigned".into());
    let health = match (r.facts.health, r.band) {
        (Some(s), Some(b)) => format!("{s} {}", b.as_str()),
        _ => "—".into(),
    };
    let days = crate::io::text::days_left(r.days_left);
    let next = r
        .next_milestone
        .as_ref()
        .map(|m| {
            format!(
                "{} ({})",
                m.name,
                if m.overdue {
                    crate::io::text::days_left(Some((m.due - today).num_days()))
                } else {
                    m.due.to_string()
                }
            )
        })
        .unwrap_or_else(|| "—".into());
    // Why a row past the window is here comes first; flags as the pane words them.
    let mut flags = r
        .window_label()
        .map(|l| format!(" {l}"))
        .unwrap_or_default();
    for (on, word) in [
        (r.at_risk, " RISK"),
        (r.behind, " BEHIND"),
        (r.stalled, " STALLED"),
    ] {
        if on {
            flags.push_str(word);
        }
    }
    format!(
        "{:>3}  {:<28}  {:>11}  {:>7}  {:<10}  {:<13}  {:<34}  {owner}{flags}\n",
        r.priority,
        name,
        days,
        r.facts
            .arr
            .compact(&crate::domain::money::Cur::new(&r.facts.currency, style)),
        health,
        r.facts.stage.as_str(),
        crate::io::text::fit(&next, 34)
    )
}
