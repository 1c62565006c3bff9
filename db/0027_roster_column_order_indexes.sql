-- Issue 18: a click on any roster column's header reads one screenful from an index.
--
-- The unit, category, status, kind, invitation, flag and number columns are ordered
-- by the plan (units' places, the categories' protocol order, the labels), which the
-- officer can change, so no rank is stored on the delegates. Each column gets an index
-- (event_id, value, sort_key) (the rowid, the id, ends every index): the window counts
-- the rows of each value with one GROUP BY on it, puts the few values in the plan's
-- order in Python, and reads a page at offset n from the value (segment) holding row n
-- with `WHERE event_id = ? AND value = ? ORDER BY sort_key, id LIMIT/OFFSET`: no sort,
-- nothing ranked over the roster (services/roster_window.py, segment_*).
--
-- - category: the plan category a delegate is in, COALESCE(NULLIF(category_code, ''),
--   category) (roster_window.CATEGORY_CODE), indexed as that expression;
-- - promoted: only whether the delegate was sent up (the column shows a tick), indexed
--   as (promoted_to_id IS NOT NULL);
-- - invitation: the state lives in delegate_event_day (migration 0017; a missing row
--   reads 'none'), and an index cannot span two tables, so delegates.invitation holds a
--   copy kept by triggers, whoever writes the state (like sort_key, migration 0013).
--
-- Opt-in indexes: each is partial, `WHERE sort_key IS NOT NULL`, a condition every row
-- meets (sort_key is NOT NULL) but SQLite uses a partial index only for a query that
-- states it. Migration 0013 found (event_id, column, sort_key) indexes drawing the rules'
-- aggregates onto random reads (a GROUP BY walking one in value order, a table lookup
-- per row: measured here too, seats per unit 44 -> 158 ms, categories 58 -> 156 ms at
-- 100,000); no query but the roster window's (which say `d.sort_key IS NOT NULL`) can
-- take these, so every other plan stays as it was, today's queries and tomorrow's.

ALTER TABLE delegates ADD COLUMN invitation TEXT NOT NULL DEFAULT 'none';

UPDATE delegates SET invitation = (SELECT x.invitation FROM delegate_event_day x
                                   WHERE x.delegate_id = delegates.id)
WHERE EXISTS (SELECT 1 FROM delegate_event_day x
              WHERE x.delegate_id = delegates.id AND x.invitation != 'none');

-- An insert, a replace, a change of state or of delegate: the row's state copied (a
-- write that already agrees, the badge trigger's 'none' row of a new delegate, is skipped).
CREATE TRIGGER delegate_event_day_invitation_insert AFTER INSERT ON delegate_event_day
WHEN NEW.invitation IS NOT (SELECT invitation FROM delegates WHERE id = NEW.delegate_id)
BEGIN
    UPDATE delegates SET invitation = NEW.invitation WHERE id = NEW.delegate_id;
END;

CREATE TRIGGER delegate_event_day_invitation_update AFTER UPDATE OF invitation, delegate_id
ON delegate_event_day
BEGIN
    UPDATE delegates SET invitation = 'none'
    WHERE id = OLD.delegate_id AND OLD.delegate_id != NEW.delegate_id;
    UPDATE delegates SET invitation = NEW.invitation WHERE id = NEW.delegate_id;
END;

CREATE TRIGGER delegate_event_day_invitation_delete AFTER DELETE ON delegate_event_day
BEGIN
    UPDATE delegates SET invitation = 'none' WHERE id = OLD.delegate_id;
END;

-- A delegate row written with another state (a copy, an undo) reads its own row's.
CREATE TRIGGER delegates_invitation_insert AFTER INSERT ON delegates
WHEN NEW.invitation IS NOT COALESCE((SELECT invitation FROM delegate_event_day
                                     WHERE delegate_id = NEW.id), 'none')
BEGIN
    UPDATE delegates SET invitation = COALESCE((SELECT invitation FROM delegate_event_day
                                                WHERE delegate_id = NEW.id), 'none')
    WHERE id = NEW.id;
END;

CREATE INDEX delegates_order_unit ON delegates(event_id, unit_id, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_category ON delegates(
    event_id, COALESCE(NULLIF(category_code, ''), category), sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_kind ON delegates(event_id, exemplary_kind, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_status ON delegates(event_id, status, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_invitation ON delegates(event_id, invitation, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_direct ON delegates(event_id, direct_worker, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_awards ON delegates(event_id, provincial_awards, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_presidium ON delegates(event_id, presidium, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_speaker ON delegates(event_id, speaker, sort_key)
WHERE sort_key IS NOT NULL;
CREATE INDEX delegates_order_promoted ON delegates(event_id, promoted_to_id IS NOT NULL, sort_key)
WHERE sort_key IS NOT NULL;
