//! Reads and writes behind the account pane, the brief and `runway account`.
//! Every history list is bounded: the pane never loads more than it shows.

use super::dates::{fmt_opt, parse};
use super::read::{FACTS_SQL, Interner, facts};
use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::book::{Account, SaveItem, Signal, Stakeholder};
use crate::domain::config::Config;
use crate::domain::queue::{QueueRow, build_row};
use crate::domain::risk::SignalKind;
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use rusqlite::{OptionalExtension, Row, params};

pub(super) const STAKEHOLDER_SQL: &str = "SELECT id, account_id, name, title, email, phone, role, sentiment, status, last_contact, our_thread, our_contact FROM stakeholders";

pub(super) fn stakeholder(r: &Row) -> rusqlite::Result<Stakeholder> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(Stakeholder {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        title: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        role: text(6)?.as_deref().and_then(Role::parse),
        sentiment: text(7)?
            .as_deref()
            .and_then(Sentiment::parse)
            .unwrap_or(Sentiment::Neutral),
        status: text(8)?
            .as_deref()
            .and_then(ContactStatus::parse)
            .unwrap_or(ContactStatus::Active),
        last_contact: text(9)?.as_deref().and_then(parse),
        our_thread: text(10)?.as_deref().and_then(Thread::parse),
        our_contact: text(11)?,
    })
}

/// A tier of the latest proposal, as stored (for the brief).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTier {
    pub tier: String,
    pub term_years: i64,
    pub discount_bp: i64,
    pub expansion_bp: Option<i64>,
    pub pricing: String,
    pub uplift_bp: i64,
    pub expansion_units: Option<i64>,
    pub unit_price_minor: Option<i64>,
    pub step_bp: Option<i64>,
    /// Comma-separated flexibility clause keys.
    pub clauses: String,
    pub base_units: Option<i64>,
}

