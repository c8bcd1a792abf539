//! Risk signals the data already shows (§11), derived beside the ones people log.
//!
//! A logged signal is someone's observation; a derived one is what the book's own
//! numbers say: a health drop, a champion or buyer who left, low or falling NPS/CSAT,
//! falling usage. Both count towards "at risk" by kind (`risk::at_risk_reason`), so
//! a drop that is also logged by hand is one signal, not two.

use super::Date;
use super::book::Stakeholder;
use super::config::SignalRules;
use super::risk::{ReadingKind, SignalKind};
use super::stakeholder::{ContactStatus, Role};
use chrono::Duration;

/// A signal computed from data, with the fact behind it in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub kind: SignalKind,
    /// The reading, score or person it comes from.
    pub text: String,
    /// When the fact was observed, where one date says it.
    pub on: Option<Date>,
}

/// One dated measurement (NPS, CSAT, usage %).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub kind: ReadingKind,
    pub on: Date,
    pub value: f64,
}

/// Why health is a risk signal. Plain data (computed for every queue row on load;
/// the words only when shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthDrop {
    Red { score: u8 },
    Fell { points: i16, to: u8 },
    BottomQuartile { score: u8 },
}

impl std::fmt::Display for HealthDrop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HealthDrop::Red { score } => write!(f, "health {score} is below the red line"),
            HealthDrop::Fell { points, to } => write!(f, "health fell {points} points to {to}"),
            HealthDrop::BottomQuartile { score } => {
                write!(f, "health {score} is in the book's bottom quartile")
            }
        }
    }
}

/// Health drop: below the red line, in the bottom quartile, or a fall of at least
/// `health_drop_points` since the previous snapshot.
pub fn health_drop(
    score: Option<u8>,
    previous: Option<u8>,
    red: bool,
    bottom_quartile: bool,
    rules: &SignalRules,
) -> Option<HealthDrop> {
    let score = score?;
    let fall = previous.map_or(0, |p| p as i16 - score as i16);
    if red {
        Some(HealthDrop::Red { score })
    } else if fall >= rules.health_drop_points as i16 {
        Some(HealthDrop::Fell {
            points: fall,
            to: score,
        })
    } else if bottom_quartile {
        Some(HealthDrop::BottomQuartile { score })
    } else {
        None
    }
}

/// Roles whose departure resets the relationship (§10).
const KEY_ROLES: [Role; 3] = [Role::Champion, Role::EconomicBuyer, Role::DecisionMaker];

/// Stakeholder change: a champion, economic buyer or decision maker who left or
/// changed role (imported that way or marked by hand).
pub fn stakeholder_change(people: &[Stakeholder]) -> Option<String> {
    let gone: Vec<String> = people
        .iter()
        .filter(|s| {
            s.status != ContactStatus::Active && s.role.is_some_and(|r| KEY_ROLES.contains(&r))
        })
        .map(|s| {
            format!(
                "{} ({}) {}",
                s.name,
                s.role.map(|r| r.label()).unwrap_or("contact"),
                if s.status == ContactStatus::Left {
                    "left"
                } else {
                    "changed role"
                }
            )
        })
        .collect();
    (!gone.is_empty()).then(|| gone.join("; "))
}

/// The latest reading of `kind` and the one before it, by date.
fn latest_two(readings: &[Reading], kind: ReadingKind) -> (Option<Reading>, Option<Reading>) {
    let mut of: Vec<Reading> = readings
        .iter()
        .filter(|r| r.kind == kind)
        .copied()
        .collect();
    of.sort_by_key(|r| r.on);
    let last = of.pop();
    (last, of.pop())
}

/// Negative feedback: the latest NPS below `nps_min` or CSAT below `csat_min`, or
/// either down by `feedback_drop_points` since its previous reading.
pub fn negative_feedback(readings: &[Reading], rules: &SignalRules) -> Option<(String, Date)> {
    for (kind, min) in [
        (ReadingKind::Nps, rules.nps_min),
        (ReadingKind::Csat, rules.csat_min),
    ] {
        let (Some(last), prev) = latest_two(readings, kind) else {
            continue;
        };
        if last.value < min {
            return Some((
                format!("{} {} is below {}", kind.label(), num(last.value), num(min)),
                last.on,
            ));
        }
        if let Some(p) = prev
            && p.value - last.value >= rules.feedback_drop_points
        {
            return Some((
                format!(
                    "{} fell from {} to {}",
                    kind.label(),
                    num(p.value),
                    num(last.value)
                ),
                last.on,
            ));
        }
    }
    None
}

/// Usage decline: the latest usage reading at least `usage_drop_pct` percent below the
/// earliest reading within `usage_window_days` before it.
pub fn usage_decline(readings: &[Reading], rules: &SignalRules) -> Option<(String, Date)> {
    let mut usage: Vec<Reading> = readings
        .iter()
        .filter(|r| r.kind == ReadingKind::Usage)
        .copied()
        .collect();
    usage.sort_by_key(|r| r.on);
    let last = *usage.last()?;
    let from = last.on - Duration::days(rules.usage_window_days);
    let base = usage.iter().find(|r| r.on >= from && r.on < last.on)?;
    if base.value <= 0.0 {
        return None;
    }
    let drop = (base.value - last.value) / base.value * 100.0;
    (drop >= rules.usage_drop_pct).then(|| {
        (
            format!(
                "usage down {}% ({} → {}) since {}",
                num(drop),
                num(base.value),
                num(last.value),
                base.on
            ),
            last.on,
        )
    })
}

