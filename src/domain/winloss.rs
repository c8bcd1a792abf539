//! Win/loss learning (§16): each closed renewal's record, patterns across them, and
//! save success. "One loss to a competitor is data, several to the same one is a
//! pattern": a reason, competitor or segment with at least `[learning] pattern_min`
//! losses is flagged.

use super::Date;
use super::money::Money;
use super::portfolio::Period;
use super::renewal::Outcome;
use super::segment::Segment;
use std::collections::BTreeMap;

/// One closed renewal's debrief.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub account_id: String,
    pub account_name: String,
    pub owner: Option<String>,
    pub segment: Segment,
    pub currency: String,
    pub renewal_date: Option<Date>,
    pub closed_on: Date,
    pub result: Outcome,
    /// ARR before the renewal.
    pub arr: Money,
    /// ARR after it (zero when churned).
    pub final_value: Money,
    /// Lost: the real reason; won: what made it work.
    pub reason: Option<String>,
    pub value_cited: Option<String>,
    pub could_improve: Option<String>,
    pub missed_expansion: Option<String>,
    pub competitor: Option<String>,
    /// When we really lost them (against `closed_on`, when we were told).
    pub when_really_lost: Option<String>,
    pub could_have_saved: Option<bool>,
}

impl Record {
    /// Churned or downgraded.
    pub fn is_loss(&self) -> bool {
        self.result != Outcome::Won
    }

    /// ARR lost: all of it when churned, the difference when downgraded.
    pub fn lost_arr(&self) -> Money {
        match self.result {
            Outcome::Churned => self.arr,
            _ if self.final_value < self.arr => self.arr - self.final_value,
            _ => Money::ZERO,
        }
    }
}

/// What to list; every filter is optional, text filters are case-insensitive.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Closed within it.
    pub period: Option<Period>,
    pub segment: Option<Segment>,
    pub owner: Option<String>,
    pub reason: Option<String>,
    pub competitor: Option<String>,
}

fn same(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.trim().eq_ignore_ascii_case(b.trim()))
}

impl Filter {
    pub fn keep(&self, r: &Record) -> bool {
        self.period
            .as_ref()
            .is_none_or(|p| p.contains(Some(r.closed_on)))
            && self.segment.is_none_or(|s| s == r.segment)
            && self
                .owner
                .as_deref()
                .is_none_or(|o| same(r.owner.as_deref(), o))
            && self
                .reason
                .as_deref()
                .is_none_or(|x| same(r.reason.as_deref(), x))
            && self
                .competitor
                .as_deref()
                .is_none_or(|x| same(r.competitor.as_deref(), x))
    }
}

/// Losses grouped by one attribute, in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// `reason`, `competitor` or `segment`.
    pub by: &'static str,
    pub value: String,
    pub currency: String,
    /// Losses with this value in this currency.
    pub count: u32,
    /// ARR they lost (`Record::lost_arr`).
    pub arr: Money,
    /// Losses with this value across every currency reach `pattern_min`.
    pub pattern: bool,
}

/// Patterns across the losses (churned and downgraded) in `records`: by reason, by
/// competitor (losses that name none are left out) and by segment; most losses first.
pub fn patterns(records: &[Record], pattern_min: u32) -> Vec<Pattern> {
    let mut out = Vec::new();
    for by in ["reason", "competitor", "segment"] {
        let mut m: BTreeMap<(String, String), (u32, Money)> = BTreeMap::new();
        for r in records.iter().filter(|r| r.is_loss()) {
            let value = match by {
                "reason" => r
                    .reason
                    .clone()
                    .unwrap_or_else(|| "(no reason given)".into()),
                "competitor" => match &r.competitor {
                    Some(c) if !c.trim().is_empty() => c.trim().to_string(),
                    _ => continue,
                },
                _ => r.segment.as_str().to_string(),
            };
            let e = m.entry((value, r.currency.clone())).or_default();
            e.0 += 1;
            e.1 += r.lost_arr();
        }
        let mut totals: BTreeMap<String, u32> = BTreeMap::new();
        for ((v, _), (n, _)) in &m {
            *totals.entry(v.clone()).or_default() += n;
        }
        let mut group: Vec<Pattern> = m
            .into_iter()
            .map(|((value, currency), (count, arr))| Pattern {
                by,
                pattern: totals[&value] >= pattern_min,
                value,
                currency,
                count,
                arr,
            })
            .collect();
        group.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.arr.cmp(&a.arr))
                .then(a.value.cmp(&b.value))
        });
        out.extend(group);
    }
    out
}

/// One save plan, as save success counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFact {
    pub segment: Segment,
    pub root_cause: Option<String>,
    /// `open`, `saved` or `lost`.
    pub status: String,
}

