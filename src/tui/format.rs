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

/// Flags as words: `RISK`, `BEHIND`, `STALLED`, `snoozed`.
pub fn flags(r: &QueueRow) -> String {
    let mut v = Vec::new();
    if r.at_risk {
        v.push("RISK");
    }
    if r.behind {
        v.push("BEHIND");
    }
    if r.stalled {
        v.push("stalled");
    }
    if r.snoozed {
        v.push("snoozed");
    }
    v.join(" ")
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
    fn fit_marks_cuts() {
        assert_eq!(fit("Quillfeather", 20), "Quillfeather");
        assert_eq!(fit("Quillfeather", 6), "Quill…");
        assert_eq!(fit("", 0), "");
    }
}
