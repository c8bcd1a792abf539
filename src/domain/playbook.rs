//! Playbook milestones per segment, their due dates and status, and "behind". The
//! automated internal reminders are in `reminders.rs`.

use super::Date;
use super::config::{PlaybookRules, SegmentRules};
use super::money::Money;
use super::renewal::Stage;
use super::segment::Segment;
use chrono::Duration;
use serde::Serialize;

pub use super::reminders::{Reminder, ReminderDef, reminders};

/// One step of a segment's playbook, due `offset` days before the renewal date.
#[derive(Debug, PartialEq, Eq)]
pub struct MilestoneDef {
    pub key: &'static str,
    pub segment: Segment,
    pub offset: i64,
    pub name: &'static str,
    /// What the step involves, in our words.
    pub detail: &'static str,
    /// Once the step is due, the renewal should have reached at least this stage.
    pub expects: Stage,
    /// Only for larger accounts of the segment (see `PlaybookRules`).
    pub optional: bool,
}

const fn m(
    key: &'static str,
    segment: Segment,
    offset: i64,
    name: &'static str,
    detail: &'static str,
    expects: Stage,
    optional: bool,
) -> MilestoneDef {
    MilestoneDef {
        key,
        segment,
        offset,
        name,
        detail,
        expects,
        optional,
    }
}

use Segment::{Enterprise as E, MidMarket as MM, Smb as S};
use Stage::*;

/// Every milestone of every segment. The index in this table is the milestone's bit
/// in a renewal's `milestones_done` mask, so entries are only ever appended.
pub const MILESTONES: &[MilestoneDef] = &[
    m(
        "t120_review",
        E,
        120,
        "Internal account review",
        "Check health, risk and room to grow; refresh the stakeholder map; agree the strategy internally.",
        Prep,
        false,
    ),
    m(
        "t90_kickoff",
        E,
        90,
        "Kick-off and EBR booked",
        "Book the executive business review, gather value evidence and ROI, brief the whole account team.",
        Prep,
        false,
    ),
    m(
        "t60_value_review",
        E,
        60,
        "Renewal notice and value review",
        "Tell their stakeholders the renewal is coming, hold the value review, talk about their next year, share first terms.",
        Engaged,
        false,
    ),
    m(
        "t45_proposal_build",
        E,
        45,
        "Formal proposal built",
        "Write the proposal, bring in legal and procurement on both sides, line up the executives.",
        Engaged,
        false,
    ),
    m(
        "t30_present",
        E,
        30,
        "Proposal presented",
        "Present, negotiate, answer every objection, start their approval process.",
        Proposal,
        false,
    ),
    m(
        "t14_contract",
        E,
        14,
        "Contract out",
        "Confirm final terms, send the contract, start signature, settle any unusual payment terms.",
        Negotiating,
        false,
    ),
    m(
        "t90_review",
        MM,
        90,
        "Internal review",
        "Health, risk and expansion check for the larger mid-market accounts.",
        Prep,
        true,
    ),
    m(
        "t60_notice",
        MM,
        60,
        "Renewal notice and value summary",
        "Notify the key contacts; hold a business review or send a value summary.",
        Engaged,
        false,
    ),
    m(
        "t45_proposal",
        MM,
        45,
        "Proposal and terms ready",
        "Confirm pricing and terms; align their stakeholders.",
        Engaged,
        false,
    ),
    m(
        "t30_negotiate",
        MM,
        30,
        "Proposal delivered",
        "Deliver the proposal, handle objections, negotiate.",
        Proposal,
        false,
    ),
    m(
        "t14_finalise",
        MM,
        14,
        "Finalise",
        "Signatures and payment.",
        Negotiating,
        false,
    ),
    m(
        "t60_reminder",
        S,
        60,
        "Automated reminder and health check",
        "Send the automated renewal reminder; take a quick look at health.",
        NotStarted,
        false,
    ),
    m(
        "t30_proposal",
        S,
        30,
        "Renewal offer sent",
        "Send the generated proposal with clear terms, one-click renewal where possible.",
        Prep,
        false,
    ),
    m(
        "t14_followup",
        S,
        14,
        "Follow-up",
        "Follow-up reminder; a short call if it helps.",
        Engaged,
        false,
    ),
    m(
        "t7_final",
        S,
        7,
        "Final reminder",
        "Last reminder; escalate only if there is no answer.",
        Proposal,
        false,
    ),
];

