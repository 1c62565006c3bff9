-- Rewards (khen thưởng), version 15: award forms as dated data, reward rounds
-- with their proposals, council votes and decision, and the award history of
-- every person and collective. Additive only: new tables; no existing row
-- changes meaning.

-- A set of award forms and their conditions as a decree fixes them, from the
-- day it takes effect (NĐ 98/2023, then NĐ 152/2025 from 2025-07-01). The
-- forms are JSON typed by services/awards_forms.py; the officer may edit them.
CREATE TABLE award_form_sets (
    id              INTEGER PRIMARY KEY,
    effective_from  TEXT NOT NULL UNIQUE,        -- date
    decree          TEXT NOT NULL DEFAULT '',    -- 'Nghị định 98/2023/NĐ-CP'
    forms           TEXT NOT NULL DEFAULT '[]',  -- JSON list of forms
    council         TEXT NOT NULL DEFAULT '{}'   -- JSON: the council's voting rule
);

-- One reward round (đợt khen thưởng) of an issuing body.
CREATE TABLE award_rounds (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,       -- 'kt-2025'
    name             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    plan_id          INTEGER REFERENCES plans(id) ON DELETE SET NULL,
    issuer_unit_id   INTEGER REFERENCES units(id) ON DELETE SET NULL,
    council_members  INTEGER NOT NULL DEFAULT 0 CHECK (council_members >= 0),
    members_present  INTEGER NOT NULL DEFAULT 0 CHECK (members_present >= 0),
    threshold        REAL NOT NULL DEFAULT 0.5 CHECK (threshold > 0 AND threshold <= 1),
    meeting_date     TEXT,
    decision_number  TEXT NOT NULL DEFAULT '',   -- typed once: '125/QĐ-UBND'
    decision_date    TEXT,
    signer_title     TEXT NOT NULL DEFAULT '',
    signer_name      TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL DEFAULT (datetime('now'))
);

-- A person or a collective, once in the award history. A merge keeps both rows:
-- the merged one points at the kept one (merged_into_id), so nothing is lost
-- and the merge is undone by clearing the pointer (award_merges remembers).
CREATE TABLE awardees (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'collective')),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL DEFAULT '',    -- folded, for matching
    birth_year      INTEGER,
    sex             TEXT CHECK (sex IN ('Nam', 'Nữ')),
    position        TEXT NOT NULL DEFAULT '',
    workplace       TEXT NOT NULL DEFAULT '',
    former_unit     TEXT NOT NULL DEFAULT '',    -- former commune after the 2025 merger
    direct_worker   INTEGER NOT NULL DEFAULT 0 CHECK (direct_worker IN (0, 1)),
    unit_id         INTEGER REFERENCES units(id) ON DELETE SET NULL,
    person_id       INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    merged_into_id  INTEGER REFERENCES awardees(id) ON DELETE SET NULL
);
CREATE INDEX awardees_key ON awardees(kind, name_key, birth_year);
CREATE INDEX awardees_merged ON awardees(merged_into_id);

-- A proposal (đề nghị khen thưởng) of a unit in a round.
CREATE TABLE award_proposals (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES award_rounds(id) ON DELETE CASCADE,
    awardee_id   INTEGER NOT NULL REFERENCES awardees(id),
    unit_id      INTEGER REFERENCES units(id) ON DELETE SET NULL,
    form_code    TEXT NOT NULL,
    achievement  TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'proposed'
                     CHECK (state IN ('proposed', 'reviewed', 'voted', 'approved', 'rejected')),
    votes_for    INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
    position     INTEGER NOT NULL DEFAULT 0,     -- order in the decision's list
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, awardee_id, form_code)
);
CREATE INDEX award_proposals_round ON award_proposals(round_id, state);
CREATE INDEX award_proposals_awardee ON award_proposals(awardee_id);

-- The council's ballots: one row per ballot paper counted, its marks per proposal.
CREATE TABLE award_ballots (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES award_rounds(id) ON DELETE CASCADE,
    number    INTEGER NOT NULL,
    valid     INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
    UNIQUE (round_id, number)
);
CREATE TABLE award_votes (
    ballot_id    INTEGER NOT NULL REFERENCES award_ballots(id) ON DELETE CASCADE,
    proposal_id  INTEGER NOT NULL REFERENCES award_proposals(id) ON DELETE CASCADE,
    agree        INTEGER NOT NULL CHECK (agree IN (0, 1)),
    PRIMARY KEY (ballot_id, proposal_id)
);

-- Awards received (history): from a round's decision, or typed/imported from
-- earlier years and other plans.
CREATE TABLE awards (
    id               INTEGER PRIMARY KEY,
    awardee_id       INTEGER NOT NULL REFERENCES awardees(id),
    form_code        TEXT NOT NULL DEFAULT '',
    form_name        TEXT NOT NULL,              -- as printed on the decision
    level            TEXT NOT NULL DEFAULT '',   -- 'commune', 'district', 'province', 'state'
    year             INTEGER NOT NULL,
    decision_number  TEXT NOT NULL DEFAULT '',
    decision_date    TEXT,
    issuer           TEXT NOT NULL DEFAULT '',
    round_id         INTEGER REFERENCES award_rounds(id) ON DELETE SET NULL,
    proposal_id      INTEGER REFERENCES award_proposals(id) ON DELETE SET NULL,
    plan_id          INTEGER REFERENCES plans(id) ON DELETE SET NULL,
    note             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX awards_awardee ON awards(awardee_id, year);
CREATE INDEX awards_form_year ON awards(form_code, year);
CREATE INDEX awards_year ON awards(year);

-- Merges of two records of one person or collective, newest last; undo pops one.
CREATE TABLE award_merges (
    id          INTEGER PRIMARY KEY,
    kept_id     INTEGER NOT NULL REFERENCES awardees(id) ON DELETE CASCADE,
    merged_id   INTEGER NOT NULL REFERENCES awardees(id) ON DELETE CASCADE,
    repointed   TEXT NOT NULL DEFAULT '[]',  -- JSON ids that pointed at merged_id before
    merged_at   TEXT NOT NULL DEFAULT (datetime('now'))
);
