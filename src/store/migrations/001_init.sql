-- Runway schema, version 1. Dates are ISO 'YYYY-MM-DD' text; timestamps are
-- ISO 8601 text; money is INTEGER minor units; percentages are basis points.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Accounts keep the id from their source system (CRM id) so re-imports update rather
-- than duplicate; an integer key is what renewals join on, because the queue joins
-- every row of its window and integer lookups measured about twice as fast.
CREATE TABLE accounts (
    key                     INTEGER PRIMARY KEY,
    id                      TEXT NOT NULL UNIQUE,      -- id from the source system
    name                    TEXT NOT NULL,
    industry                TEXT,
    domain                  TEXT,
    customer_since          TEXT,
    segment_override        TEXT CHECK (segment_override IN ('enterprise','mid_market','smb')),
    segment_override_reason TEXT,
    strategic               INTEGER NOT NULL DEFAULT 0,
    reference               INTEGER NOT NULL DEFAULT 0,
    growth                  INTEGER NOT NULL DEFAULT 0,
    -- Latest two health snapshots, kept by the store beside health_snapshots so the
    -- queue does not scan history for every row.
    health_score            INTEGER CHECK (health_score BETWEEN 0 AND 100),
    health_prev             INTEGER CHECK (health_prev BETWEEN 0 AND 100),
    -- Open risk signals: count and a bitmask of kinds, kept by the store.
    open_signals            INTEGER NOT NULL DEFAULT 0,
    signal_kinds            INTEGER NOT NULL DEFAULT 0,
    source                  TEXT NOT NULL DEFAULT 'manual',  -- manual | import | demo
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX accounts_health ON accounts(health_score) WHERE health_score IS NOT NULL;
CREATE INDEX accounts_overridden ON accounts(key) WHERE segment_override IS NOT NULL;

CREATE TABLE renewals (
    id                   INTEGER PRIMARY KEY,
    account_key          INTEGER NOT NULL REFERENCES accounts(key) ON DELETE CASCADE,
    renewal_date         TEXT,                       -- NULL: no date known yet
    arr_minor            INTEGER NOT NULL CHECK (arr_minor >= 0),
    target_minor         INTEGER CHECK (target_minor >= 0),
    currency             TEXT NOT NULL,
    stage                TEXT NOT NULL CHECK (stage IN ('not_started','prep','engaged','proposal','negotiating','verbal','contract_sent','won','churned','downgraded')),
    opportunity_type     TEXT NOT NULL CHECK (opportunity_type IN ('flat','expansion','at_risk','early')),
    touch_model          TEXT NOT NULL CHECK (touch_model IN ('auto','assisted','negotiated')),
    owner                TEXT,
    probability_override INTEGER CHECK (probability_override BETWEEN 0 AND 100),
    snoozed_until        TEXT,
    snooze_reason        TEXT,
    flagged_at_risk      INTEGER NOT NULL DEFAULT 0,
    at_risk_reason       TEXT,
    milestones_done      INTEGER NOT NULL DEFAULT 0, -- bit i = domain::playbook::MILESTONES[i]
    stage_changed_on     TEXT,
    last_activity_on     TEXT,
    closed_on            TEXT                        -- set when won / churned / downgraded
);
-- Covers every column the queue reads, so loading a window is one range scan of this
-- index plus an integer lookup per row (no random reads of the renewals table).
CREATE INDEX renewals_window ON renewals(
    renewal_date, account_key, owner, arr_minor, target_minor, currency, stage, opportunity_type,
    touch_model, probability_override, snoozed_until, flagged_at_risk, milestones_done,
    stage_changed_on, last_activity_on
) WHERE closed_on IS NULL;
CREATE INDEX renewals_account ON renewals(account_key);
CREATE UNIQUE INDEX renewals_one_open ON renewals(account_key) WHERE closed_on IS NULL;

CREATE TABLE milestone_completions (
    renewal_id    INTEGER NOT NULL REFERENCES renewals(id) ON DELETE CASCADE,
    milestone_key TEXT NOT NULL,
    done_on       TEXT NOT NULL,
    note          TEXT,
    PRIMARY KEY (renewal_id, milestone_key)
);

CREATE TABLE stakeholders (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    title        TEXT,
    email        TEXT,
    phone        TEXT,
    role         TEXT CHECK (role IN ('user','champion','economic_buyer','decision_maker','technical_buyer','legal_procurement')),
    sentiment    TEXT NOT NULL DEFAULT 'neutral' CHECK (sentiment IN ('supporter','neutral','detractor')),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','left','changed_role')),
    last_contact TEXT,
    our_thread   TEXT CHECK (our_thread IN ('csm','executive','technical','sales_leader')),
    source       TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX stakeholders_account ON stakeholders(account_id);

CREATE TABLE health_snapshots (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    taken_on   TEXT NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (account_id, taken_on)
);

CREATE TABLE signals (
    id          INTEGER PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    observed_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('health_drop','engagement_drop','negative_feedback','competitive','budget','stakeholder_change','usage_decline','business_change')),
    value       REAL,
    note        TEXT,
    resolved_on TEXT,
    source      TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX signals_account ON signals(account_id, observed_on);

CREATE TABLE activities (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    renewal_id INTEGER REFERENCES renewals(id) ON DELETE SET NULL,
    at         TEXT NOT NULL,                  -- timestamp
    kind       TEXT NOT NULL,                  -- note, call, email, meeting, stage, owner, snooze, ...
    summary    TEXT NOT NULL
);
CREATE INDEX activities_account ON activities(account_id, at);

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    renewal_id INTEGER REFERENCES renewals(id) ON DELETE CASCADE,
    due_on     TEXT NOT NULL,
    kind       TEXT NOT NULL,                  -- review_meeting, health_check, win_back, escalation
    title      TEXT NOT NULL,
    done_on    TEXT
);
CREATE INDEX tasks_due ON tasks(due_on) WHERE done_on IS NULL;

CREATE TABLE save_plans (
    id                  INTEGER PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    renewal_id          INTEGER REFERENCES renewals(id) ON DELETE SET NULL,
    opened_on           TEXT NOT NULL,
    probability_tier    TEXT CHECK (probability_tier IN ('high','medium','low')),
    root_cause          TEXT CHECK (root_cause IN ('value_perception','circumstantial','service_experience','product_fit')),
    planned_hours       INTEGER NOT NULL DEFAULT 0,
    effort_override     TEXT,
    effort_override_reason TEXT,
    lost_cause_signs    TEXT NOT NULL DEFAULT '',   -- comma-separated keys
    escalation          TEXT CHECK (escalation IN ('prepared','engaged','followed_up','closed')),
    escalation_brief    TEXT,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','saved','lost')),
    closed_on           TEXT,
    debrief             TEXT
);
CREATE UNIQUE INDEX save_plans_one_open ON save_plans(account_id) WHERE status = 'open';

CREATE TABLE save_items (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES save_plans(id) ON DELETE CASCADE,
    problem      TEXT NOT NULL,
    root_cause   TEXT,
    fix          TEXT,
    owner        TEXT NOT NULL,
    deadline     TEXT,
    metric       TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','done','verified')),
    priority     INTEGER NOT NULL DEFAULT 2,
    deal_breaker INTEGER NOT NULL DEFAULT 0,
    fixable      INTEGER NOT NULL DEFAULT 1,
    quick_win    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE concessions (
    id               INTEGER PRIMARY KEY,
    plan_id          INTEGER NOT NULL REFERENCES save_plans(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    percent_bp       INTEGER CHECK (percent_bp BETWEEN 0 AND 10000),
    given            TEXT,
    tied_to          TEXT,
    sunset           TEXT,
    rationale        TEXT,
    expected_outcome TEXT,
    alternatives     TEXT,
    approval_chain   TEXT,
    approved_by      TEXT CHECK (approved_by IN ('csm','manager','director','executive'))
);

CREATE TABLE proposals (
    id             INTEGER PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    renewal_id     INTEGER REFERENCES renewals(id) ON DELETE SET NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','accepted','declined')),
    accepted_tier  TEXT CHECK (accepted_tier IN ('good','better','best')),
    recommended    TEXT NOT NULL DEFAULT 'better' CHECK (recommended IN ('good','better','best')),
    value_framing  TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     TEXT NOT NULL
);

CREATE TABLE proposal_tiers (
    proposal_id      INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    tier             TEXT NOT NULL CHECK (tier IN ('good','better','best')),
    uplift_bp        INTEGER NOT NULL DEFAULT 0,
    expansion_bp     INTEGER,
    expansion_units  INTEGER,
    unit_price_minor INTEGER,
    term_years       INTEGER NOT NULL DEFAULT 1 CHECK (term_years BETWEEN 1 AND 5),
    discount_bp      INTEGER NOT NULL DEFAULT 0,
    pricing          TEXT NOT NULL DEFAULT 'fixed' CHECK (pricing IN ('fixed','stepped','expansion_friendly')),
    step_bp          INTEGER,
    clauses          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (proposal_id, tier)
);

CREATE TABLE proposal_versions (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    snapshot    TEXT NOT NULL,                 -- JSON of the proposal at that version
    PRIMARY KEY (proposal_id, version)
);

CREATE TABLE outcomes (
    renewal_id       INTEGER PRIMARY KEY REFERENCES renewals(id) ON DELETE CASCADE,
    result           TEXT NOT NULL CHECK (result IN ('won','churned','downgraded')),
    closed_on        TEXT NOT NULL,
    final_minor      INTEGER NOT NULL DEFAULT 0,
    reason           TEXT,
    value_cited      TEXT,
    could_improve    TEXT,
    missed_expansion TEXT,
    competitor       TEXT,
    when_really_lost TEXT,
    could_have_saved INTEGER
);
