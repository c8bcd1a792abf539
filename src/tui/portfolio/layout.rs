//! Where each section goes. Pure, so `update` can size a page with the same rects
//! `render` draws into.

use super::Section;
use ratatui::layout::{Constraint, Layout, Rect};

/// How a section is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A bordered panel.
    Panel,
    /// One line: its name and headline figure (stacked layout, not focused).
    Summary,
}

/// Columns × rows of the grid, or `None` for the stacked layout.
fn grid(area: Rect) -> Option<(usize, usize)> {
    if area.width >= 180 && area.height >= 36 {
        Some((3, 2))
    } else if area.width >= 100 && area.height >= 30 {
        Some((2, 3))
    } else {
        None
    }
}

/// Every shown section with its rect and shape.
pub fn sections(area: Rect, focus: Section, zoom: bool) -> Vec<(Section, Rect, Shape)> {
    if zoom {
        return vec![(focus, area, Shape::Panel)];
    }
    match grid(area) {
        Some((cols, rows)) => {
            let row_rects = Layout::vertical(vec![Constraint::Fill(1); rows]).split(area);
            let mut out = Vec::new();
            for (r, rr) in row_rects.iter().enumerate() {
                let cells = Layout::horizontal(vec![Constraint::Fill(1); cols]).split(*rr);
                for (c, cell) in cells.iter().enumerate() {
                    out.push((Section::ALL[r * cols + c], *cell, Shape::Panel));
                }
            }
            out
        }
        None => {
            // The focused section takes what the others' one-line summaries leave.
            let constraints: Vec<Constraint> = Section::ALL
                .iter()
                .map(|s| {
                    if *s == focus {
                        Constraint::Fill(1)
                    } else {
                        Constraint::Length(1)
                    }
                })
                .collect();
            let rects = Layout::vertical(constraints).split(area);
            Section::ALL
                .iter()
                .zip(rects.iter())
                .map(|(s, r)| {
                    let shape = if *s == focus {
                        Shape::Panel
                    } else {
                        Shape::Summary
                    };
                    (*s, *r, shape)
                })
                .collect()
        }
    }
}

/// Rows inside the focused panel (its border and heading lines off), for paging.
pub fn focus_rows(area: Rect, focus: Section, zoom: bool) -> usize {
    sections(area, focus, zoom)
        .into_iter()
        .find(|(s, _, _)| *s == focus)
        .map_or(1, |(_, r, _)| (r.height as usize).saturating_sub(4).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_when_wide_stacked_when_narrow_and_zoom_takes_all() {
        let wide = sections(Rect::new(0, 0, 200, 60), Section::Team, false);
        assert_eq!(wide.len(), 6);
        assert!(wide.iter().all(|(_, _, s)| *s == Shape::Panel));
        let mid = sections(Rect::new(0, 0, 120, 40), Section::Team, false);
        assert_eq!(mid[0].1.width, 60);
        let narrow = sections(Rect::new(0, 0, 80, 22), Section::Team, false);
        let team = narrow.iter().find(|(s, _, _)| *s == Section::Team).unwrap();
        assert_eq!((team.1.height, team.2), (17, Shape::Panel));
        assert_eq!(
            narrow
                .iter()
                .filter(|(_, _, s)| *s == Shape::Summary)
                .count(),
            5
        );
        let z = sections(Rect::new(0, 0, 80, 22), Section::Risk, true);
        assert_eq!(
            z,
            vec![(Section::Risk, Rect::new(0, 0, 80, 22), Shape::Panel)]
        );
        assert_eq!(focus_rows(Rect::new(0, 0, 80, 22), Section::Risk, true), 18);
    }
}
