//! Panels inside a pane: which one has focus (Tab / Shift-Tab), how far each is
//! scrolled (j/k on the focused one), and whether one fills the pane (Enter or `z`,
//! Esc returns). A panel draws all it has and lets the user reach it: the title counts
//! what is there, and the bottom border says when more is below or above.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

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
    if max > 0 {
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
