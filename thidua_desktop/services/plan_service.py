"""Create a plan from a template: organiser, units, events, milestones, agendas, dossiers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3

from sqlite_utils import Database

from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.domain.names import clean_text, fold
from thidua_desktop.errors import TemplateError, UserError, ValidationError
from thidua_desktop.services import repository
from thidua_desktop.services.agenda_service import in_standard_agenda
from thidua_desktop.services.delegate_categories import plan_categories, store_categories
from thidua_desktop.services.seat_allocation import allocate
from thidua_desktop.services.unit_groups import link_groups, resolve_targets, target_json
from thidua_desktop.services.unit_list import UnitSpec, parse_unit_lines  # noqa: F401 - re-exported
from thidua_desktop.templates.loader import PlanTemplate, value
from thidua_desktop.templates.model import SeatRule

log = logging.getLogger(__name__)


WINDOW_SOURCE = "sửa trong cửa sổ"  # a seat rule the officer set (services/seat_rules.py)
TYPED_UNITS = "typed_units"  # in an event's seat rule: the units whose fixed seats were typed (ids of this file)


def slug(text: str) -> str:
    """ASCII slug for event codes: "Tân Lợi" -> "tan-loi"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def default_units(template: PlanTemplate) -> list[UnitSpec]:
    """The template's own list of subordinate units."""
    return [UnitSpec(u["kind"], u["name"], tuple(u.get("groups", ())), bool(u.get("head")))
            for u in template.data["default_units"]["units"]]


def _fill(pattern: str, names: dict[str, str]) -> str:
    """Replace {placeholders}; unknown ones stay as typed."""
    return re.sub(r"\{(\w+)\}", lambda m: names.get(m.group(1), m.group(0)), pattern)


def _deadline_columns(due: dict) -> dict:
    deadline = Deadline.from_dict(due)
    cols = {"due_kind": deadline.kind, "offset_days": deadline.offset_days}
    if deadline.kind == "fixed":
        cols["due_date"] = deadline.date.isoformat()
    elif deadline.kind in ("month", "quarter"):
        cols["due_year"], cols["due_period"] = deadline.year, deadline.period
    return cols


def create_plan(
    db: Database,
    template: PlanTemplate,
    organiser_name: str,
    units: list[UnitSpec] | None = None,
    organiser_kind: str | None = None,
    year: int | None = None,
) -> int:
    """Build a whole plan from `template` in one transaction; return the plan id.

    `year`: the plan year; every date of the template moves to it (see
    plan_year.py) and the dates to review are kept in the plan's rules
    (`year_review`). A hand-edited template whose data the validator let
    through but that cannot build a plan gets a sentence naming the template;
    nothing is written.
    """
    if year is not None:
        from thidua_desktop.services.plan_year import move_to_year
        from thidua_desktop.templates.loader import parse_template

        moved, flags = move_to_year(template.data, year)
        moved["year_review"] = [f.sentence() for f in flags]
        template = parse_template(moved, template.path)
    try:
        return _create_plan(db, template, organiser_name, units, organiser_kind)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
            sqlite3.IntegrityError) as exc:
        log.warning("template %s cannot build a plan", template.id, exc_info=True)
        raise TemplateError(
            f"Mẫu kế hoạch “{template.name}” có dữ liệu không dùng được để tạo kế hoạch "
            f"({type(exc).__name__}: {exc}). Hãy sửa tệp mẫu hoặc chọn mẫu khác; chưa có gì được ghi."
        ) from exc


