//! One file per pane.

pub mod placeholder;
pub mod queue;
pub mod save;
