-- Supporting documents of reward proposals as dossier items, version 19.
-- Additive: a dossier run may belong to a reward round (its checklist: tờ
-- trình, biên bản bình xét, báo cáo thành tích …), a checklist item may be
-- owed once per proposal of the unit (like per_delegate, once per delegate
-- sent upward), and an item names the proposal it belongs to. Existing items
-- keep proposal_id NULL; the uniqueness of an item per (run, unit, template
-- item, delegate) is kept, with the proposal added to it. An award form set
-- gets its notes (what its date rests on, "mặc định" when no text in hand
-- fixes it), kept beside the sets so a set's row is unchanged.

ALTER TABLE dossier_template_items ADD COLUMN per_proposal INTEGER NOT NULL DEFAULT 0
    CHECK (per_proposal IN (0, 1));
ALTER TABLE dossier_items ADD COLUMN proposal_id INTEGER REFERENCES award_proposals(id) ON DELETE CASCADE;
ALTER TABLE dossier_runs ADD COLUMN award_round_id INTEGER REFERENCES award_rounds(id) ON DELETE SET NULL;

DROP INDEX dossier_items_one;
CREATE UNIQUE INDEX dossier_items_one
    ON dossier_items(run_id, unit_id, template_item_id, IFNULL(delegate_id, 0), IFNULL(proposal_id, 0));
CREATE INDEX dossier_items_proposal ON dossier_items(proposal_id);
CREATE INDEX dossier_runs_award_round ON dossier_runs(award_round_id);

-- JSON {"effective_from_basis": …, "note": …} of the form set starting on that date.
CREATE TABLE award_form_set_notes (
    effective_from  TEXT PRIMARY KEY,
    meta            TEXT NOT NULL DEFAULT '{}'
);
