//! Fuzzy matching for the go-to palette, as a pure function.
//!
//! Space-separated words must each match (as in fzf). Cheap tests run first (the
//! letters a name holds, when kept; a case-insensitive subsequence test); only
//! candidates that pass them are scored, and match positions (for highlighting) are
//! computed only for the rows on screen. A query that extends the previous one
//! searches only the previous matches, and a broad one in a large book stops at
//! [`ENOUGH`] matches (see [`Matcher`]).
//!
//! Scoring uses nucleo-matcher rather than the design card's fuzzy-matcher: at 100k
//! accounts fuzzy-matcher's first keystroke took 39 ms against a 16 ms budget (see
//! README, Performance); nucleo is the replacement the foundation issue accepts.

use crate::name_list::Texts;
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
    if word.is_ascii() && hay.is_ascii() {
        return ascii_subsequence(hay.as_bytes(), word.as_bytes());
    }
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

/// [`subsequence`] when `hay` and `word` (lower-case) are ASCII (nearly every name):
/// this test runs on every name of the book that holds the query's letters, so each
/// letter is looked for eight bytes at a time.
fn ascii_subsequence(hay: &[u8], word: &[u8]) -> bool {
    let mut rest = hay;
    for &w in word {
        match find_ascii(rest, w) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// Where `hay` first holds `w` (lower-case ASCII), either case. Names are short, so
/// this beats `memchr`, whose set-up per call cost more than the search.
fn find_ascii(hay: &[u8], w: u8) -> Option<usize> {
    // Setting bit 5 turns an upper-case letter into its lower case (and no other
    // byte into a letter), so letters are compared with it set.
    let fold = if w.is_ascii_lowercase() { 0x20 } else { 0 };
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let (fold8, want8) = (ONES * fold as u64, ONES * w as u64);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let x = (u64::from_le_bytes(c.try_into().unwrap()) | fold8) ^ want8;
        // The lowest byte of x that is zero is flagged exactly (bytes above it may
        // be flagged falsely, which the lowest flag ignores).
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = chunks.remainder().iter().position(|&b| b | fold == w);
    tail.map(|p| at + p)
}

/// A query ready to score candidates: its lower-cased words for the cheap test, and
/// nucleo's pattern.
struct Scorer {
    words: Vec<String>,
    /// Whether every word is ASCII.
    ascii: bool,
    /// The letters and digits every match holds (see `name_list::letters`).
    need: u64,
    pat: Pattern,
    matcher: nucleo_matcher::Matcher,
    buf: Vec<char>,
}

impl Scorer {
    fn new(query: &str) -> Scorer {
        Scorer {
            words: words(query),
            ascii: query.is_ascii(),
            // A letter twice in a word must be twice in the name; across words it
            // may be the same letter matched twice.
            need: query.split_whitespace().fold(0, |need, w| {
                need | w.bytes().fold(0, crate::name_list::add_letter)
            }),
            pat: pattern(query),
            matcher: nucleo_matcher::Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// The score of `hay`, or `None` when it does not match.
    #[cfg(test)]
    fn score(&mut self, hay: &str) -> Option<u32> {
        self.score_text(hay, hay.is_ascii())
    }

    /// The score of `hay` (`ascii` says whether it is), or `None` when it does not
    /// match: the cheap subsequence test first, then nucleo.
    fn score_text(&mut self, hay: &str, ascii: bool) -> Option<u32> {
        let found = if self.ascii && ascii {
            let bytes = hay.as_bytes();
            self.words
                .iter()
                .all(|w| ascii_subsequence(bytes, w.as_bytes()))
        } else {
            self.words.iter().all(|w| subsequence(hay, w))
        };
        if !found {
            return None;
        }
        self.pat
            .score(Utf32Str::new(hay, &mut self.buf), &mut self.matcher)
    }

    fn hit<T: Texts + ?Sized>(&mut self, items: &T, index: usize) -> Option<Hit> {
        let letters = items.letters(index);
        if letters & self.need != self.need {
            return None;
        }
        let hay = items.text(index);
        // Kept letters say the text is ASCII, sparing the look at every byte.
        let score = self.score_text(hay, letters != u64::MAX || hay.is_ascii())?;
        Some(Hit { index, score })
    }
}

/// The candidates whose text matches `query`, in the order given — for lists that
/// keep their own order (the queue's `/` filter). `text` writes candidate `i`'s text
/// into the buffer, so a million rows need no million strings kept for this. A match
/// is what `search` accepts; with no ranking to do, no score is computed.
pub fn filter(
    candidates: impl Iterator<Item = usize>,
    query: &str,
    mut text: impl FnMut(usize, &mut String),
) -> Vec<usize> {
    // The subsequence test alone, never nucleo: it decides every match that
    // scoring would accept (see the tests), and scoring the rows whose text is not
    // ASCII (every row of an owner named Tomás) took 20 of 47 ms a key at 1M.
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

/// Matches `query` against `items` for each candidate, best first (ties: shorter
/// name, then original order).
pub fn search<T: Texts + ?Sized>(
    items: &T,
    candidates: impl Iterator<Item = usize>,
    query: &str,
) -> Vec<Hit> {
    let mut scorer = Scorer::new(query);
    let mut hits: Vec<Hit> = candidates.filter_map(|i| scorer.hit(items, i)).collect();
    rank(items, &mut hits);
    hits
}

/// Orders hits best first: score descending, then shorter name, then index.
fn rank<T: Texts + ?Sized>(items: &T, hits: &mut Vec<Hit>) {
    // One packed key per hit keeps the sort cheap when a first keystroke matches
    // most of a 100k book.
    let mut keyed: Vec<u128> = hits
        .iter()
        .map(|h| {
            ((!h.score as u128) << 96)
                | ((items.text(h.index).len() as u128) << 64)
                | h.index as u128
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

/// How many matches a query gathers before it stops reading the book and ranks
/// what it has. Up to this many, every match is found and ranked (books of up to
/// this many accounts always are); a broader query in a larger book ranks the
/// first this many in book order, and [`Matcher::complete`] says so. Ranking every
/// match of a first letter took 6 ms at 100k accounts, so ten times that at a
/// million, against the palette's 30 ms a key; 20k matches rank in about 2 ms.
pub const ENOUGH: usize = 20_000;

/// What one query found: every item (the empty query), or its matches among the
/// items before `scanned`, best first.
#[derive(Clone)]
enum Found {
    Every(usize),
    Hits { hits: Vec<Hit>, scanned: usize },
}

/// Incremental search state: typing one more character narrows the last query's
/// matches instead of searching the whole book again, and Backspace goes back to the
/// shorter query's matches, kept on the way. Every update must search the same
/// items (other items need a new matcher).
pub struct Matcher {
    /// The queries typed on the way to the current one (each a prefix of the next),
    /// with what each found; the last is the current one.
    steps: Vec<(String, Found)>,
    enough: usize,
    /// How many items the last update searched.
    total: usize,
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::with_limit(ENOUGH)
    }
}

impl Matcher {
    fn with_limit(enough: usize) -> Matcher {
        Matcher {
            steps: Vec::new(),
            enough,
            total: 0,
        }
    }

    pub fn update<T: Texts + ?Sized>(&mut self, items: &T, query: &str) {
        let q = query.trim_start();
        let n = items.count();
        self.total = n;
        if q.trim().is_empty() {
            self.steps.clear();
            self.steps.push((q.to_string(), Found::Every(n)));
            return;
        }
        // A query that does not extend a kept one cannot reuse its matches.
        while self
            .steps
            .last()
            .is_some_and(|(prev, _)| prev.trim().is_empty() || !q.starts_with(prev.as_str()))
        {
            self.steps.pop();
        }
        if self.steps.last().is_some_and(|(prev, _)| prev == q) {
            return;
        }
        let mut scorer = Scorer::new(q);
        let mut hits = Vec::new();
        let mut scanned = 0;
        // Extending the query can only remove matches, so the previous query's
        // matches are every candidate among the items it searched.
        if let Some((
            _,
            Found::Hits {
                hits: prev,
                scanned: s,
            },
        )) = self.steps.last()
        {
            let mut cand: Vec<usize> = prev.iter().map(|h| h.index).collect();
            cand.sort_unstable();
            hits.extend(cand.into_iter().filter_map(|i| scorer.hit(items, i)));
            scanned = *s;
        }
        if scanned < n && hits.len() < self.enough {
            let enough = self.enough;
            scanned = items.scan(scanned, n, scorer.need, &mut |i| {
                hits.extend(scorer.hit(items, i));
                hits.len() < enough
            });
        }
        rank(items, &mut hits);
        self.steps
            .push((q.to_string(), Found::Hits { hits, scanned }));
    }

    /// How many items the current query lists.
    pub fn len(&self) -> usize {
        match self.steps.last() {
            Some((_, Found::Every(n))) => *n,
            Some((_, Found::Hits { hits, .. })) => hits.len(),
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of the `row`-th item listed.
    pub fn get(&self, row: usize) -> Option<usize> {
        match self.steps.last()? {
            (_, Found::Every(n)) => (row < *n).then_some(row),
            (_, Found::Hits { hits, .. }) => hits.get(row).map(|h| h.index),
        }
    }

    /// Whether every match was found (false when the query stopped at [`ENOUGH`]).
    pub fn complete(&self) -> bool {
        match self.steps.last() {
            Some((_, Found::Hits { scanned, .. })) => *scanned >= self.total,
            _ => true,
        }
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

    /// The filter's shortcut (no scoring for ASCII text and query) keeps exactly
    /// what scoring would.
    #[test]
    fn filtering_keeps_what_scoring_matches() {
        let hay: Vec<String> = [
            "Blue Heron Bakeries",
            "Kestrel Freight Co.",
            "h.e.r.o.n",
            "HERON",
            "Zürich Heron AG",
            "a\\ b c",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for q in [
            "heron", "HeRoN", "h e r", "ab", "a\\ b", "zür", "ü", "co.", "frei bak", "x", " ",
        ] {
            let kept = filter(0..hay.len(), q, |i, s| s.push_str(&hay[i]));
            let mut scorer = Scorer::new(q);
            let scored: Vec<usize> = (0..hay.len())
                .filter(|&i| scorer.score(&hay[i]).is_some())
                .collect();
            assert_eq!(kept, scored, "{q:?}");
        }
    }

    /// Turning names away by their letters finds what reading them would.
    #[test]
    fn letter_masks_change_no_result() {
        let mut it = items();
        it.extend(["Zürich Ölwerke 42", "Kelvin \u{212A}iln", "A-1 B2"].map(String::from));
        let mut list = crate::name_list::NameList::default();
        for (i, n) in it.iter().enumerate() {
            assert!(list.push(&i.to_string(), n));
        }
        list.finish();
        for q in [
            "heron", "HB", "42", "zür", "olw", "kiln", "a1 b2", "x", "-", "b q",
        ] {
            assert_eq!(
                search(list.names(), 0..it.len(), q),
                search(&it, 0..it.len(), q),
                "{q:?}"
            );
        }
    }

    /// The eight-bytes-at-a-time search finds what a byte-by-byte one does, at
    /// every position and either case, and nothing past the end.
    #[test]
    fn find_ascii_is_a_case_blind_search() {
        let hay = b"Quartz QUARTZ-labs 42 \\ {[@`}";
        for len in 0..=hay.len() {
            let h = &hay[..len];
            for w in [
                b'q', b'z', b'l', b'4', b'2', b' ', b'-', b'\\', b'{', b'[', b'@', b'`', b'x',
            ] {
                let want = h.iter().position(|b| b.to_ascii_lowercase() == w);
                assert_eq!(find_ascii(h, w), want, "{w:?} in {:?}", &h);
            }
        }
        assert!(ascii_subsequence(b"Quartz Quartz Labs 7", b"zz"));
        assert!(!ascii_subsequence(b"Quartz Blue Labs 7", b"zz"));
        assert!(ascii_subsequence(b"anything", b""));
    }

    /// A large book's names are read end to end for a common letter (see
    /// `name_list::SPARSE`) and through the letter masks for a rare one; either way
    /// the palette lists what matching every name one by one lists, in the same
    /// order, also when a broad query stops at its limit and narrowing reads on.
    #[test]
    fn scanning_the_names_changes_no_result() {
        let words = [
            "Quartz",
            "Kiosk",
            "blue",
            "LABS",
            "Zed",
            "Ölwerke",
            "\u{212A}iln",
        ];
        let it: Vec<String> = (0..400)
            .map(|i| match i % 37 {
                0 => String::new(),
                1 => format!("Zürich {i}"),
                _ => format!("{} {} {i}", words[i % 7], words[i * 5 % 6]),
            })
            .collect();
        let mut list = crate::name_list::NameList::default();
        for (i, n) in it.iter().enumerate() {
            assert!(list.push(&i.to_string(), n));
        }
        list.finish();
        for limit in [3, 50, ENOUGH] {
            for q in [
                "zz", "z", "qz", "k", "kk", "kisk", "k k", "kiln", "ki", "zü", "z 1", "labs zed",
                "x", "9", "o", "e",
            ] {
                let (mut plain, mut masked) =
                    (Matcher::with_limit(limit), Matcher::with_limit(limit));
                let mut typed = String::new();
                for c in q.chars() {
                    typed.push(c);
                    plain.update(&it, &typed);
                    masked.update(list.names(), &typed);
                    assert_eq!(listed(&masked), listed(&plain), "{typed:?} at {limit}");
                    assert_eq!(masked.complete(), plain.complete(), "{typed:?} at {limit}");
                }
            }
        }
    }

    fn listed(m: &Matcher) -> Vec<usize> {
        (0..m.len()).map(|r| m.get(r).unwrap()).collect()
    }

    #[test]
    fn incremental_equals_fresh() {
        let it = items();
        let mut m = Matcher::default();
        m.update(&it, "b");
        m.update(&it, "bl");
        m.update(&it, "blu");
        let fresh: Vec<usize> = search(&it, 0..it.len(), "blu")
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(listed(&m), fresh);
        assert!(m.complete());
        // Deleting a character goes back to the shorter query's matches.
        m.update(&it, "b");
        let b: Vec<usize> = search(&it, 0..it.len(), "b")
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(listed(&m), b);
        m.update(&it, "");
        assert_eq!(listed(&m), (0..it.len()).collect::<Vec<_>>());
        // A query that is not an extension searches everything again.
        m.update(&it, "heron");
        m.update(&it, "kest");
        assert_eq!(listed(&m), vec![1]);
    }

    /// A broad query stops at the limit, ranking the first matches in book order;
    /// typing on narrows them and reads on from where the search stopped, finding
    /// what a fresh search for the longer query would.
    #[test]
    fn a_broad_query_stops_at_the_limit_and_narrowing_reads_on() {
        let it: Vec<String> = (0..40)
            .map(|i| match i % 4 {
                0 => format!("Heron {i}"),
                1 => format!("Harbor {i}"),
                2 => format!("Kestrel {i}"),
                _ => format!("Heron Point {i}"),
            })
            .collect();
        let first = |q: &str, limit: usize| -> Vec<usize> {
            let mut m = Matcher::with_limit(limit);
            m.update(&it, q);
            let mut got = listed(&m);
            got.sort_unstable();
            got
        };
        let mut m = Matcher::with_limit(5);
        m.update(&it, "h");
        assert!(!m.complete());
        let mut got = listed(&m);
        got.sort_unstable();
        assert_eq!(
            got,
            vec![0, 1, 3, 4, 5],
            "the first five matches in book order"
        );
        m.update(&it, "he");
        m.update(&it, "her");
        assert!(!m.complete());
        assert_eq!(listed(&m).len(), 5);
        let mut got = listed(&m);
        got.sort_unstable();
        assert_eq!(got, first("her", 5));
        m.update(&it, "heron point 1");
        assert!(m.complete());
        let mut got = listed(&m);
        got.sort_unstable();
        assert_eq!(got, vec![11, 15, 19, 31]);
    }
}
