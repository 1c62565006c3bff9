"""The invitations' replies on a list (Excel, PDF), read back and measured; the CLI flag."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest
from conformance import Expect, check_pdf, check_xlsx

from thidua_desktop.errors import UserError
from thidua_desktop.export.invitation_replies import STATES, TOTAL, write_replies
from thidua_desktop.services import event_day
from thidua_desktop.store.database import open_database

SUBSTITUTE = "Lê Thị Thay"  # short: one line in its column, so pdftotext finds it whole
PATTERN = ("invited", "confirmed", "declined", "confirmed", "none", "invited", "confirmed")


@pytest.fixture
def replied(demo_path):
    """The congress with replies recorded: every state, one substitute, fixed reply times."""
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM delegates WHERE event_id = ? ORDER BY id", [event_id])]
    states = {}
    for i, did in enumerate(ids):
        state = "substitute" if i == 11 else PATTERN[i % len(PATTERN)]
        event_day.set_invitation(db, did, state, SUBSTITUTE if state == "substitute" else "",
                                 at=dt.datetime(2025, 6, 2 + i % 5, 8, i % 60))
        states[did] = state
    db.conn.commit()
    yield db, event_id, states
    db.close()


def _expected(db, states):
    """Counts per unit and state, computed straight from the tables (not through the writer)."""
    unit_of = dict(db.execute(
        "SELECT d.id, COALESCE(k.name || ' ' || u.name, '') FROM delegates d LEFT JOIN units u ON u.id = d.unit_id "
        "LEFT JOIN unit_kinds k ON k.code = u.kind"))
    return Counter((unit_of[d], s) for d, s in states.items())


def test_xlsx_lists_every_reply_and_the_figures_add_up(replied, tmp_path):
    db, event_id, states = replied
    out = write_replies(db, event_id, tmp_path / "tl.xlsx")
    assert check_xlsx(out, Expect(header_text="STT", signature="TRƯỞNG BAN", landscape=True)) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Danh sách trả lời", "Số liệu"]
    rows = [[c.value for c in r] for r in wb["Danh sách trả lời"].iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[head][:7] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Trả lời", "Người dự thay",
                              "Thời gian trả lời"]
    body = [r for r in rows[head + 1:] if isinstance(r[0], int)]
    assert [r[0] for r in body] == list(range(1, len(states) + 1))
    labels = Counter(r[4] for r in body)
    wanted = Counter(states.values())
    assert labels == {event_day.INVITATION_STATES[s]: n for s, n in wanted.items()}
    assert {"Chưa mời", "Đã mời", "Nhận lời", "Từ chối", "Cử người thay"} == set(labels)
    sub = [r for r in body if r[4] == "Cử người thay"]
    assert len(sub) == 1 and sub[0][5] == SUBSTITUTE
    assert all(not r[5] for r in body if r[4] != "Cử người thay")
    # A reply has its time (dd/mm/yyyy hh:mm); invited or not invited yet: none.
    replied_rows = [r for r in body if r[4] in ("Nhận lời", "Từ chối", "Cử người thay")]
    assert replied_rows and all(len(r[6]) == 16 and r[6][2] == "/" and r[6][10] == " " for r in replied_rows)
    assert all(r[6][6:10] == "2025" and "02" <= r[6][:2] <= "06" for r in replied_rows)
    assert all(not r[6] for r in body if r[4] in ("Đã mời", "Chưa mời"))

    figures = [[c.value for c in r] for r in wb["Số liệu"].iter_rows()]
    fhead = next(i for i, r in enumerate(figures) if r[0] == "STT")
    assert figures[fhead][:8] == ["STT", "Đơn vị", "Chưa mời", "Đã mời", "Nhận lời", "Từ chối", "Cử người thay",
                                  "Cộng"]
    units = [r for r in figures[fhead + 1:] if isinstance(r[0], int)]
    total = next(r for r in figures if r[1] == TOTAL)
    expected = _expected(db, states)
    for r in units:
        assert r[2:7] == [expected[(r[1], s)] for s in STATES], r[1]
        assert r[7] == sum(r[2:7])
    assert {r[1] for r in units} == {u for u, _s in expected}
    assert total[2:7] == [wanted[s] for s in STATES] and total[7] == len(states)


def test_pdf_reads_back_and_conforms(replied, tmp_path):
    db, event_id, states = replied
    out = write_replies(db, event_id, tmp_path / "tl.pdf")
    assert check_pdf(out, Expect(header_text="STT", signature="TRƯỞNG BAN", landscape=True)) == []
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "DANH SÁCH MỜI VÀ TRẢ LỜI GIẤY MỜI" in text and "SỐ LIỆU TRẢ LỜI GIẤY MỜI" in text
    assert SUBSTITUTE in text and "Cử người thay" in text
    total = next(line for line in text.splitlines() if TOTAL in line).split()
    wanted = Counter(states.values())
    assert [int(x) for x in total[-6:]] == [wanted[s] for s in STATES] + [len(states)]
    pages = text.split("\f")
    # The signature shares its page with the figures: it never stands alone.
    signed = next(p for p in pages if "TRƯỞNG BAN" in p)
    assert TOTAL in signed


def test_refusals_write_nothing(replied, tmp_path):
    db, event_id, _states = replied
    for name in ("tl.docx", "tl.csv", "tl"):
        with pytest.raises(UserError) as err:
            write_replies(db, event_id, tmp_path / name)
        assert ".xlsx hoặc .pdf" in err.value.message
        assert not (tmp_path / name).exists()
    with pytest.raises(UserError) as err:
        write_replies(db, event_id, tmp_path / "no-such-folder" / "tl.xlsx")
    assert "không tồn tại" in err.value.message
    empty = db.execute("SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM delegates) LIMIT 1").fetchone()
    if empty is None:
        db.execute("DELETE FROM delegates WHERE event_id = (SELECT id FROM events WHERE code = 'hn-tan-loi')")
        empty = db.execute("SELECT id FROM events WHERE code = 'hn-tan-loi'").fetchone()
    with pytest.raises(UserError) as err:
        write_replies(db, empty[0], tmp_path / "empty.xlsx")
    assert "chưa có đại biểu" in err.value.message and not (tmp_path / "empty.xlsx").exists()


def test_cli_export_event_replies(replied, demo_path, tmp_path):
    db, _event_id, states = replied
    db.conn.commit()
    for name in ("cli.xlsx", "cli.pdf"):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "thidua_desktop", "export-event", "--db", str(demo_path),
                               "--event", "dh-hon-quan", "--replies", "--out", str(out)],
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0 and "trả lời giấy mời" in done.stdout + done.stderr
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(tmp_path / "cli.xlsx")["Số liệu"].iter_rows()]
    assert next(r for r in rows if r[1] == TOTAL)[7] == len(states)
    bad = subprocess.run([sys.executable, "-m", "thidua_desktop", "export-event", "--db", str(demo_path),
                          "--event", "dh-hon-quan", "--replies", "--out", str(tmp_path / "x.docx")],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert bad.returncode == 2 and ".xlsx hoặc .pdf" in bad.stderr and not (tmp_path / "x.docx").exists()
