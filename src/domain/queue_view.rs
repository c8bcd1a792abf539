//! Narrowing and ordering the queue, and the day's agenda — pure functions over rows.

use super::Date;
use super::config::Config;
use super::health::HealthBand;
use super::ownership::Lead;
use super::playbook::{self, MilestoneStatus};
use super::queue::QueueRow;
use super::queue_fields::QueueFields;
use super::renewal::Stage;
use super::segment::Segment;

/// Whether a renewal is the user's under the ownership model. A CSM's are the ones
/// they own and still lead (a specialist or sales may take one over near its date);
/// a specialist's or seller's are every renewal the model hands to that role.
pub fn is_mine<'a>(r: impl QueueFields<'a>, user: &str, role: Lead) -> bool {
    let owns = r
        .owner()
        .is_some_and(|o| !user.is_empty() && o.eq_ignore_ascii_case(user));
    match role {
        Lead::Csm => owns && r.lead() == Lead::Csm,
        other => r.lead() == other,
    }
}

/// Quick filters; they combine (all must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub mine: bool,
    /// Whose "mine": `None` matches the owner name only (the CLI's `--owner`);
    /// `Some(role)` follows the ownership model (see [`is_mine`]).
    pub role: Option<Lead>,
    pub segment: Option<Segment>,
    pub band: Option<HealthBand>,
    pub stage: Option<Stage>,
    pub at_risk: bool,
    pub behind: bool,
    pub stalled: bool,
    /// Snoozed renewals are hidden unless this is set.
    pub show_snoozed: bool,
    /// Hides the renewals past the window that are shown for a playbook step due.
    pub hide_steps_due: bool,
}

impl Filters {
    pub fn is_default(&self) -> bool {
        *self == Filters::default()
    }

    /// The active filters in words, for the always-visible filter line.
    pub fn describe(&self, user: &str) -> Vec<String> {
        let mut v = Vec::new();
        if self.mine && matches!(self.role, Some(Lead::Specialist | Lead::Sales)) {
            v.push(format!(
                "mine (led by {})",
                self.role.map_or("", |r| r.label())
            ));
        } else if self.mine {
            v.push(if user.is_empty() {
                "mine (set [user] name in config)".to_string()
            } else {
                format!("mine ({user})")
            });
        }
        if let Some(s) = self.segment {
            v.push(format!("segment {}", s.label()));
        }
        if let Some(b) = self.band {
            v.push(format!("health {}", b.label()));
        }
        if let Some(s) = self.stage {
            v.push(format!("stage {}", s.label()));
        }
        if self.at_risk {
            v.push("at risk".into());
        }
        if self.behind {
            v.push("behind".into());
        }
        if self.stalled {
            v.push("stalled".into());
        }
        if self.show_snoozed {
            v.push("snoozed shown".into());
        }
        if self.hide_steps_due {
            v.push("steps due past the window hidden".into());
        }
        v
    }

    pub fn keep<'a>(&self, r: impl QueueFields<'a>, user: &str) -> bool {
        (!self.mine
            || match self.role {
                Some(role) => is_mine(r, user, role),
                None => r
                    .owner()
                    .is_some_and(|o| !user.is_empty() && o.eq_ignore_ascii_case(user)),
            })
            && self.segment.is_none_or(|s| r.segment() == s)
            && self.band.is_none_or(|b| r.band() == Some(b))
            && self.stage.is_none_or(|s| r.stage() == s)
            && (!self.at_risk || r.at_risk())
            && (!self.behind || r.behind())
            && (!self.stalled || r.stalled())
            && (self.show_snoozed || !r.snoozed())
            && !(self.hide_steps_due && r.beyond_window())
    }
}

/// Steps through `None, Some(a), Some(b), ... , None`.
pub fn cycle<T: Copy + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => all
            .iter()
            .position(|x| *x == c)
            .and_then(|i| all.get(i + 1))
            .copied(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Priority,
    DaysLeft,
    Arr,
    Health,
    Account,
    Stage,
    Owner,
    Probability,
    Signals,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [
        SortKey::Priority,
        SortKey::DaysLeft,
        SortKey::Arr,
        SortKey::Health,
        SortKey::Account,
        SortKey::Stage,
        SortKey::Owner,
        SortKey::Probability,
        SortKey::Signals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Priority => "priority",
            SortKey::DaysLeft => "days left",
            SortKey::Arr => "ARR",
            SortKey::Health => "health",
            SortKey::Account => "account",
            SortKey::Stage => "stage",
            SortKey::Owner => "owner",
            SortKey::Probability => "probability",
            SortKey::Signals => "risk signals",
        }
    }

    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