impl Store {
    pub fn account(&self, id: &str) -> Result<Option<Account>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, industry, domain, customer_since, segment_override, segment_override_reason, strategic, reference, growth
                 FROM accounts WHERE id = ?1",
                [id],
                |r| {
                    Ok(Account {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        industry: r.get(2)?,
                        domain: r.get(3)?,
                        customer_since: r.get::<_, Option<String>>(4)?.as_deref().and_then(parse),
                        segment_override: r.get::<_, Option<String>>(5)?.as_deref().and_then(Segment::parse),
                        segment_override_reason: r.get(6)?,
                        strategic: r.get(7)?,
                        reference: r.get(8)?,
                        growth: r.get(9)?,
                    })
                },
            )
            .optional()?)
    }

    /// The account's open renewal, scored as the queue scores it (whatever the window).
    pub fn account_row(&self, id: &str, cfg: &Config, today: Date) -> Result<Option<QueueRow>> {
        let cutoff = self.health_quartile_cutoff()?;
        let mut strings = Interner::default();
        let f = self
            .conn
            .query_row(&format!("{FACTS_SQL} AND a.id = ?1"), [id], |r| {
                facts(r, &mut strings)
            })
            .optional()?;
        Ok(f.map(|f| build_row(f, cfg, today, cutoff)))
    }

    pub fn stakeholders(&self, account_id: &str) -> Result<Vec<Stakeholder>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{STAKEHOLDER_SQL} WHERE account_id = ?1 ORDER BY id LIMIT 200"
        ))?;
        let rows = stmt.query_map([account_id], stakeholder)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest `limit` health snapshots, oldest first (for a sparkline).
    pub fn health_history(&self, account_id: &str, limit: usize) -> Result<Vec<(Date, u8)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT taken_on, score FROM (SELECT taken_on, score FROM health_snapshots WHERE account_id = ?1 ORDER BY taken_on DESC LIMIT ?2) ORDER BY taken_on",
        )?;
        let rows = stmt.query_map(params![account_id, limit as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (d, s) = row?;
            if let Some(d) = parse(&d) {
                out.push((d, s));
            }
        }
        Ok(out)
    }

    /// Open risk signals, newest first, at most `limit`.
    pub fn open_signals(&self, account_id: &str, limit: usize) -> Result<Vec<Signal>> {
        self.signals_of(
            "SELECT id, observed_on, kind, value, note, resolved_on FROM signals
             WHERE account_id = ?1 AND resolved_on IS NULL
             ORDER BY observed_on DESC, id DESC LIMIT ?2",
            account_id,
            limit,
        )
    }

    /// One account's signals as `sql` selects them (id, observed_on, kind, value, note,
    /// resolved_on; the account and a limit bound as ?1 and ?2). A row whose date or
    /// kind runway did not write is skipped rather than guessed at.
    pub(super) fn signals_of(
        &self,
        sql: &str,
        account_id: &str,
        limit: usize,
    ) -> Result<Vec<Signal>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![account_id, limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, on, kind, value, note, resolved) = row?;
            let resolved_on = match resolved {
                None => None,
                Some(r) => match parse(&r) {
                    Some(d) => Some(d),
                    None => continue,
                },
            };
            if let (Some(observed_on), Some(kind)) = (parse(&on), SignalKind::parse(&kind)) {
                out.push(Signal {
                    id,
                    account_id: account_id.to_string(),
                    observed_on,
                    kind,
                    value,
                    note,
                    resolved_on,
                });
            }
        }
        Ok(out)
    }

    /// Open items of the account's open save plan (for the brief).
    pub fn open_save_items(&self, account_id: &str) -> Result<Vec<SaveItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.problem, i.root_cause, i.fix, i.owner, i.deadline, i.metric, i.status, i.priority, i.deal_breaker, i.fixable, i.quick_win
             FROM save_items i JOIN save_plans p ON p.id = i.plan_id
             WHERE p.account_id = ?1 AND p.status = 'open' AND i.status NOT IN ('done', 'verified')
             ORDER BY i.deal_breaker DESC, i.deadline LIMIT 20",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok(SaveItem {
                problem: r.get(0)?,
                root_cause: r.get(1)?,
                fix: r.get(2)?,
                owner: r.get(3)?,
                deadline: r.get::<_, Option<String>>(4)?.as_deref().and_then(parse),
                metric: r.get(5)?,
                status: r.get(6)?,
                priority: r.get(7)?,
                deal_breaker: r.get(8)?,
                fixable: r.get(9)?,
                quick_win: r.get(10)?,
                customer_wording: None,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest proposal's status and tiers, if any.
    pub fn latest_proposal_tiers(
        &self,
        account_id: &str,
    ) -> Result<Option<(String, Vec<StoredTier>)>> {
        let Some((id, status)): Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, status FROM proposals WHERE account_id = ?1 ORDER BY id DESC LIMIT 1",
                [account_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT tier, term_years, discount_bp, expansion_bp, pricing, uplift_bp, expansion_units, unit_price_minor, step_bp, clauses, base_units
             FROM proposal_tiers WHERE proposal_id = ?1
             ORDER BY CASE tier WHEN 'good' THEN 1 WHEN 'better' THEN 2 ELSE 3 END",
        )?;
        let tiers = stmt
            .query_map([id], |r| {
                Ok(StoredTier {
                    tier: r.get(0)?,
                    term_years: r.get(1)?,
                    discount_bp: r.get(2)?,
                    expansion_bp: r.get(3)?,
                    pricing: r.get(4)?,
                    uplift_bp: r.get(5)?,
                    expansion_units: r.get(6)?,
                    unit_price_minor: r.get(7)?,
                    step_bp: r.get(8)?,
                    clauses: r.get(9)?,
                    base_units: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some((status, tiers)))
    }
}

impl Tx<'_> {
    pub fn set_segment_override(
        &self,
        account_id: &str,
        segment: Option<Segment>,
        reason: Option<&str>,
    ) -> Result<()> {
        self.tx.execute(
            "UPDATE accounts SET segment_override = ?2, segment_override_reason = ?3 WHERE id = ?1",
            params![account_id, segment.map(|s| s.as_str()), reason],
        )?;
        Ok(())
    }

    pub fn update_stakeholder(&self, s: &Stakeholder) -> Result<()> {
        let n = self.tx.execute(
            "UPDATE stakeholders SET name = ?2, title = ?3, email = ?4, phone = ?5, role = ?6, sentiment = ?7, status = ?8, last_contact = ?9, our_thread = ?10,
                 our_contact = ?11
             WHERE id = ?1",
            params![
                s.id,
                s.name,
                s.title,
                s.email,
                s.phone,
                s.role.map(|r| r.as_str()),
                s.sentiment.as_str(),
                s.status.as_str(),
                fmt_opt(s.last_contact),
                s.our_thread.map(|t| t.as_str()),
                s.our_contact
            ],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!(
                "stakeholder {} no longer exists",
                s.id
            )));
        }
        self.refresh_derived(&s.account_id)
    }

    pub fn delete_stakeholder(&self, id: i64) -> Result<()> {
        let account: Option<String> = self
            .tx
            .query_row(
                "SELECT account_id FROM stakeholders WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        self.tx
            .execute("DELETE FROM stakeholders WHERE id = ?1", [id])?;
        match account {
            Some(a) => self.refresh_derived(&a),
            None => Ok(()),
        }
    }

    /// Marks someone as gone (left or changed role): records a stakeholder-change
    /// signal dated `on`, and when they were the champion, flags the open renewal at
    /// risk. Returns whether the champion was lost.
    pub fn mark_departed(&self, s: &Stakeholder, status: ContactStatus, on: Date) -> Result<bool> {
        let mut gone = s.clone();
        gone.status = status;
        self.update_stakeholder(&gone)?;
        let what = if status == ContactStatus::Left {
            "left the company"
        } else {
            "changed role"
        };
        let note = format!(
            "{} ({}) {what}",
            s.name,
            s.role.map(|r| r.label()).unwrap_or("contact")
        );
        self.add_signal(
            &Signal {
                id: 0,
                account_id: s.account_id.clone(),
                observed_on: on,
                kind: SignalKind::StakeholderChange,
                value: None,
                note: Some(note),
                resolved_on: None,
            },
            "manual",
        )?;
        let champion = s.role == Some(Role::Champion);
        if champion && let Some(rid) = self.open_renewal_id(&s.account_id)? {
            self.flag_at_risk(rid, &format!("champion {} {what}", s.name))?;
        }
        Ok(champion)
    }
}

