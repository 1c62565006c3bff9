"""How a unit's name and a person's position are written in letters and on the day's documents.

A unit is stored as a kind and a name ("Xã" + "Tân Lợi", "Sở" + "Y tế").
For most kinds the kind is the first word of the name as written ("Xã Tân
Lợi", "Sở Y tế", "Trường Đại học Đồng Nai"); for a few it is only a
category the plan sorts units by ("Cơ quan", "Doanh nghiệp", "Đoàn thể"):
the name is then written alone ("Tổng Công ty Sonadezi", never "Doanh
nghiệp Tổng Công ty Sonadezi"). One owner of that rule, in Python and SQL.

A position often names its agency already ("Chủ tịch HĐND huyện" at "HĐND
huyện Hớn Quản"): `position_at` joins the two without saying the agency
twice ("Chủ tịch HĐND huyện Hớn Quản").
"""

from __future__ import annotations

from thidua_desktop.domain.names import fold

# Kinds that classify a unit without being part of its name.
CATEGORY_KINDS = frozenset({"co_quan", "doanh_nghiep", "doan_the"})


def written_name(kind_code: str, kind_name: str, name: str) -> str:
    """"Xã Tân Lợi", "Sở Y tế", "Tổng Công ty Sonadezi" (no category kind, no kind said twice)."""
    if not kind_name or kind_code in CATEGORY_KINDS or fold(name).startswith(fold(kind_name) + " "):
        return name
    return f"{kind_name} {name}"


def written_sql(u: str = "u", k: str = "k") -> str:
    """The SQL expression of `written_name` for units aliased `u` joined to unit_kinds aliased `k`
    (NULL when the unit is missing, as `k.name || ' ' || u.name` was)."""
    kinds = ", ".join(f"'{code}'" for code in sorted(CATEGORY_KINDS))
    return f"(CASE WHEN {u}.kind IN ({kinds}) THEN {u}.name ELSE {k}.name || ' ' || {u}.name END)"


def position_at(position: str, workplace: str) -> str:
    """"Chủ tịch HĐND huyện" at "HĐND huyện Hớn Quản" -> "Chủ tịch HĐND huyện Hớn Quản".

    When the position's last words are the workplace's first words (folded: case and marks
    ignored), the workplace continues the position; when the position holds the whole
    workplace it is enough; otherwise "position, workplace".
    """
    position, workplace = " ".join(position.split()), " ".join(workplace.split())
    if not position or not workplace:
        return position or workplace
    pos_words, work_words = position.split(), workplace.split()
    folded_pos, folded_work = [fold(w) for w in pos_words], [fold(w) for w in work_words]
    if f" {' '.join(folded_work)} " in f" {' '.join(folded_pos)} ":
        return position
    for k in range(min(len(pos_words), len(work_words)), 0, -1):
        if folded_pos[-k:] == folded_work[:k]:
            return " ".join(pos_words + work_words[k:])
    return f"{position}, {workplace}"
