//! Pane 5 in the app: turns keys into the Portfolio component's messages, keeps its
//! data, and runs the effects it asks for (open the queue filtered, reload for another
//! period, set a forecast category, show a popup). The component itself
//! (`tui::portfolio`) knows nothing of the app.

use crate::domain::portfolio::{ForecastCategory, Period};
use crate::portfolio_view::pane::History;
use crate::tui::app::{App, FormPurpose, Overlay, Pane};
use crate::tui::form::{Field, Form, Kind};
use crate::tui::keymap::Action;
use crate::tui::portfolio::{PortfolioData, PortfolioEffect, PortfolioMsg, PortfolioState};
use std::sync::mpsc::{Receiver, TryRecvError};

crate::form_fields!(
    /// The fields of this pane's forms: each form names its fields by these, so a
    /// misspelt field is a compile error, not a value silently read as empty.
    PortfolioField {
        Category = "Category",
    }
);

/// The pane's state and data. The snapshot history (What moved, Trend) takes the
/// longest to read — about 0.3 s at 100k accounts with two years of snapshots — so it
/// is read on a thread with its own read-only connection while the pane is already
/// drawn and answering keys; those sections say "Reading…" until it lands.
pub struct PortfolioHost {
    pub state: PortfolioState,
    pub data: PortfolioData,
    /// The history thread, until it reports.
    history: Option<Receiver<Result<History, String>>>,
}

impl App {
    /// Reads the pane's data for `period` (this quarter when none yet).
    pub(crate) fn load_portfolio(&mut self, period: Option<Period>) {
        let period = period
            .or_else(|| self.portfolio.as_ref().map(|p| p.state.period.clone()))
            .unwrap_or_else(|| {
                crate::domain::portfolio::quarter_of(
                    self.today,
                    self.cfg.portfolio.fiscal_year_start_month,
                )
            });
        match PortfolioData::load_now(&self.store, &self.cfg, self.today, period.clone()) {
            Ok(data) => {
                let state = match self.portfolio.take() {
                    Some(mut h) => {
                        h.state.period = period;
                        h.state
                    }
                    None => PortfolioState::new(period),
                };
                let mut host = PortfolioHost {
                    history: Some(self.read_history_in_background(&data)),
                    state,
                    data,
                };
                let (w, h) = self.size;
                host.state.update(
                    PortfolioMsg::Resize {
                        width: w,
                        height: h.saturating_sub(3),
                    },
                    &host.data,
                );
                self.portfolio = Some(host);
            }
            Err(e) => self.message = Some(format!("portfolio not read: {e:#}")),
        }
    }

