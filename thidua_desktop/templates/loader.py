"""Plan templates: JSON data files, one per seed plan, validated on load.

A template is data, never code: it is parsed with `json`, checked field by
field, and every number in it carries the seed (or "mặc định") it comes from
as {"value": ..., "source": ...}. The officer's own templates live in the
user's folder beside the shipped ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua_desktop.domain import script_wording
from thidua_desktop.domain.deadlines import Deadline
from thidua_desktop.errors import NotFoundError, TemplateError
from thidua_desktop.paths import documents_dir, templates_dir
from thidua_desktop.templates.model import APPLIES_TO, LEVELS, PlanRules, read_rules

FORMAT = 1
_HOSTS = ("units", "selected", "kinds", "groups", "group_heads", "group_members")
MAX_TEMPLATE_BYTES = 2_000_000
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LEADERSHIP = ("presidium", "chair_panel", "none")


@dataclass
class PlanTemplate:
    """A validated template; `data` is the JSON document."""

    id: str
    name: str
    source: str
    path: Path | None
    data: dict[str, Any] = field(repr=False)
    rules: PlanRules | None = field(default=None, repr=False)

    def event_type(self, code: str) -> dict:
        """The event type with this code."""
        for item in self.data["event_types"]:
            if item["code"] == code:
                return item
        raise KeyError(code)

    def form(self, code: str) -> dict:
        """The event form with this code."""
        for item in self.data["forms"]:
            if item["code"] == code:
                return item
        raise KeyError(code)


def value(entry: Any, default: Any = None) -> Any:
    """Unwrap {"value": x, "source": s} to x; plain values pass through."""
    if entry is None:
        return default
    if isinstance(entry, dict) and "value" in entry:
        return entry["value"]
    return entry


def user_templates_dir() -> Path:
    """Where templates saved by the officer go."""
    return documents_dir() / "ThiDua" / "mau-ke-hoach"


def _template_paths() -> list[Path]:
    paths = sorted(templates_dir().glob("*.json"))
    user = user_templates_dir()
    if user.is_dir():
        paths += sorted(user.glob("*.json"))
    return paths


def list_templates() -> list[PlanTemplate]:
    """Every loadable template: shipped ones first, then the officer's."""
    found, seen = [], set()
    for path in _template_paths():
        template = load_template_file(path)
        if template.id not in seen:
            seen.add(template.id)
            found.append(template)
    return found


def load_template(ref: str) -> PlanTemplate:
    """A template by id, or by path to a JSON file."""
    candidate = Path(ref)
    if candidate.suffix == ".json" and candidate.exists():
        return load_template_file(candidate)
    for path in _template_paths():
        template = load_template_file(path)
        if template.id == ref:
            return template
    ids = ", ".join(t.id for t in list_templates())
    raise NotFoundError(f"Không có mẫu kế hoạch “{ref}”. Các mẫu hiện có: {ids}.")