/// Save plans by segment or root cause.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveSuccess {
    /// `segment` or `root_cause`.
    pub by: &'static str,
    pub value: String,
    pub open: u32,
    pub saved: u32,
    pub lost: u32,
}

impl SaveSuccess {
    /// Saved ÷ (saved + lost); `None` before any has closed.
    pub fn success_rate(&self) -> Option<f64> {
        let closed = self.saved + self.lost;
        (closed > 0).then(|| self.saved as f64 / closed as f64)
    }
}

pub fn save_success(plans: &[SaveFact]) -> Vec<SaveSuccess> {
    let mut out = Vec::new();
    for by in ["segment", "root_cause"] {
        let mut m: BTreeMap<String, SaveSuccess> = BTreeMap::new();
        for p in plans {
            let value = if by == "segment" {
                p.segment.as_str().to_string()
            } else {
                p.root_cause
                    .clone()
                    .unwrap_or_else(|| "(not triaged)".into())
            };
            let e = m.entry(value.clone()).or_insert(SaveSuccess {
                by,
                value,
                open: 0,
                saved: 0,
                lost: 0,
            });
            match p.status.as_str() {
                "saved" => e.saved += 1,
                "lost" => e.lost += 1,
                _ => e.open += 1,
            }
        }
        out.extend(m.into_values());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(result: Outcome, arr: i64, fin: i64, reason: &str, competitor: Option<&str>) -> Record {
        Record {
            account_id: "A".into(),
            account_name: "A".into(),
            owner: Some("Dana".into()),
            segment: Segment::MidMarket,
            currency: "USD".into(),
            renewal_date: None,
            closed_on: "2026-11-01".parse().unwrap(),
            result,
            arr: Money::from_major(arr),
            final_value: Money::from_major(fin),
            reason: Some(reason.into()),
            value_cited: None,
            could_improve: None,
            missed_expansion: None,
            competitor: competitor.map(Into::into),
            when_really_lost: None,
            could_have_saved: None,
        }
    }

    #[test]
    fn one_loss_is_data_three_are_a_pattern() {
        let rs = vec![
            rec(Outcome::Churned, 100, 0, "price", Some("Rival")),
            rec(Outcome::Churned, 200, 0, "price", Some("rival ")),
            rec(Outcome::Downgraded, 300, 250, "Price", Some("Rival")),
            rec(Outcome::Churned, 50, 0, "product fit", Some("Other")),
            rec(Outcome::Won, 500, 600, "price", Some("Rival")),
        ];
        let p = patterns(&rs, 3);
        let get = |by: &str, v: &str| p.iter().find(|x| x.by == by && x.value == v).cloned();
        let rival = get("competitor", "Rival").unwrap();
        // Case and spaces are the CRM's; "Rival" and "rival " are two spellings here.
        assert_eq!(
            (rival.count, rival.arr, rival.pattern),
            (2, Money::from_major(150), false)
        );
        let seg = get("segment", "mid_market").unwrap();
        assert_eq!(
            (seg.count, seg.arr, seg.pattern),
            (4, Money::from_major(400), true)
        );
        let other = get("competitor", "Other").unwrap();
        assert!(!other.pattern);
        let wins_left_out = p.iter().all(|x| x.arr <= Money::from_major(400));
        assert!(wins_left_out);
        let p1 = patterns(&rs, 1);
        assert!(p1.iter().all(|x| x.pattern));
    }

    #[test]
    fn filters_are_case_insensitive_and_by_close_date() {
        let r = rec(Outcome::Churned, 100, 0, "Price", Some("Rival"));
        let f = Filter {
            reason: Some("price".into()),
            competitor: Some("RIVAL".into()),
            owner: Some("dana".into()),
            ..Default::default()
        };
        assert!(f.keep(&r));
        let period = crate::domain::portfolio::parse_period(
            Some("2026-12"),
            "2026-11-22".parse().unwrap(),
            1,
        )
        .unwrap();
        assert!(
            !Filter {
                period: Some(period),
                ..Default::default()
            }
            .keep(&r)
        );
    }

    #[test]
    fn save_success_by_segment_and_root_cause() {
        let f = |s: &str, rc: Option<&str>| SaveFact {
            segment: Segment::Smb,
            root_cause: rc.map(Into::into),
            status: s.into(),
        };
        let s = save_success(&[
            f("saved", Some("product_fit")),
            f("lost", Some("product_fit")),
            f("open", None),
        ]);
        let smb = s.iter().find(|x| x.by == "segment").unwrap();
        assert_eq!(
            (smb.open, smb.saved, smb.lost, smb.success_rate()),
            (1, 1, 1, Some(0.5))
        );
        let nt = s.iter().find(|x| x.value == "(not triaged)").unwrap();
        assert_eq!(nt.success_rate(), None);
    }
}
