-- Units as a tree with groups, version 8: membership of units in emulation
-- clusters and blocs (cụm, khối thi đua), a head per group, and how a
-- milestone chose its units. Additive only: one new table, new columns with
-- defaults; every existing row keeps its meaning.

-- A group is itself a unit (its kind's level is 'group'); its members stay in
-- the organiser's list too (parent_id), so a unit is in one cluster and the
-- organiser's list at once.
CREATE TABLE unit_groups (
    group_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    is_head   INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1)),  -- trưởng cụm / trưởng khối
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, unit_id),
    CHECK (group_id != unit_id)
);
CREATE INDEX unit_groups_unit ON unit_groups(unit_id);

-- How the template chose a milestone's units (JSON; '' = by applies_to alone):
-- {"applies_to": "kinds", "kinds": [...]}, {"applies_to": "group_heads"}...
-- The chosen units are in milestone_units as for 'selected'; the JSON lets
-- "save as template" give the choice back rather than a frozen list.
ALTER TABLE milestones ADD COLUMN target TEXT NOT NULL DEFAULT '';

-- An event-relative deadline hangs on the unit's own event ('own') or on the
-- event of the group the unit belongs to ('group': its cluster's conference).
ALTER TABLE milestones ADD COLUMN rel_scope TEXT NOT NULL DEFAULT 'own'
    CHECK (rel_scope IN ('own', 'group'));

-- Whom a dossier checklist is for, chosen the same way (JSON; '' = the units
-- holding its event type, as before).
ALTER TABLE dossier_templates ADD COLUMN target TEXT NOT NULL DEFAULT '';
