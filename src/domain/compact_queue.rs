//! The queue's rows packed, for windows of a million renewals. A `QueueRow` with its
//! strings takes about 330 bytes; here a row is a fixed record of about 70 bytes,
//! its account id and name sit end to end in one string, and owners and currencies
//! are interned. The cockpit holds a window this way and reads the full rows only
//! for what is on screen (`Store::queue_rows`). Everything the lists need (filters,
//! sorts, the summary, the agenda, the `/` text) reads a packed row through
//! [`QueueFields`], the same code that reads a full one.

use super::Date;
use super::health::HealthBand;
use super::money::Money;
use super::ownership::Lead;
use super::queue::QueueRow;
use super::queue_fields::QueueFields;
use super::renewal::Stage;
use super::segment::Segment;
use std::collections::HashMap;
use std::sync::Arc;

const AT_RISK: u8 = 1;
const BEHIND: u8 = 2;
const STALLED: u8 = 4;
const SNOOZED: u8 = 8;
const BEYOND_WINDOW: u8 = 16;
const STEP_DUE: u8 = 32;

/// "None" in the packed number fields.
const NO_DAYS: i32 = i32::MIN;
const NO_HEALTH: u8 = u8::MAX;
const NO_OWNER: u32 = u32::MAX;

/// One row, without the heap.
#[derive(Clone, Copy, Debug)]
struct Packed {
    renewal_id: i64,
    arr: i64,
    value: i64,
    /// Where the row's account id starts in `CompactQueue::text`; its name follows.
    text: u32,
    id_len: u32,
    /// Names past 64 KiB (never from an import, which stops at 10,000 bytes a cell)
    /// are held cut at a character boundary.
    name_len: u16,
    days_left: i32,
    renewal_date: Option<Date>,
    open_signals: u32,
    milestones_done: u32,
    owner: u32,
    currency: u16,
    priority: u8,
    probability: u8,
    health: u8,
    band: Option<HealthBand>,
    stage: Stage,
    segment: Segment,
    lead: Lead,
    flags: u8,
}

/// A window's rows, packed. Row indices are positions in the order pushed.
#[derive(Clone, Debug, Default)]
pub struct CompactQueue {
    /// The book's bottom-quartile health line the rows were scored with (full rows
    /// read again for the screen must be scored with the same line).
    pub cutoff: Option<u8>,
    rows: Vec<Packed>,
    text: String,
    owners: Vec<Arc<str>>,
    owner_ix: HashMap<Arc<str>, u32>,
    currencies: Vec<Arc<str>>,
}

/// Row `i` of a [`CompactQueue`], read through [`QueueFields`].
#[derive(Clone, Copy, Debug)]
pub struct CompactRow<'a> {
    q: &'a CompactQueue,
    r: &'a Packed,
}