def _create_plan(db, template, organiser_name, units, organiser_kind) -> int:
    data = template.data
    organiser_name = clean_text(organiser_name)
    if not organiser_name:
        raise ValidationError("Hãy nhập tên đơn vị tổ chức (ví dụ: Hớn Quản).")
    units = units if units is not None else default_units(template)
    organiser_kind = organiser_kind or data["organiser"]["kind"]
    kinds = {k["code"]: k for k in data["unit_kinds"]}
    if organiser_kind not in kinds:
        raise ValidationError(f"Loại đơn vị “{organiser_kind}” không có trong mẫu.")
    with db.atomic():
        for position, kind in enumerate(data["unit_kinds"]):
            db.execute(
                "INSERT INTO unit_kinds(code, name, level, position) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level",
                [kind["code"], kind["name"], kind["level"], position],
            )
        org_id = _ensure_unit(db, organiser_kind, organiser_name, None, True, 0)
        unit_rows = [
            (_ensure_unit(db, spec.kind, clean_text(spec.name), org_id, False, i + 1, spec.figure), spec)
            for i, spec in enumerate(units)
        ]
        unit_rows = link_groups(
            db, template, org_id, unit_rows,
            lambda kind, name, pos: _ensure_unit(db, kind, name, org_id, False, pos))
        org_kind_name = kinds[organiser_kind]["name"]
        plan_data = data["plan"]
        names = {
            "organiser": organiser_name,
            "ORGANISER": organiser_name.upper(),
            "organiser_kind": org_kind_name.lower(),
            "ORGANISER_KIND": org_kind_name.upper(),
            "organiser_slug": slug(organiser_name),
            "edition": value(plan_data.get("edition"), ""),
            "review_period": value(plan_data.get("review_period"), ""),
            "direction_period": value(plan_data.get("direction_period"), ""),
        }
        # The official names print periods with an en dash: "(2025 – 2030)".
        names["review_period_dash"] = names["review_period"].replace(" - ", " – ")
        names["direction_period_dash"] = names["direction_period"].replace(" - ", " – ")
        issued = value(plan_data.get("issued_on"))
        plan_id = db["plans"].insert(
            {
                "organiser_id": org_id,
                "template_id": template.id,
                "number": plan_data.get("number", ""),
                "issued_on": issued,
                "issuer": _fill(plan_data.get("issuer", "UBND {organiser_kind} {organiser}"), names),
                "place": organiser_name,
                "title": _fill(plan_data["title"], names),
                "edition": names["edition"],
                "review_period": names["review_period"],
                "direction_period": names["direction_period"],
                "legal_bases": json.dumps(
                    [b["text"] if isinstance(b, dict) else b for b in plan_data.get("legal_bases", [])],
                    ensure_ascii=False,
                ),
                "rules": json.dumps(data, ensure_ascii=False),
            }
        ).last_pk
        events = _create_events(db, template, plan_id, org_id, unit_rows, names, kinds)
        _create_milestones(db, template, plan_id, org_id, unit_rows, events)
        _create_dossier_templates(db, template, plan_id)
        store_categories(db, plan_id, template.rules.categories)
    return plan_id


def _ensure_unit(db, kind, name, parent_id, is_organiser, position, figure=None) -> int:
    row = db.execute(
        "SELECT id FROM units WHERE kind = ? AND name = ? AND parent_id IS ?",
        [kind, name, parent_id],
    ).fetchone()
    if row:
        return row[0]
    return db["units"].insert(
        {
            "name": name, "kind": kind, "parent_id": parent_id,
            "is_organiser": int(is_organiser), "position": position, "name_key": fold(name),
            "staff_count": figure,
        }
    ).last_pk


