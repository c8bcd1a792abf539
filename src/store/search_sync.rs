//! Moving the rows the triggers of migration 008 noted as changed into the search
//! indexes, in bulk: one statement per index and step, so FTS5 writes them together
//! (from a trigger it flushed at every row's statement savepoint, ~40 µs a row).

use rusqlite::Connection;

/// Drops the index entries of every pending row, then indexes what those rows hold
/// now (a row deleted since has nothing to index; an activity that is no longer a
/// call, e-mail, meeting or note, or a signal without a note, neither).
const DRAIN: &str = "
DELETE FROM search_contacts WHERE rowid IN (SELECT source FROM search_pending WHERE kind = 1);
INSERT INTO search_contacts(rowid, text)
    SELECT s.id, s.name FROM search_pending p JOIN stakeholders s ON s.id = p.source WHERE p.kind = 1;
DELETE FROM search_notes WHERE rowid IN (
    SELECT source * 2 FROM search_pending WHERE kind = 2
    UNION ALL SELECT source * 2 + 1 FROM search_pending WHERE kind = 3);
INSERT INTO search_notes(rowid, text)
    SELECT t.id * 2, t.summary FROM search_pending p JOIN activities t ON t.id = p.source
    WHERE p.kind = 2 AND t.kind IN ('call', 'email', 'meeting', 'note');
INSERT INTO search_notes(rowid, text)
    SELECT g.id * 2 + 1, g.note FROM search_pending p JOIN signals g ON g.id = p.source
    WHERE p.kind = 3 AND g.note IS NOT NULL;
DELETE FROM search_pending;
";

/// Whether any changed row waits to be indexed.
pub(super) fn pending(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM search_pending)")?
        .query_row([], |r| r.get(0))
}

/// Indexes the pending rows; called inside the caller's write transaction.
pub(super) fn drain(conn: &Connection) -> rusqlite::Result<()> {
    if pending(conn)? {
        conn.execute_batch(DRAIN)?;
    }
    Ok(())
}
