//! Showing untrusted text (names from CRM exports) inert.

use std::borrow::Cow;

/// Characters that change how a terminal shows what follows: controls, escape
/// sequences, bidi overrides and isolates, zero-width and other invisible formatting.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// The text with every hazardous character replaced by a visible stand-in: C0
/// controls by their control picture (ESC shows as `␛`), everything else invisible or
/// direction-changing by `�`. Plain text is returned borrowed, untouched.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
                '\u{7F}' => '\u{2421}',
                c if is_hazard(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// The text with its first letter upper-cased (a label at the start of a line).
pub fn capitalised(s: &'static str) -> Cow<'static, str> {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => Cow::Owned(c.to_uppercase().chain(chars).collect()),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            inert("Kestrel Freight Co. — Zürich"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_bidi_and_zero_width_are_neutralised() {
        assert_eq!(inert("Evil\u{1b}[31mRed"), "Evil␛[31mRed");
        assert_eq!(inert("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(inert("zero\u{200B}width"), "zero\u{FFFD}width");
        assert_eq!(inert("line\nbreak\ttab"), "line␊break␉tab");
        assert_eq!(inert("c1\u{9b}x"), "c1\u{FFFD}x");
        assert_eq!(inert("bom\u{FEFF}"), "bom\u{FFFD}");
        assert!(!inert("\u{2066}x\u{2069}").chars().any(is_hazard));
    }
}
