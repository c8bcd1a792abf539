//! Search beyond names: what a hit is, and the snippet that shows where the query
//! matched. Matching ignores case (Unicode lower case); the snippet is inert, one
//! line, and knows where the match sits in it so a screen can highlight it.

crate::text_enum!(
    /// Where a search matched, in the order hits are listed.
    SearchField {
        Id = "id": "id",
        Name = "name": "name",
        Contact = "contact": "contact",
        Note = "note": "note",
    }
);

/// One account found by a search, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub account_id: String,
    pub account_name: String,
    pub field: SearchField,
    /// The matched text with some context, inert and on one line.
    pub snippet: String,
    /// Byte range of the match inside `snippet`.
    pub matched: std::ops::Range<usize>,
}

/// Characters of context kept on each side of a match in a snippet.
pub const CONTEXT_CHARS: usize = 24;

/// The part of `text` around the first occurrence of `query` (ignoring case), with
/// up to `context` characters each side and `…` where it was cut, and the byte range
/// of the match within it. Line breaks and tabs become spaces; everything is made
/// inert. `None` when `query` (trimmed) is empty or does not occur.
pub fn snippet(
    text: &str,
    query: &str,
    context: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let (start, end) = find_folded(text, query.trim())?;
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(context);
    let to = (end + context).min(chars.len());
    let piece = |r: std::ops::Range<usize>| -> String {
        let s: String = chars[r]
            .iter()
            .map(|&c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        super::text::inert(&s).into_owned()
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&piece(from..start));
    let m = out.len();
    out.push_str(&piece(start..end));
    let range = m..out.len();
    out.push_str(&piece(end..to));
    if to < chars.len() {
        out.push('…');
    }
    Some((out, range))
}

/// Whether `text` contains `query`, ignoring case.
pub fn matches(text: &str, query: &str) -> bool {
    find_folded(text, query.trim()).is_some()
}

/// Char range in `text` of the first case-insensitive occurrence of `query`.
fn find_folded(text: &str, query: &str) -> Option<(usize, usize)> {
    if query.is_empty() {
        return None;
    }
    // Each lower-cased char remembers the char of `text` it came from (one upper-case
    // char may lower-case to two).
    let folded: Vec<(char, usize)> = text
        .chars()
        .enumerate()
        .flat_map(|(i, c)| c.to_lowercase().map(move |l| (l, i)))
        .collect();
    let q: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let at = folded
        .windows(q.len())
        .position(|w| w.iter().map(|(c, _)| *c).eq(q.iter().copied()))?;
    Some((folded[at].1, folded[at + q.len() - 1].1 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(text: &str, q: &str, ctx: usize) -> Option<(String, String)> {
        snippet(text, q, ctx).map(|(s, r)| (s.clone(), s[r].to_string()))
    }

    #[test]
    fn finds_the_match_ignoring_case_and_shows_it_in_context() {
        let text = "Called Dana about the renewal; she asked how we compare with Rival Inc.";
        let (s, m) = snip(text, "RIVAL", 10).unwrap();
        assert_eq!(m, "Rival");
        assert_eq!(s, "…pare with Rival Inc.");
        let (s, m) = snip(text, "called", 5).unwrap();
        assert_eq!((s.as_str(), m.as_str()), ("Called Dana…", "Called"));
        assert_eq!(snip("short", "hor", 24).unwrap().0, "short");
    }

    #[test]
    fn unicode_case_and_wide_characters() {
        let (s, m) = snip("Bäckerei ZÜRICH AG", "zürich", 3).unwrap();
        assert_eq!((s.as_str(), m.as_str()), ("…ei ZÜRICH AG", "ZÜRICH"));
        // İ lower-cases to two chars; the match still maps back to whole chars.
        let (_, m) = snip("İstanbul Freight", "freight", 2).unwrap();
        assert_eq!(m, "Freight");
        assert!(matches("Ørsted Öl", "øRSTED"));
    }

    #[test]
    fn snippets_are_one_line_and_inert() {
        let (s, m) = snip("first line\nsecond\tline \u{1b}[31mred", "second", 20).unwrap();
        assert_eq!(m, "second");
        assert!(
            !s.contains('\n') && !s.contains('\t') && !s.contains('\u{1b}'),
            "{s}"
        );
        assert!(s.contains("␛[31mred"), "{s}");
    }

    #[test]
    fn no_match_and_empty_queries() {
        assert_eq!(snippet("Acme", "zzz", 5), None);
        assert_eq!(snippet("Acme", "   ", 5), None);
        assert!(!matches("Acme", ""));
        assert!(matches("Acme", " cm "), "the query is trimmed");
    }
}
