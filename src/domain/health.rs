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

/// How many accounts the bottom quartile may hold at most: a quarter of the scored
/// book, rounded down. `None` when that is nobody (fewer than four scores: a book of
/// one account has no bottom quartile to be in).
///
/// The cut-off is then the highest score strictly below the score at this position
/// in ascending order ([`quartile_cutoff`]): when scores tie across the line the tied
/// ones stay out, so never more than a quarter of the book is flagged, and a book
/// where every score is equal flags nobody.
pub fn quartile_rank(scored_accounts: usize) -> Option<usize> {
    let limit = scored_accounts / 4;
    (limit > 0).then_some(limit)
}

/// The bottom-quartile cut-off of a set of scores (pure version of what the store
/// looks up through an index): scores at or below it are in the bottom quartile.
pub fn quartile_cutoff(scores: &[u8]) -> Option<u8> {
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    let pivot = sorted[quartile_rank(sorted.len())?];
    sorted.into_iter().filter(|s| *s < pivot).max()
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
    fn ties_never_flag_more_than_a_quarter() {
        assert_eq!(quartile_cutoff(&[90; 8]), None, "all equal: nobody");
        assert_eq!(quartile_cutoff(&[90]), None, "one account: not flagged");
        assert_eq!(quartile_cutoff(&[10, 90, 95]), None, "under four: nobody");
        // 8 scores, two may be flagged; 20 ties across the line, so only 10 is.
        let scores = [10, 20, 20, 20, 70, 80, 90, 95];
        let c = quartile_cutoff(&scores);
        assert_eq!(c, Some(10));
        let flagged = scores
            .iter()
            .filter(|s| is_bottom_quartile(Some(**s), c))
            .count();
        assert!(flagged <= scores.len() / 4);
        // 5 scores: one may be flagged.
        assert_eq!(quartile_cutoff(&[40, 50, 60, 70, 80]), Some(40));
    }

    #[test]
    fn bottom_quartile() {
        assert_eq!(quartile_cutoff(&[]), None);
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
