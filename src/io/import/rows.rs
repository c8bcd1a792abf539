//! One record to one validated row of its kind, or the problems that reject it.

use super::headers::HeaderMap;
use super::report::shown_value;
use super::values::{self, CurrencyMark, DateOrder, SignalRowKind};
use crate::domain::Date;
use crate::domain::import::{AccountRow, Field, SignalRow, StakeholderRow};
use crate::domain::money::Money;
use crate::domain::risk::ReadingKind;

/// The longest cell accepted, in bytes: a name or a note, never a document.
pub const MAX_CELL: usize = 10_000;

// Column positions in `headers::ACCOUNTS` / `STAKEHOLDERS` / `SIGNALS`.
pub mod acc {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const ARR: usize = 2;
    pub const CURRENCY: usize = 3;
    pub const RENEWAL_DATE: usize = 4;
    pub const OWNER: usize = 5;
    pub const HEALTH: usize = 6;
    pub const STAGE: usize = 7;
    pub const OPPORTUNITY_TYPE: usize = 8;
    pub const TOUCH_MODEL: usize = 9;
    pub const TARGET: usize = 10;
    pub const CONTRACT_START: usize = 11;
    pub const SEGMENT: usize = 12;
    pub const INDUSTRY: usize = 13;
    pub const DOMAIN: usize = 14;
    pub const LAST_ACTIVITY: usize = 15;
    pub const CLOSED_ON: usize = 16;
    pub const OUTCOME_REASON: usize = 17;
    pub const COMPETITOR: usize = 18;
    pub const DATES: &[usize] = &[RENEWAL_DATE, CONTRACT_START, LAST_ACTIVITY, CLOSED_ON];
}

pub mod stk {
    pub const ACCOUNT_ID: usize = 0;
    pub const NAME: usize = 1;
    pub const TITLE: usize = 2;
    pub const EMAIL: usize = 3;
    pub const PHONE: usize = 4;
    pub const ROLE: usize = 5;
    pub const SENTIMENT: usize = 6;
    pub const LAST_CONTACT: usize = 7;
    pub const STATUS: usize = 8;
    pub const OUR_THREAD: usize = 9;
    pub const OUR_CONTACT: usize = 10;
    pub const FIRST_NAME: usize = 11;
    pub const LAST_NAME: usize = 12;
    pub const DATES: &[usize] = &[LAST_CONTACT];
}

pub mod sig {
    pub const ACCOUNT_ID: usize = 0;
    pub const DATE: usize = 1;
    pub const KIND: usize = 2;
    pub const VALUE: usize = 3;
    pub const NOTE: usize = 4;
    pub const DATES: &[usize] = &[DATE];
}

/// A record being read: its cells by canonical column, and its problems.
pub struct Cells<'r> {
    pub row: u64,
    rec: &'r csv::ByteRecord,
    map: &'r HeaderMap,
    orders: &'r [Option<DateOrder>],
    pub problems: Vec<String>,
}

/// A problem with one cell, as the report shows it.
pub fn problem_text(row: u64, map: &HeaderMap, c: usize, what: &str, value: &str) -> String {
    format!(
        "row {row}, column {}: {what} ('{}')",
        map.header(c),
        shown_value(value)
    )
}

/// A cell's text (UTF-8 was checked before), without a formula-defusing `'`.
pub fn cell_text(rec: &csv::ByteRecord, i: usize) -> &str {
    values::undefuse(
        rec.get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or(""),
    )
}

