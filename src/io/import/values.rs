//! Cell values as CRMs and spreadsheets write them: dates, money, scores, and the
//! enum spellings of Salesforce, HubSpot and Gainsight. Pure functions; an error is
//! the "what is wrong" part of a report line, without the row or the value.

use crate::domain::Date;
use crate::domain::renewal::{OpportunityType, Stage, TouchModel};
use crate::domain::risk::{ReadingKind, SignalKind};
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};

/// How to read a slash date whose first two parts are both 12 or less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    Mdy,
    Dmy,
}

impl DateOrder {
    /// `"mdy"` / `"dmy"` (the config's and the flag's spelling); anything else is `None`.
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s {
            "mdy" => Some(DateOrder::Mdy),
            "dmy" => Some(DateOrder::Dmy),
            _ => None,
        }
    }
}

/// What one slash date says about its column's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashHint {
    /// First part above 12: only day-first reads it.
    DayFirst,
    /// Second part above 12: only month-first reads it.
    MonthFirst,
    /// Both parts 12 or less and different: the order decides which date it is.
    Ambiguous,
    /// Both parts equal, or neither order makes a date: the order does not matter.
    Indifferent,
}

/// `a/b/yyyy` split into its numbers, if the cell has that shape.
fn slash_parts(s: &str) -> Option<(u32, u32, &str)> {
    let mut it = s.split('/');
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || !is_digits(a, 1, 2) || !is_digits(b, 1, 2) || !is_digits(y, 1, 4) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y))
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The order evidence in a cell, or `None` when it is not a slash date.
pub fn slash_hint(cell: &str) -> Option<SlashHint> {
    let (a, b, _) = slash_parts(cell.trim())?;
    Some(match (a > 12, b > 12) {
        (true, false) => SlashHint::DayFirst,
        (false, true) => SlashHint::MonthFirst,
        (false, false) if a != b => SlashHint::Ambiguous,
        _ => SlashHint::Indifferent,
    })
}

const NOT_A_DATE: &str = "not a date (write 2026-11-15, 11/15/2026, 15/11/2026 or 15.11.2026)";

