//! Application state. Keys become [`Action`]s through the keymap; only `App` methods
//! change state; rendering (in `view`) reads it.

use super::cmdline::{self, Command, CommandLine};
use super::keymap::{Action, Keymap};
use super::palette::Palette;
use super::theme::Theme;
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::queue::{self, QueueRow, Summary};
use crate::store::{Store, StoreError};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Account,
    Save,
    Proposal,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Account, Pane::Save, Pane::Proposal];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Queue => "Queue",
            Pane::Account => "Account",
            Pane::Save => "Save plan",
            Pane::Proposal => "Proposal",
        }
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

pub enum Overlay {
    None,
    Help,
    Palette(Palette),
    Command(CommandLine),
}

pub struct App {
    pub store: Store,
    pub cfg: Config,
    pub today: Date,
    pub keymap: Keymap,
    pub theme: Theme,
    pub book_name: String,
    pub currency: String,
    /// The open renewals in the configured window, in priority order.
    pub rows: Vec<QueueRow>,
    pub summary: Summary,
    /// Account names (for the palette) and their ids, index-aligned.
    pub names: Vec<String>,
    pub ids: Vec<String>,
    pub pane: Pane,
    pub selected: usize,
    pub offset: usize,
    /// Queue rows that fit on screen; kept by `resize` so paging knows a page.
    pub viewport_rows: usize,
    pub overlay: Overlay,
    pub message: Option<String>,
    /// The account the account, save and proposal panes are about.
    pub account: Option<String>,
    pub quit: bool,
}

/// Screen lines that are not queue rows: header (2), column titles (1), footer (1).
const CHROME_ROWS: u16 = 4;

impl App {
    pub fn new(
        store: Store,
        cfg: Config,
        today: Date,
        keymap: Keymap,
        theme: Theme,
    ) -> Result<App, StoreError> {
        let book_name = store
            .meta("book_name")?
            .unwrap_or_else(|| "My book".to_string());
        let currency = store
            .meta("currency")?
            .unwrap_or_else(|| cfg.book.currency.clone());
        let (ids, names): (Vec<String>, Vec<String>) = store.account_names()?.into_iter().unzip();
        let mut app = App {
            store,
            cfg,
            today,
            keymap,
            theme,
            book_name,
            currency,
            rows: Vec::new(),
            summary: Summary::default(),
            names,
            ids,
            pane: Pane::Queue,
            selected: 0,
            offset: 0,
            viewport_rows: 20,
            overlay: Overlay::None,
            message: None,
            account: None,
            quit: false,
        };
        app.reload()?;
        Ok(app)
    }

    /// Re-reads the queue window from the store.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.rows =
            self.store
                .load_queue(&self.cfg, self.today, Some(self.cfg.queue.window_days))?;
        self.summary = queue::summarize(&self.rows);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn resize(&mut self, _width: u16, height: u16) {
        self.viewport_rows = height.saturating_sub(CHROME_ROWS).max(1) as usize;
        self.scroll_into_view();
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
        {
            self.quit = true;
            return;
        }
        match &mut self.overlay {
            Overlay::Palette(p) => match key.code {
                KeyCode::Esc => self.overlay = Overlay::None,
                KeyCode::Enter => {
                    if let Some(i) = p.chosen() {
                        let id = self.ids[i].clone();
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
                KeyCode::Backspace => p.pop(&self.names),
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    p.push(c, &self.names)
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
            Overlay::Help => match self.keymap.action_for(&key) {
                Some(Action::Help | Action::Back | Action::Quit) => self.overlay = Overlay::None,
                _ if key.code == KeyCode::Esc => self.overlay = Overlay::None,
                _ => {}
            },
            Overlay::None => {
                if let Some(a) = self.keymap.action_for(&key) {
                    self.update(a);
                } else if key.code == KeyCode::Esc {
                    self.update(Action::Back);
                }
            }
        }
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Overlay::Help,
            Action::Palette => self.overlay = Overlay::Palette(Palette::new(&self.names)),
            Action::CommandLine => self.overlay = Overlay::Command(CommandLine::default()),
            Action::NextPane => self.pane = Pane::ALL[(self.pane.index() + 1) % 4],
            Action::PrevPane => self.pane = Pane::ALL[(self.pane.index() + 3) % 4],
            Action::PaneQueue => self.pane = Pane::Queue,
            Action::PaneAccount => self.pane = Pane::Account,
            Action::PaneSave => self.pane = Pane::Save,
            Action::PaneProposal => self.pane = Pane::Proposal,
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::PageDown => self.move_selection((self.viewport_rows / 2).max(1) as isize),
            Action::PageUp => self.move_selection(-((self.viewport_rows / 2).max(1) as isize)),
            Action::Open => {
                if let (Pane::Queue, Some(r)) = (self.pane, self.rows.get(self.selected)) {
                    let id = r.facts.account_id.clone();
                    self.open_account(id);
                }
            }
            Action::Back => {
                if self.pane != Pane::Queue {
                    self.pane = Pane::Queue;
                }
            }
        }
    }

    fn run_command(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => self.quit = true,
            Command::Help => self.overlay = Overlay::Help,
            Command::Goto(name) => {
                let hits = crate::fuzzy::search(&self.names, 0..self.names.len(), &name);
                match hits.first() {
                    Some(h) => {
                        let id = self.ids[h.index].clone();
                        self.open_account(id);
                    }
                    None => {
                        self.message = Some(format!(
                            "no account matches '{}'",
                            crate::domain::text::inert(&name)
                        ))
                    }
                }
            }
        }
    }

    pub fn open_account(&mut self, id: String) {
        if let Some(i) = self.rows.iter().position(|r| r.facts.account_id == id) {
            self.selected = i;
            self.scroll_into_view();
        }
        self.account = Some(id);
        self.pane = Pane::Account;
    }

    fn move_selection(&mut self, delta: isize) {
        if self.pane != Pane::Queue || self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last) as usize;
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        let vp = self.viewport_rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + vp {
            self.offset = self.selected + 1 - vp;
        }
        // Never leave blank rows at the bottom when the list could fill them.
        let max_offset = self.rows.len().saturating_sub(vp);
        self.offset = self.offset.min(max_offset);
    }

    /// The row the other panes are about: the opened account's, else the selection.
    pub fn current_row(&self) -> Option<&QueueRow> {
        match &self.account {
            Some(id) => self.rows.iter().find(|r| &r.facts.account_id == id),
            None => self.rows.get(self.selected),
        }
    }

    pub fn current_account_name(&self) -> Option<&str> {
        let id = self.account.as_ref()?;
        self.ids
            .iter()
            .position(|x| x == id)
            .map(|i| self.names[i].as_str())
    }
}