pub fn milestone_by_key(key: &str) -> Option<(usize, &'static MilestoneDef)> {
    MILESTONES.iter().enumerate().find(|(_, m)| m.key == key)
}

/// Bit for a milestone in a `milestones_done` mask.
pub fn milestone_bit(key: &str) -> Option<u32> {
    milestone_by_key(key).map(|(i, _)| 1u32 << i)
}

/// The steps that apply to a renewal of this segment and size, earliest first.
pub fn playbook(
    segment: Segment,
    arr: Money,
    rules: &PlaybookRules,
) -> impl Iterator<Item = (usize, &'static MilestoneDef)> {
    let big = arr >= Money::from_major(rules.mid_market_review_min);
    MILESTONES
        .iter()
        .enumerate()
        .filter(move |(_, m)| m.segment == segment && (!m.optional || big))
}

/// The steps a renewal that has reached `stage` has already been through: those that
/// expect an earlier stage (a renewal at `proposal` has had its value review and its
/// proposal built). An import records these as done before import, so a book that
/// arrives mid-way is not shown overdue on steps that clearly happened. Closed
/// renewals have no playbook left.
pub fn done_by_stage(segment: Segment, arr: Money, stage: Stage, rules: &PlaybookRules) -> u32 {
    if stage.is_closed() {
        return 0;
    }
    playbook(segment, arr, rules)
        .filter(|(_, m)| m.expects < stage)
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// The longest lead time of any playbook (how far ahead the queue must look).
pub fn longest_offset() -> i64 {
    MILESTONES.iter().map(|m| m.offset).max().unwrap_or(0)
}

/// The longest lead time of one segment's playbook (optional steps included).
pub fn longest_offset_of(segment: Segment) -> i64 {
    MILESTONES
        .iter()
        .filter(|m| m.segment == segment)
        .map(|m| m.offset)
        .max()
        .unwrap_or(0)
}

/// For a queue window of `window_days`: how far ahead some segment's playbook has
/// already begun, and the lowest ARR of the segments whose playbook begins that
/// early. `None` when every playbook starts inside the window. The store uses this to
/// skip, before scoring, renewals past the window that cannot have a step due yet;
/// the exact decision stays with [`crate::domain::queue::QueueRow::in_window`].
pub fn lead_band(window_days: i64, rules: &SegmentRules) -> Option<(i64, Money)> {
    let early: Vec<Segment> = Segment::ALL
        .iter()
        .copied()
        .filter(|s| longest_offset_of(*s) > window_days)
        .collect();
    let horizon = early.iter().map(|s| longest_offset_of(*s)).max()?;
    let floor = early.iter().map(|s| segment_floor(*s, rules)).min()?;
    Some((horizon, floor))
}

fn segment_floor(s: Segment, rules: &SegmentRules) -> Money {
    match s {
        Segment::Enterprise => Money::from_major(rules.enterprise_min),
        Segment::MidMarket => Money::from_major(rules.mid_market_min),
        Segment::Smb => Money::ZERO,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Done,
    Overdue,
    Due,
    Upcoming,
}

impl MilestoneStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Done => "done",
            MilestoneStatus::Overdue => "overdue",
            MilestoneStatus::Due => "due",
            MilestoneStatus::Upcoming => "upcoming",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub def: &'static MilestoneDef,
    pub due: Date,
    pub status: MilestoneStatus,
}

pub fn status(due: Date, done: bool, today: Date) -> MilestoneStatus {
    if done {
        MilestoneStatus::Done
    } else if due < today {
        MilestoneStatus::Overdue
    } else if due == today {
        MilestoneStatus::Due
    } else {
        MilestoneStatus::Upcoming
    }
}

/// The renewal's playbook with due dates and status.
pub fn milestones(
    segment: Segment,
    arr: Money,
    renewal_date: Date,
    done_mask: u32,
    today: Date,
    rules: &PlaybookRules,
) -> Vec<Milestone> {
    playbook(segment, arr, rules)
        .map(|(i, def)| {
            let due = renewal_date - Duration::days(def.offset);
            Milestone {
                def,
                due,
                status: status(due, done_mask & (1 << i) != 0, today),
            }
        })
        .collect()
}

/// The first step not yet done (an overdue one before anything upcoming).
pub fn next_milestone(ms: &[Milestone]) -> Option<Milestone> {
    ms.iter()
        .find(|m| m.status != MilestoneStatus::Done)
        .copied()
}

/// Behind: a step whose date has passed is not done, or the stage lags what the latest
/// passed step expects.
pub fn is_behind(stage: Stage, ms: &[Milestone], today: Date) -> bool {
    if stage.is_closed() {
        return false;
    }
    let passed = ms.iter().filter(|m| m.due < today);
    let mut latest_expect = None;
    for m in passed {
        if m.status == MilestoneStatus::Overdue {
            return true;
        }
        latest_expect = Some(m.def.expects);
    }
    latest_expect.is_some_and(|e| stage < e)
}

/// Why a renewal is behind, in words (`None` when it is not): the first overdue step,
/// or the passed step whose expected stage the renewal has not reached — so BEHIND
/// on a renewal with every step done still says what is missing.
pub fn behind_reason(stage: Stage, ms: &[Milestone], today: Date) -> Option<String> {
    if !is_behind(stage, ms, today) {
        return None;
    }
    let passed: Vec<&Milestone> = ms.iter().filter(|m| m.due < today).collect();
    if let Some(m) = passed.iter().find(|m| m.status == MilestoneStatus::Overdue) {
        return Some(format!(
            "T-{} {} was due {} and is not done ({} days overdue)",
            m.def.offset,
            m.def.name,
            m.due,
            (today - m.due).num_days()
        ));
    }
    let m = passed.last()?;
    Some(format!(
        "every passed step is done, but the stage is {} while T-{} {} (due {}) expects {} or later",
        stage.label(),
        m.def.offset,
        m.def.name,
        m.due,
        m.def.expects.label()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn keys_are_unique_and_fit_the_mask() {
        assert!(MILESTONES.len() <= 32);
        for (i, m) in MILESTONES.iter().enumerate() {
            assert_eq!(milestone_by_key(m.key).unwrap().0, i, "{}", m.key);
        }
    }

    #[test]
    fn each_segment_has_its_timeline() {
        let r = PlaybookRules::default();
        let offsets = |s, arr| {
            playbook(s, Money::from_major(arr), &r)
                .map(|(_, m)| m.offset)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offsets(Segment::Enterprise, 200_000),
            vec![120, 90, 60, 45, 30, 14]
        );
        assert_eq!(
            offsets(Segment::MidMarket, 50_000),
            vec![90, 60, 45, 30, 14]
        );
        assert_eq!(offsets(Segment::MidMarket, 49_999), vec![60, 45, 30, 14]);
        assert_eq!(offsets(Segment::Smb, 5_000), vec![60, 30, 14, 7]);
        assert_eq!(longest_offset(), 120);
    }

    #[test]
    fn steps_before_the_stage_are_done() {
        let r = PlaybookRules::default();
        let keys = |seg, arr, stage| {
            let mask = done_by_stage(seg, Money::from_major(arr), stage, &r);
            MILESTONES
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & 1 << i != 0)
                .map(|(_, m)| m.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(Segment::Enterprise, 200_000, Stage::Proposal),
            vec![
                "t120_review",
                "t90_kickoff",
                "t60_value_review",
                "t45_proposal_build"
            ]
        );
        assert!(keys(Segment::Enterprise, 200_000, Stage::NotStarted).is_empty());
        assert_eq!(
            keys(Segment::Enterprise, 200_000, Stage::Engaged),
            vec!["t120_review", "t90_kickoff"]
        );
        assert_eq!(keys(Segment::Smb, 5_000, Stage::Prep), vec!["t60_reminder"]);
        assert!(keys(Segment::Smb, 5_000, Stage::Won).is_empty());
        // The optional mid-market review only for the larger accounts.
        assert_eq!(
            keys(Segment::MidMarket, 20_000, Stage::Proposal),
            vec!["t60_notice", "t45_proposal"]
        );
    }

    #[test]
    fn lead_band_beyond_the_window() {
        let r = SegmentRules::default();
        assert_eq!(lead_band(90, &r), Some((120, Money::from_major(100_000))));
        assert_eq!(lead_band(60, &r), Some((120, Money::from_major(10_000))));
        assert_eq!(lead_band(30, &r), Some((120, Money::ZERO)));
        assert_eq!(lead_band(120, &r), None);
    }

    #[test]
    fn status_at_due_today_tomorrow_and_overdue() {
        let today = d("2026-11-22");
        assert_eq!(status(today, false, today), MilestoneStatus::Due);
        assert_eq!(
            status(d("2026-11-23"), false, today),
            MilestoneStatus::Upcoming
        );
        assert_eq!(
            status(d("2026-11-21"), false, today),
            MilestoneStatus::Overdue
        );
        assert_eq!(status(d("2026-11-21"), true, today), MilestoneStatus::Done);
    }

    #[test]
    fn due_dates_and_next_step() {
        let r = PlaybookRules::default();
        let today = d("2026-11-22");
        // SMB renewal in 30 days: T-60 passed, T-30 due today.
        let renewal = d("2026-12-22");
        let done = milestone_bit("t60_reminder").unwrap();
        let ms = milestones(
            Segment::Smb,
            Money::from_major(5_000),
            renewal,
            done,
            today,
            &r,
        );
        assert_eq!(ms[0].status, MilestoneStatus::Done);
        assert_eq!(ms[1].due, today);
        assert_eq!(ms[1].status, MilestoneStatus::Due);
        assert_eq!(next_milestone(&ms).unwrap().def.key, "t30_proposal");
        assert!(!is_behind(Stage::NotStarted, &ms, today));
        // Without the T-60 step done it is overdue, so the renewal is behind.
        let ms = milestones(
            Segment::Smb,
            Money::from_major(5_000),
            renewal,
            0,
            today,
            &r,
        );
        assert_eq!(ms[0].status, MilestoneStatus::Overdue);
        assert_eq!(next_milestone(&ms).unwrap().def.key, "t60_reminder");
        assert!(is_behind(Stage::NotStarted, &ms, today));
    }

    #[test]
    fn behind_when_stage_lags_a_passed_step() {
        let r = PlaybookRules::default();
        let today = d("2026-11-22");
        let renewal = d("2026-12-12"); // 20 days left: T-30 passed, expects proposal
        let all = MILESTONES
            .iter()
            .enumerate()
            .fold(0u32, |m, (i, _)| m | 1 << i);
        let ms = milestones(
            Segment::Enterprise,
            Money::from_major(200_000),
            renewal,
            all,
            today,
            &r,
        );
        assert!(is_behind(Stage::Engaged, &ms, today));
        assert!(!is_behind(Stage::Proposal, &ms, today));
        assert!(!is_behind(Stage::Won, &ms, today));
    }

    #[test]
    fn behind_says_why() {
        let r = PlaybookRules::default();
        let today = d("2026-11-22");
        let renewal = d("2026-12-12");
        let all = MILESTONES
            .iter()
            .enumerate()
            .fold(0u32, |m, (i, _)| m | 1 << i);
        let arr = Money::from_major(200_000);
        let ms = milestones(Segment::Enterprise, arr, renewal, all, today, &r);
        assert_eq!(
            behind_reason(Stage::Engaged, &ms, today).unwrap(),
            "every passed step is done, but the stage is engaged while T-30 Proposal presented (due 2026-11-12) expects proposal or later"
        );
        assert_eq!(behind_reason(Stage::Proposal, &ms, today), None);
        let ms = milestones(Segment::Enterprise, arr, renewal, 0, today, &r);
        assert!(
            behind_reason(Stage::Proposal, &ms, today)
                .unwrap()
                .starts_with("T-120 Internal account review was due 2026-08-14 and is not done")
        );
    }
}
