//! The save pane's forms: per form one function that builds it from the plan and one
//! that reads it back into the write it asks for, or a `FormError` naming the field.

use super::{SaveEffect, SaveWrite};
use crate::domain::Date;
use crate::domain::book::{Concession, SaveItem};
use crate::domain::concession::{self, ApproverLevel};
use crate::domain::config::Config;
use crate::domain::save::{Checklist, EscalationStage, LostSign, ProbabilityTier, RootCause};
use crate::domain::save_plan::{Assessment, StoredPlan};
use crate::io::save_plan::SaveView;
use crate::tui::form::{Field, FieldId, Form, FormError, Kind, parse_date, parse_percent_bp};

crate::form_fields!(
    /// The fields of this pane's forms: each form names its fields by these, so a
    /// misspelt field is a compile error, not a value silently read as empty.
    SaveField {
        FixableProblems = "Fixable problems",
        RelationshipsIntact = "Relationships intact",
        NoBetterAlternative = "No better alternative",
        BudgetConfirmed = "Budget confirmed",
        StakeholdersEngaged = "Stakeholders engaged",
        Tier = "Tier",
        RootCause = "Root cause",
        PlannedHours = "Planned hours",
        EffortOverride = "Effort override",
        OverrideReason = "Override reason",
        Strategic = "Strategic",
        Reference = "Reference",
        Growth = "Growth",
        LostCauseSigns = "Lost-cause signs",
        DeleteIt = "Delete it",
        Kind = "Kind",
        DiscountPct = "Discount %",
        WhatIsGiven = "What is given",
        TiedTo = "Tied to",
        Sunset = "Sunset",
        Rationale = "Rationale",
        ExpectedOutcome = "Expected outcome",
        AlternativesConsidered = "Alternatives considered",
        Concession = "Concession",
        ApprovedBy = "Approved by",
        Hours = "Hours",
        Stage = "Stage",
        Brief = "Brief",
        Outcome = "Outcome",
        MonitoringWeeks = "Monitoring weeks",
        RealReasons = "Real reasons",
        ReallyLostWhen = "Really lost when",
        MissedSignals = "Missed signals",
        CouldHaveSaved = "Could have saved",
        Competitor = "Competitor",
        Problem = "Problem",
        Fix = "Fix",
        Owner = "Owner",
        Deadline = "Deadline",
        SuccessMetric = "Success metric",
        Priority = "Priority",
        DealBreaker = "Deal-breaker",
        Fixable = "Fixable",
        QuickWin = "Quick win",
        ForTheCustomer = "For the customer",
    }
);

