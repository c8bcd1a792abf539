//! Duplicate account ids in an accounts file, found in pass 1 without holding every
//! id: each id is kept as a 64-bit hash (a million ids take about 18 MB instead of
//! about 80 as strings), and only when a hash comes up twice is the file read once
//! more to compare those ids exactly. A file with no duplicate is read no more than
//! before; a hash that two different ids share is never reported as a duplicate.

use super::rows::cell_text;
use super::source::{Encoding, Records};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

/// The ids pass 1 has seen so far.
#[derive(Default)]
pub(super) struct SeenIds<S = RandomState> {
    hasher: S,
    seen: HashSet<u64>,
    /// Hashes met more than once: a duplicate id, or (rarely) two ids sharing one.
    twice: HashSet<u64>,
}

impl<S: BuildHasher> SeenIds<S> {
    pub(super) fn note(&mut self, id: &str) {
        let h = self.hasher.hash_one(id);
        if !self.seen.insert(h) {
            self.twice.insert(h);
        }
    }

    /// Later row → first row with the same id. `data_row` says which records are
    /// data rows (those pass 1 noted the id of). Reads the file again only when some
    /// hash came up twice.
    pub(super) fn duplicates(
        self,
        path: &Path,
        encoding: Encoding,
        delimiter: u8,
        id_col: usize,
        data_row: impl Fn(&csv::ByteRecord) -> bool,
    ) -> std::io::Result<HashMap<u64, u64>> {
        let mut out = HashMap::new();
        if self.twice.is_empty() {
            return Ok(out);
        }
        drop(self.seen);
        let mut first: HashMap<Box<str>, u64> = HashMap::new();
        let mut recs = Records::open(path, encoding, delimiter)?;
        if recs.next_row()?.is_none() {
            return Ok(out);
        }
        while let Some(row) = recs.next_row()? {
            let rec = recs.record();
            if !data_row(rec) {
                continue;
            }
            let id = cell_text(rec, id_col).trim();
            if id.is_empty() || !self.twice.contains(&self.hasher.hash_one(id)) {
                continue;
            }
            match first.get(id) {
                Some(f) => {
                    out.insert(row, *f);
                }
                None => {
                    first.insert(id.into(), row);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasherDefault, Hasher};

    /// Every id gets the same hash: the worst case of ids that share one.
    #[derive(Default)]
    struct Same;
    impl Hasher for Same {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn ids_that_share_a_hash_are_compared_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        // Rows 2..: A, B, (footer-like row), B, C, A.
        std::fs::write(&path, "id,name\nA,x\nB,x\n,\nB,y\nC,x\nA,z\n").unwrap();
        let mut seen = SeenIds::<BuildHasherDefault<Same>>::default();
        for id in ["A", "B", "B", "C", "A"] {
            seen.note(id);
        }
        let data = |rec: &csv::ByteRecord| rec.iter().filter(|f| !f.is_empty()).count() > 1;
        let dups = seen
            .duplicates(&path, Encoding::Utf8, b',', 0, data)
            .unwrap();
        let mut got: Vec<(u64, u64)> = dups.into_iter().collect();
        got.sort();
        assert_eq!(got, vec![(5, 3), (7, 2)]);
    }

    #[test]
    fn distinct_ids_read_the_file_once() {
        let mut seen = SeenIds::<RandomState>::default();
        for id in ["A", "B", "C"] {
            seen.note(id);
        }
        // No second read: the file does not even exist.
        let dups = seen
            .duplicates(
                Path::new("/nonexistent/x.csv"),
                Encoding::Utf8,
                b',',
                0,
                |_| true,
            )
            .unwrap();
        assert!(dups.is_empty());
    }
}
