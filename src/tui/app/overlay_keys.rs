//! What a key does while an overlay is open — the palette, the command line, help,
//! a popup, the `/` filter, a running import, a form — and the `:` commands. The
//! pane's own keys go through the keymap in `app.rs`.

use crate::store::Store;
use crate::tui::app::{App, Overlay};
use crate::tui::cmdline::{self, Command};
use crate::tui::form;
use crate::tui::keymap::{Action, Ctx};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(crate) fn overlay_key(&mut self, key: KeyEvent) {
        match &mut self.overlay {
            Overlay::Palette(p) => match key.code {
                KeyCode::Esc => self.overlay = Overlay::None,
                KeyCode::Enter => {
                    if let Some(id) = p.chosen_id(&self.names.list) {
                        self.overlay = Overlay::None;
                        self.open_account(id);
                    }
                }
                KeyCode::Down => p.move_by(1),
                KeyCode::Up => p.move_by(-1),
                KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => p.move_by(1),
                KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    p.move_by(-1)
                }
                KeyCode::Backspace => {
                    p.pop(&self.names.list);
                    p.also = found_elsewhere(&self.store, &p.input);
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    p.push(c, &self.names.list);
                    p.also = found_elsewhere(&self.store, &p.input);
                }
                _ => {}
            },
            Overlay::Command(c) => match key.code {
                KeyCode::Esc => self.overlay = Overlay::None,
                KeyCode::Tab => c.complete(),
                KeyCode::Backspace if c.input.is_empty() => self.overlay = Overlay::None,
                KeyCode::Backspace => {
                    c.input.pop();
                }
                KeyCode::Enter => {
                    let line = std::mem::take(&mut c.input);
                    self.overlay = Overlay::None;
                    match cmdline::parse(&line) {
                        Ok(cmd) => self.run_command(cmd),
                        Err(m) => self.message = Some(m),
                    }
                }
                KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    c.input.push(ch)
                }
                _ => {}
            },
            Overlay::Help(scroll) => match self.keymap.action_for(&key, Ctx::Global) {
                Some(Action::Help | Action::Back | Action::Quit) => self.overlay = Overlay::None,
                Some(Action::Down) => *scroll = scroll.saturating_add(1),
                Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                Some(Action::PageDown) => *scroll = scroll.saturating_add(10),
                Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                Some(Action::Top) => *scroll = 0,
                _ if key.code == KeyCode::Esc => self.overlay = Overlay::None,
                _ => {}
            },
            Overlay::Info { .. } => self.overlay = Overlay::None,
            // Only Esc means anything while an import runs: it asks the import to
            // stop, and the import's transaction rolls back.
            Overlay::Import(job) => {
                if key.code == KeyCode::Esc {
                    job.cancel();
                }
            }
            Overlay::Filter => {
                match key.code {
                    KeyCode::Esc => {
                        self.queue.text.clear();
                        self.overlay = Overlay::None;
                    }
                    KeyCode::Enter => self.overlay = Overlay::None,
                    KeyCode::Backspace => {
                        self.queue.text.pop();
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        self.queue.text.push(c)
                    }
                    _ => return,
                }
                self.queue.to_top();
                self.text_changed();
            }
            Overlay::Form(f, _) => match f.handle_key_on(
                key,
                form::DateCtx {
                    today: Some(self.today),
                    order: self.cfg.book.date_order.clone(),
                },
            ) {
                form::Outcome::Editing => {}
                form::Outcome::Cancelled => {
                    self.overlay = Overlay::None;
                    self.message = Some("cancelled — nothing saved".into());
                }
                form::Outcome::Submitted => {
                    self.step_fallback = f.title.clone();
                    if let Overlay::Form(mut f, purpose) =
                        std::mem::replace(&mut self.overlay, Overlay::None)
                        && let Err(msg) = self.submit_form(&f, &purpose)
                    {
                        // Refused because another runway changed the book: what is
                        // behind the form is re-read now, and what was typed stays.
                        if self.store.changed_since_seen().unwrap_or(false) {
                            self.reload_everything();
                        }
                        f.fail(msg.message, msg.field.as_deref());
                        self.overlay = Overlay::Form(f, purpose);
                    }
                }
            },
            Overlay::None => {}
        }
    }

    pub(crate) fn run_command(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => self.quit = true,
            Command::Help => self.overlay = Overlay::Help(0),
            Command::New => self.open_new_account_form(),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Reload => self.reload_by_hand(),
            Command::Import(req) => {
                let label = format!(
                    "{} {} from {}",
                    if req.flags.dry_run {
                        "Checking"
                    } else {
                        "Importing"
                    },
                    req.kind.as_str(),
                    req.file.display()
                );
                let work = super::import_job::work_for(
                    req,
                    self.store.path().to_path_buf(),
                    self.cfg.clone(),
                    self.today,
                );
                self.overlay =
                    Overlay::Import(Box::new(super::import_job::ImportJob::start(label, work)));
            }
            Command::Goto(name) => {
                self.ensure_names();
                // The same resolver as the command line; when the name is ambiguous
                // the best candidate opens, as before.
                use crate::resolve::{Resolved, resolve};
                let list = &self.names.list;
                match resolve(list.ids(), list.names(), &name) {
                    Resolved::One(i) => {
                        let id = list.id(i).to_string();
                        self.open_account(id);
                    }
                    Resolved::Many(many) => {
                        let id = list.id(many[0]).to_string();
                        self.open_account(id);
                    }
                    Resolved::None => {
                        self.message = Some(format!(
                            "no account matches '{}'",
                            crate::domain::text::inert(&name)
                        ))
                    }
                }
            }
        }
    }
}

/// Accounts whose contacts or notes hold `text` (from three characters; names and
/// ids are the palette's own matching, so the store is not asked to read them).
fn found_elsewhere(store: &Store, text: &str) -> Vec<crate::domain::search::SearchHit> {
    if text.trim().chars().count() < 3 {
        return Vec::new();
    }
    store.search_beyond_names(text, 50).unwrap_or_default()
}