impl Store {
    /// The account pane's data for one account, or `None` for an unknown id.
    pub fn account_detail(
        &self,
        id: &str,
        cfg: &Config,
        today: Date,
    ) -> Result<Option<crate::domain::account_view::AccountDetail>> {
        let Some(account) = self.account(id)? else {
            return Ok(None);
        };
        let row = self.account_row(id, cfg, today)?;
        let people = self.stakeholders(id)?;
        let health = self.health_history(id, 24)?;
        let signals = self.open_signals(id, 50)?;
        let derived = self.derived_signals(id, &cfg.signals)?;
        let imported: u32 = match &row {
            Some(r) => self.conn.query_row(
                "SELECT done_before_import FROM renewals WHERE id = ?1",
                [r.facts.renewal_id],
                |x| x.get(0),
            )?,
            None => 0,
        };
        let mut d = crate::domain::account_view::assemble(
            account,
            row,
            people,
            health,
            (signals, derived),
            today,
            cfg,
        );
        d.done_before_import = imported;
        d.resolved = self.resolved_signals(id, 50)?;
        Ok(Some(d))
    }

    /// Finds an account the way every command does (`crate::resolve`: id, name,
    /// words, fuzzy). The error lists the candidates when the name is ambiguous.
    pub fn resolve_account(&self, query: &str) -> Result<String> {
        use crate::resolve::{Resolved, resolve};
        if self.account(query)?.is_some() {
            return Ok(query.to_string());
        }
        let (ids, names): (Vec<String>, Vec<String>) = self.account_names()?.into_iter().unzip();
        let shown = crate::domain::text::inert(query);
        match resolve(&ids, &names, query) {
            Resolved::One(i) => Ok(ids[i].clone()),
            Resolved::None => Err(StoreError::Invalid(format!(
                "no account has the id or a name like '{shown}'"
            ))),
            Resolved::Many(many) => {
                let list: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|&i| {
                        format!(
                            "{} ({})",
                            crate::domain::text::inert(&names[i]),
                            crate::domain::text::inert(&ids[i])
                        )
                    })
                    .collect();
                Err(StoreError::Invalid(format!(
                    "'{shown}' matches {} accounts: {}{} — use the id",
                    many.len(),
                    list.join(", "),
                    if many.len() > 5 { ", …" } else { "" }
                )))
            }
        }
    }
}
