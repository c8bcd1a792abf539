//! Dates and percentages as a person types them into a form or a command: ISO dates,
//! the book's own date order, and the relative forms people use when planning
//! (`tomorrow`, `+2w`, `fri`, `eom`). Pure: "today" is passed in, never read.

use super::Date;
use chrono::{Datelike, Days, Months, Weekday};

/// The forms every date field accepts, for error messages (the book's order, when it
/// has one, is added in front by [`accepted_forms`]).
const RELATIVE_FORMS: &str =
    "today, tomorrow, +7d, +2w, +1m, a weekday (mon…sun: the next one), or eom (end of this month)";

/// How the book writes day, month and year (`[book] date_order`): `"mdy"`, `"dmy"`,
/// or anything else for "ISO only".
fn slash_order(date_order: &str) -> Option<bool> {
    match date_order.trim() {
        "mdy" => Some(true),
        "dmy" => Some(false),
        _ => None,
    }
}

/// Every form a date field takes, in the words of an error message.
pub fn accepted_forms(date_order: &str) -> String {
    match slash_order(date_order) {
        Some(true) => format!("2026-12-31, 12/31/2026, {RELATIVE_FORMS}"),
        Some(false) => format!("2026-12-31, 31/12/2026, 31.12.2026, {RELATIVE_FORMS}"),
        None => format!("2026-12-31, {RELATIVE_FORMS}"),
    }
}

/// Reads a typed date. `date_order` is the config's `[book] date_order`: with `"mdy"`
/// `12/31/2026` is read month first, with `"dmy"` `31/12/2026` (and `31.12.2026`) day
/// first; with `""` only ISO dates and the relative forms are taken, since a slash
/// date would be a guess. Relative forms count from `today`: `+Nd` days, `+Nw` weeks,
/// `+Nm` calendar months (held at the month's end: Jan 31 + 1m is the last of
/// February), a weekday name the next such day (never today), `eom` the last day of
/// this month.
pub fn parse_date_input(text: &str, today: Date, date_order: &str) -> Result<Date, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let bad = || {
        // A slash date in a book without a date order is not wrong, only ambiguous:
        // say where the order is set.
        let hint = if slash_order(date_order).is_none() && (t.contains('/') || t.contains('.')) {
            " (for dates such as 12/31/2026 set [book] date_order = \"mdy\" or \"dmy\" in the config)"
        } else {
            ""
        };
        format!(
            "'{}' is not a date: write {}{hint}",
            super::text::inert(t),
            accepted_forms(date_order)
        )
    };
    if t.is_empty() {
        return Err(format!(
            "no date given: write {}",
            accepted_forms(date_order)
        ));
    }
    match lower.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.succ_opt().ok_or_else(bad),
        "eom" => return end_of_month(today).ok_or_else(bad),
        _ => {}
    }
    if let Some(day) = weekday(&lower) {
        // 1..=7 days ahead: the next such day, a week on when it is today.
        let ahead = (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Ok(today + Days::new(u64::from(ahead)));
    }
    if let Some(rest) = lower.strip_prefix('+') {
        return relative(rest, today).ok_or_else(bad);
    }
    if let Some(d) = iso(t)? {
        return Ok(d);
    }
    if let Some(month_first) = slash_order(date_order) {
        let sep = if t.contains('/') {
            '/'
        } else if !month_first && t.contains('.') {
            '.'
        } else {
            return Err(bad());
        };
        let parts: Vec<&str> = t.split(sep).collect();
        if let [a, b, y] = parts.as_slice()
            && digits(a, 1, 2)
            && digits(b, 1, 2)
            && digits(y, 4, 4)
        {
            let (a, b, y): (u32, u32, i32) = (num(a), num(b), y.parse().map_err(|_| bad())?);
            let (m, d) = if month_first { (a, b) } else { (b, a) };
            return Date::from_ymd_opt(y, m, d).ok_or_else(|| {
                format!("'{}' is not a day of the calendar", super::text::inert(t))
            });
        }
    }
    Err(bad())
}

/// `YYYY-MM-DD`: `Ok(None)` when the text does not have that shape, an error when it
/// has the shape of a day the calendar lacks (2026-02-30).
fn iso(t: &str) -> Result<Option<Date>, String> {
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Ok(None);
    };
    if !(digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
        return Ok(None);
    }
    let shown = super::text::inert(t);
    let y: i32 = y.parse().map_err(|_| format!("'{shown}' is not a date"))?;
    Date::from_ymd_opt(y, num(m), num(d))
        .map(Some)
        .ok_or_else(|| format!("'{shown}' is not a day of the calendar"))
}

/// `7d`, `2w`, `1m` (after the `+`): `None` for anything else or past the calendar.
fn relative(rest: &str, today: Date) -> Option<Date> {
    let unit = rest.chars().last()?;
    let n = &rest[..rest.len() - unit.len_utf8()];
    if !digits(n, 1, 4) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    match unit {
        'd' => today.checked_add_days(Days::new(u64::from(n))),
        'w' => today.checked_add_days(Days::new(u64::from(n) * 7)),
        // chrono holds the day at the end of a shorter month (Jan 31 + 1 = Feb 28/29).
        'm' => today.checked_add_months(Months::new(n)),
        _ => None,
    }
}

