//! A small form: labelled fields, focus moving field by field, typed values checked
//! as they are entered. Enter submits, Esc cancels without saving. The caller checks
//! what only it can (a date in the future, an owner that exists) and puts a message
//! back with [`Form::fail`], keeping the form open with what the user typed.

use super::layout::centered;
use super::theme::Theme;
use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::text::inert;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Text,
    /// Several lines: Alt-Enter or Ctrl-J starts a new line (Enter still saves).
    MultiLine,
    /// YYYY-MM-DD
    Date,
    /// An amount as people type it: `12,500`, `12500.00`.
    Money,
    /// 0–100, up to two decimals.
    Percent,
    /// Whole number within the bounds.
    Integer {
        min: i64,
        max: i64,
    },
    /// One of a fixed list; Left/Right or Space cycle, typing a letter jumps.
    Choice(Vec<String>),
}

/// A form's field names as a type: each pane declares an enum of its fields with
/// [`form_fields!`](crate::form_fields), builds fields from it and reads them back by
/// it, so no value is ever looked up by a label typed twice.
pub trait FieldId: Copy + 'static {
    /// What the form shows beside the field.
    fn label(self) -> &'static str;
    /// The field's place in its enum.
    fn slot(self) -> u8;
}

/// Declares a pane's form fields: `form_fields!(QueueField { Until = "Until", … })`.
#[macro_export]
macro_rules! form_fields {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $crate::tui::form::FieldId for $name {
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            fn slot(self) -> u8 {
                self as u8
            }
        }
    };
}

/// Which field of which enum a field is.
type Key = (std::any::TypeId, u8);

fn key_of<K: FieldId>(k: K) -> Key {
    (std::any::TypeId::of::<K>(), k.slot())
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The id the form's code reads it by.
    key: Key,
    pub label: String,
    pub value: String,
    pub kind: Kind,
    pub required: bool,
    pub help: String,
    /// For a choice: what each option shows ("Economic buyer" for
    /// `economic_buyer`); the value stays the code. Empty: the code, humanised.
    pub labels: Vec<String>,
}

impl Field {
    pub fn new<K: FieldId>(id: K, kind: Kind) -> Field {
        let label = id.label();
        let value = match &kind {
            Kind::Choice(opts) => opts.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        Field {
            key: key_of(id),
            label: label.to_string(),
            value,
            kind,
            required: false,
            help: String::new(),
            labels: Vec::new(),
        }
    }

    /// Shows the choice options as these labels (same order as the codes).
    pub fn labels(mut self, labels: Vec<String>) -> Field {
        self.labels = labels;
        self
    }

    /// What a choice option shows: its label, or the code made readable
    /// (`economic_buyer` → "Economic buyer").
    pub fn shown(&self, code: &str) -> String {
        if let Kind::Choice(opts) = &self.kind
            && let Some(i) = opts.iter().position(|o| o == code)
            && let Some(l) = self.labels.get(i)
        {
            return l.clone();
        }
        let words = code.replace('_', " ");
        let mut c = words.chars();
        match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => words,
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn value(mut self, v: impl Into<String>) -> Field {
        self.value = v.into();
        self
    }

    pub fn help(mut self, h: &str) -> Field {
        self.help = h.to_string();
        self
    }

    /// The field's own check: required, and parses as its kind (dates as people type
    /// them, against `dates`: today and the book's date order).
    pub fn check_with(&self, dates: &DateCtx) -> Result<(), String> {
        let v = self.value.trim();
        if v.is_empty() {
            return if self.required {
                Err(format!("{} is required", self.label))
            } else {
                Ok(())
            };
        }
        match &self.kind {
            Kind::Text | Kind::MultiLine | Kind::Choice(_) => Ok(()),
            Kind::Date => dates
                .parse(v)
                .map(drop)
                .map_err(|e| format!("{}: {e}", self.label)),
            Kind::Money => Money::parse(v)
                .map(drop)
                .map_err(|e| format!("{}: {e}", self.label)),
            Kind::Percent => parse_percent_bp(v)
                .map(drop)
                .map_err(|e| format!("{}: {e}", self.label)),
            Kind::Integer { min, max } => match v.trim_end_matches('%').trim().parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Ok(()),
                _ => Err(format!(
                    "{}: a whole number from {min} to {max}",
                    self.label
                )),
            },
        }
    }
}

/// What a date field needs to read what people type: `+7d` counts from today, and
/// `03/04/2027` needs the book's date order.
#[derive(Clone, Debug, Default)]
pub struct DateCtx {
    pub today: Option<Date>,
    pub order: String,
}

impl DateCtx {
    pub fn parse(&self, s: &str) -> Result<Date, String> {
        match self.today {
            Some(t) => crate::domain::date_input::parse_date_input(s, t, &self.order),
            None => parse_date(s),
        }
    }
}

/// A real calendar date in ISO form.
pub fn parse_date(s: &str) -> Result<Date, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{}' is not a date (YYYY-MM-DD)", inert(s.trim())))
}

