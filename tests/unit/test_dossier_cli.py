"""`dossiers --json` and the dossier findings of `check`, on the demo."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from thidua_desktop.cli import main
from thidua_desktop.store.database import open_database
from thidua_desktop.templates.loader import load_template

CONTRACT_STATES = {"missing", "received", "needs_fix", "accepted", "late"}


def _json(capsys, *args) -> list[dict]:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def _commune_rows(rows: list[dict]) -> list[dict]:
    """The commune run's rows (the demo's reward round has its own run, tested in test_awards_dossier)."""
    from thidua_desktop.services.awards_dossier import TEMPLATE_NAME

    return [r for r in rows if not r["run"].startswith(TEMPLATE_NAME)]


def _demo_facts(path):
    """What the demo data says, read straight from the tables (not through the service)."""
    db = open_database(path, readonly=True)
    try:
        communes = {r[0]: r[1] for r in db.execute(
            "SELECT k.name || ' ' || u.name, e.id FROM events e JOIN units u ON u.id = e.unit_id "
            "JOIN unit_kinds k ON k.code = u.kind WHERE e.type_code = 'commune'")}
        sent = {name: db.execute(
            "SELECT count(*) FROM delegates WHERE event_id = ? AND promoted_to_id IS NOT NULL", [eid]
        ).fetchone()[0] for name, eid in communes.items()}
        results = {r[0]: r[1] for r in db.execute(
            "SELECT k.name || ' ' || u.name, mp.done_on FROM milestone_progress mp "
            "JOIN milestones m ON m.id = mp.milestone_id JOIN units u ON u.id = mp.unit_id "
            "JOIN unit_kinds k ON k.code = u.kind WHERE m.code = 'commune_results' AND mp.state = 'done'")}
    finally:
        db.close()
    return communes, sent, results


def test_demo_dossiers_json_has_a_run_for_each_commune(demo_path, capsys):
    rows = _commune_rows(_json(capsys, "dossiers", "--db", str(demo_path), "--json"))
    assert rows and all(set(r) >= {"run", "unit", "item", "state", "due", "received"} for r in rows)
    assert {r["state"] for r in rows} <= CONTRACT_STATES
    communes, sent, results = _demo_facts(demo_path)
    template = next(d for d in load_template("hon-quan-2025").data["dossiers"] if d["code"] == "commune_post_event")
    per_unit = [i["name"] for i in template["items"] if not i["per_delegate"]]
    per_delegate = next(i["name"] for i in template["items"] if i["per_delegate"])
    assert len(per_unit) == 5
    by_unit = defaultdict(list)
    for r in rows:
        by_unit[r["unit"]].append(r)
    assert set(by_unit) == set(communes)
    for unit, owed in by_unit.items():
        assert {r["run"] for r in owed} == {template["name"]}
        assert sorted(r["item"] for r in owed if r["item"] != per_delegate) == sorted(per_unit), unit
        reports = [r for r in owed if r["item"] == per_delegate]
        assert len(reports) == sent[unit] > 0
        assert len({r["delegate"] for r in reports}) == len(reports)
        assert {r["due"] for r in owed} == {"2025-04-10"}


def test_demo_states_follow_the_demo_story_and_late_ones_are_marked(demo_path, capsys):
    rows = _commune_rows(_json(capsys, "dossiers", "--db", str(demo_path), "--json"))
    communes, sent, results = _demo_facts(demo_path)
    late_units = {u for u, on in results.items() if on > "2025-04-10"}
    assert len(late_units) == 2  # the demo's two communes whose results came 14/4/2025
    for unit in communes:
        owed = [r for r in rows if r["unit"] == unit]
        states = {r["state"] for r in owed}
        if unit in late_units:
            assert "late" in states and states <= {"late", "needs_fix"}, unit
            assert all(r["received"] == results[unit] for r in owed)
        elif unit in results:
            assert "late" not in states and "missing" not in states, unit
            assert all(r["received"] == results[unit] for r in owed)
        else:  # results not sent: everything missing but maybe an early submission letter
            assert states <= {"missing", "received"} and "missing" in states, unit
            assert all(r["received"] in (None, "2025-04-08") for r in owed)


def test_late_marking_reaches_the_json(demo_path, capsys):
    rows = _json(capsys, "dossiers", "--db", str(demo_path), "--json")
    target = next(r for r in rows if r["state"] == "missing")
    db = open_database(demo_path)
    from thidua_desktop.services import dossier_service

    dossier_service.set_item_state(db, target["item_id"], "received", "2025-04-11")
    db.close()
    again = {r["item_id"]: r for r in _json(capsys, "dossiers", "--db", str(demo_path), "--json")}
    assert again[target["item_id"]]["state"] == "late"
    assert again[target["item_id"]]["received"] == "2025-04-11" and again[target["item_id"]]["late"] is True


def test_text_output_and_bad_date(demo_path, capsys):
    assert main(["dossiers", "--db", str(demo_path)]) == 0
    out = capsys.readouterr()
    assert "Chưa nộp" in out.out and "mục hồ sơ" in out.err
    assert main(["dossiers", "--db", str(demo_path), "--as-of", "10/04/2025"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_check_reports_dossiers_missing_past_due(demo_path, capsys):
    assert main(["check", "--db", str(demo_path), "--json", "--as-of", "2025-04-20"]) == 1
    findings = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("dossier.")]
    communes, sent, results = _demo_facts(demo_path)
    missing_units = set(communes) - set(results)
    overdue = [f for f in findings if f["rule"] == "dossier.missing_past_due" and f["severity"] == "error"]
    assert {next(u for u in communes if f["message"].startswith(u + " ")) for f in overdue} == missing_units
    assert all(f["event"].startswith("hn-") for f in findings)
    assert any(f["rule"] == "dossier.needs_fix" for f in findings)
    # Before the due date nothing is overdue; one event narrows the findings to its commune.
    assert main(["check", "--db", str(demo_path), "--json", "--as-of", "2025-04-05"]) in (0, 1)
    early = json.loads(capsys.readouterr().out)
    assert not [f for f in early if f["rule"] == "dossier.missing_past_due"]
    assert main(["check", "--db", str(demo_path), "--json", "--event", "hn-tan-loi",
                 "--as-of", dt.date(2025, 4, 20).isoformat()]) in (0, 1)
    narrowed = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("dossier.")]
    assert all(f["event"] == "hn-tan-loi" for f in narrowed)
