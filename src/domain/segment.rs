//! Segments by contract value, with a manual override.

use super::config::SegmentRules;
use super::money::Money;
use super::renewal::TouchModel;

crate::text_enum!(
    Segment {
        Enterprise = "enterprise": "Enterprise",
        MidMarket = "mid_market": "Mid-market",
        Smb = "smb": "SMB",
    }
);

impl Segment {
    /// Short tag for narrow columns.
    pub fn tag(self) -> &'static str {
        match self {
            Segment::Enterprise => "ENT",
            Segment::MidMarket => "MM",
            Segment::Smb => "SMB",
        }
    }

    /// The touch model a renewal of this size usually gets.
    pub fn default_touch(self) -> TouchModel {
        match self {
            Segment::Enterprise => TouchModel::Negotiated,
            Segment::MidMarket => TouchModel::Assisted,
            Segment::Smb => TouchModel::Auto,
        }
    }

    /// When the renewal should start, in days before the date, and team hours.
    pub fn guidance(self) -> (&'static str, &'static str) {
        match self {
            Segment::Enterprise => ("120+ days before", "15–25 h"),
            Segment::MidMarket => ("60–90 days before", "5–10 h"),
            Segment::Smb => (
                "30–60 days before",
                "1–3 h; more means the process is broken",
            ),
        }
    }
}

/// The segment an ARR falls in.
pub fn segment_for_arr(arr: Money, rules: &SegmentRules) -> Segment {
    if arr >= Money::from_major(rules.enterprise_min) {
        Segment::Enterprise
    } else if arr >= Money::from_major(rules.mid_market_min) {
        Segment::MidMarket
    } else {
        Segment::Smb
    }
}

/// The segment the account is run as: the override when set, else the computed one.
pub fn effective_segment(computed: Segment, override_: Option<Segment>) -> Segment {
    override_.unwrap_or(computed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_inclusive_at_the_top_segment() {
        let r = SegmentRules::default();
        assert_eq!(
            segment_for_arr(Money::from_major(100_000), &r),
            Segment::Enterprise
        );
        assert_eq!(
            segment_for_arr(Money(100_000 * 100 - 1), &r),
            Segment::MidMarket
        );
        assert_eq!(
            segment_for_arr(Money::from_major(10_000), &r),
            Segment::MidMarket
        );
        assert_eq!(segment_for_arr(Money(10_000 * 100 - 1), &r), Segment::Smb);
        assert_eq!(segment_for_arr(Money::ZERO, &r), Segment::Smb);
    }

    #[test]
    fn thresholds_come_from_config() {
        let r = SegmentRules {
            enterprise_min: 50_000,
            mid_market_min: 5_000,
        };
        assert_eq!(
            segment_for_arr(Money::from_major(60_000), &r),
            Segment::Enterprise
        );
        assert_eq!(
            segment_for_arr(Money::from_major(6_000), &r),
            Segment::MidMarket
        );
    }

    #[test]
    fn override_wins_but_computed_stays_known() {
        assert_eq!(
            effective_segment(Segment::MidMarket, Some(Segment::Enterprise)),
            Segment::Enterprise
        );
        assert_eq!(
            effective_segment(Segment::MidMarket, None),
            Segment::MidMarket
        );
    }
}
