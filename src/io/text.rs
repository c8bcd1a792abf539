//! Plain-text helpers shared by the cockpit and the command line.

use unicode_width::UnicodeWidthChar;

/// Cuts `s` to at most `w` display columns, marking the cut with `…`.
pub fn fit(s: &str, w: usize) -> String {
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// `overdue 5d`, `today`, `12d`, `no date`.
pub fn days_left(d: Option<i64>) -> String {
    match d {
        None => "no date".into(),
        Some(0) => "today".into(),
        Some(d) if d < 0 => format!("overdue {}d", -d),
        Some(d) => format!("{d}d"),
    }
}