impl<'r> Cells<'r> {
    pub fn new(
        row: u64,
        rec: &'r csv::ByteRecord,
        map: &'r HeaderMap,
        orders: &'r [Option<DateOrder>],
    ) -> Cells<'r> {
        Cells {
            row,
            rec,
            map,
            orders,
            problems: Vec::new(),
        }
    }

    pub fn problem(&mut self, c: usize, what: &str, value: &str) {
        self.problems
            .push(problem_text(self.row, self.map, c, what, value));
    }

    /// The cell as written, or `None` when the file has no such column. (A record
    /// whose length differs from the header's is refused before it gets here.)
    pub fn raw(&self, c: usize) -> Option<&'r str> {
        let i = self.map.index[c]?;
        Some(cell_text(self.rec, i))
    }

    /// A required cell, trimmed; an empty one is a problem.
    fn required(&mut self, c: usize) -> Option<&'r str> {
        let v = self.raw(c).unwrap_or("");
        if v.trim().is_empty() {
            self.problem(c, "required, but empty", v);
            return None;
        }
        Some(v.trim())
    }

    /// A present, non-empty cell parsed; `Some(None)` for an empty one.
    fn field<T>(&mut self, c: usize, parse: impl Fn(&str) -> Result<T, String>) -> Field<T> {
        let v = self.raw(c)?;
        if v.trim().is_empty() {
            return Some(None);
        }
        match parse(v.trim()) {
            Ok(t) => Some(Some(t)),
            Err(e) => {
                self.problem(c, &e, v);
                None
            }
        }
    }

    /// Like `field`, where an empty cell means "leave as it is".
    fn opt<T>(&mut self, c: usize, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        self.field(c, parse).flatten()
    }

    fn text(&mut self, c: usize) -> Field<String> {
        self.field(c, |s| Ok(s.to_string()))
    }

    fn date(&mut self, c: usize) -> Field<Date> {
        let order = self.orders.get(c).copied().flatten();
        self.field(c, |s| values::parse_date(s, order))
    }

    /// An amount; its symbol or code must agree with the row's currency.
    fn money(&mut self, c: usize, v: &str, currency: &mut Option<String>) -> Option<Money> {
        match values::parse_money(v) {
            Err(e) => {
                self.problem(c, &e, v);
                None
            }
            Ok((minor, mark)) => {
                if let Some(mark) = mark {
                    match currency.as_deref() {
                        Some(code) if !mark.fits(code) => {
                            let written = match &mark {
                                CurrencyMark::Code(m) => m.clone(),
                                CurrencyMark::Dollar => "dollars".into(),
                            };
                            self.problem(
                                c,
                                &format!("written in {written}, but the row's currency is {code}"),
                                v,
                            );
                            return None;
                        }
                        Some(_) => {}
                        None => *currency = Some(mark.code().to_string()),
                    }
                }
                Some(Money(minor))
            }
        }
    }
}

/// accounts.csv
pub fn account(c: &mut Cells) -> Option<AccountRow> {
    use acc::*;
    let id = c.required(ID);
    let name = c.raw(NAME).filter(|n| !n.trim().is_empty());
    if name.is_none() {
        c.required(NAME);
    }
    let mut currency = c.opt(CURRENCY, values::parse_currency);
    let arr = c.required(ARR).and_then(|v| c.money(ARR, v, &mut currency));
    let target = match c.raw(TARGET) {
        None => None,
        Some(v) if v.trim().is_empty() => Some(None),
        Some(v) => c.money(TARGET, v.trim(), &mut currency).map(Some),
    };
    let renewal_date = c.date(RENEWAL_DATE);
    let row = AccountRow {
        id: id?.to_string(),
        name: name?.to_string(),
        arr: arr?,
        currency,
        renewal_date,
        owner: c.text(OWNER),
        health: c.field(HEALTH, values::parse_score),
        stage: c.field(STAGE, values::parse_stage),
        opportunity_type: c.field(OPPORTUNITY_TYPE, values::parse_opportunity_type),
        touch_model: c.field(TOUCH_MODEL, values::parse_touch_model),
        target,
        customer_since: c.date(CONTRACT_START),
        segment_override: c.field(SEGMENT, values::parse_segment),
        industry: c.text(INDUSTRY),
        domain: c.text(DOMAIN),
        last_activity: c.date(LAST_ACTIVITY),
        closed_on: c.date(CLOSED_ON),
        outcome_reason: c.text(OUTCOME_REASON),
        competitor: c.text(COMPETITOR),
    };
    c.problems.is_empty().then_some(row)
}

