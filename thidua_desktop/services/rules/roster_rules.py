"""Roster rules: quotas, shares, structure, presidium, duplicates, missing fields, seats.

Every number comes from the event row or the plan's structure rules (data).
Each finding names the delegates concerned (`rows` = delegate ids) and says,
in Vietnamese, what is wrong and what to do. Errors make `check` exit 1;
warnings ("chú trọng", "có thể trùng") are shown but do not.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from thidua_desktop.services.delegate_categories import (
    categories_in_protocol_order,
    category_counts,
    category_quota,
)
from thidua_desktop.services.roster_service import FIELD_LABELS, seat_rows
from thidua_desktop.services.roster_stats import RosterStats, summarize
from thidua_desktop.services.rules import Finding
from thidua_desktop.templates.model import StructureRules

# Fields a roster row must have; a template may replace the list (structure.required_fields).
REQUIRED_FIELDS = ("full_name", "sex", "birth_year", "ethnicity", "position_or_workplace")
_REQUIRED_LABELS = {**FIELD_LABELS, "position_or_workplace": "Chức vụ hoặc đơn vị công tác"}
_REQUIRED_SQL = {
    "full_name": "p.full_name = ''",
    "sex": "p.sex IS NULL",
    "birth_year": "p.birth_year IS NULL",
    "ethnicity": "p.ethnicity = ''",
    "position": "p.position = ''",
    "workplace": "p.workplace = ''",
    "position_or_workplace": "(p.position = '' AND p.workplace = '')",
    "religion": "p.religion = ''",
    "phone": "p.phone = ''",
    "field": "d.field = '' AND d.category = 'exemplary'",
    "sector": "d.sector = '' AND d.category = 'exemplary'",
    "achievement": "d.achievement = '' AND d.category = 'exemplary'",
}
MIN_AGE, MAX_AGE = 16, 110  # outside: almost surely a typing error in the birth year


def run(db: Database, event_ids: list[int], as_of: dt.date) -> list[Finding]:
    """Every roster finding for these events."""
    findings: list[Finding] = []
    for event_id in event_ids:
        findings += check_event(db, event_id, as_of)
    return findings


def check_event(db: Database, event_id: int, as_of: dt.date | None = None,
                stats: RosterStats | None = None) -> list[Finding]:
    """The findings of one event (pass `stats` when already computed)."""
    stats = stats or summarize(db, event_id, as_of)
    code = stats.event_code
    out: list[Finding] = []
    for rule in (_total, _exemplary, _structure, _mix, _panel):
        out += rule(stats, code)
    out += _ages(db, stats, code)
    out += _duplicates(db, event_id, code)
    out += _missing(db, event_id, code, stats.rules)
    out += _provincial_awards(db, event_id, code, stats)
    out += _seats(db, event_id, code, stats)
    out += _categories(db, event_id, code, stats)
    return out


def _categories(db: Database, event_id: int, code: str, s: RosterStats) -> list[Finding]:
    """Each plan category's own quota (or share); a collective needs the collective's name."""
    out = []
    counts = category_counts(db, event_id)
    for c in categories_in_protocol_order(db, event_id):
        quota = category_quota(c, s.max_delegates)
        have = counts.get(c.code, 0)
        if quota is not None and have > quota:
            ids = _ids(db, "SELECT id FROM delegates WHERE event_id = ? AND status != 'absent' AND "
                           "COALESCE(NULLIF(category_code, ''), category) = ? ORDER BY id", [event_id, c.code])
            out.append(Finding(
                "error", f"roster.category_quota.{c.code}", code,
                f"Thành phần “{c.label}” có {have} đại biểu, vượt số tối đa {quota} của kế hoạch; "
                f"hãy bớt {have - quota} người hoặc chuyển sang thành phần khác.", tuple(ids)))
        if c.collective:
            ids = _ids(db, "SELECT id FROM delegates WHERE event_id = ? AND status != 'absent' AND "
                           "category_code = ? AND trim(collective) = '' ORDER BY id", [event_id, c.code])
            if ids:
                out.append(Finding(
                    "warning", f"roster.collective_name.{c.code}", code,
                    f"{len(ids)} đại biểu thuộc thành phần tập thể “{c.label}” chưa ghi tên tập thể "
                    f"mình đại diện ({_names(db, ids)}); hãy ghi ở cột Đại diện tập thể.", tuple(ids)))
    out += _category_seats(db, event_id, code)
    return out


def _category_seats(db: Database, event_id: int, code: str) -> list[Finding]:
    """Under the per-category seat rule: a unit over its seats in one category."""
    out = []
    for unit_id, unit, label, seats, filled in db.execute(
            "SELECT s.unit_id, k.name || ' ' || u.name, COALESCE(c.label, s.category), s.seats, "
            "(SELECT count(*) FROM delegates d WHERE d.event_id = s.event_id AND d.unit_id = s.unit_id "
            " AND d.status != 'absent' AND COALESCE(NULLIF(d.category_code, ''), d.category) = s.category) "
            "FROM event_category_seats s JOIN units u ON u.id = s.unit_id "
            "JOIN unit_kinds k ON k.code = u.kind JOIN events e ON e.id = s.event_id "
            "LEFT JOIN delegate_categories c ON c.plan_id = e.plan_id AND c.code = s.category "
            "WHERE s.event_id = ? ORDER BY u.position, u.id, s.category", [event_id]).fetchall():
        if filled > seats:
            ids = _ids(db, "SELECT id FROM delegates WHERE event_id = ? AND unit_id = ? AND status != 'absent' "
                           "ORDER BY id", [event_id, unit_id])
            out.append(Finding(
                "warning", "roster.category_seats", code,
                f"{unit} cử {filled} đại biểu thành phần “{label}”, vượt {filled - seats} so với "
                f"{seats} chỉ tiêu của thành phần này.", tuple(ids)))
    return out


# --- helpers ------------------------------------------------------------------

def _names(db: Database, ids: list[int], limit: int = 5) -> str:
    """"Nguyễn Văn A, Trần Thị B và 3 người khác"."""
    shown = ids[:limit]
    if not shown:
        return ""
    marks = ",".join("?" * len(shown))
    found = dict(db.execute(
        f"SELECT d.id, p.full_name FROM delegates d JOIN persons p ON p.id = d.person_id "
        f"WHERE d.id IN ({marks})", shown).fetchall())
    text = ", ".join(found.get(i, f"#{i}") for i in shown)
    if len(ids) > limit:
        text += f" và {len(ids) - limit} người khác"
    return text


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"


def _ids(db: Database, sql: str, params: list) -> list[int]:
    return [r[0] for r in db.execute(sql, params)]


# --- the rules ----------------------------------------------------------------

def _total(s: RosterStats, code: str) -> list[Finding]:
    if s.max_delegates and s.total > s.max_delegates:
        return [Finding(
            "error", "roster.max_delegates", code,
            f"Có {s.total} đại biểu, vượt mức tối đa {s.max_delegates} của kế hoạch "
            f"(thừa {s.total - s.max_delegates}). Hãy bớt đại biểu hoặc chuyển sang trạng thái Vắng.")]
    return []


def _exemplary(s: RosterStats, code: str) -> list[Finding]:
    share = s.exemplary_share
    if share.ok is False:
        return [Finding(
            "error", "roster.exemplary_share", code,
            f"Đại biểu điển hình tiên tiến chiếm {_pct(share.share)} ({s.exemplary}/{s.total}), "
            f"chưa đạt {_pct(share.minimum)} theo kế hoạch. Hãy bổ sung đại biểu điển hình "
            f"hoặc bớt khách mời, lãnh đạo.")]
    return []


def _structure(s: RosterStats, code: str) -> list[Finding]:
    base = "đại biểu điển hình" if s.structure_base == "exemplary" else "đại biểu"
    out = []
    for share in s.structure:
        if share.ok is not False:
            continue
        if share.minimum is not None and round(share.share * 100) < round(share.minimum * 100):
            bound = f"dưới mức {_pct(share.minimum)} cần chú trọng"
        else:
            bound = f"vượt mức {_pct(share.maximum)}"
        out.append(Finding(
            "warning", f"roster.structure.{share.key}", code,
            f"{share.label}: {share.count}/{share.base} {base} ({_pct(share.share)}), {bound}. "
            f"Hãy cân đối lại cơ cấu đại biểu."))
    return out


def _mix(s: RosterStats, code: str) -> list[Finding]:
    watch = s.rules.watch
    out = []
    for key, counts, listed, label in (
        ("sector", s.sectors, s.rules.sectors, "thành phần kinh tế"),
        ("field", s.fields, s.rules.fields, "lĩnh vực"),
    ):
        if key not in watch or not s.exemplary:
            continue
        absent = [name for name, n in counts if name in listed and n == 0]
        if absent:
            out.append(Finding(
                "warning", f"roster.{key}_mix", code,
                f"Chưa có đại biểu điển hình thuộc {label}: {', '.join(absent)}. "
                f"Cân nhắc bổ sung để bảo đảm cơ cấu."))
    return out


def _panel(s: RosterStats, code: str) -> list[Finding]:
    p = s.panel
    if p is None or (p.minimum is None and p.maximum is None and not p.exemplary_share):
        return []
    rule = f"roster.{p.kind}"
    out = []
    if (p.minimum is not None and p.count < p.minimum) or (p.maximum is not None and p.count > p.maximum):
        span = f"từ {p.minimum} đến {p.maximum}" if p.minimum is not None and p.maximum is not None \
            else (f"ít nhất {p.minimum}" if p.minimum is not None else f"không quá {p.maximum}")
        out.append(Finding(
            "error", rule, code,
            f"{p.label} có {p.count} người; kế hoạch quy định {span} người. "
            f"Hãy đánh dấu lại cột “ĐCT/CT” trong danh sách.", p.rows))
    if p.count and p.exemplary < p.exemplary_needed:
        out.append(Finding(
            "error", f"{rule}_exemplary", code,
            f"{p.label} có {p.exemplary}/{p.count} đại biểu điển hình tiên tiến; cần ít nhất "
            f"{p.exemplary_needed} ({_pct(p.exemplary_share)}). Hãy đưa thêm anh hùng, chiến sĩ "
            f"thi đua hoặc điển hình tiêu biểu vào {p.label}.", p.rows))
    return out


def _ages(db: Database, s: RosterStats, code: str) -> list[Finding]:
    ids = _ids(db, "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
                   "WHERE d.event_id = ? AND d.status != 'absent' AND p.birth_year IS NOT NULL "
                   "AND (? - p.birth_year < ? OR ? - p.birth_year > ?) ORDER BY p.sort_key",
               [s.event_id, s.reference_year, MIN_AGE, s.reference_year, MAX_AGE])
    if not ids:
        return []
    return [Finding(
        "warning", "roster.age", code,
        f"{len(ids)} đại biểu có tuổi khó tin (dưới {MIN_AGE} hoặc trên {MAX_AGE} vào năm "
        f"{s.reference_year}): {_names(db, ids)}. Hãy kiểm tra lại năm sinh.", tuple(ids))]


def _duplicates(db: Database, event_id: int, code: str) -> list[Finding]:
    """Same folded name and birth year twice in one event: likely one person sent twice."""
    keys = db.execute(
        "SELECT p.name_key, p.birth_year FROM delegates d JOIN persons p ON p.id = d.person_id "
        "WHERE d.event_id = ? AND p.name_key != '' GROUP BY 1, 2 HAVING count(*) > 1",
        [event_id]).fetchall()
    out = []
    for name_key, year in keys:  # few: the details are read for these only
        rows = db.execute(
            # CROSS JOIN keeps persons outermost, found through the (name_key, birth_year)
            # index; the planner otherwise walked every delegate of the event per key.
            "SELECT d.id, p.full_name, COALESCE(k.name || ' ' || u.name, '?'), p.sort_key "
            "FROM persons p CROSS JOIN delegates d ON d.person_id = p.id "
            "LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN unit_kinds k ON k.code = u.kind "
            "WHERE d.event_id = ? AND p.name_key = ? AND p.birth_year IS ? ORDER BY d.id",
            [event_id, name_key, year]).fetchall()
        out.append((min(r[3] for r in rows), Finding(
            "warning", "roster.duplicates", code,
            f"“{rows[0][1]}” (sinh năm {year or 'không rõ'}) có {len(rows)} lần trong danh sách "
            f"({'; '.join(r[2] for r in rows)}). Nếu là cùng một người, hãy xóa bớt; nếu khác "
            f"người, ghi rõ ở Ghi chú.", tuple(r[0] for r in rows))))
    return [f for _key, f in sorted(out, key=lambda item: item[0])]


def _missing(db: Database, event_id: int, code: str, structure: StructureRules) -> list[Finding]:
    fields = [f for f in (structure.required_fields or REQUIRED_FIELDS) if f in _REQUIRED_SQL]
    if not fields:
        return []
    # One pass over the roster for every required field.
    tests = ", ".join(f"({_REQUIRED_SQL[name]})" for name in fields)
    missing: dict[str, list[int]] = {name: [] for name in fields}
    any_missing = " OR ".join(f"({_REQUIRED_SQL[name]})" for name in fields)
    for row in db.execute(
            f"SELECT d.id, {tests} FROM delegates d JOIN persons p ON p.id = d.person_id "
            f"WHERE d.event_id = ? AND d.status != 'absent' AND ({any_missing}) "
            f"ORDER BY p.sort_key, d.id", [event_id]):
        for name, hit in zip(fields, row[1:], strict=True):
            if hit:
                missing[name].append(row[0])
    out = []
    for name, ids in missing.items():
        if ids:
            label = _REQUIRED_LABELS.get(name, name)
            out.append(Finding(
                "error", f"roster.missing.{name}", code,
                f"{len(ids)} đại biểu chưa có {label.lower()}: {_names(db, ids)}. "
                f"Hãy bổ sung trước khi gửi danh sách.", tuple(ids)))
    return out


def _provincial_awards(db: Database, event_id: int, code: str, s: RosterStats) -> list[Finding]:
    needed = s.rules.district_exemplar_min_provincial_awards
    if not needed or s.level != "district":
        return []
    ids = _ids(db, "SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
                   "WHERE d.event_id = ? AND d.status != 'absent' AND d.category = 'exemplary' "
                   "AND d.provincial_awards < ? ORDER BY p.sort_key", [event_id, needed])
    if not ids:
        return []
    return [Finding(
        "error", "roster.provincial_awards", code,
        f"{len(ids)} đại biểu điển hình chưa đủ {needed} lần được Chủ tịch UBND tỉnh khen thưởng "
        f"trong kỳ như kế hoạch yêu cầu: {_names(db, ids)}. Hãy kiểm tra số lần khen "
        f"hoặc thay đại biểu.", tuple(ids))]


def _seats(db: Database, event_id: int, code: str, s: RosterStats) -> list[Finding]:
    rows = seat_rows(db, event_id)
    out = []
    over = {r.unit_id: r for r in rows if r.seats is not None and r.filled > r.seats}
    members: dict[int, list[int]] = {unit_id: [] for unit_id in over}
    if over:
        marks = ",".join("?" * len(over))
        for delegate_id, unit_id in db.execute(
                f"SELECT d.id, d.unit_id FROM delegates d JOIN persons p ON p.id = d.person_id "
                f"WHERE d.event_id = ? AND d.status != 'absent' AND d.unit_id IN ({marks}) "
                f"ORDER BY p.sort_key", [event_id, *over]):
            members[unit_id].append(delegate_id)
    for unit_id, r in over.items():
        out.append(Finding(
            "warning", "roster.seats", code,
            f"{r.unit_name} cử {r.filled} đại biểu, vượt {r.filled - r.seats} so với "
            f"{r.seats} chỉ tiêu được phân bổ.", tuple(members[unit_id])))
    allocated = sum(r.seats or 0 for r in rows)
    if s.max_delegates and allocated > s.max_delegates:
        out.append(Finding(
            "warning", "roster.seats_total", code,
            f"Tổng chỉ tiêu phân bổ cho các đơn vị là {allocated}, vượt mức tối đa "
            f"{s.max_delegates} đại biểu. Hãy giảm chỉ tiêu của một số đơn vị."))
    return out
