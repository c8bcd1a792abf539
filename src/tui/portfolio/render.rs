//! Drawing the pane: each section in its panel (or as a one-line summary when the
//! sections are stacked), the focused one marked in words and by a ▶, never by colour
//! alone. Rendering reads the state and never changes it.

use super::layout::{self, Shape};
use super::rows;
use super::{PortfolioState, Section, TeamBy, view_forecast, view_tables, view_trend};
use crate::domain::money::Money;
use crate::portfolio_view::PortfolioData;
use crate::tui::format::fit;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// What a section body gets to draw with.
pub struct Ctx<'a> {
    pub data: &'a PortfolioData,
    pub state: &'a PortfolioState,
    pub theme: &'a Theme,
    pub focused: bool,
    /// The section's selected row (clamped to its rows).
    pub selected: usize,
}

/// The rows `[start, end)` of `len` to draw in `height` lines so `sel` is visible.
pub fn window(sel: usize, len: usize, height: usize) -> (usize, usize) {
    if height == 0 || len == 0 {
        return (0, 0);
    }
    let start = if sel < height { 0 } else { sel + 1 - height };
    (start, (start + height).min(len))
}

/// Draws the Portfolio pane into `area`.
pub fn render(
    f: &mut Frame,
    area: Rect,
    state: &PortfolioState,
    data: &PortfolioData,
    theme: &Theme,
) {
    if area.width < 24 || area.height < 8 {
        f.render_widget(
            Paragraph::new(Span::styled(
                fit("Portfolio needs at least 24×8", area.width as usize),
                theme.muted(),
            )),
            area,
        );
        return;
    }
    for (s, rect, shape) in layout::sections(area, state.focus, state.zoom) {
        let focused = s == state.focus;
        match shape {
            Shape::Summary => {
                let text = whole_parts(
                    &format!("  {} {}: {}", s.index() + 1, s.title(), summary(s, data)),
                    rect.width as usize,
                );
                f.render_widget(Paragraph::new(Span::styled(text, theme.muted())), rect);
            }
            Shape::Panel => {
                let title = panel_title(s, state, data, focused);
                let style = if focused {
                    theme.selected()
                } else {
                    theme.title()
                };
                let block = Block::default().borders(Borders::ALL).title(Span::styled(
                    fit(&title, rect.width.saturating_sub(2) as usize),
                    style,
                ));
                let inner = block.inner(rect);
                f.render_widget(block, rect);
                let ctx = Ctx {
                    data,
                    state,
                    theme,
                    focused,
                    selected: state.selected_in(s, data),
                };
                match s {
                    Section::Forecast => view_forecast::forecast(f, inner, &ctx),
                    Section::Moved => view_forecast::moved(f, inner, &ctx),
                    Section::Trend => view_trend::trend(f, inner, &ctx),
                    Section::Team => view_tables::team(f, inner, &ctx),
                    Section::Risk => view_tables::risk(f, inner, &ctx),
                    Section::WinLoss => view_tables::winloss(f, inner, &ctx),
                }
            }
        }
    }
}

fn panel_title(s: Section, state: &PortfolioState, d: &PortfolioData, focused: bool) -> String {
    let p = d.period();
    let detail = match s {
        Section::Forecast => format!("{} ({} to {})", p.label, p.from, p.to),
        Section::Moved => match &d.moved {
            Ok(m) => format!("since {}", m.since),
            Err(_) => "not yet".into(),
        },
        Section::Trend => format!(
            "{} weeks to {}",
            crate::portfolio_view::TREND_WEEKS,
            d.today
        ),
        Section::Team => format!(
            "by {}, sorted by {}",
            match state.team_by {
                TeamBy::Owner => "owner",
                TeamBy::Lead => "lead",
            },
            state.team_sort.label()
        ),
        Section::Risk => "at risk, stalled and late".into(),
        Section::WinLoss => format!("closed in {}", p.label),
    };
    let mark = if focused { "▶ " } else { "" };
    let zoom = if focused && state.zoom {
        " · full screen"
    } else {
        ""
    };
    format!(" {mark}{} {} · {detail}{zoom} ", s.index() + 1, s.title())
}

fn compact(d: &PortfolioData, m: Money, c: &str) -> String {
    m.compact(&d.cur(c))
}

