//! The proposal pane's forms: per form one function that builds it from the open
//! proposal and one that reads it back into what it asks for, or a `FormError` naming
//! the field.

use super::state::OpenProposal;
use super::{ProposalEffect, ProposalWrite};
use crate::domain::approval::ApproverLevel;
use crate::domain::config::Config;
use crate::domain::money::Money;
use crate::domain::proposal::{Expansion, Pricing, TierSpec};
use crate::domain::proposal_approval::Policy;
use crate::domain::proposal_rules::{self, TierName};
use crate::domain::text::inert;
use crate::tui::form::{self, Field, FieldId, Form, FormError, Kind};

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

/// What a proposal-pane form is for; the `usize` is the option (0 Good … 2 Best).
#[derive(Clone, Debug, PartialEq)]
pub enum ProposalForm {
    Tier(usize),
    Status,
    Framing,
    Accept(usize),
    /// Recording who approved an option's discount.
    Approve(usize),
}

fn err(message: impl Into<String>, field: ProposalField) -> FormError {
    FormError::new(message, Some(field.label()))
}

fn pct(bp: i64) -> String {
    let v = bp as f64 / 100.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

const CLAUSES: [&str; 3] = ["none", "true-ups and add-ons", "all four"];

pub(super) fn tier_form(p: &OpenProposal, i: usize) -> Form {
    let t = p.draft.tiers[i];
    let (exp_pct, seats, price) = match t.expansion {
        Expansion::None => (String::new(), String::new(), String::new()),
        Expansion::Percent(bp) => (pct(bp), String::new(), String::new()),
        Expansion::Units { units, unit_price } => (
            String::new(),
            units.to_string(),
            unit_price.format("").trim_start_matches('$').to_string(),
        ),
    };
    Form::new(
        &format!("{} option", TierName::ALL[i].label()),
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
            Field::new(ProposalField::DiscountPct, Kind::Percent).value(pct(t.discount_bp)),
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
                Kind::Choice(CLAUSES.iter().map(|c| c.to_string()).collect()),
            )
            .value(match t.clauses {
                0 => CLAUSES[0],
                0b0011 => CLAUSES[1],
                _ => CLAUSES[2],
            })
            .help("Flexibility: seat true-ups, add-ons, off-ramp, renegotiation trigger"),
        ],
    )
    .with_note(format!(
        "{} — saved as a new version",
        inert(&p.account_name)
    ))
}

pub(super) fn read_tier(
    p: &OpenProposal,
    i: usize,
    form: &Form,
) -> Result<ProposalEffect, FormError> {
    let bp = |id: ProposalField| -> Result<i64, FormError> {
        match form.get(id) {
            "" => Ok(0),
            v => form::parse_percent_bp(v).map_err(|m| err(m, id)),
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
                return Err(err(
                    "use either Expansion % or seats, not both",
                    ProposalField::ExpansionPct,
                ));
            }
            let unit_price = Money::parse(pr).map_err(|m| err(m, ProposalField::SeatPrice))?;
            Expansion::Units {
                units: s.parse().unwrap_or(0),
                unit_price,
            }
        }
        ("", _) => {
            return Err(err(
                "Seats are needed with a seat price",
                ProposalField::Seats,
            ));
        }
        _ => {
            return Err(err(
                "a seat price is needed with seats",
                ProposalField::SeatPrice,
            ));
        }
    };
    let spec = TierSpec {
        uplift_bp: bp(ProposalField::UpliftPct)?,
        expansion,
        term_years: form.get(ProposalField::TermYears).parse().unwrap_or(1),
        discount_bp: bp(ProposalField::DiscountPct)?,
        pricing: Pricing::parse(form.get(ProposalField::Pricing)).unwrap_or(Pricing::Fixed),
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
        .map_err(|e| err(e, ProposalField::Seats))?;
    let mut draft = p.draft.clone();
    draft.tiers[i] = spec;
    Ok(ProposalEffect::Write(ProposalWrite::SaveDraft {
        draft: Box::new(draft),
        what: format!("{} option edited", TierName::ALL[i].label()),
    }))
}

pub(super) fn status_form(p: &OpenProposal) -> Form {
    let cur = p
        .status
        .as_ref()
        .map(|s| s.status.clone())
        .unwrap_or_else(|| "draft".into());
    Form::new(
        "Proposal status",
        vec![
            Field::new(
                ProposalField::Status,
                Kind::Choice(vec!["draft".into(), "sent".into(), "declined".into()]),
            )
            .value(cur),
        ],
    )
}

