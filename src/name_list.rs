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
    /// is turned away without reading the text. Anything but `u64::MAX` also says
    /// the text is ASCII (no ASCII text holds all 64 bits).
    fn letters(&self, _i: usize) -> u64 {
        u64::MAX
    }
    /// Calls `visit` with each item of `from..to`, in order, that may match a query
    /// needing the [`letters`] `need`, until `visit` says to stop (returns false).
    /// Returns where it stopped: one past the last item visited, else `to`.
    fn scan(
        &self,
        from: usize,
        to: usize,
        need: u64,
        visit: &mut dyn FnMut(usize) -> bool,
    ) -> usize {
        scan_by_masks(from, to, need, |i| self.letters(i), visit)
    }
}

/// [`Texts::scan`] by each item's letter mask (`letters(i)`), one item at a time.
fn scan_by_masks(
    from: usize,
    to: usize,
    need: u64,
    letters: impl Fn(usize) -> u64,
    visit: &mut dyn FnMut(usize) -> bool,
) -> usize {
    for i in from..to {
        if letters(i) & need == need && !visit(i) {
            return i + 1;
        }
    }
    to
}

/// Which ASCII letters (ignoring case) and digits `s` holds, one bit each, and
/// which letters it holds twice or more (see [`TWICE`]); every bit when `s` holds
/// anything beyond ASCII, whose characters may fold to anything.
pub fn letters(s: &str) -> u64 {
    let mut m = 0;
    for b in s.bytes() {
        match b {
            0x80.. => return u64::MAX,
            _ => m = add_letter(m, b),
        }
    }
    m
}

/// Where [`letters`] keeps the letters held twice: bit `TWICE + k` for the letter
/// of bit `k`, in bits the 36 letters and digits leave free. A query such as "zz"
/// or "hill" is then turned away by names holding the letter once, which are most
/// of the names holding it.
pub const TWICE: u32 = 36;

/// `m` with ASCII byte `b` added: its bit, and its letter's [`TWICE`] bit when
/// `m` already had it.
pub fn add_letter(m: u64, b: u8) -> u64 {
    let bit = letter_bit(b);
    m | bit | (m & bit & ((1 << 26) - 1)) << TWICE
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
    /// How many names hold each letter and digit (by [`letters`]' bits), counted
    /// by [`NameList::finish`]: how a scan picks its way through the names.
    holding: Vec<u32>,
}

impl Names {
    /// The query letter held by the fewest names (or held twice, by fewest), when at
    /// least one name in [`SPARSE`] holds it (else the letter masks alone narrow
    /// enough).
    fn common_rarest(&self, need: u64) -> Option<u8> {
        let mut bits = need;
        let mut best: Option<(u32, u32)> = None;
        while bits != 0 {
            let bit = bits.trailing_zeros();
            bits &= bits - 1;
            let held = *self.holding.get(bit as usize)?;
            if best.is_none_or(|(_, h)| held < h) {
                best = Some((bit, held));
            }
        }
        let (bit, held) = best?;
        if (held as usize) * SPARSE <= self.count() {
            return None;
        }
        Some(match bit {
            0..26 => b'a' + bit as u8,
            26..TWICE => b'0' + (bit - 26) as u8,
            _ => b'a' + (bit - TWICE) as u8,
        })
    }

    /// [`Texts::scan`] by reading the text end to end: each name holding `byte`
    /// (either case) is found with `memchr`, and the names between are passed over
    /// unread unless they are beyond ASCII (whose characters may fold to `byte`).
    fn scan_text(
        &self,
        from: usize,
        to: usize,
        byte: u8,
        visit: &mut dyn FnMut(usize) -> bool,
    ) -> usize {
        let text = self.column.text.as_bytes();
        let end = &self.column.end;
        let stop = self.column.start(to);
        let mut i = from;
        while i < to {
            let at = self.column.start(i);
            let found = memchr::memchr2(byte, byte.to_ascii_uppercase(), &text[at..stop]);
            let Some(off) = found else {
                break;
            };
            // The name holding the byte found; the ones before it lack the byte.
            while end[i] as usize <= at + off {
                if self.letters[i] == u64::MAX && !visit(i) {
                    return i + 1;
                }
                i += 1;
            }
            if !visit(i) {
                return i + 1;
            }
            i += 1;
        }
        // No name from `i` on holds the byte.
        while i < to {
            if self.letters[i] == u64::MAX && !visit(i) {
                return i + 1;
            }
            i += 1;
        }
        to
    }
}

/// A letter held by fewer than one name in this many is found through the letter
/// masks (8 bytes a name); a commoner one by reading the text end to end. The masks
/// leave the names to read scattered through the text, each a wait on memory: at 1M
/// names, reading the 16 % holding a `z` took 10 ms that way, against 3 ms for all
/// 27 MB of text in order.
const SPARSE: usize = 32;

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
    fn scan(
        &self,
        from: usize,
        to: usize,
        need: u64,
        visit: &mut dyn FnMut(usize) -> bool,
    ) -> usize {
        match self.common_rarest(need) {
            Some(byte) => self.scan_text(from, to, byte, visit),
            None => scan_by_masks(from, to, need, |i| self.letters[i], visit),
        }
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
        let mut holding = vec![0; 64];
        for &m in &self.names.letters {
            let mut bits = if m == u64::MAX { 0 } else { m };
            while bits != 0 {
                holding[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        self.names.holding = holding;
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
        assert_eq!(letters("zZ"), 1 << 25 | 1 << (TWICE + 25));
        assert_eq!(letters("Hill 99"), letters("hil9") | 1 << (TWICE + 11));
        assert_eq!(
            letters("abcdefghijklmnopqrstuvwxyz0123456789"),
            (1 << 36) - 1
        );
        assert_eq!(letters("\u{212A}"), u64::MAX, "the Kelvin sign folds to k");
    }

    /// Reading the text end to end for a common letter visits, in order, every
    /// name holding it in either case and every name beyond ASCII (whose
    /// characters may fold to it), and stops where the visitor says.
    #[test]
    fn a_scan_for_a_common_letter_reads_the_text() {
        let rows: Vec<String> = (0..100)
            .map(|i| match i % 5 {
                0 => format!("Kiosk {i}"),
                1 => format!("kk{i}"),
                2 => "\u{212A}iln".to_string(),
                3 => String::new(),
                _ => format!("Blue {i}"),
            })
            .collect();
        let mut l = NameList::default();
        for (i, name) in rows.iter().enumerate() {
            assert!(l.push(&i.to_string(), name));
        }
        l.finish();
        let names = l.names();
        assert_eq!(names.common_rarest(letters("k")), Some(b'k'));
        assert_eq!(names.common_rarest(letters("kx")), None, "no name holds x");
        for (from, to) in [(0, 100), (3, 100), (7, 58), (50, 50), (99, 100)] {
            let mut seen = Vec::new();
            let stop = names.scan(from, to, letters("k"), &mut |i| {
                seen.push(i);
                true
            });
            assert_eq!(stop, to);
            let want: Vec<usize> = (from..to).filter(|i| i % 5 < 3).collect();
            assert_eq!(seen, want, "{from}..{to}");
        }
        let mut seen = Vec::new();
        let stop = names.scan(0, 100, letters("k"), &mut |i| {
            seen.push(i);
            seen.len() < 4
        });
        assert_eq!((seen, stop), (vec![0, 1, 2, 5], 6));
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
