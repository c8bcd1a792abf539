//! What moved in the forecast between two moments (issue 15): each renewal's tracked
//! fields then and now, the moves between them, the waterfall from the old forecast
//! to the new, and the weekly trend.
//!
//! Every renewal's change in the period's forecast is given to exactly one move (the
//! first that applies of: pulled in / pushed out, won / lost, amount, category), so the
//! waterfall adds up from the old forecast to the new; the other moves of the same
//! renewal are listed with no money effect.

use super::Date;
use super::money::Money;
use super::portfolio::{ForecastCategory, Line, Period};
use super::renewal::Stage;
use std::collections::{BTreeMap, HashMap};

crate::text_enum!(
    /// Kinds of movement, in the order a waterfall shows them.
    MoveKind {
        PulledIn = "pulled_in": "pulled in",
        PushedOut = "pushed_out": "pushed out",
        Won = "won": "won",
        Lost = "lost": "lost",
        AmountUp = "amount_up": "amount up",
        AmountDown = "amount_down": "amount down",
        CategoryChanged = "category_changed": "category changed",
        StageChanged = "stage_changed": "stage changed",
        NewlyAtRisk = "newly_at_risk": "newly at risk",
        Recovered = "recovered": "recovered",
        OwnerChanged = "owner_changed": "owner changed",
    }
);

/// A renewal's tracked fields on one day: what a snapshot stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapState {
    pub renewal_id: i64,
    pub renewal_date: Option<Date>,
    pub arr: Money,
    pub target: Option<Money>,
    /// `Line::value`: the target or ARR while open, the final ARR once closed.
    pub value: Money,
    pub probability: u8,
    pub currency: String,
    pub stage: Stage,
    pub category: ForecastCategory,
    pub owner: Option<String>,
    pub at_risk: bool,
}

impl SnapState {
    pub fn of(l: &Line) -> SnapState {
        SnapState {
            renewal_id: l.renewal_id,
            renewal_date: l.renewal_date,
            arr: l.arr,
            target: l.target,
            value: l.value(),
            probability: l.probability,
            currency: l.currency.to_string(),
            stage: l.stage,
            category: l.category,
            owner: l.owner.as_deref().map(str::to_string),
            at_risk: l.at_risk,
        }
    }

    /// What it adds to a forecast it is due in (`Line::forecast_value`).
    pub fn forecast_value(&self) -> Money {
        if self.category == ForecastCategory::Omitted || self.stage == Stage::Churned {
            Money::ZERO
        } else {
            self.value
        }
    }

    /// What it adds to commit (open commit, or closed and kept).
    pub fn commit_value(&self) -> Money {
        match self.category {
            ForecastCategory::Commit => self.value,
            ForecastCategory::Closed => self.forecast_value(),
            _ => Money::ZERO,
        }
    }

    pub fn at_risk_arr(&self) -> Money {
        if self.at_risk && !self.stage.is_closed() {
            self.arr
        } else {
            Money::ZERO
        }
    }

    fn in_period(&self, p: &Period) -> bool {
        p.contains(self.renewal_date)
    }
}

/// One movement of one renewal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub renewal_id: i64,
    pub kind: MoveKind,
    pub currency: String,
    pub before: String,
    pub after: String,
    /// The change in the period's forecast this move accounts for.
    pub effect: Money,
}

fn date_text(d: Option<Date>) -> String {
    d.map_or_else(|| "no date".to_string(), |d| d.to_string())
}

fn money_text(m: Money, cur: &str) -> String {
    m.format(cur)
}

/// The moves of the renewals due in `period` at either moment, old state `old`, new
/// `new` (`None`: not in the book then), ordered by kind then renewal.
pub fn moves(
    old: &HashMap<i64, SnapState>,
    new: &HashMap<i64, SnapState>,
    period: &Period,
) -> Vec<Move> {
    let mut out = Vec::new();
    let mut ids: Vec<i64> = old.keys().chain(new.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        renewal_moves(id, old.get(&id), new.get(&id), period, &mut out);
    }
    out.sort_by_key(|m| (m.kind, m.renewal_id));
    out
}

