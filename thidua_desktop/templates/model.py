"""The plan's rules as one typed model: declared once, validated on load, read through attributes.

`read_rules(data, where)` turns a template document (or the copy a plan keeps
in `plans.rules`) into frozen dataclasses. Every block is checked here or in
the loader's validator; a value of the wrong kind gets a Vietnamese sentence
naming the file, the field and what is expected (`RulesError`), never a
TypeError later in a view, a writer or a rule. Code outside this module reads
`rules.structure.min_shares["women"]`, not `rules["structure"]["min_shares"]`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from thidua_desktop.errors import TemplateError
from thidua_desktop.templates.model_blocks import (  # noqa: F401 - part of the model
    AgendaItemRule,
    DossierRule,
    read_agenda,
    read_dossiers,
    read_script_wording,
)
from thidua_desktop.templates.model_categories import (  # noqa: F401 - part of the model
    CATEGORY_BASES,
    DEFAULT_CATEGORIES,
    SEAT_RULES,
    Category,
    SeatRule,
    read_categories,
    read_seat_rule,
)
from thidua_desktop.templates.model_reader import Reader, flag

# Levels a unit kind may sit at; "village" is below a commune (thôn, ấp, bản,
# tổ dân phố), "group" is a group of units (cụm, khối thi đua).
LEVELS = ("province", "district", "commune", "village", "agency", "group")
STRUCTURE_CRITERIA = ("women", "ethnic_minority", "direct_worker", "religion", "party_member")
STRUCTURE_WATCH = STRUCTURE_CRITERIA + ("sector", "field", "age", "region")
SHARE_BASES = ("exemplary", "all")
# Whom a milestone applies to (see services/unit_groups.py for each).
APPLIES_TO = ("office", "units", "pilot", "selected", "kinds", "groups", "group_heads", "group_members")


class RulesError(TemplateError):
    """A template or a plan's stored rules do not fit the model."""


@dataclass(frozen=True)
class UnitKind:
    """A kind of unit (Xã, Thôn, Cụm thi đua...): data, at any level."""

    code: str
    name: str
    level: str

    @property
    def is_group(self) -> bool:
        """A cluster or bloc: a unit whose members are other units."""
        return self.level == "group"


@dataclass(frozen=True)
class AgeBand:
    """Ages up to `max` (inclusive) fall in this band."""

    label: str
    max: int


@dataclass(frozen=True)
class StructureRules:
    """What the roster's make-up is watched for, and the shares it must keep."""

    watch: tuple[str, ...] = ()
    majority_ethnicity: str = "Kinh"
    sectors: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    age_bands: tuple[AgeBand, ...] = ()
    min_shares: dict[str, float] = field(default_factory=dict)
    max_shares: dict[str, float] = field(default_factory=dict)
    share_base: str = "exemplary"
    required_fields: tuple[str, ...] = ()
    district_exemplar_min_provincial_awards: int = 0


@dataclass(frozen=True)
class SpeechRules:
    """Speech and video limits, and the vetting deadline's JSON shape."""

    default_minutes: int = 7
    video_overview_minutes: int | None = None
    video_exemplar_max_minutes: int | None = None
    vetting_deadline: dict | None = None


@dataclass(frozen=True)
class FormRule:
    """An event form: a congress or a conference, and who leads it."""

    code: str
    name: str
    kind: str  # congress | conference
    flag_salute: bool
    leadership: str  # presidium | chair_panel | none


@dataclass(frozen=True)
class Organiser:
    """The template's organiser: its kind, an example name, the level above."""

    kind: str
    name: str
    upper: str = ""


@dataclass(frozen=True)
class PlanRules:
    """The typed rules of a plan (the blocks other modules read)."""

    id: str
    name: str
    unit_kinds: tuple[UnitKind, ...]
    structure: StructureRules
    speeches: SpeechRules
    exemplary_kinds: dict[str, str]
    event_type_names: dict[str, str]
    pilot_units: dict[str, tuple[str, str]]  # pilot type -> (type it pilots, unit name)
    form_kinds: dict[str, str] = field(default_factory=dict)  # form code -> congress | conference
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES  # in protocol order
    seat_rules: dict[str, SeatRule] = field(default_factory=dict)  # event type -> its seat rule
    forms: dict[str, FormRule] = field(default_factory=dict)
    organiser: Organiser = Organiser("", "")
    plan_year: int | None = None
    agenda: tuple[AgendaItemRule, ...] = ()  # the standard agenda, in its required order
    script_wording: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> field -> text
    dossiers: tuple[DossierRule, ...] = ()
    year_review: tuple[str, ...] = ()  # dates moved to the plan year for the officer to check
    # The awards' own forms block, kept whole: services/awards_forms.read_award_forms types it.
    award_forms: dict | None = None

    def kind(self, code: str) -> UnitKind | None:
        """The unit kind with this code, or None."""
        return next((k for k in self.unit_kinds if k.code == code), None)


