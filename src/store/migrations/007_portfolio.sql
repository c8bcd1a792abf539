-- Issue 15: the forecast over time.
-- A CSM's forecast category for an open renewal; NULL = the default from its stage
-- and health (config `[portfolio]`). Closed renewals are `closed` whatever this says.
ALTER TABLE renewals ADD COLUMN forecast_category TEXT
    CHECK (forecast_category IN ('commit','best_case','pipeline','omitted'));
-- The few renewals with a category set by hand, read apart from the queue's covering
-- index so that index stays covering.
CREATE INDEX renewals_forecast_category ON renewals(id, forecast_category) WHERE forecast_category IS NOT NULL;
-- Closed renewals of a period (the queue's index holds only open ones).
CREATE INDEX renewals_closed_by_date ON renewals(renewal_date) WHERE closed_on IS NOT NULL;
-- Open renewals with steps an import found already passed (the team view leaves
-- those out of the activity completion rate).
CREATE INDEX renewals_done_before_import ON renewals(renewal_date, done_before_import)
    WHERE closed_on IS NULL AND done_before_import <> 0;

-- Forecast snapshots, stored only when something changed: a row for a renewal on a
-- day when its tracked fields differ from its latest earlier row. The state on day D
-- is, per renewal, its latest row on or before D. Money in minor units.
CREATE TABLE forecast_snapshots (
    renewal_id   INTEGER NOT NULL REFERENCES renewals(id) ON DELETE CASCADE,
    taken_on     TEXT NOT NULL,
    renewal_date TEXT,
    arr_minor    INTEGER NOT NULL,
    target_minor INTEGER,
    -- the renewal's forecast value: the target or ARR while open, the final ARR once closed
    value_minor  INTEGER NOT NULL,
    probability  INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    stage        TEXT NOT NULL,
    category     TEXT NOT NULL,
    owner        TEXT,
    at_risk      INTEGER NOT NULL,
    PRIMARY KEY (renewal_id, taken_on)
) WITHOUT ROWID;
CREATE INDEX forecast_snapshots_day ON forecast_snapshots(taken_on);

-- Every day a snapshot was taken (with or without changed rows), so "the snapshot of
-- 7 days ago" can tell a quiet day from a day with no snapshot at all.
CREATE TABLE snapshot_days (
    taken_on TEXT PRIMARY KEY,
    rows     INTEGER NOT NULL
) WITHOUT ROWID;