/// As many ` · `-separated parts of `s` as fit in `w` columns, whole: a figure is
/// left out rather than cut.
pub fn whole_parts(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for (i, part) in s.split(" · ").enumerate() {
        let next = if i == 0 {
            part.to_string()
        } else {
            format!("{out} · {part}")
        };
        if next.width() > w {
            break;
        }
        out = next;
    }
    if !out.is_empty() {
        return out;
    }
    // Even the first part is too wide: whole words, then `…` (the indent kept).
    let body = s.trim_start();
    let mut cut = s[..s.len() - body.len()].to_string();
    let indent = cut.len();
    for word in body.split(' ') {
        let next = if cut.len() == indent {
            format!("{cut}{word}")
        } else {
            format!("{cut} {word}")
        };
        if next.width() + 1 > w {
            break;
        }
        cut = next;
    }
    if cut.trim().is_empty() {
        fit(s, w)
    } else {
        format!("{cut}…")
    }
}

/// A section's headline in one line, for the stacked layout.
pub fn summary(s: Section, d: &PortfolioData) -> String {
    match s {
        Section::Forecast => match d.main_figures() {
            Some(f) => format!(
                "{} forecast {} · commit {} · due {} ({})",
                d.period().label,
                compact(d, f.forecast, &f.currency),
                compact(d, f.commit, &f.currency),
                compact(d, f.renewals_due, &f.currency),
                f.count
            ),
            None => format!("nothing due in {}", d.period().label),
        },
        Section::Moved => match &d.moved {
            Ok(m) => {
                let net: Vec<String> = m
                    .waterfall
                    .iter()
                    .map(|w| {
                        let delta = w.end - w.start;
                        let sign = if delta.0 > 0 { "+" } else { "" };
                        format!("{sign}{}", compact(d, delta, &w.currency))
                    })
                    .collect();
                format!(
                    "{} since {}{}",
                    crate::io::text::count(m.moves.len(), "move", "moves"),
                    m.since,
                    if net.is_empty() {
                        String::new()
                    } else {
                        format!(", forecast {}", net.join(" · "))
                    }
                )
            }
            Err(why) => format!("not yet — {why}"),
        },
        Section::Trend => {
            let t = d.main_trend();
            match (t.first(), t.last()) {
                (Some(a), Some(b)) => format!(
                    "forecast {} → {} · commit {} → {} · at risk {} → {}",
                    compact(d, a.forecast, &a.currency),
                    compact(d, b.forecast, &b.currency),
                    compact(d, a.commit, &a.currency),
                    compact(d, b.commit, &b.currency),
                    compact(d, a.at_risk, &a.currency),
                    compact(d, b.at_risk, &b.currency)
                ),
                _ => "no points yet".into(),
            }
        }
        Section::Team => {
            let behind: u32 = d.team.iter().map(|r| r.figures.behind).sum();
            let owners = {
                let mut n: Vec<&str> = d.team.iter().map(|r| r.name.as_str()).collect();
                n.dedup();
                n.len()
            };
            format!(
                "{} · {behind} behind",
                crate::io::text::count(owners, "owner", "owners")
            )
        }
        Section::Risk => {
            let risk: Vec<String> = d
                .forecast
                .figures
                .iter()
                .map(|f| compact(d, f.at_risk, &f.currency))
                .collect();
            format!(
                "{} at risk · {} stalled · {} late",
                if risk.is_empty() {
                    "nothing".to_string()
                } else {
                    risk.join(" + ")
                },
                rows::stalled_count(d),
                rows::late_count(d)
            )
        }
        Section::WinLoss => {
            let lost = d.records.iter().filter(|r| r.is_loss()).count();
            let pats = d.patterns.iter().filter(|p| p.pattern).count();
            format!(
                "{} closed, {lost} lost or downgraded · {}",
                d.records.len(),
                crate::io::text::count(pats, "pattern", "patterns")
            )
        }
    }
}

/// A row's text in the selected style when it is the focused section's selection.
pub fn row_line<'a>(ctx: &Ctx, i: usize, spans: Vec<Span<'a>>) -> Line<'a> {
    let line = Line::from(spans);
    if ctx.focused && i == ctx.selected {
        line.style(ctx.theme.selected())
    } else {
        line
    }
}

/// `s` in exactly `w` columns: cut with … when longer, padded when shorter.
pub fn pad(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let s = fit(s, w);
    let n = s.width();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// `s` right-aligned in `w` columns (figures are short enough never to be cut).
pub fn right(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}
