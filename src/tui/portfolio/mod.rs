//! Pane 5, Portfolio (issue 15): the manager's Monday-morning view of the book —
//! what is our commit, what moved since last week and why, who needs help, and what
//! keeps beating us. A self-contained component: it knows ratatui, the theme, the
//! domain and `crate::portfolio_view`, and nothing else of the cockpit.
//!
//! The API, all of it:
//!
//! ```text
//! let data  = PortfolioData::load(&store, &cfg, today, period)?;   // crate::portfolio_view
//! // or, for a first frame within 50 ms at 100k: load_now(..), draw, then
//! // data.load_history(&store, &cfg)? (What moved and Trend say "Reading…" until then)
//! let mut s = PortfolioState::new(data.period().clone());
//! // keys → PortfolioMsg (the app's keymap decides which key is which message)
//! if let Some(effect) = s.update(msg, &data) { /* the app runs it */ }
//! portfolio::render(frame, area, &s, &data, &theme);
//! ```
//!
//! Six sections: Forecast, What moved, Trend, Team, Risk, Win/loss. Each has its own
//! selection; `NextSection`/`PrevSection` (or `Focus`) move between them, `Zoom` gives
//! the focused one the whole pane. Wide panes show them as a grid; at 80×24 they stack
//! and every section but the focused one is a one-line summary.
//!
//! Effects the app runs (`PortfolioEffect`):
//! - `OpenQueueFiltered`: show the queue with these filters; `ids` (account ids) are
//!   exactly the renewals meant, the flags say why in words for the filter line.
//! - `Reload(period)`: build `PortfolioData` again for another period (the state
//!   already holds it; selections are clamped on the next message and at render).
//! - `SetCategory`: the CSM's forecast category for an account's open renewal
//!   (`None`: back to the default), then reload.
//! - `ShowInfo`: an info popup — the `Why` formulas, a debrief, a pattern's losses.

mod layout;
mod render;
mod rows;
mod state;
mod view_forecast;
mod view_tables;
mod view_trend;

pub use crate::portfolio_view::PortfolioData;
pub use render::render;
pub use state::PortfolioState;

use crate::domain::portfolio::{ForecastCategory, Period};

/// The pane's sections, in focus order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Forecast,
    Moved,
    Trend,
    Team,
    Risk,
    WinLoss,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Forecast,
        Section::Moved,
        Section::Trend,
        Section::Team,
        Section::Risk,
        Section::WinLoss,
    ];

    pub fn index(self) -> usize {
        Section::ALL
            .iter()
            .position(|s| *s == self)
            .expect("every section is in ALL")
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Forecast => "Forecast",
            Section::Moved => "What moved",
            Section::Trend => "Trend",
            Section::Team => "Team",
            Section::Risk => "Risk",
            Section::WinLoss => "Win/loss",
        }
    }
}

/// Columns the team table sorts by, in the order `SortNext` steps through them.
/// Names sort A→Z; every figure sorts largest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamSort {
    Name,
    Due,
    Forecast,
    Commit,
    AtRisk,
    Behind,
    Stalled,
    OnTime,
}

impl TeamSort {
    pub const ALL: [TeamSort; 8] = [
        TeamSort::Name,
        TeamSort::Due,
        TeamSort::Forecast,
        TeamSort::Commit,
        TeamSort::AtRisk,
        TeamSort::Behind,
        TeamSort::Stalled,
        TeamSort::OnTime,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TeamSort::Name => "name",
            TeamSort::Due => "renewals due",
            TeamSort::Forecast => "forecast",
            TeamSort::Commit => "commit",
            TeamSort::AtRisk => "at risk",
            TeamSort::Behind => "behind",
            TeamSort::Stalled => "stalled",
            TeamSort::OnTime => "steps on time",
        }
    }
}

/// Whose rows the team table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamBy {
    /// Each renewal's owner.
    Owner,
    /// The ownership model's lead (CSM, renewal specialist, sales).
    Lead,
}

/// What a key means in this pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortfolioMsg {
    NextSection,
    PrevSection,
    Focus(Section),
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    /// The focused section full-screen, or back.
    Zoom,
    /// The formulas behind the figures, with their inputs.
    Why,
    PeriodNext,
    PeriodPrev,
    /// The team table's next sort column.
    SortNext,
    /// The team table by owner, or by the ownership model's lead.
    GroupNext,
    /// Enter: open what the selected row stands for.
    Open,
    /// The selected renewal's forecast category (`None`: back to the default).
    SetCategory(Option<ForecastCategory>),
    /// The pane's size, so a page is what is visible.
    Resize {
        width: u16,
        height: u16,
    },
}

/// What the app must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortfolioEffect {
    OpenQueueFiltered {
        owner: Option<String>,
        stalled: bool,
        late: bool,
        segment: Option<String>,
        /// Account ids of exactly the renewals meant.
        ids: Vec<String>,
    },
    Reload(Period),
    SetCategory {
        account_id: String,
        category: Option<ForecastCategory>,
    },
    ShowInfo {
        title: String,
        lines: Vec<String>,
    },
}

#[cfg(test)]
mod tests;