    fn read_history_in_background(
        &self,
        data: &PortfolioData,
    ) -> Receiver<Result<History, String>> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, cfg, today) = (
            self.store.path().to_path_buf(),
            self.cfg.clone(),
            self.today,
        );
        let (period, lines) = (data.period().clone(), data.forecast.lines.clone());
        std::thread::spawn(move || {
            let read = crate::store::Store::open_with(&path, crate::store::Access::ReadOnly)
                .map_err(anyhow::Error::from)
                .and_then(|s| {
                    crate::portfolio_view::pane::history(&s, &cfg, today, &period, &lines)
                })
                .map_err(|e| format!("{e:#}"));
            let _ = tx.send(read);
        });
        rx
    }

    /// Takes in the snapshot history when its thread is done. Returns whether the
    /// screen changed.
    pub(crate) fn portfolio_tick(&mut self) -> bool {
        let Some(h) = self.portfolio.as_mut() else {
            return false;
        };
        let Some(rx) = &h.history else {
            return false;
        };
        let got = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the history reader stopped".into()),
        };
        self.land_history(got);
        true
    }

    fn land_history(&mut self, got: Result<History, String>) {
        let Some(h) = self.portfolio.as_mut() else {
            return;
        };
        h.history = None;
        match got {
            Ok(hist) => h.data.set_history(hist),
            Err(e) => self.message = Some(format!("what moved not read: {e}")),
        }
    }

    /// Waits for the history thread (tests and benches, which need the whole pane).
    pub fn wait_for_history(&mut self) {
        if let Some(rx) = self.portfolio.as_mut().and_then(|h| h.history.take()) {
            let got = rx
                .recv()
                .unwrap_or_else(|_| Err("the history reader stopped".into()));
            self.land_history(got);
        }
    }

    /// Whether the pane is still waiting for its history (the event loop polls faster).
    pub(crate) fn portfolio_busy(&self) -> bool {
        self.portfolio.as_ref().is_some_and(|h| h.history.is_some())
    }

    pub(crate) fn portfolio_action(&mut self, action: Action) {
        if self.portfolio.is_none() {
            self.load_portfolio(None);
        }
        let msg = match action {
            Action::FocusNext => PortfolioMsg::NextSection,
            Action::FocusPrev => PortfolioMsg::PrevSection,
            Action::Down => PortfolioMsg::Down,
            Action::Up => PortfolioMsg::Up,
            Action::Top => PortfolioMsg::Top,
            Action::Bottom => PortfolioMsg::Bottom,
            Action::PageDown => PortfolioMsg::PageDown,
            Action::PageUp => PortfolioMsg::PageUp,
            Action::Open => PortfolioMsg::Open,
            Action::PortfolioZoom => PortfolioMsg::Zoom,
            Action::PortfolioWhy => PortfolioMsg::Why,
            Action::PeriodNext => PortfolioMsg::PeriodNext,
            Action::PeriodPrev => PortfolioMsg::PeriodPrev,
            Action::TeamSort => PortfolioMsg::SortNext,
            Action::TeamGroup => PortfolioMsg::GroupNext,
            Action::SetCategory => return self.open_category_form(),
            _ => return,
        };
        let Some(h) = self.portfolio.as_mut() else {
            return;
        };
        if let Some(effect) = h.state.update(msg, &h.data) {
            self.run_portfolio_effect(effect);
        }
    }

    fn run_portfolio_effect(&mut self, effect: PortfolioEffect) {
        match effect {
            PortfolioEffect::Reload(period) => self.load_portfolio(Some(period)),
            PortfolioEffect::ShowInfo { title, lines } => {
                self.overlay = Overlay::Info { title, lines }
            }
            PortfolioEffect::SetCategory {
                account_id,
                category,
            } => self.set_category(&account_id, category),
            PortfolioEffect::OpenQueueFiltered {
                owner,
                stalled,
                late,
                segment,
                ids,
            } => {
                let mut why: Vec<String> = Vec::new();
                if let Some(o) = owner {
                    why.push(format!("owner {o}"));
                }
                if let Some(s) = segment {
                    why.push(format!("segment {s}"));
                }
                if stalled {
                    why.push("stalled".into());
                }
                if late {
                    why.push("late".into());
                }
                let label = if why.is_empty() {
                    format!("{} from Portfolio", ids.len())
                } else {
                    format!("{} from Portfolio: {}", ids.len(), why.join(", "))
                };
                let window_before = match self.queue.only.take() {
                    Some(only) => only.window_before,
                    None => self.queue.window,
                };
                self.queue.only = Some(crate::tui::queue::OnlyThese {
                    label,
                    account_ids: ids.into_iter().collect(),
                    window_before,
                });
                // The period reaches past the queue's window: show them all.
                self.queue.window = None;
                self.pane = Pane::Queue;
                self.queue.to_top();
                if let Err(e) = self.reload() {
                    self.message = Some(e.to_string());
                }
            }
        }
    }

    fn set_category(&mut self, account_id: &str, category: Option<ForecastCategory>) {
        let label = match category {
            Some(c) => format!("forecast category of {account_id} set to {}", c.label()),
            None => format!("forecast category of {account_id} back to its default"),
        };
        match self.store.set_forecast_category(account_id, category) {
            Ok(true) => {
                self.step_label(&label);
                self.message = Some(format!("{label} — u undoes"));
                self.load_portfolio(None);
            }
            Ok(false) => self.message = Some(format!("{account_id} has no open renewal")),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// `c` in the pane: the category of the selected row's renewal, as a choice.
    fn open_category_form(&mut self) {
        let Some(h) = self.portfolio.as_ref() else {
            return;
        };
        let account = match h.state.selected_account(&h.data) {
            Ok(a) => a,
            Err(why) => {
                self.message = Some(why);
                return;
            }
        };
        let mut codes = vec!["default".to_string()];
        let mut labels = vec!["Default (from stage and health)".to_string()];
        for c in ForecastCategory::ALL
            .iter()
            .filter(|c| **c != ForecastCategory::Closed)
        {
            codes.push(c.as_str().to_string());
            labels.push(c.title().into_owned());
        }
        let form = Form::new(
            "Forecast category",
            vec![Field::new(PortfolioField::Category, Kind::Choice(codes)).labels(labels)],
        )
        .with_note({
            // The account's name, as the pane shows it, and its id.
            let name = h
                .data
                .forecast
                .lines
                .iter()
                .find(|l| l.account_id == account)
                .map_or(account.as_str(), |l| l.account_name.as_str());
            format!(
                "For {} ({})",
                crate::domain::text::inert(name),
                crate::domain::text::inert(&account)
            )
        });
        self.overlay = Overlay::Form(Box::new(form), FormPurpose::Portfolio(account));
    }

    pub(crate) fn submit_category(&mut self, form: &Form, account: &str) {
        let code = form.get(PortfolioField::Category);
        let category = ForecastCategory::parse(code);
        self.set_category(account, category);
    }
}
