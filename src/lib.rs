//! Runway: a keyboard-driven renewal cockpit over one local SQLite file.

pub mod backups;
pub mod cli;
pub mod cli_add;
pub mod cli_export;
pub mod cli_portfolio;
pub mod cli_proposal;
pub mod cli_report;
pub mod cli_save;
pub mod cli_shell;
pub mod config;
pub mod demo;
pub mod domain;
pub mod fuzzy;
pub mod io;
pub mod name_list;
pub mod paths;
pub mod portfolio_view;
pub mod resolve;
pub mod store;
pub mod tui;