impl CompactQueue {
    /// Room for `rows` rows (and their ids and names at a typical length).
    pub fn with_capacity(rows: usize) -> CompactQueue {
        CompactQueue {
            rows: Vec::with_capacity(rows),
            text: String::with_capacity(rows * 40),
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, i: usize) -> CompactRow<'_> {
        CompactRow {
            q: self,
            r: &self.rows[i],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = CompactRow<'_>> {
        self.rows.iter().map(|r| CompactRow { q: self, r })
    }

    /// Packs `r` in as the last row.
    pub fn push(&mut self, r: &QueueRow) {
        let f = &r.facts;
        let (text, id_len, name_len) = self.push_text(&f.account_id, &f.account_name);
        let owner = f.owner.as_ref().map_or(NO_OWNER, |o| self.owner_index(o));
        let currency = self.currency_index(&f.currency);
        let mut flags = 0;
        for (on, bit) in [
            (r.at_risk, AT_RISK),
            (r.behind, BEHIND),
            (r.stalled, STALLED),
            (r.snoozed, SNOOZED),
            (r.beyond_window, BEYOND_WINDOW),
            (r.step_due, STEP_DUE),
        ] {
            if on {
                flags |= bit;
            }
        }
        self.rows.push(Packed {
            renewal_id: f.renewal_id,
            arr: f.arr.0,
            value: r.value().0,
            text,
            id_len,
            name_len,
            // Days past ±5.8 million years do not occur; a clamp keeps them in order.
            days_left: r.days_left.map_or(NO_DAYS, |d| {
                d.clamp(i32::MIN as i64 + 1, i32::MAX as i64) as i32
            }),
            renewal_date: f.renewal_date,
            open_signals: f.open_signals,
            milestones_done: f.milestones_done,
            owner,
            priority: r.priority.min(u8::MAX as u32) as u8,
            currency,
            probability: r.probability,
            health: f.health.unwrap_or(NO_HEALTH),
            band: r.band,
            stage: f.stage,
            segment: r.segment,
            lead: r.lead,
            flags,
        });
    }

    /// Appends a row's id and name; returns where they start and their lengths.
    fn push_text(&mut self, id: &str, name: &str) -> (u32, u32, u16) {
        let mut name_len = name.len().min(u16::MAX as usize);
        while !name.is_char_boundary(name_len) {
            name_len -= 1;
        }
        let start = self.text.len();
        // Four gigabytes of ids and names (some hundred million rows) is past any
        // book; a row beyond it keeps its figures and shows no name.
        let Ok(at) = u32::try_from(start + id.len() + name_len) else {
            return (0, 0, 0);
        };
        self.text.push_str(id);
        self.text.push_str(&name[..name_len]);
        (
            at - (id.len() + name_len) as u32,
            id.len() as u32,
            name_len as u16,
        )
    }

    fn owner_index(&mut self, owner: &Arc<str>) -> u32 {
        if let Some(&i) = self.owner_ix.get(owner) {
            return i;
        }
        let i = self.owners.len() as u32;
        self.owners.push(owner.clone());
        self.owner_ix.insert(owner.clone(), i);
        i
    }

    fn currency_index(&mut self, currency: &Arc<str>) -> u16 {
        // A book has one or two currencies: a scan is cheaper than a map.
        match self.currencies.iter().position(|c| c == currency) {
            Some(i) => i as u16,
            None => {
                self.currencies.push(currency.clone());
                (self.currencies.len() - 1) as u16
            }
        }
    }

    /// Every row's index, in priority order.
    pub fn priority_order(&self) -> Vec<usize> {
        // The key's two halves and the row, 24 bytes rather than 32 for a u128 and
        // a usize: a million of them are sorted while the old window is held.
        let mut keyed: Vec<(u64, u64, u32)> = self
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let k = r.priority_key();
                ((k >> 64) as u64, k as u64, i as u32)
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, _, i)| i as usize).collect()
    }

    /// Puts the rows in priority order (row `k` becomes what was `order[k]`), in place:
    /// the lists then read the rows front to back, not all over a million of them
    /// (which cost more in cache misses than the rest of a sort or a filter).
    pub fn put_in_priority_order(&mut self) {
        let order = self.priority_order();
        super::queue::put_in_order(&mut self.rows, order);
    }

    /// Places row `i` in a window of `window_days`: `false` when it is not in it;
    /// otherwise marks whether it is there only for a step due.
    pub fn place_in_window(&mut self, i: usize, window_days: Option<i64>) -> bool {
        let row = self.get(i);
        if !row.in_window(window_days) {
            return false;
        }
        let beyond = row.beyond(window_days);
        let flags = &mut self.rows[i].flags;
        *flags = if beyond {
            *flags | BEYOND_WINDOW
        } else {
            *flags & !BEYOND_WINDOW
        };
        true
    }

    /// Appends `other`'s rows (their indices follow this queue's).
    pub fn append(&mut self, other: CompactQueue) {
        self.rows.reserve(other.rows.len());
        let shift = self.text.len();
        self.text.push_str(&other.text);
        // Past four gigabytes of text a row shows no name (see `push_text`).
        let shift = u32::try_from(shift).unwrap_or(u32::MAX);
        let owners: Vec<u32> = other.owners.iter().map(|o| self.owner_index(o)).collect();
        let currencies: Vec<u16> = other
            .currencies
            .iter()
            .map(|c| self.currency_index(c))
            .collect();
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            match r.text.checked_add(shift) {
                Some(at)
                    if at as usize + (r.id_len as usize + r.name_len as usize)
                        <= self.text.len() =>
                {
                    r.text = at
                }
                _ => (r.text, r.id_len, r.name_len) = (0, 0, 0),
            }
            if r.owner != NO_OWNER {
                r.owner = owners[r.owner as usize];
            }
            r.currency = currencies[r.currency as usize];
            r
        }));
    }

    /// The rows at `keep`, in that order, as a queue of their own (its row `k` is
    /// this one's `keep[k]`); the rest are dropped.
    pub fn select(&self, keep: &[usize]) -> CompactQueue {
        let mut out = CompactQueue {
            cutoff: self.cutoff,
            rows: Vec::with_capacity(keep.len()),
            text: String::with_capacity(
                keep.iter()
                    .map(|&i| self.rows[i].id_len as usize + self.rows[i].name_len as usize)
                    .sum(),
            ),
            owners: self.owners.clone(),
            owner_ix: self.owner_ix.clone(),
            currencies: self.currencies.clone(),
        };
        for &i in keep {
            let mut r = self.rows[i];
            let row = self.get(i);
            (r.text, r.id_len, r.name_len) = out.push_text(row.account_id(), row.account_name());
            out.rows.push(r);
        }
        out
    }

    /// Bytes the rows and their text fill (for the benches' memory figures; room
    /// reserved and never written is not resident and not counted).
    pub fn bytes_used(&self) -> usize {
        self.rows.len() * std::mem::size_of::<Packed>() + self.text.len()
    }
}

