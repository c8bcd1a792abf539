//! The queue as columns, for books of a million renewals: the cockpit keeps every
//! row's sort and filter keys in a few flat vectors (about 60 bytes a row, owners
//! interned, no long text but the lowercased name the `/` filter searches) and reads
//! the full rows only for what is on screen (`Store::queue_rows`). The same orders
//! and filters as `queue_view`, over indices into the columns.

use super::health::HealthBand;
use super::queue::{self, QueueRow};
use super::queue_view::SortKey;
use super::renewal::Stage;
use super::segment::Segment;

/// Row flags, one bit each.
pub const AT_RISK: u8 = 1;
pub const BEHIND: u8 = 2;
pub const STALLED: u8 = 4;
pub const SNOOZED: u8 = 8;
pub const BEYOND_WINDOW: u8 = 16;

#[derive(Clone, Debug, Default)]
pub struct CompactQueue {
    /// The book's bottom-quartile health line the rows were scored with.
    pub cutoff: Option<u8>,
    pub renewal_id: Vec<i64>,
    /// `queue::priority_key` of each row (the default order).
    pub key: Vec<u128>,
    pub priority: Vec<u8>,
    /// Days left; `i64::MAX` when the renewal has no date.
    pub days_left: Vec<i64>,
    /// ARR in minor units (each row's own currency).
    pub arr: Vec<i64>,
    /// Health score; `u8::MAX` when there is none.
    pub health: Vec<u8>,
    pub band: Vec<Option<HealthBand>>,
    pub stage: Vec<Stage>,
    pub segment: Vec<Segment>,
    pub probability: Vec<u8>,
    pub open_signals: Vec<u32>,
    /// Index into `owners`; `u16::MAX` when unassigned.
    pub owner: Vec<u16>,
    pub flags: Vec<u8>,
    /// Distinct owners, in first-seen order.
    pub owners: Vec<String>,
    /// Every row's account name, lowercased, end to end; `name_end[i]` ends row i's.
    names: String,
    name_end: Vec<u32>,
}

impl CompactQueue {
    pub fn len(&self) -> usize {
        self.renewal_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.renewal_id.is_empty()
    }

    pub fn push(&mut self, r: &QueueRow) {
        let f = &r.facts;
        self.renewal_id.push(f.renewal_id);
        self.key.push(queue::priority_key(r));
        self.priority.push(r.priority.min(u8::MAX as u32) as u8);
        self.days_left.push(r.days_left.unwrap_or(i64::MAX));
        self.arr.push(f.arr.0);
        self.health.push(f.health.unwrap_or(u8::MAX));
        self.band.push(r.band);
        self.stage.push(f.stage);
        self.segment.push(r.segment);
        self.probability.push(r.probability);
        self.open_signals.push(f.open_signals);
        let owner = f.owner.as_deref().map_or(u16::MAX, |o| self.intern(o));
        self.owner.push(owner);
        let mut flags = 0;
        for (on, bit) in [
            (r.at_risk, AT_RISK),
            (r.behind, BEHIND),
            (r.stalled, STALLED),
            (r.snoozed, SNOOZED),
            (r.beyond_window, BEYOND_WINDOW),
        ] {
            if on {
                flags |= bit;
            }
        }
        self.flags.push(flags);
        self.names.push_str(&f.account_name.to_lowercase());
        self.name_end.push(self.names.len() as u32);
    }

    fn intern(&mut self, owner: &str) -> u16 {
        if let Some(i) = self.owners.iter().position(|o| o == owner) {
            return i as u16;
        }
        // A book with more owners than fit leaves the rest unassigned here; the row's
        // own owner is still read with the row.
        if self.owners.len() >= u16::MAX as usize - 1 {
            return u16::MAX;
        }
        self.owners.push(owner.to_string());
        (self.owners.len() - 1) as u16
    }

