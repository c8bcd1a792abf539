//! The pane's state and the one place it changes: `PortfolioState::update`.

use super::rows::{self, MovedRow, RiskRow, WinRow};
use super::{PortfolioEffect, PortfolioMsg, Section, TeamBy, TeamSort, layout};
use crate::domain::money::Money;
use crate::domain::portfolio::{ForecastCategory, Line, Period};
use crate::domain::text::inert;
use crate::portfolio_view::PortfolioData;
use crate::portfolio_view::why;
use ratatui::layout::Rect;

/// Which section has focus, each section's selected row, the period shown, the team
/// table's sort and grouping, whether the focused section is full-screen.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioState {
    pub focus: Section,
    /// Selected row per section (`Section::index`).
    pub selected: [usize; 6],
    pub period: Period,
    pub team_sort: TeamSort,
    pub team_by: TeamBy,
    pub zoom: bool,
    /// The pane's last size (`Resize`), so a page is what is visible.
    pub area: Rect,
}

/// Rows a page moves before the pane has been told its size.
const DEFAULT_PAGE: usize = 10;

impl PortfolioState {
    pub fn new(period: Period) -> PortfolioState {
        PortfolioState {
            focus: Section::Forecast,
            selected: [0; 6],
            period,
            team_sort: TeamSort::Name,
            team_by: TeamBy::Owner,
            zoom: false,
            area: Rect::default(),
        }
    }

    /// The selected row of `s`, within its rows now.
    pub fn selected_in(&self, s: Section, d: &PortfolioData) -> usize {
        let n = rows::section_len(d, s, self.team_by);
        self.selected[s.index()].min(n.saturating_sub(1))
    }

    fn page(&self) -> usize {
        if self.area.height == 0 {
            DEFAULT_PAGE
        } else {
            layout::focus_rows(self.area, self.focus, self.zoom)
        }
    }