impl<'a> CompactRow<'a> {
    fn flag(self, bit: u8) -> bool {
        self.r.flags & bit != 0
    }
}

impl<'a> QueueFields<'a> for CompactRow<'a> {
    fn renewal_id(self) -> i64 {
        self.r.renewal_id
    }
    fn account_id(self) -> &'a str {
        let start = self.r.text as usize;
        &self.q.text[start..start + self.r.id_len as usize]
    }
    fn account_name(self) -> &'a str {
        let start = self.r.text as usize + self.r.id_len as usize;
        &self.q.text[start..start + self.r.name_len as usize]
    }
    fn owner(self) -> Option<&'a str> {
        self.q.owners.get(self.r.owner as usize).map(|o| &**o)
    }
    fn currency(self) -> &'a str {
        &self.q.currencies[self.r.currency as usize]
    }
    fn arr(self) -> Money {
        Money(self.r.arr)
    }
    fn value(self) -> Money {
        Money(self.r.value)
    }
    fn health(self) -> Option<u8> {
        (self.r.health != NO_HEALTH).then_some(self.r.health)
    }
    fn band(self) -> Option<HealthBand> {
        self.r.band
    }
    fn stage(self) -> Stage {
        self.r.stage
    }
    fn segment(self) -> Segment {
        self.r.segment
    }
    fn lead(self) -> Lead {
        self.r.lead
    }
    fn days_left(self) -> Option<i64> {
        (self.r.days_left != NO_DAYS).then_some(self.r.days_left as i64)
    }
    fn renewal_date(self) -> Option<Date> {
        self.r.renewal_date
    }
    fn milestones_done(self) -> u32 {
        self.r.milestones_done
    }
    fn open_signals(self) -> u32 {
        self.r.open_signals
    }
    fn probability(self) -> u8 {
        self.r.probability
    }
    fn priority(self) -> u32 {
        self.r.priority as u32
    }
    fn at_risk(self) -> bool {
        self.flag(AT_RISK)
    }
    fn behind(self) -> bool {
        self.flag(BEHIND)
    }
    fn stalled(self) -> bool {
        self.flag(STALLED)
    }
    fn snoozed(self) -> bool {
        self.flag(SNOOZED)
    }
    fn beyond_window(self) -> bool {
        self.flag(BEYOND_WINDOW)
    }
    fn step_due(self) -> bool {
        self.flag(STEP_DUE)
    }
}

