//! What the queue's lists read of a renewal's row, whether the row is held whole
//! (`QueueRow`, a few hundred bytes with its strings) or packed (`CompactQueue`, about
//! a hundred bytes, which is how the cockpit holds a window of a million renewals).
//! Filters, sorts, the summary line and the agenda are written once, over this trait,
//! so the two ways of holding a row cannot disagree.

use super::Date;
use super::forecast;
use super::health::HealthBand;
use super::money::Money;
use super::ownership::Lead;
use super::queue::QueueRow;
use super::renewal::Stage;
use super::segment::Segment;

/// A row's fields, borrowed for `'a` (a reference to a row, or a packed row's view).
pub trait QueueFields<'a>: Copy {
    fn renewal_id(self) -> i64;
    fn account_id(self) -> &'a str;
    fn account_name(self) -> &'a str;
    fn owner(self) -> Option<&'a str>;
    fn currency(self) -> &'a str;
    fn arr(self) -> Money;
    /// Renewal value for the forecast: the target when set, else current ARR.
    fn value(self) -> Money;
    fn health(self) -> Option<u8>;
    fn band(self) -> Option<HealthBand>;
    fn stage(self) -> Stage;
    fn segment(self) -> Segment;
    fn lead(self) -> Lead;
    fn days_left(self) -> Option<i64>;
    fn renewal_date(self) -> Option<Date>;
    fn milestones_done(self) -> u32;
    fn open_signals(self) -> u32;
    fn probability(self) -> u8;
    fn priority(self) -> u32;
    fn at_risk(self) -> bool;
    fn behind(self) -> bool;
    fn stalled(self) -> bool;
    fn snoozed(self) -> bool;
    /// Shown only because a playbook step is due: the date is past the window.
    fn beyond_window(self) -> bool;
    /// A playbook step not yet done has come due.
    fn step_due(self) -> bool;

    /// The forecast's weighted value.
    fn weighted(self) -> Money {
        forecast::weighted(self.value(), self.probability())
    }

    /// In the queue for a window of `window_days`: no date (never dropped), overdue or
    /// within the window, or a playbook step due or overdue.
    fn in_window(self, window_days: Option<i64>) -> bool {
        match (self.days_left(), window_days) {
            (None, _) | (_, None) => true,
            (Some(d), Some(w)) => d <= w || self.step_due(),
        }
    }

    /// Whether the row is in `window_days` only for a step due (see `beyond_window`).
    fn beyond(self, window_days: Option<i64>) -> bool {
        matches!((self.days_left(), window_days), (Some(d), Some(w)) if d > w)
    }

    /// The row's place in priority order as one integer (smaller comes first):
    /// highest score first, then days left (soonest first, no date last), then the
    /// renewal id, in its low 64 bits, so a list of keys alone is the whole order.
    fn priority_key(self) -> u128 {
        let urgency = 100 - self.priority().min(100) as u128;
        let days = self
            .days_left()
            .map_or(u32::MAX as i64, |d| d + (1 << 30))
            .clamp(0, u32::MAX as i64) as u128;
        urgency << 96 | days << 64 | self.renewal_id() as u64 as u128
    }
}

/// What the queue's `/` text searches in a row: "name owner id", written into `hay`.
pub fn haystack<'a>(r: impl QueueFields<'a>, hay: &mut String) {
    hay.push_str(r.account_name());
    hay.push(' ');
    hay.push_str(r.owner().unwrap_or(""));
    hay.push(' ');
    hay.push_str(r.account_id());
}

impl<'a> QueueFields<'a> for &'a QueueRow {
    fn renewal_id(self) -> i64 {
        self.facts.renewal_id
    }
    fn account_id(self) -> &'a str {
        &self.facts.account_id
    }
    fn account_name(self) -> &'a str {
        &self.facts.account_name
    }
    fn owner(self) -> Option<&'a str> {
        self.facts.owner.as_deref()
    }
    fn currency(self) -> &'a str {
        &self.facts.currency
    }
    fn arr(self) -> Money {
        self.facts.arr
    }
    fn value(self) -> Money {
        self.facts.target.unwrap_or(self.facts.arr)
    }
    fn health(self) -> Option<u8> {
        self.facts.health
    }
    fn band(self) -> Option<HealthBand> {
        self.band
    }
    fn stage(self) -> Stage {
        self.facts.stage
    }
    fn segment(self) -> Segment {
        self.segment
    }
    fn lead(self) -> Lead {
        self.lead
    }
    fn days_left(self) -> Option<i64> {
        self.days_left
    }
    fn renewal_date(self) -> Option<Date> {
        self.facts.renewal_date
    }
    fn milestones_done(self) -> u32 {
        self.facts.milestones_done
    }
    fn open_signals(self) -> u32 {
        self.facts.open_signals
    }
    fn probability(self) -> u8 {
        self.probability
    }
    fn priority(self) -> u32 {
        self.priority
    }
    fn at_risk(self) -> bool {
        self.at_risk
    }
    fn behind(self) -> bool {
        self.behind
    }
    fn stalled(self) -> bool {
        self.stalled
    }
    fn snoozed(self) -> bool {
        self.snoozed
    }
    fn beyond_window(self) -> bool {
        self.beyond_window
    }
    fn step_due(self) -> bool {
        self.step_due
    }
}
