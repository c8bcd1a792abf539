//! Writes, always inside one immediate transaction opened by `Store::write`.
//! The store keeps the denormalised summaries (latest health, open signals, last
//! activity) in step with the rows they summarise, in the same transaction.

use super::Result;
use super::dates::{fmt, fmt_opt};
use crate::domain::Date;
use crate::domain::book::{
    Account, Activity, ClosedOutcome, Proposal, Renewal, SavePlan, Signal, Stakeholder, Task,
};
use crate::domain::risk::SignalKind;
use rusqlite::{OptionalExtension, Transaction, params};

pub struct Tx<'a> {
    pub(super) tx: &'a Transaction<'a>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>) -> Self {
        Tx { tx }
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.tx.execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![key, value])?;
        Ok(())
    }

    /// Inserts or updates an account's own fields (never its local work).
    pub fn upsert_account(&self, a: &Account, source: &str, now: &str) -> Result<()> {
        self.tx.prepare_cached(
            "INSERT INTO accounts (id, name, industry, domain, customer_since, segment_override, segment_override_reason,
                                   strategic, reference, growth, source, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, industry = excluded.industry, domain = excluded.domain,
                 customer_since = excluded.customer_since, segment_override = excluded.segment_override,
                 segment_override_reason = excluded.segment_override_reason, strategic = excluded.strategic,
                 reference = excluded.reference, growth = excluded.growth, updated_at = excluded.updated_at")?.execute(
            params![
                a.id,
                a.name,
                a.industry,
                a.domain,
                fmt_opt(a.customer_since),
                a.segment_override.map(|s| s.as_str()),
                a.segment_override_reason,
                a.strategic,
                a.reference,
                a.growth,
                source,
                now
            ],
        )?;
        Ok(())
    }

    /// Inserts a renewal and returns its id.
    pub fn insert_renewal(&self, r: &Renewal) -> Result<i64> {
        // No such account leaves the key NULL, which the schema refuses.
        let key: Option<i64> = self
            .tx
            .prepare_cached("SELECT key FROM accounts WHERE id = ?1")?
            .query_row([&r.account_id], |row| row.get(0))
            .optional()?;
        self.insert_renewal_at(key, r, 0)
    }

    /// Inserts a renewal of the account with this key (the import knows it already).
    /// `done_before_import`: the steps an import found already passed by the stage.
    pub(super) fn insert_renewal_at(
        &self,
        key: Option<i64>,
        r: &Renewal,
        done_before_import: u32,
    ) -> Result<i64> {
        self.tx.prepare_cached(
            "INSERT INTO renewals (account_key, renewal_date, arr_minor, target_minor, currency, stage, opportunity_type,
                                   touch_model, owner, probability_override, snoozed_until, snooze_reason, flagged_at_risk,
                                   at_risk_reason, milestones_done, stage_changed_on, last_activity_on, closed_on, done_before_import)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)")?.execute(
            params![
                key,
                fmt_opt(r.renewal_date),
                r.arr.0,
                r.target.map(|m| m.0),
                r.currency,
                r.stage.as_str(),
                r.opportunity_type.as_str(),
                r.touch_model.as_str(),
                r.owner,
                r.probability_override,
                fmt_opt(r.snoozed_until),
                r.snooze_reason,
                r.flagged_at_risk,
                r.at_risk_reason,
                r.milestones_done,
                fmt_opt(r.stage_changed_on),
                fmt_opt(r.last_activity_on),
                fmt_opt(r.closed_on),
                done_before_import,
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records a dated health score and keeps the account's latest two in step.
    pub fn add_health(&self, account_id: &str, on: Date, score: u8) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO health_snapshots (account_id, taken_on, score) VALUES (?1, ?2, ?3)
             ON CONFLICT(account_id, taken_on) DO UPDATE SET score = excluded.score",
            )?
            .execute(params![account_id, fmt(on), score])?;
        // The latest two read here and written as plain values: the one-statement form
        // (an UPDATE with two correlated subqueries) was re-prepared by SQLite on every
        // call, a third of an import's time.
        let latest: Vec<u8> = self
            .tx
            .prepare_cached(
                "SELECT score FROM health_snapshots WHERE account_id = ?1 ORDER BY taken_on DESC LIMIT 2",
            )?
            .query_map([account_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.tx
            .prepare_cached(
                "UPDATE accounts SET health_score = ?2, health_prev = ?3 WHERE id = ?1",
            )?
            .execute(params![account_id, latest.first(), latest.get(1)])?;
        Ok(())
    }

    /// Records a new health score as it arrives (import, manual entry). When it takes
    /// the account into red, a "review meeting now" task is created for that day, so
    /// nobody has to scan scores to notice. Returns whether that happened.
    pub fn record_health(
        &self,
        account_id: &str,
        on: Date,
        score: u8,
        rules: &crate::domain::config::HealthRules,
    ) -> Result<bool> {
        let previous: Option<u8> = self
            .tx
            .prepare_cached("SELECT health_score FROM accounts WHERE id = ?1")?
            .query_row([account_id], |r| r.get(0))
            .optional()?
            .flatten();
        self.add_health(account_id, on, score)?;
        let red = crate::domain::health::crossed_into_red(previous, score, rules);
        if red {
            let renewal_id = self.open_renewal_id(account_id)?;
            self.add_red_review(account_id, renewal_id, on, score)?;
        }
        Ok(red)
    }

    /// The "review meeting now" task of a health score that went red.
    pub(super) fn add_red_review(
        &self,
        account_id: &str,
        renewal_id: Option<i64>,
        on: Date,
        score: u8,
    ) -> Result<()> {
        self.add_task(&Task {
            account_id: account_id.to_string(),
            renewal_id,
            due_on: on,
            kind: "review_meeting".into(),
            title: format!("Review meeting now: health fell to {score} (red)"),
        })
    }

    pub fn add_signal(&self, s: &Signal, source: &str) -> Result<i64> {
        self.tx.prepare_cached(
            "INSERT INTO signals (account_id, observed_on, kind, value, note, resolved_on, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(
            params![s.account_id, fmt(s.observed_on), s.kind.as_str(), s.value, s.note, fmt_opt(s.resolved_on), source],
        )?;
        let id = self.tx.last_insert_rowid();
        self.refresh_signal_summary(&s.account_id)?;
        Ok(id)
    }

    /// Recomputes the open-signal count and kind mask of one account.
    pub(super) fn refresh_signal_summary(&self, account_id: &str) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT kind FROM signals WHERE account_id = ?1 AND resolved_on IS NULL",
        )?;
        let kinds: Vec<String> = stmt
            .query_map([account_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mask = kinds
            .iter()
            .filter_map(|k| SignalKind::parse(k))
            .fold(0u32, |m, k| m | k.bit());
        self.tx
            .prepare_cached(
                "UPDATE accounts SET open_signals = ?2, signal_kinds = ?3 WHERE id = ?1",
            )?
            .execute(params![account_id, kinds.len() as i64, mask])?;
        Ok(())
    }

    pub fn add_stakeholder(&self, s: &Stakeholder, source: &str) -> Result<i64> {
        self.tx.prepare_cached(
            "INSERT INTO stakeholders (account_id, name, title, email, phone, role, sentiment, status, last_contact, our_thread, source, our_contact)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")?.execute(
            params![
                s.account_id,
                s.name,
                s.title,
                s.email,
                s.phone,
                s.role.map(|r| r.as_str()),
                s.sentiment.as_str(),
                s.status.as_str(),
                fmt_opt(s.last_contact),
                s.our_thread.map(|t| t.as_str()),
                source,
                s.our_contact
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.refresh_derived(&s.account_id)?;
        Ok(id)
    }

    /// Appends to the activity log and, when the activity is movement (not bookkeeping
    /// such as a snooze), marks the renewal as moved that day.
    pub fn log_activity(&self, a: &Activity) -> Result<()> {
        self.tx.execute(
            "INSERT INTO activities (account_id, renewal_id, at, kind, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.account_id, a.renewal_id, a.at, a.kind, a.summary],
        )?;
        if let Some(rid) = a.renewal_id
            && crate::domain::renewal::activity_moves_renewal(&a.kind)
        {
            let day = a.at.get(..10).unwrap_or(&a.at);
            self.tx.execute(
                "UPDATE renewals SET last_activity_on = ?2 WHERE id = ?1 AND (last_activity_on IS NULL OR last_activity_on < ?2)",
                params![rid, day],
            )?;
        }
        Ok(())
    }

    /// Marks a playbook step done (idempotent) and sets its bit on the renewal.
    pub fn complete_milestone(
        &self,
        renewal_id: i64,
        key: &str,
        on: Date,
        note: Option<&str>,
    ) -> Result<()> {
        let bit = crate::domain::playbook::milestone_bit(key)
            .ok_or_else(|| super::StoreError::Invalid(format!("unknown milestone '{key}'")))?;
        self.tx.execute(
            "INSERT INTO milestone_completions (renewal_id, milestone_key, done_on, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(renewal_id, milestone_key) DO NOTHING",
            params![renewal_id, key, fmt(on), note],
        )?;
        self.tx.execute(
            "UPDATE renewals SET milestones_done = milestones_done | ?2 WHERE id = ?1",
            params![renewal_id, bit],
        )?;
        Ok(())
    }

    /// Records how a renewal closed and closes it.
    pub fn close_renewal(&self, renewal_id: i64, o: &ClosedOutcome) -> Result<()> {
        // Cached: an import closes a renewal per row that arrives won, churned or downgraded.
        self.tx.prepare_cached(
            "INSERT INTO outcomes (renewal_id, result, closed_on, final_minor, reason, competitor, could_have_saved)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?.execute(
            params![renewal_id, o.result.as_str(), fmt(o.closed_on), o.final_value.0, o.reason, o.competitor, o.could_have_saved],
        )?;
        self.tx.prepare_cached(
            "UPDATE renewals SET stage = ?2, closed_on = ?3, stage_changed_on = ?3 WHERE id = ?1",
        )?.execute(
            params![renewal_id, o.result.stage().as_str(), fmt(o.closed_on)],
        )?;
        Ok(())
    }

    pub fn add_task(&self, t: &Task) -> Result<()> {
        self.tx.prepare_cached(
            "INSERT INTO tasks (account_id, renewal_id, due_on, kind, title) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(
            params![t.account_id, t.renewal_id, fmt(t.due_on), t.kind, t.title],
        )?;
        Ok(())
    }

    pub fn add_save_plan(&self, p: &SavePlan) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO save_plans (account_id, renewal_id, opened_on, probability_tier, root_cause, planned_hours, lost_cause_signs, escalation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                p.account_id,
                p.renewal_id,
                fmt_opt(p.opened_on),
                p.probability_tier,
                p.root_cause,
                p.planned_hours,
                p.lost_cause_signs.join(","),
                p.escalation
            ],
        )?;
        let plan = self.tx.last_insert_rowid();
        for i in &p.items {
            self.tx.execute(
                "INSERT INTO save_items (plan_id, problem, root_cause, fix, owner, deadline, metric, status, priority, deal_breaker, fixable, quick_win, customer_wording)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![plan, i.problem, i.root_cause, i.fix, i.owner, fmt_opt(i.deadline), i.metric, i.status, i.priority, i.deal_breaker, i.fixable, i.quick_win, i.customer_wording],
            )?;
        }
        for c in &p.concessions {
            self.tx.execute(
                "INSERT INTO concessions (plan_id, kind, percent_bp, given, tied_to, sunset, rationale, expected_outcome, alternatives, approved_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![plan, c.kind, c.percent_bp, c.given, c.tied_to, fmt_opt(c.sunset), c.rationale, c.expected_outcome, c.alternatives, c.approved_by],
            )?;
        }
        Ok(plan)
    }

    pub fn add_proposal(&self, p: &Proposal, now: &str) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO proposals (account_id, renewal_id, status, accepted_tier, recommended, value_framing, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![p.account_id, p.renewal_id, p.status, p.accepted_tier, p.recommended, p.value_framing, now],
        )?;
        let id = self.tx.last_insert_rowid();
        for t in &p.tiers {
            self.tx.execute(
                "INSERT INTO proposal_tiers (proposal_id, tier, uplift_bp, expansion_bp, expansion_units, unit_price_minor, term_years, discount_bp, pricing, step_bp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![id, t.tier, t.uplift_bp, t.expansion_bp, t.expansion_units, t.unit_price.map(|m| m.0), t.term_years, t.discount_bp, t.pricing, t.step_bp],
            )?;
        }
        Ok(id)
    }

    /// The id of an account's open renewal, if it has one.
    pub fn open_renewal_id(&self, account_id: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT r.id FROM renewals r JOIN accounts a ON a.key = r.account_key WHERE a.id = ?1 AND r.closed_on IS NULL",
            )?
            .query_row([account_id], |r| r.get(0))
            .optional()?)
    }
}
