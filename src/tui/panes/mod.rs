//! One file per pane.

pub mod proposal;
pub mod save;
