//! Formats at the edge: files and output written for people and other tools.

pub mod account_json;
pub mod brief;
pub mod calendar;
pub mod canonical;
pub mod csv_export;
pub mod files;
pub mod import;
pub mod out;
pub mod portfolio_json;
pub mod proposal_doc;
pub mod proposal_export;
pub mod queue_json;
pub mod report;
pub mod save_assessment;
pub mod save_plan;
pub mod spill;
pub mod text;
