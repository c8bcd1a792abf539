//! Activities a person logs by hand (a call, an e-mail, a meeting, a note), checked
//! by the domain's rules inside the transaction that writes them.

use super::{Result, Store, StoreError, Tx};
use crate::domain::activity::{self, ActivityKind};
use rusqlite::OptionalExtension;

impl Tx<'_> {
    /// Logs a hand-entered activity on the account's open renewal (which then counts
    /// as moved that day) and returns its id, so an undo can remove exactly it.
    /// Refuses an unknown account and an empty or overlong summary.
    pub fn log_kind(
        &self,
        account_id: &str,
        kind: ActivityKind,
        summary: &str,
        at: chrono::NaiveDateTime,
    ) -> Result<i64> {
        let summary = activity::summary(summary).map_err(StoreError::Invalid)?;
        let known: Option<i64> = self
            .tx
            .prepare_cached("SELECT key FROM accounts WHERE id = ?1")?
            .query_row([account_id], |r| r.get(0))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::Invalid(format!(
                "no account has the id '{}'",
                crate::domain::text::inert(account_id)
            )));
        }
        let renewal_id = self.open_renewal_id(account_id)?;
        let at = at.format("%Y-%m-%dT%H:%M:%S").to_string();
        self.log(account_id, renewal_id, &at, kind.as_str(), summary)
    }
}

impl Store {
    /// [`Tx::log_kind`] in a transaction of its own.
    pub fn log_activity(
        &mut self,
        account_id: &str,
        kind: ActivityKind,
        summary: &str,
        at: chrono::NaiveDateTime,
    ) -> Result<i64> {
        self.write(|tx| tx.log_kind(account_id, kind, summary, at))
    }
}
