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

    /// Full amount with thousands separators in the currency's style: `$125,000`,
    /// `$125,000.50`, or with a [`Cur`] for the book's style, `125.000,50 €`.
    /// A bare code (`"EUR"`) keeps the `1,234.56` style with the symbol first.
    pub fn format<C: AsCur + ?Sized>(self, currency: &C) -> String {
        let (code, style) = currency.code_and_style();
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (major, cents) = (abs / 100, abs % 100);
        let mut s = group_thousands(major, style.group());
        if cents != 0 {
            s.push(style.decimal());
            s.push_str(&format!("{cents:02}"));
        }
        with_symbol(&s, code, neg, style)
    }

    /// Short form for narrow columns: `$950`, `$12.5K`, `$1.2M` (`12,5K €`).
    pub fn compact<C: AsCur + ?Sized>(self, currency: &C) -> String {
        let (code, style) = currency.code_and_style();
        let neg = self.0 < 0;
        let major = self.0.unsigned_abs() / 100;
        // A whole book's ARR reaches billions: "$8.4B", not "$8424.9M".
        let s = if major >= 1_000_000_000 {
            trim_decimal(major as f64 / 1_000_000_000.0, "B")
        } else if major >= 1_000_000 {
            trim_decimal(major as f64 / 1_000_000.0, "M")
        } else if major >= 1_000 {
            trim_decimal(major as f64 / 1_000.0, "K")
        } else {
            major.to_string()
        };
        let s = if style.decimal() == ',' {
            s.replace('.', ",")
        } else {
            s
        };
        with_symbol(&s, code, neg, style)
    }

    /// Reads an amount as a person types it: `12,500`, `12500.00`, `12 500`, and in
    /// the continental styles `125.000,50` or `125 000,50 €`. A comma followed by one
    /// or two final digits is the decimal mark (then dots group thousands); otherwise
    /// commas group thousands. At most two decimals.
    pub fn parse(input: &str) -> Result<Money, String> {
        let trimmed = input.trim().trim_end_matches(['€', '$', '£']).trim_end();
        let decimal_comma = trimmed
            .rfind(',')
            .is_some_and(|i| (2..=3).contains(&(trimmed.len() - i)) && !trimmed[i..].contains('.'));
        // Several dots can only be grouping (`1.250.000`).
        let dot_groups = decimal_comma || trimmed.matches('.').count() > 1;
        let t: String = trimmed
            .chars()
            .filter(|c| match c {
                ' ' | '_' | '\u{a0}' | '\u{202f}' => false,
                '.' => !dot_groups,
                ',' => decimal_comma,
                _ => true,
            })
            .map(|c| if c == ',' { '.' } else { c })
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

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
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

fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
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

fn symbol(code: &str) -> Option<&'static str> {
    match code {
        "USD" | "" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        _ => None,
    }
}

/// The `1,234.56` style puts the symbol first (`€1,234.56`); the continental styles
/// put it after the number (`1.234,56 €`, `1 234,56 €`).
fn with_symbol(amount: &str, code: &str, neg: bool, style: NumberStyle) -> String {
    let sign = if neg { "-" } else { "" };
    match (style, symbol(code)) {
        (NumberStyle::Comma, Some(sym)) => format!("{sign}{sym}{amount}"),
        (NumberStyle::Comma, None) => format!("{sign}{code} {amount}"),
        (_, Some(sym)) => format!("{sign}{amount} {sym}"),
        (_, None) => format!("{sign}{amount} {code}"),
    }
}

/// How a book writes numbers: `[book] number_format` in the config.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// `1,234.56`, symbol first.
    #[default]
    Comma,
    /// `1.234,56`, symbol after.
    Dot,
    /// `1 234,56`, symbol after.
    Space,
}

impl NumberStyle {
    /// The config's spellings; empty means "from the currency".
    pub fn parse(s: &str) -> Result<Option<NumberStyle>, String> {
        match s.trim() {
            "" => Ok(None),
            "1,234.56" => Ok(Some(NumberStyle::Comma)),
            "1.234,56" => Ok(Some(NumberStyle::Dot)),
            "1 234,56" => Ok(Some(NumberStyle::Space)),
            other => Err(format!(
                "'{other}' is not a number format: use \"1,234.56\", \"1.234,56\" or \"1 234,56\" (or \"\" for the currency's usual one)"
            )),
        }
    }

    /// The usual style for a currency when the config does not say.
    pub fn for_currency(code: &str) -> NumberStyle {
        match code {
            "EUR" => NumberStyle::Dot,
            _ => NumberStyle::Comma,
        }
    }

    pub(crate) fn group(self) -> char {
        match self {
            NumberStyle::Comma => ',',
            NumberStyle::Dot => '.',
            NumberStyle::Space => ' ',
        }
    }

    pub(crate) fn decimal(self) -> char {
        match self {
            NumberStyle::Comma => '.',
            _ => ',',
        }
    }
}

/// A currency as shown: its ISO code and the number style to write it in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cur {
    pub code: String,
    pub style: NumberStyle,
}

impl Cur {
    /// `configured` is the book's `number_format` (`None`: the currency's usual style).
    pub fn new(code: &str, configured: Option<NumberStyle>) -> Cur {
        Cur {
            code: code.to_string(),
            style: configured.unwrap_or_else(|| NumberStyle::for_currency(code)),
        }
    }
}

impl fmt::Display for Cur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// What `Money::format` takes: a bare ISO code (the `1,234.56` style) or a [`Cur`].
pub trait AsCur {
    fn code_and_style(&self) -> (&str, NumberStyle);
}

