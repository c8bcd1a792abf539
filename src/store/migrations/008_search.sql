-- Issue 14: search beyond names. Trigram indexes (FTS5) over contact names and notes
-- (hand-logged calls, e-mails, meetings and notes; risk-signal notes): they find the
-- rows holding every three-character piece of a query, ignoring case, without reading
-- every row (a scan of a 100k book with its contacts and notes took 70-80 ms); the
-- store then confirms the substring on each row. Account ids and names are not
-- indexed: LIKE reads 100k of them within the search budget, and any trigger on
-- accounts would slow the import the import budget is measured on.
-- Contentless (the text stays in its own table) and without positions (detail =
-- none): with positions the index was as large as the rest of the book; without, a
-- quarter of that. (Deleting from a contentless index needs its size table.) The
-- rowid names the source row: stakeholders.id; 2 × activities.id, or
-- 2 × signals.id + 1.
--
-- Kept in step in two steps. Triggers note every changed contact, activity and
-- signal in `search_pending`, whichever path changes it (import, forms, undo,
-- cascading deletes); the store moves the pending rows into the indexes in bulk at
-- the end of its write transactions, and a search reads pending rows directly until
-- then. Writing into FTS5 from a trigger instead cost ~40 µs a row (FTS5 flushes at
-- every statement savepoint): an import of 100k contacts would have taken 4 s longer.
CREATE VIRTUAL TABLE search_contacts USING fts5(
    text, tokenize = 'trigram', content = '', contentless_delete = 1, detail = none
);
CREATE VIRTUAL TABLE search_notes USING fts5(
    text, tokenize = 'trigram', content = '', contentless_delete = 1, detail = none
);

INSERT INTO search_contacts(rowid, text) SELECT id, name FROM stakeholders;
INSERT INTO search_notes(rowid, text) SELECT id * 2, summary FROM activities
    WHERE kind IN ('call', 'email', 'meeting', 'note');
INSERT INTO search_notes(rowid, text) SELECT id * 2 + 1, note FROM signals WHERE note IS NOT NULL;

CREATE TABLE search_pending (
    kind   INTEGER NOT NULL,  -- 1 stakeholder, 2 activity, 3 signal
    source INTEGER NOT NULL,  -- its id
    PRIMARY KEY (kind, source)
) WITHOUT ROWID;

CREATE TRIGGER search_contact_added AFTER INSERT ON stakeholders BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (1, new.id);
END;
CREATE TRIGGER search_contact_renamed AFTER UPDATE OF name ON stakeholders
    WHEN old.name IS NOT new.name BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (1, new.id);
END;
CREATE TRIGGER search_contact_removed AFTER DELETE ON stakeholders BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (1, old.id);
END;

CREATE TRIGGER search_activity_added AFTER INSERT ON activities
    WHEN new.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (2, new.id);
END;
CREATE TRIGGER search_activity_changed AFTER UPDATE OF kind, summary ON activities
    WHEN old.kind IN ('call', 'email', 'meeting', 'note') OR new.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (2, new.id);
END;
CREATE TRIGGER search_activity_removed AFTER DELETE ON activities
    WHEN old.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (2, old.id);
END;

CREATE TRIGGER search_signal_added AFTER INSERT ON signals WHEN new.note IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (3, new.id);
END;
CREATE TRIGGER search_signal_changed AFTER UPDATE OF note ON signals
    WHEN old.note IS NOT new.note BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (3, new.id);
END;
CREATE TRIGGER search_signal_removed AFTER DELETE ON signals WHEN old.note IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_pending(kind, source) VALUES (3, old.id);
END;
