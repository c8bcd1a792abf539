//! What the command line writes to stdout: JSON that can never carry a terminal
//! control, text made inert when a person is reading it, and a closed pipe that ends
//! the command quietly (as `head` expects of any Unix tool).

use crate::domain::text::{inert, is_hazard};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Pretty JSON whose strings escape C0, C1 (U+0080–U+009F), bidi and zero-width
/// characters as `\uXXXX`: serde_json leaves C1 and bidi raw, and a raw U+009B is a
/// terminal's CSI for whoever runs `runway queue --json` without a pipe.
pub fn json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut buf = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, SafeFormatter::default());
    value
        .serialize(&mut ser)
        .expect("a serde_json::Value serialises into memory");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// serde_json's pretty formatter with hazardous characters escaped.
#[derive(Default)]
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        // Printable ASCII is never a hazard: most of a large listing goes straight out.
        if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return w.write_all(s.as_bytes());
        }
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if is_hazard(c) {
                w.write_all(&s.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&s.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// How bytes meant for stdout are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Exactly as made: a pipe or a file, where CSV must round-trip byte for byte.
    Exact,
    /// Untrusted characters made inert: a person's terminal would obey an escape
    /// sequence (clear the screen, write the clipboard through OSC 52) stored in a name.
    Inert,
}

/// The one decision, kept pure so it is tested without a pty: a terminal gets inert
/// text; anything else gets the bytes as made. Newlines and tabs are layout, so they
/// stay.
pub fn shown_for(stdout_is_terminal: bool) -> Shown {
    if stdout_is_terminal {
        Shown::Inert
    } else {
        Shown::Exact
    }
}

/// `bytes` as they should reach stdout under `shown`.
pub fn render(bytes: &[u8], shown: Shown) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    match shown {
        Shown::Exact => Cow::Borrowed(bytes),
        Shown::Inert => {
            let text = String::from_utf8_lossy(bytes);
            let mut out = String::with_capacity(text.len());
            for line in text.split_inclusive('\n') {
                let body = line.strip_suffix('\n').unwrap_or(line);
                let body = body.strip_suffix('\r').unwrap_or(body);
                let nl = &line[body.len()..];
                for (i, cell) in body.split('\t').enumerate() {
                    if i > 0 {
                        out.push('\t');
                    }
                    out.push_str(&inert(cell));
                }
                out.push_str(nl);
            }
            Cow::Owned(out.into_bytes())
        }
    }
}

/// Writes to stdout, inert when stdout is a terminal.
pub fn stdout(bytes: &[u8]) -> io::Result<()> {
    use std::io::IsTerminal;
    let out = io::stdout();
    let shown = shown_for(out.is_terminal());
    let mut out = out.lock();
    out.write_all(&render(bytes, shown))?;
    out.flush()
}

/// Output written as it is made (a listing or export of any size): buffered, and
/// under `Shown::Inert` each whole line made inert as `render` would the whole text.
/// Call `finish` at the end: it writes a last line without a newline and flushes.
pub struct Stream<W: Write> {
    out: io::BufWriter<W>,
    shown: Shown,
    /// An inert stream's unfinished line (rendered only whole, so a character split
    /// across two writes is never mangled).
    pending: Vec<u8>,
}

impl<W: Write> Stream<W> {
    pub fn new(out: W, shown: Shown) -> Self {
        Stream {
            out: io::BufWriter::with_capacity(64 * 1024, out),
            shown,
            pending: Vec::new(),
        }
    }

    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.out.write_all(&render(&rest, self.shown))?;
        }
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

impl<W: Write> Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.shown == Shown::Exact {
            return self.out.write(buf);
        }
        self.pending.extend_from_slice(buf);
        if let Some(end) = memchr::memrchr(b'\n', &self.pending) {
            let rest = self.pending.split_off(end + 1);
            let whole = std::mem::replace(&mut self.pending, rest);
            self.out.write_all(&render(&whole, self.shown))?;
        }
        Ok(buf.len())
    }

    /// Flushes whole lines only; `finish` writes the rest.
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// stdout as a `Stream`: inert when it is a terminal, exact bytes otherwise.
pub fn stdout_stream() -> Stream<io::Stdout> {
    use std::io::IsTerminal;
    let out = io::stdout();
    let shown = shown_for(out.is_terminal());
    Stream::new(out, shown)
}

/// True when `e` (anywhere in its chain) is a write to a pipe whose reader has gone.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_escapes_c0_c1_bidi_and_zero_width() {
        let s = json_pretty(&json!({"name": "a\u{1b}[2Jb\u{9b}c\u{202e}d\u{200b}e\u{E0041}"}));
        assert!(
            s.contains(r#""a\u001b[2Jb\u009bc\u202ed\u200be\udb40\udc41""#),
            "{s}"
        );
        assert!(s.is_ascii());
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["name"],
            "a\u{1b}[2Jb\u{9b}c\u{202e}d\u{200b}e\u{E0041}"
        );
        // Same layout as serde_json's pretty printer for plain text.
        let v = json!({"a": [1, {"b": "Zürich — ok"}], "c": null});
        assert_eq!(json_pretty(&v), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn a_stream_renders_what_render_renders_whatever_the_writes() {
        let text = "id,name\r\nA-1,\"Evil\u{1b}]52;c;aGk=\u{7} Zürich\"\r\n\tx\nlast";
        for shown in [Shown::Exact, Shown::Inert] {
            // Written a byte at a time, splitting every character and line.
            let mut s = Stream::new(Vec::new(), shown);
            for b in text.as_bytes() {
                s.write_all(std::slice::from_ref(b)).unwrap();
            }
            s.flush().unwrap();
            let got = s.finish().unwrap();
            assert_eq!(
                got,
                render(text.as_bytes(), shown).into_owned(),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn a_terminal_gets_inert_text_a_pipe_gets_exact_bytes() {
        assert_eq!(shown_for(true), Shown::Inert);
        assert_eq!(shown_for(false), Shown::Exact);
        let csv = b"id,name\r\nA-1,\"Evil\x1b]52;c;aGk=\x07 Co\"\r\n\tx\n";
        assert_eq!(&*render(csv, Shown::Exact), csv);
        let shown = String::from_utf8(render(csv, Shown::Inert).into_owned()).unwrap();
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'));
        assert!(shown.contains("Evil␛]52;c;aGk=␇ Co"));
        assert!(shown.ends_with("\r\n\tx\n"), "{shown:?}");
    }
}
