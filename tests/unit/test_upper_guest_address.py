"""A leader or guest entered under the host but working for a body above the event (a provincial
official at the district congress) gets their agency as the envelope and label address, not the
host's place; the host's own officials keep the delegation's place. Read back from the labels PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict

import pytest

from thidua_desktop.export import envelope_pdf
from thidua_desktop.export.event_day_export import export_event_document
from thidua_desktop.services import agenda_roles
from thidua_desktop.services.event_day_people import day_people
from thidua_desktop.store.database import open_database

MM = 72 / 25.4


@pytest.fixture
def congress(demo_path):
    db = open_database(demo_path)
    yield db, db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    db.close()


def _labels(path) -> list[list[str]]:
    """Every label's lines (words grouped by their baseline), page by page, spot by spot."""
    from reportlab.lib.pagesizes import A4

    w, h = envelope_pdf.LABEL_MM[0] * MM, envelope_pdf.LABEL_MM[1] * MM
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    labels = []
    for page in out.split("<page ")[1:]:
        words = [(float(a), float(b), wd) for a, b, wd in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', page)]
        for x, y in envelope_pdf.label_positions():
            left, top = x, A4[1] - y - h
            lines: dict[int, list[str]] = defaultdict(list)
            for wx, wy, word in words:
                if left <= wx < left + w and top <= wy < top + h:
                    lines[round(wy)].append(word)
            if lines:
                labels.append([" ".join(lines[k]) for k in sorted(lines)])
    return labels


def _host_officials(db, event_id):
    """(name, position, workplace) of the leaders and guests entered under the host."""
    return db.execute("SELECT p.full_name, p.position, p.workplace FROM delegates d "
                      "JOIN persons p ON p.id = d.person_id JOIN events e ON e.id = d.event_id "
                      "WHERE d.event_id = ? AND d.unit_id = e.unit_id AND d.category IN ('leader', 'guest')",
                      [event_id]).fetchall()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_provincial_officials_labels_carry_their_agency_and_district_officials_the_district(congress, tmp_path):
    db, event_id = congress
    upper = agenda_roles.upper_office(db, event_id)
    officials = _host_officials(db, event_id)
    provincial = [o for o in officials if upper(o[2], o[1])]
    district = [o for o in officials if not upper(o[2], o[1])]
    assert len(provincial) == 2 and all("Sở Nội vụ tỉnh Bình Phước" == o[2] for o in provincial)
    assert district
    path = export_event_document(db, event_id, "labels", tmp_path / "nhan.pdf")
    labels = _labels(path)
    by_name = {}
    for lines in labels:
        by_name.setdefault(lines[0], lines)
    for name, _position, workplace in provincial:
        lines = by_name[f"Đồng chí {name}"]
        assert lines[-1] == workplace and not any("Hớn Quản" in t for t in lines), lines
    for name, _position, _workplace in district:
        assert by_name[f"Đồng chí {name}"][-1] == "Huyện Hớn Quản"  # the delegation's place, as before


def test_the_rule_reads_the_office_not_the_unit(congress):
    db, event_id = congress
    host = db.execute("SELECT unit_id FROM events WHERE id = ?", [event_id]).fetchone()[0]
    person, delegate = db.execute(
        "SELECT d.person_id, d.id FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ? "
        "AND d.unit_id = ? AND d.category = 'guest' AND p.workplace LIKE '%Hớn Quản%' LIMIT 1",
        [event_id, host]).fetchone()
    def address():
        return next(p.address for p in day_people(db, event_id, [delegate]))
    assert address() == "Huyện Hớn Quản"
    with db.conn:
        db.conn.execute("UPDATE persons SET workplace = 'Báo Bình Phước, Sở Thông tin tỉnh' WHERE id = ?", [person])
    assert address() == "Báo Bình Phước, Sở Thông tin tỉnh"
    with db.conn:  # an exemplary delegate is not a leader or guest: the delegation's place stays
        db.conn.execute("UPDATE delegates SET category = 'exemplary' WHERE id = ?", [delegate])
    assert address() == "Huyện Hớn Quản"
    with db.conn:  # a guest with no workplace (only the position names the province): the place stays
        db.conn.execute("UPDATE delegates SET category = 'guest' WHERE id = ?", [delegate])
        db.conn.execute("UPDATE persons SET workplace = '', position = 'Phó Giám đốc Sở Nội vụ' WHERE id = ?",
                        [person])
    assert address() == "Huyện Hớn Quản"
