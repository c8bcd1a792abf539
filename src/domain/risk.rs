//! Risk signals and when a renewal counts as at risk.

crate::text_enum!(
    /// The eight kinds of warning sign.
    SignalKind {
        HealthDrop = "health_drop": "health drop",
        EngagementDrop = "engagement_drop": "engagement drop",
        NegativeFeedback = "negative_feedback": "negative feedback",
        Competitive = "competitive": "competitive",
        Budget = "budget": "budget",
        StakeholderChange = "stakeholder_change": "stakeholder change",
        UsageDecline = "usage_decline": "usage decline",
        BusinessChange = "business_change": "business change",
    }
);

impl SignalKind {
    /// Bit of this kind in an account's `signal_kinds` summary mask.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// Kinds present in a summary mask.
pub fn kinds_in(mask: u32) -> impl Iterator<Item = SignalKind> {
    SignalKind::ALL
        .iter()
        .copied()
        .filter(move |k| mask & k.bit() != 0)
}

/// Facts about an open renewal that decide whether it is at risk.
#[derive(Clone, Copy, Debug, Default)]
pub struct RiskFacts {
    pub red_health: bool,
    pub bottom_quartile: bool,
    pub open_signals: u32,
    pub signal_kinds: u32,
    pub typed_at_risk: bool,
    pub flagged: bool,
}

/// Why a renewal is at risk, or `None` if nothing says so. One signal alone may be
/// noise; two or more together are real risk; a competitive signal is risk at once.
pub fn at_risk_reason(f: &RiskFacts) -> Option<&'static str> {
    if f.flagged {
        Some("flagged at risk by hand")
    } else if f.signal_kinds & SignalKind::Competitive.bit() != 0 {
        Some("competitive signal: save mode")
    } else if f.red_health {
        Some("health below the red line")
    } else if f.typed_at_risk {
        Some("opportunity typed at risk")
    } else if f.open_signals >= 2 {
        Some("several risk signals together")
    } else if f.bottom_quartile {
        Some("bottom quartile of the book's health")
    } else {
        None
    }
}

pub fn is_at_risk(f: &RiskFacts) -> bool {
    at_risk_reason(f).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_signal_is_noise_two_are_risk() {
        let one = RiskFacts {
            open_signals: 1,
            signal_kinds: SignalKind::Budget.bit(),
            ..Default::default()
        };
        assert!(!is_at_risk(&one));
        let two = RiskFacts {
            open_signals: 2,
            ..one
        };
        assert!(is_at_risk(&two));
    }

    #[test]
    fn competitive_alone_is_risk() {
        let f = RiskFacts {
            open_signals: 1,
            signal_kinds: SignalKind::Competitive.bit(),
            ..Default::default()
        };
        assert_eq!(at_risk_reason(&f), Some("competitive signal: save mode"));
    }

    #[test]
    fn health_and_hand_flags() {
        assert!(is_at_risk(&RiskFacts {
            red_health: true,
            ..Default::default()
        }));
        assert!(is_at_risk(&RiskFacts {
            bottom_quartile: true,
            ..Default::default()
        }));
        assert!(is_at_risk(&RiskFacts {
            typed_at_risk: true,
            ..Default::default()
        }));
        assert!(is_at_risk(&RiskFacts {
            flagged: true,
            ..Default::default()
        }));
        assert!(!is_at_risk(&RiskFacts::default()));
    }

    #[test]
    fn mask_round_trip() {
        let mask = SignalKind::Budget.bit() | SignalKind::BusinessChange.bit();
        assert_eq!(
            kinds_in(mask).collect::<Vec<_>>(),
            vec![SignalKind::Budget, SignalKind::BusinessChange]
        );
    }
}

crate::text_enum!(
    /// Measurements that come in beside signals (signals.csv) and are kept as dated
    /// readings: a number on its own is not a warning until someone reads it as one.
    ReadingKind {
        Nps = "nps": "NPS",
        Csat = "csat": "CSAT",
        Usage = "usage": "usage %",
        Engagement = "engagement": "engagement",
    }
);
