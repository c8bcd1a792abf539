//! Putting records in order without holding them: each record's bytes go to an
//! unnamed temp file as they are made, and memory keeps only a fixed 24-byte entry
//! per record (its sort key and where its bytes are). A million-row listing sorts
//! in about 24 MB however long its rows; the file is the OS's to delete, even when
//! runway is killed mid-way.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Bits of an entry's position word that hold the record's length.
const LEN_BITS: u32 = 24;
const MAX_RECORD: usize = (1 << LEN_BITS) - 1;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    key_hi: u64,
    key_lo: u64,
    /// Offset in the file << LEN_BITS | length: offsets grow as records are pushed,
    /// so equal keys keep the order they were pushed in.
    at: u64,
}

pub struct Spill {
    file: BufWriter<File>,
    written: u64,
    entries: Vec<Entry>,
}

impl Spill {
    pub fn new() -> io::Result<Spill> {
        Ok(Spill {
            file: BufWriter::with_capacity(256 * 1024, tempfile::tempfile()?),
            written: 0,
            entries: Vec::new(),
        })
    }

    /// Adds one record under `key`.
    pub fn push(&mut self, key: u128, record: &[u8]) -> io::Result<()> {
        if record.len() > MAX_RECORD {
            return Err(io::Error::other(format!(
                "a record of {} bytes is over the {MAX_RECORD}-byte limit for sorting",
                record.len()
            )));
        }
        self.file.write_all(record)?;
        self.entries.push(Entry {
            key_hi: (key >> 64) as u64,
            key_lo: key as u64,
            at: self.written << LEN_BITS | record.len() as u64,
        });
        self.written += record.len() as u64;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Hands each record to `f` with its key, smallest key first (equal keys in the
    /// order they were pushed).
    pub fn each_sorted(
        mut self,
        f: &mut dyn FnMut(u128, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.entries.sort_unstable();
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        let mut buf = Vec::new();
        // Records pushed one after another and read in the same order need no seek.
        let mut pos = u64::MAX;
        for e in &self.entries {
            let (offset, len) = (e.at >> LEN_BITS, (e.at & MAX_RECORD as u64) as usize);
            if offset != pos {
                file.seek(SeekFrom::Start(offset))?;
            }
            buf.resize(len, 0);
            file.read_exact(&mut buf)?;
            pos = offset + len as u64;
            f((e.key_hi as u128) << 64 | e.key_lo as u128, &buf)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_in_key_order_ties_in_push_order() {
        let mut s = Spill::new().unwrap();
        let big = 1u128 << 100;
        for (k, r) in [
            (5, "e"),
            (big, "z"),
            (1, "a1"),
            (3, ""),
            (1, "a2"),
            (big - 1, "y"),
        ] {
            s.push(k, r.as_bytes()).unwrap();
        }
        assert_eq!(s.len(), 6);
        let mut got = Vec::new();
        s.each_sorted(&mut |k, r| {
            got.push((k, String::from_utf8(r.to_vec()).unwrap()));
            Ok(())
        })
        .unwrap();
        let want = [
            (1, "a1"),
            (1, "a2"),
            (3, ""),
            (5, "e"),
            (big - 1, "y"),
            (big, "z"),
        ];
        assert_eq!(got, want.map(|(k, r)| (k, r.to_string())));
    }

    #[test]
    fn an_oversized_record_is_an_error_not_a_wrong_order() {
        let mut s = Spill::new().unwrap();
        let e = s.push(1, &vec![b'x'; MAX_RECORD + 1]).unwrap_err();
        assert!(e.to_string().contains("limit"), "{e}");
        assert!(s.is_empty());
    }
}
