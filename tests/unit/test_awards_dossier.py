"""A round's supporting documents as items of the proposing units' dossier checklist (one system)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import awards_dossier as ad
from thidua_desktop.services import awards_service as svc
from thidua_desktop.services import dossier_service as ds
from thidua_desktop.services.dossier_matrix import build_matrix

RELEASE1 = Path(__file__).parents[1] / "data/previous_release/demo_release1.sqlite"


def _without_checklist(db):
    """The demo's round as before its documents were put on the checklist (no run, no template)."""
    rnd = svc.round_by_code(db, "kt-2025")
    ds.delete_run(db, ad.run_of(db, rnd.id))
    db.execute("DELETE FROM dossier_templates WHERE code = ?", [ad.TEMPLATE_CODE])
    return rnd


@pytest.fixture
def rnd(demo_db):
    return _without_checklist(demo_db)


def test_the_demo_round_has_its_documents_partly_received(demo_db):
    """The demo prepares the checklist: some papers arrived, some are owed, so the tab flags proposals."""
    rnd = svc.round_by_code(demo_db, "kt-2025")
    run_id = ad.run_of(demo_db, rnd.id)
    assert run_id is not None
    assert demo_db.execute("SELECT created_at FROM dossier_runs WHERE id = ?", [run_id]).fetchone()[0] \
        == "2025-05-12 08:00:00"  # the demo's clock, not today's
    units, live = _counts(demo_db, rnd.id)
    items = ds.items(demo_db, run_id=run_id)
    assert {i.unit_id for i in items} == units
    rejected = {r[0] for r in demo_db.execute(
        "SELECT id FROM award_proposals WHERE round_id = ? AND state = 'rejected'", [rnd.id])}
    reports = [i for i in items if i.proposal_id]
    # A rejected proposal's report stays only when something was recorded on it; unrecorded ones dropped off.
    assert rejected and all(i.state != "missing" for i in reports if i.proposal_id in rejected)
    assert len([i for i in reports if i.proposal_id not in rejected]) == len(live)
    states = {i.state for i in items}
    assert {"missing", "received", "accepted"} == states
    # Counted independently: a live proposal is flagged when its own report or a paper of its unit is owed.
    owed_units = {i.unit_id for i in items if not i.proposal_id and i.state in ("missing", "needs_fix")}
    owed_props = {i.proposal_id for i in items if i.proposal_id and i.state in ("missing", "needs_fix")}
    expected = {pid for pid, unit_id, state in demo_db.execute(
        "SELECT id, unit_id, state FROM award_proposals WHERE round_id = ?", [rnd.id])
        if state != "rejected" and (pid in owed_props or unit_id in owed_units)}
    missing = ad.outstanding(demo_db, rnd.id)
    assert set(missing) == expected and 0 < len(missing) < len(live)
    from thidua_desktop.gui.awards_dossier_step import summary

    assert summary(missing) == f"{len(missing)} đề nghị còn thiếu hồ sơ"


def _counts(db, round_id):
    """Units proposing, proposals not rejected: counted straight from the proposals."""
    rows = db.execute("SELECT unit_id, state FROM award_proposals WHERE round_id = ?", [round_id]).fetchall()
    return {u for u, _s in rows if u is not None}, [1 for _u, s in rows if s != "rejected"]


def _item(db, run_id, code, **where):
    return next(i for i in ds.items(db, run_id=run_id) if i.item_code == code
                and all(getattr(i, k) == v for k, v in where.items()))


def test_prepare_puts_every_document_on_the_proposing_units_checklist(demo_db, rnd):
    units, live = _counts(demo_db, rnd.id)
    run_id = ad.prepare(demo_db, rnd)
    run = ds.run(demo_db, run_id)
    assert run in ds.runs(demo_db, rnd.plan_id) and run.name == f"{ad.TEMPLATE_NAME} - {rnd.name}"
    items = ds.items(demo_db, run_id=run_id)
    per_unit = [i for i in items if not i.proposal_id]
    per_proposal = [i for i in items if i.proposal_id]
    assert {i.unit_id for i in per_unit} == units and len(per_unit) == 3 * len(units)
    assert len(per_proposal) == len(live) == len(items) - 3 * len(units)
    rejected = {r[0] for r in demo_db.execute("SELECT id FROM award_proposals WHERE state = 'rejected'")}
    assert rejected and not rejected & {i.proposal_id for i in per_proposal}
    first = per_proposal[0]
    name = demo_db.execute("SELECT a.name FROM award_proposals p JOIN awardees a ON a.id = p.awardee_id "
                           "WHERE p.id = ?", [first.proposal_id]).fetchone()[0]
    assert first.label == f"Báo cáo thành tích: {name}" and first.state == "missing"
    # The Hồ sơ tab's matrix: a column per document, the per-proposal one summed over the unit's proposals.
    columns = build_matrix(demo_db, run_id).columns
    assert [(c.name, c.total) for c in columns] == [(n, len(units)) for _c, n, p in ad.DOCUMENTS if not p] + \
        [("Báo cáo thành tích", len(live))]
    assert ad.prepare(demo_db, rnd) == run_id and len(ds.items(demo_db, run_id=run_id)) == len(items)


