//! The proposal pane's keys. Every change — a tier edited, the recommendation moved,
//! bundling switched — is saved at once as a new version; acceptance moves the
//! renewal's target value and stage.

use super::app::{App, FormError, FormPurpose, Overlay};
use super::form::{self, Field, FieldId, Form, Kind};
use super::keymap::Action;
use crate::domain::money::Money;
use crate::domain::proposal::{Expansion, Pricing, TierPrice, TierSpec};
use crate::domain::proposal_rules::{self, Draft, ProposalFacts, TierName};
use crate::domain::text::inert;
use crate::store::ProposalStatus;

crate::form_fields!(
    /// The fields of this pane's forms: each form names its fields by these, so a
    /// misspelt field is a compile error, not a value silently read as empty.
    ProposalField {
        UpliftPct = "Uplift %",
        ExpansionPct = "Expansion %",
        SeatsToday = "Seats today",
        Seats = "Seats",
        SeatPrice = "Seat price",
        TermYears = "Term years",
        DiscountPct = "Discount %",
        Pricing = "Pricing",
        StepPct = "Step %",
        Clauses = "Clauses",
        Status = "Status",
        Confirm = "Confirm",
        Line = "Line",
        ApprovedBy = "Approved by",
        Level = "Level",
    }
);

/// The proposal being worked on.
#[derive(Clone, Debug)]
pub struct ProposalState {
    pub account_id: String,
    pub account_name: String,
    pub renewal_id: Option<i64>,
    pub facts: ProposalFacts,
    pub draft: Draft,
    pub status: Option<ProposalStatus>,
    pub tier: usize,
    /// The renewal's currency: prices are shown in it.
    pub currency: String,
}

