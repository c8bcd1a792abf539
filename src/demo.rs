//! The demo book (assets/demo_book.json) and a synthetic book generator for benches.
//!
//! The demo file stores every date as an offset from "today", so whatever day the
//! demo is opened on, its renewals are current: some overdue, many in the window.

use crate::domain::Date;
use crate::domain::book::{
    Account, Activity, ClosedOutcome, Concession, Proposal, ProposalTier, Renewal, SaveItem,
    SavePlan, Signal, Stakeholder,
};
use crate::domain::money::Money;
use crate::domain::renewal::{OpportunityType, Outcome, Stage, TouchModel};
use crate::domain::risk::SignalKind;
use crate::domain::save::{EscalationStage, LostSign, ProbabilityTier, RootCause};
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use crate::store::{Store, StoreError, Tx};
use chrono::Duration;
use serde::Deserialize;

const DEMO_JSON: &str = include_str!("../assets/demo_book.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoBook {
    book: String,
    currency: String,
    accounts: Vec<DemoAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    id: String,
    name: String,
    industry: Option<String>,
    domain: Option<String>,
    arr: i64,
    target_arr: Option<i64>,
    renewal_in_days: Option<i64>,
    customer_since_days_ago: i64,
    stage: Stage,
    opportunity_type: OpportunityType,
    touch_model: TouchModel,
    owner: Option<String>,
    segment_override: Option<Segment>,
    segment_override_reason: Option<String>,
    strategic: bool,
    reference: bool,
    growth: bool,
    probability_override: Option<u8>,
    stage_changed_days_ago: i64,
    snooze: Option<DemoSnooze>,
    health: Vec<(i64, u8)>,
    milestones_done: Vec<String>,
    stakeholders: Vec<DemoStakeholder>,
    signals: Vec<DemoSignal>,
    activities: Vec<DemoActivity>,
    save_plan: Option<DemoSavePlan>,
    proposal: Option<DemoProposal>,
    history: Vec<DemoHistory>,
    closed: Option<DemoClosed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSnooze {
    until_in_days: i64,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStakeholder {
    name: String,
    title: Option<String>,
    email: Option<String>,
    role: Option<Role>,
    sentiment: Sentiment,
    status: ContactStatus,
    last_contact_days_ago: Option<i64>,
    our_thread: Option<Thread>,
    #[serde(default)]
    our_contact: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSignal {
    kind: SignalKind,
    days_ago: i64,
    value: Option<f64>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoActivity {
    days_ago: i64,
    kind: String,
    summary: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSavePlan {
    opened_days_ago: i64,
    // Typed, so the demo book can only hold values the product itself accepts (a
    // sign the assessment form would refuse cannot slip in through the demo).
    probability_tier: ProbabilityTier,
    root_cause: RootCause,
    planned_hours: i64,
    lost_cause_signs: Vec<LostSign>,
    escalation: Option<EscalationStage>,
    items: Vec<DemoSaveItem>,
    concessions: Vec<DemoConcession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSaveItem {
    problem: String,
    root_cause: Option<String>,
    fix: Option<String>,
    owner: String,
    deadline_in_days: Option<i64>,
    metric: Option<String>,
    status: String,
    priority: i64,
    deal_breaker: bool,
    fixable: bool,
    quick_win: bool,
    #[serde(default)]
    customer_wording: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoConcession {
    kind: String,
    percent: Option<f64>,
    given: Option<String>,
    tied_to: Option<String>,
    sunset_in_days: Option<i64>,
    rationale: Option<String>,
    expected_outcome: Option<String>,
    alternatives: Option<String>,
    approved_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProposal {
    status: String,
    accepted_tier: Option<String>,
    uplift_pct: f64,
    expansion_pct: Option<f64>,
    expansion_seats: Option<i64>,
    unit_price: Option<i64>,
    term_years: i64,
    discount_pct: f64,
    pricing: String,
    step_pct: Option<f64>,
    value_framing: Option<String>,
    recommended: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoHistory {
    renewal_days_ago: i64,
    result: Outcome,
    arr: i64,
    final_arr: i64,
    notes: Option<String>,
    competitor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoClosed {
    result: Outcome,
    days_ago: i64,
    final_arr: i64,
    reason: Option<String>,
    competitor: Option<String>,
    could_have_saved: Option<bool>,
}

fn bp(pct: f64) -> i64 {
    (pct * 100.0).round() as i64
}

/// Writes the demo book into `store` (which must be empty), dated around `today`.
/// One transaction: the book is there whole, or not at all.
pub fn load_demo(store: &mut Store, today: Date) -> Result<usize, StoreError> {
    if !store.is_empty()? {
        return Err(StoreError::Invalid(format!(
            "{}: already holds a book; the demo goes only into an empty one",
            store.path().display()
        )));
    }
    let demo: DemoBook = serde_json::from_str(DEMO_JSON)
        .map_err(|e| StoreError::Invalid(format!("assets/demo_book.json: {e}")))?;
    let day = |offset: i64| today + Duration::days(offset);
    let now = format!("{}T09:00:00", today);
    store.write(|tx| {
        tx.set_meta("book_name", &demo.book)?;
        tx.set_meta("currency", &demo.currency)?;
        for a in &demo.accounts {
            load_account(tx, a, &demo.currency, &day, &now)?;
        }
        Ok(demo.accounts.len())
    })
}

fn load_account(
    tx: &Tx,
    a: &DemoAccount,
    currency: &str,
    day: &dyn Fn(i64) -> Date,
    now: &str,
) -> Result<(), StoreError> {
    tx.upsert_account(
        &Account {
            id: a.id.clone(),
            name: a.name.clone(),
            industry: a.industry.clone(),
            domain: a.domain.clone(),
            customer_since: Some(day(-a.customer_since_days_ago)),
            segment_override: a.segment_override,
            segment_override_reason: a.segment_override_reason.clone(),
            strategic: a.strategic,
            reference: a.reference,
            growth: a.growth,
        },
        "demo",
        now,
    )?;
    for h in &a.history {
        let mut r = Renewal::open(
            &a.id,
            Some(day(-h.renewal_days_ago)),
            Money::from_major(h.arr),
            currency,
        );
        r.stage = h.result.stage();
        r.owner = a.owner.clone();
        let id = tx.insert_renewal(&r)?;
        tx.close_renewal(
            id,
            &ClosedOutcome {
                result: h.result,
                closed_on: day(-h.renewal_days_ago),
                final_value: Money::from_major(h.final_arr),
                reason: h.notes.clone(),
                competitor: h.competitor.clone(),
                could_have_saved: None,
            },
        )?;
    }
    let mut r = Renewal::open(
        &a.id,
        a.renewal_in_days.map(day),
        Money::from_major(a.arr),
        currency,
    );
    r.target = a.target_arr.map(Money::from_major);
    r.stage = a.stage;
    r.opportunity_type = a.opportunity_type;
    r.touch_model = a.touch_model;
    r.owner = a.owner.clone();
    r.probability_override = a.probability_override;
    r.snoozed_until = a.snooze.as_ref().map(|s| day(s.until_in_days));
    r.snooze_reason = a.snooze.as_ref().map(|s| s.reason.clone());
    r.stage_changed_on = Some(day(-a.stage_changed_days_ago));
    let rid = tx.insert_renewal(&r)?;
    for key in &a.milestones_done {
        tx.complete_milestone(rid, key, day(-1), None)?;
    }
    for (offset, score) in &a.health {
        tx.add_health(&a.id, day(*offset), *score)?;
    }
    for s in &a.stakeholders {
        tx.add_stakeholder(
            &Stakeholder {
                id: 0,
                account_id: a.id.clone(),
                name: s.name.clone(),
                title: s.title.clone(),
                email: s.email.clone(),
                phone: None,
                role: s.role,
                sentiment: s.sentiment,
                status: s.status,
                last_contact: s.last_contact_days_ago.map(|d| day(-d)),
                our_thread: s.our_thread,
                our_contact: s.our_contact.clone(),
            },
            "demo",
        )?;
    }
    for s in &a.signals {
        tx.add_signal(
            &Signal {
                id: 0,
                account_id: a.id.clone(),
                observed_on: day(-s.days_ago),
                kind: s.kind,
                value: s.value,
                note: s.note.clone(),
                resolved_on: None,
            },
            "demo",
        )?;
    }
    for act in &a.activities {
        tx.log_activity(&Activity {
            account_id: a.id.clone(),
            renewal_id: Some(rid),
            at: format!("{}T10:00:00", day(-act.days_ago)),
            kind: act.kind.clone(),
            summary: act.summary.clone(),
        })?;
    }
    if let Some(p) = &a.save_plan {
        // The demo holds only what the product would accept: every recorded approval
        // passes the same matrix check the store applies to a real one.
        for c in &p.concessions {
            if let Some(by) = c.approved_by.as_deref() {
                let level = crate::domain::approval::ApproverLevel::parse(by).ok_or_else(|| {
                    StoreError::Invalid(format!("demo: unknown approval level '{by}'"))
                })?;
                crate::domain::concession::check_concession_approval(
                    &c.kind,
                    c.percent.map(bp),
                    level,
                    &crate::domain::config::ApprovalMatrix::default(),
                )
                .map_err(|e| StoreError::Invalid(format!("demo {}: {e}", a.id)))?;
            }
        }
        tx.add_save_plan(&SavePlan {
            account_id: a.id.clone(),
            renewal_id: Some(rid),
            opened_on: Some(day(-p.opened_days_ago)),
            probability_tier: Some(p.probability_tier.as_str().to_string()),
            root_cause: Some(p.root_cause.as_str().to_string()),
            planned_hours: p.planned_hours,
            lost_cause_signs: p
                .lost_cause_signs
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            escalation: p.escalation.map(|e| e.as_str().to_string()),
            items: p
                .items
                .iter()
                .map(|i| SaveItem {
                    problem: i.problem.clone(),
                    root_cause: i.root_cause.clone(),
                    fix: i.fix.clone(),
                    owner: i.owner.clone(),
                    deadline: i.deadline_in_days.map(day),
                    metric: i.metric.clone(),
                    status: i.status.clone(),
                    priority: i.priority,
                    deal_breaker: i.deal_breaker,
                    fixable: i.fixable,
                    quick_win: i.quick_win,
                    customer_wording: i.customer_wording.clone(),
                })
                .collect(),
            concessions: p
                .concessions
                .iter()
                .map(|c| Concession {
                    kind: c.kind.clone(),
                    percent_bp: c.percent.map(bp),
                    given: c.given.clone(),
                    tied_to: c.tied_to.clone(),
                    sunset: c.sunset_in_days.map(day),
                    rationale: c.rationale.clone(),
                    expected_outcome: c.expected_outcome.clone(),
                    alternatives: c.alternatives.clone(),
                    approved_by: c.approved_by.clone(),
                })
                .collect(),
        })?;
    }
    if let Some(p) = &a.proposal {
        let good = ProposalTier {
            tier: "good".into(),
            uplift_bp: bp(p.uplift_pct),
            term_years: 1,
            pricing: "fixed".into(),
            ..Default::default()
        };
        let better = ProposalTier {
            tier: "better".into(),
            expansion_bp: p.expansion_pct.map(|x| bp(x / 2.0)),
            expansion_units: p.expansion_seats.map(|s| (s / 2).max(1)),
            unit_price: p.unit_price.map(Money::from_major),
            ..good.clone()
        };
        let best = ProposalTier {
            tier: "best".into(),
            expansion_bp: p.expansion_pct.map(bp),
            expansion_units: p.expansion_seats,
            unit_price: p.unit_price.map(Money::from_major),
            term_years: p.term_years,
            discount_bp: bp(p.discount_pct),
            pricing: p.pricing.clone(),
            step_bp: p.step_pct.map(bp),
            ..good.clone()
        };
        tx.add_proposal(
            &Proposal {
                account_id: a.id.clone(),
                renewal_id: Some(rid),
                status: p.status.clone(),
                accepted_tier: p.accepted_tier.clone(),
                recommended: p.recommended.clone(),
                value_framing: p.value_framing.clone(),
                tiers: vec![good, better, best],
            },
            now,
        )?;
    }
    if let Some(c) = &a.closed {
        tx.close_renewal(
            rid,
            &ClosedOutcome {
                result: c.result,
                closed_on: day(-c.days_ago),
                final_value: Money::from_major(c.final_arr),
                reason: c.reason.clone(),
                competitor: c.competitor.clone(),
                could_have_saved: c.could_have_saved,
            },
        )?;
    }
    Ok(())
}

/// A deterministic book of `n` synthetic accounts for benchmarks and scale tests:
/// renewals spread over ~2 years around `today`, realistic ARR and health spreads.
pub fn generate_book(store: &mut Store, n: usize, today: Date) -> Result<(), StoreError> {
    let now = format!("{today}T09:00:00");
    let owners = [
        "Dana Reyes",
        "Priya Natarajan",
        "Tomás Okafor",
        "Mei Lindqvist",
        "Sam Carter",
    ];
    let words = [
        "North", "Blue", "Iron", "Cedar", "Quartz", "Harbor", "Maple", "Falcon", "Silver",
        "Orchid", "Granite", "Willow",
    ];
    let nouns = [
        "Logistics",
        "Bakeries",
        "Analytics",
        "Dental",
        "Freight",
        "Studios",
        "Labs",
        "Outfitters",
        "Clinics",
        "Systems",
    ];
    // A small LCG keeps the generator dependency-free and repeatable.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    store.write(|tx| {
        tx.set_meta("book_name", &format!("Synthetic book of {n}"))?;
        for i in 0..n {
            let id = format!("GEN-{i:06}");
            let name = format!(
                "{} {} {} {i}",
                words[next(12) as usize],
                words[next(12) as usize],
                nouns[next(10) as usize]
            );
            tx.upsert_account(
                &Account {
                    id: id.clone(),
                    name,
                    ..Default::default()
                },
                "generated",
                &now,
            )?;
            let arr = match next(10) {
                0 => 100_000 + next(400_000) as i64,
                1..=4 => 10_000 + next(90_000) as i64,
                _ => 1_000 + next(9_000) as i64,
            };
            // Spread over ~27 months (a few overdue), so a 90-day window holds ~11% of the book.
            let date = (next(100) != 0).then(|| today + Duration::days(next(810) as i64 - 10));
            let mut r = Renewal::open(&id, date, Money::from_major(arr), "USD");
            r.stage = Stage::OPEN[next(Stage::OPEN.len() as u64) as usize];
            r.owner = Some(owners[next(5) as usize].to_string());
            r.stage_changed_on = Some(today - Duration::days(next(40) as i64));
            tx.insert_renewal(&r)?;
            tx.add_health(&id, today - Duration::days(30), 20 + next(80) as u8)?;
            tx.add_health(&id, today, 20 + next(80) as u8)?;
            if next(8) == 0 {
                let kind = SignalKind::ALL[next(8) as usize];
                tx.add_signal(
                    &Signal {
                        id: 0,
                        account_id: id.clone(),
                        observed_on: today,
                        kind,
                        value: None,
                        note: None,
                        resolved_on: None,
                    },
                    "generated",
                )?;
            }
        }
        Ok(())
    })
}

/// The demo as records (for tests that want to reason about its content).
pub fn demo_account_count() -> usize {
    serde_json::from_str::<DemoBook>(DEMO_JSON)
        .map(|b| b.accounts.len())
        .unwrap_or(0)
}
