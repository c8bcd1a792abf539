//! The save pane's keys: each opens a form or makes one `Store::write`, and reports
//! what happened in the footer message.

use super::app::{App, FormError, FormPurpose, Overlay};
use super::form::{Field, FieldId, Form, Kind, parse_date, parse_percent_bp};
use super::keymap::Action;
use crate::domain::book::{Concession, SaveItem};
use crate::domain::concession::{self, ApproverLevel};
use crate::domain::save::{EscalationStage, ItemStatus, LostSign, ProbabilityTier, RootCause};
use crate::io::save_plan::SaveView;
use crate::store::{Assessment, StoredPlan};

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

/// Selection and toggles of the save pane.
#[derive(Clone, Debug, Default)]
pub struct SaveState {
    /// Position in the ordered item list.
    pub selected: usize,
    pub quick_fix: bool,
    /// The plan and book-wide metrics as last read, so drawing a frame never touches
    /// the database; `App::load_save` refreshes them after every change.
    pub cache: Option<(StoredPlan, SaveView)>,
    pub counts: Option<crate::store::SaveCounts>,
    /// With no plan yet: the assessment a plan would start from.
    pub pre: Option<crate::domain::save_assessment::PreAssessment>,
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

impl App {
    /// The account the save pane is about: the opened one, else the queue's selection.
    pub fn save_account(&self) -> Option<String> {
        self.account
            .clone()
            .or_else(|| self.current_row().map(|r| r.facts.account_id.clone()))
    }

    pub fn save_plan_view(&self) -> Option<(StoredPlan, SaveView)> {
        self.save.cache.clone()
    }

    /// Reads the pane's plan and the save metrics from the store.
    pub fn load_save(&mut self) {
        self.save.cache = self.save_account().and_then(|id| {
            let plan = self.store.save_plan(&id).ok()??;
            let view = SaveView::build(&plan, self.today, &self.cfg);
            Some((plan, view))
        });
        self.save.pre = match (&self.save.cache, self.save_account()) {
            (None, Some(id)) => self
                .store
                .account_detail(&id, &self.cfg, self.today)
                .ok()
                .flatten()
                .and_then(|d| crate::domain::save_assessment::for_account(&d, &self.cfg.save)),
            _ => None,
        };
        self.save.counts = self.store.save_counts(&self.cfg, self.today).ok();
    }

    pub fn save_move(&mut self, delta: isize) {
        let n = self.save_plan_view().map_or(0, |(p, _)| p.items.len());
        if n == 0 {
            self.save.selected = 0;
            return;
        }
        self.save.selected = (self.save.selected as isize)
            .saturating_add(delta)
            .clamp(0, n as isize - 1) as usize;
    }

    fn form(&mut self, form: Form, purpose: super::app::FormPurpose) {
        self.overlay = Overlay::Form(Box::new(form), purpose);
    }

