//! The team view (§6 "a manager sees ... activity completion rate"): playbook steps
//! done on time, and save plans, per owner.

use super::Date;
use super::config::PlaybookRules;
use super::playbook;
use super::portfolio::Line;
use std::collections::BTreeMap;

/// Days back that the activity completion rate looks at.
pub const ACTIVITY_DAYS: i64 = 30;

/// One owner's activity and saves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamFacts {
    /// Playbook steps that came due in the last `ACTIVITY_DAYS` days.
    pub steps_due: u32,
    /// ...of which done on or before their due date.
    pub steps_on_time: u32,
    pub saves_open: u32,
    pub saves_won: u32,
    pub saves_lost: u32,
}

impl TeamFacts {
    /// Steps done on time ÷ steps due; `None` when none came due.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.steps_due > 0).then(|| self.steps_on_time as f64 / self.steps_due as f64)
    }
}

/// Steps of an open renewal that came due in `(today − ACTIVITY_DAYS, today]`, and how
/// many of them were done by their due date. `done` holds each completed step's key
/// and day; `before_import` the steps an import found already passed (not counted:
/// nobody did them here).
pub fn steps_on_time(
    l: &Line,
    done: &[(String, Date)],
    before_import: u32,
    today: Date,
    rules: &PlaybookRules,
) -> (u32, u32) {
    let Some(date) = l.renewal_date.filter(|_| l.closed.is_none()) else {
        return (0, 0);
    };
    let from = today - chrono::Duration::days(ACTIVITY_DAYS);
    let mut due = 0;
    let mut on_time = 0;
    for (i, def) in playbook::playbook(l.segment, l.arr, rules) {
        let when = date - chrono::Duration::days(def.offset);
        if when <= from || when > today || before_import & (1 << i) != 0 {
            continue;
        }
        due += 1;
        if done.iter().any(|(k, d)| k == def.key && *d <= when) {
            on_time += 1;
        }
    }
    (due, on_time)
}

/// Per owner (`(no owner)` for none): steps from `lines` and saves from
/// `saves` (`(owner, status)`).
pub fn by_owner(
    lines: &[Line],
    steps: impl Fn(&Line) -> (u32, u32),
    saves: &[(Option<String>, String)],
) -> BTreeMap<String, TeamFacts> {
    let name = |o: Option<&str>| o.unwrap_or("(no owner)").to_string();
    let mut m: BTreeMap<String, TeamFacts> = BTreeMap::new();
    for l in lines {
        let (d, t) = steps(l);
        let e = m.entry(name(l.owner.as_deref())).or_default();
        e.steps_due += d;
        e.steps_on_time += t;
    }
    for (owner, status) in saves {
        let e = m.entry(name(owner.as_deref())).or_default();
        match status.as_str() {
            "saved" => e.saves_won += 1,
            "lost" => e.saves_lost += 1,
            _ => e.saves_open += 1,
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::portfolio::ForecastCategory;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn steps_due_in_the_last_30_days_done_by_their_date() {
        let today = d("2026-11-22");
        let rules = PlaybookRules::default();
        // SMB at $5k, renewal on 2026-12-20: its steps fall at T-60, T-30 ... from the
        // playbook; whichever fell in the window count.
        let mut l = crate::domain::portfolio::tests::line(
            1,
            "2026-12-20",
            5000,
            ForecastCategory::Pipeline,
            60,
        );
        l.segment = crate::domain::segment::Segment::Smb;
        let all: Vec<_> = playbook::playbook(l.segment, l.arr, &rules)
            .map(|(_, def)| {
                (
                    def.key.to_string(),
                    d("2026-12-20") - chrono::Duration::days(def.offset),
                )
            })
            .filter(|(_, when)| *when > today - chrono::Duration::days(30) && *when <= today)
            .collect();
        assert!(!all.is_empty(), "the fixture has a step in the window");
        let (due, on_time) = steps_on_time(&l, &[], 0, today, &rules);
        assert_eq!((due, on_time), (all.len() as u32, 0));
        let done: Vec<(String, Date)> = all.iter().map(|(k, w)| (k.clone(), *w)).collect();
        assert_eq!(steps_on_time(&l, &done, 0, today, &rules), (due, due));
        let late: Vec<(String, Date)> = all
            .iter()
            .map(|(k, w)| (k.clone(), *w + chrono::Duration::days(1)))
            .collect();
        assert_eq!(steps_on_time(&l, &late, 0, today, &rules), (due, 0));
        let facts = TeamFacts {
            steps_due: 4,
            steps_on_time: 3,
            ..Default::default()
        };
        assert_eq!(facts.completion_rate(), Some(0.75));
        assert_eq!(TeamFacts::default().completion_rate(), None);
    }

    #[test]
    fn saves_count_per_owner() {
        let saves = vec![
            (Some("Dana".to_string()), "open".to_string()),
            (Some("Dana".to_string()), "saved".to_string()),
            (None, "lost".to_string()),
        ];
        let m = by_owner(&[], |_| (0, 0), &saves);
        assert_eq!((m["Dana"].saves_open, m["Dana"].saves_won), (1, 1));
        assert_eq!(m["(no owner)"].saves_lost, 1);
    }
}
