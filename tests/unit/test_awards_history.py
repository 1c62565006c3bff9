"""Award history: look-ups across plans and years, the already-honoured flag, merge and undo."""

from __future__ import annotations

import pytest

from thidua_desktop.errors import NotFoundError, ValidationError
from thidua_desktop.services import awards_forms as af
from thidua_desktop.services import awards_history as ah
from thidua_desktop.services import awards_service as svc


def _person(db, name="Trần Văn Mười", year=1975, former=""):
    return ah.find_or_add_awardee(db, "person", name, birth_year=year, former_unit=former)


def test_one_record_per_person_and_birth_year(memory_db):
    a = _person(memory_db)
    assert _person(memory_db, "  trần  văn MƯỜI ") == a  # folded, spaces cleaned
    assert _person(memory_db, year=1976) != a  # another birth year: another person
    assert _person(memory_db, former="xã Thanh Lương (cũ)") != a  # another former commune's record
    collective = ah.find_or_add_awardee(memory_db, "collective", "Hội Nông dân xã Tân Lợi")
    assert collective != a and ah.awardee(memory_db, collective).birth_year is None


def test_history_across_plans_and_years_and_the_flag(demo_db):
    rnd = svc.round_by_code(demo_db, "kt-2025")
    props = svc.proposals(demo_db, rnd)
    flags = ah.honoured_flags(demo_db, rnd, props)
    # Independently: whoever has a Giấy khen of the district before this round.
    expected = {p.id for p in props if demo_db.execute(
        "SELECT 1 FROM awards WHERE awardee_id = ? AND form_code = ? AND (round_id IS NULL OR round_id != ?)",
        [p.awardee_id, p.form_code, rnd.id]).fetchone()}
    assert flags and set(flags) == expected
    first = next(iter(flags))
    assert [a.year for a in flags[first]] == [2020]
    who = next(p for p in props if p.id == first)
    years = [a.year for a in ah.history(demo_db, who.awardee_id)]
    assert years == sorted(years) and 2020 in years and 2023 in years
    assert (2025 in years) == (who.state == "approved")
    # A proposal of someone never honoured carries no flag.
    assert all(ah.already_honoured(demo_db, p.awardee_id, p.form_code, rnd.id) == [] for p in props
               if p.id not in flags)


def test_merge_two_records_and_undo(demo_db):
    rnd = svc.round_by_code(demo_db, "kt-2025")
    person = [p for p in svc.proposals(demo_db, rnd) if p.kind == "person"][1]
    twins = ah.find(demo_db, person.name, birth_year=person.birth_year)
    assert len(twins) == 2  # the demo's second record, from a former commune
    kept, other = twins
    before_kept = ah.history(demo_db, kept.id)
    before_other = ah.history(demo_db, other.id)
    assert before_other and {a.id for a in before_kept}.isdisjoint(a.id for a in before_other)
    rows_before = demo_db.execute("SELECT COUNT(*) FROM awards").fetchone()[0]
    merge_id = ah.merge(demo_db, kept.id, other.id)
    merged = ah.history(demo_db, kept.id)
    assert {a.id for a in merged} == {a.id for a in before_kept + before_other}
    assert [a.year for a in merged] == sorted(a.year for a in merged)
    assert ah.history(demo_db, other.id) == merged  # either record shows the whole history
    assert [a.id for a in ah.find(demo_db, person.name, birth_year=person.birth_year)] == [kept.id]
    assert demo_db.execute("SELECT COUNT(*) FROM awards").fetchone()[0] == rows_before  # nothing lost
    # A new proposal for the merged record lands on the kept one.
    assert ah.find_or_add_awardee(demo_db, "person", person.name, birth_year=person.birth_year,
                                  former_unit=other.former_unit) == kept.id
    with pytest.raises(ValidationError):
        ah.merge(demo_db, kept.id, other.id)  # already merged
    ah.undo_merge(demo_db, merge_id)
    assert ah.history(demo_db, kept.id) == before_kept
    assert ah.history(demo_db, other.id) == before_other
    with pytest.raises(NotFoundError):
        ah.undo_merge(demo_db, merge_id)


def test_merge_chains_undo_in_reverse(memory_db):
    a, b, c = (_person(memory_db, former=f"xã {n}") for n in "ABC")
    for i, who in enumerate((a, b, c)):
        ah.add_award(memory_db, who, "Lao động tiên tiến", 2020 + i, form_code="ldtt")
    first = ah.merge(memory_db, b, c)  # c into b
    second = ah.merge(memory_db, a, b)  # b (holding c) into a
    assert [x.year for x in ah.history(memory_db, a)] == [2020, 2021, 2022]
    ah.undo_merge(memory_db, second)
    assert [x.year for x in ah.history(memory_db, a)] == [2020]
    assert [x.year for x in ah.history(memory_db, b)] == [2021, 2022]  # c is b's again
    ah.undo_merge(memory_db, first)
    assert [x.year for x in ah.history(memory_db, c)] == [2022]
    collective = ah.find_or_add_awardee(memory_db, "collective", "Tổ dân phố 3")
    with pytest.raises(ValidationError):
        ah.merge(memory_db, a, collective)


@pytest.mark.parametrize("years, met", [((2023, 2024), True), ((2024,), False), ((2022, 2023), False)])
def test_eligibility_from_consecutive_years(memory_db, years, met):
    sets, _ = af.read_award_forms(af.bundled_block())
    forms = af.in_effect(sets, af.dt.date(2025, 6, 1))
    who = _person(memory_db)
    for year in years:
        ah.add_award(memory_db, who, "Lao động tiên tiến", year, form_code="ldtt")
    result = {e.form_code: e for e in ah.eligibility(memory_db, who, forms, 2025)}
    assert "ttldtt" not in result  # a collective's form is not offered to a person
    bk = result["bk_tinh"]  # two consecutive years of ldtt (2023, 2024), and a round share
    assert (bk.met is not False) == met
    assert any("2 năm liên tục" in r for r in bk.reasons)
    assert result["cstd_cs"].met is not False if 2024 in years else result["cstd_cs"].met is False


def test_bench_generates_and_answers_at_a_small_size(capsys):
    """The benchmark's generator and look-ups work (its timings are for bench/, not for tests)."""
    from bench import bench_awards

    assert bench_awards.main(["--awards", "2000", "--reps", "2", "--no-window"]) in (0, 1)
    out = capsys.readouterr().out
    assert "2,000 awards added" in out and "awards_form_year" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "ms" not in line and "---" not in line]
    assert len(rows) == 10 and all(line.count("|") == 7 for line in rows)  # every look-up, ours beside bare
