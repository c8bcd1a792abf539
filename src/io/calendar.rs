//! `runway export calendar`: open playbook milestones, automated reminders and open
//! tasks as all-day iCalendar events (RFC 5545). UIDs are stable
//! (`<account_id>-<milestone>@runway`), so importing a later export into the same
//! calendar updates the entries instead of duplicating them.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::playbook::{self, MilestoneStatus};
use crate::domain::queue::QueueRow;
use crate::domain::text::inert;
use crate::io::spill::Spill;
use crate::store::DueTask;
use chrono::{Datelike, Duration};

/// One all-day event, before encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub uid: String,
    pub day: Date,
    pub summary: String,
    pub description: String,
}

/// One renewal's events: its open playbook milestones and the reminders still ahead.
pub fn row_events(r: &QueueRow, today: Date, cfg: &Config) -> Vec<Event> {
    let mut out = Vec::new();
    let f = &r.facts;
    let Some(date) = f.renewal_date else {
        return out;
    };
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
    out
}

/// An open task's event (`None` when its stored date cannot be read: it has no day
/// to sit on).
pub fn task_event(t: &DueTask, account_name: &str) -> Option<Event> {
    let day = t.due_on?;
    let name = inert(account_name);
    Some(Event {
        uid: format!("{}-task-{}@runway", t.account_id, t.id),
        day,
        summary: format!("{name}: {}", inert(&t.title)),
        description: format!("Task ({}) for {name}.", t.kind.replace('_', " ")),
    })
}

/// The calendar file written from events pushed in any order: each event is encoded
/// as it comes and put in order (day, then uid) through a temp file, so a million
/// renewals' events never sit in memory; only one day's events are sorted at once.
pub struct CalendarOut {
    sorted: Spill,
    stamp: String,
}

impl CalendarOut {
    /// `DTSTAMP` is `today` at midnight UTC, so the same book on the same day always
    /// exports the same bytes.
    pub fn new(today: Date) -> std::io::Result<Self> {
        Ok(CalendarOut {
            sorted: Spill::new()?,
            stamp: format!("{}T000000Z", today.format("%Y%m%d")),
        })
    }

    pub fn push(&mut self, e: &Event) -> std::io::Result<()> {
        // The record: the uid's length and bytes (for ordering within a day), then
        // the event's finished lines.
        let mut rec = (e.uid.len() as u32).to_le_bytes().to_vec();
        rec.extend_from_slice(e.uid.as_bytes());
        let mut text = String::new();
        event_lines(&mut text, e, &self.stamp);
        rec.extend_from_slice(text.as_bytes());
        let day = e.day.num_days_from_ce() as i64 as u64 as u128;
        self.sorted.push(day, &rec)
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Writes the whole file to `out`.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut head = String::new();
        calendar_head(&mut head);
        out.write_all(head.as_bytes())?;
        let mut day_events: Vec<Vec<u8>> = Vec::new();
        let mut current = None;
        let flush = |events: &mut Vec<Vec<u8>>, out: &mut dyn std::io::Write| {
            events.sort_by(|a, b| uid_of(a).cmp(uid_of(b)));
            for rec in events.drain(..) {
                out.write_all(&rec[4 + uid_len(&rec)..])?;
            }
            std::io::Result::Ok(())
        };
        self.sorted.each_sorted(&mut |day, rec| {
            if current != Some(day) {
                flush(&mut day_events, out)?;
                current = Some(day);
            }
            day_events.push(rec.to_vec());
            Ok(())
        })?;
        flush(&mut day_events, out)?;
        let mut tail = String::new();
        fold_into(&mut tail, "END:VCALENDAR");
        out.write_all(tail.as_bytes())
    }
}

fn uid_len(rec: &[u8]) -> usize {
    u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]) as usize
}

fn uid_of(rec: &[u8]) -> &[u8] {
    &rec[4..4 + uid_len(rec)]
}

fn calendar_head(out: &mut String) {
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Runway//Renewal cockpit//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Runway renewals",
    ] {
        fold_into(out, l);
    }
}

fn event_lines(out: &mut String, e: &Event, stamp: &str) {
    let mut line = |s: &str| fold_into(out, s);
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
