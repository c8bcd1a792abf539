//! An account added by hand (a CSM without a CRM export): what the fields must hold,
//! read from what was typed (`runway add account`, the cockpit's `:new`) and checked
//! again by the store on the typed values it writes.

use super::Date;
use super::config::BookConfig;
use super::money::{MAX_MINOR, Money};
use super::renewal::Stage;
use super::text::inert;

/// The fields as typed; `None` for an optional field left out.
#[derive(Clone, Debug, Default)]
pub struct NewAccountText<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub arr: &'a str,
    pub renewal: &'a str,
    pub owner: Option<&'a str>,
    pub health: Option<&'a str>,
    pub stage: Option<&'a str>,
    pub currency: Option<&'a str>,
}

/// A new account and its open renewal, every field valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    pub id: String,
    pub name: String,
    pub arr: Money,
    pub currency: String,
    pub renewal_date: Date,
    pub owner: Option<String>,
    pub health: Option<u8>,
    pub stage: Stage,
}

/// Ids and names longer than this are a paste gone wrong.
const MAX_TEXT_CHARS: usize = 200;

/// Reads every field, relative dates counted from `today` and amounts and slash dates
/// in the book's style. The error lists every field that is wrong, one per line,
/// each starting with the field's name.
pub fn read(t: &NewAccountText, today: Date, book: &BookConfig) -> Result<NewAccount, String> {
    let currency = match t.currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_ascii_uppercase(),
        None => book.currency.clone(),
    };
    let style = book.cur(&currency).style;
    let arr = Money::parse_in(t.arr, style).map_err(|e| format!("arr: {e}"));
    let renewal = super::date_input::parse_date_input(t.renewal, today, &book.date_order)
        .map_err(|e| format!("renewal: {e}"));
    let health = t.health.map(health).transpose();
    let stage = t.stage.map(stage).transpose();
    // Fields that did not parse stand in with harmless values, so the check below
    // still reports every other problem in the same message.
    let account = NewAccount {
        id: t.id.trim().to_string(),
        name: t.name.trim().to_string(),
        arr: arr.clone().unwrap_or(Money::ZERO),
        currency,
        renewal_date: renewal.clone().unwrap_or(today),
        owner: t
            .owner
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
        health: health.clone().ok().flatten(),
        stage: stage.clone().ok().flatten().unwrap_or(Stage::NotStarted),
    };
    let mut problems: Vec<String> = [arr.err(), renewal.err(), health.err(), stage.err()]
        .into_iter()
        .flatten()
        .collect();
    if let Err(e) = check(&account) {
        problems.extend(e.lines().map(str::to_string));
    }
    if problems.is_empty() {
        Ok(account)
    } else {
        problems.dedup();
        Err(problems.join("\n"))
    }
}