    fn step_focus(&mut self, forward: bool) {
        let i = self.focus.index();
        let n = Section::ALL.len();
        self.focus = Section::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// Applies `msg`; returns what the app must do, if anything.
    pub fn update(&mut self, msg: PortfolioMsg, d: &PortfolioData) -> Option<PortfolioEffect> {
        let len = rows::section_len(d, self.focus, self.team_by);
        let last = len.saturating_sub(1);
        let page = self.page();
        let sel = &mut self.selected[self.focus.index()];
        *sel = (*sel).min(last);
        match msg {
            PortfolioMsg::NextSection => self.step_focus(true),
            PortfolioMsg::PrevSection => self.step_focus(false),
            PortfolioMsg::Focus(s) => self.focus = s,
            PortfolioMsg::Down => *sel = (*sel + 1).min(last),
            PortfolioMsg::Up => *sel = sel.saturating_sub(1),
            PortfolioMsg::Top => *sel = 0,
            PortfolioMsg::Bottom => *sel = last,
            PortfolioMsg::PageDown => *sel = (*sel + page).min(last),
            PortfolioMsg::PageUp => *sel = sel.saturating_sub(page),
            PortfolioMsg::Zoom => self.zoom = !self.zoom,
            PortfolioMsg::Why => return Some(self.why(d)),
            PortfolioMsg::PeriodNext | PortfolioMsg::PeriodPrev => {
                // From the period asked for last, so two presses before the reload
                // lands step twice.
                let p = crate::portfolio_view::pane::step_period(
                    &self.period,
                    msg == PortfolioMsg::PeriodNext,
                    d.fy_start_month,
                );
                self.period = p.clone();
                return Some(PortfolioEffect::Reload(p));
            }
            PortfolioMsg::SortNext => {
                let i = TeamSort::ALL
                    .iter()
                    .position(|s| *s == self.team_sort)
                    .unwrap_or(0);
                self.team_sort = TeamSort::ALL[(i + 1) % TeamSort::ALL.len()];
            }
            PortfolioMsg::GroupNext => {
                self.team_by = match self.team_by {
                    TeamBy::Owner => TeamBy::Lead,
                    TeamBy::Lead => TeamBy::Owner,
                };
                self.selected[Section::Team.index()] = 0;
            }
            PortfolioMsg::Open => return self.open(d),
            PortfolioMsg::SetCategory(c) => return Some(self.set_category(c, d)),
            PortfolioMsg::Resize { width, height } => {
                self.area = Rect::new(0, 0, width, height);
            }
        }
        None
    }

    /// The formulas of the selected team row's figures (Team focused), else of the
    /// whole period's, every currency.
    fn why(&self, d: &PortfolioData) -> PortfolioEffect {
        let title = format!("How the {} figures are made", d.period().label);
        let mut lines = Vec::new();
        if self.focus == Section::Team
            && let Some(r) = self.team_row(d)
        {
            let who = rows::team_name(self.team_by, &r.name);
            lines = why::explain(&r.figures, d.period(), &who, &d.cur(&r.figures.currency));
        } else {
            for f in &d.forecast.figures {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                lines.extend(why::explain(f, d.period(), "Everyone", &d.cur(&f.currency)));
            }
        }
        if lines.is_empty() {
            lines.push(format!(
                "No renewals are due in {} ({} to {}): every figure is zero and GRR/NRR have no start to divide by.",
                d.period().label,
                d.period().from,
                d.period().to
            ));
        }
        PortfolioEffect::ShowInfo { title, lines }
    }

    fn team_row<'a>(
        &self,
        d: &'a PortfolioData,
    ) -> Option<&'a crate::portfolio_view::pane::TeamRow> {
        let order = rows::team_order(d, self.team_by, self.team_sort);
        let i = *order.get(self.selected_in(Section::Team, d))?;
        rows::team_rows(d, self.team_by).get(i)
    }

    fn open(&self, d: &PortfolioData) -> Option<PortfolioEffect> {
        let i = self.selected_in(self.focus, d);
        let queue = |owner: Option<String>, stalled, late, segment, ids| {
            Some(PortfolioEffect::OpenQueueFiltered {
                owner,
                stalled,
                late,
                segment,
                ids,
            })
        };
        let ids_of = |keep: &dyn Fn(&Line) -> bool| -> Vec<String> {
            d.forecast
                .lines
                .iter()
                .filter(|l| d.period().contains(l.renewal_date) && keep(l))
                .map(|l| l.account_id.clone())
                .collect()
        };
        match self.focus {
            Section::Forecast | Section::Trend => None,
            Section::Moved => match rows::moved_row(d, i)? {
                MovedRow::Move(m) => {
                    let (id, _) = d.moved.as_ref().ok()?.name_of(m.renewal_id);
                    (!id.is_empty()).then_some(())?;
                    queue(None, false, false, None, vec![id])
                }
                MovedRow::Step { kind: Some(k), .. } => {
                    let m = d.moved.as_ref().ok()?;
                    let ids = m
                        .moves
                        .iter()
                        .filter(|x| x.kind == k)
                        .map(|x| m.name_of(x.renewal_id).0)
                        .filter(|id| !id.is_empty())
                        .collect();
                    queue(None, false, false, None, ids)
                }
                MovedRow::Step { .. } => None,
            },
            Section::Team => {
                let r = self.team_row(d)?;
                match self.team_by {
                    TeamBy::Owner => {
                        let none = r.name == "(no owner)";
                        let ids = ids_of(&|l| match &l.owner {
                            Some(o) => **o == *r.name,
                            None => none,
                        });
                        let owner = (!none).then(|| r.name.clone());
                        queue(owner, false, false, None, ids)
                    }
                    TeamBy::Lead => {
                        let ids = d
                            .lead_lines
                            .get(&r.name)
                            .map(|ls| {
                                ls.iter()
                                    .map(|i| d.forecast.lines[*i].account_id.clone())
                                    .collect()
                            })
                            .unwrap_or_default();
                        queue(None, false, false, None, ids)
                    }
                }
            }
            Section::Risk => match rows::risk_row(d, i)? {
                RiskRow::Segment(g) => {
                    let ids =
                        ids_of(&|l| l.closed.is_none() && l.at_risk && l.segment.as_str() == g.key);
                    queue(None, false, false, Some(g.key.clone()), ids)
                }
                RiskRow::Kind(g) => {
                    let ids = ids_of(&|l| {
                        l.closed.is_none()
                            && l.at_risk
                            && match crate::domain::risk::SignalKind::parse(&g.key) {
                                Some(k) => l.risk_kinds & k.bit() != 0,
                                None => l.risk_kinds == 0,
                            }
                    });
                    queue(None, false, false, None, ids)
                }
                RiskRow::AllStalled(_) => {
                    let ids = d
                        .watch
                        .iter()
                        .filter(|w| w.stalled)
                        .map(|w| d.line(w).account_id.clone())
                        .collect();
                    queue(None, true, false, None, ids)
                }
                RiskRow::AllLate(_) => {
                    let ids = d
                        .watch
                        .iter()
                        .filter(|w| w.late())
                        .map(|w| d.line(w).account_id.clone())
                        .collect();
                    queue(None, false, true, None, ids)
                }
                RiskRow::Item(w) => queue(
                    None,
                    w.stalled,
                    w.late(),
                    None,
                    vec![d.line(w).account_id.clone()],
                ),
            },
            Section::WinLoss => Some(match rows::win_row(d, i)? {
                WinRow::Pattern(p) => pattern_info(d, p),
                WinRow::Record(r) => record_info(d, r),
            }),
        }
    }

    /// The account of the selected row when it names an open renewal.
    pub fn selected_account(&self, d: &PortfolioData) -> Result<String, String> {
        let i = self.selected_in(self.focus, d);
        let renewal = match self.focus {
            Section::Moved => match rows::moved_row(d, i) {
                Some(MovedRow::Move(m)) => Some(m.renewal_id),
                _ => None,
            },
            Section::Risk => match rows::risk_row(d, i) {
                Some(RiskRow::Item(w)) => Some(d.line(w).renewal_id),
                _ => None,
            },
            _ => None,
        };
        let Some(id) = renewal else {
            return Err("Pick a renewal first: a move in What moved, or a renewal in Risk's stalled and late list.".into());
        };
        match d.forecast.lines.iter().find(|l| l.renewal_id == id) {
            Some(l) if l.closed.is_none() => Ok(l.account_id.clone()),
            Some(l) => Err(format!(
                "{} is closed: its category is `closed` until a new renewal opens.",
                inert(&l.account_name)
            )),
            None => Err("That renewal is no longer due in this period.".into()),
        }
    }

    fn set_category(&self, c: Option<ForecastCategory>, d: &PortfolioData) -> PortfolioEffect {
        if c == Some(ForecastCategory::Closed) {
            return info(
                "Forecast category",
                "`closed` is not set by hand: a renewal is closed when it is won or lost.".into(),
            );
        }
        match self.selected_account(d) {
            Ok(account_id) => PortfolioEffect::SetCategory {
                account_id,
                category: c,
            },
            Err(why) => info("Forecast category", why),
        }
    }
}