pub(super) fn read_status(form: &Form) -> ProposalEffect {
    ProposalEffect::Write(ProposalWrite::SetStatus(
        form.get(ProposalField::Status).to_string(),
    ))
}

pub(super) fn accept_form(p: &OpenProposal, i: usize, cfg: &Config) -> Form {
    let (prices, _) = p.priced(cfg);
    Form::new(
        "Accepted",
        vec![
            Field::new(
                ProposalField::Confirm,
                Kind::Choice(vec!["no".into(), "yes".into()]),
            )
            .help("→ or Space for yes, then Enter"),
        ],
    )
    .with_note(format!(
        "{} accepted {} at {} in the first year? The renewal's target becomes that and its stage moves to verbal yes.",
        inert(&p.account_name),
        TierName::ALL[i].label(),
        prices[i].annual[0].format(&cfg.book.cur(&p.currency))
    ))
}

pub(super) fn read_accept(p: &OpenProposal, i: usize, form: &Form, cfg: &Config) -> ProposalEffect {
    if form.get(ProposalField::Confirm) != "yes" {
        return ProposalEffect::Message("not accepted — nothing changed".into());
    }
    let (prices, _) = p.priced(cfg);
    ProposalEffect::Write(ProposalWrite::Accept {
        tier: TierName::ALL[i],
        first_year: prices[i].annual[0],
    })
}

pub(super) fn framing_form(p: &OpenProposal, cfg: &Config) -> Form {
    let (prices, _) = p.priced(cfg);
    let growth = match p.draft.tiers[1].expansion {
        Expansion::Percent(bp) => bp as f64 / 100.0,
        _ => 0.0,
    };
    let suggestion = p
        .draft
        .value_framing
        .clone()
        .unwrap_or_else(|| proposal_rules::value_framing(growth, &prices[0], &prices[1]));
    Form::new(
        "Value framing",
        vec![
            Field::new(ProposalField::Line, Kind::Text)
                .value(suggestion)
                .help("Tie the expansion to an outcome; empty removes it"),
        ],
    )
}

pub(super) fn read_framing(p: &OpenProposal, form: &Form) -> ProposalEffect {
    let mut draft = p.draft.clone();
    draft.value_framing = Some(form.get(ProposalField::Line).to_string()).filter(|l| !l.is_empty());
    ProposalEffect::Write(ProposalWrite::SaveDraft {
        draft: Box::new(draft),
        what: "value framing written".into(),
    })
}

/// The approval form for option `i`, its level preset to what the option's discount
/// needs; `Err` says why none is needed.
pub(super) fn approve_form(p: &OpenProposal, i: usize, cfg: &Config) -> Result<Form, String> {
    let bp = p.draft.tiers[i].discount_bp;
    let policy = Policy::from_config(cfg);
    let Some(needs) = policy.needs(bp) else {
        return Err(format!(
            "{} needs no approval beyond your own ({})",
            TierName::ALL[i].label(),
            policy.user_level.label()
        ));
    };
    let levels = ApproverLevel::ALL
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    Ok(Form::new(
        "Record an approval",
        vec![
            Field::new(ProposalField::ApprovedBy, Kind::Text).help("Who approved it (their name)"),
            Field::new(ProposalField::Level, Kind::Choice(levels))
                .value(needs.as_str().to_string())
                .help("Their approval level; it must be at least what the discount needs"),
        ],
    )
    .with_note(format!(
        "{} for {}: {:.2}% off needs {} approval. Recorded with today's date.",
        TierName::ALL[i].label(),
        inert(&p.account_name),
        bp as f64 / 100.0,
        needs.label()
    )))
}

pub(super) fn read_approve(i: usize, form: &Form) -> Result<ProposalEffect, FormError> {
    let by = form.get(ProposalField::ApprovedBy).trim().to_string();
    if by.is_empty() {
        return Err(err("who approved it?", ProposalField::ApprovedBy));
    }
    let level = ApproverLevel::parse(form.get(ProposalField::Level))
        .ok_or_else(|| err("pick a level", ProposalField::Level))?;
    Ok(ProposalEffect::Write(ProposalWrite::Approve {
        tier: TierName::ALL[i],
        level,
        by,
    }))
}