/// The rules on a typed new account, as the store enforces them when it writes one:
/// id and name present (after trimming) and printable, ARR not negative and not
/// absurd, health 0–100, an open stage, a three-letter currency code. Every problem,
/// one per line.
pub fn check(a: &NewAccount) -> Result<(), String> {
    let mut problems = Vec::new();
    for (field, value) in [("id", &a.id), ("name", &a.name)] {
        if value.trim().is_empty() {
            problems.push(format!("{field}: must not be empty"));
        } else if value.trim() != value.as_str() {
            problems.push(format!("{field}: '{}' has spaces around it", inert(value)));
        } else if value.chars().any(super::text::is_hazard) {
            problems.push(format!(
                "{field}: '{}' holds control or invisible characters",
                inert(value)
            ));
        } else if value.chars().count() > MAX_TEXT_CHARS {
            problems.push(format!("{field}: longer than {MAX_TEXT_CHARS} characters"));
        }
    }
    if a.arr < Money::ZERO {
        problems.push(format!(
            "arr: {} is negative (ARR is 0 or more)",
            a.arr.minor() as f64 / 100.0
        ));
    } else if a.arr.minor() > MAX_MINOR {
        problems.push("arr: too large (a trillion or more)".into());
    }
    if let Some(h) = a.health
        && h > 100
    {
        problems.push(format!("health: {h} is over 100 (a score is 0 to 100)"));
    }
    if a.stage.is_closed() {
        problems.push(format!(
            "stage: '{}' closes a renewal; a new account's renewal is open ({})",
            a.stage.as_str(),
            open_stages()
        ));
    }
    if a.currency.len() != 3 || !a.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        problems.push(format!(
            "currency: '{}' is not a three-letter ISO code such as USD or EUR",
            inert(&a.currency)
        ));
    }
    if let Some(o) = &a.owner
        && o.chars().any(super::text::is_hazard)
    {
        problems.push(format!(
            "owner: '{}' holds control or invisible characters",
            inert(o)
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn open_stages() -> String {
    Stage::OPEN
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A health score as typed: a whole number from 0 to 100.
fn health(text: &str) -> Result<u8, String> {
    let t = text.trim();
    match t.parse::<u32>() {
        Ok(n) if n <= 100 && t.bytes().all(|b| b.is_ascii_digit()) => Ok(n as u8),
        Ok(_) => Err(format!(
            "health: '{}' is over 100 (a score is 0 to 100)",
            inert(t)
        )),
        Err(_) => Err(format!(
            "health: '{}' is not a score from 0 to 100",
            inert(t)
        )),
    }
}

/// A stage as typed (`proposal`, `Contract sent`), open stages only.
fn stage(text: &str) -> Result<Stage, String> {
    match Stage::from_text(text) {
        Some(s) if !s.is_closed() => Ok(s),
        Some(s) => Err(format!(
            "stage: '{}' closes a renewal; a new account's renewal is open ({})",
            s.as_str(),
            open_stages()
        )),
        None => Err(format!(
            "stage: '{}' is not a stage (use {})",
            inert(text.trim()),
            open_stages()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-22".parse().unwrap()
    }

    fn typed<'a>() -> NewAccountText<'a> {
        NewAccountText {
            id: " ACME-1 ",
            name: "Acme Rockets",
            arr: "48,000",
            renewal: "+2w",
            ..Default::default()
        }
    }

    #[test]
    fn reads_a_minimal_account_with_the_books_defaults() {
        let a = read(&typed(), today(), &BookConfig::default()).unwrap();
        assert_eq!(
            a,
            NewAccount {
                id: "ACME-1".into(),
                name: "Acme Rockets".into(),
                arr: Money::from_major(48_000),
                currency: "USD".into(),
                renewal_date: "2026-12-06".parse().unwrap(),
                owner: None,
                health: None,
                stage: Stage::NotStarted,
            }
        );
    }

    #[test]
    fn reads_every_optional_field() {
        let t = NewAccountText {
            owner: Some(" Dana Reyes "),
            health: Some("72"),
            stage: Some("Contract sent"),
            currency: Some("eur"),
            arr: "48.000,50",
            ..typed()
        };
        let a = read(&t, today(), &BookConfig::default()).unwrap();
        assert_eq!(a.owner.as_deref(), Some("Dana Reyes"));
        assert_eq!(a.health, Some(72));
        assert_eq!(a.stage, Stage::ContractSent);
        assert_eq!(a.currency, "EUR");
        assert_eq!(a.arr, Money(4_800_050), "EUR's usual style reads 48.000,50");
    }

    #[test]
    fn amounts_and_dates_follow_the_book() {
        let book = BookConfig {
            number_format: "1.234,56".into(),
            date_order: "dmy".into(),
            ..Default::default()
        };
        let t = NewAccountText {
            arr: "12.500",
            renewal: "31/01/2027",
            ..typed()
        };
        let a = read(&t, today(), &book).unwrap();
        assert_eq!(a.arr, Money::from_major(12_500));
        assert_eq!(a.renewal_date, "2027-01-31".parse().unwrap());
    }

    #[test]
    fn every_bad_field_is_named_once() {
        let t = NewAccountText {
            id: "  ",
            name: "",
            arr: "-5",
            renewal: "someday",
            health: Some("150"),
            stage: Some("won"),
            currency: Some("EURO"),
            owner: None,
        };
        let e = read(&t, today(), &BookConfig::default()).unwrap_err();
        let fields: Vec<&str> = e.lines().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(
            fields,
            [
                "renewal", "health", "stage", "id", "name", "arr", "currency"
            ],
            "{e}"
        );
        let t = NewAccountText {
            arr: "12,5",
            ..typed()
        };
        let e = read(&t, today(), &BookConfig::default()).unwrap_err();
        assert!(
            e.starts_with("arr: '12,5' is not an amount as this book writes them"),
            "{e}"
        );
        let t = NewAccountText {
            stage: Some("signed"),
            ..typed()
        };
        let e = read(&t, today(), &BookConfig::default()).unwrap_err();
        assert!(
            e.contains("not a stage") && e.contains("not_started, prep"),
            "{e}"
        );
        let t = NewAccountText {
            health: Some("7o"),
            ..typed()
        };
        let e = read(&t, today(), &BookConfig::default()).unwrap_err();
        assert_eq!(e, "health: '7o' is not a score from 0 to 100");
    }

    #[test]
    fn the_stores_check_refuses_what_a_form_could_not_type() {
        let good = read(&typed(), today(), &BookConfig::default()).unwrap();
        assert_eq!(check(&good), Ok(()));
        let bad = NewAccount {
            id: " padded".into(),
            name: "Evil\u{202E}Corp".into(),
            health: Some(101),
            stage: Stage::Churned,
            arr: Money(-1),
            currency: "usd".into(),
            ..good
        };
        let e = check(&bad).unwrap_err();
        for field in ["id:", "name:", "arr:", "health:", "stage:", "currency:"] {
            assert!(
                e.lines().any(|l| l.starts_with(field)),
                "{field} missing: {e}"
            );
        }
        assert!(!e.contains('\u{202E}'), "shown inert: {e}");
    }
}
