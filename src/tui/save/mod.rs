//! Pane 3, the save plan (§15): the assessment of a renewal at risk, the plan's items
//! (problem, fix, owner, deadline), concessions with who approved them, escalation and
//! the close, and the book's save metrics. A component: it knows the domain, the
//! forms and the keymap's `Action`s, and nothing of the app or the store.
//!
//! The API, all of it:
//!
//! ```text
//! let mut s = SavePane::default();
//! s.set_data(SaveData { account, account_name, plan, counts, pre });  // the host reads these
//! if let Some(effect) = s.update(action, &cfg) { /* the host runs it */ }
//! // a submitted form (opened by an OpenForm effect):
//! let effect = s.read_form(&kind, &form, &cfg, today)?;   // FormError names the field
//! save::render(frame, area, &s, &theme, &cfg);            // reads the state only
//! ```
//!
//! Keys: `S` start a plan, `a` assess, `i`/`e`/`D` add, edit, delete an item, `s` its
//! status, `f` the quick-fix view, `c`/`A` add and approve a concession, `h` log
//! hours, `E` escalate, `C` close, `x` export.
//!
//! Panels (`state.panels`, Tab order): `ASSESSMENT`, `ITEMS`, `CONCESSIONS`. Tab /
//! Shift-Tab move focus; j/k select an item while `ITEMS` has focus and scroll any
//! other; Enter or `z` zooms the focused one, Esc backs out. Without a plan the pane
//! is one page (`has_panels()` is false) and the app lets Tab move on to the next pane.
//!
//! Effects the host runs (`SaveEffect`):
//! - `Message`: a line for the footer (why nothing happened).
//! - `OpenForm(form, kind)`: show the form; on Enter hand it back to `read_form`.
//! - `Write { write, done }`: one change to the book (`SaveWrite`, domain values
//!   only), then reload the pane and show `done`.
//! - `ExportCustomerPlan`: write the customer-facing plan to the export folder.

mod forms;
mod render;
mod state;
#[cfg(test)]
mod tests;

pub use forms::{SaveField, SaveForm};
pub use render::render;
pub use state::{ASSESSMENT, CONCESSIONS, ITEMS, PANELS, SaveData, SavePane};

use crate::domain::approval::ApproverLevel;
use crate::domain::book::{Concession, SaveItem};
use crate::domain::save::EscalationStage;
use crate::domain::save_plan::Assessment;
use crate::tui::form::Form;

/// What the host must do.
#[derive(Debug)]
pub enum SaveEffect {
    Message(String),
    OpenForm(Box<Form>, SaveForm),
    Write { write: SaveWrite, done: String },
    ExportCustomerPlan,
}

/// One change to the book, as the store records it (one undo step each).
#[derive(Clone, Debug, PartialEq)]
pub enum SaveWrite {
    StartPlan {
        account: String,
    },
    Assess {
        plan: i64,
        assessment: Assessment,
    },
    AddItem {
        plan: i64,
        item: SaveItem,
    },
    UpdateItem {
        id: i64,
        item: SaveItem,
    },
    DeleteItem {
        id: i64,
    },
    AddConcession {
        plan: i64,
        concession: Concession,
    },
    ApproveConcession {
        id: i64,
        level: ApproverLevel,
    },
    LogHours {
        plan: i64,
        hours: i64,
    },
    Escalate {
        plan: i64,
        stage: EscalationStage,
        brief: Option<String>,
    },
    CloseSaved {
        plan: i64,
        weeks: u32,
    },
    CloseLost {
        plan: i64,
        debrief: String,
    },
}
