//! Header matching: each kind's canonical columns (`io::canonical`) with the spellings
//! CRMs export them under. Headers are compared squashed (lower case, letters and
//! digits only), so `Renewal Date`, `renewal_date` and `RenewalDate` are one column.

use super::ImportKind;
use super::values::squash;
use crate::domain::text::inert;
use crate::io::canonical::{ACCOUNT_COLUMNS, SIGNAL_COLUMNS, STAKEHOLDER_COLUMNS};

/// One canonical column: its name, whether the file must have it, and the headers
/// real exports use for it (shown to the user when it is missing).
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub aliases: &'static [&'static str],
}

const fn col(name: &'static str, required: bool, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        required,
        aliases,
    }
}

/// accounts.csv, in `ACCOUNT_COLUMNS` order, then the columns only read: the
/// renewal's last activity in the source system (Runway records movement itself from
/// then on, so exports do not write it back).
pub const ACCOUNTS: &[Column] = &[
    col(
        "account_id",
        true,
        &[
            "Account ID",
            "Record ID",
            "Company Id",
            "Gsid",
            "accountExternalId",
            "SfdcAccountId",
        ],
    ),
    col(
        "account_name",
        true,
        &["Account Name", "Company name", "Company", "Name"],
    ),
    col(
        "arr",
        true,
        &["ARR", "Annual Recurring Revenue", "Renewal ARR"],
    ),
    col(
        "currency",
        false,
        &["Currency", "Amount Currency", "CurrencyIsoCode"],
    ),
    col(
        "renewal_date",
        true,
        &[
            "Renewal Date",
            "NextRenewalDate",
            "Contract End Date",
            "EndDate",
        ],
    ),
    col(
        "owner",
        false,
        &[
            "CSM",
            "CSM Name",
            "Account Owner",
            "Company owner",
            "OwnerUserAccount",
        ],
    ),
    col(
        "health_score",
        false,
        &[
            "Health Score",
            "Current Score",
            "OverallScore",
            "ChurnScore",
        ],
    ),
    col("stage", false, &["Stage", "Renewal Stage", "Deal Stage"]),
    col(
        "opportunity_type",
        false,
        &["Type", "Deal Type", "BookingType"],
    ),
    col("touch_model", false, &["Touch", "Touch Model"]),
    col("target_arr", false, &["Target ARR", "Forecast Amount"]),
    col(
        "contract_start",
        false,
        &["Original Contract Date", "StartDate", "Customer Since"],
    ),
    col("segment_override", false, &["Segment"]),
    col("industry", false, &["Industry"]),
    col(
        "domain",
        false,
        &["Company Domain Name", "Domain", "Website"],
    ),
    col(
        "last_activity",
        false,
        &["Last Activity", "Last Activity Date", "Last Modified Date"],
    ),
    col("closed_on", false, &["Closed Date", "Close Date"]),
    col(
        "outcome_reason",
        false,
        &[
            "Closed Lost Reason",
            "Churn Reason",
            "Loss Reason",
            "Closed Won Reason",
        ],
    ),
    col("competitor", false, &["Competitor", "Primary Competitor"]),
];

/// stakeholders.csv, in `STAKEHOLDER_COLUMNS` order, then HubSpot's split name.
pub const STAKEHOLDERS: &[Column] = &[
    col(
        "account_id",
        true,
        &[
            "Account ID",
            "Company Id",
            "Record ID (company)",
            "Associated Company ID",
        ],
    ),
    col("name", true, &["Full Name", "Contact Name", "Name"]),
    col("title", false, &["Job Title", "Title"]),
    col("email", false, &["Email", "Email Address"]),
    col("phone", false, &["Phone", "Phone Number"]),
    col("role", false, &["Role", "Contact Role"]),
    col("sentiment", false, &["Sentiment", "Influencer Sentiment"]),
    col(
        "last_contact",
        false,
        &["Last Contact Date", "Last Activity", "Last Activity Date"],
    ),
    col("status", false, &["Status"]),
    col("our_thread", false, &["Relationship Owner"]),
    col(
        "our_contact",
        false,
        &["Contact Owner", "Relationship Owner Name"],
    ),
    col("first_name", false, &["First Name"]),
    col("last_name", false, &["Last Name"]),
];

