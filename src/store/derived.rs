//! Derived risk signals (`domain::signals`) kept in step with the data they come
//! from. The account's `derived_kinds` mask is rewritten in the transaction that
//! changes its people or readings, so the queue reads it like `signal_kinds`. The
//! thresholds it was computed with are kept in `meta`; a changed config recomputes
//! every account once (`Store::sync_signal_rules`).

use super::account::{STAKEHOLDER_SQL, stakeholder};
use super::dates::parse;
use super::{Result, Store, Tx};
use crate::domain::book::Stakeholder;
use crate::domain::config::SignalRules;
use crate::domain::risk::ReadingKind;
use crate::domain::signals::{self, Derived, Reading};
use rusqlite::{OptionalExtension, params};

const RULES_KEY: &str = "derived_signal_rules";

fn rules_text(rules: &SignalRules) -> String {
    serde_json::to_string(rules).unwrap_or_default()
}

fn people_and_readings(
    conn: &rusqlite::Connection,
    account_id: &str,
) -> Result<(Vec<Stakeholder>, Vec<Reading>)> {
    let mut q = conn.prepare_cached(&format!("{STAKEHOLDER_SQL} WHERE account_id = ?1"))?;
    let people = q
        .query_map([account_id], stakeholder)?
        .collect::<rusqlite::Result<_>>()?;
    let mut q = conn.prepare_cached(
        "SELECT kind, observed_on, value FROM readings
         WHERE account_id = ?1 AND kind IN ('nps','csat','usage') AND value IS NOT NULL",
    )?;
    let readings = q
        .query_map([account_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?
        .filter_map(|x| match x {
            Ok((k, d, v)) => Some(Ok(Reading {
                kind: ReadingKind::parse(&k)?,
                on: parse(&d)?,
                value: v,
            })),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    Ok((people, readings))
}

impl Tx<'_> {
    /// The thresholds derived signals are kept with (the defaults until a config
    /// has been synced into this book).
    fn stored_rules(&self) -> Result<SignalRules> {
        let text: Option<String> = self
            .tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [RULES_KEY], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    /// Recomputes one account's derived signal kinds with `rules`.
    pub fn refresh_derived_with(&self, account_id: &str, rules: &SignalRules) -> Result<()> {
        let (people, readings) = people_and_readings(self.tx, account_id)?;
        let mask = signals::mask(&signals::from_people_and_readings(
            &people, &readings, rules,
        ));
        self.tx
            .prepare_cached(
                "UPDATE accounts SET derived_kinds = ?2 WHERE id = ?1 AND derived_kinds <> ?2",
            )?
            .execute(params![account_id, mask])?;
        Ok(())
    }

    /// Recomputes one account's derived signal kinds with the book's stored thresholds
    /// (for writes that do not carry the config: stakeholder edits).
    pub fn refresh_derived(&self, account_id: &str) -> Result<()> {
        let rules = self.stored_rules()?;
        self.refresh_derived_with(account_id, &rules)
    }
}

impl Store {
    /// Brings every account's derived signals in line with `rules` when the book was
    /// last computed with other thresholds (or never). Cheap when nothing changed.
    pub fn sync_signal_rules(&mut self, rules: &SignalRules) -> Result<()> {
        let want = rules_text(rules);
        match self.meta(RULES_KEY)? {
            Some(have) if have == want => return Ok(()),
            // Every write so far used the defaults: nothing to recompute or record.
            None if *rules == SignalRules::default() => return Ok(()),
            _ => {}
        }
        self.write(|tx| {
            let ids: Vec<String> = tx
                .tx
                .prepare("SELECT id FROM accounts")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                tx.refresh_derived_with(id, rules)?;
            }
            tx.set_meta(RULES_KEY, &want)
        })
    }

    /// The signals one account's data shows today (health drop aside: it comes with
    /// the queue row, which knows the book's quartile).
    pub fn derived_signals(&self, account_id: &str, rules: &SignalRules) -> Result<Vec<Derived>> {
        let (people, readings) = people_and_readings(&self.conn, account_id)?;
        Ok(signals::from_people_and_readings(&people, &readings, rules))
    }
}
