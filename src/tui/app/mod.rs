//! Application state. Keys become [`Action`]s through the keymap; only `App` methods
//! change state; rendering (in `view`) reads it.

mod account;
mod book_watch;
mod copy;
pub(crate) mod import_job;
mod journal;
mod names;
mod new_account;
mod overlay_keys;
mod portfolio;
mod proposal;
mod queue;
mod queue_load;
mod save;
mod undo;

use crate::domain::Date;
use crate::domain::config::Config;
use crate::store::{Store, StoreError};
use crate::tui::cmdline::CommandLine;
use crate::tui::form::Form;
pub use crate::tui::form::FormError;
use crate::tui::keymap::{Action, Ctx, Keymap};
use crate::tui::palette::Palette;
pub use crate::tui::pane::Pane;
use crate::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub enum Overlay {
    None,
    /// The key help, scrolled by this many lines.
    Help(u16),
    Palette(Palette),
    Command(CommandLine),
    /// A form open for `FormPurpose`; Enter hands it to `App::submit_form`.
    Form(Box<Form>, FormPurpose),
    /// A read-only popup (the priority explanation, a confirmation of what happened).
    Info {
        title: String,
        lines: Vec<String>,
    },
    /// Typing the `/` filter: each key narrows the queue at once.
    Filter,
    /// An `:import` running in the background, with its progress bar.
    Import(Box<self::import_job::ImportJob>),
}

/// What a form is for. Each pane adds the variants it needs and handles them in its
/// `submit` function; the app only routes.
#[derive(Clone, Debug, PartialEq)]
pub enum FormPurpose {
    Queue(crate::tui::queue::QueueForm),
    Account(crate::tui::account::AccountForm),
    Proposal(crate::tui::proposal::ProposalForm),
    Save(crate::tui::save::SaveForm),
    /// The forecast category of this account's open renewal.
    Portfolio(String),
}

pub struct App {
    pub store: Store,
    pub cfg: Config,
    pub today: Date,
    pub keymap: Keymap,
    pub theme: Theme,
    pub book_name: String,
    pub currency: String,
    /// Pane 1, the renewal queue.
    pub queue: crate::tui::queue::QueuePane,
    /// The account pane: the opened account (read when the pane is shown), the
    /// selected person, the panels.
    pub acct: crate::tui::account::AccountPane,
    /// Pane 4, the proposal builder: the open proposal and the selected option.
    pub prop: crate::tui::proposal::ProposalPane,
    /// Account ids and names for the palette and `:goto`, read when first wanted
    /// (reading every name of a 100k book at start-up would double the time to the
    /// first frame; a large book reads them in the background, see `names`).
    pub names: self::names::AccountNames,
    /// The opened account's name, kept for panes when it is outside the queue window.
    account_name: Option<String>,
    pub pane: Pane,
    /// The terminal's size, from the last resize.
    pub size: (u16, u16),
    pub overlay: Overlay,
    pub message: Option<String>,
    /// The account the account, save and proposal panes are about.
    pub account: Option<String>,
    /// Pane 3, the save plan: its data, selection and view toggles.
    pub save: crate::tui::save::SavePane,
    pub quit: bool,
    /// The background check and daily backup of the book, until it reports.
    pub(super) watch: self::book_watch::Watch,
    /// When the book was last asked whether another runway changed it.
    pub(super) last_change_check: std::time::Instant,
    /// The user's changes, for undo and redo across panes.
    pub(super) journal: self::journal::Journal,
    /// The name the current key's change gets in the journal, when its code gives one.
    pub(super) pending_label: Option<String>,
    /// Otherwise the step is named after the action or form that made it.
    pub(super) step_fallback: String,
    /// Whether `y` writes to the terminal's clipboard (off until the cockpit runs in
    /// a terminal, so tests do not print escape sequences).
    pub osc52: bool,
    /// What `y` last copied.
    pub copied: Option<String>,
    /// Pane 5: its state and data, read when it first comes into view.
    pub portfolio: Option<self::portfolio::PortfolioHost>,
    /// A large book: its queue is read in the background (see `queue_load`).
    pub(super) large: bool,
    pub(super) loading: Option<self::queue_load::Loading>,
    /// The window `W` goes to next, read ahead (large books).
    pub(super) ahead: Option<self::queue_load::ReadAhead>,
    /// The window whose rows the queue holds whole (`None`: a first page, or a read
    /// under way), which `W` can narrow or widen without reading it again.
    pub(super) held: Option<Option<i64>>,
    /// The day's forecast snapshot, taken on the first tick after the first frame.
    pub(super) snapshot_due: bool,
}

