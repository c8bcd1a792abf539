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

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(""))
    }
}

/// Integer division rounding half away from zero.
pub fn div_round(n: i128, d: i128) -> i64 {
    let q = n / d;
    let r = n % d;
    let adj = if (r.abs() * 2) >= d.abs() {
        n.signum() * d.signum()
    } else {
        0
    };
    (q + adj) as i64
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
