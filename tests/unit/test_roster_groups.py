"""The roster as officials print it: by delegation, protocol order, subtotals; and the CSV variants."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import docx
import openpyxl
import pytest
from conformance import Expect, check_docx, check_xlsx

from thidua_desktop.cli import main
from thidua_desktop.export import roster_common as rc
from thidua_desktop.services import roster_service as rs
from thidua_desktop.store.database import open_database

ROSTER = Expect(header_text="STT", signature="TRƯỞNG BAN")


def _event(db, code="dh-hon-quan") -> int:
    return db.execute("SELECT id FROM events WHERE code = ?", [code]).fetchone()[0]


def _attending(db, event_id):
    """(unit, plan category, sort key, name) of each attending delegate, straight from SQLite."""
    return db.execute(
        "SELECT COALESCE(k.name || ' ' || u.name, ''), COALESCE(NULLIF(d.category_code, ''), d.category), "
        "p.sort_key, p.full_name "
        "FROM delegates d JOIN persons p ON p.id = d.person_id LEFT JOIN units u ON u.id = d.unit_id "
        "LEFT JOIN unit_kinds k ON k.code = u.kind WHERE d.event_id = ? AND d.status != 'absent' "
        "ORDER BY p.sort_key, d.id", [event_id]).fetchall()


@pytest.mark.parametrize("code, rank", [("exemplary", 0), ("leader", 1), ("guest", 2), ("other", 3)])
def test_protocol_rank(code, rank):
    assert rc.protocol_rank(code) == rank


@pytest.mark.parametrize("number, text", [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")])
def test_roman(number, text):
    assert rc.roman(number) == text


def test_groups_follow_delegations_and_protocol_order(demo_db):
    event_id = _event(demo_db)
    doc = rc.roster_document(demo_db, event_id)
    rows = doc.print_rows()
    expected = _attending(demo_db, event_id)
    # The plan's categories in protocol order, read here from their own table.
    plan_order = tuple(r[0] for r in demo_db.execute(
        "SELECT c.code FROM delegate_categories c JOIN events e ON e.plan_id = c.plan_id WHERE e.id = ? "
        "ORDER BY c.protocol_order, c.code", [event_id]))
    assert doc.category_order == plan_order
    by_unit: dict[str, list] = {}
    for unit, category, key, name in expected:
        by_unit.setdefault(unit, []).append((rc.protocol_rank(category, plan_order), key, name))
    heads = [r for r in rows if r.kind == "group"]
    assert len(heads) == len(by_unit) > 1
    # Delegations in the plan's order: the host (the district) first.
    order = [name for _id, name in rc.event_units(demo_db, event_id)]
    units_printed = [re.sub(r"^[IVXLC]+\. ĐOÀN (.*): \d+ đại biểu$", r"\1", h.text) for h in heads]
    assert units_printed == [u.upper() for u in sorted(by_unit, key=order.index)]
    # Inside each delegation: protocol order, then name order; a subtotal closes it.
    index = 0
    numbers = []
    for head in heads:
        start = rows.index(head)
        unit = next(u for u in by_unit if f"ĐOÀN {u.upper()}:" in head.text)
        want = [name for _r, _k, name in sorted(by_unit[unit], key=lambda x: (x[0], x[1]))]
        lines = rows[start + 1:start + 1 + len(want)]
        assert [r.line.name for r in lines] == want
        assert head.text.endswith(f": {len(want)} đại biểu")
        subtotal = rows[start + 1 + len(want)]
        men = sum(1 for r in lines if r.line.sex == "Nam")
        women = sum(1 for r in lines if r.line.sex == "Nữ")
        assert subtotal.kind == "subtotal"
        assert subtotal.text == f"Cộng: {len(want)} đại biểu ({men} nam, {women} nữ)"
        numbers += [r.number for r in lines]
        index += len(want)
    assert numbers == list(range(1, len(expected) + 1))  # STT runs on across delegations
    assert rows[-1].kind == "total" and rows[-1].text.startswith(f"Tổng cộng: {len(expected)} đại biểu")


def test_by_name_is_one_list(demo_db):
    event_id = _event(demo_db)
    rows = rc.roster_document(demo_db, event_id, rc.ORDER_NAME).print_rows()
    assert [r.kind for r in rows] == ["line"] * (len(rows) - 1) + ["total"]
    assert [r.line.name for r in rows[:-1]] == [n for *_x, n in _attending(demo_db, event_id)]


def test_xlsx_and_docx_print_the_same_groups(demo_path, tmp_path):
    xlsx, word = tmp_path / "ds.xlsx", tmp_path / "ds.docx"
    for out in (xlsx, word):
        assert main(["export-roster", "--db", str(demo_path), "--event", "hn-tan-loi",
                     "--out", str(out)]) == 0
    db = open_database(demo_path, readonly=True)
    want = [r.text if r.kind != "line" else r.line.name
            for r in rc.roster_document(db, _event(db, "hn-tan-loi")).print_rows()]
    db.close()
    ws = openpyxl.load_workbook(xlsx).active
    head = next(r for r in range(1, 30) if ws.cell(row=r, column=1).value == "STT")
    got_x = [(row[1] if isinstance(row[0], int) else row[0])
             for row in ws.iter_rows(min_row=head + 2, max_row=head + 1 + len(want), values_only=True)]
    assert got_x == want
    table = next(t for t in docx.Document(str(word)).tables if t.rows[0].cells[0].text == "STT")
    # Rows after the two header rows; the last row is the signature (kept with the total).
    got_w = [(r.cells[1].text if r.cells[0].text.isdigit() else r.cells[0].text) for r in table.rows[2:-1]]
    assert got_w == want


def _grow_roster(path, count: int) -> None:
    """Add delegates to the district congress until it has `count` attending, spread over units."""
    db = open_database(path)
    try:
        event_id = _event(db)
        units = [u for u, _n in rc.event_units(db, event_id)]
        have = len(_attending(db, event_id))
        for i in range(count - have):
            rs.add_person_delegate(db, event_id, rs.PersonData(
                full_name=f"Nguyễn Văn Thêm {i:03d}", sex="Nam" if i % 3 else "Nữ", birth_year=1970 + i % 30,
                ethnicity="Kinh", position="Cán bộ", workplace="UBND xã", unit_id=units[i % len(units)]),
                rs.DelegateData(category=("exemplary", "leader", "guest")[i % 7 % 3],
                                unit_id=units[i % len(units)],
                                achievement="Chiến sĩ thi đua cơ sở năm 2024", status="confirmed"))
    finally:
        db.close()


def test_a_300_delegate_roster_conforms_in_excel_and_word(demo_path, tmp_path):
    _grow_roster(demo_path, 300)
    for suffix in (".xlsx", ".docx"):
        out = tmp_path / f"ds{suffix}"
        assert main(["export-roster", "--db", str(demo_path), "--event", "dh-hon-quan",
                     "--out", str(out)]) == 0
        problems = (check_xlsx if suffix == ".xlsx" else check_docx)(out, ROSTER)
        assert problems == []
    ws = openpyxl.load_workbook(tmp_path / "ds.xlsx").active
    assert sum(1 for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)) == 300


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler not installed")
def test_300_delegates_print_numbered_pages_without_a_blank_one(demo_path, tmp_path):
    """Word through LibreOffice: every page after the first numbered, the last one not empty."""
    _grow_roster(demo_path, 300)
    out = tmp_path / "ds.docx"
    assert main(["export-roster", "--db", str(demo_path), "--event", "dh-hon-quan", "--out", str(out)]) == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   capture_output=True, timeout=240, check=True,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ds.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) > 5
    assert not pages[0].strip().startswith("1")
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)
        assert "STT" in page  # the header rows repeated
    assert "TRƯỞNG BAN" in pages[-1] and "Tổng cộng: 300 đại biểu" in "".join(pages[-2:])


@pytest.mark.parametrize("option, delimiter", [(None, ","), ("--csv-excel", ";")])
def test_csv_variants_keep_the_contract_columns_and_bom(demo_path, tmp_path, option, delimiter):
    out = tmp_path / "ds.csv"
    args = ["export-roster", "--db", str(demo_path), "--event", "hn-tan-loi", "--out", str(out)]
    assert main(args + ([option] if option else [])) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    first = raw.decode("utf-8-sig").splitlines()[0]
    assert first.split(delimiter)[:10] == ["unit", "name", "sex", "birth_year", "ethnicity", "position",
                                           "workplace", "category", "achievement", "note"]
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    assert len({len(r) for r in rows}) == 1 and len(rows) > 10
    assert any("Tân Lợi" in cell for row in rows for cell in row)  # diacritics intact
