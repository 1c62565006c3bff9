"""The Word roster's signature never sits alone on its last page: it is the table's last,
unsplittable row, so at least the total travels with it (checked in LibreOffice's layout)."""

from __future__ import annotations

import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.unit.roster_corpus import soffice
from thidua_desktop.export.roster_common import write_roster
from thidua_desktop.services import repository

# Commune rosters whose signature fell alone on page 3 when it was a table of its own,
# and the district congress (ten pages).
EVENTS = ("hn-an-phu", "hn-tan-khai", "hn-tan-loi", "dh-hon-quan")


def _export(demo_db, tmp_path, code):
    path = tmp_path / f"{code}.docx"
    write_roster(demo_db, repository.event_by_code(demo_db, code).id, path)
    return path


def test_the_signature_is_the_tables_last_row_and_the_rows_above_keep_with_it(demo_db, tmp_path):
    doc = Document(str(_export(demo_db, tmp_path, "hn-an-phu")))
    assert len(doc.tables) == 2  # the heading block, then the roster with its signature
    rows = doc.tables[1].rows
    last = rows[-1]
    assert "TRƯỞNG BAN" in "\n".join(c.text for c in last.cells)
    assert last._tr.trPr.find(qn("w:cantSplit")) is not None
    assert rows[-2].cells[0].text.startswith("Tổng cộng")
    for row in rows[-4:-1]:  # the last delegate, the subtotal and the total
        assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None
                   for c in row.cells for p in c.paragraphs)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_the_last_page_has_table_rows_as_well_as_the_signature(demo_db, tmp_path):
    # A longer label in the roster's note column, as the officer saw it happen.
    demo_db.execute("UPDATE delegates SET note = 'Thành viên Hội đồng Thi đua - Khen thưởng xã' WHERE id IN "
                    "(SELECT id FROM delegates WHERE event_id = ? LIMIT 6)",
                    [repository.event_by_code(demo_db, "hn-tan-loi").id])
    files = [_export(demo_db, tmp_path, code) for code in EVENTS]
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, files)], check=True, capture_output=True, timeout=300)
    for code in EVENTS:
        pdf = tmp_path / f"{code}.pdf"
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) >= 2, code
        last = pages[-1]
        assert "TRƯỞNG BAN" in last and "Tổng cộng:" in last, code
        assert "TRƯỞNG BAN" not in "".join(pages[:-1]), code