def load_template_file(path: Path) -> PlanTemplate:
    """Read and validate one template file."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"Tệp mẫu “{path.name}” quá lớn.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise TemplateError(f"Tệp mẫu “{path.name}” không phải văn bản UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"Tệp mẫu “{path.name}” sai cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}."
        ) from exc
    except OSError as exc:
        raise TemplateError(f"Không đọc được tệp mẫu “{path.name}”: {exc.strerror}.") from exc
    return parse_template(data, path)


def parse_template(data: Any, path: Path | None = None) -> PlanTemplate:
    """Validate a template document; raise TemplateError listing every problem."""
    problems: list[str] = []
    try:
        _Validator(problems).template(data)
        rules = read_rules(data, problems)
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:
        # A shape the checks did not foresee (a list where a name belongs...): the
        # template is invalid, the program is not broken. Hostile-input tests rely on it.
        problems.append(f"có phần sai kiểu dữ liệu, không đọc được ({exc.__class__.__name__})")
    if problems:
        where = f"“{path.name}”" if path else "mẫu kế hoạch"
        shown = "; ".join(problems[:8])
        more = f" (và {len(problems) - 8} lỗi khác)" if len(problems) > 8 else ""
        raise TemplateError(f"Tệp mẫu {where} không hợp lệ: {shown}{more}.")
    return PlanTemplate(data["id"], data["name"], data["source"], path, data, rules)


class _Validator:
    """Collects Vietnamese problem descriptions, each naming where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        self.kinds: set = set()

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def obj(self, data: Any, where: str) -> bool:
        if not isinstance(data, dict):
            self.fail(where, "phải là một đối tượng")
            return False
        return True

    def text(self, data: dict, key: str, where: str, required: bool = True) -> None:
        if key not in data:
            if required:
                self.fail(where, f"thiếu “{key}”")
            return
        if not isinstance(data[key], str) or (required and not data[key].strip()):
            self.fail(f"{where}.{key}", "phải là chuỗi không rỗng")

    def sourced(self, entry: Any, where: str, kind: type | tuple = (int, float)) -> None:
        """A number (or value) that must say which seed it comes from."""
        if entry is None:
            return
        if not isinstance(entry, dict) or "value" not in entry:
            self.fail(where, "phải có dạng {\"value\": ..., \"source\": ...}")
            return
        if not isinstance(entry.get("source"), str) or not entry["source"].strip():
            self.fail(where, "thiếu nguồn (“source”)")
        val = entry["value"]
        if isinstance(val, bool) or not isinstance(val, kind):
            self.fail(where, "giá trị sai kiểu")
        elif isinstance(val, (int, float)) and val < 0:
            self.fail(where, "không được âm")

    def deadline(self, entry: Any, where: str) -> None:
        if not self.obj(entry, where):
            return
        try:
            Deadline.from_dict(entry)
        except (KeyError, ValueError, TypeError) as exc:
            self.fail(where, f"hạn không hợp lệ ({exc})")
        if not isinstance(entry.get("source"), str) or not entry.get("source", "").strip():
            self.fail(where, "thiếu nguồn (“source”)")

    def template(self, data: Any) -> None:
        if not self.obj(data, "mẫu"):
            return
        if data.get("format") != FORMAT:
            self.fail("format", f"phải bằng {FORMAT}")
        if not isinstance(data.get("id"), str) or not _ID_RE.match(data["id"]):
            self.fail("id", "chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
        for key in ("name", "source"):
            self.text(data, key, "mẫu")
        self.unit_kinds(data.get("unit_kinds"))
        kinds = {k.get("code") for k in data.get("unit_kinds") or [] if isinstance(k, dict)}
        self.kinds = kinds
        self.default_units(data.get("default_units"), kinds)
        if self.obj(data.get("organiser"), "organiser"):
            if data["organiser"].get("kind") not in kinds:
                self.fail("organiser.kind", "không có trong unit_kinds")
        self.plan(data.get("plan"))
        forms = self.forms(data.get("forms"))
        types = self.event_types(data.get("event_types"), forms)
        self.agenda(data.get("agenda"), types)
        if "script_wording" in data:
            self.problems += script_wording.problems(data["script_wording"])
        self.milestones(data.get("milestones"), types, kinds)
        self.dossiers(data.get("dossiers"), types, kinds)
        if self.obj(data.get("speeches", {}), "speeches"):
            for key, entry in data.get("speeches", {}).items():
                if key == "vetting_deadline":
                    self.deadline(entry, "speeches.vetting_deadline")
                else:
                    self.sourced(entry, f"speeches.{key}")

    def unit_kinds(self, kinds: Any) -> None:
        if not isinstance(kinds, list) or not kinds:
            self.fail("unit_kinds", "phải là danh sách không rỗng")
            return
        for i, kind in enumerate(kinds):
            where = f"unit_kinds[{i}]"
            if self.obj(kind, where):
                self.text(kind, "code", where)
                self.text(kind, "name", where)
                if kind.get("level") not in LEVELS:
                    self.fail(f"{where}.level", f"phải là một trong {', '.join(LEVELS)}")

    def default_units(self, block: Any, kinds: set) -> None:
        if not self.obj(block, "default_units"):
            return
        units = block.get("units")
        if not isinstance(units, list):
            self.fail("default_units.units", "phải là danh sách")
            return
        for i, unit in enumerate(units):
            where = f"default_units.units[{i}]"
            if self.obj(unit, where):
                self.text(unit, "name", where)
                if unit.get("kind") not in kinds:
                    self.fail(f"{where}.kind", "không có trong unit_kinds")
                groups = unit.get("groups", [])
                if not isinstance(groups, list) or not all(isinstance(g, str) and g for g in groups):
                    self.fail(f"{where}.groups", "phải là danh sách tên cụm, khối")
                if not isinstance(unit.get("head", False), bool):
                    self.fail(f"{where}.head", "phải là true hoặc false")

    def plan(self, plan: Any) -> None:
        if not self.obj(plan, "plan"):
            return
        self.text(plan, "title", "plan")
        for key in ("edition", "review_period", "direction_period"):
            self.sourced(plan.get(key), f"plan.{key}", str)
        issued = plan.get("issued_on")
        raw = value(issued)
        if raw is not None:  # null: the seed gives no date
            try:
                if not isinstance(raw, str) or not 1900 <= dt.date.fromisoformat(raw).year <= 2200:
                    raise ValueError(raw)
            except ValueError:
                self.fail("plan.issued_on", f"phải là ngày dạng YYYY-MM-DD (từ năm 1900 đến 2200), "
                                            f"không phải “{raw}”")
        for key in ("number", "issuer"):
            if key in plan and not isinstance(plan[key], str):
                self.fail(f"plan.{key}", "phải là chuỗi chữ")
        bases = plan.get("legal_bases", [])
        if not isinstance(bases, list):
            self.fail("plan.legal_bases", "phải là danh sách")
        else:
            for i, base in enumerate(bases):
                if not (isinstance(base, str) or (isinstance(base, dict) and isinstance(base.get("text"), str))):
                    self.fail(f"plan.legal_bases[{i}]", "phải là chuỗi chữ hoặc {\"text\": ..., \"source\": ...}")

    def forms(self, forms: Any) -> set[str]:
        codes: set[str] = set()
        if not isinstance(forms, list) or not forms:
            self.fail("forms", "phải là danh sách không rỗng")
            return codes
        for i, form in enumerate(forms):
            where = f"forms[{i}]"
            if not self.obj(form, where):
                continue
            self.text(form, "code", where)
            self.text(form, "name", where)
            codes.add(form.get("code"))
            if form.get("kind") not in ("congress", "conference"):
                self.fail(f"{where}.kind", "phải là congress hoặc conference")
            if form.get("leadership") not in LEADERSHIP:
                self.fail(f"{where}.leadership", f"phải là một trong {', '.join(LEADERSHIP)}")
        return codes

    def event_types(self, types: Any, forms: set[str]) -> set[str]:
        codes: set[str] = set()
        if not isinstance(types, list) or not types:
            self.fail("event_types", "phải là danh sách không rỗng")
            return codes
        for i, etype in enumerate(types):
            where = f"event_types[{i}]"
            if not self.obj(etype, where):
                continue
            self.text(etype, "code", where)
            self.text(etype, "name", where)
            codes.add(etype.get("code"))
            if "due" in etype:
                self.deadline(etype["due"], f"{where}.due")
            if "pilot_of" in etype:
                self.sourced(etype.get("pilot_unit"), f"{where}.pilot_unit", str)
                continue
            # "organiser": the organiser's own level, whatever kind it is (a blank plan).
            allowed = LEVELS if etype.get("per_unit") else (*LEVELS, "organiser")
            if etype.get("level") not in allowed:
                self.fail(f"{where}.level", f"phải là một trong {', '.join(allowed)}")
            if etype.get("form") not in forms:
                self.fail(f"{where}.form", "không có trong forms")
            for form in etype.get("allowed_forms", []):
                if form not in forms:
                    self.fail(f"{where}.allowed_forms", f"“{form}” không có trong forms")
            self.text(etype, "name_pattern", where)
            if "hosts" in etype:
                hosts = etype["hosts"]
                if not isinstance(hosts, dict) or hosts.get("applies_to") not in _HOSTS:
                    self.fail(f"{where}.hosts", "phải là {\"applies_to\": ...} chọn đơn vị tổ chức "
                                                "(units, selected, kinds, groups, group_heads, group_members)")
                else:
                    self.target(hosts, f"{where}.hosts", self.kinds)
            for key in ("session_minutes", "max_delegates", "exemplary_share"):
                self.sourced(etype.get(key), f"{where}.{key}")
            share = value(etype.get("exemplary_share"))
            if isinstance(share, (int, float)) and share > 1:
                self.fail(f"{where}.exemplary_share", "là tỷ lệ, không quá 1")
            for panel in ("presidium", "chair_panel"):
                if panel in etype and self.obj(etype[panel], f"{where}.{panel}"):
                    for key, entry in etype[panel].items():
                        self.sourced(entry, f"{where}.{panel}.{key}")
                    low, high = value(etype[panel].get("min")), value(etype[panel].get("max"))
                    if isinstance(low, int) and isinstance(high, int) and low > high:
                        self.fail(f"{where}.{panel}", "min lớn hơn max")
        return codes

    def agenda(self, agenda: Any, types: set[str] = frozenset()) -> None:
        if not self.obj(agenda, "agenda"):
            return
        items = agenda.get("items")
        if not isinstance(items, list) or not items:
            self.fail("agenda.items", "phải là danh sách không rỗng")
            return
        for i, item in enumerate(items):
            where = f"agenda.items[{i}]"
            if self.obj(item, where):
                self.text(item, "kind", where)
                self.text(item, "title", where)
                self.sourced(item.get("minutes"), f"{where}.minutes", int)
                if not isinstance(item.get("in_standard", True), bool):
                    self.fail(f"{where}.in_standard", "phải là true hoặc false")
                listed = item.get("event_types", [])
                if not isinstance(listed, list) or any(t not in types for t in listed):
                    self.fail(f"{where}.event_types", "phải là danh sách mã loại sự kiện có trong event_types")

    def target(self, item: dict, where: str, kinds: set) -> None:
        """The kinds or groups a target names must be lists of known codes / names."""
        if item.get("applies_to") == "kinds":
            wanted = item.get("kinds")
            if not isinstance(wanted, list) or not wanted:
                self.fail(f"{where}.kinds", "phải là danh sách mã loại đơn vị (không rỗng)")
            else:
                for code in wanted:
                    if code not in kinds:
                        self.fail(f"{where}.kinds", f"“{code}” không có trong unit_kinds")
        groups = item.get("groups")
        if groups is not None and (not isinstance(groups, list)
                                   or not all(isinstance(g, str) and g.strip() for g in groups)):
            self.fail(f"{where}.groups", "phải là danh sách tên cụm, khối")

    def milestones(self, milestones: Any, types: set[str], kinds: set | None = None) -> None:
        if not isinstance(milestones, list):
            self.fail("milestones", "phải là danh sách")
            return
        codes = [m.get("code") for m in milestones if isinstance(m, dict)]
        if len(codes) != len(set(codes)):
            self.fail("milestones", "có mã mốc trùng nhau")
        for i, item in enumerate(milestones):
            where = f"milestones[{i}]"
            if not self.obj(item, where):
                continue
            self.text(item, "code", where)
            self.text(item, "title", where)
            if item.get("applies_to", "office") not in APPLIES_TO:
                self.fail(f"{where}.applies_to", f"phải là một trong {', '.join(APPLIES_TO)}")
            self.target(item, where, kinds or set())
            units = item.get("units")
            if item.get("applies_to") == "selected" and (
                    not isinstance(units, list) or not units
                    or not all(isinstance(u, str) and u.strip() for u in units)):
                self.fail(f"{where}.units", "phải là danh sách tên đơn vị được chọn (không rỗng)")
            self.deadline(item.get("due"), f"{where}.due")
            due = item.get("due") or {}
            if due.get("kind") == "event" and due.get("event") not in types:
                self.fail(f"{where}.due.event", "không có trong event_types")
            if due.get("kind") == "after" and due.get("milestone") not in codes[:i]:
                self.fail(f"{where}.due.milestone", "phải là một mốc đứng trước")

    def dossiers(self, dossiers: Any, types: set[str], kinds: set | None = None) -> None:
        if not isinstance(dossiers, list):
            self.fail("dossiers", "phải là danh sách")
            return
        for i, dossier in enumerate(dossiers):
            where = f"dossiers[{i}]"
            if not self.obj(dossier, where):
                continue
            self.text(dossier, "code", where)
            self.text(dossier, "name", where)
            if dossier.get("event_type") not in types:
                self.fail(f"{where}.event_type", "không có trong event_types")
            if "applies_to" in dossier:
                if dossier["applies_to"] not in APPLIES_TO:
                    self.fail(f"{where}.applies_to", f"phải là một trong {', '.join(APPLIES_TO)}")
                self.target(dossier, where, kinds or set())
            items = dossier.get("items")
            if not isinstance(items, list) or not items:
                self.fail(f"{where}.items", "phải là danh sách không rỗng")
                continue
            for j, item in enumerate(items):
                iwhere = f"{where}.items[{j}]"
                if self.obj(item, iwhere):
                    self.text(item, "code", iwhere)
                    self.text(item, "name", iwhere)
                    self.deadline(item.get("due"), f"{iwhere}.due")
                    copies = item.get("copies", 1)
                    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
                        self.fail(f"{iwhere}.copies", "phải là số nguyên dương")
                    for flag in ("required", "per_delegate", "per_proposal"):
                        if not isinstance(item.get(flag, False), bool):
                            self.fail(f"{iwhere}.{flag}", "phải là true hoặc false")


def save_template(template_data: dict, path: Path | None = None) -> Path:
    """Validate and write a template of the officer's own; return its path."""
    parse_template(template_data)
    if path is None:
        folder = user_templates_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{template_data['id']}.json"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(template_data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
