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
use chrono::{Datelike, Duration};
use std::io::Write;

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

/// At most this many day ranges (buckets) while a calendar is written: a day each
/// for a book spanning under three years.
const MAX_BUCKETS: i64 = 1024;
/// Encoded events are kept in memory up to this size in all, then every bucket's are
/// appended to the temp file (so a small book's calendar never touches the file).
const IN_MEMORY: usize = 8 * 1024 * 1024;

/// The calendar file written from events pushed in any order: each event is encoded
/// as it comes and filed by its day into a bucket of consecutive days, whose bytes
/// go to one temp file in chunks; the file is then written a bucket at a time, each
/// sorted by day then uid. Memory holds one bucket (a day or a few), never a million
/// renewals' events.
pub struct CalendarOut {
    file: std::fs::File,
    written: u64,
    /// Bytes in the buckets' `pending`, all told.
    pending: usize,
    buckets: Vec<Bucket>,
    first_day: i64,
    width: i64,
    stamp: String,
    events: usize,
}

#[derive(Default)]
struct Bucket {
    /// Events not yet in the file.
    pending: Vec<u8>,
    /// Where the bucket's earlier events are in the file: (offset, length).
    chunks: Vec<(u64, usize)>,
}

impl CalendarOut {
    /// `span` is the range of the open renewals' dates and the tasks'; events outside
    /// it (and the playbook's lead before it) go to the first or last bucket, which
    /// only makes that bucket larger. `DTSTAMP` is `today` at midnight UTC, so the same book on
    /// the same day always exports the same bytes.
    pub fn new(today: Date, span: Option<(Date, Date)>) -> std::io::Result<Self> {
        // A renewal's steps and reminders come up to the longest lead before it.
        let lead = playbook::longest_offset().max(crate::domain::reminders::longest_offset());
        let (lo, hi) = span.map_or((0, 0), |(a, b)| {
            (
                a.num_days_from_ce() as i64 - lead,
                b.num_days_from_ce() as i64,
            )
        });
        let days = (hi - lo).max(0) + 1;
        let count = days.min(MAX_BUCKETS);
        Ok(CalendarOut {
            file: tempfile::tempfile()?,
            written: 0,
            pending: 0,
            buckets: (0..count).map(|_| Bucket::default()).collect(),
            first_day: lo,
            width: (days + count - 1) / count,
            stamp: format!("{}T000000Z", today.format("%Y%m%d")),
            events: 0,
        })
    }

    pub fn push(&mut self, e: &Event) -> std::io::Result<()> {
        let day = e.day.num_days_from_ce() as i64;
        let last = self.buckets.len() as i64 - 1;
        let bucket =
            &mut self.buckets[((day - self.first_day) / self.width).clamp(0, last) as usize];
        let mut text = String::new();
        event_lines(&mut text, e, &self.stamp);
        // The record: its day, the uid's and the lines' lengths, the uid, the lines.
        let rec = &mut bucket.pending;
        rec.extend_from_slice(&(day as i32).to_le_bytes());
        rec.extend_from_slice(&(e.uid.len() as u32).to_le_bytes());
        rec.extend_from_slice(&(text.len() as u32).to_le_bytes());
        rec.extend_from_slice(e.uid.as_bytes());
        rec.extend_from_slice(text.as_bytes());
        self.pending += 12 + e.uid.len() + text.len();
        self.events += 1;
        if self.pending >= IN_MEMORY {
            for b in &mut self.buckets {
                if !b.pending.is_empty() {
                    self.file.write_all(&b.pending)?;
                    b.chunks.push((self.written, b.pending.len()));
                    self.written += b.pending.len() as u64;
                    // Freed, not kept: a thousand buckets' high-water marks add up.
                    b.pending = Vec::new();
                }
            }
            self.pending = 0;
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.events
    }

    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// Writes the whole file to `out`.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let mut head = String::new();
        calendar_head(&mut head);
        out.write_all(head.as_bytes())?;
        let mut bytes = Vec::new();
        let mut file = self.file;
        for bucket in self.buckets {
            bytes.clear();
            for (offset, len) in bucket.chunks {
                file.seek(std::io::SeekFrom::Start(offset))?;
                let start = bytes.len();
                bytes.resize(start + len, 0);
                file.read_exact(&mut bytes[start..])?;
            }
            bytes.extend_from_slice(&bucket.pending);
            let mut records = Vec::new();
            let mut at = 0;
            while at < bytes.len() {
                let word = |i: usize| {
                    let b = &bytes[at + 4 * i..at + 4 * i + 4];
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                };
                let (day, uid, text) = (word(0) as i32, word(1) as usize, word(2) as usize);
                let start = at + 12;
                records.push((day, start..start + uid, start + uid..start + uid + text));
                at = start + uid + text;
            }
            records.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| bytes[a.1.clone()].cmp(&bytes[b.1.clone()]))
            });
            for (_, _, text) in records {
                out.write_all(&bytes[text])?;
            }
        }
        let mut tail = String::new();
        fold_into(&mut tail, "END:VCALENDAR");
        out.write_all(tail.as_bytes())
    }
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
