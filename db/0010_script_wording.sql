-- Script wording per event, covenant signatories, videos attached to an item.
-- Additive only: two new tables and one new nullable column; no row changes.

-- The MC's wording the officer changed for one event (kind.field -> text);
-- what is not here comes from the plan's template, then the shipped defaults.
CREATE TABLE event_wording (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,   -- agenda item kind: 'honours', 'opening', ...
    field     TEXT NOT NULL,   -- sentence of that kind: 'call', 'declare', ...
    text      TEXT NOT NULL,
    PRIMARY KEY (event_id, kind, field)
);

-- The units that sign the emulation covenant (ký kết giao ước thi đua) in an item.
CREATE TABLE agenda_item_units (
    item_id   INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, unit_id)
);

-- A video (or speech) shown within a chosen agenda item; NULL: placed by its kind.
ALTER TABLE speeches ADD COLUMN agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL;
