//! Panels inside a pane: which one has focus (Tab / Shift-Tab), how far each is
//! scrolled (j/k on the focused one), and whether one fills the pane (Enter or `z`,
//! Esc returns). A panel draws all it has and lets the user reach it: the title counts
//! what is there, and the bottom border says when more is below or above.

use super::keymap::Action;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Lines Ctrl-d / Ctrl-u move a panel or a list inside one.
pub const PAGE: isize = 10;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Panels {
    pub focus: usize,
    pub scroll: Vec<u16>,
    pub zoom: bool,
}

impl Panels {
    pub fn new(count: usize) -> Panels {
        Panels {
            focus: 0,
            scroll: vec![0; count],
            zoom: false,
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.scroll.len().max(1);
    }

    pub fn prev(&mut self) {
        let n = self.scroll.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Scrolls the focused panel; clamped when drawn (only then is its height known).
    pub fn scroll_by(&mut self, delta: i32) {
        if let Some(s) = self.scroll.get_mut(self.focus) {
            *s = (*s as i32 + delta).clamp(0, u16::MAX as i32 / 2) as u16;
        }
    }

    pub fn top(&mut self) {
        if let Some(s) = self.scroll.get_mut(self.focus) {
            *s = 0;
        }
    }

    pub fn bottom(&mut self) {
        if let Some(s) = self.scroll.get_mut(self.focus) {
            *s = u16::MAX / 2;
        }
    }

    /// Whether `action` is one the panels answer (see [`Panels::navigate`]).
    pub fn takes(&self, action: Action) -> bool {
        use Action::*;
        matches!(
            action,
            FocusNext | FocusPrev | Open | Zoom | Down | Up | PageDown | PageUp | Top | Bottom
        ) || (action == Back && self.zoom)
    }

    /// The keys every pane's panels answer alike: Tab / Shift-Tab move the focus,
    /// Enter or `z` zooms the focused panel and Esc leaves the zoom, j/k, Ctrl-d/u and
    /// g/G scroll it. Returns whether `action` was one of those. (A panel that is a
    /// list — the account's people, the save plan's items — moves its selection
    /// before asking the panels.)
    pub fn navigate(&mut self, action: Action) -> bool {
        if !self.takes(action) {
            return false;
        }
        match action {
            Action::FocusNext => self.next(),
            Action::FocusPrev => self.prev(),
            Action::Open | Action::Zoom => self.zoom = !self.zoom,
            Action::Back => self.zoom = false,
            Action::Down => self.scroll_by(1),
            Action::Up => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(PAGE as i32),
            Action::PageUp => self.scroll_by(-(PAGE as i32)),
            Action::Top => self.top(),
            _ => self.bottom(),
        }
        true
    }

    pub fn reset(&mut self) {
        self.scroll.iter_mut().for_each(|s| *s = 0);
        self.zoom = false;
    }

    pub fn is_focused(&self, i: usize) -> bool {
        self.focus == i
    }
}

/// What one panel shows: its title, all its lines, how far it is scrolled, whether it
/// has focus, and whether long lines wrap (zoomed) or are cut to the width.
pub struct View {
    pub title: Line<'static>,
    pub lines: Vec<Line<'static>>,
    pub scroll: u16,
    pub focused: bool,
    pub wrap: bool,
}

/// Draws a panel's lines in a bordered box, scrolled (clamped so the last line can
/// reach the bottom, never past it). The focused panel's border is bold with a `▸`
/// before its title; the bottom border says when there is more.
pub fn draw(f: &mut Frame, area: Rect, v: View, theme: &Theme) {
    let View {
        title,
        lines,
        scroll,
        focused,
        wrap,
    } = v;
    let inner_h = area.height.saturating_sub(2);
    let inner_w = area.width.saturating_sub(2);
    let total = if wrap {
        super::layout::wrapped_height(&lines, inner_w)
    } else {
        lines.len() as u16
    };
    let max = total.saturating_sub(inner_h);
    let scroll = scroll.min(max);
    let mut t = vec![Span::raw(if focused { "▸" } else { "" })];
    t.extend(title.spans);
    let mut block = Block::default().borders(Borders::ALL).title(Line::from(t));
    if focused {
        block = block.border_style(theme.key().add_modifier(Modifier::BOLD));
    }
    // A panel squeezed to one row has its top and bottom borders on that row: the
    // title keeps it (the "more" note would be drawn over it).
    if max > 0 && area.height >= 2 {
        let where_ = match (scroll > 0, scroll < max) {
            (true, true) => format!(" ↑↓ {}/{} ", scroll + 1, max + 1),
            (false, _) => " ↓ more: Tab, j ".to_string(),
            (true, false) => " ↑ more (k) ".to_string(),
        };
        block = block.title_bottom(Line::from(Span::styled(where_, theme.muted())));
    }
    let mut p = Paragraph::new(lines).block(block).scroll((scroll, 0));
    if wrap {
        p = p.wrap(Wrap { trim: false });
    }
    f.render_widget(p, area);
}

/// Heights for panels stacked in `avail` rows: each gets what it wants up to its
/// floor, then the focused one grows to what it wants, then the others in order. So
/// every panel stays on screen, and the one being read gets the room; what no panel
/// wants stays blank below them.
pub fn heights(avail: u16, want: &[u16], floor: &[u16], focus: usize) -> Vec<u16> {
    let mut h: Vec<u16> = want.iter().zip(floor).map(|(w, f)| *w.min(f)).collect();
    let mut left = avail.saturating_sub(h.iter().sum());
    let order = std::iter::once(focus).chain((0..want.len()).filter(|i| *i != focus));
    for i in order {
        let Some(w) = want.get(i) else { continue };
        let more = w.saturating_sub(h[i]).min(left);
        h[i] += more;
        left -= more;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_one_row_tall_shows_its_title_not_the_more_note() {
        let backend = ratatui::backend::TestBackend::new(40, 1);
        let mut term = ratatui::Terminal::new(backend).unwrap();
        term.draw(|f| {
            let view = View {
                title: Line::from(" Risk 4+2 · COMPETITIVE (3 S) "),
                lines: vec![Line::from("one"), Line::from("two")],
                scroll: 0,
                focused: false,
                wrap: false,
            };
            draw(f, f.area(), view, &Theme::mono());
        })
        .unwrap();
        let row: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(row.contains("COMPETITIVE (3 S)"), "{row}");
        assert!(!row.contains("more"), "{row}");
    }

    #[test]
    fn the_focused_panel_grows_first_and_the_rest_fills() {
        // Enough room: everyone gets what it wants, and no more.
        assert_eq!(heights(20, &[5, 6, 3], &[4, 4, 4], 0), vec![5, 6, 3]);
        // Short: floors first, then the focused one.
        assert_eq!(heights(14, &[9, 8, 6], &[4, 6, 4], 2), vec![4, 6, 4]);
        assert_eq!(heights(16, &[9, 8, 6], &[4, 6, 4], 2), vec![4, 6, 6]);
        assert_eq!(heights(18, &[9, 8, 6], &[4, 6, 4], 2), vec![6, 6, 6]);
        assert_eq!(heights(18, &[9, 8, 6], &[4, 6, 4], 0), vec![8, 6, 4]);
    }

    #[test]
    fn focus_cycles_both_ways_and_scroll_stays_per_panel() {
        let mut p = Panels::new(3);
        p.prev();
        assert_eq!(p.focus, 2);
        p.next();
        assert_eq!(p.focus, 0);
        p.scroll_by(5);
        p.next();
        p.scroll_by(-3);
        assert_eq!(p.scroll, vec![5, 0, 0]);
        p.bottom();
        assert!(p.scroll[1] > 1000);
        p.reset();
        assert_eq!(p.scroll, vec![0, 0, 0]);
    }
}
