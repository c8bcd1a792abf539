//! One file per pane.

pub mod account;
pub mod queue;
