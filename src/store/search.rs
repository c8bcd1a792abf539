//! Search beyond names: account ids and names, contact names, and note text (logged
//! calls, e-mails, meetings and notes; risk-signal notes). Ids and names are read
//! with LIKE (100k of them within the budget; an index on them would slow imports
//! eightfold, see migration 008). Contacts and notes: a query of three or more
//! characters asks the trigram indexes, which ignore case; a shorter one reads the
//! rows with LIKE. Either way the domain's matcher confirms each candidate (ignoring
//! Unicode case) and cuts its snippet.

use super::{Result, Store};
use crate::domain::activity::ActivityKind;
use crate::domain::search::{self, CONTEXT_CHARS, SearchField, SearchHit};
use rusqlite::{OptionalExtension, params};

/// The indexes (migration 008), in the order hits are listed after ids and names.
const INDEXES: [(&str, SearchField); 2] = [
    ("search_contacts", SearchField::Contact),
    ("search_notes", SearchField::Note),
];

/// `%query%` for LIKE, with LIKE's own wildcards in the query taken literally. LIKE
/// ignores only ASCII case, so a non-ASCII character becomes `_` (any one character):
/// `%z_rich%` lets the confirmation find "ZÜRICH" for "zürich".
fn like_pattern(query: &str) -> String {
    let mut p = String::with_capacity(query.len() + 2);
    p.push('%');
    for c in query.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(if c.is_ascii() { c } else { '_' });
    }
    p.push('%');
    p
}

/// An FTS5 query for the rows holding every three-character piece of `query`: the
/// indexes keep no positions, so this finds a superset of the rows holding the
/// substring, which the caller narrows. Each piece is a quoted string (inside which
/// only `"` is special, doubled), so nothing typed is read as query syntax.
fn trigram_query(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut pieces: Vec<String> = chars
        .windows(3)
        .map(|w| format!("\"{}\"", w.iter().collect::<String>().replace('"', "\"\"")))
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces.join(" AND ")
}

/// The hits gathered so far, at most one per account and field.
struct Hits<'q> {
    query: &'q str,
    limit: usize,
    list: Vec<SearchHit>,
}

impl Hits<'_> {
    fn full(&self) -> bool {
        self.list.len() >= self.limit
    }

    /// Adds the hit when `text` really holds the query and the account has no hit
    /// in this field yet.
    fn offer(&mut self, id: String, name: String, field: SearchField, text: &str) {
        if self
            .list
            .iter()
            .any(|h| h.field == field && h.account_id == id)
        {
            return;
        }
        if let Some((snippet, matched)) = search::snippet(text, self.query, CONTEXT_CHARS) {
            self.list.push(SearchHit {
                account_id: id,
                account_name: name,
                field,
                snippet,
                matched,
            });
        }
    }

    /// An account row: an id hit when the id holds the query, else a name hit.
    fn offer_account(&mut self, id: String, name: String) {
        if search::matches(&id, self.query) {
            let text = id.clone();
            self.offer(id, name, SearchField::Id, &text);
        } else {
            let text = name.clone();
            self.offer(id, name, SearchField::Name, &text);
        }
    }
}

