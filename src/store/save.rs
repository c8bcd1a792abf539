//! Save plans: load one with its items and concessions, change it one user action at a
//! time (each `Tx` method logs its own activity), and count the save metrics.

use super::dates::{fmt, fmt_opt, parse};
use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::book::{Activity, Concession, SaveItem, Task};
use crate::domain::money::Money;
pub use crate::domain::save_plan::{Assessment, SaveCounts, StoredPlan};
use rusqlite::{OptionalExtension, params};

fn opt_date(s: Option<String>) -> Option<Date> {
    s.as_deref().and_then(parse)
}

impl Store {
    /// The account's open plan, else its latest closed one.
    pub fn save_plan(&self, account_id: &str) -> Result<Option<StoredPlan>> {
        let head = self
            .conn
            .query_row(
                "SELECT p.id, p.account_id, a.name, p.renewal_id, p.opened_on, p.probability_tier, p.root_cause,
                        p.planned_hours, p.effort_override, p.effort_override_reason, p.lost_cause_signs,
                        p.escalation, p.escalation_brief, p.status, p.closed_on, p.debrief,
                        a.strategic, a.reference, a.growth, r.renewal_date, r.arr_minor, r.currency,
                        p.logged_hours,
                        EXISTS (SELECT 1 FROM stakeholders s WHERE s.account_id = p.account_id
                                AND s.status = 'active' AND s.our_thread = 'executive')
                 FROM save_plans p JOIN accounts a ON a.id = p.account_id
                 LEFT JOIN renewals r ON r.id = p.renewal_id
                 WHERE p.account_id = ?1 ORDER BY (p.status = 'open') DESC, p.id DESC LIMIT 1",
                [account_id],
                |r| {
                    let signs: String = r.get(10)?;
                    Ok(StoredPlan {
                        id: r.get(0)?,
                        account_id: r.get(1)?,
                        account_name: r.get(2)?,
                        renewal_id: r.get(3)?,
                        opened_on: opt_date(r.get(4)?),
                        probability_tier: r.get(5)?,
                        root_cause: r.get(6)?,
                        planned_hours: r.get(7)?,
                        effort_override: r.get(8)?,
                        effort_override_reason: r.get(9)?,
                        lost_cause_signs: signs
                            .split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect(),
                        escalation: r.get(11)?,
                        escalation_brief: r.get(12)?,
                        status: r.get(13)?,
                        closed_on: opt_date(r.get(14)?),
                        debrief: r.get(15)?,
                        strategic: r.get(16)?,
                        reference: r.get(17)?,
                        growth: r.get(18)?,
                        renewal_date: opt_date(r.get(19)?),
                        arr: Money(r.get::<_, Option<i64>>(20)?.unwrap_or(0)),
                        currency: r.get::<_, Option<String>>(21)?.unwrap_or_else(|| "USD".into()),
                        logged_hours: r.get(22)?,
                        exec_relationship: r.get(23)?,
                        items: Vec::new(),
                        concessions: Vec::new(),
                        approval_chains: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut plan) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, problem, root_cause, fix, owner, deadline, metric, status, priority, deal_breaker, fixable, quick_win, customer_wording
             FROM save_items WHERE plan_id = ?1 ORDER BY id",
        )?;
        plan.items = stmt
            .query_map([plan.id], |r| {
                Ok((
                    r.get(0)?,
                    SaveItem {
                        problem: r.get(1)?,
                        root_cause: r.get(2)?,
                        fix: r.get(3)?,
                        owner: r.get(4)?,
                        deadline: opt_date(r.get(5)?),
                        metric: r.get(6)?,
                        status: r.get(7)?,
                        priority: r.get(8)?,
                        deal_breaker: r.get(9)?,
                        fixable: r.get(10)?,
                        quick_win: r.get(11)?,
                        customer_wording: r.get(12)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, percent_bp, given, tied_to, sunset, rationale, expected_outcome, alternatives, approved_by, approval_chain
             FROM concessions WHERE plan_id = ?1 ORDER BY id",
        )?;
        let rows: Vec<(i64, Concession, Option<String>)> = stmt
            .query_map([plan.id], |r| {
                Ok((
                    r.get(0)?,
                    Concession {
                        kind: r.get(1)?,
                        percent_bp: r.get(2)?,
                        given: r.get(3)?,
                        tied_to: r.get(4)?,
                        sunset: opt_date(r.get(5)?),
                        rationale: r.get(6)?,
                        expected_outcome: r.get(7)?,
                        alternatives: r.get(8)?,
                        approved_by: r.get(9)?,
                    },
                    r.get(10)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, c, chain) in rows {
            plan.concessions.push((id, c));
            plan.approval_chains.push(chain);
        }
        Ok(Some(plan))
    }

    /// Counts for the save metrics. At risk = open renewals flagged at risk or with a
    /// plan; attempts = plans; hours = planned hours of all plans.
    /// The book's save figures. At risk is the queue's own rule (`domain::risk`) over
    /// every open renewal, so the metrics count what the queue shows.
    pub fn save_counts(
        &self,
        cfg: &crate::domain::config::Config,
        today: Date,
    ) -> Result<SaveCounts> {
        let mut c = SaveCounts::default();
        let open_plans: std::collections::HashSet<String> = self
            .conn
            .prepare_cached("SELECT account_id FROM save_plans WHERE status = 'open'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for r in self.load_queue(cfg, today, None)? {
            if r.at_risk {
                c.at_risk += 1;
                c.at_risk_with_plan += open_plans.contains(&r.facts.account_id) as i64;
            }
        }
        (c.attempts, c.saved, c.lost, c.hours_spent, c.hours_planned) = self.conn.query_row(
            "SELECT
               (SELECT COUNT(*) FROM save_plans),
               (SELECT COUNT(*) FROM save_plans WHERE status = 'saved'),
               (SELECT COUNT(*) FROM save_plans WHERE status = 'lost'),
               (SELECT COALESCE(SUM(logged_hours), 0) FROM save_plans),
               (SELECT COALESCE(SUM(planned_hours), 0) FROM save_plans)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.opened_on, p.closed_on, COALESCE(r.arr_minor, 0), COALESCE(r.currency, ''),
                    EXISTS (SELECT 1 FROM renewals r2 JOIN accounts a ON a.key = r2.account_key
                            WHERE a.id = p.account_id AND r2.stage = 'won' AND r2.closed_on > p.closed_on)
             FROM save_plans p LEFT JOIN renewals r ON r.id = p.renewal_id WHERE p.status = 'saved'",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                opt_date(r.get(0)?),
                opt_date(r.get(1)?),
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        for row in rows {
            let (opened, closed, arr, currency, again) = row?;
            c.revenue_saved
                .add(&currency, crate::domain::money::Money(arr));
            c.renewed_again += again as i64;
            if let (Some(o), Some(cl)) = (opened, closed) {
                c.days_to_save.push((cl - o).num_days());
            }
        }
        Ok(c)
    }
}

impl Tx<'_> {
    fn save_log(&self, account_id: &str, now: &str, kind: &str, summary: String) -> Result<()> {
        self.log_activity(&Activity {
            account_id: account_id.to_string(),
            renewal_id: None,
            at: now.to_string(),
            kind: kind.to_string(),
            summary,
        })
    }

    fn plan_account(&self, plan: i64) -> Result<(String, Option<i64>)> {
        Ok(self.tx.query_row(
            "SELECT account_id, renewal_id FROM save_plans WHERE id = ?1",
            [plan],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    fn plan_of_item(&self, table: &str, id: i64) -> Result<i64> {
        let sql = format!("SELECT plan_id FROM {table} WHERE id = ?1");
        self.tx
            .query_row(&sql, [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no such {table} row {id}")))
    }

    /// Opens a plan for the account's open renewal; refuses a second open plan.
    pub fn start_save_plan(&self, account_id: &str, today: Date, now: &str) -> Result<i64> {
        let renewal = self.open_renewal_id(account_id)?;
        let open: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM save_plans WHERE account_id = ?1 AND status = 'open')",
            [account_id],
            |r| r.get(0),
        )?;
        if open {
            return Err(StoreError::Invalid(format!(
                "{account_id} already has an open save plan"
            )));
        }
        self.tx.execute(
            "INSERT INTO save_plans (account_id, renewal_id, opened_on) VALUES (?1, ?2, ?3)",
            params![account_id, renewal, fmt(today)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.save_log(account_id, now, "save_started", "save plan started".into())?;
        Ok(id)
    }

    pub fn set_save_assessment(&self, plan: i64, a: &Assessment, now: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE save_plans SET probability_tier = ?2, root_cause = ?3, planned_hours = ?4, effort_override = ?5,
                    effort_override_reason = ?6, lost_cause_signs = ?7 WHERE id = ?1",
            params![plan, a.probability_tier, a.root_cause, a.planned_hours, a.effort_override, a.effort_override_reason, a.lost_cause_signs.join(",")],
        )?;
        let (acct, _) = self.plan_account(plan)?;
        if let Some((strategic, reference, growth)) = a.flags {
            self.tx.execute(
                "UPDATE accounts SET strategic = ?2, reference = ?3, growth = ?4 WHERE id = ?1",
                params![acct, strategic, reference, growth],
            )?;
        }
        self.save_log(
            &acct,
            now,
            "save_assessed",
            format!(
                "save assessed: {} probability",
                a.probability_tier.as_deref().unwrap_or("no")
            ),
        )
    }

    pub fn add_save_item(&self, plan: i64, i: &SaveItem, now: &str) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO save_items (plan_id, problem, root_cause, fix, owner, deadline, metric, status, priority, deal_breaker, fixable, quick_win, customer_wording)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![plan, i.problem, i.root_cause, i.fix, i.owner, fmt_opt(i.deadline), i.metric, i.status, i.priority, i.deal_breaker, i.fixable, i.quick_win, i.customer_wording],
        )?;
        let id = self.tx.last_insert_rowid();
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(
            &acct,
            now,
            "save_item",
            format!("save item added: {}", i.problem),
        )?;
        Ok(id)
    }

    pub fn update_save_item(&self, id: i64, i: &SaveItem, now: &str) -> Result<()> {
        let plan = self.plan_of_item("save_items", id)?;
        self.tx.execute(
            "UPDATE save_items SET problem = ?2, root_cause = ?3, fix = ?4, owner = ?5, deadline = ?6, metric = ?7,
                    status = ?8, priority = ?9, deal_breaker = ?10, fixable = ?11, quick_win = ?12, customer_wording = ?13 WHERE id = ?1",
            params![id, i.problem, i.root_cause, i.fix, i.owner, fmt_opt(i.deadline), i.metric, i.status, i.priority, i.deal_breaker, i.fixable, i.quick_win, i.customer_wording],
        )?;
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(
            &acct,
            now,
            "save_item",
            format!("save item edited: {} ({})", i.problem, i.status),
        )
    }

    pub fn delete_save_item(&self, id: i64, now: &str) -> Result<()> {
        let plan = self.plan_of_item("save_items", id)?;
        let problem: String =
            self.tx
                .query_row("SELECT problem FROM save_items WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        self.tx
            .execute("DELETE FROM save_items WHERE id = ?1", [id])?;
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(
            &acct,
            now,
            "save_item",
            format!("save item deleted: {problem}"),
        )
    }

    pub fn add_save_concession(&self, plan: i64, c: &Concession, now: &str) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO concessions (plan_id, kind, percent_bp, given, tied_to, sunset, rationale, expected_outcome, alternatives)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![plan, c.kind, c.percent_bp, c.given, c.tied_to, fmt_opt(c.sunset), c.rationale, c.expected_outcome, c.alternatives],
        )?;
        let id = self.tx.last_insert_rowid();
        let (acct, _) = self.plan_account(plan)?;
        let pct = c
            .percent_bp
            .map(|b| format!(" {}%", b as f64 / 100.0))
            .unwrap_or_default();
        self.save_log(
            &acct,
            now,
            "concession",
            format!("concession added: {}{pct}", c.kind),
        )?;
        Ok(id)
    }

    /// Records an approval after checking it against the approval matrix in this same
    /// transaction (`domain::concession::check_concession_approval`: price by discount,
    /// and every non-price kind by its level), so no path can record an approval the
    /// matrix refuses. The chain keeps every approval in order.
    /// Adds hours actually spent on a save (planned hours stay as planned).
    pub fn log_save_hours(&self, plan: i64, hours: i64, now: &str) -> Result<()> {
        if !(1..=1000).contains(&hours) {
            return Err(StoreError::Invalid(format!(
                "log 1 to 1000 hours at a time, not {hours}"
            )));
        }
        self.tx.execute(
            "UPDATE save_plans SET logged_hours = logged_hours + ?2 WHERE id = ?1",
            params![plan, hours],
        )?;
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(
            &acct,
            now,
            "save_hours",
            format!("{hours} h spent on the save"),
        )
    }

    pub fn approve_concession(
        &self,
        id: i64,
        level: &str,
        matrix: &crate::domain::config::ApprovalMatrix,
        now: &str,
    ) -> Result<()> {
        use crate::domain::concession::{ApproverLevel, check_concession_approval};
        let by = ApproverLevel::parse(level)
            .ok_or_else(|| StoreError::Invalid(format!("unknown approval level '{level}'")))?;
        let (kind, percent_bp): (String, Option<i64>) = self
            .tx
            .query_row(
                "SELECT kind, percent_bp FROM concessions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no such concession {id}")))?;
        check_concession_approval(&kind, percent_bp, by, matrix).map_err(StoreError::Invalid)?;
        let plan = self.plan_of_item("concessions", id)?;
        self.tx.execute(
            "UPDATE concessions SET approved_by = ?2,
                    approval_chain = COALESCE(approval_chain || ' → ', '') || ?2 WHERE id = ?1",
            params![id, level],
        )?;
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(
            &acct,
            now,
            "concession",
            format!("concession approved by {level}"),
        )
    }

    pub fn set_escalation(
        &self,
        plan: i64,
        stage: &str,
        brief: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.tx.execute(
            "UPDATE save_plans SET escalation = ?2, escalation_brief = COALESCE(?3, escalation_brief) WHERE id = ?1",
            params![plan, stage, brief],
        )?;
        let (acct, _) = self.plan_account(plan)?;
        self.save_log(&acct, now, "escalation", format!("escalation: {stage}"))
    }

    /// Saved: closes the plan and schedules `weeks` weekly health checks from next week
    /// (open items stay as they are, still tracked on the plan).
    pub fn close_save_saved(&self, plan: i64, today: Date, weeks: u32, now: &str) -> Result<()> {
        self.close(plan, "saved", today, None)?;
        let (acct, renewal) = self.plan_account(plan)?;
        for w in 1..=weeks {
            self.add_task(&Task {
                account_id: acct.clone(),
                renewal_id: renewal,
                due_on: today + chrono::Days::new(7 * w as u64),
                kind: "health_check".into(),
                title: format!("Post-save health check {w}/{weeks}"),
            })?;
        }
        self.save_log(
            &acct,
            now,
            "save_closed",
            format!("save closed as saved; {weeks} weekly health checks scheduled"),
        )
    }

    /// Lost: closes the plan with its debrief and schedules win-back check-ins at 3, 6
    /// and 12 months.
    pub fn close_save_lost(&self, plan: i64, today: Date, debrief: &str, now: &str) -> Result<()> {
        self.close(plan, "lost", today, Some(debrief))?;
        let (acct, renewal) = self.plan_account(plan)?;
        for (m, due_on) in crate::domain::renewal::win_back_schedule(today) {
            self.add_task(&Task {
                account_id: acct.clone(),
                renewal_id: renewal,
                due_on,
                kind: "win_back".into(),
                title: format!("Win-back check-in ({m} months)"),
            })?;
        }
        self.save_log(
            &acct,
            now,
            "save_closed",
            "save closed as lost; win-back check-ins at 3, 6, 12 months".into(),
        )
    }

    fn close(&self, plan: i64, status: &str, today: Date, debrief: Option<&str>) -> Result<()> {
        let n = self.tx.execute(
            "UPDATE save_plans SET status = ?2, closed_on = ?3, debrief = COALESCE(?4, debrief) WHERE id = ?1 AND status = 'open'",
            params![plan, status, fmt(today), debrief],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(
                "this save plan is already closed".into(),
            ));
        }
        Ok(())
    }
}
