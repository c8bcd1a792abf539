//! One file per pane.

pub mod proposal;
pub mod queue;
pub mod save;
