//! Amounts as a person types them in a book with a known number style.

use super::money::{Money, NumberStyle};

impl Money {
    /// Reads an amount typed in a book whose numbers are written in `style`
    /// (`[book] number_format`, or the currency's usual one). Unlike [`Money::parse`]
    /// nothing is guessed: the style's grouping mark must group thousands (three digits
    /// after each) and its decimal mark takes one or two digits, so `1.234` in a
    /// `1.234,56` book is 1,234 and `1234.56` there is refused rather than read a
    /// hundred times too large.
    pub fn parse_in(input: &str, style: NumberStyle) -> Result<Money, String> {
        let shown = super::text::inert(input.trim());
        let t = input.trim().trim_matches(['$', '€', '£']).trim();
        let (t, neg) = match t.strip_prefix('-') {
            Some(rest) => (rest.trim_start_matches(['$', '€', '£']), true),
            None => (t, false),
        };
        let style_hint = || {
            format!(
                "'{shown}' is not an amount as this book writes them ({}: {} groups thousands, {} marks the cents)",
                style.example(),
                style.group_name(),
                style.decimal_name()
            )
        };
        let (int, frac) = match t.rfind(style.decimal()) {
            Some(i) => (&t[..i], &t[i + 1..]),
            None => (t, ""),
        };
        let groups: Vec<&str> = match style {
            NumberStyle::Space => int.split([' ', '\u{a0}', '\u{202f}']).collect(),
            _ => int.split(style.group()).collect(),
        };
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err(style_hint());
        }
        let int: String = groups.concat();
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(&int) || !digits(frac) {
            return Err(style_hint());
        }
        if frac.len() > 2 {
            return Err(format!("'{shown}' has more than two decimals"));
        }
        if int.len() > 13 {
            return Err(format!("'{shown}' is too large"));
        }
        let major: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| style_hint())?
        };
        let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| style_hint())?;
        let v = major * 100 + cents;
        Ok(Money(if neg { -v } else { v }))
    }
}

impl NumberStyle {
    /// How the style writes one thousand two hundred and thirty-four and a half.
    pub fn example(self) -> &'static str {
        match self {
            NumberStyle::Comma => "1,234.50",
            NumberStyle::Dot => "1.234,50",
            NumberStyle::Space => "1 234,50",
        }
    }

    pub(crate) fn group_name(self) -> &'static str {
        match self {
            NumberStyle::Comma => "a comma",
            NumberStyle::Dot => "a dot",
            NumberStyle::Space => "a space",
        }
    }

    pub(crate) fn decimal_name(self) -> &'static str {
        match self {
            NumberStyle::Comma => "a dot",
            _ => "a comma",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_in_the_books_style_without_guessing() {
        use NumberStyle::*;
        assert_eq!(Money::parse_in("1,234.5", Comma), Ok(Money(123_450)));
        assert_eq!(Money::parse_in("$125,000", Comma), Ok(Money(12_500_000)));
        assert_eq!(Money::parse_in("125000", Comma), Ok(Money(12_500_000)));
        assert_eq!(Money::parse_in("1.234", Dot), Ok(Money(123_400)));
        assert_eq!(
            Money::parse_in("1.234.567,89 €", Dot),
            Ok(Money(123_456_789))
        );
        assert_eq!(Money::parse_in("1 234,5", Space), Ok(Money(123_450)));
        assert_eq!(Money::parse_in("0,99", Dot), Ok(Money(99)));
        assert_eq!(Money::parse_in("-5", Comma), Ok(Money(-500)));
        // The other style's marks are refused, never read a hundred times off.
        let e = Money::parse_in("1234.56", Dot).unwrap_err();
        assert!(
            e.contains("1.234,50") && e.contains("a dot groups thousands"),
            "{e}"
        );
        assert!(Money::parse_in("12,5", Comma).is_err());
        assert!(Money::parse_in("1,23,456", Comma).is_err());
        assert!(Money::parse_in(",123", Comma).is_err());
        assert!(
            Money::parse_in("1.234", Comma)
                .unwrap_err()
                .contains("two decimals")
        );
        assert!(Money::parse_in("", Comma).is_err());
        assert!(Money::parse_in("ten", Comma).is_err());
    }
}
