-- Delegate categories defined by the plan, version 9, and seat rules as data.
-- Additive: the three fixed codes of release 1 (exemplary, guest, leader)
-- become each plan's first three categories, with the labels the app showed
-- and the order its roster printed them in (exemplary, leader, guest);
-- every delegate keeps its category (`category` stays the base kind the
-- quotas count; `category_code` names the plan's category; '' = the base's,
-- as a writer that knows only the base kinds leaves it).

CREATE TABLE delegate_categories (
    plan_id        INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    label          TEXT NOT NULL,                  -- 'Thành viên Hội đồng Thi đua - Khen thưởng'
    words          TEXT NOT NULL DEFAULT '[]',     -- JSON: words that recognise it on import
    protocol_order INTEGER NOT NULL DEFAULT 0,     -- introductions, presidium, roster groups
    base           TEXT NOT NULL DEFAULT 'exemplary'
                       CHECK (base IN ('exemplary', 'guest', 'leader')),
    exemplary      INTEGER NOT NULL DEFAULT 0 CHECK (exemplary IN (0, 1)),  -- counts as exemplary
    quota          INTEGER CHECK (quota IS NULL OR quota >= 0),             -- own maximum, if any
    share          REAL CHECK (share IS NULL OR (share >= 0 AND share <= 1)),  -- own share of the total
    collective     INTEGER NOT NULL DEFAULT 0 CHECK (collective IN (0, 1)), -- a tập thể, represented
    source         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, code)
);

INSERT INTO delegate_categories (plan_id, code, label, words, protocol_order, base, exemplary, source)
SELECT p.id, c.code, c.label, c.words, c.protocol_order, c.code, c.code = 'exemplary',
       'phiên bản 1 (ba thành phần cố định)'
FROM plans p, (
    SELECT 'exemplary' AS code, 'Điển hình tiên tiến' AS label,
           '["điển hình", "gương điển hình"]' AS words, 1 AS protocol_order
    UNION ALL SELECT 'leader', 'Lãnh đạo', '["lãnh đạo"]', 2
    UNION ALL SELECT 'guest', 'Khách mời', '["khách mời", "đại biểu khách mời"]', 3
) c;

ALTER TABLE delegates ADD COLUMN category_code TEXT NOT NULL DEFAULT '';
UPDATE delegates SET category_code = category;

-- A writer that knows only the base kind (the roster editor of release 1)
-- changes `category` alone: the plan's category follows it back to that base
-- code, so the two never disagree.
CREATE TRIGGER delegates_category_follows_base
AFTER UPDATE OF category ON delegates
WHEN NEW.category_code = OLD.category_code AND NEW.category != OLD.category
BEGIN
    UPDATE delegates SET category_code = NEW.category WHERE id = NEW.id;
END;

-- Seats per unit and category, for the "per_category" seat rule.
CREATE TABLE event_category_seats (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    category  TEXT NOT NULL,
    seats     INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (event_id, unit_id, category)
);

-- The seat rule an event was given (JSON from its template; '' = equal, as release 1).
ALTER TABLE events ADD COLUMN seat_rule TEXT NOT NULL DEFAULT '';

