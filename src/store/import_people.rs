//! Applying validated stakeholders.csv and signals.csv rows inside the import's one
//! transaction (accounts are in `import.rs`). Re-importing a file changes nothing.

use super::Result;
use super::account::{STAKEHOLDER_SQL, stakeholder};
use super::dates::fmt;
use super::import::{ImportCtx, ImportTx};
use crate::domain::book::{Signal, Stakeholder};
use crate::domain::import::{Applied, SignalRow, StakeholderRow, given};
use crate::domain::stakeholder::{ContactStatus, Sentiment};
use rusqlite::{OptionalExtension, params};

impl ImportTx<'_> {
    /// A stakeholder row (its account is known to exist): the person with the same
    /// email, else the same name, is updated; nobody is ever removed.
    pub fn apply_stakeholder(&self, row: &StakeholderRow, ctx: &ImportCtx) -> Result<Applied> {
        let mut q = self
            .tx()
            .prepare_cached(&format!("{STAKEHOLDER_SQL} WHERE account_id = ?1"))?;
        let people: Vec<Stakeholder> = q
            .query_map([&row.account_id], stakeholder)?
            .collect::<rusqlite::Result<_>>()?;
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        let by_name = |p: &&Stakeholder| same(&p.name, &row.name);
        let found = match &row.email {
            Some(Some(e)) => people
                .iter()
                .find(|p| p.email.as_deref().is_some_and(|pe| same(pe, e)))
                .or_else(|| people.iter().filter(|p| p.email.is_none()).find(by_name)),
            _ => people.iter().find(by_name),
        };
        match found {
            Some(p) => {
                let next = Stakeholder {
                    id: p.id,
                    account_id: p.account_id.clone(),
                    name: row.name.clone(),
                    title: self.merge(ctx, &row.title, p.title.clone()),
                    email: self.merge(ctx, &row.email, p.email.clone()),
                    phone: self.merge(ctx, &row.phone, p.phone.clone()),
                    role: self.merge(ctx, &row.role, p.role),
                    sentiment: self.keep(&row.sentiment, p.sentiment),
                    status: self.keep(&row.status, p.status),
                    last_contact: self.merge(ctx, &row.last_contact, p.last_contact),
                    our_thread: self.merge(ctx, &row.our_thread, p.our_thread),
                    our_contact: self.merge(ctx, &row.our_contact, p.our_contact.clone()),
                };
                if next == *p {
                    return Ok(Applied::Unchanged);
                }
                self.t().update_stakeholder(&next)?;
                Ok(Applied::Updated)
            }
            None => {
                let s = Stakeholder {
                    id: 0,
                    account_id: row.account_id.clone(),
                    name: row.name.clone(),
                    title: given(&row.title),
                    email: given(&row.email),
                    phone: given(&row.phone),
                    role: given(&row.role),
                    sentiment: given(&row.sentiment).unwrap_or(Sentiment::Neutral),
                    status: given(&row.status).unwrap_or(ContactStatus::Active),
                    last_contact: given(&row.last_contact),
                    our_thread: given(&row.our_thread),
                    our_contact: given(&row.our_contact),
                };
                self.t().add_stakeholder(&s, "import")?;
                Ok(Applied::Added)
            }
        }
    }

    /// A signals row (its account is known to exist). Identity: a health score by
    /// (account, day); a reading by (account, kind, day); a risk signal by
    /// (account, day, kind, note) — so re-importing a file changes nothing.
    pub fn apply_signal(&self, row: &SignalRow, ctx: &ImportCtx) -> Result<Applied> {
        match row {
            SignalRow::Health {
                account_id,
                on,
                score,
            } => {
                if *score > 100 {
                    return Err(super::StoreError::Invalid(format!(
                        "account '{account_id}': a score over 100"
                    )));
                }
                let mut q = self.tx().prepare_cached(
                    "SELECT score FROM health_snapshots WHERE account_id = ?1 AND taken_on = ?2",
                )?;
                let old: Option<u8> = q
                    .query_row(params![account_id, fmt(*on)], |r| r.get(0))
                    .optional()?;
                if old == Some(*score) {
                    return Ok(Applied::Unchanged);
                }
                self.t()
                    .record_health(account_id, *on, *score, &ctx.health)?;
                Ok(Applied::written_over(old.is_some()))
            }
            SignalRow::Reading {
                account_id,
                on,
                kind,
                value,
                note,
            } => {
                let mut q = self.tx().prepare_cached(
                    "SELECT value, note FROM readings WHERE account_id = ?1 AND kind = ?2 AND observed_on = ?3",
                )?;
                let old: Option<(Option<f64>, Option<String>)> = q
                    .query_row(params![account_id, kind.as_str(), fmt(*on)], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                // An empty value or note keeps what the book has for that day.
                let (value, note) = match &old {
                    Some((v, n)) => (self.empty_met(ctx, value, v), self.empty_met(ctx, note, n)),
                    None => (*value, note.clone()),
                };
                if old.as_ref() == Some(&(value, note.clone())) {
                    return Ok(Applied::Unchanged);
                }
                let mut q = self.tx().prepare_cached(
                    "INSERT INTO readings (account_id, observed_on, kind, value, note, source) VALUES (?1, ?2, ?3, ?4, ?5, 'import')
                     ON CONFLICT(account_id, kind, observed_on) DO UPDATE SET value = excluded.value, note = excluded.note",
                )?;
                q.execute(params![account_id, fmt(*on), kind.as_str(), value, note])?;
                self.t().refresh_derived_with(account_id, &ctx.signals)?;
                Ok(Applied::written_over(old.is_some()))
            }
            SignalRow::Risk {
                account_id,
                on,
                kind,
                value,
                note,
            } => {
                let mut q = self.tx().prepare_cached(
                    "SELECT id, value FROM signals WHERE account_id = ?1 AND observed_on = ?2 AND kind = ?3 AND note IS ?4
                     ORDER BY id LIMIT 1",
                )?;
                let old: Option<(i64, Option<f64>)> = q
                    .query_row(params![account_id, fmt(*on), kind.as_str(), note], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                match old {
                    Some((id, stored)) => {
                        let value = self.empty_met(ctx, value, &stored);
                        if value == stored {
                            return Ok(Applied::Unchanged);
                        }
                        let mut q = self
                            .tx()
                            .prepare_cached("UPDATE signals SET value = ?2 WHERE id = ?1")?;
                        q.execute(params![id, value])?;
                        Ok(Applied::Updated)
                    }
                    None => {
                        self.t().add_signal(
                            &Signal {
                                id: 0,
                                account_id: account_id.clone(),
                                observed_on: *on,
                                kind: *kind,
                                value: *value,
                                note: note.clone(),
                                resolved_on: None,
                            },
                            "import",
                        )?;
                        Ok(Applied::Added)
                    }
                }
            }
        }
    }
}
