//! Money as an integer count of minor units (cents). Never a float.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in minor units (1/100 of the book's currency).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_major(major: i64) -> Money {
        Money(major * 100)
    }

    pub const fn minor(self) -> i64 {
        self.0
    }

    /// Major units as a JSON-friendly number (for output only, never for arithmetic).
    pub fn major_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self × basis_points / 10_000`, rounded half away from zero to the cent.
    pub fn scale_bp(self, basis_points: i64) -> Money {
        Money(div_round(self.0 as i128 * basis_points as i128, 10_000))
    }

    /// `self × percent / 100` for a whole percent, rounded to the cent.
    pub fn scale_pct(self, percent: i64) -> Money {
        self.scale_bp(percent * 100)
    }

    /// Full amount with thousands separators: `$125,000` or `$125,000.50`.
    pub fn format(self, currency: &str) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (major, cents) = (abs / 100, abs % 100);
        let mut s = group_thousands(major);
        if cents != 0 {
            s.push_str(&format!(".{cents:02}"));
        }
        with_symbol(&s, currency, neg)
    }

    /// Short form for narrow columns: `$950`, `$12.5K`, `$1.2M`.
    pub fn compact(self, currency: &str) -> String {
        let neg = self.0 < 0;
        let major = self.0.unsigned_abs() / 100;
        let s = if major >= 1_000_000 {
            trim_decimal(major as f64 / 1_000_000.0, "M")
        } else if major >= 1_000 {
            trim_decimal(major as f64 / 1_000.0, "K")
        } else {
            major.to_string()
        };
        with_symbol(&s, currency, neg)
    }

    /// Reads an amount as a person types it: `12,500`, `12500.00`, `12 500`.
    /// Commas are thousands separators; at most two decimals.
    pub fn parse(input: &str) -> Result<Money, String> {
        let t: String = input
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ' && *c != '_')
            .collect();
        let t = t.trim_start_matches(['$', '€', '£']);
        if t.is_empty() {
            return Err(format!("'{input}' is not an amount"));
        }
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty() && frac.is_empty()
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!("'{input}' is not an amount"));
        }
        if frac.len() > 2 {
            return Err(format!("'{input}' has more than two decimals"));
        }
        if int.len() > 13 {
            return Err(format!("'{input}' is too large"));
        }
        let major: i64 = if int.is_empty() {
            0
        } else {
            int.parse()
                .map_err(|_| format!("'{input}' is not an amount"))?
        };
        let cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse().unwrap_or(0),
        };
        let v = major * 100 + cents;
        Ok(Money(if neg { -v } else { v }))
    }
}

/// The largest amount Runway works with, in minor units: just under 10^12 in major
/// units, the line above which the importer calls an amount absurd. Arithmetic past
/// it is refused with an error (`checked_*`) or held at it (`saturating`), never
/// wrapped.
pub const MAX_MINOR: i64 = 100_000_000_000_000 - 1;

/// An i128 intermediate as Money, if it is within ±[`MAX_MINOR`].
pub fn within_limit(v: i128) -> Option<Money> {
    (v.abs() <= MAX_MINOR as i128).then_some(Money(v as i64))
}

/// An i128 intermediate held within ±[`MAX_MINOR`].
pub fn saturating(v: i128) -> Money {
    Money(v.clamp(-(MAX_MINOR as i128), MAX_MINOR as i128) as i64)
}

impl Money {
    /// `self + o`, or `None` past [`MAX_MINOR`].
    pub fn checked_add(self, o: Money) -> Option<Money> {
        within_limit(self.0 as i128 + o.0 as i128)
    }

    /// `self × n` (a price times a count of seats), or `None` past [`MAX_MINOR`].
    pub fn checked_times(self, n: i64) -> Option<Money> {
        within_limit(self.0 as i128 * n as i128)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        // Held at the limit rather than wrapped (or panicking in a debug build).
        saturating(self.0 as i128 + o.0 as i128)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        saturating(self.0 as i128 - o.0 as i128)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        saturating(iter.map(|m| m.0 as i128).sum())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(""))
    }
}

/// Integer division rounding half away from zero, held within the money range.
pub fn div_round(n: i128, d: i128) -> i64 {
    saturating(div_round_wide(n, d)).0
}

/// Integer division rounding half away from zero, in i128.
pub fn div_round_wide(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    let adj = if (r.abs() * 2) >= d.abs() {
        n.signum() * d.signum()
    } else {
        0
    };
    q + adj
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn trim_decimal(v: f64, suffix: &str) -> String {
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    format!("{s}{suffix}")
}

fn with_symbol(amount: &str, currency: &str, neg: bool) -> String {
    let sign = if neg { "-" } else { "" };
    match currency {
        "USD" | "" => format!("{sign}${amount}"),
        "EUR" => format!("{sign}€{amount}"),
        "GBP" => format!("{sign}£{amount}"),
        code => format!("{sign}{code} {amount}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn arithmetic_is_checked_or_held_never_wrapped() {
        let price = Money::from_major(999_999_999_999);
        assert_eq!(price.checked_times(1_000_000), None);
        assert_eq!(price.checked_times(1), Some(price));
        assert_eq!(Money(MAX_MINOR).checked_add(Money(1)), None);
        assert_eq!(Money(MAX_MINOR) + Money(1), Money(MAX_MINOR));
        assert_eq!(Money(i64::MAX) + Money(i64::MAX), Money(MAX_MINOR));
        assert_eq!(
            [Money(i64::MAX), Money(i64::MAX)]
                .into_iter()
                .sum::<Money>(),
            Money(MAX_MINOR)
        );
        assert_eq!(div_round(i128::from(i64::MAX) * 4, 1), MAX_MINOR);
    }

    use super::*;

    #[test]
    fn formats_with_grouping_and_cents() {
        assert_eq!(Money::from_major(125_000).format("USD"), "$125,000");
        assert_eq!(Money(12_500_050).format("USD"), "$125,000.50");
        assert_eq!(Money(99).format("EUR"), "€0.99");
        assert_eq!(Money::from_major(-1_000).format("CHF"), "-CHF 1,000");
        assert_eq!(Money::from_major(999).compact("USD"), "$999");
        assert_eq!(Money::from_major(12_500).compact("USD"), "$12.5K");
        assert_eq!(Money::from_major(100_000).compact("USD"), "$100K");
        assert_eq!(Money::from_major(1_250_000).compact("USD"), "$1.2M");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("12,500"), Ok(Money(1_250_000)));
        assert_eq!(Money::parse("12500.00"), Ok(Money(1_250_000)));
        assert_eq!(Money::parse("$12,500.5"), Ok(Money(1_250_050)));
        assert_eq!(Money::parse(".25"), Ok(Money(25)));
        assert!(Money::parse("12.345").is_err());
        assert!(Money::parse("abc").is_err());
        assert!(Money::parse("").is_err());
        assert!(Money::parse(".").is_err());
    }

    #[test]
    fn scaling_rounds_half_away_from_zero() {
        assert_eq!(Money(1).scale_bp(5_000), Money(1)); // 0.5 cent rounds up
        assert_eq!(Money(-1).scale_bp(5_000), Money(-1));
        assert_eq!(Money(3).scale_bp(3_333), Money(1));
        assert_eq!(
            Money::from_major(15_000).scale_pct(10),
            Money::from_major(1_500)
        );
    }
}