def _create_events(db, template, plan_id, org_id, unit_rows, names, kinds) -> dict:
    """Insert the events; return {type_code: {unit_id: event_id}}."""
    data = template.data
    org_level = db.execute("SELECT k.level FROM units u JOIN unit_kinds k ON k.code = u.kind "
                           "WHERE u.id = ?", [org_id]).fetchone()[0]
    created: dict[str, dict[int, int]] = {}
    position = 0
    ordered = sorted(data["event_types"], key=lambda t: 0 if not t.get("per_unit") else 1)
    for etype in ordered:
        if "pilot_of" in etype:
            continue
        form = template.form(etype["form"])
        if isinstance(etype.get("hosts"), dict):
            # Hosts chosen like a milestone's units: by kind, the groups, their heads...
            chosen = set(resolve_targets(db, {**etype["hosts"], "title": etype["name"]}, org_id,
                                         unit_rows, kinds, []))
            hosts = [(uid, spec) for uid, spec in unit_rows if uid in chosen]
        elif etype.get("per_unit"):
            # Only units of the type's level hold it; a level with no unit gets no event.
            hosts = [
                (uid, spec) for uid, spec in unit_rows if kinds[spec.kind]["level"] == etype["level"]
            ]
        else:
            hosts = [(org_id, None)]
        for unit_id, spec in hosts:
            position += 1
            local = dict(names)
            if spec is not None:
                local.update(
                    UNIT=spec.name.upper(), unit=spec.name, unit_slug=slug(spec.name),
                    unit_full_slug=slug(f"{kinds[spec.kind]['name']} {spec.name}"),
                    UNIT_KIND=kinds[spec.kind]["name"].upper(), unit_kind=kinds[spec.kind]["name"].lower(),
                )
            code = _unique_code(db, plan_id, _fill(etype.get("code_pattern", etype["code"] + "-{unit_slug}"), local))
            due = etype.get("due")
            leadership = form["leadership"]
            # The panel follows the form: a congress has a presidium, a conference a chair panel.
            panel = etype.get(leadership) or {}
            event_id = db["events"].insert(
                {
                    "plan_id": plan_id, "code": code, "type_code": etype["code"],
                    "name": _fill(etype["name_pattern"], local), "form": form["code"],
                    "level": org_level if etype["level"] == "organiser" else etype["level"],
                    "unit_id": unit_id,
                    "due": Deadline.from_dict(due).resolve().isoformat() if due and due["kind"] in ("fixed", "month", "quarter") else None,
                    "session_minutes": value(etype.get("session_minutes"), 240),
                    "max_delegates": value(etype.get("max_delegates")),
                    "exemplary_share": value(etype.get("exemplary_share")),
                    "presidium_min": value(panel.get("min")),
                    "presidium_max": value(panel.get("max")),
                    "presidium_exemplary": value(panel.get("exemplary_share")),
                    "leadership": leadership, "position": position,
                }
            ).last_pk
            created.setdefault(etype["code"], {})[unit_id] = event_id
            _create_agenda(db, template, event_id, form, local)
    for etype in data["event_types"]:
        parent = etype.get("parent")
        if parent and parent in created and len(created[parent]) == 1:
            parent_id = next(iter(created[parent].values()))
            for event_id in created.get(etype["code"], {}).values():
                db.execute("UPDATE events SET parent_event_id = ? WHERE id = ?", [parent_id, event_id])
        if "pilot_of" in etype:
            pilot_name = fold(value(etype["pilot_unit"]))
            for unit_id, spec in unit_rows:
                if fold(spec.name) == pilot_name and unit_id in created.get(etype["pilot_of"], {}):
                    event_id = created[etype["pilot_of"]][unit_id]
                    due = Deadline.from_dict(etype["due"]).resolve() if etype.get("due") else None
                    db.execute(
                        "UPDATE events SET is_pilot = 1, due = COALESCE(?, due) WHERE id = ?",
                        [due.isoformat() if due else None, event_id],
                    )
                    created.setdefault(etype["code"], {})[unit_id] = event_id
    _allocate_seats(db, created, template, unit_rows, kinds)
    return created


def _unique_code(db, plan_id: int, code: str) -> str:
    """The code, or the code with "-2", "-3"... when another event already has it.

    Two units whose names fold to the same slug ("Cụm thi đua số 1" of two
    kinds, or names differing only in accents) must not stop the plan.
    """
    code = code.strip("-") or "su-kien"
    candidate, n = code, 1
    while db.execute("SELECT 1 FROM events WHERE code = ?", [candidate]).fetchone():
        n += 1
        candidate = f"{code}-{n}"
    return candidate


def _allocate_seats(db, created, template, unit_rows, kinds) -> None:
    """Share each upper event's seats between the sending units by the type's seat rule."""
    rules = template.rules
    senders = [(uid, spec.figure) for uid, spec in unit_rows if kinds[spec.kind]["level"] != "group"]
    figures = dict(db.execute("SELECT id, staff_count FROM units").fetchall())
    senders = [(uid, figure if figure is not None else figures.get(uid)) for uid, figure in senders]
    for etype in template.data["event_types"]:
        if etype.get("per_unit") or "pilot_of" in etype or etype["code"] not in created:
            continue
        rule = rules.seat_rules.get(etype["code"], SeatRule())
        seats, by_category = allocate(rule, value(etype.get("max_delegates")),
                                      value(etype.get("exemplary_share")), senders, rules.categories)
        for event_id in created[etype["code"]].values():
            db.execute("UPDATE events SET seat_rule = ? WHERE id = ?",
                       [json.dumps(etype["seats"], ensure_ascii=False) if "seats" in etype else "", event_id])
            for unit_id, n in seats.items():
                db["event_seats"].insert({"event_id": event_id, "unit_id": unit_id, "seats": n})
            for (unit_id, code), n in by_category.items():
                db["event_category_seats"].insert(
                    {"event_id": event_id, "unit_id": unit_id, "category": code, "seats": n})


