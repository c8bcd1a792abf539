-- Issue 12. Who approved a proposal option that needs more than the user's own
-- approval level, at which level and when (§14: never promise what you cannot
-- approve). An approval covers the discount it was given for and any smaller one.
CREATE TABLE proposal_approvals (
    id          INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    tier        TEXT NOT NULL CHECK (tier IN ('good','better','best')),
    discount_bp INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    level       TEXT NOT NULL CHECK (level IN ('csm','manager','director','executive')),
    approved_by TEXT NOT NULL CHECK (length(trim(approved_by)) > 0),
    approved_on TEXT NOT NULL
);
CREATE INDEX proposal_approvals_by_proposal ON proposal_approvals (proposal_id, tier);

-- The customer-facing wording of a save-plan problem, written by the CSM. The
-- internal problem text never leaves Runway; when this is empty the customer plan
-- uses the fix's wording.
ALTER TABLE save_items ADD COLUMN customer_wording TEXT;