def read_structure(block: Any, r: Reader, where: str = "structure") -> StructureRules:
    """The `structure` block, every field typed and bounded."""
    data = r.obj(block, where)
    bands = []
    raw_bands = data.get("age_bands")
    if raw_bands is not None and not isinstance(raw_bands, list):
        r.fail(f"{where}.age_bands", "phải là một danh sách khoảng tuổi")
        raw_bands = []
    for i, band in enumerate(raw_bands or []):
        bwhere = f"{where}.age_bands[{i}]"
        band = r.obj(band, bwhere)
        top = r.number(band.get("max"), f"{bwhere}.max", 0, 200, integer=True)
        if band and top is not None:
            bands.append(AgeBand(r.text(band.get("label"), f"{bwhere}.label"), top))
    shares = {}
    for key in ("min_shares", "max_shares"):
        found = {}
        for crit, entry in r.obj(data.get(key), f"{where}.{key}").items():
            if crit not in STRUCTURE_CRITERIA:
                r.fail(f"{where}.{key}.{crit}", f"không phải một tiêu chí: {', '.join(STRUCTURE_CRITERIA)}")
                continue
            share = r.number(entry, f"{where}.{key}.{crit}", 0, 1)
            if share is not None:
                found[crit] = float(share)
        shares[key] = found
    for crit in set(shares["min_shares"]) & set(shares["max_shares"]):
        if shares["min_shares"][crit] > shares["max_shares"][crit]:
            r.fail(f"{where}.min_shares.{crit}", "lớn hơn tỷ lệ tối đa của cùng tiêu chí")
    base = r.text(data.get("share_base"), f"{where}.share_base", "exemplary")
    if base not in SHARE_BASES:
        r.fail(f"{where}.share_base", f"phải là một trong: {', '.join(SHARE_BASES)}")
        base = "exemplary"
    return StructureRules(
        watch=r.texts(data.get("watch"), f"{where}.watch", STRUCTURE_WATCH),
        majority_ethnicity=r.text(data.get("majority_ethnicity"), f"{where}.majority_ethnicity", "Kinh"),
        sectors=r.texts(data.get("sectors"), f"{where}.sectors"),
        fields=r.texts(data.get("fields"), f"{where}.fields"),
        age_bands=tuple(bands),
        min_shares=shares["min_shares"], max_shares=shares["max_shares"], share_base=base,
        required_fields=r.texts(data.get("required_fields"), f"{where}.required_fields"),
        district_exemplar_min_provincial_awards=r.number(
            data.get("district_exemplar_min_provincial_awards"),
            f"{where}.district_exemplar_min_provincial_awards", 0, 100, integer=True, default=0),
    )


def read_speeches(block: Any, r: Reader) -> SpeechRules:
    """The `speeches` block (the vetting deadline's shape is checked by the loader)."""
    data = r.obj(block, "speeches")
    vetting = data.get("vetting_deadline")
    return SpeechRules(
        default_minutes=r.number(data.get("default_minutes"), "speeches.default_minutes", 1, 240,
                                 integer=True, default=7),
        video_overview_minutes=r.number(data.get("video_overview_minutes"),
                                        "speeches.video_overview_minutes", 0, 240, integer=True),
        video_exemplar_max_minutes=r.number(data.get("video_exemplar_max_minutes"),
                                            "speeches.video_exemplar_max_minutes", 0, 240, integer=True),
        vetting_deadline=vetting if isinstance(vetting, dict) else None,
    )