impl AsCur for str {
    fn code_and_style(&self) -> (&str, NumberStyle) {
        (self, NumberStyle::Comma)
    }
}

impl AsCur for String {
    fn code_and_style(&self) -> (&str, NumberStyle) {
        (self, NumberStyle::Comma)
    }
}

impl AsCur for std::sync::Arc<str> {
    fn code_and_style(&self) -> (&str, NumberStyle) {
        (self, NumberStyle::Comma)
    }
}

impl AsCur for Cur {
    fn code_and_style(&self) -> (&str, NumberStyle) {
        (&self.code, self.style)
    }
}

/// Amounts summed per currency, never across: a book in EUR and GBP has two totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals(pub Vec<(String, Money)>);

impl Totals {
    pub fn add(&mut self, currency: &str, m: Money) {
        match self.0.iter_mut().find(|(c, _)| c == currency) {
            Some((_, t)) => *t += m,
            None => self.0.push((currency.to_string(), m)),
        }
    }

    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|(_, m)| m.0 == 0)
    }

    /// `125K € + £50K`: one figure per currency, in the order they were met.
    /// The total in `book` currency at `rates` (one unit of a currency = rate × book
    /// currency), when there is more than one currency and every one has a rate.
    /// Rates are applied in millionths, rounded half away from zero to the cent.
    pub fn converted(
        &self,
        book: &str,
        rates: &std::collections::BTreeMap<String, f64>,
    ) -> Option<Money> {
        if self.0.len() < 2 {
            return None;
        }
        let mut total = 0i64;
        for (code, m) in &self.0 {
            let ppm: i128 = if code == book {
                1_000_000
            } else {
                (rates.get(code)? * 1_000_000.0).round() as i128
            };
            total += div_round(m.0 as i128 * ppm, 1_000_000);
        }
        Some(Money(total))
    }

    /// `empty_code` names the currency of the zero shown when there is nothing.
    pub fn compact(&self, style: Option<NumberStyle>, empty_code: &str) -> String {
        if self.0.is_empty() {
            return Money::ZERO.compact(&Cur::new(empty_code, style));
        }
        self.0
            .iter()
            .map(|(c, m)| m.compact(&Cur::new(c, style)))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn compact_goes_to_billions() {
        let usd = Cur::new("USD", None);
        assert_eq!(Money::from_major(8_424_900_000).compact(&usd), "$8.4B");
        assert_eq!(Money::from_major(999_900_000).compact(&usd), "$999.9M");
        assert_eq!(Money::from_major(-2_000_000_000).compact(&usd), "-$2B");
    }
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
    fn formats_in_the_books_style() {
        let eur = Cur::new("EUR", None);
        assert_eq!(Money(12_500_050).format(&eur), "125.000,50 €");
        assert_eq!(Money::from_major(125_000).compact(&eur), "125K €");
        assert_eq!(Money::from_major(12_500).compact(&eur), "12,5K €");
        let space = Cur::new("EUR", Some(NumberStyle::Space));
        assert_eq!(Money(12_345_678).format(&space), "123 456,78 €");
        let gbp = Cur::new("GBP", None);
        assert_eq!(Money(12_345_678).format(&gbp), "£123,456.78");
        let eur_comma = Cur::new("EUR", Some(NumberStyle::Comma));
        assert_eq!(Money(12_345_678).format(&eur_comma), "€123,456.78");
        let chf = Cur::new("CHF", Some(NumberStyle::Dot));
        assert_eq!(Money::from_major(-1_000).format(&chf), "-1.000 CHF");
        assert_eq!(NumberStyle::parse("1.234,56"), Ok(Some(NumberStyle::Dot)));
        assert_eq!(NumberStyle::parse(""), Ok(None));
        assert!(NumberStyle::parse("1'234.56").is_err());
    }

    #[test]
    fn totals_never_add_currencies() {
        let mut t = Totals::default();
        t.add("EUR", Money::from_major(100_000));
        t.add("GBP", Money::from_major(50_000));
        t.add("EUR", Money::from_major(25_000));
        assert_eq!(
            t.0,
            vec![
                ("EUR".to_string(), Money::from_major(125_000)),
                ("GBP".to_string(), Money::from_major(50_000))
            ]
        );
        assert_eq!(t.compact(None, "USD"), "125K € + £50K");
        assert_eq!(Totals::default().compact(None, "EUR"), "0 €");
        let mut rates = std::collections::BTreeMap::new();
        assert_eq!(
            t.converted("EUR", &rates),
            None,
            "no rate for GBP: no total"
        );
        rates.insert("GBP".to_string(), 1.17);
        assert_eq!(t.converted("EUR", &rates), Some(Money::from_major(183_500)));
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("12,500"), Ok(Money(1_250_000)));
        assert_eq!(Money::parse("12500.00"), Ok(Money(1_250_000)));
        assert_eq!(Money::parse("$12,500.5"), Ok(Money(1_250_050)));
        assert_eq!(Money::parse(".25"), Ok(Money(25)));
        assert_eq!(Money::parse("125.000,50"), Ok(Money(12_500_050)));
        assert_eq!(Money::parse("125 000,50 €"), Ok(Money(12_500_050)));
        assert_eq!(Money::parse("€1.250.000"), Ok(Money(125_000_000)));
        assert_eq!(Money::parse("12,5"), Ok(Money(1_250)));
        assert_eq!(Money::parse("1,234,567.5"), Ok(Money(123_456_750)));
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