/// Screen lines that are not queue rows: header and tabs (2), summary and filter
/// lines (2), column titles (1), footer (1).
const CHROME_ROWS: u16 = 6;

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
        let window = cfg.queue.window_days;
        let mut app = App {
            store,
            today,
            keymap,
            theme,
            book_name,
            currency,
            queue: crate::tui::queue::QueuePane::new(window),
            acct: crate::tui::account::AccountPane::new(today, cfg.stakeholders.stale_contact_days),
            prop: Default::default(),
            cfg,
            names: Default::default(),
            account_name: None,
            pane: Pane::Queue,
            size: (120, 40),
            overlay: Overlay::None,
            message: None,
            account: None,
            save: Default::default(),
            quit: false,
            watch: Default::default(),
            last_change_check: std::time::Instant::now(),
            journal: Default::default(),
            pending_label: None,
            step_fallback: String::new(),
            osc52: false,
            copied: None,
            portfolio: None,
            large: false,
            loading: None,
            ahead: None,
            held: None,
            snapshot_due: false,
        };
        app.store.for_cockpit()?;
        app.store.record_changes(true)?;
        app.store.mark_seen()?;
        app.large = app.store.renewals_hint()? > self::queue_load::BACKGROUND_FROM;
        if app.large {
            app.queue.provisional = true;
            app.first_page()?;
        } else {
            app.reload()?;
        }
        Ok(app)
    }

    /// Re-reads the queue window from the store (a large book in the background,
    /// keeping the selected renewal selected when it lands).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        // The book may have changed: what was read ahead may be out of date.
        self.ahead = None;
        if self.large_book() {
            let keep = self.queue.selected_id();
            self.start_background_load(keep);
            return Ok(());
        }
        let rows = self
            .store
            .load_queue(&self.cfg, self.today, self.queue.window)?;
        self.set_rows(rows);
        Ok(())
    }

    /// Takes in background work (an import's progress and result). Returns whether
    /// the screen needs drawing again.
    pub fn tick(&mut self) -> bool {
        // The book's check starts first, so it runs beside the day's snapshot.
        let dirty = self.watch_book()
            | self.daily_snapshot()
            | self.portfolio_tick()
            | self.land_queue()
            | self.names_tick();
        if dirty {
            self.fill_screen_rows();
        }
        let Overlay::Import(job) = &mut self.overlay else {
            return dirty;
        };
        let before = (job.done, job.total, job.waiting);
        let Some(finished) = job.poll() else {
            return dirty || (job.done, job.total, job.waiting) != before;
        };
        if finished.wrote {
            // The book changed under every pane: re-read what is on screen, and the
            // names the palette searches.
            self.reload_everything();
        }
        self.overlay = Overlay::Info {
            title: finished.title,
            lines: finished.lines,
        };
        true
    }

    /// `[ui] mouse = true`: the wheel moves like j/k, a click on a queue row selects
    /// it (a second click on the selected row opens it).
    pub fn handle_mouse(&mut self, m: ratatui::crossterm::event::MouseEvent) {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        if self.too_small() || !matches!(self.overlay, Overlay::None) {
            return;
        }
        match m.kind {
            MouseEventKind::ScrollDown => self.update(Action::Down),
            MouseEventKind::ScrollUp => self.update(Action::Up),
            MouseEventKind::Down(MouseButton::Left) if self.pane == Pane::Queue => {
                // The table's first row sits below the header, tabs, summary, filter
                // line and column titles.
                let Some(row) = (m.row as usize).checked_sub(CHROME_ROWS as usize - 1) else {
                    return;
                };
                let i = self.queue.offset + row;
                if i < self.queue.list_len() {
                    if i == self.queue.selected {
                        self.update(Action::Open);
                    } else {
                        self.queue.selected = i;
                    }
                }
            }
            _ => {}
        }
        self.fill_screen_rows();
    }

    /// Whether the window is below the size the cockpit can draw in.
    pub fn too_small(&self) -> bool {
        self.size.0 < crate::tui::layout::MIN_WIDTH || self.size.1 < crate::tui::layout::MIN_HEIGHT
    }

    /// Ctrl-L / `:reload`: reads the book again, as after another runway's change.
    pub(super) fn reload_by_hand(&mut self) {
        self.reload_everything();
        if self.message.is_none() {
            self.message = Some("reloaded from the file".into());
        }
    }

    /// Whether background work is running (the event loop polls faster then).
    pub fn busy(&self) -> bool {
        self.portfolio_busy()
            || self.queue_loading()
            || self.names_busy()
            || matches!(self.overlay, Overlay::Import(_))
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        if let Some(h) = self.portfolio.as_mut() {
            h.state.update(
                crate::tui::portfolio::PortfolioMsg::Resize {
                    width,
                    height: height.saturating_sub(3),
                },
                &h.data,
            );
        }
        self.queue.viewport_rows = height.saturating_sub(CHROME_ROWS).max(1) as usize;
        self.queue.scroll_into_view();
        self.fill_screen_rows();
    }

    /// One key: routed to the overlay or the pane, and whatever it wrote filed as one
    /// step of the undo journal.
    pub fn handle_key(&mut self, key: KeyEvent) {
        self.route_key(key);
        let fallback = std::mem::take(&mut self.step_fallback);
        self.finish_step(&fallback);
        // Whatever the key moved, the next frame has the queue's rows it shows.
        self.fill_screen_rows();
    }

    fn route_key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
        {
            self.quit = true;
            return;
        }
        // While the window is too small to show anything, keys must not act on a
        // screen the user cannot see: only quitting works until it grows again.
        if self.too_small() {
            if self.keymap.action_for(&key, Ctx::Global) == Some(Action::Quit) {
                self.quit = true;
            }
            return;
        }
        if !matches!(self.overlay, Overlay::None) {
            return self.overlay_key(key);
        }
        if let Some(a) = self.keymap.action_for(&key, self.pane.ctx()) {
            self.update(a);
        } else if key.code == KeyCode::Esc {
            self.update(Action::Back);
        }
    }

    pub fn update(&mut self, action: Action) {
        self.step_fallback = crate::tui::keymap::describe(action).to_string();
        let before = self.pane;
        self.apply(action);
        // The account pane reads its account fresh whenever it comes into view.
        if self.pane == Pane::Account && before != Pane::Account {
            self.load_account();
        }
        // Portfolio re-reads whenever it comes into view: the book may have moved.
        if self.pane == Pane::Portfolio && before != Pane::Portfolio {
            self.load_portfolio(None);
        }
        if self.pane == Pane::Proposal && before != Pane::Proposal {
            self.load_proposal();
        }
        // The save pane re-reads when it comes into view, and after its own writes
        // (its host does that), not on every key: Tab and the moving keys change
        // nothing in the plan.
        if self.pane == Pane::Save && before != Pane::Save {
            self.load_save();
        }
    }

    fn apply(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Overlay::Help(0),
            Action::Palette => self.open_palette(),
            Action::CommandLine => self.overlay = Overlay::Command(CommandLine::default()),
            Action::NextPane => self.pane = self.pane.step(1),
            Action::PrevPane => self.pane = self.pane.step(-1),
            Action::PaneQueue => self.pane = Pane::Queue,
            Action::PaneAccount => self.pane = Pane::Account,
            Action::PaneSave => self.pane = Pane::Save,
            Action::PaneProposal => self.pane = Pane::Proposal,
            Action::PanePortfolio => self.pane = Pane::Portfolio,
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Reload => self.reload_by_hand(),
            Action::Copy => self.copy_current(),
            a if self.pane_takes(a) => self.pane_action(a),
            // What no pane took: Tab on a pane of one panel moves on to the next pane,
            // and Esc backs out to the queue.
            Action::FocusNext => self.pane = self.pane.step(1),
            Action::FocusPrev => self.pane = self.pane.step(-1),
            Action::Back => self.pane = Pane::Queue,
            _ => {}
        }
    }

    /// Whether the pane on screen handles `a` itself. Everything but Tab and Esc is
    /// the pane's; Tab is a pane's when it has panels to move between, Esc when a
    /// panel is zoomed (the queue's Esc clears its filters).
    fn pane_takes(&self, a: Action) -> bool {
        let zoomed = match self.pane {
            Pane::Queue => true,
            Pane::Account => self.acct.panels.zoom,
            Pane::Save => self.save.panels.zoom,
            Pane::Proposal => self.prop.panels.zoom,
            Pane::Portfolio => self.portfolio.as_ref().is_some_and(|p| p.state.zoom),
        };
        let panels = match self.pane {
            Pane::Queue => false,
            Pane::Account | Pane::Portfolio => true,
            Pane::Save => self.save.has_panels(),
            Pane::Proposal => self.prop.has_panels(),
        };
        match a {
            Action::FocusNext | Action::FocusPrev => panels,
            Action::Back => zoomed,
            _ => true,
        }
    }

    /// Hands an action to the pane on screen (its host in `app/<pane>.rs`).
    fn pane_action(&mut self, a: Action) {
        match (self.pane, a) {
            (Pane::Queue, Action::Back) => self.queue_back(),
            (Pane::Queue, a) => self.queue_action(a),
            (Pane::Account, a) => self.account_action(a),
            (Pane::Save, a) => self.save_action(a),
            (Pane::Proposal, a) => self.proposal_action(a),
            (Pane::Portfolio, Action::Back) => self.portfolio_action(Action::PortfolioZoom),
            (Pane::Portfolio, a) => self.portfolio_action(a),
        }
    }

    /// Routes a submitted form to the pane that opened it. An error keeps the form
    /// open with the message beside the field it names.
    pub(super) fn submit_form(
        &mut self,
        form: &Form,
        purpose: &FormPurpose,
    ) -> Result<(), FormError> {
        match purpose {
            FormPurpose::Queue(q) => self.submit_queue_form(form, q),
            FormPurpose::Account(a) => self.submit_account_form(form, a),
            FormPurpose::Proposal(p) => self.submit_proposal_form(form, p),
            FormPurpose::Save(s) => self.submit_save_form(form, s),
            FormPurpose::Portfolio(account) => {
                self.submit_category(form, account);
                Ok(())
            }
        }?;
        // A queue form opened from the account pane (a milestone done) refreshes it too.
        if self.pane == Pane::Account {
            self.load_account();
        }
        if self.pane == Pane::Save {
            self.load_save();
        }
        Ok(())
    }

    pub fn current_account_name(&self) -> Option<&str> {
        self.account.as_ref()?;
        self.account_name.as_deref()
    }
}

/// A store error on submit keeps the form open with the message (no field).
impl From<StoreError> for FormError {
    fn from(e: StoreError) -> FormError {
        FormError {
            message: e.to_string(),
            field: None,
        }
    }
}
