-- Issue 18: a click on a text column's header is one page query on an index.
--
-- SQLite cannot order by the Vietnamese alphabet (a ă â ... đ ... tones last), so the
-- window used to read every row of the event and rank the values in Python (205-262 ms
-- of CPU at 100,000 delegates). As for the name (sort_key, migrations 0001 and 0013),
-- each sortable free-text column now has a stored key, computed by the application
-- (domain/names.text_key, the one owner; registered as the SQL function `text_key`
-- while migrations run, so this file fills the keys of existing rows with it):
--
-- - persons: ethnicity_sort, position_sort, workplace_sort, written with the text;
--   copied into delegates by triggers (like sort_key), since an index cannot span
--   two tables;
-- - delegates: field_sort, sector_sort, achievement_sort, note_sort, written with the
--   text.
--
-- One index per key, (event_id, key, sort_key) (the rowid, i.e. the id, ends every
-- index), so `ORDER BY key, sort_key, id` walks it from the page's offset with no sort.
-- None of them covers the columns the rules count, so the rules' aggregates keep the
-- narrower event index (measured: bench rules).

ALTER TABLE persons ADD COLUMN ethnicity_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN position_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN workplace_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN ethnicity_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN position_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN workplace_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN field_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN sector_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN achievement_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN note_sort TEXT NOT NULL DEFAULT '';

UPDATE persons SET ethnicity_sort = text_key(ethnicity), position_sort = text_key(position),
                   workplace_sort = text_key(workplace);

UPDATE delegates SET
    field_sort = text_key(field), sector_sort = text_key(sector),
    achievement_sort = text_key(achievement), note_sort = text_key(note),
    ethnicity_sort = (SELECT ethnicity_sort FROM persons WHERE id = delegates.person_id),
    position_sort = (SELECT position_sort FROM persons WHERE id = delegates.person_id),
    workplace_sort = (SELECT workplace_sort FROM persons WHERE id = delegates.person_id);

CREATE INDEX delegates_event_ethnicity ON delegates(event_id, ethnicity_sort, sort_key);
CREATE INDEX delegates_event_position ON delegates(event_id, position_sort, sort_key);
CREATE INDEX delegates_event_workplace ON delegates(event_id, workplace_sort, sort_key);
CREATE INDEX delegates_event_field ON delegates(event_id, field_sort, sort_key);
CREATE INDEX delegates_event_sector ON delegates(event_id, sector_sort, sort_key);
CREATE INDEX delegates_event_achievement ON delegates(event_id, achievement_sort, sort_key);
CREATE INDEX delegates_event_note ON delegates(event_id, note_sort, sort_key);

-- A writer that gives the person's keys already (roster_service.add_delegate, a promotion
-- copying the row) skips the second write.
CREATE TRIGGER delegates_text_sort_insert AFTER INSERT ON delegates
WHEN NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = NEW.person_id
                 AND p.ethnicity_sort = NEW.ethnicity_sort AND p.position_sort = NEW.position_sort
                 AND p.workplace_sort = NEW.workplace_sort)
BEGIN
    UPDATE delegates SET
        ethnicity_sort = (SELECT ethnicity_sort FROM persons WHERE id = NEW.person_id),
        position_sort = (SELECT position_sort FROM persons WHERE id = NEW.person_id),
        workplace_sort = (SELECT workplace_sort FROM persons WHERE id = NEW.person_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER delegates_text_sort_person AFTER UPDATE OF person_id ON delegates
BEGIN
    UPDATE delegates SET
        ethnicity_sort = (SELECT ethnicity_sort FROM persons WHERE id = NEW.person_id),
        position_sort = (SELECT position_sort FROM persons WHERE id = NEW.person_id),
        workplace_sort = (SELECT workplace_sort FROM persons WHERE id = NEW.person_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER persons_text_sort_update
AFTER UPDATE OF ethnicity_sort, position_sort, workplace_sort ON persons
BEGIN
    UPDATE delegates SET ethnicity_sort = NEW.ethnicity_sort, position_sort = NEW.position_sort,
                         workplace_sort = NEW.workplace_sort
    WHERE person_id = NEW.id;
END;