def _create_agenda(db, template, event_id, form, names) -> None:
    is_congress = form["kind"] == "congress"
    type_code = db.execute("SELECT type_code FROM events WHERE id = ?", [event_id]).fetchone()[0]
    position = 0
    for item in template.data["agenda"]["items"]:
        if not in_standard_agenda(item, type_code):
            continue
        if item.get("congress_only") and not is_congress:
            continue
        if item["kind"] == "flag_salute" and not form.get("flag_salute", is_congress):
            continue
        position += 1
        db["agenda_items"].insert(
            {
                "event_id": event_id, "position": position, "kind": item["kind"],
                "title": _fill(item["title"], names),
                "duration_min": value(item.get("minutes"), 5),
            }
        )


def _create_milestones(db, template, plan_id, org_id, unit_rows, events) -> None:
    ids: dict[str, int] = {}
    kinds = {k["code"]: k for k in template.data["unit_kinds"]}
    pilot_types = [t["code"] for t in template.data["event_types"] if "pilot_of" in t]
    pilots = sorted({uid for code in pilot_types for uid in events.get(code, {}) if uid != org_id})
    for position, item in enumerate(template.data["milestones"]):
        due = item["due"]
        cols = _deadline_columns(due)
        applies = item.get("applies_to", "office")
        if due["kind"] == "event":
            etype = due.get("event")
            hosts = events.get(etype, {})
            cols["rel_event_type"] = etype
            cols["rel_scope"] = due.get("of", "own")
            if len(hosts) == 1 and cols["rel_scope"] == "own":
                cols["rel_event_id"] = next(iter(hosts.values()))
        if due["kind"] == "after":
            cols["rel_milestone_id"] = ids[due["milestone"]]
        stored = applies if applies in ("office", "units") else "selected"
        milestone_id = db["milestones"].insert(
            {
                "plan_id": plan_id, "code": item["code"], "title": item["title"],
                "responsible": item.get("responsible", ""), "partners": item.get("partners", ""),
                "applies_to": stored, "target": target_json(item),
                "source": due.get("source", ""), "position": position, **cols,
            }
        ).last_pk
        ids[item["code"]] = milestone_id
        targets = resolve_targets(db, item, org_id, unit_rows, kinds, pilots)
        if stored == "selected":
            for uid in targets:
                db["milestone_units"].insert({"milestone_id": milestone_id, "unit_id": uid})
        for uid in targets:
            db["milestone_progress"].insert({"milestone_id": milestone_id, "unit_id": uid})


def _create_dossier_templates(db, template, plan_id) -> None:
    for dossier in template.data.get("dossiers", []):
        template_id = db["dossier_templates"].insert(
            {"plan_id": plan_id, "code": dossier["code"], "name": dossier["name"],
             "source": dossier.get("source", ""), "event_type": dossier.get("event_type", ""),
             "submitted_to": dossier.get("submitted_to", ""), "target": target_json(dossier)}
        ).last_pk
        for position, item in enumerate(dossier["items"]):
            db["dossier_template_items"].insert(
                {
                    "template_id": template_id, "code": item["code"], "name": item["name"],
                    "required": int(item.get("required", True)), "copies": item.get("copies", 1),
                    "per_delegate": int(item.get("per_delegate", False)),
                    "per_proposal": int(item.get("per_proposal", False)),
                    "due": json.dumps(item["due"], ensure_ascii=False),
                    "source": item["due"].get("source", ""), "position": position,
                }
            )


def set_event_date(db: Database, event_id: int, date: dt.date | None) -> None:
    """Move an event; every deadline hanging on it follows when recomputed."""
    db.execute(
        "UPDATE events SET date = ? WHERE id = ?", [date.isoformat() if date else None, event_id]
    )


