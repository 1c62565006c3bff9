"""The demo database and the foundation's headless commands, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from thidua_desktop.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m thidua_desktop ARGS` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "thidua_desktop", *args], capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )


def test_events_json_matches_seed_000(demo_path):
    result = run_cli("events", "--db", str(demo_path), "--json")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    communes = [e for e in events if e["level"] == "commune"]
    district = [e for e in events if e["level"] == "district"]
    assert len(communes) == 13
    assert len(district) == 1
    assert district[0]["name"] == "ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN HỚN QUẢN LẦN THỨ III (2025 – 2030)"
    assert district[0]["form"] == "congress" and district[0]["max_delegates"] == 300
    assert district[0]["date"] <= "2025-06-30"
    pilots = [e for e in communes if e["pilot"]]
    assert [p["unit"] for p in pilots] == ["Xã Tân Lợi"]
    assert pilots[0]["due"] == "2025-02-28" and pilots[0]["date"] <= "2025-02-28"
    for event in communes:
        assert event["max_delegates"] == 200
        assert event["date"] <= "2025-03-31"
        assert 0 < event["delegates"] <= 200
    assert set(events[0]) >= {"code", "name", "level", "form", "date", "max_delegates", "delegates"}


def test_demo_has_about_300_people_with_structure(demo_db):
    people = demo_db.execute("SELECT count(*) FROM persons").fetchone()[0]
    assert 270 <= people <= 340
    women = demo_db.execute("SELECT avg(sex = 'Nữ') FROM persons").fetchone()[0]
    minority = demo_db.execute("SELECT avg(ethnicity != 'Kinh') FROM persons").fetchone()[0]
    assert 0.3 < women < 0.55 and 0.08 < minority < 0.35
    district = demo_db.execute(
        "SELECT id FROM events WHERE type_code = 'district'").fetchone()[0]
    share = demo_db.execute(
        "SELECT avg(category = 'exemplary') FROM delegates WHERE event_id = ?", [district]).fetchone()[0]
    assert share >= 0.7
    presidium = demo_db.execute(
        "SELECT count(*) FROM delegates WHERE event_id = ? AND presidium = 1", [district]).fetchone()[0]
    assert 9 <= presidium <= 11


def test_demo_is_deterministic(tmp_path):
    from thidua_desktop.services.demo import build_demo

    dumps = []
    for name in ("a.sqlite", "b.sqlite"):
        path = build_demo(tmp_path / name)
        import sqlite3

        conn = sqlite3.connect(path)
        dumps.append("\n".join(line for line in conn.iterdump() if "_sqlite_migrations" not in line))
        conn.close()
    assert dumps[0] == dumps[1]
    assert "Tân Lợi" in dumps[0]


def test_demo_refuses_to_overwrite_without_force(demo_path, capsys):
    before = demo_path.read_bytes()
    assert main(["demo", "--db", str(demo_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert demo_path.read_bytes() == before
    assert main(["demo", "--db", str(demo_path), "--force"]) == 0


def test_templates_json(capsys):
    assert main(["templates", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ids = {r["id"]: r["source"] for r in rows}
    assert ids == {"hon-quan-2025": "000", "bim-son-2020": "001", "thai-nguyen-2025": "002",
                   "huong-khe-2025": "003", "xa-moi-dien-hinh-2026": "mặc định",
                   "tinh-dai-hoi-2026": "mặc định", "ke-hoach-trong": "mặc định"}
    assert all(set(r) == {"id", "name", "source"} for r in rows)


def test_init_from_template_with_units_file(tmp_path, capsys):
    units = tmp_path / "units.txt"
    units.write_text("Phường Tân Phú\nPhường Tân Đồng\nXã Tiến Hưng\n\nTiến Thành\n", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    code = main(["init", "--db", str(db), "--template", "hon-quan-2025", "--organiser", "Đồng Xoài",
                 "--units", str(units)])
    assert code == 0, capsys.readouterr().err
    assert main(["events", "--db", str(db), "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    names = [e["unit"] for e in events]
    assert names == ["Huyện Đồng Xoài", "Phường Tân Phú", "Phường Tân Đồng", "Xã Tiến Hưng", "Xã Tiến Thành"]
    assert events[0]["name"].startswith("ĐẠI HỘI THI ĐUA YÊU NƯỚC HUYỆN ĐỒNG XOÀI")


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["init", "--template", "khong-co", "--organiser", "X"], "Không có mẫu kế hoạch"),
        (["events"], "Không tìm thấy tệp dữ liệu"),
        (["restore", "nope.sqlite"], "Không tìm thấy"),
        (["screenshot", "--tab", "roster", "--out", "x.png", "--size", "big"], "Kích thước"),
    ],
)
def test_bad_usage_exits_2_with_a_sentence(tmp_path, capsys, argv, fragment):
    argv = [*argv[:1], "--db", str(tmp_path / "missing.sqlite"), *argv[1:]]
    if argv[0] == "screenshot":
        from thidua_desktop.services.demo import build_demo

        build_demo(tmp_path / "missing.sqlite")
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


def test_unknown_command_exits_2():
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "Lỗi cú pháp lệnh" in result.stderr


def test_backup_restore_commands(demo_path, tmp_path, capsys):
    out = tmp_path / "b.sqlite"
    assert main(["backup", "--db", str(demo_path), "--out", str(out)]) == 0
    assert main(["restore", "--db", str(demo_path), str(out)]) == 0
    assert "Bản cũ được giữ" in capsys.readouterr().err


def test_core_imports_without_pyside6():
    """Core code never imports Qt: import every non-GUI module with PySide6 blocked."""
    code = r"""
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 blocked")
sys.meta_path.insert(0, Block())
import thidua_desktop
count = 0
for info in pkgutil.walk_packages(thidua_desktop.__path__, "thidua_desktop."):
    if ".gui" in info.name or info.name.endswith("__main__") or info.name.endswith("commands.screenshot"):
        continue
    importlib.import_module(info.name)
    count += 1
assert "PySide6" not in sys.modules
print(count)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 15
