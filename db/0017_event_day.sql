-- The day of the event (issue 17): invitations and replies, badge codes,
-- check-in at the door, the hall and its seats. Additive: no existing table
-- changes; every delegate of an existing file gets its badge code here.
--
-- Badge code: the delegate's id in decimal followed by three random hex
-- digits ("1234A7F"). The id part makes it unique in the file without a
-- retry loop (the suffix has a fixed length, so two ids never give one
-- code); the random part makes a code typed or scanned from another file,
-- or a delegate added to one door copy and another to a second copy under
-- the same id, fail to match instead of matching the wrong person.
-- Letters and digits only: a USB scanner types it and a person can read it.

CREATE TABLE delegate_event_day (
    delegate_id      INTEGER PRIMARY KEY REFERENCES delegates(id) ON DELETE CASCADE,
    badge_code       TEXT NOT NULL UNIQUE,
    invitation       TEXT NOT NULL DEFAULT 'none'
                         CHECK (invitation IN ('none', 'invited', 'confirmed', 'declined', 'substitute')),
    substitute_name  TEXT NOT NULL DEFAULT '',   -- who comes instead (reply "sent a substitute")
    replied_at       TEXT                        -- ISO date-time of the reply, if any
);

INSERT INTO delegate_event_day (delegate_id, badge_code)
SELECT id, id || substr(hex(randomblob(2)), 1, 3) FROM delegates;

-- Every writer of delegates (import, the roster editor, demo) gets a code for free.
CREATE TRIGGER delegates_badge_code AFTER INSERT ON delegates
BEGIN
    INSERT OR IGNORE INTO delegate_event_day (delegate_id, badge_code)
    VALUES (NEW.id, NEW.id || substr(hex(randomblob(2)), 1, 3));
END;

-- One check-in per delegate: the first arrival counts (door copies merged keep
-- the earliest). `substitute_name`: someone else came in the delegate's place.
CREATE TABLE checkins (
    delegate_id      INTEGER PRIMARY KEY REFERENCES delegates(id) ON DELETE CASCADE,
    present_at       TEXT NOT NULL,              -- ISO date-time, local clock of the door
    door             TEXT NOT NULL DEFAULT '',   -- "Cửa 1", the copy it was recorded on
    substitute_name  TEXT NOT NULL DEFAULT ''
);

-- What the invitation says beyond the event's own date, time and venue.
CREATE TABLE event_invitation (
    event_id     INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    number       TEXT NOT NULL DEFAULT '',       -- "Số: 25/GM-BTC"
    dress        TEXT NOT NULL DEFAULT '',
    bring        TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',       -- reply to: name and phone
    signer_title TEXT NOT NULL DEFAULT '',
    signer_name  TEXT NOT NULL DEFAULT ''
);

-- The hall: rows x seats, aisles after given seat numbers (blocks between
-- them), rows reserved for the presidium or guests. JSON lists/objects.
CREATE TABLE event_halls (
    event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    rows       INTEGER NOT NULL CHECK (rows BETWEEN 1 AND 100),
    seats      INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100),   -- per row
    aisles     TEXT NOT NULL DEFAULT '[]',       -- [6, 14]: an aisle after seat 6 and 14
    reserved   TEXT NOT NULL DEFAULT '{}'        -- {"1": "presidium", "2": "guest"}
);

CREATE TABLE seat_assignments (
    -- The delegate is the key (its rowid): a seat freed by an undone deletion
    -- and taken again reads back in the same place.
    delegate_id  INTEGER PRIMARY KEY REFERENCES delegates(id) ON DELETE CASCADE,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    row          INTEGER NOT NULL CHECK (row >= 1),
    seat         INTEGER NOT NULL CHECK (seat >= 1),
    UNIQUE (event_id, row, seat)
);
