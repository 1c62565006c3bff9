"""`timeline` and the timeline findings of `check` on the demo, run as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )


def _timeline(demo_path, as_of):
    result = run_cli("timeline", "--db", str(demo_path), "--as-of", as_of, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all({"milestone", "unit", "due", "state"} <= set(r) for r in rows)
    assert {r["state"] for r in rows} <= {"done", "overdue", "due_soon", "open"}
    return rows


def _done_by(demo_db, code, as_of):
    """Units the demo data says finished `code` on or before `as_of` (straight from the table)."""
    return {r[0] for r in demo_db.execute(
        "SELECT k.name || ' ' || u.name FROM milestone_progress p JOIN milestones m ON m.id = p.milestone_id "
        "JOIN units u ON u.id = p.unit_id JOIN unit_kinds k ON k.code = u.kind "
        "WHERE m.code = ? AND p.state = 'done' AND p.done_on <= ?", [code, as_of])}


def test_timeline_on_5_march_2025(demo_path, demo_db):
    rows = _timeline(demo_path, "2025-03-05")
    pilot = [r for r in rows if r["code"] == "pilot_event"]
    assert [(r["unit"], r["state"], r["done_on"], r["due"]) for r in pilot] == [
        ("Xã Tân Lợi", "done", "2025-02-20", "2025-02-28")]
    conferences = {r["unit"]: r for r in rows if r["code"] == "commune_event"}
    assert len(conferences) == 13
    done = _done_by(demo_db, "commune_event", "2025-03-05")
    assert done == {"Thị trấn Tân Khai", "Xã Tân Lợi"}  # the pilot and the first one, on 4 March
    for unit, r in conferences.items():
        assert r["due"] == "2025-03-31"
        assert r["state"] == ("done" if unit in done else "open")  # 26 days ahead: not yet due soon
    (congress,) = [r for r in rows if r["code"] == "district_event"]
    assert (congress["unit"], congress["state"], congress["due"]) == ("Huyện Hớn Quản", "open", "2025-06-30")
    # The district congress on 18/6: its relative deadlines are computed from that date.
    video = next(r for r in rows if r["code"] == "video")
    assert video["due"] == "2025-06-03" and video["state"] == "open"


def test_timeline_on_15_april_2025(demo_path, demo_db):
    rows = _timeline(demo_path, "2025-04-15")
    results = {r["unit"]: r for r in rows if r["code"] == "commune_results"}
    assert len(results) == 13 and {r["due"] for r in results.values()} == {"2025-04-10"}
    received = _done_by(demo_db, "commune_results", "2025-04-15")
    overdue = {u for u, r in results.items() if r["state"] == "overdue"}
    assert overdue == set(results) - received
    assert overdue == {"Xã Minh Tâm", "Xã Tân Quan", "Xã Thanh Bình"}
    assert all(results[u]["days_late"] == 5 for u in overdue)
    # Received after 10/4 but before the 15th: done, late by four days.
    late = {u: r["days_late"] for u, r in results.items() if r["state"] == "done" and r["days_late"]}
    assert late == {"Xã Đồng Nơ": 4, "Xã Tân Hưng": 4}
    # The list made from the results is due ten days after them: within a week of the 15th.
    (delegates,) = [r for r in rows if r["code"] == "delegate_list"]
    assert (delegates["due"], delegates["state"], delegates["days_left"]) == ("2025-04-20", "due_soon", 5)


def test_timeline_text_output_and_default_date(demo_path):
    result = run_cli("timeline", "--db", str(demo_path), "--as-of", "2025-04-15")
    assert result.returncode == 0
    assert "QUÁ HẠN" in result.stdout and "Xã Minh Tâm" in result.stdout
    overdue = sum("QUÁ HẠN" in line for line in result.stdout.splitlines())
    assert f"Đến ngày 15/04/2025: {overdue} việc quá hạn" in result.stderr
    today = run_cli("timeline", "--db", str(demo_path), "--json")
    assert today.returncode == 0 and json.loads(today.stdout)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--as-of", "15/04/2025"], "YYYY-MM-DD"),
    (["--out", "tien-do.pdf"], ".xlsx"),
])
def test_timeline_bad_usage_exits_2(demo_path, tmp_path, args, fragment):
    args = [str(tmp_path / a) if a.endswith(".pdf") else a for a in args]
    result = run_cli("timeline", "--db", str(demo_path), *args)
    assert result.returncode == 2 and fragment in result.stderr


def test_timeline_missing_file_exits_2(tmp_path):
    result = run_cli("timeline", "--db", str(tmp_path / "none.sqlite"), "--json")
    assert result.returncode == 2 and "Không tìm thấy" in result.stderr


def test_check_reports_overdue_milestones(demo_path):
    result = run_cli("check", "--db", str(demo_path), "--as-of", "2025-04-15", "--json")
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "timeline.overdue"]
    results = [f for f in findings if "Gửi báo cáo kết quả" in f["message"]]
    assert sorted(f["event"] for f in results) == ["hn-minh-tam", "hn-tan-quan", "hn-thanh-binh"]
    assert all(f["severity"] == "error" and "quá hạn 5 ngày" in f["message"] for f in results)
    assert result.returncode == 1
    one = run_cli("check", "--db", str(demo_path), "--as-of", "2025-04-15", "--event", "hn-minh-tam", "--json")
    events = {f["event"] for f in json.loads(one.stdout) if f["rule"] == "timeline.overdue"}
    assert events == {"hn-minh-tam"}