    pub fn save_action(&mut self, a: Action) {
        let Some(account) = self.save_account() else {
            self.message = Some("no account selected — pick one in the queue".into());
            return;
        };
        let loaded = self.save_plan_view();
        if a == Action::SaveStart {
            let now = self.now_stamp();
            let today = self.today;
            self.message = Some(
                match self
                    .store
                    .write(|tx| tx.start_save_plan(&account, today, &now))
                {
                    Ok(_) => "save plan started — press a to assess it".into(),
                    Err(e) => e.to_string(),
                },
            );
            return;
        }
        let Some((plan, view)) = loaded else {
            self.message = Some("no save plan yet — press S to start one".into());
            return;
        };
        let selected_item = view
            .order
            .get(self.save.selected)
            .map(|&i| plan.items[i].clone());
        match a {
            Action::SaveAssess => {
                let f = Form::new(
                    "Assess the save",
                    vec![
                        Field::new(SaveField::FixableProblems, choice(&["yes", "no"])),
                        Field::new(SaveField::RelationshipsIntact, choice(&["yes", "no"])),
                        Field::new(SaveField::NoBetterAlternative, choice(&["yes", "no"])),
                        Field::new(SaveField::BudgetConfirmed, choice(&["yes", "no"])),
                        Field::new(SaveField::StakeholdersEngaged, choice(&["yes", "no"])),
                        Field::new(SaveField::Tier, choice(&["suggested", "high", "medium", "low"]))
                            .value(plan.probability_tier.clone().unwrap_or("suggested".into())),
                        Field::new(SaveField::RootCause, choice(&["value_perception", "circumstantial", "service_experience", "product_fit"]))
                            .value(plan.root_cause.clone().unwrap_or("value_perception".into())),
                        Field::new(SaveField::PlannedHours, Kind::Integer { min: 0, max: 2000 })
                            .value(plan.planned_hours.to_string()),
                        Field::new(SaveField::EffortOverride, choice(&["none", "full", "standard", "light", "no_effort"]))
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
                );
                self.form(f, FormPurpose::Save(SaveForm::Assess(plan.id)));
            }
            Action::SaveAddItem => self.item_form(plan.id, None, &SaveItem::default()),
            Action::SaveEditItem => match selected_item {
                Some((id, it)) => self.item_form(plan.id, Some(id), &it),
                None => self.message = Some("no item selected".into()),
            },
            Action::SaveDeleteItem => {
                let Some((id, it)) = selected_item else {
                    self.message = Some("no item selected".into());
                    return;
                };
                // One key should not silently drop a promise made to a customer: confirm.
                let f = Form::new(
                    "Delete plan item",
                    vec![Field::new(SaveField::DeleteIt, choice(&["no", "yes"]))],
                )
                .with_note(crate::domain::text::inert(&it.problem).into_owned());
                self.form(f, FormPurpose::Save(SaveForm::Delete(id)));
            }
            Action::SaveCycleStatus => {
                let Some((id, mut it)) = selected_item else {
                    self.message = Some("no item selected".into());
                    return;
                };
                let now = self.now_stamp();
                it.status = ItemStatus::parse(&it.status)
                    .unwrap_or(ItemStatus::Open)
                    .cycle()
                    .as_str()
                    .into();
                let r = self.store.write(|tx| tx.update_save_item(id, &it, &now));
                self.message = Some(match r {
                    Ok(()) => format!(
                        "status: {}",
                        ItemStatus::parse(&it.status).map_or("", |s| s.label())
                    ),
                    Err(e) => e.to_string(),
                });
                self.save_move(0);
            }
            Action::SaveQuickFix => self.save.quick_fix = !self.save.quick_fix,
            Action::SaveAddConcession => {
                let f = Form::new(
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
                        Field::new(SaveField::DiscountPct, Kind::Percent)
                            .help("0–100; empty for none"),
                        Field::new(SaveField::WhatIsGiven, Kind::Text).required(),
                        Field::new(SaveField::TiedTo, Kind::Text).help("what we get in return"),
                        Field::new(SaveField::Sunset, Kind::Date),
                        Field::new(SaveField::Rationale, Kind::Text),
                        Field::new(SaveField::ExpectedOutcome, Kind::Text),
                        Field::new(SaveField::AlternativesConsidered, Kind::Text),
                    ],
                );
                self.form(f, FormPurpose::Save(SaveForm::Concession(plan.id)));
            }
            Action::SaveApprove => {
                let pending: Vec<String> = plan
                    .concessions
                    .iter()
                    .enumerate()
                    .map(|(n, (_, c))| {
                        format!("{} {}", n + 1, c.given.as_deref().unwrap_or(&c.kind))
                    })
                    .collect();
                if pending.is_empty() {
                    self.message = Some("no concessions to approve".into());
                    return;
                }
                let f = Form::new(
                    "Approve a concession",
                    vec![
                        Field::new(SaveField::Concession, Kind::Choice(pending)),
                        Field::new(
                            SaveField::ApprovedBy,
                            choice(&["csm", "manager", "director", "executive"]),
                        ),
                    ],
                );
                self.form(f, FormPurpose::Save(SaveForm::Approve(plan.id)));
            }
            Action::SaveLogHours => {
                let f = Form::new(
                    "Log hours spent",
                    vec![
                        Field::new(SaveField::Hours, Kind::Integer { min: 1, max: 1000 })
                            .required(),
                    ],
                )
                .with_note(format!(
                    "{} h logged so far, {} planned",
                    plan.logged_hours, plan.planned_hours
                ));
                self.form(
                    f,
                    super::app::FormPurpose::Save(SaveForm::LogHours(plan.id)),
                );
            }
            Action::SaveEscalate => {
                let next = match plan.escalation.as_deref().and_then(EscalationStage::parse) {
                    None => Some(EscalationStage::Prepared),
                    Some(s) => s.next(),
                };
                let Some(next) = next else {
                    self.message = Some("escalation already closed".into());
                    return;
                };
                let f = Form::new(
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
                .with_note(if view.escalation_suggested {
                    format!(
                        "suggested: strategic or ≥ {} ARR, our own options exhausted, an executive relationship to use",
                        self.cfg.save.escalation_arr
                    )
                } else {
                    format!(
                        "not suggested yet: {}; escalate only with a reason in the brief",
                        view.escalation_missing.join("; ")
                    )
                });
                self.form(f, FormPurpose::Save(SaveForm::Escalate(plan.id)));
            }
            Action::SaveExport => {
                let dir = crate::cli::export_dir(&self.cfg);
                self.message = Some(
                    match dir.and_then(|d| {
                        Ok(crate::io::save_plan::export(&plan, &view, self.today, &d)?)
                    }) {
                        Ok(p) => format!("customer plan written to {}", p.display()),
                        Err(e) => format!("export failed: {e}"),
                    },
                );
            }
            Action::SaveClose => {
                let f = Form::new(
                    "Close the save",
                    vec![
                        Field::new(SaveField::Outcome, choice(&["saved", "lost"])),
                        Field::new(
                            SaveField::MonitoringWeeks,
                            Kind::Integer { min: 26, max: 52 },
                        )
                        .value(self.cfg.save.monitoring_weeks.to_string())
                        .help("saved: weekly health checks for 6–12 months"),
                        Field::new(SaveField::RealReasons, Kind::Text)
                            .help("lost: the real churn reasons"),
                        Field::new(SaveField::ReallyLostWhen, Kind::Text),
                        Field::new(SaveField::MissedSignals, Kind::Text),
                        Field::new(SaveField::CouldHaveSaved, choice(&["unsure", "yes", "no"])),
                        Field::new(SaveField::Competitor, Kind::Text),
                    ],
                );
                self.form(f, FormPurpose::Save(SaveForm::Close(plan.id)));
            }
            _ => {}
        }
    }

    fn item_form(&mut self, plan: i64, id: Option<i64>, it: &SaveItem) {
        let f = Form::new(
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
        );
        self.form(f, FormPurpose::Save(SaveForm::Item(plan, id)));
    }

    pub fn submit_save_form(&mut self, form: &Form, purpose: &SaveForm) -> Result<(), FormError> {
        let now = self.now_stamp();
        let today = self.today;
        match purpose {
            SaveForm::Assess(plan) => {
                let c = crate::domain::save::Checklist {
                    fixable_problems: yes(form.get(SaveField::FixableProblems)),
                    relationships_intact: yes(form.get(SaveField::RelationshipsIntact)),
                    no_better_alternative: yes(form.get(SaveField::NoBetterAlternative)),
                    budget_confirmed: yes(form.get(SaveField::BudgetConfirmed)),
                    stakeholders_engaged: yes(form.get(SaveField::StakeholdersEngaged)),
                };
                let tier = match form.get(SaveField::Tier) {
                    "suggested" => crate::domain::save::suggest_tier(&c),
                    t => ProbabilityTier::parse(t).ok_or_else(|| {
                        FormError::new("choose a tier", Some(SaveField::Tier.label()))
                    })?,
                };
                let over = match form.get(SaveField::EffortOverride) {
                    "none" => None,
                    "no_effort" => Some("none".to_string()),
                    e => Some(e.to_string()),
                };
                let reason = non_empty(form.get(SaveField::OverrideReason));
                if over.is_some() && reason.is_none() {
                    return Err(FormError::new(
                        "an effort override needs a reason",
                        Some(SaveField::OverrideReason.label()),
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
                    return Err(FormError::new(
                        format!("unknown lost-cause sign '{bad}'"),
                        Some(SaveField::LostCauseSigns.label()),
                    ));
                }
                let a = Assessment {
                    probability_tier: Some(tier.as_str().into()),
                    root_cause: RootCause::parse(form.get(SaveField::RootCause))
                        .map(|r| r.as_str().into()),
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
                self.store
                    .write(|tx| tx.set_save_assessment(*plan, &a, &now))?;
                self.message = Some(format!("assessed: {} probability", tier.label()));
            }
            SaveForm::Item(plan, id) => {
                let problem = non_empty(form.get(SaveField::Problem)).ok_or_else(|| {
                    FormError::new("Problem is required", Some(SaveField::Problem.label()))
                })?;
                let owner = non_empty(form.get(SaveField::Owner)).ok_or_else(|| {
                    FormError::new("Owner is required", Some(SaveField::Owner.label()))
                })?;
                let deadline = match non_empty(form.get(SaveField::Deadline)) {
                    Some(d) => Some(
                        parse_date(&d)
                            .map_err(|e| FormError::new(e, Some(SaveField::Deadline.label())))?,
                    ),
                    None => None,
                };
                let old_status = id
                    .and_then(|i| {
                        self.save_plan_view()
                            .and_then(|(p, _)| p.items.into_iter().find(|(x, _)| *x == i))
                    })
                    .map_or("open".to_string(), |(_, it)| it.status);
                let it = SaveItem {
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
                match id {
                    Some(i) => self.store.write(|tx| tx.update_save_item(*i, &it, &now))?,
                    None => {
                        self.store.write(|tx| tx.add_save_item(*plan, &it, &now))?;
                    }
                }
                // A past deadline is allowed (recording what was promised) but flagged.
                self.message = Some(match deadline {
                    Some(d) if d < today => {
                        format!("saved — note: deadline {d} is already past (shown as OVERDUE)")
                    }
                    _ => "item saved".into(),
                });
            }
            SaveForm::Concession(plan) => {
                let pct = match non_empty(form.get(SaveField::DiscountPct)) {
                    Some(p) => Some(parse_percent_bp(&p).map_err(|e| {
                        FormError::new(
                            format!("Discount %: {e}"),
                            Some(SaveField::DiscountPct.label()),
                        )
                    })?),
                    None => None,
                };
                let sunset = match non_empty(form.get(SaveField::Sunset)) {
                    Some(d) => Some(
                        parse_date(&d)
                            .map_err(|e| FormError::new(e, Some(SaveField::Sunset.label())))?,
                    ),
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
                self.store
                    .write(|tx| tx.add_save_concession(*plan, &c, &now))?;
                let need = concession::required_for_kind(&c.kind, pct, &self.cfg.approval);
                self.message = Some(format!(
                    "concession added — needs {} approval",
                    need.label()
                ));
            }
            SaveForm::Approve(_) => {
                let (plan, _) = self
                    .save_plan_view()
                    .ok_or_else(|| FormError::new("the plan is gone", None))?;
                let n: usize = form
                    .get(SaveField::Concession)
                    .split(' ')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let (cid, c) = plan
                    .concessions
                    .get(n.wrapping_sub(1))
                    .cloned()
                    .ok_or_else(|| {
                        FormError::new("choose a concession", Some(SaveField::Concession.label()))
                    })?;
                let by =
                    ApproverLevel::parse(form.get(SaveField::ApprovedBy)).ok_or_else(|| {
                        FormError::new("choose a level", Some(SaveField::ApprovedBy.label()))
                    })?;
                // The form asks; the store enforces the same rule when it records.
                concession::check_concession_approval(
                    &c.kind,
                    c.percent_bp,
                    by,
                    &self.cfg.approval,
                )
                .map_err(|e| FormError::new(e, Some(SaveField::ApprovedBy.label())))?;
                let matrix = self.cfg.approval.clone();
                self.store
                    .write(|tx| tx.approve_concession(cid, by.as_str(), &matrix, &now))?;
                self.message = Some(format!("approved by {}", by.label()));
            }
            SaveForm::Delete(id) => {
                if form.get(SaveField::DeleteIt) != "yes" {
                    self.message = Some("kept — nothing deleted".into());
                    return Ok(());
                }
                self.store.write(|tx| tx.delete_save_item(*id, &now))?;
                self.save_move(0);
                self.message = Some("item deleted".into());
            }
            SaveForm::LogHours(plan) => {
                let hours: i64 = form.get(SaveField::Hours).parse().unwrap_or(0);
                self.store
                    .write(|tx| tx.log_save_hours(*plan, hours, &now))?;
                self.message = Some(format!("{hours} h logged"));
            }
            SaveForm::Escalate(plan) => {
                let stage =
                    EscalationStage::parse(form.get(SaveField::Stage)).ok_or_else(|| {
                        FormError::new("choose a stage", Some(SaveField::Stage.label()))
                    })?;
                let brief = non_empty(form.get(SaveField::Brief));
                if stage == EscalationStage::Prepared && brief.is_none() {
                    return Err(FormError::new(
                        "Brief is required to prepare an escalation",
                        Some(SaveField::Brief.label()),
                    ));
                }
                self.store
                    .write(|tx| tx.set_escalation(*plan, stage.as_str(), brief.as_deref(), &now))?;
                self.message = Some(format!("escalation: {}", stage.label()));
            }
            SaveForm::Close(plan) => {
                if form.get(SaveField::Outcome) == "saved" {
                    let weeks: u32 = form.get(SaveField::MonitoringWeeks).parse().unwrap_or(26);
                    self.store
                        .write(|tx| tx.close_save_saved(*plan, today, weeks, &now))?;
                    self.message = Some(format!(
                        "saved — {weeks} weekly health checks scheduled; open items stay tracked"
                    ));
                } else {
                    let reasons = non_empty(form.get(SaveField::RealReasons)).ok_or_else(|| {
                        FormError::new(
                            "Real reasons is required for a lost save",
                            Some(SaveField::RealReasons.label()),
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
                    self.store
                        .write(|tx| tx.close_save_lost(*plan, today, &debrief, &now))?;
                    self.message = Some(
                        "lost — debrief recorded; win-back check-ins at 3, 6 and 12 months".into(),
                    );
                }
            }
        }
        Ok(())
    }
}
