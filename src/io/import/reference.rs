//! The import column reference that ships with the product: `runway import --columns`
//! prints it and README.md's "Importing your book" holds the same text (a test keeps
//! them equal). Columns and aliases come from the tables the importer matches headers
//! with (`headers.rs`); accepted values from the domain's own enums.

use super::ImportKind;
use super::headers::columns;
use crate::domain::renewal::{OpportunityType, Stage, TouchModel};
use crate::domain::risk::{ReadingKind, SignalKind};
use crate::domain::segment::Segment;
use crate::domain::stakeholder::{ContactStatus, Role, Sentiment, Thread};

const DATE: &str = "date: `2026-11-15`, `11/15/2026`, `15/11/2026`, `15.11.2026`";
const MONEY: &str = "amount: `125000`, `125000.50`, `$125,000.00`, `USD 125,000`, `125.000,50 €`";

fn list(values: impl IntoIterator<Item = &'static str>) -> String {
    values
        .into_iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a column accepts, in words.
fn accepts(kind: ImportKind, name: &str) -> String {
    match (kind, name) {
        (_, "account_id") => "text: the id in your CRM (re-importing updates)".into(),
        (ImportKind::Accounts, "account_name") | (_, "name") => "text".into(),
        (_, "arr") | (_, "target_arr") => MONEY.into(),
        (_, "currency") => "ISO 4217 code such as `EUR` (default: the config's)".into(),
        (_, "renewal_date")
        | (_, "contract_start")
        | (_, "last_contact")
        | (ImportKind::Stakeholders, "last_activity")
        | (_, "date") => DATE.into(),
        (_, "our_contact") => {
            "text: the person on our side who holds the relationship (counts as a thread)".into()
        }
        (ImportKind::Accounts, "closed_on") => {
            DATE.to_string() + " (when a won, churned or downgraded renewal closed)"
        }
        (_, "outcome_reason") => "text: why it was won or lost (win/loss patterns)".into(),
        (_, "competitor") => "text: who took, or tried to take, the business".into(),
        (ImportKind::Accounts, "last_activity") => {
            DATE.to_string() + " (the renewal's last real movement; otherwise the import day)"
        }
        (_, "health_score") => "whole number 0–100".into(),
        (_, "stage") => list(Stage::ALL.iter().map(|s| s.as_str())) + " (CRM stage names too)",
        (_, "opportunity_type") => list(OpportunityType::ALL.iter().map(|s| s.as_str())),
        (_, "touch_model") => list(TouchModel::ALL.iter().map(|s| s.as_str())),
        (_, "segment_override") => list(Segment::ALL.iter().map(|s| s.as_str())),
        (_, "role") => list(Role::ALL.iter().map(|s| s.as_str())) + " (CRM role names too)",
        (_, "sentiment") => list(Sentiment::ALL.iter().map(|s| s.as_str())),
        (_, "status") => list(ContactStatus::ALL.iter().map(|s| s.as_str())),
        (_, "our_thread") => list(Thread::ALL.iter().map(|s| s.as_str())),
        (_, "kind") => list(
            std::iter::once("health_score")
                .chain(ReadingKind::ALL.iter().map(|k| k.as_str()))
                .chain(SignalKind::ALL.iter().map(|k| k.as_str())),
        ),
        (_, "value") => "number (a score, NPS, a percent)".into(),
        (_, "email") => "email address (matches people on re-import)".into(),
        (_, "first_name") | (_, "last_name") => "text (joined into name)".into(),
        _ => "text".into(),
    }
}

/// The reference for one kind as a Markdown table.
pub fn table(kind: ImportKind) -> String {
    let mut out = format!(
        "{}.csv (`*` = required)\n\n| column | aliases | accepts |\n|---|---|---|\n",
        kind.as_str()
    );
    for c in columns(kind) {
        out.push_str(&format!(
            "| {}{} | {} | {} |\n",
            c.name,
            if c.required { "*" } else { "" },
            c.aliases.join(", "),
            accepts(kind, c.name)
        ));
    }
    out
}

/// Every kind's table (`runway import --columns`), or one.
pub fn reference(kind: Option<ImportKind>) -> String {
    let kinds: Vec<ImportKind> = match kind {
        Some(k) => vec![k],
        None => ImportKind::ALL.to_vec(),
    };
    kinds.into_iter().map(table).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_says_what_it_accepts() {
        for k in ImportKind::ALL {
            let t = table(k);
            for c in columns(k) {
                assert!(t.contains(&format!("| {}", c.name)), "{}", c.name);
            }
        }
        assert!(table(ImportKind::Accounts).contains("| arr* | ARR, Annual Recurring Revenue"));
        assert!(table(ImportKind::Signals).contains("`competitive`"));
    }
}