fn end_of_month(d: Date) -> Option<Date> {
    let first = d.with_day(1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, &str, Weekday); 7] = [
        ("mon", "monday", Weekday::Mon),
        ("tue", "tuesday", Weekday::Tue),
        ("wed", "wednesday", Weekday::Wed),
        ("thu", "thursday", Weekday::Thu),
        ("fri", "friday", Weekday::Fri),
        ("sat", "saturday", Weekday::Sat),
        ("sun", "sunday", Weekday::Sun),
    ];
    NAMES
        .iter()
        .find(|(short, long, _)| s == *short || s == *long)
        .map(|(_, _, d)| *d)
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A string already checked to be 1–2 ASCII digits.
fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// A whole percentage as typed: `70`, `70%`, ` 70 % `. Refuses fractions (use
/// [`parse_percent_bp`] where they make sense), negatives and anything over 100.
pub fn parse_percent(text: &str) -> Result<u8, String> {
    let bp = parse_percent_bp(text)?;
    if bp % 100 != 0 {
        return Err(format!(
            "'{}' is not a whole percentage: write a number from 0 to 100, like 70 or 70%",
            super::text::inert(text.trim())
        ));
    }
    Ok((bp / 100) as u8)
}

/// A percentage in basis points (7.5% = 750): `7.5`, `7,5 %`, `70%`. At most two
/// decimals; 0 to 100.
pub fn parse_percent_bp(text: &str) -> Result<u16, String> {
    let t = text.trim();
    let shown = super::text::inert(t);
    let bad =
        || format!("'{shown}' is not a percentage: write a number from 0 to 100, like 70 or 70%");
    let n = t.strip_suffix('%').unwrap_or(t).trim();
    if n.starts_with('-') {
        return Err(format!("'{shown}' is negative: a percentage is 0 to 100"));
    }
    let (int, frac) = n.split_once(['.', ',']).unwrap_or((n, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(format!("'{shown}' has more than two decimals"));
    }
    if int.len() > 3 {
        return Err(format!("'{shown}' is over 100%"));
    }
    let whole: u32 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let hundredths: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole * 100 + hundredths;
    if bp > 10_000 {
        return Err(format!("'{shown}' is over 100%"));
    }
    Ok(bp as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn p(text: &str, today: &str) -> Result<Date, String> {
        parse_date_input(text, d(today), "")
    }

    #[test]
    fn iso_dates_and_calendar_checks() {
        assert_eq!(p("2026-12-31", "2026-11-22"), Ok(d("2026-12-31")));
        assert_eq!(p("  2028-02-29 ", "2026-11-22"), Ok(d("2028-02-29")));
        let e = p("2027-02-29", "2026-11-22").unwrap_err();
        assert!(e.contains("not a day of the calendar"), "{e}");
        assert!(p("2026-13-01", "2026-11-22").is_err());
    }

    #[test]
    fn today_tomorrow_and_year_end() {
        assert_eq!(p("today", "2026-12-31"), Ok(d("2026-12-31")));
        assert_eq!(p("Tomorrow", "2026-12-31"), Ok(d("2027-01-01")));
        assert_eq!(p("tomorrow", "2028-02-28"), Ok(d("2028-02-29")));
        assert_eq!(p("+1d", "2026-12-31"), Ok(d("2027-01-01")));
    }

    #[test]
    fn days_and_weeks_ahead() {
        assert_eq!(p("+7d", "2026-11-22"), Ok(d("2026-11-29")));
        assert_eq!(p("+0d", "2026-11-22"), Ok(d("2026-11-22")));
        assert_eq!(p("+2w", "2026-12-25"), Ok(d("2027-01-08")));
        assert_eq!(p("+2W", "2028-02-20"), Ok(d("2028-03-05")));
        assert!(p("+d", "2026-11-22").is_err());
        assert!(p("+7x", "2026-11-22").is_err());
        assert!(p("+99999d", "2026-11-22").is_err(), "more than four digits");
    }

    #[test]
    fn months_ahead_hold_the_month_end() {
        assert_eq!(p("+1m", "2027-01-31"), Ok(d("2027-02-28")));
        assert_eq!(p("+1m", "2028-01-31"), Ok(d("2028-02-29")), "leap year");
        assert_eq!(p("+1m", "2028-02-29"), Ok(d("2028-03-29")));
        assert_eq!(p("+12m", "2028-02-29"), Ok(d("2029-02-28")));
        assert_eq!(p("+1m", "2026-12-15"), Ok(d("2027-01-15")));
        assert_eq!(p("+3m", "2026-11-30"), Ok(d("2027-02-28")));
    }

    #[test]
    fn weekdays_are_the_next_one_never_today() {
        // 2026-11-22 is a Sunday.
        assert_eq!(p("mon", "2026-11-22"), Ok(d("2026-11-23")));
        assert_eq!(p("Friday", "2026-11-22"), Ok(d("2026-11-27")));
        assert_eq!(
            p("sun", "2026-11-22"),
            Ok(d("2026-11-29")),
            "a week on, not today"
        );
        assert_eq!(p("sat", "2026-11-22"), Ok(d("2026-11-28")));
        // Over the year end: 2026-12-31 is a Thursday.
        assert_eq!(p("wed", "2026-12-31"), Ok(d("2027-01-06")));
        // Over a leap day: 2028-02-28 is a Monday.
        assert_eq!(p("tue", "2028-02-28"), Ok(d("2028-02-29")));
        assert!(p("mo", "2026-11-22").is_err());
    }

    #[test]
    fn end_of_month() {
        assert_eq!(p("eom", "2026-11-22"), Ok(d("2026-11-30")));
        assert_eq!(p("EOM", "2028-02-01"), Ok(d("2028-02-29")));
        assert_eq!(
            p("eom", "2027-02-28"),
            Ok(d("2027-02-28")),
            "the last day itself"
        );
        assert_eq!(p("eom", "2026-12-31"), Ok(d("2026-12-31")));
    }

    #[test]
    fn the_books_date_order() {
        let today = d("2026-11-22");
        assert_eq!(
            parse_date_input("12/31/2026", today, "mdy"),
            Ok(d("2026-12-31"))
        );
        assert_eq!(
            parse_date_input("03/04/2027", today, "mdy"),
            Ok(d("2027-03-04"))
        );
        assert_eq!(
            parse_date_input("03/04/2027", today, "dmy"),
            Ok(d("2027-04-03"))
        );
        assert_eq!(
            parse_date_input("31.12.2026", today, "dmy"),
            Ok(d("2026-12-31"))
        );
        assert_eq!(
            parse_date_input("29/02/2028", today, "dmy"),
            Ok(d("2028-02-29"))
        );
        let e = parse_date_input("31/12/2026", today, "mdy").unwrap_err();
        assert!(e.contains("not a day of the calendar"), "{e}");
        // No order configured: a slash date is a guess, so it is refused.
        let e = parse_date_input("12/31/2026", today, "").unwrap_err();
        assert!(e.contains("date_order"), "{e}");
        let forms = e
            .split_once("write ")
            .unwrap()
            .1
            .split(" (for")
            .next()
            .unwrap();
        assert!(
            forms.contains("2026-12-31") && forms.contains("+2w") && !forms.contains('/'),
            "{e}"
        );
        // Relative forms and ISO work whatever the order.
        assert_eq!(
            parse_date_input("2026-12-31", today, "dmy"),
            Ok(d("2026-12-31"))
        );
        assert_eq!(parse_date_input("+1w", today, "mdy"), Ok(d("2026-11-29")));
    }

    #[test]
    fn errors_list_the_accepted_forms() {
        let e = parse_date_input("next week", d("2026-11-22"), "dmy").unwrap_err();
        for form in [
            "'next week'",
            "2026-12-31",
            "31/12/2026",
            "tomorrow",
            "+7d",
            "+1m",
            "mon",
            "eom",
        ] {
            assert!(e.contains(form), "{form} missing from: {e}");
        }
        assert!(
            parse_date_input("  ", d("2026-11-22"), "")
                .unwrap_err()
                .starts_with("no date given")
        );
        let e = parse_date_input("2026\u{1b}[31m", d("2026-11-22"), "").unwrap_err();
        assert!(!e.contains('\u{1b}'), "typed text is shown inert: {e}");
    }

    #[test]
    fn percentages_as_typed() {
        assert_eq!(parse_percent("70"), Ok(70));
        assert_eq!(parse_percent("70%"), Ok(70));
        assert_eq!(parse_percent(" 70 % "), Ok(70));
        assert_eq!(parse_percent("0"), Ok(0));
        assert_eq!(parse_percent("100%"), Ok(100));
        assert_eq!(parse_percent("70.0"), Ok(70));
        assert!(parse_percent("101").unwrap_err().contains("over 100%"));
        assert!(parse_percent("1000").unwrap_err().contains("over 100%"));
        assert!(parse_percent("-5").unwrap_err().contains("negative"));
        assert!(parse_percent("7.5").unwrap_err().contains("whole"));
        assert!(parse_percent("").is_err());
        assert!(parse_percent("%").is_err());
        assert!(parse_percent("seventy").is_err());
    }

    #[test]
    fn percentages_in_basis_points() {
        assert_eq!(parse_percent_bp("7.5%"), Ok(750));
        assert_eq!(parse_percent_bp("7,25 %"), Ok(725));
        assert_eq!(parse_percent_bp("100"), Ok(10_000));
        assert_eq!(parse_percent_bp(".5"), Ok(50));
        assert!(parse_percent_bp("100.01").is_err());
        assert!(
            parse_percent_bp("1.234")
                .unwrap_err()
                .contains("two decimals")
        );
        assert!(parse_percent_bp("-0.5%").is_err());
    }
}
