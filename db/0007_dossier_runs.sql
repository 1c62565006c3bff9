-- Dossier checklists, version 7: what a template is for, who a run covers.
-- Additive only: new columns with defaults, one new table, backfills.

-- The event type a checklist belongs to and the office that receives it;
-- the plan's rules JSON already held both, the columns make them editable.
ALTER TABLE dossier_templates ADD COLUMN event_type TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_templates ADD COLUMN submitted_to TEXT NOT NULL DEFAULT '';

UPDATE dossier_templates SET
    event_type = COALESCE((
        SELECT json_extract(d.value, '$.event_type')
        FROM plans p, json_each(p.rules, '$.dossiers') d
        WHERE p.id = dossier_templates.plan_id
          AND json_extract(d.value, '$.code') = dossier_templates.code), ''),
    submitted_to = COALESCE((
        SELECT json_extract(d.value, '$.submitted_to')
        FROM plans p, json_each(p.rules, '$.dossiers') d
        WHERE p.id = dossier_templates.plan_id
          AND json_extract(d.value, '$.code') = dossier_templates.code), '')
WHERE json_valid((SELECT rules FROM plans WHERE id = dossier_templates.plan_id));

-- Per-delegate items of a run follow the delegates promoted to this event
-- (NULL: promoted anywhere).
ALTER TABLE dossier_runs ADD COLUMN upper_event_id INTEGER REFERENCES events(id) ON DELETE SET NULL;

-- The units a run covers, each with its own event (the one its deadlines and
-- delegates hang on), so a unit with no item yet still belongs to the run.
CREATE TABLE dossier_run_units (
    run_id    INTEGER NOT NULL REFERENCES dossier_runs(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    event_id  INTEGER REFERENCES events(id) ON DELETE SET NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, unit_id)
);

INSERT OR IGNORE INTO dossier_run_units (run_id, unit_id, event_id, position)
SELECT i.run_id, i.unit_id,
       (SELECT e.id FROM events e JOIN dossier_runs r ON r.id = i.run_id
        JOIN events re ON re.id = r.event_id
        WHERE e.plan_id = re.plan_id AND e.unit_id = i.unit_id AND e.type_code = re.type_code
        ORDER BY e.id LIMIT 1),
       0
FROM dossier_items i GROUP BY i.run_id, i.unit_id;

CREATE INDEX dossier_files_item ON dossier_files(dossier_item_id);
CREATE INDEX dossier_files_sha ON dossier_files(sha256);
