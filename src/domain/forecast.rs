//! Forecast probability per stage, moved by health and risk, and the weighted forecast.

use super::config::ForecastRules;
use super::health::HealthBand;
use super::money::{Money, div_round};
use super::renewal::Stage;

/// The stage's base probability in percent.
pub fn stage_probability(stage: Stage, r: &ForecastRules) -> u8 {
    match stage {
        Stage::NotStarted => r.not_started,
        Stage::Prep => r.prep,
        Stage::Engaged => r.engaged,
        Stage::Proposal => r.proposal,
        Stage::Negotiating => r.negotiating,
        Stage::Verbal => r.verbal,
        Stage::ContractSent => r.contract_sent,
        Stage::Won | Stage::Downgraded => 100,
        Stage::Churned => 0,
    }
}

/// Probability in percent: a manual override wins; otherwise the stage's base, moved
/// by the health band and by being at risk, kept within 0–100. Closed stages are fixed.
pub fn probability(
    stage: Stage,
    band: Option<HealthBand>,
    at_risk: bool,
    override_: Option<u8>,
    r: &ForecastRules,
) -> u8 {
    if stage.is_closed() {
        return stage_probability(stage, r);
    }
    if let Some(p) = override_ {
        return p.min(100);
    }
    let mut p = stage_probability(stage, r) as i16;
    p += match band {
        Some(HealthBand::Green) => r.green_adjust,
        Some(HealthBand::Yellow) => r.yellow_adjust,
        Some(HealthBand::Red) => r.red_adjust,
        None => 0,
    } as i16;
    if at_risk {
        p += r.at_risk_adjust as i16;
    }
    p.clamp(0, 100) as u8
}

/// Value × probability, rounded to the cent.
pub fn weighted(value: Money, probability: u8) -> Money {
    Money(div_round(value.0 as i128 * probability as i128, 100))
}

/// Σ probability × value.
pub fn weighted_forecast(rows: impl IntoIterator<Item = (Money, u8)>) -> Money {
    rows.into_iter().map(|(v, p)| weighted(v, p)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_and_risk_move_the_stage_base() {
        let r = ForecastRules::default();
        assert_eq!(probability(Stage::Engaged, None, false, None, &r), 70);
        assert_eq!(
            probability(Stage::Engaged, Some(HealthBand::Green), false, None, &r),
            75
        );
        assert_eq!(
            probability(Stage::Engaged, Some(HealthBand::Red), true, None, &r),
            35
        );
        assert_eq!(
            probability(
                Stage::ContractSent,
                Some(HealthBand::Green),
                false,
                None,
                &r
            ),
            100
        );
    }

    #[test]
    fn clamped_and_overridden() {
        let r = ForecastRules {
            not_started: 10,
            ..Default::default()
        };
        assert_eq!(
            probability(Stage::NotStarted, Some(HealthBand::Red), true, None, &r),
            0
        );
        assert_eq!(
            probability(Stage::NotStarted, Some(HealthBand::Red), true, Some(85), &r),
            85
        );
        assert_eq!(probability(Stage::Churned, None, false, Some(85), &r), 0);
    }

    #[test]
    fn weighted_sum() {
        let rows = [
            (Money::from_major(100_000), 50),
            (Money::from_major(10_000), 75),
            (Money(1), 50),
        ];
        assert_eq!(weighted_forecast(rows), Money(5_000_000 + 750_000 + 1));
    }
}
