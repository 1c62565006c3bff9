"""Who does an agenda item when the officer has not chosen: the higher-level leader's directing speech.

Custom (and every seed plan) has the directing speech (phát biểu chỉ đạo)
given by the leader of the level above when one attends: a provincial
leader at a district congress, a district leader at a commune conference.
A delegate is "of the level above" when the unit that nominated them sits
higher than the event's level, or, for guests entered without such a unit,
when their office names an upper body ("Sở Nội vụ tỉnh Bình Phước").
"""

from __future__ import annotations

from sqlite_utils import Database

from thidua_desktop.domain.names import fold
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.services import repository

LEVEL_RANK = {"province": 4, "district": 3, "commune": 2, "agency": 1, "group": 1}
# Words that name an upper body inside an office, per event level. Case matters: "Sở "
# is a department, "số" (a number) is not; folded text would confuse them.
_PROVINCE = (" tỉnh ", " Tỉnh ", " Sở ", " Bộ ", " Trung ương ")
UPPER_WORDS = {
    "district": _PROVINCE,
    "commune": (*_PROVINCE, " huyện ", " Huyện ", " thị xã ", " Thị xã ", " thành phố ", " Thành phố "),
}


def _names_upper(row: dict, level: str, upper: str) -> bool:
    text = f" {row['p_workplace'] or ''} {row['p_position'] or ''} "
    words = UPPER_WORDS.get(level, ())
    return any(w in text for w in words) or bool(upper and fold(upper) in fold(text))


def higher_leaders(db: Database, event_id: int) -> list[dict]:
    """Leaders and guests of the level above, in protocol order (rows with PERSON_COLS and `id`)."""
    event = repository.event(db, event_id)
    rank = LEVEL_RANK.get(event.level, 0)
    upper = repository.plan_rules(db, event.plan_id).organiser.upper
    rows = db.query(
        "SELECT x.id, x.category AS x_category, pk.level AS unit_level, " + svc.PERSON_COLS
        + " FROM delegates x LEFT JOIN delegates d ON d.id = x.id"
        " LEFT JOIN persons p ON p.id = d.person_id"
        " LEFT JOIN units pu ON pu.id = COALESCE(d.unit_id, p.unit_id)"
        " LEFT JOIN unit_kinds pk ON pk.code = pu.kind"
        " WHERE x.event_id = ? AND x.status != 'absent' AND x.category IN ('leader', 'guest')"
        " ORDER BY x.protocol_rank = 0, x.protocol_rank, x.id", [event_id])
    out = []
    for row in rows:
        unit_rank = LEVEL_RANK.get(row["unit_level"] or "", 0)
        if unit_rank > rank or _names_upper(row, event.level, upper):
            out.append(row)
    return out


def directing_speaker(db: Database, event_id: int) -> tuple[int | None, str]:
    """(delegate id, label) of the higher-level leader who gives the directing speech, or (None, "")."""
    rows = higher_leaders(db, event_id)
    if not rows:
        return None, ""
    host = repository.event(db, event_id).unit_id
    return rows[0]["id"], svc.label_of(rows[0], host)
