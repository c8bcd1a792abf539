//! Pane 2, Account: one customer before a call — header and health, the stakeholder
//! map (their people by role, our threads, the tie between them), coverage warnings
//! with next steps, risk signals (derived, open, resolved), the recent activity log
//! and the playbook. A self-contained component: it knows the domain, the shared
//! widgets (`form`, `panel`, `format`, `theme`) and the keymap's `Action`s, and
//! nothing of the app or the store.
//!
//! The API, all of it:
//!
//! ```text
//! let mut pane = AccountPane::new(today, cfg.stakeholders.stale_contact_days);
//! // the host reads the account, its latest activity lines and its currency:
//! pane.set_detail(store.account_detail(..)?, store.recent_activities(..)?, cur);
//! pane.detail, pane.sel, pane.panels, pane.selected_person()  // what is open, where
//! if let Some(effect) = pane.update(action) { /* the host runs it */ }
//! // a form the pane opened, submitted:
//! let effect = pane.read_form(&kind, &form)?;      // FormError names the field to fix
//! account::render(frame, area, &pane, &theme);
//! ```
//!
//! Five panels ([`PEOPLE`] … [`PLAYBOOK`], in Tab order). `FocusNext`/`FocusPrev`
//! move between them, j/k move the selected person when the people have focus and
//! scroll the focused panel otherwise, Enter or `z` zooms it, `Back` unzooms. At
//! 80 columns the activity log shares the playbook's place and shows while focused.
//! Every panel keeps at least its title and one line on screen, and a zoomed panel
//! shows its lines uncut (wrapped; the map adds the selected person in full), so
//! everything a title counts can be reached at 80×24.
//!
//! Effects the host runs ([`AccountEffect`]); each write is one transaction (with a
//! line in the account's activity log), then the host reads the account again:
//! - `OpenForm(form, kind)`: show the form; on submit hand it back to `read_form`.
//! - `OpenMilestoneDone`: the queue's milestone-done form for the next playbook step.
//! - `Message`: a line for the status bar.
//! - `WriteBrief`: write the pre-call brief (`crate::io::brief`) to the export folder.
//! - `Write(AccountWrite)`: a change to the account in domain values (a person
//!   added, edited, removed or gone; a signal logged or resolved; an activity; the
//!   segment override; a save plan started). After a competitive `LogSignal` with
//!   no save plan open, the host offers [`start_save_form`] (§11: save mode at once).

mod forms;
mod map;
mod render;
mod state;

pub use forms::{AccountField, AccountForm, start_save_form};
pub use render::render;
pub use state::AccountPane;

use crate::domain::Date;
use crate::domain::activity::ActivityKind;
use crate::domain::book::{Signal, Stakeholder};
use crate::domain::segment::Segment;
use crate::domain::stakeholder::ContactStatus;
use crate::tui::form::Form;

/// The account pane's panels, in Tab order (indices into `Panels`).
pub const PEOPLE: usize = 0;
pub const COVERAGE: usize = 1;
pub const SIGNALS: usize = 2;
pub const ACTIVITY: usize = 3;
pub const PLAYBOOK: usize = 4;
pub const PANELS: usize = 5;

/// What the host must do.
#[derive(Clone, Debug)]
pub enum AccountEffect {
    OpenForm(Box<Form>, AccountForm),
    /// The queue's milestone-done form, for step `key` of `renewal`.
    OpenMilestoneDone {
        form: Box<Form>,
        renewal: i64,
        key: &'static str,
    },
    Message(String),
    WriteBrief {
        account_id: String,
    },
    Write(AccountWrite),
}

/// A change to the open account, in domain values. `text` is the line for the
/// activity log and, after "saved: ", for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountWrite {
    /// Add (`person.id` 0) or update a stakeholder.
    SaveStakeholder {
        person: Stakeholder,
        text: String,
    },
    RemoveStakeholder {
        id: i64,
        text: String,
    },
    /// They left or changed role: a stakeholder-change signal dated today, and the
    /// renewal flagged at risk when they were the champion.
    MarkDeparted {
        person: Stakeholder,
        status: ContactStatus,
        text: String,
    },
    LogSignal {
        signal: Signal,
        text: String,
    },
    StartSavePlan,
    LogActivity {
        kind: ActivityKind,
        note: String,
        /// The open renewal, when there is one.
        renewal: Option<i64>,
    },
    ResolveSignal {
        id: i64,
        on: Date,
    },
    /// `segment: None` clears the override (and its reason).
    SetSegment {
        segment: Option<Segment>,
        reason: Option<String>,
        text: String,
    },
}

#[cfg(test)]
mod tests;
