"""Who does an agenda item when the officer has not chosen: the higher-level leader's directing speech.

Custom (and every seed plan) has the directing speech (phát biểu chỉ đạo)
given by the leader of the level above when one attends: a provincial
leader at a district congress, a district leader at a commune conference.
A delegate is "of the level above" when the unit that nominated them sits
higher than the event's level, or, for guests entered without such a unit,
when their office names an upper body ("Sở Nội vụ tỉnh Bình Phước").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

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


def _names_upper(text: str, words: tuple[str, ...], upper_folded: str) -> bool:
    return any(w in text for w in words) or bool(upper_folded and upper_folded in fold(text))


def upper_office(db: Database, event_id: int) -> Callable[[str, str], bool]:
    """Whether an office (workplace, position) names a body above the event's level: the
    test that makes a guest entered without an upper unit "of the level above"."""
    event = repository.event(db, event_id)
    upper = repository.plan_rules(db, event.plan_id).organiser.upper
    upper_folded = fold(upper) if upper else ""
    words = UPPER_WORDS.get(event.level, ())
    return lambda workplace, position: _names_upper(f" {workplace or ''} {position or ''} ", words, upper_folded)


def _higher_rows(db: Database, event_id: int, delegate_id: int | None = None) -> Iterator[dict]:
    """Leaders and guests of the level above, in protocol order, read lazily.

    A generator: the directing speaker is the first one, so a caller that needs
    only it stops there instead of folding every leader and guest of a large
    event. Only the rows that qualify become dicts.
    """
    event = repository.event(db, event_id)
    rank = LEVEL_RANK.get(event.level, 0)
    names_upper = upper_office(db, event_id)
    higher_levels = [level for level, r in LEVEL_RANK.items() if r > rank]
    only = " AND x.id = ?" if delegate_id is not None else ""
    cursor = db.conn.execute(
        "SELECT pk.level IN (" + ", ".join("?" * len(higher_levels)) + ") AS higher_unit,"
        " x.id, x.category AS x_category, pk.level AS unit_level, " + svc.PERSON_COLS
        + " FROM delegates x LEFT JOIN delegates d ON d.id = x.id"
        " LEFT JOIN persons p ON p.id = d.person_id"
        " LEFT JOIN units pu ON pu.id = COALESCE(d.unit_id, p.unit_id)"
        " LEFT JOIN unit_kinds pk ON pk.code = pu.kind"
        " WHERE x.event_id = ? AND x.status != 'absent' AND x.category IN ('leader', 'guest')" + only
        + " ORDER BY x.protocol_rank = 0, x.protocol_rank, x.id",
        [*higher_levels, event_id, *([delegate_id] if delegate_id is not None else [])])
    try:
        names = [c[0] for c in cursor.description]
        workplace, position = names.index("p_workplace"), names.index("p_position")
        for values in cursor:
            if values[0] or names_upper(values[workplace], values[position]):
                yield dict(zip(names[1:], values[1:], strict=True))
    finally:
        cursor.close()


def higher_leaders(db: Database, event_id: int) -> list[dict]:
    """Leaders and guests of the level above, in protocol order (rows with PERSON_COLS and `id`)."""
    return list(_higher_rows(db, event_id))


def first_higher_leader(db: Database, event_id: int) -> dict | None:
    """The first leader or guest of the level above in protocol order, or None."""
    return next(_higher_rows(db, event_id), None)


def is_higher_leader(db: Database, event_id: int, delegate_id: int) -> bool:
    """Whether this delegate of the event is a leader or guest of the level above."""
    return next(_higher_rows(db, event_id, delegate_id), None) is not None


def directing_speaker(db: Database, event_id: int) -> tuple[int | None, str]:
    """(delegate id, label) of the higher-level leader who gives the directing speech, or (None, "")."""
    row = first_higher_leader(db, event_id)
    if row is None:
        return None, ""
    host = repository.event(db, event_id).unit_id
    return row["id"], svc.label_of(row, host)
