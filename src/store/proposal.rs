//! Proposals as stored: reading the latest one into a draft, saving versions, status
//! and acceptance (which moves the renewal's target value and stage).

use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::account_view::AccountDetail;
use crate::domain::config::Config;
use crate::domain::money::Money;
use crate::domain::proposal::{Expansion, Pricing, TierSpec};
use crate::domain::proposal_rules::{self, Draft, ProposalFacts, TierName};
use rusqlite::{OptionalExtension, params};

pub use crate::domain::proposal_rules::ProposalStatus;

impl Store {
    /// The proposal facts and draft for an account: the stored proposal when there is one,
    /// else a draft from the account's data and the configured defaults.
    pub fn proposal_model(
        &self,
        cfg: &Config,
        d: &AccountDetail,
    ) -> Result<Option<(ProposalFacts, Draft)>> {
        let Some(row) = d.row.as_ref() else {
            return Ok(None);
        };
        // The same multi-year facts as the account pane (one function for both).
        let my = crate::domain::coverage::multi_year_facts(&d.account, Some(row), d.first_renewal);
        let facts = ProposalFacts {
            arr: row.facts.arr,
            at_risk: my.at_risk,
            healthy: my.healthy,
            first_renewal: my.first_renewal,
            fast_growing: my.fast_growing,
            industry: my.industry.map(str::to_string),
            expansion_ahead: row.facts.opportunity_type
                == crate::domain::renewal::OpportunityType::Expansion
                || d.account.growth,
            needs_other_stakeholders: d
                .coverage
                .missing_roles
                .contains(&crate::domain::stakeholder::Role::EconomicBuyer),
            budget_not_ready: row.risk_facts().kinds()
                & crate::domain::risk::SignalKind::Budget.bit()
                != 0,
        };
        let mut draft = proposal_rules::draft(&facts, cfg);
        if let Some((recommended, bundled, framing)) = self
            .conn
            .query_row("SELECT recommended, bundled, value_framing FROM proposals WHERE account_id = ?1 ORDER BY id DESC LIMIT 1", [&d.account.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, Option<String>>(2)?))
            })
            .optional()?
        {
            draft.recommended = TierName::parse(&recommended).unwrap_or(TierName::Better);
            draft.bundled = bundled;
            draft.value_framing = framing;
        }
        if let Some((_, tiers)) = self.latest_proposal_tiers(&d.account.id)? {
            for t in tiers {
                let i = match t.tier.as_str() {
                    "good" => 0,
                    "better" => 1,
                    _ => 2,
                };
                draft.tiers[i] = TierSpec {
                    uplift_bp: t.uplift_bp,
                    expansion: match (t.expansion_units, t.unit_price_minor, t.expansion_bp) {
                        (Some(units), Some(price), _) => Expansion::Units {
                            units,
                            unit_price: Money(price),
                        },
                        (_, _, Some(bp)) => Expansion::Percent(bp),
                        _ => Expansion::None,
                    },
                    term_years: t.term_years.clamp(1, 5) as u8,
                    discount_bp: t.discount_bp,
                    pricing: Pricing::parse(&t.pricing).unwrap_or(Pricing::Fixed),
                    step_bp: t.step_bp.unwrap_or(0),
                    base_units: t.base_units,
                    clauses: crate::domain::proposal::clauses_from_keys(&t.clauses),
                };
            }
        }
        Ok(Some((facts, draft)))
    }

    /// The latest proposal's status, accepted tier and version.
    pub fn proposal_status(&self, account_id: &str) -> Result<Option<ProposalStatus>> {
        Ok(self
            .conn
            .query_row("SELECT status, accepted_tier, version FROM proposals WHERE account_id = ?1 ORDER BY id DESC LIMIT 1", [account_id], |r| {
                Ok(ProposalStatus { status: r.get(0)?, accepted_tier: r.get(1)?, version: r.get(2)? })
            })
            .optional()?)
    }
}

