//! Formats at the edge: files written for people and other tools.

pub mod files;
pub mod save_plan;