def test_items_follow_the_proposals(demo_db, rnd):
    run_id = ad.prepare(demo_db, rnd)
    before = len(ds.items(demo_db, run_id=run_id))
    unit_id = demo_db.execute("SELECT unit_id FROM award_proposals WHERE round_id = ? LIMIT 1", [rnd.id]).fetchone()[0]
    new = svc.add_proposal(demo_db, rnd, unit_id, "gk_huyen", kind="person", name="Trần Văn Mới", birth_year=1990)
    ds.sync_runs(demo_db)  # what any sync does (the Hồ sơ tab syncs after every awards step)
    assert len(ds.items(demo_db, run_id=run_id)) == before + 1
    assert _item(demo_db, run_id, "bao-cao-thanh-tich", proposal_id=new).awardee_name == "Trần Văn Mới"
    # Rejected with nothing recorded: the item goes; rejected after its report arrived: the record stays.
    svc.move(demo_db, [new], "reviewed")
    svc.move(demo_db, [new], "voted")
    svc.move(demo_db, [new], "rejected")
    ds.sync_runs(demo_db)
    assert len(ds.items(demo_db, run_id=run_id)) == before
    other = demo_db.execute("SELECT id FROM award_proposals WHERE round_id = ? AND state = 'approved' LIMIT 1",
                            [rnd.id]).fetchone()[0]
    kept = _item(demo_db, run_id, "bao-cao-thanh-tich", proposal_id=other)
    ds.set_item_state(demo_db, kept.id, "received", "2025-05-02")
    demo_db.execute("UPDATE award_proposals SET state = 'rejected' WHERE id = ?", [other])
    ds.sync_runs(demo_db)
    assert ds.item(demo_db, kept.id).state == "received"
    # A proposal deleted takes its items with it.
    demo_db.execute("DELETE FROM award_proposals WHERE id = ?", [other])
    assert not [i for i in ds.items(demo_db, run_id=run_id) if i.id == kept.id]


def test_a_unit_that_proposes_later_joins_the_run(demo_db, rnd):
    run_id = ad.prepare(demo_db, rnd)
    covered = {r[0] for r in demo_db.execute("SELECT unit_id FROM dossier_run_units WHERE run_id = ?", [run_id])}
    newcomer = demo_db.execute(f"SELECT id FROM units WHERE id NOT IN ({','.join('?' * len(covered))}) LIMIT 1",
                               list(covered)).fetchone()[0]
    svc.add_proposal(demo_db, rnd, newcomer, "gk_huyen", kind="collective", name="Tổ sản xuất số 1")
    ds.sync_runs(demo_db)  # any sync: no need to press Hồ sơ kèm theo again
    owed = [i.item_code for i in ds.items(demo_db, run_id=run_id, unit_id=newcomer)]
    assert sorted(owed) == sorted(code for code, _n, _p in ad.DOCUMENTS)
    units = [r[0] for r in demo_db.execute("SELECT unit_id FROM dossier_run_units WHERE run_id = ? "
                                           "ORDER BY position", [run_id])]
    assert units[-1] == newcomer and len(units) == len(covered) + 1  # last, and once
    ds.sync_runs(demo_db)
    assert len(ds.items(demo_db, run_id=run_id, unit_id=newcomer)) == len(owed)


