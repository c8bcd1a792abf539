//! The queue's keys: moving, filtering, sorting and marking change the pane alone;
//! triage keys open a form or ask for a write; the host runs what comes back.

use super::forms::QueueWrite;
use super::state::next_window;
use super::{QueueCx, QueueEffect, QueuePane};
use crate::domain::health::HealthBand;
use crate::domain::ownership::Lead;
use crate::domain::queue_fields::QueueFields;
use crate::domain::queue_view::{self, AgendaItem, AgendaKind};
use crate::domain::renewal::Stage;
use crate::domain::segment::Segment;
use crate::domain::text::inert;
use crate::tui::form::Form;
use crate::tui::keymap::Action;

impl QueuePane {
    /// One action on the queue. Changes to the view happen here; what needs the store
    /// or another part of the cockpit comes back as an effect.
    pub fn update(&mut self, action: Action, cx: &QueueCx) -> Option<QueueEffect> {
        // A large book's first screen is the soonest renewals by date: sorting,
        // filtering or widening it would mislead until the whole window is read.
        if (self.provisional || self.partial) && needs_whole_window(action) {
            return message("still reading the whole window — this key works in a moment");
        }
        match action {
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::PageDown => self.move_selection(self.half_page()),
            Action::PageUp => self.move_selection(-self.half_page()),
            Action::Open => {
                return self
                    .selected()
                    .map(|r| QueueEffect::OpenAccount(r.facts.account_id.clone()));
            }
            Action::Why => {
                let (title, lines) = self.why(cx)?;
                return Some(QueueEffect::Info { title, lines });
            }
            Action::Agenda => {
                self.agenda = !self.agenda;
                self.to_top();
                // Tasks made from other panes (a save plan's win-back check-ins) show
                // as soon as the agenda opens.
                if self.agenda {
                    return Some(QueueEffect::ReadTasks);
                }
                self.refresh_agenda(cx);
            }
            Action::CycleWindow => {
                self.window = next_window(self.window);
                return Some(QueueEffect::Reload);
            }
            Action::Filter => return Some(QueueEffect::OpenFilter),
            Action::NewAccount => return Some(QueueEffect::NewAccount),
            Action::Mark => {
                let id = self.selected()?.facts.renewal_id;
                if !self.marked.remove(&id) {
                    self.marked.insert(id);
                }
                self.move_selection(1);
            }
            Action::MarkAll => return Some(self.mark_all()),
            Action::AdvanceStage => return Some(self.advance()),
            Action::SetStage => {
                let ids = self.targets();
                let r = self.selected()?;
                return Some(form(self.set_stage_form(ids, r)));
            }
            Action::MilestoneDone => return self.milestone(),
            Action::AssignOwner => {
                let ids = self.targets();
                return (!ids.is_empty()).then_some(QueueEffect::AskOwners(ids));
            }
            Action::Snooze => {
                let ids = self.targets();
                return (!ids.is_empty()).then(|| form(self.snooze_form(ids, cx.today)));
            }
            Action::SetProbability => return Some(form(self.probability_form(self.selected()?))),
            Action::AddNote => return Some(form(self.note_form(self.selected()?))),
            Action::FlagAtRisk => return Some(form(self.flag_form(self.selected()?))),
            Action::CloseRenewal => return Some(form(self.close_form(self.selected()?, cx))),
            a => {
                if self.view_key(a, cx) {
                    self.refresh_view(cx);
                }
            }
        }
        None
    }