impl Store {
    /// Accounts whose id, name, contacts or notes contain `query` (ignoring case), at
    /// most `limit` hits: ids and names first, then contacts, then notes, at most one
    /// hit per account and field. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        let mut hits = Hits {
            query: q,
            limit,
            list: Vec::new(),
        };
        if q.is_empty() || limit == 0 {
            return Ok(hits.list);
        }
        let pattern = like_pattern(q);
        self.scan_accounts(&mut hits, &pattern)?;
        self.search_people_and_notes(&mut hits, &pattern)?;
        Ok(hits.list)
    }

    /// As [`Store::search`], contacts and notes only (the go-to palette matches ids
    /// and names itself): up to `limit` hits from those, however many accounts'
    /// names also hold the query, and without reading every account.
    pub fn search_beyond_names(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        let mut hits = Hits {
            query: q,
            limit,
            list: Vec::new(),
        };
        if q.is_empty() || limit == 0 {
            return Ok(hits.list);
        }
        self.search_people_and_notes(&mut hits, &like_pattern(q))?;
        Ok(hits.list)
    }

    fn search_people_and_notes(&self, hits: &mut Hits, pattern: &str) -> Result<()> {
        // The trigram indexes cannot look up fewer than three characters.
        if hits.query.chars().count() >= 3 {
            self.search_index(hits, pattern)
        } else {
            self.scan(hits, pattern, &SCAN_SQL)
        }
    }

    /// Candidates from the indexes, contacts then notes, each read back from its
    /// row and confirmed there; and the rows changed since the indexes were last
    /// brought up to date (an import's, until the next write), read directly.
    fn search_index(&self, hits: &mut Hits, pattern: &str) -> Result<()> {
        let fts = trigram_query(hits.query);
        let pending = super::search_sync::pending(&self.conn)?;
        for (index, field) in INDEXES {
            if hits.full() {
                break;
            }
            let mut stmt = self
                .conn
                .prepare_cached(&format!("SELECT rowid FROM {index} WHERE {index} MATCH ?1"))?;
            let mut rows = stmt.query([&fts])?;
            while !hits.full()
                && let Some(r) = rows.next()?
            {
                let rowid: i64 = r.get(0)?;
                self.offer_source(hits, field, rowid)?;
            }
            if pending {
                let sources = if field == SearchField::Contact {
                    &PENDING_SQL[..1]
                } else {
                    &PENDING_SQL[1..]
                };
                self.scan(hits, pattern, sources)?;
            }
        }
        Ok(())
    }

    /// Reads the row an index entry stands for (see migration 008) and offers it.
    fn offer_source(&self, hits: &mut Hits, field: SearchField, rowid: i64) -> Result<()> {
        let (sql, source) = match (field, rowid.rem_euclid(2)) {
            (SearchField::Contact, _) => (
                "SELECT s.account_id, a.name, s.name FROM stakeholders s JOIN accounts a ON a.id = s.account_id WHERE s.id = ?1",
                rowid,
            ),
            (_, 0) => (
                "SELECT t.account_id, a.name, t.summary FROM activities t JOIN accounts a ON a.id = t.account_id WHERE t.id = ?1",
                rowid.div_euclid(2),
            ),
            _ => (
                "SELECT g.account_id, a.name, g.note FROM signals g JOIN accounts a ON a.id = g.account_id WHERE g.id = ?1",
                rowid.div_euclid(2),
            ),
        };
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .prepare_cached(sql)?
            .query_row([source], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((id, name, Some(text))) = row {
            hits.offer(id, name, field, &text);
        }
        Ok(())
    }

    /// Ids and names, read with LIKE.
    fn scan_accounts(&self, hits: &mut Hits, pattern: &str) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name FROM accounts
             WHERE id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'",
        )?;
        let mut rows = stmt.query([pattern])?;
        while !hits.full()
            && let Some(r) = rows.next()?
        {
            hits.offer_account(r.get(0)?, r.get(1)?);
        }
        Ok(())
    }

    /// Rows read with LIKE from `sources` (`SELECT account_id, account name, text`,
    /// `?1` the pattern and `?2`…`?5` the activity kinds a person logs).
    fn scan(&self, hits: &mut Hits, pattern: &str, sources: &[(SearchField, &str)]) -> Result<()> {
        let kinds: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
        for &(field, sql) in sources {
            if hits.full() {
                break;
            }
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = if sql.contains("?2") {
                stmt.query(params![pattern, kinds[0], kinds[1], kinds[2], kinds[3]])?
            } else {
                stmt.query([pattern])?
            };
            while !hits.full()
                && let Some(r) = rows.next()?
            {
                let text: String = r.get(2)?;
                hits.offer(r.get(0)?, r.get(1)?, field, &text);
            }
        }
        Ok(())
    }
}

/// Contacts and notes, every row (a query too short for the indexes).
const SCAN_SQL: [(SearchField, &str); 3] = [
    (
        SearchField::Contact,
        "SELECT s.account_id, a.name, s.name FROM stakeholders s JOIN accounts a ON a.id = s.account_id
         WHERE s.name LIKE ?1 ESCAPE '\\'",
    ),
    (
        SearchField::Note,
        "SELECT t.account_id, a.name, t.summary FROM activities t JOIN accounts a ON a.id = t.account_id
         WHERE t.kind IN (?2, ?3, ?4, ?5) AND t.summary LIKE ?1 ESCAPE '\\'",
    ),
    (
        SearchField::Note,
        "SELECT g.account_id, a.name, g.note FROM signals g JOIN accounts a ON a.id = g.account_id
         WHERE g.note LIKE ?1 ESCAPE '\\'",
    ),
];

/// Contacts and notes changed since the indexes were brought up to date.
const PENDING_SQL: [(SearchField, &str); 3] = [
    (
        SearchField::Contact,
        "SELECT s.account_id, a.name, s.name FROM search_pending p
         JOIN stakeholders s ON s.id = p.source JOIN accounts a ON a.id = s.account_id
         WHERE p.kind = 1 AND s.name LIKE ?1 ESCAPE '\\'",
    ),
    (
        SearchField::Note,
        "SELECT t.account_id, a.name, t.summary FROM search_pending p
         JOIN activities t ON t.id = p.source JOIN accounts a ON a.id = t.account_id
         WHERE p.kind = 2 AND t.kind IN (?2, ?3, ?4, ?5) AND t.summary LIKE ?1 ESCAPE '\\'",
    ),
    (
        SearchField::Note,
        "SELECT g.account_id, a.name, g.note FROM search_pending p
         JOIN signals g ON g.id = p.source JOIN accounts a ON a.id = g.account_id
         WHERE p.kind = 3 AND g.note LIKE ?1 ESCAPE '\\'",
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn trigram_queries_quote_every_piece_once() {
        assert_eq!(super::trigram_query("abcd"), "\"abc\" AND \"bcd\"");
        assert_eq!(super::trigram_query("aaaa"), "\"aaa\"");
        assert_eq!(super::trigram_query("a\"b*"), "\"\"\"b*\" AND \"a\"\"b\"");
        assert_eq!(super::trigram_query("Zür"), "\"Zür\"");
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(super::like_pattern("10%_a\\"), "%10\\%\\_a\\\\%");
        assert_eq!(super::like_pattern("zürich"), "%z_rich%");
    }
}
