//! The automated internal reminders on every renewal (§5): T-90 alert the owner, T-60
//! prep and a friendly notice, T-30 proposal and formal notice, T-14 escalate if not
//! late-stage, T-7 management and the final reminder.

use super::Date;
use super::config::PlaybookRules;
use super::renewal::Stage;
use chrono::Duration;

/// An automated internal reminder.
#[derive(Debug, PartialEq, Eq)]
pub struct ReminderDef {
    pub offset: i64,
    pub text: &'static str,
}

/// How many days before a renewal its earliest reminder can fall.
pub fn longest_offset() -> i64 {
    REMINDERS.iter().map(|r| r.offset).max().unwrap_or(0)
}

const REMINDERS: &[ReminderDef] = &[
    ReminderDef {
        offset: 90,
        text: "Heads-up to the owner: renewal in 90 days (no customer contact yet).",
    },
    ReminderDef {
        offset: 60,
        text: "Hand out prep tasks and send the customer a friendly notice.",
    },
    ReminderDef {
        offset: 30,
        text: "Generate the proposal and send the formal notice with a value summary.",
    },
    ReminderDef {
        offset: 14,
        text: "Not late-stage yet: escalate internally.",
    },
    ReminderDef {
        offset: 7,
        text: "Still open a week out: bring in management and send the final reminder.",
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub def: &'static ReminderDef,
    pub due: Date,
}

/// The reminders that apply to this renewal: the configured ones, with T-14 only when
/// the deal is not late-stage and T-7 only while it is open.
pub fn reminders(renewal_date: Date, stage: Stage, rules: &PlaybookRules) -> Vec<Reminder> {
    if stage.is_closed() {
        return Vec::new();
    }
    REMINDERS
        .iter()
        .filter(|r| rules.reminder_days.contains(&r.offset))
        .filter(|r| r.offset != 14 || !stage.is_late())
        .map(|def| Reminder {
            def,
            due: renewal_date - Duration::days(def.offset),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn reminders_follow_stage_and_config() {
        let r = PlaybookRules::default();
        let renewal = d("2026-12-22");
        let offs = |st| {
            reminders(renewal, st, &r)
                .iter()
                .map(|x| x.def.offset)
                .collect::<Vec<_>>()
        };
        assert_eq!(offs(Stage::Engaged), vec![90, 60, 30, 14, 7]);
        assert_eq!(offs(Stage::Proposal), vec![90, 60, 30, 7]);
        assert!(offs(Stage::Won).is_empty());
        let only = PlaybookRules {
            reminder_days: vec![30],
            ..r
        };
        assert_eq!(
            reminders(renewal, Stage::Prep, &only)[0].due,
            d("2026-11-22")
        );
    }
}