/// Orders `idx` (indices into `rows`, already in priority order) by `key`. The natural
/// direction is the useful one (most urgent, largest, least healthy first; names
/// A–Z); `reverse` flips it. The sort is stable, so ties keep priority order.
pub fn sort(rows: &[QueueRow], idx: &mut [usize], key: SortKey, reverse: bool) {
    sort_by(|i| &rows[i], idx, key, reverse)
}

/// [`sort`] over rows however they are held: `row(i)` gives row `i`'s fields.
pub fn sort_by<'a, R: QueueFields<'a>>(
    row: impl Fn(usize) -> R,
    idx: &mut [usize],
    key: SortKey,
    reverse: bool,
) {
    use std::cmp::Reverse;
    if key == SortKey::Priority && !reverse {
        return; // rows already arrive in priority order
    }
    // Each row's key is taken once, then the (key, position) pairs are sorted: at a
    // million rows a comparator that lowercased two names per comparison cost more
    // than the rest of a key press. Stable: ties keep their priority order.
    fn by<K: Ord>(idx: &mut [usize], reverse: bool, key: impl Fn(usize) -> K) {
        if reverse {
            idx.sort_by_cached_key(|&i| Reverse(key(i)));
        } else {
            idx.sort_by_cached_key(|&i| key(i));
        }
    }
    match key {
        SortKey::Priority => by(idx, reverse, |i| Reverse(row(i).priority())),
        SortKey::DaysLeft => by(idx, reverse, |i| row(i).days_left().unwrap_or(i64::MAX)),
        SortKey::Arr => by(idx, reverse, |i| Reverse(row(i).arr())),
        SortKey::Health => by(idx, reverse, |i| row(i).health().unwrap_or(u8::MAX)),
        SortKey::Account => by(idx, reverse, |i| row(i).account_name().to_lowercase()),
        SortKey::Stage => by(idx, reverse, |i| row(i).stage()),
        SortKey::Owner => by(idx, reverse, |i| row(i).owner().unwrap_or("\u{10FFFF}")),
        SortKey::Probability => by(idx, reverse, |i| row(i).probability()),
        SortKey::Signals => by(idx, reverse, |i| Reverse(row(i).open_signals())),
    }
}

