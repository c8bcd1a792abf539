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
    /// Kinds of the open logged signals (a mask: three notes of one budget worry are
    /// one kind).
    pub signal_kinds: u32,
    /// Kinds the data shows (`domain::signals`), health drop included.
    pub derived_kinds: u32,
    pub typed_at_risk: bool,
    pub flagged: bool,
}

impl RiskFacts {
    /// Every kind of signal present, logged or derived.
    pub fn kinds(&self) -> u32 {
        self.signal_kinds | self.derived_kinds
    }

    /// The same facts without anything that comes from the health score (band,
    /// quartile, health drop): what is left once the forecast has adjusted for health.
    pub fn apart_from_health(&self) -> RiskFacts {
        RiskFacts {
            red_health: false,
            bottom_quartile: false,
            derived_kinds: self.derived_kinds & !SignalKind::HealthDrop.bit(),
            signal_kinds: self.signal_kinds & !SignalKind::HealthDrop.bit(),
            ..*self
        }
    }
}

/// Why a renewal is at risk, or `None` if nothing says so. One kind of signal alone
/// may be noise; two or more kinds together are real risk, however many notes repeat
/// one of them; a competitive signal is risk at once.
pub fn at_risk_reason(f: &RiskFacts) -> Option<&'static str> {
    if f.flagged {
        Some("flagged at risk by hand")
    } else if f.kinds() & SignalKind::Competitive.bit() != 0 {
        Some("competitive signal: save mode")
    } else if f.red_health {
        Some("health below the red line")
    } else if f.typed_at_risk {
        Some("opportunity typed at risk")
    } else if f.kinds().count_ones() >= 2 {
        Some("several kinds of risk signal together")
    } else if f.bottom_quartile {
        Some("bottom quartile of the book's health")
    } else {
        None
    }
}

pub fn is_at_risk(f: &RiskFacts) -> bool {
    at_risk_reason(f).is_some()
}

/// Does a competitive signal call for a save plan now (§11: save mode at once)?
pub fn save_mode(f: &RiskFacts) -> bool {
    f.kinds() & SignalKind::Competitive.bit() != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_kind_is_noise_two_kinds_are_risk() {
        // Three notes of the same budget worry are one kind: the mask holds one bit.
        let one = RiskFacts {
            signal_kinds: SignalKind::Budget.bit(),
            ..Default::default()
        };
        assert!(!is_at_risk(&one));
        let two = RiskFacts {
            signal_kinds: SignalKind::Budget.bit() | SignalKind::BusinessChange.bit(),
            ..one
        };
        assert!(is_at_risk(&two));
        // A logged kind and a derived kind count together; the same kind both ways once.
        let mixed = RiskFacts {
            signal_kinds: SignalKind::Budget.bit(),
            derived_kinds: SignalKind::UsageDecline.bit(),
            ..Default::default()
        };
        assert_eq!(
            at_risk_reason(&mixed),
            Some("several kinds of risk signal together")
        );
        let same = RiskFacts {
            signal_kinds: SignalKind::StakeholderChange.bit(),
            derived_kinds: SignalKind::StakeholderChange.bit(),
            ..Default::default()
        };
        assert!(!is_at_risk(&same));
    }

    #[test]
    fn competitive_alone_is_risk() {
        let f = RiskFacts {
            signal_kinds: SignalKind::Competitive.bit(),
            ..Default::default()
        };
        assert_eq!(at_risk_reason(&f), Some("competitive signal: save mode"));
        assert!(save_mode(&f));
        assert!(!save_mode(&RiskFacts {
            signal_kinds: SignalKind::Budget.bit(),
            ..Default::default()
        }));
    }

    #[test]
    fn apart_from_health_drops_only_health_facts() {
        let f = RiskFacts {
            red_health: true,
            bottom_quartile: true,
            derived_kinds: SignalKind::HealthDrop.bit(),
            signal_kinds: SignalKind::Budget.bit(),
            ..Default::default()
        };
        assert!(is_at_risk(&f));
        assert!(!is_at_risk(&f.apart_from_health()), "budget alone is noise");
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
