//! One file per pane.

pub mod account;
pub mod proposal;
pub mod queue;
