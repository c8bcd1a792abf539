//! Pane 4, the proposal builder (§8, §9, §14): Good / Better / Best for the account's
//! open renewal with every year's price, the pricing rules' warnings, and the
//! approvals a discount needs before the customer may see it (issue 12). A
//! component: it knows the domain, the forms, the keymap's `Action`s and the
//! document builder in `io::proposal_export`, and nothing of the app or the store.
//!
//! The API, all of it:
//!
//! ```text
//! let mut s = ProposalPane::default();
//! s.set_open(Some(OpenProposal { .. }));           // the host reads it from the book
//! if let Some(effect) = s.update(action, &cfg) { /* the host runs it */ }
//! let effect = s.read_form(&kind, &form, &cfg)?;   // a submitted form; FormError names the field
//! s.export_blocked(&cfg)                           // why x / y may not hand it out yet
//! proposal::render(frame, area, &s, &theme, &cfg); // reads the state only
//! ```
//!
//! Keys: h/l the option, `e` edit it, `r` recommend it, `B` bundling, `v` value
//! framing, `a` record an approval, `A` accepted, `S` status, `w` every rule in full,
//! `x` export.
//!
//! Panels (`state.panels`, Tab order): `OPTIONS`, `RULES`, `APPROVALS`. Tab /
//! Shift-Tab move focus, j/k scroll the focused one, Enter or `z` zooms it, Esc backs
//! out. With no proposal open `has_panels()` is false and Tab moves on to the next pane.
//!
//! Effects the host runs (`ProposalEffect`):
//! - `Message`, `Info`: the footer line, a popup.
//! - `OpenForm(form, kind)`: show the form; on Enter hand it back to `read_form`.
//! - `Write(ProposalWrite)`: one change to the open proposal — a draft saved as the
//!   next version, the status, an acceptance, an approval (the store checks the
//!   approval rule again) — then reload.
//! - `Export`: write the customer documents (`OpenProposal::source`) to the export
//!   folder; only returned when no approval is missing.

mod forms;
mod render;
mod state;
#[cfg(test)]
mod tests;

pub use forms::{ProposalField, ProposalForm};
pub use render::render;
pub use state::{APPROVALS, OPTIONS, OpenProposal, PANELS, ProposalPane, RULES};

use crate::domain::approval::ApproverLevel;
use crate::domain::money::Money;
use crate::domain::proposal_rules::{Draft, TierName};
use crate::tui::form::Form;

/// What the host must do.
#[derive(Debug)]
pub enum ProposalEffect {
    Message(String),
    Info { title: String, lines: Vec<String> },
    OpenForm(Box<Form>, ProposalForm),
    Write(ProposalWrite),
    Export,
}

/// One change to the open proposal, as the store records it (one undo step each).
#[derive(Clone, Debug, PartialEq)]
pub enum ProposalWrite {
    /// The draft as the next version, logged as "Proposal vN: `what`".
    SaveDraft {
        draft: Box<Draft>,
        what: String,
    },
    /// draft, sent or declined.
    SetStatus(String),
    Accept {
        tier: TierName,
        first_year: Money,
    },
    Approve {
        tier: TierName,
        level: ApproverLevel,
        by: String,
    },
}