/// A wider window's queue from rows already held: `rows` in the priority `order`
/// given (rows not in it are not in the window), placed in `window_days` again, joined
/// by `band` (what the wider window adds, read past the narrower one's end, placed
/// and in priority order). The band's rows are appended to `rows`, and the held copy of a
/// renewal the band also holds drops out of the order; the new order is returned.
/// Nothing held is moved. Equal to reading the window whole (tests/large_book.rs).
pub fn widen(
    rows: &mut CompactQueue,
    order: &[usize],
    band: CompactQueue,
    window_days: Option<i64>,
) -> Vec<usize> {
    let in_band: std::collections::HashSet<i64> = band.iter().map(|r| r.renewal_id()).collect();
    let band_keys: Vec<u128> = band.iter().map(|r| r.priority_key()).collect();
    let first_added = rows.len();
    // Both run in priority order and keys are unique (the renewal id breaks ties): a
    // merge of the two orders gives the order a sort of the two would.
    let mut merged = Vec::with_capacity(order.len() + band.len());
    let mut j = 0;
    for &i in order {
        if in_band.contains(&rows.get(i).renewal_id()) || !rows.place_in_window(i, window_days) {
            continue;
        }
        let key = rows.get(i).priority_key();
        while j < band_keys.len() && band_keys[j] < key {
            merged.push(first_added + j);
            j += 1;
        }
        merged.push(i);
    }
    merged.extend(first_added + j..first_added + band_keys.len());
    rows.append(band);
    merged
}