/// stakeholders.csv (HubSpot's First Name + Last Name stand in for a missing name).
pub fn stakeholder(c: &mut Cells) -> Option<StakeholderRow> {
    use stk::*;
    let account_id = c.required(ACCOUNT_ID);
    let name = match c.raw(NAME) {
        Some(n) if !n.trim().is_empty() => Some(n.to_string()),
        Some(_) => {
            c.required(NAME);
            None
        }
        None => {
            let first = c.raw(FIRST_NAME).unwrap_or("").trim();
            let last = c.raw(LAST_NAME).unwrap_or("").trim();
            let joined = format!("{first} {last}").trim().to_string();
            if joined.is_empty() {
                c.problem(
                    FIRST_NAME,
                    "no name: First Name and Last Name are both empty",
                    "",
                );
                None
            } else {
                Some(joined)
            }
        }
    };
    let row = StakeholderRow {
        account_id: account_id?.to_string(),
        name: name?,
        title: c.text(TITLE),
        email: c.field(EMAIL, |s| {
            if s.contains('@') {
                Ok(s.to_string())
            } else {
                Err("not an email address".into())
            }
        }),
        phone: c.text(PHONE),
        role: c.field(ROLE, values::parse_role_cell).map(Option::flatten),
        sentiment: c.field(SENTIMENT, values::parse_sentiment),
        last_contact: c.date(LAST_CONTACT),
        status: c.field(STATUS, values::parse_status),
        our_thread: c.field(OUR_THREAD, values::parse_thread),
        our_contact: c.text(OUR_CONTACT),
    };
    c.problems.is_empty().then_some(row)
}

/// signals.csv: health scores, readings and risk signals.
pub fn signal(c: &mut Cells) -> Option<SignalRow> {
    use sig::*;
    let account_id = c.required(ACCOUNT_ID).map(str::to_string);
    let on = match c.required(DATE) {
        Some(v) => {
            let order = c.orders.get(DATE).copied().flatten();
            values::parse_date(v, order)
                .map_err(|e| c.problem(DATE, &e, v))
                .ok()
        }
        None => None,
    };
    let kind = c.required(KIND).and_then(|v| {
        values::parse_signal_kind(v)
            .map_err(|e| c.problem(KIND, &e, v))
            .ok()
    });
    let value = c.opt(VALUE, values::parse_number);
    let note = c
        .raw(NOTE)
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string);
    let kind = kind?;
    // What each kind needs of its value: (needed, lowest, highest).
    let range = match kind {
        SignalRowKind::Health => Some((true, 0.0, 100.0)),
        SignalRowKind::Reading(ReadingKind::Nps) => Some((true, -100.0, 100.0)),
        SignalRowKind::Reading(ReadingKind::Csat | ReadingKind::Usage) => Some((true, 0.0, 100.0)),
        _ => None,
    };
    let kind_text = c.raw(KIND).unwrap_or("").trim();
    if let Some((needed, lo, hi)) = range {
        match value {
            None if needed && c.raw(VALUE).is_some_and(|v| v.trim().is_empty()) => {
                c.problem(VALUE, &format!("{kind_text} needs a value"), "");
            }
            None if needed && c.raw(VALUE).is_none() => {
                c.problem(
                    KIND,
                    "needs a value, and the file has no value column",
                    kind_text,
                );
            }
            Some(v) if !(lo..=hi).contains(&v) => {
                let v_text = c.raw(VALUE).unwrap_or("").to_string();
                c.problem(VALUE, &format!("{kind_text} must be {lo}–{hi}"), &v_text);
            }
            _ => {}
        }
    }
    let (account_id, on) = (account_id?, on?);
    if !c.problems.is_empty() {
        return None;
    }
    Some(match kind {
        SignalRowKind::Health => SignalRow::Health {
            account_id,
            on,
            score: value.map(|v| v.round() as u8).unwrap_or(0),
        },
        SignalRowKind::Reading(kind) => SignalRow::Reading {
            account_id,
            on,
            kind,
            value,
            note,
        },
        SignalRowKind::Risk(kind) => SignalRow::Risk {
            account_id,
            on,
            kind,
            value,
            note,
        },
    })
}
