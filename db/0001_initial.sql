-- Thi đua Desktop schema, version 1.
-- Names in English (see the glossary in shared/docs/domain.md); values as the
-- officer types them (Vietnamese, NFC). Dates are ISO text (YYYY-MM-DD).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT                      -- JSON
);

-- Unit kinds are data: province, district, commune, ward, town, agency,
-- school, enterprise, emulation bloc/cluster, and whatever comes next.
CREATE TABLE unit_kinds (
    code      TEXT PRIMARY KEY,     -- 'xa', 'phuong', 'huyen', ...
    name      TEXT NOT NULL,        -- 'Xã'
    level     TEXT NOT NULL,        -- 'province' | 'district' | 'commune' | 'agency' | 'group'
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,     -- 'Tân Lợi' (the kind gives 'Xã')
    kind         TEXT NOT NULL REFERENCES unit_kinds(code),
    parent_id    INTEGER REFERENCES units(id) ON DELETE CASCADE,
    is_organiser INTEGER NOT NULL DEFAULT 0 CHECK (is_organiser IN (0, 1)),
    position     INTEGER NOT NULL DEFAULT 0,
    staff_count  INTEGER,
    name_key     TEXT NOT NULL DEFAULT '',   -- folded name, for matching
    UNIQUE (parent_id, kind, name)
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE plans (
    id                INTEGER PRIMARY KEY,
    organiser_id      INTEGER NOT NULL REFERENCES units(id),
    template_id       TEXT,         -- the template it was made from
    number            TEXT NOT NULL DEFAULT '',   -- '187/KH-UBND'
    issued_on         TEXT,         -- date
    issuer            TEXT NOT NULL DEFAULT '',   -- 'UBND huyện Hớn Quản'
    place             TEXT NOT NULL DEFAULT '',   -- 'Hớn Quản' for the date line
    title             TEXT NOT NULL,
    edition           TEXT NOT NULL DEFAULT '',   -- Roman numeral
    review_period     TEXT NOT NULL DEFAULT '',   -- '2020 - 2025'
    direction_period  TEXT NOT NULL DEFAULT '',   -- '2025 - 2030'
    legal_bases       TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
    rules             TEXT NOT NULL DEFAULT '{}', -- JSON: the template's rules, editable
    created_at        TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE events (
    id                     INTEGER PRIMARY KEY,
    plan_id                INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code                   TEXT NOT NULL UNIQUE,   -- 'dh-hon-quan', 'hn-tan-loi'
    type_code              TEXT NOT NULL,          -- the template's event type
    name                   TEXT NOT NULL,          -- official name
    form                   TEXT NOT NULL,          -- form code from the plan rules
    level                  TEXT NOT NULL,          -- 'commune', 'district', ...
    unit_id                INTEGER NOT NULL REFERENCES units(id),
    parent_event_id        INTEGER REFERENCES events(id) ON DELETE SET NULL,
    date                   TEXT,                   -- held on (planned)
    due                    TEXT,                   -- must be held before (from the plan)
    start_time             TEXT NOT NULL DEFAULT '07:30',
    session_minutes        INTEGER NOT NULL DEFAULT 240,
    venue                  TEXT NOT NULL DEFAULT '',
    is_pilot               INTEGER NOT NULL DEFAULT 0 CHECK (is_pilot IN (0, 1)),
    max_delegates          INTEGER,
    exemplary_share        REAL,                   -- 0.7
    presidium_min          INTEGER,
    presidium_max          INTEGER,
    presidium_exemplary    REAL,                   -- share of exemplars in the presidium
    leadership             TEXT NOT NULL DEFAULT 'presidium'
                               CHECK (leadership IN ('presidium', 'chair_panel', 'none')),
    status                 TEXT NOT NULL DEFAULT 'planned'
                               CHECK (status IN ('planned', 'held', 'cancelled')),
    position               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_plan ON events(plan_id);

-- Seats the event gives each subordinate unit.
CREATE TABLE event_seats (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    seats     INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (event_id, unit_id)
);

-- Milestones: four deadline shapes (fixed date, month/quarter, relative to an
-- event, after another milestone), for the office or for its units.
CREATE TABLE milestones (
    id               INTEGER PRIMARY KEY,
    plan_id          INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    title            TEXT NOT NULL,
    due_kind         TEXT NOT NULL CHECK (due_kind IN ('fixed', 'month', 'quarter', 'event', 'after')),
    due_date         TEXT,            -- fixed
    due_year         INTEGER,         -- month / quarter
    due_period       INTEGER,         -- month 1-12 or quarter 1-4
    rel_event_id     INTEGER REFERENCES events(id) ON DELETE SET NULL,
    rel_event_type   TEXT,            -- per-unit milestones: each unit's own event of this type
    rel_milestone_id INTEGER REFERENCES milestones(id) ON DELETE SET NULL,
    offset_days      INTEGER NOT NULL DEFAULT 0,
    responsible      TEXT NOT NULL DEFAULT '',
    partners         TEXT NOT NULL DEFAULT '',
    applies_to       TEXT NOT NULL DEFAULT 'office' CHECK (applies_to IN ('office', 'units', 'selected')),
    source           TEXT NOT NULL DEFAULT '',
    position         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, code)
);

-- The units a 'selected' milestone applies to.
CREATE TABLE milestone_units (
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (milestone_id, unit_id)
);

-- Progress of a milestone for one unit (the organiser itself for the office).
CREATE TABLE milestone_progress (
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done')),
    done_on      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (milestone_id, unit_id)
);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    full_name    TEXT NOT NULL,
    name_key     TEXT NOT NULL DEFAULT '',  -- folded: no case, no diacritics
    sort_key     TEXT NOT NULL DEFAULT '',  -- Vietnamese order: given name first
    sex          TEXT CHECK (sex IN ('Nam', 'Nữ')),
    birth_year   INTEGER,
    birth_date   TEXT,
    ethnicity    TEXT NOT NULL DEFAULT '',
    religion     TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',  -- chức vụ
    workplace    TEXT NOT NULL DEFAULT '',  -- đơn vị công tác
    education    TEXT NOT NULL DEFAULT '',
    party_member INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
    phone        TEXT NOT NULL DEFAULT '',
    unit_id      INTEGER REFERENCES units(id) ON DELETE SET NULL
);
CREATE INDEX persons_name_key ON persons(name_key, birth_year);

-- A person's place at one event.
CREATE TABLE delegates (
    id                  INTEGER PRIMARY KEY,
    event_id            INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id           INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    unit_id             INTEGER REFERENCES units(id) ON DELETE SET NULL,  -- nominated by
    category            TEXT NOT NULL DEFAULT 'exemplary'
                            CHECK (category IN ('exemplary', 'guest', 'leader')),
    exemplary_kind      TEXT NOT NULL DEFAULT '',   -- code from the plan rules
    collective          TEXT NOT NULL DEFAULT '',   -- the collective it represents, if any
    field               TEXT NOT NULL DEFAULT '',   -- lĩnh vực
    sector              TEXT NOT NULL DEFAULT '',   -- thành phần kinh tế
    direct_worker       INTEGER NOT NULL DEFAULT 0 CHECK (direct_worker IN (0, 1)),
    achievement         TEXT NOT NULL DEFAULT '',
    awards              TEXT NOT NULL DEFAULT '',
    provincial_awards   INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'nominated'
                            CHECK (status IN ('nominated', 'selected', 'confirmed', 'absent')),
    presidium           INTEGER NOT NULL DEFAULT 0 CHECK (presidium IN (0, 1)),
    speaker             INTEGER NOT NULL DEFAULT 0 CHECK (speaker IN (0, 1)),
    award_at_event      TEXT NOT NULL DEFAULT '',
    promoted_to_id      INTEGER REFERENCES delegates(id) ON DELETE SET NULL,
    protocol_rank       INTEGER NOT NULL DEFAULT 0,  -- order of introduction
    note                TEXT NOT NULL DEFAULT '',
    source_file         TEXT NOT NULL DEFAULT '',    -- import it came from
    UNIQUE (event_id, person_id)
);
CREATE INDEX delegates_event ON delegates(event_id);
CREATE INDEX delegates_person ON delegates(person_id);

CREATE TABLE agenda_items (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'free',  -- a standard item code or 'free'
    title          TEXT NOT NULL,
    duration_min   INTEGER NOT NULL DEFAULT 5 CHECK (duration_min >= 0),
    pinned_start   TEXT,                          -- 'HH:MM' when pinned
    presenter_delegate_id INTEGER REFERENCES delegates(id) ON DELETE SET NULL,
    presenter_text TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_event ON agenda_items(event_id, position);

-- Speeches (tham luận) and videos of an event.
CREATE TABLE speeches (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL DEFAULT 'speech' CHECK (kind IN ('speech', 'video')),
    video_kind     TEXT NOT NULL DEFAULT '',      -- 'overview' | 'exemplar'
    delegate_id    INTEGER REFERENCES delegates(id) ON DELETE SET NULL,
    title          TEXT NOT NULL,
    field          TEXT NOT NULL DEFAULT '',
    duration_min   INTEGER NOT NULL DEFAULT 7,
    vetting        TEXT NOT NULL DEFAULT 'pending' CHECK (vetting IN ('pending', 'approved', 'revise')),
    vetted_on      TEXT,
    position       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE dossier_templates (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER REFERENCES plans(id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT '',
    UNIQUE (plan_id, code)
);

CREATE TABLE dossier_template_items (
    id            INTEGER PRIMARY KEY,
    template_id   INTEGER NOT NULL REFERENCES dossier_templates(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    required      INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    copies        INTEGER NOT NULL DEFAULT 1,
    per_delegate  INTEGER NOT NULL DEFAULT 0 CHECK (per_delegate IN (0, 1)),
    due           TEXT NOT NULL DEFAULT '{}',   -- JSON deadline, same shapes as milestones
    source        TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (template_id, code)
);

CREATE TABLE dossier_runs (
    id           INTEGER PRIMARY KEY,
    template_id  INTEGER NOT NULL REFERENCES dossier_templates(id),
    event_id     INTEGER REFERENCES events(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    due          TEXT,                          -- resolved deadline of the run
    created_at   TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE dossier_items (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES dossier_runs(id) ON DELETE CASCADE,
    unit_id           INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    template_item_id  INTEGER NOT NULL REFERENCES dossier_template_items(id) ON DELETE CASCADE,
    delegate_id       INTEGER REFERENCES delegates(id) ON DELETE CASCADE,
    state             TEXT NOT NULL DEFAULT 'missing'
                          CHECK (state IN ('missing', 'received', 'needs_fix', 'accepted')),
    received_on       TEXT,
    due               TEXT,
    note              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_items_run ON dossier_items(run_id, unit_id);
CREATE UNIQUE INDEX dossier_items_one ON dossier_items(run_id, unit_id, template_item_id, IFNULL(delegate_id, 0));

CREATE TABLE dossier_files (
    id              INTEGER PRIMARY KEY,
    dossier_item_id INTEGER NOT NULL REFERENCES dossier_items(id) ON DELETE CASCADE,
    sha256          TEXT NOT NULL,
    original_name   TEXT NOT NULL,
    size            INTEGER NOT NULL,
    added_at        TEXT NOT NULL DEFAULT (datetime('now'))
);