def read_rules(data: Any, problems: list[str] | None = None) -> PlanRules:
    """The typed model of a template document; problems go to `problems` when given.

    Without `problems`, any problem raises RulesError (a whole sentence).
    """
    own = problems is None
    problems = [] if own else problems
    r = Reader(problems)
    data = r.obj(data, "mẫu")
    kinds = []
    for i, kind in enumerate(data.get("unit_kinds") or [] if isinstance(data.get("unit_kinds"), list) else []):
        if isinstance(kind, dict) and isinstance(kind.get("code"), str):
            level = kind.get("level")
            kinds.append(UnitKind(kind["code"], r.text(kind.get("name"), f"unit_kinds[{i}].name"),
                                  level if level in LEVELS else "agency"))
    exemplary = {}
    ek = data.get("exemplary_kinds")
    if ek is not None and not isinstance(ek, list):
        r.fail("exemplary_kinds", "phải là một danh sách")
    for i, item in enumerate(ek if isinstance(ek, list) else []):
        item = r.obj(item, f"exemplary_kinds[{i}]")
        code = r.text(item.get("code"), f"exemplary_kinds[{i}].code")
        if code:
            exemplary[code] = r.text(item.get("name"), f"exemplary_kinds[{i}].name", code)
    names, pilots, seats = {}, {}, {}
    for i, etype in enumerate(data.get("event_types") or [] if isinstance(data.get("event_types"), list) else []):
        if isinstance(etype, dict) and isinstance(etype.get("code"), str):
            seats[etype["code"]] = read_seat_rule(etype.get("seats"), r, f"event_types[{i}].seats")
            names[etype["code"]] = etype.get("name") if isinstance(etype.get("name"), str) else etype["code"]
            if isinstance(etype.get("pilot_of"), str):
                pilot_unit = r.unwrap(etype.get("pilot_unit"))
                pilots[etype["code"]] = (etype["pilot_of"], pilot_unit if isinstance(pilot_unit, str) else "")
    forms = data.get("forms") if isinstance(data.get("forms"), list) else []
    typed_forms = {
        f["code"]: FormRule(f["code"], r.text(f.get("name"), "forms.name"), r.text(f.get("kind"), "forms.kind"),
                            flag(r, f.get("flag_salute"), f"forms[{i}].flag_salute", f.get("kind") == "congress"),
                            r.text(f.get("leadership"), "forms.leadership", "none"))
        for i, f in enumerate(forms) if isinstance(f, dict) and isinstance(f.get("code"), str)}
    form_kinds = {code: f.kind for code, f in typed_forms.items()}
    org = r.obj(data.get("organiser"), "organiser")
    organiser = Organiser(r.text(org.get("kind"), "organiser.kind"), r.text(org.get("name"), "organiser.name"),
                          r.text(org.get("upper"), "organiser.upper"))
    plan = r.obj(data.get("plan"), "plan")
    year = r.number(plan.get("year"), "plan.year", 1900, 2200, integer=True)
    rules = PlanRules(
        id=data.get("id") if isinstance(data.get("id"), str) else "",
        name=data.get("name") if isinstance(data.get("name"), str) else "",
        unit_kinds=tuple(kinds),
        structure=read_structure(data.get("structure"), r),
        speeches=read_speeches(data.get("speeches"), r),
        exemplary_kinds=exemplary, event_type_names=names, pilot_units=pilots, plan_year=year,
        form_kinds=form_kinds, categories=read_categories(data.get("categories"), r),
        seat_rules=seats, forms=typed_forms, organiser=organiser,
        agenda=read_agenda(data.get("agenda"), r), script_wording=read_script_wording(data.get("script_wording"), r),
        dossiers=read_dossiers(data.get("dossiers"), r),
        year_review=r.texts(data.get("year_review"), "year_review"),
        award_forms=data.get("award_forms") if isinstance(data.get("award_forms"), dict) else None,
    )
    if own and problems:
        raise RulesError("Quy tắc của kế hoạch không hợp lệ: " + "; ".join(problems[:8]) + ".")
    return rules


def rules_of_stored(text: str | None) -> PlanRules:
    """The typed rules a plan keeps in `plans.rules`, leniently: a value the model
    refuses falls back to its default (a file written before the model existed
    must still open); the refusal is the template loader's job."""
    try:
        data = json.loads(text or "{}")
    except (TypeError, ValueError):
        data = {}
    return read_rules(data if isinstance(data, dict) else {}, problems=[])
