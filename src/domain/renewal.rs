//! Renewal stages, opportunity types and touch models.

use serde::{Deserialize, Serialize};

/// Declares a closed set of values stored and exchanged by their snake_case name,
/// with a human label. One macro so the database, JSON, CSV and the screen agree.
#[macro_export]
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal : $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and exported name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The name people read on screen.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses the stored name (exact, lower snake_case).
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The label as a choice in a list or the start of a line shows it, first
            /// letter capitalised ("Economic buyer", "Health drop"; "CSM" stays).
            pub fn title(self) -> std::borrow::Cow<'static, str> {
                $crate::domain::text::capitalised(self.label())
            }

            /// What a person types for a value: the stored name or the label, in any
            /// case, with spaces or underscores (`economic buyer`, `Economic_Buyer`).
            pub fn from_text(s: &str) -> Option<$name> {
                let typed = s.trim().to_lowercase().replace([' ', '-'], "_");
                $name::ALL.iter().copied().find(|v| {
                    v.as_str() == typed || v.label().to_lowercase().replace([' ', '-'], "_") == typed
                })
            }

            /// The stored names, for a message that lists what is accepted.
            pub fn names() -> String {
                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

text_enum!(
    /// Where a renewal is; the order is the order of progress.
    Stage {
        NotStarted = "not_started": "not started",
        Prep = "prep": "prep",
        Engaged = "engaged": "engaged",
        Proposal = "proposal": "proposal",
        Negotiating = "negotiating": "negotiating",
        Verbal = "verbal": "verbal yes",
        ContractSent = "contract_sent": "contract sent",
        Won = "won": "won",
        Churned = "churned": "churned",
        Downgraded = "downgraded": "downgraded",
    }
);

impl Stage {
    /// Proposal and after (closed stages included).
    pub fn is_late(self) -> bool {
        self >= Stage::Proposal
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Churned | Stage::Downgraded)
    }

    /// The open stages in order, for pickers and "advance".
    pub const OPEN: &'static [Stage] = &[
        Stage::NotStarted,
        Stage::Prep,
        Stage::Engaged,
        Stage::Proposal,
        Stage::Negotiating,
        Stage::Verbal,
        Stage::ContractSent,
    ];

    /// The next open stage, if any.
    pub fn advanced(self) -> Option<Stage> {
        let i = Stage::OPEN.iter().position(|s| *s == self)?;
        Stage::OPEN.get(i + 1).copied()
    }
}

text_enum!(
    /// What kind of renewal conversation this is.
    OpportunityType {
        Flat = "flat": "flat",
        Expansion = "expansion": "expansion",
        AtRisk = "at_risk": "at risk",
        Early = "early": "early",
    }
);

text_enum!(
    /// How much human effort the renewal gets.
    TouchModel {
        Auto = "auto": "auto",
        Assisted = "assisted": "assisted",
        Negotiated = "negotiated": "negotiated",
    }
);

text_enum!(
    /// How a closed renewal ended.
    Outcome {
        Won = "won": "won",
        Churned = "churned": "churned",
        Downgraded = "downgraded": "downgraded",
    }
);

impl Outcome {
    pub fn stage(self) -> Stage {
        match self {
            Outcome::Won => Stage::Won,
            Outcome::Churned => Stage::Churned,
            Outcome::Downgraded => Stage::Downgraded,
        }
    }
}

/// Win-back check-ins after a churn (§15): 3, 6 and 12 months after the close.
pub fn win_back_schedule(closed_on: crate::domain::Date) -> Vec<(u32, crate::domain::Date)> {
    [3u32, 6, 12]
        .into_iter()
        .map(|m| (m, closed_on + chrono::Months::new(m)))
        .collect()
}

/// Last stage change or activity; the later of the two is when the renewal last moved.
pub fn last_movement(
    stage_changed: Option<crate::domain::Date>,
    last_activity: Option<crate::domain::Date>,
) -> Option<crate::domain::Date> {
    stage_changed.max(last_activity)
}

/// Stalled: open, and nothing moved for at least `stalled_days` (or never moved).
/// Whether an activity of this kind moves a renewal forward (and so resets
/// "stalled"). Bookkeeping — snoozing, assigning an owner, overriding the forecast or
/// its category, undoing — is not movement: a renewal nobody talked to stays stalled
/// however often it is snoozed or reassigned.
pub fn activity_moves_renewal(kind: &str) -> bool {
    !matches!(kind, "snooze" | "owner" | "forecast" | "category" | "undo")
}

pub fn is_stalled(
    stage: Stage,
    last_movement: Option<crate::domain::Date>,
    today: crate::domain::Date,
    stalled_days: i64,
) -> bool {
    if stage.is_closed() {
        return false;
    }
    match last_movement {
        Some(d) => (today - d).num_days() >= stalled_days,
        None => true,
    }
}

