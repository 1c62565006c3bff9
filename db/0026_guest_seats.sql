-- Guests (event_guests, migration 0022) take seats in the hall as delegates do
-- (walkthrough 10). A table of its own, keyed by the guest like seat_assignments
-- is keyed by the delegate; no existing table or row changes. A seat holds one
-- person: the triggers refuse a seat the other table already holds.
CREATE TABLE guest_seats (
    guest_id  INTEGER PRIMARY KEY REFERENCES event_guests(id) ON DELETE CASCADE,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    row       INTEGER NOT NULL CHECK (row >= 1),
    seat      INTEGER NOT NULL CHECK (seat >= 1),
    UNIQUE (event_id, row, seat)
);

CREATE TRIGGER guest_seats_free BEFORE INSERT ON guest_seats
WHEN EXISTS (SELECT 1 FROM seat_assignments s WHERE s.event_id = NEW.event_id
             AND s.row = NEW.row AND s.seat = NEW.seat)
BEGIN SELECT RAISE(ABORT, 'seat taken by a delegate'); END;

CREATE TRIGGER guest_seats_free_update BEFORE UPDATE ON guest_seats
WHEN EXISTS (SELECT 1 FROM seat_assignments s WHERE s.event_id = NEW.event_id
             AND s.row = NEW.row AND s.seat = NEW.seat)
BEGIN SELECT RAISE(ABORT, 'seat taken by a delegate'); END;

CREATE TRIGGER seat_assignments_free BEFORE INSERT ON seat_assignments
WHEN EXISTS (SELECT 1 FROM guest_seats g WHERE g.event_id = NEW.event_id
             AND g.row = NEW.row AND g.seat = NEW.seat)
BEGIN SELECT RAISE(ABORT, 'seat taken by a guest'); END;

CREATE TRIGGER seat_assignments_free_update BEFORE UPDATE ON seat_assignments
WHEN EXISTS (SELECT 1 FROM guest_seats g WHERE g.event_id = NEW.event_id
             AND g.row = NEW.row AND g.seat = NEW.seat)
BEGIN SELECT RAISE(ABORT, 'seat taken by a guest'); END;
