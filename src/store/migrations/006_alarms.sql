-- Alarms a CSM can trust (issue 13).
-- The person on our side who holds each relationship, as the CRM names them
-- ("Contact Owner"): with it, an imported contact counts as a thread to us even when
-- the file cannot say which of our threads (csm, executive, ...) it is.
ALTER TABLE stakeholders ADD COLUMN our_contact TEXT;
-- Risk signals derived from the account's own data (stakeholder change, negative
-- feedback, usage decline), as a bitmask of kinds kept by the store beside
-- `signal_kinds`, so the queue reads them without scanning people and readings.
ALTER TABLE accounts ADD COLUMN derived_kinds INTEGER NOT NULL DEFAULT 0;
-- Playbook steps an import found already passed by the renewal's stage (same bits as
-- `milestones_done`): shown as "done before import" rather than as work someone did.
ALTER TABLE renewals ADD COLUMN done_before_import INTEGER NOT NULL DEFAULT 0;
-- Hours actually spent on a save, logged as they happen (planned_hours is the plan).
-- The debrief of a loss names the signals we missed (§15).
ALTER TABLE outcomes ADD COLUMN missed_signals TEXT;
ALTER TABLE save_plans ADD COLUMN logged_hours INTEGER NOT NULL DEFAULT 0 CHECK (logged_hours >= 0);
