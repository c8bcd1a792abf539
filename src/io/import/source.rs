//! Bytes to records: encoding, delimiter, and spreadsheet row numbers.
//!
//! The csv crate does the parsing. Beside it, a small scanner watches the raw bytes
//! as they are read, for two things csv does not tell: how many blank lines came
//! before a record (a spreadsheet shows them as rows, so row numbers in the report
//! must count them, while csv skips them), and a quote opened and never closed (csv
//! silently swallows the rest of the file into one cell). Nothing holds more than a
//! buffer of the file.

use memchr::{memchr, memchr3};
use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// What Excel on Windows writes for "CSV" in Western locales.
    Windows1252,
}

impl Encoding {
    /// The names `--encoding` takes (with the usual aliases).
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "windows-1252" | "cp1252" => Some(Encoding::Windows1252),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    FieldStart,
    InField,
    Quoted,
    QuoteInQuoted,
}

/// Follows the csv crate's quoting rules (a quote is special only at the start of a
/// field; `""` inside quotes is a quote) to count lines as a spreadsheet does.
#[derive(Debug)]
pub struct LineScan {
    delim: u8,
    state: State,
    line_has_content: bool,
    last_was_cr: bool,
    records: u64,
    blank_total: u64,
    /// (index of the record they precede, how many blank lines) — usually empty.
    blanks: Vec<(u64, u64)>,
    open_at: u64,
}

impl LineScan {
    pub fn new(delim: u8) -> LineScan {
        LineScan {
            delim,
            state: State::FieldStart,
            line_has_content: false,
            last_was_cr: false,
            records: 0,
            blank_total: 0,
            blanks: Vec::new(),
            open_at: 0,
        }
    }

    fn end_line(&mut self) {
        if self.line_has_content {
            self.records += 1;
            self.line_has_content = false;
        } else {
            self.blank_total += 1;
            match self.blanks.last_mut() {
                Some(last) if last.0 == self.records => last.1 += 1,
                _ => self.blanks.push((self.records, 1)),
            }
        }
    }

    /// One byte outside quotes, at a field start or found by the in-field search.
    fn outside(&mut self, b: u8) {
        if b == b'\n' {
            if !self.last_was_cr {
                self.end_line();
            }
            self.last_was_cr = false;
            self.state = State::FieldStart;
        } else if b == b'\r' {
            self.end_line();
            self.last_was_cr = true;
            self.state = State::FieldStart;
        } else {
            self.line_has_content = true;
            self.last_was_cr = false;
            self.state = if b == self.delim {
                State::FieldStart
            } else {
                State::InField
            };
        }
    }

    pub fn feed(&mut self, mut buf: &[u8]) {
        while let Some((&b, rest)) = buf.split_first() {
            match self.state {
                State::Quoted => match memchr(b'"', buf) {
                    Some(i) => {
                        buf = &buf[i + 1..];
                        self.state = State::QuoteInQuoted;
                    }
                    None => return,
                },
                State::InField => match memchr3(self.delim, b'\n', b'\r', buf) {
                    Some(i) => {
                        let t = buf[i];
                        buf = &buf[i + 1..];
                        self.outside(t);
                    }
                    None => return,
                },
                State::FieldStart | State::QuoteInQuoted => {
                    buf = rest;
                    if b == b'"' {
                        if self.state == State::FieldStart {
                            self.open_at = self.records + self.blank_total + 1;
                        }
                        self.state = State::Quoted;
                        self.line_has_content = true;
                        self.last_was_cr = false;
                    } else {
                        self.outside(b);
                    }
                }
            }
        }
    }

    /// At the end of the input: the row where a still-open quote began.
    pub fn unclosed_quote(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.open_at)
    }
}