impl Tx<'_> {
    /// Saves the draft as the account's proposal: the first save creates it, each later
    /// one replaces its tiers and keeps the previous version as a JSON snapshot.
    /// Returns the new version number.
    pub fn save_proposal(
        &self,
        account_id: &str,
        renewal_id: Option<i64>,
        draft: &Draft,
        now: &str,
    ) -> Result<i64> {
        // No tier whose price leaves the money range is ever stored, whatever path
        // the draft came by.
        let arr: i64 = match renewal_id {
            Some(r) => self
                .tx
                .query_row("SELECT arr_minor FROM renewals WHERE id = ?1", [r], |x| {
                    x.get(0)
                })
                .optional()?
                .unwrap_or(0),
            None => 0,
        };
        for (name, t) in TierName::ALL.iter().zip(draft.tiers.iter()) {
            crate::domain::proposal::check_tier(crate::domain::money::Money(arr), t)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", name.label())))?;
        }
        let existing: Option<(i64, i64)> = self
            .tx
            .query_row(
                "SELECT id, version FROM proposals WHERE account_id = ?1 ORDER BY id DESC LIMIT 1",
                [account_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (id, version) = match existing {
            Some((id, v)) => {
                let snapshot = self.proposal_snapshot(id)?;
                self.tx.execute("INSERT OR REPLACE INTO proposal_versions (proposal_id, version, saved_at, snapshot) VALUES (?1, ?2, ?3, ?4)", params![id, v, now, snapshot])?;
                self.tx.execute(
                    "UPDATE proposals SET version = ?2, recommended = ?3, bundled = ?4, updated_at = ?5, renewal_id = COALESCE(?6, renewal_id), value_framing = ?7 WHERE id = ?1",
                    params![id, v + 1, draft.recommended.as_str(), draft.bundled, now, renewal_id, draft.value_framing],
                )?;
                self.tx
                    .execute("DELETE FROM proposal_tiers WHERE proposal_id = ?1", [id])?;
                (id, v + 1)
            }
            None => {
                self.tx.execute(
                    "INSERT INTO proposals (account_id, renewal_id, status, recommended, bundled, version, updated_at, value_framing) VALUES (?1, ?2, 'draft', ?3, ?4, 1, ?5, ?6)",
                    params![account_id, renewal_id, draft.recommended.as_str(), draft.bundled, now, draft.value_framing],
                )?;
                (self.tx.last_insert_rowid(), 1)
            }
        };
        for (name, t) in TierName::ALL.iter().zip(draft.tiers.iter()) {
            let (pct, units, price) = match t.expansion {
                Expansion::None => (None, None, None),
                Expansion::Percent(bp) => (Some(bp), None, None),
                Expansion::Units { units, unit_price } => (None, Some(units), Some(unit_price.0)),
            };
            self.tx.execute(
                "INSERT INTO proposal_tiers (proposal_id, tier, uplift_bp, expansion_bp, expansion_units, unit_price_minor, term_years, discount_bp, pricing, step_bp, clauses, base_units)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![id, name.as_str(), t.uplift_bp, pct, units, price, t.term_years, t.discount_bp, t.pricing.as_str(), t.step_bp, crate::domain::proposal::clauses_to_keys(t.clauses), t.base_units],
            )?;
        }
        Ok(version)
    }

    fn proposal_snapshot(&self, id: i64) -> Result<String> {
        let mut stmt = self.tx.prepare_cached("SELECT tier, uplift_bp, expansion_bp, expansion_units, unit_price_minor, term_years, discount_bp, pricing, step_bp FROM proposal_tiers WHERE proposal_id = ?1")?;
        let rows = stmt.query_map([id], |r| {
            Ok(serde_json::json!({
                "tier": r.get::<_, String>(0)?, "uplift_bp": r.get::<_, i64>(1)?, "expansion_bp": r.get::<_, Option<i64>>(2)?,
                "expansion_units": r.get::<_, Option<i64>>(3)?, "unit_price_minor": r.get::<_, Option<i64>>(4)?, "term_years": r.get::<_, i64>(5)?,
                "discount_bp": r.get::<_, i64>(6)?, "pricing": r.get::<_, String>(7)?, "step_bp": r.get::<_, Option<i64>>(8)?,
            }))
        })?;
        let tiers: Vec<serde_json::Value> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(serde_json::Value::Array(tiers).to_string())
    }

    pub fn proposal_exists(&self, account_id: &str) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM proposals WHERE account_id = ?1)",
            [account_id],
            |r| r.get(0),
        )?)
    }

    /// Sets the status (draft, sent, declined); acceptance goes through `accept_proposal`.
    pub fn set_proposal_status(&self, account_id: &str, status: &str) -> Result<()> {
        if !["draft", "sent", "declined"].contains(&status) {
            return Err(StoreError::Invalid(format!(
                "unknown proposal status '{status}'"
            )));
        }
        self.tx.execute("UPDATE proposals SET status = ?2, accepted_tier = NULL WHERE id = (SELECT max(id) FROM proposals WHERE account_id = ?1)", params![account_id, status])?;
        Ok(())
    }

    /// The customer chose `tier` at `first_year`: the proposal is accepted, the open
    /// renewal's target becomes that price and its stage moves to at least verbal.
    /// Refused while the option lacks an approval it needs (issue 12).
    pub fn accept_proposal(
        &self,
        account_id: &str,
        tier: TierName,
        first_year: Money,
        on: Date,
        policy: &crate::domain::proposal_approval::Policy,
    ) -> Result<()> {
        self.check_accept(account_id, tier, policy)?;
        self.tx.execute(
            "UPDATE proposals SET status = 'accepted', accepted_tier = ?2 WHERE id = (SELECT max(id) FROM proposals WHERE account_id = ?1)",
            params![account_id, tier.as_str()],
        )?;
        if let Some(rid) = self.open_renewal_id(account_id)? {
            self.tx.execute(
                "UPDATE renewals SET target_minor = ?2 WHERE id = ?1",
                params![rid, first_year.0],
            )?;
            let stage: String =
                self.tx
                    .query_row("SELECT stage FROM renewals WHERE id = ?1", [rid], |r| {
                        r.get(0)
                    })?;
            let late = crate::domain::renewal::Stage::parse(&stage)
                .is_some_and(|s| s >= crate::domain::renewal::Stage::Verbal);
            if !late {
                self.set_stage(rid, crate::domain::renewal::Stage::Verbal, on)?;
            }
        }
        Ok(())
    }
}
