//! A proposal's three options built from the account, and the rules applied as
//! warnings while the CSM shapes them (§8 multi-year, §9 bundling, §14 approvals).

use super::approval::ApproverLevel;
use super::config::Config;
use super::coverage::{MultiYearFacts, multi_year_candidate};
use super::money::Money;
use super::proposal::{self, Expansion, Pricing, TierPrice, TierSpec};

crate::text_enum!(
    TierName {
        Good = "good": "Good",
        Better = "better": "Better",
        Best = "best": "Best",
    }
);

/// What the rules need to know about the account.
#[derive(Clone, Debug, Default)]
pub struct ProposalFacts {
    pub arr: Money,
    pub at_risk: bool,
    pub healthy: bool,
    pub first_renewal: bool,
    pub fast_growing: bool,
    pub industry: Option<String>,
    /// The renewal is typed `expansion` (or the account flagged for growth): clear room
    /// to grow. Without it the expansion is exploratory.
    pub expansion_ahead: bool,
    /// The expansion needs stakeholders we do not reach: no thread to their economic
    /// buyer.
    pub needs_other_stakeholders: bool,
    /// Their budget is not ready: an open budget signal.
    pub budget_not_ready: bool,
}

/// Whether to bundle expansion with the renewal (§9), with the reasons to keep them
/// apart: bundle only a healthy renewal with clear expansion, and never when it is at
/// risk (secure it first), when the expansion needs other stakeholders, when their
/// budget is not ready, or when the expansion is exploratory (then run parallel
/// tracks that can close independently).
pub fn bundle_advice(f: &ProposalFacts) -> (bool, Vec<&'static str>) {
    let mut apart = Vec::new();
    if f.at_risk {
        apart.push("the renewal is at risk: secure it first");
    }
    if f.needs_other_stakeholders {
        apart.push(
            "the expansion needs stakeholders we do not reach (no thread to their economic buyer)",
        );
    }
    if f.budget_not_ready {
        apart.push("their budget is not ready (an open budget signal)");
    }
    if !f.expansion_ahead {
        apart.push("the expansion is exploratory");
    }
    if !f.healthy {
        apart.push("the account is not healthy enough to add scope to the renewal");
    }
    (apart.is_empty(), apart)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub tiers: [TierSpec; 3],
    pub recommended: TierName,
    /// Expansion bundled with the renewal (false: run as separate tracks).
    pub bundled: bool,
    /// The line tying the expansion to an outcome ("team grows 30% while spend rises 25%").
    pub value_framing: Option<String>,
}

fn bp(pct: f64) -> i64 {
    (pct * 100.0).round() as i64
}

/// A sensible first draft from the account and the configured defaults: Good = flat
/// renewal, Better = modest expansion, Best = full expansion on a multi-year term with
/// an incentive in the middle of its band. At-risk renewals do not bundle expansion.
pub fn draft(f: &ProposalFacts, cfg: &Config) -> Draft {
    let d = &cfg.proposal;
    let term = d.best_term_years;
    let (lo, hi) = proposal::term_band(term, &cfg.multi_year).unwrap_or((0, 0));
    let good = TierSpec::flat();
    let better = TierSpec {
        expansion: Expansion::Percent(bp(d.better_expansion_pct)),
        ..good
    };
    let best = TierSpec {
        expansion: Expansion::Percent(bp(d.best_expansion_pct)),
        term_years: term,
        discount_bp: (lo + hi) / 2,
        pricing: Pricing::Fixed,
        step_bp: bp(d.step_pct),
        // A multi-year commitment comes with its flexibility: true-ups, add-ons,
        // an off-ramp and a renegotiation trigger.
        clauses: proposal::ALL_CLAUSES,
        ..good
    };
    Draft {
        tiers: [good, better, best],
        recommended: TierName::Better,
        bundled: bundle_advice(f).0,
        value_framing: None,
    }
}

/// Prices all three tiers.
pub fn price_all(f: &ProposalFacts, draft: &Draft, cfg: &Config) -> [TierPrice; 3] {
    draft
        .tiers
        .map(|t| proposal::price(f.arr, &t, &cfg.approval))
}

/// The rules' warnings for a draft, in words.
pub fn warnings(f: &ProposalFacts, draft: &Draft, cfg: &Config) -> Vec<String> {
    let mut out = Vec::new();
    if f.at_risk && draft.bundled {
        out.push("At-risk renewal: secure it first — offer Better and Best as separate tracks to close after the renewal, not as a bundle.".to_string());
    } else if f.at_risk {
        out.push(
            "At-risk renewal: Better and Best run as separate tracks after the renewal is secured."
                .to_string(),
        );
    }
    let best = &draft.tiers[2];
    if best.term_years >= 2 {
        let (ok, reasons) = multi_year_candidate(&MultiYearFacts {
            first_renewal: f.first_renewal,
            at_risk: f.at_risk,
            fast_growing: f.fast_growing,
            industry: f.industry.as_deref(),
            healthy: f.healthy,
        });
        if !ok {
            out.push(format!(
                "Best asks for {} years, but this is a poor multi-year candidate: {}.",
                best.term_years,
                reasons.join("; ")
            ));
        }
    }
    let level = ApproverLevel::parse(&cfg.proposal.user_level).unwrap_or(ApproverLevel::Csm);
    for (name, t) in TierName::ALL.iter().zip(draft.tiers.iter()) {
        for w in proposal::discount_warnings(t, level, &cfg.multi_year, &cfg.approval) {
            out.push(format!("{}: {w}.", name.label()));
        }
    }
    if draft.bundled && !f.at_risk {
        // The at-risk case has its own line above; the other §9 reasons come here.
        for why in bundle_advice(f).1 {
            out.push(format!(
                "Bundled, but {why}: run the expansion as a separate track that can close on its own."
            ));
        }
    }
    if bundle_advice(f).0 && !draft.bundled {
        out.push(
            "Healthy account with clear expansion and no bundle: money left on the table."
                .to_string(),
        );
    }
    out
}