/// Counts raw bytes and feeds them to the scanner as csv pulls them through.
struct Tap<R> {
    inner: R,
    scan: Rc<RefCell<LineScan>>,
    bytes: Rc<Cell<u64>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.scan.borrow_mut().feed(&buf[..n]);
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// `,` or `;`, whichever the header line has more of outside quotes (`,` on a tie).
pub fn detect_delimiter(head: &[u8]) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// The first bytes of a file, for delimiter detection and the empty-file check.
pub fn head(path: &Path, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    File::open(path)?.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A stream of records with their spreadsheet row numbers.
pub struct Records {
    csv: csv::Reader<Box<dyn Read>>,
    scan: Rc<RefCell<LineScan>>,
    bytes: Rc<Cell<u64>>,
    rec: csv::ByteRecord,
    index: u64,
    blank_cursor: usize,
    blank_sum: u64,
}

impl Records {
    pub fn open(path: &Path, encoding: Encoding, delimiter: u8) -> io::Result<Records> {
        let scan = Rc::new(RefCell::new(LineScan::new(delimiter)));
        let bytes = Rc::new(Cell::new(0));
        let tap = Tap {
            inner: File::open(path)?,
            scan: scan.clone(),
            bytes: bytes.clone(),
        };
        let reader: Box<dyn Read> = match encoding {
            Encoding::Utf8 => Box::new(tap),
            Encoding::Windows1252 => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding_rs::WINDOWS_1252))
                    .build(tap),
            ),
        };
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(256 * 1024)
            .from_reader(reader);
        Ok(Records {
            csv,
            scan,
            bytes,
            rec: csv::ByteRecord::new(),
            index: 0,
            blank_cursor: 0,
            blank_sum: 0,
        })
    }

    /// Reads the next record; returns its row number (header = row 1 when the file
    /// starts with it), or `None` at the end.
    pub fn next_row(&mut self) -> io::Result<Option<u64>> {
        let more = self
            .csv
            .read_byte_record(&mut self.rec)
            .map_err(io::Error::other)?;
        if !more {
            return Ok(None);
        }
        let k = self.index;
        self.index += 1;
        let scan = self.scan.borrow();
        while let Some(&(at, n)) = scan.blanks.get(self.blank_cursor) {
            if at > k {
                break;
            }
            self.blank_sum += n;
            self.blank_cursor += 1;
        }
        Ok(Some(k + 1 + self.blank_sum))
    }

    pub fn record(&self) -> &csv::ByteRecord {
        &self.rec
    }

    /// Raw bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.get()
    }

    /// After the last record: where an unclosed quote opened.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.scan.borrow().unclosed_quote()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[u8]) -> (Vec<(u64, Vec<String>)>, Option<u64>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, data).unwrap();
        let mut r = Records::open(&p, Encoding::Utf8, b',').unwrap();
        let mut out = Vec::new();
        while let Some(n) = r.next_row().unwrap() {
            let cells = r
                .record()
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((n, cells));
        }
        (out, r.unclosed_quote())
    }

    #[test]
    fn rows_count_blank_lines_but_not_quoted_newlines() {
        let (rows, open) =
            rows(b"h1,h2\na,b\n\nc,\"x\ny\"\n\n\nd,e\r\n,\r\n\r\nf,\"say \"\"hi\"\"\"\n");
        let nums: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(nums, vec![1, 2, 4, 7, 8, 10]);
        assert_eq!(rows[2].1, vec!["c", "x\ny"]);
        assert_eq!(rows[5].1, vec!["f", "say \"hi\""]);
        assert_eq!(open, None);
    }

    #[test]
    fn an_unclosed_quote_names_its_row() {
        let (got, open) = rows(b"h1,h2\na,b\nc,\"never closed\nd,e\nf,g\n");
        assert_eq!(got.len(), 3);
        assert_eq!(open, Some(3));
        // A quote inside an unquoted cell is literal, as csv reads it.
        let (_, open) = rows(b"h1,h2\na,5\" pipe\nb,c\n");
        assert_eq!(open, None);
    }

    #[test]
    fn scan_survives_any_chunking() {
        let data = b"h1,h2\r\na,\"x\r\n\"\"y\"\r\n\r\nb,\"c\n";
        for chunk in 1..8 {
            let mut s = LineScan::new(b',');
            for part in data.chunks(chunk) {
                s.feed(part);
            }
            assert_eq!(s.unclosed_quote(), Some(4), "chunk {chunk}");
            assert_eq!(s.blanks, vec![(2, 1)]);
        }
    }

    #[test]
    fn delimiter_from_the_header_line() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n"), b',');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(b""), b',');
    }
}