def plan_to_template(db: Database, plan_id: int, new_id: str | None = None) -> dict:
    """The plan as a template of the officer's own: its rules plus its current milestones."""
    row = db.execute("SELECT rules, title, template_id FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise ValidationError(f"Không có kế hoạch số {plan_id}.")
    data = json.loads(row[0])
    stamp = dt.date.today().strftime("%Y%m%d")
    data["id"] = new_id or f"{slug(row[2] or 'ke-hoach')}-rieng-{stamp}"[:64]
    data["name"] = f"{row[1]} (mẫu riêng {dt.date.today():%d/%m/%Y})"
    data["source"] = f"{data.get('source', '')} + kế hoạch đã chỉnh sửa".strip()
    codes = {}
    milestones = []
    for m in db.query("SELECT * FROM milestones WHERE plan_id = ? ORDER BY position, id", [plan_id]):
        codes[m["id"]] = m["code"]
        due: dict = {"kind": m["due_kind"], "source": m["source"] or "kế hoạch đã chỉnh sửa"}
        if m["due_kind"] == "fixed":
            due["date"] = m["due_date"]
        elif m["due_kind"] == "month":
            due.update(year=m["due_year"], month=m["due_period"])
        elif m["due_kind"] == "quarter":
            due.update(year=m["due_year"], quarter=m["due_period"])
        elif m["due_kind"] == "event":
            due.update(offset_days=m["offset_days"])
            if m["rel_event_type"]:
                due["event"] = m["rel_event_type"]
            if m["rel_scope"] == "group":
                due["of"] = "group"
        else:
            due.update(milestone=codes.get(m["rel_milestone_id"]), offset_days=m["offset_days"])
        entry = {
            "code": m["code"], "title": m["title"], "due": due, "responsible": m["responsible"],
            "partners": m["partners"], "applies_to": m["applies_to"],
        }
        rule = json.loads(m["target"]) if m["target"] else None
        if isinstance(rule, dict) and rule.get("applies_to"):
            entry.update(rule)
        elif m["applies_to"] == "selected":
            # Kept by name (ids do not survive into another file): every chosen unit.
            entry["units"] = [r[0] for r in db.execute(
                "SELECT u.name FROM milestone_units mu JOIN units u ON u.id = mu.unit_id "
                "WHERE mu.milestone_id = ? ORDER BY u.position, u.id", [m["id"]])]
        milestones.append(entry)
    data["milestones"] = milestones
    _keep_seat_rules(db, plan_id, data)
    data["categories"] = [
        {"code": c.code, "label": c.label, "words": list(c.words), "protocol_order": c.protocol_order,
         "base": c.base, "exemplary": c.exemplary, "collective": c.collective,
         "source": c.source or "kế hoạch đã chỉnh sửa",
         **({"quota": {"value": c.quota, "source": c.source or "kế hoạch"}} if c.quota is not None else {}),
         **({"share": {"value": c.share, "source": c.source or "kế hoạch"}} if c.share is not None else {})}
        for c in plan_categories(db, plan_id)]
    return data


def _keep_seat_rules(db: Database, plan_id: int, data: dict) -> None:
    """A seat rule changed in the window (Quy tắc chia chỉ tiêu) becomes its event type's rule."""
    edited = {}
    for type_code, text in db.execute("SELECT type_code, seat_rule FROM events WHERE plan_id = ? "
                                      "AND seat_rule != '' ORDER BY id", [plan_id]):
        try:
            rule = json.loads(text)
        except ValueError:
            continue
        if isinstance(rule, dict) and rule.get("source") == WINDOW_SOURCE:
            rule.pop(TYPED_UNITS, None)  # unit ids mean nothing in another file
            edited[type_code] = rule
    for etype in data.get("event_types") or []:
        if isinstance(etype, dict) and etype.get("code") in edited:
            etype["seats"] = edited[etype["code"]]


def resolve_kind(template: PlanTemplate, text: str) -> str:
    """A unit kind's code from its code or its name ("xa", "Xã"); a sentence otherwise."""
    wanted = fold(clean_text(text))
    for kind in template.data["unit_kinds"]:
        if wanted in (fold(kind["code"]), fold(kind["name"])):
            return kind["code"]
    names = ", ".join(k["name"] for k in template.data["unit_kinds"])
    raise UserError(f"Loại đơn vị “{text}” không có trong mẫu; các loại có: {names}.")


def review_flags(db: Database, plan_id: int | None = None) -> list[str]:
    """The dates moved to the plan year that the officer should check (sentences)."""
    row = db.execute("SELECT id FROM plans WHERE id = COALESCE(?, (SELECT max(id) FROM plans))",
                     [plan_id]).fetchone()
    return list(repository.plan_rules(db, row[0]).year_review) if row else []


def create_plan_file(path, template: PlanTemplate, organiser_name: str,
                     units: list[UnitSpec] | None = None, organiser_kind: str | None = None,
                     year: int | None = None):
    """A new database file holding one plan; on any failure no file is left behind."""
    from pathlib import Path

    from thidua_desktop.store.database import open_database

    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise ValidationError(f"Tệp “{path.name}” đã có; hãy chọn tên tệp khác.")
    if not clean_text(organiser_name):
        raise ValidationError("Hãy nhập tên đơn vị tổ chức (ví dụ: Hớn Quản).")
    db = open_database(path)
    try:
        create_plan(db, template, organiser_name, units, organiser_kind, year=year)
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.close()
    return path