/// A date cell: ISO (a time after it is ignored), slash dates in `order`, dotted dates
/// day-first. `order` is only needed for an ambiguous slash date.
pub fn parse_date(cell: &str, order: Option<DateOrder>) -> Result<Date, String> {
    let s = cell.trim();
    let ymd = |y: &str, m: u32, d: u32| -> Result<Date, String> {
        if y.len() != 4 {
            return Err("the year must have four digits".into());
        }
        let y: i32 = y.parse().map_err(|_| NOT_A_DATE.to_string())?;
        Date::from_ymd_opt(y, m, d).ok_or_else(|| "no such date".to_string())
    };
    // ISO, maybe with a time after it (HubSpot writes "2026-11-15 10:23").
    let head = s.get(..10).unwrap_or(s);
    let rest = s.get(10..).unwrap_or("");
    if head.len() == 10
        && head.is_ascii()
        && head.as_bytes()[4] == b'-'
        && head.as_bytes()[7] == b'-'
        && (rest.is_empty() || rest.starts_with([' ', 'T']))
    {
        let (y, m, d) = (&head[..4], &head[5..7], &head[8..10]);
        if is_digits(y, 4, 4) && is_digits(m, 2, 2) && is_digits(d, 2, 2) {
            return ymd(y, m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        }
    }
    if let Some((a, b, y)) = slash_parts(s) {
        let order = match (a > 12, b > 12) {
            (true, _) => DateOrder::Dmy,
            (false, true) => DateOrder::Mdy,
            _ if a == b => DateOrder::Mdy,
            _ => order.ok_or_else(|| {
                "could be month-first or day-first; give --date-order".to_string()
            })?,
        };
        return match order {
            DateOrder::Mdy => ymd(y, a, b),
            DateOrder::Dmy => ymd(y, b, a),
        };
    }
    let dots: Vec<&str> = s.split('.').collect();
    if let [d, m, y] = dots.as_slice()
        && is_digits(d, 1, 2)
        && is_digits(m, 1, 2)
        && is_digits(y, 1, 4)
    {
        return ymd(y, m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(
            "a spreadsheet serial number, not a date (format the column as a date before exporting)"
                .into(),
        );
    }
    Err(NOT_A_DATE.into())
}

/// The currency an amount was written in, when it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurrencyMark {
    /// An ISO code (`USD 125,000`, `125.000,50 EUR`) or an unambiguous symbol (€, £).
    Code(String),
    /// `$`: US dollars unless the row's currency is another dollar.
    Dollar,
}

const DOLLARS: &[&str] = &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"];

impl CurrencyMark {
    /// Whether a row whose currency column says `code` can hold this amount.
    pub fn fits(&self, code: &str) -> bool {
        match self {
            CurrencyMark::Code(c) => c == code,
            CurrencyMark::Dollar => DOLLARS.contains(&code),
        }
    }

    /// The currency when the row does not say.
    pub fn code(&self) -> &str {
        match self {
            CurrencyMark::Code(c) => c,
            CurrencyMark::Dollar => "USD",
        }
    }
}

/// Amounts of a trillion or more are a unit mix-up (cents, or a company's market value).
pub const ABSURD_MAJOR: i64 = 1_000_000_000_000;

/// An amount in minor units, and the currency its symbol or code names. Grouping may
/// be `,` `.` space or `'`; the decimal separator is the last `,` or `.` when it has
/// one or two digits after it.
pub fn parse_money(cell: &str) -> Result<(i64, Option<CurrencyMark>), String> {
    const BAD: &str = "not an amount";
    let mut t = cell.trim();
    let mut neg = false;
    let mut mark: Option<CurrencyMark> = None;
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        neg = true;
        t = inner.trim();
    }
    let mut set = |m: CurrencyMark| -> Result<(), String> {
        match &mark {
            Some(old) if *old != m => Err(format!(
                "names two currencies ({} and {})",
                old.code(),
                m.code()
            )),
            _ => {
                mark = Some(m);
                Ok(())
            }
        }
    };
    // Peel signs, symbols and codes off both ends.
    loop {
        let before = t.len();
        t = t.trim_matches(|c: char| c.is_whitespace());
        for (sym, m) in [('$', None), ('€', Some("EUR")), ('£', Some("GBP"))] {
            let m = || match m {
                Some(c) => CurrencyMark::Code(c.to_string()),
                None => CurrencyMark::Dollar,
            };
            if let Some(r) = t.strip_prefix(sym) {
                set(m())?;
                t = r;
            }
            if let Some(r) = t.strip_suffix(sym) {
                set(m())?;
                t = r;
            }
        }
        for minus in ['-', '\u{2212}'] {
            if let Some(r) = t.strip_prefix(minus) {
                neg = true;
                t = r;
            }
            if let Some(r) = t.strip_suffix(minus) {
                neg = true;
                t = r;
            }
        }
        let b = t.as_bytes();
        if b.len() >= 3 && b[..3].iter().all(u8::is_ascii_alphabetic) {
            if b.len() == 3 || !b[3].is_ascii_alphabetic() {
                set(CurrencyMark::Code(t[..3].to_ascii_uppercase()))?;
                t = &t[3..];
            } else {
                return Err(BAD.into());
            }
        }
        let b = t.as_bytes();
        let n = b.len();
        if n >= 3 && b[n - 3..].iter().all(u8::is_ascii_alphabetic) {
            if n == 3 || !b[n - 4].is_ascii_alphabetic() {
                set(CurrencyMark::Code(t[n - 3..].to_ascii_uppercase()))?;
                t = &t[..n - 3];
            } else {
                return Err(BAD.into());
            }
        }
        if t.len() == before {
            break;
        }
    }
    if neg {
        return Err("negative amount".into());
    }
    // Spaces (also no-break and thin), apostrophes and underscores only ever group.
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_'))
        .collect();
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Err(BAD.into());
    }
    let (int, frac) = split_decimal(&digits).ok_or_else(|| BAD.to_string())?;
    if frac.len() > 2 {
        return Err("more than two decimals".into());
    }
    if int.is_empty() && frac.is_empty() {
        return Err(BAD.into());
    }
    let int = int.trim_start_matches('0');
    if int.len() > 13 {
        return Err("absurd amount (a trillion or more)".into());
    }
    let major: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| BAD.to_string())?
    };
    if major >= ABSURD_MAJOR {
        return Err("absurd amount (a trillion or more)".into());
    }
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse().unwrap_or(0),
    };
    Ok((major * 100 + cents, mark))
}