/// A narrower window's queue from rows held (in the priority `order` given): the ones
/// still in `window_days`, placed there, in priority order; the rest are dropped.
pub fn narrow(rows: &mut CompactQueue, order: &[usize], window_days: Option<i64>) -> CompactQueue {
    let keep: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| rows.place_in_window(i, window_days))
        .collect();
    rows.select(&keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::config::Config;
    use crate::domain::queue::tests::facts;
    use crate::domain::queue::{RenewalFacts, build_row};
    use crate::domain::queue_view::{self, Filters, SortKey};
    use crate::domain::renewal::TouchModel;

    fn row(id: i64, name: &str, owner: Option<&str>, days: Option<i64>, arr: i64) -> QueueRow {
        let today: Date = "2026-11-22".parse().unwrap();
        let facts = RenewalFacts {
            renewal_id: id,
            account_id: format!("A-{id}"),
            account_name: name.into(),
            owner: owner.map(Arc::from),
            arr: Money::from_major(arr),
            target: (id % 2 == 0).then(|| Money::from_major(arr + 1_000)),
            currency: if id == 3 { "EUR".into() } else { "USD".into() },
            health: (id != 4).then_some(20 + id as u8 * 15),
            stage: Stage::Prep,
            touch_model: TouchModel::Assisted,
            ..facts(days, today)
        };
        build_row(facts, &Config::default(), today, None)
    }

    fn rows() -> Vec<QueueRow> {
        vec![
            row(1, "Zeta Labs", Some("Sam"), Some(80), 5_000),
            row(2, "alpha Freight", Some("Dana"), Some(5), 250_000),
            row(3, "Mid Co", None, Some(-3), 50_000),
            row(4, "Alpha Dental", Some("Sam"), None, 250_000),
            row(5, "Ünïcode Støre", Some("Dana"), Some(200), 150_000),
        ]
    }

    fn packed(rows: &[QueueRow]) -> CompactQueue {
        let mut c = CompactQueue::default();
        for r in rows {
            c.push(r);
        }
        c
    }

    /// Every field a packed row gives back is the full row's.
    fn same<'a>(a: impl QueueFields<'a>, b: impl QueueFields<'a>) {
        assert_eq!(
            (a.renewal_id(), a.account_id(), a.account_name(), a.owner()),
            (b.renewal_id(), b.account_id(), b.account_name(), b.owner())
        );
        assert_eq!(
            (a.currency(), a.arr(), a.value(), a.health(), a.band()),
            (b.currency(), b.arr(), b.value(), b.health(), b.band())
        );
        assert_eq!(
            (
                a.stage(),
                a.segment(),
                a.lead(),
                a.days_left(),
                a.renewal_date()
            ),
            (
                b.stage(),
                b.segment(),
                b.lead(),
                b.days_left(),
                b.renewal_date()
            )
        );
        assert_eq!(
            (
                a.milestones_done(),
                a.open_signals(),
                a.probability(),
                a.priority()
            ),
            (
                b.milestones_done(),
                b.open_signals(),
                b.probability(),
                b.priority()
            )
        );
        assert_eq!(
            (a.at_risk(), a.behind(), a.stalled(), a.snoozed()),
            (b.at_risk(), b.behind(), b.stalled(), b.snoozed())
        );
        assert_eq!(
            (a.beyond_window(), a.step_due(), a.priority_key()),
            (b.beyond_window(), b.step_due(), b.priority_key())
        );
    }

    #[test]
    fn a_packed_row_reads_back_as_the_full_row() {
        let full = rows();
        let c = packed(&full);
        assert_eq!(c.len(), full.len());
        for (i, r) in full.iter().enumerate() {
            same(c.get(i), r);
        }
    }

    #[test]
    fn sorts_filters_and_summary_match_the_full_rows() {
        let mut full = rows();
        crate::domain::queue::sort_by_priority(&mut full);
        let c = packed(&full);
        assert_eq!(c.priority_order(), vec![0, 1, 2, 3, 4]);
        for key in SortKey::ALL {
            for reverse in [false, true] {
                let mut want: Vec<usize> = (0..full.len()).collect();
                queue_view::sort(&full, &mut want, key, reverse);
                let mut got: Vec<usize> = (0..c.len()).collect();
                queue_view::sort_by(|i| c.get(i), &mut got, key, reverse);
                assert_eq!(got, want, "{key:?} reverse={reverse}");
            }
        }
        let f = Filters {
            mine: true,
            ..Default::default()
        };
        for (i, r) in full.iter().enumerate() {
            assert_eq!(f.keep(c.get(i), "sam"), f.keep(r, "sam"));
        }
        assert_eq!(
            crate::domain::queue::summarize(c.iter()),
            crate::domain::queue::summarize(&full)
        );
    }

    #[test]
    fn a_packed_row_is_64_bytes_and_a_very_long_name_is_cut_at_a_character() {
        assert_eq!(std::mem::size_of::<Packed>(), 64);
        let mut long = row(9, "x", None, Some(3), 1_000);
        long.facts.account_name = format!("a{}", "é".repeat(40_000));
        let c = packed(&[long.clone(), rows()[0].clone()]);
        let name = c.get(0).account_name();
        assert!(name.len() <= u16::MAX as usize && long.facts.account_name.starts_with(name));
        assert_eq!(c.get(0).account_id(), "A-9");
        same(c.get(1), &rows()[0]);
    }

    #[test]
    fn rows_put_in_priority_order_read_back_the_same() {
        let full = rows();
        let mut c = packed(&full);
        let order = c.priority_order();
        c.put_in_priority_order();
        for (k, &i) in order.iter().enumerate() {
            same(c.get(k), &full[i]);
        }
        assert_eq!(c.priority_order(), (0..full.len()).collect::<Vec<_>>());
    }

    #[test]
    fn append_select_and_narrow_keep_each_rows_text_owner_and_currency() {
        let full = rows();
        let mut a = packed(&full[..2]);
        a.append(packed(&full[2..]));
        for (i, r) in full.iter().enumerate() {
            same(a.get(i), r);
        }
        let picked = a.select(&[4, 0]);
        same(picked.get(0), &full[4]);
        same(picked.get(1), &full[0]);
        // 30 days: the renewal 80 days out and the one 200 days out leave; the
        // undated and the overdue stay.
        let order = a.priority_order();
        let narrowed = narrow(&mut a, &order, Some(30));
        let ids: Vec<i64> = narrowed.iter().map(|r| r.renewal_id()).collect();
        assert!(ids.contains(&2) && ids.contains(&3) && ids.contains(&4));
        assert!(!ids.contains(&1) && !ids.contains(&5));
    }
}
