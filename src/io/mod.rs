//! Formats at the edge: files and output written for people and other tools.

pub mod files;
pub mod queue_json;
pub mod text;