/// Splits `1,234,567.89` / `1.234.567,89` / `125000` into integer digits and
/// decimals, checking that grouped digits come in threes.
fn split_decimal(s: &str) -> Option<(String, &str)> {
    let last_sep = s.rfind([',', '.']);
    let (int_part, frac) = match last_sep {
        None => (s, ""),
        Some(i) => {
            let sep = s.as_bytes()[i];
            let after = &s[i + 1..];
            let other = if sep == b',' { '.' } else { ',' };
            let seps_of_kind = s.bytes().filter(|b| *b == sep).count();
            // A lone separator followed by one or two digits, or the last of two kinds,
            // is the decimal point; otherwise every separator groups thousands.
            let decimal = (s.contains(other) || seps_of_kind == 1) && after.len() != 3;
            if decimal { (&s[..i], after) } else { (s, "") }
        }
    };
    let groups: Vec<&str> = int_part.split([',', '.']).collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len()) && !groups[0].starts_with('0');
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        // Grouping uses one separator throughout.
        let kinds = int_part.contains(',') as u8 + int_part.contains('.') as u8;
        if kinds > 1 {
            return None;
        }
    }
    Some((groups.concat(), frac))
}

/// A plain number (`72`, `72.5`, `4,5`, `45%`).
pub fn parse_number(cell: &str) -> Result<f64, String> {
    let t = cell.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let t = if !t.contains('.') && t.matches(',').count() == 1 {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && !t.contains(['e', 'E', 'i', 'n', 'N', 'I']) => Ok(v),
        _ => Err("not a number".into()),
    }
}

/// A health score: a number from 0 to 100, rounded to a whole point.
pub fn parse_score(cell: &str) -> Result<u8, String> {
    let v = parse_number(cell).map_err(|_| "not a score (0–100)".to_string())?;
    if !(0.0..=100.0).contains(&v) {
        return Err("a score must be 0–100".into());
    }
    Ok(v.round() as u8)
}

