//! The activities a CSM logs by hand, and what makes one worth keeping.

crate::text_enum!(
    /// What kind of touch an activity was. The store also logs its own entries (stage
    /// and owner changes, snoozes) under other kinds; these are the ones a person picks.
    ActivityKind {
        Call = "call": "call",
        Email = "email": "email",
        Meeting = "meeting": "meeting",
        Note = "note": "note",
    }
);

/// The longest summary kept; a pasted e-mail thread belongs in the CRM, not here.
pub const MAX_SUMMARY_CHARS: usize = 2_000;

/// A hand-logged activity's summary, trimmed, or why it cannot be logged.
pub fn summary(text: &str) -> Result<&str, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("summary: say what happened (it is empty)".into());
    }
    let n = t.chars().count();
    if n > MAX_SUMMARY_CHARS {
        return Err(format!(
            "summary: {n} characters is too long (at most {MAX_SUMMARY_CHARS})"
        ));
    }
    Ok(t)
}

/// A kind as typed (`call`, `Meeting`), or an error naming the field and the choices.
pub fn kind(text: &str) -> Result<ActivityKind, String> {
    ActivityKind::from_text(text).ok_or_else(|| {
        format!(
            "kind: '{}' is not an activity kind (use {})",
            super::text::inert(text.trim()),
            ActivityKind::names()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_typed_and_store_their_code() {
        assert_eq!(kind("call"), Ok(ActivityKind::Call));
        assert_eq!(kind(" Meeting "), Ok(ActivityKind::Meeting));
        assert_eq!(kind("EMAIL").map(|k| k.as_str()), Ok("email"));
        assert_eq!(ActivityKind::Note.title(), "Note");
        let e = kind("stage").unwrap_err();
        assert!(
            e.starts_with("kind:") && e.contains("call, email, meeting, note"),
            "{e}"
        );
    }

    #[test]
    fn summaries_are_trimmed_and_bounded() {
        assert_eq!(summary("  Called Dana  "), Ok("Called Dana"));
        assert!(summary(" \n ").unwrap_err().contains("empty"));
        assert!(summary(&"x".repeat(MAX_SUMMARY_CHARS)).is_ok());
        assert!(
            summary(&"x".repeat(MAX_SUMMARY_CHARS + 1))
                .unwrap_err()
                .contains("too long")
        );
    }
}