/// What a save-pane form is for.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveForm {
    Assess(i64),
    /// Plan id, and the item row id when editing.
    Item(i64, Option<i64>),
    Concession(i64),
    Approve(i64),
    Close(i64),
    Escalate(i64),
    LogHours(i64),
    /// Item row id.
    Delete(i64),
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn yes(s: &str) -> bool {
    s == "yes"
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn choice(opts: &[&str]) -> Kind {
    Kind::Choice(opts.iter().map(|s| s.to_string()).collect())
}

fn err(message: impl Into<String>, field: SaveField) -> FormError {
    FormError::new(message, Some(field.label()))
}

/// A write, and what the footer says once it is done.
fn write(write: SaveWrite, done: impl Into<String>) -> SaveEffect {
    SaveEffect::Write {
        write,
        done: done.into(),
    }
}

pub(super) fn assess_form(plan: &StoredPlan) -> Form {
    Form::new(
        "Assess the save",
        vec![
            Field::new(SaveField::FixableProblems, choice(&["yes", "no"])),
            Field::new(SaveField::RelationshipsIntact, choice(&["yes", "no"])),
            Field::new(SaveField::NoBetterAlternative, choice(&["yes", "no"])),
            Field::new(SaveField::BudgetConfirmed, choice(&["yes", "no"])),
            Field::new(SaveField::StakeholdersEngaged, choice(&["yes", "no"])),
            Field::new(SaveField::Tier, choice(&["suggested", "high", "medium", "low"]))
                .value(plan.probability_tier.clone().unwrap_or("suggested".into())),
            Field::new(
                SaveField::RootCause,
                choice(&["value_perception", "circumstantial", "service_experience", "product_fit"]),
            )
            .value(plan.root_cause.clone().unwrap_or("value_perception".into())),
            Field::new(SaveField::PlannedHours, Kind::Integer { min: 0, max: 2000 })
                .value(plan.planned_hours.to_string()),
            Field::new(
                SaveField::EffortOverride,
                choice(&["none", "full", "standard", "light", "no_effort"]),
            )
            .value(plan.effort_override.clone().unwrap_or("none".into())),
            Field::new(SaveField::OverrideReason, Kind::Text)
                .value(plan.effort_override_reason.clone().unwrap_or_default()),
            Field::new(SaveField::Strategic, choice(&["no", "yes"])).value(yes_no(plan.strategic)),
            Field::new(SaveField::Reference, choice(&["no", "yes"])).value(yes_no(plan.reference)),
            Field::new(SaveField::Growth, choice(&["no", "yes"])).value(yes_no(plan.growth)),
            Field::new(SaveField::LostCauseSigns, Kind::Text)
                .value(plan.lost_cause_signs.join(","))
                .help("comma list: signed_competitor, final_decision, product_misfit, no_engagement, economics, relationship, cost_above_value"),
        ],
    )
}

pub(super) fn read_assess(plan: i64, form: &Form) -> Result<SaveEffect, FormError> {
    let c = Checklist {
        fixable_problems: yes(form.get(SaveField::FixableProblems)),
        relationships_intact: yes(form.get(SaveField::RelationshipsIntact)),
        no_better_alternative: yes(form.get(SaveField::NoBetterAlternative)),
        budget_confirmed: yes(form.get(SaveField::BudgetConfirmed)),
        stakeholders_engaged: yes(form.get(SaveField::StakeholdersEngaged)),
    };
    let tier = match form.get(SaveField::Tier) {
        "suggested" => crate::domain::save::suggest_tier(&c),
        t => ProbabilityTier::parse(t).ok_or_else(|| err("choose a tier", SaveField::Tier))?,
    };
    let over = match form.get(SaveField::EffortOverride) {
        "none" => None,
        "no_effort" => Some("none".to_string()),
        e => Some(e.to_string()),
    };
    let reason = non_empty(form.get(SaveField::OverrideReason));
    if over.is_some() && reason.is_none() {
        return Err(err(
            "an effort override needs a reason",
            SaveField::OverrideReason,
        ));
    }
    let signs: Vec<String> = form
        .get(SaveField::LostCauseSigns)
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(bad) = signs.iter().find(|s| LostSign::parse(s).is_none()) {
        return Err(err(
            format!("unknown lost-cause sign '{bad}'"),
            SaveField::LostCauseSigns,
        ));
    }
    let assessment = Assessment {
        probability_tier: Some(tier.as_str().into()),
        root_cause: RootCause::parse(form.get(SaveField::RootCause)).map(|r| r.as_str().into()),
        planned_hours: form.get(SaveField::PlannedHours).parse().unwrap_or(0),
        effort_override: over,
        effort_override_reason: reason,
        lost_cause_signs: signs,
        flags: Some((
            yes(form.get(SaveField::Strategic)),
            yes(form.get(SaveField::Reference)),
            yes(form.get(SaveField::Growth)),
        )),
    };
    Ok(write(
        SaveWrite::Assess { plan, assessment },
        format!("assessed: {} probability", tier.label()),
    ))
}

pub(super) fn item_form(id: Option<i64>, it: &SaveItem) -> Form {
    Form::new(
        if id.is_some() {
            "Edit plan item"
        } else {
            "Add plan item"
        },
        vec![
            Field::new(SaveField::Problem, Kind::Text)
                .required()
                .value(it.problem.clone()),
            Field::new(SaveField::RootCause, Kind::Text)
                .value(it.root_cause.clone().unwrap_or_default()),
            Field::new(SaveField::Fix, Kind::Text).value(it.fix.clone().unwrap_or_default()),
            Field::new(SaveField::Owner, Kind::Text)
                .required()
                .value(it.owner.clone()),
            Field::new(SaveField::Deadline, Kind::Date)
                .value(it.deadline.map(|d| d.to_string()).unwrap_or_default()),
            Field::new(SaveField::SuccessMetric, Kind::Text)
                .value(it.metric.clone().unwrap_or_default()),
            Field::new(SaveField::Priority, Kind::Integer { min: 1, max: 5 })
                .value(it.priority.max(1).to_string()),
            Field::new(SaveField::DealBreaker, choice(&["no", "yes"]))
                .value(yes_no(it.deal_breaker)),
            Field::new(SaveField::Fixable, choice(&["yes", "no"]))
                .value(yes_no(it.fixable || id.is_none())),
            Field::new(SaveField::QuickWin, choice(&["no", "yes"])).value(yes_no(it.quick_win)),
            // Last, so the fields above keep their places; the problem and root
            // cause above stay internal.
            Field::new(SaveField::ForTheCustomer, Kind::Text)
                .value(it.customer_wording.clone().unwrap_or_default())
                .help("How the customer plan names this problem (empty: the fix's wording)"),
        ],
    )
}

/// `old_status`: the edited item's status as stored (the form does not change it).
pub(super) fn read_item(
    plan: i64,
    id: Option<i64>,
    old_status: String,
    form: &Form,
    today: Date,
) -> Result<SaveEffect, FormError> {
    let problem = non_empty(form.get(SaveField::Problem))
        .ok_or_else(|| err("Problem is required", SaveField::Problem))?;
    let owner = non_empty(form.get(SaveField::Owner))
        .ok_or_else(|| err("Owner is required", SaveField::Owner))?;
    let deadline = match non_empty(form.get(SaveField::Deadline)) {
        Some(d) => Some(parse_date(&d).map_err(|e| err(e, SaveField::Deadline))?),
        None => None,
    };
    let item = SaveItem {
        problem,
        root_cause: non_empty(form.get(SaveField::RootCause)),
        fix: non_empty(form.get(SaveField::Fix)),
        owner,
        deadline,
        metric: non_empty(form.get(SaveField::SuccessMetric)),
        status: old_status,
        priority: form.get(SaveField::Priority).parse().unwrap_or(2),
        deal_breaker: yes(form.get(SaveField::DealBreaker)),
        fixable: yes(form.get(SaveField::Fixable)),
        quick_win: yes(form.get(SaveField::QuickWin)),
        customer_wording: non_empty(form.get(SaveField::ForTheCustomer)),
    };
    // A past deadline is allowed (recording what was promised) but flagged.
    let done = match deadline {
        Some(d) if d < today => {
            format!("saved — note: deadline {d} is already past (shown as OVERDUE)")
        }
        _ => "item saved".into(),
    };
    let w = match id {
        Some(id) => SaveWrite::UpdateItem { id, item },
        None => SaveWrite::AddItem { plan, item },
    };
    Ok(write(w, done))
}

pub(super) fn delete_form(it: &SaveItem) -> Form {
    // One key should not silently drop a promise made to a customer: confirm.
    Form::new(
        "Delete plan item",
        vec![Field::new(SaveField::DeleteIt, choice(&["no", "yes"]))],
    )
    .with_note(crate::domain::text::inert(&it.problem).into_owned())
}

pub(super) fn read_delete(id: i64, form: &Form) -> SaveEffect {
    if form.get(SaveField::DeleteIt) != "yes" {
        return SaveEffect::Message("kept — nothing deleted".into());
    }
    write(SaveWrite::DeleteItem { id }, "item deleted")
}

pub(super) fn concession_form() -> Form {
    Form::new(
        "Add a concession",
        vec![
            Field::new(
                SaveField::Kind,
                choice(&[
                    "discount",
                    "payment_terms",
                    "reduced_scope",
                    "multi_year_lock",
                    "priority_support",
                    "csm_time",
                    "executive_involvement",
                    "shorter_term",
                    "performance_guarantee",
                    "exit_clause",
                    "contingent_pricing",
                    "customisation",
                    "custom_deal",
                ]),
            ),
            Field::new(SaveField::DiscountPct, Kind::Percent).help("0–100; empty for none"),
            Field::new(SaveField::WhatIsGiven, Kind::Text).required(),
            Field::new(SaveField::TiedTo, Kind::Text).help("what we get in return"),
            Field::new(SaveField::Sunset, Kind::Date),
            Field::new(SaveField::Rationale, Kind::Text),
            Field::new(SaveField::ExpectedOutcome, Kind::Text),
            Field::new(SaveField::AlternativesConsidered, Kind::Text),
        ],
    )
}

pub(super) fn read_concession(
    plan: i64,
    form: &Form,
    cfg: &Config,
) -> Result<SaveEffect, FormError> {
    let pct = match non_empty(form.get(SaveField::DiscountPct)) {
        Some(p) => Some(
            parse_percent_bp(&p)
                .map_err(|e| err(format!("Discount %: {e}"), SaveField::DiscountPct))?,
        ),
        None => None,
    };
    let sunset = match non_empty(form.get(SaveField::Sunset)) {
        Some(d) => Some(parse_date(&d).map_err(|e| err(e, SaveField::Sunset))?),
        None => None,
    };
    let c = Concession {
        kind: form.get(SaveField::Kind).to_string(),
        percent_bp: pct,
        given: non_empty(form.get(SaveField::WhatIsGiven)),
        tied_to: non_empty(form.get(SaveField::TiedTo)),
        sunset,
        rationale: non_empty(form.get(SaveField::Rationale)),
        expected_outcome: non_empty(form.get(SaveField::ExpectedOutcome)),
        alternatives: non_empty(form.get(SaveField::AlternativesConsidered)),
        approved_by: None,
    };
    let need = concession::required_for_kind(&c.kind, pct, &cfg.approval);
    Ok(write(
        SaveWrite::AddConcession {
            plan,
            concession: c,
        },
        format!("concession added — needs {} approval", need.label()),
    ))
}

/// The concessions to choose from: their row ids, shown numbered with what is given.
/// `None` when there are none.
pub(super) fn approve_form(plan: &StoredPlan) -> Option<Form> {
    if plan.concessions.is_empty() {
        return None;
    }
    let ids = plan.concessions.iter().map(|(id, _)| id.to_string());
    let labels = plan
        .concessions
        .iter()
        .enumerate()
        .map(|(n, (_, c))| format!("{} {}", n + 1, c.given.as_deref().unwrap_or(&c.kind)));
    Some(Form::new(
        "Approve a concession",
        vec![
            Field::new(SaveField::Concession, Kind::Choice(ids.collect())).labels(labels.collect()),
            Field::new(
                SaveField::ApprovedBy,
                choice(&["csm", "manager", "director", "executive"]),
            ),
        ],
    ))
}

pub(super) fn read_approve(
    plan: &StoredPlan,
    form: &Form,
    cfg: &Config,
) -> Result<SaveEffect, FormError> {
    let chosen: Option<i64> = form.get(SaveField::Concession).parse().ok();
    let (id, c) = plan
        .concessions
        .iter()
        .find(|(id, _)| Some(*id) == chosen)
        .ok_or_else(|| err("choose a concession", SaveField::Concession))?;
    let level = ApproverLevel::parse(form.get(SaveField::ApprovedBy))
        .ok_or_else(|| err("choose a level", SaveField::ApprovedBy))?;
    // The form asks; the store enforces the same rule when it records.
    concession::check_concession_approval(&c.kind, c.percent_bp, level, &cfg.approval)
        .map_err(|e| err(e, SaveField::ApprovedBy))?;
    Ok(write(
        SaveWrite::ApproveConcession { id: *id, level },
        format!("approved by {}", level.label()),
    ))
}

pub(super) fn hours_form(plan: &StoredPlan) -> Form {
    Form::new(
        "Log hours spent",
        vec![Field::new(SaveField::Hours, Kind::Integer { min: 1, max: 1000 }).required()],
    )
    .with_note(format!(
        "{} h logged so far, {} planned",
        plan.logged_hours, plan.planned_hours
    ))
}

pub(super) fn read_hours(plan: i64, form: &Form) -> SaveEffect {
    let hours: i64 = form.get(SaveField::Hours).parse().unwrap_or(0);
    write(
        SaveWrite::LogHours { plan, hours },
        format!("{hours} h logged"),
    )
}

/// The next escalation step, preset; `None` once the escalation is closed.
pub(super) fn escalate_form(plan: &StoredPlan, view: &SaveView, cfg: &Config) -> Option<Form> {
    let next = match plan.escalation.as_deref().and_then(EscalationStage::parse) {
        None => Some(EscalationStage::Prepared),
        Some(s) => s.next(),
    }?;
    let note = if view.escalation_suggested {
        format!(
            "suggested: strategic or ≥ {} ARR, our own options exhausted, an executive relationship to use",
            cfg.save.escalation_arr
        )
    } else {
        format!(
            "not suggested yet: {}; escalate only with a reason in the brief",
            view.escalation_missing.join("; ")
        )
    };
    Some(
        Form::new(
            "Escalation step",
            vec![
                Field::new(
                    SaveField::Stage,
                    choice(&["prepared", "engaged", "followed_up", "closed"]),
                )
                .value(next.as_str()),
                Field::new(SaveField::Brief, Kind::Text)
                    .value(plan.escalation_brief.clone().unwrap_or_default())
                    .help("goal, talking points, timing; what was learned when closing"),
            ],
        )
        .with_note(note),
    )
}

pub(super) fn read_escalate(plan: i64, form: &Form) -> Result<SaveEffect, FormError> {
    let stage = EscalationStage::parse(form.get(SaveField::Stage))
        .ok_or_else(|| err("choose a stage", SaveField::Stage))?;
    let brief = non_empty(form.get(SaveField::Brief));
    if stage == EscalationStage::Prepared && brief.is_none() {
        return Err(err(
            "Brief is required to prepare an escalation",
            SaveField::Brief,
        ));
    }
    Ok(write(
        SaveWrite::Escalate { plan, stage, brief },
        format!("escalation: {}", stage.label()),
    ))
}

pub(super) fn close_form(cfg: &Config) -> Form {
    Form::new(
        "Close the save",
        vec![
            Field::new(SaveField::Outcome, choice(&["saved", "lost"])),
            Field::new(
                SaveField::MonitoringWeeks,
                Kind::Integer { min: 26, max: 52 },
            )
            .value(cfg.save.monitoring_weeks.to_string())
            .help("saved: weekly health checks for 6–12 months"),
            Field::new(SaveField::RealReasons, Kind::Text).help("lost: the real churn reasons"),
            Field::new(SaveField::ReallyLostWhen, Kind::Text),
            Field::new(SaveField::MissedSignals, Kind::Text),
            Field::new(SaveField::CouldHaveSaved, choice(&["unsure", "yes", "no"])),
            Field::new(SaveField::Competitor, Kind::Text),
        ],
    )
}

pub(super) fn read_close(plan: i64, form: &Form) -> Result<SaveEffect, FormError> {
    if form.get(SaveField::Outcome) == "saved" {
        let weeks: u32 = form.get(SaveField::MonitoringWeeks).parse().unwrap_or(26);
        return Ok(write(
            SaveWrite::CloseSaved { plan, weeks },
            format!("saved — {weeks} weekly health checks scheduled; open items stay tracked"),
        ));
    }
    let reasons = non_empty(form.get(SaveField::RealReasons)).ok_or_else(|| {
        err(
            "Real reasons is required for a lost save",
            SaveField::RealReasons,
        )
    })?;
    let mut debrief = format!("real reasons: {reasons}");
    for (id, key) in [
        (SaveField::ReallyLostWhen, "really lost"),
        (SaveField::MissedSignals, "missed signals"),
        (SaveField::CouldHaveSaved, "could have saved"),
        (SaveField::Competitor, "competitor"),
    ] {
        if let Some(v) = non_empty(form.get(id)) {
            debrief.push_str(&format!("; {key}: {v}"));
        }
    }
    Ok(write(
        SaveWrite::CloseLost { plan, debrief },
        "lost — debrief recorded; win-back check-ins at 3, 6 and 12 months",
    ))
}
