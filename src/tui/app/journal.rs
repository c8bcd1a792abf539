//! The user's own changes, across every pane, as steps that can be undone and redone.
//! The store records what each write changed ([`crate::store::Changes`]); the app
//! files it here after each key or form as one named step. A new change clears the
//! redo list, as in every editor.

use crate::store::Changes;

/// How many steps are kept; older ones drop off (their changes stay saved).
const KEEP: usize = 200;

pub struct Step {
    /// What the step did, in the words the status line used ("stage set to Verbal").
    pub label: String,
    pub changes: Changes,
}

#[derive(Default)]
pub struct Journal {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl Journal {
    /// Files a new change; whatever was undone before it can no longer be redone.
    pub fn push(&mut self, step: Step) {
        if step.changes.is_empty() {
            return;
        }
        self.redo.clear();
        self.undo.push(step);
        if self.undo.len() > KEEP {
            self.undo.remove(0);
        }
    }

    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// An undone step becomes redoable.
    pub fn undone(&mut self, step: Step) {
        self.redo.push(step);
    }

    /// A redone step becomes undoable again (without clearing the rest of redo).
    pub fn redone(&mut self, step: Step) {
        self.undo.push(step);
    }

    /// Puts a step back where it came from (the book was busy; try again later).
    pub fn return_undo(&mut self, step: Step) {
        self.undo.push(step);
    }

    pub fn return_redo(&mut self, step: Step) {
        self.redo.push(step);
    }
}
