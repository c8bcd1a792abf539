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

/// `1 renewal`, `3 renewals`: English plurals for counts shown to people.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The lines closing a customer email: name, then title, each only when configured.
pub fn signature(name: &str, title: &str) -> String {
    [name, title]
        .iter()
        .map(|s| crate::domain::text::inert(s.trim()))
        .filter(|s| !s.is_empty())
        .map(|s| format!("{s}\n"))
        .collect()
}

/// "an" before a vowel sound as written ("an expansion renewal"), else "a".
pub fn a_or_an(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// `≈ 183.5K € converted at GBP 1.17`: a total across currencies, only when `[fx]`
/// has a rate for each, and always saying that it is converted and at which rates.
pub fn fx_note(
    totals: &crate::domain::money::Totals,
    cfg: &crate::domain::config::Config,
    book: &str,
) -> Option<String> {
    let sum = totals.converted(book, &cfg.fx)?;
    let rates: Vec<String> = totals
        .0
        .iter()
        .filter(|(c, _)| c != book)
        .map(|(c, _)| format!("{c} {}", cfg.fx[c]))
        .collect();
    Some(format!(
        "≈ {} converted at {}",
        sum.compact(&cfg.book.cur(book)),
        rates.join(", ")
    ))
}

#[cfg(test)]
mod plural_tests {
    use super::*;

    #[test]
    fn counts_and_signatures_read_as_english() {
        assert_eq!(count(1, "renewal", "renewals"), "1 renewal");
        assert_eq!(count(0, "choice", "choices"), "0 choices");
        assert_eq!(
            signature("Dana Reyes", "Customer Success Manager"),
            "Dana Reyes\nCustomer Success Manager\n"
        );
        assert_eq!(signature("", ""), "");
        assert_eq!(a_or_an("expansion"), "an");
        assert_eq!(a_or_an("flat"), "a");
    }
}
