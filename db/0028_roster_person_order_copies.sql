-- Issue 18: a click on Giới tính or Năm sinh reads one screenful from an index.
--
-- Sex and birth year are the person's (persons.sex, persons.birth_year), and an index cannot
-- span two tables, so the window used to rank the whole event in Python on each such click
-- (~160-220 ms of CPU at 100,000 delegates). As the name key (0013) and the person's text
-- keys (0024) are, both are now copied onto each of the person's delegate rows, kept equal
-- by triggers (a writer that gives them in its INSERT, roster_service's add paths and the
-- import's batched landing, leaves the trigger nothing to do), and each gets an opt-in
-- partial index like those of migration 0027, so the window reads these columns in
-- segments, one per value (services/roster_segments.py): Nam / Nữ / unknown, and the
-- 60-80 birth years.
--
-- The copies have the person's names (delegates.sex, delegates.birth_year): a writer hands
-- the person's row (or its keys) to the delegate's without renaming. Every query joining
-- the two tables names its columns with p. or d., so no name is ambiguous.

ALTER TABLE delegates ADD COLUMN sex TEXT;
ALTER TABLE delegates ADD COLUMN birth_year INTEGER;

UPDATE delegates SET (sex, birth_year) = (SELECT p.sex, p.birth_year FROM persons p
                                          WHERE p.id = delegates.person_id);

-- A new delegate row (an insert, a promotion's copy, an undone deletion) whose copies are
-- not its person's reads them; one that gives them already is left alone.
CREATE TRIGGER delegates_person_copy_insert AFTER INSERT ON delegates
WHEN NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = NEW.person_id
                 AND p.sex IS NEW.sex AND p.birth_year IS NEW.birth_year)
BEGIN
    UPDATE delegates SET (sex, birth_year) = (SELECT p.sex, p.birth_year FROM persons p
                                              WHERE p.id = NEW.person_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER delegates_person_copy_person AFTER UPDATE OF person_id ON delegates
BEGIN
    UPDATE delegates SET (sex, birth_year) = (SELECT p.sex, p.birth_year FROM persons p
                                              WHERE p.id = NEW.person_id)
    WHERE id = NEW.id;
END;

-- An edit writing the same value again (a bulk edit of many delegates) rewrites no row.
CREATE TRIGGER persons_person_copy_update AFTER UPDATE OF sex, birth_year ON persons
WHEN NEW.sex IS NOT OLD.sex OR NEW.birth_year IS NOT OLD.birth_year
BEGIN
    UPDATE delegates SET sex = NEW.sex, birth_year = NEW.birth_year WHERE person_id = NEW.id;
END;

-- Opt-in (partial, `WHERE sort_key IS NOT NULL`) as in 0027: only the roster window's
-- queries, which state that condition, can take them; the rules' aggregates over sex and
-- birth year (the structure figures, the required fields) keep their plans.
CREATE INDEX delegates_order_sex ON delegates(event_id, sex, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_birth_year ON delegates(event_id, birth_year, sort_key)
WHERE sort_key IS NOT NULL;
