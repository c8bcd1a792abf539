-- Seats covered by today's subscription, per option, so a proposal can show the
-- effective price per seat.
ALTER TABLE proposal_tiers ADD COLUMN base_units INTEGER;
