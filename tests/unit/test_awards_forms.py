"""Award forms as dated data, the council rule, and migration 0015 on old and new files."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from thidua_desktop.errors import ValidationError
from thidua_desktop.services import awards_forms as af
from thidua_desktop.services import awards_service as svc

RELEASE1 = Path(__file__).parents[1] / "data/previous_release/demo_release1.sqlite"
AWARD_TABLES = ("award_form_sets", "award_rounds", "awardees", "award_proposals", "award_ballots",
                "award_votes", "awards", "award_merges")


def test_bundled_sets_switch_decree_on_1_july_2025():
    sets, council = af.read_award_forms(af.bundled_block())
    assert [s.effective_from for s in sets] == [dt.date(2024, 1, 1), dt.date(2025, 7, 1)]
    before = af.in_effect(sets, dt.date(2025, 6, 30))
    after = af.in_effect(sets, dt.date(2025, 7, 1))
    assert "98/2023" in before.decree and "152/2025" in after.decree
    # The district's Giấy khen exists before the merger, the commune's after it.
    assert before.form("gk_huyen") and not before.form("gk_xa")
    assert after.form("gk_xa") and not after.form("gk_huyen")
    assert before.form("cstd_cs").authority.endswith("huyện")
    assert after.form("cstd_cs").authority.endswith("xã")
    assert council.threshold == 0.5 and council.strictly_more


def test_forms_carry_target_and_typed_conditions():
    sets, _ = af.read_award_forms(af.bundled_block())
    forms = sets[0]
    assert forms.form("ldtt").allows("person") and not forms.form("ldtt").allows("collective")
    assert forms.form("ttldxs").allows("collective") and not forms.form("ttldxs").allows("person")
    assert forms.form("gk_huyen").allows("person") and forms.form("gk_huyen").allows("collective")
    bk = forms.form("bk_tinh")
    years = next(c for c in bk.conditions if c.type == "consecutive_years")
    assert (years.form, years.years) == ("ldtt", 2)
    share = next(c for c in bk.conditions if c.type == "min_share")
    assert share.criterion == "direct_worker" and share.share == pytest.approx(0.35)
    assert "2 năm liên tục" in years.sentence(forms.names())
    assert "Lao động tiên tiến" in years.sentence(forms.names())


@pytest.mark.parametrize("mutate, words", [
    (lambda b: b["sets"][0]["forms"][0].update({"for": "everyone"}), "for"),
    (lambda b: b["sets"][0].update({"effective_from": "01/07/2025"}), "YYYY-MM-DD"),
    (lambda b: b["sets"][0]["forms"][1]["conditions"][0].update({"form": "khong_co"}), "khong_co"),
    (lambda b: b["sets"][0]["forms"].append(dict(b["sets"][0]["forms"][0])), "bị trùng"),
    (lambda b: b["council"].update({"threshold": 1.5}), "threshold"),
    (lambda b: b["sets"][1].update({"effective_from": b["sets"][0]["effective_from"]}), "cùng ngày"),
])
def test_a_bad_block_is_refused_with_a_sentence(mutate, words):
    block = copy.deepcopy(af.bundled_block())
    mutate(block)
    with pytest.raises(ValidationError) as err:
        af.read_award_forms(block)
    assert words in err.value.message


@pytest.mark.parametrize("threshold, strict, present, needed", [
    (0.5, True, 8, 5),    # more than half of 8: 5
    (0.5, True, 9, 5),    # 4.5 -> 5
    (0.5, False, 8, 4),   # at least half of 8: 4
    (2 / 3, False, 9, 6),
    (2 / 3, True, 9, 7),
])
def test_council_rule_at_its_edge(threshold, strict, present, needed):
    rule = af.CouncilRule(threshold, strict)
    assert rule.needed(present) == needed
    assert rule.passes(needed, present)
    assert not rule.passes(needed - 1, present)
    assert rule.passes(min(needed + 1, present), present)
    assert not rule.passes(0, 0)


def test_sets_are_copied_once_and_edited_with_validation(memory_db):
    sets, _ = af.form_sets(memory_db)
    assert memory_db.execute("SELECT COUNT(*) FROM award_form_sets").fetchone()[0] == len(sets) == 2
    af.form_sets(memory_db)  # a second read copies nothing again
    assert memory_db.execute("SELECT COUNT(*) FROM award_form_sets").fetchone()[0] == 2
    block = af.stored_block(memory_db)
    edited = copy.deepcopy(block["sets"][1])
    edited["forms"][0]["name"] = "Lao động tiên tiến (sửa)"
    assert af.save_form_set(memory_db, edited).form("ldtt").name == "Lao động tiên tiến (sửa)"
    bad = copy.deepcopy(edited)
    bad["forms"][0]["level"] = "galaxy"
    before = af.stored_block(memory_db)
    with pytest.raises(ValidationError):
        af.save_form_set(memory_db, bad)
    assert af.stored_block(memory_db) == before  # nothing written
    # A new set from a later date takes over from that date.
    later = copy.deepcopy(edited)
    later.update(effective_from="2027-01-01", decree="Nghị định mới")
    af.save_form_set(memory_db, later)
    sets, _ = af.form_sets(memory_db)
    assert af.in_effect(sets, dt.date(2027, 1, 1)).decree == "Nghị định mới"
    assert af.in_effect(sets, dt.date(2026, 12, 31)).decree.endswith("152/2025/NĐ-CP")


def test_round_takes_the_set_of_its_date(memory_db):
    before = svc.create_round(memory_db, "r1", "Đợt 1", 2025, meeting_date=dt.date(2025, 6, 30))
    after = svc.create_round(memory_db, "r2", "Đợt 2", 2025, meeting_date=dt.date(2025, 7, 1))
    assert svc.form_set_of(memory_db, before).form("gk_huyen")
    assert svc.form_set_of(memory_db, after).form("gk_xa")
    with pytest.raises(ValidationError) as err:
        svc.add_proposal(memory_db, after, None, "gk_huyen", kind="person", name="Nguyễn Văn A")
    assert "không có trong bộ" in err.value.message
    with pytest.raises(ValidationError) as err:
        svc.add_proposal(memory_db, after, None, "ldtt", kind="collective", name="Hội Nông dân")
    assert "không dành cho tập thể" in err.value.message
    assert memory_db.execute("SELECT COUNT(*) FROM award_proposals").fetchone()[0] == 0


def test_migration_0015_on_a_first_release_file(tmp_path):
    from thidua_desktop.store.database import open_database

    copy_path = tmp_path / "release1.sqlite"
    shutil.copyfile(RELEASE1, copy_path)
    with sqlite3.connect(copy_path) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        before = {t: raw.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    db = open_database(copy_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 15
        for table, rows in before.items():
            # Earlier migrations add columns at the end; every old value stays as it was.
            after = [tuple(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            assert [a[:len(b)] for a, b in zip(after, rows, strict=False)] == rows, table
        for table in AWARD_TABLES:
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
        # The old file takes a round and a proposal at once.
        plan = db.execute("SELECT id, organiser_id FROM plans").fetchone()
        rnd = svc.create_round(db, "kt", "Đợt khen thưởng", 2025, plan_id=plan[0], issuer_unit_id=plan[1],
                               council_members=7, meeting_date=dt.date(2025, 5, 1))
        svc.add_proposal(db, rnd, None, "gk_huyen", kind="person", name="Lê Văn Tám", birth_year=1980)
        assert [p.name for p in svc.proposals(db, rnd)] == ["Lê Văn Tám"]
    finally:
        db.close()


def test_migration_0015_on_a_file_of_current_main(tmp_path):
    """A file as `thidua-desktop demo` of main made it (schema 13, no award tables) gains 0015."""
    from thidua_desktop.services.demo import build_demo
    from thidua_desktop.store.database import open_database

    path = tmp_path / "main.sqlite"
    build_demo(path)
    with sqlite3.connect(path) as raw:
        for table in reversed(AWARD_TABLES):
            raw.execute(f"DROP TABLE {table}")
        raw.execute("DELETE FROM _sqlite_migrations WHERE name = '0015_awards'")
        raw.execute("PRAGMA user_version = 13")
        counts = {t: raw.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("units", "persons", "delegates", "events", "plans", "dossier_items")}
    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 15
        for table, count in counts.items():
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count
        assert db.execute("SELECT COUNT(*) FROM award_rounds").fetchone()[0] == 0
        from thidua_desktop.services.awards_demo import populate_awards

        rnd = populate_awards(db, 1, decide=False)
        assert db.execute("SELECT COUNT(DISTINCT unit_id) FROM award_proposals WHERE round_id = ?",
                          [rnd.id]).fetchone()[0] == 13
    finally:
        db.close()
