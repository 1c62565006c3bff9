"""The demo's day of the event: fixed badge codes, invitation wording, a hall, seats.

Called by services/demo.py after the rosters. The codes are rewritten with a
fixed hash of the id in place of the trigger's random suffix, so two demo
files are identical (the demo is deterministic); the form stays that of
migration 0017 (id, then three hex digits).

The letters are taken as sent to all but the last delegation's people, and
some replies are in: most accepted, two declined (no seat, badge or card),
one sent a substitute (printed in the delegate's place).
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.services import event_day, seating
from thidua_desktop.services.event_guests import Guest, replace_guests

# Whom the congress invites beside the delegations (fictional people, real kinds of guest).
DEMO_GUESTS = (
    Guest("Nguyễn Thị Thu Hà", "Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh",
          "Số 12 đường Trần Hưng Đạo, phường Tân Phú, thành phố Đồng Xoài"),
    Guest("Phạm Minh Tuấn", "Phó Bí thư Thường trực", "Huyện ủy Hớn Quản",
          "Khu phố 1, thị trấn Tân Khai, huyện Hớn Quản"),
    Guest("Lê Thị Bích Ngọc", "Phóng viên", "Báo Bình Phước",
          "Số 8 đường Hùng Vương, phường Tân Bình, thành phố Đồng Xoài"),
)
# Who signs the letters for the committee (a fictional name).
DEMO_SIGNER = "Trần Quốc Hưng"


def populate_event_day(db: Database, district_event_id: int) -> None:
    """Deterministic codes for every delegate; the congress's invitation wording, guests, hall and seats."""
    db.execute("UPDATE delegate_event_day SET badge_code = "
               "delegate_id || printf('%03X', (delegate_id * 2654435761) % 4096)")
    db.execute("INSERT OR REPLACE INTO event_invitation (event_id, number, dress, bring, contact, "
               "signer_title, signer_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [district_event_id, "Số: 25/GM-BTC",
                "Trang phục lịch sự (nam: áo sơ mi, quần âu; nữ: áo dài truyền thống).",
                "Giấy mời này hoặc thẻ đại biểu; tài liệu được phát tại hội trường.",
                "Văn phòng Ban Tổ chức (Phòng Nội vụ huyện Hớn Quản)", "TRƯỞNG BAN", DEMO_SIGNER])
    replace_guests(db, district_event_id, list(DEMO_GUESTS))
    seating.save_hall(db, district_event_id, seating.Hall(13, 24, (6, 18), {1: "presidium", 2: "guest"}))
    _replies(db, district_event_id)
    seating.assign(db, district_event_id, "unit")


def _replies(db: Database, event_id: int) -> None:
    """Invitations sent to all but the last delegation; replies of each kind from ordinary delegates."""
    rows = db.execute("SELECT d.id, d.unit_id, d.presidium FROM delegates d WHERE d.event_id = ? "
                      "ORDER BY d.unit_id, d.sort_key, d.id", [event_id]).fetchall()
    if not rows:
        return
    last_unit = rows[-1][1]
    sent = [r[0] for r in rows if r[1] != last_unit]
    event_day.mark_invited(db, sent)
    ordinary = [r[0] for r in rows if r[1] != last_unit and not r[2]]
    date = db.execute("SELECT date FROM events WHERE id = ?", [event_id]).fetchone()[0]
    at = dt.datetime.fromisoformat(date or "2025-06-01") - dt.timedelta(days=3, hours=-9)
    event_day.set_invitations(db, ordinary[1::3], "confirmed", at=at)
    event_day.set_invitations(db, ordinary[4:20:15], "declined", at=at)
    event_day.set_invitation(db, ordinary[7], "substitute", "Trần Văn Mới", at=at)