fn info(title: &str, line: String) -> PortfolioEffect {
    PortfolioEffect::ShowInfo {
        title: title.into(),
        lines: vec![line],
    }
}

fn money(d: &PortfolioData, m: Money, c: &str) -> String {
    m.format(&d.cur(c))
}

/// The losses behind a pattern, largest first.
fn pattern_info(d: &PortfolioData, p: &crate::domain::winloss::Pattern) -> PortfolioEffect {
    let same = |v: Option<&str>| v.is_some_and(|v| v.trim() == p.value);
    let mut lines = vec![format!(
        "{} {} lost to this {} in {}: {} ARR{}",
        p.count,
        if p.count == 1 { "renewal" } else { "renewals" },
        p.by,
        p.currency,
        money(d, p.arr, &p.currency),
        if p.pattern {
            format!(" — a pattern ({} or more alike)", d.pattern_min)
        } else {
            format!(" — data, not yet a pattern (under {})", d.pattern_min)
        }
    )];
    let mut rs: Vec<_> = d
        .records
        .iter()
        .filter(|r| r.is_loss() && r.currency == p.currency)
        .filter(|r| match p.by {
            "reason" => {
                r.reason.as_deref().unwrap_or("(no reason given)") == p.value
                    || same(r.reason.as_deref())
            }
            "competitor" => same(r.competitor.as_deref()),
            _ => r.segment.as_str() == p.value,
        })
        .collect();
    rs.sort_by_key(|r| std::cmp::Reverse(r.lost_arr()));
    for r in rs {
        lines.push(format!(
            "  {} {} — {} lost, closed {}",
            inert(&r.account_name),
            r.result.as_str(),
            money(d, r.lost_arr(), &r.currency),
            r.closed_on
        ));
    }
    PortfolioEffect::ShowInfo {
        title: format!("Pattern: {} {}", p.by, inert(&p.value)),
        lines,
    }
}

/// A closed renewal's debrief, every field in words.
fn record_info(d: &PortfolioData, r: &crate::domain::winloss::Record) -> PortfolioEffect {
    let opt = |label: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| format!("{label}: {}", inert(v)))
            .unwrap_or_else(|| format!("{label}: —"))
    };
    let lines = vec![
        format!(
            "{} ({}), {} — {}",
            inert(&r.account_name),
            inert(&r.account_id),
            r.result.as_str(),
            r.segment.label()
        ),
        format!(
            "ARR {} → {} · closed {} · owner {}",
            money(d, r.arr, &r.currency),
            money(d, r.final_value, &r.currency),
            r.closed_on,
            inert(r.owner.as_deref().unwrap_or("—"))
        ),
        opt(
            if r.is_loss() {
                "Real reason"
            } else {
                "What made it work"
            },
            &r.reason,
        ),
        opt("Value cited", &r.value_cited),
        opt("Could improve", &r.could_improve),
        opt("Missed expansion", &r.missed_expansion),
        opt("Competitor", &r.competitor),
        opt("When really lost", &r.when_really_lost),
        format!(
            "Could it have been saved: {}",
            match r.could_have_saved {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            }
        ),
    ];
    PortfolioEffect::ShowInfo {
        title: format!("Debrief: {}", inert(&r.account_name)),
        lines,
    }
}