fn renewal_moves(
    id: i64,
    o: Option<&SnapState>,
    n: Option<&SnapState>,
    p: &Period,
    out: &mut Vec<Move>,
) {
    let in_o = o.is_some_and(|s| s.in_period(p));
    let in_n = n.is_some_and(|s| s.in_period(p));
    if !in_o && !in_n {
        return;
    }
    let co = o
        .filter(|_| in_o)
        .map_or(Money::ZERO, SnapState::forecast_value);
    let cn = n
        .filter(|_| in_n)
        .map_or(Money::ZERO, SnapState::forecast_value);
    let mut push = |kind, currency: &str, before: String, after: String, effect| {
        out.push(Move {
            renewal_id: id,
            kind,
            currency: currency.to_string(),
            before,
            after,
            effect,
        })
    };
    let (o, n) = match (o, n) {
        (Some(o), Some(n)) if in_o && in_n => (o, n),
        (_, Some(n)) if in_n => {
            let before = o.map_or_else(|| "not in the book".into(), |o| date_text(o.renewal_date));
            push(
                MoveKind::PulledIn,
                &n.currency,
                before,
                date_text(n.renewal_date),
                cn,
            );
            return;
        }
        (Some(o), _) => {
            let after = n.map_or_else(|| "not in the book".into(), |n| date_text(n.renewal_date));
            push(
                MoveKind::PushedOut,
                &o.currency,
                date_text(o.renewal_date),
                after,
                -co,
            );
            return;
        }
        _ => return,
    };
    let cur = n.currency.as_str();
    if o.currency != n.currency {
        // Never one figure across currencies: out of one, into the other.
        push(
            MoveKind::AmountDown,
            &o.currency,
            money_text(o.value, &o.currency),
            o.currency.clone(),
            -co,
        );
        push(
            MoveKind::AmountUp,
            cur,
            n.currency.clone(),
            money_text(n.value, cur),
            cn,
        );
        return;
    }
    let mut effect = cn - co;
    let mut give = || std::mem::replace(&mut effect, Money::ZERO);
    let closing = !o.stage.is_closed() && n.stage.is_closed();
    if closing {
        let kind = if n.stage == Stage::Churned {
            MoveKind::Lost
        } else {
            MoveKind::Won
        };
        let before = format!("{} {}", o.stage.as_str(), money_text(o.value, cur));
        let after = format!("{} {}", n.stage.as_str(), money_text(n.value, cur));
        push(kind, cur, before, after, give());
    }
    if !closing && (o.value != n.value || o.arr != n.arr || o.target != n.target) {
        // The forecast value leads; ARR or target alone is listed with what it did.
        let (b, a) = if o.value != n.value {
            (o.value, n.value)
        } else if o.arr != n.arr {
            (o.arr, n.arr)
        } else {
            (o.target.unwrap_or(o.arr), n.target.unwrap_or(n.arr))
        };
        let kind = if a >= b {
            MoveKind::AmountUp
        } else {
            MoveKind::AmountDown
        };
        push(kind, cur, money_text(b, cur), money_text(a, cur), give());
    }
    if !closing && o.category != n.category {
        push(
            MoveKind::CategoryChanged,
            cur,
            o.category.as_str().into(),
            n.category.as_str().into(),
            give(),
        );
    }
    if !closing && o.stage != n.stage {
        push(
            MoveKind::StageChanged,
            cur,
            o.stage.as_str().into(),
            n.stage.as_str().into(),
            give(),
        );
    }
    if !n.stage.is_closed() && o.at_risk != n.at_risk {
        let kind = if n.at_risk {
            MoveKind::NewlyAtRisk
        } else {
            MoveKind::Recovered
        };
        let word = |r: bool| if r { "at risk" } else { "not at risk" };
        push(
            kind,
            cur,
            word(o.at_risk).into(),
            word(n.at_risk).into(),
            give(),
        );
    }
    if o.owner != n.owner {
        let who = |w: &Option<String>| w.clone().unwrap_or_else(|| "nobody".into());
        push(
            MoveKind::OwnerChanged,
            cur,
            who(&o.owner),
            who(&n.owner),
            give(),
        );
    }
    debug_assert_eq!(
        effect,
        Money::ZERO,
        "every change in the forecast is given to a move"
    );
}

