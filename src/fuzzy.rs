//! Fuzzy matching for the go-to palette, as a pure function.
//!
//! Space-separated words must each match (as in fzf). A cheap case-insensitive
//! subsequence test runs first; only candidates that pass it are scored, and match
//! positions (for highlighting) are computed only for the rows on screen. A query
//! that extends the previous one searches only the previous matches (see
//! [`Matcher`]).
//!
//! Scoring uses nucleo-matcher rather than the design card's fuzzy-matcher: at 100k
//! accounts fuzzy-matcher's first keystroke took 39 ms against a 16 ms budget (see
//! README, Performance); nucleo is the replacement the foundation issue accepts.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Utf32Str};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
}

fn words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

/// Every word is matched fuzzily and literally: no fzf operators (`^`, `$`, `!`),
/// because account names may contain those characters.
fn pattern(query: &str) -> Pattern {
    Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    )
}

/// Does `word` (lower-case) occur in `hay` as a subsequence, ignoring case?
fn subsequence(hay: &str, word: &str) -> bool {
    let mut want = word.chars().peekable();
    for c in hay.chars() {
        match want.peek() {
            None => return true,
            Some(&w)
                if c == w
                    || (if c.is_ascii() {
                        c.to_ascii_lowercase() == w
                    } else {
                        c.to_lowercase().eq(std::iter::once(w))
                    }) =>
            {
                want.next();
            }
            _ => {}
        }
    }
    want.peek().is_none()
}

/// The score of `hay` for the query (its lower-cased `words` and `pat`), or `None`
/// when it does not match: the cheap subsequence test first, then nucleo.
fn score(
    hay: &str,
    words: &[String],
    pat: &Pattern,
    matcher: &mut nucleo_matcher::Matcher,
    buf: &mut Vec<char>,
) -> Option<u32> {
    if !words.iter().all(|w| subsequence(hay, w)) {
        return None;
    }
    pat.score(Utf32Str::new(hay, buf), matcher)
}

/// The candidates whose text matches `query`, in the order given — for lists that
/// keep their own order (the queue's `/` filter). `text` writes candidate `i`'s text
/// into the buffer, so a million rows need no million strings kept for this. A match
/// is what `search` accepts (every word a subsequence, any case); with no ranking to
/// do, no score is computed.
pub fn filter(
    candidates: impl Iterator<Item = usize>,
    query: &str,
    mut text: impl FnMut(usize, &mut String),
) -> Vec<usize> {
    let ws = words(query);
    let mut hay = String::new();
    candidates
        .filter(|&i| {
            hay.clear();
            text(i, &mut hay);
            ws.iter().all(|w| subsequence(&hay, w))
        })
        .collect()
}

/// Matches `query` against `items[i]` for each candidate `i`, best first (ties:
/// shorter name, then original order).
pub fn search(items: &[String], candidates: impl Iterator<Item = usize>, query: &str) -> Vec<Hit> {
    let ws = words(query);
    let pat = pattern(query);
    let mut matcher = nucleo_matcher::Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut hits: Vec<Hit> = candidates
        .filter_map(|i| {
            let score = score(&items[i], &ws, &pat, &mut matcher, &mut buf)?;
            Some(Hit { index: i, score })
        })
        .collect();
    // One packed key per hit (score descending, then shorter name, then index) keeps
    // the sort cheap when a first keystroke matches most of a 100k book.
    let mut keyed: Vec<u128> = hits
        .iter()
        .map(|h| {
            ((!h.score as u128) << 96) | ((items[h.index].len() as u128) << 64) | h.index as u128
        })
        .collect();
    keyed.sort_unstable();
    hits.clear();
    hits.extend(keyed.into_iter().map(|k| {
        let index = k as u64 as usize;
        Hit {
            index,
            score: !((k >> 96) as u32),
        }
    }));
    hits
}