    /// Row `i`'s account name, lowercased.
    pub fn name(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.name_end[i - 1] as usize
        };
        &self.names[start..self.name_end[i] as usize]
    }

    pub fn owner_name(&self, i: usize) -> Option<&str> {
        self.owners.get(self.owner[i] as usize).map(String::as_str)
    }

    /// Every row, in priority order.
    pub fn priority_order(&self) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..self.len() as u32).collect();
        idx.sort_unstable_by_key(|&i| self.key[i as usize]);
        idx
    }

    /// Re-sorts `idx` (which arrives in priority order) by `key`, as
    /// `queue_view::sort` orders full rows; ties keep their priority order.
    pub fn sort(&self, idx: &mut [u32], key: SortKey, reverse: bool) {
        use std::cmp::Ordering;
        if key == SortKey::Priority && !reverse {
            return;
        }
        // Owners by name, unassigned last: a rank per interned owner, once.
        let mut by_name: Vec<usize> = (0..self.owners.len()).collect();
        by_name.sort_by(|&a, &b| self.owners[a].cmp(&self.owners[b]));
        let mut owner_rank = vec![0u32; self.owners.len()];
        for (rank, &o) in by_name.iter().enumerate() {
            owner_rank[o] = rank as u32;
        }
        let owner = |i: usize| {
            owner_rank
                .get(self.owner[i] as usize)
                .copied()
                .unwrap_or(u32::MAX)
        };
        let cmp = |a: usize, b: usize| -> Ordering {
            match key {
                SortKey::Priority => self.priority[b].cmp(&self.priority[a]),
                SortKey::DaysLeft => self.days_left[a].cmp(&self.days_left[b]),
                SortKey::Arr => self.arr[b].cmp(&self.arr[a]),
                SortKey::Health => self.health[a].cmp(&self.health[b]),
                SortKey::Account => self.name(a).cmp(self.name(b)),
                SortKey::Stage => self.stage[a].cmp(&self.stage[b]),
                SortKey::Owner => owner(a).cmp(&owner(b)),
                SortKey::Probability => self.probability[a].cmp(&self.probability[b]),
                SortKey::Signals => self.open_signals[b].cmp(&self.open_signals[a]),
            }
        };
        idx.sort_by(|&a, &b| {
            let o = cmp(a as usize, b as usize);
            if reverse { o.reverse() } else { o }
        });
    }

    /// The rows of `idx` whose account name or owner contains `text` (any case), in
    /// the order given. Narrowing a query narrows `idx`: pass the last result.
    pub fn filter_text(&self, idx: &[u32], text: &str) -> Vec<u32> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return idx.to_vec();
        }
        let owner_hit: Vec<bool> = self
            .owners
            .iter()
            .map(|o| o.to_lowercase().contains(&needle))
            .collect();
        idx.iter()
            .copied()
            .filter(|&i| {
                let i = i as usize;
                owner_hit
                    .get(self.owner[i] as usize)
                    .copied()
                    .unwrap_or(false)
                    || self.name(i).contains(&needle)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::config::Config;
    use crate::domain::money::Money;
    use crate::domain::queue::tests::facts;
    use crate::domain::queue::{RenewalFacts, build_row};
    use crate::domain::renewal::TouchModel;
    use std::sync::Arc;

    fn row(id: i64, name: &str, owner: Option<&str>, days: i64, arr: i64, health: u8) -> QueueRow {
        let today: crate::domain::Date = "2026-11-22".parse().unwrap();
        let facts = RenewalFacts {
            renewal_id: id,
            account_id: format!("A-{id}"),
            account_name: name.into(),
            owner: owner.map(Arc::from),
            arr: Money::from_major(arr),
            health: Some(health),
            health_prev: None,
            stage: Stage::Prep,
            touch_model: TouchModel::Assisted,
            ..facts(Some(days), today)
        };
        build_row(facts, &Config::default(), today, None)
    }

    fn rows() -> Vec<QueueRow> {
        vec![
            row(1, "Zeta Labs", Some("Sam"), 80, 5_000, 90),
            row(2, "alpha Freight", Some("Dana"), 5, 250_000, 30),
            row(3, "Mid Co", None, 40, 50_000, 60),
            row(4, "Alpha Dental", Some("Sam"), 5, 250_000, 30),
        ]
    }

    #[test]
    fn every_order_matches_the_full_rows_order() {
        let mut full = rows();
        crate::domain::queue::sort_by_priority(&mut full);
        let mut c = CompactQueue::default();
        for r in &full {
            c.push(r);
        }
        let order = c.priority_order();
        let ids = |idx: &[u32]| {
            idx.iter()
                .map(|&i| c.renewal_id[i as usize])
                .collect::<Vec<_>>()
        };
        let full_ids = |idx: &[usize]| {
            idx.iter()
                .map(|&i| full[i].facts.renewal_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&order), full_ids(&[0, 1, 2, 3]));
        for key in SortKey::ALL {
            for reverse in [false, true] {
                let mut want: Vec<usize> = (0..full.len()).collect();
                crate::domain::queue_view::sort(&full, &mut want, key, reverse);
                let mut got = order.clone();
                c.sort(&mut got, key, reverse);
                assert_eq!(ids(&got), full_ids(&want), "{key:?} reverse={reverse}");
            }
        }
    }

    #[test]
    fn text_filter_matches_name_or_owner_in_any_case_and_narrows() {
        let mut c = CompactQueue::default();
        for r in &rows() {
            c.push(r);
        }
        let all: Vec<u32> = (0..c.len() as u32).collect();
        let alpha = c.filter_text(&all, "ALPHA");
        assert_eq!(alpha, vec![1, 3]);
        assert_eq!(c.filter_text(&alpha, "alpha d"), vec![3]);
        assert_eq!(c.filter_text(&all, "sam"), vec![0, 3]);
        assert_eq!(c.filter_text(&all, "  "), all);
        assert_eq!(c.owner_name(2), None);
        assert_eq!(c.name(1), "alpha freight");
        assert!(c.flags.iter().all(|f| f & BEYOND_WINDOW == 0));
    }
}
