-- Dated measurements that arrive with signals.csv but are not warnings by themselves
-- (an NPS of 60 is good news): kept as data, exported back, shown on the account.
-- One reading per account, kind and day, so re-importing a file changes nothing.
CREATE TABLE readings (
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    observed_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('nps','csat','usage','engagement')),
    value       REAL,
    note        TEXT,
    source      TEXT NOT NULL DEFAULT 'manual',
    PRIMARY KEY (account_id, kind, observed_on)
);
