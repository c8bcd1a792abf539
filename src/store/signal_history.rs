//! Resolving a risk signal: it stops counting as risk (the account's open-signal
//! summary, which every risk rule reads, is recomputed in the same transaction) but
//! stays in the book as history.

use super::dates::{fmt, parse};
use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::book::Signal;
use rusqlite::{OptionalExtension, params};

impl Tx<'_> {
    /// Marks signal `id` resolved on `on`. Refuses an unknown id, a signal already
    /// resolved, and a day before it was observed.
    pub fn resolve_signal(&self, id: i64, on: Date) -> Result<()> {
        let (account, observed, resolved) = self.signal_state(id)?;
        if let Some(day) = resolved {
            return Err(StoreError::Invalid(format!(
                "risk signal #{id} was already resolved on {day}"
            )));
        }
        if parse(&observed).is_some_and(|o| on < o) {
            return Err(StoreError::Invalid(format!(
                "risk signal #{id} was observed on {observed}: it cannot be resolved on {on}, before that"
            )));
        }
        self.tx.execute(
            "UPDATE signals SET resolved_on = ?2 WHERE id = ?1",
            params![id, fmt(on)],
        )?;
        self.refresh_signal_summary(&account)
    }

    /// Opens a resolved signal again (the undo of [`Tx::resolve_signal`]).
    pub fn reopen_signal(&self, id: i64) -> Result<()> {
        let (account, _, resolved) = self.signal_state(id)?;
        if resolved.is_none() {
            return Err(StoreError::Invalid(format!(
                "risk signal #{id} is open already"
            )));
        }
        self.tx
            .execute("UPDATE signals SET resolved_on = NULL WHERE id = ?1", [id])?;
        self.refresh_signal_summary(&account)
    }

    /// `(account_id, observed_on, resolved_on)` of a signal, or an error naming the id.
    fn signal_state(&self, id: i64) -> Result<(String, String, Option<String>)> {
        self.tx
            .prepare_cached(
                "SELECT account_id, observed_on, resolved_on FROM signals WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no risk signal #{id} in the book")))
    }
}

impl Store {
    /// [`Tx::resolve_signal`] in a transaction of its own.
    pub fn resolve_signal(&mut self, id: i64, on: Date) -> Result<()> {
        self.write(|tx| tx.resolve_signal(id, on))
    }

    /// Resolved risk signals of an account, most recently resolved first, at most
    /// `limit`: the account's history, never counted as risk.
    pub fn resolved_signals(&self, account_id: &str, limit: usize) -> Result<Vec<Signal>> {
        self.signals_of(
            "SELECT id, observed_on, kind, value, note, resolved_on FROM signals
             WHERE account_id = ?1 AND resolved_on IS NOT NULL
             ORDER BY resolved_on DESC, id DESC LIMIT ?2",
            account_id,
            limit,
        )
    }
}