/// One line of the day's agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    /// Index of the renewal's row.
    pub row: usize,
    pub kind: AgendaKind,
    pub due: Date,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaKind {
    /// A playbook step, by key (can be marked done from the agenda).
    Milestone(&'static str),
    Reminder,
    /// A stored task (review meeting, health check, win-back), by id.
    Task(i64),
}

/// Every playbook step due today or overdue, and every reminder due today, for the
/// given rows (snoozed ones skipped), grouped by renewal in the rows' order; then the
/// stored tasks due (`tasks`: row index, task id, due date, title).
pub fn agenda<'a, R: QueueFields<'a>>(
    row: impl Fn(usize) -> R,
    order: &[usize],
    today: Date,
    cfg: &Config,
    tasks: &[(usize, i64, Date, String)],
) -> Vec<AgendaItem> {
    // Tasks by row, once: a book whose import turned thousands of accounts red has a
    // review task for each, and scanning them all for every row was quadratic.
    let mut by_row: std::collections::HashMap<usize, Vec<&(usize, i64, Date, String)>> =
        std::collections::HashMap::new();
    for t in tasks {
        by_row.entry(t.0).or_default().push(t);
    }
    let mut out = Vec::new();
    for &i in order {
        let r = row(i);
        if r.snoozed() {
            continue;
        }
        let Some(date) = r.renewal_date() else {
            continue;
        };
        for m in playbook::milestones(
            r.segment(),
            r.arr(),
            date,
            r.milestones_done(),
            today,
            &cfg.playbook,
        ) {
            if matches!(m.status, MilestoneStatus::Due | MilestoneStatus::Overdue) {
                let when = if m.status == MilestoneStatus::Due {
                    "due today".to_string()
                } else {
                    format!("overdue {}d", (today - m.due).num_days())
                };
                out.push(AgendaItem {
                    row: i,
                    kind: AgendaKind::Milestone(m.def.key),
                    due: m.due,
                    text: format!("T-{} {} — {when}", m.def.offset, m.def.name),
                });
            }
        }
        for rem in playbook::reminders(date, r.stage(), &cfg.playbook) {
            if rem.due == today {
                out.push(AgendaItem {
                    row: i,
                    kind: AgendaKind::Reminder,
                    due: rem.due,
                    text: format!("T-{} reminder: {}", rem.def.offset, rem.def.text),
                });
            }
        }
        for (row, id, due, title) in by_row.get(&i).into_iter().flatten().copied() {
            out.push(AgendaItem {
                row: *row,
                kind: AgendaKind::Task(*id),
                due: *due,
                text: title.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::queue::tests::facts;
    use crate::domain::queue::{RenewalFacts, build_row};
    use crate::domain::renewal::TouchModel;

    fn row(name: &str, days: Option<i64>, owner: Option<&str>) -> QueueRow {
        let today: Date = "2026-11-22".parse().unwrap();
        let f = RenewalFacts {
            account_id: name.into(),
            account_name: name.into(),
            owner: owner.map(Into::into),
            arr: Money::from_major(20_000),
            health_prev: None,
            stage: Stage::Prep,
            touch_model: TouchModel::Assisted,
            ..facts(days, today)
        };
        build_row(f, &Config::default(), today, None)
    }

    #[test]
    fn mine_follows_the_ownership_model() {
        use crate::domain::ownership::Lead;
        let mut r = row("Acme", Some(30), Some("Dana"));
        r.facts.owner = Some("Dana".into());
        r.lead = Lead::Csm;
        assert!(is_mine(&r, "dana", Lead::Csm));
        assert!(!is_mine(&r, "Sam", Lead::Csm));
        // From T-60 a specialist leads: no longer the CSM's, now the specialist's.
        r.lead = Lead::Specialist;
        assert!(!is_mine(&r, "Dana", Lead::Csm));
        assert!(is_mine(&r, "Riley", Lead::Specialist));
        assert!(!is_mine(&r, "Riley", Lead::Sales));
        let f = Filters {
            mine: true,
            role: None,
            ..Default::default()
        };
        assert!(
            f.keep(&r, "Dana"),
            "the CLI's --owner matches the name only"
        );
    }

    #[test]
    fn filters_combine_and_hide_snoozed() {
        let mut a = row("A", Some(10), Some("Dana"));
        let b = row("B", Some(10), Some("Sam"));
        a.snoozed = true;
        let f = Filters::default();
        assert!(!f.keep(&a, "Dana"));
        assert!(f.keep(&b, "Dana"));
        let f = Filters {
            mine: true,
            show_snoozed: true,
            ..Default::default()
        };
        assert!(f.keep(&a, "dana"));
        assert!(!f.keep(&b, "Dana"));
        assert!(!f.keep(&a, ""), "mine with no user name matches nothing");
        let f = Filters {
            segment: Some(Segment::Enterprise),
            ..Default::default()
        };
        assert!(!f.keep(&b, ""));
        assert_eq!(
            Filters {
                at_risk: true,
                behind: true,
                ..Default::default()
            }
            .describe(""),
            vec!["at risk", "behind"]
        );
    }

    #[test]
    fn cycling_returns_to_all() {
        let all = [Segment::Enterprise, Segment::MidMarket, Segment::Smb];
        let mut c = None;
        let mut seen = vec![];
        for _ in 0..4 {
            c = cycle(c, &all);
            seen.push(c);
        }
        assert_eq!(
            seen,
            vec![
                Some(Segment::Enterprise),
                Some(Segment::MidMarket),
                Some(Segment::Smb),
                None
            ]
        );
    }

    #[test]
    fn sorting_both_ways_keeps_undated_last() {
        let rows = vec![
            row("b", Some(30), None),
            row("a", None, None),
            row("c", Some(-2), None),
        ];
        let mut idx = vec![0, 1, 2];
        sort(&rows, &mut idx, SortKey::DaysLeft, false);
        assert_eq!(idx, vec![2, 0, 1]);
        sort(&rows, &mut idx, SortKey::DaysLeft, true);
        assert_eq!(idx, vec![1, 0, 2]);
        sort(&rows, &mut idx, SortKey::Account, false);
        assert_eq!(idx, vec![1, 0, 2]);
    }

    #[test]
    fn agenda_lists_due_and_overdue_steps_and_todays_reminders() {
        // Mid-market ARR 20K renewal in 30 days: T-60 and T-45 overdue, T-30 due today,
        // and the T-30 reminder fires today.
        let rows = vec![row("A", Some(30), None)];
        let today: Date = "2026-11-22".parse().unwrap();
        let items = agenda(
            |i| &rows[i],
            &[0],
            today,
            &Config::default(),
            &[(0, 7, today, "Review meeting now".into())],
        );
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert!(texts[0].starts_with("T-60") && texts[0].ends_with("overdue 30d"));
        assert!(texts[2].starts_with("T-30") && texts[2].ends_with("due today"));
        assert!(texts[3].starts_with("T-30 reminder"));
        assert_eq!(items[4].kind, AgendaKind::Task(7));
        let mut snoozed = rows.clone();
        snoozed[0].snoozed = true;
        assert!(agenda(|i| &snoozed[i], &[0], today, &Config::default(), &[]).is_empty());
    }
}
