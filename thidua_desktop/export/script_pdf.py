"""The run-of-show script as PDF: one row per paragraph so pages break inside long items.

The table goes to reportlab in chunks (program_pdf.grid_tables): a script with
hundreds of names stays linear to lay out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.export import state_format as sf
from thidua_desktop.export.program_content import HEADERS
from thidua_desktop.export.program_pdf import build_pdf, grid_tables, heading_flowables, para
from thidua_desktop.export.script_content import ScriptDoc, script_document

# time | the MC's words | who (mm, 165 usable)
WIDTHS_MM = (22, 99, 44)


def script_styles() -> dict:
    """Cell styles of the script: words, stage notes, names in a list, item titles."""
    from reportlab.lib.enums import TA_JUSTIFY

    s = sf.pdf_styles()
    say = s["cell"].clone("say", alignment=TA_JUSTIFY, spaceAfter=2)
    return {
        "title": s["cell"].clone("item_title", fontName=sf.pdf_fonts().bold),
        "say": say,
        "note": say.clone("note", fontName=sf.pdf_fonts().italic),
        "name": say.clone("name", leftIndent=10, firstLineIndent=-6, spaceAfter=0),
        "time": s["cell_center"], "who": s["cell_left"],
        "minutes": s["cell_center"].clone("minutes", fontName=sf.pdf_fonts().italic),
    }


def script_rows(doc: ScriptDoc) -> tuple[list[list], set[int]]:
    """Body rows of the table and the indexes where an item begins.

    The time, the duration and each presenter go one per row beside the
    words, so no row grows taller than its own paragraph.
    """
    st = script_styles()
    rows, starts = [], set()
    for block in doc.blocks:
        starts.add(len(rows))
        content = [para(block.title, st["title"])]
        for line in block.lines:
            text = f"({line.text})" if line.style == "note" else line.text
            content.append(para(f"- {text}" if line.style == "name" else text, st[line.style]))
        times = [para(block.time.split(" - ")[0], st["time"]), para(f"({block.minutes} phút)", st["minutes"])]
        who = [para(part, st["who"]) for part in block.presenter.split("; ")]
        for i in range(max(len(content), len(who), len(times))):
            rows.append([times[i] if i < len(times) else "", content[i] if i < len(content) else "",
                         who[i] if i < len(who) else ""])
    return rows, starts


def script_story(doc: ScriptDoc) -> list:
    """Flowables of the script."""
    from reportlab.lib.units import mm

    s = sf.pdf_styles()
    header = [para(h, s["cell_bold"]) for h in (HEADERS[0], "Nội dung, lời dẫn", HEADERS[2])]
    body, starts = script_rows(doc)
    story = heading_flowables(doc.letterhead, doc.heading, doc.event_name, doc.lines)
    return story + grid_tables(header, body, [w * mm for w in WIDTHS_MM], starts)


def write_script_pdf(db: Database, event_id: int, out: str | Path, date: dt.date | None = None) -> Path:
    """Write the run-of-show script of an event to `out` (.pdf)."""
    doc = script_document(db, event_id, date)
    return build_pdf(out, script_story(doc), f"Kịch bản điều hành {doc.event_name}")
