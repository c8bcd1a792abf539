//! Undo and redo in the app: take the step, ask the store to reverse or repeat it,
//! re-read every pane, and say what happened. An undo refused because a row changed
//! since is dropped: that row is someone else's edit now.

use super::journal::Step;
use crate::store::StoreError;
use crate::tui::app::App;

#[derive(Clone, Copy, PartialEq)]
enum Way {
    Undo,
    Redo,
}

impl App {
    /// Names the step the current key or form is making (otherwise the action's own
    /// description names it).
    pub(crate) fn step_label(&mut self, label: &str) {
        self.pending_label = Some(label.to_string());
    }

    /// Files whatever the last key or form wrote as one step of the journal.
    pub(crate) fn finish_step(&mut self, fallback: &str) {
        let changes = self.store.take_recorded();
        let label = self
            .pending_label
            .take()
            .unwrap_or_else(|| fallback.to_string());
        self.journal.push(Step { label, changes });
    }

    pub fn undo(&mut self) {
        self.step(Way::Undo)
    }

    pub fn redo(&mut self) {
        self.step(Way::Redo)
    }

    fn step(&mut self, way: Way) {
        let taken = match way {
            Way::Undo => self.journal.take_undo(),
            Way::Redo => self.journal.take_redo(),
        };
        let Some(step) = taken else {
            self.message = Some(
                match way {
                    Way::Undo => "nothing to undo",
                    Way::Redo => "nothing to redo",
                }
                .into(),
            );
            return;
        };
        let mut result = self.apply_step(&step, way);
        if matches!(result, Err(StoreError::Changed)) {
            // Another runway wrote the book since the screen was read: read it again,
            // then let the row-by-row check decide whether this step still holds.
            self.reload_everything();
            result = self.apply_step(&step, way);
        }
        match result {
            Ok(()) => {
                self.message = Some(match way {
                    Way::Undo => format!("undone: {} — Ctrl-R redoes", step.label),
                    Way::Redo => format!("redone: {} — u undoes", step.label),
                });
                match way {
                    Way::Undo => self.journal.undone(step),
                    Way::Redo => self.journal.redone(step),
                }
                self.reload_all_panes();
            }
            Err(e @ StoreError::Busy) => {
                self.message = Some(e.to_string());
                match way {
                    Way::Undo => self.journal.return_undo(step),
                    Way::Redo => self.journal.return_redo(step),
                }
            }
            Err(e) => self.message = Some(format!("{e} ({})", step.label)),
        }
    }

    fn apply_step(&mut self, step: &Step, way: Way) -> Result<(), StoreError> {
        match way {
            Way::Undo => self.store.undo_changes(&step.changes),
            Way::Redo => self.store.redo_changes(&step.changes),
        }
    }

    /// Re-reads the queue (keeping the selection) and the pane on screen: an undo can
    /// reach any pane's data, whichever pane it was pressed in.
    fn reload_all_panes(&mut self) {
        self.reload_keeping_selection();
        self.reload_pane();
    }
}
