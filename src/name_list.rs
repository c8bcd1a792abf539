//! Every account's id and name, index-aligned, for the go-to palette and `:goto`.
//!
//! A million accounts kept as two million `String`s cost about 100 MB and a million
//! allocations; here each column is one arena string with end offsets (54 MB at a
//! million generated accounts, ids, the id lookup and the letter masks included).

/// Text by position: what the fuzzy matcher and the resolver search.
pub trait Texts {
    fn count(&self) -> usize;
    fn text(&self, i: usize) -> &str;
    /// [`letters`] of text `i`, when kept: a query needing a letter the text lacks
    /// is turned away without reading the text.
    fn letters(&self, _i: usize) -> u64 {
        u64::MAX
    }
}

/// Which ASCII letters (ignoring case) and digits `s` holds, one bit each; every
/// bit when `s` holds anything beyond ASCII, whose characters may fold to anything.
pub fn letters(s: &str) -> u64 {
    let mut m = 0;
    for b in s.bytes() {
        match b {
            0x80.. => return u64::MAX,
            _ => m |= letter_bit(b),
        }
    }
    m
}

/// The bit of an ASCII letter (either case) or digit; none for anything else.
pub fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'A'..=b'Z' => 1 << (b - b'A'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

impl Texts for [String] {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Texts for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> &str {
        &self[i]
    }
}

/// One column of strings: their bytes end to end, and where each ends.
#[derive(Default)]
pub struct Column {
    text: String,
    end: Vec<u32>,
}

impl Column {
    /// Whether `s` fits: offsets are 32-bit, so a column holds up to 4 GB of text.
    fn fits(&self, s: &str) -> bool {
        self.text.len() + s.len() <= u32::MAX as usize
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.end.push(self.text.len() as u32);
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.end[i - 1] as usize }
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.end.shrink_to_fit();
    }
}

impl Texts for Column {
    fn count(&self) -> usize {
        self.end.len()
    }
    fn text(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.end[i] as usize]
    }
}

/// The names, with the [`letters`] of each: most names of a large book fail a
/// query for want of a letter, which this finds without reading them.
#[derive(Default)]
pub struct Names {
    column: Column,
    letters: Vec<u64>,
}

impl Texts for Names {
    fn count(&self) -> usize {
        self.column.count()
    }
    fn text(&self, i: usize) -> &str {
        self.column.text(i)
    }
    fn letters(&self, i: usize) -> u64 {
        self.letters[i]
    }
}

/// Account ids and names, index-aligned, in the order the book lists them.
#[derive(Default)]
pub struct NameList {
    ids: Column,
    names: Names,
    /// Positions ordered by id (ASCII case ignored), then position: the palette looks
    /// up a typed id on every key, which a scan of a million ids would make slow.
    by_id: Vec<u32>,
}

impl NameList {
    /// Adds an account. False when the list is full (4 GB of ids or names); the
    /// caller stops there.
    pub fn push(&mut self, id: &str, name: &str) -> bool {
        if !(self.ids.fits(id) && self.names.column.fits(name)) {
            return false;
        }
        self.ids.push(id);
        self.names.column.push(name);
        self.names.letters.push(letters(name));
        true
    }

    /// Builds the id lookup once every account is in.
    pub fn finish(&mut self) {
        self.ids.shrink();
        self.names.column.shrink();
        self.names.letters.shrink_to_fit();
        let mut by_id: Vec<u32> = (0..self.ids.count() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| {
            lower_cmp(self.id(a as usize), self.id(b as usize)).then(a.cmp(&b))
        });
        self.by_id = by_id;
    }

    pub fn len(&self) -> usize {
        self.names.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn name(&self, i: usize) -> &str {
        self.names.column.text(i)
    }

    pub fn id(&self, i: usize) -> &str {
        self.ids.text(i)
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    pub fn ids(&self) -> &Column {
        &self.ids
    }

    /// The account whose id is `query` (trimmed), as [`crate::resolve::resolve`]'s
    /// first steps find it: the exact id, else the first id equal to it ignoring
    /// ASCII case.
    pub fn find_id(&self, query: &str) -> Option<usize> {
        let q = query.trim();
        if q.is_empty() {
            return None;
        }
        let from = self
            .by_id
            .partition_point(|&i| lower_cmp(self.id(i as usize), q).is_lt());
        let same = self.by_id[from..]
            .iter()
            .take_while(|&&i| lower_cmp(self.id(i as usize), q).is_eq());
        let mut first = None;
        for &i in same {
            if self.id(i as usize) == q {
                return Some(i as usize);
            }
            first = first.or(Some(i as usize));
        }
        first
    }
}

/// Orders strings byte by byte with ASCII letters lower-cased: equal exactly when
/// `eq_ignore_ascii_case` says so.
fn lower_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rows: &[(&str, &str)]) -> NameList {
        let mut l = NameList::default();
        for (id, name) in rows {
            assert!(l.push(id, name));
        }
        l.finish();
        l
    }

    #[test]
    fn columns_keep_each_string() {
        let l = list(&[("A-1", "Blue Heron"), ("", ""), ("Z", "Zürich Ölwerke")]);
        assert_eq!(l.len(), 3);
        assert_eq!((l.id(0), l.name(0)), ("A-1", "Blue Heron"));
        assert_eq!((l.id(1), l.name(1)), ("", ""));
        assert_eq!((l.id(2), l.name(2)), ("Z", "Zürich Ölwerke"));
        assert_eq!(l.names().text(2), "Zürich Ölwerke");
        assert_eq!(l.names().letters(0), letters("blue heron"));
        assert_eq!(l.names().letters(2), u64::MAX);
    }

    #[test]
    fn letters_ignore_case_and_give_up_beyond_ascii() {
        assert_eq!(letters("Ab"), letters("bA"));
        assert_eq!(letters("a"), 1);
        assert_eq!(letters("Z9"), 1 << 25 | 1 << 35);
        assert_eq!(letters("- ."), 0);
        assert_eq!(letters("\u{212A}"), u64::MAX, "the Kelvin sign folds to k");
    }

    #[test]
    fn id_lookup_prefers_the_exact_id_then_the_first_ignoring_case() {
        let rows = [
            ("demo-003", "a"),
            ("DEMO-001", "b"),
            ("DEMO-003", "c"),
            ("Demo-003", "d"),
            ("X-1", "e"),
            ("DEMO-0031", "f"),
        ];
        let l = list(&rows);
        for (q, want) in [
            ("DEMO-003", Some(2)),
            ("demo-003", Some(0)),
            ("Demo-003", Some(3)),
            ("dEMO-003", Some(0)),
            ("demo-001", Some(1)),
            (" x-1 ", Some(4)),
            ("DEMO-0031", Some(5)),
            ("DEMO-00", None),
            ("", None),
            ("zz", None),
        ] {
            assert_eq!(l.find_id(q), want, "{q:?}");
        }
    }
}
