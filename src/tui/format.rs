//! Short cell texts shared by panes. Every state that has a colour also has words.

use crate::domain::Date;
use crate::domain::health::HealthBand;
use crate::domain::queue::QueueRow;

pub use crate::io::text::days_left;

pub fn band_tag(b: Option<HealthBand>) -> &'static str {
    match b {
        Some(HealthBand::Green) => "grn",
        Some(HealthBand::Yellow) => "yel",
        Some(HealthBand::Red) => "RED",
        None => "—",
    }
}

/// `66 yel ↓8`, `— ` when there is no score.
pub fn health(r: &QueueRow) -> String {
    match r.facts.health {
        None => "—".into(),
        Some(s) => {
            let trend = match crate::domain::health::trend(r.facts.health, r.facts.health_prev) {
                Some(t) if t > 0 => format!(" ↑{t}"),
                Some(t) if t < 0 => format!(" ↓{}", -t),
                _ => String::new(),
            };
            let q = if r.bottom_quartile { "*" } else { "" };
            format!("{s} {}{q}{trend}", band_tag(r.band))
        }
    }
}

/// `Value review · 12d` / `Value review · overdue 3d`.
pub fn next_step(r: &QueueRow, today: Date) -> String {
    match &r.next_milestone {
        None => "—".into(),
        Some(m) => format!(
            "{} · {}",
            m.name,
            days_left(Some((m.due - today).num_days()))
        ),
    }
}

/// Flags as words, first why a row past the window is shown: `T-120 overdue RISK
/// BEHIND STALLED snoozed`. When that does not fit `width`, each flag takes its
/// short form (`T-120! RSK BHD STL zz`): no two share an abbreviation, so a cut
/// never leaves "s…" for both stalled and snoozed.
/// The queue's flags for the help: long form, short form, meaning.
pub const FLAG_LEGEND: &[(&str, &str, &str)] = &[
    ("RISK", "RSK", "at risk: health, signals or a flag say so"),
    ("BEHIND", "BHD", "a playbook step is late for the days left"),
    (
        "STALLED",
        "STL",
        "no movement (stage change or contact) for [queue] stalled_days",
    ),
    ("snoozed", "zz", "snoozed until a date (shown with Z)"),
    (
        "T-120 overdue",
        "T-120!",
        "beyond the window, but a playbook step is overdue",
    ),
    (
        "T-90 due today",
        "T-90 due",
        "beyond the window, a playbook step is due today",
    ),
];

pub fn flags(r: &QueueRow, width: usize) -> String {
    let label = r.window_label();
    let mut long: Vec<String> = Vec::new();
    let mut short: Vec<String> = Vec::new();
    if let Some(l) = &label {
        long.push(l.clone());
        short.push(l.replace(" overdue", "!").replace(" due today", " due"));
    }
    for (on, l, s) in [
        (r.at_risk, "RISK", "RSK"),
        (r.behind, "BEHIND", "BHD"),
        (r.stalled, "STALLED", "STL"),
        (r.snoozed, "snoozed", "zz"),
    ] {
        if on {
            long.push(l.into());
            short.push(s.into());
        }
    }
    let long = long.join(" ");
    if long.chars().count() <= width {
        long
    } else {
        short.join(" ")
    }
}

pub use crate::io::text::fit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_words() {
        assert_eq!(days_left(Some(-5)), "overdue 5d");
        assert_eq!(days_left(Some(0)), "today");
        assert_eq!(days_left(Some(1)), "1d");
        assert_eq!(days_left(None), "no date");
    }

    #[test]
    fn stalled_and_snoozed_never_look_alike() {
        use crate::domain::config::Config;
        use crate::domain::queue::{RenewalFacts, build_row};
        let today: Date = "2026-11-22".parse().unwrap();
        let f = RenewalFacts {
            renewal_id: 1,
            account_id: "A".into(),
            account_name: "A".into(),
            owner: None,
            arr: crate::domain::money::Money::from_major(5_000),
            target: None,
            currency: "USD".into(),
            renewal_date: Some(today + chrono::Duration::days(100)),
            segment_override: None,
            health: Some(80),
            health_prev: None,
            open_signals: 0,
            signal_kinds: 0,
            derived_kinds: 0,
            stage: crate::domain::renewal::Stage::Prep,
            opportunity_type: crate::domain::renewal::OpportunityType::Flat,
            touch_model: crate::domain::renewal::TouchModel::Auto,
            probability_override: None,
            snoozed_until: None,
            flagged_at_risk: true,
            milestones_done: 0,
            last_movement: None,
        };
        let mut r = build_row(f, &Config::default(), today, None);
        r.behind = true;
        r.snoozed = true;
        assert_eq!(flags(&r, 40), "RISK BEHIND STALLED snoozed");
        assert_eq!(flags(&r, 14), "RSK BHD STL zz");
        r.stalled = false;
        assert_eq!(flags(&r, 14), "RSK BHD zz");
        assert_eq!(flags(&r, 19), "RISK BEHIND snoozed");
    }

    #[test]
    fn fit_marks_cuts() {
        assert_eq!(fit("Quillfeather", 20), "Quillfeather");
        assert_eq!(fit("Quillfeather", 6), "Quill…");
        assert_eq!(fit("", 0), "");
    }
}