/// signals.csv, in `SIGNAL_COLUMNS` order.
pub const SIGNALS: &[Column] = &[
    col("account_id", true, &["Account ID", "Company Id"]),
    col("date", true, &["Observed On", "Observed Date"]),
    col("kind", true, &["Signal Type", "Type"]),
    col("value", false, &["Score"]),
    col("note", false, &["Notes", "Comment"]),
];

pub fn columns(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Accounts => ACCOUNTS,
        ImportKind::Stakeholders => STAKEHOLDERS,
        ImportKind::Signals => SIGNALS,
    }
}

/// Why a column was read but not used.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Ignored {
    pub column: String,
    pub note: String,
}

/// How a file's header maps onto a kind's columns.
#[derive(Debug, Default)]
pub struct HeaderMap {
    /// Per canonical column (in `columns(kind)` order): the cell index that holds it.
    pub index: Vec<Option<usize>>,
    /// The header cells as written (for report lines), made inert.
    pub written: Vec<String>,
    pub unknown: Vec<String>,
    pub ignored: Vec<Ignored>,
    /// Problems that refuse the file (missing required columns, annual revenue).
    pub fatal: Vec<String>,
}

impl HeaderMap {
    /// The header of canonical column `c`, as written in the file.
    pub fn header(&self, c: usize) -> &str {
        self.index[c]
            .and_then(|i| self.written.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Shown header text: inert, and short even if the header is a 10 MB cell.
pub fn shown(s: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    inert(&out).into_owned()
}

const ANNUAL_REVENUE: &str = "annualrevenue";

/// Matches `cells` (the header row) against `kind`'s columns. When two cells name the
/// same column, the canonical name beats the earlier alias, and the rest are listed
/// as ignored.
pub fn map_headers(kind: ImportKind, cells: &[&str]) -> HeaderMap {
    let cols = columns(kind);
    let mut m = HeaderMap {
        index: vec![None; cols.len()],
        written: cells.iter().map(|c| shown(c.trim())).collect(),
        ..Default::default()
    };
    // (rank of the spelling that matched) per canonical column; lower wins.
    let mut rank: Vec<usize> = vec![usize::MAX; cols.len()];
    let mut revenue: Option<usize> = None;
    let mut losers: Vec<(usize, usize)> = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let key = squash(cell.trim_start_matches('\u{feff}'));
        if key.is_empty() {
            if !cell.trim().is_empty() {
                m.unknown.push(m.written[i].clone());
            }
            continue;
        }
        let hit = cols.iter().enumerate().find_map(|(c, col)| {
            std::iter::once(col.name)
                .chain(col.aliases.iter().copied())
                .position(|a| squash(a) == key)
                .map(|r| (c, r))
        });
        match hit {
            Some((c, r)) => {
                let loser = if r < rank[c] {
                    let old = m.index[c].replace(i);
                    rank[c] = r;
                    old
                } else {
                    Some(i)
                };
                if let Some(l) = loser {
                    losers.push((l, c));
                }
            }
            None if kind == ImportKind::Accounts && key == ANNUAL_REVENUE => revenue = Some(i),
            None => m.unknown.push(m.written[i].clone()),
        }
    }
    // Notes name the column that won, now that every winner is known.
    for (l, c) in losers {
        let winner = m.index[c].map(|w| m.written[w].clone()).unwrap_or_default();
        m.ignored.push(Ignored {
            column: m.written[l].clone(),
            note: format!("{winner} is read as {} instead", cols[c].name),
        });
    }
    if let Some(i) = revenue {
        let arr = cols.iter().position(|c| c.name == "arr");
        if arr.and_then(|a| m.index[a]).is_some() {
            m.ignored.push(Ignored {
                column: m.written[i].clone(),
                note: "the customer's own turnover, not what they pay; never read as ARR".into(),
            });
        } else {
            m.fatal.push(format!(
                "column {} is the customer's own turnover, not what they pay you, so it is not read as ARR: add an ARR column (ARR, Annual Recurring Revenue or Renewal ARR)",
                m.written[i]
            ));
        }
    }
    let has = |name: &str| {
        cols.iter()
            .position(|c| c.name == name)
            .and_then(|c| m.index[c])
            .is_some()
    };
    let split_name = kind == ImportKind::Stakeholders && has("first_name") && has("last_name");
    for (c, col) in cols.iter().enumerate() {
        if !col.required || m.index[c].is_some() || (col.name == "name" && split_name) {
            continue;
        }
        // Annual revenue already explained the missing ARR.
        if col.name == "arr" && revenue.is_some() {
            continue;
        }
        let mut also = col.aliases.join(", ");
        if col.name == "name" && kind == ImportKind::Stakeholders {
            also.push_str(", or First Name and Last Name");
        }
        m.fatal.push(format!(
            "missing required column {} (also read from: {also})",
            col.name
        ));
    }
    m
}

/// The canonical names, for the check that the tables follow `io::canonical`.
pub fn canonical(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Accounts => ACCOUNT_COLUMNS,
        ImportKind::Stakeholders => STAKEHOLDER_COLUMNS,
        ImportKind::Signals => SIGNAL_COLUMNS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_follow_the_canonical_lists() {
        for kind in [
            ImportKind::Accounts,
            ImportKind::Stakeholders,
            ImportKind::Signals,
        ] {
            let names: Vec<&str> = columns(kind).iter().map(|c| c.name).collect();
            assert_eq!(&names[..canonical(kind).len()], canonical(kind));
        }
    }

    fn map(kind: ImportKind, h: &str) -> HeaderMap {
        let cells: Vec<&str> = h.split(',').collect();
        map_headers(kind, &cells)
    }

    #[test]
    fn spellings_meet() {
        let m = map(
            ImportKind::Accounts,
            "\u{feff}Account ID,Account Name,Annual Recurring Revenue,Renewal-Date,Foo Bar",
        );
        assert!(m.fatal.is_empty(), "{:?}", m.fatal);
        assert_eq!(&m.index[..5], &[Some(0), Some(1), Some(2), None, Some(3)]);
        assert_eq!(m.unknown, vec!["Foo Bar"]);
        assert_eq!(m.header(4), "Renewal-Date");
    }

    #[test]
    fn missing_required_is_named() {
        let m = map(ImportKind::Accounts, "Account ID,Name,Renewal Date");
        assert_eq!(
            m.fatal,
            vec![
                "missing required column arr (also read from: ARR, Annual Recurring Revenue, Renewal ARR)"
            ]
        );
    }

    #[test]
    fn annual_revenue_is_never_arr() {
        let m = map(
            ImportKind::Accounts,
            "Account ID,Name,Annual Revenue,Renewal Date",
        );
        assert_eq!(m.fatal.len(), 1);
        assert!(m.fatal[0].starts_with("column Annual Revenue is the customer's own turnover"));
        let m = map(
            ImportKind::Accounts,
            "Account ID,Name,Annual Revenue,ARR,Renewal Date",
        );
        assert!(m.fatal.is_empty());
        assert_eq!(m.ignored[0].column, "Annual Revenue");
    }

    #[test]
    fn canonical_name_beats_alias() {
        let m = map(
            ImportKind::Accounts,
            "Account ID,Company,account_name,ARR,Renewal Date",
        );
        assert_eq!(m.index[1], Some(2));
        assert_eq!(
            m.ignored,
            vec![Ignored {
                column: "Company".into(),
                note: "account_name is read as account_name instead".into()
            }]
        );
    }

    #[test]
    fn hubspot_split_names_stand_in_for_name() {
        let m = map(
            ImportKind::Stakeholders,
            "Company ID,First Name,Last Name,Email",
        );
        assert!(m.fatal.is_empty(), "{:?}", m.fatal);
        let m = map(ImportKind::Stakeholders, "Company ID,First Name,Email");
        assert_eq!(m.fatal.len(), 1);
        assert!(m.fatal[0].contains("or First Name and Last Name"));
    }
}
