-- Whether a proposal bundles expansion with the renewal (1) or runs it as separate
-- tracks (0); at-risk renewals default to separate.
ALTER TABLE proposals ADD COLUMN bundled INTEGER NOT NULL DEFAULT 1;
