//! `runway export calendar`: open playbook milestones, automated reminders and open
//! tasks as all-day iCalendar events (RFC 5545). UIDs are stable
//! (`<account_id>-<milestone>@runway`), so importing a later export into the same
//! calendar updates the entries instead of duplicating them.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::playbook::{self, MilestoneStatus};
use crate::domain::queue::QueueRow;
use crate::domain::text::inert;
use crate::store::DueTask;
use chrono::Duration;

/// One all-day event, before encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub uid: String,
    pub day: Date,
    pub summary: String,
    pub description: String,
}

/// The events for these renewals and tasks, ordered by day then uid.
pub fn events(
    rows: &[QueueRow],
    tasks: &[(DueTask, String)],
    today: Date,
    cfg: &Config,
) -> Vec<Event> {
    let mut out = Vec::new();
    for r in rows {
        let f = &r.facts;
        let Some(date) = f.renewal_date else { continue };
        let name = inert(&f.account_name);
        let context = format!(
            "{} renews on {date} (ARR {}, stage: {}).",
            name,
            f.arr.format(&cfg.book.cur(&f.currency)),
            f.stage.label()
        );
        let ms = playbook::milestones(
            r.segment,
            f.arr,
            date,
            f.milestones_done,
            today,
            &cfg.playbook,
        );
        for m in ms.iter().filter(|m| m.status != MilestoneStatus::Done) {
            out.push(Event {
                uid: format!("{}-{}@runway", f.account_id, m.def.key),
                day: m.due,
                summary: format!("{name}: {}", m.def.name),
                description: format!("{}\n{context}", m.def.detail),
            });
        }
        // A reminder is a nudge about a date still ahead; one already past is noise.
        for rem in playbook::reminders(date, f.stage, &cfg.playbook)
            .into_iter()
            .filter(|rem| rem.due >= today)
        {
            out.push(Event {
                uid: format!("{}-reminder-t{}@runway", f.account_id, rem.def.offset),
                day: rem.due,
                summary: format!("{name}: reminder T-{}", rem.def.offset),
                description: format!("{}\n{context}", rem.def.text),
            });
        }
    }
    for (t, account_name) in tasks {
        // A task whose stored date cannot be read has no day to sit on.
        let Some(day) = t.due_on else { continue };
        let name = inert(account_name);
        out.push(Event {
            uid: format!("{}-task-{}@runway", t.account_id, t.id),
            day,
            summary: format!("{name}: {}", inert(&t.title)),
            description: format!("Task ({}) for {name}.", t.kind.replace('_', " ")),
        });
    }
    out.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.uid.cmp(&b.uid)));
    out
}

/// The calendar file. `DTSTAMP` is `today` at midnight UTC, so the same book on the
/// same day always exports the same bytes.
pub fn ics(events: &[Event], today: Date) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Runway//Renewal cockpit//EN");
    line("CALSCALE:GREGORIAN");
    line("X-WR-CALNAME:Runway renewals");
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&e.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", e.day.format("%Y%m%d")));
        line(&format!(
            "DTEND;VALUE=DATE:{}",
            (e.day + Duration::days(1)).format("%Y%m%d")
        ));
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        line(&format!("DESCRIPTION:{}", escape(&e.description)));
        line("CATEGORIES:Runway");
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, `;`, `,` and newlines; other control
/// characters have no place in a calendar and are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `s` as a content line folded at 75 octets (RFC 5545 §3.1), never inside
/// a UTF-8 character, each physical line ending in CRLF.
fn fold_into(out: &mut String, s: &str) {
    let mut width = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; continuation lines start with a space, so
        // they hold 74 more.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\u{1b}[31m"), "a\\,b\\;c\\\\d\\ne[31m");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
        assert!(out.ends_with("\r\n"));
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut out = String::new();
        fold_into(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }
}
