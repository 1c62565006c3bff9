"""The typed plan model: every block validated on load, a sentence for every bad value.

A property test replaces one field of a shipped template with a random value
(of any JSON kind) and checks that loading either refuses it with a Vietnamese
sentence naming the field, or accepts it and the plan, its roster summary and
its rules then work: never a TypeError later.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua_desktop.errors import TemplateError, UserError
from thidua_desktop.services import repository
from thidua_desktop.services.plan_service import create_plan
from thidua_desktop.templates.loader import load_template, load_template_file, parse_template
from thidua_desktop.templates.model import StructureRules, rules_of_stored

BASE = load_template("hon-quan-2025").data
# The province template adds categories, seat rules, groups and group targets.
PROVINCE = load_template("tinh-dai-hoi-2026").data


def _leaves(node, path=()):
    """Every (path) to a value in the document, containers included."""
    out = [path] if path else []
    if isinstance(node, dict):
        for key, val in node.items():
            out += _leaves(val, (*path, key))
    elif isinstance(node, list):
        for i, val in enumerate(node):
            out += _leaves(val, (*path, i))
    return out


PATHS = [("hon-quan", p) for p in _leaves(BASE)] + [("tinh", p) for p in _leaves(PROVINCE)]


def _replaced(path, new, base=None):
    data = copy.deepcopy(BASE if base is None else base)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return data


def _write(tmp_path, data, name="mau-thu.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_womens_share_in_words_is_refused_naming_file_and_field(tmp_path):
    data = _replaced(("structure", "min_shares", "women", "value"), "ba mươi")
    with pytest.raises(TemplateError) as caught:
        load_template_file(_write(tmp_path, data))
    message = caught.value.message
    assert "mau-thu.json" in message
    assert "structure.min_shares.women" in message
    assert "phải là số từ 0 đến 1" in message and "ba mươi" in message


@pytest.mark.parametrize(("share", "ok"), [(0, True), (1, True), (1.0001, False), (-0.0001, False)])
def test_share_bounds_at_and_past_the_edges(share, ok):
    data = _replaced(("structure", "min_shares", "women", "value"), share)
    if ok:
        assert parse_template(data).rules.structure.min_shares["women"] == share
    else:
        with pytest.raises(TemplateError, match="structure.min_shares.women"):
            parse_template(data)


@pytest.mark.parametrize(("top", "ok"), [(0, True), (200, True), (201, False), (-1, False), (30.5, False)])
def test_age_band_bounds(top, ok):
    data = _replaced(("structure", "age_bands", 0, "max"), top)
    if ok:
        assert parse_template(data).rules.structure.age_bands[0].max == top
    else:
        with pytest.raises(TemplateError, match=r"structure.age_bands\[0\].max"):
            parse_template(data)


def test_an_unknown_criterion_and_min_above_max_are_named():
    data = _replaced(("structure", "max_shares"), {"women": {"value": 0.2, "source": "x"},
                                                   "height": {"value": 0.5, "source": "x"}})
    with pytest.raises(TemplateError) as caught:
        parse_template(data)
    assert "structure.max_shares.height" in caught.value.message
    assert "structure.min_shares.women: lớn hơn tỷ lệ tối đa" in caught.value.message


def test_the_rules_are_read_through_attributes():
    rules = load_template("hon-quan-2025").rules
    assert rules.structure.min_shares == {"women": 0.3, "direct_worker": 0.3}
    assert [b.label for b in rules.structure.age_bands][0] == "Dưới 30"
    assert rules.speeches.default_minutes == 7
    assert rules.pilot_units["pilot"] == ("commune", "Tân Lợi")
    assert rules.kind("xa").name == "Xã"
    assert rules.form_kinds["congress"] == "congress"
    assert rules.forms["conf_commend"].leadership == "chair_panel" and not rules.forms["conf_commend"].flag_salute
    assert rules.forms["congress"].flag_salute
    assert (rules.organiser.kind, rules.organiser.name) == ("huyen", "Hớn Quản")
    assert [c.code for c in rules.categories] == ["exemplary", "leader", "guest"]


def test_stored_rules_from_an_older_file_never_crash():
    # A file made before the model checked `structure` may hold a share in words.
    bad = _replaced(("structure", "min_shares", "women", "value"), "ba mươi")
    rules = rules_of_stored(json.dumps(bad, ensure_ascii=False))
    assert "women" not in rules.structure.min_shares
    assert rules.structure.min_shares["direct_worker"] == 0.3
    assert rules_of_stored("không phải JSON").structure == StructureRules()
    assert rules_of_stored(None).exemplary_kinds == {}


def test_nothing_is_created_from_a_bad_template(tmp_path):
    from thidua_desktop.cli import main

    bad = _write(tmp_path, _replaced(("structure", "min_shares", "women", "value"), "ba mươi"))
    db = tmp_path / "moi.sqlite"
    code = main(["init", "--db", str(db), "--template", str(bad), "--organiser", "Hớn Quản"])
    assert code == 2
    assert not db.exists()


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(PATHS), new=_ANY)
def test_any_value_in_any_field_gives_a_sentence_or_a_working_plan(where, new, memory_db):
    base, path = where
    data = _replaced(path, new, PROVINCE if base == "tinh" else BASE)
    try:
        template = parse_template(data)
    except TemplateError as exc:
        assert exc.message.startswith("Tệp mẫu")
        return
    # Accepted: the plan is built (or refused with a sentence) and its rules read cleanly.
    with memory_db.atomic():
        memory_db.execute("SAVEPOINT probe")
        try:
            plan_id = create_plan(memory_db, template, "Hớn Quản", year=2027)
        except UserError:
            memory_db.execute("ROLLBACK TO probe")
            memory_db.execute("RELEASE probe")
            return
        rules = repository.plan_rules(memory_db, plan_id)
        assert isinstance(rules.structure, StructureRules)
        import datetime as dt

        from thidua_desktop.services import timeline_service

        repository.plan(memory_db, plan_id)
        timeline_service.timeline(memory_db, plan_id, as_of=dt.date(2027, 1, 1))
        from thidua_desktop.services.roster_stats import summarize
        from thidua_desktop.services.rules.roster_rules import check_event

        for event in repository.events(memory_db, plan_id):
            summarize(memory_db, event.id)
            check_event(memory_db, event.id)
        memory_db.execute("ROLLBACK TO probe")
        memory_db.execute("RELEASE probe")


def test_check_and_the_summary_survive_a_share_in_words_stored_by_an_older_file(memory_db):
    from thidua_desktop.services.roster_stats import summarize
    from thidua_desktop.services.rules.roster_rules import check_event

    plan_id = create_plan(memory_db, load_template("hon-quan-2025"), "Hớn Quản")
    bad = _replaced(("structure", "min_shares", "women", "value"), "ba mươi")
    memory_db.execute("UPDATE plans SET rules = ? WHERE id = ?", [json.dumps(bad, ensure_ascii=False), plan_id])
    event = repository.events(memory_db, plan_id)[0]
    stats = summarize(memory_db, event.id)
    assert [s.key for s in stats.structure if s.minimum is not None] == ["direct_worker"]
    check_event(memory_db, event.id)


def _shapes(base, name):
    """One path per field shape (list indices folded), so every field is tried once."""
    seen, out = set(), []
    for path in _leaves(base):
        key = tuple("*" if isinstance(p, int) else p for p in path)
        if key not in seen:
            seen.add(key)
            out.append((name, path))
    return out


SHAPES = _shapes(BASE, "hon-quan") + _shapes(PROVINCE, "tinh")
BAD_VALUES = ["ba mươi", -1, 10**15, None, [], "2025-02-30"]


def _try(data, db):
    """Load, build, read back: a TemplateError/UserError is fine, anything else is a bug."""
    import datetime as dt

    from thidua_desktop.services import timeline_service
    from thidua_desktop.services.roster_stats import summarize

    try:
        template = parse_template(data)
    except TemplateError:
        return
    db.execute("SAVEPOINT probe")
    try:
        plan_id = create_plan(db, template, "Hớn Quản", year=2027)
        repository.plan(db, plan_id)
        repository.plan_rules(db, plan_id)
        timeline_service.timeline(db, plan_id, as_of=dt.date(2027, 1, 1))
        for event in repository.events(db, plan_id):
            summarize(db, event.id)
    except UserError:
        pass
    finally:
        db.execute("ROLLBACK TO probe")
        db.execute("RELEASE probe")


@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_every_field_with_a_bad_value_never_crashes(bad, memory_db):
    failures = []
    for base_name, path in SHAPES:
        base = PROVINCE if base_name == "tinh" else BASE
        try:
            _try(_replaced(path, bad, base), memory_db)
        except Exception as exc:  # noqa: BLE001 - collected to name every failing field at once
            failures.append(f"{base_name}:{'.'.join(map(str, path))} -> {type(exc).__name__}: {exc}")
    assert failures == []


@pytest.mark.parametrize(("offset", "ok"), [(3660, True), (-3660, True), (3661, False), (-3661, False)])
def test_offset_days_bounds(offset, ok):
    data = _replaced(("milestones", 2, "due", "offset_days"), offset)
    if ok:
        parse_template(data)
    else:
        with pytest.raises(TemplateError, match=r"milestones\[2\].due"):
            parse_template(data)


@pytest.mark.parametrize("issued", ["ngày 25/11", "2024-02-30", "1899-12-31", 2024])
def test_a_bad_issue_date_is_named(issued):
    with pytest.raises(TemplateError, match="plan.issued_on: phải là ngày dạng YYYY-MM-DD"):
        parse_template(_replaced(("plan", "issued_on", "value"), issued))
