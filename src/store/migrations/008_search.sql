-- Issue 14: search beyond names. Trigram indexes (FTS5) over contact names and notes
-- (hand-logged calls, e-mails, meetings and notes; risk-signal notes): they find the
-- rows holding every three-character piece of a query, ignoring case, without reading
-- every row (a scan of a 100k book with its contacts and notes took 70-80 ms); the
-- store then confirms the substring on each row. Account ids and names are not
-- indexed: a trigger into FTS5 costs ~40 µs a row (FTS5 flushes at every statement
-- savepoint), which would take an import of 100k accounts from 1 s to 8 s, and
-- LIKE reads 100k names within the search budget.
-- Contentless (the text stays in its own table) and without positions (detail =
-- none): with positions the index was as large as the rest of the book; without, a
-- quarter of that. (Deleting from a contentless index needs its size table.) The
-- rowid names the source row: stakeholders.id; 2 × activities.id, or
-- 2 × signals.id + 1. Triggers keep them in step with every write, whichever path
-- makes it (import, forms, undo, cascading deletes).
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

CREATE TRIGGER search_contact_added AFTER INSERT ON stakeholders BEGIN
    INSERT INTO search_contacts(rowid, text) VALUES (new.id, new.name);
END;
CREATE TRIGGER search_contact_renamed AFTER UPDATE OF name ON stakeholders
    WHEN old.name IS NOT new.name BEGIN
    DELETE FROM search_contacts WHERE rowid = old.id;
    INSERT INTO search_contacts(rowid, text) VALUES (new.id, new.name);
END;
CREATE TRIGGER search_contact_removed AFTER DELETE ON stakeholders BEGIN
    DELETE FROM search_contacts WHERE rowid = old.id;
END;

CREATE TRIGGER search_activity_added AFTER INSERT ON activities
    WHEN new.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    INSERT INTO search_notes(rowid, text) VALUES (new.id * 2, new.summary);
END;
CREATE TRIGGER search_activity_changed AFTER UPDATE OF kind, summary ON activities
    WHEN old.kind IN ('call', 'email', 'meeting', 'note') OR new.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    DELETE FROM search_notes WHERE rowid = old.id * 2;
    INSERT INTO search_notes(rowid, text) SELECT new.id * 2, new.summary
        WHERE new.kind IN ('call', 'email', 'meeting', 'note');
END;
CREATE TRIGGER search_activity_removed AFTER DELETE ON activities
    WHEN old.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    DELETE FROM search_notes WHERE rowid = old.id * 2;
END;

CREATE TRIGGER search_signal_added AFTER INSERT ON signals WHEN new.note IS NOT NULL BEGIN
    INSERT INTO search_notes(rowid, text) VALUES (new.id * 2 + 1, new.note);
END;
CREATE TRIGGER search_signal_changed AFTER UPDATE OF note ON signals
    WHEN old.note IS NOT new.note BEGIN
    DELETE FROM search_notes WHERE rowid = old.id * 2 + 1;
    INSERT INTO search_notes(rowid, text) SELECT new.id * 2 + 1, new.note WHERE new.note IS NOT NULL;
END;
CREATE TRIGGER search_signal_removed AFTER DELETE ON signals WHEN old.note IS NOT NULL BEGIN
    DELETE FROM search_notes WHERE rowid = old.id * 2 + 1;
END;