/// Why a renewal is stalled, in words (`None` when it is not).
pub fn stalled_reason(
    stage: Stage,
    last_movement: Option<crate::domain::Date>,
    today: crate::domain::Date,
    stalled_days: i64,
) -> Option<String> {
    if !is_stalled(stage, last_movement, today, stalled_days) {
        return None;
    }
    Some(match last_movement {
        Some(d) => format!(
            "no stage change or activity for {} days (last on {d}; stalled from {stalled_days})",
            (today - d).num_days()
        ),
        None => "no stage change or activity on record".to_string(),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snooze {
    pub until: crate::domain::Date,
}

/// A snooze hides a renewal until (not including) its date.
pub fn is_snoozed(snoozed_until: Option<crate::domain::Date>, today: crate::domain::Date) -> bool {
    snoozed_until.is_some_and(|d| d > today)
}

#[cfg(test)]
mod tests {

    #[test]
    fn bookkeeping_is_not_movement() {
        for k in ["snooze", "owner", "forecast", "category", "undo"] {
            assert!(!activity_moves_renewal(k), "{k}");
        }
        for k in [
            "note",
            "call",
            "email",
            "meeting",
            "stage",
            "milestone",
            "risk",
            "closed",
        ] {
            assert!(activity_moves_renewal(k), "{k}");
        }
    }

    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every code a form offers as a choice shows a human label and reads back from
    /// both its code and its label.
    #[test]
    fn codes_have_human_labels_and_read_back_from_either() {
        use crate::domain::activity::ActivityKind;
        use crate::domain::portfolio::ForecastCategory;
        use crate::domain::risk::SignalKind;
        use crate::domain::stakeholder::Role;
        assert_eq!(Role::EconomicBuyer.title(), "Economic buyer");
        assert_eq!(SignalKind::HealthDrop.title(), "Health drop");
        assert_eq!(Stage::NotStarted.title(), "Not started");
        assert_eq!(Stage::Verbal.title(), "Verbal yes");
        assert_eq!(ForecastCategory::BestCase.title(), "Best case");
        assert_eq!(ActivityKind::Meeting.title(), "Meeting");
        assert_eq!(
            crate::domain::stakeholder::Thread::Csm.title(),
            "CSM",
            "an upper-case label stays as it is"
        );
        fn round_trips<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            label: fn(T) -> &'static str,
            read: fn(&str) -> Option<T>,
        ) {
            for &v in all {
                assert_eq!(read(code(v)), Some(v), "{v:?} by its code");
                assert_eq!(read(label(v)), Some(v), "{v:?} by its label");
                assert_eq!(read(&label(v).to_uppercase()), Some(v), "{v:?} in capitals");
                assert!(
                    !label(v).contains('_'),
                    "{v:?}: a label is words, not a code"
                );
            }
        }
        round_trips(Role::ALL, Role::as_str, Role::label, Role::from_text);
        round_trips(
            SignalKind::ALL,
            SignalKind::as_str,
            SignalKind::label,
            SignalKind::from_text,
        );
        round_trips(Stage::ALL, Stage::as_str, Stage::label, Stage::from_text);
        round_trips(
            ForecastCategory::ALL,
            ForecastCategory::as_str,
            ForecastCategory::label,
            ForecastCategory::from_text,
        );
        round_trips(
            ActivityKind::ALL,
            ActivityKind::as_str,
            ActivityKind::label,
            ActivityKind::from_text,
        );
        assert_eq!(
            Stage::from_text(" Contract sent "),
            Some(Stage::ContractSent)
        );
        assert_eq!(Stage::from_text("signed"), None);
    }

    #[test]
    fn names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Stage::parse("Won"), None);
    }

    #[test]
    fn late_stage_starts_at_proposal() {
        assert!(!Stage::Engaged.is_late());
        assert!(Stage::Proposal.is_late());
        assert!(Stage::ContractSent.is_late());
        assert_eq!(Stage::ContractSent.advanced(), None);
        assert_eq!(Stage::NotStarted.advanced(), Some(Stage::Prep));
        assert_eq!(Stage::Won.advanced(), None);
    }

    #[test]
    fn stalled_at_the_threshold() {
        let today = d("2026-11-22");
        assert!(!is_stalled(Stage::Prep, Some(d("2026-11-09")), today, 14)); // 13 days
        assert!(is_stalled(Stage::Prep, Some(d("2026-11-08")), today, 14)); // 14 days
        assert!(is_stalled(Stage::Prep, None, today, 14));
        assert!(!is_stalled(Stage::Won, None, today, 14));
        assert_eq!(
            last_movement(Some(d("2026-11-01")), Some(d("2026-11-05"))),
            Some(d("2026-11-05"))
        );
        assert_eq!(
            last_movement(None, Some(d("2026-11-05"))),
            Some(d("2026-11-05"))
        );
    }

    #[test]
    fn stalled_says_why() {
        let today = d("2026-11-22");
        assert_eq!(
            stalled_reason(Stage::Prep, Some(d("2026-11-08")), today, 14).unwrap(),
            "no stage change or activity for 14 days (last on 2026-11-08; stalled from 14)"
        );
        assert_eq!(
            stalled_reason(Stage::Prep, Some(d("2026-11-09")), today, 14),
            None
        );
        assert!(stalled_reason(Stage::Prep, None, today, 14).is_some());
    }

    #[test]
    fn win_back_at_three_six_and_twelve_months() {
        assert_eq!(
            win_back_schedule(d("2026-11-30")),
            vec![
                (3, d("2027-02-28")),
                (6, d("2027-05-30")),
                (12, d("2027-11-30"))
            ]
        );
    }

    #[test]
    fn snooze_ends_on_its_date() {
        let today = d("2026-11-22");
        assert!(is_snoozed(Some(d("2026-11-23")), today));
        assert!(!is_snoozed(Some(d("2026-11-22")), today));
        assert!(!is_snoozed(None, today));
    }
}