/// Ties the expansion to an outcome: "Team grows 30% while spend rises 25%".
pub fn value_framing(team_growth_pct: f64, good: &TierPrice, other: &TierPrice) -> String {
    let spend = if good.annual[0].0 == 0 {
        0.0
    } else {
        (other.annual[0].0 - good.annual[0].0) as f64 * 100.0 / good.annual[0].0 as f64
    };
    format!("Team grows {team_growth_pct:.0}% while spend rises {spend:.0}%")
}

/// Where a saved proposal stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalStatus {
    pub status: String,
    pub accepted_tier: Option<String>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ProposalFacts {
        ProposalFacts {
            arr: Money::from_major(15_000),
            healthy: true,
            industry: Some("Logistics".into()),
            expansion_ahead: true,
            ..Default::default()
        }
    }

    #[test]
    fn bundling_follows_all_four_conditions() {
        let c = Config::default();
        assert!(bundle_advice(&facts()).0);
        for (f, why) in [
            (
                ProposalFacts {
                    at_risk: true,
                    ..facts()
                },
                "at risk",
            ),
            (
                ProposalFacts {
                    needs_other_stakeholders: true,
                    ..facts()
                },
                "stakeholders",
            ),
            (
                ProposalFacts {
                    budget_not_ready: true,
                    ..facts()
                },
                "budget",
            ),
            (
                ProposalFacts {
                    expansion_ahead: false,
                    ..facts()
                },
                "exploratory",
            ),
        ] {
            let (bundle, reasons) = bundle_advice(&f);
            assert!(!bundle, "{why}");
            assert_eq!(reasons.len(), 1, "{reasons:?}");
            assert!(reasons[0].contains(why), "{reasons:?}");
            assert!(!draft(&f, &c).bundled, "{why}");
        }
        // Bundled by hand against the rules: the warning says which rule.
        let f = ProposalFacts {
            budget_not_ready: true,
            ..facts()
        };
        let forced = Draft {
            bundled: true,
            ..draft(&f, &c)
        };
        assert!(
            warnings(&f, &forced, &c)
                .iter()
                .any(|w| w.starts_with("Bundled, but their budget is not ready"))
        );
    }

    #[test]
    fn draft_from_defaults() {
        let c = Config::default();
        let d = draft(&facts(), &c);
        let p = price_all(&facts(), &d, &c);
        assert_eq!(p[0].annual, vec![Money::from_major(15_000)]);
        assert_eq!(p[1].annual, vec![Money::from_major(16_500)]);
        // Best: +20% = 18,000, two years at 15% off (middle of 10–20) = 15,300 a year.
        assert_eq!(p[2].annual, vec![Money::from_major(15_300); 2]);
        assert_eq!(p[2].required_approver, ApproverLevel::Manager);
        assert_eq!(d.recommended, TierName::Better);
        assert!(d.bundled);
    }

    #[test]
    fn healthy_bundled_draft_warns_only_about_approval() {
        let c = Config::default();
        let w = warnings(&facts(), &draft(&facts(), &c), &c);
        assert_eq!(
            w,
            vec!["Best: 15% off needs manager approval before the customer sees it."]
        );
    }

    #[test]
    fn at_risk_first_renewal_and_money_on_the_table() {
        let c = Config::default();
        let risky = ProposalFacts {
            at_risk: true,
            first_renewal: true,
            healthy: false,
            ..facts()
        };
        let d = draft(&risky, &c);
        assert!(
            !d.bundled,
            "at-risk renewals do not bundle expansion by default"
        );
        let w = warnings(&risky, &d, &c);
        assert!(w[0].starts_with("At-risk renewal: Better and Best run as separate tracks"));
        assert!(w[1].contains("poor multi-year candidate") && w[1].contains("first renewal"));
        let growing = ProposalFacts {
            expansion_ahead: true,
            ..facts()
        };
        let unbundled = Draft {
            bundled: false,
            ..draft(&growing, &c)
        };
        assert!(
            warnings(&growing, &unbundled, &c)
                .iter()
                .any(|x| x.contains("money left on the table"))
        );
        assert!(
            !warnings(&growing, &draft(&growing, &c), &c)
                .iter()
                .any(|x| x.contains("money left"))
        );
    }

    #[test]
    fn framing_in_numbers() {
        let c = Config::default();
        let p = price_all(&facts(), &draft(&facts(), &c), &c);
        assert_eq!(
            value_framing(30.0, &p[0], &p[1]),
            "Team grows 30% while spend rises 10%"
        );
    }
}
