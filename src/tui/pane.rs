//! The cockpit's panes, in tab order. Components name a pane to ask the app to show it.

use super::keymap::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Account,
    Save,
    Proposal,
    Portfolio,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Queue,
        Pane::Account,
        Pane::Save,
        Pane::Proposal,
        Pane::Portfolio,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Queue => "Queue",
            Pane::Account => "Account",
            Pane::Save => "Save plan",
            Pane::Proposal => "Proposal",
            Pane::Portfolio => "Portfolio",
        }
    }

    /// The key context of the pane.
    pub fn ctx(self) -> Ctx {
        match self {
            Pane::Queue => Ctx::Queue,
            Pane::Account => Ctx::Account,
            Pane::Save => Ctx::Save,
            Pane::Proposal => Ctx::Proposal,
            Pane::Portfolio => Ctx::Portfolio,
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `by` places along the tabs, wrapping round.
    pub fn step(self, by: isize) -> Pane {
        let n = Pane::ALL.len() as isize;
        Pane::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}
