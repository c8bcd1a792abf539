//! The canonical CSV columns (data-formats.md), in the order exports write them. One
//! list serves the importer's header matching and the exporter, so an export always
//! re-imports to the same book.

/// accounts.csv
pub const ACCOUNT_COLUMNS: &[&str] = &[
    "account_id",
    "account_name",
    "arr",
    "currency",
    "renewal_date",
    "owner",
    "health_score",
    "stage",
    "opportunity_type",
    "touch_model",
    "target_arr",
    "contract_start",
    "segment_override",
    "industry",
    "domain",
];

/// stakeholders.csv
pub const STAKEHOLDER_COLUMNS: &[&str] = &[
    "account_id",
    "name",
    "title",
    "email",
    "phone",
    "role",
    "sentiment",
    "last_contact",
    "status",
    "our_thread",
    "our_contact",
];

/// signals.csv: risk signals, health scores (kind `health_score`) and readings.
pub const SIGNAL_COLUMNS: &[&str] = &["account_id", "date", "kind", "value", "note"];
