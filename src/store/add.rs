//! Adding an account by hand: the account and its open renewal in one transaction,
//! checked by the domain's rules here, where it is written, whatever asked for it
//! (`runway add account`, the cockpit's `:new`).

use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::book::{Account, Renewal};
use crate::domain::config::Config;
use crate::domain::new_account::{self, NewAccount};
use crate::domain::playbook::done_by_stage;
use crate::domain::segment::segment_for_arr;
use rusqlite::OptionalExtension;

impl Tx<'_> {
    /// Creates the account and its open renewal. Refuses an id already in the book
    /// (nothing is changed then) and anything the domain's check refuses. As an import
    /// does: the touch model follows the segment, the steps the stage has passed are
    /// done, the day it is added counts as its last movement (a new account is not
    /// stalled), and a red health score brings its review task.
    pub fn add_account(&self, a: &NewAccount, cfg: &Config, today: Date, now: &str) -> Result<()> {
        new_account::check(a).map_err(StoreError::Invalid)?;
        let existing: Option<String> = self
            .tx
            .prepare_cached("SELECT name FROM accounts WHERE id = ?1")?
            .query_row([&a.id], |r| r.get(0))
            .optional()?;
        if let Some(name) = existing {
            return Err(StoreError::Invalid(format!(
                "an account with the id '{}' is already in the book ({}); nothing was added",
                crate::domain::text::inert(&a.id),
                crate::domain::text::inert(&name)
            )));
        }
        self.upsert_account(
            &Account {
                id: a.id.clone(),
                name: a.name.clone(),
                ..Default::default()
            },
            "manual",
            now,
        )?;
        let key: i64 = self
            .tx
            .prepare_cached("SELECT key FROM accounts WHERE id = ?1")?
            .query_row([&a.id], |r| r.get(0))?;
        let segment = segment_for_arr(a.arr, &cfg.segments);
        let mut r = Renewal::open(&a.id, Some(a.renewal_date), a.arr, &a.currency);
        r.stage = a.stage;
        r.owner = a.owner.clone();
        r.touch_model = segment.default_touch();
        r.last_activity_on = Some(today);
        r.milestones_done = done_by_stage(segment, a.arr, a.stage, &cfg.playbook);
        self.insert_renewal_at(Some(key), &r, r.milestones_done)?;
        if let Some(score) = a.health {
            self.record_health(&a.id, today, score, &cfg.health)?;
        }
        Ok(())
    }
}

impl Store {
    /// [`Tx::add_account`] in a transaction of its own.
    pub fn add_account(
        &mut self,
        a: &NewAccount,
        cfg: &Config,
        today: Date,
        now: &str,
    ) -> Result<()> {
        self.write(|tx| tx.add_account(a, cfg, today, now))
    }
}
