//! Proposal approvals as stored (issue 12). The rule is
//! `domain::proposal_approval`; it is checked here, inside the transaction that
//! records an approval or an acceptance, so no path can skip it.

use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::approval::ApproverLevel;
use crate::domain::proposal_approval::{self as rule, Approval, Policy};
use crate::domain::proposal_rules::{Draft, TierName};
use rusqlite::{OptionalExtension, params};

const APPROVALS: &str = "SELECT a.tier, a.discount_bp, a.level, a.approved_by, a.approved_on
     FROM proposal_approvals a
     WHERE a.proposal_id = (SELECT max(id) FROM proposals WHERE account_id = ?1)
     ORDER BY a.id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<(String, i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn approval((tier, bp, level, by, on): (String, i64, String, String, String)) -> Option<Approval> {
    Some(Approval {
        tier: TierName::parse(&tier)?,
        discount_bp: bp,
        level: ApproverLevel::parse(&level)?,
        by,
        on: on.parse().ok()?,
    })
}

impl Store {
    /// The approvals recorded on the account's latest proposal, oldest first.
    pub fn proposal_approvals(&self, account_id: &str) -> Result<Vec<Approval>> {
        let mut stmt = self.conn.prepare_cached(APPROVALS)?;
        let rows = stmt.query_map([account_id], row)?;
        let raw: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(raw.into_iter().filter_map(approval).collect())
    }
}

impl Tx<'_> {
    fn approvals(&self, account_id: &str) -> Result<Vec<Approval>> {
        let mut stmt = self.tx.prepare_cached(APPROVALS)?;
        let rows = stmt.query_map([account_id], row)?;
        let raw: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(raw.into_iter().filter_map(approval).collect())
    }

    /// The discount of `tier` on the latest stored proposal.
    fn stored_discount(&self, account_id: &str, tier: TierName) -> Result<Option<i64>> {
        Ok(self
            .tx
            .query_row(
                "SELECT discount_bp FROM proposal_tiers WHERE tier = ?2 AND proposal_id = (SELECT max(id) FROM proposals WHERE account_id = ?1)",
                params![account_id, tier.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records that `by` approved `tier` at `level` on `on`. A proposal shown only as
    /// a draft from the account's data is saved first (as `draft`), so the approval
    /// belongs to the terms that were approved. Refused when the level is below what
    /// the option's discount needs.
    #[allow(clippy::too_many_arguments)]
    pub fn approve_tier(
        &self,
        account_id: &str,
        renewal_id: Option<i64>,
        draft: &Draft,
        tier: TierName,
        level: ApproverLevel,
        by: &str,
        on: Date,
        policy: &Policy,
    ) -> Result<()> {
        if !self.proposal_exists(account_id)? {
            self.save_proposal(account_id, renewal_id, draft, &on.to_string())?;
        }
        let bp = self.stored_discount(account_id, tier)?.unwrap_or(0);
        rule::check(tier, bp, level, by, policy).map_err(StoreError::Invalid)?;
        self.tx.execute(
            "INSERT INTO proposal_approvals (proposal_id, tier, discount_bp, level, approved_by, approved_on)
             VALUES ((SELECT max(id) FROM proposals WHERE account_id = ?1), ?2, ?3, ?4, ?5, ?6)",
            params![account_id, tier.as_str(), bp, level.as_str(), by.trim(), on.to_string()],
        )?;
        let what = format!(
            "{} approved by {} ({}) on {on}",
            tier.label(),
            by.trim(),
            level.label()
        );
        self.log(account_id, renewal_id, &on.to_string(), "approval", &what)?;
        Ok(())
    }

    /// Refuses to accept `tier` while it lacks the approval its discount needs.
    pub fn check_accept(&self, account_id: &str, tier: TierName, policy: &Policy) -> Result<()> {
        let bp = self.stored_discount(account_id, tier)?.unwrap_or(0);
        match rule::missing_for(tier, bp, &self.approvals(account_id)?, policy) {
            None => Ok(()),
            Some(m) => Err(StoreError::Invalid(format!(
                "cannot mark it accepted: {}",
                m.reason()
            ))),
        }
    }
}
