-- The guests (khách mời) of an event who are not delegates of a unit (issue 17):
-- a plan lists whom each conference invites beside the delegations. They get
-- invitations, envelopes and labels; they are not in the roster (no category,
-- no quota, no badge code). Additive: no existing table changes.
CREATE TABLE event_guests (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position_no  INTEGER NOT NULL DEFAULT 0,                 -- order in the list
    full_name    TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    title        TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 300),    -- "Bí thư Huyện ủy"
    agency       TEXT NOT NULL DEFAULT '' CHECK (length(agency) <= 300),   -- "Huyện ủy Hớn Quản"
    address      TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 300)   -- where the envelope goes
);
CREATE INDEX event_guests_event ON event_guests(event_id, position_no);
