"""Move a template to the plan's year: every date, month, quarter and year in its texts.

A template is written for one year (its `plan.year`, or the year its
organiser's own event is due). A plan made for another year gets every date
moved by the same number of years; a fixed date that was in another year than
the template's (a plan issued the November before, say) moves too but is
flagged for the officer to review. A planning step: it returns a new document
and never edits the one it is given.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

MIN_YEAR, MAX_YEAR = 1900, 2200
_YEAR_TEXT = re.compile(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)")


@dataclass(frozen=True)
class ReviewFlag:
    """A date moved to the plan year that the officer should check."""

    where: str
    before: str
    after: str

    def sentence(self) -> str:
        """Vietnamese, for the window and `init`."""
        return (f"{self.where}: ngày {self.before} của mẫu thuộc năm khác năm kế hoạch, "
                f"đã chuyển thành {self.after}; hãy kiểm tra lại.")


def _dates(data: dict):
    """(where, deadline dict) of every deadline in a template document."""
    for i, etype in enumerate(data.get("event_types") or []):
        if isinstance(etype, dict) and isinstance(etype.get("due"), dict):
            yield f"Loại sự kiện “{etype.get('name', i)}”", etype["due"]
    for m in data.get("milestones") or []:
        if isinstance(m, dict) and isinstance(m.get("due"), dict):
            yield f"Mốc “{m.get('title', m.get('code'))}”", m["due"]
    for d in data.get("dossiers") or []:
        for item in (d.get("items") or []) if isinstance(d, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("due"), dict):
                yield f"Hồ sơ “{item.get('name', item.get('code'))}”", item["due"]


def _year_of(due: dict) -> int | None:
    if due.get("kind") == "fixed" and isinstance(due.get("date"), str):
        try:
            return dt.date.fromisoformat(due["date"]).year
        except ValueError:
            return None
    if due.get("kind") in ("month", "quarter") and isinstance(due.get("year"), int):
        return due["year"]
    return None


def template_year(data: dict) -> int | None:
    """The year a template is written for: `plan.year`, else its organiser's event, else the
    most common year among its dates."""
    plan = data.get("plan") or {}
    year = plan.get("year")
    year = year.get("value") if isinstance(year, dict) else year
    if isinstance(year, int) and not isinstance(year, bool):
        return year
    for etype in data.get("event_types") or []:
        if isinstance(etype, dict) and not etype.get("per_unit") and "pilot_of" not in etype:
            found = _year_of(etype.get("due") or {})
            if found:
                return found
    years = Counter(y for _w, due in _dates(data) if (y := _year_of(due)))
    return years.most_common(1)[0][0] if years else None


def _move(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def earliest_date(data: dict) -> dt.date | None:
    """The earliest fixed date, month end or quarter end of the template."""
    from thidua_desktop.domain.deadlines import Deadline

    found = []
    for _where, due in _dates(data):
        if due.get("kind") in ("fixed", "month", "quarter"):
            try:
                found.append(Deadline.from_dict(due).resolve())
            except (KeyError, ValueError, TypeError):
                continue
    return min(found) if found else None


def first_open_year(data: dict, today: dt.date) -> int | None:
    """The first plan year from this one on in which no date of the template has passed."""
    base, earliest = template_year(data), earliest_date(data)
    if base is None or earliest is None:
        return base
    shift = max(0, today.year - earliest.year)
    while _move(earliest, shift) < today:
        shift += 1
    return max(base + shift, today.year)


def move_to_year(data: dict, year: int) -> tuple[dict, list[ReviewFlag]]:
    """A copy of the template with every date moved to `year`; and what to review."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        from thidua_desktop.errors import ValidationError

        raise ValidationError(f"Năm kế hoạch phải từ {MIN_YEAR} đến {MAX_YEAR}, không phải {year}.")
    out = copy.deepcopy(data)
    base = template_year(out)
    if base is None or base == year:
        return out, []
    years = year - base
    flags: list[ReviewFlag] = []
    for where, due in _dates(out):
        if due.get("kind") == "fixed" and isinstance(due.get("date"), str):
            try:
                before = dt.date.fromisoformat(due["date"])
            except ValueError:
                continue
            after = _move(before, years)
            due["date"] = after.isoformat()
            if before.year != base:
                flags.append(ReviewFlag(where, f"{before:%d/%m/%Y}", f"{after:%d/%m/%Y}"))
        elif due.get("kind") in ("month", "quarter") and isinstance(due.get("year"), int):
            due["year"] += years
    plan = out.get("plan") if isinstance(out.get("plan"), dict) else {}
    issued = plan.get("issued_on")
    if isinstance(issued, dict) and isinstance(issued.get("value"), str):
        try:
            issued["value"] = _move(dt.date.fromisoformat(issued["value"]), years).isoformat()
        except ValueError:
            pass
    plan["year"] = {"value": year, "source": "năm kế hoạch do người dùng chọn"}

    def shift_text(text):
        if not isinstance(text, str):
            return text
        return _YEAR_TEXT.sub(lambda m: str(int(m.group(1)) + years)
                              if abs(int(m.group(1)) - base) <= 10 else m.group(1), text)

    for key in ("title",):
        plan[key] = shift_text(plan.get(key))
    for key in ("review_period", "direction_period"):
        if isinstance(plan.get(key), dict):
            plan[key]["value"] = shift_text(plan[key].get("value"))
    for etype in out.get("event_types") or []:
        if isinstance(etype, dict) and "name_pattern" in etype:
            etype["name_pattern"] = shift_text(etype["name_pattern"])
    return out, flags
