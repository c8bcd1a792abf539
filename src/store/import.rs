//! Applying validated import rows. The whole file goes through one immediate
//! transaction that the importer commits only when every row was good and it is not
//! a dry run, so the counts of a refused file or a dry run are exact and nothing of
//! it is written. Only the columns a file has are written; local work (notes, save
//! plans, milestones, snoozes, hand flags, proposals) is never touched.

use super::dates::{fmt, fmt_opt, parse};
use super::import_begin::{BesideCheck, KeysUnchecked, RollbackJournal, Unmapped};
use super::{Result, Tx};
use crate::domain::Date;
use crate::domain::book::{ClosedOutcome, Renewal};
use crate::domain::config::{HealthRules, PlaybookRules, SegmentRules, SignalRules};
use crate::domain::import::{AccountRow, Applied, EmptyCells, EmptyTally, given};
use crate::domain::money::Money;
use crate::domain::playbook::done_by_stage;
use crate::domain::renewal::{OpportunityType, Outcome, Stage, TouchModel};
use crate::domain::segment::{Segment, effective_segment, segment_for_arr};
use rusqlite::{OptionalExtension, Transaction, params};

/// The renewal `update_renewal` compares with a row: its columns, then `$rest`.
macro_rules! renewal_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, renewal_date, arr_minor, target_minor, currency, stage, opportunity_type,
                    touch_model, owner, closed_on IS NOT NULL, milestones_done, last_activity_on
             FROM renewals ",
            $rest
        )
    };
}

/// Why an imported account has a segment override (the schema keeps a reason).
const OVERRIDE_REASON: &str = "segment set in the imported file";
/// What an outcome closed by an import says.
const CLOSED_REASON: &str = "closed in the imported file";

/// What every row of one import shares.
#[derive(Clone, Debug)]
pub struct ImportCtx {
    /// The import date: health scores from accounts.csv are dated today.
    pub today: Date,
    /// Timestamp for `updated_at`.
    pub now: String,
    pub default_currency: String,
    pub health: HealthRules,
    pub segments: SegmentRules,
    /// What an empty cell does to a stored value.
    pub empty: EmptyCells,
    /// Which playbook steps apply (steps a stage has passed are done before import).
    pub playbook: PlaybookRules,
    pub signals: SignalRules,
}

/// One import's transaction. Dropped without `finish`, it rolls back.
pub struct ImportTx<'a> {
    /// Always `Some` until `finish` or drop takes it.
    pub(super) tx: Option<Transaction<'a>>,
    /// The book's integrity check, running beside the import until `finish`.
    pub(super) check: Option<BesideCheck<'a>>,
    /// Gives the connection its memory-mapped reads back when the import ends.
    pub(super) _unmapped: Unmapped<'a>,
    /// Turns the foreign-key checks back on when the import ends (declared after
    /// `tx`, so dropped after the transaction has ended).
    pub(super) _unchecked_keys: KeysUnchecked<'a>,
    /// Puts a new book back in WAL mode when the import ends (`RollbackJournal`).
    pub(super) journal: Option<RollbackJournal<'a>>,
    /// Stored values that met an empty cell so far.
    pub(super) tally: std::cell::Cell<EmptyTally>,
    /// Whether the last account row was already in the book: a file is usually all
    /// new rows or all known ones, so the next row tries the likelier statement
    /// first (an insert, or a lookup) and needs only one index probe.
    pub(super) last_known: std::cell::Cell<bool>,
    /// Indexes dropped for this import (their `CREATE` statements), built again
    /// before it commits (`defer_indexes`).
    pub(super) deferred: Vec<String>,
}

impl Drop for ImportTx<'_> {
    fn drop(&mut self) {
        if let Some(tx) = self.tx.take() {
            // The connection outlives the import: its other writes keep their CHECKs.
            let _ = tx.execute_batch("PRAGMA ignore_check_constraints = OFF");
        }
        if let Some(check) = self.check.take() {
            check.abandon();
        }
    }
}

