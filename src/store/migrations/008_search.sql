-- Issue 14: search beyond names. A trigram index (FTS5) over the text people look
-- things up by: account ids and names, contact names, the notes of hand-logged
-- activities (call, email, meeting, note) and risk-signal notes. It finds a substring
-- of 3+ characters, ignoring case, without reading every row (a scan of a 100k book
-- took 70-80 ms). Contentless: it holds only the index, and each entry's rowid names
-- its source row: 4 × the source's rowid + 0 account (key), 1 stakeholder,
-- 2 activity, 3 signal; one column per kind, so a query can ask one kind first.
-- Triggers keep it in step with every write, whichever path makes it (import, forms,
-- undo, cascading deletes).
CREATE VIRTUAL TABLE search_index USING fts5(
    account, contact, note,
    tokenize = 'trigram', content = '', contentless_delete = 1
);

INSERT INTO search_index(rowid, account) SELECT key * 4, id || ' ' || name FROM accounts;
INSERT INTO search_index(rowid, contact) SELECT id * 4 + 1, name FROM stakeholders;
INSERT INTO search_index(rowid, note) SELECT id * 4 + 2, summary FROM activities
    WHERE kind IN ('call', 'email', 'meeting', 'note');
INSERT INTO search_index(rowid, note) SELECT id * 4 + 3, note FROM signals WHERE note IS NOT NULL;

CREATE TRIGGER search_account_added AFTER INSERT ON accounts BEGIN
    INSERT INTO search_index(rowid, account) VALUES (new.key * 4, new.id || ' ' || new.name);
END;
CREATE TRIGGER search_account_renamed AFTER UPDATE OF id, name ON accounts BEGIN
    DELETE FROM search_index WHERE rowid = old.key * 4;
    INSERT INTO search_index(rowid, account) VALUES (new.key * 4, new.id || ' ' || new.name);
END;
CREATE TRIGGER search_account_removed AFTER DELETE ON accounts BEGIN
    DELETE FROM search_index WHERE rowid = old.key * 4;
END;

CREATE TRIGGER search_contact_added AFTER INSERT ON stakeholders BEGIN
    INSERT INTO search_index(rowid, contact) VALUES (new.id * 4 + 1, new.name);
END;
CREATE TRIGGER search_contact_renamed AFTER UPDATE OF name ON stakeholders BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
    INSERT INTO search_index(rowid, contact) VALUES (new.id * 4 + 1, new.name);
END;
CREATE TRIGGER search_contact_removed AFTER DELETE ON stakeholders BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
END;

CREATE TRIGGER search_activity_added AFTER INSERT ON activities
    WHEN new.kind IN ('call', 'email', 'meeting', 'note') BEGIN
    INSERT INTO search_index(rowid, note) VALUES (new.id * 4 + 2, new.summary);
END;
CREATE TRIGGER search_activity_changed AFTER UPDATE OF kind, summary ON activities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
    INSERT INTO search_index(rowid, note) SELECT new.id * 4 + 2, new.summary
        WHERE new.kind IN ('call', 'email', 'meeting', 'note');
END;
CREATE TRIGGER search_activity_removed AFTER DELETE ON activities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
END;

CREATE TRIGGER search_signal_added AFTER INSERT ON signals WHEN new.note IS NOT NULL BEGIN
    INSERT INTO search_index(rowid, note) VALUES (new.id * 4 + 3, new.note);
END;
CREATE TRIGGER search_signal_changed AFTER UPDATE OF note ON signals BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
    INSERT INTO search_index(rowid, note) SELECT new.id * 4 + 3, new.note WHERE new.note IS NOT NULL;
END;
CREATE TRIGGER search_signal_removed AFTER DELETE ON signals BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
END;
