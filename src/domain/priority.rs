//! The queue's priority score (0–100) and its explanation in words.
//!
//! Four parts, each capped by its weight in config: how soon (days left against the
//! queue window), how much (ARR against the enterprise line), how healthy (band and
//! bottom quartile), and how risky (open signals, competitive, flagged). The score is
//! computed for every row on load; the words only when someone asks "why".

use super::config::{Config, PriorityWeights};
use super::health::HealthBand;
use super::money::Money;
use super::risk::SignalKind;

#[derive(Clone, Copy, Debug, Default)]
pub struct PriorityInput {
    pub days_left: Option<i64>,
    pub arr: Money,
    pub band: Option<HealthBand>,
    pub health: Option<u8>,
    pub bottom_quartile: bool,
    pub open_signals: u32,
    pub signal_kinds: u32,
    pub at_risk: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parts {
    urgency: u32,
    value: u32,
    health: u32,
    risk: u32,
}

fn parts(i: &PriorityInput, cfg: &Config) -> Parts {
    let w: &PriorityWeights = &cfg.priority;
    let window = cfg.queue.window_days.max(1);
    let urgency = match i.days_left {
        None => w.urgency / 2,
        Some(d) if d <= 0 => w.urgency,
        Some(d) if d >= window => 0,
        Some(d) => ((w.urgency as i64 * (window - d) + window / 2) / window) as u32,
    };
    let line = Money::from_major(cfg.segments.enterprise_min).0.max(1);
    let value = ((w.value as i128 * i.arr.0.clamp(0, line) as i128 + line as i128 / 2)
        / line as i128) as u32;
    let mut health = match i.band {
        None => w.health / 2,
        Some(HealthBand::Red) => w.health,
        Some(HealthBand::Yellow) => w.health / 2,
        Some(HealthBand::Green) => 0,
    };
    if i.bottom_quartile {
        health = (health + w.health / 4).min(w.health);
    }
    let mut risk = (w.per_signal * i.open_signals).min(w.risk);
    if i.signal_kinds & SignalKind::Competitive.bit() != 0 {
        risk = w.risk;
    }
    if i.at_risk {
        risk = risk.max(w.risk * 2 / 3);
    }
    Parts {
        urgency,
        value,
        health,
        risk,
    }
}

/// The priority score, 0–100 with default weights. Higher = needs attention sooner.
pub fn score(i: &PriorityInput, cfg: &Config) -> u32 {
    let p = parts(i, cfg);
    p.urgency + p.value + p.health + p.risk
}

/// One line of the explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub points: u32,
    pub max: u32,
    pub text: String,
}

/// The score taken apart, in the order it is built, each part with its reason.
pub fn explain<C: super::money::AsCur + ?Sized>(
    i: &PriorityInput,
    cfg: &Config,
    currency: &C,
) -> Vec<Reason> {
    let p = parts(i, cfg);
    let w = &cfg.priority;
    let urgency = match i.days_left {
        None => "no renewal date on file: treated as half urgent".to_string(),
        Some(d) if d < 0 => format!("overdue by {} day{}", -d, plural(-d)),
        Some(0) => "renews today".to_string(),
        Some(d) => format!(
            "renews in {d} day{} ({}-day window)",
            plural(d),
            cfg.queue.window_days
        ),
    };
    let value = format!(
        "ARR {} against the {} enterprise line",
        i.arr.compact(currency),
        Money::from_major(cfg.segments.enterprise_min).compact(currency)
    );
    let mut health = match (i.band, i.health) {
        (Some(b), Some(s)) => format!("health {s} ({})", b.label()),
        _ => "no health score: treated as half".to_string(),
    };
    if i.bottom_quartile {
        health.push_str(", bottom quartile of the book");
    }
    let mut risk = match i.open_signals {
        0 => "no open risk signals".to_string(),
        n => format!("{n} open risk signal{}", plural(n as i64)),
    };
    if i.signal_kinds & SignalKind::Competitive.bit() != 0 {
        risk.push_str(", one competitive (counts in full)");
    }
    if i.at_risk {
        risk.push_str(", renewal at risk");
    }
    vec![
        Reason {
            points: p.urgency,
            max: w.urgency,
            text: urgency,
        },
        Reason {
            points: p.value,
            max: w.value,
            text: value,
        },
        Reason {
            points: p.health,
            max: w.health,
            text: health,
        },
        Reason {
            points: p.risk,
            max: w.risk,
            text: risk,
        },
    ]
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(days: Option<i64>) -> PriorityInput {
        PriorityInput {
            days_left: days,
            arr: Money::from_major(50_000),
            band: Some(HealthBand::Green),
            health: Some(80),
            ..Default::default()
        }
    }

    #[test]
    fn urgency_due_today_tomorrow_overdue() {
        let c = Config::default();
        let u = |d| parts(&input(d), &c).urgency;
        assert_eq!(u(Some(-3)), 40);
        assert_eq!(u(Some(0)), 40);
        assert_eq!(u(Some(1)), 40); // 40 × 89/90 rounds to 40
        assert_eq!(u(Some(45)), 20);
        assert_eq!(u(Some(90)), 0);
        assert_eq!(u(Some(200)), 0);
        assert_eq!(u(None), 20);
        assert!(score(&input(Some(10)), &c) > score(&input(Some(60)), &c));
    }

    #[test]
    fn value_caps_at_the_enterprise_line() {
        let c = Config::default();
        let v = |arr| {
            parts(
                &PriorityInput {
                    arr: Money::from_major(arr),
                    ..input(Some(100))
                },
                &c,
            )
            .value
        };
        assert_eq!(v(100_000), 25);
        assert_eq!(v(1_000_000), 25);
        assert_eq!(v(50_000), 13); // 12.5 rounds half up
        assert_eq!(v(0), 0);
    }

    #[test]
    fn health_and_risk_parts() {
        let c = Config::default();
        let red = PriorityInput {
            band: Some(HealthBand::Red),
            health: Some(30),
            bottom_quartile: true,
            ..input(Some(100))
        };
        assert_eq!(parts(&red, &c).health, 20);
        let yellow_q = PriorityInput {
            band: Some(HealthBand::Yellow),
            bottom_quartile: true,
            ..input(Some(100))
        };
        assert_eq!(parts(&yellow_q, &c).health, 15);
        let signals = PriorityInput {
            open_signals: 2,
            ..input(Some(100))
        };
        assert_eq!(parts(&signals, &c).risk, 10);
        let comp = PriorityInput {
            open_signals: 1,
            signal_kinds: SignalKind::Competitive.bit(),
            ..input(Some(100))
        };
        assert_eq!(parts(&comp, &c).risk, 15);
        let flagged = PriorityInput {
            at_risk: true,
            ..input(Some(100))
        };
        assert_eq!(parts(&flagged, &c).risk, 10);
    }

    #[test]
    fn explanation_adds_up_to_the_score() {
        let c = Config::default();
        let i = PriorityInput {
            open_signals: 1,
            signal_kinds: SignalKind::Competitive.bit(),
            at_risk: true,
            ..input(Some(-2))
        };
        let reasons = explain(&i, &c, "USD");
        assert_eq!(reasons.iter().map(|r| r.points).sum::<u32>(), score(&i, &c));
        assert_eq!(reasons[0].text, "overdue by 2 days");
        assert!(reasons[3].text.contains("competitive"));
    }
}