impl ProposalState {
    /// Prices and warnings, recomputed from the draft (pure arithmetic, microseconds).
    pub fn priced(&self, cfg: &crate::domain::config::Config) -> ([TierPrice; 3], Vec<String>) {
        (
            proposal_rules::price_all(&self.facts, &self.draft, cfg),
            proposal_rules::warnings(&self.facts, &self.draft, cfg),
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProposalForm {
    Tier(usize),
    Status,
    Framing,
    Accept(usize),
    /// Recording an approval of option `usize` (see `proposal_approve.rs`).
    Approve(usize),
}

fn pct(bp: i64) -> String {
    let v = bp as f64 / 100.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

impl App {
    pub fn load_proposal(&mut self) {
        let id = self.focus_account_id();
        let keep_tier = self
            .prop
            .as_ref()
            .filter(|p| Some(&p.account_id) == id.as_ref())
            .map_or(1, |p| p.tier);
        self.prop = (|| -> Result<Option<ProposalState>, crate::store::StoreError> {
            let Some(id) = id else { return Ok(None) };
            let Some(d) = self.store.account_detail(&id, &self.cfg, self.today)? else {
                return Ok(None);
            };
            let Some((facts, draft)) = self.store.proposal_model(&self.cfg, &d)? else {
                return Ok(None);
            };
            Ok(Some(ProposalState {
                account_id: id.clone(),
                account_name: d.account.name.clone(),
                renewal_id: d.row.as_ref().map(|r| r.facts.renewal_id),
                facts,
                draft,
                status: self.store.proposal_status(&id)?,
                tier: keep_tier,
                currency: d.currency(&self.currency).to_string(),
            }))
        })()
        .unwrap_or_else(|e| {
            self.message = Some(e.to_string());
            None
        });
    }

    pub fn proposal_action(&mut self, action: Action) {
        let Some(p) = &mut self.prop else {
            self.message =
                Some("no open renewal to propose for — Enter on a queue row, or Ctrl-P".into());
            return;
        };
        match action {
            Action::TierLeft => p.tier = p.tier.saturating_sub(1),
            Action::TierRight => p.tier = (p.tier + 1).min(2),
            Action::Recommend => {
                let mut d = p.draft.clone();
                d.recommended = TierName::ALL[p.tier];
                self.save_draft(d, "recommended option changed");
            }
            Action::ToggleBundle => {
                let mut d = p.draft.clone();
                d.bundled = !d.bundled;
                let what = if d.bundled {
                    "expansion bundled with the renewal"
                } else {
                    "expansion as separate tracks"
                };
                self.save_draft(d, what);
            }
            Action::EditTier => {
                let t = p.draft.tiers[p.tier];
                let (exp_pct, seats, price) = match t.expansion {
                    Expansion::None => (String::new(), String::new(), String::new()),
                    Expansion::Percent(bp) => (pct(bp), String::new(), String::new()),
                    Expansion::Units { units, unit_price } => (
                        String::new(),
                        units.to_string(),
                        unit_price.format("").trim_start_matches('$').to_string(),
                    ),
                };
                let name = TierName::ALL[p.tier].label();
                let f = Form::new(
                    &format!("{name} option"),
                    vec![
                        Field::new(ProposalField::UpliftPct, Kind::Percent)
                            .value(pct(t.uplift_bp))
                            .help("List-price increase on today's ARR"),
                        Field::new(ProposalField::ExpansionPct, Kind::Percent)
                            .value(exp_pct)
                            .help("Growth as a share of today's ARR, or use seats below"),
                        Field::new(
                            ProposalField::SeatsToday,
                            Kind::Integer {
                                min: 0,
                                max: 10_000_000,
                            },
                        )
                        .value(t.base_units.map(|u| u.to_string()).unwrap_or_default())
                        .help("Seats the current subscription covers (for the price per seat)"),
                        Field::new(
                            ProposalField::Seats,
                            Kind::Integer {
                                min: 0,
                                max: 1_000_000,
                            },
                        )
                        .value(seats),
                        Field::new(ProposalField::SeatPrice, Kind::Money)
                            .value(price)
                            .help("Per seat per year, as you would write it: 1,200 or 1200.00"),
                        Field::new(ProposalField::TermYears, Kind::Integer { min: 1, max: 5 })
                            .required()
                            .value(t.term_years.to_string()),
                        Field::new(ProposalField::DiscountPct, Kind::Percent)
                            .value(pct(t.discount_bp)),
                        Field::new(
                            ProposalField::Pricing,
                            Kind::Choice(
                                Pricing::ALL
                                    .iter()
                                    .map(|x| x.as_str().to_string())
                                    .collect(),
                            ),
                        )
                        .value(t.pricing.as_str()),
                        Field::new(ProposalField::StepPct, Kind::Percent)
                            .value(pct(t.step_bp))
                            .help("Stepped pricing: yearly increase (5–10)"),
                        Field::new(
                            ProposalField::Clauses,
                            Kind::Choice(vec![
                                "none".into(),
                                "true-ups and add-ons".into(),
                                "all four".into(),
                            ]),
                        )
                        .value(match t.clauses {
                            0 => "none",
                            0b0011 => "true-ups and add-ons",
                            _ => "all four",
                        })
                        .help(
                            "Flexibility: seat true-ups, add-ons, off-ramp, renegotiation trigger",
                        ),
                    ],
                )
                .with_note(format!(
                    "{} — saved as a new version",
                    inert(&p.account_name)
                ));
                let i = p.tier;
                self.overlay =
                    Overlay::Form(Box::new(f), FormPurpose::Proposal(ProposalForm::Tier(i)));
            }
            Action::SetProposalStatus => {
                let cur = p
                    .status
                    .as_ref()
                    .map(|s| s.status.clone())
                    .unwrap_or_else(|| "draft".into());
                let f = Form::new(
                    "Proposal status",
                    vec![
                        Field::new(
                            ProposalField::Status,
                            Kind::Choice(vec!["draft".into(), "sent".into(), "declined".into()]),
                        )
                        .value(cur),
                    ],
                );
                self.overlay =
                    Overlay::Form(Box::new(f), FormPurpose::Proposal(ProposalForm::Status));
            }
            Action::AcceptTier => {
                let (prices, _) = p.priced(&self.cfg);
                let i = p.tier;
                let f = Form::new("Accepted", vec![Field::new(ProposalField::Confirm, Kind::Choice(vec!["no".into(), "yes".into()])).help("→ or Space for yes, then Enter")]).with_note(format!(
                    "{} accepted {} at {} in the first year? The renewal's target becomes that and its stage moves to verbal yes.",
                    inert(&p.account_name),
                    TierName::ALL[i].label(),
                    prices[i].annual[0].format(&self.cfg.book.cur(&p.currency))
                ));
                self.overlay =
                    Overlay::Form(Box::new(f), FormPurpose::Proposal(ProposalForm::Accept(i)));
            }
            Action::ExportProposal => self.export_proposal(),
            Action::ApproveTier => self.open_approval_form(),
            Action::RulesInFull => self.show_rules_in_full(),
            Action::ValueFraming => {
                let (prices, _) = p.priced(&self.cfg);
                let growth = match p.draft.tiers[1].expansion {
                    Expansion::Percent(bp) => bp as f64 / 100.0,
                    _ => 0.0,
                };
                let suggestion = p.draft.value_framing.clone().unwrap_or_else(|| {
                    proposal_rules::value_framing(growth, &prices[0], &prices[1])
                });
                let f = Form::new(
                    "Value framing",
                    vec![
                        Field::new(ProposalField::Line, Kind::Text)
                            .value(suggestion)
                            .help("Tie the expansion to an outcome; empty removes it"),
                    ],
                );
                self.overlay =
                    Overlay::Form(Box::new(f), FormPurpose::Proposal(ProposalForm::Framing));
            }
            _ => {}
        }
    }

    /// Saves a changed draft as a new version and logs it.
    fn save_draft(&mut self, draft: Draft, what: &str) {
        let Some(p) = &self.prop else { return };
        let now = self.now_stamp();
        let (id, rid) = (p.account_id.clone(), p.renewal_id);
        let result = self.store.write(|tx| {
            let v = tx.save_proposal(&id, rid, &draft, &now)?;
            tx.log(
                &id,
                rid,
                &now,
                "proposal",
                &format!("Proposal v{v}: {what}"),
            )?;
            Ok(v)
        });
        match result {
            Ok(v) => {
                self.message = Some(format!("saved v{v}: {what}"));
                self.load_proposal();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub fn submit_proposal_form(
        &mut self,
        form: &Form,
        purpose: &ProposalForm,
    ) -> Result<(), FormError> {
        let p = self
            .prop
            .clone()
            .ok_or_else(|| FormError::new("the proposal is no longer open", None))?;
        match purpose {
            ProposalForm::Tier(i) => {
                let bp = |id: ProposalField| -> Result<i64, FormError> {
                    match form.get(id) {
                        "" => Ok(0),
                        v => form::parse_percent_bp(v)
                            .map_err(|m| FormError::new(m, Some(id.label()))),
                    }
                };
                let seats = form.get(ProposalField::Seats);
                let price = form.get(ProposalField::SeatPrice);
                let expansion = match (seats, price) {
                    ("", "") => match bp(ProposalField::ExpansionPct)? {
                        0 => Expansion::None,
                        x => Expansion::Percent(x),
                    },
                    (s, pr) if !s.is_empty() && !pr.is_empty() => {
                        if !form.get(ProposalField::ExpansionPct).is_empty() {
                            return Err(FormError::new(
                                "use either Expansion % or seats, not both",
                                Some(ProposalField::ExpansionPct.label()),
                            ));
                        }
                        let unit_price = Money::parse(pr).map_err(|m| {
                            FormError::new(m, Some(ProposalField::SeatPrice.label()))
                        })?;
                        Expansion::Units {
                            units: s.parse().unwrap_or(0),
                            unit_price,
                        }
                    }
                    ("", _) => {
                        return Err(FormError::new(
                            "Seats are needed with a seat price",
                            Some(ProposalField::Seats.label()),
                        ));
                    }
                    _ => {
                        return Err(FormError::new(
                            "a seat price is needed with seats",
                            Some(ProposalField::SeatPrice.label()),
                        ));
                    }
                };
                let spec = TierSpec {
                    uplift_bp: bp(ProposalField::UpliftPct)?,
                    expansion,
                    term_years: form.get(ProposalField::TermYears).parse().unwrap_or(1),
                    discount_bp: bp(ProposalField::DiscountPct)?,
                    pricing: Pricing::parse(form.get(ProposalField::Pricing))
                        .unwrap_or(Pricing::Fixed),
                    step_bp: bp(ProposalField::StepPct)?,
                    base_units: form
                        .get(ProposalField::SeatsToday)
                        .parse()
                        .ok()
                        .filter(|u: &i64| *u > 0),
                    clauses: match form.get(ProposalField::Clauses) {
                        "none" => 0,
                        "true-ups and add-ons" => 0b0011,
                        _ => crate::domain::proposal::ALL_CLAUSES,
                    },
                };
                crate::domain::proposal::check_tier(p.facts.arr, &spec)
                    .map_err(|e| FormError::new(e, Some(ProposalField::Seats.label())))?;
                let mut d = p.draft.clone();
                d.tiers[*i] = spec;
                self.save_draft(d, &format!("{} option edited", TierName::ALL[*i].label()));
            }
            ProposalForm::Framing => {
                let mut d = p.draft.clone();
                d.value_framing =
                    Some(form.get(ProposalField::Line).to_string()).filter(|l| !l.is_empty());
                self.save_draft(d, "value framing written");
            }
            ProposalForm::Status => {
                let status = form.get(ProposalField::Status).to_string();
                let now = self.now_stamp();
                self.store.write(|tx| {
                    if tx.proposal_exists(&p.account_id)? {
                        tx.set_proposal_status(&p.account_id, &status)?;
                    } else {
                        tx.save_proposal(&p.account_id, p.renewal_id, &p.draft, &now)?;
                        tx.set_proposal_status(&p.account_id, &status)?;
                    }
                    tx.log(
                        &p.account_id,
                        p.renewal_id,
                        &now,
                        "proposal",
                        &format!("Proposal marked {status}"),
                    )
                    .map(drop)
                })?;
                self.message = Some(format!("saved: proposal marked {status}"));
                self.load_proposal();
            }
            ProposalForm::Approve(i) => self.submit_approval(form, *i)?,
            ProposalForm::Accept(i) => {
                if form.get(ProposalField::Confirm) != "yes" {
                    self.message = Some("not accepted — nothing changed".into());
                    return Ok(());
                }
                let (prices, _) = p.priced(&self.cfg);
                let first = prices[*i].annual[0];
                let tier = TierName::ALL[*i];
                let now = self.now_stamp();
                let today = self.today;
                let cur = self.cfg.book.cur(&p.currency);
                let policy = crate::domain::proposal_approval::Policy::from_config(&self.cfg);
                self.store.write(|tx| {
                    if !tx.proposal_exists(&p.account_id)? {
                        tx.save_proposal(&p.account_id, p.renewal_id, &p.draft, &now)?;
                    }
                    tx.accept_proposal(&p.account_id, tier, first, today, &policy)?;
                    tx.log(
                        &p.account_id,
                        p.renewal_id,
                        &now,
                        "proposal",
                        &format!("Accepted {} at {} a year", tier.label(), first.format(&cur)),
                    )
                    .map(drop)
                })?;
                self.message = Some(format!(
                    "saved: {} accepted — target and stage updated",
                    tier.label()
                ));
                self.reload_keeping_selection();
                self.load_proposal();
            }
        }
        Ok(())
    }

    fn export_proposal(&mut self) {
        if let Some(why) = self.export_blocked() {
            self.message = Some(why);
            return;
        }
        let Some(p) = &self.prop else { return };
        let result = (|| -> anyhow::Result<std::path::PathBuf> {
            let dir = crate::paths::export_dir(&self.cfg)?;
            let mut last = dir.clone();
            for (fmt, ext) in [
                (crate::cli::DocFormat::Md, "md"),
                (crate::cli::DocFormat::Html, "html"),
                (crate::cli::DocFormat::Txt, "txt"),
            ] {
                let path = crate::io::files::safe_path_in(
                    &dir,
                    &format!("proposal-{}", p.account_id),
                    ext,
                );
                crate::cli_proposal::proposal(
                    &self.store,
                    &self.cfg,
                    self.today,
                    &p.account_id,
                    crate::cli_proposal::Opts {
                        format: fmt,
                        output: Some(&path),
                        draft: false,
                    },
                )?;
                last = path;
            }
            Ok(last.with_extension("md"))
        })();
        self.message = Some(match result {
            Ok(path) => format!("proposal written: {} (+ .html, .txt)", path.display()),
            // The refusal names each missing approval; the status line shows it as one line.
            Err(e) => format!("{e:#}").replace('\n', " "),
        });
    }
}
