-- Award history at province scale (issue 18), version 20: indexes only, no
-- table or row changes. A key that points at a parent with ON DELETE SET NULL
-- is looked up whenever a parent row goes: without an index SQLite reads the
-- whole child table for each one (deleting 49 proposals of a file holding
-- 1,000,000 awards took 4 s; with the index, under 1 ms). Most of these keys
-- are empty (history typed or imported has no round, proposal or plan), so
-- the indexes are partial: they hold only the rows that point somewhere.
CREATE INDEX IF NOT EXISTS awards_round ON awards(round_id) WHERE round_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS awards_proposal ON awards(proposal_id) WHERE proposal_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS awards_plan ON awards(plan_id) WHERE plan_id IS NOT NULL;
-- Deleting a person or a unit of the roster looks up the awardees that name it.
CREATE INDEX IF NOT EXISTS awardees_person ON awardees(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS awardees_unit ON awardees(unit_id) WHERE unit_id IS NOT NULL;
