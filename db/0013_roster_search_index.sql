-- Roster at province scale: the window reads one screenful at a time, so the
-- order, the filters and the search must each be answered by an index.
--
-- 1. delegates.sort_key: a copy of persons.sort_key (the Vietnamese name
--    order), so that one index on (event_id, sort_key) walks an event's
--    roster in name order; triggers keep the copy equal to the person's key.
-- 2. No index per filter (unit, category, status): a filtered screenful
--    walks the name index testing each row, which stays within tens of
--    milliseconds at 100,000 delegates, whereas (event_id, filter, sort_key)
--    indexes drew the rules' aggregates onto them, reading the delegates in
--    name order (random pages) and making every count 3-5 times slower.
-- 3. delegate_search: an FTS5 index of each delegate's name, position,
--    workplace, ethnicity and nominating unit ("Xã Tân Lợi"), one column
--    each, one row per delegate (rowid = delegates.id). The unicode61 tokenizer folds case and
--    every Vietnamese diacritic except đ/Đ, which is a letter of its own in
--    Unicode, so the text is given with đ -> d first. Prefix indexes of 1 and
--    2 characters answer the first keystrokes without a scan of the terms.
--    Triggers keep it equal to the tables, whoever writes them.

ALTER TABLE delegates ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE delegates SET sort_key = (SELECT sort_key FROM persons WHERE persons.id = delegates.person_id);

CREATE INDEX delegates_event_sort ON delegates(event_id, sort_key);
-- Whether a unit has delegates at an event (the unit list of the roster), without
-- reading the event's roster; unit first, so the event's aggregates never take it.
CREATE INDEX delegates_unit_event ON delegates(unit_id, event_id);

-- A writer that gives the key already (bulk imports may) skips the second write.
CREATE TRIGGER delegates_sort_key_insert AFTER INSERT ON delegates
WHEN NEW.sort_key IS NOT (SELECT sort_key FROM persons WHERE id = NEW.person_id)
BEGIN
    UPDATE delegates SET sort_key = (SELECT sort_key FROM persons WHERE id = NEW.person_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER delegates_sort_key_person AFTER UPDATE OF person_id ON delegates
BEGIN
    UPDATE delegates SET sort_key = (SELECT sort_key FROM persons WHERE id = NEW.person_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER persons_sort_key_update AFTER UPDATE OF sort_key ON persons
BEGIN
    UPDATE delegates SET sort_key = NEW.sort_key WHERE person_id = NEW.id;
END;

CREATE VIRTUAL TABLE delegate_search USING fts5(
    name, position, workplace, ethnicity, unit,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
);

-- The texts of one delegate as the search sees them (repeated in each trigger:
-- SQLite has no stored functions).
INSERT INTO delegate_search(rowid, name, position, workplace, ethnicity, unit)
SELECT d.id,
       replace(replace(p.full_name, 'đ', 'd'), 'Đ', 'D'),
       replace(replace(p.position, 'đ', 'd'), 'Đ', 'D'),
       replace(replace(p.workplace, 'đ', 'd'), 'Đ', 'D'),
       replace(replace(p.ethnicity, 'đ', 'd'), 'Đ', 'D'),
       replace(replace(COALESCE((SELECT k.name || ' ' || u.name FROM units u
                                 JOIN unit_kinds k ON k.code = u.kind WHERE u.id = d.unit_id), ''),
                       'đ', 'd'), 'Đ', 'D')
FROM delegates d JOIN persons p ON p.id = d.person_id;

CREATE TRIGGER delegate_search_insert AFTER INSERT ON delegates
BEGIN
    INSERT INTO delegate_search(rowid, name, position, workplace, ethnicity, unit)
    SELECT NEW.id,
           replace(replace(p.full_name, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.position, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.workplace, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.ethnicity, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(COALESCE((SELECT k.name || ' ' || u.name FROM units u
                                     JOIN unit_kinds k ON k.code = u.kind WHERE u.id = NEW.unit_id), ''),
                           'đ', 'd'), 'Đ', 'D')
    FROM persons p WHERE p.id = NEW.person_id;
END;

CREATE TRIGGER delegate_search_delete AFTER DELETE ON delegates
BEGIN
    DELETE FROM delegate_search WHERE rowid = OLD.id;
END;

CREATE TRIGGER delegate_search_delegate AFTER UPDATE OF person_id, unit_id ON delegates
BEGIN
    DELETE FROM delegate_search WHERE rowid = OLD.id;
    INSERT INTO delegate_search(rowid, name, position, workplace, ethnicity, unit)
    SELECT NEW.id,
           replace(replace(p.full_name, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.position, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.workplace, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.ethnicity, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(COALESCE((SELECT k.name || ' ' || u.name FROM units u
                                     JOIN unit_kinds k ON k.code = u.kind WHERE u.id = NEW.unit_id), ''),
                           'đ', 'd'), 'Đ', 'D')
    FROM persons p WHERE p.id = NEW.person_id;
END;

CREATE TRIGGER delegate_search_person AFTER UPDATE OF full_name, position, workplace, ethnicity
ON persons
BEGIN
    DELETE FROM delegate_search WHERE rowid IN (SELECT id FROM delegates WHERE person_id = NEW.id);
    INSERT INTO delegate_search(rowid, name, position, workplace, ethnicity, unit)
    SELECT d.id,
           replace(replace(NEW.full_name, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(NEW.position, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(NEW.workplace, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(NEW.ethnicity, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(COALESCE((SELECT k.name || ' ' || u.name FROM units u
                                     JOIN unit_kinds k ON k.code = u.kind WHERE u.id = d.unit_id), ''),
                           'đ', 'd'), 'Đ', 'D')
    FROM delegates d WHERE d.person_id = NEW.id;
END;

CREATE TRIGGER delegate_search_unit AFTER UPDATE OF name, kind ON units
BEGIN
    DELETE FROM delegate_search WHERE rowid IN (SELECT id FROM delegates WHERE unit_id = NEW.id);
    INSERT INTO delegate_search(rowid, name, position, workplace, ethnicity, unit)
    SELECT d.id,
           replace(replace(p.full_name, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.position, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.workplace, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(p.ethnicity, 'đ', 'd'), 'Đ', 'D'),
           replace(replace(COALESCE((SELECT k.name || ' ' || NEW.name FROM unit_kinds k
                                     WHERE k.code = NEW.kind), ''),
                           'đ', 'd'), 'Đ', 'D')
    FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.unit_id = NEW.id;
END;