def test_a_headless_import_is_owed_its_reports(demo_db, demo_path, rnd, tmp_path):
    import subprocess
    import sys

    import openpyxl

    run_id = ad.prepare(demo_db, rnd)
    demo_db.conn.commit()
    path = tmp_path / "de-nghi.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Hình thức khen thưởng", "Tóm tắt thành tích"])
    wb.active.append(["1", "Lê Thị Hoa Mới", "1985", "Nữ", "Giấy khen", "Dạy giỏi"])
    wb.save(path)
    done = subprocess.run([sys.executable, "-m", "thidua_desktop", "import-awards", "--db", str(demo_path),
                           "--round", "kt-2025", "--unit", "xã Tân Lợi", str(path)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    reports = [i for i in ds.items(demo_db, run_id=run_id) if i.awardee_name == "Lê Thị Hoa Mới"]
    assert [i.item_code for i in reports] == ["bao-cao-thanh-tich"]


def test_outstanding_flags_what_is_missing_before_the_council(demo_db, rnd):
    assert ad.outstanding(demo_db, rnd.id) == {}  # no run yet: nothing to flag
    run_id = ad.prepare(demo_db, rnd)
    _units, live = _counts(demo_db, rnd.id)
    missing = ad.outstanding(demo_db, rnd.id)
    assert len(missing) == len(live)
    pid = next(iter(missing))
    assert missing[pid] == ["Báo cáo thành tích", "Tờ trình đề nghị khen thưởng",
                            "Biên bản họp xét (bình xét) thi đua, khen thưởng", "Danh sách đề nghị khen thưởng"]
    unit_id = demo_db.execute("SELECT unit_id FROM award_proposals WHERE id = ?", [pid]).fetchone()[0]
    for item in ds.items(demo_db, run_id=run_id, unit_id=unit_id):
        if not item.proposal_id:
            ds.set_item_state(demo_db, item.id, "accepted", "2025-05-01")
    report = _item(demo_db, run_id, "bao-cao-thanh-tich", proposal_id=pid)
    ds.set_item_state(demo_db, report.id, "needs_fix", "2025-05-01", "Thiếu xác nhận của thủ trưởng")
    assert ad.outstanding(demo_db, rnd.id)[pid] == ["Báo cáo thành tích"]  # to be completed: still owed
    ds.set_item_state(demo_db, report.id, "received", "2025-05-03")
    assert pid not in ad.outstanding(demo_db, rnd.id)
    # Not required any more: not flagged.
    same_unit = [p for p in ad.outstanding(demo_db, rnd.id)
                 if demo_db.execute("SELECT unit_id FROM award_proposals WHERE id = ?", [p]).fetchone()[0] == unit_id]
    demo_db.execute("UPDATE dossier_template_items SET required = 0 WHERE code = 'bao-cao-thanh-tich'")
    assert not set(same_unit) & set(ad.outstanding(demo_db, rnd.id))


def test_refusals_write_nothing(demo_db):
    _without_checklist(demo_db)
    empty = svc.create_round(demo_db, "kt-trong", "Đợt trống", 2025, plan_id=1, meeting_date=dt.date(2025, 7, 2))
    loose = svc.create_round(demo_db, "kt-rieng", "Đợt riêng", 2025, meeting_date=dt.date(2025, 7, 2))
    runs = demo_db.execute("SELECT COUNT(*) FROM dossier_runs").fetchone()[0]
    with pytest.raises(ValidationError) as err:
        ad.prepare(demo_db, empty)
    assert "chưa có đề nghị" in err.value.message
    with pytest.raises(ValidationError) as err:
        ad.prepare(demo_db, loose)
    assert "chưa gắn với kế hoạch" in err.value.message
    assert demo_db.execute("SELECT COUNT(*) FROM dossier_runs").fetchone()[0] == runs
    assert not demo_db.execute("SELECT 1 FROM dossier_templates WHERE code = ?", [ad.TEMPLATE_CODE]).fetchone()


def test_migration_0019_on_a_first_release_file(tmp_path):
    from thidua_desktop.store.database import open_database

    path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, path)
    with sqlite3.connect(path) as raw:
        before = raw.execute("SELECT * FROM dossier_items ORDER BY id").fetchall()
        template_items = raw.execute("SELECT * FROM dossier_template_items ORDER BY id").fetchall()
    assert before  # the first release's demo has dossier items to carry
    db = open_database(path)
    try:
        after = [tuple(r) for r in db.execute("SELECT * FROM dossier_items ORDER BY id")]
        assert [a[:len(b)] for a, b in zip(after, before, strict=True)] == before
        assert {a[-1] for a in after} == {None}  # proposal_id: none of the old items belongs to a proposal
        old = [tuple(r) for r in db.execute("SELECT * FROM dossier_template_items ORDER BY id")]
        assert [a[:len(b)] for a, b in zip(old, template_items, strict=True)] == template_items
        assert {r[0] for r in db.execute("SELECT per_proposal FROM dossier_template_items")} == {0}
        # The one-item-per-key rule still holds for the old kind of item.
        first = db.execute("SELECT run_id, unit_id, template_item_id FROM dossier_items "
                           "WHERE delegate_id IS NULL LIMIT 1").fetchone()
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO dossier_items (run_id, unit_id, template_item_id) VALUES (?, ?, ?)", list(first))
        assert {r[0] for r in db.execute("SELECT award_round_id FROM dossier_runs")} == {None}
        # The old file's first use of the award forms copies the bundled sets with their notes.
        from thidua_desktop.services import awards_forms as af

        af.ensure_form_sets(db)
        notes = dict(db.execute("SELECT effective_from, meta FROM award_form_set_notes"))
        assert "mặc định" in notes["2024-01-01"] and "01/07/2025" in notes["2025-07-01"]
        assert af.stored_block(db)["sets"][0]["effective_from_basis"].startswith("mặc định")
    finally:
        db.close()


def test_the_matrix_column_and_the_json_name_the_proposal(demo_db, demo_path, rnd):
    import json
    import subprocess
    import sys

    run_id = ad.prepare(demo_db, rnd)
    demo_db.conn.commit()
    columns = build_matrix(demo_db, run_id).columns
    assert [c.per_proposal for c in columns] == [p for _c, _n, p in ad.DOCUMENTS]
    result = subprocess.run([sys.executable, "-m", "thidua_desktop", "dossiers", "--db", str(demo_path), "--json"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["run_id"] == run_id]
    reports = [r for r in rows if r["item_code"] == "bao-cao-thanh-tich"]
    names = {r[0] for r in demo_db.execute(
        "SELECT a.name FROM award_proposals p JOIN awardees a ON a.id = p.awardee_id "
        "WHERE p.round_id = ? AND p.state != 'rejected'", [rnd.id])}
    assert {r["awardee"] for r in reports} == names and all(r["delegate"] is None for r in reports)
    assert {r["awardee"] for r in rows if r["item_code"] != "bao-cao-thanh-tich"} == {None}


def test_check_warns_while_proposals_before_the_vote_lack_documents(demo_db, rnd):
    from thidua_desktop.services.rules import award_rules

    event_ids = [r[0] for r in demo_db.execute("SELECT id FROM events")]
    assert award_rules.run(demo_db, event_ids, dt.date(2025, 6, 1)) == []  # no checklist yet
    run_id = ad.prepare(demo_db, rnd)
    assert award_rules.run(demo_db, event_ids, dt.date(2025, 6, 1)) == []  # the demo's round is already voted
    ids = [r[0] for r in demo_db.execute("SELECT id FROM award_proposals WHERE round_id = ? ORDER BY position, id "
                                         "LIMIT 4", [rnd.id])]
    demo_db.execute(f"UPDATE award_proposals SET state = 'reviewed' WHERE id IN ({','.join('?' * len(ids))})", ids)
    found = award_rules.run(demo_db, event_ids, dt.date(2025, 6, 1))
    assert len(found) == 1 and found[0].severity == "warning" and set(found[0].rows) == set(ids)
    assert "4 đề nghị chưa bỏ phiếu còn thiếu" in found[0].message and "và 1 đề nghị khác" in found[0].message
    run_event = demo_db.execute("SELECT event_id FROM dossier_runs WHERE id = ?", [run_id]).fetchone()[0]
    assert award_rules.run(demo_db, [e for e in event_ids if e != run_event], dt.date(2025, 6, 1)) == []
    # At the edge: three owed are all named, nothing "more".
    demo_db.execute("UPDATE award_proposals SET state = 'voted' WHERE id = ?", [ids[3]])
    found = award_rules.run(demo_db, event_ids, dt.date(2025, 6, 1))
    assert "3 đề nghị chưa bỏ phiếu" in found[0].message and "khác" not in found[0].message
    assert found[0].message.count("Báo cáo thành tích") == 3
