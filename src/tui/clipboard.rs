//! Copying to the user's clipboard with OSC 52: the terminal itself puts the text on
//! the clipboard, so it works over SSH and inside tmux, where no local clipboard
//! program could reach the user's desktop. Only std: the sequence and its base64 are
//! a few lines, not worth a crate.

use std::io::Write;

/// Terminals drop (or truncate) OSC 52 payloads past roughly this size; better to say
/// so than to leave the user pasting half a brief.
pub const MAX_BYTES: usize = 100_000;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';

/// The escape sequence that asks the terminal to set the clipboard to `text`:
/// `ESC ] 52 ; c ; BASE64 BEL`. Inside tmux it is wrapped in tmux's passthrough
/// (`ESC P tmux; … ESC \`, every ESC inside doubled), since tmux would otherwise keep
/// the sequence to itself.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let seq = format!("{ESC}]52;c;{}{BEL}", base64(text.as_bytes()));
    if in_tmux {
        let doubled = seq.replace(ESC, &format!("{ESC}{ESC}"));
        format!("{ESC}Ptmux;{doubled}{ESC}\\")
    } else {
        seq
    }
}

/// Whether this process runs inside tmux (tmux sets `TMUX` for its panes).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Puts `text` on the clipboard through the terminal on stdout; returns the bytes
/// copied. Text over [`MAX_BYTES`] is refused with an error that says so, rather
/// than sent for the terminal to drop silently.
pub fn copy(text: &str) -> std::io::Result<usize> {
    if text.len() > MAX_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "too long to copy: {} kB (terminals take at most {} kB through OSC 52)",
                text.len().div_ceil(1000),
                MAX_BYTES / 1000
            ),
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(osc52(text, in_tmux()).as_bytes())?;
    out.flush()?;
    Ok(text.len())
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes gives k + 1 characters; the rest is padding.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        // The last two letters of the alphabet and every bit of a byte.
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64(&[0x00, 0x00, 0x00]), "AAAA");
        assert_eq!(base64("Zürich — €".as_bytes()), "WsO8cmljaCDigJQg4oKs");
    }

    #[test]
    fn the_sequence_outside_tmux() {
        assert_eq!(osc52("foobar", false), "\u{1b}]52;c;Zm9vYmFy\u{7}");
    }

    #[test]
    fn inside_tmux_it_is_wrapped_with_escs_doubled() {
        let s = osc52("foobar", true);
        assert_eq!(s, "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;Zm9vYmFy\u{7}\u{1b}\\");
        // The only single ESCs are the wrapper's own: one opening, one closing.
        let inner = &s["\u{1b}Ptmux;".len()..s.len() - 2];
        assert_eq!(inner.matches('\u{1b}').count(), 2);
        assert!(inner.starts_with("\u{1b}\u{1b}]52"));
    }

    #[test]
    fn untrusted_text_cannot_break_out_of_the_sequence() {
        // Escapes in what is copied travel as base64, never as live bytes.
        let s = osc52("name\u{1b}]0;pwned\u{7}", false);
        assert_eq!(s.matches('\u{1b}').count(), 1);
        assert_eq!(s.matches('\u{7}').count(), 1);
    }

    #[test]
    fn text_over_the_limit_is_refused_without_writing() {
        let big = "x".repeat(MAX_BYTES + 1);
        let e = copy(&big).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("too long to copy"), "{e}");
    }
}
