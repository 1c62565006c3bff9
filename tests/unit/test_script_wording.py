"""The MC's wording as data: validation, layering, per-event edits, and what the exports say.

Scripts and programmes are written for real (PDF and Word) and read back.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import sqlite3

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from thidua_desktop.domain import script_wording as sw
from thidua_desktop.errors import TemplateError, ValidationError
from thidua_desktop.export.program_content import program_document
from thidua_desktop.export.program_docx import write_program_docx
from thidua_desktop.export.program_pdf import write_program_pdf
from thidua_desktop.export.script_content import BLANK, script_document
from thidua_desktop.export.script_docx import write_script_docx
from thidua_desktop.export.script_pdf import write_script_pdf
from thidua_desktop.services import agenda_roles, agenda_wording, repository
from thidua_desktop.services import agenda_service as svc
from thidua_desktop.templates.loader import load_template, parse_template


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path) -> str:
    return _flat(" ".join(p.extract_text() for p in PdfReader(str(path)).pages))


def _docx_text(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return _flat(" ".join([p.text for p in doc.paragraphs] + cells))


@pytest.fixture
def district(demo_db):
    return repository.event_by_code(demo_db, "dh-hon-quan")


def _script_text(doc) -> str:
    return _flat(" ".join(line.text for b in doc.blocks for line in b.lines))


# --- the model -------------------------------------------------------------------

def test_shipped_defaults_cover_every_sentence_and_are_valid():
    data = json.loads((sw.resources_dir() / "script_wording.json").read_text(encoding="utf-8"))
    assert sw.problems(data) == []
    assert {k: set(v) for k, v in data.items()} == {k: set(v) for k, v in sw.SPEC.items()}
    assert sw.defaults() == data


@pytest.mark.parametrize("text, fragment", [
    ("Kính mời {ai} lên", "{ai}"),
    ("Kính mời {presenter lên", "ngoặc nhọn"),
    ("Kính mời {presenter!r}", "{presenter}"),
    ("   ", "không được để trống"),
    (42, "chuỗi văn bản"),
    ("Mời {presenter}\x08", "ký tự điều khiển"),
])
def test_a_bad_text_says_what_is_expected(text, fragment):
    problem = sw.check_text("launch", "invite", text)
    assert problem and fragment in problem


def test_a_placeholder_of_another_sentence_is_refused_here():
    assert sw.check_text("honours", "call", "Trao {award}: {awardees}") is None
    problem = sw.check_text("launch", "invite", "Trao {award}")
    assert "{award}" in problem and "{presenter}" in problem  # says which ones it may use


def test_text_length_limit_at_the_edge():
    base = "Mời {presenter} "
    assert sw.check_text("launch", "invite", base + "a" * (sw.MAX_TEXT - len(base))) is None
    assert "dài quá" in sw.check_text("launch", "invite", base + "a" * (sw.MAX_TEXT - len(base) + 1))


def test_fill_joins_lists_and_tidies_empty_values():
    assert sw.fill("Mời {awardees} lên.", {"awardees": ["ông A", "bà B"]}) == "Mời ông A; bà B lên."
    assert sw.fill("công bố quyết định: {awards}.", {"awards": ""}) == "công bố quyết định."
    assert sw.fill("danh sách {upper_count} đại biểu", {}) == "danh sách đại biểu"


def test_resolve_layers_template_then_event_and_skips_bad_entries():
    template = {"launch": {"invite": "Mẫu {presenter}."}, "closing": {"invite": "Sai {nope}."}}
    event = {"launch": {"invite": "Sự kiện {presenter}."}}
    out = sw.resolve(template)
    assert out["launch"]["invite"] == "Mẫu {presenter}."
    assert out["closing"]["invite"] == sw.defaults()["closing"]["invite"]
    assert sw.resolve(template, event)["launch"]["invite"] == "Sự kiện {presenter}."


# --- templates ---------------------------------------------------------------------

@pytest.mark.parametrize("block, fragment", [
    ({"honours": {"call": "Trao {giai}"}}, "script_wording.honours.call"),
    ({"honours": {"call": "Trao {giai}"}}, "{award}"),
    ({"dance": {"x": "y"}}, "script_wording.dance: loại mục không có"),
    ({"honours": {"chant": "y"}}, "script_wording.honours.chant: câu không có"),
    ({"honours": "y"}, "script_wording.honours"),
    ([1], "script_wording: phải là một đối tượng"),
])
def test_a_template_with_bad_wording_is_refused_naming_file_and_field(tmp_path, block, fragment):
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["script_wording"] = block
    path = tmp_path / "mau-sai.json"
    with pytest.raises(TemplateError) as info:
        parse_template(data, path)
    assert "“mau-sai.json”" in info.value.message and fragment in info.value.message


def test_agenda_item_flags_are_validated():
    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["agenda"]["items"][0]["event_types"] = ["no-such-type"]
    data["agenda"]["items"][1]["in_standard"] = "có"
    with pytest.raises(TemplateError) as info:
        parse_template(data)
    assert "agenda.items[0].event_types" in info.value.message
    assert "agenda.items[1].in_standard" in info.value.message


def test_template_wording_block_reaches_the_script(memory_db):
    from thidua_desktop.services.plan_service import create_plan

    data = copy.deepcopy(load_template("hon-quan-2025").data)
    data["script_wording"] = {"closing": {"farewell": "Xin chào tạm biệt {unit}!"}}
    create_plan(memory_db, parse_template(data), "Hớn Quản")
    event = repository.event_by_code(memory_db, "dh-hon-quan")
    text = _script_text(script_document(memory_db, event.id))
    assert "Xin chào tạm biệt huyện Hớn Quản!" in text
    assert "xin được bế mạc" not in text


def test_covenant_is_standard_only_for_the_event_types_it_names(memory_db):
    from thidua_desktop.services.plan_service import create_plan

    create_plan(memory_db, load_template("thai-nguyen-2025"), "Thái Nguyên")
    kinds = {(e.type_code, r[0]) for e in repository.events(memory_db) for r in memory_db.execute(
        "SELECT kind FROM agenda_items WHERE event_id = ?", [e.id])}
    types = {t for t, _ in kinds}
    assert {t for t, k in kinds if k == "covenant"} == {"province"} and len(types) > 1
    assert {t for t, k in kinds if k == "award_decision"} == types


# --- per event ---------------------------------------------------------------------

def test_event_edit_is_stored_for_that_event_only_and_validated(demo_db, district):
    other = repository.event_by_code(demo_db, "hn-tan-loi")
    rules_before = repository.plan_rules(demo_db, district.plan_id)
    assert agenda_wording.set_wording(demo_db, district.id, "launch", "invite",
                                      "  Xin mời {presenter} phát động thi đua {unit}.  ") is None
    assert agenda_wording.event_wording(demo_db, district.id)["launch"]["invite"] == \
        "Xin mời {presenter} phát động thi đua {unit}."
    assert agenda_wording.event_wording(demo_db, other.id)["launch"]["invite"] == sw.defaults()["launch"]["invite"]
    assert repository.plan_rules(demo_db, district.plan_id) == rules_before  # the template is untouched
    with pytest.raises(ValidationError) as info:
        agenda_wording.set_wording(demo_db, district.id, "launch", "invite", "Mời {ai}")
    assert info.value.message.startswith("Lời dẫn “Phát động thi đua – Mời phát động thi đua”")
    assert "{ai}" in info.value.message
    row = next(r for r in agenda_wording.wording_rows(demo_db, district.id, ["launch"]))
    assert row.edited and row.text.startswith("Xin mời")
    old = agenda_wording.set_wording(demo_db, district.id, "launch", "invite", "")
    assert old.startswith("Xin mời")
    assert not agenda_wording.event_edits(demo_db, district.id)


@pytest.mark.parametrize("writer, reader", [(write_script_pdf, _pdf_text), (write_script_docx, _docx_text)])
def test_exported_script_shows_edited_wording_filled(demo_db, district, tmp_path, writer, reader):
    agenda_wording.set_wording(demo_db, district.id, "launch", "invite",
                               "Thay lời dẫn: kính mời {presenter} phát động thi đua giai đoạn {direction_period}.")
    launch = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "launch")
    text = reader(writer(demo_db, district.id, tmp_path / ("kb.pdf" if "pdf" in writer.__name__ else "kb.docx")))
    expected = f"Thay lời dẫn: kính mời {launch.presenter_label[:1].lower()}{launch.presenter_label[1:]}"
    assert _flat(expected) in text
    assert "giai đoạn 2025 – 2030." in text
    assert "Kính thưa quý vị đại biểu! Thực hiện Kế hoạch số 215/KH-UBND ngày 25/11/2024 của UBND huyện Hớn Quản" in text
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("writer, reader, ext", [
    (write_script_pdf, _pdf_text, "pdf"), (write_script_docx, _docx_text, "docx")])
def test_decision_is_announced_before_the_awards(demo_db, district, tmp_path, writer, reader, ext):
    text = reader(writer(demo_db, district.id, tmp_path / f"a.{ext}"))
    announce = text.find("công bố quyết định khen thưởng")
    first_call = text.find("lên nhận khen thưởng")
    assert 0 <= announce < first_call
    # Without an item of its own, the awards item announces the decision itself, first.
    item = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "award_decision")
    svc.delete_item(demo_db, item.id)
    text = reader(writer(demo_db, district.id, tmp_path / f"b.{ext}"))
    announce = text.find("công bố quyết định khen thưởng")
    assert 0 <= announce < text.find("lên nhận khen thưởng")
    assert text.find("Biểu dương, tôn vinh") < announce


def test_programme_announces_the_decision_when_no_item_does(demo_db, district, tmp_path):
    rows = program_document(demo_db, district.id).rows
    honours = next(r for r in rows if r.kind == "honours")
    assert "award_decision" in [r.kind for r in rows] and "- Công bố quyết định khen thưởng" not in honours.details
    item = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "award_decision")
    svc.delete_item(demo_db, item.id)
    honours = next(r for r in program_document(demo_db, district.id).rows if r.kind == "honours")
    assert honours.details[0] == "- Công bố quyết định khen thưởng"
    text = _pdf_text(write_program_pdf(demo_db, district.id, tmp_path / "ct.pdf"))
    assert text.find("Công bố quyết định khen thưởng") < text.find("Phát động phong trào")


def test_higher_level_leader_gives_the_directing_speech(demo_db, district, tmp_path):
    delegate_id, label = agenda_roles.directing_speaker(demo_db, district.id)
    assert "Sở Nội vụ tỉnh Bình Phước" in label  # the province's guest, not a district leader
    item = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "guidance")
    svc.update_item(demo_db, item.id, presenter_delegate_id=None, presenter_text="")
    doc = script_document(demo_db, district.id)
    block = next(b for b in doc.blocks if b.title == item.title)
    assert any(label[:1].lower() + label[1:] in line.text for line in block.lines)
    assert label in block.presenter
    row = next(r for r in program_document(demo_db, district.id).rows if r.kind == "guidance")
    assert row.presenter == label
    assert _flat(label) in _docx_text(write_program_docx(demo_db, district.id, tmp_path / "ct.docx"))
    # Nobody of a higher level at a commune conference: nobody is invented.
    commune = repository.event_by_code(demo_db, "hn-an-khuong")
    assert agenda_roles.directing_speaker(demo_db, commune.id) == (None, "")
    # A district leader nominated by the district at a commune conference is of the level above.
    org = repository.organiser(demo_db)
    demo_db.execute("UPDATE delegates SET category = 'guest', unit_id = ? WHERE id = ?",
                    [org.id, _some_exemplar(demo_db, commune.id)])
    assert agenda_roles.directing_speaker(demo_db, commune.id)[0] is not None
    del delegate_id


def _some_exemplar(db, event_id) -> int:
    return db.execute("SELECT id FROM delegates WHERE event_id = ? AND category = 'exemplary' ORDER BY id",
                      [event_id]).fetchone()[0]


def test_collectives_are_named_in_award_calls(demo_db, district, tmp_path):
    did = demo_db.execute("SELECT id FROM delegates WHERE event_id = ? AND award_at_event != '' ORDER BY id",
                          [district.id]).fetchone()[0]
    demo_db.execute("UPDATE delegates SET collective = 'Hội Nông dân xã Tân Lợi' WHERE id = ?", [did])
    text = _pdf_text(write_script_pdf(demo_db, district.id, tmp_path / "kb.pdf"))
    match = re.search(r"- tập thể Hội Nông dân xã Tân Lợi \((.+?) đại diện nhận\);", text)
    assert match and match.group(1).startswith(("đồng chí", "ông", "bà"))
    # Collectives are called first, right after the call.
    assert re.search(r"lên nhận khen thưởng: - tập thể Hội Nông dân", text)


def test_covenant_lists_its_signing_units(demo_db, district, tmp_path):
    item_id = svc.insert_item(demo_db, district.id, None, "covenant")
    units = [u.id for u in repository.units(demo_db) if not u.is_organiser][:3]
    assert agenda_wording.set_signing_units(demo_db, item_id, units) == []
    names = [n for _, n in agenda_wording.signing_units(demo_db, item_id)]
    assert len(names) == 3
    text = _docx_text(write_script_docx(demo_db, district.id, tmp_path / "kb.docx"))
    assert "ký kết giao ước thi đua" in text and all(f"- {n};" in text for n in names)
    row = next(r for r in program_document(demo_db, district.id).rows if r.kind == "covenant")
    assert row.details[0] == "- Đơn vị ký kết: " + "; ".join(names)
    with pytest.raises(ValidationError):
        agenda_wording.set_signing_units(demo_db, item_id, [10_000])
    assert [n for _, n in agenda_wording.signing_units(demo_db, item_id)] == names


def test_a_video_attached_to_an_item_plays_there(demo_db, district):
    items = svc.agenda(demo_db, district.id).items
    video = demo_db.execute("SELECT id, title FROM speeches WHERE event_id = ? AND kind = 'video'",
                            [district.id]).fetchone()
    closing = next(i for i in items if i.kind == "closing")
    assert agenda_wording.attach(demo_db, video[0], closing.id) is None
    block = next(b for b in script_document(demo_db, district.id).blocks if b.title == closing.title)
    assert any(video[1].split(":", 1)[-1].strip() in line.text for line in block.lines)
    other = repository.event_by_code(demo_db, "hn-tan-loi")
    foreign = next(i for i in svc.agenda(demo_db, other.id).items)
    with pytest.raises(ValidationError):
        agenda_wording.attach(demo_db, video[0], foreign.id)


def test_presidium_count_matches_its_list(demo_db):
    for code in ("dh-hon-quan", "hn-an-khuong", "hn-tan-loi"):
        event = repository.event_by_code(demo_db, code)
        block = script_document(demo_db, event.id).blocks
        lines = [line for b in block for line in b.lines]
        at = next(i for i, line in enumerate(lines) if "đồng chí:" in line.text and "gồm" in line.text)
        count = int(re.search(r"gồm (\d+) đồng chí", lines[at].text).group(1))
        listed = 0
        for line in lines[at + 1:]:
            if line.style != "name":
                break
            listed += 1
        assert count == listed > 0
        named = [line.text for line in lines[at + 1:at + 1 + listed]]
        assert all(t.startswith("đồng chí ") for t in named), named  # "gồm N đồng chí" lists N đồng chí


def test_demo_speech_titles_are_distinct(demo_db):
    for event in repository.events(demo_db):
        titles = [r[0] for r in demo_db.execute(
            "SELECT title FROM speeches WHERE event_id = ? AND kind = 'speech'", [event.id])]
        assert len(titles) == len(set(titles))


# --- the migration -----------------------------------------------------------------

def test_migration_0010_on_a_first_release_file(tmp_path):
    from thidua_desktop.store.database import open_database

    source = __import__("pathlib").Path(__file__).parents[1] / "data/previous_release/demo_release1.sqlite"
    copy_path = tmp_path / "release1.sqlite"
    shutil.copyfile(source, copy_path)
    with sqlite3.connect(copy_path) as raw:
        before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("events", "agenda_items", "speeches", "delegates", "plans")}
        speeches_before = raw.execute("SELECT id, title, kind FROM speeches ORDER BY id").fetchall()
    db = open_database(copy_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 10
        for table, count in before.items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        assert [tuple(r) for r in db.execute("SELECT id, title, kind FROM speeches ORDER BY id")] == speeches_before
        assert db.execute("SELECT count(*) FROM speeches WHERE agenda_item_id IS NOT NULL").fetchone()[0] == 0
        event = repository.event_by_code(db, "dh-hon-quan")
        # An old plan (rules without a wording block) takes the shipped wording, and can be edited.
        assert repository.plan_rules(db, event.plan_id).script_wording == {}
        agenda_wording.set_wording(db, event.id, "closing", "farewell", "Hẹn gặp lại {unit}!")
        text = _pdf_text(write_script_pdf(db, event.id, tmp_path / "kb.pdf"))
        assert "Hẹn gặp lại huyện Hớn Quản!" in text
    finally:
        db.close()


# --- whatever the officer types, the exports are written ---------------------------

_KIND_FIELDS = [(k, f) for k, fields in sw.SPEC.items() for f in fields]
_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["{presenter}", "{awardees}", "{award}", "{", "}", "{{", "}}", "{event}", "{x}", ":", "."]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(_KIND_FIELDS), st.lists(_pieces, max_size=6).map("".join)),
                      max_size=6))
def test_random_wording_never_crashes_the_exports(demo_master, tmp_path_factory, edits):
    from thidua_desktop.store.database import open_database

    folder = tmp_path_factory.mktemp("rand")
    path = folder / "demo.sqlite"
    shutil.copyfile(demo_master, path)
    db = open_database(path)
    try:
        event = repository.event_by_code(db, "hn-tan-loi")
        for (kind, fld), text in edits:
            try:
                agenda_wording.set_wording(db, event.id, kind, fld, text)
            except ValidationError as exc:
                assert exc.message.startswith("Lời dẫn “")
        doc = script_document(db, event.id)
        assert doc.blocks
        write_script_pdf(db, event.id, folder / "kb.pdf")
        write_script_docx(db, event.id, folder / "kb.docx")
        write_program_pdf(db, event.id, folder / "ct.pdf")
        assert PdfReader(str(folder / "kb.pdf")).pages
    finally:
        db.close()


def test_blank_presenter_is_left_for_the_officer(demo_db, district):
    item = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "launch")
    svc.update_item(demo_db, item.id, presenter_delegate_id=None, presenter_text="")
    block = next(b for b in script_document(demo_db, district.id).blocks if b.title == item.title)
    assert any(BLANK in line.text for line in block.lines)


def test_every_sentence_gets_a_value_for_every_placeholder_it_may_use(demo_db, district, caplog):
    """An agenda with every kind, every sentence using all its placeholders: none left without a value."""
    for kind in ("covenant", "video", "opening_declare", "children_greeting", svc.FREE):
        item_id = svc.insert_item(demo_db, district.id, None, svc.FREE, title=f"Mục {kind}")
        demo_db.execute("UPDATE agenda_items SET kind = ? WHERE id = ?", [kind, item_id])
    talk = demo_db.execute("SELECT id FROM speeches WHERE event_id = ? AND kind = 'speech'",
                           [district.id]).fetchone()[0]
    demo_db.execute("UPDATE speeches SET delegate_id = NULL WHERE id = ?", [talk])  # an unassigned speech
    video = demo_db.execute("SELECT id FROM speeches WHERE event_id = ? AND kind = 'video'",
                            [district.id]).fetchone()[0]
    agenda_wording.attach(demo_db, video, next(i.id for i in svc.agenda(demo_db, district.id).items
                                                if i.kind == "closing"))
    for kind, fields in sw.SPEC.items():
        for fld, spec in fields.items():
            text = " ".join("{" + p + "}" for p in spec.placeholders) + " ."
            agenda_wording.set_wording(demo_db, district.id, kind, fld, text)
    with caplog.at_level("WARNING", logger="thidua_desktop.export.script_content"):
        doc = script_document(demo_db, district.id)
    assert not [r for r in caplog.records if "no value" in r.getMessage()]
    said = {line.text for b in doc.blocks for line in b.lines}
    assert len(said) > 20 and not any("{" in t for t in said)


def test_undoing_a_deleted_covenant_item_brings_back_its_units_and_videos(demo_db, district):
    item_id = svc.insert_item(demo_db, district.id, None, "covenant")
    units = [u.id for u in repository.units(demo_db)][2:5]
    agenda_wording.set_signing_units(demo_db, item_id, units)
    video = demo_db.execute("SELECT id FROM speeches WHERE event_id = ? AND kind = 'video'",
                            [district.id]).fetchone()[0]
    agenda_wording.attach(demo_db, video, item_id)
    row = svc.delete_item(demo_db, item_id)
    assert agenda_wording.signing_units(demo_db, item_id) == []
    assert demo_db.execute("SELECT agenda_item_id FROM speeches WHERE id = ?", [video]).fetchone()[0] is None
    svc.restore_item(demo_db, row)
    assert [u for u, _ in agenda_wording.signing_units(demo_db, item_id)] == units
    assert demo_db.execute("SELECT agenda_item_id FROM speeches WHERE id = ?", [video]).fetchone()[0] == item_id


def test_rules_name_a_covenant_without_units_and_a_directing_speech_not_given_by_the_level_above(demo_db, district):
    from thidua_desktop.services.rules import agenda_rules

    def rules():
        return {f.rule: f for f in agenda_rules.event_findings(demo_db, district.id, dt.date(2025, 6, 1))}

    assert "agenda.covenant_units" not in rules() and "agenda.directing" not in rules()
    item_id = svc.insert_item(demo_db, district.id, None, "covenant", presenter_text="Ban Tổ chức")
    assert rules()["agenda.covenant_units"].rows == (item_id,)
    agenda_wording.set_signing_units(demo_db, item_id, [repository.units(demo_db)[1].id])
    assert "agenda.covenant_units" not in rules()
    guidance = next(i for i in svc.agenda(demo_db, district.id).items if i.kind == "guidance")
    bi_thu = demo_db.execute("SELECT d.id FROM delegates d JOIN persons p ON p.id = d.person_id "
                             "WHERE d.event_id = ? AND p.position = 'Bí thư Huyện ủy'", [district.id]).fetchone()[0]
    svc.update_item(demo_db, guidance.id, presenter_delegate_id=bi_thu)
    assert "Điểu Đức Toàn" in rules()["agenda.directing"].message
    # Nobody chosen: the level above will speak, so nothing is missing.
    svc.update_item(demo_db, guidance.id, presenter_delegate_id=None)
    found = rules()
    assert "agenda.directing" not in found
    assert guidance.id not in (found["agenda.presenter"].rows if "agenda.presenter" in found else ())


_json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30),
              st.sampled_from(["{presenter}", "{ai}", "{", "Mời {award}"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from([*sw.SPEC, "call", "invite", "x"]), inner, max_size=3)),
    max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(block=_json_values)
def test_any_wording_block_loads_or_is_refused_with_a_sentence(block):
    data = copy.deepcopy(_HON_QUAN)
    data["script_wording"] = block
    try:
        parse_template(data)
    except TemplateError as exc:
        assert exc.message.startswith("Tệp mẫu") and "script_wording" in exc.message
    else:
        assert sw.problems(block) == []
        sw.resolve(block)  # what the script will say


_HON_QUAN = load_template("hon-quan-2025").data


def test_details_edited_reach_the_programme_and_the_script(demo_db, district, tmp_path):
    from thidua_desktop.services import event_details

    old = event_details.update(demo_db, district.id, {
        "venue": "Hội trường Huyện ủy Hớn Quản", "date": "20/06/2025", "start_time": "8h00",
        "plan_number": "301/KH-UBND", "plan_issued_on": "02/12/2024"})
    assert set(old) == {"venue", "date", "start_time", "plan_number", "plan_issued_on"}
    programme = _pdf_text(write_program_pdf(demo_db, district.id, tmp_path / "ct.pdf"))
    assert "Địa điểm: Hội trường Huyện ủy Hớn Quản" in programme
    assert "Thời gian: 08 giờ 00 phút, thứ Sáu, ngày 20 tháng 6 năm 2025" in programme
    script = _docx_text(write_script_docx(demo_db, district.id, tmp_path / "kb.docx"))
    assert "Thực hiện Kế hoạch số 301/KH-UBND ngày 02/12/2024" in script
    event_details.write(demo_db, district.id, old)
    assert repository.event(demo_db, district.id).venue.startswith("Hội trường Trung tâm Văn hóa")