/// Character positions of `query`'s words in `item`, for highlighting.
pub fn positions(item: &str, query: &str) -> Vec<usize> {
    let mut matcher = nucleo_matcher::Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut idx = Vec::new();
    pattern(query).indices(Utf32Str::new(item, &mut buf), &mut matcher, &mut idx);
    let mut out: Vec<usize> = idx.into_iter().map(|i| i as usize).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Incremental search state: remembers the last query's hits so that typing one more
/// character narrows them instead of searching the whole book again.
#[derive(Default)]
pub struct Matcher {
    last_query: String,
    last_hits: Option<Vec<Hit>>,
}

impl Matcher {
    pub fn update(&mut self, items: &[String], query: &str) -> &[Hit] {
        let q = query.trim_start();
        let hits = if q.trim().is_empty() {
            (0..items.len())
                .map(|index| Hit { index, score: 0 })
                .collect()
        } else {
            match &self.last_hits {
                // Extending the query (not just adding a word separator) can only
                // remove matches, so the previous hits are a complete candidate set.
                Some(prev)
                    if !self.last_query.trim().is_empty()
                        && q.starts_with(self.last_query.as_str()) =>
                {
                    let mut cand: Vec<usize> = prev.iter().map(|h| h.index).collect();
                    cand.sort_unstable();
                    search(items, cand.into_iter(), q)
                }
                _ => search(items, 0..items.len(), q),
            }
        };
        self.last_query = q.to_string();
        self.last_hits = Some(hits);
        self.last_hits.as_deref().unwrap_or(&[])
    }

    pub fn hits(&self) -> &[Hit] {
        self.last_hits.as_deref().unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_keeps_what_search_finds_in_the_given_order() {
        let hay: Vec<String> = items()
            .into_iter()
            .chain(
                [
                    "Café Élan",
                    "cafe elan",
                    "A.B.C. (Holdings) Ltd",
                    "Ø Fjord AS",
                ]
                .map(String::from),
            )
            .collect();
        for q in [
            "h", "her", "heron b", "BLUE", "labs", "cafe", "é", "(hold", "ø", "zz", "b l",
        ] {
            let mut want: Vec<usize> = search(&hay, 0..hay.len(), q)
                .iter()
                .map(|h| h.index)
                .collect();
            want.sort_unstable();
            let got = filter(0..hay.len(), q, |i, buf| buf.push_str(&hay[i]));
            assert_eq!(got, want, "query {q:?}");
        }
    }

    fn items() -> Vec<String> {
        [
            "Blue Heron Bakeries",
            "Kestrel Freight Co.",
            "Quillfeather Stationers",
            "Heron Point Dental",
            "Bluebird Labs",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn every_word_must_match() {
        let it = items();
        let names = |q: &str| {
            search(&it, 0..it.len(), q)
                .iter()
                .map(|h| it[h.index].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("heron bak"), vec!["Blue Heron Bakeries"]);
        assert_eq!(names("bak heron"), vec!["Blue Heron Bakeries"]);
        assert!(names("heron").contains(&"Heron Point Dental".to_string()));
        assert!(names("zzz").is_empty());
        assert_eq!(names("KESTREL"), vec!["Kestrel Freight Co."]);
    }

    #[test]
    fn positions_cover_each_word() {
        let p = positions("Blue Heron Bakeries", "heron bak");
        for i in [5, 6, 7, 8, 9, 11, 12, 13] {
            assert!(p.contains(&i), "{p:?}");
        }
    }

    #[test]
    fn incremental_equals_fresh() {
        let it = items();
        let mut m = Matcher::default();
        m.update(&it, "b");
        m.update(&it, "bl");
        let inc: Vec<usize> = m.update(&it, "blu").iter().map(|h| h.index).collect();
        let fresh: Vec<usize> = search(&it, 0..it.len(), "blu")
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(inc, fresh);
        // Deleting a character searches everything again.
        let back: Vec<usize> = m.update(&it, "b").iter().map(|h| h.index).collect();
        assert_eq!(back.len(), search(&it, 0..it.len(), "b").len());
        assert_eq!(m.update(&it, "").len(), it.len());
    }
}