/// A percentage 0–100 with at most two decimals, as basis points (5.01% = 501).
pub fn parse_percent_bp(s: &str) -> Result<i64, String> {
    let t = s.trim().trim_end_matches('%').trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 2
        && frac.chars().all(|c| c.is_ascii_digit());
    if !ok || int.len() > 3 {
        return Err(format!(
            "'{}' is not a percentage (0 to 100, up to two decimals)",
            inert(s.trim())
        ));
    }
    let bp =
        int.parse::<i64>().unwrap_or(0) * 100 + format!("{frac:0<2}").parse::<i64>().unwrap_or(0);
    if bp > 10_000 {
        return Err(format!("'{}' is above 100%", inert(s.trim())));
    }
    Ok(bp)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Editing,
    Cancelled,
    Submitted,
}

#[derive(Clone, Debug)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// A line above the fields (what the form applies to).
    pub note: Option<String>,
    /// Today and the date order, for date fields (set by the app as keys arrive).
    pub dates: DateCtx,
    /// The focused field still holds what it was opened (or reached) with: the
    /// first character typed replaces it rather than appending to it.
    pub fresh: bool,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        Form {
            title: title.to_string(),
            fields,
            focus: 0,
            error: None,
            note: None,
            dates: DateCtx::default(),
            fresh: true,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Form {
        self.note = Some(note.into());
        self
    }

    /// The trimmed value of field `id`. A form asked for a field it does not have is
    /// a mistake in the code: tests (debug builds) stop on it.
    pub fn get<K: FieldId>(&self, id: K) -> &str {
        let key = key_of(id);
        match self.fields.iter().find(|f| f.key == key) {
            Some(f) => f.value.trim(),
            None => {
                debug_assert!(false, "form '{}' has no field '{}'", self.title, id.label());
                ""
            }
        }
    }

    /// Puts a value into field `id`, as if typed (component tests fill forms so).
    pub fn set<K: FieldId>(&mut self, id: K, value: &str) {
        let key = key_of(id);
        match self.fields.iter_mut().find(|f| f.key == key) {
            Some(f) => f.value = value.to_string(),
            None => debug_assert!(false, "form '{}' has no field '{}'", self.title, id.label()),
        }
    }

    /// Rewrites what was typed into the form the submit code reads: a date as
    /// YYYY-MM-DD (`+2w` → the date), a whole number without its `%`.
    fn normalise(&mut self) {
        for f in &mut self.fields {
            let v = f.value.trim();
            if v.is_empty() {
                continue;
            }
            match f.kind {
                Kind::Date => {
                    if let Ok(d) = self.dates.parse(v) {
                        f.value = d.to_string();
                    }
                }
                Kind::Integer { .. } => f.value = v.trim_end_matches('%').trim().to_string(),
                _ => {}
            }
        }
    }

    /// Keeps the form open with a message (the caller's own validation failed).
    pub fn fail(&mut self, message: impl Into<String>, field: Option<&str>) {
        self.error = Some(message.into());
        if let Some(i) = field.and_then(|l| self.fields.iter().position(|f| f.label == l)) {
            self.focus = i;
            self.fresh = true;
        }
    }

    /// A key, with today and the book's date order for the date fields.
    pub fn handle_key_on(&mut self, key: KeyEvent, dates: DateCtx) -> Outcome {
        self.dates = dates;
        self.handle_key(key)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        let n = self.fields.len().max(1);
        match key.code {
            KeyCode::Esc => return Outcome::Cancelled,
            KeyCode::Enter | KeyCode::Char('j')
                if self
                    .fields
                    .get(self.focus)
                    .is_some_and(|f| f.kind == Kind::MultiLine)
                    && (key.modifiers.contains(KeyModifiers::ALT)
                        || (key.code == KeyCode::Char('j')
                            && key.modifiers.contains(KeyModifiers::CONTROL))) =>
            {
                self.fields[self.focus].value.push('\n');
            }
            KeyCode::Enter => {
                for (i, f) in self.fields.iter().enumerate() {
                    if let Err(e) = f.check_with(&self.dates) {
                        self.error = Some(e);
                        self.focus = i;
                        self.fresh = true;
                        return Outcome::Editing;
                    }
                }
                self.normalise();
                self.error = None;
                return Outcome::Submitted;
            }
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % n;
                self.fresh = true;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + n - 1) % n;
                self.fresh = true;
            }
            _ => {
                let Some(f) = self.fields.get_mut(self.focus) else {
                    return Outcome::Editing;
                };
                if let Kind::Choice(opts) = &f.kind {
                    let i = opts.iter().position(|o| *o == f.value).unwrap_or(0);
                    let len = opts.len().max(1);
                    match key.code {
                        KeyCode::Right | KeyCode::Char(' ') => {
                            f.value = opts[(i + 1) % len].clone()
                        }
                        KeyCode::Left => f.value = opts[(i + len - 1) % len].clone(),
                        KeyCode::Char(c) => {
                            // A letter jumps to the next option whose label starts with it.
                            let starts = |j: usize| {
                                f.shown(&opts[j])
                                    .to_lowercase()
                                    .starts_with(c.to_ascii_lowercase())
                            };
                            if let Some(j) = (1..=len).map(|k| (i + k) % len).find(|&j| starts(j)) {
                                f.value = opts[j].clone();
                            }
                        }
                        _ => {}
                    }
                } else {
                    let fresh = std::mem::replace(&mut self.fresh, false);
                    match key.code {
                        KeyCode::Backspace => {
                            f.value.pop();
                        }
                        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                            f.value.clear()
                        }
                        KeyCode::Char(c)
                            if !key.modifiers.contains(KeyModifiers::CONTROL)
                                && !c.is_control() =>
                        {
                            if fresh {
                                f.value.clear();
                            }
                            f.value.push(c)
                        }
                        _ => {}
                    }
                }
                self.error = None;
            }
        }
        Outcome::Editing
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let label_w = self
            .fields
            .iter()
            .map(|x| x.label.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        let mut lines = Vec::new();
        if let Some(n) = &self.note {
            lines.push(Line::from(Span::styled(
                inert(n).into_owned(),
                theme.muted(),
            )));
        }
        for (i, fld) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "▶ " } else { "  " };
            let req = if fld.required { "*" } else { " " };
            // Line breaks show as ⏎ so a multi-line note stays on its row.
            let mut value = inert(&fld.value.replace('\n', " ⏎ ")).into_owned();
            if let Kind::Choice(opts) = &fld.kind {
                value = format!(
                    "‹ {} ›  ({})",
                    inert(&fld.shown(&fld.value)),
                    crate::io::text::count(opts.len(), "choice", "choices")
                );
            } else if focused && self.fresh && !fld.value.is_empty() {
                // Shown selected: typing replaces it, Backspace edits it.
                value.push_str(" ◂ typing replaces");
            } else if focused {
                value.push('█');
            }
            let style = if focused {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::raw(format!("{:<label_w$}{req}", fld.label)),
                Span::styled(value, style),
            ]));
            if focused && !fld.help.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("    {}", fld.help),
                    theme.muted(),
                )));
            }
            if focused && fld.kind == Kind::Date {
                lines.push(Line::from(Span::styled(
                    format!(
                        "    {}",
                        crate::domain::date_input::accepted_forms(&self.dates.order)
                    ),
                    theme.muted(),
                )));
            }
        }
        lines.push(Line::from(""));
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(
                format!("✗ {}", inert(e)),
                theme.alert(),
            )));
        }
        lines.push(Line::from(Span::styled(
            "Enter save · Esc cancel · Tab/↑↓ next field · * required",
            theme.muted(),
        )));
        let h = (lines.len() as u16 + 2).min(area.height);
        let r = centered(area, 72, h);
        f.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", self.title));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            r,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::form_fields!(
        T {
            Until = "Until",
            Reason = "Reason",
            Note = "Note",
            Result = "Result",
            Probability = "Probability",
            Amount = "Amount",
            Owner = "Owner",
        }
    );

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(f: &mut Form, s: &str) {
        for c in s.chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn fields_are_checked_on_submit_and_focus_moves_to_the_bad_one() {
        let mut f = Form::new(
            "Snooze",
            vec![
                Field::new(T::Until, Kind::Date).required(),
                Field::new(T::Reason, Kind::Text).required(),
            ],
        );
        typed(&mut f, "2026-02-30");
        f.handle_key(key(KeyCode::Tab));
        typed(&mut f, "budget cycle");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), Outcome::Editing);
        assert_eq!(f.focus, 0);
        assert!(f.error.as_deref().unwrap().contains("not a date"));
        for _ in 0..2 {
            f.handle_key(key(KeyCode::Backspace));
        }
        typed(&mut f, "28");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), Outcome::Submitted);
        assert_eq!(f.get(T::Until), "2026-02-28");
        assert_eq!(f.get(T::Reason), "budget cycle");
    }

    #[test]
    fn multi_line_notes_take_new_lines() {
        let mut f = Form::new(
            "Note",
            vec![Field::new(T::Note, Kind::MultiLine).required()],
        );
        typed(&mut f, "first");
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
        typed(&mut f, "second");
        f.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL));
        typed(&mut f, "third");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), Outcome::Submitted);
        assert_eq!(f.get(T::Note), "first\nsecond\nthird");
    }

    #[test]
    fn esc_cancels_and_choices_cycle() {
        let mut f = Form::new(
            "Close",
            vec![Field::new(
                T::Result,
                Kind::Choice(vec!["won".into(), "churned".into(), "downgraded".into()]),
            )],
        );
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.get(T::Result), "churned");
        f.handle_key(key(KeyCode::Char('d')));
        assert_eq!(f.get(T::Result), "downgraded");
        f.handle_key(key(KeyCode::Left));
        assert_eq!(f.get(T::Result), "churned");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), Outcome::Cancelled);
    }

    #[test]
    fn percent_and_integer_bounds() {
        assert_eq!(parse_percent_bp("5"), Ok(500));
        assert_eq!(parse_percent_bp("5.01"), Ok(501));
        assert_eq!(parse_percent_bp("100%"), Ok(10_000));
        assert!(parse_percent_bp("100.01").is_err());
        assert!(parse_percent_bp("-1").is_err());
        assert!(parse_percent_bp("5.001").is_err());
        let f = Field::new(T::Probability, Kind::Integer { min: 0, max: 100 }).value("101");
        assert!(f.check_with(&DateCtx::default()).is_err());
        assert!(
            Field::new(T::Amount, Kind::Money)
                .value("12,500")
                .check_with(&DateCtx::default())
                .is_ok()
        );
        assert!(
            Field::new(T::Owner, Kind::Text)
                .required()
                .check_with(&DateCtx::default())
                .unwrap_err()
                .contains("Owner is required")
        );
    }

    #[test]
    #[should_panic(expected = "has no field")]
    fn asking_for_a_field_the_form_lacks_is_caught() {
        crate::form_fields!(Other { Elsewhere = "Elsewhere" });
        let f = Form::new("Snooze", vec![Field::new(T::Until, Kind::Date)]);
        let _ = f.get(Other::Elsewhere);
    }
}

/// Why a submitted form was not saved, and which field to fix.
#[derive(Debug)]
pub struct FormError {
    pub message: String,
    pub field: Option<String>,
}

impl FormError {
    pub fn new(message: impl Into<String>, field: Option<&str>) -> FormError {
        FormError {
            message: message.into(),
            field: field.map(str::to_string),
        }
    }
}