/// The schema's CHECKs on what an account row writes, for the import's statements
/// that are compiled without them (`begin_import`).
fn checked(row: &AccountRow) -> Result<()> {
    let money_ok = row.arr.0 >= 0 && row.target.flatten().is_none_or(|t| t.0 >= 0);
    if !money_ok || given(&row.health).is_some_and(|h| h > 100) {
        return Err(super::StoreError::Invalid(format!(
            "account '{}': negative money or a score over 100",
            row.id
        )));
    }
    Ok(())
}

struct CurrentAccount {
    key: i64,
    name: String,
    industry: Option<String>,
    domain: Option<String>,
    customer_since: Option<Date>,
    segment_override: Option<Segment>,
    override_reason: Option<String>,
    health: Option<u8>,
}

#[derive(PartialEq)]
struct RenewalFields {
    renewal_date: Option<Date>,
    arr: i64,
    target: Option<i64>,
    currency: String,
    stage: Stage,
    opportunity_type: OpportunityType,
    touch_model: TouchModel,
    owner: Option<String>,
}

impl ImportTx<'_> {
    pub(super) fn tx(&self) -> &Transaction<'_> {
        self.tx
            .as_ref()
            .expect("an import's transaction is open until finish")
    }

    pub(super) fn t(&self) -> Tx<'_> {
        Tx::new(self.tx())
    }

    /// Stored values that met an empty cell: kept, or cleared with `EmptyCells::Clear`.
    pub fn empty_tally(&self) -> EmptyTally {
        self.tally.get()
    }

    /// `EmptyCells::merge`, counted in this import's tally.
    pub(super) fn merge<T: Clone>(
        &self,
        ctx: &ImportCtx,
        field: &crate::domain::import::Field<T>,
        current: Option<T>,
    ) -> Option<T> {
        let mut t = self.tally.get();
        let out = ctx.empty.merge(field, current, &mut t);
        self.tally.set(t);
        out
    }

    /// `EmptyCells::keep`, counted in this import's tally.
    pub(super) fn keep<T: Clone>(&self, field: &crate::domain::import::Field<T>, current: T) -> T {
        let mut t = self.tally.get();
        let out = EmptyCells::keep(field, current, &mut t);
        self.tally.set(t);
        out
    }

    /// An empty cell of a column with no single stored value to keep (a reading's
    /// note, a signal's value): counted, and `None` = keep what is stored.
    pub(super) fn empty_met<T: Clone>(
        &self,
        ctx: &ImportCtx,
        incoming: &Option<T>,
        stored: &Option<T>,
    ) -> Option<T> {
        match (incoming, stored) {
            (None, Some(s)) => {
                let mut t = self.tally.get();
                let out = ctx.empty.merge(&Some(None), Some(s.clone()), &mut t);
                self.tally.set(t);
                out
            }
            _ => incoming.clone(),
        }
    }

    /// Commits (`true`) or rolls back everything applied.
    pub fn finish(mut self, commit: bool) -> Result<()> {
        if commit {
            // A rolled-back import needs no rebuild: the rollback restores them.
            self.rebuild_deferred()?;
        }
        let tx = self.tx.take().expect("finish is called once");
        tx.execute_batch("PRAGMA ignore_check_constraints = OFF")?;
        // Nothing is committed into a book that has not passed its check; a damaged
        // book is reported as such, whatever else went wrong on the way.
        if let Some(check) = self.check.take()
            && let Err(e) = check.verdict()
        {
            tx.rollback()?;
            return Err(e);
        }
        if commit {
            if let Some(journal) = &self.journal {
                // A reader that opened the new book meanwhile holds the commit off
                // until it is done: wait for it as for another writer.
                tx.busy_timeout(journal.wait)?;
            }
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(())
    }

    pub fn account_exists(&self, id: &str) -> Result<bool> {
        let mut q = self
            .tx()
            .prepare_cached("SELECT 1 FROM accounts WHERE id = ?1")?;
        Ok(q.exists([id])?)
    }

    fn current_account(&self, id: &str) -> Result<Option<CurrentAccount>> {
        let mut q = self.tx().prepare_cached(
            "SELECT key, name, industry, domain, customer_since, segment_override, segment_override_reason, health_score
             FROM accounts WHERE id = ?1",
        )?;
        Ok(q.query_row([id], |r| {
            Ok(CurrentAccount {
                key: r.get(0)?,
                name: r.get(1)?,
                industry: r.get(2)?,
                domain: r.get(3)?,
                customer_since: r.get::<_, Option<String>>(4)?.as_deref().and_then(parse),
                segment_override: r
                    .get::<_, Option<String>>(5)?
                    .as_deref()
                    .and_then(Segment::parse),
                override_reason: r.get(6)?,
                health: r.get(7)?,
            })
        })
        .optional()?)
    }

    /// An account row: a new id adds the account and its renewal; a known id updates
    /// the columns the file has.
    pub fn apply_account(&self, row: &AccountRow, ctx: &ImportCtx) -> Result<Applied> {
        checked(row)?;
        let known = if self.last_known.get() {
            self.current_account(&row.id)?
        } else {
            None
        };
        let cur = match known {
            Some(cur) => cur,
            None => {
                if self.add_account(row, ctx)? {
                    self.last_known.set(false);
                    return Ok(Applied::Added);
                }
                self.current_account(&row.id)?.ok_or_else(|| {
                    super::StoreError::Invalid(format!(
                        "account '{}' neither added nor found",
                        row.id
                    ))
                })?
            }
        };
        self.last_known.set(true);
        let mut changed = self.update_account_fields(row, &cur, ctx)?;
        changed |= self.update_renewal(row, &cur, ctx)?;
        // A health score is history, never cleared: an empty cell only keeps it.
        if let Some(current) = cur.health {
            self.keep(&row.health, current);
        }
        if let Some(score) = given(&row.health)
            && cur.health != Some(score)
        {
            self.t()
                .record_health(&row.id, ctx.today, score, &ctx.health)?;
            changed = true;
        }
        Ok(if changed {
            Applied::Updated
        } else {
            Applied::Unchanged
        })
    }

    /// Adds the row as a new account with its renewal and health score; `false`
    /// (and nothing written) when the id is already in the book. Trying the insert
    /// is the lookup, and a new account has no history to read: its health is the
    /// one snapshot (no previous score, so red creates the review task), written
    /// straight into the account row rather than recomputed from the snapshots.
    fn add_account(&self, row: &AccountRow, ctx: &ImportCtx) -> Result<bool> {
        let seg = given(&row.segment_override);
        let health = given(&row.health);
        let added = self
            .tx()
            .prepare_cached(
                "INSERT INTO accounts (id, name, industry, domain, customer_since, segment_override,
                                       segment_override_reason, health_score, source, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'import', ?9, ?9)
                 ON CONFLICT(id) DO NOTHING",
            )?
            .execute(params![
                row.id,
                row.name,
                row.industry.as_ref().and_then(Option::as_deref),
                row.domain.as_ref().and_then(Option::as_deref),
                fmt_opt(given(&row.customer_since)),
                seg.map(|s| s.as_str()),
                seg.map(|_| OVERRIDE_REASON),
                health,
                ctx.now
            ])?;
        if added == 0 {
            return Ok(false);
        }
        let key = self.tx().last_insert_rowid();
        let open = self.insert_renewal(key, row, seg, ctx)?;
        if let Some(score) = health {
            self.tx()
                .prepare_cached(
                    "INSERT INTO health_snapshots (account_id, taken_on, score) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![row.id, fmt(ctx.today), score])?;
            if crate::domain::health::crossed_into_red(None, score, &ctx.health) {
                self.t().add_red_review(&row.id, open, ctx.today, score)?;
            }
        }
        Ok(true)
    }

    /// A new renewal from the row: open, or already closed when its stage says so.
    /// Returns its id while it is open.
    fn insert_renewal(
        &self,
        key: i64,
        row: &AccountRow,
        seg: Option<Segment>,
        ctx: &ImportCtx,
    ) -> Result<Option<i64>> {
        let currency = row.currency.as_deref().unwrap_or(&ctx.default_currency);
        let mut r = Renewal::open(&row.id, given(&row.renewal_date), row.arr, currency);
        r.target = given(&row.target);
        r.owner = given(&row.owner);
        r.opportunity_type = given(&row.opportunity_type).unwrap_or(OpportunityType::Flat);
        r.touch_model = given(&row.touch_model).unwrap_or_else(|| {
            effective_segment(segment_for_arr(row.arr, &ctx.segments), seg).default_touch()
        });
        let stage = given(&row.stage).unwrap_or(Stage::NotStarted);
        if !stage.is_closed() {
            r.stage = stage;
        }
        // The import is the renewal's last movement unless the file knows a real one:
        // a book is not "stalled" on the day it arrives.
        r.last_activity_on = Some(row.last_activity.flatten().unwrap_or(ctx.today));
        let segment = effective_segment(segment_for_arr(row.arr, &ctx.segments), seg);
        // The mask goes in with the insert; only the completions' notes are extra rows.
        r.milestones_done = done_by_stage(segment, row.arr, stage, &ctx.playbook);
        let id = self
            .t()
            .insert_renewal_at(Some(key), &r, r.milestones_done)?;
        if stage.is_closed() {
            self.close(id, stage, row, ctx)?;
            return Ok(None);
        }
        Ok(Some(id))
    }

    /// Records the playbook steps in `mask` that `already` lacks as done before import.
    /// Returns whether any was new.
    fn done_before_import(&self, renewal_id: i64, mask: u32, already: u32) -> Result<bool> {
        let new = mask & !already;
        if new == 0 {
            return Ok(false);
        }
        self.note_done_before_import(renewal_id, new)?;
        self.tx()
            .prepare_cached(
                "UPDATE renewals SET milestones_done = milestones_done | ?2 WHERE id = ?1",
            )?
            .execute(params![renewal_id, new])?;
        Ok(true)
    }

    /// Marks the steps in `new` as done before import (a mask beside
    /// `milestones_done`, so a 100k-row import writes no extra rows for them).
    fn note_done_before_import(&self, renewal_id: i64, new: u32) -> Result<()> {
        if new != 0 {
            self.tx()
                .prepare_cached(
                    "UPDATE renewals SET done_before_import = done_before_import | ?2 WHERE id = ?1",
                )?
                .execute(params![renewal_id, new])?;
        }
        Ok(())
    }

    /// A closed renewal takes the reason, competitor and close date a file gives for
    /// it (a history brought in after the outcomes); an empty cell keeps what is there.
    fn fill_outcome(&self, renewal_id: i64, row: &AccountRow) -> Result<bool> {
        let (reason, competitor, on) = (
            given(&row.outcome_reason),
            given(&row.competitor),
            given(&row.closed_on).map(fmt),
        );
        if reason.is_none() && competitor.is_none() && on.is_none() {
            return Ok(false);
        }
        let n = self
            .tx()
            .prepare_cached(
                "UPDATE outcomes SET reason = coalesce(?2, reason), competitor = coalesce(?3, competitor),
                     closed_on = coalesce(?4, closed_on)
                 WHERE renewal_id = ?1 AND (reason IS NOT coalesce(?2, reason)
                     OR competitor IS NOT coalesce(?3, competitor) OR closed_on IS NOT coalesce(?4, closed_on))",
            )?
            .execute(params![renewal_id, reason, competitor, on])?;
        // Only a real change is written, so re-importing the same file changes nothing.
        Ok(n > 0)
    }

    fn close(
        &self,
        renewal_id: i64,
        stage: Stage,
        row: &AccountRow,
        ctx: &ImportCtx,
    ) -> Result<()> {
        let result = match stage {
            Stage::Won => Outcome::Won,
            Stage::Churned => Outcome::Churned,
            _ => Outcome::Downgraded,
        };
        let final_value = match result {
            Outcome::Won => row.arr,
            Outcome::Churned => Money::ZERO,
            Outcome::Downgraded => given(&row.target).unwrap_or(row.arr),
        };
        // Closed when the file says; else on its renewal date when that has passed,
        // else on the day we learn it.
        let closed_on = given(&row.closed_on).unwrap_or_else(|| {
            given(&row.renewal_date)
                .filter(|d| *d <= ctx.today)
                .unwrap_or(ctx.today)
        });
        self.t().close_renewal(
            renewal_id,
            &ClosedOutcome {
                result,
                closed_on,
                final_value,
                reason: Some(given(&row.outcome_reason).unwrap_or_else(|| CLOSED_REASON.into())),
                competitor: given(&row.competitor),
                could_have_saved: None,
            },
        )
    }

    fn update_account_fields(
        &self,
        row: &AccountRow,
        cur: &CurrentAccount,
        ctx: &ImportCtx,
    ) -> Result<bool> {
        let industry = self.merge(ctx, &row.industry, cur.industry.clone());
        let domain = self.merge(ctx, &row.domain, cur.domain.clone());
        let since = self.merge(ctx, &row.customer_since, cur.customer_since);
        let seg = self.merge(ctx, &row.segment_override, cur.segment_override);
        if row.name == cur.name
            && industry == cur.industry
            && domain == cur.domain
            && since == cur.customer_since
            && seg == cur.segment_override
        {
            return Ok(false);
        }
        let reason = match seg {
            None => None,
            Some(_) if seg == cur.segment_override => cur.override_reason.clone(),
            Some(_) => Some(OVERRIDE_REASON.to_string()),
        };
        let mut q = self.tx().prepare_cached(
            "UPDATE accounts SET name = ?2, industry = ?3, domain = ?4, customer_since = ?5,
                 segment_override = ?6, segment_override_reason = ?7, updated_at = ?8 WHERE key = ?1",
        )?;
        q.execute(params![
            cur.key,
            row.name,
            industry,
            domain,
            fmt_opt(since),
            seg.map(|s| s.as_str()),
            reason,
            ctx.now
        ])?;
        Ok(true)
    }

    /// The open renewal takes the row's values; a closed stage closes it. When the
    /// book's latest renewal is closed, a row dated after it starts the next one, and
    /// anything else leaves the closed renewal as the book has it.
    fn update_renewal(
        &self,
        row: &AccountRow,
        cur: &CurrentAccount,
        ctx: &ImportCtx,
    ) -> Result<bool> {
        // The open renewal, else the latest closed one: two statements, as one with
        // `ORDER BY closed_on IS NULL DESC, id DESC` sorted in a temporary b-tree on
        // every row (a fifth of a re-import's time).
        let open = self.tx().prepare_cached(renewal_select!(
            "WHERE account_key = ?1 AND closed_on IS NULL"
        ))?;
        let closed = self.tx().prepare_cached(renewal_select!(
            "WHERE account_key = ?1 ORDER BY id DESC LIMIT 1"
        ))?;
        let mut latest = None;
        for mut q in [open, closed] {
            latest = q
                .query_row([cur.key], |r| {
                    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
                    Ok((
                        r.get::<_, i64>(0)?,
                        RenewalFields {
                            renewal_date: r.get::<_, Option<String>>(1)?.as_deref().and_then(parse),
                            arr: r.get(2)?,
                            target: r.get(3)?,
                            currency: r.get(4)?,
                            stage: Stage::parse(&text(5)?).unwrap_or(Stage::NotStarted),
                            opportunity_type: OpportunityType::parse(&text(6)?)
                                .unwrap_or(OpportunityType::Flat),
                            touch_model: TouchModel::parse(&text(7)?)
                                .unwrap_or(TouchModel::Assisted),
                            owner: r.get(8)?,
                        },
                        r.get::<_, bool>(9)?,
                        (
                            r.get::<_, u32>(10)?,
                            r.get::<_, Option<String>>(11)?.as_deref().and_then(parse),
                        ),
                    ))
                })
                .optional()?;
            if latest.is_some() {
                break;
            }
        }
        let Some((id, old, closed, (done, last_activity))) = latest else {
            self.insert_renewal(cur.key, row, cur.segment_override, ctx)?;
            return Ok(true);
        };
        if closed {
            let filled = self.fill_outcome(id, row)?;
            let later = match (given(&row.renewal_date), old.renewal_date) {
                (Some(new), Some(last)) => new > last,
                (Some(_), None) => true,
                _ => false,
            };
            if later {
                self.insert_renewal(
                    cur.key,
                    row,
                    given(&row.segment_override).or(cur.segment_override),
                    ctx,
                )?;
            }
            return Ok(later || filled);
        }
        let closing = given(&row.stage).filter(|s| s.is_closed());
        // A renewal date is never cleared: the book needs one to run the renewal.
        let renewal_date = match old.renewal_date {
            Some(d) => Some(self.keep(&row.renewal_date, d)),
            None => given(&row.renewal_date),
        };
        let new = RenewalFields {
            renewal_date,
            arr: row.arr.0,
            target: self
                .merge(ctx, &row.target, old.target.map(Money))
                .map(|m| m.0),
            currency: row.currency.clone().unwrap_or_else(|| old.currency.clone()),
            // A closed stage closes the renewal below; the open stage stays as it was.
            stage: Some(self.keep(&row.stage, old.stage))
                .filter(|s| !s.is_closed())
                .unwrap_or(old.stage),
            opportunity_type: self.keep(&row.opportunity_type, old.opportunity_type),
            touch_model: self.keep(&row.touch_model, old.touch_model),
            owner: self.merge(ctx, &row.owner, old.owner.clone()),
        };
        let changed = new != old;
        if changed {
            let mut q = self.tx().prepare_cached(
                "UPDATE renewals SET renewal_date = ?2, arr_minor = ?3, target_minor = ?4, currency = ?5, stage = ?6,
                     opportunity_type = ?7, touch_model = ?8, owner = ?9,
                     stage_changed_on = CASE WHEN stage <> ?6 THEN ?10 ELSE stage_changed_on END
                 WHERE id = ?1",
            )?;
            q.execute(params![
                id,
                fmt_opt(new.renewal_date),
                new.arr,
                new.target,
                new.currency,
                new.stage.as_str(),
                new.opportunity_type.as_str(),
                new.touch_model.as_str(),
                new.owner,
                fmt(ctx.today)
            ])?;
        }
        if let Some(stage) = closing {
            self.close(id, stage, row, ctx)?;
            return Ok(true);
        }
        let segment = effective_segment(
            segment_for_arr(Money(new.arr), &ctx.segments),
            // The same merge as the account's own row (not counted a second time).
            ctx.empty.merge(
                &row.segment_override,
                cur.segment_override,
                &mut EmptyTally::default(),
            ),
        );
        let mask = done_by_stage(segment, Money(new.arr), new.stage, &ctx.playbook);
        let mut moved = self.done_before_import(id, mask, done)?;
        if let Some(Some(on)) = row.last_activity
            && last_activity.is_none_or(|l| on > l)
        {
            self.tx()
                .prepare_cached("UPDATE renewals SET last_activity_on = ?2 WHERE id = ?1")?
                .execute(params![id, fmt(on)])?;
            moved = true;
        }
        Ok(changed || moved)
    }
}