    /// Sort and filter keys. Returns whether the list must be derived again.
    fn view_key(&mut self, action: Action, cx: &QueueCx) -> bool {
        let f = &mut self.filters;
        match action {
            Action::SortNext => {
                self.sort = self.sort.next();
                self.reverse = false;
            }
            Action::SortReverse => self.reverse = !self.reverse,
            Action::FilterMine => {
                f.mine = !f.mine;
                f.role = Some(Lead::parse(&cx.cfg.user.role).unwrap_or(Lead::Csm));
            }
            Action::FilterSegment => f.segment = queue_view::cycle(f.segment, Segment::ALL),
            Action::FilterHealth => {
                f.band = queue_view::cycle(
                    f.band,
                    &[HealthBand::Red, HealthBand::Yellow, HealthBand::Green],
                )
            }
            Action::FilterStage => f.stage = queue_view::cycle(f.stage, Stage::OPEN),
            Action::FilterAtRisk => f.at_risk = !f.at_risk,
            Action::FilterBehind => f.behind = !f.behind,
            Action::FilterStalled => f.stalled = !f.stalled,
            Action::ShowSnoozed => f.show_snoozed = !f.show_snoozed,
            Action::ToggleStepsDue => f.hide_steps_due = !f.hide_steps_due,
            _ => return false,
        }
        true
    }

    /// `V`: marks every row the filters show; when they are all marked already,
    /// clears the marks instead (one key to select all and to let go).
    fn mark_all(&mut self) -> QueueEffect {
        let shown: Vec<i64> = if self.agenda {
            Vec::new()
        } else {
            self.view
                .iter()
                .map(|&i| self.rows.get(i).renewal_id())
                .collect()
        };
        if !shown.is_empty() && shown.iter().all(|id| self.marked.contains(id)) {
            self.marked.clear();
            QueueEffect::Message("marks cleared".into())
        } else {
            self.marked.extend(shown.iter().copied());
            QueueEffect::Message(format!(
                "{} marked — stage, owner and snooze apply to all; V again clears",
                self.marked.len()
            ))
        }
    }

    /// `n`: each target renewal to its next open stage.
    fn advance(&self) -> QueueEffect {
        let plan: Vec<(i64, Stage)> = self
            .targets()
            .iter()
            .filter_map(|id| self.row_of_renewal(*id))
            .filter_map(|r| Some((r.renewal_id(), r.stage().advanced()?)))
            .collect();
        if plan.is_empty() {
            return QueueEffect::Message("already at the last open stage — close it with C".into());
        }
        QueueEffect::Write(QueueWrite::Advance(plan))
    }

    /// `d`: the agenda's selected playbook step, or the selected row's next one.
    fn milestone(&self) -> Option<QueueEffect> {
        let agenda_item = self
            .agenda
            .then(|| self.agenda_items.get(self.selected))
            .flatten();
        let (row, key) = match agenda_item {
            Some(AgendaItem {
                row,
                kind: AgendaKind::Milestone(k),
                ..
            }) => (*row, Some(*k)),
            Some(_) => return message("only playbook steps can be marked done here"),
            None => {
                let i = self.selected_row()?;
                (i, self.full_row(i)?.next_milestone.as_ref().map(|m| m.key))
            }
        };
        let Some(key) = key else {
            return Some(QueueEffect::Message(format!(
                "{}: no open playbook step",
                inert(self.rows.get(row).account_name())
            )));
        };
        Some(form(self.milestone_form(row, key)))
    }
}

/// Keys that would mislead on a first page by date.
fn needs_whole_window(action: Action) -> bool {
    matches!(
        action,
        Action::CycleWindow
            | Action::SortNext
            | Action::SortReverse
            | Action::Filter
            | Action::FilterMine
            | Action::FilterSegment
            | Action::FilterHealth
            | Action::FilterStage
            | Action::FilterAtRisk
            | Action::FilterBehind
            | Action::FilterStalled
            | Action::ShowSnoozed
            | Action::ToggleStepsDue
            | Action::MarkAll
            | Action::Agenda
    )
}

fn form((f, kind): (Form, super::QueueForm)) -> QueueEffect {
    QueueEffect::OpenForm(Box::new(f), kind)
}

fn message(text: &str) -> Option<QueueEffect> {
    Some(QueueEffect::Message(text.to_string()))
}
