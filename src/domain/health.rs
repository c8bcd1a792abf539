//! Health bands, the bottom-quartile flag, and when health alone makes a renewal at risk.

use super::config::HealthRules;

crate::text_enum!(
    HealthBand {
        Green = "green": "green",
        Yellow = "yellow": "yellow",
        Red = "red": "red",
    }
);

impl HealthBand {
    /// What the band asks of the CSM, in one line.
    pub fn approach(self) -> &'static str {
        match self {
            HealthBand::Green => {
                "Lean process: confirm value, look for growth, stay out of the way."
            }
            HealthBand::Yellow => {
                "Reinforce value early, strengthen weak ties, confirm commitment early."
            }
            HealthBand::Red => "Full intervention: review meeting now and a save plan.",
        }
    }
}

pub fn band(score: u8, rules: &HealthRules) -> HealthBand {
    if score >= rules.green_min {
        HealthBand::Green
    } else if score >= rules.yellow_min {
        HealthBand::Yellow
    } else {
        HealthBand::Red
    }
}

/// Position, in the ascending list of the book's scores, of the bottom-quartile cut-off.
/// Scores at or below the score at this rank are in the bottom quartile.
/// `None` for an empty book.
pub fn quartile_rank(scored_accounts: usize) -> Option<usize> {
    if scored_accounts == 0 {
        None
    } else {
        Some((scored_accounts - 1) / 4)
    }
}

/// The bottom-quartile cut-off of a set of scores (pure version of what the store
/// looks up through an index): the score at [`quartile_rank`] in ascending order.
pub fn quartile_cutoff(scores: &[u8]) -> Option<u8> {
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    quartile_rank(sorted.len()).map(|r| sorted[r])
}

pub fn is_bottom_quartile(score: Option<u8>, cutoff: Option<u8>) -> bool {
    matches!((score, cutoff), (Some(s), Some(c)) if s <= c)
}

/// Did this snapshot take the account into red? (Then a review meeting is due now.)
pub fn crossed_into_red(previous: Option<u8>, new: u8, rules: &HealthRules) -> bool {
    band(new, rules) == HealthBand::Red
        && previous.is_none_or(|p| band(p, rules) != HealthBand::Red)
}

/// Change since the previous snapshot.
pub fn trend(current: Option<u8>, previous: Option<u8>) -> Option<i16> {
    Some(current? as i16 - previous? as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_boundaries() {
        let r = HealthRules::default();
        assert_eq!(band(75, &r), HealthBand::Green);
        assert_eq!(band(74, &r), HealthBand::Yellow);
        assert_eq!(band(50, &r), HealthBand::Yellow);
        assert_eq!(band(49, &r), HealthBand::Red);
        assert_eq!(band(0, &r), HealthBand::Red);
        assert_eq!(band(100, &r), HealthBand::Green);
    }

    #[test]
    fn bands_follow_config() {
        let r = HealthRules {
            green_min: 80,
            yellow_min: 60,
        };
        assert_eq!(band(79, &r), HealthBand::Yellow);
        assert_eq!(band(59, &r), HealthBand::Red);
    }

    #[test]
    fn bottom_quartile() {
        assert_eq!(quartile_cutoff(&[]), None);
        assert_eq!(quartile_cutoff(&[90]), Some(90));
        // 8 scores: the two lowest are the bottom quartile.
        let scores = [90, 10, 80, 20, 70, 60, 50, 40];
        let c = quartile_cutoff(&scores);
        assert_eq!(c, Some(20));
        assert!(is_bottom_quartile(Some(20), c));
        assert!(!is_bottom_quartile(Some(21), c));
        assert!(!is_bottom_quartile(None, c));
    }

    #[test]
    fn crossing_into_red_once() {
        let r = HealthRules::default();
        assert!(crossed_into_red(Some(50), 49, &r));
        assert!(crossed_into_red(None, 30, &r));
        assert!(!crossed_into_red(Some(40), 30, &r));
        assert!(!crossed_into_red(Some(60), 50, &r));
    }

    #[test]
    fn trend_needs_two_points() {
        assert_eq!(trend(Some(60), Some(70)), Some(-10));
        assert_eq!(trend(Some(60), None), None);
    }
}