/// One currency's waterfall: the old forecast, the sum of each kind's effect, the new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waterfall {
    pub currency: String,
    pub start: Money,
    pub steps: Vec<(MoveKind, Money, u32)>,
    pub end: Money,
}

/// The waterfall of each currency (by code): start + Σ steps = end.
pub fn waterfall(
    old: &HashMap<i64, SnapState>,
    new: &HashMap<i64, SnapState>,
    moves: &[Move],
    period: &Period,
) -> Vec<Waterfall> {
    let mut w: BTreeMap<String, Waterfall> = BTreeMap::new();
    fn entry<'a>(w: &'a mut BTreeMap<String, Waterfall>, c: &str) -> &'a mut Waterfall {
        w.entry(c.to_string()).or_insert_with(|| Waterfall {
            currency: c.to_string(),
            start: Money::ZERO,
            steps: Vec::new(),
            end: Money::ZERO,
        })
    }
    for s in old.values().filter(|s| s.in_period(period)) {
        entry(&mut w, &s.currency).start += s.forecast_value();
    }
    for s in new.values().filter(|s| s.in_period(period)) {
        entry(&mut w, &s.currency).end += s.forecast_value();
    }
    for m in moves {
        let e = entry(&mut w, &m.currency);
        match e.steps.iter_mut().find(|s| s.0 == m.kind) {
            Some(s) => {
                s.1 += m.effect;
                s.2 += 1;
            }
            None => e.steps.push((m.kind, m.effect, 1)),
        }
    }
    let mut out: Vec<Waterfall> = w.into_values().collect();
    for x in &mut out {
        x.steps.sort_by_key(|s| s.0);
    }
    out
}

/// One week's figures in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    pub day: Date,
    pub currency: String,
    pub forecast: Money,
    pub commit: Money,
    pub at_risk: Money,
}

/// The period's forecast, commit and at-risk ARR as of each day in `days` (sorted),
/// from the stored history: rows `(day, state)` sorted by renewal, then day.
pub fn trend(history: &[(Date, SnapState)], days: &[Date], period: &Period) -> Vec<TrendPoint> {
    let mut acc: BTreeMap<(Date, String), (Money, Money, Money)> = BTreeMap::new();
    let mut i = 0;
    while i < history.len() {
        let id = history[i].1.renewal_id;
        let mut j = i;
        while j < history.len() && history[j].1.renewal_id == id {
            j += 1;
        }
        let rows = &history[i..j];
        let mut k = 0usize; // rows[..k] are on or before the day
        for day in days {
            while k < rows.len() && rows[k].0 <= *day {
                k += 1;
            }
            if k == 0 {
                continue;
            }
            let s = &rows[k - 1].1;
            if s.in_period(period) {
                let e = acc.entry((*day, s.currency.clone())).or_default();
                e.0 += s.forecast_value();
                e.1 += s.commit_value();
                e.2 += s.at_risk_arr();
            }
        }
        i = j;
    }
    acc.into_iter()
        .map(
            |((day, currency), (forecast, commit, at_risk))| TrendPoint {
                day,
                currency,
                forecast,
                commit,
                at_risk,
            },
        )
        .collect()
}

/// The last `weeks` weekly days ending today, oldest first.
pub fn trend_days(today: Date, weeks: u32) -> Vec<Date> {
    (0..weeks as i64)
        .rev()
        .map(|w| today - chrono::Duration::days(7 * w))
        .collect()
}

#[cfg(test)]
#[path = "moves_tests.rs"]
mod tests;