/// A number as people write it: no trailing `.0`, at most one decimal.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The signals an account's people and readings show (health drop aside: it needs
/// the book's quartile and is derived with the queue row).
pub fn from_people_and_readings(
    people: &[Stakeholder],
    readings: &[Reading],
    rules: &SignalRules,
) -> Vec<Derived> {
    let mut out = Vec::new();
    if let Some(text) = stakeholder_change(people) {
        out.push(Derived {
            kind: SignalKind::StakeholderChange,
            text,
            on: None,
        });
    }
    if let Some((text, on)) = negative_feedback(readings, rules) {
        out.push(Derived {
            kind: SignalKind::NegativeFeedback,
            text,
            on: Some(on),
        });
    }
    if let Some((text, on)) = usage_decline(readings, rules) {
        out.push(Derived {
            kind: SignalKind::UsageDecline,
            text,
            on: Some(on),
        });
    }
    out
}

/// Kinds as a mask (`SignalKind::bit`).
pub fn mask(signals: &[Derived]) -> u32 {
    signals.iter().fold(0, |m, s| m | s.kind.bit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stakeholder::Sentiment;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn r(kind: ReadingKind, on: &str, value: f64) -> Reading {
        Reading {
            kind,
            on: d(on),
            value,
        }
    }

    fn person(role: Role, status: ContactStatus) -> Stakeholder {
        Stakeholder {
            id: 0,
            account_id: "A".into(),
            name: "Ana".into(),
            title: None,
            email: None,
            phone: None,
            role: Some(role),
            sentiment: Sentiment::Neutral,
            status,
            last_contact: None,
            our_thread: None,
            our_contact: None,
        }
    }

    #[test]
    fn health_drop_at_its_boundaries() {
        let g = SignalRules::default();
        assert!(health_drop(Some(49), None, true, false, &g).is_some());
        assert!(
            health_drop(Some(80), Some(89), false, false, &g).is_none(),
            "9 points"
        );
        assert_eq!(
            health_drop(Some(80), Some(90), false, false, &g)
                .unwrap()
                .to_string(),
            "health fell 10 points to 80"
        );
        assert!(health_drop(Some(60), Some(60), false, true, &g).is_some());
        assert!(health_drop(None, Some(90), false, false, &g).is_none());
        assert!(
            health_drop(Some(95), Some(80), false, false, &g).is_none(),
            "a rise"
        );
    }

    #[test]
    fn stakeholder_change_is_a_key_role_gone() {
        assert!(stakeholder_change(&[person(Role::Champion, ContactStatus::Active)]).is_none());
        assert!(stakeholder_change(&[person(Role::User, ContactStatus::Left)]).is_none());
        assert_eq!(
            stakeholder_change(&[person(Role::EconomicBuyer, ContactStatus::ChangedRole)])
                .as_deref(),
            Some("Ana (economic buyer) changed role")
        );
        assert!(stakeholder_change(&[person(Role::Champion, ContactStatus::Left)]).is_some());
    }

    #[test]
    fn feedback_below_the_line_or_falling() {
        let g = SignalRules::default();
        let nps = |v| vec![r(ReadingKind::Nps, "2026-10-01", v)];
        assert!(negative_feedback(&nps(0.0), &g).is_none(), "at the line");
        assert!(negative_feedback(&nps(-1.0), &g).is_some());
        let csat = |v| vec![r(ReadingKind::Csat, "2026-10-01", v)];
        assert!(negative_feedback(&csat(70.0), &g).is_none());
        assert!(negative_feedback(&csat(69.0), &g).is_some());
        let falling = vec![
            r(ReadingKind::Nps, "2026-10-01", 40.0),
            r(ReadingKind::Nps, "2026-07-01", 50.0),
        ];
        assert_eq!(
            negative_feedback(&falling, &g).unwrap().0,
            "NPS fell from 50 to 40"
        );
        let nine = vec![
            r(ReadingKind::Nps, "2026-10-01", 41.0),
            r(ReadingKind::Nps, "2026-07-01", 50.0),
        ];
        assert!(negative_feedback(&nine, &g).is_none());
    }

    #[test]
    fn usage_decline_over_the_window() {
        let g = SignalRules::default();
        let u = |a: &str, av, b: &str, bv| {
            vec![r(ReadingKind::Usage, a, av), r(ReadingKind::Usage, b, bv)]
        };
        assert!(
            usage_decline(&u("2026-08-01", 80.0, "2026-10-30", 64.0), &g).is_some(),
            "20%"
        );
        assert!(usage_decline(&u("2026-08-01", 80.0, "2026-10-30", 64.1), &g).is_none());
        // The earlier reading is outside the 90-day window: nothing to compare with.
        assert!(usage_decline(&u("2026-07-01", 80.0, "2026-10-30", 10.0), &g).is_none());
        assert!(usage_decline(&u("2026-08-01", 0.0, "2026-10-30", 0.0), &g).is_none());
    }
}