/// Lower-case letters and digits only, so `Closed Won`, `closed_won` and
/// `Closed-Won` compare equal.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Matches a cell against an enum's stored names and labels, then CRM spellings.
fn lookup<T: Copy>(
    cell: &str,
    all: &[T],
    names: impl Fn(T) -> [&'static str; 2],
    extra: &[(&str, T)],
) -> Option<T> {
    // The stored name as written (every file runway exports, and most CRMs' own
    // value lists): found without building the squashed key, once per cell of a
    // million-row import.
    if let Some(v) = all.iter().copied().find(|v| names(*v)[0] == cell) {
        return Some(v);
    }
    let key = squash(cell);
    let same = |n: &str| {
        n.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .eq(key.chars())
    };
    all.iter()
        .copied()
        .find(|v| names(*v).iter().any(|n| same(n)))
        .or_else(|| extra.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
}

fn listing(names: impl Iterator<Item = &'static str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

macro_rules! enum_reader {
    ($(#[$m:meta])* $fn:ident, $ty:ty, $what:literal, [$($k:literal => $v:expr),* $(,)?]) => {
        $(#[$m])*
        pub fn $fn(cell: &str) -> Result<$ty, String> {
            lookup(cell, <$ty>::ALL, |v| [v.as_str(), v.label()], &[$(($k, $v)),*]).ok_or_else(|| {
                format!(concat!("unknown ", $what, " (expected one of {})"), listing(<$ty>::ALL.iter().map(|v| v.as_str())))
            })
        }
    };
}

enum_reader!(
    /// Salesforce opportunity stages and HubSpot deal stages included.
    parse_stage, Stage, "stage", [
    "new" => Stage::NotStarted, "open" => Stage::NotStarted,
    "prospecting" => Stage::Prep, "qualification" => Stage::Prep, "qualify" => Stage::Prep,
    "appointmentscheduled" => Stage::Prep, "qualifiedtobuy" => Stage::Prep,
    "needsanalysis" => Stage::Engaged, "valueproposition" => Stage::Engaged,
    "iddecisionmakers" => Stage::Engaged, "perceptionanalysis" => Stage::Engaged,
    "presentationscheduled" => Stage::Engaged, "discovery" => Stage::Engaged,
    "proposalpricequote" => Stage::Proposal, "proposalsent" => Stage::Proposal, "quote" => Stage::Proposal,
    "negotiation" => Stage::Negotiating, "negotiationreview" => Stage::Negotiating,
    "verbalcommit" => Stage::Verbal, "commit" => Stage::Verbal, "decisionmakerboughtin" => Stage::Verbal,
    "contractout" => Stage::ContractSent,
    "closedwon" => Stage::Won, "renewed" => Stage::Won,
    "closedlost" => Stage::Churned, "lost" => Stage::Churned, "churn" => Stage::Churned,
    "closeddowngraded" => Stage::Downgraded, "downgrade" => Stage::Downgraded, "contracted" => Stage::Downgraded,
]);

enum_reader!(
    /// Salesforce contact roles map onto the six buying roles.
    parse_role, Role, "role", [
    "businessuser" => Role::User, "enduser" => Role::User, "evaluator" => Role::User, "influencer" => Role::User,
    "economicdecisionmaker" => Role::EconomicBuyer,
    "executivesponsor" => Role::DecisionMaker,
    "legal" => Role::LegalProcurement, "procurement" => Role::LegalProcurement,
    "legalandprocurement" => Role::LegalProcurement,
]);

/// A role cell: Salesforce's "Other" is no role rather than an error.
pub fn parse_role_cell(cell: &str) -> Result<Option<Role>, String> {
    if squash(cell) == "other" {
        return Ok(None);
    }
    parse_role(cell).map(Some)
}

enum_reader!(parse_sentiment, Sentiment, "sentiment", [
    "positive" => Sentiment::Supporter, "promoter" => Sentiment::Supporter, "advocate" => Sentiment::Supporter,
    "passive" => Sentiment::Neutral, "unknown" => Sentiment::Neutral,
    "negative" => Sentiment::Detractor,
]);

enum_reader!(parse_status, ContactStatus, "status", [
    "current" => ContactStatus::Active,
    "departed" => ContactStatus::Left, "inactive" => ContactStatus::Left, "nolongeratcompany" => ContactStatus::Left,
    "rolechanged" => ContactStatus::ChangedRole, "newrole" => ContactStatus::ChangedRole,
]);

enum_reader!(parse_thread, Thread, "relationship owner", [
    "customersuccess" => Thread::Csm, "customersuccessmanager" => Thread::Csm,
    "exec" => Thread::Executive, "executivesponsor" => Thread::Executive,
    "tech" => Thread::Technical, "solutionsengineer" => Thread::Technical, "se" => Thread::Technical,
    "sales" => Thread::SalesLeader, "accountexecutive" => Thread::SalesLeader, "ae" => Thread::SalesLeader,
]);

enum_reader!(parse_opportunity_type, OpportunityType, "opportunity type", [
    "renewal" => OpportunityType::Flat, "existingcustomerreplacement" => OpportunityType::Flat,
    "upsell" => OpportunityType::Expansion, "upgrade" => OpportunityType::Expansion,
    "existingcustomerupgrade" => OpportunityType::Expansion, "crosssell" => OpportunityType::Expansion,
    "risk" => OpportunityType::AtRisk, "existingcustomerdowngrade" => OpportunityType::AtRisk,
    "earlyrenewal" => OpportunityType::Early,
]);

enum_reader!(parse_touch_model, TouchModel, "touch model", [
    "techtouch" => TouchModel::Auto, "lowtouch" => TouchModel::Auto, "digital" => TouchModel::Auto,
    "scaled" => TouchModel::Auto, "notouch" => TouchModel::Auto,
    "midtouch" => TouchModel::Assisted, "mediumtouch" => TouchModel::Assisted,
    "hightouch" => TouchModel::Negotiated,
]);

enum_reader!(parse_segment, Segment, "segment", [
    "ent" => Segment::Enterprise, "largeenterprise" => Segment::Enterprise,
    "mm" => Segment::MidMarket, "mid" => Segment::MidMarket, "midmarket" => Segment::MidMarket,
    "smallbusiness" => Segment::Smb, "smallandmediumbusiness" => Segment::Smb, "small" => Segment::Smb,
]);

/// What a row of signals.csv holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalRowKind {
    Health,
    Reading(ReadingKind),
    Risk(SignalKind),
}

pub fn parse_signal_kind(cell: &str) -> Result<SignalRowKind, String> {
    let key = squash(cell);
    if key == "healthscore" || key == "health" {
        return Ok(SignalRowKind::Health);
    }
    if let Some(k) = lookup(cell, ReadingKind::ALL, |v| [v.as_str(), v.label()], &[]) {
        return Ok(SignalRowKind::Reading(k));
    }
    lookup(cell, SignalKind::ALL, |v| [v.as_str(), v.label()], &[])
        .map(SignalRowKind::Risk)
        .ok_or_else(|| {
            "unknown kind (expected health_score, nps, csat, usage, engagement, negative_feedback, competitive, budget, stakeholder_change, business_change, health_drop, usage_decline or engagement_drop)".into()
        })
}

/// A cell exported with a leading `'` to defuse a spreadsheet formula, read back
/// without it (data-formats.md, Export), so an export re-imports to the same book.
pub fn undefuse(cell: &str) -> &str {
    match cell.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t', ..] => &cell[1..],
        _ => cell,
    }
}

/// A 3-letter currency code cell, upper-cased.
pub fn parse_currency(cell: &str) -> Result<String, String> {
    let t = cell.trim();
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(t.to_ascii_uppercase())
    } else {
        Err("not a currency code (three letters, such as USD)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// `lookup` finds a stored name as written without squashing it: that shortcut
    /// must give what the squashed comparison gives (upper case takes the long way).
    #[test]
    fn stored_names_read_the_same_by_the_shortcut_and_the_long_way() {
        fn same<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: impl Fn(T) -> &'static str,
            parse: impl Fn(&str) -> Result<T, String>,
        ) {
            for &v in all {
                assert_eq!(parse(name(v)), Ok(v));
                assert_eq!(parse(&name(v).to_uppercase()), Ok(v), "{}", name(v));
            }
        }
        same(Stage::ALL, Stage::as_str, parse_stage);
        same(Role::ALL, Role::as_str, parse_role);
        same(Sentiment::ALL, Sentiment::as_str, parse_sentiment);
        same(ContactStatus::ALL, ContactStatus::as_str, parse_status);
        same(Thread::ALL, Thread::as_str, parse_thread);
        same(
            OpportunityType::ALL,
            OpportunityType::as_str,
            parse_opportunity_type,
        );
        same(TouchModel::ALL, TouchModel::as_str, parse_touch_model);
        same(Segment::ALL, Segment::as_str, parse_segment);
    }

    #[test]
    fn dates_iso_slash_dotted() {
        assert_eq!(parse_date("2026-11-15", None), Ok(d("2026-11-15")));
        assert_eq!(parse_date(" 2026-11-15 10:23 ", None), Ok(d("2026-11-15")));
        assert_eq!(
            parse_date("2026-11-15T00:00:00Z", None),
            Ok(d("2026-11-15"))
        );
        assert_eq!(parse_date("11/15/2026", None), Ok(d("2026-11-15")));
        assert_eq!(parse_date("15/11/2026", None), Ok(d("2026-11-15")));
        assert_eq!(
            parse_date("3/4/2027", Some(DateOrder::Mdy)),
            Ok(d("2027-03-04"))
        );
        assert_eq!(
            parse_date("3/4/2027", Some(DateOrder::Dmy)),
            Ok(d("2027-04-03"))
        );
        assert_eq!(parse_date("4/4/2027", None), Ok(d("2027-04-04")));
        assert_eq!(parse_date("15.11.2026", None), Ok(d("2026-11-15")));
        assert_eq!(parse_date("1.2.2027", None), Ok(d("2027-02-01")));
    }

    #[test]
    fn date_errors() {
        assert_eq!(parse_date("2027-02-30", None).unwrap_err(), "no such date");
        assert_eq!(parse_date("2028-02-29", None), Ok(d("2028-02-29")));
        assert_eq!(parse_date("2027-02-29", None).unwrap_err(), "no such date");
        assert_eq!(parse_date("31/04/2027", None).unwrap_err(), "no such date");
        assert_eq!(parse_date("13/13/2027", None).unwrap_err(), "no such date");
        assert!(
            parse_date("3/4/2027", None)
                .unwrap_err()
                .contains("--date-order")
        );
        assert!(
            parse_date("46341", None)
                .unwrap_err()
                .contains("serial number")
        );
        assert!(
            parse_date("46341.5", None)
                .unwrap_err()
                .contains("serial number")
        );
        assert!(
            parse_date("Q3", None)
                .unwrap_err()
                .starts_with("not a date")
        );
        assert!(
            parse_date("11/15/26", None)
                .unwrap_err()
                .contains("four digits")
        );
        assert!(
            parse_date("2026-1-5", None)
                .unwrap_err()
                .starts_with("not a date")
        );
        assert!(parse_date("", None).is_err());
    }

    #[test]
    fn slash_hints() {
        assert_eq!(slash_hint("13/01/2027"), Some(SlashHint::DayFirst));
        assert_eq!(slash_hint("01/13/2027"), Some(SlashHint::MonthFirst));
        assert_eq!(slash_hint("12/11/2027"), Some(SlashHint::Ambiguous));
        assert_eq!(slash_hint("12/12/2027"), Some(SlashHint::Indifferent));
        assert_eq!(slash_hint("2027-01-13"), None);
        assert_eq!(slash_hint("15.11.2026"), None);
    }

    fn money(s: &str) -> Result<(i64, Option<CurrencyMark>), String> {
        parse_money(s)
    }

    fn code(c: &str) -> Option<CurrencyMark> {
        Some(CurrencyMark::Code(c.into()))
    }

    #[test]
    fn money_as_exported() {
        assert_eq!(money("125000"), Ok((12_500_000, None)));
        assert_eq!(money("125000.50"), Ok((12_500_050, None)));
        assert_eq!(money("125000.5"), Ok((12_500_050, None)));
        assert_eq!(
            money("$125,000.00"),
            Ok((12_500_000, Some(CurrencyMark::Dollar)))
        );
        assert_eq!(money("USD 125,000"), Ok((12_500_000, code("USD"))));
        assert_eq!(money("125.000,50 €"), Ok((12_500_050, code("EUR"))));
        assert_eq!(money("1.234,56"), Ok((123_456, None)));
        assert_eq!(money("1,234"), Ok((123_400, None)));
        assert_eq!(money("1.234"), Ok((123_400, None)));
        assert_eq!(money("12,5"), Ok((1_250, None)));
        assert_eq!(money("1 234 567,89 EUR"), Ok((123_456_789, code("EUR"))));
        assert_eq!(money("CHF 1'250.00"), Ok((125_000, code("CHF"))));
        assert_eq!(money("£0.99"), Ok((99, code("GBP"))));
        assert_eq!(money("eur125"), Ok((12_500, code("EUR"))));
        assert_eq!(money("0"), Ok((0, None)));
    }

    #[test]
    fn money_errors() {
        assert_eq!(money("-5").unwrap_err(), "negative amount");
        assert_eq!(money("$-5").unwrap_err(), "negative amount");
        assert_eq!(money("(1,000)").unwrap_err(), "negative amount");
        assert_eq!(money("-$1,000.00").unwrap_err(), "negative amount");
        assert_eq!(money("999999999999.99"), Ok((99_999_999_999_999, None)));
        assert!(money("1000000000000").unwrap_err().starts_with("absurd"));
        assert!(
            money("99999999999999999999999")
                .unwrap_err()
                .starts_with("absurd")
        );
        assert_eq!(money("12.345,678").unwrap_err(), "not an amount");
        assert_eq!(money("0.999").unwrap_err(), "not an amount");
        assert_eq!(money("1,23,456").unwrap_err(), "not an amount");
        assert_eq!(money("1,234.567.8").unwrap_err(), "not an amount");
        assert_eq!(money("abc").unwrap_err(), "not an amount");
        assert_eq!(money("").unwrap_err(), "not an amount");
        assert_eq!(money("$").unwrap_err(), "not an amount");
        assert_eq!(money("1e6").unwrap_err(), "not an amount");
        assert!(money("$100 EUR").unwrap_err().contains("two currencies"));
        assert_eq!(money("USDT 5").unwrap_err(), "not an amount");
    }

    #[test]
    fn dollar_fits_dollars_only() {
        assert!(CurrencyMark::Dollar.fits("USD"));
        assert!(CurrencyMark::Dollar.fits("CAD"));
        assert!(!CurrencyMark::Dollar.fits("EUR"));
        assert!(CurrencyMark::Code("EUR".into()).fits("EUR"));
        assert!(!CurrencyMark::Code("EUR".into()).fits("USD"));
    }

    #[test]
    fn scores_and_numbers() {
        assert_eq!(parse_score("0"), Ok(0));
        assert_eq!(parse_score("100"), Ok(100));
        assert_eq!(parse_score("72.5"), Ok(73));
        assert_eq!(parse_score("72%"), Ok(72));
        assert!(parse_score("101").is_err());
        assert!(parse_score("-1").is_err());
        assert!(parse_score("NaN").is_err());
        assert!(parse_score("inf").is_err());
        assert_eq!(parse_number("4,5"), Ok(4.5));
        assert_eq!(parse_number("-40"), Ok(-40.0));
        assert!(parse_number("1e3").is_err());
    }

    #[test]
    fn crm_spellings() {
        assert_eq!(parse_stage("Closed Won"), Ok(Stage::Won));
        assert_eq!(parse_stage("Closed Lost"), Ok(Stage::Churned));
        assert_eq!(parse_stage("Negotiation/Review"), Ok(Stage::Negotiating));
        assert_eq!(parse_stage("Proposal/Price Quote"), Ok(Stage::Proposal));
        assert_eq!(parse_stage("Prospecting"), Ok(Stage::Prep));
        assert_eq!(parse_stage("Qualification"), Ok(Stage::Prep));
        assert_eq!(parse_stage("Contract Sent"), Ok(Stage::ContractSent));
        assert_eq!(parse_stage("Verbal Commit"), Ok(Stage::Verbal));
        assert_eq!(parse_stage("verbal yes"), Ok(Stage::Verbal));
        assert_eq!(parse_stage("NOT_STARTED"), Ok(Stage::NotStarted));
        assert!(
            parse_stage("Maybe")
                .unwrap_err()
                .starts_with("unknown stage")
        );
        assert_eq!(parse_role("Business User"), Ok(Role::User));
        assert_eq!(
            parse_role("Economic Decision Maker"),
            Ok(Role::EconomicBuyer)
        );
        assert_eq!(parse_role("Executive Sponsor"), Ok(Role::DecisionMaker));
        assert_eq!(parse_role("Procurement"), Ok(Role::LegalProcurement));
        assert_eq!(parse_role("legal/procurement"), Ok(Role::LegalProcurement));
        assert_eq!(parse_role_cell("Other"), Ok(None));
        assert_eq!(parse_opportunity_type("Renewal"), Ok(OpportunityType::Flat));
        assert_eq!(
            parse_opportunity_type("Upsell"),
            Ok(OpportunityType::Expansion)
        );
        assert_eq!(
            parse_opportunity_type("At Risk"),
            Ok(OpportunityType::AtRisk)
        );
        assert_eq!(parse_touch_model("Tech Touch"), Ok(TouchModel::Auto));
        assert_eq!(parse_touch_model("Mid Touch"), Ok(TouchModel::Assisted));
        assert_eq!(parse_touch_model("High Touch"), Ok(TouchModel::Negotiated));
        assert_eq!(parse_segment("Mid-Market"), Ok(Segment::MidMarket));
        assert_eq!(parse_segment("SMB"), Ok(Segment::Smb));
        assert_eq!(parse_thread("CSM"), Ok(Thread::Csm));
        assert_eq!(parse_status("Changed role"), Ok(ContactStatus::ChangedRole));
        assert_eq!(parse_sentiment("Detractor"), Ok(Sentiment::Detractor));
        assert_eq!(parse_signal_kind("Health Score"), Ok(SignalRowKind::Health));
        assert_eq!(
            parse_signal_kind("NPS"),
            Ok(SignalRowKind::Reading(ReadingKind::Nps))
        );
        assert_eq!(
            parse_signal_kind("usage_decline"),
            Ok(SignalRowKind::Risk(SignalKind::UsageDecline))
        );
    }

    #[test]
    fn defused_cells_read_back() {
        assert_eq!(undefuse("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(undefuse("'-5"), "-5");
        assert_eq!(undefuse("'\tx"), "\tx");
        assert_eq!(undefuse("'quoted'"), "'quoted'");
        assert_eq!(undefuse("'"), "'");
        assert_eq!(undefuse("O'Brien"), "O'Brien");
    }
}
