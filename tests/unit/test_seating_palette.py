"""Group colours: clearly distinct, text readable on each, and the printed legend never breaks a name."""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess

import pytest

from thidua_desktop.export.badge_pdf import PALETTE, ink, luminance, palette_colours
from thidua_desktop.export.seating_pdf import seating_plan, write_seating_pdf
from thidua_desktop.services import seating
from thidua_desktop.store.database import open_database


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of "#RRGGBB", written out here so the test does not trust the code it checks."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_every_two_colours_differ_clearly():
    assert len(set(PALETTE)) == len(PALETTE) == 24
    closest = min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(PALETTE, 2))
    assert closest >= 15  # the old palette had dark blues 6 apart


def test_text_on_each_colour_reads():
    for colour in PALETTE:
        lum, text = luminance(colour), luminance(ink(colour))
        ratio = (max(lum, text) + 0.05) / (min(lum, text) + 0.05)
        assert ratio >= 4.4, colour
    assert ink("#FFFFFF") == "#000000" and ink("#000000") == "#FFFFFF"


@pytest.mark.parametrize("count", [23, 24, 25])
def test_palette_repeats_only_past_its_end(count):
    colours = palette_colours([f"Đơn vị {n}" for n in range(count)])
    assert len(set(colours.values())) == min(count, 24)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_printed_legend_never_breaks_a_name(demo_path, tmp_path):
    db = open_database(demo_path)
    event_id = db.execute("SELECT id FROM events WHERE code = 'dh-hon-quan'").fetchone()[0]
    with db.conn:  # long delegation names, so the legend takes several lines
        db.conn.execute("UPDATE units SET name = name || ' thuộc huyện Hớn Quản tỉnh Bình Phước' "
                        "WHERE id IN (SELECT unit_id FROM delegates WHERE event_id = ?)", [event_id])
    seating.assign(db, event_id, "unit")
    plan = seating_plan(db, event_id)
    out = write_seating_pdf(plan, tmp_path / "sd.pdf")
    db.close()
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    legend = [line for line in text.splitlines() if "■" in line]
    assert len(legend) >= 3
    entries = {e.strip().lstrip("■").strip() for line in legend for e in line.split(";") if e.strip()}
    groups = {plan.group(p) for p in plan.people if p.row}
    assert entries == groups  # each whole on one line: a broken name would be two partial entries
